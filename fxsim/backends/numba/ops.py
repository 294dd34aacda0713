"""backend="numba": fused operators with the structure of csrc/fx_ops.c (one pass per row,
rows in parallel), built from the numba primitives' element functions. A kernel takes the flat
plan p and its nested plans (pwl, div, pn) as arguments of their own, and reads p's fields
before its prange (see fxsim/backends/numba/arith.py). Each equals the
primitive composition of fxsim.ops.nlspike.compose (tests/equivalence/test_fused_ops.py). Kept beside the C
backend for machines where the C extension cannot be built."""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from ...formats import INTERMEDIATE_BITS, Format
from .. import abi
from .arith import (bit_length_one, flat, flat_format, limits, quantize_one, requantize_one,
                    rescale)
from .divgroup import div_count, div_signed, div_theta
from .polarnorm import polarnorm_row
from .pwl_exp import pwl_exp_one

_NSM, _NACT, _NNORM = len(abi.SOFTMAX_COUNTS), len(abi.ACTIVATION_COUNTS), len(abi.NORM_COUNTS)
_SIGMOID, _GELU_TANH = abi.ACTIVATION_KINDS.index("sigmoid"), abi.ACTIVATION_KINDS.index("gelu_tanh")
_CENTER_MEAN, _CENTER_EXACT = abi.NORM_CENTERS.index("mean"), abi.NORM_CENTERS.index("exact")
#: elements per parallel chunk of the activation kernel (FX_PWL_CHUNK)
CHUNK = 256
_LIMIT = (np.int64(1) << INTERMEDIATE_BITS) - 1
_FLOAT_LIMIT = float(2 ** INTERMEDIATE_BITS)
#: slots of the float-input counts (abi.FLOAT_INPUT_COUNTS) after a kernel's own counts
_NIN = len(abi.FLOAT_INPUT_COUNTS)
_NO_FLOATS = np.zeros(0, np.float64)


def _float64_values(x: np.ndarray) -> np.ndarray:
    """abi.float_values of x as float64 (float32 widened exactly, a copy): each kernel is then
    compiled for one float type only, the raw path's empty array included."""
    return np.ascontiguousarray(abi.float_values(x), np.float64)


@njit(cache=True, inline="always")
def _quantized(value, frac, fmt, lo, hi, acc, slot):
    """quantize_one of one float input; acc[slot] += its overflow
    event, acc[slot + 1] += 1 for an invalid value (NaN, +-inf, |value 2^frac| >= 2^62: the
    raw is then meaningless and the caller reports it) -- fx_quantize_loop of csrc."""
    v = np.float64(value)
    if not abs(np.ldexp(v, frac)) < _FLOAT_LIMIT:
        acc[slot + 1] += 1
        v = 0.0
    raw, hit = quantize_one(v, frac, fmt, lo, hi)
    acc[slot] += hit
    return raw


@njit(cache=True, parallel=True)
def _softmax_kernel(x, xf, frac, xfmt, p, pwl, div, y, counts):
    """x int64 [rows, d], or float rows xf [rows * d] quantized with frac, xfmt into y's row
    first (x then [0, d]); counts [_NSM + _NIN]: abi.SOFTMAX_COUNTS, then
    abi.FLOAT_INPUT_COUNTS."""
    rows, d = y.shape
    floats = xf.size > 0
    x_lo, x_hi = limits(xfmt)
    L_raw, exp_in_drop, exp_in, out_drop, out = p.L_raw, p.exp_in_drop, p.exp_in, p.out_drop, p.out
    in_lo, in_hi = limits(exp_in)
    pwl_lo, pwl_hi = limits(pwl.out_format)
    out_lo, out_hi = limits(out)
    G = div.group
    per_row = np.zeros((rows, _NSM + _NIN), np.int64)
    for r in prange(rows):
        if floats:                              # quantized into y's row, then in place
            for j in range(d):
                y[r, j] = _quantized(xf[r * d + j], frac, xfmt, x_lo, x_hi, per_row[r], _NSM)
            xr = y[r]
        else:
            xr = x[r]
        row_max = xr[0]
        for j in range(1, d):
            row_max = max(row_max, xr[j])
        total = np.int64(0)
        for j in range(d):                      # e_j = PWL-Exp(clamp(x_j - max + L))
            e_in, clamped = requantize_one(xr[j] - row_max + L_raw, exp_in_drop, exp_in,
                                           in_lo, in_hi)
            e, idx, _, _, hit = pwl_exp_one(e_in, pwl, pwl_lo, pwl_hi)
            per_row[r, 0] += clamped
            per_row[r, 1] += 1 if 0 <= idx < pwl.slope.size else 0
            per_row[r, 2] += hit
            y[r, j] = e
            total += e
        theta, scale = div_theta(max(total, np.int64(1)), div)
        for j in range(d):                      # e_j / max(1, sum e), T = 1
            e = y[r, j]
            v = (-e if e < 0 else e) * scale
            count = div_count(v, theta, G)
            q = div_signed(v, theta, count, G, e < 0)
            per_row[r, 3] += count
            y[r, j], hit = requantize_one(q, out_drop, out, out_lo, out_hi)
            per_row[r, 4] += hit
    for k in range(_NSM + _NIN):
        counts[k] = per_row[:, k].sum()


def softmax_rows(x: np.ndarray, plan: abi.SoftmaxPlan):
    """Same contract as fxsim.backends.c.softmax_rows."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    y = np.empty_like(x)
    counts = np.zeros(_NSM + _NIN, np.int64)
    p = flat(plan)
    _softmax_kernel(x, _NO_FLOATS, 0, p.out, p, p.pwl, p.div, y, counts)
    return y, abi.named_counts(abi.SOFTMAX_COUNTS, counts[:_NSM])


def softmax_float_rows(x: np.ndarray, x_fmt: Format, plan: abi.SoftmaxPlan):
    """Same contract as fxsim.backends.c.softmax_float_rows."""
    rows, d = x.shape
    y = np.empty((rows, d), np.int64)
    counts = np.zeros(_NSM + _NIN, np.int64)
    p = flat(plan)
    _softmax_kernel(np.zeros((0, d), np.int64), _float64_values(x), x_fmt.frac,
                    flat_format(x_fmt), p, p.pwl, p.div, y, counts)
    return (y, abi.named_counts(abi.SOFTMAX_COUNTS, counts[:_NSM]),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, counts[_NSM:]))


# ---- activations and norms (csrc/fx_ops.c fx_activation, fx_norm) ----------------------------
@njit(cache=True, inline="always")
def _divide_by(a, b, theta, scale, G, acc, spikes_slot, wide_slot):
    """divide_by of fx_ops.c: the signed count of a / b (T = 1) for the prepared theta and
    scale of b; acc[spikes_slot] += latched neurons, acc[wide_slot] += 1 where max(|a|, b) << k
    leaves the intermediate range (the composition raises there; the quotient is then 0).
    Exact: m * 2^k >= 2^62 exactly when m > (2^62 - 1) // 2^k."""
    mag = -a if a < 0 else a
    wide = max(mag, b) > _LIMIT // scale
    v = np.int64(0) if wide else mag * scale
    count = div_count(v, theta, G)
    acc[spikes_slot] += count
    acc[wide_slot] += 1 if wide else 0
    return div_signed(v, theta, count, G, a < 0)


@njit(cache=True, inline="always")
def _gelu_two_u(x, clip_raw, poly, p_lo, p_hi, poly_in_drop, poly_frac, c1_m, c3_m, c1_shift,
                c3_shift):
    """(2u = c1 xp + c3 xp^3 in P, overflow events of x2, x3, t1, t3) -- gelu_two_u of
    fx_ops.c (the ActivationPlan's fields of the same names); xp's own events are not counted
    (as the composition)."""
    xc = min(max(x, -clip_raw), clip_raw)
    xp, _ = requantize_one(xc, poly_in_drop, poly, p_lo, p_hi)
    x2, h2 = requantize_one(xp * xp, poly_frac, poly, p_lo, p_hi)
    x3, h3 = requantize_one(x2 * xp, poly_frac, poly, p_lo, p_hi)
    t1, h1 = requantize_one(xp * c1_m, c1_shift, poly, p_lo, p_hi)
    t3, h4 = requantize_one(x3 * c3_m, c3_shift, poly, p_lo, p_hi)
    return t1 + t3, h1 + h2 + h3 + h4


@njit(cache=True, parallel=True)
def _activation_kernel(x, xf, frac, xfmt, p, pwl, div, y, counts):
    """x int64 [n], or float inputs xf [n] quantized with frac, xfmt here (x then empty);
    counts [_NACT + _NIN]: abi.ACTIVATION_COUNTS, then abi.FLOAT_INPUT_COUNTS."""
    kind, clip_raw, poly, poly_in_drop, poly_frac = (p.kind, p.clip_raw, p.poly, p.poly_in_drop,
                                                     p.poly_frac)
    c1_m, c3_m, c1_shift, c3_shift = p.c1_m, p.c3_m, p.c1_shift, p.c3_shift
    exp_in_drop, exp_in, den_shift, num_shift = p.exp_in_drop, p.exp_in, p.den_shift, p.num_shift
    out_drop, out, bypass_drop = p.out_drop, p.out, p.bypass_drop
    gated = kind != _SIGMOID
    p_lo, p_hi = limits(poly)
    in_lo, in_hi = limits(exp_in)
    pwl_lo, pwl_hi = limits(pwl.out_format)
    out_lo, out_hi = limits(out)
    K = pwl.slope.size
    one = np.int64(1) << pwl.out_frac
    G = div.group
    floats, n = xf.size > 0, max(x.size, xf.size)
    x_lo, x_hi = limits(xfmt)
    chunks = (n + CHUNK - 1) // CHUNK
    per_chunk = np.zeros((chunks, _NACT + _NIN), np.int64)
    for c in prange(chunks):
        acc = per_chunk[c]
        for j in range(c * CHUNK, min(n, (c + 1) * CHUNK)):
            xj = _quantized(xf[j], frac, xfmt, x_lo, x_hi, acc, _NACT) if floats else x[j]
            w = xj
            if kind == _GELU_TANH:
                w, hits = _gelu_two_u(xj, clip_raw, poly, p_lo, p_hi, poly_in_drop, poly_frac,
                                      c1_m, c3_m, c1_shift, c3_shift)
                acc[5] += hits
            z, clamped = requantize_one(-w, exp_in_drop, exp_in, in_lo, in_hi)
            acc[0] += clamped
            e, idx, _, _, hit = pwl_exp_one(z, pwl, pwl_lo, pwl_hi)
            acc[1] += 1 if 0 <= idx < K else 0
            acc[2] += hit
            zero = gated and idx == K                   # -w > L: y = 0
            bypass = gated and idx == -1                # -w < -L: e = 0, y = x
            a = one if not gated else (np.int64(0) if zero or bypass else xj << num_shift)
            b = (one + e) << den_shift
            theta, scale = div_theta(b, div)
            q = _divide_by(a, b, theta, scale, G, acc, 3, 8)
            y[j], hit = requantize_one(q, out_drop, out, out_lo, out_hi)
            acc[4] += hit
            if zero:
                y[j] = 0
            if bypass:
                y[j], hit = requantize_one(xj, bypass_drop, out, out_lo, out_hi)
                acc[6] += 1
                acc[7] += hit
    for k in range(_NACT + _NIN):
        counts[k] = per_chunk[:, k].sum()


def activation(x: np.ndarray, plan: abi.ActivationPlan):
    """Same contract as fxsim.backends.c.activation."""
    flat_x = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    y = np.empty_like(flat_x)
    counts = np.zeros(_NACT + _NIN, np.int64)
    p = flat(plan)
    _activation_kernel(flat_x, _NO_FLOATS, 0, p.out, p, p.pwl, p.div, y, counts)
    return y.reshape(np.shape(x)), abi.named_counts(abi.ACTIVATION_COUNTS, counts[:_NACT])


def activation_floats(x: np.ndarray, x_fmt: Format, plan: abi.ActivationPlan):
    """Same contract as fxsim.backends.c.activation_floats."""
    flat_x = _float64_values(x)
    y = np.empty(flat_x.size, np.int64)
    counts = np.zeros(_NACT + _NIN, np.int64)
    p = flat(plan)
    _activation_kernel(np.zeros(0, np.int64), flat_x, x_fmt.frac, flat_format(x_fmt), p, p.pwl,
                       p.div, y, counts)
    return (y.reshape(np.shape(x)), abi.named_counts(abi.ACTIVATION_COUNTS, counts[:_NACT]),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, counts[_NACT:]))


@njit(cache=True)
def row_exponent_of(u, top_bits, exp_lo):
    """e = max(bit_length(max |u|) - top_bits, exp_lo) (row_exponent_of of csrc/fx_ops.c)."""
    top = np.int64(0)
    for j in range(u.shape[0]):
        top |= u[j] if u[j] >= 0 else -u[j]
    return max(bit_length_one(top) - top_bits, exp_lo)


@njit(cache=True, parallel=True)
def _norm_kernel(x, xf, frac, xfmt, p, pn, div, y, counts):
    """x int64 [rows, d], or float rows xf [rows * d] quantized with frac, xfmt here (x then
    [0, d]); y [rows, d]; counts [_NNORM + _NIN]: abi.NORM_COUNTS, then
    abi.FLOAT_INPUT_COUNTS."""
    rows, d = y.shape
    floats = xf.size > 0
    x_lo, x_hi = limits(xfmt)
    center, inv_d_m, inv_d_shift = p.center, p.inv_d_m, p.inv_d_shift
    row_exponent, top_bits, exp_lo, eps_leaves = p.row_exponent, p.top_bits, p.exp_lo, p.eps_leaves
    norm_in_drop, norm_in, weight, bias = p.norm_in_drop, p.norm_in, p.weight, p.bias
    num_drop, sqrt_d_m, sqrt_d_shift, den_shift = p.num_drop, p.sqrt_d_m, p.sqrt_d_shift, p.den_shift
    q_drop, q_format, out_drop, out = p.q_drop, p.q_format, p.out_drop, p.out
    m = pn.d + pn.has_eps
    ni_lo, ni_hi = limits(norm_in)
    q_lo, q_hi = limits(q_format)
    out_lo, out_hi = limits(out)
    has_weight, has_bias = weight.size > 0, bias.size > 0
    G = div.group
    per_row = np.zeros((rows, _NNORM + _NIN), np.int64)
    no_trace2, no_trace3 = np.zeros((0, 0), np.int64), np.zeros((0, 0, 0), np.int64)
    for r in prange(rows):
        acc = per_row[r]
        scratch = np.empty(d + 2 * m, np.int64)        # v, tree, the sort's buffer
        if floats:
            xr = np.empty(d, np.int64)
            for j in range(d):
                xr[j] = _quantized(xf[r * d + j], frac, xfmt, x_lo, x_hi, acc, _NNORM)
        else:
            xr = x[r]
        if center == _CENTER_EXACT:
            xc = xr * d - xr.sum()
        elif center == _CENTER_MEAN:
            xc = xr - rescale(xr.sum() * inv_d_m, inv_d_shift)
        else:
            xc = xr.copy()
        e = row_exponent_of(xc, top_bits, exp_lo) if row_exponent else 0
        for j in range(d):
            scratch[j], hit = requantize_one(xc[j], norm_in_drop + e, norm_in, ni_lo, ni_hi)
            acc[0] += hit
            xc[j] = rescale(xc[j], e)
        eps_raw = eps_leaves[e - exp_lo] if row_exponent and pn.has_eps else pn.eps_raw
        norm = polarnorm_row(scratch[:d], pn, scratch[d:d + m], scratch[d + m:],
                             acc[1:4], 0, False, no_trace2, no_trace3, no_trace3, no_trace2,
                             eps_raw)
        b = max(norm, np.int64(1)) << den_shift
        theta, scale = div_theta(b, div)
        for j in range(d):
            a0 = rescale(xc[j] * weight[j] if has_weight else xc[j], num_drop)
            a = rescale(a0 * sqrt_d_m, sqrt_d_shift)
            q, hit = requantize_one(_divide_by(a, b, theta, scale, G, acc, 4, 7), q_drop,
                                    q_format, q_lo, q_hi)
            acc[5] += hit
            if has_bias:
                q, hit = requantize_one(q + bias[j], out_drop, out, out_lo, out_hi)
                acc[6] += hit
            y[r, j] = q
    for k in range(_NNORM + _NIN):
        counts[k] = per_row[:, k].sum()


def norm_rows(x: np.ndarray, plan: abi.NormPlan):
    """Same contract as fxsim.backends.c.norm_rows."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    y = np.empty_like(x)
    counts = np.zeros(_NNORM + _NIN, np.int64)
    p = flat(plan)
    _norm_kernel(x, _NO_FLOATS, 0, p.out, p, p.pn, p.div, y, counts)
    return y, abi.named_counts(abi.NORM_COUNTS, counts[:_NNORM])


def norm_float_rows(x: np.ndarray, x_fmt: Format, plan: abi.NormPlan):
    """Same contract as fxsim.backends.c.norm_float_rows."""
    rows, d = x.shape
    y = np.empty((rows, d), np.int64)
    counts = np.zeros(_NNORM + _NIN, np.int64)
    p = flat(plan)
    _norm_kernel(np.zeros((0, d), np.int64), _float64_values(x), x_fmt.frac, flat_format(x_fmt), p,
                 p.pn, p.div, y, counts)
    return (y, abi.named_counts(abi.NORM_COUNTS, counts[:_NNORM]),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, counts[_NNORM:]))
