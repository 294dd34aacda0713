"""fxsim arithmetic vs independent oracles: apytypes casts and exact Python fractions.

apytypes only has WRAP / SAT on signed two's-complement formats, so:
- the exact rounded value ``r`` comes from an apytypes cast with enough integer bits never to overflow;
- signed WRAP / SAT come straight from an apytypes cast into the target format;
- SAT_SYM (signed range [-max, max]) and SAT_ZERO are applied by hand to ``r``;
- unsigned WRAP is the W-bit pattern of an apytypes signed W-bit WRAP cast (modulo 2**W), unsigned
  SAT is an apytypes SAT cast into a signed format one bit wider, then clamped below at 0;
- the overflow event count is the number of ``r`` outside [lo, hi] (lo = -max for signed SAT_SYM).
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from apytypes import APyFixedArray, OverflowMode, QuantizationMode
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import fxsim
from fxsim import Format, Overflow, Rounding

APY_Q = {
    Rounding.TRN: QuantizationMode.TO_NEG,
    Rounding.TRN_ZERO: QuantizationMode.TO_ZERO,
    Rounding.RND: QuantizationMode.TIES_POS,
    Rounding.RND_ZERO: QuantizationMode.TIES_ZERO,
    Rounding.RND_INF: QuantizationMode.TIES_AWAY,
    Rounding.RND_MIN_INF: QuantizationMode.TIES_NEG,
    Rounding.RND_CONV: QuantizationMode.TIES_EVEN,
}

PROPERTY = settings(max_examples=600, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


# ---------------------------------------------------------------- oracles

def _to_signed(bits: int, width: int) -> int:
    return bits - (1 << width) if bits >> (width - 1) else bits


def _range(fmt: Format) -> tuple[int, int]:
    """Raw range written out from docs/algorithms.md 1.3 (not from Format.min_raw / max_raw)."""
    if fmt.signed:
        hi = 2 ** (fmt.width - 1) - 1
        lo = -hi if fmt.overflow == Overflow.SAT_SYM else -hi - 1
    else:
        lo, hi = 0, 2 ** fmt.width - 1
    return lo, hi


def apy_expected(a: APyFixedArray, fmt: Format) -> tuple[list[int], int]:
    """Raw values and overflow events of casting the exact apytypes array ``a`` into ``fmt``."""
    q, w, f = APY_Q[fmt.rounding], fmt.width, fmt.frac

    def cast(int_bits: int, overflow: OverflowMode) -> list[int]:
        return [int(b) for b in a.cast(int_bits=int_bits, frac_bits=f, quantization=q,
                                       overflow=overflow).to_bits()]

    # exact rounding: |a| < 2**(I-1) rounds to at most 2**(I-1); at least 2 bits so raw +-1 fits
    exact_int = max(a.int_bits + 1, 2 - f)
    r = [_to_signed(b, exact_int + f) for b in cast(exact_int, OverflowMode.WRAP)]
    lo, hi = _range(fmt)
    events = sum(not lo <= v <= hi for v in r)
    ov = fmt.overflow
    if ov == Overflow.SAT_ZERO:
        out = [v if lo <= v <= hi else 0 for v in r]
    elif ov == Overflow.SAT_SYM and fmt.signed:
        out = [min(max(v, lo), hi) for v in r]
    elif ov == Overflow.WRAP:
        bits = cast(w - f, OverflowMode.WRAP)       # W-bit two's-complement pattern = value mod 2**W
        out = [_to_signed(b, w) for b in bits] if fmt.signed else bits
    elif fmt.signed:                                # SAT
        out = [_to_signed(b, w) for b in cast(w - f, OverflowMode.SAT)]
    else:                                           # unsigned SAT / SAT_SYM
        out = [max(0, _to_signed(b, w + 1)) for b in cast(w + 1 - f, OverflowMode.SAT)]
    return out, events


def apy_from_raw(raw: list[int], width: int, frac: int) -> APyFixedArray:
    """Exact apytypes array of raw values of a (signed or unsigned) ``width``-bit format.

    Stored in a signed format one bit wider, which holds both signed and unsigned raws.
    """
    w = width + 1
    return APyFixedArray([r & ((1 << w) - 1) for r in raw], int_bits=w - frac, frac_bits=frac)


def exact_round(v: Fraction, rounding: Rounding) -> int:
    """Rounding (docs/algorithms.md 1.2) of an exact rational to an integer, written out case
    by case."""
    fl = math.floor(v)
    rem = v - fl
    if rem == 0:
        return fl
    neg = v < 0
    if rounding == Rounding.TRN:
        return fl
    if rounding == Rounding.TRN_ZERO:
        return fl + 1 if neg else fl
    if rem != Fraction(1, 2):
        return fl + 1 if rem > Fraction(1, 2) else fl
    tie_up = {Rounding.RND: True, Rounding.RND_ZERO: neg, Rounding.RND_INF: not neg,
              Rounding.RND_MIN_INF: False, Rounding.RND_CONV: fl % 2 == 1}[rounding]
    return fl + int(tie_up)


# ---------------------------------------------------------------- strategies

formats = st.builds(Format, st.booleans(), st.integers(1, 32), st.integers(-62, 62),
                    st.sampled_from(list(Rounding)), st.sampled_from(list(Overflow)))


@st.composite
def requantize_cases(draw):
    """(raw list, frac_in, fmt_in, fmt): any input format, frac shifts both ways, drops past 62."""
    fin = Format(draw(st.booleans()), draw(st.integers(1, 32)), 0)
    fmt = draw(formats)
    drop = draw(st.one_of(st.integers(-30, 8), st.integers(-30, 80),
                          st.sampled_from([61, 62, 63, 64, 70])))
    frac_in = fmt.frac + drop
    lo, hi = fin.min_raw, fin.max_raw
    raw = draw(st.lists(st.integers(lo, hi), max_size=12))
    if drop > 0:   # exact ties and their neighbours at the dropped bits
        for q in draw(st.lists(st.integers(-(1 << 31), 1 << 31), max_size=4)):
            for d in (-1, 0, 1):
                t = (q << drop) + (1 << (drop - 1)) + d
                if lo <= t <= hi:
                    raw.append(t)
    raw += [lo, hi, lo + (lo < hi), hi - (lo < hi)]   # both range ends of the input format
    return raw, frac_in, fin, fmt


@st.composite
def quantize_cases(draw):
    """(float list, fmt) with |x * 2**frac| < 2**62 and no float64 underflow of x * 2**frac."""
    fmt = draw(formats)
    xs = draw(st.lists(st.floats(-2.0 ** 40, 2.0 ** 40, allow_subnormal=False), max_size=12))
    scale = 2.0 ** -fmt.frac
    for n in draw(st.lists(st.integers(-(1 << 33), 1 << 33), max_size=4)):
        xs.append((n + 0.5) * scale)                 # exact ties
    xs += [fmt.min_raw * scale, fmt.max_raw * scale,  # range ends and just outside them
           (fmt.min_raw - 0.5) * scale, (fmt.max_raw + 0.5) * scale,
           (fmt.min_raw - 1) * scale, (fmt.max_raw + 1) * scale]
    xs = [x for x in xs
          if abs(math.ldexp(x, fmt.frac)) < 2.0 ** 62 and (x == 0 or abs(x) >= 2.0 ** -900)]
    return xs, fmt


# ---------------------------------------------------------------- tests

@PROPERTY
@given(requantize_cases())
@example(([-1, 0, 1], 70, Format(True, 8, 0), Format(True, 8, 0, Rounding.TRN, Overflow.WRAP)))
@example(([-128, 127], 0, Format(True, 8, 0), Format(True, 8, 0, Rounding.TRN, Overflow.SAT_SYM)))
def test_requantize_vs_apytypes(backend, case):
    """requantize raw + overflow count; oracle: apytypes cast (+ hand SAT_SYM / SAT_ZERO / unsigned)."""
    raw, frac_in, fin, fmt = case
    expected, events = apy_expected(apy_from_raw(raw, fin.width, frac_in), fmt)
    got, got_events = fxsim.requantize(np.array(raw, dtype=np.int64), frac_in, fmt,
                                       backend=backend, return_overflow=True)
    assert got.dtype == np.int64
    assert got.tolist() == expected
    assert got_events == events


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
@pytest.mark.parametrize("rounding", list(Rounding), ids=lambda m: m.name)
@pytest.mark.parametrize("overflow", list(Overflow), ids=lambda m: m.name)
def test_requantize_exhaustive_8bit_vs_apytypes(backend, signed, rounding, overflow):
    """Every 8-bit raw, drop 3 bits into 4 bits (and add 2 bits into 12); oracle: apytypes cast."""
    fin = Format(signed, 8, 5)
    raw = list(range(fin.min_raw, fin.max_raw + 1))
    for fmt in (Format(signed, 4, 2, rounding, overflow), Format(signed, 12, 7, rounding, overflow)):
        expected, events = apy_expected(apy_from_raw(raw, 8, fin.frac), fmt)
        got, got_events = fxsim.requantize(np.array(raw), fin.frac, fmt, backend=backend,
                                           return_overflow=True)
        assert got.tolist() == expected
        assert got_events == events


@PROPERTY
@given(quantize_cases())
def test_quantize_vs_apytypes(backend, case):
    """quantize float -> raw + overflow count; oracle: apytypes from_float (exact) + cast."""
    xs, fmt = case
    exact = [Fraction(x) for x in xs]
    frac = max([0] + [d.denominator.bit_length() - 1 for d in exact])
    int_bits = max([2] + [abs(d.numerator // d.denominator).bit_length() + 2 for d in exact])
    a = APyFixedArray.from_float(np.array(xs, dtype=np.float64), int_bits=int_bits, frac_bits=frac)
    # from_float is exact at these widths (checked against fractions)
    assert [_to_signed(int(b), int_bits + frac) for b in a.to_bits()] == \
        [int(e * 2 ** frac) for e in exact]
    expected, events = apy_expected(a, fmt)
    got, got_events = fxsim.quantize(np.array(xs, dtype=np.float64), fmt, backend=backend,
                                     return_overflow=True)
    assert got.dtype == np.int64
    assert got.tolist() == expected
    assert got_events == events


@PROPERTY
@given(quantize_cases(), st.integers(1, 60))
def test_quantize_float32_vs_apytypes(backend, case, copies):
    """float32 input (quantized without a float64 copy in the C kernel, which widens it 256
    values at a time): the values rounded to float32, tiled past one such chunk; oracle:
    apytypes from_float of the same float32 values + cast."""
    xs, fmt = case
    x32 = np.array(xs, dtype=np.float64).astype(np.float32)
    x32 = x32[np.isfinite(x32) & (np.abs(np.ldexp(x32.astype(np.float64), fmt.frac)) < 2.0 ** 62)]
    x32 = np.tile(x32, copies)
    wide = x32.astype(np.float64)
    frac = max([0] + [Fraction(float(v)).denominator.bit_length() - 1 for v in wide])
    a = APyFixedArray.from_float(wide, int_bits=130, frac_bits=frac)
    expected, events = apy_expected(a, fmt)
    got, got_events = fxsim.quantize(x32, fmt, backend=backend, return_overflow=True)
    assert got.tolist() == expected
    assert got_events == events


@PROPERTY
@given(st.lists(st.integers(-(1 << 62) + 1, (1 << 62) - 1), min_size=1, max_size=12),
       st.one_of(st.integers(0, 8), st.integers(0, 80)), st.sampled_from(list(Rounding)),
       st.lists(st.integers(-(1 << 40), 1 << 40), max_size=4))
@example([(1 << 61), -(1 << 61), (1 << 62) - 1, -(1 << 62) + 1], 62, Rounding.RND_CONV, [])
def test_shift_right_vs_exact(backend, xs, k, rounding, qs):
    """shift_right(x, k, mode) == mode(x / 2**k); oracle: Python Fraction, rounding written out."""
    if k > 0:   # ties and their neighbours
        xs = xs + [t for q in qs for d in (-1, 0, 1)
                   if abs(t := (q << k) + (1 << (k - 1)) + d) < 1 << 62]
    got = fxsim.shift_right(np.array(xs, dtype=np.int64), k, rounding, backend=backend)
    assert got.tolist() == [exact_round(Fraction(x, 2 ** k), rounding) for x in xs]


@pytest.mark.parametrize("rounding", list(Rounding), ids=lambda m: m.name)
@pytest.mark.parametrize("frac", [-62, -1, 0, 62])
def test_quantize_tiny_floats_vs_apytypes(backend, rounding, frac):
    """Subnormal / tiny floats whose x * 2**frac underflows float64; oracle: apytypes from_float + cast."""
    xs = [5e-324, -5e-324, 3 * 5e-324, -3 * 5e-324, 2.0 ** -1022, -(2.0 ** -1022), -1.5 * 2.0 ** -1000]
    fmt = Format(True, 8, frac, rounding, Overflow.WRAP)
    a = APyFixedArray.from_float(np.array(xs), int_bits=2, frac_bits=1080)
    got = fxsim.quantize(np.array(xs), fmt, backend=backend)
    assert got.tolist() == apy_expected(a, fmt)[0]


@pytest.mark.parametrize("rounding", list(Rounding), ids=lambda m: m.name)
def test_exact_round_matches_apytypes(rounding):
    """Self-check of the Fraction oracle used above; oracle: apytypes cast of +-(n + j/8)."""
    raw = list(range(-64, 65))
    a = APyFixedArray([r & 0xFF for r in raw], int_bits=5, frac_bits=3)
    bits = a.cast(int_bits=6, frac_bits=0, quantization=APY_Q[rounding],
                  overflow=OverflowMode.WRAP).to_bits()
    assert [_to_signed(int(b), 6) for b in bits] == [exact_round(Fraction(r, 8), rounding)
                                                     for r in raw]
