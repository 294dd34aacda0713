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
@click.argument("target")
@click.option("--input", "input_path", type=click.Path(dir_okay=False),
              help="population: raw integer inputs (.npy), [T, n] (current) or [n] (initial); "
                   "operator: float inputs (.npy)")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="write results (.npz)")
@click.option("--backend", default="numpy", show_default=True, help="numpy | c | numba")
@click.option("--record", default="", help="population: comma list of v,i,spikes,acc, or 'all'")
@click.option("--on-overflow", default="count", show_default=True, help="count | raise")
@click.option("--method", default="nlspike", show_default=True, help="operator method")
@click.option("--config", "op_config", type=click.Path(dir_okay=False),
              help="operator: TOML config (default: the method's paper preset)")
@click.option("--rows", type=int, default=64, show_default=True,
              help="operator without --input: rows of P1's workload (seeded)")
@click.option("--d", "width", type=int, default=64, show_default=True,
              help="operator without --input: row length")
@click.option("--seed", type=int, default=0, show_default=True)
def run(target, input_path, out_path, backend, record, on_overflow, method, op_config, rows,
        width, seed) -> None:
    """Run TARGET: a population config (TOML file) or an operator name (softmax, silu, sigmoid,
    gelu_tanh, rmsnorm, layernorm), and print a summary."""
    from . import ops
    if target in ops.OPERATORS:
        _run_operator(target, method, op_config, input_path, rows, width, seed, backend,
                      out_path)
        return
    _run_population(target, input_path, out_path, backend, record, on_overflow)


def _run_operator(op, method, op_config, input_path, rows, width, seed, backend, out_path):
    from . import config as cfgmod
    from . import ops
    from .check import WORKLOADS, workload
    from .io import atomic_path
    cls = ops.config_class(op, method)
    config = cls.from_toml(op_config) if op_config else cls.paper()
    if rows < 1 or width < 1:
        raise FxError("--rows and --d must be >= 1")
    row_op = WORKLOADS.get(op) != [None]
    x = (cfgmod.load_array(input_path).astype(np.float64) if input_path
         else workload(op, width if row_op else None, rows, seed))
    result = ops.get(op, method)(x, config=config, backend=backend)
    y = result.to_float()
    click.echo(f"{op} ({method}) on {backend}: input {list(x.shape)} -> output {result.format}")
    click.echo(f"  output range [{y.min():.6g}, {y.max():.6g}]")
    totals = {k: v for k, v in result.stats.items() if "." not in k}
    click.echo("  stats: " + ", ".join(f"{k}={v}" for k, v in sorted(totals.items())))
    if out_path:
        from .config import to_json
        with atomic_path(out_path) as tmp, open(tmp, "wb") as fh:
            np.savez(fh, input=x, raw=result.raw, output=y,
                     meta_json=np.array(to_json({"operator": op, "method": method,
                                                 "backend": backend, "format": str(result.format),
                                                 "config": config.to_dict(),
                                                 "stats": result.stats})))
        click.echo(f"  written to {out_path}")


def _run_population(config, input_path, out_path, backend, record, on_overflow) -> None:
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
@click.argument("operator")
@click.option("--method", default=None, help="operator method (population: engine)")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), required=True,
              help="TOML config of the operator (for population: a population config)")
@click.option("--input", "input_path", type=click.Path(dir_okay=False), help="raw inputs (.npy)")
@click.option("--random", "random_inputs", is_flag=True,
              help="draw raw inputs uniformly over the input format (needs --seed)")
@click.option("--seed", type=int, default=None, help="seed for --random")
@click.option("--trace", is_flag=True, help="also store per-step state of every population")
@click.option("--formats", "kinds", default="hex,h,npz", show_default=True)
@click.option("--backend", default="numpy", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True)
@click.option("--force", is_flag=True, help="replace an existing output directory")
def golden(operator, method, config_path, input_path, random_inputs, seed, trace, kinds, backend,
           out_dir, force) -> None:
    """Write a golden-vector set (hex, C header, npz, manifest.json) for OPERATOR."""
    from . import config as cfgmod
    from .vectors.golden import write_set
    from .vectors.producers import DEFINES, METHODS, RANDOM_INPUTS, produce
    if operator not in METHODS:
        raise FxError(f"no golden-vector producer for {operator!r}; available: "
                      f"{', '.join(METHODS)}")
    method = method or METHODS[operator]
    if method != METHODS[operator]:
        raise FxError(f"{operator} has method {METHODS[operator]!r}, not {method!r}")
    cfg = cfgmod.read_toml(config_path)
    if input_path and random_inputs:
        raise FxError("give --input or --random, not both")
    if random_inputs:
        if seed is None:
            raise FxError("--random needs --seed")
        x = RANDOM_INPUTS[operator](cfg, seed)
    else:
        x = (cfgmod.load_array(input_path) if input_path
             else cfgmod.input_from_dict(cfg, cfgmod.population_from_dict(cfg)))
    config = {k: v for k, v in cfg.items() if k != "input"}
    arrays = produce(operator, config, {} if x is None else {"input": x}, backend, trace)
    manifest = write_set(out_dir, operator=operator, method=method, config=config, arrays=arrays,
                         command=" ".join(sys.argv), seed=seed, backend=backend,
                         kinds=tuple(k.strip() for k in kinds.split(",") if k.strip()),
                         force=force, defines=DEFINES[operator](config))
    click.echo(f"wrote {len(manifest['arrays'])} arrays to {out_dir} "
               f"(format_version {manifest['format_version']})")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--backend", default="numpy", show_default=True)
def verify(directory, backend) -> None:
    """Check every hash of a vector set, re-run it and compare every word."""
    from .vectors.golden import verify_set
    problems = verify_set(directory, backend)
    if problems:
        raise FxError(f"{directory}: MISMATCH {problems[0]}")
    click.echo(f"{directory}: OK (all hashes and words match on backend {backend})")


@cli.command("check")
@click.argument("operator", required=False)
@click.option("--all", "all_ops", is_flag=True, help="every operator with a P1 workload")
@click.option("--method", default="nlspike", show_default=True)
@click.option("--backend", default="numpy", show_default=True)
@click.option("--rows", type=int, default=4096, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def check_cmd(operator, all_ops, method, backend, rows, seed) -> None:
    """Fixed operator vs the float PyTorch op floored to 1/256 on P1's workloads (torch extra)."""
    from .check import WORKLOADS, check_all, render
    if all_ops == bool(operator):
        raise FxError("give one OPERATOR or --all")
    names = list(WORKLOADS) if all_ops else [operator]
    for name in names:
        if name not in WORKLOADS:
            raise FxError(f"no check workload for {name!r}; choose from {', '.join(WORKLOADS)}")
    click.echo(render(check_all(names, method=method, backend=backend, rows=rows, seed=seed)))


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


# ---- fxsim audit (issue 7; the audit extra) ------------------------------------------------
@cli.command("audit")
@click.option("--model", "model_name", required=True, help="minilm | gemma3-270m")
@click.option("--ops", "ops_text", default=None,
              help="comma list of softmax,gelu,silu,layernorm,rmsnorm (default: the model's)")
@click.option("--method", default="nlspike", show_default=True, help="operator method")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML with [softmax] / [activation] / [norm] tables (default: paper presets)")
@click.option("--samples", type=int, default=None,
              help="cap on texts per task (default: every text)")
@click.option("--backend", default="c", show_default=True, help="numpy | c | numba")
@click.option("--diverge-at", type=float, default=0.05, show_default=True,
              help="relative L2 error that marks the first diverging layer")
@click.option("--batch-size", type=int, default=None, help="texts per forward (model default)")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True)
@click.option("--force", is_flag=True, help="replace an existing output directory")
def audit_cmd(model_name, ops_text, method, config_path, samples, backend, diverge_at,
              batch_size, seed, out_dir, force) -> None:
    """Run a pretrained Transformer float and fixed side by side on real text and write
    report.md, report.html, plots and metrics.json to OUT (audit extra)."""
    from pathlib import Path
    if Path(out_dir).exists() and not force:
        raise FxError(f"{out_dir} exists; pass --force to replace it")
    try:
        from .audit import AuditOptions, run_audit
        from .audit_report import summary_lines, write_report
        opts = AuditOptions(model=model_name, method=method, config=config_path,
                            ops=tuple(o.strip() for o in ops_text.split(",") if o.strip())
                            if ops_text else None, samples=samples, backend=backend,
                            diverge_at=diverge_at, batch_size=batch_size, seed=seed)
        result = run_audit(opts, lambda n: click.progressbar(length=n, label="texts",
                                                             file=sys.stderr),
                           echo=click.echo)
    except ImportError as exc:
        raise FxError(f"fxsim audit needs the audit extra ({exc.name} missing): "
                      "pip install -c constraints.txt -e '.[audit]'") from None
    write_report(result, out_dir, " ".join(["fxsim"] + sys.argv[1:]), force=force)
    for line in summary_lines(result):
        click.echo(line)
    for name, values in result["task_metrics"].items():
        click.echo(f"  {name}: " + ", ".join(f"{m} {v:.4f}" for m, v in values.items()))
    click.echo(f"report written to {out_dir}")


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
