"""CLI reach of the P2 / FS features: check --table-x / --fs, fit, run --method mbe|fs."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from fxsim.floatref.workloads import TABLE_X_PAPER
from fxsim.presets import fs_parameter_sets


def fxsim(*args):
    return subprocess.run([sys.executable, "-m", "fxsim.cli", *args], capture_output=True,
                          text=True)


def test_check_table_x_prints_every_function_beside_the_paper():
    out = fxsim("check", "--table-x")
    assert out.returncode == 0, out.stderr
    assert "N=8 no decay" in out.stdout
    assert out.stdout.count("\n| ") == 1 + len(TABLE_X_PAPER)
    assert "/ 4.4e-05" in out.stdout and "/ 2.3e-04" in out.stdout


def test_check_fs_prints_every_set():
    out = fxsim("check", "--fs")
    assert out.returncode == 0, out.stderr
    for name in fs_parameter_sets()["sets"]:
        assert f"| {name} |" in out.stdout


def test_fit_writes_a_usable_parameter_file(tmp_path):
    pytest.importorskip("scipy")
    path = tmp_path / "mine.json"
    out = fxsim("fit", "exp2", "--n", "2", "--restarts", "1", "--name", "my_exp2", "--out",
                str(path))
    assert out.returncode == 0, out.stderr
    doc = json.loads(path.read_text())
    assert doc["params_version"] == 1 and doc["fits"]["my_exp2"]["N"] == 2
    from fxsim import Format, quantize
    from fxsim.primitives.mbe import MbeConfig, load_fits, mbe_neuron
    assert load_fits(path) == ["my_exp2"]
    fmt = Format.parse("fixed<32,8,RND_CONV,SAT>")
    x = np.linspace(0, 0.99, 100)
    y = mbe_neuron(quantize(x, fmt), fmt, MbeConfig(fit="my_exp2")).to_float()
    assert np.abs(y - 2 ** x).max() < 0.05


@pytest.mark.parametrize("args,message", [
    (("fit", "exp2", "--domain", "1", "--out", "x.json"), "--domain must be lo,hi"),
    (("fit", "nope", "--out", "x.json"), "unknown fit target"),
    (("fit", "exp2", "--out", "/no/such/dir/x.json"), "output directory does not exist"),
    (("check", "--table-x", "softmax"), "take no OPERATOR"),
    (("run", "rmsnorm", "--method", "fs"), "unknown method 'fs' for rmsnorm")])
def test_user_mistakes_are_one_line(args, message):
    out = fxsim(*args)
    assert out.returncode == 2
    assert message in out.stderr and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


@pytest.mark.parametrize("op,method", [("softmax", "mbe"), ("layernorm", "mbe"),
                                       ("gelu", "fs"), ("rsqrt", "mbe")])
def test_run_operator(op, method):
    out = fxsim("run", op, "--method", method, "--rows", "4", "--d", "8")
    assert out.returncode == 0, out.stderr
    assert f"{op} ({method})" in out.stdout
