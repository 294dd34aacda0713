"""``fxsim rtl-check``: the reference RTL (hdl/) on golden sets, with an optional lint."""
from __future__ import annotations

import shlex

import click

from ..errors import FxError
from ..hw.rtl import check, lint


@click.command("rtl-check")
@click.argument("set_dirs", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option("--lint", "with_lint", is_flag=True,
              help="also run verilator --lint-only -Wall on the unit")
@click.option("--show-commands", is_flag=True,
              help="print the iverilog and vvp commands (vvp runs inside the set directory)")
def rtl_check(set_dirs: tuple[str, ...], with_lint: bool, show_commands: bool) -> None:
    """Simulate the reference RTL (hdl/) on golden sets with iverilog; compare every word."""
    for set_dir in set_dirs:
        report = check(set_dir)
        click.echo(report.summary())
        if show_commands:
            for command in report.commands:
                click.echo("  $ " + shlex.join(command))
        if not report.ok:
            raise FxError(f"{set_dir}: RTL MISMATCH: {report.failed} word(s) differ "
                          f"({report.passed} passed); first: {report.first_mismatch()}")
        if with_lint:
            lint(report.bench)
            click.echo(f"  verilator --lint-only -Wall {report.bench.unit}: clean")
