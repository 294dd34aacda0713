"""What every operator shares before and after its integer steps: :func:`begin` checks the
config, starts the :class:`Stats` and quantizes the input into the config's ``input_format``
(or checks raw integers against it); :func:`op_result` packs the output as an
:class:`OpResult`. Used by every method package (fxsim.ops.nlspike, .mbe, .fs).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ..arith import quantize
from ..errors import FxError
from ..formats import Format
from ..primitives import PrimitiveResult

@dataclass
class OpResult(PrimitiveResult):
    """A PrimitiveResult plus the operator's name, config and recorded constants
    (ShiftScalers, derived G, accumulator width, ...)."""

    op: str = ""
    config: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)


#: stats keys that are counts and add up across primitives
ADDITIVE = ("spikes", "adds", "compares", "shifts", "lut_reads", "multiplies", "merges")


#: the cost counts reported per element (ops' ``per_element``, the audit's op stats)
PER_ELEMENT = ("spikes", "adds")


def per_element(stats: dict, elements: int) -> dict:
    """{key: count / elements} of the PER_ELEMENT totals of an operator's stats (0 if empty)."""
    return {k: stats.get(k, 0) / elements if elements else 0.0 for k in PER_ELEMENT}


class Stats:
    """An operator's counters: per primitive (``name.key``), the operator's own glue
    (``glue.key``) and the totals of ADDITIVE keys and of every overflow."""

    def __init__(self) -> None:
        self.d: dict[str, int] = {k: 0 for k in ADDITIVE}

    def add_primitive(self, name: str, stats: dict) -> None:
        for key, value in stats.items():
            if key in ADDITIVE or key.startswith("overflow_"):
                self.d[f"{name}.{key}"] = self.d.get(f"{name}.{key}", 0) + int(value)
                total = key if key in ADDITIVE else "overflow"
                self.d[total] = self.d.get(total, 0) + int(value)

    def glue(self, key: str, value: int) -> None:
        """Operator-level counts (adds, compares, multiplies, shifts, overflow_<var>)."""
        self.d[f"glue.{key}"] = self.d.get(f"glue.{key}", 0) + int(value)
        total = key if key in ADDITIVE else ("overflow" if key.startswith("overflow_") else None)
        if total:
            self.d[total] = self.d.get(total, 0) + int(value)


def check_config(config, config_class: type, op: str):
    """None: the class's paper preset; a dict: ``from_dict``; else an instance of the class."""
    if config is None:
        return config_class.paper()
    if isinstance(config, dict):
        return config_class.from_dict(config)
    if not isinstance(config, config_class):
        raise FxError(f"{op}: config must be a {config_class.__name__}, a dict or None, "
                      f"got {type(config).__name__}")
    return config


def quantized_input(x, fmt: Format, raw: bool, stats: Stats, backend: str) -> np.ndarray:
    """x quantized into fmt as int64 raw (input overflows counted in stats), or with ``raw``
    x's integers checked against fmt's range."""
    if raw:
        arr = np.asarray(x)
        if arr.dtype.kind not in "iu":
            raise FxError(f"raw=True needs an integer array, got dtype {arr.dtype}")
        arr = arr.astype(np.int64)
        if arr.size and (int(arr.min()) < fmt.min_raw or int(arr.max()) > fmt.max_raw):
            raise FxError(f"raw input outside the range of {fmt} [{fmt.min_raw}, {fmt.max_raw}]")
        stats.glue("overflow_input", 0)
        return arr
    arr = np.asarray(x)
    if arr.dtype.kind not in "fiub":
        raise FxError(f"x must be a numeric array, got dtype {arr.dtype}")
    r, events = quantize(arr, fmt, backend=backend, return_overflow=True)
    stats.glue("overflow_input", events)
    return np.asarray(r, np.int64)


class Begun(NamedTuple):
    """cfg: the checked config; stats: the operator's counters (input overflow counted);
    X: the input Format; xr: the input as raw int64 in X."""

    cfg: object
    stats: Stats
    X: Format
    xr: np.ndarray


def begin(op: str, x, config, config_class: type, backend: str, raw: bool) -> Begun:
    """check_config, fresh Stats and quantized_input (``raw``: x already holds integers in
    input_format)."""
    cfg = check_config(config, config_class, op)
    stats = Stats()
    X = cfg.fmt("input_format")
    return Begun(cfg, stats, X, quantized_input(x, X, raw, stats, backend))


def op_result(op: str, raw: np.ndarray, fmt: Format, tr: dict | None, stats: Stats, cfg,
              constants: dict) -> OpResult:
    """The OpResult of ``op``: raw int64 output in fmt, its trace, a copy of the stats, the
    config as a dict and the recorded constants."""
    return OpResult(raw=raw, format=fmt, trace=tr, stats=dict(stats.d), op=op,
                    config=cfg.to_dict(), constants=constants)
