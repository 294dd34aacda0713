"""The composed reference RTL (hdl/fx_polarnorm.v with fx_cordic_merge.v, ...) against the
golden sets, simulated with Icarus Verilog: every output, counter and trace word of the
checked-in sets and of sets written here from configs that reach the other branches (odd leaf
counts carried up, no eps element, unsigned inputs, overflowing tree values, widening
outputs). Honesty, for each unit: a flipped golden word fails exactly that word, and a planted
RTL bug (a mutated copy of hdl/) fails the bench. The expected words are fxsim's numpy
definition; the RTL is written from docs/algorithms.md.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import test_rtl
from test_rtl import flip_word, words_in

from fxsim.hw import rtl
from fxsim.vectors.golden import golden_set

ROOT = Path(__file__).resolve().parents[2]
iverilog = test_rtl.iverilog    # test_rtl's autouse fixture: skip (CI: fail) without iverilog


def mutated_hdl(tmp_path: Path, monkeypatch, unit: str, old: str, new: str) -> None:
    """Point rtl at a copy of hdl/ whose ``unit``.v has ``old`` replaced by ``new`` (once)."""
    hdl = tmp_path / "hdl"
    shutil.copytree(rtl.HDL_DIR, hdl)
    source = (hdl / f"{unit}.v").read_text()
    assert source.count(old) == 1, f"{old!r} is not in {unit}.v once"
    (hdl / f"{unit}.v").write_text(source.replace(old, new))
    monkeypatch.setattr(rtl, "HDL_DIR", hdl)


# ---- PolarNorm -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["polarnorm_paper", "rmsnorm_paper", "layernorm_paper"])
def test_polarnorm_on_checked_in_sets(name):
    """The PolarNorm set, and the PolarNorm part of the nlspike norm sets."""
    report = rtl.check(ROOT / "golden" / name)
    assert report.ok and report.bench.unit == "fx_polarnorm", report.summary()
    lint_clean(report)
    if name == "polarnorm_paper":
        assert report.passed == words_in(ROOT / "golden" / name) == 1291


#: PolarNorm configs beyond the paper's: (config fields, rows x d)
PN_CONFIGS = {
    "odd_no_eps": ({"eps": 0.0, "n": 5}, (3, 7)),
    "one_leaf": ({"eps": 0.0}, (2, 1)),
    "unsigned_widening": ({"input_format": "ufixed<12,4,TRN,SAT>", "guard_bits": 2,
                           "output_format": "ufixed<32,10,RND_CONV,SAT>"}, (3, 6)),
    "overflowing": ({"internal_width": 12, "guard_bits": 0, "internal_overflow": "SAT",
                     "output_format": "ufixed<6,2,RND_INF,SAT>"}, (4, 9)),
    "wrapping": ({"internal_width": 14, "guard_bits": 3, "internal_overflow": "WRAP",
                  "internal_rounding": "TRN", "n": 12,
                  "output_format": "fixed<10,4,RND_ZERO,WRAP>"}, (3, 5)),
}


@pytest.mark.parametrize("name", sorted(PN_CONFIGS))
def test_polarnorm_other_configs_pass_every_word(tmp_path, name):
    fields, shape = PN_CONFIGS[name]
    from fxsim.primitives.polarnorm import PolarNormConfig
    cfg = PolarNormConfig(**fields)
    x = np.random.default_rng(7).integers(cfg.input_format.min_raw, cfg.input_format.max_raw,
                                          size=shape, endpoint=True)
    x[0] = cfg.input_format.max_raw                 # the largest magnitudes: overflow events
    golden_set("polarnorm", tmp_path / name, config=cfg.to_dict(), inputs={"input": x},
               trace=True, kinds=("hex",), record_commit=False)
    report = rtl.check(tmp_path / name)
    assert report.ok and report.passed == words_in(tmp_path / name), report.first_mismatch()
    lint_clean(report)


def lint_clean(report: rtl.RtlReport) -> None:
    """verilator --lint-only -Wall has nothing to say about the unit at these parameters."""
    if shutil.which("verilator"):
        assert rtl.lint(report.bench) == ""


def test_polarnorm_overflow_configs_do_overflow(tmp_path):
    """The overflowing config above counts events at all three points (so the counters the
    bench compares are not all zero)."""
    fields, shape = PN_CONFIGS["overflowing"]
    from fxsim.primitives.polarnorm import PolarNormConfig, polarnorm
    cfg = PolarNormConfig(**fields)
    x = np.random.default_rng(7).integers(cfg.input_format.min_raw, cfg.input_format.max_raw,
                                          size=shape, endpoint=True)
    x[0] = cfg.input_format.max_raw
    stats = polarnorm(x, cfg, axis=-1).stats
    assert min(stats["overflow_input"], stats["overflow_merge"], stats["overflow_output"]) > 0


def test_polarnorm_flipped_word_fails_exactly_that_word(tmp_path):
    set_dir = tmp_path / "pn"
    shutil.copytree(ROOT / "golden" / "polarnorm_paper", set_dir)
    flip_word(set_dir, "trace_cordic_y", 40, bit=3)
    report = rtl.check(set_dir)
    assert (report.failed, report.passed) == (1, words_in(set_dir) - 1)
    assert "MISMATCH cordic_y[40]" in report.log


@pytest.mark.parametrize("unit,old,new", [
    ("fx_cordic_merge", "x <= negative ? x - y_shift : x + y_shift;", "x <= x + y_shift;"),
    ("fx_polarnorm", "assign out_v[i*IW +: IW] = a > b ? b : a;",
     "assign out_v[i*IW +: IW] = a;"),
    ("fx_polarnorm", "tree[half] <= tree[count - 1'b1];", "tree[half] <= tree[half];"),
])
def test_polarnorm_planted_bug_fails_the_bench(tmp_path, monkeypatch, unit, old, new):
    """A CORDIC direction, a sort and an odd-carry bug each fail the bench."""
    mutated_hdl(tmp_path, monkeypatch, unit, old, new)
    report = rtl.check(ROOT / "golden" / "polarnorm_paper")
    assert report.failed > 0 and not report.ok


# ---- the activation datapath (sigmoid, silu, gelu_tanh) ------------------------------------
ACTIVATIONS = ("sigmoid", "silu", "gelu_tanh")


@pytest.mark.parametrize("op", ACTIVATIONS)
def test_activation_on_checked_in_sets(op):
    report = rtl.check(ROOT / "golden" / f"{op}_paper")
    assert report.ok and report.bench.unit == "fx_activation", report.summary()
    assert report.passed == words_in(ROOT / "golden" / f"{op}_paper")
    lint_clean(report)


#: activation configs beyond the paper's: narrower formats (bypassed outputs overflow), a
#: wrapping exp output and output, fewer segments, another L and n
ACTIVATION_CONFIGS = {
    "narrow": dict(input_format="fixed<16,6,RND,SAT>", exp_input_format="fixed<20,6,TRN,SAT>",
                   exp_output_format="ufixed<24,7,RND,SAT>", K=16, L=4.0, n=6,
                   output_format="fixed<9,3,RND_INF,SAT>", poly_format="fixed<24,8,RND,SAT>",
                   gelu_clip=3.0),
    "wrapping": dict(input_format="fixed<20,8,TRN,SAT>", K=8, L=3.0, n=5,
                     exp_output_format="ufixed<20,5,TRN,WRAP>",
                     output_format="fixed<8,3,RND_CONV,WRAP>",
                     poly_format="fixed<28,10,RND_ZERO,SAT>"),
}


def operator_set(out: Path, op: str, fields: dict, shape, seed: int = 3) -> Path:
    """A traced .hex set of nlspike ``op`` on random raw inputs of ``shape`` (the format's ends
    first)."""
    from fxsim import ops
    cls = ops.config_class(op, "nlspike")
    cfg = cls(**{k: v for k, v in fields.items() if k in cls.__dataclass_fields__})
    X = cfg.fmt("input_format")
    x = np.random.default_rng(seed).integers(X.min_raw, X.max_raw, shape, endpoint=True)
    x.reshape(-1)[:2] = (X.min_raw, X.max_raw)
    golden_set(op, out, config=cfg.to_dict(), inputs={"input": x}, trace=True, kinds=("hex",),
               record_commit=False)
    return out


@pytest.mark.parametrize("op", ACTIVATIONS)
@pytest.mark.parametrize("name", sorted(ACTIVATION_CONFIGS))
def test_activation_other_configs_pass_every_word(tmp_path, name, op):
    set_dir = operator_set(tmp_path / name, op, ACTIVATION_CONFIGS[name], (40,))
    report = rtl.check(set_dir)
    assert report.ok and report.passed == words_in(set_dir), report.first_mismatch()
    lint_clean(report)


def test_activation_flipped_word_fails_exactly_that_word(tmp_path):
    set_dir = tmp_path / "gelu"
    shutil.copytree(ROOT / "golden" / "gelu_tanh_paper", set_dir)
    flip_word(set_dir, "trace_two_u", 7, bit=0)
    report = rtl.check(set_dir)
    assert (report.failed, report.passed) == (1, words_in(set_dir) - 1)
    assert "MISMATCH trace_two_u[7]" in report.log


@pytest.mark.parametrize("set_name,old,new", [
    ("silu_paper", "assign y = zero ? {OUT_W{1'b0}} : (bypass ? passed : quotient);",
     "assign y = zero ? {OUT_W{1'b0}} : quotient;"),
    ("sigmoid_paper", "assign denominator = (one_b + {{(DW-EW){1'b0}}, e}) << DEN_SHIFT;",
     "assign denominator = {{(DW-EW){1'b0}}, e} << DEN_SHIFT;"),
    ("gelu_tanh_paper", "assign w = t1_w + t3_w;", "assign w = t1_w;"),
])
def test_activation_planted_bug_fails_the_bench(tmp_path, monkeypatch, set_name, old, new):
    """A missing bypass gate, a missing 1 in 1 + e and a missing cubic term each fail."""
    mutated_hdl(tmp_path, monkeypatch, "fx_activation", old, new)
    report = rtl.check(ROOT / "golden" / set_name)
    assert report.failed > 0 and not report.ok


# ---- the softmax datapath ---------------------------------------------------------------------
def test_softmax_on_checked_in_set():
    report = rtl.check(ROOT / "golden" / "softmax_paper")
    assert report.ok and report.bench.unit == "fx_softmax", report.summary()
    assert report.passed == words_in(ROOT / "golden" / "softmax_paper") == 263
    lint_clean(report)


#: softmax configs beyond the paper's: (fields, rows x d)
SOFTMAX_CONFIGS = {
    "narrow_odd_row": (dict(input_format="fixed<16,6,RND,SAT>", K=16, L=4.0, n=6,
                            exp_input_format="fixed<20,6,TRN,SAT>",
                            exp_output_format="ufixed<24,7,RND,SAT>",
                            output_format="ufixed<6,0,RND_INF,SAT>"), (3, 5)),
    "wrapping_long_row": (dict(input_format="fixed<20,8,TRN,SAT>", K=8, L=3.0, n=5,
                               exp_output_format="ufixed<20,5,TRN,WRAP>",
                               output_format="fixed<7,2,RND_CONV,WRAP>"), (2, 33)),
}


@pytest.mark.parametrize("name", sorted(SOFTMAX_CONFIGS))
def test_softmax_other_configs_pass_every_word(tmp_path, name):
    fields, shape = SOFTMAX_CONFIGS[name]
    set_dir = operator_set(tmp_path / name, "softmax", fields, shape)
    report = rtl.check(set_dir)
    assert report.ok and report.passed == words_in(set_dir), report.first_mismatch()
    lint_clean(report)


def test_softmax_flipped_word_fails_exactly_that_word(tmp_path):
    set_dir = tmp_path / "softmax"
    shutil.copytree(ROOT / "golden" / "softmax_paper", set_dir)
    flip_word(set_dir, "trace_sum", 1, bit=2)
    report = rtl.check(set_dir)
    assert (report.failed, report.passed) == (1, words_in(set_dir) - 1)
    assert "MISMATCH trace_sum[1]" in report.log


@pytest.mark.parametrize("old,new", [
    ("if (widen(row[m*XW +: XW]) > top)", "if (widen(row[m*XW +: XW]) < top)"),
    ("total <= total + {{(ACC_W-EW){1'b0}}, e};", "total <= {{(ACC_W-EW){1'b0}}, e};"),
    ("wire signed [SW-1:0] s = widen(xj) - top + L_RAW[SW-1:0];",
     "wire signed [SW-1:0] s = widen(xj) - top;"),
])
def test_softmax_planted_bug_fails_the_bench(tmp_path, monkeypatch, old, new):
    """A row minimum for the maximum, a sum of the last term only and a missing + L each fail."""
    mutated_hdl(tmp_path, monkeypatch, "fx_softmax", old, new)
    report = rtl.check(ROOT / "golden" / "softmax_paper")
    assert report.failed > 0 and not report.ok


# ---- the MBE neuron (banks of fx_neuron_bank) ---------------------------------------------------
MBE_ACTIVATIONS = ("gelu", "tanh", "sigmoid", "silu")


@pytest.mark.parametrize("op", MBE_ACTIVATIONS)
def test_mbe_neuron_on_checked_in_sets(op):
    report = rtl.check(ROOT / "golden" / f"{op}_mbe_paper")
    assert report.ok and report.bench.unit == "fx_mbe_neuron", report.summary()
    assert report.passed == words_in(ROOT / "golden" / f"{op}_mbe_paper")
    lint_clean(report)


@pytest.mark.parametrize("op", ["sigmoid", "silu"])
def test_mbe_neuron_other_formats_pass_every_word(tmp_path, op):
    """Another input frac (other scaler drops and offsets), a narrow saturating output (the
    readout and sigmoid's glue overflow), inputs over the whole input range (u capped at 1)."""
    from fxsim import ops
    cfg = ops.config_class(op, "mbe")(input_format="fixed<24,7,RND,SAT>",
                                      output_format="fixed<12,3,RND_INF,SAT>")
    X = cfg.fmt("input_format")
    x = np.sort(np.random.default_rng(5).integers(X.min_raw, X.max_raw, 24, endpoint=True))
    golden_set(op, tmp_path / op, method="mbe", config=cfg.to_dict(), inputs={"input": x},
               trace=True, kinds=("hex",), record_commit=False)
    report = rtl.check(tmp_path / op)
    assert report.ok and report.passed == words_in(tmp_path / op), report.first_mismatch()
    lint_clean(report)


def test_mbe_neuron_flipped_spike_fails_exactly_that_word(tmp_path):
    set_dir = tmp_path / "gelu"
    shutil.copytree(ROOT / "golden" / "gelu_mbe_paper", set_dir)
    flip_word(set_dir, "trace_mbe_bank1_basis0_spikes", 20)
    report = rtl.check(set_dir)
    assert (report.failed, report.passed) == (1, words_in(set_dir) - 1)


@pytest.mark.parametrize("unit,set_name,old,new", [
    ("fx_neuron_bank", "tanh_mbe_paper", "acc[b] <= acc_next[b];", "acc[b] <= acc[b];"),
    ("fx_mbe_input", "gelu_mbe_paper", "(SIGN < 0 ? -x : x)", "x"),
    ("fx_mbe_neuron", "sigmoid_mbe_paper", "{y_mbe_s[MO_W], y_mbe_s} + ONE[MO_W+1:0]",
     "{y_mbe_s[MO_W], y_mbe_s}"),
])
def test_mbe_neuron_planted_bug_fails_the_bench(tmp_path, monkeypatch, unit, set_name, old, new):
    """A frozen accumulator, a bank's sign ignored and sigmoid's + 1 missing each fail."""
    mutated_hdl(tmp_path, monkeypatch, unit, old, new)
    report = rtl.check(ROOT / "golden" / set_name)
    assert report.failed > 0 and not report.ok


# ---- the FS neuron (one fx_neuron_bank neuron) --------------------------------------------------
@pytest.mark.parametrize("op", ["sigmoid", "silu"])
def test_fs_neuron_on_checked_in_sets(op):
    report = rtl.check(ROOT / "golden" / f"{op}_fs_paper")
    assert report.ok and report.bench.unit == "fx_fs_neuron", report.summary()
    assert report.passed == words_in(ROOT / "golden" / f"{op}_fs_paper")
    lint_clean(report)


@pytest.mark.parametrize("op", ["sigmoid", "silu"])
def test_fs_neuron_clamp_and_pass_through(tmp_path, op):
    """Inputs over [-16, 16): below and above the set's interval (clamped; silu passes x
    through above 12), another input frac (requantized into v's)."""
    from fxsim import ops
    from fxsim.arith import quantize
    cfg = ops.config_class(op, "fs")(input_format="fixed<24,8,RND,SAT>")
    x = np.asarray(quantize(np.linspace(-16, 15.9, 29), cfg.fmt("input_format")), np.int64)
    golden_set(op, tmp_path / op, method="fs", config=cfg.to_dict(), inputs={"input": x},
               trace=True, kinds=("hex",), record_commit=False)
    report = rtl.check(tmp_path / op)
    assert report.ok and report.passed == words_in(tmp_path / op), report.first_mismatch()
    lint_clean(report)


def test_fs_routing_over_several_sets_has_no_rtl_yet():
    with pytest.raises(Exception, match="no RTL bench for operator 'gelu:fs'"):
        rtl.check(ROOT / "golden" / "gelu_fs_paper")


def test_fs_neuron_flipped_spike_fails_exactly_that_word(tmp_path):
    set_dir = tmp_path / "silu"
    shutil.copytree(ROOT / "golden" / "silu_fs_paper", set_dir)
    flip_word(set_dir, "trace_fs_swish_spikes", 33)
    report = rtl.check(set_dir)
    assert (report.failed, report.passed) == (1, words_in(set_dir) - 1)


def test_fs_neuron_planted_bug_fails_the_bench(tmp_path, monkeypatch):
    """Every step reading step 0's schedule fails."""
    mutated_hdl(tmp_path, monkeypatch, "fx_neuron_bank", "wire [IDX_W-1:0] at = b * T + t;",
                "wire [IDX_W-1:0] at = b * T;")
    report = rtl.check(ROOT / "golden" / "sigmoid_fs_paper")
    assert report.failed > 0 and not report.ok
