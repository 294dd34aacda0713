"""The ``fxsim`` command. Every user mistake is one line on stderr and exit status 2."""
from __future__ import annotations

import sys

import click
import numpy as np

from . import __version__
from .audit import AuditOptions, run_audit, summary_lines, write_report
from .errors import FxError
from .files.atomic import atomic_path
from .files.inputs import load_array
from .floatref.workloads import WORKLOADS, workload
from .studies.bench import Settings, extension_cflags, run_bench
from .studies.check import (check_all, composites, fs_table, render, render_composites,
                            render_fs, render_table_x)
from .studies.check import table_x as table_x_rows
from .studies.fitting import fit as fit_one
from .studies.fitting import fit_shipped, save
from .sweep_cli import sweep_command


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
    gelu_tanh, rmsnorm, layernorm; with --method mbe also gelu, tanh, exp, reciprocal, rsqrt;
    --method fs: sigmoid, silu, gelu), and print a summary."""
    from . import ops
    if target in ops.OPERATORS:
        _run_operator(target, method, op_config, input_path, rows, width, seed, backend,
                      out_path)
        return
    _run_population(target, input_path, out_path, backend, record, on_overflow)


def _run_operator(op, method, op_config, input_path, rows, width, seed, backend, out_path):
    from . import ops
    cls = ops.config_class(op, method)
    config = cls.from_toml(op_config) if op_config else cls.paper()
    if rows < 1 or width < 1:
        raise FxError("--rows and --d must be >= 1")
    row_op = WORKLOADS.get(op) != [None]
    x = (load_array(input_path).astype(np.float64) if input_path
         else workload(op, width if row_op else None, rows, seed))
    if op in ("reciprocal", "rsqrt") and not input_path:
        x = np.abs(x) + 0.5          # positive inputs for the default workload
    result = ops.get(op, method)(x, config=config, backend=backend)
    y = result.to_float()
    click.echo(f"{op} ({method}) on {backend}: input {list(x.shape)} -> output {result.format}")
    click.echo(f"  output range [{y.min():.6g}, {y.max():.6g}]")
    totals = {k: v for k, v in result.stats.items() if "." not in k}
    click.echo("  stats: " + ", ".join(f"{k}={v}" for k, v in sorted(totals.items())))
    if out_path:
        from .files.jsonio import to_json
        with atomic_path(out_path) as tmp, open(tmp, "wb") as fh:
            np.savez(fh, input=x, raw=result.raw, output=y,
                     meta_json=np.array(to_json({"operator": op, "method": method,
                                                 "backend": backend, "format": str(result.format),
                                                 "config": config.to_dict(),
                                                 "stats": result.stats})))
        click.echo(f"  written to {out_path}")


def _run_population(config, input_path, out_path, backend, record, on_overflow) -> None:
    """Simulate the population described by CONFIG (TOML) and print a summary."""
    from .files.population_toml import load
    from .files.trace_npz import save_trace
    from .population import simulate
    pop, default_input, _ = load(config)
    inputs = load_array(input_path) if input_path else default_input
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
@click.option("--method", default=None, help="operator method (default: engine for population, "
              "nlspike for primitives and operators; mbe or fs for the P2 operators)")
@click.option("--preset", default=None, help="named config instead of --config (paper)")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML config (population: a population config; pwl_exp / divgroup / "
                   "polarnorm: one [name] table; operators: the method's table)")
@click.option("--input", "input_path", type=click.Path(dir_okay=False),
              help="raw inputs: .npy (the one input) or .npz (inputs by name)")
@click.option("--random", "random_count", type=int, is_flag=False, flag_value=0, default=None,
              help="draw raw inputs (needs --seed); optional N: elements, rows or divisions")
@click.option("--seed", type=int, default=None, help="seed for --random")
@click.option("--trace", is_flag=True, help="also store the per-step / per-iteration state")
@click.option("--formats", "kinds", default="hex,h,npz", show_default=True,
              help="comma list of hex, bin, h, npz")
@click.option("--backend", default="numpy", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True)
@click.option("--force", is_flag=True, help="replace an existing output directory")
def golden(operator, method, preset, config_path, input_path, random_count, seed, trace, kinds,
           backend, out_dir, force) -> None:
    """Write a golden-vector set (hex / bin, C header, npz, manifest.json) for OPERATOR:
    population, pwl_exp, divgroup, polarnorm, or an operator (softmax, sigmoid, silu,
    gelu_tanh, rmsnorm, layernorm; with --method mbe / fs the P2 operators)."""
    from .vectors.golden import golden_set
    manifest = golden_set(operator, out_dir, method=method, preset=preset, config=config_path,
                          inputs=_golden_inputs(input_path) if input_path else None,
                          random=random_count, seed=seed, trace=trace,
                          kinds=tuple(k.strip() for k in kinds.split(",") if k.strip()),
                          backend=backend, force=force, command=" ".join(sys.argv))
    click.echo(f"wrote {len(manifest['arrays'])} arrays to {out_dir} "
               f"(format_version {manifest['format_version']})")


def _golden_inputs(path: str) -> dict:
    """{"input": array} from .npy, or every array of an .npz by name."""
    data = load_array(path)
    if isinstance(data, np.lib.npyio.NpzFile):
        with data:
            return {name: data[name] for name in data.files}
    return {"input": data}


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
@click.option("--table-x", "table_x", is_flag=True,
              help="P2 Table X: integer MBE MSE for N = 1, 2, 4, 6, 8 beside the paper's")
@click.option("--fs", "fs_sets", is_flag=True,
              help="every published FS set in integers beside its recorded float MSE")
@click.option("--composites", "with_composites", is_flag=True,
              help="mbe softmax / layernorm / rmsnorm vs float torch (torch extra)")
def check_cmd(operator, all_ops, method, backend, rows, seed, table_x, fs_sets,
              with_composites) -> None:
    """Fixed operator vs the float PyTorch op floored to 1/256 on P1's workloads (torch extra);
    --table-x and --fs print the P2 / FS reproductions (no torch needed)."""
    if table_x or fs_sets or with_composites:
        if operator or all_ops:
            raise FxError("--table-x / --fs / --composites take no OPERATOR or --all")
        if with_composites:
            click.echo(render_composites(composites(backend, min(rows, 1024), seed)))
        if table_x:
            click.echo(render_table_x(table_x_rows(backend)))
        if fs_sets:
            click.echo(render_fs(fs_table(backend)))
        return
    if all_ops == bool(operator):
        raise FxError("give one OPERATOR or --all")
    names = list(WORKLOADS) if all_ops else [operator]
    for name in names:
        if name not in WORKLOADS:
            raise FxError(f"no check workload for {name!r}; choose from {', '.join(WORKLOADS)}")
    click.echo(render(check_all(names, method=method, backend=backend, rows=rows, seed=seed)))


@cli.command()
@click.argument("function", required=False)
@click.option("--n", "n_bases", type=int, default=8, show_default=True, help="number of bases N")
@click.option("--domain", default=None, help="lo,hi (default: the function's P2 domain)")
@click.option("--no-decay", is_flag=True, help="constant kernels (P2's ablation)")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--restarts", type=int, default=3, show_default=True)
@click.option("--name", default=None, help="entry name in the output file (default FUNCTION_nN)")
@click.option("--shipped", is_flag=True, help="refit every fit shipped in fxsim/params")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), required=True,
              help="parameter file to write (JSON, versioned)")
def fit(function, n_bases, domain, no_decay, seed, restarts, name, shipped, out_path) -> None:
    """Fit an MBE neuron (T=16) to FUNCTION (gelu, tanh, exp2, inv, rsqrt, identity, silu)
    offline in float, deterministically from --seed; needs scipy (fxsim[fit])."""
    import importlib.util
    if importlib.util.find_spec("scipy") is None:
        raise FxError("fxsim fit needs scipy: pip install 'fxsim[fit]'")
    if shipped == bool(function):
        raise FxError("give one FUNCTION or --shipped")
    if restarts < 1:
        raise FxError("--restarts must be >= 1")
    from pathlib import Path
    if not Path(out_path).resolve().parent.is_dir():
        raise FxError(f"output directory does not exist: {Path(out_path).parent}")
    if shipped:
        records = fit_shipped(seed=seed, restarts=restarts, log=click.echo)
    else:
        lohi = None
        if domain:
            try:
                lohi = tuple(float(v) for v in domain.split(","))
            except ValueError:
                lohi = ()
            if len(lohi) != 2:
                raise FxError(f"--domain must be lo,hi, got {domain!r}")
        record = fit_one(function, n_bases, seed=seed, restarts=restarts, decay=not no_decay,
                         domain=lohi)
        records = {name or f"{function}_n{n_bases}": record}
        click.echo(f"{function} N={n_bases}: float MSE {record['mse_float']:.3e}")
    save(records, out_path)
    click.echo(f"wrote {len(records)} fit(s) to {out_path}")


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


@cli.command()
@click.option("--n", type=click.IntRange(min=1), default=10**6, show_default=True,
              help="neurons")
@click.option("--steps", type=click.IntRange(min=1), default=16, show_default=True,
              help="timesteps T")
@click.option("--repeats", type=click.IntRange(min=1), default=7, show_default=True,
              help="timed calls per variant")
@click.option("--cflags", default=None,
              help="C flags for the minimal loop (default: the c backend's own)")
@click.option("--json", "json_path", metavar="PATH", help="also write the results as JSON here")
def bench(n, steps, repeats, cflags, json_path) -> None:
    """Time the population engine on every backend against a minimal C loop (bit-exact check
    first; exit status 1 if a backend differs)."""
    flags = tuple(cflags.split()) if cflags is not None else tuple(extension_cflags())
    status = run_bench(Settings(n, steps, repeats, flags, json_path))
    if status:
        sys.exit(status)


cli.add_command(sweep_command)


@cli.command("rtl-check")
@click.argument("set_dirs", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option("--lint", is_flag=True, help="also run verilator --lint-only -Wall on the unit")
@click.option("--show-commands", is_flag=True,
              help="print the iverilog and vvp commands (vvp runs inside the set directory)")
def rtl_check(set_dirs, lint, show_commands) -> None:
    """Simulate the reference RTL (hdl/) on golden sets with iverilog; compare every word."""
    from .hw.rtl import check
    from .hw.rtl import lint as lint_unit
    for set_dir in set_dirs:
        report = check(set_dir)
        click.echo(report.summary())
        if show_commands:
            import shlex
            for command in report.commands:
                click.echo("  $ " + shlex.join(command))
        if not report.ok:
            raise FxError(f"{set_dir}: RTL MISMATCH: {report.failed} word(s) differ "
                          f"({report.passed} passed); first: {report.first_mismatch()}")
        if lint:
            lint_unit(report.bench)
            click.echo(f"  verilator --lint-only -Wall {report.bench.unit}: clean")

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
