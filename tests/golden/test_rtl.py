"""The reference RTL (hdl/) against golden-vector sets, simulated with Icarus Verilog.

The expected words are the golden sets' own (numpy definition, frozen in golden/ or written
here through fxsim.vectors from configs chosen to hit every rounding, overflow and order
branch); the RTL is written from docs/algorithms.md. Honesty: a copy of a set with one word
flipped (and its manifest hash updated, so the set is self-consistent) must fail the bench.
Skipped without iverilog (the lint tests: verilator) unless the environment variable CI is set
(then they fail).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim.hw import rtl
from fxsim.errors import FxError
from fxsim.vectors.golden import read_set, write_set
from fxsim.vectors.producers import DEFINES, METHODS, produce

ROOT = Path(__file__).resolve().parents[2]
POPULATION_SETS = sorted(p for p in (ROOT / "golden").glob("population_*") if p.is_dir())
RTL_SETS = sorted(p for pattern in ("population_*", "pwl_exp_*", "divgroup_*")
                  for p in (ROOT / "golden").glob(pattern) if p.is_dir())


@pytest.fixture(autouse=True)
def iverilog():
    if shutil.which("iverilog") is None or shutil.which("vvp") is None:
        if os.environ.get("CI"):
            pytest.fail("iverilog is required in CI (apt-get install -y iverilog)")
        pytest.skip("iverilog not installed")


def words_in(set_dir: Path) -> int:
    """Words a bench compares, counted from the manifest: every output and trace word, and
    the Division group's shift / theta tables (the RTL derives them from B)."""
    manifest = json.loads((set_dir / "manifest.json").read_text())
    return sum(e["count"] for e in manifest["arrays"]
               if e["role"] in ("output", "trace") or e["name"] in ("shift", "theta"))


def flip_word(set_dir: Path, name: str, index: int, bit: int = 0) -> tuple[int, int]:
    """Flip ``bit`` of word ``index`` of NAME.hex in a copied set and keep the set
    self-consistent: the manifest gets the new hash, and the set becomes hex-only (vectors.h /
    vectors.npz, which would still hold the old word, are removed from files and manifest), so
    only the bench can notice. Returns (old, new) word."""
    path = set_dir / f"{name}.hex"
    lines = path.read_text().splitlines()
    body = [k for k, line in enumerate(lines) if not line.startswith("//")]
    k = body[index]
    old = int(lines[k], 16)
    lines[k] = format(old ^ (1 << bit), f"0{len(lines[k])}x")
    path.write_text("\n".join(lines) + "\n")
    manifest_path = set_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for entry in manifest["arrays"]:
        for kind in ("h", "npz"):
            entry["files"].pop(kind, None)
            entry["sha256"].pop(kind, None)
        if entry["name"] == name:
            entry["sha256"]["hex"] = hashlib.sha256(path.read_bytes()).hexdigest()
    for other in ("vectors.h", "vectors.npz"):
        (set_dir / other).unlink(missing_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return old, old ^ (1 << bit)


def traced_set(out: Path, operator: str, config: dict, inputs: dict) -> Path:
    """A traced set written through fxsim.vectors (numpy definition), .hex files only."""
    arrays = produce(operator, config, inputs, "numpy", True)
    write_set(out, operator=operator, method=METHODS[operator], config=config, arrays=arrays,
              command="tests/golden/test_rtl.py", seed=None, backend="numpy", kinds=("hex",),
              record_commit=False, defines=DEFINES[operator](config, inputs))
    return out


def population_set(tmp_path: Path, population: dict, x: np.ndarray | None, name="set") -> Path:
    return traced_set(tmp_path / name, "population", {"population": population},
                      {} if x is None else {"input": x})


def test_every_primitive_has_a_checked_in_set():
    names = {p.name.split("_")[0] for p in RTL_SETS}
    assert names == {"population", "pwl", "divgroup"}


@pytest.mark.parametrize("set_dir", RTL_SETS, ids=lambda p: p.name)
def test_checked_in_sets_pass_every_word(set_dir):
    report = rtl.check(set_dir)
    assert report.failed == 0, report.log
    assert report.passed == words_in(set_dir) > 0
    assert report.ok


# Configs that reach the branches the checked-in sets do not: WRAP / SAT_SYM / SAT_ZERO,
# unsigned state, every shift rounding, a mult leak with rounding, zero reset to a non-zero
# v_reset, strict multi-spike, per-neuron and per-step tables, input shift, initial load.
EXTRA_POPULATIONS = {
    "wrap_zero_reset": dict(
        n=6, steps=9, v_format="fixed<10,10,TRN,WRAP>", acc_format="fixed<6,6,TRN,WRAP>",
        threshold=[[100, 90, 80, 70, 60, 50]], intensity=[[7, -3, 5, 31, -32, 1]],
        reset="zero", v_reset=-40, compare=">", input_shift=2,
        decay_v={"kind": "shift", "shift": 2, "rounding": "RND_INF"}),
    "unsigned_sat_multi": dict(
        n=5, steps=7, v_format="ufixed<12,12,TRN,SAT>", acc_format="ufixed<8,8,TRN,SAT>",
        threshold=[300, 250, 200, 700, 100, 90, 3000], intensity=9, max_spikes=5,
        reset_amount=[[40, 80, 1, 300, 500]],
        decay_v={"kind": "shift", "shift": 1, "rounding": "RND_CONV", "min_step": True}),
    "sat_sym_cuba_mult": dict(
        n=4, steps=10, v_format="fixed<12,12,TRN,SAT_SYM>", i_format="fixed<11,11,TRN,SAT_ZERO>",
        acc_format="fixed<10,10,TRN,SAT_SYM>", threshold=900, intensity=-300, bias=[5, -7, 0, 11],
        decay_v={"kind": "mult", "shift": 8, "factor": 200, "rounding": "RND_ZERO"},
        decay_i={"kind": "mult", "shift": 4, "factor": 13, "rounding": "RND_MIN_INF"},
        max_spikes=3),
    "increment_order_trn_zero": dict(
        n=3, steps=8, v_format="fixed<9,9,TRN,SAT>", i_format="fixed<9,9,TRN,WRAP>",
        acc_format="fixed<16,16,TRN,SAT>", threshold=[[60], [70], [80], [90], [100], [50], [40], [30]],
        bias=3, input_before_decay=True, membrane="increment", max_spikes=4,
        decay_v={"kind": "shift", "shift": 3, "rounding": "TRN_ZERO", "min_step": True},
        decay_i={"kind": "shift", "shift": 1, "rounding": "RND"}),
    # the widest state and the largest mult-leak factor the engine accepts (2^31 - 1)
    "wide_state_huge_factor": dict(
        n=4, steps=6, v_format="fixed<32,32,TRN,WRAP>", acc_format="ufixed<32,32,TRN,SAT>",
        threshold=[[300, -200, 50, 0]], intensity=3, max_spikes=2, bias=2**31 - 1,
        decay_v={"kind": "mult", "shift": 31, "factor": 2**31 - 1, "rounding": "RND_CONV"}),
    "initial_load_sat_zero": dict(
        n=7, steps=5, v_format="fixed<10,10,TRN,SAT_ZERO>", acc_format="fixed<12,12,TRN,SAT>",
        threshold=20, reset_amount=15, intensity=2, input_mode="initial", input_shift=1,
        max_spikes=2, decay_v={"kind": "shift", "shift": 2, "rounding": "TRN"}),
}


@pytest.mark.parametrize("name", sorted(EXTRA_POPULATIONS))
def test_extra_population_configs_pass_every_word(tmp_path, name):
    population = EXTRA_POPULATIONS[name]
    rng = np.random.default_rng(sum(map(ord, name)))
    initial = population.get("input_mode") == "initial"
    shape = (population["n"],) if initial else (population["steps"], population["n"])
    x = rng.integers(-400, 400, size=shape)
    set_dir = population_set(tmp_path, population, x)
    report = rtl.check(set_dir)
    assert report.ok, report.log
    _, arrays = read_set(set_dir)
    events = sum(int(a.raw.sum()) for name, a in arrays.items() if name.startswith("overflow_"))
    spikes = int(arrays["spike_count"].raw.sum())
    assert events > 0 and spikes > 0          # the set exercises saturation and firing


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32 - 1), width=st.integers(4, 20), signed=st.booleans(),
       rounding=st.sampled_from(list(range(7))), overflow=st.sampled_from(list(range(4))),
       shift=st.integers(0, 6), strict=st.booleans(), max_spikes=st.integers(1, 4),
       cuba=st.booleans(), zero_reset=st.booleans(), xylo_order=st.booleans())
def test_random_population_configs_pass_every_word(tmp_path_factory, seed, width, signed, rounding,
                                                   overflow, shift, strict, max_spikes, cuba,
                                                   zero_reset, xylo_order):
    from fxsim.formats import Overflow, Rounding
    mode, q = Overflow(overflow).name, Rounding(rounding).name
    kind = "fixed" if signed else "ufixed"
    rng = np.random.default_rng(seed)
    n, steps, span = 5, 6, 1 << (width - 1)
    population = dict(
        n=n, steps=steps, v_format=f"{kind}<{width},{width},TRN,{mode}>",
        acc_format=f"fixed<{width},{width},TRN,{mode}>", compare=">" if strict else ">=",
        threshold=[[int(t) for t in rng.integers(-span // 4, span, size=n)]],
        intensity=int(rng.integers(-3, 4)), max_spikes=max_spikes,
        reset="zero" if zero_reset else "subtract", v_reset=int(rng.integers(-span, span)),
        input_before_decay=xylo_order and cuba, membrane="increment" if xylo_order else "sum",
        decay_v={"kind": "shift", "shift": shift, "rounding": q, "min_step": bool(seed & 1)})
    if cuba:
        population["i_format"] = f"fixed<{width},{width},TRN,{mode}>"
        population["decay_i"] = {"kind": "mult", "shift": shift, "factor": int(rng.integers(0, 90)),
                                 "rounding": q}
    x = rng.integers(-span, span, size=(steps, n))
    set_dir = population_set(tmp_path_factory.mktemp("pop"), population, x)
    assert rtl.check(set_dir).ok


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 8), group=st.integers(1, 40),
       steps=st.integers(1, 4), normalize=st.booleans(), normalize_bit=st.integers(0, 20),
       out_width=st.integers(3, 14), out_frac_delta=st.integers(-3, 2),
       rounding=st.sampled_from(list(range(7))), overflow=st.sampled_from(list(range(4))))
def test_random_divgroup_configs_pass_every_word(tmp_path_factory, seed, n, group, steps,
                                                 normalize, normalize_bit, out_width,
                                                 out_frac_delta, rounding, overflow):
    from fxsim.formats import Overflow, Rounding
    frac = max(0, n + out_frac_delta)
    out_format = (f"fixed<{out_width},{out_width - frac},{Rounding(rounding).name},"
                  f"{Overflow(overflow).name}>")
    rng = np.random.default_rng(seed)
    m = 6
    b = rng.integers(1, 5000, size=m)
    a = rng.integers(0, 3 * b // steps + 2, size=(steps, m)) * rng.choice([-1, 1], size=m)
    set_dir = divgroup_set(tmp_path_factory.mktemp("div") / "set", a, b, n=n, G=group, T=steps,
                           normalize_denominator=normalize, normalize_bit=normalize_bit,
                           out_format=out_format)
    assert rtl.check(set_dir).ok


def test_flipped_expected_word_fails_exactly_that_word(tmp_path):
    set_dir = tmp_path / "xylo"
    shutil.copytree(ROOT / "golden" / "population_xylo_step", set_dir)
    flip_word(set_dir, "trace_v", 5)
    report = rtl.check(set_dir)
    assert (report.failed, report.passed) == (1, words_in(set_dir) - 1)
    assert "MISMATCH trace_v[5]" in report.log


def test_flipped_table_word_fails_the_bench(tmp_path):
    set_dir = tmp_path / "xylo"
    shutil.copytree(ROOT / "golden" / "population_xylo_step", set_dir)
    assert flip_word(set_dir, "threshold", 0, bit=8) == (300, 44)
    report = rtl.check(set_dir)
    assert report.failed > 0 and not report.ok


def test_cli_reports_counts_and_mismatch(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "fxsim.cli", "rtl-check",
                         str(ROOT / "golden" / "population_loihi1_impulse")],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert f"{words_in(ROOT / 'golden' / 'population_loihi1_impulse')} passed, 0 failed" in ok.stdout
    set_dir = tmp_path / "loihi"
    shutil.copytree(ROOT / "golden" / "population_loihi1_impulse", set_dir)
    flip_word(set_dir, "acc", 0)
    bad = subprocess.run([sys.executable, "-m", "fxsim.cli", "rtl-check", str(set_dir)],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "RTL MISMATCH: 1 word(s) differ" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_without_iverilog_is_one_line(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path))          # an empty directory: no iverilog
    res = subprocess.run([sys.executable, "-m", "fxsim.cli", "rtl-check",
                          str(ROOT / "golden" / "population_xylo_step")],
                         capture_output=True, text=True, env=env)
    assert res.returncode == 2
    assert res.stderr.strip() == ("fxsim: error: iverilog not found: install Icarus Verilog "
                                  "(apt-get install -y iverilog)")


def test_set_without_hex_files_is_an_error(tmp_path):
    config = {"population": EXTRA_POPULATIONS["wrap_zero_reset"]}
    arrays = produce("population", config, {}, "numpy", False)
    write_set(tmp_path / "npz_only", operator="population", method="engine", config=config,
              arrays=arrays, command="test", seed=None, backend="numpy", kinds=("npz",))
    with pytest.raises(FxError, match="no .hex file"):
        rtl.check(tmp_path / "npz_only")


@pytest.mark.parametrize("set_dir", RTL_SETS, ids=lambda p: p.name)
def test_units_lint_clean_with_verilator(verilator, set_dir):
    manifest = json.loads((set_dir / "manifest.json").read_text())
    assert rtl.lint(rtl.bench_for(manifest)) == ""


def _write_words(path: Path, words, digits: int) -> None:
    path.write_text("".join(format(int(w), f"0{digits}x") + "\n" for w in words))


def test_shift_round_and_fit_exhaustive(tmp_path):
    """fx_shift_round (8-bit inputs, K = 0..9, all 7 roundings) and fx_fit (10-bit inputs,
    W = 1..8, signed and unsigned, all 4 overflow modes) against the numpy definition."""
    from fxsim.backends.reference.arith import overflow, shift_right
    from fxsim.formats import Format, Overflow, Rounding
    kmax, wmax = 9, 8
    a = np.arange(-128, 128, dtype=np.int64)
    b = np.arange(-512, 512, dtype=np.int64)
    _write_words(tmp_path / "x8.hex", a & 0xFF, 2)
    _write_words(tmp_path / "x10.hex", b & 0x3FF, 3)
    shifts = [shift_right(a, k, Rounding(q)) & 0x1FF for k in range(kmax + 1) for q in range(7)]
    _write_words(tmp_path / "want_shift.hex", np.concatenate(shifts), 3)
    fits = []
    for w in range(1, wmax + 1):
        for signed in (0, 1):
            for mode in range(4):
                fmt = Format(bool(signed), w, 0, Rounding.TRN, Overflow(mode))
                raw = np.array([overflow(np.array([v]), fmt)[0][0] for v in b])
                fits.append((raw & ((1 << w) - 1)) | ((raw != b).astype(np.int64) << 16))
    _write_words(tmp_path / "want_fit.hex", np.concatenate(fits), 5)
    expected = a.size * (kmax + 1) * 7 + b.size * wmax * 8
    bench = rtl.Bench("tb_arith", "fx_fit", {}, {"KMAX": kmax, "WMAX": wmax}, expected)
    report = rtl.run_bench(tmp_path, bench, "arith")
    assert report.failed == 0, report.log
    assert report.passed == expected


# ---- PWL-Exp ---------------------------------------------------------------------------
def pwl_set(out: Path, x: np.ndarray, **fields) -> Path:
    from fxsim.primitives.pwl_exp import PwlExpConfig
    return traced_set(out, "pwl_exp", PwlExpConfig(**fields).to_dict(), {"input": x})


def test_pwl_exp_paper_config_on_inputs_across_every_segment(tmp_path):
    """Every 3rd raw input of [-5.5, 5.5] at the defaults (fx = 12): both clamps, every
    segment, inputs on and beside the knots."""
    x = np.arange(-22528, 22529, 3)
    report = rtl.check(pwl_set(tmp_path / "pwl", x))
    assert report.ok, report.log
    assert report.passed == 4 * x.size + 1


@pytest.mark.slow
def test_pwl_exp_paper_config_exhaustive(tmp_path):
    """All 65536 inputs of the default 16-bit input format (about 10 s)."""
    x = np.arange(-32768, 32768)
    report = rtl.check(pwl_set(tmp_path / "pwl", x))
    assert report.ok and report.passed == 4 * x.size + 1


PWL_CONFIGS = {
    # unsigned 12-bit slope, knots not representable (g = 0.4375 at fx = 6), RND output that
    # drops bits, a 10-bit signed input: L = 3.5, K = 16
    "coarse_rnd": dict(L=3.5, K=16, input_format="fixed<10,4,TRN,SAT>",
                       slope_format="ufixed<12,6>", intercept_format="fixed<14,7>",
                       output_format="ufixed<14,6,RND,SAT>"),
    # the output has more frac bits than a * x (fo > fa + fx): the sum is widened, not rounded
    "widening_output": dict(L=2.0, K=8, input_format="fixed<8,3,TRN,SAT>",
                            slope_format="ufixed<10,4>", intercept_format="fixed<10,4>",
                            output_format="fixed<24,4,TRN_ZERO,WRAP>"),
}


@pytest.mark.parametrize("name", sorted(PWL_CONFIGS))
def test_pwl_exp_other_formats_exhaustive(tmp_path, name):
    from fxsim.formats import Format
    fields = PWL_CONFIGS[name]
    fmt = Format.parse(fields["input_format"])
    x = np.arange(fmt.min_raw, fmt.max_raw + 1)            # every input of the format
    report = rtl.check(pwl_set(tmp_path / name, x, **fields))
    assert report.ok, report.log
    assert report.passed == 4 * x.size + 1


def test_flipped_lut_word_fails_the_pwl_bench(tmp_path):
    set_dir = tmp_path / "pwl"
    shutil.copytree(ROOT / "golden" / "pwl_exp_paper", set_dir)
    _, arrays = read_set(set_dir)
    inputs, knots = arrays["input"].raw, arrays["knots"].raw
    used = int(np.searchsorted(knots, inputs[(inputs > -20480) & (inputs < 20480)][0]))
    flip_word(set_dir, "slope", used, bit=20)               # a segment the set's inputs read
    report = rtl.check(set_dir)
    assert report.failed > 0 and not report.ok


def test_flipped_pwl_output_word_fails_exactly_that_word(tmp_path):
    set_dir = tmp_path / "pwl"
    shutil.copytree(ROOT / "golden" / "pwl_exp_paper", set_dir)
    flip_word(set_dir, "output", 7)
    report = rtl.check(set_dir)
    assert (report.failed, report.passed) == (1, words_in(set_dir) - 1)
    assert "MISMATCH output[7]" in report.log


# ---- Division Neuron Group ---------------------------------------------------------------
def divgroup_set(out: Path, a: np.ndarray, b: np.ndarray, **fields) -> Path:
    from fxsim.primitives.divgroup import DivGroupConfig
    return traced_set(out, "divgroup", DivGroupConfig(**fields).to_dict(),
                      {"numerator": a, "denominator": b})


DIVGROUP_CONFIGS = {
    # no normalisation: theta from B >> n alone (clamped to 1 for B < 2^n), G = 2^n
    "plain": dict(n=4, T=3),
    # a small group that saturates often; out_format drops 2 frac bits with RND_CONV
    "small_group_rounded": dict(n=6, G=5, T=2, normalize_denominator=True, normalize_bit=14,
                                out_format="fixed<8,4,RND_CONV,SAT>"),
    # one step, out_format with more frac bits than n (widened) and WRAP
    "one_step_widened": dict(n=3, T=1, normalize_denominator=True,
                             out_format="fixed<8,3,TRN,WRAP>"),
}


@pytest.mark.parametrize("name", sorted(DIVGROUP_CONFIGS))
def test_divgroup_other_configs_pass_every_word(tmp_path, name):
    fields = DIVGROUP_CONFIGS[name]
    rng = np.random.default_rng(sum(map(ord, name)))
    m, T = 40, fields["T"]
    b = rng.integers(1, 3000, size=m)
    sign = rng.choice([-1, 1], size=m)
    a = rng.integers(0, 2 * b // T + 2, size=(T, m)) * sign
    a[:, :4] = 0                                          # zero numerators of either sign
    a[0, 3] = -1                                          # -1/B: floors to -1 LSB
    report = rtl.check(divgroup_set(tmp_path / name, a, b, **fields))
    assert report.ok, report.log
    assert report.passed == 3 * m + 1 + 2 * T * m


def test_flipped_quotient_word_fails_exactly_that_word(tmp_path):
    set_dir = tmp_path / "div"
    shutil.copytree(ROOT / "golden" / "divgroup_t4", set_dir)
    flip_word(set_dir, "quotient", 2)
    report = rtl.check(set_dir)
    assert (report.failed, report.passed) == (1, words_in(set_dir) - 1)
    assert "MISMATCH quotient[2]" in report.log


def test_flipped_denominator_fails_the_divgroup_bench(tmp_path):
    set_dir = tmp_path / "div"
    shutil.copytree(ROOT / "golden" / "divgroup_t4", set_dir)
    flip_word(set_dir, "denominator", 3, bit=15)
    report = rtl.check(set_dir)
    assert report.failed > 0 and not report.ok


def untraced_set(out: Path, operator: str, config: dict, inputs: dict) -> Path:
    arrays = produce(operator, config, inputs, "numpy", False)
    write_set(out, operator=operator, method=METHODS[operator], config=config, arrays=arrays,
              command="tests/golden/test_rtl.py", seed=None, backend="numpy", kinds=("hex",),
              record_commit=False, defines=DEFINES[operator](config, inputs))
    return out


def test_untraced_sets_compare_outputs_only(tmp_path):
    """Sets written without --trace (and a population without input: bias drives it)."""
    from fxsim.primitives.divgroup import DivGroupConfig
    from fxsim.primitives.pwl_exp import PwlExpConfig
    sets = [untraced_set(tmp_path / "pop", "population",
                         {"population": EXTRA_POPULATIONS["sat_sym_cuba_mult"]}, {}),
            untraced_set(tmp_path / "pwl", "pwl_exp", PwlExpConfig().to_dict(),
                         {"input": np.arange(-25000, 25000, 97)}),
            untraced_set(tmp_path / "div", "divgroup", DivGroupConfig(n=5, T=2).to_dict(),
                         {"numerator": np.array([[3, -40, 0], [9, -2, 0]]),
                          "denominator": np.array([7, 13, 1])})]
    for set_dir in sets:
        assert not list(set_dir.glob("trace_*"))
        report = rtl.check(set_dir)
        assert report.ok and report.passed == words_in(set_dir), report.log


@pytest.mark.parametrize("keep", [True, False])
def test_cli_show_commands_rerun_verbatim_from_the_repository_root(tmp_path, keep):
    """The printed lines, run as they are by a shell from another directory after fxsim
    exited, rebuild the bench and pass (the bench is kept; vvp runs inside the set)."""
    set_dir = ROOT / "golden" / "divgroup_t4"
    res = subprocess.run([sys.executable, "-m", "fxsim.cli", "rtl-check", str(set_dir),
                          "--show-commands", *(["--keep", str(tmp_path)] if keep else [])],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    lines = [line.strip()[2:] for line in res.stdout.splitlines() if line.strip().startswith("$ ")]
    assert len(lines) == 2 and lines[1].startswith("cd ")
    binary = Path(lines[0].split()[lines[0].split().index("-o") + 1])
    assert binary.parent.parent == tmp_path if keep else binary.exists()
    binary.unlink()                                     # the build command must remake it
    for line in lines:
        ran = subprocess.run(["bash", "-c", line], cwd=ROOT, capture_output=True, text=True)
        assert ran.returncode == 0, ran.stderr
    assert f"{words_in(set_dir)} passed, 0 failed" in ran.stdout
    if not keep:
        shutil.rmtree(binary.parent.parent)


def test_a_parameter_the_bench_lacks_is_an_error():
    manifest = json.loads((ROOT / "golden" / "divgroup_t4" / "manifest.json").read_text())
    bench = rtl.bench_for(manifest)
    bench.bench_params["NO_SUCH_PARAMETER"] = 1
    with pytest.raises(FxError, match="not found"):
        rtl.run_bench(ROOT / "golden" / "divgroup_t4", bench, "divgroup")


@pytest.mark.parametrize("unit, params", [
    ("fx_shift_round", {"IN_W": 8, "K": 0, "ROUNDING": 0}),
    ("fx_shift_round", {"IN_W": 8, "K": 1, "ROUNDING": 6}),
    ("fx_shift_round", {"IN_W": 8, "K": 11, "ROUNDING": 3}),
    ("fx_fit", {"IN_W": 10, "W": 1, "SIGNED": 1, "OVERFLOW": 2}),
    ("fx_fit", {"IN_W": 10, "W": 12, "SIGNED": 0, "OVERFLOW": 0}),
    ("fx_leak", {"W": 40, "KIND": 2, "SHIFT": 12, "ROUNDING": 1, "FACTOR": 3072, "FACTOR_W": 13}),
    ("fx_pwl_exp", {"K": 1, "FO": 40, "YW": 48, "Y_SIGNED": 1}),
    ("fx_divgroup", {"NORMALIZE": 1, "NORMALIZE_BIT": 3, "BW": 40, "G": 5, "OUT_DROP": -3}),
])
def test_units_lint_clean_at_corner_parameters(verilator, unit, params):
    assert rtl.lint(rtl.Bench("", unit, params)) == ""


UNITS = sorted(p.stem for p in rtl.HDL_DIR.glob("*.v"))


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_lints_clean_at_its_defaults(verilator, unit):
    """verilator --lint-only -Wall on every module of hdl/ (a new unit is covered as it lands)."""
    assert rtl.lint(rtl.Bench("", unit, {})) == ""


def test_lint_reports_a_warning(verilator, tmp_path, monkeypatch):
    """The lint is live: a unit with an unused input fails it with verilator's message."""
    (tmp_path / "fx_unused.v").write_text(
        "module fx_unused (input wire a, input wire b, output wire y);\n"
        "    assign y = a;\nendmodule\n")
    monkeypatch.setattr(rtl, "HDL_DIR", tmp_path)
    with pytest.raises(FxError, match="UNUSED"):
        rtl.lint(rtl.Bench("", "fx_unused", {}))
