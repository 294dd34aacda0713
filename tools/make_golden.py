"""Regenerate the checked-in golden-vector sets in golden/.

    .venv/bin/python tools/make_golden.py [--out golden]

Three population sets (`fxsim golden population --config examples/<name>.toml --trace`), one
set per primitive and one per nlspike operator at the paper preset, and one per operator
and method (``<op>_<method>_paper``, mbe and fs), each from small seeded random inputs with
--trace. The command recorded in each manifest is fixed text so regeneration is
byte-identical. Changing any byte of golden/ needs a format_version bump
(fxsim/vectors/__init__.py) and a CHANGELOG entry; tests/golden/test_golden_frozen.py enforces it.
The fxsim imported is this checkout's (ROOT first on sys.path), so that test checks the tree
it runs in, not another installed copy.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fxsim import ops  # noqa: E402  (after ROOT is on sys.path)
from fxsim.vectors.golden import golden_set  # noqa: E402

POPULATION_SETS = {"population_fs_sigmoid": "examples/fs_sigmoid.toml",
                   "population_loihi1_impulse": "examples/loihi1_impulse.toml",
                   "population_xylo_step": "examples/xylo_step.toml"}
#: set name -> (operator, "--preset NAME" or "--config FILE", random count, seed)
RANDOM_SETS = {"pwl_exp_paper": ("pwl_exp", "--preset paper", 32, 1),
               "divgroup_t4": ("divgroup", "--config examples/divgroup_t4.toml", 8, 2),
               "polarnorm_paper": ("polarnorm", "--preset paper", 4, 3),
               "softmax_paper": ("softmax", "--preset paper", 2, 4),
               "sigmoid_paper": ("sigmoid", "--preset paper", 32, 5),
               "silu_paper": ("silu", "--preset paper", 32, 6),
               "gelu_tanh_paper": ("gelu_tanh", "--preset paper", 32, 7),
               "rmsnorm_paper": ("rmsnorm", "--preset paper", 2, 8),
               "layernorm_paper": ("layernorm", "--preset paper", 2, 9)}
#: operators by method mbe / fs at the paper preset: default random inputs (16 elements
#: or 2 rows of 8), seed 10 + position in ops.OPERATORS' order
SET_METHODS = ("mbe", "fs")


def method_sets() -> dict[str, tuple[str, str, int]]:
    """set name "<op>_<method>_paper" -> (operator, method, seed)."""
    pairs = [(op, m) for op, methods in ops.OPERATORS.items() for m in SET_METHODS
             if m in methods]
    return {f"{op}_{m}_paper": (op, m, 10 + i) for i, (op, m) in enumerate(pairs)}


def make_population(out: Path, name: str, config: str) -> None:
    golden_set("population", out / name, config=str(ROOT / config), trace=True, force=True,
               record_commit=False, command=f"fxsim golden population --config {config} --trace")


def make_random(out: Path, name: str, operator: str, source: str, count: int, seed: int) -> None:
    flag, value = source.split()
    golden_set(operator, out / name, preset=value if flag == "--preset" else None,
               config=str(ROOT / value) if flag == "--config" else None, random=count,
               seed=seed, trace=True, force=True, record_commit=False,
               command=f"fxsim golden {operator} {source} --random {count} --seed {seed} --trace")


def make_method_set(out: Path, name: str, operator: str, method: str, seed: int) -> None:
    golden_set(operator, out / name, method=method, preset="paper", random=0, seed=seed,
               trace=True, force=True, record_commit=False,
               command=f"fxsim golden {operator} --method {method} --preset paper --random "
                       f"--seed {seed} --trace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "golden"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    for name, config in POPULATION_SETS.items():
        make_population(out, name, config)
        print(f"wrote {out / name}")
    for name, spec in RANDOM_SETS.items():
        make_random(out, name, *spec)
        print(f"wrote {out / name}")
    for name, spec in method_sets().items():
        make_method_set(out, name, *spec)
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
