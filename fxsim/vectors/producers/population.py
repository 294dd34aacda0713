"""Golden-vector producer of the engine: one population (a population TOML config) run over
its input, with its schedule tables, final state, spike totals and per-step records."""
from __future__ import annotations

import numpy as np

from ...errors import FxError
from ...files.population_toml import population_from_dict, read_population_toml
from ...formats import MAX_WIDTH, Format
from ...population import simulate
from ..arrays import VectorArray


def _int_format(values: np.ndarray, frac: int) -> Format:
    """The narrowest signed / unsigned Format of at most MAX_WIDTH bits holding ``values``
    (``frac`` fractional bits)."""
    lo, hi = (int(values.min()), int(values.max())) if values.size else (0, 0)
    signed = lo < 0
    for width in range(1, MAX_WIDTH + 1):
        f = Format(signed, width, frac)
        if f.min_raw <= lo and hi <= f.max_raw:
            return f
    raise FxError(f"values {lo}..{hi} do not fit {MAX_WIDTH} bits")


def arrays(config: dict, inputs: dict, backend: str, trace: bool) -> list:
    """The engine: input, schedules, final state, spike totals, and per-step records."""
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


def defines(config: dict, inputs: dict | None = None) -> dict:
    """The population's fx_population_t fields (FXSIM_POP_*: ints, fx_format_t / fx_decay_t
    as lists), so a C test bench builds the kernel configuration from vectors.h alone
    (tests/c/test_golden_population.c)."""
    fields = population_from_dict(config).plan().scalars()
    return {f"FXSIM_POP_{key.upper()}": list(value) if isinstance(value, tuple) else value
            for key, value in fields.items()}


def random_inputs(config: dict, count: int | None, seed: int) -> dict:
    """Raw inputs of the population's shape, uniform over its v_format range (clipped to int32)."""
    if count is not None:
        raise FxError("population: the input shape comes from the config (steps, n); "
                      "give --random without a count")
    pop = population_from_dict(config)
    shape = (pop.steps, pop.n) if pop.input_mode == "current" else (pop.n,)
    lo, hi = max(pop.v_format.min_raw, -(1 << 31)), min(pop.v_format.max_raw, (1 << 31) - 1)
    return {"input": np.random.default_rng(seed).integers(lo, hi, size=shape, endpoint=True)}


def read_config(path: str) -> dict:
    """The parsed population TOML (its [input] table included: golden.py splits it off)."""
    return read_population_toml(path)
