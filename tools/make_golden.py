"""Regenerate the checked-in golden-vector sets in golden/ (one per preset example).

    python tools/make_golden.py [--out golden]

Each set is `fxsim golden population --config examples/<name>.toml --trace`; the command
recorded in the manifest is fixed text so regeneration is byte-identical. Changing any byte
of golden/ needs a format_version bump (fxsim/vectors/__init__.py) and a CHANGELOG entry;
tests/test_golden_frozen.py enforces it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = {"population_fs_sigmoid": "examples/fs_sigmoid.toml",
        "population_loihi1_impulse": "examples/loihi1_impulse.toml",
        "population_xylo_step": "examples/xylo_step.toml"}


def make(out: Path, name: str, config: str) -> None:
    from fxsim import config as cfgmod
    from fxsim.vectors.golden import write_set
    from fxsim.vectors.producers import population_defines, produce
    cfg = cfgmod.read_toml(ROOT / config)
    pop = cfgmod.population_from_dict(cfg)
    x = cfgmod.input_from_dict(cfg, pop)
    settings = {k: v for k, v in cfg.items() if k != "input"}
    arrays = produce("population", settings, {"input": x}, "numpy", True)
    write_set(out / name, operator="population", method="engine", config=settings, arrays=arrays,
              command=f"fxsim golden population --config {config} --trace", seed=None,
              backend="numpy", force=True, record_commit=False,
              defines=population_defines(settings, {"input": x}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "golden"))
    args = parser.parse_args(argv)
    for name, config in SETS.items():
        make(Path(args.out), name, config)
        print(f"wrote {Path(args.out) / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
