"""Golden-vector producers of the primitives and operators: array names, Formats, defines and
words checked against hand derivations and float oracles written here.

Oracles: PWL-Exp's table and one output from the definition (knots -L + k * 2L/K, chord
slopes of e^x) in Python floats; a Division Neuron Group worked by hand; PolarNorm's tree
identities and sqrt(sum x^2 + eps d) in float; each operator set's output vs the float
operator in numpy (P1's error is below 4/256 on [-L, L]; outside, silu / gelu are 0 or x by
design).
"""
import math

import numpy as np
import pytest

from fxsim.vectors.golden import read_set, verify_set, write_set
from fxsim.vectors.producers import REGISTRY, produce


def _arrays(op, config, inputs, backend="numpy", trace=True):
    return {a.name: (role, a) for role, a in produce(op, config, inputs, backend, trace)}


def test_pwl_exp_tables_and_one_output_by_hand():
    """Paper config (L = 5, K = 64, input frac 12, slope frac 24, intercept frac 21, output
    frac 23). x = 0 is the knot x_32, so 31 interior knots lie strictly below it: segment 31,
    product 0, sum b_31 << (24 + 12 - 21), output b_31 * 2^(21 - 23 + ...) = b_31 << 2."""
    config = REGISTRY["pwl_exp"].presets["paper"]()
    got = _arrays("pwl_exp", config, {"input": np.array([0, -32768, 32767])})
    gamma = 10 / 64
    knots = [math.floor((-5 + k * gamma) * 4096) for k in range(1, 64)]
    assert got["knots"][1].raw.tolist() == knots and knots[0] == -19840
    x31, x32 = -5 + 31 * gamma, -5 + 32 * gamma
    a31 = (math.exp(x32) - math.exp(x31)) / gamma
    b31 = round((math.exp(x31) - a31 * x31) * 2 ** 21)     # exact ties do not occur here
    assert got["slope"][1].raw[31] == round(a31 * 2 ** 24)
    assert got["intercept"][1].raw[31] == b31
    assert got["trace_index"][1].raw.tolist() == [31, -1, 64]
    assert got["trace_product"][1].raw[0] == 0 and got["trace_sum"][1].raw[0] == b31 << 15
    assert got["output"][1].raw.tolist() == [b31 << 2, 0, round(math.exp(5) * 2 ** 23)]
    assert str(got["output"][1].fmt) == "ufixed<32,9,RND_CONV,SAT>"
    # product / sum words: the datapath widths (signed, frac 24 + 12)
    assert (got["trace_product"][1].fmt.width, got["trace_product"][1].fmt.frac) == (47, 36)
    defines = REGISTRY["pwl_exp"].defines(config, {})
    assert defines["FXSIM_PWL_X_LO"] == -5 * 4096 and defines["FXSIM_PWL_X_HI"] == 5 * 4096
    assert defines["FXSIM_PWL_INTERCEPT_SHIFT"] == 15 and defines["FXSIM_PWL_SEGMENTS"] == 64
    assert defines["FXSIM_PWL_OUT_FORMAT"] == [0, 32, 6, 1]      # unsigned, RND_CONV, SAT


def test_divgroup_worked_by_hand(backend):
    """n = 2 (G = 4), T = 2, B = 4 so theta = 4 >> 2 = 1. Division 0: steps 3, 2 -> membrane
    3, 5; latched min(4, v) = 3, 4; q = 4 (5/4 clamps to G = 1.0). Division 1: steps -1, -2 ->
    membrane 1, 3; latched 1, 3; exact, so q = -3 (-0.75). Output fixed<4,2>."""
    config = {"n": 2, "T": 2}
    got = _arrays("divgroup", config, {"numerator": np.array([[3, -1], [2, -2]]),
                                       "denominator": np.array([4, 4])}, backend)
    assert got["trace_membrane"][1].raw.tolist() == [[3, 1], [5, 3]]
    assert got["trace_latched"][1].raw.tolist() == [[3, 1], [4, 3]]
    assert got["quotient"][1].raw.tolist() == [4, -3]
    assert str(got["quotient"][1].fmt) == "fixed<4,2,TRN,SAT>"
    assert got["theta"][1].raw.tolist() == [1, 1] and got["shift"][1].raw.tolist() == [0, 0]
    assert got["trace_membrane"][1].axes == ("step", "division")
    assert REGISTRY["divgroup"].defines(config, {})["FXSIM_DIV_GROUP"] == 4


def test_divgroup_normalising_shift_table():
    """normalize_bit 10, B = 5 (msb 2): k = 8, theta = (5 << 8) >> 2 = 320."""
    got = _arrays("divgroup", {"n": 2, "normalize_denominator": True, "normalize_bit": 10},
                  {"numerator": np.array([[7]]), "denominator": np.array([5])})
    assert got["shift"][1].raw.tolist() == [8] and got["theta"][1].raw.tolist() == [320]
    assert got["trace_membrane"][1].raw.tolist() == [[7 << 8]]


def test_polarnorm_tree_identities_and_float_norm():
    config = REGISTRY["polarnorm"].presets["paper"]()
    x = REGISTRY["polarnorm"].random_inputs(config, 3, 11)["input"]
    got = _arrays("polarnorm", config, {"input": x})
    d = x.shape[1]
    eps_raw = REGISTRY["polarnorm"].defines(config, {"input": x})["FXSIM_PN_EPS_RAW"]
    assert eps_raw == round(math.sqrt(1e-5 * d) * 2 ** 14)          # internal frac 10 + 4
    leaves = np.sort(np.concatenate([np.abs(x) << 4, np.full((3, 1), eps_raw)], axis=1))
    np.testing.assert_array_equal(got["trace_sorted"][1].raw, leaves)
    cx, cy = got["trace_cordic_x"][1].raw, got["trace_cordic_y"][1].raw
    assert cx.shape == (3, d, 9)                                      # m - 1 = d merges, n + 1
    np.testing.assert_array_equal(cx[:, :8, 0], leaves[:, 0::2][:, :8])   # level 0 pairs
    np.testing.assert_array_equal(cy[:, :8, 0], leaves[:, 1::2][:, :8])
    # the root (internal frac 14) into ufixed<24,14,TRN>: frac 10, floor of a 4-bit drop
    np.testing.assert_array_equal(got["trace_merged"][1].raw[:, -1] >> 4, got["output"][1].raw)
    norm = np.sqrt((np.ldexp(x.astype(float), -10) ** 2).sum(axis=1) + 1e-5 * d)
    np.testing.assert_allclose(np.ldexp(got["output"][1].raw.astype(float), -10), norm,
                               rtol=5e-3, atol=2 ** -9)     # output LSB 2^-10
    assert got["merge_level"][1].raw.tolist() == [0] * 8 + [1] * 4 + [2] * 2 + [3] + [4]


def _float_op(op, x):
    if op == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if op == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if op == "silu":
        return x / (1 + np.exp(-x))
    if op == "gelu_tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    if op == "layernorm":
        x = x - x.mean(axis=-1, keepdims=True)
    return x / np.sqrt((x ** 2).mean(axis=-1, keepdims=True) + 1e-5)


@pytest.mark.parametrize("op", ["softmax", "sigmoid", "silu", "gelu_tanh", "rmsnorm",
                                "layernorm"])
def test_operator_sets_match_the_float_operator(op, tmp_path):
    config = REGISTRY[op].presets["paper"]()
    inputs = REGISTRY[op].random_inputs(config, None, 3)
    arrays = produce(op, config, inputs, "numpy", True)
    write_set(tmp_path / op, operator=op, method="nlspike", config=config, arrays=arrays,
              command="test", seed=3, backend="numpy", defines=REGISTRY[op].defines(config, inputs))
    manifest, back = read_set(tmp_path / op)
    x = np.ldexp(back["input"].raw.astype(float), -back["input"].fmt.frac)
    y = np.ldexp(back["output"].raw.astype(float), -back["output"].fmt.frac)
    inside = np.abs(x) <= 5 if x.ndim == 1 else np.ones(x.shape, bool)   # P1's domain [-L, L]
    assert inside.sum() > 10 and np.abs(y - _float_op(op, x))[inside].max() < 4 / 256
    roles = {e["name"]: e["role"] for e in manifest["arrays"]}
    tables = {"pwl_exp_knots", "pwl_exp_slope", "pwl_exp_intercept"} if op in (
        "softmax", "sigmoid", "silu", "gelu_tanh") else {"polarnorm_merge_level",
                                                         "row_exponent_eps_leaves"}
    assert {n for n, r in roles.items() if r == "table"} == tables
    assert "trace_divgroup_membrane" in roles
    assert any(n.startswith(("trace_pwl_exp_", "trace_polarnorm_")) for n in roles)
    assert verify_set(tmp_path / op) == []
