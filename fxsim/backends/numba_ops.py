"""backend="numba": fused operators with the structure of csrc/fx_ops.c (one pass per row,
rows in parallel), built from the numba primitives' element functions. Each equals the
primitive composition of fxsim.ops.nlspike (tests/test_fused_ops.py)."""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from ..formats import Format
from . import kernel_args
from .numba_backend import _limits, requantize_one
from .numba_divgroup import div_count, div_signed, div_theta
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
