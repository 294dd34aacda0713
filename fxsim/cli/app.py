"""The ``fxsim`` click group, one module per command (parsing and output only; the work is in
the library), and :func:`run`: every user mistake is one line on stderr and exit status 2;
Ctrl-C (SIGINT) is one line and exit status 130 (128 + SIGINT)."""
from __future__ import annotations

import signal
import sys

import click

from .. import __version__
from ..errors import EXIT_INTERRUPTED, FxError, FxInterrupted
from . import audit, bench, calibrate, check, fit, golden, info, rtl, run, sweep

#: every fxsim command (help lists them by name)
COMMANDS = (audit.audit, bench.bench, calibrate.calibrate_command, check.check, fit.fit,
            golden.golden, golden.verify,
            info.info, rtl.rtl_check, rtl.rtl_cost_command, run.run,
            sweep.sweep_command)


@click.group(commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fxsim")
def cli() -> None:
    """fxsim: bit-exact integer simulator of spiking Transformer operators."""


def run(argv: list[str] | None = None) -> None:
    """Run the click group, turning user errors into one stderr line (exit 2)."""
    try:
        cli.main(args=argv, prog_name="fxsim", standalone_mode=False)
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # the work is done and written
    except KeyboardInterrupt:                            # between the command and the line above
        click.echo("fxsim: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except FxError as exc:
        click.echo(f"fxsim: error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"fxsim: error: {exc.format_message()}", err=True)
        sys.exit(2)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            detail = str(exc.__cause__) if isinstance(exc.__cause__, FxInterrupted) else ""
            click.echo(f"fxsim: interrupted{': ' + detail if detail else ''}", err=True)
            sys.exit(EXIT_INTERRUPTED)
        click.echo("fxsim: aborted", err=True)
        sys.exit(1)
