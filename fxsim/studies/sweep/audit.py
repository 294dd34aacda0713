"""``fxsim sweep audit``: sweep the model audit's task metrics (needs ``fxsim.audit``).

Grid fields are ``OP.PATH``: an audited op (softmax, gelu, silu, layernorm, rmsnorm) and a
dotted path into its operator config, e.g. ``softmax.output_format.frac=6:10`` or
``gelu.K=32,64``. The audited ops are ``ops`` (default: the grid's ops); each starts from its
table in the base ``config`` TOML (``fxsim audit --config`` tables), else its paper preset. Each
point writes every audited op's config (base with the point's values) to a TOML file and runs
``fxsim.audit.run_audit`` on it; the row holds every task metric in every mode
(``<metric>.<mode>``, e.g. ``lee_spearman.fixed``) and ``<metric>.delta`` = fixed - float.
Points run one after another (each loads and runs a whole model); results.csv is rewritten as
each finishes and ``deltas.png`` plots the deltas per point.
"""
from __future__ import annotations

import importlib
import itertools
import math
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ...errors import FxError
from ..progress import Progress
from .grid import apply_point, check_grid_size, make_axes, parse_grid
from .plot import plot_deltas
from .report import cell, check_out, write_csv


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


def _deltas(metrics: Mapping[str, float]) -> dict[str, float]:
    """``<metric>.delta`` = fixed - float for every metric with both modes."""
    return {f"{name[:-6]}.delta": value - metrics[f"{name[:-6]}.float"]
            for name, value in metrics.items()
            if name.endswith(".fixed") and f"{name[:-6]}.float" in metrics}


def _save_rows(out_dir: Path | None, records: list[dict]) -> None:
    """results.csv (atomically) with every record so far; columns in first-seen order."""
    if out_dir is None:
        return
    header = list(dict.fromkeys(k for r in records for k in r))
    out_dir.mkdir(exist_ok=True)
    write_csv(out_dir / "results.csv", header,
               [{k: cell(r.get(k, "")) for k in header} for r in records])


def _run_point(audit, index: int, flat, values, base, audited, toml: Path, *, model: str,
               method: str, samples: int | None, backend: str, seed: int) -> dict:
    """The record of one point: its values, then the audit's task metrics or "invalid: ..."."""
    point = {f"{op}.{a.path}": v for (op, a), v in zip(flat, values)}
    row = {"point": index, **point}
    try:
        configs = {op: apply_point(base[op], {a.path: v for (o, a), v in zip(flat, values)
                                              if o == op})
                   for op in audited}
    except FxError as exc:
        return {**row, "status": f"invalid: {exc}"}
    toml.write_text(_toml(configs))
    result = audit.run_audit(audit.AuditOptions(
        model=model, ops=audited, method=method, config=str(toml), samples=samples,
        backend=backend, seed=seed), echo=lambda *args, **kw: None)
    metrics = _flatten(result["task_metrics"])
    return {**row, **metrics, **_deltas(metrics), "status": "ok", "model": model,
            "method": method, "seed": seed}


def audit_sweep(grid: Iterable[str] | Mapping[str, Any], *, model: str | None,
                method: str = "nlspike", backend: str = "c", samples: int | None = None,
                seed: int = 0, out: str | Path | None = None, yes: bool = False,
                progress: bool = False, config: str | Path | None = None,
                ops: Sequence[str] | None = None, plots: bool = True) -> list[dict]:
    """One record per point: the swept values and the audit's task metrics per mode.
    ``config``: base TOML (audit config tables); ``ops``: the ops audited at every point."""
    audit = _audit_module()
    if not model:
        raise FxError("fxsim sweep audit needs --model")
    by_op = _split(parse_grid(grid))
    audited = _audited(by_op, ops)
    base = audit.load_configs(None if config is None else str(config), audited, method)
    axes = {op: make_axes(base[op], fields) for op, fields in by_op.items()}
    flat = [(op, axis) for op, op_axes in axes.items() for axis in op_axes]
    total = math.prod(len(axis.values) for _, axis in flat)
    check_grid_size(total, yes)
    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        check_out(out_dir, resume=False)
    records = []
    with Progress(total, "sweep audit", "points", progress) as bar, \
            tempfile.TemporaryDirectory(prefix="fxsim-sweep-audit-") as tmp:
        for index, values in enumerate(itertools.product(*(a.values for _, a in flat))):
            records.append(_run_point(audit, index, flat, values, base, audited,
                                      Path(tmp) / f"point{index}.toml", model=model,
                                      method=method, samples=samples, backend=backend,
                                      seed=seed))
            if records[-1]["status"] == "ok":
                _save_rows(out_dir, records)              # rewritten as each point finishes
            bar.update()
    _save_rows(out_dir, records)
    if out_dir is not None and plots:
        fields = [f"{op}.{a.path}" for op, a in flat]
        ok = [r for r in records if r.get("status") == "ok"]
        plot_deltas(ok, ["\n".join(f"{f.split('.', 1)[1]}={r[f]}" for f in fields) for r in ok],
                    out_dir / "deltas.png")
    return records
