"""Gate counts of the reference RTL: Yosys synthesis of a unit at one configuration.

A :class:`Unit` is one module of ``hdl/`` with its parameters and the directory holding its
``$readmemh`` tables (PWL-Exp's knots / slope / intercept). :func:`synthesize` runs Yosys'
generic flow (``hierarchy -chparam ...; synth -flatten; stat``) in that directory and counts
the cells (gates and flip-flops of Yosys' internal library: ``$_AND_``, ``$_XOR_``,
``$_MUX_``, ``$_DFF*``, ...), the flip-flops among them, and the unit's LUT-ROM bits (table
entries times their width, which the generic flow turns into logic). Results are cached as
JSON under ``<cache>/rtl/cost/`` by a hash of the RTL sources, the tables, the parameters and
the Yosys version, so sweeps do not resynthesise a point they have seen.

Units come from a golden set (:func:`units_of_set`: its operator's bench unit, as
``rtl-check`` configures it) or from an operator config (:func:`units_of_op`: the units an
nlspike softmax or sigmoid composes, PWL-Exp and the Division group at the widths the
operator feeds them; a PWL-Exp or Division group primitive config alone).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import ops
from ..errors import FxError
from ..files.atomic import atomic_path
from ..files.cache import cache_dir, content_key
from ..formats import as_format
from ..ops.nlspike.plan import softmax_constants
from ..primitives.divgroup import DivGroupConfig
from ..primitives.pwl_exp import PwlExpConfig
from ..vectors.golden import read_set, write_set
from ..vectors.producers import produce, producer
from .rtl import HDL_DIR, TIMEOUT, Bench, bench_for, divgroup_unit_params, first_line, param_text

#: sweep / report columns of an RTL cost, in order
COST_COLUMNS = ("rtl_cells", "rtl_ffs", "rtl_rom_bits")


@dataclass(frozen=True)
class Unit:
    """One RTL unit to synthesise: its role in the operator, module, parameters and the
    directory its ``$readmemh`` tables are read from (None: the unit has no tables)."""

    role: str
    module: str
    params: dict
    table_dir: Path | None = None


@dataclass
class UnitCost:
    """Yosys' counts for one unit (generic synth): cells in all, flip-flops, LUT-ROM bits."""

    role: str
    module: str
    cells: int
    flip_flops: int
    rom_bits: int
    cells_by_type: dict[str, int]
    seconds: float                   # synthesis wall time when it ran (0.0 read from cache)
    cached: bool = False


@dataclass
class RtlCost:
    """The units of one configuration and their totals."""

    source: str
    units: list[UnitCost] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        return {"rtl_cells": sum(u.cells for u in self.units),
                "rtl_ffs": sum(u.flip_flops for u in self.units),
                "rtl_rom_bits": sum(u.rom_bits for u in self.units)}

    def table(self) -> str:
        """A markdown table: one row per unit and the total."""
        lines = ["| unit | module | cells | flip-flops | LUT-ROM bits | synth s |",
                 "|---|---|---:|---:|---:|---:|"]
        for u in self.units:
            when = "cached" if u.cached else f"{u.seconds:.1f}"
            lines.append(f"| {u.role} | {u.module} | {u.cells} | {u.flip_flops} | "
                         f"{u.rom_bits} | {when} |")
        t = self.totals()
        lines.append(f"| total | | {t['rtl_cells']} | {t['rtl_ffs']} | {t['rtl_rom_bits']} | |")
        return "\n".join(lines)


#: units holding a PWL-Exp LUT (parameters K, KW, AW, BW)
PWL_UNITS = frozenset({"fx_pwl_exp", "fx_softmax"})


def rom_bits(unit: Unit) -> int:
    """Bits of the unit's LUT ROMs: PWL-Exp's K - 1 knots, K slopes and K intercepts at their
    stored widths; 0 for a unit without tables."""
    if unit.module not in PWL_UNITS:
        return 0
    p = unit.params
    return (int(p["K"]) - 1) * int(p["KW"]) + int(p["K"]) * (int(p["AW"]) + int(p["BW"]))


def _yosys() -> str:
    path = shutil.which("yosys")
    if path is None:
        raise FxError("yosys not found: install it (apt-get install -y yosys)")
    return path


def _sources() -> list[Path]:
    units = sorted(HDL_DIR.glob("*.v"))
    if not units:
        raise FxError(f"RTL sources not found in {HDL_DIR} (rtl-cost runs from a source checkout)")
    return units


def script(unit: Unit, stat_json: Path) -> str:
    """The Yosys script synthesising ``unit`` (generic ``synth``) and writing ``stat -json``."""
    chparams = " ".join(f"-chparam {k} {param_text(k, v)}" for k, v in unit.params.items())
    return "\n".join([
        "read_verilog -defer " + " ".join(str(p) for p in _sources()),
        f"hierarchy -top {unit.module} {chparams}".rstrip(),
        f"synth -top {unit.module} -flatten",
        f"tee -q -o {stat_json} stat -json", ""])


#: the ROM files a PWL-Exp LUT reads (``knots.hex`` or ``pwl_exp_knots.hex`` in a composite set)
ROM_SUFFIXES = ("knots.hex", "slope.hex", "intercept.hex")


def _tables(unit: Unit) -> list[Path]:
    """The unit's ROM contents (part of its cache key)."""
    if unit.table_dir is None or unit.module not in PWL_UNITS:
        return []
    return sorted(p for p in Path(unit.table_dir).glob("*.hex") if p.name.endswith(ROM_SUFFIXES))


def cost_key(unit: Unit) -> str:
    version = subprocess.run([_yosys(), "-V"], capture_output=True, text=True,
                             check=False).stdout.strip()
    return content_key(_sources() + _tables(unit), unit.module, sorted(unit.params.items()),
                       version)


def synthesize(unit: Unit) -> UnitCost:
    """Yosys' counts for ``unit``, from the cache when this (RTL, tables, parameters, Yosys)
    was synthesised before."""
    cached = cache_dir() / "rtl" / "cost" / f"{unit.module}-{cost_key(unit)}.json"
    if cached.is_file():
        data = json.loads(cached.read_text())
        return UnitCost(**{**data, "role": unit.role, "cached": True, "seconds": 0.0})
    with tempfile.TemporaryDirectory(prefix="fxsim-yosys-") as tmp:
        stat_json, ys = Path(tmp) / "stat.json", Path(tmp) / "synth.ys"
        ys.write_text(script(unit, stat_json))
        start = time.perf_counter()
        done = subprocess.run([_yosys(), "-q", "-s", str(ys)], capture_output=True, text=True,
                              timeout=TIMEOUT * 4, check=False,
                              cwd=unit.table_dir if unit.table_dir is not None else tmp)
        seconds = time.perf_counter() - start
        if done.returncode != 0 or not stat_json.is_file():
            raise FxError(f"yosys failed on {unit.module}: "
                          f"{first_line(done.stderr + done.stdout)}")
        design = json.loads(stat_json.read_text())["design"]
    by_type = {k: int(v) for k, v in design.get("num_cells_by_type", {}).items()}
    result = UnitCost(unit.role, unit.module, int(design["num_cells"]),
                      sum(v for k, v in by_type.items() if "DFF" in k or "DLATCH" in k),
                      rom_bits(unit), by_type, round(seconds, 2))
    cached.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(cached) as tmp_path:
        tmp_path.write_text(json.dumps(asdict(result), indent=1, sort_keys=True) + "\n")
    return result


# ---- units of a set or of a config ------------------------------------------------------------
def units_of_set(set_dir: str | Path) -> list[Unit]:
    """The unit a golden set's bench drives, at the set's parameters and with its tables
    (Yosys runs in the set directory, where the unit's ``$readmemh`` files are)."""
    manifest, _ = read_set(set_dir)
    bench: Bench = bench_for(manifest)
    return [Unit(manifest["operator"], bench.unit, dict(bench.unit_params),
                 Path(set_dir).resolve())]


def pwl_exp_unit(cfg: PwlExpConfig) -> Unit:
    """fx_pwl_exp for a PWL-Exp config: its tables (build_lut) written once as a hex-only set
    under ``<cache>/rtl/tables/`` (the ROM contents), parameters as rtl-check derives them."""
    config = cfg.to_dict()
    row = producer("pwl_exp")
    target = cache_dir() / "rtl" / "tables" / content_key([], "pwl_exp", sorted(config.items()))
    if not (target / "manifest.json").is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        inputs = {"input": [0]}
        write_set(target, operator="pwl_exp", method=row.method, config=config,
                  arrays=produce("pwl_exp", config, inputs, "numpy", False),
                  command="fxsim rtl-cost", seed=None, backend="numpy", kinds=("hex",),
                  force=True, record_commit=False, defines=row.defines(config, inputs))
    return units_of_set(target)[0]


def divgroup_unit(cfg: DivGroupConfig, a_width: int, a_signed: bool, b_width: int) -> Unit:
    """fx_divgroup for a Division group config fed an ``a_width``-bit numerator and a
    ``b_width``-bit unsigned denominator."""
    defines = producer("divgroup").defines(cfg.to_dict(), None)
    return Unit("divgroup", "fx_divgroup",
                divgroup_unit_params(a_width, a_signed, b_width, defines))


def units_of_op(op: str, config, d: int = 64) -> list[Unit]:
    """The RTL units an operator config composes: nlspike softmax (PWL-Exp, then the Division
    group dividing each exp by the row sum of ``d`` exps) and sigmoid (PWL-Exp, then 2^fo /
    (2^fo + e)); a PWL-Exp or Division group config (16-bit operands) alone."""
    if isinstance(config, PwlExpConfig):
        return [pwl_exp_unit(config)]
    if isinstance(config, DivGroupConfig):
        return [divgroup_unit(config, 16, True, 16)]
    if op == "softmax":
        pwl, div, acc_width, _ = softmax_constants(config, config.fmt("input_format"), d)
        eout = as_format(pwl.output_format)
        return [pwl_exp_unit(pwl), divgroup_unit(div, eout.width, eout.signed, acc_width)]
    if op == "sigmoid":
        pwl = config.pwl_config()
        eout = as_format(pwl.output_format)
        div = config.div_config(config.G or (1 << config.n), config.fmt("output_format"))
        # numerator 2^fo, denominator 2^fo + e: one bit above the wider of the two
        b_width = max(eout.width, eout.frac + 1) + 1
        return [pwl_exp_unit(pwl), divgroup_unit(div, eout.frac + 1, False, b_width)]
    raise FxError(f"no RTL composition for {op!r}; rtl-cost takes a golden set "
                  "(population, pwl_exp, divgroup) or a softmax, sigmoid, pwl_exp or divgroup "
                  "config")


def load_config(op: str, path: str | Path | None, preset: str = "paper"):
    """An operator's nlspike config from a TOML file or its preset; the primitives' configs
    (op pwl_exp / divgroup) from TOML or their defaults."""
    classes = {"pwl_exp": PwlExpConfig, "divgroup": DivGroupConfig}
    cls = classes.get(op) or ops.config_class(op, "nlspike")
    if path is not None:
        return cls.from_toml(path)
    if op in classes:
        return cls()
    return ops.preset_config(op, "nlspike", preset)


def rtl_cost(units: list[Unit], source: str) -> RtlCost:
    """Synthesise (or read from the cache) every unit."""
    return RtlCost(source, [synthesize(u) for u in units])
