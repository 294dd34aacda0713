"""backend="numba": PWL-Exp with the structure of csrc/fx_pwl_exp.c (one loop over elements,
binary search for the segment, one multiply-add, the output requantization of fxsim.h)."""
from __future__ import annotations

import numpy as np
from numba import njit

from .. import abi
from .arith import flat, limits, requantize_one


@njit(cache=True, forceinline=True)
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


@njit(cache=True, forceinline=True)
def pwl_exp_one(xj, p, lo, hi):
    """exp of one raw input for the flat PwlExpPlan p: (out, segment index, product, sum,
    overflow hit) -- the element step of fx_pwl_exp (fxsim.h); lo, hi = limits(p.out_format)."""
    if xj < p.x_lo:                     # x < -L: 0
        return np.int64(0), np.int64(-1), np.int64(0), np.int64(0), 0
    if xj > p.x_hi:                     # x > L: e^L
        return p.upper, np.int64(p.slope.size), np.int64(0), np.int64(0), 0
    idx = _segment_index(p.knots, xj)
    prod = p.slope[idx] * xj
    acc = prod + (p.intercept[idx] << p.intercept_shift)
    out, hit = requantize_one(acc, p.sum_frac - p.out_frac, p.out_format, lo, hi)
    return out, np.int64(idx), prod, acc, hit


@njit(cache=True)
def _pwl_exp_kernel(x, p, y, index, product, total, stats):
    lo, hi = limits(p.out_format)
    inside = 0
    events = 0
    for j in range(x.size):
        out, idx, prod, acc, hit = pwl_exp_one(x[j], p, lo, hi)
        events += hit
        inside += 1 if 0 <= idx < p.slope.size else 0
        y[j] = out
        index[j] = idx
        product[j] = prod
        total[j] = acc
    stats[0] = inside
    stats[1] = inside
    stats[2] = inside
    stats[3] = events


def pwl_exp(x: np.ndarray, plan: abi.PwlExpPlan):
    """Same contract as fxsim.backends.reference.pwl_exp."""
    flat_x = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    n = flat_x.size
    y, index, product, total = (np.zeros(n, np.int64) for _ in range(4))
    stats = np.zeros(len(abi.PWL_STATS), np.int64)
    _pwl_exp_kernel(flat_x, flat(plan), y, index, product, total, stats)
    return y, index, product, total, abi.named_counts(abi.PWL_STATS, stats)
