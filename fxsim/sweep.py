"""Sweeps (SPEC 9, issue 8): what each bit costs in accuracy.

``sweep(op, method, grid, workload, ...)`` runs an operator (looked up by name in the
``fxsim.ops`` registries) over the cartesian product of ``grid`` (any config field, dotted
paths into nested configs and into formats: ``output_format.frac``, ``n``, ``K``, ...),
measures mean_abs / max_abs / mse / rel_l2 against the float64 reference
(:mod:`fxsim.float_ref`) and the operator's cost (state bits, table bits, op and spike counts
from ``stats``), and returns one plain dict per point. With ``out`` it also writes
``results.csv`` (appended as points finish; ``resume`` skips done points), ``pareto.csv``,
``summary.md`` and PNG plots, every final file written atomically. Points run inline, in a
local process pool (``jobs``) or on a Dask cluster (``dask="tcp://host:port"``); the rows are
identical whichever way they ran. Definitions: docs/algorithms.md section "Sweeps".
"""
from __future__ import annotations

import csv
import dataclasses
import itertools
import json
import math
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import FxError
from .formats import Format, parse_overflow, parse_rounding

METRICS = ("mean_abs", "max_abs", "mse", "rel_l2")
MAX_POINTS = 100_000
#: ``stats`` totals that count operations (spikes are counted apart)
OP_KEYS = ("adds", "compares", "shifts", "lut_reads", "multiplies", "merges")
#: parts of a format a dotted path may name: FIELD.width keeps frac; FIELD.frac and FIELD.int
#: keep the other of (integer bits, fractional bits) and move the width with it
FORMAT_PARTS = ("signed", "int", "frac", "width", "rounding", "overflow")
#: P2 Table X domains (Appendix G.1) of the operators with a Table X row, and for tanh and
#: exp (no Table X row) P1's activation interval and exp's use in softmax (x - max <= 0);
#: sampled at M = 10,000 evenly spaced points
P2_DOMAINS = {"gelu": (-120.0, 10.0), "reciprocal": (0.5, 1.0), "rsqrt": (0.5, 2.0),
              "tanh": (-5.0, 5.0), "exp": (-10.0, 0.0)}
P2_SAMPLES = 10_000
COST_COLUMNS = ("state_bits", "table_bits", "total_bits", "spikes_per_elem", "ops_per_elem",
                "overflow")
RUN_COLUMNS = ("status", "op", "method", "preset", "workload", "d", "rows", "backend", "seed",
               "fxsim_version")


# ---- grid -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Axis:
    """One swept field: dotted ``path``, its ``kind`` and typed ``values``."""

    path: str
    kind: str
    values: tuple


def _split_values(text: str) -> list[str]:
    """Split on commas that are not inside ``<...>`` (format strings hold commas)."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += (ch == "<") - (ch == ">")
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _range_values(field: str, text: str) -> list:
    """``LO:HI[:STEP]``, HI inclusive; ints unless a bound or the step has a point or exponent."""
    bits = text.split(":")
    if len(bits) not in (2, 3) or not all(_NUMBER.match(b.strip()) for b in bits):
        raise FxError(f"grid {field}: range {text!r} must be LO:HI or LO:HI:STEP with numbers")
    is_int = all(re.fullmatch(r"[+-]?\d+", b.strip()) for b in bits)
    lo, hi, step = [int(b) if is_int else float(b) for b in bits] + ([] if len(bits) == 3 else [1])
    if step <= 0:
        raise FxError(f"grid {field}: range step must be > 0, got {step}")
    if is_int:
        return list(range(lo, hi + 1, step))
    count = math.floor((hi - lo) / step + 1e-9) + 1
    return [float(f"{lo + k * step:.12g}") for k in range(max(count, 0))]


def parse_grid(specs: Iterable[str] | Mapping[str, Any]) -> dict[str, list]:
    """``["FIELD=V1,V2", "FIELD=LO:HI[:STEP]"]`` (or a ``{field: values}`` mapping, where a
    string value is parsed the same way) -> ``{field: [values]}``, values still untyped."""
    if isinstance(specs, Mapping):
        items = [(str(k), v) for k, v in specs.items()]
    else:
        items = []
        for spec in specs:
            field, sep, text = str(spec).partition("=")
            if not sep or not field.strip():
                raise FxError(f"grid {spec!r} must look like FIELD=V1,V2 or FIELD=LO:HI[:STEP]")
            items.append((field.strip(), text.strip()))
    grid: dict[str, list] = {}
    for field, value in items:
        if field in grid:
            raise FxError(f"grid field {field!r} given twice")
        if isinstance(value, str):
            value = value.strip()
            is_range = ":" in value and "<" not in value and "," not in value
            values = _range_values(field, value) if is_range else _split_values(value)
        elif isinstance(value, (list, tuple, range)):
            values = list(value)
        else:
            values = [value]
        if not values:
            raise FxError(f"grid {field} has no values (empty grid)")
        grid[field] = values
    if not grid:
        raise FxError("empty grid: give at least one --grid FIELD=VALUES")
    return grid


def _format_of(value) -> Format | None:
    if isinstance(value, Format):
        return value
    if isinstance(value, str):
        try:
            return Format.parse(value)
        except FxError:
            return None
    return None


def field_kind(config, path: str) -> str:
    """Kind of the config field at dotted ``path``: int, float, bool, str, format or
    format.<part>; FxError naming the known fields if there is none."""
    obj, parts = config, path.split(".")
    for i, part in enumerate(parts):
        if dataclasses.is_dataclass(obj):
            names = [f.name for f in dataclasses.fields(obj)]
            if part not in names:
                where = ".".join(parts[:i]) or type(config).__name__
                raise FxError(f"unknown field {path!r}: {where} has {', '.join(names)}")
            obj = getattr(obj, part)
            continue
        fmt = _format_of(obj)
        if fmt is not None and part in FORMAT_PARTS and i == len(parts) - 1:
            return f"format.{part}"
        raise FxError(f"unknown field {path!r}: {'.'.join(parts[:i])} is not a section"
                      + (f" (a format's parts: {', '.join(FORMAT_PARTS)})" if fmt else ""))
    if dataclasses.is_dataclass(obj):
        raise FxError(f"field {path!r} is a section; sweep one of its fields: "
                      f"{', '.join(f.name for f in dataclasses.fields(obj))}")
    if isinstance(obj, bool):
        return "bool"
    if isinstance(obj, int):
        return "int"
    if isinstance(obj, float):
        return "float"
    if _format_of(obj) is not None:
        return "format"
    if isinstance(obj, str):
        return "str"
    raise FxError(f"field {path!r} holds a {type(obj).__name__}, which cannot be swept")


def _as_int(path: str, v) -> int:
    if isinstance(v, bool) or not (isinstance(v, int) or
                                   (isinstance(v, str) and re.fullmatch(r"\s*[+-]?\d+\s*", v))):
        raise FxError(f"grid {path}: {v!r} is not an integer")
    return int(v)


def _as_bool(path: str, v) -> bool:
    if isinstance(v, bool):
        return v
    text = str(v).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise FxError(f"grid {path}: {v!r} is not a boolean (true/false)")


def _as_float(path: str, v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, str)) or \
            (isinstance(v, str) and not _NUMBER.match(v.strip())):
        raise FxError(f"grid {path}: {v!r} is not a number")
    value = float(v)
    if not math.isfinite(value):
        raise FxError(f"grid {path}: {v!r} is not finite")
    return value


def coerce(path: str, kind: str, v):
    """A grid value as the field's type; FxError (one line) on the wrong type."""
    if kind in ("int", "format.width", "format.frac", "format.int"):
        return _as_int(path, v)
    if kind in ("bool", "format.signed"):
        return _as_bool(path, v)
    if kind == "float":
        return _as_float(path, v)
    if kind in ("format.rounding", "format.overflow"):
        parse = parse_rounding if kind == "format.rounding" else parse_overflow
        try:
            return parse(str(v)).name
        except FxError as exc:
            raise FxError(f"grid {path}: {exc}") from None
    if kind == "format":
        fmt = _format_of(v)
        if fmt is None:
            raise FxError(f"grid {path}: {v!r} is not a format such as fixed<16,8,TRN,SAT>")
        return str(fmt)
    if not isinstance(v, str):
        raise FxError(f"grid {path}: {v!r} is not a string")
    return v


def make_axes(config, grid: Mapping[str, list]) -> list[Axis]:
    """Typed axes for ``grid`` over ``config`` (every field and value checked)."""
    axes = []
    for path, values in grid.items():
        kind = field_kind(config, path)
        axes.append(Axis(path, kind, tuple(coerce(path, kind, v) for v in values)))
    return axes


# ---- applying a point -------------------------------------------------------------------------
_PART_ORDER = {p: i for i, p in enumerate(FORMAT_PARTS)}


def _apply_format(current, changes: list[tuple[list[str], Any]]):
    fmt = _format_of(current)
    for parts, value in sorted(changes, key=lambda c: _PART_ORDER[c[0][0]]):
        part = parts[0]
        if part == "int":
            fmt = fmt.replace(width=value + fmt.frac)
        elif part == "frac":
            fmt = fmt.replace(width=fmt.int_bits + value, frac=value)
        else:
            fmt = fmt.replace(**{part: value})
    return str(fmt) if isinstance(current, str) else fmt


def _apply(obj, changes: list[tuple[list[str], Any]]):
    if not dataclasses.is_dataclass(obj):
        return _apply_format(obj, changes)
    by_field: dict[str, list] = {}
    for parts, value in changes:
        by_field.setdefault(parts[0], []).append((parts[1:], value))
    updates = {}
    for name, subs in by_field.items():
        whole = [value for rest, value in subs if not rest]
        current = whole[-1] if whole else getattr(obj, name)
        nested = [(rest, value) for rest, value in subs if rest]
        updates[name] = _apply(current, nested) if nested else current
    return dataclasses.replace(obj, **updates)


def apply_point(config, point: Mapping[str, Any]):
    """A new config with every ``{dotted path: value}`` of ``point`` set at once (one
    validation, so a pair such as n and output_format.frac can move together)."""
    return _apply(config, [(path.split("."), value) for path, value in point.items()])


# ---- workloads, metrics, cost -------------------------------------------------------------------
def load_workload(op: str, workload: str, d: int = 64, rows: int = 256,
                  seed: int = 0) -> np.ndarray:
    """Float inputs: ``p1`` (P1's workload: activations on 20001 points of [-5, 5], softmax
    rows of 7 N(0,1), norms N(0,1) rows of length d), ``p2`` (Table X domains) or a ``.npy``."""
    from .check import WORKLOADS
    from .check import workload as p1_workload
    if workload.endswith(".npy"):
        from .config import load_array
        x = np.asarray(load_array(workload))
        if x.dtype.kind not in "fiu" or x.size == 0:
            raise FxError(f"workload {workload}: need a non-empty numeric array, got {x.dtype}")
        x = x.astype(np.float64)
        if not np.isfinite(x).all():
            raise FxError(f"workload {workload} holds NaN or infinite values")
        return x
    if rows < 1 or d < 1:
        raise FxError("--rows and --d must be >= 1")
    if workload == "p1":
        if op not in WORKLOADS:
            raise FxError(f"no P1 workload for {op!r}; P1 workloads: {', '.join(WORKLOADS)}")
        return p1_workload(op, None if WORKLOADS[op] == [None] else d, rows, seed)
    if workload == "p2":
        if op not in P2_DOMAINS:
            raise FxError(f"no P2 workload for {op!r}; P2 workloads: {', '.join(P2_DOMAINS)}")
        return np.linspace(*P2_DOMAINS[op], P2_SAMPLES)
    raise FxError(f"unknown workload {workload!r}; expected p1, p2 or a .npy file")


def metric_values(err: np.ndarray, ref: np.ndarray) -> dict[str, float]:
    """mean_abs, max_abs, mse (mean of err^2) and rel_l2 (||err||_2 / ||ref||_2)."""
    norm = float(np.sqrt(np.sum(ref * ref)))
    return {"mean_abs": float(np.mean(np.abs(err))), "max_abs": float(np.max(np.abs(err))),
            "mse": float(np.mean(err * err)),
            "rel_l2": float(np.sqrt(np.sum(err * err)) / norm) if norm else math.nan}


def state_bits(config) -> int:
    """Sum of the widths of every stored format and every ``*_width`` field of the config."""
    total = 0
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if dataclasses.is_dataclass(value):
            total += state_bits(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            total += value if f.name.endswith("_width") else 0
        elif _format_of(value) is not None:
            total += _format_of(value).width
    return total


def _int_bits(lo: int, hi: int) -> int:
    if lo < 0:
        return max(hi.bit_length(), (-lo - 1).bit_length()) + 1
    return max(hi.bit_length(), 1)


def table_bits(constants) -> int:
    """Bits of every integer table (list of ints) in an operator's recorded constants, each
    entry at the two's complement / unsigned width its values need."""
    if isinstance(constants, Mapping):
        return sum(table_bits(v) for v in constants.values())
    if isinstance(constants, (list, tuple)) and constants:
        if all(isinstance(v, int) and not isinstance(v, bool) for v in constants):
            return len(constants) * _int_bits(min(constants), max(constants))
        return sum(table_bits(v) for v in constants)
    return 0


def evaluate(op: str, method: str, config, x: np.ndarray, backend: str = "numpy",
             metrics: Sequence[str] = METRICS) -> dict:
    """Metrics of one config against the float reference, the same metrics of the float
    reference brought to the output format (``ref_*``; for mbe and fs the method's own float
    model, :func:`fxsim.sweep_p2.float_model`) and the cost columns."""
    from . import ops
    from .arith import quantize, to_float
    from .float_ref import reference
    from .sweep_p2 import float_model
    from .sweep_p2 import table_bits as kernel_table_bits
    result = ops.get(op, method)(x, config=config, backend=backend)
    y = np.asarray(result.to_float(), np.float64)
    ref = reference(op, x, eps=float(getattr(config, "eps", 1e-5)))
    model = float_model(op, method, config, x)
    best_float = ref if model is None else model
    ideal = np.asarray(to_float(quantize(best_float, result.format), result.format), np.float64)
    got, best = metric_values(y - ref, ref), metric_values(ideal - ref, ref)
    stats = result.stats
    cost_state = state_bits(config)
    cost_table = table_bits(result.constants) + kernel_table_bits(op, method, config)
    row = {m: got[m] for m in metrics}
    row.update({f"ref_{m}": best[m] for m in metrics})
    row.update(state_bits=cost_state, table_bits=cost_table, total_bits=cost_state + cost_table,
               spikes_per_elem=stats.get("spikes", 0) / y.size,
               ops_per_elem=sum(stats.get(k, 0) for k in OP_KEYS) / y.size,
               overflow=int(stats.get("overflow", 0)))
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


def run_task(task: Task, x: np.ndarray) -> tuple[int, dict | str]:
    """(index, metric/cost row) or (index, "error: message") for one point."""
    try:
        return task.index, evaluate(task.op, task.method, task.config, x, task.backend,
                                    task.metrics)
    except FxError as exc:
        return task.index, f"error: {exc}"


_WORKER_X: np.ndarray | None = None


def _init_worker(x: np.ndarray) -> None:
    global _WORKER_X
    _WORKER_X = x


def _pool_task(task: Task):
    return run_task(task, _WORKER_X)


def _run_local(tasks: list[Task], x: np.ndarray, jobs: int) -> Iterator:
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield run_task(task, x)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                             initargs=(x,)) as pool:
        for future in as_completed([pool.submit(_pool_task, t) for t in tasks]):
            yield future.result()


def connect_dask(address: str):
    """A ``distributed.Client`` on ``address``; FxError if the extra is missing or the
    scheduler cannot be reached within 5 s."""
    try:
        from distributed import Client
    except ImportError:
        raise FxError("--dask needs the sweep extra: pip install 'fxsim[sweep]'") from None
    try:
        return Client(address, timeout="5s", set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FxError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


def _run_dask(tasks: list[Task], x: np.ndarray, client) -> Iterator:
    from distributed import as_completed
    if not tasks:
        return
    shared = client.scatter(x, broadcast=True)
    futures = client.map(run_task, tasks, x=shared, pure=False)
    for future in as_completed(futures, loop=client.loop):
        yield future.result()


class _Progress:
    """A one-line text progress bar on stderr (no-op when disabled)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and total > 0

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            filled = 30 * self.done // self.total
            sys.stderr.write(f"\rsweep [{'#' * filled}{'.' * (30 - filled)}] "
                             f"{self.done}/{self.total} points")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


# ---- records and files --------------------------------------------------------------------------
def columns(axes: Sequence[Axis], metrics: Sequence[str]) -> list[str]:
    return (["point"] + [a.path for a in axes] + list(metrics) + [f"ref_{m}" for m in metrics]
            + list(COST_COLUMNS) + list(RUN_COLUMNS))


def _cell(value) -> str:
    if isinstance(value, float):
        return repr(value)                        # shortest exact round trip
    return str(value)


def _typed(row: Mapping[str, str], axes: Sequence[Axis], metrics: Sequence[str]) -> dict:
    """A CSV row back to typed values (float metrics, int counts, typed axis values)."""
    out: dict[str, Any] = dict(row)
    out["point"] = int(row["point"])
    for axis in axes:
        out[axis.path] = coerce(axis.path, axis.kind, row[axis.path])
    floats = list(metrics) + [f"ref_{m}" for m in metrics] + ["spikes_per_elem", "ops_per_elem"]
    for key in floats:
        out[key] = float(row[key]) if row[key] != "" else math.nan
    for key in ("state_bits", "table_bits", "total_bits", "overflow", "d", "rows", "seed"):
        out[key] = int(row[key]) if row[key] != "" else None
    return out


def _read_done(path: Path, header: list[str]) -> list[dict[str, str]]:
    """Complete rows of an existing results.csv (a torn last line is dropped)."""
    with open(path, newline="") as fh:
        reader = csv.reader(fh)
        found = next(reader, None)
        if found != header:
            raise FxError(f"{path} belongs to a different sweep (other columns); "
                          "choose a new --out")
        return [dict(zip(header, r)) for r in reader if len(r) == len(header)]


def _write_csv(path: Path, header: list[str], rows: Iterable[Mapping]) -> None:
    from .io import atomic_path
    with atomic_path(path) as tmp, open(tmp, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(row[c]) for c in header])


def pareto(records: Sequence[Mapping], metric: str) -> list[Mapping]:
    """Points no other point beats on (metric, total_bits, ops_per_elem, spikes_per_elem)
    (all minimised), ordered by total_bits."""
    keys = (metric, "total_bits", "ops_per_elem", "spikes_per_elem")
    ok = [r for r in records if r["status"] == "ok" and math.isfinite(r[metric])]
    front: list[Mapping] = []
    for r in sorted(ok, key=lambda r: tuple(r[k] for k in keys)):
        v = tuple(r[k] for k in keys)
        if not any(all(f[k] <= x for k, x in zip(keys, v)) and tuple(f[k] for k in keys) != v
                   for f in front):
            front.append(r)
    return sorted(front, key=lambda r: (r["total_bits"], r[metric]))


def smallest_within(records: Sequence[Mapping], targets: Mapping[str, float],
                    tolerance: float = 0.10):
    """The ok point of fewest total bits whose every metric in ``targets`` is at most
    (1 + tolerance) * its target (ties: smaller first metric, then lower point index)."""
    first = next(iter(targets))
    fits = [r for r in records if r["status"] == "ok"
            and all(r[m] <= (1 + tolerance) * t for m, t in targets.items())]
    return min(fits, key=lambda r: (r["total_bits"], r[first], r["point"]), default=None)


def criteria(metrics: Sequence[str]) -> list[tuple[str, ...]]:
    """The metric sets a summary answers "smallest within 10 %" for: the first metric alone,
    and mean_abs with max_abs when both were measured."""
    sets = [(metrics[0],)]
    if {"mean_abs", "max_abs"} <= set(metrics) and metrics[0] in ("mean_abs", "max_abs"):
        sets.append(("mean_abs", "max_abs"))
    return sets


def _summary(records, axes, metrics: Sequence[str], baseline: Mapping, info: Mapping) -> str:
    ok = sum(r["status"] == "ok" for r in records)
    shown = ", ".join(f"{m} {baseline[m]:.4g}" for m in metrics)
    refs = ", ".join(f"{m} {baseline[f'ref_{m}']:.4g}" for m in metrics)
    lines = [f"# Sweep: {info['op']} ({info['method']}), workload {info['workload']}, "
             f"preset {info['preset']}", "",
             f"{len(records)} points, {ok} ran, {len(records) - ok} invalid or failed.", "",
             f"Preset ({baseline['total_bits']} bits): {shown}.", "",
             f"Float reference on the preset's output grid: {refs}.", ""]
    for names in criteria(metrics):
        best = smallest_within(records, {m: baseline[f"ref_{m}"] for m in names})
        label = " and ".join(names)
        if best is None:
            lines.append(f"- within 10 % on {label}: no point of the grid.")
            continue
        setting = ", ".join(f"{a.path}={best[a.path]}" for a in axes)
        got = ", ".join(f"{m} {best[m]:.4g}" for m in metrics)
        lines.append(f"- within 10 % on {label}: {setting} ({best['total_bits']} bits = "
                     f"{best['state_bits']} state + {best['table_bits']} table; {got}).")
    return "\n".join(lines) + "\n"


# ---- the sweep ----------------------------------------------------------------------------------
def base_config(op: str, method: str, preset: str = "paper", config=None):
    """The config a sweep starts from: ``config`` (an instance or a TOML path) or the config
    class's named preset (one of its ``PRESETS``, default ``("paper",)``)."""
    from . import ops
    cls = ops.config_class(op, method)
    if config is not None:
        return config if isinstance(config, cls) else cls.from_toml(config)
    presets = getattr(cls, "PRESETS", ("paper",))
    if preset not in presets:
        raise FxError(f"unknown preset {preset!r} for {op} ({method}); "
                      f"available: {', '.join(presets)}")
    return getattr(cls, preset)()


def _check_out(out: Path, resume: bool) -> None:
    if not out.parent.is_dir():
        raise FxError(f"output directory's parent does not exist: {out.parent}")
    if out.exists() and not out.is_dir():
        raise FxError(f"--out {out} exists and is not a directory")
    if (out / "results.csv").exists() and not resume:
        raise FxError(f"{out / 'results.csv'} exists; pass --resume to continue it or choose "
                      "a new --out")


def sweep(op: str, method: str = "nlspike", grid: Iterable[str] | Mapping[str, Any] = (),
          workload: str = "p1", *, preset: str = "paper", config=None,
          metrics: Sequence[str] = METRICS, backend: str = "numpy", d: int = 64,
          rows: int = 256, seed: int = 0, jobs: int = 1, dask: str | None = None,
          out: str | Path | None = None, resume: bool = False, yes: bool = False,
          progress: bool = False, plots: bool = True, model: str | None = None,
          samples: int | None = None, ops: Sequence[str] | None = None) -> list[dict]:
    """Run ``op`` by ``method`` over every point of ``grid`` and return one record per point
    (ordered by point index). See the module docstring; with ``out`` the files are written.
    ``op="audit"``: the model audit per point (``model``; ``samples`` caps texts per task;
    ``config`` the base audit TOML; ``ops`` the ops audited, default the grid's)."""
    if op == "audit":
        from .sweep_audit import audit_sweep
        return audit_sweep(grid, model=model, method=method, backend=backend, seed=seed,
                           samples=samples, out=out, yes=yes, progress=progress,
                           config=config, ops=ops, plots=plots)
    from . import __version__
    metrics = tuple(metrics)
    unknown = [m for m in metrics if m not in METRICS]
    if not metrics or unknown:
        raise FxError(f"unknown metric(s) {', '.join(unknown) or '(none)'}; "
                      f"choose from {', '.join(METRICS)}")
    if jobs < 1:
        raise FxError("-j must be >= 1")
    base = base_config(op, method, preset, config)
    axes = make_axes(base, parse_grid(grid))
    total = math.prod(len(a.values) for a in axes)
    if total > MAX_POINTS and not yes:
        raise FxError(f"the grid has {total:,} points (> {MAX_POINTS:,}); pass --yes to run it")
    x = load_workload(op, workload, d, rows, seed)
    baseline = evaluate(op, method, base, x, backend, metrics)
    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        _check_out(out_dir, resume)
        if plots:
            from .sweep_plot import pyplot
            pyplot()                                     # FxError now if matplotlib is missing
    client = connect_dask(dask) if dask else None
    header = columns(axes, metrics)
    run_info = {"op": op, "method": method, "preset": "config" if config is not None else preset,
                "workload": workload, "d": d, "rows": rows, "backend": backend, "seed": seed,
                "fxsim_version": __version__}
    try:
        rows_out = _execute(axes, base, metrics, x, run_info, header, out_dir, resume, jobs,
                            client, progress)
    finally:
        if client is not None:
            client.close()
    records = [_typed(r, axes, metrics) for r in rows_out]
    if out_dir is not None:
        _write_outputs(out_dir, header, rows_out, records, axes, metrics, base, baseline,
                       run_info, plots)
    return records


def _write_outputs(out_dir: Path, header, rows_out, records, axes, metrics, base, baseline,
                   run_info, plots: bool) -> None:
    """The final results.csv (point order), pareto.csv, base_config.toml, summary.md, PNGs."""
    from .io import atomic_path
    front = pareto(records, metrics[0])
    _write_csv(out_dir / "results.csv", header, rows_out)
    _write_csv(out_dir / "pareto.csv", header, [rows_out[r["point"]] for r in front])
    with atomic_path(out_dir / "base_config.toml") as tmp:
        tmp.write_text(base.to_toml() if hasattr(base, "to_toml") else
                       json.dumps(dataclasses.asdict(base), indent=1))
    with atomic_path(out_dir / "summary.md") as tmp:
        tmp.write_text(_summary(records, axes, metrics, baseline, run_info))
    if plots:
        from .sweep_plot import plot_sweep
        plot_sweep(records, axes, metrics[0], out_dir, front, baseline)


def _execute(axes, base, metrics, x, run_info, header, out_dir, resume, jobs, client,
             progress) -> list[dict[str, str]]:
    """Run every point not already done; rows as CSV strings, ordered by point index."""
    points = list(itertools.product(*(a.values for a in axes)))
    done: dict[int, dict[str, str]] = {}
    csv_path = out_dir / "results.csv" if out_dir is not None else None
    if csv_path is not None:
        if resume and csv_path.exists():
            done = _resumed(csv_path, header, axes, points, run_info)
        out_dir.mkdir(exist_ok=True)
        _write_csv(csv_path, header, [done[i] for i in sorted(done)])
    tasks, finished = [], dict(done)
    for i, p in enumerate(points):
        if i in done:
            continue
        point = {a.path: v for a, v in zip(axes, p)}
        try:
            cfg = apply_point(base, point)
        except (FxError, TypeError) as exc:
            finished[i] = _row(i, point, f"invalid: {exc}", None, run_info, header)
            _append(csv_path, header, finished[i])
            continue
        tasks.append((point, Task(i, run_info["op"], run_info["method"], cfg,
                                  run_info["backend"], tuple(metrics))))
    bar = _Progress(len(tasks), progress)
    runner = _run_dask([t for _, t in tasks], x, client) if client is not None else \
        _run_local([t for _, t in tasks], x, jobs)
    points_by_index = {t.index: point for point, t in tasks}
    for index, result in runner:
        status, values = ("ok", result) if isinstance(result, dict) else (result, None)
        finished[index] = _row(index, points_by_index[index], status, values, run_info, header)
        _append(csv_path, header, finished[index])
        bar.step()
    return [finished[i] for i in range(len(points))]


def _resumed(path: Path, header, axes, points, run_info) -> dict[int, dict[str, str]]:
    """Rows of an interrupted results.csv, renumbered to this grid; FxError if they belong to
    another sweep (other operator, workload, seed, ...) or to points outside this grid."""
    by_key = {tuple(_cell(v) for v in p): i for i, p in enumerate(points)}
    same = {k: _cell(v) for k, v in run_info.items() if k not in ("backend", "fxsim_version")}
    done = {}
    for row in _read_done(path, header):
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


def _row(index, point, status, values, run_info, header) -> dict[str, str]:
    row = {c: "" for c in header}
    row.update(point=str(index), status=status)
    row.update({k: _cell(v) for k, v in point.items()})
    row.update({k: _cell(v) for k, v in run_info.items()})
    if values:
        row.update({k: _cell(v) for k, v in values.items()})
    return row


def _append(path: Path | None, header: list[str], row: Mapping[str, str]) -> None:
    """Append one finished row (a whole line, flushed) so an interrupted sweep keeps it."""
    if path is None:
        return
    with open(path, "a", newline="") as fh:
        csv.writer(fh).writerow([row[c] for c in header])
        fh.flush()
