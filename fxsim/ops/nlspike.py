"""P1 (NLSpike) operators composed from the three integer primitives.

softmax, sigmoid, silu, gelu_tanh, rmsnorm, layernorm: raw integers in, raw integers out,
through ``pwl_exp``, ``divide`` and ``polarnorm`` on the chosen backend, with every constant
scale a recorded :class:`~fxsim.arith.ShiftScaler`. The glue between primitives (row max,
subtraction, row sums, compares, masks) is plain int64 numpy and identical for every backend.
Every step and width: docs/algorithms.md section 7.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..arith import ShiftScaler, as_raw_int64, quantize, requantize
from ..errors import FxError
from ..formats import INTERMEDIATE_BITS, Format, Overflow, Rounding, as_format
from ..primitives import PrimitiveResult
from ..primitives.divgroup import divide, group_stats
from ..primitives.polarnorm import polarnorm
from ..primitives.pwl_exp import cached_lut, pwl_exp
from . import nlspike_fused
from .config import ActivationConfig, NormConfig, SoftmaxConfig, gelu_constants
from .prologue import Stats, begin, check_config, quantized_input

@dataclass
class OpResult(PrimitiveResult):
    """A PrimitiveResult plus the operator's name, config and recorded constants
    (ShiftScalers, derived G, accumulator width, ...)."""

    op: str = ""
    config: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)


def _trace_add(tr: dict | None, prefix: str, sub: dict | None) -> None:
    if tr is not None and sub:
        for key, value in sub.items():
            tr[f"{prefix}.{key}"] = value


def _axis(arr: np.ndarray, axis) -> int:
    if arr.ndim == 0:
        raise FxError("x must have at least one axis")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) \
            or not -arr.ndim <= int(axis) < arr.ndim:
        raise FxError(f"axis {axis!r} out of range for an array of {arr.ndim} dimension(s)")
    axis = int(axis) % arr.ndim
    if arr.shape[axis] == 0:
        raise FxError("the reduced axis is empty (d = 0)")
    return axis


def _const_raw(value: float, frac: int, name: str) -> int:
    """A float constant on a raw grid: RND_CONV (the constant rule, algorithms.md 1.6)."""
    scaled = math.ldexp(value, frac)
    if abs(scaled) >= 2.0 ** INTERMEDIATE_BITS:
        raise FxError(f"constant {name} = {value} at frac {frac} exceeds the 62-bit range")
    return int(np.round(scaled))          # numpy rounds half to even


def _shift(raw: np.ndarray, k: int, rounding: Rounding, backend: str) -> np.ndarray:
    """Drop k >= 0 bits with a named rounding (k < 0: exact left shift, checked)."""
    raw = as_raw_int64(raw)
    if k <= 0:
        if raw.size and int(np.abs(raw).max()).bit_length() - k > INTERMEDIATE_BITS:
            raise FxError(f"left shift by {-k} exceeds the {INTERMEDIATE_BITS}-bit range")
        return raw * (np.int64(1) << np.int64(-k))
    from ..backends import get_backend
    return get_backend(backend).shift_right(raw, int(k), rounding)


def _mul(a: np.ndarray, b, what: str) -> np.ndarray:
    """Exact int64 product, checked below 2^62 from the operands' bit lengths."""
    a = np.asarray(a, np.int64)
    b = np.asarray(b, np.int64)
    ba = int(np.abs(a).max()).bit_length() if a.size else 0
    bb = int(np.abs(b).max()).bit_length() if b.size else 0
    if ba + bb > INTERMEDIATE_BITS:
        raise FxError(f"{what}: product of {ba}-bit and {bb}-bit operands exceeds the "
                      f"{INTERMEDIATE_BITS}-bit intermediate range")
    return a * b


def _scale(scaler: ShiftScaler, raw: np.ndarray, frac_in: int, frac_out: int,
           rounding: Rounding, backend: str, stats: Stats) -> np.ndarray:
    """The shift-scaler into an int64 intermediate (no stored Format, so no overflow stage):
    shr_rounding(x * m, frac_in + s - frac_out)."""
    product = _mul(raw, scaler.m, f"shift-scaler {scaler.name}")
    stats.glue("multiplies", raw.size)
    stats.glue("shifts", raw.size)
    return _shift(product, frac_in + scaler.shift - frac_out, rounding, backend)


def _exp_input(v: np.ndarray, frac_in: int, ein: Format, backend: str, stats: Stats):
    """v into PWL-Exp's input format; its saturation is the designed clamp (config checks the
    format holds values below -L and up to L, so a clamped value gives the same exp)."""
    r, events = requantize(v, frac_in, ein.replace(overflow=Overflow.SAT), backend=backend,
                           return_overflow=True)
    stats.d["clamp_exp_input"] = stats.d.get("clamp_exp_input", 0) + int(events)
    return np.asarray(r, np.int64)


def _result(op, raw, fmt, tr, stats, cfg, constants) -> OpResult:
    return OpResult(raw=raw, format=fmt, trace=tr, stats=dict(stats.d), op=op,
                    config=cfg.to_dict(), constants=constants)


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
    ax = _axis(xr, axis)
    moved = np.moveaxis(xr, ax, -1)
    d = moved.shape[-1]
    pwl, div, acc_width, L_raw = _softmax_plan(cfg, X, d)
    _softmax_glue_stats(stats, moved)
    tr: dict | None = {"input": xr} if trace else None
    kernel = _fused_kernel(backend, "softmax_rows", trace)
    if kernel and _softmax_fusable(X, L_raw, pwl, div):
        y = _softmax_fused(kernel, moved, X, L_raw, pwl, div, stats)
    else:
        y = _softmax_composed(moved, X, L_raw, pwl, div, backend, stats, tr)
    if tr is not None:
        tr = {k: (np.moveaxis(v, -1, ax) if k != "input" and not k.startswith("divgroup.")
                  else v) for k, v in tr.items()}
    return _softmax_result(cfg, np.moveaxis(y, -1, ax), tr, stats, X, pwl, div, acc_width, L_raw,
                           d)


def _softmax_plan(cfg: SoftmaxConfig, X: Format, d: int):
    """(PWL-Exp config, Division group config, accumulator width, L on X's grid) for rows of d;
    FxError when the accumulator or L leaves the 62-bit range."""
    pwl = cfg.pwl_config()
    G = cfg.G or (1 << cfg.n)
    div = cfg.div_config(G, cfg.fmt("output_format"))
    acc_width = as_format(pwl.output_format).width + max(0, math.ceil(math.log2(d)))
    if acc_width > INTERMEDIATE_BITS:
        raise FxError(f"softmax: accumulator of {acc_width} bits for d = {d} exceeds 62 bits")
    return pwl, div, acc_width, _const_raw(cfg.L, X.frac, "L")


def _softmax_glue_stats(stats: Stats, moved: np.ndarray) -> None:
    stats.glue("compares", moved.size - moved[..., 0].size)      # row max
    stats.glue("adds", 2 * moved.size)                            # - max + L


def _softmax_result(cfg, y, tr, stats, X: Format, pwl, div, acc_width: int, L_raw: int,
                    d: int) -> OpResult:
    constants = {"L_raw": L_raw, "L_frac": X.frac, "G": div.G, "d": d,
                 "accumulator": {"signed": False, "width": acc_width,
                                 "frac": as_format(pwl.output_format).frac},
                 "pwl_exp": _lut_summary(pwl)}
    return _result("softmax", y, div.out_format, tr, stats, cfg, constants)


def _softmax_from_floats(x, axis, cfg: SoftmaxConfig, X: Format, backend: str):
    """softmax of float32 / float64 x through the backend's softmax_float_rows kernel, which
    quantizes each row itself (no float64 or int64 copy of the input); None when that kernel is
    missing or cannot stand in for the general path: another dtype, an invalid axis or config,
    a composition that could raise, or an invalid value (the general path then reports it)."""
    from ..backends import get_backend
    kernel = getattr(get_backend(backend), "softmax_float_rows", None)
    arr = np.asarray(x)
    if (kernel is None or arr.dtype not in (np.float32, np.float64) or arr.ndim == 0
            or not -1022 <= X.frac <= 1023 or isinstance(axis, bool)
            or not isinstance(axis, (int, np.integer)) or not -arr.ndim <= axis < arr.ndim):
        return None
    ax = int(axis) % arr.ndim
    moved = np.moveaxis(arr, ax, -1)
    d = moved.shape[-1]
    if d == 0:
        return None
    try:
        pwl, div, acc_width, L_raw = _softmax_plan(cfg, X, d)
    except FxError:
        return None
    if not _softmax_fusable(X, L_raw, pwl, div):
        return None
    ein = as_format(pwl.input_format)
    rows = moved.reshape(-1, d)
    y, counts, input_overflow, invalid = kernel(
        rows, X, L_raw, X.frac - ein.frac, ein.replace(overflow=Overflow.SAT), cached_lut(pwl),
        as_format(pwl.output_format), _div_tuple(div), div.n - div.out_format.frac,
        div.out_format)
    if invalid:
        return None
    stats = Stats()
    stats.glue("overflow_input", input_overflow)
    _softmax_glue_stats(stats, moved)
    _softmax_counts(stats, div, rows, counts)
    return _softmax_result(cfg, np.moveaxis(y.reshape(moved.shape), -1, ax), None, stats, X,
                           pwl, div, acc_width, L_raw, d)


def _softmax_composed(x, X: Format, L_raw: int, pwl, div, backend: str, stats: Stats,
                      tr: dict | None) -> np.ndarray:
    """Primitive by primitive, reduced axis last: s = x - max + L (exact, <= L), PWL-Exp of s
    clamped into its input format, the row sum (exact: the accumulator width was checked),
    the Division group e / max(1, sum)."""
    s = x - x.max(axis=-1, keepdims=True) + np.int64(L_raw)
    e_in = _exp_input(s, X.frac, as_format(pwl.input_format), backend, stats)
    pe = pwl_exp(e_in, pwl, backend=backend, trace=tr is not None)
    stats.add_primitive("pwl_exp", pe.stats)
    e = pe.raw
    total = e.sum(axis=-1, keepdims=True)
    stats.glue("adds", e.size - e[..., 0].size)
    B = np.maximum(np.broadcast_to(total, e.shape), 1)
    dv = divide(e.reshape(-1), B.reshape(-1), div, backend=backend, trace=tr is not None)
    stats.add_primitive("divgroup", dv.stats)
    if tr is not None:
        tr.update({"shifted": e_in, "exp": e, "sum": total})
        _trace_add(tr, "pwl_exp", pe.trace)
        _trace_add(tr, "divgroup", dv.trace)
    return dv.raw.reshape(e.shape)


def _fused_kernel(backend: str, name: str, trace: bool):
    """The backend's fused operator kernel ``name`` (csrc/fx_ops.c), or None: with a trace, or
    on a backend without one, the operator runs primitive by primitive."""
    from ..backends import get_backend
    return None if trace else getattr(get_backend(backend), name, None)


def _softmax_fusable(X: Format, L_raw: int, pwl, div) -> bool:
    """Where the composition cannot raise, so the fused kernel may stand in for it: an unsigned
    exp output (every numerator is then at most its row sum, so e << k < 2^62 as B << k is)
    and no widening shift that could leave the 62-bit range."""
    ein, eout = as_format(pwl.input_format), as_format(pwl.output_format)
    out = div.out_format
    s_bits = max(X.width, L_raw.bit_length()) + 2
    return (not eout.signed and s_bits + max(0, ein.frac - X.frac) <= INTERMEDIATE_BITS
            and div.G.bit_length() + 1 + max(0, out.frac - div.n) <= INTERMEDIATE_BITS)


def _softmax_fused(kernel, x, X: Format, L_raw: int, pwl, div, stats: Stats) -> np.ndarray:
    """_softmax_composed in one kernel call: same integers, same stats."""
    ein, eout = as_format(pwl.input_format), as_format(pwl.output_format)
    rows = x.reshape(-1, x.shape[-1])
    y, counts = kernel(rows, L_raw, X.frac - ein.frac, ein.replace(overflow=Overflow.SAT),
                       cached_lut(pwl), eout, _div_tuple(div), div.n - div.out_format.frac,
                       div.out_format)
    _softmax_counts(stats, div, rows, counts)
    return y.reshape(x.shape)


def _div_tuple(div) -> tuple:
    return (div.n, div.G, int(div.normalize_denominator), div.normalize_bit)


def _softmax_counts(stats: Stats, div, rows: np.ndarray, counts: dict) -> None:
    """The stats of _softmax_composed from a fused kernel's counts."""
    inside = counts["lut_reads"]
    stats.d["clamp_exp_input"] = stats.d.get("clamp_exp_input", 0) + counts["clamp_exp_input"]
    stats.add_primitive("pwl_exp", {"lut_reads": inside, "multiplies": inside, "adds": inside,
                                    "overflow_output": counts["pwl_overflow"]})
    stats.glue("adds", rows.size - rows.shape[0])
    stats.add_primitive("divgroup", group_stats(div, rows.size, counts["spikes"],
                                                counts["output_overflow"]))


def _lut_summary(pwl) -> dict:
    lut = cached_lut(pwl)
    return {"config": pwl.to_dict(), "slope": lut["slope"].tolist(),
            "intercept": lut["intercept"].tolist(), "upper": lut["upper"],
            "widths": lut["widths"]}


# ---- sigmoid / silu / gelu_tanh ------------------------------------------------------------
def _over_one_plus_exp(num, num_frac, w, w_frac, cfg: ActivationConfig, kind: str,
                       backend: str, stats: Stats, tr: dict | None) -> tuple[np.ndarray, int]:
    """num / (1 + PWL-Exp(-w)) through the Division group.

    kind "sigmoid": num is 1 (ignored), no branches. kind "gated" (silu, gelu_tanh): zero where
    -w > L (w < -L), num itself (floored) where -w < -L (the exp term is exactly 0, so the
    quotient is num; it bypasses the group, so G only covers |num| <= L)."""
    pwl = cfg.pwl_config()
    ein, eout = as_format(pwl.input_format), as_format(pwl.output_format)
    out = cfg.fmt("output_format")
    e_in = _exp_input(-w, w_frac, ein, backend, stats)
    stats.glue("adds", w.size)                           # the negation
    pe = pwl_exp(e_in, pwl, backend=backend, trace=True)
    stats.add_primitive("pwl_exp", pe.stats)
    index = pe.trace["index"]
    fo = eout.frac
    G = _activation_G(kind, cfg)
    if kind == "sigmoid":
        fc = fo
        A = np.full(w.shape, np.int64(1) << np.int64(fo))
    else:
        fc = max(num_frac, fo)
        A = _shift(num, num_frac - fc, Rounding.TRN, backend)        # exact left shift
        zero = index == pwl.K                          # -w > L
        bypass = index == -1                           # -w < -L: exp term 0
        A = np.where(zero | bypass, 0, A)
        stats.glue("compares", 2 * w.size)
    B = _shift((np.int64(1) << np.int64(fo)) + pe.raw, fo - fc, Rounding.TRN, backend)
    stats.glue("adds", w.size)                           # 1 + e
    dv = divide(A.reshape(-1), B.reshape(-1), cfg.div_config(G, out), backend=backend,
                trace=tr is not None)
    stats.add_primitive("divgroup", dv.stats)
    y = dv.raw.reshape(w.shape)
    if kind != "sigmoid":
        passed = np.zeros_like(y)
        if bypass.any():
            p, events = requantize(num[bypass], num_frac, out, backend=backend,
                                   return_overflow=True)
            passed[bypass] = p
            stats.glue("overflow_output", events)
        y = np.where(zero, 0, np.where(bypass, passed, y))
    if tr is not None:
        tr["exp_input"] = e_in
        tr["exp"] = pe.raw
        tr["numerator"] = A
        tr["denominator"] = B
        _trace_add(tr, "pwl_exp", pe.trace)
        _trace_add(tr, "divgroup", dv.trace)
    return y, G


def _activation_G(kind: str, cfg: ActivationConfig) -> int:
    """The group size: ceil(L) 2^n for the gated ops (|quotient| <= L), 2^n for sigmoid."""
    return cfg.G or ((1 << cfg.n) if kind == "sigmoid" else (math.ceil(cfg.L) << cfg.n))


def _activation_fused(kind: str, xr: np.ndarray, X: Format, cfg: ActivationConfig,
                      backend: str, trace: bool, stats: Stats) -> tuple[np.ndarray, int] | None:
    """(y, G) from the backend's fused activation kernel, or None: the composition runs."""
    kernel = _fused_kernel(backend, "activation", trace)
    if kernel is None:
        return None
    G = _activation_G(kind, cfg)
    div = cfg.div_config(G, cfg.fmt("output_format"))
    y = nlspike_fused.activation(kernel, kind, xr, cfg, X, div, stats)
    return None if y is None else (y, G)


def sigmoid(x, config: ActivationConfig | None = None, backend: str = "numpy",
            trace: bool = False, raw: bool = False) -> OpResult:
    cfg, stats, X, xr = begin("sigmoid", x, config, ActivationConfig, backend, raw)
    tr: dict | None = {"input": xr} if trace else None
    y, G = (_activation_fused("sigmoid", xr, X, cfg, backend, trace, stats)
            or _over_one_plus_exp(None, 0, xr, X.frac, cfg, "sigmoid", backend, stats, tr))
    return _result("sigmoid", y, cfg.fmt("output_format"), tr, stats, cfg,
                   {"G": G, "pwl_exp": _lut_summary(cfg.pwl_config())})


def silu(x, config: ActivationConfig | None = None, backend: str = "numpy",
         trace: bool = False, raw: bool = False) -> OpResult:
    cfg, stats, X, xr = begin("silu", x, config, ActivationConfig, backend, raw)
    tr: dict | None = {"input": xr} if trace else None
    y, G = (_activation_fused("silu", xr, X, cfg, backend, trace, stats)
            or _over_one_plus_exp(xr, X.frac, xr, X.frac, cfg, "gated", backend, stats, tr))
    return _result("silu", y, cfg.fmt("output_format"), tr, stats, cfg,
                   {"G": G, "pwl_exp": _lut_summary(cfg.pwl_config())})


def gelu_scalers(cfg: ActivationConfig) -> tuple[ShiftScaler, ShiftScaler]:
    c1, c3 = gelu_constants()
    return (ShiftScaler.from_constant("gelu_c1", c1, width=cfg.const_width),
            ShiftScaler.from_constant("gelu_c3", c3, width=cfg.const_width))


def gelu_tanh(x, config: ActivationConfig | None = None, backend: str = "numpy",
              trace: bool = False, raw: bool = False) -> OpResult:
    cfg, stats, X, xr = begin("gelu_tanh", x, config, ActivationConfig, backend, raw)
    P = cfg.fmt("poly_format")
    # 2u = c1 x + c3 x^3 on x clamped to [-C, C] (2u(C) > L: the clamp never changes a branch)
    c_raw = math.floor(math.ldexp(cfg.gelu_clip, X.frac))
    s1, s3 = gelu_scalers(cfg)
    fused = _activation_fused("gelu_tanh", xr, X, cfg, backend, trace, stats)
    if fused:
        y, G = fused
        tr = None
    else:
        y, G, tr = _gelu_composed(xr, X, P, c_raw, s1, s3, cfg, backend, stats, trace)
    return _result("gelu_tanh", y, cfg.fmt("output_format"), tr, stats, cfg,
                   {"G": G, "gelu_c1": s1.to_dict(), "gelu_c3": s3.to_dict(),
                    "clip_raw": c_raw, "pwl_exp": _lut_summary(cfg.pwl_config())})


def _gelu_composed(xr: np.ndarray, X: Format, P: Format, c_raw: int, s1: ShiftScaler,
                   s3: ShiftScaler, cfg: ActivationConfig, backend: str, stats: Stats,
                   trace: bool) -> tuple[np.ndarray, int, dict | None]:
    """gelu_tanh primitive by primitive: the cubic 2u in P, then the gated x / (1 + e^-2u)."""
    xc = np.clip(xr, -c_raw, c_raw)
    stats.glue("compares", 2 * xr.size)
    xp = np.asarray(requantize(xc, X.frac, P, backend=backend), np.int64)
    x2, ev2 = requantize(_mul(xp, xp, "gelu x^2"), 2 * P.frac, P, backend=backend,
                         return_overflow=True)
    x3, ev3 = requantize(_mul(np.asarray(x2), xp, "gelu x^3"), 2 * P.frac, P, backend=backend,
                         return_overflow=True)
    t1, ev4 = s1.apply(xp, P.frac, P, backend=backend, return_overflow=True)
    t3, ev5 = s3.apply(np.asarray(x3), P.frac, P, backend=backend, return_overflow=True)
    stats.glue("multiplies", 4 * xr.size)
    stats.glue("shifts", 4 * xr.size)
    stats.glue("overflow_poly", ev2 + ev3 + ev4 + ev5)
    w = np.asarray(t1, np.int64) + np.asarray(t3, np.int64)       # 2u, frac P.frac
    stats.glue("adds", xr.size)
    tr: dict | None = {"input": xr, "x2": np.asarray(x2), "x3": np.asarray(x3),
                       "two_u": w} if trace else None
    y, G = _over_one_plus_exp(xr, X.frac, w, P.frac, cfg, "gated", backend, stats, tr)
    return y, G, tr


# ---- rmsnorm / layernorm -----------------------------------------------------------------
def _param(value, fmt: Format, d: int, name: str, backend: str) -> np.ndarray:
    arr = np.asarray(value)
    if arr.shape not in ((d,), ()):
        raise FxError(f"{name} must have shape ({d},) (the normalised axis), got {arr.shape}")
    r, events = quantize(np.broadcast_to(arr, (d,)), fmt, backend=backend, return_overflow=True)
    if events:
        raise FxError(f"{name}: {events} value(s) do not fit {fmt}")
    return np.asarray(r, np.int64)


def _norm(op: str, x, axis, weight, bias, config, backend: str, trace: bool,
          raw: bool) -> OpResult:
    cfg, stats, X, xr = begin(op, x, config, NormConfig, backend, raw)
    ax = _axis(xr, axis)
    moved = np.moveaxis(xr, ax, -1)
    d = moved.shape[-1]
    constants: dict = {"d": d}
    inv_d = None
    if op == "layernorm":
        inv_d = ShiftScaler.from_constant("inv_d", 1.0 / d, width=cfg.inv_d_width)
        constants["inv_d"] = inv_d.to_dict()
    constants["polarnorm"] = cfg.polarnorm_config().constants(d)
    W = cfg.fmt("weight_format")
    w_raw = None if weight is None else _param(weight, W, d, "weight", backend)
    wmax = 1.0 if w_raw is None else float(np.abs(w_raw).max()) * W.lsb
    sqrt_d = ShiftScaler.from_constant("sqrt_d", math.sqrt(d), width=cfg.sqrt_d_width)
    constants["sqrt_d"] = sqrt_d.to_dict()
    G = cfg.G or ((math.ceil(math.sqrt(d) * wmax) + 1) << cfg.n)
    constants["G"] = G
    out = cfg.fmt("output_format")
    div = cfg.div_config(G, out if bias is None else None)
    b_n = None
    if bias is not None:       # the bias aligned to the quotient's n fractional bits
        Bf = cfg.fmt("bias_format")
        b_n = _shift(_param(bias, Bf, d, "bias", backend), Bf.frac - cfg.n, Rounding.RND_CONV,
                     backend)
    kernel = _fused_kernel(backend, "norm_rows", trace)
    y = None if kernel is None else nlspike_fused.norm(
        kernel, op, moved, cfg, X, inv_d, sqrt_d, w_raw, W, b_n, div, out, stats)
    tr = None
    if y is None:
        tr = {"input": xr} if trace else None
        y = _norm_composed(moved, X, inv_d, sqrt_d, w_raw, W, b_n, div, out, cfg, backend,
                           stats, tr, ax)
    return _result(op, np.moveaxis(y, -1, ax), out, tr, stats, cfg, constants)


def _norm_composed(moved: np.ndarray, X: Format, inv_d: ShiftScaler | None,
                   sqrt_d: ShiftScaler, w_raw: np.ndarray | None, W: Format,
                   b_n: np.ndarray | None, div, out: Format, cfg: NormConfig, backend: str,
                   stats: Stats, tr: dict | None, ax: int) -> np.ndarray:
    """rmsnorm / layernorm primitive by primitive, reduced axis last (docs/algorithms.md 7.3)."""
    rnd = Rounding.RND
    # layernorm: mean through the shift-scaler 1/d, then x - mean (exact, W_X + 1 bits)
    if inv_d is not None:
        total = moved.sum(axis=-1, keepdims=True)             # W_X + ceil(log2 d) bits
        stats.glue("adds", moved.size - moved[..., 0].size)
        mean = _scale(inv_d, total, X.frac, X.frac, rnd, backend, stats)
        xc = moved - mean
        stats.glue("adds", moved.size)
        if tr is not None:
            tr["mean"] = np.moveaxis(mean, -1, ax)
            tr["centered"] = np.moveaxis(xc, -1, ax)
    else:
        xc = moved
    # PolarNorm of [xc, sqrt(eps d)] on the CORDIC input format
    pcfg = cfg.polarnorm_config()
    NI = pcfg.input_format
    v, ev = requantize(xc, X.frac, NI, backend=backend, return_overflow=True)
    stats.glue("overflow_norm_input", ev)
    pn = polarnorm(np.asarray(v, np.int64), pcfg, axis=-1, backend=backend,
                   trace=tr is not None)
    stats.add_primitive("polarnorm", pn.stats)
    fN = pcfg.output_format.frac
    # numerator x * w * sqrt(d), denominator the norm, on the common frac fc
    fc = max(X.frac, fN)
    if w_raw is not None:
        A0 = _shift(_mul(xc, w_raw, "x * weight"), X.frac + W.frac - fc, rnd, backend)
        stats.glue("multiplies", xc.size)
    else:
        A0 = _shift(xc, X.frac - fc, rnd, backend)
    A = _scale(sqrt_d, A0, fc, fc, rnd, backend, stats)
    B = _shift(np.maximum(pn.raw, 1), fN - fc, Rounding.TRN, backend)[..., None]
    B = np.broadcast_to(B, A.shape)
    dv = divide(A.reshape(-1), B.reshape(-1), div, backend=backend, trace=tr is not None)
    stats.add_primitive("divgroup", dv.stats)
    y = dv.raw.reshape(A.shape)
    if b_n is not None:
        q = y + b_n
        stats.glue("adds", q.size)
        y, ev = requantize(q, cfg.n, out, backend=backend, return_overflow=True)
        stats.glue("overflow_output", ev)
        y = np.asarray(y, np.int64)
        if tr is not None:
            tr["bias"] = b_n
    if tr is not None:
        tr["norm_input"] = np.moveaxis(np.asarray(v, np.int64), -1, ax)
        tr["norm"] = pn.raw
        tr["numerator"] = np.moveaxis(A, -1, ax)
        _trace_add(tr, "polarnorm", pn.trace)
        _trace_add(tr, "divgroup", dv.trace)
    return y


def rmsnorm(x, weight=None, axis=-1, config: NormConfig | None = None, backend: str = "numpy",
            trace: bool = False, raw: bool = False) -> OpResult:
    return _norm("rmsnorm", x, axis, weight, None, config, backend, trace, raw)


def layernorm(x, weight=None, bias=None, axis=-1, config: NormConfig | None = None,
              backend: str = "numpy", trace: bool = False, raw: bool = False) -> OpResult:
    return _norm("layernorm", x, axis, weight, bias, config, backend, trace, raw)
