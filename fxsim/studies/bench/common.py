"""What every benchmark section shares: the run's settings, one result row, median timing and
the Markdown table (a benchmark, not a test)."""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ...backends import get_backend

NOISY = 1.25                       # flag a variant whose median exceeds its fastest call by this
#: warm-up seconds before timing: a sub-millisecond call (torch's ops) needs tens of calls before
#: its allocations reach a steady state (torch rms_norm 4096 x 256: 1.8 ms median over its first
#: 7 calls, 0.78 ms after)
WARMUP_S = 0.25


class BenchMismatch(RuntimeError):
    """A timed variant differs from its reference on the benchmark's data (abort, exit 1)."""


@dataclass(frozen=True)
class Settings:
    """One benchmark run: the engine workload's n neurons and T steps, timed calls per variant,
    the minimal C loops' flags, an optional JSON output path, the sections to run (empty:
    every section) and the warm-up seconds before each variant's timed calls."""

    n: int = 10**6
    steps: int = 16
    repeats: int = 7
    cflags: tuple[str, ...] = ()
    json: str | None = None
    sections: tuple[str, ...] = ()
    warmup_s: float = WARMUP_S


@dataclass(frozen=True)
class Row:
    """One timed comparison: ``variant`` against ``reference`` on ``workload``; ``ratio`` is
    reference time / variant time (how many times faster the variant is); ``target`` is the
    goal for that ratio (None: shown for information)."""

    section: str
    workload: str
    variant: str
    ms: float
    reference: str
    reference_ms: float
    target: float | None = None
    noisy: bool = False

    @property
    def ratio(self) -> float:
        return self.reference_ms / self.ms

    @property
    def result(self) -> str:
        if self.target is None:
            return ""
        return "PASS" if self.ratio >= self.target else "MISS"

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "result": self.result}


@dataclass(frozen=True)
class Timing:
    """Median and every call's seconds of one timed variant."""

    median_s: float
    times_s: tuple[float, ...]

    @property
    def ms(self) -> float:
        return self.median_s * 1e3

    @property
    def noisy(self) -> bool:
        return self.median_s > NOISY * min(self.times_s)


def time_median(fn: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    """(median, all) seconds per call over ``repeats`` calls; the caller has warmed ``fn`` up."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def warm_up(fn: Callable[[], object], seconds: float) -> None:
    """Call ``fn`` at least once and until ``seconds`` have passed."""
    start = time.perf_counter()
    fn()
    while time.perf_counter() - start < seconds:
        fn()


def timed(fn: Callable[[], object], settings: Settings) -> Timing:
    """``fn`` warmed up for ``settings.warmup_s``, then the median of ``settings.repeats`` timed
    calls."""
    warm_up(fn, settings.warmup_s)
    median, times = time_median(fn, settings.repeats)
    return Timing(median, tuple(times))


def compare(section: str, workload: str, timings: dict[str, Timing],
            pairs: tuple[tuple[str, str, float | None], ...]) -> list[Row]:
    """Rows (variant, reference, target) of one workload from its variants' timings."""
    return [Row(section, workload, variant, timings[variant].ms, reference,
                timings[reference].ms, target,
                timings[variant].noisy or timings[reference].noisy)
            for variant, reference, target in pairs]


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def machine() -> str:
    """One line: CPUs, processor, Python and numpy versions, load average now."""
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs ({cpu_name()}), Python {platform.python_version()}, "
            f"numpy {np.__version__}; load average at start: {load}")


def render(rows: list[Row]) -> str:
    """The Markdown table of every row (ratio = reference ms / variant ms)."""
    lines = ["| section | workload | variant | ms | reference | ref ms | ratio | target | result |",
             "|---|---|---|---:|---|---:|---:|---:|---|"]
    for r in rows:
        target = f">= {r.target:.3g}" if r.target is not None else ""
        flag = " (noisy)" if r.noisy else ""
        lines.append(f"| {r.section} | {r.workload} | {r.variant}{flag} | {r.ms:.2f} | "
                     f"{r.reference} | {r.reference_ms:.2f} | {r.ratio:.3g} | {target} | "
                     f"{r.result} |")
    return "\n".join(lines)


def environment(settings: Settings) -> dict:
    """The machine and toolchain of a run (for the JSON report)."""
    import numba        # loaded by the numba backend already; at module top it would slow the CLI
    gcc = subprocess.run([os.environ.get("CC", "gcc"), "--version"], capture_output=True,
                         text=True, check=False).stdout.splitlines()
    return {"python": platform.python_version(), "numpy": np.__version__,
            "numba": numba.__version__, "numba_threads": numba.config.NUMBA_NUM_THREADS,
            "cpus": os.cpu_count(), "machine": platform.machine(), "processor": cpu_name(),
            "cc": gcc[0] if gcc else "", "cflags": " ".join(settings.cflags),
            "c_openmp": get_backend("c").openmp_enabled(),
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg())}
