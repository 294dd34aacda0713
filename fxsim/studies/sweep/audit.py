"""``fxsim sweep audit``: sweep the model audit's task metrics (needs ``fxsim.audit``).

Grid fields are ``OP.PATH``: an audited op (softmax, gelu, silu, layernorm, rmsnorm) and a
dotted path into its operator config, e.g. ``softmax.output_format.frac=6:10`` or
``gelu.K=32,64``. The audited ops are ``ops`` (default: the grid's ops); each starts from its
table in the base ``config`` TOML (``fxsim audit --config`` tables) over ``preset``. Each
point writes every audited op's config (base with the point's values) to a TOML file and runs
``fxsim.audit.run_audit`` on it; the row holds every task metric in every mode
(``<metric>.<mode>``, e.g. ``lee_spearman.fixed``) and ``<metric>.delta`` = fixed - float.
A base config's ``[[module]]`` rules (``fxsim calibrate`` output) go into every point's TOML.
Points run inline, in ``jobs`` spawned processes or on a Dask cluster (``dask``); each loads and
runs the whole model, and the rows are the same whichever way they ran. A point whose config is
invalid or whose audit fails with an FxError is recorded with its reason in ``status`` and
named on stderr. results.csv is rewritten as each point finishes and ``deltas.png`` plots the
deltas per point.
"""
from __future__ import annotations

import importlib
import itertools
import math
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import FxError
from ...files.toml import read_toml, write_toml
from ..progress import Progress
from .grid import apply_point, check_grid_size, make_axes, parse_grid
from .parallel import connect_dask, map_points
from .plot import plot_deltas
from .report import cell, check_out, write_csv

#: base config keys carried unchanged into every point's TOML
CARRIED = ("module", "calibration")


def _audit_module():
    try:
        return importlib.import_module("fxsim.audit")
    except ModuleNotFoundError as exc:
        raise FxError(f"`fxsim sweep audit` needs the audit extra ({exc.name} missing)") from None


def _split(grid: Mapping[str, list]) -> dict[str, dict[str, list]]:
    """``{"softmax.n": [...]}`` -> ``{"softmax": {"n": [...]}}``."""
    by_op: dict[str, dict[str, list]] = {}
    for path, values in grid.items():
        op, dot, rest = path.partition(".")
        if not dot or not rest:
            raise FxError(f"audit grid field {path!r} must be OP.FIELD, e.g. softmax.n")
        by_op.setdefault(op, {})[rest] = values
    return by_op


def _toml(configs: Mapping[str, Any]) -> str:
    tables, seen = [], {}
    for op, cfg in configs.items():
        table = type(cfg).TABLE
        if table in seen:
            raise FxError(f"audit grid: {seen[table]} and {op} share the [{table}] config table; "
                          "sweep one of them")
        seen[table] = op
        tables.append(cfg.to_toml())
    return "\n".join(tables)


def _flatten(task_metrics: Mapping[str, Any]) -> dict[str, float]:
    out = {}
    for name, value in task_metrics.items():
        if isinstance(value, Mapping):
            out.update({f"{name}.{mode}": v for mode, v in value.items()})
        else:
            out[name] = value
    return out


def _audited(by_op: Mapping[str, Any], ops: Sequence[str] | None) -> tuple[str, ...]:
    """The ops each point audits: ``ops`` (which must hold every grid op) or the grid's."""
    if not ops:
        return tuple(by_op)
    missing = [op for op in by_op if op not in ops]
    if missing:
        raise FxError(f"audit grid op(s) {', '.join(missing)} not in --ops {','.join(ops)}")
    return tuple(ops)


def _deltas(metrics: Mapping[str, float | None]) -> dict[str, float | None]:
    """``<metric>.delta`` = fixed - float for every metric with both modes; None (an empty
    CSV cell) where either is None (a metric the sample cannot support)."""
    deltas = {}
    for name, fixed in metrics.items():
        base = name[:-len(".fixed")]
        if name.endswith(".fixed") and f"{base}.float" in metrics:
            ref = metrics[f"{base}.float"]
            deltas[f"{base}.delta"] = None if fixed is None or ref is None else fixed - ref
    return deltas


def _save_rows(out_dir: Path | None, records: list[dict]) -> None:
    """results.csv (atomically) with every record so far; columns in first-seen order."""
    if out_dir is None:
        return
    header = list(dict.fromkeys(k for r in records for k in r))
    out_dir.mkdir(exist_ok=True)
    write_csv(out_dir / "results.csv", header,
               [{k: cell(r.get(k, "")) for k in header} for r in records])


@dataclass(frozen=True)
class AuditPoint:
    """One point: its record so far (index and swept values), its config TOML text and the
    audit's options (picklable, for processes and Dask workers)."""

    row: dict
    toml: str
    model: str
    ops: tuple[str, ...]
    method: str
    samples: int | None
    backend: str
    seed: int


def run_audit_point(point: AuditPoint) -> dict:
    """The record of one point: its values and the audit's task metrics, or status
    "error: ..." if the audit refused it (an FxError)."""
    audit = _audit_module()
    with tempfile.TemporaryDirectory(prefix="fxsim-sweep-audit-") as tmp:
        path = Path(tmp) / f"point{point.row['point']}.toml"
        path.write_text(point.toml)
        try:
            result = audit.run_audit(audit.AuditOptions(
                model=point.model, ops=point.ops, method=point.method, config=str(path),
                samples=point.samples, backend=point.backend, seed=point.seed),
                echo=lambda *args, **kw: None)
        except FxError as exc:
            return {**point.row, "status": f"error: {exc}"}
    metrics = _flatten(result["task_metrics"])
    return {**point.row, **metrics, **_deltas(metrics), "status": "ok", "model": point.model,
            "method": point.method, "seed": point.seed}


def _points(flat, base, audited, carried: str, **options) -> tuple[list[AuditPoint], list]:
    """(points to run, records of invalid points) for every point of the grid."""
    todo, invalid = [], []
    for index, values in enumerate(itertools.product(*(a.values for _, a in flat))):
        row = {"point": index, **{f"{op}.{a.path}": v for (op, a), v in zip(flat, values)}}
        try:
            configs = {op: apply_point(base[op], {a.path: v for (o, a), v in zip(flat, values)
                                                  if o == op})
                       for op in audited}
        except FxError as exc:
            invalid.append({**row, "status": f"invalid: {exc}"})
            continue
        todo.append(AuditPoint(row, _toml(configs) + carried, ops=tuple(audited), **options))
    return todo, invalid


def _note_overridden(flat, base, rules: list, echo: Callable[[str], None]) -> None:
    """One line per swept field that a base ``[[module]]`` rule sets for some modules: those
    modules keep the rule's value at every point."""
    for op, axis in flat:
        field, table = axis.path.split(".")[0], type(base[op]).TABLE
        patterns = [r["pattern"] for r in rules if field in r.get(table, {})]
        if patterns:
            echo(f"note: {op}.{axis.path} does not reach {len(patterns)} module rule(s) of "
                 f"the base config that set {field} (e.g. {patterns[0]})")


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def audit_sweep(grid: Iterable[str] | Mapping[str, Any], *, model: str | None,
                method: str = "nlspike", backend: str = "c", samples: int | None = None,
                seed: int = 0, out: str | Path | None = None, yes: bool = False,
                progress: bool = False, config: str | Path | None = None,
                ops: Sequence[str] | None = None, plots: bool = True, jobs: int = 1,
                dask: str | None = None, preset: str = "audit",
                echo: Callable[[str], None] = _stderr) -> list[dict]:
    """One record per point (by index): the swept values and the audit's task metrics per
    mode. ``config``: base TOML (audit config tables, ``[[module]]`` rules) over ``preset``
    (fxsim/audit/config.py PRESETS); ``ops``: the ops audited at every point; ``jobs`` / ``dask``: where points run; ``echo``: one line per
    skipped point."""
    audit = _audit_module()
    if not model:
        raise FxError("fxsim sweep audit needs --model")
    if jobs < 1:
        raise FxError("-j must be >= 1")
    by_op = _split(parse_grid(grid))
    audited = _audited(by_op, ops)
    base = audit.load_configs(None if config is None else str(config), audited, method, preset)
    doc = read_toml(str(config)) if config is not None else {}
    carried = {k: doc[k] for k in CARRIED if k in doc}
    axes = {op: make_axes(base[op], fields) for op, fields in by_op.items()}
    flat = [(op, axis) for op, op_axes in axes.items() for axis in op_axes]
    check_grid_size(math.prod(len(axis.values) for _, axis in flat), yes)
    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        check_out(out_dir, resume=False)
    _note_overridden(flat, base, carried.get("module", []), echo)
    todo, records = _points(flat, base, audited, "\n" + write_toml(carried) if carried else "",
                            model=model, method=method, samples=samples, backend=backend,
                            seed=seed)
    for record in records:
        echo(f"point {record['point']} skipped: {record['status']}")
    client = connect_dask(dask) if dask else None
    try:
        with Progress(len(todo), "sweep audit", "points", progress) as bar:
            for record in map_points(run_audit_point, todo, jobs, client):
                records.append(record)
                if record["status"] != "ok":
                    echo(f"point {record['point']} skipped: {record['status']}")
                _save_rows(out_dir, sorted(records, key=lambda r: r["point"]))
                bar.update()
    finally:
        if client is not None:
            client.close()
    records.sort(key=lambda r: r["point"])
    _save_rows(out_dir, records)
    if out_dir is not None and plots:
        fields = [f"{op}.{a.path}" for op, a in flat]
        ok = [r for r in records if r.get("status") == "ok"]
        plot_deltas(ok, ["\n".join(f"{f.split('.', 1)[1]}={r[f]}" for f in fields) for r in ok],
                    out_dir / "deltas.png")
    return records
