"""Quantize section: ``fxsim.requantize`` on the c backend against apytypes' cast, every
rounding and overflow mode, on the same 10^6 values.

Workload: raw Q16.16 values (signed 32-bit, uniform over the whole range, fixed seed) to
fixed<16,8,Q,O> for every rounding Q and overflow O (about half the values overflow). The fxsim
call is the public ``fxsim.requantize(raw, 16, fmt, backend="c")`` (validation and a new output
array included). The reference is apytypes' ``APyFixedArray.cast`` into the same format with
the same quantization mode; apytypes has WRAP and SAT only, so SAT_SYM and SAT_ZERO rows time
apytypes' SAT cast. Checked first: every mode equal to the numpy definition, and WRAP / SAT
equal to apytypes' bits.
"""
from __future__ import annotations

import itertools

import numpy as np

from ...arith import requantize
from ...formats import Format, Overflow, Rounding
from .common import BenchMismatch, Row, Settings, compare, timed

SEED = 20261204
N = 10**6
FRAC_IN, WIDTH, FRAC = 16, 16, 8


def apy_modes() -> tuple[dict, dict]:
    """fxsim Rounding -> apytypes QuantizationMode, and the two shared overflow modes."""
    from apytypes import OverflowMode, QuantizationMode
    q = {Rounding.TRN: QuantizationMode.TO_NEG, Rounding.TRN_ZERO: QuantizationMode.TO_ZERO,
         Rounding.RND: QuantizationMode.TIES_POS, Rounding.RND_ZERO: QuantizationMode.TIES_ZERO,
         Rounding.RND_INF: QuantizationMode.TIES_AWAY,
         Rounding.RND_MIN_INF: QuantizationMode.TIES_NEG,
         Rounding.RND_CONV: QuantizationMode.TIES_EVEN}
    return q, {Overflow.WRAP: OverflowMode.WRAP, Overflow.SAT: OverflowMode.SAT}


def mode_rows(raw: np.ndarray, apy_in, fmt: Format, repeats: int) -> list[Row]:
    """Check and time one rounding x overflow pair."""
    q, o = apy_modes()
    apy_overflow = o.get(fmt.overflow, o[Overflow.SAT])

    def apy():
        return apy_in.cast(int_bits=WIDTH - FRAC, frac_bits=FRAC, quantization=q[fmt.rounding],
                           overflow=apy_overflow)

    def ours():
        return requantize(raw, FRAC_IN, fmt, backend="c")

    got = ours()
    if not np.array_equal(got, requantize(raw, FRAC_IN, fmt, backend="numpy")):
        raise BenchMismatch(f"requantize to {fmt} on c differs from numpy")
    if fmt.overflow in o:
        bits = np.array(apy().to_bits(), dtype=np.int64)
        if not np.array_equal(np.where(bits >= 1 << (WIDTH - 1), bits - (1 << WIDTH), bits), got):
            raise BenchMismatch(f"requantize to {fmt} differs from apytypes' cast")
    reference = "apytypes cast" + ("" if fmt.overflow in o else " (SAT)")
    timings = {"fxsim requantize (c)": timed(ours, repeats), reference: timed(apy, repeats)}
    return compare("quantize", f"requantize 10^6 Q16.16 -> {fmt}", timings,
                   (("fxsim requantize (c)", reference, 50.0),))


def section(settings: Settings) -> list[Row]:
    """One row per rounding x overflow mode."""
    from apytypes import APyFixedArray
    raw = np.random.default_rng(SEED).integers(-(1 << 31), 1 << 31, N)
    apy_in = APyFixedArray.from_float(raw / float(1 << FRAC_IN), int_bits=32 - FRAC_IN,
                                      frac_bits=FRAC_IN)      # exact: |raw| < 2^53
    return [row for rounding, overflow in itertools.product(Rounding, Overflow)
            for row in mode_rows(raw, apy_in, Format(True, WIDTH, FRAC, rounding, overflow),
                                 settings.repeats)]
