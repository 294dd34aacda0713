"""``fxsim sweep audit``: sweep the model audit's task metrics (needs ``fxsim.audit``).

Grid fields are ``OP.PATH``: an audited op (softmax, gelu, silu, layernorm, rmsnorm) and a
dotted path into its operator config, e.g. ``softmax.output_format.frac=6:10`` or
``gelu.K=32,64``. Each point writes the ops' configs (their paper presets with the point's
values) to a TOML file and runs ``fxsim.audit.run_audit`` on it; the row holds every task
metric in every mode (``<metric>.<mode>``, e.g. ``lee_spearman.fixed``). Points run one after
another (each loads and runs a whole model).
"""
from __future__ import annotations

import importlib
import itertools
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .errors import FxError
from .sweep import (MAX_POINTS, _check_out, _Progress, _cell, _write_csv, apply_point, make_axes,
                    parse_grid)


def _audit_module():
    try:
        return importlib.import_module("fxsim.audit")
    except ModuleNotFoundError as exc:
        if exc.name == "fxsim.audit":
            raise FxError("`fxsim sweep audit` needs the audit feature (fxsim.audit), which "
                          "this installation does not have") from None
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


def audit_sweep(grid: Iterable[str] | Mapping[str, Any], *, model: str | None,
                method: str = "nlspike", backend: str = "c", samples: int | None = None,
                seed: int = 0, out: str | Path | None = None, yes: bool = False,
                progress: bool = False) -> list[dict]:
    """One record per point: the swept values and the audit's task metrics per mode."""
    audit = _audit_module()
    if not model:
        raise FxError("fxsim sweep audit needs --model")
    by_op = _split(parse_grid(grid))
    base = audit.load_configs(None, tuple(by_op), method)
    axes = {op: make_axes(base[op], fields) for op, fields in by_op.items()}
    flat = [(op, axis) for op, op_axes in axes.items() for axis in op_axes]
    total = 1
    for _, axis in flat:
        total *= len(axis.values)
    if total > MAX_POINTS and not yes:
        raise FxError(f"the grid has {total:,} points (> {MAX_POINTS:,}); pass --yes to run it")
    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        _check_out(out_dir, resume=False)
    records, bar = [], _Progress(total, progress)
    with tempfile.TemporaryDirectory(prefix="fxsim-sweep-audit-") as tmp:
        for index, values in enumerate(itertools.product(*(a.values for _, a in flat))):
            point = {f"{op}.{a.path}": v for (op, a), v in zip(flat, values)}
            row = {"point": index, **point}
            try:
                configs = {op: apply_point(base[op], {a.path: v for (o, a), v
                                                      in zip(flat, values) if o == op})
                           for op in by_op}
            except FxError as exc:
                records.append({**row, "status": f"invalid: {exc}"})
                bar.step()
                continue
            toml = Path(tmp) / f"point{index}.toml"
            toml.write_text(_toml(configs))
            result = audit.run_audit(audit.AuditOptions(
                model=model, method=method, config=str(toml), samples=samples,
                backend=backend, seed=seed), echo=lambda *args, **kw: None)
            records.append({**row, **_flatten(result["task_metrics"]), "status": "ok",
                            "model": model, "method": method, "seed": seed})
            bar.step()
    if out_dir is not None:
        header = list(dict.fromkeys(k for r in records for k in r))
        out_dir.mkdir(exist_ok=True)
        _write_csv(out_dir / "results.csv", header,
                   [{k: _cell(r.get(k, "")) for k in header} for r in records])
    return records
