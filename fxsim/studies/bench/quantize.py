"""Quantize section: ``fxsim.requantize`` and ``fxsim.quantize`` on the c backend against
apytypes, every rounding and overflow mode, on the same 10^6 values.

Requantize workload: raw Q16.16 values (signed 32-bit int64, uniform over the whole range, fixed
seed) to fixed<16,8,Q,O> for every rounding Q and overflow O (about half the values overflow).
Two fxsim variants per mode, both the public ``fxsim.requantize(raw, 16, fmt, backend="c")``
with its validation: one returns a new int64 array, one writes a caller-owned ``out=`` buffer.
The reference is apytypes' ``APyFixedArray.cast`` into the same format with the same
quantization mode; apytypes has WRAP and SAT only, so SAT_SYM and SAT_ZERO rows time apytypes'
SAT cast. Checked first: every mode equal to the numpy definition, and WRAP / SAT equal to
apytypes' bits.

Quantize workload: 10^6 float64 values (uniform over +-2^8, fixed seed) to fixed<16,8,RND_INF,
WRAP>, the one mode of apytypes' ``APyFixedArray.from_float`` (its reference; bits checked equal).

Each workload also has an informational row against the machine's memory floor: numpy's
``copyto`` of the same 10^6 input words into the same int64 output (int64 -> int64 for
requantize, float64 -> int64 truncation for quantize), the least work any kernel that reads
the input and writes the output can do. Its ratio (floor ms / fxsim ms, 1 = at the floor)
bounds what any reference ratio can reach.
"""
from __future__ import annotations

import itertools

import numpy as np

from ...arith import quantize, requantize
from ...formats import Format, Overflow, Rounding
from .common import BenchMismatch, Row, Settings, compare, timed

SEED = 20261204
N = 10**6
FRAC_IN, WIDTH, FRAC = 16, 16, 8
TARGET = 50.0
ALLOCATING, INTO_OUT = "fxsim requantize (c)", "fxsim requantize (c, out=)"
FLOOR = "numpy copyto (memory floor)"


def floor_call(src: np.ndarray, out: np.ndarray):
    """A no-argument callable copying src into out (casting as needed): the memory floor."""
    def run():
        np.copyto(out, src, casting="unsafe")
    return run


def apy_modes() -> tuple[dict, dict]:
    """fxsim Rounding -> apytypes QuantizationMode, and the two shared overflow modes."""
    from apytypes import OverflowMode, QuantizationMode
    q = {Rounding.TRN: QuantizationMode.TO_NEG, Rounding.TRN_ZERO: QuantizationMode.TO_ZERO,
         Rounding.RND: QuantizationMode.TIES_POS, Rounding.RND_ZERO: QuantizationMode.TIES_ZERO,
         Rounding.RND_INF: QuantizationMode.TIES_AWAY,
         Rounding.RND_MIN_INF: QuantizationMode.TIES_NEG,
         Rounding.RND_CONV: QuantizationMode.TIES_EVEN}
    return q, {Overflow.WRAP: OverflowMode.WRAP, Overflow.SAT: OverflowMode.SAT}


def apy_raw(apy) -> np.ndarray:
    """The signed WIDTH-bit raw integers of an apytypes array."""
    bits = np.array(apy.to_bits(), dtype=np.int64)
    return np.where(bits >= 1 << (WIDTH - 1), bits - (1 << WIDTH), bits)


def mode_rows(raw: np.ndarray, apy_in, fmt: Format, settings: Settings) -> list[Row]:
    """Check and time one rounding x overflow pair."""
    q, o = apy_modes()
    apy_overflow = o.get(fmt.overflow, o[Overflow.SAT])
    out = np.empty_like(raw)

    def apy():
        return apy_in.cast(int_bits=WIDTH - FRAC, frac_bits=FRAC, quantization=q[fmt.rounding],
                           overflow=apy_overflow)

    def ours():
        return requantize(raw, FRAC_IN, fmt, backend="c")

    def ours_out():
        return requantize(raw, FRAC_IN, fmt, backend="c", out=out)

    got = ours()
    if not (np.array_equal(got, requantize(raw, FRAC_IN, fmt, backend="numpy"))
            and np.array_equal(ours_out(), got)):
        raise BenchMismatch(f"requantize to {fmt} on c differs from numpy")
    if fmt.overflow in o and not np.array_equal(apy_raw(apy()), got):
        raise BenchMismatch(f"requantize to {fmt} differs from apytypes' cast")
    reference = "apytypes cast" + ("" if fmt.overflow in o else " (SAT)")
    timings = {ALLOCATING: timed(ours, settings), INTO_OUT: timed(ours_out, settings),
               reference: timed(apy, settings), FLOOR: timed(floor_call(raw, out), settings)}
    return compare("quantize", f"requantize 10^6 Q16.16 -> {fmt}", timings,
                   ((ALLOCATING, reference, TARGET), (INTO_OUT, reference, TARGET),
                    (INTO_OUT, FLOOR, None)))


def quantize_rows(settings: Settings) -> list[Row]:
    """fxsim.quantize against apytypes' from_float (RND_INF, WRAP) on float64 values."""
    from apytypes import APyFixedArray
    x = np.random.default_rng(SEED).uniform(-256.0, 256.0, N)
    fmt = Format(True, WIDTH, FRAC, Rounding.RND_INF, Overflow.WRAP)

    def apy():
        return APyFixedArray.from_float(x, int_bits=WIDTH - FRAC, frac_bits=FRAC)

    def ours():
        return quantize(x, fmt, backend="c")

    got = ours()
    if not np.array_equal(got, quantize(x, fmt, backend="numpy")):
        raise BenchMismatch(f"quantize to {fmt} on c differs from numpy")
    if not np.array_equal(apy_raw(apy()), got):
        raise BenchMismatch(f"quantize to {fmt} differs from apytypes' from_float")
    timings = {"fxsim quantize (c)": timed(ours, settings),
               "apytypes from_float": timed(apy, settings),
               FLOOR: timed(floor_call(x, np.empty(N, np.int64)), settings)}
    return compare("quantize", f"quantize 10^6 float64 -> {fmt}", timings,
                   (("fxsim quantize (c)", "apytypes from_float", TARGET),
                    ("fxsim quantize (c)", FLOOR, None)))


def section(settings: Settings) -> list[Row]:
    """Three rows per rounding x overflow mode (allocating, out=, the memory floor), then the
    float quantize rows."""
    from apytypes import APyFixedArray
    raw = np.random.default_rng(SEED).integers(-(1 << 31), 1 << 31, N)
    apy_in = APyFixedArray.from_float(raw / float(1 << FRAC_IN), int_bits=32 - FRAC_IN,
                                      frac_bits=FRAC_IN)      # exact: |raw| < 2^53
    rows = [row for rounding, overflow in itertools.product(Rounding, Overflow)
            for row in mode_rows(raw, apy_in, Format(True, WIDTH, FRAC, rounding, overflow),
                                 settings)]
    return rows + quantize_rows(settings)
