"""``fxsim sweep``: a thin click layer over :func:`fxsim.studies.sweep.sweep`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import FxError
from ..studies.sweep import sweep
from .options import backend_option, method_option, out_dir_option, seed_option, split_names


@click.command("sweep")
@click.argument("op")
@method_option()
@click.option("--preset", default=None,
              help="config preset to start from (default paper; sweep audit: audit)")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML config to start from instead of --preset")
@click.option("--grid", "grid", multiple=True,
              help="FIELD=V1,V2,... or FIELD=LO:HI[:STEP] (HI inclusive); repeatable. FIELD is "
                   "a config field, dotted into formats: output_format.frac, n, K, ...")
@click.option("--metric", "metric_list", default="mean_abs,max_abs,mse,rel_l2",
              show_default=True, help="metrics vs the float reference; the first ranks points")
@click.option("--workload", default="p1", show_default=True, help="p1, p2 or a .npy file")
@click.option("--d", "width", type=int, default=64, show_default=True,
              help="row length of row operators' P1 workload")
@click.option("--rows", type=int, default=256, show_default=True, help="rows of P1 workloads")
@seed_option()
@backend_option()
@click.option("-j", "--jobs", type=int, default=1, show_default=True, help="local processes")
@click.option("--dask", "dask_address", help="run on the Dask scheduler at tcp://HOST:PORT")
@out_dir_option()
@click.option("--resume", is_flag=True, help="keep results.csv's rows and run the rest")
@click.option("--yes", is_flag=True, help="allow a grid of more than 100,000 points")
@click.option("--plots/--no-plots", default=True, show_default=True)
@click.option("--progress/--no-progress", default=None,
              help="progress bar on stderr (default: when stderr is a terminal)")
@click.option("--model", help="sweep audit: the model to audit (minilm, gemma3-270m)")
@click.option("--samples", type=click.IntRange(min=1), default=None,
              help="sweep audit: cap on texts per task (default: every text)")
@click.option("--cost", type=click.Choice(["bits", "rtl"]), default="bits", show_default=True,
              help="rtl: also synthesise each point's reference RTL with Yosys (cells, "
                   "flip-flops, LUT-ROM bits; nlspike softmax and sigmoid) and rank the "
                   "Pareto front by cells")
@click.option("--ops", "ops_list", default=None,
              help="sweep audit: ops audited at every point, e.g. softmax,gelu,layernorm "
                   "(default: the grid's ops); --config gives their base tables")
def sweep_command(op: str, method: str, preset: str | None, config_path: str | None,
                  grid: tuple[str, ...], metric_list: str, workload: str, width: int, rows: int,
                  seed: int, backend: str, jobs: int, dask_address: str | None, out_dir: str,
                  resume: bool, yes: bool, plots: bool, progress: bool | None,
                  model: str | None, samples: int | None, cost: str,
                  ops_list: str | None) -> None:
    """Sweep OP (an operator, or `audit` for the model audit) over a grid of config values:
    results.csv, pareto.csv, summary.md and PNG plots in --out."""
    if op != "audit" and (model or samples or ops_list):
        raise FxError("--model, --samples and --ops belong to `fxsim sweep audit`")
    if progress is None:
        progress = sys.stderr.isatty()
    records = sweep(op, method, list(grid), workload, preset=preset, config=config_path,
                    metrics=split_names(metric_list), backend=backend, d=width, rows=rows,
                    seed=seed, jobs=jobs, dask=dask_address, out=out_dir, resume=resume,
                    yes=yes, progress=progress, plots=plots, model=model, samples=samples,
                    ops=None if ops_list is None else split_names(ops_list), cost=cost)
    ok = sum(r.get("status", "ok") == "ok" for r in records)
    click.echo(f"{len(records)} points ({ok} ran) written to {out_dir}")
    echo_summary_headline(Path(out_dir) / "summary.md")


def echo_summary_headline(summary: Path) -> None:
    """Print summary.md's preset line and its "- within" lines, if the sweep wrote one."""
    if summary.exists():
        for line in summary.read_text().splitlines():
            if line.startswith(("Preset", "- within")):
                click.echo(line)
