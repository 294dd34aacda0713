"""TOML configuration files: a population (explicit fields or a preset) and its input.

A population config::

    [population]              # either explicit Population fields ...
    n = 4
    steps = 8
    v_format = "fixed<16,8,RND_CONV,SAT>"
    threshold = 256           # scalar, [T] list, or [[...]] rows
    decay_v = { kind = "shift", shift = 2, rounding = "TRN" }

    [preset]                  # ... or a preset with its arguments
    name = "fs"
    fs_set = "fs_sigmoid"
    n = 33

    [input]                   # optional: what `fxsim run` feeds it without --input
    linspace = [-8.0, 8.0]    # n float values (quantized into v_format), or
    # raw = [[...]]           # raw integers of the input's shape

An unknown table or key (a typo such as ``[inputs]`` or ``treshold``) is an FxError.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import numpy as np

from .. import presets
from ..arith import quantize
from ..errors import FxError
from ..population import Decay, Population
from .toml import check_keys, read_toml

TABLES = ("population", "preset", "input")
INPUT_KEYS = ("raw", "linspace")
SCHEDULE_FIELDS = ("threshold", "intensity", "reset_amount", "bias")


def _init_fields(cls: type) -> list[str]:
    return [f.name for f in fields(cls) if f.init]


def _table(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise FxError(f"{where} must be a table, got {value!r}")
    return dict(value)


def _from_values(where: str, build: Callable, *args, **kwargs):
    """``build(*args, **kwargs)`` on values read from a file: a value of the wrong type or
    shape (a TypeError, ValueError or OverflowError of the builder) is one FxError line."""
    try:
        return build(*args, **kwargs)
    except FxError:
        raise
    except (TypeError, ValueError, OverflowError) as exc:
        raise FxError(f"{where}: {exc}") from None


def _build(cls: type, table: dict, where: str):
    """cls(**table) after checking its keys; a missing field is an FxError too."""
    check_keys(table, _init_fields(cls), where)
    return _from_values(where, cls, **table)


def population_from_dict(cfg: dict) -> Population:
    """Build a Population from a parsed config (``[population]`` or ``[preset]``)."""
    check_keys(cfg, TABLES, "population config")
    if ("population" in cfg) == ("preset" in cfg):
        raise FxError("config needs exactly one of the tables [population] or [preset]")
    if "preset" in cfg:
        args = _table(cfg["preset"], "[preset]")
        name = args.pop("name", None)
        if name is None:
            raise FxError("[preset] needs a name")
        return _from_values(f"[preset] {name}", presets.make, name, **args)
    table = _table(cfg["population"], "[population]")
    for key in ("decay_v", "decay_i"):
        if key in table:
            table[key] = _build(Decay, _table(table[key], key), f"[population] {key}")
    for key in SCHEDULE_FIELDS:
        if isinstance(table.get(key), list):
            table[key] = _from_values(f"[population] {key}", np.asarray, table[key],
                                      dtype=np.int64)
    return _build(Population, table, "[population]")


def input_from_dict(cfg: dict, pop: Population) -> np.ndarray | None:
    """The raw input described by ``[input]``, or None."""
    spec = cfg.get("input")
    if spec is None:
        return None
    check_keys(_table(spec, "[input]"), INPUT_KEYS, "[input]")
    shape = (pop.steps, pop.n) if pop.input_mode == "current" else (pop.n,)
    if "raw" in spec:
        return _from_values("[input] raw", np.asarray, spec["raw"], dtype=np.int64)
    if "linspace" in spec:
        bounds = spec["linspace"]
        if not (isinstance(bounds, list) and len(bounds) == 2 and all(
                isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds)):
            raise FxError(f"[input] linspace must be [low, high] numbers, got {bounds!r}")
        values = np.linspace(float(bounds[0]), float(bounds[1]), pop.n)
        return np.broadcast_to(quantize(values, pop.v_format), shape).copy()
    raise FxError("[input] needs 'raw' or 'linspace'")


def read_population_toml(path: str | Path) -> dict:
    """The parsed config file at ``path`` (always a file name, never TOML text)."""
    return read_toml(Path(path))


def load(path: str | Path) -> tuple[Population, np.ndarray | None, dict]:
    """(population, default input or None, the parsed config) from a TOML file."""
    cfg = read_population_toml(path)
    pop = population_from_dict(cfg)
    return pop, input_from_dict(cfg, pop), cfg
