"""The nlspike norms' row exponent (block floating point; docs/algorithms.md 7.3.1).

The claim: rmsnorm and layernorm are scale-invariant in exact arithmetic, and with
``row_exponent`` so are the integer operators, bit for bit: scaling a row by 2^k (exactly
representable in the input format) changes no output bit when eps is 0 or scaled with the row
(eps 4^k, as exact arithmetic needs). Checked by hypothesis on raw rows against the same rows
shifted; the fixed-range setting is shown to fail the same check (the test can fail). Hand
derived: two small rows whose floored outputs and exponents are worked out below.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim import ops
from fxsim.ops import NormConfig

#: the paper preset's input format fixed<32,8>: raw values below 2^31, frac 24
FRAC = 24
WIDE = "fixed<32,16,RND_CONV,SAT>"        # |x| < 2^15: a Gemma-like residual stream fits


@st.composite
def scaled_rows(draw):
    """(op, config, raw rows r [rows, d], k1, k2, weight, bias): r << k1 and r << k2 both fit
    the 32-bit input format."""
    d = draw(st.sampled_from([1, 2, 5, 16, 64]))
    bits = draw(st.integers(1, 24))
    rows = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**31))
    rng = np.random.default_rng(seed)
    r = rng.integers(-(1 << bits) + 1, 1 << bits, size=(rows, d))
    k1, k2 = (draw(st.integers(0, 31 - bits)) for _ in range(2))
    op = draw(st.sampled_from(["rmsnorm", "layernorm"]))
    cfg = NormConfig(eps=draw(st.sampled_from([0.0, 1e-5, 0.25])),
                     cordic_n=draw(st.sampled_from([4, 8])),
                     guard_bits=draw(st.sampled_from([0, 4])))
    weight = rng.standard_normal(d) + 1 if draw(st.booleans()) else None
    bias = 0.2 * rng.standard_normal(d) if op == "layernorm" and draw(st.booleans()) else None
    return op, cfg, r, k1, k2, weight, bias


def _run(op, cfg, raw, weight, bias, backend="numpy", trace=False):
    kw = {"weight": weight} | ({"bias": bias} if op == "layernorm" else {})
    return ops.get(op)(raw, config=cfg, raw=True, backend=backend, trace=trace, **kw)


@pytest.mark.parametrize("backend", ["numpy", "c"])
@settings(max_examples=60, deadline=None)
@given(case=scaled_rows())
def test_scaling_a_row_by_a_power_of_two_changes_no_output_bit(backend, case):
    op, cfg, r, k1, k2, weight, bias = case
    # eps is an absolute term: scaling the row by 2^k scales the invariant eps by 4^k
    cfg1 = cfg.replace(eps=math.ldexp(cfg.eps, 2 * k1))
    cfg2 = cfg.replace(eps=math.ldexp(cfg.eps, 2 * k2))
    a = _run(op, cfg1, r << k1, weight, bias, backend)
    b = _run(op, cfg2, r << k2, weight, bias, backend)
    assert np.array_equal(a.raw, b.raw)
    assert a.stats["overflow"] == b.stats["overflow"] == 0


def test_fixed_range_is_not_scale_invariant():
    """The same check fails without the row exponent (small rows lose bits in NI)."""
    r = np.array([[3, -7, 11, 5, -2, 9, 1, -13]])
    cfg = NormConfig(row_exponent=False, eps=0.0)
    small, large = (_run("rmsnorm", cfg, r << k, None, None).raw for k in (4, 22))
    assert not np.array_equal(small, large)
    cfg = cfg.replace(row_exponent=True)
    small, large = (_run("rmsnorm", cfg, r << k, None, None).raw for k in (4, 22))
    assert np.array_equal(small, large)


@pytest.mark.parametrize("k", [-20, -6, 0, 4])
def test_hand_derived_rmsnorm_row(k):
    """x = [3, 4] 2^k, eps = 0: rms = sqrt(12.5), y = [3, 4] / sqrt(12.5) =
    [0.848528, 1.131371], floored to 1/256: [217, 289] (217.22, 289.63: the CORDIC's ~1e-4
    relative error cannot cross a floor). Exponent: max |u| = 4 2^k 2^24 has bit length
    27 + k; at d = 2 (m = 2 leaves, ceil(log2(2) / 2) = 1) top_bits = min(NI 24-bit: 22,
    tree 31 - guard 4 - 1 = 26) + (24 - 16) = 30, so e = k - 3."""
    cfg = NormConfig(eps=0.0)
    x = np.array([3.0, 4.0]) * 2.0 ** k
    res = ops.rmsnorm(x, config=cfg, trace=True)
    assert res.raw.tolist() == [217, 289]
    assert res.trace["row_exponent"].tolist() == k - 3
    assert res.constants["row_exponent"]["top_bits"] == 30


def test_hand_derived_layernorm_row():
    """x = [1, 2, 3, 6]: mean 3, x - mean = [-2, -1, 0, 3], variance 14/4 = 3.5,
    y = (x - mean) / sqrt(3.5) = [-1.069045, -0.534522, 0, 1.603567], times 256:
    [-273.68, -136.84, 0, 410.51], floored: [-274, -137, 0, 410]. The centred row is exact:
    d x - sum x = 4 x - 12 = [-8, -4, 0, 12] (raw 2^24 units)."""
    res = ops.layernorm(np.array([1.0, 2.0, 3.0, 6.0]), config=NormConfig(eps=0.0),
                        trace=True)
    assert res.trace["centered"].tolist() == [v << FRAC for v in (-8, -4, 0, 12)]
    assert res.raw.tolist() == [-274, -137, 0, 410]


@pytest.mark.parametrize("op", ["rmsnorm", "layernorm"])
def test_gemma_like_rows_run_without_overflow(op):
    """Residual-stream rows of magnitude ~1e4 in a wide input format: the fixed range
    saturates the CORDIC input (values above 128), the row exponent runs them with no
    overflow event, within 2/256 of the float operator on the same (quantized) input."""
    rng = np.random.default_rng(7)
    x = np.clip(rng.standard_normal((64, 640)) * 1e4, -32000, 32000)
    x[:, :3] = 30000.0                                    # a few massive activations
    fixed = ops.get(op)(x, config=NormConfig(input_format=WIDE, row_exponent=False),
                        backend="c")
    assert fixed.stats["glue.overflow_norm_input"] > 0
    res = ops.get(op)(x, config=NormConfig(input_format=WIDE), backend="c")
    assert res.stats["overflow"] == 0
    xq = ops.get(op)(x, config=NormConfig(input_format=WIDE), trace=True).trace["input"]
    xf = xq * 2.0 ** -16
    xc = xf - xf.mean(-1, keepdims=True) if op == "layernorm" else xf
    ref = xc / np.sqrt((xc ** 2).mean(-1, keepdims=True) + 1e-5)
    assert np.abs(res.to_float() - np.floor(ref * 256) / 256).max() <= 2 / 256


def test_large_weights_lower_top_bits_and_run():
    """A Gemma-like (1 + w) gain of 1700 in fixed<24,12> (raw 1700 2^12), paper input format
    (frac 24, so num_drop = 24 + 12 - 24 = 12), d = 64 (sqrt(d) multiplier 2^23, 24 bits): at
    |xc| = 2^B_c the rounded xc w >> 12 is 2^B_c 1700 (B_c + 11 bits), times the multiplier
    B_c + 35 bits <= 62 gives B_c = 27 (the widths alone give 30), and the rows run within
    1e-3 of the float operator."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((16, 64)) * 20
    w = np.full(64, 1700.0)
    cfg = NormConfig(weight_format="fixed<24,12,RND_CONV,SAT>",
                     output_format="fixed<32,24,TRN,SAT>")
    res = ops.rmsnorm(x, w, config=cfg, backend="c")
    assert res.constants["sqrt_d"]["m"] == 1 << 23
    assert res.constants["row_exponent"]["top_bits"] == 27
    assert res.stats["overflow"] == 0
    ref = x / np.sqrt((x ** 2).mean(-1, keepdims=True) + 1e-5) * w
    assert np.abs(res.to_float() - ref).max() <= 1e-3 * np.abs(ref).max()
