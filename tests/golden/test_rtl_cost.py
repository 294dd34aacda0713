"""Gate counts of the reference RTL (Yosys generic synth) and the sweep's --cost rtl.

Independent expectations: flip-flops from the registers the RTL declares (fx_divgroup holds the
denominator, the membrane, the sign and G fired latches; Yosys drops a register it proves
constant), LUT-ROM bits from the set's table arrays (count times stored width, read from the
manifest), and table growth (more segments, more cells). Synthesis runs are cached by source,
tables and parameters: the second call reads the cache.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fxsim.errors import FxError
from fxsim.hw import cost
from fxsim.ops.nlspike.config import SoftmaxConfig
from fxsim.primitives.divgroup import DivGroupConfig
from fxsim.primitives.pwl_exp import PwlExpConfig
from fxsim.studies.sweep import sweep

ROOT = Path(__file__).resolve().parents[2]
PWL_SET = ROOT / "golden" / "pwl_exp_paper"

TINY_PWL = dict(L=2.0, input_format="fixed<8,3,TRN,SAT>", slope_format="ufixed<8,4>",
                intercept_format="fixed<8,4>", output_format="ufixed<8,4,RND_CONV,SAT>")
#: a softmax small enough to synthesise in seconds: 10-bit exps, n = 2 (G = 4)
TINY_SOFTMAX = SoftmaxConfig(
    input_format="fixed<12,4,RND_CONV,SAT>", L=2.0, K=4, exp_input_format="fixed<10,4,TRN,SAT>",
    exp_slope_format="ufixed<10,4,RND_CONV,SAT>", exp_intercept_format="fixed<10,4,RND_CONV,SAT>",
    exp_output_format="ufixed<10,4,RND_CONV,SAT>", n=2, normalize=True, normalize_bit=12,
    output_format="ufixed<3,1,TRN,SAT>")


@pytest.fixture(autouse=True)
def tools(yosys):
    pass


def test_paper_pwl_set_rom_bits_from_the_manifest_and_no_flip_flops():
    manifest = json.loads((PWL_SET / "manifest.json").read_text())
    tables = {e["name"]: e["count"] * e["width"] for e in manifest["arrays"]
              if e["name"] in ("knots", "slope", "intercept")}
    report = cost.rtl_cost(cost.units_of_set(PWL_SET), str(PWL_SET))
    (unit,) = report.units
    assert unit.module == "fx_pwl_exp" and unit.rom_bits == sum(tables.values()) == 5104
    assert unit.flip_flops == 0                         # a combinational unit
    assert unit.cells > unit.rom_bits // 4              # the ROMs became logic


@pytest.mark.parametrize("a_signed", [False, True])
def test_divgroup_flip_flops_are_its_registers(a_signed):
    cfg = DivGroupConfig(n=2, G=4, T=3, normalize_denominator=True, normalize_bit=9)
    (unit,) = [cost.divgroup_unit(cfg, 8, a_signed, 7)]
    vw = 8 + 9 + (3 - 1).bit_length() + 1                # AW + k_max + log2(T) + 1
    # denominator (BW) + membrane (VW) + fired (G) + the sign latch, which is constant 0 for
    # an unsigned numerator (Yosys removes it)
    want = 7 + vw + 4 + int(a_signed)
    got = cost.synthesize(unit)
    assert unit.params["VW"] == vw and got.flip_flops == want and got.rom_bits == 0


def test_more_segments_cost_more_cells_and_rom_bits():
    small, large = (cost.rtl_cost(cost.units_of_op("pwl_exp", PwlExpConfig(K=k, **TINY_PWL)),
                                  "pwl").totals() for k in (2, 8))
    assert large["rtl_cells"] > small["rtl_cells"]
    # (K - 1) knots at the input width, K slopes and intercepts: 8 bits each here
    assert (small["rtl_rom_bits"], large["rtl_rom_bits"]) == (1 * 8 + 2 * 16, 7 * 8 + 8 * 16)


def test_results_are_cached_by_tables(tmp_path):
    set_dir = tmp_path / "pwl"
    shutil.copytree(PWL_SET, set_dir)
    first = cost.synthesize(cost.units_of_set(set_dir)[0])
    again = cost.synthesize(cost.units_of_set(set_dir)[0])
    assert again.cached and (again.cells, again.flip_flops) == (first.cells, first.flip_flops)
    lines = (set_dir / "slope.hex").read_text().splitlines()
    body = next(i for i, line in enumerate(lines) if not line.startswith("//"))
    lines[body] = format(int(lines[body], 16) ^ 1, f"0{len(lines[body])}x")
    (set_dir / "slope.hex").write_text("\n".join(lines) + "\n")
    paper = cost.units_of_set(PWL_SET)[0]
    changed = cost.Unit(paper.role, paper.module, paper.params, set_dir)   # one table bit flipped
    assert cost.cost_key(changed) != cost.cost_key(paper)


def test_softmax_composes_pwl_exp_and_the_division_group():
    units = cost.units_of_op("softmax", TINY_SOFTMAX, d=8)
    assert [u.module for u in units] == ["fx_pwl_exp", "fx_divgroup"]
    div = units[1].params
    # numerator: the 10-bit unsigned exp; denominator: the row sum of 8 exps, 10 + 3 bits
    assert (div["AW"], div["A_SIGNED"], div["BW"], div["G"]) == (10, 0, 13, 4)


def test_unknown_operator_is_an_error():
    with pytest.raises(FxError, match="no RTL composition"):
        cost.units_of_op("layernorm", None)


def test_cli_prints_the_table_and_one_line_errors():
    ok = subprocess.run([sys.executable, "-m", "fxsim.cli", "rtl-cost", str(PWL_SET)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "| pwl_exp | fx_pwl_exp |" in ok.stdout and "| 5104 |" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "fxsim.cli", "rtl-cost"], capture_output=True,
                         text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--op" in bad.stderr


def test_sweep_with_rtl_cost_has_gate_columns_and_a_cells_front(tmp_path):
    records = sweep("softmax", grid={"K": [2, 4]}, config=TINY_SOFTMAX, d=8, rows=4,
                    out=tmp_path / "sweep", plots=False, cost="rtl")
    assert [r["status"] for r in records] == ["ok", "ok"]
    # ROM bits: (K - 1) knots at 10 bits, K slopes and K intercepts at 10 bits each
    assert [r["rtl_rom_bits"] for r in records] == [1 * 10 + 2 * 20, 3 * 10 + 4 * 20]
    assert records[1]["rtl_cells"] > records[0]["rtl_cells"] > 0
    assert records[0]["rtl_ffs"] == records[1]["rtl_ffs"] > 0     # the same Division group
    header = (tmp_path / "sweep" / "results.csv").read_text().splitlines()[0].split(",")
    assert {"rtl_cells", "rtl_ffs", "rtl_rom_bits"} <= set(header)
    assert "RTL" in (tmp_path / "sweep" / "summary.md").read_text()
    with pytest.raises(FxError, match="unknown cost"):
        sweep("softmax", grid={"K": [2]}, config=TINY_SOFTMAX, d=8, rows=4, cost="gates")
