"""``fxsim check``: fixed operators against their float references, and the paper tables."""
from __future__ import annotations

import click

from ..errors import FxError
from ..floatref.workloads import WORKLOADS
from ..studies.check import (check_all, composites, fs_table, render, render_composites,
                             render_fs, render_table_x, table_x)
from .options import backend_option, method_option, seed_option


@click.command("check")
@click.argument("operator", required=False)
@click.option("--all", "all_ops", is_flag=True, help="every operator with a P1 workload")
@method_option()
@backend_option()
@click.option("--rows", type=click.IntRange(min=1), default=4096, show_default=True)
@seed_option()
@click.option("--table-x", "with_table_x", is_flag=True,
              help="P2 Table X: integer MBE MSE for N = 1, 2, 4, 6, 8 beside the paper's")
@click.option("--fs", "fs_sets", is_flag=True,
              help="every published FS set in integers beside its recorded float MSE")
@click.option("--composites", "with_composites", is_flag=True,
              help="mbe softmax / layernorm / rmsnorm vs float torch (torch extra)")
def check(operator: str | None, all_ops: bool, method: str, backend: str, rows: int, seed: int,
          with_table_x: bool, fs_sets: bool, with_composites: bool) -> None:
    """Fixed operator vs the float PyTorch op floored to 1/256 on P1's workloads (torch extra);
    --table-x and --fs print the P2 / FS reproductions (no torch needed)."""
    if with_table_x or fs_sets or with_composites:
        if operator or all_ops:
            raise FxError("--table-x / --fs / --composites take no OPERATOR or --all")
        print_tables(backend, rows, seed, with_table_x, fs_sets, with_composites)
        return
    if all_ops == bool(operator):
        raise FxError("give one OPERATOR or --all")
    names = list(WORKLOADS) if all_ops else [operator]
    for name in names:
        if name not in WORKLOADS:
            raise FxError(f"no check workload for {name!r}; choose from {', '.join(WORKLOADS)}")
    click.echo(render(check_all(names, method=method, backend=backend, rows=rows, seed=seed)))


def print_tables(backend: str, rows: int, seed: int, with_table_x: bool, fs_sets: bool,
                 with_composites: bool) -> None:
    """Print the selected reproductions: composites (at most 1024 rows), Table X, FS sets."""
    if with_composites:
        click.echo(render_composites(composites(backend, min(rows, 1024), seed)))
    if with_table_x:
        click.echo(render_table_x(table_x(backend)))
    if fs_sets:
        click.echo(render_fs(fs_table(backend)))
