"""Determinism: the same command with the same seed writes the same bytes, whichever run,
backend, thread count (FXSIM_THREADS) or order of inputs and grid values. Only the fields that
name the backend (manifest "backend", results.csv "backend", the recorded command) differ, and
in an audit's metrics.json the forward times ("seconds") and the thread counts ("threads")."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from reliability_helpers import ROOT, invoke, tiny_llama

#: (backend, FXSIM_THREADS) combinations every output must agree across
RUNS = [("numpy", "1"), ("c", "1"), ("c", "2"), ("numba", "2")]


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def manifest_without_run_fields(data: bytes) -> dict:
    doc = json.loads(data)
    return {k: v for k, v in doc.items() if k not in ("backend", "command")}


def run_ok(*args) -> None:
    code, _, err = invoke(*args)
    assert code == 0, err


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("golden", [
    ["softmax", "--preset", "paper", "--random", "16", "--seed", "3", "--trace"],
    ["population", "--config", "examples/xylo_step.toml", "--trace"],
    ["divgroup", "--preset", "paper", "--random", "9", "--seed", "4", "--trace",
     "--formats", "hex,bin,h,npz"],
], ids=["softmax", "population", "divgroup"])
def test_golden_sets_are_byte_identical_across_runs_backends_and_threads(tmp_path, monkeypatch,
                                                                        golden):
    sets = []
    for k, (backend, threads) in enumerate(RUNS + RUNS[:1]):     # the first run twice
        monkeypatch.setenv("FXSIM_THREADS", threads)
        run_ok("golden", *golden, "--backend", backend, "--out", tmp_path / f"s{k}")
        sets.append(files(tmp_path / f"s{k}"))
    assert sets[0] == sets[-1]                                   # same command: every byte
    for other in sets[1:]:
        assert {k: v for k, v in other.items() if k != "manifest.json"} == \
            {k: v for k, v in sets[0].items() if k != "manifest.json"}
        assert manifest_without_run_fields(other["manifest.json"]) == \
            manifest_without_run_fields(sets[0]["manifest.json"])


def test_golden_set_does_not_depend_on_the_order_of_npz_inputs(tmp_path):
    numerator, denominator = np.array([[3, -40, 7]]), np.array([7, 13, 2])
    np.savez(tmp_path / "a.npz", numerator=numerator, denominator=denominator)
    np.savez(tmp_path / "b.npz", denominator=denominator, numerator=numerator)
    for name in ("a", "b"):
        run_ok("golden", "divgroup", "--preset", "paper", "--input", tmp_path / f"{name}.npz",
               "--out", tmp_path / name)
    first, second = files(tmp_path / "a"), files(tmp_path / "b")
    assert {k: v for k, v in first.items() if k != "manifest.json"} == \
        {k: v for k, v in second.items() if k != "manifest.json"}


def rows_by_values(path: Path, fields: list[str]) -> dict[tuple, dict]:
    """results.csv rows keyed by their swept values, without the point index and backend."""
    with open(path, newline="") as fh:
        return {tuple(r[f] for f in fields): {k: v for k, v in r.items()
                                              if k not in ("point", "backend")}
                for r in csv.DictReader(fh)}


def test_sweep_rows_are_identical_across_runs_backends_jobs_and_grid_order(tmp_path,
                                                                           monkeypatch):
    grid = ["--grid", "n=6,8,10", "--grid", "output_format.frac=5:6"]
    common = ["--rows", "32", "--d", "16", "--no-plots"]
    outs = {}
    for name, backend, jobs, threads, g in [
            ("a", "numpy", "1", "1", grid), ("again", "numpy", "1", "1", grid),
            ("c2", "c", "2", "2", grid),
            ("reordered", "numpy", "1", "1", ["--grid", "n=10,6,8", "--grid",
                                              "output_format.frac=5:6"])]:
        monkeypatch.setenv("FXSIM_THREADS", threads)
        run_ok("sweep", "softmax", *g, *common, "--backend", backend, "-j", jobs,
               "--out", tmp_path / name)
        outs[name] = tmp_path / name
    assert files(outs["a"]) == files(outs["again"])
    fields = ["n", "output_format.frac"]
    want = rows_by_values(outs["a"] / "results.csv", fields)
    assert len(want) == 6
    for name in ("c2", "reordered"):          # numba: the golden and run tests above
        assert rows_by_values(outs[name] / "results.csv", fields) == want, name


def test_run_outputs_are_byte_identical_and_backend_independent(tmp_path, monkeypatch):
    outs = []
    for k, (backend, threads) in enumerate(RUNS + RUNS[:1]):
        monkeypatch.setenv("FXSIM_THREADS", threads)
        run_ok("run", "softmax", "--rows", "8", "--d", "16", "--seed", "5", "--backend",
               backend, "--out", tmp_path / f"r{k}.npz")
        run_ok("run", "examples/fs_sigmoid.toml", "--record", "all", "--backend", backend,
               "--out", tmp_path / f"p{k}.npz")
        outs.append((tmp_path / f"r{k}.npz", tmp_path / f"p{k}.npz"))
    for first, last in zip(outs[0], outs[-1]):
        assert first.read_bytes() == last.read_bytes()
    for pair in outs[1:]:
        for mine, ref in zip(pair, outs[0]):
            with np.load(mine) as a, np.load(ref) as b:
                assert a.files == b.files
                for name in a.files:
                    if name != "meta_json":
                        assert np.array_equal(a[name], b[name]), name


def test_fit_files_are_byte_identical_for_one_seed(tmp_path):
    for name in ("a", "b"):
        run_ok("fit", "tanh", "--n", "1", "--restarts", "1", "--seed", "7",
               "--out", tmp_path / f"{name}.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_npz_outputs_do_not_record_the_time(tmp_path, monkeypatch):
    """np.savez stamps each member with the current time; fxsim's writer does not."""
    import time

    from fxsim.files.trace_npz import save_npz
    arrays = {"b": np.arange(3), "a": np.ones((2, 2))}
    save_npz(tmp_path / "now.npz", arrays)
    monkeypatch.setattr(time, "localtime", lambda *_: time.gmtime(2_000_000_000))
    save_npz(tmp_path / "later.npz", arrays)
    assert (tmp_path / "now.npz").read_bytes() == (tmp_path / "later.npz").read_bytes()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path]:
    pytest.importorskip("transformers")
    return tiny_llama(tmp_path_factory.mktemp("tiny"))


def metrics_without_run_fields(data: bytes, run_fields=("backend", "threads")) -> dict:
    """metrics.json without its timing ("seconds": wall-clock forward times) and the fields
    that name the run (the command; with ``run_fields``: the backend and thread counts)."""
    doc = json.loads(data)
    for name in ("seconds", "command", *run_fields):
        doc.pop(name, None)
    if "backend" in run_fields:
        doc["conversion"].pop("backend")
    return doc


@pytest.mark.parametrize("runs", [
    [("c", "1"), ("c", "2")],
    pytest.param(RUNS + RUNS[:1], marks=pytest.mark.slow)], ids=["c-threads", "all"])
def test_audit_metrics_are_identical_across_runs_backends_and_threads(tmp_path, monkeypatch,
                                                                      tiny, runs):
    """Quick: the c backend on 1 and 2 threads; slow: every backend, and one command twice
    (equal in every field but the time)."""
    model, text = tiny
    reports = []
    for k, (backend, threads) in enumerate(runs):
        monkeypatch.setenv("FXSIM_THREADS", threads)
        run_ok("audit", "--model", model, "--text", text, "--samples", "2", "--seed", "3",
               "--backend", backend, "--out", tmp_path / f"a{k}")
        reports.append((tmp_path / f"a{k}" / "metrics.json").read_bytes())
    if runs[-1] == runs[0]:                                      # same command: all but time
        assert metrics_without_run_fields(reports[0], ()) == \
            metrics_without_run_fields(reports[-1], ())
    want = metrics_without_run_fields(reports[0])
    assert want["layers"] and want["task_metrics"]
    for other in reports[1:]:
        assert metrics_without_run_fields(other) == want


def test_calibrated_config_and_sidecar_are_byte_identical_across_runs_and_threads(
        tmp_path, monkeypatch, tiny):
    """calibrate runs the model float (no fxsim kernel, no backend option): the config TOML
    and its .npz sidecar are the same bytes for any run and FXSIM_THREADS."""
    model, text = tiny
    pairs = []
    for k, threads in enumerate(("1", "2", "1")):
        monkeypatch.setenv("FXSIM_THREADS", threads)
        (tmp_path / f"r{k}").mkdir()
        out = tmp_path / f"r{k}" / "cal.toml"
        run_ok("calibrate", "--model", model, "--text", text, "--out", out)
        pairs.append((out.read_bytes(), out.with_suffix(".npz").read_bytes()))
    assert pairs[1] == pairs[0] and pairs[2] == pairs[0]
