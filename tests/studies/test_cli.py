"""The fxsim command: outputs, one-line errors with exit status 2, atomic writes, README = CI."""
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def fxsim(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "fxsim.cli", *args], cwd=cwd,
                          capture_output=True, text=True)


SYSTEM_PACKAGES = "apt-get update && apt-get install -y iverilog verilator yosys"   # RTL tools


def test_readme_setup_commands_are_what_ci_runs():
    """README's two set-up commands appear verbatim, in order, as .ci/run's commands, after the
    system-package line README also gives."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## Set-up.*?```\n(.*?)```", readme, re.S).group(1).strip().splitlines()
    ci = [line for line in (ROOT / ".ci/run").read_text().splitlines()
          if line and not line.startswith(("#", "set ", "cd ", "export "))]
    assert ci[0] == SYSTEM_PACKAGES and SYSTEM_PACKAGES in readme
    assert block == ci[1:]
    assert len(block) == 2 and "pytest" in block[1]


def test_run_example_prints_summary_and_writes_trace(tmp_path):
    out = tmp_path / "trace.npz"
    res = fxsim("run", "examples/fs_sigmoid.toml", "--backend", "c", "--record", "all",
                "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "n=33 T=12" in res.stdout and "overflow events: 0" in res.stdout
    with np.load(out) as data:
        assert data["record_spikes"].shape == (12, 33)
        assert data["acc"].shape == (33,)
        assert "fixed<24,8,RND_CONV,SAT>" in str(data["meta_json"])
    assert [p.name for p in tmp_path.iterdir()] == ["trace.npz"]   # no temporary left behind


def test_run_with_input_file(tmp_path):
    x = np.arange(-4, 4, dtype=np.int32) * 64
    np.save(tmp_path / "x.npy", np.tile(x, (16, 1)))
    res = fxsim("run", "examples/lif_current.toml", "--input", str(tmp_path / "x.npy"))
    assert res.returncode == 0, res.stderr


def test_info_lists_backends():
    res = fxsim("info")
    assert res.returncode == 0
    for word in ("RND_CONV", "SAT_SYM", "loihi1", "xylo", "fs_sigmoid", "numba"):
        assert word in res.stdout


BAD = [
    (["run", "missing.toml"], "config file not found"),
    (["run", "examples/fs_sigmoid.toml", "--backend", "gpu"], "unknown backend"),
    (["run", "examples/fs_sigmoid.toml", "--record", "w"], "cannot record 'w'"),
    (["run", "examples/fs_sigmoid.toml", "--on-overflow", "explode"], "on_overflow"),
    (["run", "examples/fs_sigmoid.toml", "--out", "/nonexistent/dir/t.npz"], "output directory"),
    (["run"], "Missing argument"),
    (["nosuchcommand"], "No such command"),
]


@pytest.mark.parametrize("args,message", BAD)
def test_user_errors_are_one_line(args, message):
    res = fxsim(*args)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("value", ["abc", "0", "-2", "1.5"])
def test_bad_fxsim_threads_is_one_line(value):
    env = {**os.environ, "FXSIM_THREADS": value}
    res = subprocess.run([sys.executable, "-m", "fxsim.cli", "run", "softmax", "--d", "4",
                          "--rows", "2", "--backend", "c"], cwd=ROOT, capture_output=True,
                         text=True, env=env)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip() == (f"fxsim: error: FXSIM_THREADS must be a positive integer, "
                                  f"got {value!r}")


@pytest.mark.parametrize("content,message", [
    ("[population\n", "malformed config file"),
    ("[preset]\nname = 'izhikevich'\nn = 3\n", "unknown preset"),
    ("[preset]\nname = 'fs'\nn = 3\nfs_set = 'nope'\n", "unknown FS parameter set"),
    ("[population]\nn = 2\nsteps = 2\nv_format = 'fixed<40,8>'\nacc_format = 'fixed<8,8>'\n"
     "threshold = 1\n", "width 40 outside"),
    ("[population]\nn = 2\nsteps = 2\nv_format = 'fixed<8,8,RND_UP>'\nacc_format = 'fixed<8,8>'\n"
     "threshold = 1\n", "unknown rounding mode"),
    ("[population]\nn = 2\nsteps = 2\nv_format = 'fixed<8;8>'\nacc_format = 'fixed<8,8>'\n"
     "threshold = 1\n", "malformed format string"),
    ("[population]\nn = 2\nsteps = 2\nv_format = 'fixed<8,8>'\nacc_format = 'fixed<8,8>'\n"
     "threshold = 1\ndecay_v = { kind = 'exp' }\n", "unknown decay kind"),
    ("[population]\nn = 2\nsteps = 3\nv_format = 'fixed<8,8>'\nacc_format = 'fixed<8,8>'\n"
     "threshold = [1, 2]\n", "needs length T=3"),
    ("[population]\nn = 2\nsteps = 2\nv_format = 'fixed<8,8>'\nacc_format = 'fixed<8,8>'\n"
     "threshold = 1\nwidth = 3\n", "[population]: unknown key 'width'"),
    ("[population]\nn = 2\nsteps = 2\nv_format = 'fixed<8,8>'\nacc_format = 'fixed<8,8>'\n",
     "missing 1 required positional argument: 'threshold'"),
    ("[population]\nn = 2\nsteps = 2\nv_format = 'fixed<8,8>'\nacc_format = 'fixed<8,8>'\n"
     "threshold = 1\ndecay_v = { kind = 'shift', shfit = 2 }\n",
     "[population] decay_v: unknown key 'shfit'"),
    ("[preset]\nname = 'fs'\nn = 3\n[inputs]\nlinspace = [0.0, 1.0]\n",
     "population config: unknown key 'inputs'"),
    ("[preset]\nname = 'fs'\nn = 3\n[input]\nlinspace = [0.0, 1.0]\nraw_values = [1]\n",
     "[input]: unknown key 'raw_values'"),
])
def test_bad_config_files(tmp_path, content, message):
    path = tmp_path / "c.toml"
    path.write_text(content)
    res = fxsim("run", str(path))
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1
    assert message in res.stderr, res.stderr


@pytest.mark.parametrize("array,message", [
    (np.zeros((3, 8), np.int32), "does not match"),
    (np.full((16, 8), 0.5), "raw integers"),
])
def test_bad_input_arrays(tmp_path, array, message):
    np.save(tmp_path / "x.npy", array)
    res = fxsim("run", "examples/lif_current.toml", "--input", str(tmp_path / "x.npy"))
    assert res.returncode == 2 and message in res.stderr, res.stderr


def test_failed_run_keeps_previous_output(tmp_path):
    """A run that fails after --out was named leaves the existing file untouched."""
    out = tmp_path / "trace.npz"
    out.write_bytes(b"previous")
    np.save(tmp_path / "x.npy", np.zeros((2, 2), np.int32))
    res = fxsim("run", "examples/lif_current.toml", "--input", str(tmp_path / "x.npy"),
                "--out", str(out))
    assert res.returncode == 2
    assert out.read_bytes() == b"previous"


def test_example_operator_config_is_the_paper_preset():
    """examples/silu_paper.toml (used in README) loads and equals ActivationConfig.paper()."""
    from fxsim.ops.nlspike.config import ActivationConfig
    assert ActivationConfig.from_toml(ROOT / "examples/silu_paper.toml") == ActivationConfig.paper()
