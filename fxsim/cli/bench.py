"""``fxsim bench``: time the population engine on every backend against a minimal C loop."""
from __future__ import annotations

import sys

import click

from ..studies.bench import Settings, extension_cflags, run_bench
from .options import require_parent_dir


@click.command()
@click.option("--n", type=click.IntRange(min=1), default=10**6, show_default=True,
              help="neurons")
@click.option("--steps", type=click.IntRange(min=1), default=16, show_default=True,
              help="timesteps T")
@click.option("--repeats", type=click.IntRange(min=1), default=7, show_default=True,
              help="timed calls per variant")
@click.option("--cflags", default=None,
              help="C flags for the minimal loop (default: the c backend's own)")
@click.option("--json", "json_path", metavar="PATH", help="also write the results as JSON here")
def bench(n: int, steps: int, repeats: int, cflags: str | None, json_path: str | None) -> None:
    """Time the population engine on every backend against a minimal C loop (bit-exact check
    first; exit status 1 if a backend differs)."""
    if json_path:
        require_parent_dir(json_path)
    flags = tuple(cflags.split()) if cflags is not None else tuple(extension_cflags())
    status = run_bench(Settings(n, steps, repeats, flags, json_path))
    if status:
        sys.exit(status)
