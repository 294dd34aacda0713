"""Reference RTL (``hdl/``) checked word for word against golden-vector sets.

:func:`check` picks the test bench of a set's operator, derives the bench parameters from the
set's manifest (array widths, signedness, shapes) and the operator configuration it records,
builds the bench with Icarus Verilog (``iverilog -g2005``) into a temporary directory, runs it
(``vvp``) inside the set directory, where it reads the set's ``.hex`` files with ``$readmemh``,
and returns the bench's counts. :func:`lint` runs ``verilator --lint-only -Wall`` on the unit
under test with the same parameters.
"""
from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import FxError
from ..files.population_toml import population_from_dict
from ..formats import Format
from ..vectors.golden import read_set
from ..vectors.producers import producer_key

#: the Verilog sources: units in hdl/, benches in hdl/tb/ (a source checkout of fxsim)
HDL_DIR = Path(__file__).resolve().parents[2] / "hdl"
#: seconds a bench may run
TIMEOUT = 600

ParamValue = int | str


@dataclass
class Bench:
    """A bench and its unit under test, configured for one golden set."""

    top: str                               # bench module (hdl/tb/<top>.v)
    unit: str                              # unit module (hdl/<unit>.v)
    unit_params: dict[str, ParamValue]     # parameters of the unit (also passed to the bench)
    bench_params: dict[str, ParamValue] = field(default_factory=dict)   # set shape, files
    expected_words: int = 0                # words the bench must compare (manifest counts)


@dataclass
class RtlReport:
    """Result of one bench run: counts as printed by the bench, and its output."""

    set_dir: str
    operator: str
    bench: Bench
    passed: int
    failed: int
    log: str
    commands: list[list[str]] = field(default_factory=list)   # iverilog and vvp, as run

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.passed == self.bench.expected_words

    def first_mismatch(self) -> str:
        lines = [line for line in self.log.splitlines() if line.startswith("MISMATCH")]
        return lines[0] if lines else (f"compared {self.passed + self.failed} words, "
                                       f"expected {self.bench.expected_words}")

    def summary(self) -> str:
        return (f"{self.set_dir}: {self.operator} on {self.bench.unit} ({self.bench.top}): "
                f"{self.passed} passed, {self.failed} failed "
                f"({self.bench.expected_words} words in the set)")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FxError(f"{name} not found: install Icarus Verilog (apt-get install -y iverilog)")
    return path


def _hdl_sources() -> list[Path]:
    units = sorted(HDL_DIR.glob("*.v"))
    if not units:
        raise FxError(f"RTL sources not found in {HDL_DIR} (rtl-check runs from a source checkout)")
    return units


def _entries(manifest: dict) -> dict[str, dict]:
    return {e["name"]: e for e in manifest["arrays"]}


def _compared_words(manifest: dict) -> int:
    return sum(e["count"] for e in manifest["arrays"] if e["role"] in ("output", "trace"))


def _table(prefix: str, entry: dict) -> dict[str, int]:
    """A [rows, cols] schedule table's word width, signedness and shape as bench parameters."""
    rows, cols = entry["shape"]
    return {f"{prefix}_W": entry["width"], f"{prefix}_SIGNED": int(entry["signed"]),
            f"{prefix}_ROWS": rows, f"{prefix}_COLS": cols}


def population_bench(manifest: dict) -> Bench:
    """tb_population / fx_lif_lane, configured from the set's population config."""
    cfg = population_from_dict(manifest["config"]).plan().scalars()
    unit: dict[str, ParamValue] = {"XW": 32, "INPUT_SHIFT": cfg["input_shift"]}   # int32 input
    for var, key in (("V", "v_format"), ("I", "i_format"), ("A", "acc_format")):
        signed, width, _rounding, overflow = cfg[key]
        unit.update({f"{var}W": width, f"{var}_SIGNED": signed, f"{var}_OVERFLOW": overflow})
    for var, key in (("V", "decay_v"), ("I", "decay_i")):
        kind, shift, rounding, min_step, factor = cfg[key]
        unit.update({f"LEAK_{var}_KIND": kind, f"LEAK_{var}_SHIFT": shift,
                     f"LEAK_{var}_ROUNDING": rounding, f"LEAK_{var}_MIN_STEP": min_step,
                     f"LEAK_{var}_FACTOR": factor})
    unit.update({"CUBA": cfg["cuba"], "INPUT_BEFORE_DECAY": cfg["input_before_decay"],
                 "MEMBRANE_INCREMENT": cfg["membrane"], "COMPARE_STRICT": cfg["compare_strict"],
                 "RESET_ZERO": cfg["reset"], "V_RESET": cfg["v_reset"],
                 "MAX_SPIKES": cfg["max_spikes"]})
    arrays = _entries(manifest)
    bench: dict[str, ParamValue] = {
        "N": cfg["n"], "T": cfg["steps"], "INITIAL": cfg["input_mode"],
        "HAS_INPUT": int("input" in arrays), "TRACED": int("trace_v" in arrays)}
    tables = (("THETA", "threshold"), ("RESET", "reset_amount"), ("INTENSITY", "intensity"),
              ("BIAS", "bias"))
    for prefix, name in tables:
        bench.update(_table(prefix, arrays[name]))
    unit["SW"] = max(arrays[name]["width"] + 1 for _, name in tables)
    return Bench("tb_population", "fx_lif_lane", unit, bench, _compared_words(manifest))


def _stored(prefix: str, entry: dict) -> dict[str, int]:
    """Width, signedness and frac bits of a stored array as unit parameters."""
    return {f"{prefix}W": entry["width"], f"{prefix}_SIGNED": int(entry["signed"]),
            f"F{prefix}": entry["frac_bits"]}


def _defines(manifest: dict, names: tuple[str, ...]) -> dict:
    defines = manifest.get("defines") or {}
    missing = [name for name in names if name not in defines]
    if missing:
        raise FxError(f"the manifest has no {', '.join(missing)} (write the set with fxsim >= "
                      "format_version 1.2.0)")
    return defines


def pwl_exp_bench(manifest: dict) -> Bench:
    """tb_pwl_exp / fx_pwl_exp: formats from the set's arrays, constants from its defines."""
    arrays = _entries(manifest)
    defines = _defines(manifest, ("FXSIM_PWL_SEGMENTS", "FXSIM_PWL_X_LO", "FXSIM_PWL_X_HI",
                                  "FXSIM_PWL_UPPER"))
    out = Format.parse(arrays["output"]["format"])
    unit: dict[str, ParamValue] = {
        **_stored("X", arrays["input"]), "KW": arrays["knots"]["width"],
        "KNOT_SIGNED": int(arrays["knots"]["signed"]), **_stored("A", arrays["slope"]),
        **_stored("B", arrays["intercept"]), "YW": out.width, "Y_SIGNED": int(out.signed),
        "FO": out.frac, "Y_ROUNDING": int(out.rounding), "Y_OVERFLOW": int(out.overflow),
        "K": defines["FXSIM_PWL_SEGMENTS"], "X_LO": defines["FXSIM_PWL_X_LO"],
        "X_HI": defines["FXSIM_PWL_X_HI"], "UPPER": defines["FXSIM_PWL_UPPER"]}
    traced = "trace_index" in arrays
    bench: dict[str, ParamValue] = {"COUNT": arrays["input"]["count"], "TRACED": int(traced)}
    if traced:
        for prefix, name in (("INDEX", "trace_index"), ("PRODUCT", "trace_product"),
                             ("SUM", "trace_sum")):
            bench[f"{prefix}_TRACE_W"] = arrays[name]["width"]
            bench[f"{prefix}_TRACE_SIGNED"] = int(arrays[name]["signed"])
    return Bench("tb_pwl_exp", "fx_pwl_exp", unit, bench, _compared_words(manifest))


def divgroup_unit_params(a_width: int, a_signed: bool, b_width: int, defines: dict) -> dict:
    """fx_divgroup's parameters for a numerator of ``a_width`` bits, an unsigned denominator of
    ``b_width`` bits and the group of ``defines`` (the FXSIM_DIV_* names)."""
    steps = defines["FXSIM_DIV_STEPS"]
    shift_max = defines["FXSIM_DIV_NORMALIZE_BIT"] if defines["FXSIM_DIV_NORMALIZE"] else 0
    out_signed, out_width, out_rounding, out_overflow = defines["FXSIM_DIV_OUT_FORMAT"]
    return {
        "AW": a_width, "A_SIGNED": int(a_signed), "BW": b_width, "N": defines["FXSIM_DIV_N"],
        "G": defines["FXSIM_DIV_GROUP"], "NORMALIZE": defines["FXSIM_DIV_NORMALIZE"],
        "NORMALIZE_BIT": defines["FXSIM_DIV_NORMALIZE_BIT"],
        # the membrane holds T steps of |a| << k: AW + k_max + log2(T) bits
        "VW": a_width + shift_max + max(1, steps - 1).bit_length() + 1,
        "OUT_W": out_width, "OUT_SIGNED": out_signed, "OUT_ROUNDING": out_rounding,
        "OUT_OVERFLOW": out_overflow, "OUT_DROP": defines["FXSIM_DIV_OUT_DROP"]}


def divgroup_bench(manifest: dict) -> Bench:
    """tb_divgroup / fx_divgroup: input widths from the set's arrays, the group from its
    defines. The bench also compares the set's shift and theta tables (derived from B)."""
    arrays = _entries(manifest)
    defines = _defines(manifest, ("FXSIM_DIV_STEPS", "FXSIM_DIV_N", "FXSIM_DIV_GROUP",
                                  "FXSIM_DIV_NORMALIZE", "FXSIM_DIV_NORMALIZE_BIT",
                                  "FXSIM_DIV_OUT_DROP", "FXSIM_DIV_OUT_FORMAT"))
    numerator = arrays["numerator"]
    unit = divgroup_unit_params(numerator["width"], numerator["signed"],
                                arrays["denominator"]["width"], defines)
    bench: dict[str, ParamValue] = {"M": arrays["denominator"]["count"],
                                    "T": defines["FXSIM_DIV_STEPS"],
                                    "TRACED": int("trace_membrane" in arrays)}
    tables = arrays["shift"]["count"] + arrays["theta"]["count"]
    return Bench("tb_divgroup", "fx_divgroup", unit, bench, _compared_words(manifest) + tables)


PN_DEFINES = ("FXSIM_PN_D", "FXSIM_PN_N", "FXSIM_PN_GUARD_BITS", "FXSIM_PN_HAS_EPS",
              "FXSIM_PN_EPS_RAW", "FXSIM_PN_GAIN_M", "FXSIM_PN_GAIN_SHIFT",
              "FXSIM_PN_INTERNAL_FORMAT", "FXSIM_PN_OUTPUT_FORMAT", "FXSIM_PN_OUTPUT_DROP")


def polarnorm_params(manifest: dict, input_name: str) -> dict[str, ParamValue]:
    """fx_polarnorm's parameters: the input's width from its array, the rest from FXSIM_PN_*."""
    defines = _defines(manifest, PN_DEFINES)
    x = _entries(manifest)[input_name]
    _, iw, i_rounding, i_overflow = defines["FXSIM_PN_INTERNAL_FORMAT"]
    out_signed, out_w, out_rounding, out_overflow = defines["FXSIM_PN_OUTPUT_FORMAT"]
    gain_m = defines["FXSIM_PN_GAIN_M"]
    return {"XW": x["width"], "X_SIGNED": int(x["signed"]), "D": defines["FXSIM_PN_D"],
            "HAS_EPS": defines["FXSIM_PN_HAS_EPS"], "IW": iw,
            "GUARD": defines["FXSIM_PN_GUARD_BITS"],
            "I_ROUNDING": i_rounding, "I_OVERFLOW": i_overflow, "N": defines["FXSIM_PN_N"],
            "GMW": gain_m.bit_length(), "GAIN_M": gain_m,
            "GAIN_SHIFT": defines["FXSIM_PN_GAIN_SHIFT"], "OUT_W": out_w,
            "OUT_SIGNED": out_signed, "OUT_ROUNDING": out_rounding,
            "OUT_OVERFLOW": out_overflow, "OUT_DROP": defines["FXSIM_PN_OUTPUT_DROP"]}


#: PolarNorm's arrays in its own set (bench parameter -> array name)
PN_FILES = {"INPUT_FILE": "input", "OUTPUT_FILE": "output",
            "OVERFLOW_INPUT_FILE": "overflow_input", "OVERFLOW_MERGE_FILE": "overflow_merge",
            "OVERFLOW_OUTPUT_FILE": "overflow_output", "SORTED_FILE": "trace_sorted",
            "CORDIC_X_FILE": "trace_cordic_x", "CORDIC_Y_FILE": "trace_cordic_y",
            "MERGED_FILE": "trace_merged"}
#: ... and the PolarNorm part of an nlspike rmsnorm / layernorm set
PN_PART_FILES = {"INPUT_FILE": "trace_norm_input", "OUTPUT_FILE": "trace_norm",
                 "OVERFLOW_INPUT_FILE": "count_polarnorm_overflow_input",
                 "OVERFLOW_MERGE_FILE": "count_polarnorm_overflow_merge",
                 "OVERFLOW_OUTPUT_FILE": "count_polarnorm_overflow_output",
                 "SORTED_FILE": "trace_polarnorm_sorted",
                 "CORDIC_X_FILE": "trace_polarnorm_cordic_x",
                 "CORDIC_Y_FILE": "trace_polarnorm_cordic_y",
                 "MERGED_FILE": "trace_polarnorm_merged"}


def _polarnorm_bench(manifest: dict, files: dict[str, str]) -> Bench:
    arrays = _entries(manifest)
    if files["INPUT_FILE"] not in arrays:
        raise FxError(f"the set has no {files['INPUT_FILE']} array (write it with --trace)")
    traced = files["SORTED_FILE"] in arrays
    present = [name for key, name in files.items() if key != "INPUT_FILE" and name in arrays]
    defines = manifest["defines"]
    bench: dict[str, ParamValue] = {
        "ROWS": arrays[files["INPUT_FILE"]]["shape"][0], "TRACED": int(traced),
        "EPS_RAW": defines["FXSIM_PN_EPS_RAW"],
        **{key: f"{name}.hex" for key, name in files.items()}}
    if defines.get("FXSIM_OP_ROW_EXPONENT"):      # a norm set: each row's eps leaf
        if "trace_row_exponent" not in arrays:
            raise FxError("the PolarNorm part of a norm set with the row exponent needs --trace")
        bench.update({"ROW_EXPONENT": 1, "EXP_LO": defines["FXSIM_OP_EXP_LO"],
                      "N_EPS_LEAVES": max(1, defines["FXSIM_OP_N_EPS_LEAVES"]),
                      "ROW_E_W": arrays["trace_row_exponent"]["width"]})
    return Bench("tb_polarnorm", "fx_polarnorm", polarnorm_params(manifest, files["INPUT_FILE"]),
                 bench, sum(arrays[name]["count"] for name in present))


def polarnorm_bench(manifest: dict) -> Bench:
    """tb_polarnorm / fx_polarnorm on a PolarNorm set: every output, counter and trace word."""
    return _polarnorm_bench(manifest, PN_FILES)


def norm_polarnorm_bench(manifest: dict) -> Bench:
    """tb_polarnorm / fx_polarnorm on the PolarNorm part of a traced nlspike rmsnorm or
    layernorm set (its rows are trace_norm_input, its norm trace_norm; with the row exponent,
    each row's eps leaf is row_exponent_eps_leaves at its trace_row_exponent)."""
    return _polarnorm_bench(manifest, PN_PART_FILES)


def _format_params(prefix: str, fmt: list[int]) -> dict[str, int]:
    """An fx_format_t brace list [signed, width, rounding, overflow] as <PREFIX>_* parameters."""
    signed, width, rounding, overflow = fmt
    return {f"{prefix}_W": width, f"{prefix}_SIGNED": signed, f"{prefix}_ROUNDING": rounding,
            f"{prefix}_OVERFLOW": overflow}


def _trace_params(arrays: dict, names: dict[str, str]) -> dict[str, int]:
    """<PREFIX>_TW / _TS: the stored width and signedness of each expected trace present."""
    out: dict[str, int] = {}
    for prefix, name in names.items():
        if name in arrays:
            out[f"{prefix}_TW"] = arrays[name]["width"]
            out[f"{prefix}_TS"] = int(arrays[name]["signed"])
    return out


def nlspike_pwl_params(manifest: dict) -> dict[str, ParamValue]:
    """fx_pwl_exp's parameters inside an nlspike operator (its input is the operator's exp
    input format E, its tables the pwl_exp_* arrays)."""
    arrays = _entries(manifest)
    defines = _defines(manifest, ("FXSIM_PWL_SEGMENTS", "FXSIM_PWL_X_LO", "FXSIM_PWL_X_HI",
                                  "FXSIM_PWL_UPPER", "FXSIM_PWL_OUT_FRAC",
                                  "FXSIM_PWL_OUT_FORMAT", "FXSIM_OP_EXP_IN"))
    knots = arrays["pwl_exp_knots"]
    e_signed, e_width, e_rounding, e_overflow = defines["FXSIM_PWL_OUT_FORMAT"]
    if e_signed:
        raise FxError("the RTL datapaths take an unsigned PWL-Exp output format")
    return {"EIN_W": defines["FXSIM_OP_EXP_IN"][1], "EIN_SIGNED": defines["FXSIM_OP_EXP_IN"][0],
            "FE": knots["frac_bits"], "KW": knots["width"], "KNOT_SIGNED": int(knots["signed"]),
            **_stored("A", arrays["pwl_exp_slope"]), **_stored("B", arrays["pwl_exp_intercept"]),
            "EW": e_width, "FO": defines["FXSIM_PWL_OUT_FRAC"], "E_ROUNDING": e_rounding,
            "E_OVERFLOW": e_overflow, "K": defines["FXSIM_PWL_SEGMENTS"],
            "X_LO": defines["FXSIM_PWL_X_LO"], "X_HI": defines["FXSIM_PWL_X_HI"],
            "UPPER": defines["FXSIM_PWL_UPPER"]}


def _div_params(defines: dict) -> dict[str, int]:
    return {"N": defines["FXSIM_DIV_N"], "G": defines["FXSIM_DIV_GROUP"],
            "NORMALIZE": defines["FXSIM_DIV_NORMALIZE"],
            "NORMALIZE_BIT": defines["FXSIM_DIV_NORMALIZE_BIT"]}


#: the activation bench's expected traces: parameter prefix -> array
ACTIVATION_TRACES = {"EXP_INPUT": "trace_exp_input", "EXP": "trace_exp",
                     "NUMERATOR": "trace_numerator", "DENOMINATOR": "trace_denominator",
                     "INDEX": "trace_pwl_exp_index", "PRODUCT": "trace_pwl_exp_product",
                     "SUM": "trace_pwl_exp_sum", "MEMBRANE": "trace_divgroup_membrane",
                     "LATCHED": "trace_divgroup_latched", "X2": "trace_x2", "X3": "trace_x3",
                     "TWO_U": "trace_two_u"}


def activation_bench(manifest: dict) -> Bench:
    """tb_activation / fx_activation: the whole sigmoid, silu or gelu_tanh datapath, configured
    from the fused plan's FXSIM_OP_* defines, FXSIM_PWL_* with the pwl_exp_* arrays and
    FXSIM_DIV_*; every output, counter and trace word."""
    arrays = _entries(manifest)
    op = "FXSIM_OP_"
    defines = _defines(manifest, tuple(op + k for k in (
        "KIND", "CLIP_RAW", "POLY", "POLY_IN_DROP", "POLY_FRAC", "C1_M", "C3_M", "C1_SHIFT",
        "C3_SHIFT", "EXP_IN_DROP", "EXP_IN", "DEN_SHIFT", "NUM_SHIFT", "OUT_DROP", "OUT",
        "BYPASS_DROP")) + ("FXSIM_DIV_N", "FXSIM_DIV_GROUP", "FXSIM_DIV_NORMALIZE",
                            "FXSIM_DIV_NORMALIZE_BIT"))
    poly = _format_params("P", defines[op + "POLY"])
    poly["PW"] = poly.pop("P_W")
    out = _format_params("OUT", defines[op + "OUT"])
    _, _, ein_rounding, ein_overflow = defines[op + "EXP_IN"]
    unit: dict[str, ParamValue] = {
        "KIND": defines[op + "KIND"], "XW": arrays["input"]["width"],
        "X_SIGNED": int(arrays["input"]["signed"]), "CLIP_RAW": defines[op + "CLIP_RAW"],
        **poly, "POLY_IN_DROP": defines[op + "POLY_IN_DROP"],
        "POLY_FRAC": defines[op + "POLY_FRAC"],
        "C1W": max(1, defines[op + "C1_M"].bit_length()), "C1_M": defines[op + "C1_M"],
        "C1_SHIFT": defines[op + "C1_SHIFT"],
        "C3W": max(1, defines[op + "C3_M"].bit_length()), "C3_M": defines[op + "C3_M"],
        "C3_SHIFT": defines[op + "C3_SHIFT"], "EXP_IN_DROP": defines[op + "EXP_IN_DROP"],
        "EIN_ROUNDING": ein_rounding, "EIN_OVERFLOW": ein_overflow,
        **nlspike_pwl_params(manifest), "DEN_SHIFT": defines[op + "DEN_SHIFT"],
        "NUM_SHIFT": defines[op + "NUM_SHIFT"], **_div_params(defines), **out,
        "OUT_DROP": defines[op + "OUT_DROP"], "BYPASS_DROP": defines[op + "BYPASS_DROP"]}
    traced = "trace_exp" in arrays
    bench: dict[str, ParamValue] = {"COUNT": arrays["input"]["count"], "TRACED": int(traced),
                                    **_trace_params(arrays, ACTIVATION_TRACES)}
    return Bench("tb_activation", "fx_activation", unit, bench, _compared_words(manifest))


#: the softmax bench's expected traces: parameter prefix -> array
SOFTMAX_TRACES = {"SHIFTED": "trace_shifted", "EXP": "trace_exp", "ROW_SUM": "trace_sum",
                  "INDEX": "trace_pwl_exp_index", "PRODUCT": "trace_pwl_exp_product",
                  "SUM": "trace_pwl_exp_sum", "MEMBRANE": "trace_divgroup_membrane",
                  "LATCHED": "trace_divgroup_latched"}


def softmax_bench(manifest: dict) -> Bench:
    """tb_softmax / fx_softmax: the whole softmax datapath, configured from the fused plan's
    FXSIM_OP_* defines, FXSIM_PWL_* with the pwl_exp_* arrays and FXSIM_DIV_*; every output,
    counter and trace word."""
    arrays = _entries(manifest)
    op = "FXSIM_OP_"
    defines = _defines(manifest, tuple(op + k for k in ("D", "L_RAW", "EXP_IN_DROP", "EXP_IN",
                                                         "OUT_DROP", "OUT")) + (
        "FXSIM_DIV_N", "FXSIM_DIV_GROUP", "FXSIM_DIV_NORMALIZE", "FXSIM_DIV_NORMALIZE_BIT"))
    _, _, ein_rounding, ein_overflow = defines[op + "EXP_IN"]
    rows, d = arrays["input"]["shape"]
    unit: dict[str, ParamValue] = {
        "XW": arrays["input"]["width"], "X_SIGNED": int(arrays["input"]["signed"]), "D": d,
        "L_RAW": defines[op + "L_RAW"], "L_W": max(1, defines[op + "L_RAW"].bit_length()),
        "EXP_IN_DROP": defines[op + "EXP_IN_DROP"], "EIN_ROUNDING": ein_rounding,
        "EIN_OVERFLOW": ein_overflow, **nlspike_pwl_params(manifest), **_div_params(defines),
        **_format_params("OUT", defines[op + "OUT"]), "OUT_DROP": defines[op + "OUT_DROP"]}
    bench: dict[str, ParamValue] = {"ROWS": rows, "TRACED": int("trace_exp" in arrays),
                                    **_trace_params(arrays, SOFTMAX_TRACES)}
    return Bench("tb_softmax", "fx_softmax", unit, bench, _compared_words(manifest))


def mbe_bank_params(manifest: dict, bank: int) -> dict[str, ParamValue]:
    """One MBE bank's parameters (suffix = the bank): its normalisation from
    FXSIM_MBE_MBE_BANK<b>_*, its table widths and ROM files from the mbe_mbe_bank<b>_* arrays."""
    arrays = _entries(manifest)
    prefix = f"FXSIM_MBE_MBE_BANK{bank}_"
    defines = _defines(manifest, tuple(prefix + k for k in ("SIGN", "OFFSET", "SCALE_M",
                                                             "SCALE_DROP")))
    out: dict[str, ParamValue] = {
        f"SIGN{bank}": defines[prefix + "SIGN"], f"OFFSET{bank}": defines[prefix + "OFFSET"],
        f"SCALE_W{bank}": max(1, defines[prefix + "SCALE_M"].bit_length()),
        f"SCALE_M{bank}": defines[prefix + "SCALE_M"],
        f"SCALE_DROP{bank}": defines[prefix + "SCALE_DROP"]}
    for short, name in (("TH", "threshold"), ("R", "reset"), ("D", "intensity")):
        table = arrays[f"mbe_mbe_bank{bank}_{name}"]
        out.update({f"{short}_W{bank}": table["width"], f"{short}_SIGNED{bank}": int(table["signed"])})
    return out


def mbe_neuron_bench(manifest: dict) -> Bench:
    """tb_mbe_neuron / fx_mbe_neuron: an MBE activation (gelu, tanh, sigmoid, silu) from its
    banks' tables and FXSIM_MBE_MBE_*, FXSIM_POP_* and FXSIM_OP_* defines; every output,
    counter and spike word."""
    arrays = _entries(manifest)
    defines = _defines(manifest, ("FXSIM_MBE_MBE_STEPS", "FXSIM_MBE_MBE_BANKS",
                                  "FXSIM_MBE_MBE_U_FRAC", "FXSIM_MBE_MBE_OUT_DROP",
                                  "FXSIM_MBE_MBE_OUT_FORMAT", "FXSIM_POP_V_FORMAT",
                                  "FXSIM_POP_ACC_FORMAT", "FXSIM_POP_COMPARE_STRICT",
                                  "FXSIM_OP_OUT"))
    banks = defines["FXSIM_MBE_MBE_BANKS"]
    if banks not in (1, 2):
        raise FxError(f"fx_mbe_neuron takes one or two banks, the set has {banks}")
    bases = [arrays[f"mbe_mbe_bank{b}_threshold"]["shape"][0] for b in range(banks)]
    v = _format_params("V", defines["FXSIM_POP_V_FORMAT"])
    v["VW"] = v.pop("V_W")
    acc = _format_params("A", defines["FXSIM_POP_ACC_FORMAT"])
    acc["AW"] = acc.pop("A_W")
    del acc["A_ROUNDING"]
    mo = _format_params("MO", defines["FXSIM_MBE_MBE_OUT_FORMAT"])
    glue = 1 if "FXSIM_OP_ONE" in defines else 2 if "FXSIM_OP_PASS_FROM" in defines else 0
    unit: dict[str, ParamValue] = {
        "XW": arrays["input"]["width"], "NBANK": banks, "NB0": bases[0],
        "NB1": bases[1] if banks == 2 else 1, "T": defines["FXSIM_MBE_MBE_STEPS"], **v,
        "U_FRAC": defines["FXSIM_MBE_MBE_U_FRAC"], **acc,
        "COMPARE_STRICT": defines["FXSIM_POP_COMPARE_STRICT"],
        **{k: val for b in range(banks) for k, val in mbe_bank_params(manifest, b).items()},
        "BIAS_W": arrays["mbe_mbe_bias"]["width"],
        "BIAS_SIGNED": int(arrays["mbe_mbe_bias"]["signed"]),
        "OUT_DROP": defines["FXSIM_MBE_MBE_OUT_DROP"], **mo, "GLUE": glue,
        "ONE": defines.get("FXSIM_OP_ONE", 0),
        "GLUE_DROP": defines.get("FXSIM_OP_OUT_DROP", 0),
        "PASS_FROM": defines.get("FXSIM_OP_PASS_FROM", 0),
        "PASS_DROP": defines.get("FXSIM_OP_PASS_DROP", 0),
        **_format_params("Y", defines["FXSIM_OP_OUT"])}
    bench: dict[str, ParamValue] = {"COUNT": arrays["input"]["count"],
                                    "TRACED": int("trace_mbe_bank0_basis0_spikes" in arrays)}
    return Bench("tb_mbe_neuron", "fx_mbe_neuron", unit, bench, _compared_words(manifest))


def fs_neuron_bench(manifest: dict) -> Bench:
    """tb_fs_neuron / fx_fs_neuron: an FS operator that routes every input to one FS set
    (sigmoid, silu), from the set's fs_<SET>_* tables and FXSIM_FS_*, FXSIM_POP_* and
    FXSIM_OP_* defines; every output, counter and spike word."""
    arrays = _entries(manifest)
    sets = [n[len("fs_"):-len("_threshold")] for n in arrays
            if n.startswith("fs_") and n.endswith("_threshold")]
    if len(sets) != 1:
        raise FxError(f"fx_fs_neuron runs one FS set; {manifest['operator']} routes over "
                      f"{len(sets)} (no RTL for the routing yet)")
    name = sets[0]
    upper = name.upper()
    defines = _defines(manifest, (f"FXSIM_FS_{upper}_STEPS", "FXSIM_FS_IN_DROP",
                                  "FXSIM_FS_PART0_LO", "FXSIM_FS_PART0_HI", "FXSIM_POP_V_FORMAT",
                                  "FXSIM_POP_ACC_FORMAT", "FXSIM_POP_COMPARE_STRICT",
                                  "FXSIM_OP_OUT_DROP", "FXSIM_OP_OUT"))
    v = _format_params("V", defines["FXSIM_POP_V_FORMAT"])
    v["VW"] = v.pop("V_W")
    acc = _format_params("A", defines["FXSIM_POP_ACC_FORMAT"])
    acc["AW"] = acc.pop("A_W")
    del acc["A_ROUNDING"]
    unit: dict[str, ParamValue] = {
        "XW": arrays["input"]["width"], "T": defines[f"FXSIM_FS_{upper}_STEPS"],
        "IN_DROP": defines["FXSIM_FS_IN_DROP"], **v, "LO": defines["FXSIM_FS_PART0_LO"],
        "HI": defines["FXSIM_FS_PART0_HI"], **acc,
        "COMPARE_STRICT": defines["FXSIM_POP_COMPARE_STRICT"],
        "OUT_DROP": defines["FXSIM_OP_OUT_DROP"], **_format_params("Y", defines["FXSIM_OP_OUT"]),
        "PASS": int("FXSIM_OP_PASS_ABOVE" in defines),
        "PASS_ABOVE": defines.get("FXSIM_OP_PASS_ABOVE", 0),
        "PASS_DROP": defines.get("FXSIM_OP_PASS_DROP", 0)}
    for short, table in (("TH", "threshold"), ("R", "reset_amount"), ("D", "intensity")):
        entry = arrays[f"fs_{name}_{table}"]
        unit.update({f"{short}_W": entry["width"], f"{short}_SIGNED": int(entry["signed"])})
    bench: dict[str, ParamValue] = {"COUNT": arrays["input"]["count"], "SET": name,
                                    "TRACED": int(f"trace_{name}_spikes" in arrays)}
    return Bench("tb_fs_neuron", "fx_fs_neuron", unit, bench, _compared_words(manifest))


#: operator (the producer key of the manifest's operator and method: "softmax" is nlspike's,
#: "gelu:mbe" the MBE gelu) -> bench configured from its manifest
BENCHES: dict[str, Callable[[dict], Bench]] = {"population": population_bench,
                                               "pwl_exp": pwl_exp_bench,
                                               "divgroup": divgroup_bench,
                                               "polarnorm": polarnorm_bench,
                                               "rmsnorm": norm_polarnorm_bench,
                                               "layernorm": norm_polarnorm_bench,
                                               "sigmoid": activation_bench,
                                               "silu": activation_bench,
                                               "gelu_tanh": activation_bench,
                                               "softmax": softmax_bench,
                                               **{f"{op}:mbe": mbe_neuron_bench for op in
                                                  ("gelu", "tanh", "sigmoid", "silu")},
                                               **{f"{op}:fs": fs_neuron_bench for op in
                                                  ("sigmoid", "silu")}}


def bench_for(manifest: dict) -> Bench:
    operator = producer_key(manifest["operator"], manifest.get("method"))
    if operator not in BENCHES:
        raise FxError(f"no RTL bench for operator {operator!r}; available: {', '.join(BENCHES)}")
    missing = [e["name"] for e in manifest["arrays"] if "hex" not in e["files"]]
    if missing:
        raise FxError(f"the set has no .hex file for {', '.join(missing)}; write it with "
                      "--formats including hex")
    return BENCHES[operator](manifest)


#: parameters declared [63:0] in the RTL: passed as sized 64-bit constants
WIDE_PARAMS = frozenset({"V_RESET", "X_LO", "X_HI", "UPPER", "GAIN_M", "EPS_RAW", "CLIP_RAW",
                         "C1_M", "C3_M", "L_RAW", "OFFSET0", "OFFSET1", "SCALE_M0",
                         "SCALE_M1", "ONE", "PASS_FROM", "LO", "HI", "PASS_ABOVE"})


def param_text(name: str, value: ParamValue) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if name in WIDE_PARAMS:
        return f"64'h{int(value) & (2**64 - 1):016x}"
    return str(int(value))


_COUNTS = re.compile(r"^(\d+) passed, (\d+) failed$", re.M)


def run_bench(set_dir: str | Path, bench: Bench, operator: str,
              build_dir: str | Path | None = None) -> RtlReport:
    """Build ``bench`` with iverilog in ``build_dir`` (kept; default a temporary directory,
    removed) and run it inside ``set_dir``."""
    iverilog, vvp = _tool("iverilog"), _tool("vvp")
    params = {**bench.unit_params, **bench.bench_params}
    sources = [str(p) for p in _hdl_sources()] + [str(HDL_DIR / "tb" / f"{bench.top}.v")]
    kept = contextlib.nullcontext(str(Path(build_dir).resolve())) if build_dir else None
    with kept or tempfile.TemporaryDirectory(prefix="fxsim-rtl-") as build:
        binary = str(Path(build) / f"{bench.top}.vvp")
        command = [iverilog, "-g2005", "-s", bench.top, "-o", binary, f"-I{HDL_DIR / 'tb'}",
                   *[f"-P{bench.top}.{k}={param_text(k, v)}" for k, v in params.items()], *sources]
        built = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                               check=False)
        if built.returncode != 0 or "not found in" in built.stderr:   # a -P the bench lacks
            raise FxError(f"iverilog failed on {bench.top}: {first_line(built.stderr)}")
        ran = subprocess.run([vvp, "-n", binary], cwd=set_dir, capture_output=True, text=True,
                             timeout=TIMEOUT, check=False)
    log = ran.stdout + ran.stderr
    counts = _COUNTS.findall(log)
    if not counts:
        raise FxError(f"{bench.top} printed no counts (exit {ran.returncode}): {first_line(log)}")
    passed, failed = (int(c) for c in counts[-1])
    if (failed > 0) != (ran.returncode != 0):
        raise FxError(f"{bench.top}: {failed} failed but exit status {ran.returncode}")
    return RtlReport(str(set_dir), operator, bench, passed, failed, log,
                     [command, [vvp, "-n", binary]])


def first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "(no output)"


def check(set_dir: str | Path, build_dir: str | Path | None = None) -> RtlReport:
    """Run the RTL bench of a golden set (hashes checked first; ``build_dir``: keep the
    built bench there); see :class:`RtlReport`."""
    manifest, _ = read_set(set_dir)
    return run_bench(set_dir, bench_for(manifest), manifest["operator"], build_dir)


def lint(bench: Bench) -> str:
    """``verilator --lint-only -Wall`` on the bench's unit with its parameters; returns the
    output (empty when clean). FxError when verilator is missing or reports anything."""
    verilator = shutil.which("verilator")
    if verilator is None:
        raise FxError("verilator not found: install it (apt-get install -y verilator)")
    command = [verilator, "--lint-only", "-Wall", f"-I{HDL_DIR}", "--top-module", bench.unit,
               *[f"-G{k}={param_text(k, v)}" for k, v in bench.unit_params.items()],
               str(HDL_DIR / f"{bench.unit}.v")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0 or output:
        raise FxError(f"verilator lint of {bench.unit}: {first_line(output)}")
    return output
