"""Sweep grids: ``FIELD=V1,V2`` / ``FIELD=LO:HI[:STEP]`` specs, typed axes over a config's
(dotted, nested) fields and formats' parts, and applying one point to a config.
Definitions: docs/algorithms.md section "Sweeps".
"""
from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ...errors import FxError
from ...formats import Format, parse_overflow, parse_rounding

MAX_POINTS = 100_000
#: parts of a format a dotted path may name: FIELD.width keeps frac; FIELD.frac and FIELD.int
#: keep the other of (integer bits, fractional bits) and move the width with it
FORMAT_PARTS = ("signed", "int", "frac", "width", "rounding", "overflow")


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


def format_of(value) -> Format | None:
    """``value`` as a Format (a Format or its text), else None."""
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
        fmt = format_of(obj)
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
    if format_of(obj) is not None:
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
        fmt = format_of(v)
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


# ---- applying a point ------------------------------------------------------------------------
_PART_ORDER = {p: i for i, p in enumerate(FORMAT_PARTS)}


def _apply_format(current, changes: list[tuple[list[str], Any]]):
    fmt = format_of(current)
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




def check_grid_size(total: int, yes: bool) -> None:
    """FxError for a grid of more than ``MAX_POINTS`` points unless ``yes``."""
    if total > MAX_POINTS and not yes:
        raise FxError(f"the grid has {total:,} points (> {MAX_POINTS:,}); pass --yes to run it")
