"""Regenerate the RTL-costed sweeps and the paper presets' gate counts (docs/rtl.md).

Writes docs/results/softmax_rtl/ and docs/results/sigmoid_rtl/ (``fxsim sweep OP --cost rtl``
over the PWL-Exp segments K and the slope's fractional bits: the knobs that change the PWL-Exp
unit while the Division group stays the paper one, so the group is synthesised once per
operator) and docs/results/rtl_paper.md (``fxsim rtl-cost`` of the paper PWL-Exp and Division
group sets and of the paper softmax and sigmoid). Synthesis results are cached (``fxsim
rtl-cost``), so a rerun only resynthesises what changed.
"""
from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from fxsim.hw import cost
from fxsim.studies.sweep import sweep

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "results"
#: directory -> operator (nlspike, preset paper, workload p1, seed 0)
SWEEPS = {"softmax_rtl": "softmax", "sigmoid_rtl": "sigmoid"}
GRID = ["K=8,16,32,64", "exp_slope_format.frac=3,8,16,24"]
SETS = ("golden/pwl_exp_paper", "golden/divgroup_t4")
OPS = ("softmax", "sigmoid")


def run_sweeps(jobs: int) -> None:
    for name, op in SWEEPS.items():
        out = OUT / name
        if out.exists():
            shutil.rmtree(out)
        start = time.perf_counter()
        sweep(op, "nlspike", GRID, "p1", jobs=jobs, out=out, cost="rtl")
        print(f"{name}: {time.perf_counter() - start:.0f} s")


def paper_table() -> None:
    """docs/results/rtl_paper.md: one table per golden set and paper operator."""
    lines = ["# Gate counts of the reference RTL at the paper presets", "",
             "Yosys generic `synth -flatten` (cells of its internal gate library; flip-flops "
             "among them; LUT-ROM bits: table entries times their stored width, turned into "
             "logic by the generic flow). Regenerate with "
             "`.venv/bin/python tools/run_rtl_sweeps.py` (cached results are reused; "
             "`synth s` is the synthesis wall time on 2 shared cores when it ran).", ""]
    sources = [(s, cost.units_of_set(ROOT / s)) for s in SETS]
    sources += [(f"{op} --preset paper (nlspike, d = 64)",
                 cost.units_of_op(op, cost.load_config(op, None), 64)) for op in OPS]
    for label, units in sources:
        report = cost.rtl_cost(units, label)
        lines += [f"## {label}", "", report.table(), ""]
    (OUT / "rtl_paper.md").write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=1, help="local sweep processes")
    args = parser.parse_args()
    run_sweeps(args.jobs)
    paper_table()


if __name__ == "__main__":
    main()
