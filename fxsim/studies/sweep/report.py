"""Sweep files: results.csv (a row per point, appended as points finish), pareto.csv,
base_config.toml, summary.md and the plots; every final file written atomically."""
from __future__ import annotations

import csv
import dataclasses
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ...errors import FxError
from ...files.atomic import atomic_path, writable_dir
from .cost import COST_COLUMNS, EXTRA_COLUMNS
from .grid import Axis, coerce
from .plot import plot_sweep

RUN_COLUMNS = ("status", "op", "method", "preset", "workload", "d", "rows", "backend", "seed",
               "fxsim_version")


def columns(axes: Sequence[Axis], metrics: Sequence[str], cost: str = "bits") -> list[str]:
    """results.csv's header: point, the swept fields, metrics, ref_ metrics, cost (and the
    RTL gate counts with ``cost="rtl"``), run."""
    return (["point"] + [a.path for a in axes] + list(metrics) + [f"ref_{m}" for m in metrics]
            + list(COST_COLUMNS) + list(EXTRA_COLUMNS[cost]) + list(RUN_COLUMNS))


def cell(value) -> str:
    """A value as its CSV text (floats as their shortest exact repr)."""
    if isinstance(value, float):
        return repr(value)                        # shortest exact round trip
    return str(value)


def typed(row: Mapping[str, str], axes: Sequence[Axis], metrics: Sequence[str]) -> dict:
    """A CSV row back to typed values (float metrics, int counts, typed axis values)."""
    out: dict[str, Any] = dict(row)
    out["point"] = int(row["point"])
    for axis in axes:
        out[axis.path] = coerce(axis.path, axis.kind, row[axis.path])
    floats = list(metrics) + [f"ref_{m}" for m in metrics] + ["spikes_per_elem", "ops_per_elem"]
    for key in floats:
        out[key] = float(row[key]) if row[key] != "" else math.nan
    counts = ("state_bits", "table_bits", "total_bits", "overflow", "d", "rows", "seed",
              *EXTRA_COLUMNS["rtl"])
    for key in (k for k in counts if k in row):
        out[key] = int(row[key]) if row[key] != "" else None
    return out


def read_done(path: Path, header: list[str]) -> list[dict[str, str]]:
    """Complete rows of an existing results.csv (a torn last line is dropped)."""
    with open(path, newline="") as fh:
        reader = csv.reader(fh)
        found = next(reader, None)
        if found != header:
            raise FxError(f"{path} belongs to a different sweep (other columns); "
                          "choose a new --out")
        return [dict(zip(header, r)) for r in reader if len(r) == len(header)]


def write_csv(path: Path, header: list[str], rows: Iterable[Mapping]) -> None:
    """Write ``rows`` under ``header`` to ``path`` atomically."""
    with atomic_path(path) as tmp, open(tmp, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(row[c]) for c in header])


def pareto(records: Sequence[Mapping], metric: str, size: str = "total_bits") -> list[Mapping]:
    """Points no other point beats on (metric, size, ops_per_elem, spikes_per_elem) (all
    minimised), ordered by size (``total_bits``, or ``rtl_cells`` for an RTL-costed sweep)."""
    keys = (metric, size, "ops_per_elem", "spikes_per_elem")
    ok = [r for r in records if r["status"] == "ok" and math.isfinite(r[metric])]
    front: list[Mapping] = []
    for r in sorted(ok, key=lambda r: tuple(r[k] for k in keys)):
        v = tuple(r[k] for k in keys)
        if not any(all(f[k] <= x for k, x in zip(keys, v)) and tuple(f[k] for k in keys) != v
                   for f in front):
            front.append(r)
    return sorted(front, key=lambda r: (r[size], r[metric]))


def smallest_within(records: Sequence[Mapping], targets: Mapping[str, float],
                    tolerance: float = 0.10, size: str = "total_bits"):
    """The ok point of smallest ``size`` (total bits, or RTL cells) whose every metric in
    ``targets`` is at most (1 + tolerance) * its target (ties: smaller first metric, then lower
    point index)."""
    first = next(iter(targets))
    fits = [r for r in records if r["status"] == "ok"
            and all(r[m] <= (1 + tolerance) * t for m, t in targets.items())]
    return min(fits, key=lambda r: (r[size], r[first], r["point"]), default=None)


def criteria(metrics: Sequence[str]) -> list[tuple[str, ...]]:
    """The metric sets a summary answers "smallest within 10 %" for: the first metric alone,
    and mean_abs with max_abs when both were measured."""
    sets = [(metrics[0],)]
    if {"mean_abs", "max_abs"} <= set(metrics) and metrics[0] in ("mean_abs", "max_abs"):
        sets.append(("mean_abs", "max_abs"))
    return sets


def summary(records, axes, metrics: Sequence[str], baseline: Mapping, info: Mapping,
            size: str = "total_bits") -> str:
    """summary.md: the preset's metrics, the float reference's and the smallest point (by
    ``size``) within 10 % of the reference for each of ``criteria(metrics)``."""
    ok = sum(r["status"] == "ok" for r in records)
    shown = ", ".join(f"{m} {baseline[m]:.4g}" for m in metrics)
    refs = ", ".join(f"{m} {baseline[f'ref_{m}']:.4g}" for m in metrics)
    lines = [f"# Sweep: {info['op']} ({info['method']}), workload {info['workload']}, "
             f"preset {info['preset']}", "",
             f"{len(records)} points, {ok} ran, {len(records) - ok} invalid or failed.", "",
             f"Preset ({baseline['total_bits']} bits{_rtl_text(baseline)}): {shown}.", "",
             f"Float reference on the preset's output grid: {refs}.", ""]
    for names in criteria(metrics):
        best = smallest_within(records, {m: baseline[f"ref_{m}"] for m in names}, size=size)
        label = " and ".join(names)
        if best is None:
            lines.append(f"- within 10 % on {label}: no point of the grid.")
            continue
        setting = ", ".join(f"{a.path}={best[a.path]}" for a in axes)
        got = ", ".join(f"{m} {best[m]:.4g}" for m in metrics)
        lines.append(f"- within 10 % on {label}: {setting} ({best['total_bits']} bits = "
                     f"{best['state_bits']} state + {best['table_bits']} table"
                     f"{_rtl_text(best)}; {got}).")
    return "\n".join(lines) + "\n"


def _rtl_text(row: Mapping) -> str:
    """"; RTL N cells, N flip-flops, N LUT-ROM bits" when the row has gate counts, else ""."""
    if row.get("rtl_cells") in (None, ""):
        return ""
    return (f"; RTL {row['rtl_cells']} cells, {row['rtl_ffs']} flip-flops, "
            f"{row['rtl_rom_bits']} LUT-ROM bits")


def make_row(index, point, status, values, run_info, header) -> dict[str, str]:
    """One results.csv row (CSV text) of point ``index``."""
    row = {c: "" for c in header}
    row.update(point=str(index), status=status)
    row.update({k: cell(v) for k, v in point.items()})
    row.update({k: cell(v) for k, v in run_info.items()})
    if values:
        row.update({k: cell(v) for k, v in values.items()})
    return row


def append_row(path: Path | None, header: list[str], row: Mapping[str, str]) -> None:
    """Append one finished row (a whole line, flushed) so an interrupted sweep keeps it."""
    if path is None:
        return
    with open(path, "a", newline="") as fh:
        csv.writer(fh).writerow([row[c] for c in header])
        fh.flush()


def check_out(out: Path, resume: bool) -> None:
    """FxError unless ``out`` can hold a new sweep (or, with ``resume``, continue one)."""
    if not out.parent.is_dir():
        raise FxError(f"output directory's parent does not exist: {out.parent}")
    if out.exists() and not out.is_dir():
        raise FxError(f"--out {out} exists and is not a directory")
    writable_dir(out if out.exists() else out.parent)
    if (out / "results.csv").exists() and not resume:
        raise FxError(f"{out / 'results.csv'} exists; pass --resume to continue it or choose "
                      "a new --out")


def write_outputs(out_dir: Path, header, rows_out, records, axes, metrics, base, baseline,
                   run_info, plots: bool, size: str = "total_bits") -> None:
    """The final results.csv (point order), pareto.csv, base_config.toml, summary.md, PNGs;
    ``size`` the column the front and the summary measure points by."""
    front = pareto(records, metrics[0], size)
    write_csv(out_dir / "results.csv", header, rows_out)
    write_csv(out_dir / "pareto.csv", header, [rows_out[r["point"]] for r in front])
    with atomic_path(out_dir / "base_config.toml") as tmp:
        tmp.write_text(base.to_toml() if hasattr(base, "to_toml") else
                       json.dumps(dataclasses.asdict(base), indent=1))
    with atomic_path(out_dir / "summary.md") as tmp:
        tmp.write_text(summary(records, axes, metrics, baseline, run_info, size))
    if plots:
        plot_sweep(records, axes, metrics[0], out_dir, front, baseline, size)
