"""Run the shipped sweeps (docs/results/): one per nlspike operator (P1 workloads) and one per
P2 operator, methods mbe and fs (P2 presets, P1 or P2 workloads), over output frac bits 4..12
(and beyond where the method's float error is below the 4..12 grids) and the internal widths
that matter, then write docs/results/README.md with the smallest configuration within 10 % of
the float reference.

    python tools/run_sweeps.py [-j 2] [--only silu,gelu_mbe]
"""
from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from fxsim.studies.sweep import sweep

OUT = Path(__file__).resolve().parents[1] / "docs" / "results"
#: measured wall time of the whole run, stated in docs/results/README.md
RUN_TIME = "5 min 36 s on 2 shared cores, measured: 62 s for the nlspike set, 4.6 min for P2"
ACTIVATION = ["output_format.frac=4:12", "n=12", "K=16,32,64", "exp_slope_format.frac=6:12:3",
              "exp_intercept_format.frac=5:11:3", "exp_output_format.frac=8,12",
              "input_format.frac=5:9:2"]
NORM = ["output_format.frac=4:12", "n=12", "input_format.frac=6:10:2",
        "norm_input_format.frac=4:8:2", "internal_width=23,24,26", "cordic_n=5:7"]
P1_SWEEPS = {
    "softmax": ["output_format.frac=4:12", "n=12", "K=8,16,32,64", "exp_slope_format.frac=0:6:3",
                "exp_intercept_format.frac=0:6:3", "exp_output_format.frac=2:10:4"],
    "sigmoid": ACTIVATION, "silu": ACTIVATION, "gelu_tanh": ACTIVATION,
    "rmsnorm": NORM, "layernorm": NORM,
}
# P2, coarse grids probed first, then refined near the knee: input frac, membrane (u) frac,
# intensity/accumulator frac (and the range-reduction, exp, reciprocal and norm formats); N
# through the fit where the config names one (gelu); T as the SAR multiply's steps (softmax).
# Output frac 4..12, and above 12 where the float error is below that grid (exp, softmax).
MBE_ACTIVATION = ["output_format.frac=4:12", "input_format.frac=2:8:2", "u_format.frac=8:14:2",
                  "acc_format.frac=4:12:2"]
MBE_SCALAR = ["output_format.frac=4:12", "input_format.frac=8,12", "mbe_format.frac=10:14:2",
              "u_format.frac=10:14:2", "acc_format.frac=12:16:2"]
MBE_NORM = ["output_format.frac=4:12:2", "input_format.frac=8:12:2", "u_format.frac=12,14",
            "acc_format.frac=12,14", "invstd_format.frac=8,10", "normed_format.frac=8,10"]
FS = ["output_format.frac=4:12", "input_format.frac=2:10:2", "v_format.frac=2:10:2",
      "acc_format.frac=2:10:2"]
P2_SWEEPS = {
    ("gelu", "mbe"): (["fit=gelu_n1,gelu_n2,gelu_n4,gelu_n8", "output_format.frac=4:12:2",
                       "input_format.frac=2,4,8", "u_format.frac=6:12:2",
                       "acc_format.frac=2:12:2"], "p2"),
    ("tanh", "mbe"): (MBE_ACTIVATION, "p2"),
    ("sigmoid", "mbe"): (MBE_ACTIVATION, "p1"),
    ("silu", "mbe"): (MBE_ACTIVATION, "p1"),
    ("exp", "mbe"): (["output_format.frac=4:20:2", "input_format.frac=10,12",
                      "z_format.frac=10,12", "mbe_format.frac=10:14:2", "u_format.frac=10,12",
                      "acc_format.frac=10,12"], "p2"),
    ("reciprocal", "mbe"): (MBE_SCALAR, "p2"),
    ("rsqrt", "mbe"): (MBE_SCALAR, "p2"),
    ("softmax", "mbe"): (["output_format.frac=4:20:4", "encoder=fit,sar", "steps=16,20",
                          "exp_format.frac=12,16", "recip_format.frac=8,12", "u_format.frac=8,12",
                          "acc_format.frac=8,12"], "p1"),
    ("layernorm", "mbe"): (MBE_NORM, "p1"),
    ("rmsnorm", "mbe"): (MBE_NORM, "p1"),
    ("sigmoid", "fs"): (FS, "p1"),
    ("silu", "fs"): (FS, "p1"),
    ("gelu", "fs"): (FS, "p2"),
    ("exp", "fs"): (FS, "p2"),
    ("reciprocal", "fs"): (FS, "p2"),
    ("softmax", "fs"): (FS, "p1"),
}
#: directory name -> (op, method, grid, workload); nlspike sweeps keep their operator's name
SWEEPS = {**{op: (op, "nlspike", grid, "p1") for op, grid in P1_SWEEPS.items()},
          **{f"{op}_{method}": (op, method, grid, workload)
             for (op, method), (grid, workload) in P2_SWEEPS.items()}}


def command(name: str, jobs: int) -> str:
    op, method, grid, workload = SWEEPS[name]
    grids = " ".join(f"--grid {g}" for g in grid)
    return (f"fxsim sweep {op} --method {method} --preset paper --workload {workload} {grids} "
            f"-j {jobs} --out docs/results/{name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--only", default=",".join(SWEEPS))
    args = parser.parse_args()
    names = args.only.split(",")
    unknown = [n for n in names if n not in SWEEPS]
    if unknown:
        parser.error(f"unknown sweep(s) {', '.join(unknown)}; known: {', '.join(SWEEPS)}")
    start_all = time.perf_counter()
    for name in names:
        op, method, grid, workload = SWEEPS[name]
        out = OUT / name
        if out.exists():
            shutil.rmtree(out)
        start = time.perf_counter()
        sweep(op, method, grid, workload, jobs=args.jobs, out=out)
        print(f"{name}: {time.perf_counter() - start:.1f} s", flush=True)
    print(f"all: {time.perf_counter() - start_all:.1f} s", flush=True)
    write_readme(args.jobs)


def write_readme(jobs: int) -> None:
    """docs/results/README.md: every sweep's summary.md, then the commands."""
    lines = ["# Shipped sweeps (paper presets, seed 0)", "",
             f"Regenerate with `python tools/run_sweeps.py -j {jobs}` ({RUN_TIME}).",
             "Each directory holds results.csv, pareto.csv, summary.md, base_config.toml and the",
             "plots (mean_abs vs each swept field; pareto.png). \"Within 10 %\" compares with the",
             "float reference's error on the preset's output grid (docs/algorithms.md, Sweeps):",
             "for nlspike the exact function on that grid, for mbe and fs the method's own float",
             "model (the fitted MBE neurons or the published FS sets in float64) on that grid.",
             "Directories: the nlspike operator's name (P1 workloads), `OP_mbe` and `OP_fs` (P1",
             "workloads for sigmoid, silu, softmax and the norms; P2 workloads otherwise: Table X",
             "domains for gelu, reciprocal, rsqrt; tanh on [-5, 5], exp on [-10, 0]).", ""]
    for name in SWEEPS:
        summary = OUT / name / "summary.md"
        if summary.exists():
            lines += ["#" + summary.read_text().strip(), ""]
    lines += ["## Commands (equivalent CLI)", "", "```"]
    lines += [command(name, jobs) for name in SWEEPS]
    lines += ["```", ""]
    (OUT / "README.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
