"""``fxsim info``: what this installation offers."""
from __future__ import annotations

import click

from .. import __version__
from ..backends import available, get_backend
from ..formats import Overflow, Rounding
from ..presets import PRESETS, fs_parameter_sets


@click.command()
def info() -> None:
    """Formats, presets, FS parameter sets and backends available here (and why not)."""
    click.echo(f"fxsim {__version__}")
    click.echo("formats: fixed<W,I,Q,O> / ufixed<W,I,Q,O>, W in 1..32, I includes the sign")
    click.echo("  rounding: " + " ".join(m.name for m in Rounding))
    click.echo("  overflow: " + " ".join(m.name for m in Overflow))
    click.echo("presets: " + " ".join(PRESETS))
    click.echo("FS parameter sets: " + " ".join(fs_parameter_sets()["sets"]))
    click.echo("backends:")
    for name, status in available().items():
        extra = c_build_note() if name == "c" and status == "ok" else ""
        click.echo(f"  {name:6s} {status}{extra}")


def c_build_note() -> str:
    """How the loaded c backend was built: OpenMP or not, and its compiler flags."""
    c = get_backend("c")
    threading = "OpenMP" if c.openmp_enabled() else "no OpenMP: serial only"
    return f" ({threading}; built with {c.compile_flags()})"
