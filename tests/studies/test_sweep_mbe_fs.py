"""Sweeps over the P2 (mbe) and FS operators: the float model each sweep measures the float
reference error with, the kernel table bits, the P2 workloads, FS inputs requantized into
v_format, and a small mbe sweep that now finds configurations within 10 %."""
import math
from fractions import Fraction

import numpy as np
import pytest

from fxsim import ops
from fxsim.floatref.functions import EXACT
from fxsim.floatref.models import evaluate, float_model, fs_set_float
from fxsim.floatref.workloads import sample_grid
from fxsim.ops import FsActivationConfig, MbeActivationConfig, MbeScalarConfig
from fxsim.presets import fs_parameter_sets
from fxsim.primitives.mbe import fit_record
from fxsim.studies.sweep import base_config, kernel_table_bits, load_workload
from fxsim.studies.sweep import sweep as sweep_fn


# ---- float models ------------------------------------------------------------------------------
@pytest.mark.parametrize("fit", ["gelu_n1", "gelu_n4", "gelu_n8", "tanh_n4", "silu_n4"])
def test_mbe_activation_model_reproduces_the_fitters_recorded_mse(fit):
    """The fitter recorded each fit's float MSE on 10,000 points of its domain; the model of
    the operator (inside the domain: the fitted neuron itself) must give the same MSE."""
    rec = fit_record(fit)
    x = sample_grid(*rec["domain"])
    op = rec["function"]
    y = float_model(op, "mbe", MbeActivationConfig(fit=fit), x)
    mse = float(np.mean((y - EXACT[op](x)) ** 2))
    assert mse == pytest.approx(rec["mse_float"], rel=1e-6)


@pytest.mark.parametrize("name", ["fs_sigmoid", "fs_swish", "las_EXPneg10_0", "las_Invert1_4",
                                  "las_spikeGelu6_1"])
def test_fs_set_model_reproduces_the_published_mse(name):
    """Each set's notes give its MSE on an interval (float32 in the source): the float64 run
    of the set must land within 2 % of it."""
    import re
    entry = fs_parameter_sets()["sets"][name]
    m = re.match(r"MSE ([0-9.eE+-]+) on \[([^,\]]+),([^\]]+)\]", entry["notes"])
    published, lo, hi = float(m.group(1)), float(m.group(2)), float(m.group(3))
    x = np.linspace(lo, hi, 100_000)
    mse = float(np.mean((fs_set_float(name, x) - EXACT[entry["function"]](x)) ** 2))
    assert abs(mse - published) <= 0.02 * published


def test_range_reduced_models_by_hand():
    """3 = 0.75 * 2**2 -> MBE_inv(0.75) / 4; -1 * log2(e) = -1.4427: k = -2, r = 0.5573 ->
    MBE_exp2(r) / 4; rsqrt: 8 = 0.5 * 2**4 (even) -> MBE_invsqrt(0.5) / 4, 4 = 0.5 * 2**3
    (odd) -> m = 1, e = 2 -> MBE_invsqrt(1) / 2."""
    cfg = MbeScalarConfig()

    def fit(name, u):
        return float(evaluate(fit_record(name), np.array([u]))[0])

    rec = float_model("reciprocal", "mbe", cfg, np.array([3.0]))[0]
    assert rec == fit("inv_n8", 0.75) / 4
    r = -math.log2(math.e) + 2
    assert float_model("exp", "mbe", cfg, np.array([-1.0]))[0] == pytest.approx(
        fit("exp2_n8", r) / 4, rel=1e-15)
    rs = float_model("rsqrt", "mbe", cfg, np.array([8.0, 4.0]))
    assert rs[0] == fit("rsqrt_n8", 0.5) / 4
    assert rs[1] == fit("rsqrt_n8", 1.0) / 2


#: mean |integer operator at the paper preset - float model| measured on the sweep workloads
#: (256 rows): <= 4e-7 for single neurons, FS and softmax (32-bit paths, >= 22 frac bits),
#: 1.4e-5 for the norms (MBE_Id's integer tables on |x| / 8)
PAIRS = [("gelu", "mbe", "p2", 1e-6), ("tanh", "mbe", "p2", 1e-6), ("sigmoid", "mbe", "p1", 1e-6),
         ("silu", "mbe", "p1", 1e-6), ("exp", "mbe", "p2", 1e-6),
         ("reciprocal", "mbe", "p2", 1e-6), ("rsqrt", "mbe", "p2", 1e-6),
         ("softmax", "mbe", "p1", 2e-6), ("layernorm", "mbe", "p1", 5e-5),
         ("rmsnorm", "mbe", "p1", 5e-5), ("sigmoid", "fs", "p1", 1e-6),
         ("silu", "fs", "p1", 1e-6), ("gelu", "fs", "p2", 1e-6), ("exp", "fs", "p2", 1e-6),
         ("reciprocal", "fs", "p2", 1e-6), ("softmax", "fs", "p1", 1e-6)]


@pytest.mark.parametrize("op,method,workload,tol", PAIRS)
def test_integer_operator_tracks_its_float_model(op, method, workload, tol):
    """A second implementation: the float64 model and the integer operator at the paper
    preset agree to within the integer widths' resolution."""
    x = load_workload(op, workload, rows=64)
    cfg = base_config(op, method)
    y = ops.get(op, method)(x, config=cfg).to_float()
    assert float(np.mean(np.abs(y - float_model(op, method, cfg, x)))) <= tol


def test_sar_multiply_model_is_the_exact_product():
    """encoder sar: the multiply's model is exact, so softmax's model is e * 1/S itself."""
    from fxsim.studies.sweep import apply_point
    x = load_workload("softmax", "p1", rows=8)
    cfg = apply_point(base_config("softmax", "mbe"), {"encoder": "sar"})
    e = float_model("exp", "mbe", MbeScalarConfig(), x - x.max(axis=-1, keepdims=True))
    inv = float_model("reciprocal", "mbe", MbeScalarConfig(), e.sum(axis=-1, keepdims=True))
    np.testing.assert_array_equal(float_model("softmax", "mbe", cfg, x), e * inv)


def test_nlspike_has_no_float_model():
    assert float_model("silu", "nlspike", None, np.zeros(3)) is None


# ---- table bits ----------------------------------------------------------------------------------
def _bits(values: list[int]) -> int:
    """Entries times the smallest width: two's complement if any entry is negative."""
    lo, hi = min(values), max(values)
    width = 1 + max(hi.bit_length(), (-lo - 1).bit_length()) if lo < 0 else \
        max(hi.bit_length(), 1)
    return len(values) * width


def test_fs_table_bits_by_hand():
    """fs_sigmoid (fs_coding: h used as is) at v frac 10 and acc frac 8: T and h rounded
    half-even to 2**-10, d to 2**-8, each table at its own width."""
    cfg = FsActivationConfig(v_format="fixed<16,6,RND_CONV,SAT>",
                             acc_format="fixed<12,4,TRN,SAT>")
    entry = fs_parameter_sets()["sets"]["fs_sigmoid"]

    def raw(values, frac):
        return [round(Fraction(v) * 2 ** frac) for v in values]   # round half to even

    want = _bits(raw(entry["T"], 10)) + _bits(raw(entry["h"], 10)) + _bits(raw(entry["d"], 8))
    assert kernel_table_bits("sigmoid", "fs", cfg) == want


def test_mbe_table_bits_grow_with_the_basis_count():
    bits = [kernel_table_bits("gelu", "mbe", MbeActivationConfig(fit=f"gelu_n{n}"))
            for n in (1, 2, 4, 8)]
    assert bits == sorted(bits) and len(set(bits)) == 4
    # gelu_n1: one bank, one basis, T = 16: 3 tables of 16 entries and the bias, <= 32 bits each
    assert 49 < bits[0] <= 49 * 32
    assert kernel_table_bits("silu", "nlspike", None) == 0


# ---- workloads -----------------------------------------------------------------------------------
@pytest.mark.parametrize("op,lo,hi", [("tanh", -5.0, 5.0), ("exp", -10.0, 0.0),
                                      ("gelu", -120.0, 10.0)])
def test_p2_workloads(op, lo, hi):
    x = load_workload(op, "p2")
    assert x.shape == (10_000,) and x[0] == lo and x[-1] == hi


# ---- FS inputs into v_format -------------------------------------------------------------------
def test_fs_input_requantized_into_v_format():
    """input frac 24, v frac 10: the op equals the op run at input frac 10 on x rounded half
    to even to 2**-10 (derived here with Python fractions)."""
    rng = np.random.default_rng(3)
    x = np.round(rng.uniform(-12, 12, 400) * 2 ** 24) / 2 ** 24      # exact at 24 frac bits
    x = np.append(x, [1.5 / 1024, 2.5 / 1024, -0.5 / 1024])          # exact ties
    v = "fixed<20,10,RND_CONV,SAT>"
    wide = FsActivationConfig(input_format="fixed<32,8,RND_CONV,SAT>", v_format=v)
    narrow = FsActivationConfig(input_format=v, v_format=v)
    x10 = np.array([float(round(Fraction(float(t)) * 1024)) / 1024 for t in x])
    for op in ("sigmoid", "gelu", "exp"):
        got = ops.get(op, "fs")(x, config=wide).raw
        np.testing.assert_array_equal(got, ops.get(op, "fs")(x10, config=narrow).raw)


# ---- a sweep ---------------------------------------------------------------------------------------
def test_mbe_sweep_finds_a_point_within_10_percent(tmp_path):
    """The float reference of gelu (mbe) is its fitted neuron: the preset's ref_mean_abs is
    the float fit's error on the 22-frac-bit grid, and the summary names a smaller point."""
    records = sweep_fn("gelu", "mbe", ["output_format.frac=4,8,12", "acc_format.frac=8,16"],
                       "p2", out=tmp_path / "s", plots=False)
    x = load_workload("gelu", "p2")
    fit_err = np.mean(np.abs(evaluate(fit_record("gelu_n4"), x) - EXACT["gelu"](x)))
    assert all(r["ref_mean_abs"] == pytest.approx(fit_err, abs=2.0 ** -14)
               for r in records if r["output_format.frac"] == 12)
    assert all(r["table_bits"] > 0 for r in records)
    summary = (tmp_path / "s" / "summary.md").read_text()
    assert "within 10 % on mean_abs: output_format.frac=" in summary


# ---- shipped results -----------------------------------------------------------------------------
def test_docs_p2_table_matches_the_shipped_summaries():
    """Every P2 row of docs/sweeps.md's table carries the bits of its summary's answer."""
    import re
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    readme = root.joinpath("docs", "sweeps.md").read_text()
    dirs = sorted(root.glob("docs/results/*_mbe")) + sorted(root.glob("docs/results/*_fs"))
    assert len(dirs) == 16
    for d in dirs:
        op, method = d.name.rsplit("_", 1)
        summary = d.joinpath("summary.md").read_text()
        bits = re.search(r"on mean_abs and max_abs: .* \((\d+) bits =", summary).group(1)
        row = re.search(rf"^\| {op} \({method}\) \|.*$", readme, re.M).group(0)
        assert f"| {bits} (" in row, (d.name, bits, row)
