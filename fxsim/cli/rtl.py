"""``fxsim rtl-check``: the reference RTL (hdl/) on golden sets, with an optional lint and the
DPI-C bench (the RTL against the C kernels under Verilator)."""
from __future__ import annotations

import shlex
import tempfile
from pathlib import Path

import click

from ..errors import FxError
from ..hw import cost, dpi
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
@click.option("--dpi", "with_dpi", is_flag=True,
              help="also run the DPI-C bench: the unit against fxsim's C kernel every cycle "
                   "(Verilator; PWL-Exp and Division group sets)")
@click.option("--seed", type=int, default=1, show_default=True, help="--dpi: stimulus seed")
@click.option("--random", "randoms", type=click.IntRange(min=0), default=10_000,
              show_default=True, help="--dpi: random stimuli after the corner and golden ones")
def rtl_check(set_dirs: tuple[str, ...], with_lint: bool, show_commands: bool,
              keep_dir: str | None, with_dpi: bool, seed: int, randoms: int) -> None:
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
        if with_dpi:
            run_dpi(set_dir, seed, randoms, show_commands)


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


def run_dpi(set_dir: str, seed: int, randoms: int, show_commands: bool) -> None:
    """The DPI-C bench of one set: its summary line, FxError naming the first mismatch."""
    report = dpi.check(set_dir, seed, randoms)
    click.echo("  " + report.summary().split(": ", 1)[1])
    if show_commands:
        for command in report.commands:
            click.echo("  $ " + shlex.join(command))
    if not report.ok:
        raise FxError(f"{set_dir}: DPI-C MISMATCH: {report.mismatch()}")


@click.command("rtl-cost")
@click.argument("source", required=False, type=click.Path(exists=True))
@click.option("--op", default=None,
              help="operator of a CONFIG TOML or preset: softmax, sigmoid (nlspike), pwl_exp, "
                   "divgroup")
@click.option("--preset", default="paper", show_default=True,
              help="the operator's preset when no CONFIG is given")
@click.option("--d", "width", type=click.IntRange(min=1), default=64, show_default=True,
              help="softmax row length (the accumulator's width)")
def rtl_cost_command(source: str | None, op: str | None, preset: str, width: int) -> None:
    """Gate counts of the reference RTL (Yosys generic synth): SOURCE is a golden set
    directory or an operator config TOML (--op); without SOURCE, --op's preset."""
    if source is not None and Path(source).is_dir():
        units, label = cost.units_of_set(source), source
    elif op is None:
        raise FxError("rtl-cost: give a golden set directory, or --op with a config TOML or "
                      "a preset")
    else:
        config = cost.load_config(op, source, preset)
        units, label = cost.units_of_op(op, config, width), source or f"{op} --preset {preset}"
    report = cost.rtl_cost(units, label)
    click.echo(f"{label}: Yosys generic synth (cells of its gate library, flip-flops among "
               "them, LUT-ROM table bits)")
    click.echo(report.table())
