"""PWL-Exp (docs/algorithms.md section 5): hand-derived knot and boundary points, Theorem 5.1's
bound plus the quantization terms over every representable input, backend equality, bad configs.

Hand expectations are derived here with Python integers (independent of numpy and of the
kernels): a_i, b_i from their float64 definition rounded half-to-even (Python's round), the
product, the aligned intercept and the output rounding written out.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim import Format, FxError, Overflow, Rounding
from fxsim.primitives.pwl_exp import PwlExpConfig, build_lut, pwl_exp

COMPILED = ("c", "numba")
CFG = PwlExpConfig()     # L = 5, K = 64; input frac 12, slope 24, intercept 21, output 23
FX, FA, FB, FO = 12, 24, 21, 23
GAMMA = 2 * 5.0 / 64     # 0.15625 = 640 input LSBs
ALL16 = np.arange(-(1 << 15), 1 << 15, dtype=np.int64)


def rne_shift(v: int, k: int) -> int:
    """v / 2^k rounded to nearest, ties to even (RND_CONV), with Python integers."""
    q, r = divmod(v, 1 << k)
    return q + (2 * r > (1 << k) or (2 * r == (1 << k) and q % 2 == 1))


def hand(x_raw: int, seg: int) -> int:
    """Output raw of the default config for input x_raw on segment seg, derived by hand."""
    xi, xj = -5.0 + seg * GAMMA, -5.0 + (seg + 1) * GAMMA
    a_f = (math.exp(xj) - math.exp(xi)) / GAMMA
    b_f = math.exp(xi) - a_f * xi
    a = round(a_f * 2 ** FA)                  # RND_CONV into frac 24
    b = round(b_f * 2 ** FB)                  # RND_CONV into frac 21
    s = a * x_raw + b * 2 ** (FA + FX - FB)   # frac 36; intercept aligned by << 15
    return rne_shift(s, FA + FX - FO)         # drop 13 bits, RND_CONV (output format)


UPPER = round(math.exp(5.0) * 2 ** FO)        # e^L in ufixed<32,9>, RND_CONV


@pytest.mark.parametrize("x_raw, seg", [
    (-20480, 0),      # x = -L: the edge segment 0 (no interior knot below)
    (-20479, 0),      # one LSB above -L
    (-19840, 0),      # x = x_1 exactly: on a knot -> the lower segment 0
    (-19839, 1),      # one LSB above x_1 -> segment 1
    (0, 31),          # x = 0 = x_32 (a knot) -> segment 31
    (1, 32),
    (19840, 62),      # x = x_63 = 4.84375 (the top interior knot) -> segment 62
    (19841, 63),
    (20480, 63),      # x = L: the edge segment 63 (all 63 interior knots below)
])
def test_points_inside(backend, x_raw, seg):
    r = pwl_exp(np.array([x_raw]), CFG, backend=backend, trace=True)
    assert r.trace["index"][0] == seg
    assert r.raw[0] == hand(x_raw, seg)
    assert r.stats == {"lut_reads": 1, "multiplies": 1, "adds": 1, "overflow_output": 0}
    # a knot is where the segment meets exp: within a few output LSBs of e^x there
    x = x_raw / 2 ** FX
    if x_raw % 640 == 0:
        assert abs(r.to_float()[0] - math.exp(x)) <= 4 * 2.0 ** -FO * max(1.0, abs(x))


@pytest.mark.parametrize("x_raw, expected, seg", [
    (-20481, 0, -1),          # just below -L -> 0
    (-(1 << 15), 0, -1),      # far below (-8)
    (20481, UPPER, 64),       # just above L -> e^L
    ((1 << 15) - 1, UPPER, 64),
])
def test_points_outside(backend, x_raw, expected, seg):
    r = pwl_exp(np.array([x_raw]), CFG, backend=backend, trace=True)
    assert r.raw[0] == expected and r.trace["index"][0] == seg
    assert r.trace["product"][0] == 0 and r.trace["sum"][0] == 0
    assert r.stats == {"lut_reads": 0, "multiplies": 0, "adds": 0, "overflow_output": 0}


def test_knot_not_representable_takes_lower_segment(backend):
    """Input frac 3 (LSB 1/8): knot x_1 = -4.84375 is not representable; its raw is
    floor(-38.75) = -39, and -39 (-4.875 < x_1) is segment 0, -38 (-4.75 > x_1) segment 1."""
    cfg = PwlExpConfig(input_format="fixed<8,5,TRN,SAT>")
    assert build_lut(cfg)["knots"][0] == -39
    r = pwl_exp(np.array([-39, -38]), cfg, backend=backend, trace=True)
    assert list(r.trace["index"]) == [0, 1]


def test_relative_error_within_theorem_bound_plus_quantization(backend):
    """Theorem 5.1. On segment [x_i, x_i + g], g = 2L/K, the chord p(x) of exp satisfies
    |p(x) - e^x| <= g^2/8 * max e^t (t in the segment) <= g^2/8 * e^{x_i + g} <= g^2/8 * e^g * e^x,
    so the relative error is <= (2L/K)^2 / 8 * e^{2L/K} = L^2 / (2K^2) * e^{2L/K}
    (3.57e-3 at L = 5, K = 64).

    Quantization terms (absolute; the input x is exact): a_i in frac 24 by RND_CONV is off by
    <= 2^-25, which the multiply scales by |x| <= L; b_i in frac 21 is off by <= 2^-22; the
    sum is exact (frac 36, 48 bits); the output RND_CONV to frac 23 is off by <= 2^-24. The
    float64 table itself is within 1e-12 (|b| < 540, 2 ulp ~ 2.3e-13; a, b each a few ulp).
    So at each x: rel(x) <= B + (|x| 2^-25 + 2^-22 + 2^-24 + 1e-12 (1 + |x|)) / e^x, and over
    [-L, L] the worst case is at x = -L: B + (L 2^-25 + 2^-22 + 2^-24 + 6e-12) e^L.
    """
    L, K = CFG.L, CFG.K
    theorem = L ** 2 / (2 * K ** 2) * math.exp(2 * L / K)
    assert theorem == pytest.approx(3.57e-3, abs=5e-6)
    x_raw = ALL16[(ALL16 >= -20480) & (ALL16 <= 20480)]     # every representable x in [-L, L]
    assert x_raw.size == 40961
    r = pwl_exp(x_raw, CFG, backend=backend)
    x = x_raw / 2.0 ** FX
    exact = np.exp(x)
    rel = np.abs(r.to_float() - exact) / exact
    quant_abs = np.abs(x) * 2.0 ** -(FA + 1) + 2.0 ** -(FB + 1) + 2.0 ** -(FO + 1) \
        + 1e-12 * (1 + np.abs(x))
    assert np.all(rel <= theorem + quant_abs / exact)
    bound = theorem + (L * 2.0 ** -(FA + 1) + 2.0 ** -(FB + 1) + 2.0 ** -(FO + 1)
                       + 1e-12 * (1 + L)) * math.exp(L)
    measured = float(rel.max())
    print(f"\nPWL-Exp {backend}: max relative error {measured:.6e} over {x_raw.size} inputs; "
          f"Theorem 5.1 {theorem:.6e}; with quantization terms {bound:.6e}")
    assert measured <= bound
    assert measured >= 3.0e-3          # the interpolation error itself (P1: ~3.06e-3) is there


def assert_equal_results(ref, got):
    np.testing.assert_array_equal(got.raw, ref.raw)
    assert got.format == ref.format
    for name in ("index", "product", "sum"):
        np.testing.assert_array_equal(got.trace[name], ref.trace[name], err_msg=name)
    assert got.stats == ref.stats


@pytest.mark.parametrize("name", COMPILED)
def test_backends_equal_numpy_exhaustive_16bit(name):
    ref = pwl_exp(ALL16, CFG, backend="numpy", trace=True)
    assert_equal_results(ref, pwl_exp(ALL16, CFG, backend=name, trace=True))
    shaped = ALL16[:1200].reshape(3, 20, 20)
    assert pwl_exp(shaped, CFG, backend=name).raw.shape == (3, 20, 20)


@st.composite
def configs(draw):
    L = draw(st.one_of(st.sampled_from([0.25, 1.0, 2.0, 5.0, 8.0]), st.floats(0.1, 10.0)))
    K = draw(st.integers(1, 200))
    in_signed = draw(st.booleans())
    in_width = draw(st.integers(2, 16))
    fx = draw(st.integers(-2, 14))
    in_fmt = str(Format(in_signed, in_width, fx))
    gamma = 2 * L / K
    knots = -L + np.arange(K + 1) * gamma
    a = (np.exp(knots[1:]) - np.exp(knots[:-1])) / gamma
    b = np.exp(knots[:-1]) - a * knots[:-1]
    # integer bits that hold each table (+1 spare for a rounding carry, +1 sign where signed)
    ia = math.floor(math.log2(a.max())) + 2
    ib = math.floor(math.log2(np.abs(b).max())) + 3
    a_signed = draw(st.booleans())
    wa = draw(st.integers(max(1, ia + a_signed), 32))
    fa = wa - ia - a_signed
    fb = min(draw(st.integers(max(1, ib), 32)) - ib, fa + fx)
    out_signed = draw(st.booleans())
    io = math.floor(L / math.log(2)) + 2 + out_signed
    wo = draw(st.integers(max(1, io), 32))
    out = Format(out_signed, wo, wo - io, draw(st.sampled_from(list(Rounding))),
                 draw(st.sampled_from(list(Overflow))))
    if ib + fb < 1:
        fb = 1 - ib
    slope = Format(a_signed, wa, fa)
    intercept = Format(True, ib + fb, fb)
    if intercept.width > 32 or fb > fa + fx:
        return None
    return PwlExpConfig(L=L, K=K, input_format=in_fmt, slope_format=str(slope),
                        intercept_format=str(intercept), output_format=str(out))


@pytest.mark.parametrize("name", COMPILED)
@settings(max_examples=150)
@given(cfg=configs())
def test_backends_equal_numpy_random_configs(name, cfg):
    if cfg is None:
        return
    try:
        build_lut(cfg)
    except FxError:
        return                       # a drawn config outside the 62-bit bound: tested below
    fmt = cfg.formats()["input"]
    x = np.arange(fmt.min_raw, fmt.max_raw + 1, dtype=np.int64)   # every input of the format
    ref = pwl_exp(x, cfg, backend="numpy", trace=True)
    assert_equal_results(ref, pwl_exp(x, cfg, backend=name, trace=True))


def test_config_round_trip_and_lut_record():
    cfg = PwlExpConfig(L=4.0, K=32, output_format="ap_ufixed<24,8,RND,SAT>")
    assert PwlExpConfig.from_dict(cfg.to_dict()) == cfg
    assert cfg.output_format == "ufixed<24,8,RND,SAT>"
    lut = build_lut(CFG)
    assert lut["knots"].size == 63 and lut["slope"].size == 64
    assert np.all(np.diff(lut["knots"]) == 640)
    assert lut["widths"] == {"product_bits": 47, "aligned_intercept_bits": 47, "sum_bits": 48}
    assert lut["intercept_shift"] == 15 and lut["sum_frac"] == 36 and lut["upper"] == UPPER


@pytest.mark.parametrize("changes, message", [
    ({"K": 0}, "K"), ({"K": 1.5}, "K"), ({"L": 0.0}, "L"), ({"L": -1.0}, "L"),
    ({"L": float("nan")}, "L"), ({"L": float("inf")}, "L"),
    ({"slope_format": "ufixed<8,4>"}, "slope"),
    ({"intercept_format": "fixed<16,8>"}, "intercept"),
    ({"output_format": "ufixed<16,7>"}, "e\\^L"),
    ({"slope_format": "ufixed<16,8>"}, "intercept frac"),      # 21 > 8 + 12
    ({"input_format": "fixed<32,4>"}, "62"),                   # a * x needs 63 bits
    ({"input_format": "fixed<16,4"}, "malformed"),
])
def test_bad_configs(changes, message):
    with pytest.raises(FxError, match=message):
        build_lut(PwlExpConfig(**changes))


def test_bad_calls(backend):
    with pytest.raises(FxError, match="outside"):
        pwl_exp(np.array([1 << 15]), CFG, backend=backend)
    with pytest.raises(FxError, match="integer"):
        pwl_exp(np.array([0.5]), CFG, backend=backend)
    with pytest.raises(FxError, match="unknown"):
        PwlExpConfig.from_dict({"L": 5.0, "segments": 3})
    with pytest.raises(FxError, match="backend"):
        pwl_exp(np.array([0]), CFG, backend="fortran")
