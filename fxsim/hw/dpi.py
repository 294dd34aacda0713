"""DPI-C benches: the reference RTL against fxsim's C kernels, cycle by cycle, under Verilator.

A bench in ``hdl/dpi/tb_dpi_<unit>.sv`` instantiates one RTL unit and imports the C kernels of
``csrc/`` through the thin adapters of ``hdl/dpi/fx_dpi.c`` (``import "DPI-C"``); every clock
cycle it drives the same stimulus (corner values, a golden set's inputs, seeded random words)
into both and compares every output word, stopping at the first mismatch. :func:`build`
compiles a bench with Verilator (``--cc --exe --main --timing``, then make) for one parameter set into the user cache, keyed
by a hash of every source (RTL, bench, C) and the parameters, so a second run of the same
configuration reuses the binary; :func:`check` configures the bench from a golden set's
manifest (as ``rtl-check`` does) and runs it inside the set directory.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import FxError
from ..files.cache import cache_dir, content_key
from ..vectors.golden import read_set
from ..vectors.producers import producer_key
from .rtl import HDL_DIR, TIMEOUT, Bench, bench_for, first_line, param_text

#: the adapters and benches, and fxsim's C kernels (a source checkout)
DPI_DIR = HDL_DIR / "dpi"
CSRC_DIR = HDL_DIR.parent / "csrc"
C_FLAGS = ("-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic")


@dataclass
class DpiBench:
    """A DPI-C bench configured for one golden set: bench module, its parameters and the
    plusargs naming the set's input files."""

    top: str
    unit: str
    params: dict[str, int | str]
    plusargs: list[str] = field(default_factory=list)


@dataclass
class DpiReport:
    """One DPI-C run: cycles driven, words compared, and the log (first mismatch on failure)."""

    set_dir: str
    bench: DpiBench
    cycles: int
    words: int
    ok: bool
    log: str
    commands: list[list[str]] = field(default_factory=list)

    def summary(self) -> str:
        verdict = "0 mismatches" if self.ok else f"FAILED: {self.mismatch()}"
        return (f"{self.set_dir}: DPI-C {self.bench.unit} vs C ({self.bench.top}, Verilator): "
                f"{self.cycles} cycles, {self.words} words compared, {verdict}")

    def mismatch(self) -> str:
        """The bench's first failure: "MISMATCH cycle N ...: rtl X, C Y" (or a refusal)."""
        for line in self.log.splitlines():
            for word in ("MISMATCH", "the C kernel refuse"):
                if word in line:
                    return line[line.index(word):]
        return first_line(self.log)


def pwl_exp_dpi(manifest: dict, bench: Bench) -> DpiBench:
    """tb_dpi_pwl_exp at the unit's parameters; golden inputs from input.hex."""
    count = next(e["count"] for e in manifest["arrays"] if e["name"] == "input")
    return DpiBench("tb_dpi_pwl_exp", bench.unit, dict(bench.unit_params),
                    ["+golden=input.hex", f"+golden_count={count}"])


def divgroup_dpi(manifest: dict, bench: Bench) -> DpiBench:
    """tb_dpi_divgroup at the unit's parameters and the set's T; golden divisions from
    numerator.hex [T][M] and denominator.hex [M]."""
    return DpiBench("tb_dpi_divgroup", bench.unit,
                    {**bench.unit_params, "STEPS": bench.bench_params["T"]},
                    ["+golden_numerator=numerator.hex", "+golden_denominator=denominator.hex",
                     f"+golden_count={bench.bench_params['M']}"])


def softmax_dpi(manifest: dict, bench: Bench) -> DpiBench:
    """tb_dpi_softmax at fx_softmax's parameters (the whole nlspike softmax datapath); golden
    rows from input.hex [rows, D]."""
    return DpiBench("tb_dpi_softmax", bench.unit, dict(bench.unit_params),
                    ["+golden=input.hex", f"+golden_rows={bench.bench_params['ROWS']}"])


#: producer key (operator, or operator:method) -> its DPI-C bench
DPI_BENCHES: dict[str, Callable[[dict, Bench], DpiBench]] = {"pwl_exp": pwl_exp_dpi,
                                                             "divgroup": divgroup_dpi,
                                                             "softmax": softmax_dpi}


def dpi_bench_for(manifest: dict) -> DpiBench:
    operator = producer_key(manifest["operator"], manifest.get("method"))
    if operator not in DPI_BENCHES:
        raise FxError(f"no DPI-C bench for operator {operator!r}; available: "
                      f"{', '.join(DPI_BENCHES)}")
    return DPI_BENCHES[operator](manifest, bench_for(manifest))


def _verilator() -> str:
    path = shutil.which("verilator")
    if path is None:
        raise FxError("verilator not found: install it (apt-get install -y verilator)")
    return path


def _sources(hdl_dir: Path, top: str) -> tuple[list[Path], list[Path]]:
    """(RTL and bench sources, C sources) of a bench; FxError outside a source checkout."""
    rtl = sorted(Path(hdl_dir).glob("*.v")) + [DPI_DIR / f"{top}.sv"]
    c_sources = sorted(CSRC_DIR.glob("fx_*.c")) + [DPI_DIR / "fx_dpi.c"]
    missing = [str(p) for p in rtl + c_sources if not p.is_file()]
    if missing or not CSRC_DIR.is_dir():
        raise FxError(f"DPI-C bench sources not found: {', '.join(missing) or CSRC_DIR} "
                      "(the DPI-C benches run from a source checkout)")
    return rtl, c_sources


def build_commands(bench: DpiBench, work: Path, hdl_dir: Path = HDL_DIR) -> list[list[str]]:
    """The commands building ``bench`` in ``work``: cc for each C source, verilator (C++ from
    the RTL and the bench, ``--timing`` for the bench's clock), make."""
    rtl, c_sources = _sources(hdl_dir, bench.top)
    cc = shutil.which("cc") or shutil.which("gcc") or "cc"
    objects = [work / f"{p.stem}.o" for p in c_sources]
    commands = [[cc, *C_FLAGS, f"-I{CSRC_DIR}", "-c", str(src), "-o", str(obj)]
                for src, obj in zip(c_sources, objects)]
    commands.append([_verilator(), "--cc", "--exe", "--main", "--timing", "--top-module",
                     bench.top, f"-I{hdl_dir}", "--Mdir", str(work / "obj"),
                     "-o", str(work / bench.top),
                     *[f"-G{k}={param_text(k, v)}" for k, v in bench.params.items()],
                     *map(str, rtl), *map(str, objects)])
    commands.append([shutil.which("make") or "make", "-s", "-j", "2", "-C", str(work / "obj"),
                     "-f", f"V{bench.top}.mk"])
    return commands


def build(bench: DpiBench, hdl_dir: Path = HDL_DIR) -> tuple[Path, list[list[str]]]:
    """The bench binary for these parameters and sources, built once into the cache
    (``<cache>/rtl/dpi/<top>-<key>``); returns it and the commands that built it."""
    rtl, c_sources = _sources(hdl_dir, bench.top)
    version = subprocess.run([_verilator(), "--version"], capture_output=True, text=True,
                             check=False).stdout.strip()
    key = content_key(rtl + c_sources + sorted(CSRC_DIR.glob("*.h")), bench.top,
                      sorted(bench.params.items()), version)
    target = cache_dir() / "rtl" / "dpi" / f"{bench.top}-{key}"
    binary = target / bench.top
    commands = build_commands(bench, target, hdl_dir)
    if binary.is_file():
        return binary, commands
    target.parent.mkdir(parents=True, exist_ok=True)
    runtime = target.parent / f"runtime-{content_key([], version)}"
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent) as tmp:
        for command in build_commands(bench, Path(tmp), hdl_dir):
            if Path(command[0]).name == "make":
                _reuse_runtime(runtime, Path(tmp) / "obj")
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                  check=False)
            if done.returncode != 0:
                raise FxError(f"{Path(command[0]).name} failed building {bench.top}: "
                              f"{first_line(_errors(done.stdout + done.stderr))}")
        _keep_runtime(Path(tmp) / "obj", runtime)
        staged = Path(tmp) / "staged"
        staged.mkdir()
        shutil.move(str(Path(tmp) / bench.top), staged / bench.top)
        try:
            staged.rename(target)               # atomic; another process may have won the race
        except OSError:
            if not binary.is_file():
                raise
    return binary, commands


def _reuse_runtime(runtime: Path, obj: Path) -> None:
    """Copy Verilator's compiled runtime (verilated*.o, the same for every bench built with
    this Verilator and these flags) into a new build directory after verilator wrote its
    makefile (the copies are newer), so make skips recompiling it."""
    if runtime.is_dir():
        obj.mkdir(parents=True, exist_ok=True)
        for path in runtime.glob("verilated*.o"):
            shutil.copy(path, obj / path.name)


def _keep_runtime(obj: Path, runtime: Path) -> None:
    """Keep a finished build's verilated*.o for the next build (first build wins)."""
    if runtime.is_dir():
        return
    staged = Path(tempfile.mkdtemp(prefix=f".{runtime.name}.", dir=runtime.parent))
    for path in obj.glob("verilated*.o"):
        shutil.copy(path, staged / path.name)
    try:
        staged.rename(runtime)
    except OSError:                              # another build kept its copy first
        shutil.rmtree(staged, ignore_errors=True)


def _errors(log: str) -> str:
    lines = [line for line in log.splitlines() if "%Error" in line or "%Warning" in line
             or "error:" in line]
    return "\n".join(lines) or log


_COUNTS = re.compile(r"^DPI (\d+) cycles, (\d+) words compared, 0 mismatches$", re.M)


def run(set_dir: str | Path, bench: DpiBench, seed: int = 1, randoms: int = 10_000,
        hdl_dir: Path = HDL_DIR) -> DpiReport:
    """Build (or reuse) ``bench`` and run it inside ``set_dir`` with ``randoms`` random
    stimuli from ``seed`` after the corner and golden ones."""
    binary, commands = build(bench, hdl_dir)
    command = [str(binary), f"+seed={seed}", f"+random={randoms}", *bench.plusargs]
    ran = subprocess.run(command, cwd=set_dir, capture_output=True, text=True, timeout=TIMEOUT,
                         check=False)
    log = ran.stdout + ran.stderr
    counts = _COUNTS.search(log)
    ok = ran.returncode == 0 and counts is not None
    cycles, words = (int(c) for c in counts.groups()) if counts else (0, 0)
    if not ok and "MISMATCH" not in log:
        raise FxError(f"{bench.top} failed without a comparison (exit {ran.returncode}): "
                      f"{first_line(_errors(log))}")
    return DpiReport(str(set_dir), bench, cycles, words, ok, log, [*commands, command])


def check(set_dir: str | Path, seed: int = 1, randoms: int = 10_000) -> DpiReport:
    """The DPI-C bench of a golden set's unit (hashes checked first); see :class:`DpiReport`."""
    manifest, _ = read_set(set_dir)
    return run(set_dir, dpi_bench_for(manifest), seed, randoms)
