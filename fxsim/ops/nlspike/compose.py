"""The nlspike (P1) operators composed from the three integer primitives: the definition.

softmax, sigmoid, silu, gelu_tanh, rmsnorm, layernorm: raw integers in, raw integers out,
through ``pwl_exp``, ``divide`` and ``polarnorm`` on the chosen backend, with every constant
scale a recorded :class:`~fxsim.arith.ShiftScaler`. The glue between primitives (row max,
subtraction, row sums, compares, masks) is plain int64 numpy and identical for every backend.
Every step and width: docs/algorithms.md section 7.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ...arith import ShiftScaler, requantize
from ...backends import abi, fused
from ...errors import FxError
from ...formats import Format, Overflow, Rounding, as_format
from ...primitives.divgroup import divide
from ...primitives.polarnorm import polarnorm
from ...primitives.pwl_exp import cached_lut, pwl_exp
from ..glue import centred_rows, checked_mul, quantize_param, reduced_axis, scaled, shift, trace_add
from ..result import OpResult, Stats, check_config, op_result, quantized_input
from .config import ActivationConfig, NormConfig, SoftmaxConfig
from .plan import (RowExponent, activation_plan, activation_stats, gelu_scalers, norm_plan,
                   norm_stats, numerator_drop, row_exponent, softmax_constants, softmax_plan,
                   softmax_stats, weight_max)


def _exp_input(v: np.ndarray, frac_in: int, ein: Format, backend: str) -> tuple[np.ndarray, int]:
    """(v into PWL-Exp's input format, clamp events); its saturation is the designed clamp
    (config checks the format holds values below -L and up to L, so a clamped value gives the
    same exp)."""
    r, events = requantize(v, frac_in, ein.replace(overflow=Overflow.SAT), backend=backend,
                           return_overflow=True)
    return np.asarray(r, np.int64), int(events)


# ---- softmax -----------------------------------------------------------------------------
def softmax(x, axis=-1, config: SoftmaxConfig | None = None, backend: str = "numpy",
            trace: bool = False, raw: bool = False) -> OpResult:
    cfg = check_config(config, SoftmaxConfig, "softmax")
    X = cfg.fmt("input_format")
    if not (raw or trace):
        quick = _softmax_from_floats(x, axis, cfg, X, backend)
        if quick is not None:
            return quick
    stats = Stats()
    xr = quantized_input(x, X, raw, stats, backend)
    ax = reduced_axis(xr, axis)
    moved = np.moveaxis(xr, ax, -1)
    d = moved.shape[-1]
    pwl, div, acc_width, L_raw = softmax_constants(cfg, X, d)
    _softmax_glue_stats(stats, moved)
    tr: dict | None = {"input": xr} if trace else None
    kernel = None if trace else fused(backend, "softmax_rows")
    plan = softmax_plan(X, L_raw, pwl, div, d) if kernel else None
    if plan is not None:
        rows = moved.reshape(-1, d)
        y, counts = kernel(rows, plan)
        y = y.reshape(moved.shape)
    else:
        y, counts = _softmax_composed(moved, X, L_raw, pwl, div, backend, tr)
    softmax_stats(stats, div, moved.size, moved.size // d, counts)
    if tr is not None:
        tr = {k: (np.moveaxis(v, -1, ax) if k != "input" and not k.startswith("divgroup.")
                  else v) for k, v in tr.items()}
    return _softmax_result(cfg, np.moveaxis(y, -1, ax), tr, stats, X, pwl, div, acc_width,
                           L_raw, d)


def _softmax_glue_stats(stats: Stats, moved: np.ndarray) -> None:
    stats.glue("compares", moved.size - moved[..., 0].size)      # row max
    stats.glue("adds", 2 * moved.size)                            # - max + L


def _softmax_result(cfg, y, tr, stats, X: Format, pwl, div, acc_width: int, L_raw: int,
                    d: int) -> OpResult:
    constants = {"L_raw": L_raw, "L_frac": X.frac, "G": div.G, "d": d,
                 "accumulator": {"signed": False, "width": acc_width,
                                 "frac": as_format(pwl.output_format).frac},
                 "pwl_exp": _lut_summary(pwl)}
    return op_result("softmax", y, div.out_format, tr, stats, cfg, constants)


def _softmax_from_floats(x, axis, cfg: SoftmaxConfig, X: Format, backend: str):
    """softmax of float32 / float64 x through the backend's softmax_float_rows kernel, which
    quantizes each row itself (no float64 or int64 copy of the input); None when that kernel is
    missing or cannot stand in for the general path: another dtype, an invalid axis or config,
    a composition that could raise, or an invalid value (the general path then reports it)."""
    kernel = fused(backend, "softmax_float_rows")
    arr = np.asarray(x)
    if (kernel is None or arr.dtype not in (np.float32, np.float64) or arr.ndim == 0
            or not abi.FLOAT_FRAC[0] <= X.frac <= abi.FLOAT_FRAC[1] or isinstance(axis, bool)
            or not isinstance(axis, (int, np.integer)) or not -arr.ndim <= axis < arr.ndim):
        return None
    ax = int(axis) % arr.ndim
    moved = np.moveaxis(arr, ax, -1)
    d = moved.shape[-1]
    if d == 0:
        return None
    try:
        pwl, div, acc_width, L_raw = softmax_constants(cfg, X, d)
    except FxError:
        return None
    plan = softmax_plan(X, L_raw, pwl, div, d)
    if plan is None:
        return None
    rows = moved.reshape(-1, d)
    y, counts, inputs = kernel(rows, X, plan)
    if inputs["invalid"]:
        return None
    stats = Stats()
    stats.glue("overflow_input", inputs["overflow"])
    _softmax_glue_stats(stats, moved)
    softmax_stats(stats, div, rows.size, rows.shape[0], counts)
    return _softmax_result(cfg, np.moveaxis(y.reshape(moved.shape), -1, ax), None, stats, X,
                           pwl, div, acc_width, L_raw, d)


def _softmax_composed(x, X: Format, L_raw: int, pwl, div, backend: str,
                      tr: dict | None) -> tuple[np.ndarray, dict]:
    """Primitive by primitive, reduced axis last: s = x - max + L (exact, <= L), PWL-Exp of s
    clamped into its input format, the row sum (exact: the accumulator width was checked),
    the Division group e / max(1, sum). Returns (y, counts named by abi.SOFTMAX_COUNTS)."""
    s = x - x.max(axis=-1, keepdims=True) + np.int64(L_raw)
    e_in, clamped = _exp_input(s, X.frac, as_format(pwl.input_format), backend)
    pe = pwl_exp(e_in, pwl, backend=backend, trace=tr is not None)
    e = pe.raw
    total = e.sum(axis=-1, keepdims=True)
    B = np.maximum(np.broadcast_to(total, e.shape), 1)
    dv = divide(e.reshape(-1), B.reshape(-1), div, backend=backend, trace=tr is not None)
    if tr is not None:
        tr.update({"shifted": e_in, "exp": e, "sum": total})
        trace_add(tr, "pwl_exp", pe.trace)
        trace_add(tr, "divgroup", dv.trace)
    counts = {"clamp_exp_input": clamped, "lut_reads": pe.stats["lut_reads"],
              "pwl_overflow": pe.stats["overflow_output"], "spikes": dv.stats["spikes"],
              "output_overflow": dv.stats["overflow_q"]}
    return dv.raw.reshape(e.shape), counts


def _lut_summary(pwl) -> dict:
    lut = cached_lut(pwl)
    return {"config": pwl.to_dict(), "slope": lut["slope"].tolist(),
            "intercept": lut["intercept"].tolist(), "upper": lut["upper"],
            "widths": lut["widths"]}


# ---- sigmoid / silu / gelu_tanh ------------------------------------------------------------
def _over_one_plus_exp(num, num_frac, w, w_frac, cfg: ActivationConfig, gated: bool,
                       div, backend: str, tr: dict | None) -> tuple[np.ndarray, dict]:
    """num / (1 + PWL-Exp(-w)) through the Division group ``div``; returns (y, counts named
    by abi.ACTIVATION_COUNTS but poly_overflow).

    Not gated (sigmoid): num is 1 (ignored), no branches. Gated (silu, gelu_tanh): zero where
    -w > L (w < -L), num itself (floored) where -w < -L (the exp term is exactly 0, so the
    quotient is num; it bypasses the group, so G only covers |num| <= L)."""
    pwl = cfg.pwl_config()
    ein, eout = as_format(pwl.input_format), as_format(pwl.output_format)
    out = cfg.fmt("output_format")
    e_in, clamped = _exp_input(-w, w_frac, ein, backend)
    pe = pwl_exp(e_in, pwl, backend=backend, trace=True)
    index = pe.trace["index"]
    fo = eout.frac
    if not gated:
        fc = fo
        A = np.full(w.shape, np.int64(1) << np.int64(fo))
    else:
        fc = max(num_frac, fo)
        A = shift(num, num_frac - fc, Rounding.TRN, backend)        # exact left shift
        zero = index == pwl.K                          # -w > L
        bypass = index == -1                           # -w < -L: exp term 0
        A = np.where(zero | bypass, 0, A)
    B = shift((np.int64(1) << np.int64(fo)) + pe.raw, fo - fc, Rounding.TRN, backend)
    dv = divide(A.reshape(-1), B.reshape(-1), div, backend=backend, trace=tr is not None)
    y = dv.raw.reshape(w.shape)
    bypassed, bypass_overflow = 0, 0
    if gated:
        passed = np.zeros_like(y)
        bypassed = int(np.count_nonzero(bypass))
        if bypassed:
            passed[bypass], bypass_overflow = requantize(num[bypass], num_frac, out,
                                                         backend=backend, return_overflow=True)
        y = np.where(zero, 0, np.where(bypass, passed, y))
    if tr is not None:
        tr["exp_input"] = e_in
        tr["exp"] = pe.raw
        tr["numerator"] = A
        tr["denominator"] = B
        trace_add(tr, "pwl_exp", pe.trace)
        trace_add(tr, "divgroup", dv.trace)
    counts = {"clamp_exp_input": clamped, "lut_reads": pe.stats["lut_reads"],
              "pwl_overflow": pe.stats["overflow_output"], "spikes": dv.stats["spikes"],
              "output_overflow": dv.stats["overflow_q"], "poly_overflow": 0,
              "bypassed": bypassed, "bypass_overflow": int(bypass_overflow), "too_wide": 0}
    return y, counts


def _activation_G(kind: str, cfg: ActivationConfig) -> int:
    """The group size: ceil(L) 2^n for the gated ops (|quotient| <= L), 2^n for sigmoid."""
    return cfg.G or ((1 << cfg.n) if kind == "sigmoid" else (math.ceil(cfg.L) << cfg.n))


def _activation(kind: str, x, config, backend: str, trace: bool, raw: bool) -> OpResult:
    """sigmoid, silu or gelu_tanh: the fused kernel where the backend has one and it cannot
    raise, else the composition; both report their stats through activation_stats."""
    cfg = check_config(config, ActivationConfig, kind)
    X = cfg.fmt("input_format")
    G = _activation_G(kind, cfg)
    div = cfg.div_config(G, cfg.fmt("output_format"))
    quick = None if (raw or trace) else _activation_from_floats(kind, x, cfg, X, div, backend)
    if quick is not None:
        y, counts, stats, size, tr = quick
    else:
        y, counts, stats, size, tr = _activation_raw(kind, x, cfg, X, div, backend, trace, raw)
    activation_stats(kind, size, counts, div, stats)
    constants = {"G": G}
    if kind == "gelu_tanh":
        s1, s3 = gelu_scalers(cfg)
        constants.update({"gelu_c1": s1.to_dict(), "gelu_c3": s3.to_dict(),
                          "clip_raw": _clip_raw(cfg, X)})
    constants["pwl_exp"] = _lut_summary(cfg.pwl_config())
    return op_result(kind, y, cfg.fmt("output_format"), tr, stats, cfg, constants)


def _activation_from_floats(kind: str, x, cfg: ActivationConfig, X: Format, div,
                            backend: str):
    """(y, counts, stats, size, no trace) of float32 / float64 x through the backend's
    activation_floats kernel, which quantizes each chunk itself (no int64 copy of the input);
    None where that kernel is missing or cannot stand in for the general path (as
    _softmax_from_floats; also a division too wide for the fused group)."""
    kernel = fused(backend, "activation_floats")
    arr = np.asarray(x)
    if (kernel is None or arr.dtype not in (np.float32, np.float64)
            or not abi.FLOAT_FRAC[0] <= X.frac <= abi.FLOAT_FRAC[1]):
        return None
    plan = activation_plan(kind, cfg, X, div)
    if plan is None:
        return None
    y, counts, inputs = kernel(arr, X, plan)
    if inputs["invalid"] or counts["too_wide"]:
        return None
    stats = Stats()
    stats.glue("overflow_input", inputs["overflow"])
    return y, counts, stats, arr.size, None


def _activation_raw(kind: str, x, cfg: ActivationConfig, X: Format, div, backend: str,
                    trace: bool, raw: bool):
    """(y, counts, stats, size, trace) of x quantized first (or raw): the fused activation
    kernel where the backend has one and it cannot raise, else the composition."""
    stats = Stats()
    xr = quantized_input(x, X, raw, stats, backend)
    kernel = None if trace else fused(backend, "activation")
    plan = activation_plan(kind, cfg, X, div) if kernel else None
    counts, tr = None, None
    if plan is not None:
        y, counts = kernel(xr, plan)
    if counts is None or counts["too_wide"]:
        tr = {"input": xr} if trace else None
        if kind == "gelu_tanh":
            y, counts = _gelu_composed(xr, X, cfg, div, backend, tr)
        else:
            gated = kind != "sigmoid"
            y, counts = _over_one_plus_exp(xr if gated else None, X.frac if gated else 0, xr,
                                           X.frac, cfg, gated, div, backend, tr)
    return y, counts, stats, xr.size, tr


def sigmoid(x, config: ActivationConfig | None = None, backend: str = "numpy",
            trace: bool = False, raw: bool = False) -> OpResult:
    return _activation("sigmoid", x, config, backend, trace, raw)


def silu(x, config: ActivationConfig | None = None, backend: str = "numpy",
         trace: bool = False, raw: bool = False) -> OpResult:
    return _activation("silu", x, config, backend, trace, raw)


def gelu_tanh(x, config: ActivationConfig | None = None, backend: str = "numpy",
              trace: bool = False, raw: bool = False) -> OpResult:
    return _activation("gelu_tanh", x, config, backend, trace, raw)


def _clip_raw(cfg: ActivationConfig, X: Format) -> int:
    """gelu_tanh's clamp C on X's grid (2u(C) > L: the clamp never changes a branch)."""
    return math.floor(math.ldexp(cfg.gelu_clip, X.frac))


def _gelu_composed(xr: np.ndarray, X: Format, cfg: ActivationConfig, div, backend: str,
                   tr: dict | None) -> tuple[np.ndarray, dict]:
    """gelu_tanh primitive by primitive: 2u = c1 x + c3 x^3 in P on x clamped to [-C, C],
    then the gated x / (1 + e^-2u). Returns (y, counts named by abi.ACTIVATION_COUNTS)."""
    P = cfg.fmt("poly_format")
    s1, s3 = gelu_scalers(cfg)
    c_raw = _clip_raw(cfg, X)
    xc = np.clip(xr, -c_raw, c_raw)
    xp = np.asarray(requantize(xc, X.frac, P, backend=backend), np.int64)
    x2, ev2 = requantize(checked_mul(xp, xp, "gelu x^2"), 2 * P.frac, P, backend=backend,
                         return_overflow=True)
    x3, ev3 = requantize(checked_mul(np.asarray(x2), xp, "gelu x^3"), 2 * P.frac, P,
                         backend=backend, return_overflow=True)
    t1, ev4 = s1.apply(xp, P.frac, P, backend=backend, return_overflow=True)
    t3, ev5 = s3.apply(np.asarray(x3), P.frac, P, backend=backend, return_overflow=True)
    w = np.asarray(t1, np.int64) + np.asarray(t3, np.int64)       # 2u, frac P.frac
    if tr is not None:
        tr.update({"x2": np.asarray(x2), "x3": np.asarray(x3), "two_u": w})
    y, counts = _over_one_plus_exp(xr, X.frac, w, P.frac, cfg, True, div, backend, tr)
    counts["poly_overflow"] = ev2 + ev3 + ev4 + ev5
    return y, counts


# ---- rmsnorm / layernorm -----------------------------------------------------------------
class _NormSetup(NamedTuple):
    """What a norm needs beside the input rows (every piece depends on d, the config, the
    weight and the bias only)."""

    constants: dict
    w_raw: np.ndarray | None
    W: Format
    sqrt_d: ShiftScaler
    inv_d: ShiftScaler | None
    rx: RowExponent | None
    pcfg: object
    div: object
    out: Format
    b_n: np.ndarray | None

    def plan(self, cfg: NormConfig, X: Format, d: int, op: str):
        """norm_plan of this setup (None where the composition could raise)."""
        return norm_plan(cfg, self.pcfg, X, d, op, self.inv_d, self.rx, self.sqrt_d,
                         self.w_raw, self.W, self.b_n, self.div, self.out)

    def stats(self, op: str, rows: int, d: int, counts: dict, stats: Stats) -> None:
        norm_stats(op, rows, d, counts, self.pcfg, self.div, self.w_raw is not None,
                   self.b_n is not None, self.rx is not None, stats)


def _norm_setup(op: str, cfg: NormConfig, X: Format, d: int, weight, bias,
                backend: str) -> _NormSetup:
    """The weight and bias quantized, the scalers (sqrt d; 1/d or the row exponent), the
    PolarNorm and Division group configs and the recorded constants."""
    constants: dict = {"d": d}
    W = cfg.fmt("weight_format")
    w_raw = None if weight is None else quantize_param(weight, W, d, "weight", backend)
    wmax = 1.0 if w_raw is None else float(np.abs(w_raw).max()) * W.lsb
    sqrt_d = ShiftScaler.from_constant("sqrt_d", math.sqrt(d), width=cfg.sqrt_d_width)
    inv_d = rx = None
    if cfg.row_exponent:
        num_drop = numerator_drop(X, cfg.fmt("norm_format"), W, w_raw is not None)
        rx = row_exponent(cfg, X, d, op == "layernorm", weight_max(w_raw), num_drop, sqrt_d)
        constants["row_exponent"] = rx.to_dict()
    elif op == "layernorm":
        inv_d = ShiftScaler.from_constant("inv_d", 1.0 / d, width=cfg.inv_d_width)
        constants["inv_d"] = inv_d.to_dict()
    pcfg = _polarnorm_config(cfg, rx)
    constants["polarnorm"] = pcfg.constants(d)
    constants["sqrt_d"] = sqrt_d.to_dict()
    G = cfg.G or ((math.ceil(math.sqrt(d) * wmax) + 1) << cfg.n)
    constants["G"] = G
    out = cfg.fmt("output_format")
    div = cfg.div_config(G, out if bias is None else None)
    b_n = None
    if bias is not None:       # the bias aligned to the quotient's n fractional bits
        Bf = cfg.fmt("bias_format")
        b_n = shift(quantize_param(bias, Bf, d, "bias", backend), Bf.frac - cfg.n,
                    Rounding.RND_CONV, backend)
    return _NormSetup(constants, w_raw, W, sqrt_d, inv_d, rx, pcfg, div, out, b_n)


def _norm(op: str, x, axis, weight, bias, config, backend: str, trace: bool,
          raw: bool) -> OpResult:
    cfg = check_config(config, NormConfig, op)
    X = cfg.fmt("input_format")
    if not (raw or trace):
        quick = _norm_from_floats(op, x, axis, weight, bias, cfg, X, backend)
        if quick is not None:
            return quick
    stats = Stats()
    xr = quantized_input(x, X, raw, stats, backend)
    ax = reduced_axis(xr, axis)
    moved = np.moveaxis(xr, ax, -1)
    d = moved.shape[-1]
    setup = _norm_setup(op, cfg, X, d, weight, bias, backend)
    kernel = None if trace else fused(backend, "norm_rows")
    plan = setup.plan(cfg, X, d, op) if kernel else None
    counts = None
    tr = None
    if plan is not None:
        y, counts = kernel(moved.reshape(-1, d), plan)
        y = y.reshape(moved.shape)
    if counts is None or counts["too_wide"]:
        tr = {"input": xr} if trace else None
        y, counts = _norm_composed(moved, X, op, setup.inv_d, setup.rx, setup.sqrt_d,
                                   setup.w_raw, setup.W, setup.b_n, setup.div, setup.out, cfg,
                                   backend, tr, ax)
    setup.stats(op, moved.size // d, d, counts, stats)
    return op_result(op, np.moveaxis(y, -1, ax), setup.out, tr, stats, cfg, setup.constants)


def _norm_from_floats(op: str, x, axis, weight, bias, cfg: NormConfig, X: Format,
                      backend: str) -> OpResult | None:
    """The norm of float32 / float64 x through the backend's norm_float_rows kernel, which
    quantizes each row itself (no int64 copy of the input); None where that kernel is
    missing or cannot stand in for the general path (as _softmax_from_floats; also a bad
    axis, weight or bias and a division too wide for the fused group: the general path then
    reports or handles it)."""
    kernel = fused(backend, "norm_float_rows")
    arr = np.asarray(x)
    if (kernel is None or arr.dtype not in (np.float32, np.float64)
            or not abi.FLOAT_FRAC[0] <= X.frac <= abi.FLOAT_FRAC[1]):
        return None
    try:
        ax = reduced_axis(arr, axis)
        moved = np.moveaxis(arr, ax, -1)
        d = moved.shape[-1]
        setup = _norm_setup(op, cfg, X, d, weight, bias, backend)
    except FxError:
        return None
    plan = setup.plan(cfg, X, d, op)
    if plan is None:
        return None
    y, counts, inputs = kernel(moved.reshape(-1, d), X, plan)
    if inputs["invalid"] or counts["too_wide"]:
        return None
    stats = Stats()
    stats.glue("overflow_input", inputs["overflow"])
    setup.stats(op, y.shape[0], d, counts, stats)
    return op_result(op, np.moveaxis(y.reshape(moved.shape), -1, ax), setup.out, None, stats,
                     cfg, setup.constants)


def _polarnorm_config(cfg: NormConfig, rx: RowExponent | None):
    """PolarNorm's config; with the row exponent, its eps element is the one at exp_lo (the
    config's own eps need not fit the tree: only eps_leaves are used)."""
    pcfg = cfg.polarnorm_config()
    return pcfg if rx is None else pcfg.replace(eps=rx.eps_at(rx.exp_lo))


def _centred(moved: np.ndarray, X: Format, op: str, inv_d: ShiftScaler | None,
             rx: RowExponent | None, backend: str, tr: dict | None, ax: int) -> np.ndarray:
    """The row u the norm runs on: x (rmsnorm); layernorm: d x - sum x with the row exponent
    (exact, no rounding), else x - mean with the mean through the shift-scaler 1/d (RND)."""
    if op == "rmsnorm":
        return moved
    if rx is not None:                # |d x - sum x| < 2^62: checked by row_exponent()
        return centred_rows(moved)
    total = moved.sum(axis=-1, keepdims=True)                 # W_X + ceil(log2 d) bits
    mean = scaled(inv_d, total, X.frac, X.frac, Rounding.RND, backend)
    if tr is not None:
        tr["mean"] = np.moveaxis(mean, -1, ax)
    return moved - mean


def _row_norms(u: np.ndarray, X: Format, rx: RowExponent | None, pcfg, backend: str,
               trace: bool) -> tuple:
    """Rows u [rows, d] on the row exponent's scale: (e [rows], c = RND(u 2^-e) [rows, d],
    v = u 2^-e in NI [rows, d], NI events, PolarNorm of v [rows], its overflow counts, its
    trace). Rows sharing an exponent share PolarNorm's eps element sqrt(eps_row 2^-2e d), so
    PolarNorm runs once per distinct e (e = 0 for every row without the row exponent)."""
    rows = u.shape[0]
    e = rx.exponents(u) if rx is not None else np.zeros(rows, np.int64)
    c, v, norm = np.empty_like(u), np.empty_like(u), np.empty(rows, np.int64)
    overflow = dict.fromkeys(("input", "merge", "output"), 0)
    ev_in = 0
    tr: dict | None = {} if trace else None
    NI = pcfg.input_format
    for ek in np.unique(e).tolist():
        sel = e == ek
        c[sel] = shift(u[sel], ek, Rounding.RND, backend)
        v[sel], events = requantize(u[sel], X.frac + ek, NI, backend=backend,
                                    return_overflow=True)
        ev_in += int(events)
        group_cfg = pcfg if rx is None else pcfg.replace(eps=rx.eps_at(ek))
        pn = polarnorm(v[sel], group_cfg, axis=-1, backend=backend, trace=trace)
        norm[sel] = pn.raw
        for name in overflow:
            overflow[name] += pn.stats[f"overflow_{name}"]
        for key, value in (pn.trace or {}).items():
            if key == "merge_level":
                tr[key] = value
            else:
                tr.setdefault(key, np.zeros((rows,) + value.shape[1:], np.int64))[sel] = value
    return e, c, v, ev_in, norm, overflow, tr


def _norm_composed(moved: np.ndarray, X: Format, op: str, inv_d: ShiftScaler | None,
                   rx: RowExponent | None, sqrt_d: ShiftScaler, w_raw: np.ndarray | None,
                   W: Format, b_n: np.ndarray | None, div, out: Format, cfg: NormConfig,
                   backend: str, tr: dict | None, ax: int) -> tuple[np.ndarray, dict]:
    """rmsnorm / layernorm primitive by primitive, reduced axis last (docs/algorithms.md 7.3).
    Returns (y, counts named by abi.NORM_COUNTS)."""
    rnd = Rounding.RND
    d = moved.shape[-1]
    u = _centred(moved, X, op, inv_d, rx, backend, tr, ax)
    # the row exponent e, u 2^-e (numerator), u 2^-e in NI and its PolarNorm with sqrt(eps d)
    pcfg = _polarnorm_config(cfg, rx)
    e, xc, v, ev_in, norm, pn_overflow, pn_trace = _row_norms(
        u.reshape(-1, d), X, rx, pcfg, backend, tr is not None)
    shape = moved.shape
    xc, v, norm = xc.reshape(shape), v.reshape(shape), norm.reshape(shape[:-1])
    if tr is not None:
        if op == "layernorm":
            tr["centered"] = np.moveaxis(u, -1, ax)
        if rx is not None:
            tr["row_exponent"] = e.reshape(shape[:-1])
            tr["scaled"] = np.moveaxis(xc, -1, ax)
    fN = pcfg.output_format.frac
    # numerator x * w * sqrt(d), denominator the norm, on the common frac fc
    fc = max(X.frac, fN)
    if w_raw is not None:
        A0 = shift(checked_mul(xc, w_raw, "x * weight"), X.frac + W.frac - fc, rnd, backend)
    else:
        A0 = shift(xc, X.frac - fc, rnd, backend)
    A = scaled(sqrt_d, A0, fc, fc, rnd, backend)
    B = shift(np.maximum(norm, 1), fN - fc, Rounding.TRN, backend)[..., None]
    B = np.broadcast_to(B, A.shape)
    dv = divide(A.reshape(-1), B.reshape(-1), div, backend=backend, trace=tr is not None)
    y = dv.raw.reshape(A.shape)
    ev_out = 0
    if b_n is not None:
        y, ev_out = requantize(y + b_n, cfg.n, out, backend=backend, return_overflow=True)
        y = np.asarray(y, np.int64)
        if tr is not None:
            tr["bias"] = b_n
    if tr is not None:
        tr["norm_input"] = np.moveaxis(v, -1, ax)
        tr["norm"] = norm
        tr["numerator"] = np.moveaxis(A, -1, ax)
        trace_add(tr, "polarnorm", pn_trace)
        trace_add(tr, "divgroup", dv.trace)
    counts = {"norm_input_overflow": ev_in, "spikes": dv.stats["spikes"],
              "q_overflow": dv.stats["overflow_q"], "output_overflow": int(ev_out),
              "too_wide": 0}
    counts.update({f"polarnorm_{name}": n for name, n in pn_overflow.items()})
    return y, counts


def rmsnorm(x, weight=None, axis=-1, config: NormConfig | None = None, backend: str = "numpy",
            trace: bool = False, raw: bool = False) -> OpResult:
    return _norm("rmsnorm", x, axis, weight, None, config, backend, trace, raw)


def layernorm(x, weight=None, bias=None, axis=-1, config: NormConfig | None = None,
              backend: str = "numpy", trace: bool = False, raw: bool = False) -> OpResult:
    return _norm("layernorm", x, axis, weight, bias, config, backend, trace, raw)
