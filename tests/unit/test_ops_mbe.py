"""Range reduction, spike-driven multiply and the mbe / fs operators.

Independent references: numpy's exp / division / sqrt and the float64 evaluation of each fit
record (fxsim.floatref.models.evaluate) for the range-reduced neurons; Python integers for
products and bit lengths; torch's float ops for the composites (skipped without torch); the LAS
composite MSE recorded in fs_params.json for the FS GELU.
"""
from __future__ import annotations

import json
import re
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fxsim
from fxsim import ops
from fxsim.floatref.functions import EXACT
from fxsim.floatref.models import evaluate
from fxsim.floatref.workloads import sample_grid
from fxsim.formats import Format
from fxsim.ops import (FsActivationConfig, MbeActivationConfig, MbeNormConfig,
                       MbeScalarConfig, MbeSoftmaxConfig)
from fxsim.primitives.mbe import fit_record
from fxsim.primitives.range_reduction import bit_length, rsqrt_mbe
from fxsim.primitives.spike_multiply import (SpikeMultiplyConfig, encode, intensity_matrix,
                                             intensity_vector, spike_multiply, spike_product)

X_FMT = Format.parse("fixed<32,8,RND_CONV,SAT>")


def peak_error(name: str) -> float:
    """Largest |float fit - exact| on a 200,000-point grid of the fit's domain."""
    rec = fit_record(name)
    x = sample_grid(*rec["domain"], 200_000)
    return float(np.abs(evaluate(rec, x) - EXACT[rec["function"]](x)).max())


# ---------------------------------------------------------------- range reduction

@given(st.lists(st.integers(0, (1 << 62) - 1), min_size=1, max_size=50))
def test_bit_length_is_a_leading_zero_count(values):
    got = bit_length(np.array(values, dtype=np.int64))
    assert got.tolist() == [v.bit_length() for v in values]


@pytest.mark.parametrize("op,fit,lo,hi,scale", [
    ("exp", "exp2_n8", -12.0, 4.0, lambda x: 1.0),
    ("reciprocal", "inv_n8", 0.01, 100.0, lambda x: 1.0),
    ("rsqrt", "rsqrt_n8", 0.01, 100.0, lambda x: np.sqrt(2.0))])
def test_range_reduced_relative_error(op, fit, lo, hi, scale):
    """exp(x) = 2**k MBE_exp2(r): |rel err| = |MBE(r) - 2**r| / 2**r <= peak error of the
    fit (2**r >= 1); 1/x = 2**-e MBE_inv(m): rel err = m |MBE(m) - 1/m| <= peak; 1/sqrt(x):
    rel err = sqrt(m) |MBE(m) - m**-0.5| <= sqrt(2) peak. Allowance: 10 % plus 2**-18 for the
    integer tables, the mantissa truncation and the log2(e) constant, plus half an output LSB."""
    x = np.linspace(lo, hi, 50_001)
    y = ops.get(op, "mbe")(x).to_float()
    exact = {"exp": np.exp, "reciprocal": lambda v: 1 / v, "rsqrt": lambda v: v ** -0.5}[op](x)
    lsb = 2.0 ** -MbeScalarConfig().fmt("output_format").frac      # output rounding: LSB / 2
    bound = (1.1 * scale(x) * peak_error(fit) + 2.0 ** -18) * exact + lsb / 2
    assert np.all(np.abs(y - exact) <= bound)


def test_rsqrt_parity_fix():
    """The traced mantissa is in [0.5, 2) and the exponent even; x = m * 2**e exactly for
    inputs with few significant bits."""
    x = np.array([0.25, 0.5, 1.0, 2.0, 3.0, 8.0, 12.0, 100.0, 1e-3])
    xr = fxsim.quantize(x, X_FMT)
    res = rsqrt_mbe(xr, X_FMT, Format.parse("ufixed<32,8>"), trace=True)
    m, e = res.trace["m"] / 2.0 ** 24, res.trace["e"]
    assert np.all((m >= 0.5) & (m < 2.0)) and np.all(e % 2 == 0)
    np.testing.assert_allclose(m * 2.0 ** e, xr / 2.0 ** 24, rtol=2 ** -23)


# ---------------------------------------------------------------- spike-driven multiply

@settings(max_examples=200)
@given(st.integers(1, 20), st.data())
def test_sar_spike_product_is_the_integer_product(steps, data):
    """SAR encoders: T = steps bits, a, b in [0, 2**T): sum_kl D_kl S_kl == a * b exactly."""
    n = data.draw(st.integers(1, 16))
    a = np.array(data.draw(st.lists(st.integers(0, (1 << steps) - 1), min_size=n, max_size=n)))
    b = np.array(data.draw(st.lists(st.integers(0, (1 << steps) - 1), min_size=n, max_size=n)))
    cfg = SpikeMultiplyConfig(steps=steps, a_int_bits=steps, b_int_bits=steps)
    fmt = Format(False, steps, 0)
    ra, _, _, sa = encode(a, fmt, steps, cfg)
    rb, _, _, sb = encode(b, fmt, steps, cfg)
    ones = np.ones((1, n), dtype=np.int64)
    D = intensity_matrix(cfg)
    prod = spike_product(np.vstack([sa, ones]), np.vstack([sb, ones]), D)
    assert prod.tolist() == [int(p) * int(q) for p, q in zip(a, b)]
    assert ra.tolist() == a.tolist()


def test_signed_sar_multiply_is_exact(backend):
    """Polarity split with SAR encoders: signed 16-bit operands (|x| < 1, frac 16) multiply to
    the exact integer product at frac 32, here read back at frac 30 with TRN (floor)."""
    rng = np.random.default_rng(2)
    a = rng.integers(-(1 << 16) + 1, 1 << 16, 5000)
    b = rng.integers(-(1 << 16) + 1, 1 << 16, 5000)
    fmt = Format(True, 17, 16)
    cfg = SpikeMultiplyConfig(output_format="fixed<32,2,TRN,SAT>")
    res = spike_multiply(a, fmt, b, fmt, cfg, backend=backend)
    np.testing.assert_array_equal(res.raw, (a * b) >> 2)


def test_fitted_identity_spike_sum_equals_recon_product():
    """Fitted MBE_Id encoders: the D * S sum (with the always-on bias term) equals
    recon(a) * recon(b); the approximation error follows the identity fit's peak error."""
    cfg = SpikeMultiplyConfig(encoder="fit")
    rng = np.random.default_rng(3)
    u = rng.integers(0, 1 << 28, 300)
    ufmt = Format.parse(cfg.u_format)
    rec_a, _, _, _ = encode(u, ufmt, 0, cfg)
    # spikes per basis from the preset, in the same basis-major order as intensity_vector
    pop = fxsim.presets.mbe(u.size, cfg.fit)
    tr = fxsim.simulate(pop, np.tile(u, pop.n // u.size), record=("spikes",))
    spikes = tr.records["spikes"].reshape(16, -1, u.size).transpose(1, 0, 2).reshape(-1, u.size)
    s = np.vstack([spikes, np.ones((1, u.size), dtype=np.int64)])
    a = intensity_vector(cfg)
    np.testing.assert_array_equal(a @ s, rec_a)
    np.testing.assert_array_equal(spike_product(s, s, intensity_matrix(cfg)), rec_a * rec_a)
    x1, x2 = rng.uniform(-1, 1, 4000), rng.uniform(-1, 1, 4000)
    fmt = Format.parse("fixed<32,4>")
    y = spike_multiply(fxsim.quantize(x1, fmt), fmt, fxsim.quantize(x2, fmt), fmt, cfg).to_float()
    assert np.abs(y - x1 * x2).max() <= 2.2 * peak_error("identity_n8") + 1e-6


# ---------------------------------------------------------------- operators

def test_gelu_mbe_table_x_and_passthrough():
    x = sample_grid(-120.0, 10.0)
    y = ops.gelu(x, method="mbe").to_float()
    assert np.mean((y - EXACT["gelu"](x)) ** 2) <= 2 * 2.3e-4
    big = np.array([10.0, 11.5, 50.0])
    np.testing.assert_allclose(ops.gelu(big, method="mbe").to_float(), big, atol=2 ** -22)


def test_sigmoid_mbe_through_tanh():
    """sigmoid(x) = (1 + tanh(x / 2)) / 2 with the tanh fit: error = half the tanh error."""
    x = np.linspace(-20, 20, 4001)
    y_s = ops.sigmoid(x, method="mbe").to_float()
    y_t = ops.tanh(x / 2, method="mbe").to_float()
    np.testing.assert_allclose(y_s, (1 + y_t) / 2, atol=2 ** -21)


@pytest.mark.parametrize("op,rule", [("exp", "las_get_exp"),
                                     ("reciprocal", "las_invert_tensor_precise")])
def test_fs_piecewise_composites_reproduce_las(op, rule):
    """LAS's exp on [-10, 5] and 1/x on [0.2, 60]: composite MSE recorded in fs_params.json
    (float32, 100,000 points, pieces summed sequentially) within 2 %."""
    doc = json.loads(resources.files("fxsim.params").joinpath("fs_params.json").read_text())
    entry = doc["piecewise"][rule]
    recorded = float(re.search(r"Composite MSE ([0-9.eE+-]+)", entry["notes"]).group(1))
    x = np.linspace(*entry["clamp"], 100_000)
    y = ops.get(op, "fs")(x).to_float()
    exact = np.exp(x) if op == "exp" else 1 / x
    assert abs(np.mean((y - exact) ** 2) - recorded) <= 0.02 * recorded


def test_fs_softmax_rows_sum_near_one():
    """LAS softmax in integers: rows sum to 1 within the FS pieces' error, against torch-free
    numpy softmax the mean error stays below 1e-2 (LAS's exp pieces are coarse)."""
    rng = np.random.default_rng(4)
    x = 2 * rng.standard_normal((64, 16))
    y = ops.softmax(x, method="fs").to_float()
    ref = np.exp(x - x.max(-1, keepdims=True))
    ref /= ref.sum(-1, keepdims=True)
    assert np.abs(y - ref).mean() < 1e-2
    assert np.abs(y.sum(-1) - 1).max() < 0.1


def test_fs_operators_match_the_fs_preset_and_las_figure():
    """fs gelu on [-6, 30]: LAS's composite MSE recorded in fs_params.json (float32, 100,000
    points) within 2 %; fs sigmoid equals the fs preset on the same (in-range) inputs."""
    doc = json.loads(resources.files("fxsim.params").joinpath("fs_params.json").read_text())
    recorded = float(re.search(r"Composite MSE ([0-9.eE+-]+)",
                               doc["piecewise"]["las_get_gelu"]["notes"]).group(1))
    x = np.linspace(-6, 30, 100_000)
    y = ops.gelu(x, method="fs").to_float()
    assert abs(np.mean((y - EXACT["gelu"](x)) ** 2) - recorded) <= 0.02 * recorded
    xs = np.linspace(-9.9, 9.9, 999)
    cfg = FsActivationConfig()
    pop = fxsim.presets.fs(xs.size, "fs_sigmoid", v_format=cfg.v_format, acc_format=cfg.acc_format)
    direct = fxsim.simulate(pop, fxsim.quantize(xs, cfg.fmt("input_format"))).acc
    np.testing.assert_array_equal(ops.sigmoid(xs, method="fs").raw, direct)


@pytest.mark.parametrize("op,method", [("softmax", "mbe"), ("layernorm", "mbe"),
                                       ("rmsnorm", "mbe"), ("gelu", "mbe"), ("silu", "mbe"),
                                       ("tanh", "mbe"), ("gelu", "fs"), ("silu", "fs"),
                                       ("softmax", "fs")])
def test_operators_equal_on_every_backend(op, method, backend):
    rng = np.random.default_rng(7)
    x = 3 * rng.standard_normal((6, 16))
    ref = ops.get(op, method)(x, backend="numpy")
    got = ops.get(op, method)(x, backend=backend)
    np.testing.assert_array_equal(got.raw, ref.raw)
    assert got.stats == ref.stats


@pytest.mark.parametrize("cls", [MbeActivationConfig, MbeSoftmaxConfig, MbeNormConfig,
                                 MbeScalarConfig, FsActivationConfig])
def test_configs_round_trip_toml(cls):
    cfg = cls.paper()
    assert cls.from_toml(cfg.to_toml()) == cfg


def test_config_errors_are_fxerrors():
    with pytest.raises(fxsim.FxError, match="encoder"):
        MbeSoftmaxConfig(encoder="magic")
    with pytest.raises(fxsim.FxError, match="eps"):
        MbeNormConfig(eps=0.0)
    with pytest.raises(fxsim.FxError, match="positive"):
        ops.reciprocal(np.array([1.0, -2.0]))


def test_composites_vs_torch():
    """Against PASN's P2 reimplementation (godygks02/PASN, docs/glossary.md: softmax max 5.5e-3,
    mean 6.2e-4; layernorm max 3.4e-2, mean 4.5e-3, with affine): the paper preset (P2's
    composition) beats every figure, and so does the variant with one Newton step on the MBE
    reciprocal / rsqrt."""
    pytest.importorskip("torch")
    from fxsim.studies.check import composite
    for d in (8, 64):
        sm = composite("softmax", d, rows=256)
        ln = composite("layernorm", d, rows=256)
        assert sm.max_abs < 5.5e-3 and sm.mean_abs < 6.2e-4
        assert ln.mean_abs < 4.5e-3 and ln.max_abs < 3.4e-2
        sm = composite("softmax", d, "MBE_Id + 1 Newton step", rows=256)
        ln = composite("layernorm", d, "MBE_Id + 1 Newton step", rows=256)
        assert sm.max_abs < 5.5e-3 and sm.mean_abs < 6.2e-4
        assert ln.max_abs < 3.4e-2 and ln.mean_abs < 4.5e-3


@pytest.mark.parametrize("op,fit,scale", [("reciprocal", "inv_n8", 1.0),
                                          ("rsqrt", "rsqrt_n8", 2.0)])
def test_newton_step_squares_the_error(op, fit, scale):
    """y <- y (2 - m y) (or y (3 - m y^2) / 2) turns a relative error eps into eps^2 (times
    ~1.5 for rsqrt); each SAR product quantizes its operands to 16 bits (<= 2**-14 relative
    for operands in [0.5, 2)), at most 3 products plus the output rounding: 5 * 2**-14."""
    x = np.linspace(0.01, 100, 20_001)
    cfg = MbeScalarConfig()
    from fxsim.primitives.range_reduction import RangeConfig, reciprocal_mbe
    fn = {"reciprocal": reciprocal_mbe, "rsqrt": rsqrt_mbe}[op]
    rc = RangeConfig(newton_steps=1)
    y = fn(fxsim.quantize(x, X_FMT), X_FMT, cfg.fmt("output_format"), rc).to_float()
    exact = x ** (-1.0 if op == "reciprocal" else -0.5)
    eps = scale * peak_error(fit) * (1.42 if op == "rsqrt" else 1.0)
    assert np.max(np.abs(y - exact) / exact) <= 1.5 * eps ** 2 + 5 * 2.0 ** -14


def test_registry_lists_the_p2_and_fs_methods():
    mbe = {name for name, methods in ops.OPERATORS.items() if "mbe" in methods}
    fs = {name for name, methods in ops.OPERATORS.items() if "fs" in methods}
    assert mbe == {"softmax", "gelu", "tanh", "sigmoid", "silu", "layernorm", "rmsnorm", "exp",
                   "reciprocal", "rsqrt"}
    assert fs == {"sigmoid", "silu", "gelu", "softmax", "exp", "reciprocal"}
    assert ops.config_class("gelu", "mbe") is MbeActivationConfig


def test_sar_multiply_exhaustive_6_bit(backend):
    """All pairs of raw operands -31..31 of a signed 6-bit format (frac 5, |x| < 1: int_bits
    0, T = 5 steps; -32 would saturate the 5-bit magnitude) multiply to the exact product a * b
    at frac 10."""
    fmt = Format(True, 6, 5)
    a, b = np.meshgrid(np.arange(-31, 32), np.arange(-31, 32))
    cfg = SpikeMultiplyConfig(steps=5, output_format="fixed<16,6,TRN,SAT>")
    res = spike_multiply(a.ravel(), fmt, b.ravel(), fmt, cfg, backend=backend)
    np.testing.assert_array_equal(res.raw, a.ravel() * b.ravel())
