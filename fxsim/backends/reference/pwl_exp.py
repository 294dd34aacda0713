"""PWL-Exp on int64 numpy arrays (the definition; docs/algorithms.md section 5).

Every backend exposes ``pwl_exp`` with this signature and return.
"""
from __future__ import annotations

import numpy as np

from ...formats import Format
from .arith import requantize


def pwl_exp(x: np.ndarray, knots: np.ndarray, slope: np.ndarray, intercept: np.ndarray,
            x_lo: int, x_hi: int, upper: int, intercept_shift: int, sum_frac: int,
            out_fmt: Format):
    """x: int64 [n] raw inputs; knots: int64 [K-1] interior knots (raw, input format);
    slope, intercept: int64 [K]; x_lo / x_hi: raw bounds of [-L, L]; upper: e^L raw in out_fmt;
    intercept_shift = frac_a + frac_x - frac_b >= 0; sum_frac = frac_a + frac_x.

    Returns (y, index, product, sum, stats), the arrays int64 [n]; stats has lut_reads,
    multiplies, adds, overflow_output. build_lut has checked every value below 2**62.
    """
    x = np.asarray(x, dtype=np.int64)
    below, above = x < x_lo, x > x_hi
    inside = ~(below | above)
    xc = np.clip(x, x_lo, x_hi)        # outside [-L, L] the datapath is unused (masked below)
    idx = np.searchsorted(knots, xc, side="left").astype(np.int64)   # #{knots < x}
    a = slope[idx]                                   # one LUT read: (a, b) of segment idx
    b = intercept[idx]
    product = np.where(inside, a * xc, 0)
    total = np.where(inside, product + (b << intercept_shift), 0)
    y_in, events = requantize(total, sum_frac, out_fmt)   # 0 outside [-L, L]: never an event
    y = np.where(below, 0, np.where(above, np.int64(upper), y_in))
    index = np.where(below, -1, np.where(above, len(slope), idx))   # inside: idx of x itself
    count = int(np.count_nonzero(inside))
    stats = {"lut_reads": count, "multiplies": count, "adds": count, "overflow_output": events}
    return y.astype(np.int64), index.astype(np.int64), product, total, stats
