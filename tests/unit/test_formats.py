"""Hand-derived tests of formats and arithmetic; every expected value is written out from the
format rules (docs/algorithms.md section 1, docs/glossary.md "Fixed point")."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import fxsim
from fxsim import Format, FxError, FxOverflowError, Overflow, Rounding, ShiftScaler

TIES_X = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]
TIES = {  # the rounding modes at ties (docs/glossary.md, Rounding modes), written out literally
    "TRN":         [-3, -2, -1, 0, 1, 2],
    "TRN_ZERO":    [-2, -1, 0, 0, 1, 2],
    "RND":         [-2, -1, 0, 1, 2, 3],
    "RND_ZERO":    [-2, -1, 0, 0, 1, 2],
    "RND_INF":     [-3, -2, -1, 1, 2, 3],
    "RND_MIN_INF": [-3, -2, -1, 0, 1, 2],
    "RND_CONV":    [-2, -2, 0, 0, 2, 2],
}
MODES = list(TIES)


def _round_exact(v: Fraction, mode: str) -> int:
    """Rounding of an exact rational, written out from the mode definitions (docs/algorithms.md
    1.2), independent of fxsim."""
    fl, rem, neg = math.floor(v), v - math.floor(v), v < 0
    if rem == 0 or mode == "TRN":
        return fl
    if mode == "TRN_ZERO":
        return fl + neg
    if rem != Fraction(1, 2):
        return fl + (rem > Fraction(1, 2))
    return fl + {"RND": 1, "RND_ZERO": neg, "RND_INF": not neg, "RND_MIN_INF": 0,
                 "RND_CONV": fl % 2}[mode]


# ---------------------------------------------------------------- ties table

def test_round_exact_helper_matches_table():
    """Self-check of the Fraction helper; oracle: the literal ties table TIES."""
    for mode, row in TIES.items():
        assert [_round_exact(Fraction(x), mode) for x in TIES_X] == row


@pytest.mark.parametrize("mode", MODES)
def test_ties_table_quantize(backend, mode):
    """quantize(x, fixed<8,8,mode>) on the ties; oracle: the literal ties table TIES."""
    assert fxsim.quantize(TIES_X, Format(True, 8, 0, mode), backend=backend).tolist() == TIES[mode]
    # the same ties with frac 4: x / 16 scaled by 2**4 is x again
    got = fxsim.quantize([x / 16 for x in TIES_X], Format(True, 8, 4, mode), backend=backend)
    assert got.tolist() == TIES[mode]


@pytest.mark.parametrize("mode", MODES)
def test_ties_table_shift_right_and_requantize(backend, mode):
    """shift_right / requantize of raw ties (k = 1 and k = 5); oracle: the literal
    ties table TIES."""
    for k in (1, 5):
        raw = np.array([int(x * 2 ** k) for x in TIES_X])
        assert fxsim.shift_right(raw, k, mode, backend=backend).tolist() == TIES[mode]
        assert fxsim.requantize(raw, k, Format(True, 8, 0, mode), backend=backend).tolist() == TIES[mode]
    # x = +-2**61 over k = 62 is exactly +-1/2: the -0.5 and 0.5 columns at the widest drop
    raw = np.array([-(1 << 61), 1 << 61])
    assert fxsim.shift_right(raw, 62, mode, backend=backend).tolist() == TIES[mode][2:4]


# ---------------------------------------------------------------- Format text form

@pytest.mark.parametrize("text, signed, width, frac, q, o, canonical", [
    ("fixed<16,6,RND,SAT>", True, 16, 10, "RND", "SAT", "fixed<16,6,RND,SAT>"),
    ("fixed<8,3>", True, 8, 5, "TRN", "WRAP", "fixed<8,3,TRN,WRAP>"),
    ("ufixed<8,8>", False, 8, 0, "TRN", "WRAP", "ufixed<8,8,TRN,WRAP>"),
    ("ap_fixed<16,6,AP_RND_CONV,AP_SAT_SYM>", True, 16, 10, "RND_CONV", "SAT_SYM",
     "fixed<16,6,RND_CONV,SAT_SYM>"),
    ("AP_UFIXED< 4 , 6 , ap_trn_zero , ap_sat_zero >", False, 4, -2, "TRN_ZERO", "SAT_ZERO",
     "ufixed<4,6,TRN_ZERO,SAT_ZERO>"),
    ("fixed<8,-4,rnd_min_inf>", True, 8, 12, "RND_MIN_INF", "WRAP", "fixed<8,-4,RND_MIN_INF,WRAP>"),
    ("fixed<1,1,RND_INF,WRAP>", True, 1, 0, "RND_INF", "WRAP", "fixed<1,1,RND_INF,WRAP>"),
])
def test_format_parse_and_round_trip(text, signed, width, frac, q, o, canonical):
    """Format.parse fields, int_bits = W - frac, str() canonical form, parse(str(f)) == f;
    oracle: docs/glossary.md, Format."""
    f = Format.parse(text)
    assert (f.signed, f.width, f.frac, f.rounding.name, f.overflow.name) == (signed, width, frac, q, o)
    assert f.int_bits == width - frac
    assert str(f) == canonical
    assert Format.parse(str(f)) == f == Format(signed, width, frac, q, o)


def test_format_round_trip_every_mode():
    """str / parse round trip over every rounding x overflow, signed and unsigned; oracle: identity."""
    for q in Rounding:
        for o in Overflow:
            for f in (Format(True, 12, -3, q, o), Format(False, 32, 40, q, o)):
                assert Format.parse(str(f)) == f


def test_negative_frac_and_frac_beyond_width():
    """frac < 0 (lsb 16) and frac > width (lsb 2**-10); oracle: hand arithmetic."""
    f = Format(True, 8, -4)                        # fixed<8,12>: raw * 16
    assert (f.int_bits, f.lsb, f.min_raw, f.max_raw) == (12, 16.0, -128, 127)
    assert fxsim.quantize([100.0, -100.0], f).tolist() == [6, -7]        # floor(+-6.25)
    assert fxsim.to_float(np.array([6]), f).tolist() == [96.0]
    g = Format(True, 4, 10)                        # fixed<4,-6>: raw * 2**-10, range [-8, 7]
    assert g.int_bits == -6
    assert fxsim.quantize([0.005, 0.007, 0.0078125], g).tolist() == [5, 7, -8]  # 5.12, 7.168, 8 wraps


# ---------------------------------------------------------------- overflow boundaries

S8 = [127, 128, -128, -129, 255, 256]
U8 = [-1, 0, 255, 256, 511]


BOUNDARY_CASES = [
    (True, "WRAP", S8, [127, -128, -128, 127, -1, 0], 4),
    (True, "SAT", S8, [127, 127, -128, -128, 127, 127], 4),
    (True, "SAT_SYM", S8, [127, 127, -127, -127, 127, 127], 5),   # -128 is an event under SAT_SYM
    (True, "SAT_ZERO", S8, [127, 0, -128, 0, 0, 0], 4),
    (False, "WRAP", U8, [255, 0, 255, 0, 255], 3),
    (False, "SAT", U8, [0, 0, 255, 255, 255], 3),
    (False, "SAT_SYM", U8, [0, 0, 255, 255, 255], 3),               # unsigned: same as SAT
    (False, "SAT_ZERO", U8, [0, 0, 255, 0, 0], 3),
]


@pytest.mark.parametrize("signed, overflow, raw, expected, events", BOUNDARY_CASES,
                         ids=[("s8-" if c[0] else "u8-") + c[1] for c in BOUNDARY_CASES])
def test_overflow_boundaries_8bit(backend, signed, overflow, raw, expected, events):
    """8-bit overflow at +-2**7 (signed) and 0 / 2**8 (unsigned) with event counts;
    oracle: docs/algorithms.md 1.3 by hand."""
    fmt = Format(signed, 8, 0, "TRN", overflow)
    got, n = fxsim.requantize(np.array(raw), 0, fmt, backend=backend, return_overflow=True)
    assert (got.tolist(), n) == (expected, events)


@pytest.mark.parametrize("overflow, expected, events", [
    ("WRAP", [0, -1, 0, -1], 2),
    ("SAT", [-1, -1, 0, 0], 2),
    ("SAT_SYM", [0, 0, 0, 0], 3),       # max = 0, so the symmetric range is [0, 0]
    ("SAT_ZERO", [0, -1, 0, 0], 2),
])
def test_width_one_signed(backend, overflow, expected, events):
    """Signed 1-bit format has range [-1, 0]; oracle: docs/algorithms.md 1.3 by hand."""
    fmt = Format(True, 1, 0, "TRN", overflow)
    assert (fmt.min_raw, fmt.max_raw) == (-1, 0)
    got, n = fxsim.requantize(np.array([-2, -1, 0, 1]), 0, fmt, backend=backend, return_overflow=True)
    assert (got.tolist(), n) == (expected, events)


@pytest.mark.parametrize("mode", MODES)
def test_large_drop(backend, mode):
    """Drop 63 / 70 / 100 (> 62) bits: +-1 and +-2**61 become |v| < 1/2, so every mode gives 0
    except TRN, which floors negatives to -1; oracle: hand."""
    raw = np.array([-1, 1, -(1 << 61), (1 << 61), 0])
    neg = -1 if mode == "TRN" else 0
    for drop in (63, 70, 100):
        got = fxsim.requantize(raw, drop, Format(True, 8, 0, mode), backend=backend)
        assert got.tolist() == [neg, 0, neg, 0, 0]
        assert fxsim.shift_right(raw, drop, mode, backend=backend).tolist() == [neg, 0, neg, 0, 0]
    # same through a negative output frac: frac_in 40 -> frac -30
    got = fxsim.requantize(np.array([-1]), 40, Format(True, 8, -30, mode), backend=backend)
    assert got.tolist() == [neg]


def test_on_overflow_raise(backend):
    """on_overflow="raise" -> FxOverflowError on any event, silent otherwise;
    oracle: docs/algorithms.md 1.3."""
    fmt = Format.parse("fixed<8,8,TRN,SAT>")
    with pytest.raises(FxOverflowError, match="1 value"):
        fxsim.requantize(np.array([127, 128]), 0, fmt, backend=backend, on_overflow="raise")
    with pytest.raises(FxOverflowError):
        fxsim.quantize([-129.0], fmt, backend=backend, on_overflow="raise")
    with pytest.raises(FxOverflowError):
        fxsim.quantize([-128.0], fmt.replace(overflow="SAT_SYM"), backend=backend, on_overflow="raise")
    assert fxsim.requantize(np.array([127, -128]), 0, fmt, backend=backend,
                            on_overflow="raise").tolist() == [127, -128]
    assert issubclass(FxOverflowError, FxError)


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("make, message", [
    (lambda: Format.parse("fixed<8>"), "malformed format string"),
    (lambda: Format.parse("fixd<8,3>"), "malformed format string"),
    (lambda: Format.parse("fixed<8,3,RND,SAT,X>"), "malformed format string"),
    (lambda: Format.parse(""), "malformed format string"),
    (lambda: Format.parse("fixed<8,3,RND_UP>"), "unknown rounding mode 'RND_UP'"),
    (lambda: Format.parse("fixed<8,3,RND,CLAMP>"), "unknown overflow mode 'CLAMP'"),
    (lambda: Format(True, 8, 0, "nearest"), "unknown rounding mode"),
    (lambda: fxsim.shift_right(np.array([1]), 1, "FLOOR"), "unknown rounding mode"),
    (lambda: Format.parse("fixed<0,0>"), "width 0 outside 1..32"),
    (lambda: Format(True, 33, 0), "width 33 outside 1..32"),
    (lambda: Format.parse("ufixed<33,1>"), "width 33 outside 1..32"),
    (lambda: Format(True, 8, 100), "frac bits 100 outside -62..62"),
    (lambda: Format.parse("fixed<8,-92>"), "frac bits 100 outside"),
    (lambda: fxsim.quantize([0.0, float("nan")], "fixed<8,4>"), r"non-finite value nan at index \(1,\)"),
    (lambda: fxsim.quantize([[0.0, 1.0], [0.0, -math.inf]], "fixed<8,4>"), r"-inf at index \(1, 1\)"),
    (lambda: fxsim.quantize([1.0], "fixed<8,4>", backend="fortran"), "unknown backend 'fortran'"),
    (lambda: fxsim.requantize(np.array([1]), 0, "fixed<8,4>", backend="gpu"), "unknown backend 'gpu'"),
    (lambda: fxsim.requantize(np.array([1]), 0, "fixed<8,4>", on_overflow="warn"), "on_overflow"),
    (lambda: fxsim.shift_right(np.array([1]), -1), "k >= 0"),
    (lambda: ShiftScaler.from_constant("z", 0.0), "non-zero"),
])
def test_bad_input_errors(make, message):
    """Each user mistake raises one FxError (a ValueError) with a clear message, on one line."""
    with pytest.raises(FxError, match=message) as info:
        make()
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------- shift-scaler

C = 0.6072529350088812   # 1 / K_n, CORDIC gain


def test_shift_scaler_from_constant_default():
    """Default 16-bit: c in [0.5, 1) has its leading one at 2**-1, so frac = 16, m = round(c 2**16)."""
    lead = math.floor(math.log2(C)) + 1                       # integer bits of c: 0
    assert lead == 0
    sc = ShiftScaler.from_constant("gain", C)
    assert sc.shift == 16 - lead == 16
    assert sc.m == round(C * 2 ** 16) == 39797                # 39796.928... rounds up
    assert sc.m >> 15 == 1                                     # leading one at the top of 16 bits
    assert abs(sc.value - C) < 2 ** -16
    assert not sc.m_format.signed and sc.m_format.width == 16
    # negative constant: signed, 15 magnitude bits; a carry into a new top bit drops one frac bit
    neg = ShiftScaler.from_constant("n", -0.75)
    assert (neg.m, neg.shift, neg.m_format.signed) == (-24576, 15, True)
    carry = ShiftScaler.from_constant("c", 0.999999)          # 0.999999 * 2**16 rounds to 2**16
    assert (carry.m, carry.shift) == (32768, 15)


def test_shift_scaler_apply_vs_fractions(backend, rng):
    """apply == mode(x * m / 2**(frac_in + s) * 2**frac_out) then SAT; oracle: Python Fraction."""
    sc = ShiftScaler.from_constant("gain", C)
    for mode in MODES:
        for _ in range(20):
            frac_in, frac_out = int(rng.integers(-4, 25)), int(rng.integers(-8, 21))
            x = rng.integers(-(1 << 31), 1 << 31, size=16)
            x[:3] = [-(1 << 31), (1 << 31) - 1, 0]
            fmt = Format(True, 24, frac_out, mode, "SAT")
            got, n = sc.apply(x, frac_in, fmt, backend=backend, return_overflow=True)
            exact = [_round_exact(Fraction(int(v) * sc.m) / Fraction(2) ** (frac_in + 16 - frac_out), mode)
                     for v in x]
            lo, hi = -(1 << 23), (1 << 23) - 1
            assert got.tolist() == [min(max(e, lo), hi) for e in exact]
            assert n == sum(not lo <= e <= hi for e in exact)


@pytest.mark.parametrize("mode", MODES)
def test_shift_scaler_m1_is_pure_shift(backend, rng, mode):
    """m = 1, s = 5 equals shift_right(x, 5, mode) and the exact x / 32 rounded; oracle: Fraction."""
    sc = ShiftScaler.from_constant("sh", 2 ** -5, "ufixed<1,-4>")
    assert (sc.m, sc.shift, sc.value) == (1, 5, 2 ** -5)
    x = np.concatenate([rng.integers(-(1 << 31), 1 << 31, size=64), np.arange(-70, 71)])
    got = sc.apply(x, 0, Format(True, 32, 0, mode), backend=backend)
    assert got.tolist() == fxsim.shift_right(x, 5, mode, backend=backend).tolist()
    assert got.tolist() == [_round_exact(Fraction(int(v), 32), mode) for v in x]


@pytest.mark.parametrize("rounding,expected", [("TRN", -1), ("TRN_ZERO", 0), ("RND", 0),
                                               ("RND_ZERO", 0), ("RND_INF", 0),
                                               ("RND_MIN_INF", 0), ("RND_CONV", 0)])
def test_quantize_just_above_negative_midpoint(backend, rounding, expected):
    """x = -1/2 + 2**-54 (the double just above -1/2) is not a tie: it is nearer 0, and its floor
    is -1. (Forming x - floor(x) in float64 gives 1/2 + 2**-54, which rounds to exactly 1/2 and
    reads as a tie; found by hypothesis.)"""
    x = -0.5 + 2.0 ** -54
    assert fxsim.quantize([x], Format(True, 8, 0, rounding), backend=backend).tolist() == [expected]
