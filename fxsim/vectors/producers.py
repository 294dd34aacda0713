"""Producers: how each operator turns (config, inputs) into the named arrays of a vector set.

A producer is ``fn(config: dict, inputs: dict[str, ndarray], backend, trace) -> [(role, array)]``
and must be deterministic, so `fxsim verify` can re-run it from a manifest. Registries, keyed
by operator: PRODUCERS; RANDOM_INPUTS ``fn(config, count | None, seed) -> {name: raw ints}``;
DEFINES ``fn(config, inputs) -> {C name: int or [ints]}`` (the kernel's scalar configuration);
METHODS (the method name recorded in the manifest); PRESETS ``{name: fn() -> config}``;
TOML_READERS ``fn(path) -> config``. Keys: producer_key(operator, method). Primitives:
primitive_producers.py; nlspike operators: op_producers.py; mbe / fs: p2_producers.py.
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
    from ..files.population_toml import population_from_dict
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


def population_defines(config: dict, inputs: dict | None = None) -> dict:
    """The population's fx_population_t fields (FXSIM_POP_*: ints, fx_format_t / fx_decay_t
    as lists), so a C test bench builds the kernel configuration from vectors.h alone
    (tests/c/test_golden_population.c)."""
    from ..backends import kernel_args
    from ..files.population_toml import population_from_dict
    fields = kernel_args.config(population_from_dict(config))
    return {f"FXSIM_POP_{key.upper()}": list(value) if isinstance(value, tuple) else value
            for key, value in fields.items()}


def population_random_input(config: dict, count: int | None, seed: int) -> dict:
    """Raw inputs of the population's shape, uniform over its v_format range (clipped to int32)."""
    from ..files.population_toml import population_from_dict
    if count is not None:
        raise FxError("population: the input shape comes from the config (steps, n); "
                      "give --random without a count")
    pop = population_from_dict(config)
    shape = (pop.steps, pop.n) if pop.input_mode == "current" else (pop.n,)
    lo, hi = max(pop.v_format.min_raw, -(1 << 31)), min(pop.v_format.max_raw, (1 << 31) - 1)
    return {"input": np.random.default_rng(seed).integers(lo, hi, size=shape, endpoint=True)}


def population_toml(path: str) -> dict:
    from ..files.toml import read_toml
    return read_toml(path)


def _primitive_toml(name: str, cls) -> Callable[[str], dict]:
    """A reader of a TOML file holding one ``[name]`` table of cls's fields."""
    def read(path: str) -> dict:
        from ..files.toml import read_toml
        doc = read_toml(path)
        if set(doc) != {name} or not isinstance(doc[name], dict):
            raise FxError(f"{path}: a {name} config is one [{name}] table")
        return cls.from_dict(doc[name]).to_dict()
    return read


def _register() -> None:
    from . import primitive_producers as pp
    from ..primitives.divgroup import DivGroupConfig
    from ..primitives.polarnorm import PolarNormConfig
    from ..primitives.pwl_exp import PwlExpConfig
    for name, cls, module_fns in (
            ("pwl_exp", PwlExpConfig, (pp.pwl_exp_arrays, pp.pwl_exp_random, pp.pwl_exp_defines)),
            ("divgroup", DivGroupConfig,
             (pp.divgroup_arrays, pp.divgroup_random, pp.divgroup_defines)),
            ("polarnorm", PolarNormConfig,
             (pp.polarnorm_arrays, pp.polarnorm_random, pp.polarnorm_defines))):
        PRODUCERS[name], RANDOM_INPUTS[name], DEFINES[name] = module_fns
        METHODS[name] = "nlspike"
        PRESETS[name] = {"paper": lambda cls=cls: cls().to_dict()}
        TOML_READERS[name] = _primitive_toml(name, cls)
    from functools import partial

    from . import op_producers as op
    from .. import ops
    for name in (n for n, methods in ops.OPERATORS.items() if "nlspike" in methods):
        PRODUCERS[name] = partial(op.op_arrays, name)
        RANDOM_INPUTS[name] = partial(op.op_random, name)
        DEFINES[name] = partial(op.op_defines, name)
        METHODS[name] = "nlspike"
        PRESETS[name] = {"paper": lambda name=name: ops.config_class(name).paper().to_dict()}
        TOML_READERS[name] = op.op_toml(name)
    from . import p2_producers as p2
    for name, methods in ops.OPERATORS.items():
        for method in (m for m in methods if m in ("mbe", "fs")):
            key = producer_key(name, method)
            PRODUCERS[key] = partial(p2.p2_arrays, name, method)
            RANDOM_INPUTS[key] = partial(p2.p2_random, name, method)
            DEFINES[key] = partial(p2.p2_defines, name, method)
            METHODS[key] = method
            PRESETS[key] = {"paper": lambda name=name, method=method:
                            ops.config_class(name, method).paper().to_dict()}
            TOML_READERS[key] = p2.p2_toml(name, method)


def producer_key(operator: str, method: str | None = None) -> str:
    """The registry key of (operator, method): the operator itself for population, the
    primitives and the nlspike operators; "<operator>:<method>" for mbe / fs."""
    if method is None or METHODS.get(operator) == method:
        return operator
    return f"{operator}:{method}"


def resolve(operator: str, method: str | None = None) -> str:
    """producer_key, or FxError naming the methods ``operator`` has producers for."""
    key = producer_key(operator, method)
    if key in METHODS:
        return key
    have = sorted({METHODS[k] for k in METHODS if k.split(":")[0] == operator})
    if not have:
        raise FxError(f"no golden-vector producer for {operator!r}; available: "
                      f"{', '.join(sorted({k.split(':')[0] for k in METHODS}))}")
    raise FxError(f"{operator} has golden-vector producers for method(s) {', '.join(have)}"
                  + ("; pass --method" if method is None else f", not {method!r}"))


PRODUCERS: dict[str, Producer] = {"population": population}
RANDOM_INPUTS: dict[str, Callable[[dict, int | None, int], dict]] = {
    "population": population_random_input}
DEFINES: dict[str, Callable[[dict, dict], dict]] = {"population": population_defines}
METHODS = {"population": "engine"}
PRESETS: dict[str, dict[str, Callable[[], dict]]] = {"population": {}}
TOML_READERS: dict[str, Callable[[str], dict]] = {"population": population_toml}
_register()


def produce(operator: str, config: dict, inputs: dict, backend: str, trace: bool,
            method: str | None = None) -> list:
    return PRODUCERS[resolve(operator, method)](config, inputs, backend, trace)
