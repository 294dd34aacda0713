"""Regressions of defects a new user hit (each refused input is one line, exit status 2, and
leaves the output location untouched): every .npy / .npz dtype, Loihi's bias_mant range,
unknown TOML tables and keys in every config reader, outputs that cannot be written, and the
permissions of written files under the user's umask."""
from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from fxsim import presets
from fxsim.errors import FxError
from fxsim.files.inputs import load_array, load_arrays
from fxsim.population import simulate
from fxsim.vectors.cheader import read_header
from fxsim.vectors.npzfile import read_npz
from reliability_helpers import ROOT, assert_one_line_error, invoke, snapshot


class Boom:
    """Unpickling this would leave a marker file: .npy inputs must never be unpickled."""

    marker: Path

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def npy_with_header(path: Path, shape: str, descr: str = "<f8", body: bytes = b"") -> None:
    """A version 1.0 .npy whose header states ``shape`` (text) over ``body``."""
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}"
    header += " " * (63 - (len(header) + 10) % 64) + "\n"
    path.write_bytes(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little")
                     + header.encode() + body)


BAD_ARRAYS = {
    "str": (lambda p: np.save(p, np.array(["a", "b"])), "dtype <U1 is not numeric"),
    "bytes": (lambda p: np.save(p, np.array([b"ab"])), "dtype |S2 is not numeric"),
    "complex": (lambda p: np.save(p, np.array([1 + 2j])), "complex128 is not numeric"),
    "structured": (lambda p: np.save(p, np.zeros(2, [("a", "i4"), ("b", "f8")])),
                   "is not numeric"),
    "datetime": (lambda p: np.save(p, np.array(["2026-12-04"], "datetime64[D]")),
                 "datetime64[D] is not numeric"),
    "empty": (lambda p: np.save(p, np.zeros((0, 4))), "is empty"),
    "nan": (lambda p: np.save(p, np.array([[1.0, np.nan]])), "NaN or infinite"),
    "inf": (lambda p: np.save(p, np.array([[1.0, -np.inf]])), "NaN or infinite"),
    "huge shape": (lambda p: npy_with_header(p, "(1000000000000, 1000000000)"), "header promises shape"),
    "negative shape": (lambda p: npy_with_header(p, "(-3,)"), "cannot read"),
    "truncated": (lambda p: npy_with_header(p, "(4, 4)", body=b"\0" * 100),
                  "header promises shape (4, 4) (128 bytes), the file holds 100"),
    "not npy": (lambda p: p.write_bytes(b"hello"), "cannot read"),
    "npz": (lambda p: np.savez(p.open("wb"), x=np.ones(3)), "cannot read"),
}


@pytest.mark.parametrize("name", BAD_ARRAYS)
def test_operator_input_of_every_bad_kind_is_one_line(tmp_path, name):
    make, message = BAD_ARRAYS[name]
    path = tmp_path / "x.npy"
    make(path)
    before = snapshot(tmp_path)
    code, _, err = invoke("run", "softmax", "--input", path, "--out", tmp_path / "y.npz")
    assert message in assert_one_line_error(code, err)
    assert snapshot(tmp_path) == before


def test_object_arrays_are_never_unpickled(tmp_path):
    Boom.marker = tmp_path / "unpickled"
    path = tmp_path / "x.npy"
    np.save(path, np.array([Boom(), 1], dtype=object), allow_pickle=True)
    assert pickle.loads(pickle.dumps(Boom())) is None and Boom.marker.exists()   # it would
    Boom.marker.unlink()
    code, _, err = invoke("run", "softmax", "--input", path)
    assert "dtype object is not numeric" in assert_one_line_error(code, err)
    with pytest.raises(FxError):
        load_arrays(path)
    assert not Boom.marker.exists()


@pytest.mark.parametrize("array", [
    np.array([[True, False, True]]), np.array([[1.5, -2.0]], np.float16),
    np.array([[3, -7]], ">i2"), np.array([[2**40, 1]], np.uint64),
    np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.array([[0.25]], ">f8"),
], ids=["bool", "float16", "big-endian int16", "uint64", "fortran", "big-endian float64"])
def test_numeric_dtypes_read_as_their_values(tmp_path, array):
    path = tmp_path / "x.npy"
    np.save(path, array)
    got = load_array(path)
    assert got.dtype == array.dtype and np.array_equal(got, array)
    assert got.flags.c_contiguous


def test_npz_member_of_a_bad_dtype_is_one_line(tmp_path):
    path = tmp_path / "in.npz"
    np.savez_compressed(path, numerator=np.array([[3, 1]]), denominator=np.array(["x", "y"]))
    code, _, err = invoke("golden", "divgroup", "--preset", "paper", "--input", path,
                          "--out", tmp_path / "set")
    assert "[denominator]: dtype <U1 is not numeric" in assert_one_line_error(code, err)
    assert not (tmp_path / "set").exists()


def test_sweep_workload_of_strings_is_one_line(tmp_path):
    np.save(tmp_path / "w.npy", np.array(["1.0"]))
    code, _, err = invoke("sweep", "silu", "--grid", "n=4", "--workload", tmp_path / "w.npy",
                          "--out", tmp_path / "sw")
    assert "is not numeric" in assert_one_line_error(code, err)
    assert not (tmp_path / "sw").exists()


# ---- Loihi bias_mant: a signed 13-bit value, -2**12 .. 2**12 - 1 = -4096 .. 4095 ------------
def test_loihi1_takes_the_whole_signed_13_bit_bias_range():
    # one step, no input, du = dv = 0: v = bias_mant; vth = 10 -> threshold 10 << 6 = 640
    low = simulate(presets.loihi1(1, 1, bias_mant=-4096), np.zeros((1, 1), np.int64))
    assert low.v.tolist() == [-4096] and low.spike_count.tolist() == [0]
    high = simulate(presets.loihi1(1, 1, bias_mant=4095), np.zeros((1, 1), np.int64))
    assert high.v.tolist() == [0] and high.spike_count.tolist() == [1]   # 4095 > 640, reset 0
    for outside in (-4097, 4096, [0, 4096]):
        with pytest.raises(FxError, match=r"signed 13-bit value \(-4096\.\.4095\)"):
            presets.loihi1(2, 1, bias_mant=outside)


# ---- unknown tables and keys: an error in every reader of a TOML file ----------------------
TOML_READERS = [
    (["run", "{toml}"], "[preset]\nname = 'fs'\nn = 3\n[inputs]\nlinspace = [0.0, 1.0]\n",
     "population config: unknown key 'inputs'"),
    (["run", "{toml}"], "[preset]\nname = 'fs'\nn = 3\nfs_sett = 'fs_gelu'\n",
     "unexpected keyword argument 'fs_sett'"),
    (["run", "silu", "--config", "{toml}"], "[activation]\nK = 64\nKK = 3\n",
     "ActivationConfig: unknown key 'KK'"),
    (["run", "silu", "--config", "{toml}"], "[activation]\nK = 64\n[actvation]\n",
     "unknown key 'actvation'"),
    (["run", "silu", "--config", "{toml}"],
     "[activation]\noutput_format = {signed = true, width = 16, frac = 8, sat = 1}\n",
     "output_format: unknown key 'sat'"),
    (["sweep", "silu", "--grid", "n=4", "--config", "{toml}", "--out", "{out}"],
     "[activation]\nK = 64\n[norm]\n", "unknown key 'norm'"),
    (["golden", "divgroup", "--config", "{toml}", "--random", "--seed", "1", "--out", "{out}"],
     "[divgroup]\nn = 8\nTT = 4\n", "DivGroupConfig: unknown key 'TT'"),
    (["golden", "divgroup", "--config", "{toml}", "--random", "--seed", "1", "--out", "{out}"],
     "[divgroup]\nn = 8\n[divgrp]\n", "one [divgroup] table"),
    (["golden", "population", "--config", "{toml}", "--out", "{out}"],
     "[preset]\nname = 'fs'\nn = 3\n[input]\nlinspace = [0.0, 1.0]\nlinspaced = [1]\n",
     "[input]: unknown key 'linspaced'"),
    (["golden", "softmax", "--config", "{toml}", "--random", "--seed", "1", "--out", "{out}"],
     "[softmax]\nn = 8\ntemperature = 1.0\n", "SoftmaxConfig: unknown key 'temperature'"),
]


@pytest.mark.parametrize("args,content,message", TOML_READERS)
def test_an_unknown_toml_table_or_key_is_an_error_in_every_reader(tmp_path, args, content,
                                                                  message):
    (tmp_path / "c.toml").write_text(content)
    before = snapshot(tmp_path)
    code, _, err = invoke(*[a.format(toml=tmp_path / "c.toml", out=tmp_path / "out")
                            for a in args])
    assert message in assert_one_line_error(code, err)
    assert snapshot(tmp_path) == before


def test_the_audit_config_reader_refuses_unknown_tables_and_keys(tmp_path):
    audit = pytest.importorskip("fxsim.audit")
    for content, message in (("[softmax]\nn = 11\nnn = 3\n", "unknown key 'nn'"),
                             ("[softmax]\nn = 11\n[sotfmax]\n", "sotfmax match no audited op")):
        (tmp_path / "a.toml").write_text(content)
        with pytest.raises(FxError, match=message):
            audit.load_configs(str(tmp_path / "a.toml"), ("softmax",), "nlspike")


# ---- outputs that cannot be written: checked before the work, one line -------------------
WRITERS = {
    "golden": ["golden", "pwl_exp", "--preset", "paper", "--random", "--seed", "1", "--out"],
    "run --out": ["run", "softmax", "--rows", "2", "--d", "4", "--out"],
    "run population --out": ["run", "examples/fs_sigmoid.toml", "--out"],
    "sweep": ["sweep", "silu", "--grid", "n=4", "--rows", "4", "--no-plots", "--out"],
    "fit": ["fit", "gelu", "--n", "2", "--restarts", "1", "--out"],
    "bench --json": ["bench", "--n", "8", "--steps", "2", "--repeats", "1", "--json"],
}
PLACES = {"in /proc": lambda tmp: Path("/proc/fxsim-out"),
          "under a file": lambda tmp: tmp / "file" / "out",
          "parent missing": lambda tmp: tmp / "missing" / "out"}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("command", WRITERS)
def test_an_output_that_cannot_be_written_is_one_line(tmp_path, monkeypatch, command, place):
    monkeypatch.chdir(ROOT)
    (tmp_path / "file").write_text("a file, not a directory")
    before = snapshot(tmp_path)
    code, _, err = invoke(*WRITERS[command], PLACES[place](tmp_path))
    assert_one_line_error(code, err)
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_directory_is_one_line(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    code, _, err = invoke(*WRITERS["golden"], ro / "set")
    assert "cannot write to" in assert_one_line_error(code, err)


def test_a_directory_given_for_a_file_or_a_file_for_a_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    (tmp_path / "f").write_text("x")
    for args in (WRITERS["golden"] + [tmp_path / "f", "--force"],
                 WRITERS["fit"] + [tmp_path], WRITERS["sweep"] + [tmp_path / "f"]):
        assert_one_line_error(*invoke(*args)[::2])
    assert (tmp_path / "f").read_text() == "x"


# ---- written files carry the user's umask, not the temporaries' owner-only mode -----------
def modes(root: Path) -> set[tuple[str, int]]:
    return {("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode))
            for p in [root, *root.rglob("*")]}


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_outputs_get_the_modes_of_the_umask(tmp_path, monkeypatch, mask):
    monkeypatch.chdir(ROOT)
    old = os.umask(mask)
    try:
        runs = [invoke(*WRITERS["golden"], tmp_path / "set"),
                invoke(*WRITERS["run --out"], tmp_path / "trace.npz"),
                invoke(*WRITERS["sweep"], tmp_path / "sweep")]
    finally:
        os.umask(old)
    assert [r[0] for r in runs] == [0, 0, 0], runs
    file_mode, dir_mode = 0o666 & ~mask, 0o777 & ~mask
    assert modes(tmp_path / "set") == {("dir", dir_mode), ("file", file_mode)}
    assert stat.S_IMODE((tmp_path / "trace.npz").stat().st_mode) == file_mode
    assert modes(tmp_path / "sweep") == {("dir", dir_mode), ("file", file_mode)}


# ---- defects the fuzzers found (tests/reliability/test_fuzz_*.py): each now one FxError ----
def edit_manifest(edit):
    def damage(d: Path) -> None:
        doc = json.loads((d / "manifest.json").read_text())
        edit(doc)
        (d / "manifest.json").write_text(json.dumps(doc))
    return damage


@pytest.mark.parametrize("reader,content,message", [
    (read_header, b"\x80", "cannot read"),
    (read_header, b"#define OUTPUT_LEN 1\nstatic const int32_t output[1] = { 1x };\n",
     "not a 64-bit integer"),
    (read_npz, b"", "cannot read"),
    (read_npz, b"PK\x03\x04", "cannot read"),
], ids=["h not UTF-8", "h token no integer", "npz empty", "npz zip header only"])
def test_damaged_vector_files_found_by_the_fuzzers_are_one_fxerror(tmp_path, reader, content,
                                                                  message):
    (tmp_path / "f").write_bytes(content)
    with pytest.raises(FxError, match=message):
        reader(tmp_path / "f")


FUZZ_FINDINGS = {
    "manifest a list": (lambda d: (d / "manifest.json").write_text("[1]"), "not a JSON object"),
    "manifest version None": (edit_manifest(lambda m: m.update(format_version=None)),
                              "does not match its schema"),
    "manifest hash missing": (edit_manifest(lambda m: m["arrays"][0]["sha256"].pop("h")),
                              "sha256 mismatch"),
    "manifest array without files": (edit_manifest(lambda m: m["arrays"][0].update(files={})),
                                     "names no file"),
}


@pytest.mark.parametrize("name", FUZZ_FINDINGS)
def test_damaged_sets_found_by_the_fuzzers_are_one_line(tmp_path, name):
    damage, message = FUZZ_FINDINGS[name]
    d = tmp_path / "set"
    shutil.copytree(ROOT / "golden" / "divgroup_t4", d)
    damage(d)
    code, _, err = invoke("verify", d)
    assert message in assert_one_line_error(code, err)


def test_npy_header_that_does_not_tokenize_is_one_line(tmp_path):
    npy_with_header(tmp_path / "x.npy", "(2,")                   # an unclosed tuple
    with pytest.raises(FxError, match="cannot read"):
        load_array(tmp_path / "x.npy")


@pytest.mark.parametrize("content,message", [
    ("[population]\nn = ''\nsteps = 2\nv_format = 'fixed<8,8>'\nacc_format = 'fixed<8,8>'\n"
     "threshold = 1\n", "[population]: invalid literal"),
    ("[population]\nn = 2\nsteps = 2\nv_format = 'fixed<8,8>'\nacc_format = 'fixed<8,8>'\n"
     "threshold = [[1], [2, 3]]\n", "[population] threshold"),
    ("[preset]\nname = 'fs'\nn = 3\n[input]\nlinspace = []\n", "linspace must be [low, high]"),
    ("[preset]\nname = 'fs'\nn = 3\n[input]\nraw = {}\n", "[input] raw"),
    ("[preset]\nname = 'xylo'\nn = 'x'\nsteps = 2\n", "[preset] xylo"),
])
def test_population_values_of_the_wrong_type_are_one_line(tmp_path, content, message):
    (tmp_path / "c.toml").write_text(content)
    code, _, err = invoke("run", tmp_path / "c.toml")
    assert message in assert_one_line_error(code, err)


def test_ctrl_c_after_the_command_finished_keeps_exit_status_zero():
    """CI caught `fxsim fit` killed by SIGINT (status -2) after it had written its file: a Ctrl-C
    between the command's return and the interpreter's exit must not turn a whole run into a
    killed one."""
    script = ("import os, signal, time\n"
              "from fxsim.cli import main\n"
              "main(['info'])\n"
              "os.kill(os.getpid(), signal.SIGINT)\n"
              "time.sleep(0.2)\n")
    res = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 0, (res.returncode, res.stderr)
    assert "Traceback" not in res.stderr
