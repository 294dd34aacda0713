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
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import tomllib

from . import presets
from .arith import quantize
from .errors import FxError
from .population import Decay, Population


def read_toml(path: str | Path) -> dict:
    """Parse a TOML file; a missing or malformed file is an FxError naming it."""
    p = Path(path)
    if not p.is_file():
        raise FxError(f"config file not found: {p}")
    try:
        return tomllib.loads(p.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FxError(f"malformed config file {p}: {exc}") from None


def population_from_dict(cfg: dict) -> Population:
    """Build a Population from a parsed config (``[population]`` or ``[preset]``)."""
    if ("population" in cfg) == ("preset" in cfg):
        raise FxError("config needs exactly one of the tables [population] or [preset]")
    if "preset" in cfg:
        args = dict(cfg["preset"])
        name = args.pop("name", None)
        if name is None:
            raise FxError("[preset] needs a name")
        return presets.make(name, **args)
    fields = dict(cfg["population"])
    for key in ("decay_v", "decay_i"):
        if key in fields:
            try:
                fields[key] = Decay(**fields[key])
            except TypeError as exc:
                raise FxError(f"{key}: {exc}") from None
    for key in ("threshold", "intensity", "reset_amount", "bias"):
        if isinstance(fields.get(key), list):
            fields[key] = np.asarray(fields[key], dtype=np.int64)
    try:
        return Population(**fields)
    except TypeError as exc:
        raise FxError(f"[population]: {exc}") from None


def input_from_dict(cfg: dict, pop: Population) -> np.ndarray | None:
    """The raw input described by ``[input]``, or None."""
    spec = cfg.get("input")
    if spec is None:
        return None
    shape = (pop.steps, pop.n) if pop.input_mode == "current" else (pop.n,)
    if "raw" in spec:
        return np.asarray(spec["raw"], dtype=np.int64)
    if "linspace" in spec:
        lo, hi = spec["linspace"]
        values = np.linspace(float(lo), float(hi), pop.n)
        return np.broadcast_to(quantize(values, pop.v_format), shape).copy()
    raise FxError("[input] needs 'raw' or 'linspace'")


def load(path: str | Path) -> tuple[Population, np.ndarray | None, dict]:
    """(population, default input or None, the parsed config) from a TOML file."""
    cfg = read_toml(path)
    pop = population_from_dict(cfg)
    return pop, input_from_dict(cfg, pop), cfg


def load_array(path: str | Path) -> np.ndarray:
    """A raw input array from .npy; errors are one line."""
    p = Path(path)
    if not p.is_file():
        raise FxError(f"input file not found: {p}")
    try:
        return np.load(p, allow_pickle=False)
    except (ValueError, OSError) as exc:
        raise FxError(f"cannot read {p} as .npy: {exc}") from None


def to_json(obj: Any) -> str:
    """JSON text for configs holding numpy values."""
    return json.dumps(obj, default=lambda o: o.tolist() if isinstance(o, np.ndarray) else str(o),
                      sort_keys=True)
