"""Kill safety: `fxsim golden`, `fxsim sweep -j 2`, `fxsim fit`, `fxsim audit` and `fxsim
calibrate` stopped by SIGKILL or SIGINT at seeded moments. Afterwards every output is absent or
complete (a set verifies, every results.csv row is whole, a fit file loads, an audit report has
every file and metrics.json every section, a calibrated config and its .npz sidecar are both
absent or both whole and the config runs `fxsim audit --config`), `--resume` finishes a sweep
with the rows of an uninterrupted run, and SIGINT ends in exit status 130 with one line and no
traceback.

A moment is a seeded delay after a sign that the command is at work (the sweep's results.csv,
the golden set's or audit report's temporary directory, scipy.optimize loaded by fit, the tiny
model's weights mapped by audit and calibrate), so a slow start on a loaded machine does not
move it into Python's start-up, before fxsim runs."""
from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
import pytest

from reliability_helpers import ROOT, invoke, tiny_llama

#: moments (seconds after start) drawn from this seed; a command that finished first is fine
MOMENTS = random.Random(20261204)
SWEEP = ["sweep", "softmax", "--grid", "n=20:40", "--grid", "output_format.frac=6:8",
         "--rows", "512", "-j", "2", "--no-plots", "--out"]
GOLDEN = ["golden", "softmax", "--preset", "paper", "--random", "3000", "--seed", "1",
          "--trace", "--out"]
FIT = ["fit", "gelu", "--n", "2", "--restarts", "1", "--out"]
#: click progress bars on stderr (off a terminal: the label, then a newline when done)
PROGRESS_LABELS = ("texts",)
#: what a whole audit report holds (docs/audit.md)
REPORT_FILES = ("report.md", "report.html", "metrics.json", "layer_errors.png",
                "error_histograms.png", "ranges.png")
METRICS_SECTIONS = ("model", "kind", "method", "backend", "ops", "conversion", "jobs",
                    "seconds", "task_metrics", "notes", "layers", "op_stats", "diverge_at",
                    "command")


def fxsim(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fxsim.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def default_sigint() -> None:
    """In the child: Ctrl-C's default action, even when this test run ignores SIGINT (started
    in the background by a shell, or by nohup), so the command installs its own handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupted(args, sig: int, working, after: float) -> subprocess.CompletedProcess:
    """Run ``fxsim ARGS`` in its own process group and send ``sig`` to the whole group (as a
    terminal's Ctrl-C does) ``after`` seconds once ``working(pid)`` holds (or it exited)."""
    proc = subprocess.Popen([sys.executable, "-m", "fxsim.cli", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=default_sigint)
    deadline = time.monotonic() + 120
    while proc.poll() is None and not working(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(after)
    started = time.monotonic()
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass                                       # already finished
    out, err = proc.communicate(timeout=120)
    print(f"{Path(args[0]).name} {signal.Signals(sig).name} {after:.2f} s: {proc.returncode}")
    if sig == signal.SIGINT and proc.returncode == 130:
        assert time.monotonic() - started < 5, "Ctrl-C must stop at once"
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def exists(pattern: str, where: Path):
    """A sign of work: a file matching ``pattern`` under ``where``."""
    return lambda pid: any(where.glob(pattern))


def loaded(library: str):
    """A sign of work: the process mapped ``library`` (Linux /proc)."""
    def check(pid: int) -> bool:
        try:
            return library in Path(f"/proc/{pid}/maps").read_text()
        except OSError:
            return False
    return check


def check_signal_outcome(res: subprocess.CompletedProcess, sig: int) -> None:
    assert "Traceback" not in res.stderr, res.stderr
    if sig == signal.SIGKILL:
        assert res.returncode in (0, -signal.SIGKILL)
    elif res.returncode != 0:
        assert res.returncode == 130, res.stderr
        lines = [line for line in res.stderr.splitlines()
                 if line.strip() not in ("", *PROGRESS_LABELS)]
        assert len(lines) == 1 and lines[0].startswith("fxsim: interrupted"), res.stderr


def no_visible_leftovers(parent: Path, sig: int) -> None:
    """SIGINT cleans its temporaries; SIGKILL may leave only hidden ``.name.*`` ones."""
    hidden = [p for p in parent.iterdir() if p.name.startswith(".")]
    assert sig == signal.SIGKILL or not hidden, hidden


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("whole") / "sweep"
    res = fxsim(*SWEEP, out)
    assert res.returncode == 0, res.stderr
    return (out / "results.csv").read_bytes()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_killed_sweep_keeps_whole_rows_and_resumes_to_the_same_rows(tmp_path, uninterrupted,
                                                                     sig):
    out = tmp_path / "sweep"
    res = interrupted([*SWEEP, out], sig, exists("results.csv", out), MOMENTS.uniform(0, 0.8))
    check_signal_outcome(res, sig)
    if sig == signal.SIGINT and res.returncode == 130:
        assert "--resume to continue" in res.stderr
    no_visible_leftovers(out, sig) if out.exists() else None
    if (out / "results.csv").exists():
        with open(out / "results.csv", newline="") as fh:
            rows = list(csv.reader(fh))
        assert all(len(r) == len(rows[0]) for r in rows[:-1])      # at most a torn last line
        assert not (out / "pareto.csv").exists() or res.returncode == 0
    resumed = fxsim(*SWEEP, out, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert (out / "results.csv").read_bytes() == uninterrupted


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_killed_golden_leaves_no_set_or_a_set_that_verifies(tmp_path, sig):
    for _ in range(2):
        out = tmp_path / f"set{_}"
        res = interrupted([*GOLDEN, out], sig, exists(f".{out.name}.*", tmp_path),
                          MOMENTS.uniform(0, 0.3))
        check_signal_outcome(res, sig)
        no_visible_leftovers(tmp_path, sig)
        if out.exists():
            assert fxsim("verify", out).returncode == 0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_killed_fit_leaves_no_file_or_a_whole_one(tmp_path, sig):
    out = tmp_path / "fit.json"
    res = interrupted([*FIT, out], sig, loaded("scipy/optimize"), MOMENTS.uniform(0, 1.5))
    check_signal_outcome(res, sig)
    no_visible_leftovers(tmp_path, sig)
    if out.exists():
        assert "fits" in json.loads(out.read_text())


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path]:
    """A tiny random Llama and its text (seconds per audit or calibration; nothing fetched)."""
    pytest.importorskip("transformers")
    return tiny_llama(tmp_path_factory.mktemp("tiny"))


#: a sign of each phase of an audit: the model run (weights mapped), the report being written
AUDIT_PHASES = {"run": lambda out: loaded("model.safetensors"),
                "report": lambda out: exists(f".{out.name}.*", out.parent)}


@pytest.mark.parametrize("sig,phase", [
    (signal.SIGINT, "report"),
    pytest.param(signal.SIGKILL, "run", marks=pytest.mark.slow),
    pytest.param(signal.SIGKILL, "report", marks=pytest.mark.slow),
    pytest.param(signal.SIGINT, "run", marks=pytest.mark.slow)],
    ids=["SIGINT-report", "SIGKILL-run", "SIGKILL-report", "SIGINT-run"])
def test_killed_audit_leaves_no_report_or_a_whole_one(tmp_path, tiny, sig, phase):
    model, text = tiny
    out = tmp_path / "report"
    after = MOMENTS.uniform(0, 0.6 if phase == "report" else 2.5)
    res = interrupted(["audit", "--model", model, "--text", text, "--samples", "2", "--out",
                       out], sig, AUDIT_PHASES[phase](out), after)
    check_signal_outcome(res, sig)
    no_visible_leftovers(tmp_path, sig)
    if out.exists():
        assert sorted(p.name for p in out.iterdir()) == sorted(REPORT_FILES)
        metrics = json.loads((out / "metrics.json").read_text())
        assert set(METRICS_SECTIONS) <= set(metrics) and metrics["layers"]


@pytest.mark.parametrize("sig,draw", [
    (signal.SIGKILL, 0),
    pytest.param(signal.SIGINT, 0, marks=pytest.mark.slow),
    pytest.param(signal.SIGINT, 1, marks=pytest.mark.slow),
    pytest.param(signal.SIGKILL, 1, marks=pytest.mark.slow)],
    ids=["SIGKILL-0", "SIGINT-0", "SIGINT-1", "SIGKILL-1"])
def test_killed_calibrate_leaves_no_pair_or_a_whole_pair(tmp_path, tiny, sig, draw):
    """Moments from torch's loading on: draw 0 early (imports, the model's load, its float
    run), draw 1 late (the pair's writing or after it: the tiny model runs in well under a
    second)."""
    model, text = tiny
    out = tmp_path / "cal.toml"
    res = interrupted(["calibrate", "--model", model, "--text", text, "--out", out], sig,
                      loaded("libtorch_cpu"), MOMENTS.uniform(0, 4) + 6 * draw)
    check_signal_outcome(res, sig)
    no_visible_leftovers(tmp_path, sig)
    assert out.exists() == out.with_suffix(".npz").exists()
    if out.exists():
        with np.load(out.with_suffix(".npz")) as sidecar:
            names = list(sidecar["names"])
        assert names == [m["pattern"] for m in tomllib.loads(out.read_text())["module"]]
        code, _, err = invoke("audit", "--model", model, "--text", text, "--samples", "1",
                              "--config", out, "--out", tmp_path / "audited")
        assert code == 0, err
