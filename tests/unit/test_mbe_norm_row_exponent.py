"""mbe layernorm / rmsnorm with the per-row exponent (docs/algorithms.md 8.6.1).

Expected values are derived by hand here: the row exponent from Python's int.bit_length, the
scale property from exact arithmetic (u = x or d x - sum x is linear and exact, so scaling a
raw row by 2^k adds k to the bit length of its largest |u| and to e, and u 2^-e is unchanged),
the float results from the textbook formulas."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim import ops
from fxsim.formats import as_format

X = as_format("fixed<32,18,RND_CONV,SAT>")          # the default input format: frac 14
TOP = 3 + X.frac                                     # x_int_bits + f_x
F_VAR = 24                                           # var_format ufixed<32,8>


def _run(op, raw, **cfg):
    return ops.get(op, "mbe")(np.asarray(raw, np.int64), config=cfg, raw=True, trace=True)


def test_row_exponent_by_hand():
    """max |x| = 3 2^20 raw: bit length 22, e = 22 - 17 = 5, xs = RND(x / 32) (round half
    up: -5/32 and 7/32 -> 0); an all-zero row sits at exp_lo = b_eps - 17 with sqrt(1e-5) =
    0.79 2^-8, b_eps = -8 + 14 = 6, so exp_lo = -11, and gives 0."""
    res = _run("rmsnorm", [[3 << 20, -5, 7], [0, 0, 0]])
    assert res.trace["row_exponent"].reshape(-1).tolist() == [5, -11]
    assert res.trace["scaled"][0].tolist() == [3 << 15, 0, 0]
    assert res.raw[1].tolist() == [0, 0, 0]
    assert res.constants["row_exponent"]["exp_lo"] == -11


def test_layernorm_centres_exactly():
    """u = d x - sum x: for [1, 2, 3, 6] raw, sum 12, d 4: [-8, -4, 0, 12], bit length 4, so
    4 - 17 = -13; eps_row = 1e-5 * 16, sqrt = 0.81 2^-6, b_eps = -6 + 14 = 8, exp_lo = 8 - 17 = -9:
    the row is lifted to e = -9 only, xs = u 2^9."""
    res = _run("layernorm", [[1, 2, 3, 6]])
    assert res.trace["centered"].tolist() == [[-8, -4, 0, 12]]
    assert res.trace["row_exponent"].reshape(-1).tolist() == [-9]
    assert res.trace["scaled"].tolist() == [[-8 << 9, -4 << 9, 0, 12 << 9]]


rows = st.lists(st.integers(-(1 << 16), 1 << 16), min_size=2, max_size=12)


@settings(max_examples=25, deadline=None)
@given(row=rows, k=st.integers(-6, 8), op=st.sampled_from(["rmsnorm", "layernorm"]),
       encoder=st.sampled_from(["fit", "sar"]))
def test_scaling_a_row_by_a_power_of_two_changes_no_bit(row, k, op, encoder):
    """(2^k x, eps 4^k) gives the bits of (x, eps): exact for every row (the eps bound and the
    eps table move with k too). Rows are multiples of 2^6 so k >= -6 is an exact shift; at
    most 2^30 raw after it, inside the 32-bit input."""
    base = np.array([row], np.int64) << 6
    scaled = base << k if k >= 0 else base >> -k
    eps = 1e-5
    a = _run(op, base, eps=eps, encoder=encoder)
    b = _run(op, scaled, eps=math.ldexp(eps, 2 * k), encoder=encoder)
    np.testing.assert_array_equal(a.raw, b.raw)


@settings(max_examples=20, deadline=None)
@given(row=rows, k=st.integers(0, 4), op=st.sampled_from(["rmsnorm", "layernorm"]))
def test_scaling_with_a_fixed_eps_where_eps_vanishes(row, k, op):
    """A fixed eps: rows whose eps term RND_CONV(eps_row 4^-e 2^24) is 0 at both scales give
    the same bits; e from bit lengths by hand (layernorm: eps_row = eps d^2)."""
    base = np.array([row], np.int64) << 10              # raw up to 2^26, real up to 2^12
    d = base.shape[-1]
    u = base * d - base.sum() if op == "layernorm" else base
    e = int(np.abs(u).max()).bit_length() - TOP
    eps_row = 1e-5 * (d * d if op == "layernorm" else 1)
    if not np.any(u) or eps_row * 4.0 ** -e * 2 ** F_VAR >= 0.5:
        return
    a = _run(op, base)
    b = _run(op, base << k)
    assert a.trace["row_exponent"].reshape(-1).tolist() == [e]
    np.testing.assert_array_equal(a.raw, b.raw)


def test_gemma_like_rows_run():
    """Rows up to 1e5 with (1 + w) gains up to 1.7e3 (Gemma-3's RMSNorm): no overflow, and
    against x w / sqrt(mean x^2 + eps) the relative error stays at the MBE fits' level (the
    same bound as unit rows: 2 % of the row's largest output)."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((8, 640))
    x *= np.logspace(0, 5, 8)[:, None] / np.abs(x).max(-1, keepdims=True)
    w = 1 + np.abs(rng.standard_normal(640)) * 400
    w[:4] = 1.7e3
    res = ops.rmsnorm(x, weight=w, method="mbe",
                      config={"weight_format": "fixed<27,15,RND_CONV,SAT>"})
    want = x * w / np.sqrt((x * x).mean(-1, keepdims=True) + 1e-5)
    assert res.stats["overflow"] == 0
    err = np.abs(res.to_float() - want).max(-1) / np.abs(want).max(-1)
    assert err.max() < 0.02


def test_fixed_range_variant_saturates_large_rows():
    """row_exponent = false keeps P2's calibrated ranges: |x| >= 8 saturates the encoder, so a
    row scaled by 16 loses its shape (the row-exponent default keeps it)."""
    x = np.array([[1.0, -2.0, 3.0, 0.5]]) * 16
    want = x / np.sqrt((x * x).mean() + 1e-5)
    fixed = ops.rmsnorm(x, method="mbe", config={"row_exponent": False}).to_float()
    rows = ops.rmsnorm(x, method="mbe").to_float()
    assert np.abs(rows - want).max() < 0.02 < np.abs(fixed - want).max()
