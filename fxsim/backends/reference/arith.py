"""Integer rounding, overflow and requantization on int64 numpy arrays (the definition).

Inputs are int64 with |x| < 2**62; every operation below is exact in int64.
"""
from __future__ import annotations

import numpy as np

from ...formats import MAX_DROP, Format, Overflow, Rounding


def bit_length(x: np.ndarray) -> np.ndarray:
    """Exact bit length of non-negative int64 values (0 -> 0): msb(x) = bit_length(x) - 1.

    frexp of float(x) gives e with 2^(e-1) <= float(x) < 2^e; rounding to float64 can only
    carry x up to the next power of two, in which case x >> (e - 1) is 0 and the answer is e - 1.
    """
    x = np.asarray(x, dtype=np.int64)
    e = np.frexp(x.astype(np.float64))[1].astype(np.int64)
    return e - (((x >> np.maximum(e - 1, 0)) == 0) & (x > 0))


def _round_up(rounding: Rounding, inexact, above, tie, negative, floor_odd) -> np.ndarray:
    """Whether to add 1 to the floor, given the dropped part (``above`` / ``tie`` compare it with 1/2)."""
    if rounding == Rounding.TRN:
        up = np.zeros_like(tie)
    elif rounding == Rounding.TRN_ZERO:
        up = inexact & negative
    elif rounding == Rounding.RND:
        up = above | tie
    elif rounding == Rounding.RND_ZERO:
        up = above | (tie & negative)
    elif rounding == Rounding.RND_INF:
        up = above | (tie & ~negative)
    elif rounding == Rounding.RND_MIN_INF:
        up = above
    elif rounding == Rounding.RND_CONV:
        up = above | (tie & floor_odd)
    else:  # pragma: no cover - Rounding is a closed enum
        raise AssertionError(rounding)
    return up.astype(np.int64)


def shift_right(x: np.ndarray, k: int, rounding: Rounding) -> np.ndarray:
    """Drop k >= 0 low bits of int64 ``x`` with the named rounding: value x / 2**k to an integer."""
    x = np.asarray(x, dtype=np.int64)
    if k <= 0:
        return x.copy()
    if k > MAX_DROP:
        # |x| / 2**k < 1/2 and non-zero: sign(x) at k = MAX_DROP rounds identically in every mode.
        x, k = np.sign(x), MAX_DROP
    floor = x >> k                      # TRN: arithmetic shift
    rem = x - (floor << k)              # 0 <= rem < 2**k, the dropped bits
    half = np.int64(1) << (k - 1)
    up = _round_up(rounding, rem != 0, rem > half, rem == half, x < 0, (floor & 1) == 1)
    return floor + up


def overflow(x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]:
    """Bring int64 ``x`` into fmt's raw range with fmt's overflow mode; return (raw, events)."""
    x = np.asarray(x, dtype=np.int64)
    lo, hi = fmt.min_raw, fmt.max_raw
    if fmt.overflow == Overflow.SAT_SYM and fmt.signed:
        lo = -hi
    out_of_range = (x < lo) | (x > hi)
    events = int(np.count_nonzero(out_of_range))
    if fmt.overflow == Overflow.WRAP:
        modulus = np.int64(1) << fmt.width
        y = x & (modulus - 1)
        if fmt.signed:
            y = np.where(y > hi, y - modulus, y)
    elif fmt.overflow in (Overflow.SAT, Overflow.SAT_SYM):
        y = np.clip(x, lo, hi)
    else:  # SAT_ZERO
        y = np.where(out_of_range, 0, x)
    return y.astype(np.int64), events


def requantize(raw: np.ndarray, frac_in: int, fmt: Format) -> tuple[np.ndarray, int]:
    """Move ``raw`` (frac_in fractional bits) to fmt: named-rounding shift, then overflow."""
    raw = np.asarray(raw, dtype=np.int64)
    drop = frac_in - fmt.frac
    if drop >= 0:
        shifted = shift_right(raw, drop, fmt.rounding)
    else:
        shifted = raw << (-drop)        # caller guarantees the 62-bit bound (arith.check_left_shift)
    return overflow(shifted, fmt)


def quantize(x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]:
    """Float64 ``x`` to fmt: scale by 2**frac (exact), round by fmt.rounding, then overflow.

    Caller has checked x is finite and |x * 2**frac| < 2**62.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.ldexp(x, fmt.frac)
    # an underflow to 0 hides a non-zero |value| < 2**-1074: +-1/4 rounds identically
    y = np.where((y == 0) & (x != 0), np.copysign(0.25, x), y)
    floor = np.floor(y)
    # compare y with the midpoint instead of forming y - floor, which rounds for tiny negative y;
    # an inexact y has |y| < 2**52, where floor + 0.5 is exact
    inexact = y != floor
    half = floor + 0.5
    up = _round_up(fmt.rounding, inexact, inexact & (y > half), inexact & (y == half), y < 0,
                   np.fmod(floor, 2) != 0)
    return overflow(floor.astype(np.int64) + up, fmt)
