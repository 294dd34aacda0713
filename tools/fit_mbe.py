#!/usr/bin/env python3
"""Regenerate fxsim/params/mbe_params.json: every shipped MBE fit, deterministic from --seed.

    python tools/fit_mbe.py [--seed 0] [--restarts 3] [--only gelu_n4,inv_n8] [--out PATH]

The same fits are reachable as ``fxsim fit --shipped --out PATH``; one custom fit is
``fxsim fit gelu --n 4 --out my.json``. Needs scipy (pip install 'fxsim[fit]').
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")     # single-threaded BLAS: bit-reproducible fits

from fxsim.studies.fitting import fit_shipped, save  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "fxsim" / "params" / "mbe_params.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--restarts", type=int, default=3)
    ap.add_argument("--only", default="", help="comma list of shipped names to refit")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    only = [s for s in args.only.split(",") if s] or None
    records = fit_shipped(seed=args.seed, restarts=args.restarts, only=only)
    if only and args.out.exists():       # refit a few entries, keep the others
        old = json.loads(args.out.read_text())["fits"]
        records = {**old, **records}
    save(records, args.out)
    print(f"wrote {len(records)} fits to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
