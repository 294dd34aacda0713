"""FS (Few-Spikes) operators: published FS sets (fs_params.json) as integer tables on the
``fs`` population preset, inputs clamped to each piecewise rule's range and routed to its
pieces. sigmoid: fs_sigmoid (K=12, [-10, 10]); silu: fs_swish (K=16, [-8, 12], x passed
through above 12); gelu, exp and 1/x: LAS's piecewise rules (``piecewise`` in fs_params.json);
softmax: LAS's composition. docs/algorithms.md section 8.7.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from ...arith import requantize
from ...backends import abi, fused
from ...formats import INTERMEDIATE_BITS, Format
from ...presets import fs, fs_parameter_sets
from ...primitives.chain import chain_plan, run_bank
from ...primitives.mbe import magnitude_bits
from ..glue import float_input, float_run, reduced_axis
from ..result import OpResult, Stats, begin, check_config, op_result
from .config import FsActivationConfig

#: single-set operators: op -> (set, lo, hi)
SINGLE = {"sigmoid": ("fs_sigmoid", -10.0, 10.0), "silu": ("fs_swish", -8.0, 12.0)}
#: piecewise operators: op -> the LAS rule in fs_params.json "piecewise"
PIECEWISE = {"gelu": "las_get_gelu", "exp": "las_get_exp", "reciprocal":
             "las_invert_tensor_precise"}
SOFTMAX_OFFSET = 0.1      # LAS: tp = x - max + 0.1
SOFTMAX_CUTOFF = -20.0    # LAS: entries with tp <= -20 stay 0


def pieces(op: str) -> tuple[float, float, list[tuple[str, float, bool]]]:
    """(lo, hi, [(set, upper end, upper end closed)]) of an operator, in routing order: an
    input goes to the first piece whose upper end it does not pass."""
    if op in SINGLE:
        name, lo, hi = SINGLE[op]
        return lo, hi, [(name, hi, True)]
    rule = fs_parameter_sets()["piecewise"][PIECEWISE[op]]
    out = []
    for piece in rule["pieces"]:
        m = re.fullmatch(r"[\[(]\s*([-0-9.e]+)\s*,\s*([-0-9.e]+)\s*([\])])", piece["range"])
        out.append((piece["set"], float(m.group(2)), m.group(3) == "]"))
    return float(rule["clamp"][0]), float(rule["clamp"][1]), out


def _raw(value: float, frac: int) -> int:
    return round(math.ldexp(value, frac))


@lru_cache(maxsize=128)
def fused_plan(op: str, cfg: FsActivationConfig, x_bits: int, out: Format | None = None,
               pass_at: int | None = None) -> abi.FsOpPlan | None:
    """The fused-pass plan (fx_fs_op_t) of run_pieces on raw inputs |x| < 2**x_bits, then (with
    ``out``) the requantization into out and (with ``pass_at``) the pass-through of x above
    it; None where more than FS_MAX_PIECES pieces or a widening could pass
    INTERMEDIATE_BITS (the composition checks and raises there)."""
    X, V, A = cfg.fmt("input_format"), cfg.fmt("v_format"), cfg.fmt("acc_format")
    lo, hi, plan = pieces(op)
    widen = [(x_bits, V.frac - X.frac), (33, (out.frac - A.frac) if out else 0),
             (x_bits, (out.frac - X.frac) if pass_at is not None else 0)]
    if len(plan) > abi.FS_MAX_PIECES or any(b + max(0, w) > INTERMEDIATE_BITS for b, w in widen):
        return None
    chains = [chain_plan([fs(1, name, v_format=cfg.v_format, acc_format=cfg.acc_format)])
              for name, _, _ in plan]

    def table(name: str) -> np.ndarray:
        return np.ascontiguousarray(np.concatenate([getattr(c, name) for c in chains]))

    def ints(values) -> np.ndarray:
        return np.array(list(values), np.int64)

    formats = abi.FormatArgs.of(out), abi.FormatArgs.of(V)
    return abi.FsOpPlan(
        pieces=len(plan), upper=ints(_raw(u, V.frac) for _, u, _ in plan),
        closed=ints(int(c) for _, _, c in plan), piece_steps=ints(c.steps for c in chains),
        theta=table("theta"), reset=table("reset"), intensity=table("intensity"),
        compare_strict=chains[0].compare_strict, v_format=chains[0].v_format,
        acc_format=chains[0].acc_format, requant_in=int(X.frac != V.frac),
        in_drop=X.frac - V.frac, in_format=formats[1], lo=_raw(lo, V.frac), hi=_raw(hi, V.frac),
        readout=int(out is not None), out_drop=A.frac - out.frac if out else 0,
        out=formats[0], pass_=int(pass_at is not None), pass_at=pass_at or 0,
        pass_drop=X.frac - out.frac if pass_at is not None else 0)


def run_fused(op: str, xr: np.ndarray, cfg: FsActivationConfig, backend: str, stats: Stats,
              out: Format | None = None, pass_at: int | None = None) -> np.ndarray | None:
    """run_pieces (then the readout of :func:`fused_plan`) in one fused pass (fx_fs_op), its
    counts added to stats as run_pieces adds them; None (stats untouched) where no kernel or
    no plan applies."""
    kernel = fused(backend, "fs_op") if xr.size else None
    plan = kernel and fused_plan(op, cfg, magnitude_bits(xr), out, pass_at)
    if not plan:
        return None
    y, counts = kernel(xr, plan)
    _add_pieces(op, counts, cfg, stats)
    return y.reshape(xr.shape)


def run_pieces(op: str, xr: np.ndarray, cfg: FsActivationConfig, backend: str, stats: Stats,
               tr: dict | None) -> np.ndarray:
    """Bring raw inputs (input frac) into v_format (a requantize when the fracs differ), clamp
    them to the op's range, run each piece's FS population on its inputs; returns
    accumulators in acc_format's frac (int64, same shape)."""
    acc = None if tr is not None else run_fused(op, xr, cfg, backend, stats)
    if acc is not None:
        return acc
    X, V = cfg.fmt("input_format"), cfg.fmt("v_format")
    x = xr.reshape(-1)
    if X.frac != V.frac:
        x, events = requantize(x, X.frac, V, backend=backend, return_overflow=True)
        stats.glue("overflow_input", events)
    lo, hi, plan = pieces(op)
    frac = V.frac
    x = np.clip(x, _raw(lo, frac), _raw(hi, frac))
    acc = np.zeros_like(x)
    todo = np.ones(x.shape, dtype=bool)
    for name, upper, closed in plan:
        u = _raw(upper, frac)
        sel = todo & ((x <= u) if closed else (x < u))
        todo &= ~sel
        if not sel.any():
            continue
        pop = fs(int(sel.sum()), name, v_format=cfg.v_format, acc_format=cfg.acc_format)
        acc[sel], counts, spikes = run_bank([pop], x[sel].astype(np.int32), backend,
                                            record=tr is not None)
        stats.add_primitive(name, counts)
        if tr is not None:
            tr[f"{name}.spikes"] = spikes[0]
    return acc.reshape(xr.shape)


def _pass_at(op: str, X: Format) -> int | None:
    """Raw x above which silu passes x through (SiLU(x) = x there); None for the others."""
    return _raw(pieces(op)[1], X.frac) if op == "silu" else None


def _from_floats(op: str, x, cfg: FsActivationConfig, backend: str
                 ) -> tuple[np.ndarray, Stats] | None:
    """(y, stats) of float32 / float64 x through the backend's fs_op_floats kernel, which
    quantizes each block itself (no int64 copy of the input); None where that kernel, a plan
    for every input of input_format (at most 32 bits wide) or a valid input is missing: the
    general path raises there."""
    X = cfg.fmt("input_format")
    taken = X.width <= 32 and float_input(backend, "fs_op_floats", x, X)
    hi = _pass_at(op, X)
    plan = taken and fused_plan(op, cfg, X.width, cfg.fmt("output_format"), hi)
    ran = plan and float_run(*taken, X, plan)
    if not ran:
        return None
    y, counts, stats = ran
    _add_pieces(op, counts, cfg, stats)
    if hi is not None:
        stats.glue("compares", y.size)
    return y, stats


def _activation(op: str, x, config, backend: str, trace: bool, raw: bool) -> OpResult:
    cfg = check_config(config, FsActivationConfig, op)
    out = cfg.fmt("output_format")
    constants = {"sets": [p[0] for p in pieces(op)[2]]}
    quick = None if (raw or trace) else _from_floats(op, x, cfg, backend)
    if quick is not None:
        return op_result(op, quick[0], out, None, quick[1], cfg, constants)
    cfg, stats, X, xr = begin(op, x, cfg, FsActivationConfig, backend, raw)
    tr = {"input": xr} if trace else None
    hi = _pass_at(op, X)
    y = None if trace else run_fused(op, xr, cfg, backend, stats, out, hi)
    if y is None:
        acc = run_pieces(op, xr, cfg, backend, stats, tr)
        y = requantize(acc, cfg.fmt("acc_format").frac, out, backend=backend)
        if hi is not None:
            y = np.where(xr > hi, requantize(xr, X.frac, out, backend=backend), y)
    if hi is not None:
        stats.glue("compares", xr.size)
    return op_result(op, np.asarray(y, np.int64), out, tr, stats, cfg, constants)


def sigmoid(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("sigmoid", x, config, backend, trace, raw)


def silu(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("silu", x, config, backend, trace, raw)


def gelu(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("gelu", x, config, backend, trace, raw)


def softmax_plan(cfg: FsActivationConfig, d: int) -> abi.FsSoftmaxPlan | None:
    """The row kernel's plan (fx_fs_softmax_t) of :func:`softmax` on rows of d; None where a
    piece plan does not apply to every input (:func:`fused_plan`) or a requantization would
    widen."""
    X, A, out = (cfg.fmt(k) for k in ("input_format", "acc_format", "output_format"))
    plans = fused_plan("exp", cfg, X.width + 1), fused_plan("reciprocal", cfg, X.width)
    if not all(plans) or A.frac < X.frac or 2 * A.frac < out.frac:
        return None
    return abi.FsSoftmaxPlan(d=d, offset=_raw(SOFTMAX_OFFSET, X.frac),
                             cutoff=_raw(SOFTMAX_CUTOFF, X.frac), exp=plans[0], recip=plans[1],
                             sum_drop=A.frac - X.frac, sum_format=abi.FormatArgs.of(X),
                             out_drop=2 * A.frac - out.frac, out=abi.FormatArgs.of(out))


def _add_pieces(op: str, counts: dict, cfg: FsActivationConfig, stats: Stats) -> None:
    """A fused pass's counts (abi.fs_counts) into stats, as run_pieces adds them."""
    if cfg.fmt("input_format").frac != cfg.fmt("v_format").frac:
        stats.glue("overflow_input", counts["overflow_input"])
    for (name, _, _), piece in zip(pieces(op)[2], counts["pieces"]):
        if piece.pop("routed"):
            stats.add_primitive(name, piece)


def _softmax_rows(moved: np.ndarray, cfg: FsActivationConfig, backend: str,
                  stats: Stats) -> np.ndarray | None:
    """softmax over the last axis by the row kernel, its counts added to stats as the
    composition adds them; None (stats untouched) where no kernel or plan applies."""
    kernel = fused(backend, "fs_softmax_rows") if moved.size else None
    d = moved.shape[-1]
    plan = kernel and softmax_plan(cfg, d)
    if not plan:
        return None
    y, counts = kernel(moved.reshape(-1, d), plan)
    stats.glue("compares", 2 * moved.size)
    _add_pieces("exp", counts["exp"], cfg, stats)
    _add_pieces("reciprocal", counts["recip"], cfg, stats)
    stats.glue("adds", moved.size)
    stats.glue("multiplies", moved.size)
    stats.glue("overflow_output", counts["overflow"])
    return y.reshape(moved.shape)


def softmax(x, axis=-1, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    """LAS: tp = x - max + 0.1; entries with tp <= -20 are 0, the others go through the FS exp
    pieces (clamp [-10, 5]); S = sum; 1/S through the FS reciprocal pieces (clamp [0.2, 60]);
    out = e * (1/S), an exact integer product (LAS's temporal MAC multiplies the two
    accumulated spike sums exactly), requantized once."""
    cfg, stats, X, xr = begin("softmax", x, config, FsActivationConfig, backend, raw)
    A, out = cfg.fmt("acc_format"), cfg.fmt("output_format")
    ax = reduced_axis(xr, axis)
    moved = np.moveaxis(xr, ax, -1)
    constants = {"exp_sets": [p[0] for p in pieces("exp")[2]],
                 "reciprocal_sets": [p[0] for p in pieces("reciprocal")[2]]}
    y = None if trace else _softmax_rows(moved, cfg, backend, stats)
    if y is not None:
        return op_result("softmax", np.moveaxis(y, -1, ax), out, None, stats, cfg, constants)
    tp = moved - moved.max(axis=-1, keepdims=True) + _raw(SOFTMAX_OFFSET, X.frac)
    alive = tp > _raw(SOFTMAX_CUTOFF, X.frac)
    stats.glue("compares", 2 * moved.size)
    tr = {"input": xr} if trace else None
    e = np.where(alive, run_pieces("exp", tp, cfg, backend, stats, tr), 0)
    total = requantize(e.sum(axis=-1, keepdims=True), A.frac, X, backend=backend)
    inv = run_pieces("reciprocal", total, cfg, backend, stats, tr)
    stats.glue("adds", moved.size)
    stats.glue("multiplies", moved.size)
    y, ev = requantize(e * inv, 2 * A.frac, out, backend=backend, return_overflow=True)
    stats.glue("overflow_output", ev)
    if tr is not None:
        tr.update({"tp": np.moveaxis(tp, -1, ax), "exp": np.moveaxis(e, -1, ax), "sum": total,
                   "reciprocal": inv})
    return op_result("softmax", np.moveaxis(np.asarray(y, np.int64), -1, ax), out, tr, stats,
                     cfg, constants)


def exp(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("exp", x, config, backend, trace, raw)


def reciprocal(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("reciprocal", x, config, backend, trace, raw)
