"""Reproduce P1's operator-error table in integers: the fixed operators at the paper preset,
against the float PyTorch op floored to 1/256 (oracle: torch, and P1's published figures,
docs/algorithms.md 7.4). Acceptance: each mean within 20 % of P1's, max at most 2/256."""
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")

from fxsim.floatref.workloads import P1_FIGURES  # noqa: E402
from fxsim.studies.check import check  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("op,d", sorted(P1_FIGURES, key=str), ids=str)
def test_p1_figure_reproduced(op, d):
    row = check(op, d, rows=4096, seed=0)
    paper_max, paper_mean = P1_FIGURES[(op, d)]
    assert row.max_abs <= 2 / 256
    assert abs(row.mean_abs - paper_mean) <= 0.2 * paper_mean, (row.mean_abs, paper_mean)


def test_check_backends_agree():
    """The same check on c and numba gives the numpy figures exactly (bit-equal backends)."""
    ref = check("softmax", 64, rows=256)
    for backend in ("c", "numba"):
        got = check("softmax", 64, rows=256, backend=backend)
        assert (got.max_abs, got.mean_abs) == (ref.max_abs, ref.mean_abs)


def test_cli_check_and_run_operator(tmp_path):
    cmd = [sys.executable, "-m", "fxsim.cli"]
    res = subprocess.run([*cmd, "check", "silu"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0 and "| silu |" in res.stdout and "yes" in res.stdout
    res = subprocess.run([*cmd, "run", "softmax", "--d", "8", "--rows", "4", "--backend", "c",
                          "--out", str(tmp_path / "s.npz")], cwd=ROOT, capture_output=True,
                         text=True)
    assert res.returncode == 0 and "ufixed<9,1,TRN,SAT>" in res.stdout, res.stderr
    bad = subprocess.run([*cmd, "check", "silu", "--all"], cwd=ROOT, capture_output=True,
                         text=True)
    assert bad.returncode == 2 and "one OPERATOR or --all" in bad.stderr
