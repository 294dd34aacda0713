"""backend="numba": PWL-Exp with the structure of csrc/fx_pwl_exp.c (one loop over elements,
binary search for the segment, one multiply-add, the output requantization of fxsim.h)."""
from __future__ import annotations

import numpy as np
from numba import njit

from ..formats import Format
from . import kernel_args
from .numba_backend import _limits, _overflow, _shift_right

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


@njit(cache=True)
def _pwl_exp_kernel(x, knots, slope, intercept, x_lo, x_hi, upper, intercept_shift, drop, fmt,
                    y, index, product, total, stats):
    lo, hi = _limits(fmt)
    segments = slope.size
    inside = 0
    events = 0
    for j in range(x.size):
        xj = x[j]
        prod = np.int64(0)
        acc = np.int64(0)
        if xj < x_lo:                       # x < -L: 0
            idx = -1
            out = np.int64(0)
        elif xj > x_hi:                     # x > L: e^L
            idx = segments
            out = np.int64(upper)
        else:
            idx = _segment_index(knots, xj)
            prod = slope[idx] * xj
            acc = prod + (intercept[idx] << intercept_shift)
            scaled = _shift_right(acc, drop, fmt[2]) if drop >= 0 else acc << -drop
            out, hit = _overflow(scaled, fmt, lo, hi)
            events += hit
            inside += 1
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
