"""DPI-C benches: the reference RTL against fxsim's C kernels, cycle by cycle, under Verilator.

Expected counts are derived here from the bench's stimulus plan (corners, golden inputs,
randoms; words per cycle); the expected values are the C kernels' (which equal the numpy
definition, tests/equivalence). Honesty: a copy of hdl/ with one operator mutated (a planted
bug) must fail the bench with the first mismatch's cycle and values. The binaries are built
once per source hash into the user cache, so a rerun reuses them.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fxsim.errors import FxError
from fxsim.hw import dpi, rtl

ROOT = Path(__file__).resolve().parents[2]
PWL_SET, DIV_SET = ROOT / "golden" / "pwl_exp_paper", ROOT / "golden" / "divgroup_t4"


def manifest(set_dir: Path) -> dict:
    return json.loads((set_dir / "manifest.json").read_text())


def count(set_dir: Path, name: str) -> int:
    return next(e["count"] for e in manifest(set_dir)["arrays"] if e["name"] == name)


def mutated_hdl(tmp_path: Path, unit: str, old: str, new: str) -> Path:
    """A copy of hdl/*.v with ``old`` replaced by ``new`` (once) in ``unit``.v."""
    out = tmp_path / "hdl"
    out.mkdir()
    for path in rtl.HDL_DIR.glob("*.v"):
        shutil.copy(path, out / path.name)
    text = (out / f"{unit}.v").read_text()
    assert text.count(old) == 1
    (out / f"{unit}.v").write_text(text.replace(old, new))
    return out


@pytest.fixture(autouse=True)
def tools(verilator):
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler")


def test_pwl_exp_bench_matches_the_c_kernel(tmp_path):
    randoms = 3000
    report = dpi.check(PWL_SET, seed=11, randoms=randoms)
    assert report.ok, report.log
    K = manifest(PWL_SET)["defines"]["FXSIM_PWL_SEGMENTS"]
    # corners: 2 format extremes, 3 x (0, X_LO, X_HI) +-1, 3 per interior knot
    cycles = 2 + 9 + 3 * (K - 1) + count(PWL_SET, "input") + randoms
    assert (report.cycles, report.words) == (cycles, 5 * cycles)    # y, index, product, sum, ovf


def test_divgroup_bench_matches_the_c_kernel():
    randoms = 2000
    report = dpi.check(DIV_SET, seed=5, randoms=randoms)
    assert report.ok, report.log
    T = manifest(DIV_SET)["defines"]["FXSIM_DIV_STEPS"]
    divisions = 11 + count(DIV_SET, "denominator") + randoms         # 11 corner divisions
    # a start cycle (shift, theta) and T step cycles (membrane, latched, quotient, overflow)
    assert (report.cycles, report.words) == (divisions * (1 + T), divisions * (2 + 4 * T))


def test_planted_pwl_bug_is_caught_with_cycle_and_values(tmp_path):
    """Knots compared with <= instead of < (an input on a knot takes the next segment)."""
    hdl = mutated_hdl(tmp_path, "fx_pwl_exp", ") < x_cmp)", ") <= x_cmp)")
    bench = dpi.dpi_bench_for(manifest(PWL_SET))
    report = dpi.run(PWL_SET, bench, seed=11, randoms=100, hdl_dir=hdl)
    assert not report.ok
    assert report.mismatch().startswith("MISMATCH cycle ") and ": rtl " in report.mismatch()
    assert ", C " in report.mismatch()
    assert "DPI" not in report.log.split("MISMATCH")[0]           # stopped at the first one


def test_planted_divgroup_bug_is_caught(tmp_path):
    """A neuron fires at v > i * theta instead of v >= i * theta."""
    hdl = mutated_hdl(tmp_path, "fx_divgroup", "step && v_next_cmp >=", "step && v_next_cmp >")
    bench = dpi.dpi_bench_for(manifest(DIV_SET))
    report = dpi.run(DIV_SET, bench, seed=5, randoms=100, hdl_dir=hdl)
    assert not report.ok
    assert "latched" in report.mismatch() or "quotient" in report.mismatch()


def test_build_is_cached_by_source_and_parameters():
    bench = dpi.dpi_bench_for(manifest(PWL_SET))
    first, _ = dpi.build(bench)
    again, _ = dpi.build(bench)
    assert first == again and first.is_file()
    mtime = first.stat().st_mtime_ns
    assert dpi.build(bench)[0].stat().st_mtime_ns == mtime          # not rebuilt
    other = dpi.DpiBench(bench.top, bench.unit, {**bench.params, "Y_ROUNDING": 0})
    verilator = [c for c in dpi.build_commands(other, first.parent)
                 if Path(c[0]).name == "verilator"][0]
    assert "-GY_ROUNDING=0" in verilator


def test_cli_dpi_prints_counts_and_refuses_other_operators():
    ok = subprocess.run([sys.executable, "-m", "fxsim.cli", "rtl-check", str(PWL_SET), "--dpi",
                         "--random", "10"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "DPI-C fx_pwl_exp vs C" in ok.stdout and "0 mismatches" in ok.stdout
    population = ROOT / "golden" / "population_xylo_step"
    bad = subprocess.run([sys.executable, "-m", "fxsim.cli", "rtl-check", str(population),
                          "--dpi"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "no DPI-C bench for operator 'population'" in bad.stderr


def test_unknown_operator_is_an_error():
    with pytest.raises(FxError, match="no DPI-C bench"):
        dpi.dpi_bench_for({"operator": "polarnorm", "arrays": []})
