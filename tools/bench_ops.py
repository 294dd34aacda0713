"""Operator benchmark (not a test): the ``ops`` section of ``fxsim bench``
(fxsim/studies/bench/ops.py), every operator of every method on c (1 and 2 threads) and numba
against float32 PyTorch on one thread.

    python tools/bench_ops.py [--repeats K] [--json PATH]     # = fxsim bench ops ...
"""
from __future__ import annotations

import argparse
import sys

from fxsim.studies.bench import Settings, run_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    return run_bench(Settings(repeats=args.repeats, json=args.json, sections=("ops",)))


if __name__ == "__main__":
    sys.exit(main())
