"""``fxsim rtl-check``: the reference RTL (hdl/) on golden sets, with an optional lint."""
from __future__ import annotations

import shlex
import tempfile
from pathlib import Path

import click

from ..errors import FxError
from ..hw.rtl import RtlReport, check, lint


@click.command("rtl-check")
@click.argument("set_dirs", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option("--lint", "with_lint", is_flag=True,
              help="also run verilator --lint-only -Wall on the unit")
@click.option("--show-commands", is_flag=True,
              help="print the iverilog and vvp commands, rerunnable from any directory (the "
                   "benches are kept: in --keep DIR, else in a new temporary directory)")
@click.option("--keep", "keep_dir", type=click.Path(file_okay=False),
              help="build each bench in DIR/<set name> and keep it")
def rtl_check(set_dirs: tuple[str, ...], with_lint: bool, show_commands: bool,
              keep_dir: str | None) -> None:
    """Simulate the reference RTL (hdl/) on golden sets with iverilog; compare every word."""
    build_root = keep_root(keep_dir, show_commands)
    for set_dir in set_dirs:
        report = check(set_dir, build_dir(build_root, set_dir) if build_root else None)
        click.echo(report.summary())
        if show_commands:
            for line in rerun_commands(report):
                click.echo("  $ " + line)
        if not report.ok:
            raise FxError(f"{set_dir}: RTL MISMATCH: {report.failed} word(s) differ "
                          f"({report.passed} passed); first: {report.first_mismatch()}")
        if with_lint:
            lint(report.bench)
            click.echo(f"  verilator --lint-only -Wall {report.bench.unit}: clean")


def keep_root(keep_dir: str | None, show_commands: bool) -> Path | None:
    """Where benches are kept: ``--keep``, a new temporary directory for ``--show-commands``
    (so the printed commands stay valid), else None (built and removed)."""
    if keep_dir:
        return Path(keep_dir).resolve()
    return Path(tempfile.mkdtemp(prefix="fxsim-rtl-")) if show_commands else None


def build_dir(root: Path, set_dir: str) -> Path:
    """``root/<set name>``, created (FxError, one line, if it cannot be)."""
    path = root / Path(set_dir).resolve().name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FxError(f"cannot create build directory {path}: {exc.strerror}") from None
    return path


def rerun_commands(report: RtlReport) -> list[str]:
    """The build command, then ``cd SET && vvp ...``: shell lines that rerun the check from
    any directory (the bench reads the set's .hex files relative to the set)."""
    build, simulate = report.commands
    set_dir = shlex.quote(str(Path(report.set_dir).resolve()))
    return [shlex.join(build), f"cd {set_dir} && {shlex.join(simulate)}"]
