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


def divgroup_bench(manifest: dict) -> Bench:
    """tb_divgroup / fx_divgroup: input widths from the set's arrays, the group from its
    defines. The bench also compares the set's shift and theta tables (derived from B)."""
    arrays = _entries(manifest)
    defines = _defines(manifest, ("FXSIM_DIV_STEPS", "FXSIM_DIV_N", "FXSIM_DIV_GROUP",
                                  "FXSIM_DIV_NORMALIZE", "FXSIM_DIV_NORMALIZE_BIT",
                                  "FXSIM_DIV_OUT_DROP", "FXSIM_DIV_OUT_FORMAT"))
    numerator, steps = arrays["numerator"], defines["FXSIM_DIV_STEPS"]
    divisions = arrays["denominator"]["count"]
    shift_max = defines["FXSIM_DIV_NORMALIZE_BIT"] if defines["FXSIM_DIV_NORMALIZE"] else 0
    out_signed, out_width, out_rounding, out_overflow = defines["FXSIM_DIV_OUT_FORMAT"]
    unit: dict[str, ParamValue] = {
        "AW": numerator["width"], "A_SIGNED": int(numerator["signed"]),
        "BW": arrays["denominator"]["width"], "N": defines["FXSIM_DIV_N"],
        "G": defines["FXSIM_DIV_GROUP"], "NORMALIZE": defines["FXSIM_DIV_NORMALIZE"],
        "NORMALIZE_BIT": defines["FXSIM_DIV_NORMALIZE_BIT"],
        # the membrane holds T steps of |a| << k: AW + k_max + log2(T) bits
        "VW": numerator["width"] + shift_max + max(1, steps - 1).bit_length() + 1,
        "OUT_W": out_width, "OUT_SIGNED": out_signed, "OUT_ROUNDING": out_rounding,
        "OUT_OVERFLOW": out_overflow, "OUT_DROP": defines["FXSIM_DIV_OUT_DROP"]}
    bench: dict[str, ParamValue] = {"M": divisions, "T": steps,
                                    "TRACED": int("trace_membrane" in arrays)}
    tables = arrays["shift"]["count"] + arrays["theta"]["count"]
    return Bench("tb_divgroup", "fx_divgroup", unit, bench, _compared_words(manifest) + tables)


#: operator (manifest "operator") -> bench configured from its manifest
BENCHES: dict[str, Callable[[dict], Bench]] = {"population": population_bench,
                                               "pwl_exp": pwl_exp_bench,
                                               "divgroup": divgroup_bench}


def bench_for(manifest: dict) -> Bench:
    operator = manifest["operator"]
    if operator not in BENCHES:
        raise FxError(f"no RTL bench for operator {operator!r}; available: {', '.join(BENCHES)}")
    missing = [e["name"] for e in manifest["arrays"] if "hex" not in e["files"]]
    if missing:
        raise FxError(f"the set has no .hex file for {', '.join(missing)}; write it with "
                      "--formats including hex")
    return BENCHES[operator](manifest)


#: parameters declared [63:0] in the RTL: passed as sized 64-bit constants
WIDE_PARAMS = frozenset({"V_RESET", "X_LO", "X_HI", "UPPER"})


def _param_text(name: str, value: ParamValue) -> str:
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
        command = [iverilog, "-g2005", "-s", bench.top, "-o", binary,
                   *[f"-P{bench.top}.{k}={_param_text(k, v)}" for k, v in params.items()], *sources]
        built = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                               check=False)
        if built.returncode != 0 or "not found in" in built.stderr:   # a -P the bench lacks
            raise FxError(f"iverilog failed on {bench.top}: {_first_line(built.stderr)}")
        ran = subprocess.run([vvp, "-n", binary], cwd=set_dir, capture_output=True, text=True,
                             timeout=TIMEOUT, check=False)
    log = ran.stdout + ran.stderr
    counts = _COUNTS.findall(log)
    if not counts:
        raise FxError(f"{bench.top} printed no counts (exit {ran.returncode}): {_first_line(log)}")
    passed, failed = (int(c) for c in counts[-1])
    if (failed > 0) != (ran.returncode != 0):
        raise FxError(f"{bench.top}: {failed} failed but exit status {ran.returncode}")
    return RtlReport(str(set_dir), operator, bench, passed, failed, log,
                     [command, [vvp, "-n", binary]])


def _first_line(text: str) -> str:
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
               *[f"-G{k}={_param_text(k, v)}" for k, v in bench.unit_params.items()],
               str(HDL_DIR / f"{bench.unit}.v")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0 or output:
        raise FxError(f"verilator lint of {bench.unit}: {_first_line(output)}")
    return output
