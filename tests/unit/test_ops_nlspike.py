"""fxsim.ops, method nlspike: P1's operator-error table, backend equality, TOML, errors.

The references are exact float64 operators floored to 1/256 as in P1's
examples/evaluate_operator_errors.py (Xinzhe309/NLSpike); no torch. Acceptance
(docs/algorithms.md 7.4): at the paper preset the integer operators' mean error is within 20 %
of P1's published figure and the max error is at most 2/256.
"""
import math

import numpy as np
import pytest

from fxsim import FxError, ops
from fxsim.ops import ActivationConfig, NormConfig, SoftmaxConfig

LSB = 1.0 / 256


def floor8(v):
    return np.floor(v * 256.0) / 256.0


def softmax_ref(z):
    p = np.exp(z - z.max(-1, keepdims=True))
    return p / p.sum(-1, keepdims=True)


def rms_ref(x, eps=1e-5):
    return x / np.sqrt((x ** 2).mean(-1, keepdims=True) + eps)


def pwl_exp_float(x, L=5.0, K=64):
    """P1's PiecewiseLinearExp in float64 (bucketize right=False, clamps)."""
    knots = -L + np.arange(K + 1) * (2 * L / K)
    ek = np.exp(knots)
    a = (ek[1:] - ek[:-1]) / (2 * L / K)
    b = ek[:-1] - a * knots[:-1]
    idx = np.searchsorted(knots[1:-1], x, side="left")
    y = a[idx] * x + b[idx]
    return np.where(x < -L, 0.0, np.where(x > L, math.exp(L), y))


# (P1 README figures, float reference vs torch op, both floored to 1/256)
P1_SOFTMAX = {8: 8.416176e-05, 64: 1.035631e-05, 256: 2.570450e-06}
P1_RMSNORM = {8: 2.253056e-05, 64: 5.055964e-05, 256: 7.186830e-05}
P1_SILU = (3.906250e-3, 2.775252e-4)
ROWS = 4096


def test_silu_p1_table():
    x = np.linspace(-5.0, 5.0, 20001)
    y = ops.silu(x).to_float()
    err = np.abs(y - floor8(x / (1.0 + np.exp(-x))))
    assert err.max() <= 2 * LSB
    assert err.max() == pytest.approx(P1_SILU[0])
    assert abs(err.mean() - P1_SILU[1]) <= 0.2 * P1_SILU[1], err.mean()


@pytest.mark.parametrize("d", [8, 64, 256])
def test_softmax_p1_table(d):
    z = np.random.default_rng(0).standard_normal((ROWS, d)) * 7.0
    err = np.abs(ops.softmax(z).to_float() - floor8(softmax_ref(z)))
    assert err.max() <= 2 * LSB
    assert abs(err.mean() - P1_SOFTMAX[d]) <= 0.2 * P1_SOFTMAX[d], err.mean()


@pytest.mark.parametrize("d", [8, 64, 256])
def test_rmsnorm_p1_table(d):
    x = np.random.default_rng(1).standard_normal((ROWS, d))
    err = np.abs(ops.rmsnorm(x).to_float() - floor8(rms_ref(x)))
    assert err.max() <= 2 * LSB
    assert abs(err.mean() - P1_RMSNORM[d]) <= 0.2 * P1_RMSNORM[d], err.mean()


def test_silu_zero_below_minus_L_and_identity_above_L():
    x = np.array([-100.0, -5.5, -5.0 - 2 ** -20, 5.0 + 2 ** -20, 7.3, 100.0])
    y = ops.silu(x).to_float()
    assert (y[:3] == 0).all()
    assert np.array_equal(y[3:], floor8(x[3:]))


def test_sigmoid_against_float_composition_and_exact():
    x = np.linspace(-8.0, 8.0, 40001)
    y = ops.sigmoid(x).to_float()
    comp = floor8(1.0 / (1.0 + pwl_exp_float(-x)))
    assert np.abs(y - comp).max() <= LSB
    exact = np.abs(y - floor8(1.0 / (1.0 + np.exp(-x))))
    inside = np.abs(x) <= 5.0
    assert exact[inside].max() <= LSB
    assert exact.max() <= 2 * LSB          # |x| > L: P1's exp clamp costs up to e^-L


def test_gelu_tanh_against_float_composition():
    x = np.linspace(-8.0, 8.0, 40001)
    res = ops.gelu_tanh(x, trace=True)
    two_u = 2 * math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)
    comp = x / (1.0 + pwl_exp_float(-two_u))
    comp = floor8(np.where(two_u < -5.0, 0.0, comp))
    err = np.abs(res.to_float() - comp)
    assert err.max() <= LSB
    assert err.mean() < 2e-4
    # exact gelu_tanh: P1's exp clamps (0 for 2u < -L, e^-2u = 0 for 2u > L) cost up to
    # |x| sigmoid(-L) = 4.3 LSB at |x| ~ 2.47 (2u = +-L); inside |2u| <= 4.5 at most 2 LSB
    exact = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    e2 = np.abs(res.to_float() - floor8(exact))
    assert e2.max() <= 5 * LSB
    assert e2[np.abs(two_u) <= 4.5].max() <= 2 * LSB
    assert res.constants["gelu_c1"]["m"] > 0 and "two_u" in res.trace


@pytest.mark.parametrize("d", [8, 64])
def test_rmsnorm_weight_and_layernorm_affine(d):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((1024, d)) * 2 + 0.5
    w = rng.standard_normal(d) * 0.5 + 1
    b = np.round(rng.standard_normal(d) * 0.2 * 256) / 256        # on the bias grid
    y = ops.rmsnorm(x, w).to_float()
    err = np.abs(y - floor8(rms_ref(x) * w))
    assert err.max() <= 2 * LSB and err.mean() < 1.5e-4
    mu = x.mean(-1, keepdims=True)
    ref = (x - mu) / np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + 1e-5) * w + b
    y = ops.layernorm(x, w, b).to_float()
    err = np.abs(y - floor8(ref))
    assert err.max() <= 2 * LSB and err.mean() < 1.5e-4


def test_axis_raw_and_trace():
    rng = np.random.default_rng(3)
    z = rng.standard_normal((3, 5, 7))
    a = ops.softmax(z, axis=1, trace=True)
    b = ops.softmax(np.moveaxis(z, 1, -1))
    assert np.array_equal(a.raw, np.moveaxis(b.raw, -1, 1))
    assert a.raw.shape == z.shape and a.format.frac == 8
    for key in ("exp", "sum", "pwl_exp.index", "divgroup.latched"):
        assert key in a.trace
    raw_in = a.trace["input"]
    c = ops.softmax(raw_in, axis=1, raw=True)
    assert np.array_equal(a.raw, c.raw)
    # stats: the totals are the sum of the parts
    s = a.stats
    assert s["spikes"] == s["divgroup.spikes"]
    assert s["lut_reads"] == s["pwl_exp.lut_reads"] == z.size
    assert s["overflow"] == 0
    r = ops.rmsnorm(z, trace=True)
    assert "polarnorm.sorted" in r.trace and r.stats["merges"] == 15 * 7
    assert r.constants["sqrt_d"]["m"] > 0


OPS = [("softmax", {}), ("sigmoid", {}), ("silu", {}), ("gelu_tanh", {}), ("rmsnorm", {}),
       ("layernorm", {})]


@pytest.mark.parametrize("name,kw", OPS)
def test_backends_equal_numpy(name, kw, backend):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((6, 9)) * 3
    if name == "layernorm":
        kw = {"weight": rng.standard_normal(9), "bias": rng.standard_normal(9) * 0.1}
    elif name == "rmsnorm":
        kw = {"weight": rng.standard_normal(9)}
    f = ops.get(name)
    ref = f(x, backend="numpy", trace=True, **kw)
    got = f(x, backend=backend, trace=True, **kw)
    assert np.array_equal(ref.raw, got.raw)
    assert ref.stats == got.stats
    assert ref.trace.keys() == got.trace.keys()
    for key in ref.trace:
        assert np.array_equal(ref.trace[key], got.trace[key]), key


@pytest.mark.parametrize("cls", [SoftmaxConfig, ActivationConfig, NormConfig])
def test_toml_round_trip(cls, tmp_path):
    cfg = cls.paper()
    text = cfg.to_toml()
    assert cls.from_toml(text) == cfg
    p = tmp_path / "op.toml"
    p.write_text(text)
    assert cls.from_toml(p) == cfg
    assert cls.from_toml(str(p)) == cfg
    changed = cls(**{**cfg.to_dict(), "n": 10})
    assert cls.from_toml(changed.to_toml()).n == 10


def test_paper_presets():
    s, a, n = SoftmaxConfig.paper(), ActivationConfig.paper(), NormConfig.paper()
    assert (s.L, s.K, s.n) == (5.0, 64, 8) and (a.L, a.K) == (5.0, 64)
    assert (n.cordic_n, n.eps) == (8, 1e-5)
    for c in (s, a, n):
        out = c.fmt("output_format")
        assert out.frac == 8 and out.rounding.name == "TRN"


def test_errors(tmp_path):
    with pytest.raises(FxError):
        ops.softmax(np.zeros(4), method="magic")
    with pytest.raises(FxError):
        ops.get("tanh")
    with pytest.raises(FxError):
        ops.softmax(np.zeros(4), backend="verilog")
    with pytest.raises(FxError):
        ops.silu(np.array([1.0, np.nan]))
    with pytest.raises(FxError):
        ops.softmax(np.zeros((2, 3)), axis=5)
    with pytest.raises(FxError):
        ops.softmax(np.zeros((2, 0)))
    with pytest.raises(FxError):
        ops.silu(np.array([0.5]), raw=True)                      # raw needs integers
    with pytest.raises(FxError):
        ops.silu(np.array([1 << 40]), raw=True)                  # outside input format
    with pytest.raises(FxError):
        ops.rmsnorm(np.zeros((2, 4)), weight=np.ones(3))          # weight shape
    with pytest.raises(FxError):
        ops.silu(np.zeros(3), config=SoftmaxConfig())            # wrong config type
    with pytest.raises(FxError):
        SoftmaxConfig(input_format="fixed<40,8>")
    with pytest.raises(FxError):
        ActivationConfig(exp_input_format="fixed<16,3,TRN,SAT>")  # cannot hold L = 5
    with pytest.raises(FxError):
        NormConfig(output_format="fixed<16,4,TRN,SAT>")          # more frac bits than n
    with pytest.raises(FxError):
        SoftmaxConfig.from_toml("[softmax]\nbogus = 1\n")
    with pytest.raises(FxError):
        SoftmaxConfig.from_toml("[softmax]\nn = \"eight\"\n")
    with pytest.raises(FxError):
        SoftmaxConfig.from_toml("[norm]\nn = 8\n")
    with pytest.raises(FxError):
        SoftmaxConfig.from_toml("[softmax\n= broken")
    with pytest.raises(FxError):
        SoftmaxConfig.from_toml(tmp_path / "missing.toml")


def test_registry_lists_every_operator():
    nlspike = {name for name, methods in ops.OPERATORS.items() if "nlspike" in methods}
    assert nlspike == {"softmax", "sigmoid", "silu", "gelu_tanh", "rmsnorm", "layernorm"}
    for name in nlspike:
        assert ops.config_class(name) is not None
