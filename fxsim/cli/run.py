"""``fxsim run``: one population config or one operator, with a printed summary."""
from __future__ import annotations

import click
import numpy as np

from .. import __version__, ops
from ..errors import FxError
from ..files.inputs import float_input, load_array
from ..files.population_toml import load
from ..files.trace_npz import save_op_result, save_trace
from ..floatref.workloads import operator_workload
from ..ops.result import per_element
from ..population import simulate
from .options import (backend_option, command_line, method_option, record_names,
                      require_parent_dir, seed_option)


@click.command()
@click.argument("target")
@click.option("--input", "input_path", type=click.Path(dir_okay=False),
              help="population: raw integer inputs (.npy), [T, n] (current) or [n] (initial); "
                   "operator: float inputs (.npy)")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="write results (.npz)")
@backend_option()
@click.option("--record", default="", help="population: comma list of v,i,spikes,acc, or 'all'")
@click.option("--on-overflow", default="count", show_default=True, help="count | raise")
@method_option()
@click.option("--config", "op_config", type=click.Path(dir_okay=False),
              help="operator: TOML config (default: the method's paper preset)")
@click.option("--rows", type=int, default=64, show_default=True,
              help="operator without --input: rows of P1's workload (seeded)")
@click.option("--d", "width", type=int, default=64, show_default=True,
              help="operator without --input: row length")
@seed_option()
def run(target: str, input_path: str | None, out_path: str | None, backend: str, record: str,
        on_overflow: str, method: str, op_config: str | None, rows: int, width: int,
        seed: int) -> None:
    """Run TARGET: a population config (TOML file) or an operator name (softmax, silu, sigmoid,
    gelu_tanh, rmsnorm, layernorm; with --method mbe also gelu, tanh, exp, reciprocal, rsqrt;
    --method fs: sigmoid, silu, gelu), and print a summary."""
    if out_path:
        require_parent_dir(out_path)
    if target in ops.OPERATORS:
        run_operator(target, method, op_config, input_path, rows, width, seed, backend,
                     out_path)
        return
    run_population(target, input_path, out_path, backend, record, on_overflow)


def operator_inputs(op: str, input_path: str | None, rows: int, width: int,
                    seed: int) -> np.ndarray:
    """Float inputs of ``op``: the --input file, else P1's seeded workload (rows x width for
    row operators; positive for reciprocal and rsqrt)."""
    if rows < 1 or width < 1:
        raise FxError("--rows and --d must be >= 1")
    if input_path:
        return float_input(input_path)
    return operator_workload(op, rows, width, seed)


def run_operator(op: str, method: str, op_config: str | None, input_path: str | None,
                 rows: int, width: int, seed: int, backend: str, out_path: str | None) -> None:
    """Run operator ``op`` with ``method`` and print its output range and stats."""
    cls = ops.config_class(op, method)
    config = cls.from_toml(op_config) if op_config else cls.paper()
    x = operator_inputs(op, input_path, rows, width, seed)
    result = ops.get(op, method)(x, config=config, backend=backend)
    y = result.to_float()
    click.echo(f"{op} ({method}) on {backend}: input {list(x.shape)} -> output {result.format}")
    click.echo(f"  output range [{y.min():.6g}, {y.max():.6g}]")
    totals = {k: v for k, v in result.stats.items() if "." not in k}
    click.echo("  stats: " + ", ".join(f"{k}={v}" for k, v in sorted(totals.items())))
    click.echo("  per element: " + ", ".join(
        f"{k} {v:.2f}" for k, v in per_element(result.stats, x.size).items()))
    if out_path:
        save_op_result(result, x, out_path, {"operator": op, "method": method,
                                             "backend": backend, "config": config.to_dict()})
        click.echo(f"  written to {out_path}")


def run_population(config: str, input_path: str | None, out_path: str | None, backend: str,
                   record: str, on_overflow: str) -> None:
    """Simulate the population described by ``config`` (TOML) and print a summary."""
    pop, default_input, _ = load(config)
    inputs = load_array(input_path) if input_path else default_input
    trace = simulate(pop, inputs, backend=backend, record=record_names(record),
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
                                     "command": command_line()})
        click.echo(f"  trace written to {out_path}")
