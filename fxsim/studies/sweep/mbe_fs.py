"""Table bits of the mbe and fs operators: the integer kernel tables they store (MBE
thresholds, resets and intensities per bank and basis; FS T, h and d per set).
Definitions: docs/algorithms.md section 9 ("P2 and FS sweeps").
"""
from __future__ import annotations

from ...floatref.models import MBE_ACTIVATIONS, MBE_SCALARS
from ...ops.fs import pieces
from ...ops.mbe.config import activation_fit
from ...presets import fs
from ...primitives.mbe import build_tables
from .cost import table_bits


def _mbe_tables(mbe_config) -> list[list[int]]:
    """theta, reset and intensity of every bank (each [N, T] flattened) and the bias."""
    tables = build_tables(mbe_config)
    out = [[tables["bias"]]]
    for bank in tables["banks"]:
        out += [bank.theta.ravel().tolist(), bank.reset.ravel().tolist(),
                bank.intensity.ravel().tolist()]
    return out


def _mbe_configs(op: str, cfg) -> list:
    """The distinct MBE neurons (MbeConfig) the operator stores tables for."""
    if op in MBE_ACTIVATIONS:
        return [cfg.mbe_config(activation_fit(op, cfg.fit))]
    rc = cfg.range_config()
    if op in MBE_SCALARS:
        return [rc.mbe(MBE_SCALARS[op])]
    used = ["exp2_fit", "inv_fit"] if op == "softmax" else ["rsqrt_fit"]
    found = [rc.mbe(k) for k in used]
    if cfg.encoder == "fit":                 # the identity encoder of the spike multiply
        found.append(cfg.multiply_config(0, 0, cfg.output_format).mbe())
    return found


def _fs_tables(op: str, cfg) -> list[list[int]]:
    names = [p[0] for o in (("exp", "reciprocal") if op == "softmax" else (op,))
             for p in pieces(o)[2]]
    out = []
    for name in dict.fromkeys(names):
        sched = fs(1, name, v_format=cfg.v_format, acc_format=cfg.acc_format).schedules()
        out += [sched[k].ravel().tolist() for k in ("threshold", "reset_amount", "intensity")]
    return out


def kernel_table_bits(op: str, method: str, config) -> int:
    """Bits of the operator's stored kernel tables, each table at the smallest two's
    complement (any negative entry) or unsigned width that holds its entries; 0 for a
    method without such tables here."""
    if method == "mbe":
        return sum(table_bits(t) for c in _mbe_configs(op, config) for t in _mbe_tables(c))
    if method == "fs":
        return sum(table_bits(t) for t in _fs_tables(op, config))
    return 0
