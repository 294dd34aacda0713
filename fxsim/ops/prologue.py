"""The prologue every operator opens with: check the config, start the stats, quantize the
input into the config's ``input_format`` (or check raw integers against it).

Used by fxsim/ops/mbe.py and fs.py; nlspike.py still spells the same four lines (its helpers
``_check_cfg``, ``_Stats`` and ``_input`` live there and are reused here).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..formats import Format
from .nlspike import _check_cfg, _input, _Stats


class Begun(NamedTuple):
    """cfg: the checked config; stats: the operator's counters (input overflow counted);
    X: the input Format; xr: the input as raw int64 in X."""

    cfg: object
    stats: _Stats
    X: Format
    xr: np.ndarray


def begin(op: str, x, config, config_class: type, backend: str, raw: bool) -> Begun:
    """Config (None: the class's paper preset; a dict: ``from_dict``; else it must be an
    instance of ``config_class``), fresh stats and the quantized input (``raw``: x already
    holds integers in input_format)."""
    cfg = _check_cfg(config, config_class, op)
    stats = _Stats()
    X = cfg.fmt("input_format")
    return Begun(cfg, stats, X, _input(x, X, raw, stats, backend))
