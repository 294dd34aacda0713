"""PolarNorm (docs/algorithms.md section 6): single merges against math.hypot, full
norms against numpy's float norm, the eps element, a hand-derived CORDIC trace, and bit
equality of the C and numba kernels with the numpy definition.

Error bound of ONE merge (docs/algorithms.md 6.6). Inputs are the integers x0 <= y0 of the
internal format (units: one internal LSB); r = hypot(x0, y0) exactly; the merge returns
M = shr_Q(x_n * m, s).
  (a) CORDIC angle. Vectoring drives the angle of (x, y) to 0; after iterations k = 0..n-1 the
      residual angle is at most theta0 = atan(2^-(n-1)) <= 2^-(n-1) (the last micro-rotation).
      x_n = |v_n| cos(theta_n) and 1 - cos(theta) <= theta^2 / 2, so the exact-arithmetic
      relative error is at most theta0^2 / 2 = 2^(-2n+1).
  (b) Shift truncation. Iteration k >= 1 floors y >> k and x >> k: an error vector of length
      < sqrt(2) per iteration, grown by at most prod_{j>k} sqrt(1 + 2^-2j) <= K_n afterwards, so
      after dividing by K_n at most sqrt(2) LSB per iteration: |v_n| / K_n is within
      a = sqrt(2) * (n - 1) of r. The same perturbation can leave the angle larger by up to
      a' = sqrt(2) * n / r radians; its effect r * ((theta0 + a'/r)^2 - theta0^2) / 2 is at most
      theta0 * a' + min(a'^2 / (2r), r) <= theta0 * a' + a' / sqrt(2).
  (c) Gain quantization: |m 2^-s K_n - 1| = g (relative).
  (d) Gain rounding: at most 1 LSB (TRN; 0.5 for round-to-nearest modes).
  |M - r| <= r * (2^(-2n+1) + g) * (1 + g) + (1 + g) * (a + theta0 a' + a'/sqrt 2) + 1.

Tree bound. The exact tree computes ||v||_2, which is 1-Lipschitz in the l2 norm, so an error
vector e_L introduced at level L moves the root by at most ||e_L||_2: the root error is at most
sum_L ||e_L||_2 <= sum_L [ (2^(-2n+1) + g)(1 + g) * norm_L + c * sqrt(M_L) ] with M_L merges at
level L, c the constant part above and norm_L <= norm * (1 + g)^L the l2 norm of level L's
inputs; plus 0.5 LSB for the eps element (RND_CONV) and one output LSB (TRN).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fxsim.errors import FxError, FxOverflowError
from fxsim.formats import Format, Overflow, Rounding
from fxsim.primitives.polarnorm import (PolarNormConfig, cordic_gain, merge_levels,
                                        polarnorm)


def wide_config(**kw) -> PolarNormConfig:
    """Generous widths: input fixed<24,8> (frac 16), 8 guard bits (internal frac 24, 32 bits),
    output frac 24, so the bound is dominated by the CORDIC term."""
    base = dict(n=8, guard_bits=8, eps=0.0, input_format="fixed<24,8,TRN,SAT>",
                internal_width=32, internal_rounding="RND", internal_overflow="SAT",
                gain_format="ufixed<24,0,RND_CONV,SAT>", output_format="ufixed<32,8,TRN,SAT>")
    base.update(kw)
    return PolarNormConfig(**base)


def merge_constants(config: PolarNormConfig):
    """(relative part, constant part in LSB) of the single-merge bound derived above."""
    n = config.n
    g = abs(config.gain_scaler().value * cordic_gain(n) - 1.0)
    theta0 = math.atan(2.0 ** -(n - 1))
    rel = (theta0 ** 2 / 2 + g) * (1 + g)
    a = math.sqrt(2) * (n - 1)
    a_angle = math.sqrt(2) * n
    const = (1 + g) * (a + theta0 * a_angle + a_angle / math.sqrt(2)) + 1.0
    return rel, const


def tree_bound(config: PolarNormConfig, m: int, norm_lsb: float) -> float:
    """Root error bound in internal LSB for an m-leaf tree of l2 norm ``norm_lsb``."""
    rel, const = merge_constants(config)
    g = abs(config.gain_scaler().value * cordic_gain(config.n) - 1.0)
    levels = merge_levels(m)
    bound = 0.0
    for level in range(int(levels.max()) + 1 if levels.size else 0):
        merges = int(np.count_nonzero(levels == level))
        bound += rel * norm_lsb * (1 + g) ** level + const * math.sqrt(merges)
    return bound + 0.5


# ---- single merges against math.hypot --------------------------------------------------------

def test_single_merges_within_the_per_merge_bound(backend):
    config = wide_config()
    rng = np.random.default_rng(1)
    lsb = 2.0 ** -config.internal_format.frac
    rel, const = merge_constants(config)
    # pairs spanning tiny to large magnitudes (values up to ~100, i.e. ~2^30.6 LSB)
    mags = np.exp(rng.uniform(np.log(1e-4), np.log(100.0), size=(4000, 2)))
    x_raw = np.round(mags * 2 ** config.input_format.frac).astype(np.int64)
    x_raw[::3] *= -1
    res = polarnorm(x_raw, config, backend=backend, trace=True)
    leaves = res.trace["sorted"].astype(np.float64)
    exact = np.array([math.hypot(a, b) for a, b in leaves])          # in internal LSB
    merged = res.trace["merged"][:, 0].astype(np.float64)
    err = np.abs(merged - exact)
    bound = rel * exact + const
    assert np.all(err <= bound), float(np.max(err - bound))
    # large radii: the relative error is the CORDIC term 2^(-2n+1) plus the gain terms
    big = exact > 2 ** 24
    assert np.max(err[big] / exact[big]) <= rel + const / 2 ** 24
    assert np.max(err[big] / exact[big]) <= 2.0 ** (-2 * config.n + 1) * 1.05
    # and the output is the merge requantized (TRN) to output frac 24: equal here
    assert np.array_equal(res.raw, res.trace["merged"][:, 0])
    assert lsb == 2.0 ** -24


@pytest.mark.parametrize("n", [4, 8, 12, 16])
def test_per_merge_error_shrinks_like_2_to_minus_2n(n):
    config = wide_config(n=n)
    rel, const = merge_constants(config)
    angles = np.linspace(math.pi / 4, math.pi / 2, 2001)        # x = smaller, y = larger
    radius = 2.0 ** 29
    x0 = np.floor(radius * np.cos(angles)).astype(np.int64)
    y0 = np.floor(radius * np.sin(angles)).astype(np.int64)
    x_raw = np.stack([x0, y0], axis=1) >> config.guard_bits
    res = polarnorm(x_raw, config, trace=True)
    leaves = res.trace["sorted"].astype(np.float64)
    exact = np.hypot(leaves[:, 0], leaves[:, 1])
    err = np.abs(res.trace["merged"][:, 0] - exact) / exact
    assert err.max() <= rel + const / exact.min()


# ---- full norms against numpy's float norm ---------------------------------------------------

@pytest.mark.parametrize("d", [1, 2, 3, 8, 64, 256, 4096])
@pytest.mark.parametrize("eps", [0.0, 1e-5])
def test_norms_of_gaussian_rows_within_the_tree_bound(backend, d, eps):
    config = wide_config(eps=eps)
    rng = np.random.default_rng(d)
    rows = 8 if d == 4096 else 40
    x = rng.standard_normal((rows, d))
    x_raw = np.round(x * 2 ** config.input_format.frac).astype(np.int64)
    res = polarnorm(x_raw, config, backend=backend)
    xq = x_raw / 2.0 ** config.input_format.frac
    ref = np.sqrt(np.sum(xq * xq, axis=1) + eps * d)
    got = res.to_float()
    lsb = 2.0 ** -config.internal_format.frac
    m = config.elements(d)
    bound = np.array([tree_bound(config, m, r / lsb) * lsb for r in ref]) + res.format.lsb
    assert np.all(np.abs(got - ref) <= bound)
    depth = math.ceil(math.log2(m)) if m > 1 else 0
    # relative: depth * per-merge (2^(-2n+1) + gain) plus the LSB terms
    assert np.max(np.abs(got - ref) / ref) <= max(depth, 1) * 2.0 ** (-2 * config.n + 1) * 1.3 + 1e-5
    assert res.stats["levels"] == depth
    assert sum(res.stats[f"overflow_{v}"] for v in ("input", "merge", "output")) == 0


def test_default_config_rows_match_p1_level_errors(backend):
    """P1 defaults (n = 8, eps 1e-5), 16-bit input with 10 fractional bits, 4 guard bits."""
    config = PolarNormConfig()
    rng = np.random.default_rng(3)
    for d in (8, 64, 256):
        x_raw = np.round(rng.standard_normal((64, d)) * 1024).astype(np.int64)
        res = polarnorm(x_raw, config, backend=backend)
        ref = np.sqrt(np.sum((x_raw / 1024.0) ** 2, axis=1) + 1e-5 * d)
        lsb = 2.0 ** -config.internal_format.frac
        bound = np.array([tree_bound(config, d + 1, r / lsb) * lsb for r in ref]) + res.format.lsb
        assert np.all(np.abs(res.to_float() - ref) <= bound)


# ---- eps element, zeros, axis ----------------------------------------------------------------

def test_eps_element_is_quantized_by_rnd_conv_and_appended(backend):
    config = wide_config(eps=1e-5)
    d = 64
    expected = round(math.sqrt(1e-5 * d) * 2 ** 24)          # Python round: ties to even
    assert config.eps_raw(d) == expected
    zeros = np.zeros((2, d), np.int64)
    res = polarnorm(zeros, config, backend=backend, trace=True)
    assert res.stats["eps_raw"] == expected
    assert res.trace["sorted"].shape == (2, d + 1)
    assert res.trace["sorted"][0, -1] == expected and not res.trace["sorted"][0, :-1].any()
    # hypot(0, e) through the tree: within the bound of sqrt(eps d)
    lsb = 2.0 ** -24
    err = abs(res.to_float()[0] - math.sqrt(1e-5 * d))
    assert err <= tree_bound(config, d + 1, expected) * lsb + res.format.lsb
    assert config.constants(d)["eps"]["raw"] == expected


def test_zero_row_without_eps_is_exactly_zero(backend):
    res = polarnorm(np.zeros((3, 17), np.int64), wide_config(eps=0.0), backend=backend)
    assert res.raw.shape == (3,) and not res.raw.any()


def test_single_element_without_eps_is_its_magnitude(backend):
    config = wide_config(eps=0.0)
    x = np.array([[-5], [7], [0]], np.int64)
    res = polarnorm(x, config, backend=backend, trace=True)
    assert res.raw.tolist() == [5 << 8, 7 << 8, 0]          # output frac 24 = input 16 + 8
    assert res.trace["cordic_x"].shape == (3, 0, 9)
    assert res.stats["merges"] == 0 and res.stats["levels"] == 0


def test_axis_and_shape(backend):
    config = PolarNormConfig()
    rng = np.random.default_rng(5)
    x = rng.integers(-3000, 3000, size=(4, 6, 5))
    r0 = polarnorm(x, config, axis=0, backend=backend)
    r2 = polarnorm(np.moveaxis(x, 0, -1), config, backend=backend)
    assert r0.raw.shape == (6, 5)
    assert np.array_equal(r0.raw, r2.raw)


# ---- trace ------------------------------------------------------------------------------------

def test_hand_derived_3_4_5_merge(backend):
    """x = 3, y = 4 at 8 fractional bits (raw 768, 1024), no guard bits, no eps, n = 8.
      k=0 dir+ : x = 768 + 1024       = 1792, y = 1024 - 768        =  256
      k=1 dir+ : x = 1792 + (256>>1)  = 1920, y = 256 - (1792>>1)   = -640
      k=2 dir- : x = 1920 - (-640>>2) = 2080, y = -640 + (1920>>2)  = -160
      k=3 dir- : x = 2080 - (-160>>3) = 2100, y = -160 + (2080>>3)  =  100
      k=4 dir+ : x = 2100 + (100>>4)  = 2106, y = 100 - (2100>>4)   =  -31
      k=5 dir- : x = 2106 - (-31>>5)  = 2107, y = -31 + (2106>>5)   =   34   (-31>>5 = -1)
      k=6 dir+ : x = 2107 + (34>>6)   = 2107, y = 34 - (2107>>6)    =    2
      k=7 dir+ : x = 2107 + (2>>7)    = 2107, y = 2 - (2107>>7)     =  -14
    gain m = RND_CONV(2^16 * 0.60725911) = 39797 (ufixed<16,0>), s = 16:
      2107 * 39797 = 83852279; / 2^16 = 1279.4855 -> RND 1279 (4.99609 vs 5: one LSB low)."""
    config = PolarNormConfig(n=8, guard_bits=0, eps=0.0, input_format="fixed<16,8>",
                             internal_width=16, internal_rounding="RND",
                             gain_format="ufixed<16,0,RND_CONV,SAT>",
                             output_format="ufixed<16,8,TRN,SAT>")
    assert config.gain_scaler().m == 39797 and config.gain_scaler().shift == 16
    res = polarnorm(np.array([[1024, -768]]), config, backend=backend, trace=True)
    assert res.trace["sorted"].tolist() == [[768, 1024]]
    assert res.trace["cordic_x"][0, 0].tolist() == [768, 1792, 1920, 2080, 2100, 2106, 2107,
                                                    2107, 2107]
    assert res.trace["cordic_y"][0, 0].tolist() == [1024, 256, -640, -160, 100, -31, 34, 2, -14]
    assert res.trace["merged"].tolist() == [[1279]]
    assert res.raw.tolist() == [1279]
    assert res.trace["merge_level"].tolist() == [0]


def test_trace_shapes_levels_and_register_widths(backend):
    config = wide_config(eps=1e-5, n=6)
    d = 10                                              # m = 11 leaves
    rng = np.random.default_rng(7)
    x = rng.integers(-(1 << 23), 1 << 23, size=(3, d))
    res = polarnorm(x, config, backend=backend, trace=True)
    tr = res.trace
    assert tr["sorted"].shape == (3, 11)
    assert tr["cordic_x"].shape == tr["cordic_y"].shape == (3, 10, 7)
    assert tr["merged"].shape == (3, 10)
    # 11 -> 5 merges + carry (6) -> 3 (3) -> 1 + carry (2) -> 1
    assert tr["merge_level"].tolist() == [0] * 5 + [1] * 3 + [2] + [3]
    assert np.all(np.diff(tr["sorted"], axis=1) >= 0)
    # x never decreases; every CORDIC register fits signed internal_width + 3 bits
    assert np.all(np.diff(tr["cordic_x"], axis=2) >= 0)
    limit = 1 << (config.internal_width + 2)
    assert np.abs(tr["cordic_x"]).max() < limit and np.abs(tr["cordic_y"]).max() < limit
    # level 0 merges take the sorted pairs; level 1 the merged values, the carry last
    assert np.array_equal(tr["cordic_x"][:, :5, 0], tr["sorted"][:, 0:10:2])
    assert np.array_equal(tr["cordic_y"][:, :5, 0], tr["sorted"][:, 1:10:2])
    assert np.array_equal(tr["cordic_x"][:, 5:8, 0], tr["merged"][:, [0, 2, 4]])
    assert np.array_equal(tr["cordic_y"][:, 7, 0], tr["sorted"][:, 10])   # carried leaf
    assert res.raw.tolist() == (tr["merged"][:, -1] >> 0).tolist()
    s = res.stats
    assert s["merges"] == 30 and s["adds"] == 30 * 12 and s["multiplies"] == 30
    assert s["compares"] == 3 * 55


# ---- overflow ---------------------------------------------------------------------------------

def test_overflow_is_counted_or_raised(backend):
    config = PolarNormConfig(internal_width=20, guard_bits=4, eps=0.0,
                             input_format="fixed<16,6,TRN,SAT>", internal_overflow="SAT",
                             output_format="ufixed<24,14,TRN,SAT>")
    big = np.full((1, 64), 30000, np.int64)            # 2^14.9 << 4 fits 20 bits; the sum not
    res = polarnorm(big, config, backend=backend)
    assert res.stats["overflow_input"] == 0 and res.stats["overflow_merge"] > 0
    assert res.raw[0] == ((1 << 20) - 1) >> 4         # saturated internal max, TRN to frac 10
    with pytest.raises(FxOverflowError, match="merge"):
        raising = PolarNormConfig.from_dict({**config.to_dict(), "on_overflow": "raise"})
        polarnorm(big, raising, backend=backend)
    small = PolarNormConfig(internal_width=12, guard_bits=4, eps=0.0)
    res = polarnorm(np.array([[100, 2000]]), small, backend=backend)
    assert res.stats["overflow_input"] == 1


# ---- backend equality -------------------------------------------------------------------------

@st.composite
def configs(draw):
    in_w = draw(st.integers(2, 24))
    in_signed = draw(st.booleans())
    in_frac = draw(st.integers(-4, 20))
    gain_w = draw(st.integers(4, 24))
    return dict(
        n=draw(st.integers(1, 14)), guard_bits=draw(st.integers(0, 10)),
        eps=draw(st.sampled_from([0.0, 1e-5, 1e-3, 0.25])),
        input_format=Format(in_signed, in_w, in_frac),
        internal_width=draw(st.integers(8, 32)),
        internal_rounding=draw(st.sampled_from(list(Rounding))),
        internal_overflow=draw(st.sampled_from(list(Overflow))),
        gain_format=Format(False, gain_w, gain_w + draw(st.integers(0, 3)), Rounding.RND_CONV),
        output_format=Format(draw(st.booleans()), draw(st.integers(4, 32)),
                             in_frac + draw(st.integers(-6, 12)),
                             draw(st.sampled_from(list(Rounding))),
                             draw(st.sampled_from(list(Overflow)))))


@given(kw=configs(), d=st.integers(1, 40), rows=st.integers(0, 4), seed=st.integers(0, 2 ** 32 - 1),
       trace=st.booleans())
def test_backends_equal_numpy_on_raw_trace_and_stats(kw, d, rows, seed, trace):
    try:
        config = PolarNormConfig(**kw)
        config.eps_raw(d)
    except FxError:
        assume(False)
    fmt = config.input_format
    rng = np.random.default_rng(seed)
    x = rng.integers(fmt.min_raw, fmt.max_raw + 1, size=(rows, d))
    want = polarnorm(x, config, trace=trace)
    for name in ("c", "numba"):
        got = polarnorm(x, config, backend=name, trace=trace)
        assert np.array_equal(got.raw, want.raw), name
        assert got.stats == want.stats, name
        assert got.format == want.format
        if trace:
            assert set(got.trace) == set(want.trace)
            for key in want.trace:
                assert np.array_equal(got.trace[key], want.trace[key]), (name, key)
        else:
            assert got.trace is None


# ---- config and bad input ---------------------------------------------------------------------

def test_gain_is_computed_not_hardcoded():
    assert abs(PolarNormConfig().gain - 0.6072591122988928) < 1e-15      # n = 8
    assert abs(PolarNormConfig(n=30).gain - 0.6072529350088813) < 1e-15  # the n -> inf limit
    scaler = PolarNormConfig().gain_scaler()
    assert scaler.m == round(0.6072591122988928 * 2 ** 16) == 39797


def test_config_round_trips_through_dict():
    config = wide_config(eps=1e-3, n=10, internal_rounding="RND_CONV")
    again = PolarNormConfig.from_dict(config.to_dict())
    assert again == config and again.to_dict() == config.to_dict()
    with pytest.raises(FxError, match="unknown key"):
        PolarNormConfig.from_dict({"iterations": 8})


@pytest.mark.parametrize("kw, match", [
    (dict(n=0), r"^PolarNormConfig\.n must be an int in 1\.\.32, got 0$"),
    (dict(n=33), r"^PolarNormConfig\.n must be an int in 1\.\.32, got 33$"),
    (dict(guard_bits=-1), r"^PolarNormConfig\.guard_bits must be an int in 0\.\.30, got -1$"),
    (dict(internal_width=4), r"^PolarNormConfig\.internal_width must be an int in 8\.\.32, got 4$"),
    (dict(eps=-1.0), r"^PolarNormConfig\.eps must be a finite number >= 0\.0, got -1\.0$"),
    (dict(eps=float("nan")), r"^PolarNormConfig\.eps must be a finite number >= 0\.0, got nan$"),
    (dict(gain_format="ufixed<4,5>"), "too coarse"),
    (dict(internal_rounding="ROUND"), "rounding"), (dict(on_overflow="ignore"), "on_overflow"),
    (dict(input_format="fixed<16"), "malformed"),
    (dict(gain_format="ufixed<32,0>"), "intermediate"),
])
def test_bad_config_is_an_error(kw, match):
    with pytest.raises(FxError, match=match):
        PolarNormConfig(**kw)


def test_bad_input_is_an_error(backend):
    config = PolarNormConfig()
    with pytest.raises(FxError, match="integer"):
        polarnorm(np.ones((2, 3)), config, backend=backend)
    with pytest.raises(FxError, match="raw range"):
        polarnorm(np.array([[1 << 15]]), config, backend=backend)
    with pytest.raises(FxError, match="empty"):
        polarnorm(np.zeros((2, 0), np.int64), config, backend=backend)
    with pytest.raises(FxError, match="axis"):
        polarnorm(np.zeros((2, 3), np.int64), config, axis=2, backend=backend)
    with pytest.raises(FxError, match="at least one axis"):
        polarnorm(np.int64(3), config, backend=backend)
    with pytest.raises(FxError, match="config"):
        polarnorm(np.zeros((1, 3), np.int64), {"n": 8}, backend=backend)
    with pytest.raises(FxError, match="does not fit"):
        polarnorm(np.zeros((1, 3), np.int64), PolarNormConfig(eps=1e12, internal_width=8),
                  backend=backend)
    with pytest.raises(FxError, match="unknown backend"):
        polarnorm(np.zeros((1, 3), np.int64), config, backend="verilog")
