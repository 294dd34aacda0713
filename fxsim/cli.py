"""The ``fxsim`` command. Every user mistake is one line on stderr and exit status 2."""
from __future__ import annotations

import sys

import click
import numpy as np

from . import __version__
from .errors import FxError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fxsim")
def cli() -> None:
    """fxsim: bit-exact integer simulator of spiking Transformer operators."""


def _record_names(text: str | None) -> tuple[str, ...] | bool:
    if not text:
        return ()
    if text == "all":
        return True
    return tuple(name.strip() for name in text.split(",") if name.strip())


@cli.command()
@click.argument("config", type=click.Path(dir_okay=False))
@click.option("--input", "input_path", type=click.Path(dir_okay=False),
              help="raw integer inputs (.npy): [T, n] for input_mode=current, [n] for initial")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="write the trace (.npz)")
@click.option("--backend", default="numpy", show_default=True, help="numpy | c | numba")
@click.option("--record", default="", help="comma list of v,i,spikes,acc, or 'all'")
@click.option("--on-overflow", default="count", show_default=True, help="count | raise")
def run(config, input_path, out_path, backend, record, on_overflow) -> None:
    """Simulate the population described by CONFIG (TOML) and print a summary."""
    from . import config as cfgmod
    from .io import save_trace
    from .population import simulate
    pop, default_input, _ = cfgmod.load(config)
    inputs = cfgmod.load_array(input_path) if input_path else default_input
    trace = simulate(pop, inputs, backend=backend, record=_record_names(record),
                     on_overflow=on_overflow)
    summary = trace.summary()
    click.echo(f"population {pop.name}: n={pop.n} T={pop.steps} backend={backend}")
    for name, fmt in pop.formats().items():
        click.echo(f"  {name:4s} {fmt}  overflow events: {summary['overflow_events'][name]}")
    click.echo(f"  spikes: {summary['spikes_total']} total, "
               f"{summary['spikes_total'] / pop.n:.3f} per neuron")
    out = trace.to_float("acc")
    click.echo(f"  output acc (float): min {out.min():.6g}  max {out.max():.6g}  "
               f"first {np.array2string(out[:6], precision=5)}")
    if out_path:
        save_trace(trace, out_path, {"fxsim_version": __version__, "backend": backend,
                                     "command": " ".join(sys.argv)})
        click.echo(f"  trace written to {out_path}")


@cli.command()
def info() -> None:
    """Formats, presets, FS parameter sets and backends available here (and why not)."""
    from .backends import available
    from .formats import Overflow, Rounding
    from .presets import PRESETS, fs_parameter_sets
    click.echo(f"fxsim {__version__}")
    click.echo("formats: fixed<W,I,Q,O> / ufixed<W,I,Q,O>, W in 1..32, I includes the sign")
    click.echo("  rounding: " + " ".join(m.name for m in Rounding))
    click.echo("  overflow: " + " ".join(m.name for m in Overflow))
    click.echo("presets: " + " ".join(PRESETS))
    click.echo("FS parameter sets: " + " ".join(fs_parameter_sets()["sets"]))
    click.echo("backends:")
    for name, status in available().items():
        extra = ""
        if name == "c" and status == "ok":
            from .backends.c_backend import compile_flags, openmp_enabled
            extra = (" (OpenMP" if openmp_enabled() else " (no OpenMP: serial only") + \
                f"; built with {compile_flags()})"
        click.echo(f"  {name:6s} {status}{extra}")


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bench(args) -> None:
    """Time the population engine on every backend (see `fxsim bench --help`)."""
    from .bench import main as bench_main
    status = bench_main(list(args))
    if status:
        sys.exit(status)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the click group, turning user errors into one stderr line."""
    try:
        cli.main(args=argv, prog_name="fxsim", standalone_mode=False)
    except FxError as exc:
        click.echo(f"fxsim: error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"fxsim: error: {exc.format_message()}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("fxsim: aborted", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
