"""PWL-Exp on int64 numpy arrays (the definition; docs/algorithms.md section 5).

Every backend exposes ``pwl_exp`` with this signature and return.
"""
from __future__ import annotations

import numpy as np

from ..abi import PWL_STATS, PwlExpPlan
from .arith import requantize


def pwl_exp(x: np.ndarray, plan: PwlExpPlan):
    """x: int64 [n] raw inputs; plan: the LUT (knots [K-1] interior knots raw in the input
    format, slope / intercept [K]), x_lo / x_hi (raw bounds of [-L, L]), upper (e^L raw in
    the output format), intercept_shift = frac_a + frac_x - frac_b >= 0,
    sum_frac = frac_a + frac_x.

    Returns (y, index, product, sum, stats), the arrays int64 [n]; stats has PWL_STATS.
    build_lut has checked every value below 2**62.
    """
    x = np.asarray(x, dtype=np.int64)
    below, above = x < plan.x_lo, x > plan.x_hi
    inside = ~(below | above)
    xc = np.clip(x, plan.x_lo, plan.x_hi)   # outside [-L, L] the datapath is unused (masked below)
    idx = np.searchsorted(plan.knots, xc, side="left").astype(np.int64)   # #{knots < x}
    a = plan.slope[idx]                              # one LUT read: (a, b) of segment idx
    b = plan.intercept[idx]
    product = np.where(inside, a * xc, 0)
    total = np.where(inside, product + (b << plan.intercept_shift), 0)
    out_fmt = plan.out_format.to_format(plan.out_frac)
    y_in, events = requantize(total, plan.sum_frac, out_fmt)   # 0 outside [-L, L]: no event
    y = np.where(below, 0, np.where(above, np.int64(plan.upper), y_in))
    index = np.where(below, -1, np.where(above, plan.segments, idx))   # inside: idx of x itself
    count = int(np.count_nonzero(inside))
    stats = dict(zip(PWL_STATS, (count, count, count, events)))
    return y.astype(np.int64), index.astype(np.int64), product, total, stats
