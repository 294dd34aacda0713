"""backend="numba": fused operators with the structure of csrc/fx_ops.c (one pass per row,
rows in parallel), built from the numba primitives' element functions. Each equals the
primitive composition of fxsim.ops.nlspike (tests/test_fused_ops.py)."""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from ..formats import Format
from . import kernel_args
from .numba_backend import _RND, _limits, _shift_right, requantize_one
from .numba_divgroup import div_count, div_signed, div_theta
from .numba_polarnorm import polarnorm_row
from .numba_pwl_exp import pwl_exp_one


@njit(cache=True, parallel=True)
def _softmax_kernel(x, L_raw, in_drop, in_fmt, knots, slope, intercept, x_lo, x_hi, upper,
                    intercept_shift, pwl_drop, pwl_fmt, n, G, normalize, normalize_bit,
                    out_drop, out_fmt, y, counts):
    rows, d = x.shape
    in_lo, in_hi = _limits(in_fmt)
    pwl_lo, pwl_hi = _limits(pwl_fmt)
    out_lo, out_hi = _limits(out_fmt)
    per_row = np.zeros((rows, 5), np.int64)
    for r in prange(rows):
        row_max = x[r, 0]
        for j in range(1, d):
            row_max = max(row_max, x[r, j])
        total = np.int64(0)
        for j in range(d):                      # e_j = PWL-Exp(clamp(x_j - max + L))
            e_in, clamped = requantize_one(x[r, j] - row_max + L_raw, in_drop, in_fmt, in_lo,
                                            in_hi)
            e, idx, _, _, hit = pwl_exp_one(e_in, knots, slope, intercept, x_lo, x_hi, upper,
                                            intercept_shift, pwl_drop, pwl_fmt, pwl_lo, pwl_hi)
            per_row[r, 0] += clamped
            per_row[r, 1] += 1 if 0 <= idx < slope.size else 0
            per_row[r, 2] += hit
            y[r, j] = e
            total += e
        theta, scale = div_theta(max(total, np.int64(1)), n, normalize, normalize_bit)
        for j in range(d):                      # e_j / max(1, sum e), T = 1
            e = y[r, j]
            v = (-e if e < 0 else e) * scale
            count = div_count(v, theta, G)
            q = div_signed(v, theta, count, G, e < 0)
            per_row[r, 3] += count
            y[r, j], hit = requantize_one(q, out_drop, out_fmt, out_lo, out_hi)
            per_row[r, 4] += hit
    for k in range(5):
        counts[k] = per_row[:, k].sum()


def softmax_rows(x: np.ndarray, L_raw: int, exp_in_drop: int, exp_in: Format, lut: dict,
                 pwl_out: Format, div: tuple, out_drop: int, out: Format):
    """Same contract as fxsim.backends.c_backend.softmax_rows."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    y = np.empty_like(x)
    counts = np.zeros(len(kernel_args.SOFTMAX_COUNTS), np.int64)
    n, G, normalize, normalize_bit = (int(v) for v in div)

    def fmt(f):
        return np.array(kernel_args.format_tuple(f), np.int64)
    _softmax_kernel(x, np.int64(L_raw), np.int64(exp_in_drop), fmt(exp_in),
                    np.ascontiguousarray(lut["knots"], np.int64),
                    np.ascontiguousarray(lut["slope"], np.int64),
                    np.ascontiguousarray(lut["intercept"], np.int64), np.int64(lut["x_lo"]),
                    np.int64(lut["x_hi"]), np.int64(lut["upper"]),
                    np.int64(lut["intercept_shift"]), np.int64(lut["sum_frac"] - pwl_out.frac),
                    fmt(pwl_out), np.int64(n), np.int64(G), bool(normalize),
                    np.int64(normalize_bit), np.int64(out_drop), fmt(out), y, counts)
    return y, {k: int(v) for k, v in zip(kernel_args.SOFTMAX_COUNTS, counts)}


# ---- activations and norms (csrc/fx_ops.c fx_activation, fx_norm) ----------------------------
CHUNK = 256          # elements per parallel chunk of the activation kernel (FX_PWL_CHUNK)


def _fmt(f) -> np.ndarray:
    return np.array(f if isinstance(f, tuple) else kernel_args.format_tuple(f), np.int64)


@njit(cache=True, inline="always")
def _rescale(x, drop):
    """x / 2^drop rounded RND, or x * 2^-drop for drop < 0 -- fx_rescale of fxsim.h."""
    return _shift_right(x, drop, _RND) if drop >= 0 else x << -drop


@njit(cache=True, inline="always")
def _divide_by(a, b, theta, scale, G, spikes_and_wide):
    """divide_by of fx_ops.c: the signed count of a / b (T = 1) for the prepared theta and
    scale of b; spikes_and_wide[0] += latched neurons, [1] += 1 where max(|a|, b) << k
    leaves 62 bits (the composition raises there; the quotient is then 0). Exact:
    m * 2^k >= 2^62 exactly when m > (2^62 - 1) // 2^k."""
    mag = -a if a < 0 else a
    wide = max(mag, b) > ((np.int64(1) << 62) - 1) // scale
    v = np.int64(0) if wide else mag * scale
    count = div_count(v, theta, G)
    spikes_and_wide[0] += count
    spikes_and_wide[1] += 1 if wide else 0
    return div_signed(v, theta, count, G, a < 0)


@njit(cache=True, inline="always")
def _gelu_two_u(x, clip_raw, poly, p_lo, p_hi, poly_in_drop, poly_frac, c1_m, c3_m, c1_shift,
                c3_shift):
    """(2u = c1 xp + c3 xp^3 in P, overflow events of x2, x3, t1, t3) -- gelu_two_u of
    fx_ops.c; xp's own events are not counted (as the composition)."""
    xc = min(max(x, -clip_raw), clip_raw)
    xp, _ = requantize_one(xc, poly_in_drop, poly, p_lo, p_hi)
    x2, h2 = requantize_one(xp * xp, poly_frac, poly, p_lo, p_hi)
    x3, h3 = requantize_one(x2 * xp, poly_frac, poly, p_lo, p_hi)
    t1, h1 = requantize_one(xp * c1_m, c1_shift, poly, p_lo, p_hi)
    t3, h4 = requantize_one(x3 * c3_m, c3_shift, poly, p_lo, p_hi)
    return t1 + t3, h1 + h2 + h3 + h4


@njit(cache=True, parallel=True)
def _activation_kernel(x, kind, clip_raw, poly, poly_in_drop, poly_frac, c1_m, c3_m, c1_shift,
                       c3_shift, exp_in_drop, exp_in, knots, slope, intercept, x_lo, x_hi,
                       upper, intercept_shift, pwl_drop, pwl_fmt, one, den_shift, num_shift, n,
                       G, normalize, normalize_bit, out_drop, out_fmt, bypass_drop, y, counts):
    gated = kind != 0                                   # sigmoid: 0 (kernel_args.ACTIVATION_KINDS)
    p_lo, p_hi = _limits(poly)
    in_lo, in_hi = _limits(exp_in)
    pwl_lo, pwl_hi = _limits(pwl_fmt)
    out_lo, out_hi = _limits(out_fmt)
    K = slope.size
    chunks = (x.size + CHUNK - 1) // CHUNK
    per_chunk = np.zeros((chunks, 9), np.int64)        # kernel_args.ACTIVATION_COUNTS
    for c in prange(chunks):
        acc = per_chunk[c]
        for j in range(c * CHUNK, min(x.size, (c + 1) * CHUNK)):
            xj = x[j]
            w = xj
            if kind == 2:                               # gelu_tanh
                w, hits = _gelu_two_u(xj, clip_raw, poly, p_lo, p_hi, poly_in_drop, poly_frac,
                                      c1_m, c3_m, c1_shift, c3_shift)
                acc[5] += hits
            z, clamped = requantize_one(-w, exp_in_drop, exp_in, in_lo, in_hi)
            acc[0] += clamped
            e, idx, _, _, hit = pwl_exp_one(z, knots, slope, intercept, x_lo, x_hi, upper,
                                            intercept_shift, pwl_drop, pwl_fmt, pwl_lo, pwl_hi)
            acc[1] += 1 if 0 <= idx < K else 0
            acc[2] += hit
            zero = gated and idx == K                   # -w > L: y = 0
            bypass = gated and idx == -1                # -w < -L: e = 0, y = x
            a = one if not gated else (np.int64(0) if zero or bypass else xj << num_shift)
            b = (one + e) << den_shift
            theta, scale = div_theta(b, n, normalize, normalize_bit)
            q = _divide_by(a, b, theta, scale, G, acc[3:9:5])
            y[j], hit = requantize_one(q, out_drop, out_fmt, out_lo, out_hi)
            acc[4] += hit
            if zero:
                y[j] = 0
            if bypass:
                y[j], hit = requantize_one(xj, bypass_drop, out_fmt, out_lo, out_hi)
                acc[6] += 1
                acc[7] += hit
    for k in range(9):
        counts[k] = per_chunk[:, k].sum()


def activation(x: np.ndarray, a: dict, lut: dict):
    """Same contract as fxsim.backends.c_backend.activation."""
    flat = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    y = np.empty_like(flat)
    counts = np.zeros(len(kernel_args.ACTIVATION_COUNTS), np.int64)
    x_lo, x_hi, upper, intercept_shift, sum_frac, out_frac = a["pwl_scalars"]
    n, G, normalize, normalize_bit = (int(v) for v in a["div"])
    i64 = np.int64
    _activation_kernel(
        flat, i64(a["kind"]), i64(a["clip_raw"]), _fmt(a["poly"]), i64(a["poly_in_drop"]),
        i64(a["poly_frac"]), i64(a["c1_m"]), i64(a["c3_m"]), i64(a["c1_shift"]),
        i64(a["c3_shift"]), i64(a["exp_in_drop"]), _fmt(a["exp_in"]),
        np.ascontiguousarray(lut["knots"], np.int64), np.ascontiguousarray(lut["slope"], np.int64),
        np.ascontiguousarray(lut["intercept"], np.int64), i64(x_lo), i64(x_hi), i64(upper),
        i64(intercept_shift), i64(sum_frac - out_frac), _fmt(a["pwl_format"]),
        i64(1) << i64(out_frac), i64(a["den_shift"]), i64(a["num_shift"]), i64(n), i64(G),
        bool(normalize), i64(normalize_bit), i64(a["out_drop"]), _fmt(a["out"]),
        i64(a["bypass_drop"]), y, counts)
    return y.reshape(np.shape(x)), {k: int(v) for k, v in zip(kernel_args.ACTIVATION_COUNTS,
                                                                counts)}


@njit(cache=True, parallel=True)
def _norm_kernel(x, center, inv_d_m, inv_d_shift, norm_in_drop, norm_in, pn_params, weight,
                 has_weight, num_drop, sqrt_d_m, sqrt_d_shift, den_shift, n, G, normalize,
                 normalize_bit, q_drop, q_fmt, bias, has_bias, out_drop, out_fmt, y, counts):
    rows, d = x.shape
    m = pn_params[1]
    ni_lo, ni_hi = _limits(norm_in)
    q_lo, q_hi = _limits(q_fmt)
    out_lo, out_hi = _limits(out_fmt)
    per_row = np.zeros((rows, 8), np.int64)            # kernel_args.NORM_COUNTS
    no_trace2, no_trace3 = np.zeros((0, 0), np.int64), np.zeros((0, 0, 0), np.int64)
    for r in prange(rows):
        acc = per_row[r]
        scratch = np.empty(d + 2 * m, np.int64)        # v, tree, the sort's buffer
        mean = np.int64(0)
        if center:
            mean = _rescale(x[r].sum() * inv_d_m, inv_d_shift)
        xc = x[r] - mean
        for j in range(d):
            scratch[j], hit = requantize_one(xc[j], norm_in_drop, norm_in, ni_lo, ni_hi)
            acc[0] += hit
        norm = polarnorm_row(scratch[:d], pn_params, scratch[d:d + m], scratch[d + m:],
                             acc[1:4], 0, False, no_trace2, no_trace3, no_trace3, no_trace2)
        b = max(norm, np.int64(1)) << den_shift
        theta, scale = div_theta(b, n, normalize, normalize_bit)
        for j in range(d):
            a0 = _rescale(xc[j] * weight[j] if has_weight else xc[j], num_drop)
            a = _rescale(a0 * sqrt_d_m, sqrt_d_shift)
            q, hit = requantize_one(_divide_by(a, b, theta, scale, G, acc[4:8:3]), q_drop,
                                    q_fmt, q_lo, q_hi)
            acc[5] += hit
            if has_bias:
                q, hit = requantize_one(q + bias[j], out_drop, out_fmt, out_lo, out_hi)
                acc[6] += hit
            y[r, j] = q
    for k in range(8):
        counts[k] = per_row[:, k].sum()


def norm_rows(x: np.ndarray, a: dict, pn_params: np.ndarray, weight, bias):
    """Same contract as fxsim.backends.c_backend.norm_rows."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    y = np.empty_like(x)
    counts = np.zeros(len(kernel_args.NORM_COUNTS), np.int64)
    n, G, normalize, normalize_bit = (int(v) for v in a["div"])
    i64 = np.int64
    empty = np.zeros(1, np.int64)
    _norm_kernel(
        x, bool(a["center"]), i64(a["inv_d_m"]), i64(a["inv_d_shift"]), i64(a["norm_in_drop"]),
        _fmt(a["norm_in"]), np.ascontiguousarray(pn_params, np.int64),
        empty if weight is None else weight, weight is not None, i64(a["num_drop"]),
        i64(a["sqrt_d_m"]), i64(a["sqrt_d_shift"]), i64(a["den_shift"]), i64(n), i64(G),
        bool(normalize), i64(normalize_bit), i64(a["q_drop"]), _fmt(a["q_format"]),
        empty if bias is None else bias, bias is not None, i64(a["out_drop"]), _fmt(a["out"]),
        y, counts)
    return y, {k: int(v) for k, v in zip(kernel_args.NORM_COUNTS, counts)}
