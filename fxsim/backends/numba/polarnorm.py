"""backend="numba": PolarNorm with the structure of csrc/fx_polarnorm.c (one row at a time,
radix sort, merges level by level in a scratch buffer). Equal to the numpy definition
fxsim/backends/reference/polarnorm.py bit for bit."""
from __future__ import annotations

import numpy as np
from numba import njit

from .. import abi
from .arith import ROUNDING, flat, limits, overflow_one, requantize_one, shift_right_one


@njit(cache=True)
def _sort_ascending(v, aux, m):
    """LSD radix sort of v[:m] (0 <= v < 2^62), 8-bit digits, aux[:m] scratch -- the sort of
    csrc/fx_polarnorm.c; ties are equal integers, so any order gives numpy's values."""
    top = np.int64(0)
    for i in range(m):
        top |= v[i]
    src, dst = v, aux
    start = np.empty(256, np.int64)
    shift = 0
    while shift < 64 and (top >> shift) != 0:
        start[:] = 0
        for i in range(m):
            start[(src[i] >> shift) & 255] += 1
        total = 0
        for digit in range(256):
            count = start[digit]
            start[digit] = total
            total += count
        for i in range(m):
            digit = (src[i] >> shift) & 255
            dst[start[digit]] = src[i]
            start[digit] += 1
        src, dst = dst, src
        shift += 8
    if shift % 16:                                       # an odd number of passes: in aux
        v[:m] = aux[:m]


@njit(cache=True)
def polarnorm_row(xr, p, tree, aux, counts, row, trace, tr_sorted, tr_x, tr_y, tr_merged,
                  eps_raw):
    """Steps 1-6 of one row xr[d] for the flat PolarNormPlan p -- fx_polarnorm_row of
    csrc/fx_polarnorm.c: returns the norm raw in the output format; counts[0..2] (input,
    merge, output overflows) added to; with trace, row `row` of the trace arrays. tree[m],
    aux[m]: scratch. eps_raw: the eps element (p.eps_raw, or the norms' row exponent's)."""
    d, n, internal = p.d, p.n, p.internal
    m = d + p.has_eps
    i_lo, i_hi = limits(internal)
    o_lo, o_hi = limits(p.output)
    guard_scale = np.int64(1) << p.guard_bits
    for j in range(d):                                   # 1. |x| * 2^guard
        mag = xr[j] if xr[j] >= 0 else -xr[j]
        tree[j], hit = overflow_one(mag * guard_scale, internal, i_lo, i_hi)
        counts[0] += hit
    if p.has_eps:                                        # 2. eps element
        tree[d] = eps_raw
    _sort_ascending(tree, aux, m)                        # 3. ascending
    if trace:
        tr_sorted[row, :] = tree[:m]
    merge = 0
    count = m
    while count > 1:                                     # 4. levels
        half = count // 2
        for pair in range(half):
            xs = tree[2 * pair]
            ys = tree[2 * pair + 1]
            if trace:
                tr_x[row, merge, 0] = xs
                tr_y[row, merge, 0] = ys
            for k in range(n):                           # dir applied branch-free
                neg = np.int64(-1) if ys < 0 else np.int64(0)
                y_shift = ys >> k
                x_shift = xs >> k
                xs += (y_shift ^ neg) - neg
                ys -= (x_shift ^ neg) - neg
                if trace:
                    tr_x[row, merge, k + 1] = xs
                    tr_y[row, merge, k + 1] = ys
            # 5. gain through the shift-scaler
            value, hit = overflow_one(shift_right_one(xs * p.gain_m, p.gain_shift,
                                                      internal[ROUNDING]), internal, i_lo, i_hi)
            counts[1] += hit
            tree[pair] = value
            if trace:
                tr_merged[row, merge] = value
            merge += 1
        if count % 2:
            tree[half] = tree[count - 1]
        count = half + count % 2
    out, hit = requantize_one(tree[0], p.output_drop, p.output, o_lo, o_hi)   # 6. output
    counts[2] += hit
    return out


@njit(cache=True)
def _polarnorm_rows(x, p, out, counts, scratch, trace, tr_sorted, tr_x, tr_y, tr_merged):
    m = p.d + p.has_eps
    for row in range(x.shape[0]):
        out[row] = polarnorm_row(x[row], p, scratch[:m], scratch[m:], counts, row, trace,
                                 tr_sorted, tr_x, tr_y, tr_merged, p.eps_raw)


def polarnorm(x: np.ndarray, plan: abi.PolarNormPlan, trace: bool = False):
    """Same contract as fxsim.backends.reference.polarnorm."""
    rows, m, n = x.shape[0], plan.m, plan.n
    shape3 = (rows, m - 1, n + 1) if trace else (0, 0, 0)
    tr_sorted = np.zeros((rows, m) if trace else (0, 0), np.int64)
    tr_x = np.zeros(shape3, np.int64)
    tr_y = np.zeros(shape3, np.int64)
    tr_merged = np.zeros(shape3[:2], np.int64)
    out = np.zeros(rows, np.int64)
    counts = np.zeros(len(abi.POLARNORM_VARS), np.int64)
    scratch = np.zeros(2 * m, np.int64)
    _polarnorm_rows(np.ascontiguousarray(x, dtype=np.int64), flat(plan), out, counts, scratch,
                    bool(trace), tr_sorted, tr_x, tr_y, tr_merged)
    tr = None
    if trace:
        tr = {"sorted": tr_sorted, "cordic_x": tr_x, "cordic_y": tr_y, "merged": tr_merged}
    return out, abi.named_counts(abi.POLARNORM_VARS, counts), tr
