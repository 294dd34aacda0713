"""FS (Few-Spikes) operators: published FS sets (fs_params.json) as integer tables on the
``fs`` population preset, inputs clamped to each set's interval. sigmoid: fs_sigmoid (K=12);
silu: fs_swish (K=16, x passed through above 12); gelu: LAS's two pieces (clamp [-6, 30];
x <= 1 -> las_spikeGelu6_1, x > 1 -> las_spikegelu0_30). docs/algorithms.md section 8.7.
"""
from __future__ import annotations

import math

import numpy as np

from ..arith import requantize
from ..population import simulate
from ..presets import fs
from .mbe_config import FsActivationConfig
from .nlspike import OpResult, _check_cfg, _input, _result, _Stats

#: op -> [(set, lo, hi)] pieces (inputs with lo < x <= hi, the first piece also takes x <= lo)
PIECES = {"sigmoid": [("fs_sigmoid", -10.0, 10.0)],
          "silu": [("fs_swish", -8.0, 12.0)],
          "gelu": [("las_spikeGelu6_1", -6.0, 1.0), ("las_spikegelu0_30", 1.0, 30.0)]}


def _raw(value: float, frac: int) -> int:
    return round(math.ldexp(value, frac))


def _activation(op: str, x, config, backend: str, trace: bool, raw: bool) -> OpResult:
    cfg = _check_cfg(config, FsActivationConfig, op)
    stats = _Stats()
    X, out = cfg.fmt("input_format"), cfg.fmt("output_format")
    xr = _input(x, X, raw, stats, backend).reshape(-1)
    pieces = PIECES[op]
    lo_all, hi_all = _raw(pieces[0][1], X.frac), _raw(pieces[-1][2], X.frac)
    clamped = np.clip(xr, lo_all, hi_all)
    acc = np.zeros_like(xr)
    tr = {"input": xr} if trace else None
    for k, (name, lo, hi) in enumerate(pieces):
        sel = clamped <= _raw(hi, X.frac)
        if k:
            sel &= clamped > _raw(lo, X.frac)
        if not sel.any():
            continue
        pop = fs(int(sel.sum()), name, v_format=cfg.v_format, acc_format=cfg.acc_format)
        res = simulate(pop, clamped[sel].astype(np.int32), backend=backend,
                       record=("spikes",) if trace else ())
        acc[sel] = res.acc
        stats.add_primitive(name, {"spikes": int(res.spike_count.sum()),
                                   "overflow_v": int(res.overflow["v"].sum()),
                                   "overflow_acc": int(res.overflow["acc"].sum())})
        if trace:
            tr[f"{name}.spikes"] = res.records["spikes"]
    y = requantize(acc, cfg.fmt("acc_format").frac, out, backend=backend)
    if op == "silu":                 # above the set's interval SiLU(x) = x
        y = np.where(xr > hi_all, requantize(xr, X.frac, out, backend=backend), y)
    shape = np.shape(x)
    return _result(op, np.asarray(y, np.int64).reshape(shape), out, tr, stats, cfg,
                   {"sets": [p[0] for p in pieces]})


def sigmoid(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("sigmoid", x, config, backend, trace, raw)


def silu(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("silu", x, config, backend, trace, raw)


def gelu(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("gelu", x, config, backend, trace, raw)
