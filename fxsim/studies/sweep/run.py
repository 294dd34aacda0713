"""Sweeps: what each bit costs in accuracy.

``sweep(op, method, grid, workload, ...)`` runs an operator (looked up by name in the
``fxsim.ops`` registries) over the cartesian product of ``grid`` (any config field, dotted
paths into nested configs and into formats: ``output_format.frac``, ``n``, ``K``, ...),
measures mean_abs / max_abs / mse / rel_l2 against the float64 reference
(:mod:`fxsim.floatref`) and the operator's cost (state bits, table bits, op and spike counts
from ``stats``), and returns one plain dict per point. With ``out`` it also writes
``results.csv`` (appended as points finish; ``resume`` skips done points), ``pareto.csv``,
``summary.md`` and PNG plots, every final file written atomically. Points run inline, in a
local process pool (``jobs``) or on a Dask cluster (``dask="tcp://host:port"``); the rows are
identical whichever way they ran. Definitions: docs/algorithms.md section "Sweeps".
"""
from __future__ import annotations

import contextlib
import itertools
import math
import multiprocessing
import signal
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ... import __version__, ops
from ...arith import quantize, to_float
from ...errors import FxError, FxInterrupted
from ...floatref.functions import reference
from ...floatref.metrics import METRICS, metric_values
from ...floatref.models import float_model
from ...floatref.workloads import load_workload
from ..progress import Progress
from .audit import audit_sweep
from .cost import SIZE_COLUMN, rtl_usage, state_bits, table_bits, usage
from .grid import apply_point, check_grid_size, make_axes, parse_grid
from .mbe_fs import kernel_table_bits
from .parallel import connect_dask
from .plot import pyplot
from .report import (append_row, cell, check_out, columns, make_row, read_done, typed, write_csv,
                     write_outputs)


def evaluate(op: str, method: str, config, x: np.ndarray, backend: str = "numpy",
             metrics: Sequence[str] = METRICS, cost: str = "bits") -> dict:
    """Metrics of one config against the float reference, the same metrics of the float
    reference brought to the output format (``ref_*``; for mbe and fs the method's own float
    model, :func:`fxsim.floatref.models.float_model`) and the cost columns (with
    ``cost="rtl"`` also the RTL gate counts of rows of x's last dimension)."""
    result = ops.get(op, method)(x, config=config, backend=backend)
    y = np.asarray(result.to_float(), np.float64)
    ref = reference(op, x, eps=float(getattr(config, "eps", 1e-5)))
    model = float_model(op, method, config, x)
    best_float = ref if model is None else model
    ideal = np.asarray(to_float(quantize(best_float, result.format), result.format), np.float64)
    got, best = metric_values(y - ref, ref), metric_values(ideal - ref, ref)
    cost_state = state_bits(config)
    cost_table = table_bits(result.constants) + kernel_table_bits(op, method, config)
    row = {m: got[m] for m in metrics}
    row.update({f"ref_{m}": best[m] for m in metrics})
    row.update(state_bits=cost_state, table_bits=cost_table, total_bits=cost_state + cost_table,
               **usage(result.stats, y.size))
    if cost == "rtl":
        row.update(rtl_usage(op, config, x.shape[-1]))
    return row


# ---- running points -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Task:
    index: int
    op: str
    method: str
    config: Any
    backend: str
    metrics: tuple
    cost: str = "bits"


def run_task(task: Task, x: np.ndarray) -> tuple[int, dict | str]:
    """(index, metric/cost row) or (index, "error: message") for one point."""
    try:
        return task.index, evaluate(task.op, task.method, task.config, x, task.backend,
                                    task.metrics, task.cost)
    except FxError as exc:
        return task.index, f"error: {exc}"


_WORKER_X: np.ndarray | None = None


def _init_worker(workload: str) -> None:
    """A pool worker's start: load the workload (.npy) every task reads."""
    global _WORKER_X
    _WORKER_X = np.load(workload)


def _pool_task(task: Task):
    return run_task(task, _WORKER_X)


def run_local(tasks: list[Task], x: np.ndarray, jobs: int) -> Iterator:
    """(index, row) of every task, inline or in ``jobs`` spawned processes (as they finish;
    closing the generator, e.g. on Ctrl-C, terminates the workers at once)."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield run_task(task, x)
        return
    ctx = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="fxsim-sweep-") as tmp:
        workload = Path(tmp) / "workload.npy"
        np.save(workload, x)          # a path, not the array, travels to each worker: the
        with _sigint_ignored():       # start-up message stays small, so this window is short
            pool = ctx.Pool(processes=jobs, initializer=_init_worker,
                            initargs=(str(workload),))
        with pool:
            yield from pool.imap_unordered(_pool_task, tasks)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while worker processes start, so they inherit the disposition: a
    terminal's Ctrl-C (sent to the whole process group) then reaches only the parent, which
    stops the pool."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_dask(tasks: list[Task], x: np.ndarray, client) -> Iterator:
    """(index, row) of every task as the Dask workers finish them (x scattered once)."""
    import distributed
    if not tasks:
        return
    shared = client.scatter(x, broadcast=True)
    futures = client.map(run_task, tasks, x=shared, pure=False)
    for future in distributed.as_completed(futures, loop=client.loop):
        yield future.result()


# ---- the sweep ------------------------------------------------------------------------------
def base_config(op: str, method: str, preset: str = "paper", config=None):
    """The config a sweep starts from: ``config`` (an instance or a TOML path) or the config
    class's named preset (one of its ``PRESETS``, default ``("paper",)``)."""
    cls = ops.config_class(op, method)
    if config is not None:
        return config if isinstance(config, cls) else cls.from_toml(config)
    return ops.preset_config(op, method, preset)


def sweep(op: str, method: str = "nlspike", grid: Iterable[str] | Mapping[str, Any] = (),
          workload: str = "p1", *, preset: str | None = None, config=None,
          metrics: Sequence[str] = METRICS, backend: str = "numpy", d: int = 64,
          rows: int = 256, seed: int = 0, jobs: int = 1, dask: str | None = None,
          out: str | Path | None = None, resume: bool = False, yes: bool = False,
          progress: bool = False, plots: bool = True, model: str | None = None,
          samples: int | None = None, ops: Sequence[str] | None = None,
          cost: str = "bits") -> list[dict]:
    """Run ``op`` by ``method`` over every point of ``grid`` and return one record per point
    (ordered by point index). See the module docstring; with ``out`` the files are written.
    ``cost="rtl"``: also synthesise each point's RTL (rtl_cells, rtl_ffs, rtl_rom_bits) and
    rank the front by cells instead of bits.
    ``preset``: the base config's preset (default "paper"; for the audit "audit").
    ``op="audit"``: the model audit per point (``model``; ``samples`` caps texts per task;
    ``config`` the base audit TOML; ``ops`` the ops audited, default the grid's)."""
    if op == "audit":
        return audit_sweep(grid, model=model, method=method, backend=backend, seed=seed,
                           samples=samples, out=out, yes=yes, progress=progress,
                           config=config, ops=ops, plots=plots, jobs=jobs, dask=dask,
                           preset=preset or "audit")
    preset = preset or "paper"
    metrics = tuple(metrics)
    unknown = [m for m in metrics if m not in METRICS]
    if not metrics or unknown:
        raise FxError(f"unknown metric(s) {', '.join(unknown) or '(none)'}; "
                      f"choose from {', '.join(METRICS)}")
    if jobs < 1:
        raise FxError("-j must be >= 1")
    if cost not in SIZE_COLUMN:
        raise FxError(f"unknown cost {cost!r}; choose from {', '.join(SIZE_COLUMN)}")
    base = base_config(op, method, preset, config)
    axes = make_axes(base, parse_grid(grid))
    total = math.prod(len(a.values) for a in axes)
    check_grid_size(total, yes)
    x = load_workload(op, workload, d, rows, seed)
    baseline = evaluate(op, method, base, x, backend, metrics, cost)
    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        check_out(out_dir, resume)
        if plots:
            pyplot()                                     # FxError now if matplotlib is missing
    client = connect_dask(dask) if dask else None
    header = columns(axes, metrics, cost)
    run_info = {"op": op, "method": method, "preset": "config" if config is not None else preset,
                "workload": workload, "d": d, "rows": rows, "backend": backend, "seed": seed,
                "fxsim_version": __version__}
    try:
        rows_out = _execute(axes, base, metrics, x, run_info, header, out_dir, resume, jobs,
                            client, progress, cost)
    finally:
        if client is not None:
            client.close()
    records = [typed(r, axes, metrics) for r in rows_out]
    if out_dir is not None:
        write_outputs(out_dir, header, rows_out, records, axes, metrics, base, baseline,
                       run_info, plots, SIZE_COLUMN[cost])
    return records


def _execute(axes, base, metrics, x, run_info, header, out_dir, resume, jobs, client,
             progress, cost) -> list[dict[str, str]]:
    """Run every point not already done; rows as CSV strings, ordered by point index."""
    points = list(itertools.product(*(a.values for a in axes)))
    done: dict[int, dict[str, str]] = {}
    csv_path = out_dir / "results.csv" if out_dir is not None else None
    if csv_path is not None:
        if resume and csv_path.exists():
            done = _resumed(csv_path, header, axes, points, run_info)
        out_dir.mkdir(exist_ok=True)
        write_csv(csv_path, header, [done[i] for i in sorted(done)])
    tasks, finished = [], dict(done)
    for i, p in enumerate(points):
        if i in done:
            continue
        point = {a.path: v for a, v in zip(axes, p)}
        try:
            cfg = apply_point(base, point)
        except (FxError, TypeError) as exc:
            finished[i] = make_row(i, point, f"invalid: {exc}", None, run_info, header)
            append_row(csv_path, header, finished[i])
            continue
        tasks.append((point, Task(i, run_info["op"], run_info["method"], cfg,
                                  run_info["backend"], tuple(metrics), cost)))
    runner = run_dask([t for _, t in tasks], x, client) if client is not None else \
        run_local([t for _, t in tasks], x, jobs)
    points_by_index = {t.index: point for point, t in tasks}
    try:
        with Progress(len(tasks), "sweep", "points", progress) as bar:
            for index, result in runner:
                status, values = ("ok", result) if isinstance(result, dict) else (result, None)
                finished[index] = make_row(index, points_by_index[index], status, values,
                                           run_info, header)
                append_row(csv_path, header, finished[index])
                bar.update()
    except KeyboardInterrupt:
        runner.close()                          # stops the pool's workers now
        raise FxInterrupted(_interrupted(len(finished), len(points), csv_path)) from None
    return [finished[i] for i in range(len(points))]


def _interrupted(saved: int, total: int, csv_path: Path | None) -> str:
    """The one line an interrupted sweep ends with: what is kept and how to continue."""
    if csv_path is None:
        return f"sweep stopped after {saved} of {total} points (no --out: nothing saved)"
    return (f"{saved} of {total} points saved in {csv_path}; run the same command with "
            "--resume to continue")


def _resumed(path: Path, header, axes, points, run_info) -> dict[int, dict[str, str]]:
    """Rows of an interrupted results.csv, renumbered to this grid; FxError if they belong to
    another sweep (other operator, workload, seed, ...) or to points outside this grid."""
    by_key = {tuple(cell(v) for v in p): i for i, p in enumerate(points)}
    same = {k: cell(v) for k, v in run_info.items() if k not in ("backend", "fxsim_version")}
    done = {}
    for row in read_done(path, header):
        other = [k for k, v in same.items() if row[k] != v]
        if other:
            raise FxError(f"{path} holds a sweep with another {', '.join(other)}; "
                          "choose a new --out")
        key = tuple(row[a.path] for a in axes)
        if key not in by_key:
            raise FxError(f"{path} holds point {dict(zip((a.path for a in axes), key))}, "
                          "which is outside this grid; --resume needs a grid that contains it")
        done[by_key[key]] = {**row, "point": str(by_key[key])}
    return done
