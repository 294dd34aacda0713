"""PolarNorm on int64 numpy arrays (the definition; docs/algorithms.md section 6).

P1 (NLSpike cordic_l2): v = [|x_1|, ..., |x_d|, sqrt(eps*d)]; sort v ascending once; then level
by level merge the pairs (0,1), (2,3), ... with a vectoring CORDIC hypot (the smaller, even-index
element is x, the larger is y), an odd last element carried to the end of the next level
unchanged, until one value is left. Each merge divides by the CORDIC gain K_n.
"""
from __future__ import annotations

import numpy as np

from ..abi import POLARNORM_VARS, PolarNormPlan
from .arith import overflow, requantize, shift_right


def cordic_vectoring(x: np.ndarray, y: np.ndarray, n: int, record=None):
    """n iterations of the vectoring CORDIC on int64 arrays: k = 0 .. n-1,
        dir = +1 if y >= 0 else -1;  x <- x + dir * (y >> k);  y <- y - dir * (x_old >> k)
    with arithmetic (TRN, floor) shifts. Returns (x_n, y_n); x_n ~ K_n * hypot(x_0, y_0).
    record(k, x, y) is called with the state after iteration k."""
    for k in range(n):
        positive = y >= 0                       # dir = +1
        y_shift = y >> k                        # floor(y / 2^k)
        x_shift = x >> k                        # floor(x_old / 2^k)
        x, y = (np.where(positive, x + y_shift, x - y_shift),
                np.where(positive, y - x_shift, y + x_shift))
        if record is not None:
            record(k, x, y)
    return x, y


def polarnorm(x: np.ndarray, plan: PolarNormPlan, trace: bool = False):
    """x: int64 [rows, d] raw inputs. Returns (raw [rows] in the output format, overflow
    counts {POLARNORM_VARS}, trace dict or None)."""
    rows, d = x.shape
    internal = plan.internal.to_format(0)       # frac bits travel as the drops below
    n = plan.n

    # 1. magnitudes, scaled up by the guard bits into the internal format (a left shift)
    leaves, ovf_input = requantize(np.abs(x), -plan.guard_bits, internal)
    # 2. sqrt(eps * d), quantized once by RND_CONV, appended as one more element
    if plan.has_eps:
        leaves = np.concatenate([leaves, np.full((rows, 1), plan.eps_raw, np.int64)], axis=1)
    m = leaves.shape[1]
    # 3. sort ascending (values are integers: any stable order gives the same values)
    values = np.sort(leaves, axis=1, kind="stable")

    merges = m - 1
    tr = None
    if trace:
        tr = {"sorted": values.copy(),
              "cordic_x": np.zeros((rows, merges, n + 1), np.int64),
              "cordic_y": np.zeros((rows, merges, n + 1), np.int64),
              "merged": np.zeros((rows, merges), np.int64)}
    ovf_merge = 0
    first = 0                                    # index of this level's first merge
    # 4. merge adjacent pairs level by level; depth ceil(log2 m)
    while values.shape[1] > 1:
        count = values.shape[1]
        half = count // 2
        x0 = values[:, 0:2 * half:2]             # the smaller of each pair
        y0 = values[:, 1:2 * half:2]             # the larger
        record = None
        if tr is not None:
            block = slice(first, first + half)
            tr["cordic_x"][:, block, 0] = x0
            tr["cordic_y"][:, block, 0] = y0

            def record(k, xs, ys, block=block):
                tr["cordic_x"][:, block, k + 1] = xs
                tr["cordic_y"][:, block, k + 1] = ys
        xn, _ = cordic_vectoring(x0, y0, n, record)
        # x never decreases (dir * (y >> k) >= 0), so x_n = |x_n| >= 0
        # 5. the gain 1/K_n through the shift-scaler, into the internal format
        merged, events = overflow(shift_right(xn * np.int64(plan.gain_m), plan.gain_shift,
                                              internal.rounding), internal)
        ovf_merge += events
        if tr is not None:
            tr["merged"][:, first:first + half] = merged
        values = merged if count % 2 == 0 else np.concatenate([merged, values[:, -1:]], axis=1)
        first += half

    # 6. the root into the output format (its rounding and overflow)
    out, ovf_output = requantize(values[:, 0], plan.output_drop, plan.output.to_format(0))
    return out, dict(zip(POLARNORM_VARS, (ovf_input, ovf_merge, ovf_output))), tr
