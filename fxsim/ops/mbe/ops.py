"""The mbe (P2) operators in integers: gelu, tanh, sigmoid, silu, softmax, layernorm, rmsnorm and
the primitives exp, reciprocal, rsqrt, composed from the integer MBE neuron, range reduction
and the spike-driven multiply. Glue (row max, sums, subtractions, compares) is int64 numpy,
identical for every backend; every population runs on the chosen backend.
docs/algorithms.md section 8.6.
"""
from __future__ import annotations

import math

import numpy as np

from ...arith import ShiftScaler, requantize
from ...backends import abi, fused
from ...errors import FxError
from ...formats import INTERMEDIATE_BITS, Format, Rounding
from ...primitives.mbe import fit_record, mbe_neuron, neuron_plan, neuron_stats, op_plan
from ...primitives.range_reduction import exp_mbe, reciprocal_mbe, rsqrt_mbe
from ...primitives.spike_multiply import spike_multiply
from ..glue import quantize_param, reduced_axis, scaled_counted, shift, trace_add
from ..result import OpResult, Stats, begin, op_result
from .config import (MbeActivationConfig, MbeNormConfig, MbeScalarConfig, MbeSoftmaxConfig,
                     activation_fit)
from .tails import asymptote, check_covers, tail_compare, tail_masks


def _neuron_input(op: str, X: Format) -> Format:
    """The neuron's input format: sigmoid(x) = (1 + tanh(x / 2)) / 2, x / 2 is frac + 1."""
    return X.replace(frac=X.frac + 1) if op == "sigmoid" else X


def _pass_at(fit: str, X: Format) -> int:
    """Raw x from which gelu and silu pass x through (the fitted domain's upper end)."""
    return round(math.ldexp(fit_record(fit)["domain"][1], X.frac))


def _activation_fused(op: str, xr: np.ndarray, X: Format, cfg: MbeActivationConfig, fit: str,
                      backend: str, stats: Stats) -> np.ndarray | None:
    """The activation in one fused pass (fx_mbe_op), its counts added to stats as the
    composition adds them; None (stats untouched) where no kernel or no plan applies."""
    kernel = fused(backend, "mbe_op") if xr.size else None
    out = cfg.fmt("output_format")
    mbe = cfg.mbe_config(fit)
    neuron = kernel and neuron_plan(mbe, _neuron_input(op, X).frac, X.width)
    if not neuron:
        return None
    post = {"sigmoid": "sigmoid", "gelu": "pass", "silu": "pass"}.get(op, "none")
    y_frac = cfg.fmt("output_format").frac                 # the neuron's own output format
    stages = {"post_format": abi.FormatArgs.of(out)}
    if post == "sigmoid":
        stages.update(post_one=1 << y_frac, post_drop=y_frac + 1 - out.frac)
    elif post == "pass":
        if X.width + max(0, out.frac - X.frac) > INTERMEDIATE_BITS:
            return None
        stages.update(pass_at=_pass_at(fit, X), post_drop=X.frac - out.frac)
    y, counts = kernel(xr.reshape(-1), op_plan(neuron, "none", post, **stages))
    if post == "sigmoid":
        stats.glue("adds", xr.size)
        stats.glue("overflow_output", counts["overflow_post"])
    elif post == "pass":
        stats.glue("compares", xr.size)
    stats.add_primitive("mbe", neuron_stats(counts, neuron, xr.size))
    return y.reshape(xr.shape)


def _activation(op: str, x, config, backend: str, trace: bool, raw: bool) -> OpResult:
    """The MBE activation; with a tails fit, the compare-select of fxsim.ops.mbe.tails around
    it (the neuron runs on the inside elements only)."""
    cfg, stats, X, xr = begin(op, x, config, MbeActivationConfig, backend, raw)
    fit = activation_fit(op, cfg.fit)
    rec = fit_record(fit)
    out = cfg.fmt("output_format")
    tr = {"input": xr} if trace else None
    if not rec.get("tails"):
        y = _neuron(op, xr, X, cfg, fit, out, backend, trace, stats, tr)
        return op_result(op, y, out, tr, stats, cfg, {"fit": fit})
    check_covers(op, rec, out)
    below, above = tail_masks(op, xr, X, out)
    stats.glue("compares", 2 * xr.size)
    inside = ~(below | above)
    y = np.empty(xr.shape, np.int64)
    y[inside] = _neuron(op, xr[inside], X, cfg, fit, out, backend, trace, stats, tr)
    y[below] = asymptote(op, 0, xr[below], X, out, backend)
    y[above] = asymptote(op, 1, xr[above], X, out, backend)
    if trace:
        tr["tail"] = above.astype(np.int8) - below.astype(np.int8)
    return op_result(op, y, out, tr, stats, cfg,
                     {"fit": fit, "tail_compare": tail_compare(op, X, out)})


def _neuron(op: str, xr: np.ndarray, X: Format, cfg: MbeActivationConfig, fit: str,
            out: Format, backend: str, trace: bool, stats: Stats, tr: dict | None) -> np.ndarray:
    """The MBE path of an activation on raw inputs xr (any shape): raw int64 output in out,
    by the fused pass where one applies (not when tracing), else composed."""
    y = None if trace else _activation_fused(op, xr, X, cfg, fit, backend, stats)
    if y is not None:
        return np.asarray(y, np.int64)
    res = mbe_neuron(xr, _neuron_input(op, X), cfg.mbe_config(fit), backend=backend,
                     trace=trace)
    if op == "sigmoid":
        one = np.int64(1) << res.format.frac
        y, ev = requantize(res.raw + one, res.format.frac + 1, out, backend=backend,
                           return_overflow=True)
        stats.glue("adds", xr.size)
        stats.glue("overflow_output", ev)
    else:
        y = res.raw
        if op in ("gelu", "silu"):   # above the fitted domain GELU(x) = SiLU(x) = x
            passthrough = requantize(xr, X.frac, out, backend=backend)
            y = np.where(xr >= _pass_at(fit, X), passthrough, y)
            stats.glue("compares", xr.size)
    stats.add_primitive("mbe", res.stats)
    trace_add(tr, "mbe", res.trace)
    return np.asarray(y, np.int64)


def gelu(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("gelu", x, config, backend, trace, raw)


def tanh(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("tanh", x, config, backend, trace, raw)


def sigmoid(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("sigmoid", x, config, backend, trace, raw)


def silu(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("silu", x, config, backend, trace, raw)


def _scalar(op: str, fn, x, config, backend: str, trace: bool, raw: bool) -> OpResult:
    cfg, stats, X, xr = begin(op, x, config, MbeScalarConfig, backend, raw)
    out = cfg.fmt("output_format")
    res = fn(xr, X, out, cfg.range_config(), backend=backend, trace=trace)
    stats.add_primitive("range", res.stats)
    tr = {"input": xr} if trace else None
    trace_add(tr, "range", res.trace)
    return op_result(op, res.raw, out, tr, stats, cfg, {})


def exp(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _scalar("exp", exp_mbe, x, config, backend, trace, raw)


def reciprocal(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _scalar("reciprocal", reciprocal_mbe, x, config, backend, trace, raw)


def rsqrt(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _scalar("rsqrt", rsqrt_mbe, x, config, backend, trace, raw)


def softmax(x, axis=-1, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    """z = x - max (<= 0); e = 2**floor(z log2 e) * MBE_exp2(frac); S = sum e;
    1/S = MBE_inv by leading-zero normalisation; out = spike multiply(e, 1/S)."""
    cfg, stats, X, xr = begin("softmax", x, config, MbeSoftmaxConfig, backend, raw)
    ax = reduced_axis(xr, axis)
    moved = np.moveaxis(xr, ax, -1)
    z = moved - moved.max(axis=-1, keepdims=True)
    stats.glue("compares", moved.size)
    stats.glue("adds", moved.size)
    rc = cfg.range_config()
    E = cfg.fmt("exp_format")
    e = exp_mbe(z, X, E, rc, backend=backend, trace=trace)
    stats.add_primitive("exp", e.stats)
    total = e.raw.sum(axis=-1, keepdims=True)             # >= MBE_exp2(0) ~ 1, frac E.frac
    stats.glue("adds", moved.size)
    R = cfg.fmt("recip_format")
    inv = reciprocal_mbe(total, Format(False, 32, E.frac), R, rc, backend=backend, trace=trace)
    stats.add_primitive("reciprocal", inv.stats)
    out = cfg.fmt("output_format")
    prod = spike_multiply(e.raw, E, np.broadcast_to(inv.raw, e.raw.shape), R,
                          cfg.multiply_config(0, 0, out), backend=backend)
    stats.add_primitive("multiply", prod.stats)
    tr = None
    if trace:
        tr = {"input": xr, "z": np.moveaxis(z, -1, ax), "exp": np.moveaxis(e.raw, -1, ax),
              "sum": total, "reciprocal": inv.raw}
        trace_add(tr, "exp", e.trace)
        trace_add(tr, "reciprocal", inv.trace)
    return op_result("softmax", np.moveaxis(prod.raw, -1, ax), out, tr, stats, cfg, {})


def _norm(op: str, x, axis, weight, bias, config, backend: str, trace: bool, raw: bool):
    """(layernorm: xc = x - mean,) var = mean(spike square(xc)) + eps, invstd = MBE_invsqrt by
    parity-fixed range reduction, y = spike multiply(xc, invstd), then * weight (+ bias)."""
    cfg, stats, X, xr = begin(op, x, config, MbeNormConfig, backend, raw)
    ax = reduced_axis(xr, axis)
    moved = np.moveaxis(xr, ax, -1)
    d = moved.shape[-1]
    inv_d = ShiftScaler.from_constant("inv_d", 1.0 / d, width=cfg.inv_d_width)
    constants = {"d": d, "inv_d": inv_d.to_dict()}
    xc = moved
    if op == "layernorm":
        mean = scaled_counted(inv_d, moved.sum(axis=-1, keepdims=True), X.frac, X.frac,
                              Rounding.RND, backend, stats)
        xc = moved - mean
        stats.glue("adds", 2 * moved.size)
    square_fmt, var_fmt, invstd_fmt, normed_fmt = (
        cfg.fmt(k) for k in ("square_format", "var_format", "invstd_format", "normed_format"))
    sq = spike_multiply(xc, X, xc, X,
                        cfg.multiply_config(cfg.x_int_bits, cfg.x_int_bits, square_fmt),
                        backend=backend)
    stats.add_primitive("square", sq.stats)
    var = scaled_counted(inv_d, sq.raw.sum(axis=-1, keepdims=True), square_fmt.frac,
                         var_fmt.frac, Rounding.RND, backend, stats)
    eps_raw = max(1, round(math.ldexp(cfg.eps, var_fmt.frac)))
    var = var + eps_raw
    constants["eps_raw"] = eps_raw
    inv = rsqrt_mbe(var, var_fmt, invstd_fmt, cfg.range_config(), backend=backend)
    stats.add_primitive("rsqrt", inv.stats)
    normed = spike_multiply(xc, X, np.broadcast_to(inv.raw, xc.shape), invstd_fmt,
                            cfg.multiply_config(cfg.x_int_bits, cfg.invstd_int_bits, normed_fmt),
                            backend=backend)
    stats.add_primitive("multiply", normed.stats)
    y, y_frac = _affine(normed.raw, normed_fmt.frac, weight, bias, cfg, d, backend, stats)
    out = cfg.fmt("output_format")
    y, ev = requantize(y, y_frac, out, backend=backend, return_overflow=True)
    stats.glue("overflow_output", ev)
    tr = None
    if trace:
        tr = {"input": xr, "centered": np.moveaxis(xc, -1, ax), "var": var, "invstd": inv.raw}
    return op_result(op, np.moveaxis(np.asarray(y, np.int64), -1, ax), out, tr, stats, cfg,
                     constants)


def _affine(y: np.ndarray, y_frac: int, weight, bias, cfg: MbeNormConfig, d: int,
            backend: str, stats: Stats) -> tuple[np.ndarray, int]:
    """(y * weight + bias, its frac): the exact product with the weight quantized into
    weight_format (frac adds up), the bias quantized into bias_format and aligned to that
    frac (RND_CONV); either may be None."""
    if weight is not None:
        weight_fmt = cfg.fmt("weight_format")
        y = y * quantize_param(weight, weight_fmt, d, "weight", backend)
        y_frac += weight_fmt.frac
        stats.glue("multiplies", y.size)
    if bias is not None:
        bias_fmt = cfg.fmt("bias_format")
        y = y + shift(quantize_param(bias, bias_fmt, d, "bias", backend),
                      bias_fmt.frac - y_frac, Rounding.RND_CONV, backend)
        stats.glue("adds", y.size)
    return y, y_frac


def layernorm(x, weight=None, bias=None, axis=-1, config=None, backend="numpy", trace=False,
              raw=False) -> OpResult:
    return _norm("layernorm", x, axis, weight, bias, config, backend, trace, raw)


def rmsnorm(x, weight=None, axis=-1, config=None, backend="numpy", trace=False,
            raw=False) -> OpResult:
    if config is not None and not isinstance(config, dict) and not isinstance(config,
                                                                                MbeNormConfig):
        raise FxError(f"rmsnorm: config must be a MbeNormConfig, got {type(config).__name__}")
    return _norm("rmsnorm", x, axis, weight, None, config, backend, trace, raw)
