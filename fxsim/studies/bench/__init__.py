"""``fxsim bench``: speed benchmarks in sections, every row a ratio measured side by side in one
run against a reference on the same data (a benchmark, not a test; docs/benchmarks.md).

A section is a function ``(Settings) -> list[Row]`` registered in SECTIONS with the importable
modules it needs; a section whose optional dependency is missing is skipped with one line.
Every section checks its variants equal to their references before timing them
(BenchMismatch: exit status 1); a MISS does not change the exit status.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass

from ...errors import FxError
from ...files.atomic import atomic_path
from . import engine, ops, presets, quantize
from .common import (NOISY, WARMUP_S, BenchMismatch, Row, Settings, environment, machine,
                     render, time_median)
from .engine import (CC, I_MAX, MINIMAL_C, SEED, TARGETS, MinimalLoop, extension_cflags,
                     fxsim_variants, make_population, mismatches, workload)


@dataclass(frozen=True)
class Section:
    """One benchmark section: its rows and the modules it cannot run without."""

    run: Callable[[Settings], list[Row]]
    requires: tuple[str, ...] = ()
    summary: str = ""


#: section name -> Section, in the order ``fxsim bench`` runs them
SECTIONS: dict[str, Section] = {
    "engine": Section(engine.section, (), "population engine vs a minimal C loop"),
    "presets": Section(presets.section, (), "loihi1 vs a minimal C loop and a Lava-style numpy "
                                            "model, xylo vs xylosim"),
    "quantize": Section(quantize.section, ("apytypes",),
                        "requantize vs apytypes' cast, every rounding and overflow mode"),
    "ops": Section(ops.section, ("torch",), "every operator of every method on c and numba "
                                           "vs torch float32"),
}


def missing(section: Section) -> list[str]:
    """The modules ``section`` needs that are not installed."""
    return [m for m in section.requires if importlib.util.find_spec(m) is None]


def chosen(names: tuple[str, ...]) -> list[str]:
    """The sections to run (every one when ``names`` is empty); FxError for an unknown name."""
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        raise FxError(f"unknown bench section(s) {', '.join(unknown)}; "
                      f"choose from {', '.join(SECTIONS)}")
    return list(names) if names else list(SECTIONS)


def run_sections(settings: Settings) -> list[Row]:
    """Every chosen section's rows; a section missing a dependency is skipped with one line."""
    rows: list[Row] = []
    for name in chosen(settings.sections):
        section = SECTIONS[name]
        absent = missing(section)
        if absent:
            print(f"skip section {name}: needs {', '.join(absent)}", flush=True)
            continue
        print(f"section {name}: {section.summary} ...", flush=True)
        rows += section.run(settings)
    return rows


def run_bench(settings: Settings) -> int:
    """Run the chosen sections, print one Markdown table (and write the JSON report); the exit
    status: 1 when a variant differs from its reference, else 0."""
    head = machine()
    try:
        rows = run_sections(settings)
    except BenchMismatch as exc:
        print(f"ABORT: {exc}", file=sys.stderr)
        return 1
    print(f"\n## fxsim bench: median of {settings.repeats} calls; ratio = reference ms / "
          f"variant ms\n\n{head}\n\n{render(rows)}")
    if settings.json:
        report = {"settings": asdict(settings), "environment": environment(settings),
                  "rows": [r.as_dict() for r in rows]}
        with atomic_path(settings.json) as tmp_json:
            tmp_json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


__all__ = ["CC", "I_MAX", "MINIMAL_C", "NOISY", "SECTIONS", "SEED", "TARGETS", "WARMUP_S",
           "BenchMismatch", "MinimalLoop", "Row", "Section", "Settings", "environment",
           "extension_cflags", "fxsim_variants", "make_population", "mismatches", "render",
           "run_bench", "run_sections", "time_median", "workload"]
