"""backend="numba": PWL-Exp with the structure of csrc/fx_pwl_exp.c (one loop over elements,
binary search for the segment, one multiply-add, the output requantization of fxsim.h)."""
from __future__ import annotations

import numpy as np
from numba import njit

from ..formats import Format
from . import kernel_args
from .numba_backend import _limits, requantize_one

_PWL_STATS = ("lut_reads", "multiplies", "adds", "overflow_output")


@njit(cache=True, inline="always")
def _segment_index(knots, x):
    """Number of interior knots strictly below x (torch.bucketize, right=False)."""
    lo = 0
    hi = knots.size
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if knots[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, inline="always")
def pwl_exp_one(xj, knots, slope, intercept, x_lo, x_hi, upper, intercept_shift, drop, fmt,
                lo, hi):
    """exp of one raw input: (out, segment index, product, sum, overflow hit) -- the element
    step of fx_pwl_exp (fxsim.h); lo, hi = _limits(fmt)."""
    if xj < x_lo:                       # x < -L: 0
        return np.int64(0), np.int64(-1), np.int64(0), np.int64(0), 0
    if xj > x_hi:                       # x > L: e^L
        return np.int64(upper), np.int64(slope.size), np.int64(0), np.int64(0), 0
    idx = _segment_index(knots, xj)
    prod = slope[idx] * xj
    acc = prod + (intercept[idx] << intercept_shift)
    out, hit = requantize_one(acc, drop, fmt, lo, hi)
    return out, np.int64(idx), prod, acc, hit


@njit(cache=True)
def _pwl_exp_kernel(x, knots, slope, intercept, x_lo, x_hi, upper, intercept_shift, drop, fmt,
                    y, index, product, total, stats):
    lo, hi = _limits(fmt)
    inside = 0
    events = 0
    for j in range(x.size):
        out, idx, prod, acc, hit = pwl_exp_one(x[j], knots, slope, intercept, x_lo, x_hi, upper,
                                               intercept_shift, drop, fmt, lo, hi)
        events += hit
        inside += 1 if 0 <= idx < slope.size else 0
        y[j] = out
        index[j] = idx
        product[j] = prod
        total[j] = acc
    stats[0] = inside
    stats[1] = inside
    stats[2] = inside
    stats[3] = events


def pwl_exp(x: np.ndarray, knots: np.ndarray, slope: np.ndarray, intercept: np.ndarray,
            x_lo: int, x_hi: int, upper: int, intercept_shift: int, sum_frac: int,
            out_fmt: Format):
    """Same signature and return as fxsim.backends.reference.pwl_exp.pwl_exp."""
    flat = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    n = flat.size
    y, index, product, total = (np.zeros(n, np.int64) for _ in range(4))
    stats = np.zeros(len(_PWL_STATS), np.int64)
    _pwl_exp_kernel(flat, np.ascontiguousarray(knots, dtype=np.int64),
                    np.ascontiguousarray(slope, dtype=np.int64),
                    np.ascontiguousarray(intercept, dtype=np.int64), np.int64(x_lo),
                    np.int64(x_hi), np.int64(upper), np.int64(intercept_shift),
                    np.int64(sum_frac - out_fmt.frac),
                    np.array(kernel_args.format_tuple(out_fmt), np.int64),
                    y, index, product, total, stats)
    return y, index, product, total, {k: int(v) for k, v in zip(_PWL_STATS, stats)}
