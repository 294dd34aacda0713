"""Run the shipped sweeps (docs/sweeps/): one per nlspike operator at the paper preset, output
frac bits 4..12 and the internal widths that matter, then write docs/sweeps/README.md with the
smallest configuration within 10 % of the float reference's mean abs error.

    python tools/run_sweeps.py [-j 2] [--only silu,softmax]
"""
from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import fxsim

OUT = Path(__file__).resolve().parents[1] / "docs" / "sweeps"
ACTIVATION = ["output_format.frac=4:12", "n=12", "K=16,32,64", "exp_slope_format.frac=6:12:3",
              "exp_intercept_format.frac=5:11:3", "exp_output_format.frac=8,12",
              "input_format.frac=5:9:2"]
NORM = ["output_format.frac=4:12", "n=12", "input_format.frac=6:10:2",
        "norm_input_format.frac=4:8:2", "internal_width=23,24,26", "cordic_n=5:7"]
SWEEPS = {
    "softmax": ["output_format.frac=4:12", "n=12", "K=8,16,32,64", "exp_slope_format.frac=0:6:3",
                "exp_intercept_format.frac=0:6:3", "exp_output_format.frac=2:10:4"],
    "sigmoid": ACTIVATION, "silu": ACTIVATION, "gelu_tanh": ACTIVATION,
    "rmsnorm": NORM, "layernorm": NORM,
}


def command(op: str, grid: list[str], jobs: int) -> str:
    grids = " ".join(f"--grid {g}" for g in grid)
    return f"fxsim sweep {op} --method nlspike --preset paper {grids} -j {jobs} " \
           f"--out docs/sweeps/{op}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--only", default=",".join(SWEEPS))
    args = parser.parse_args()
    for op in args.only.split(","):
        out = OUT / op
        if out.exists():
            shutil.rmtree(out)
        start = time.perf_counter()
        fxsim.sweep(op, "nlspike", SWEEPS[op], "p1", jobs=args.jobs, out=out)
        print(f"{op}: {time.perf_counter() - start:.1f} s", flush=True)
    write_readme(args.jobs)


def write_readme(jobs: int) -> None:
    """docs/sweeps/README.md: every operator's summary.md, then the commands."""
    lines = ["# Shipped sweeps (nlspike, paper preset, P1 workloads, seed 0)", "",
             "Regenerate with `python tools/run_sweeps.py -j 2` (about 3 minutes on 2 cores).",
             "Each directory holds results.csv, pareto.csv, summary.md, base_config.toml and the",
             "plots (mean_abs vs each swept field; pareto.png). \"Within 10 %\" compares with the",
             "float reference's error on the preset's output grid (docs/algorithms.md, Sweeps).",
             ""]
    for op in SWEEPS:
        summary = OUT / op / "summary.md"
        if summary.exists():
            lines += ["#" + summary.read_text().strip(), ""]
    lines += ["## Commands (equivalent CLI)", "", "```"]
    lines += [command(op, grid, jobs) for op, grid in SWEEPS.items()]
    lines += ["```", ""]
    (OUT / "README.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
