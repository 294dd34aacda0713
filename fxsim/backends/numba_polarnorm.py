"""backend="numba": PolarNorm with the structure of csrc/fx_polarnorm.c (one row at a time,
radix sort, merges level by level in a scratch buffer). Equal to the numpy definition
fxsim/backends/reference/polarnorm.py bit for bit."""
from __future__ import annotations

import numpy as np
from numba import njit

from .numba_backend import _limits, _overflow, _shift_right


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
def polarnorm_row(xr, params, tree, aux, counts, row, trace, tr_sorted, tr_x, tr_y, tr_merged):
    """Steps 1-6 of one row xr[d] -- fx_polarnorm_row of csrc/fx_polarnorm.c: returns the norm
    raw in the output format; counts[0..2] (input, merge, output overflows) added to; with
    trace, row `row` of the trace arrays. tree[m], aux[m]: scratch."""
    d, m, n, guard = params[0], params[1], params[2], params[3]
    has_eps, eps_raw, gain_m, gain_shift = params[4], params[5], params[6], params[7]
    internal = params[8:12]
    output = params[12:16]
    output_drop = params[16]
    i_lo, i_hi = _limits(internal)
    o_lo, o_hi = _limits(output)
    guard_scale = np.int64(1) << guard
    for j in range(d):                                   # 1. |x| * 2^guard
        mag = xr[j] if xr[j] >= 0 else -xr[j]
        tree[j], hit = _overflow(mag * guard_scale, internal, i_lo, i_hi)
        counts[0] += hit
    if has_eps:                                          # 2. eps element
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
            value, hit = _overflow(_shift_right(xs * gain_m, gain_shift, internal[2]),
                                   internal, i_lo, i_hi)
            counts[1] += hit
            tree[pair] = value
            if trace:
                tr_merged[row, merge] = value
            merge += 1
        if count % 2:
            tree[half] = tree[count - 1]
        count = half + count % 2
    root = tree[0]                                       # 6. output
    if output_drop >= 0:
        scaled = _shift_right(root, output_drop, output[2])
    else:
        scaled = root * (np.int64(1) << -output_drop)
    out, hit = _overflow(scaled, output, o_lo, o_hi)
    counts[2] += hit
    return out


@njit(cache=True)
def _polarnorm_rows(x, params, out, counts, scratch, trace, tr_sorted, tr_x, tr_y, tr_merged):
    m = params[1]
    for row in range(x.shape[0]):
        out[row] = polarnorm_row(x[row], params, scratch[:m], scratch[m:], counts, row, trace,
                                 tr_sorted, tr_x, tr_y, tr_merged)


def polarnorm(x: np.ndarray, config, trace: bool = False):
    """x int64 [rows, d]; returns (raw [rows], overflow {input, merge, output}, trace or None)."""
    from ..primitives.polarnorm import OVERFLOW_VARS
    rows, d = x.shape
    params = config.kernel_params(d)
    m = int(params[1])
    n = config.n
    shape3 = (rows, m - 1, n + 1) if trace else (0, 0, 0)
    tr_sorted = np.zeros((rows, m) if trace else (0, 0), np.int64)
    tr_x = np.zeros(shape3, np.int64)
    tr_y = np.zeros(shape3, np.int64)
    tr_merged = np.zeros(shape3[:2], np.int64)
    out = np.zeros(rows, np.int64)
    counts = np.zeros(len(OVERFLOW_VARS), np.int64)
    scratch = np.zeros(2 * m, np.int64)
    _polarnorm_rows(np.ascontiguousarray(x, dtype=np.int64), params, out, counts, scratch,
                    bool(trace), tr_sorted, tr_x, tr_y, tr_merged)
    tr = None
    if trace:
        tr = {"sorted": tr_sorted, "cordic_x": tr_x, "cordic_y": tr_y, "merged": tr_merged}
    return out, {name: int(counts[i]) for i, name in enumerate(OVERFLOW_VARS)}, tr
