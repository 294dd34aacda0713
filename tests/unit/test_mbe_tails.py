"""Exact tails of the mbe activations (fxsim.ops.mbe.tails; docs/algorithms.md 8.10).

Independent references: the interval ends derived by hand from the closed-form bounds below,
and scipy's float64 functions as the oracle of the error bound outside the interval.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from fxsim import FxError, ops
from fxsim.backends import available
from fxsim.floatref.models import float_model
from fxsim.formats import Format
from fxsim.ops import MbeActivationConfig
from fxsim.ops.mbe.tails import critical_interval
from fxsim.primitives.mbe import mbe_neuron

special = pytest.importorskip("scipy.special")

ORACLE = {"gelu": lambda x: x * special.ndtr(x), "silu": lambda x: x * special.expit(x),
          "tanh": np.tanh, "sigmoid": special.expit}
TAILS = MbeActivationConfig.tails()
BACKENDS = [b for b, status in available().items() if status == "ok"]


# Hand derivation, eps = 2^-(F+1), ends rounded up to a multiple of 1/8:
#   gelu:    phi(c) <= eps   <=> c >= sqrt(2 (F+1) ln 2 - ln(2 pi))
#            F = 22: sqrt(31.885 - 1.838) = 5.482 -> 5.5;  F = 14: sqrt(20.794 - 1.838) = 4.354 -> 4.375
#   tanh:    2 e^-2c <= eps  <=> c >= (F+2) ln 2 / 2
#            F = 22: 8.318 -> 8.375;  F = 14: 5.545 -> 5.625
#   sigmoid: e^-c <= eps     <=> c >= (F+1) ln 2
#            F = 22: 15.942 -> 16.0;  F = 14: 10.397 -> 10.5
#   silu:    c e^-c <= eps   F = 22: 18.875 e^-18.875 = 1.197e-7 > 2^-23 = 1.192e-7, 19 e^-19 = 1.06e-7
@pytest.mark.parametrize("op, frac, c", [
    ("gelu", 22, 5.5), ("gelu", 14, 4.375), ("tanh", 22, 8.375), ("tanh", 14, 5.625),
    ("sigmoid", 22, 16.0), ("sigmoid", 14, 10.5), ("silu", 22, 19.0)])
def test_interval_ends_match_the_hand_derivation(op, frac, c):
    assert critical_interval(op, frac) == c


def _tail_inputs(op: str, X: Format, out: Format) -> np.ndarray:
    """Raw inputs at and beyond both ends of the interval, up to the input format's range."""
    c = round(math.ldexp(critical_interval(op, out.frac), X.frac))
    far = np.unique(np.geomspace(c, X.max_raw, 400).astype(np.int64))
    side = np.concatenate([[c, c + 1, c + 2], far])
    return np.concatenate([side, -side])


@pytest.mark.parametrize("op", sorted(ORACLE))
def test_tails_are_within_the_bound_of_the_exact_function(op):
    """|y - f(x)| <= 1 output LSB where the asymptote is x (rounding x + the tail bound), half
    an LSB where it is a constant."""
    X, out = TAILS.fmt("input_format"), TAILS.fmt("output_format")
    xr = _tail_inputs(op, X, out)
    res = ops.get(op, "mbe")(xr, config=TAILS, raw=True)
    err = np.abs(res.to_float() - ORACLE[op](xr * X.lsb))
    bound = out.lsb if op in ("gelu", "silu") else out.lsb / 2
    assert err.max() <= bound
    assert res.stats["spikes"] == 0                  # every element is a tail: no neuron ran


@pytest.mark.parametrize("op", ["gelu", "tanh", "silu"])
def test_inside_the_interval_the_neuron_runs_unchanged(op):
    X = TAILS.fmt("input_format")
    rng = np.random.default_rng(3)
    xr = np.round(rng.normal(0.0, 12.0, 2000) * 2.0 ** X.frac).astype(np.int64)
    res = ops.get(op, "mbe")(xr, config=TAILS, raw=True)
    c = round(math.ldexp(critical_interval(op, TAILS.fmt("output_format").frac), X.frac))
    inside = np.abs(xr) < c
    assert 0 < inside.sum() < xr.size
    ref = mbe_neuron(xr[inside], X, TAILS.mbe_config(res.constants["fit"]))
    assert np.array_equal(res.raw[inside], ref.raw)
    assert res.stats["spikes"] == ref.stats["spikes"]
    assert res.stats["glue.compares"] >= 2 * xr.size


@pytest.mark.parametrize("op", sorted(ORACLE))
def test_tails_bit_equal_on_every_backend(op):
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.normal(0.0, 6.0, 500), [-40.0, -19.0, -5.5, 5.5, 8.375, 16.0, 40.0]])
    results = [ops.get(op, "mbe")(x, config=TAILS, backend=b).raw for b in BACKENDS]
    assert all(np.array_equal(results[0], r) for r in results[1:])


@pytest.mark.parametrize("op", sorted(ORACLE))
def test_float_model_composes_the_same_tails(op):
    x = np.linspace(-30.0, 30.0, 4001)
    y = ops.get(op, "mbe")(x, config=TAILS).to_float()
    assert np.abs(y - float_model(op, "mbe", TAILS, x)).max() < 1e-4


def test_a_fit_that_does_not_cover_the_interval_is_an_error():
    """22 -> 30 output frac bits moves the GELU end to sqrt(62 ln 2 - ln 2 pi) = 6.41 > 5.5."""
    cfg = TAILS.replace(output_format="fixed<32,2,RND_CONV,SAT>")
    with pytest.raises(FxError, match="critical interval"):
        ops.gelu(np.zeros(3), method="mbe", config=cfg)


def test_presets():
    assert ops.preset_config("gelu", "mbe", "tails").fit == "tails"
    assert ops.preset_config("gelu", "mbe").fit == ""
    with pytest.raises(FxError, match="available: paper, tails"):
        ops.preset_config("gelu", "mbe", "wide")


def test_tails_cost_fewer_spikes_per_element_on_wide_inputs():
    """Far tails skip the neuron: P2's fit spends spikes on every element."""
    x = np.linspace(-60.0, 60.0, 1201)
    paper, tails = (ops.gelu(x, method="mbe", config=c) for c in (None, TAILS))
    assert tails.stats["spikes"] < paper.stats["spikes"]


@pytest.fixture
def cut_config(tmp_path):
    """SiLU cut at the ends of the shipped Table VII fit silu_m2_5_n4, [-2, 5]; tail error by
    hand: max(2 / (1 + e^2), 5 / (1 + e^5)) = max(0.238406, 0.033464)."""
    from fxsim.primitives.mbe import fit_record
    from fxsim.studies.fitting import save
    record = dict(fit_record("silu_m2_5_n4"), tails=True, cut=[-2.0, 5.0], tail_error=0.238406)
    save({"silu_cut": record}, tmp_path / "cut.json")
    return TAILS.replace(fit=f"{tmp_path / 'cut.json'}#silu_cut")


def test_cut_tails_select_at_the_fits_own_ends(cut_config):
    X, out = cut_config.fmt("input_format"), cut_config.fmt("output_format")
    x = np.concatenate([np.linspace(-40.0, 40.0, 3201), [-2.0, 5.0]])
    res = ops.silu(x, method="mbe", config=cut_config)
    xq = np.round(x * 2.0 ** X.frac) * X.lsb
    below, above = xq <= -2.0, xq >= 5.0
    assert np.all(res.to_float()[below] == 0.0)
    assert np.abs(res.to_float()[above] - xq[above]).max() <= out.lsb / 2   # x, rounded into O
    err = np.abs(res.to_float() - ORACLE["silu"](xq))
    assert err[below | above].max() <= 0.238406 + out.lsb / 2
    assert res.constants["tail_bounds"] == (-2 << X.frac, 5 << X.frac)
    inside = ~(below | above)
    xr = np.round(xq[inside] * 2.0 ** X.frac).astype(np.int64)
    ref = mbe_neuron(xr, X, cut_config.mbe_config(res.constants["fit"]))
    assert np.array_equal(res.raw[inside], ref.raw)
    results = [ops.silu(x, method="mbe", config=cut_config, backend=b).raw for b in BACKENDS]
    assert all(np.array_equal(results[0], r) for r in results[1:])
    assert np.abs(res.to_float() - float_model("silu", "mbe", cut_config, x)).max() < 1e-4
