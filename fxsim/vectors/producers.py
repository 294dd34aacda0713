"""Producers: how each operator turns (config, inputs) into the named arrays of a vector set.

A producer is ``fn(config: dict, inputs: dict[str, ndarray], backend, trace) -> [(role, array)]``
and must be deterministic, so `fxsim verify` can re-run it from a manifest.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..errors import FxError
from ..formats import Format
from .arrays import VectorArray

Producer = Callable[[dict, dict, str, bool], list]


def _int_format(values: np.ndarray, frac: int) -> Format:
    """The narrowest 32-bit-or-less signed/unsigned format holding ``values`` (frac bits kept)."""
    lo, hi = (int(values.min()), int(values.max())) if values.size else (0, 0)
    signed = lo < 0
    for width in range(1, 33):
        f = Format(signed, width, frac)
        if f.min_raw <= lo and hi <= f.max_raw:
            return f
    raise FxError(f"values {lo}..{hi} do not fit 32 bits")


def population(config: dict, inputs: dict, backend: str, trace: bool) -> list:
    """The engine: input, schedules, final state, spike totals, and per-step records."""
    from ..config import population_from_dict
    from ..population import simulate
    pop = population_from_dict(config)
    x = inputs.get("input")
    result = simulate(pop, x, backend=backend, record=True if trace else ())
    vf, af = pop.v_format, pop.acc_format
    step_axes = ("step", "neuron")
    out = []
    if x is not None:
        x = np.asarray(x, dtype=np.int64)
        axes = step_axes if x.ndim == 2 else ("neuron",)
        out.append(("input", VectorArray("input", x, Format(True, 32, vf.frac), axes)))
    sched = pop.schedules()
    for name, frac in (("threshold", vf.frac), ("reset_amount", vf.frac),
                       ("intensity", af.frac), ("bias", vf.frac)):
        table = sched[name]
        out.append(("table", VectorArray(name, table, _int_format(table, frac), ("step", "neuron"))))
    out.append(("output", VectorArray("v", result.v, vf, ("neuron",))))
    if pop.cuba:
        out.append(("output", VectorArray("i", result.i, pop.i_format, ("neuron",))))
    out.append(("output", VectorArray("acc", result.acc, af, ("neuron",))))
    out.append(("output", VectorArray("spike_count", result.spike_count,
                                      _int_format(result.spike_count, 0), ("neuron",))))
    for name, events in result.overflow.items():
        out.append(("output", VectorArray(f"overflow_{name}", events, Format(False, 32, 0),
                                          ("step",))))
    formats = {"v": vf, "i": pop.i_format, "acc": af}
    for name, rec in result.records.items():
        fmt = formats.get(name) or _int_format(rec, 0)
        out.append(("trace", VectorArray(f"trace_{name}", rec, fmt, step_axes)))
    return out


def population_defines(config: dict) -> dict[str, str]:
    """The population's fx_population_t fields as C #defines (FXSIM_POP_*), so a C test bench
    can build the kernel configuration from vectors.h alone (csrc/tests/test_golden_population.c)."""
    from ..backends import kernel_args
    from ..config import population_from_dict
    fields = kernel_args.config(population_from_dict(config))

    def c_value(value) -> str:
        return "{" + ", ".join(map(str, value)) + "}" if isinstance(value, tuple) else str(value)
    return {f"FXSIM_POP_{key.upper()}": c_value(value) for key, value in fields.items()}


def population_random_input(config: dict, seed: int) -> np.ndarray:
    """Raw inputs of the population's shape, uniform over its v_format range (clipped to int32)."""
    from ..config import population_from_dict
    pop = population_from_dict(config)
    shape = (pop.steps, pop.n) if pop.input_mode == "current" else (pop.n,)
    lo, hi = max(pop.v_format.min_raw, -(1 << 31)), min(pop.v_format.max_raw, (1 << 31) - 1)
    return np.random.default_rng(seed).integers(lo, hi, size=shape, endpoint=True)


PRODUCERS: dict[str, Producer] = {"population": population}
RANDOM_INPUTS: dict[str, Callable[[dict, int], np.ndarray]] = {"population": population_random_input}
DEFINES: dict[str, Callable[[dict], dict[str, str]]] = {"population": population_defines}
METHODS = {"population": "engine"}


def produce(operator: str, config: dict, inputs: dict, backend: str, trace: bool) -> list:
    if operator not in PRODUCERS:
        raise FxError(f"no golden-vector producer for {operator!r}; available: "
                      f"{', '.join(PRODUCERS)}")
    return PRODUCERS[operator](config, inputs, backend, trace)
