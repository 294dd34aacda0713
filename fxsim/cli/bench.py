"""``fxsim bench``: speed benchmarks in sections (engine, ...), one table of ratios."""
from __future__ import annotations

import sys

import click

from ..studies.bench import SECTIONS, WARMUP_S, Settings, extension_cflags, run_bench
from .options import require_parent_dir


@click.command()
@click.argument("sections", nargs=-1, metavar="[SECTION ...]")
@click.option("--n", type=click.IntRange(min=1), default=10**6, show_default=True,
              help="engine section: neurons")
@click.option("--steps", type=click.IntRange(min=1), default=16, show_default=True,
              help="engine section: timesteps T")
@click.option("--repeats", type=click.IntRange(min=1), default=7, show_default=True,
              help="timed calls per variant")
@click.option("--warmup", type=click.FloatRange(min=0), default=WARMUP_S, show_default=True,
              help="seconds of untimed calls before each variant's timed calls")
@click.option("--cflags", default=None,
              help="C flags for the minimal loops (default: the c backend's own)")
@click.option("--json", "json_path", metavar="PATH", help="also write the rows as JSON here")
def bench(sections: tuple[str, ...], n: int, steps: int, repeats: int, warmup: float,
          cflags: str | None, json_path: str | None) -> None:
    """Time fxsim against references, section by section (default: every section), and print
    one table of ratios; each variant is checked equal to its reference first (exit status 1
    if one differs)."""
    if json_path:
        require_parent_dir(json_path)
    flags = tuple(cflags.split()) if cflags is not None else tuple(extension_cflags())
    status = run_bench(Settings(n, steps, repeats, flags, json_path, sections, warmup))
    if status:
        sys.exit(status)


bench.help = f"{bench.help} Sections: {', '.join(f'{k} ({v.summary})' for k, v in SECTIONS.items())}."
