"""Producers: how each family turns (config, inputs) into the named arrays of a vector set.

One :class:`Producer` row per family, keyed by :func:`producer_key` in :data:`REGISTRY`: the
engine (population.py), the three primitives (primitives.py), the nlspike operators
(nlspike.py) and the operators by method mbe / fs (mbe_fs.py). Every function of a row is
deterministic, so `fxsim verify` can re-run it from a manifest.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial

from ... import ops
from ...errors import FxError
from ...primitives.divgroup import DivGroupConfig
from ...primitives.polarnorm import PolarNormConfig
from ...primitives.pwl_exp import PwlExpConfig
from . import mbe_fs, nlspike, population
from . import primitives as prim

#: (config, inputs, backend, trace) -> [(role, VectorArray)]
ArraysFn = Callable[[dict, dict, str, bool], list]


@dataclass(frozen=True)
class Producer:
    """One family's vector-set recipe.

    method: recorded in the manifest ("engine", "nlspike", "mbe", "fs").
    arrays: (config, inputs, backend, trace) -> [(role, VectorArray)].
    random_inputs: (config, count | None, seed) -> {input name: raw int64 array}.
    defines: (config, inputs) -> {C name: int or [ints]}, the kernel's scalar configuration.
    read_config: TOML path -> config dict.
    presets: {name: () -> config dict}.
    """

    method: str
    arrays: ArraysFn
    random_inputs: Callable[[dict, int | None, int], dict]
    defines: Callable[[dict, dict | None], dict]
    read_config: Callable[[str], dict]
    presets: Mapping[str, Callable[[], dict]] = field(default_factory=dict)


def read_op_config(op: str, method: str, path: str) -> dict:
    """The config dict of an operator config TOML (``ops.config_class(op, method)``)."""
    return ops.config_class(op, method).from_toml(path).to_dict()


def _preset(op: str, method: str, name: str) -> dict:
    return ops.preset_config(op, method, name).to_dict()


def _primitive(name: str, cls: type, arrays: ArraysFn, random_inputs, defines) -> Producer:
    return Producer("nlspike", arrays, random_inputs, defines, prim.toml_reader(name, cls),
                    {"paper": lambda: cls().to_dict()})


def _operator(op: str, method: str) -> Producer:
    module = nlspike if method == "nlspike" else mbe_fs
    args = (op,) if method == "nlspike" else (op, method)
    return Producer(method, partial(module.arrays, *args), partial(module.random_inputs, *args),
                    partial(module.defines, *args), partial(read_op_config, op, method),
                    {name: partial(_preset, op, method, name)
                     for name in getattr(ops.config_class(op, method), "PRESETS", ("paper",))})


def _registry() -> dict[str, Producer]:
    rows = {
        "population": Producer("engine", population.arrays, population.random_inputs,
                               population.defines, population.read_config),
        "pwl_exp": _primitive("pwl_exp", PwlExpConfig, prim.pwl_exp_arrays,
                              prim.pwl_exp_random, prim.pwl_exp_defines),
        "divgroup": _primitive("divgroup", DivGroupConfig, prim.divgroup_arrays,
                               prim.divgroup_random, prim.divgroup_defines),
        "polarnorm": _primitive("polarnorm", PolarNormConfig, prim.polarnorm_arrays,
                                prim.polarnorm_random, prim.polarnorm_defines),
    }
    for op, methods in ops.OPERATORS.items():
        for method in (m for m in methods if m in ("nlspike", "mbe", "fs")):
            rows[op if method == "nlspike" else f"{op}:{method}"] = _operator(op, method)
    return rows


REGISTRY: dict[str, Producer] = _registry()


def producer_key(operator: str, method: str | None = None) -> str:
    """The registry key of (operator, method): the operator itself for population, the
    primitives and the nlspike operators; "<operator>:<method>" for mbe / fs."""
    own = REGISTRY.get(operator)
    if method is None or (own is not None and own.method == method):
        return operator
    return f"{operator}:{method}"


def resolve(operator: str, method: str | None = None) -> str:
    """producer_key, or FxError naming the methods ``operator`` has producers for."""
    key = producer_key(operator, method)
    if key in REGISTRY:
        return key
    have = sorted({p.method for k, p in REGISTRY.items() if k.split(":")[0] == operator})
    if not have:
        raise FxError(f"no golden-vector producer for {operator!r}; available: "
                      f"{', '.join(sorted({k.split(':')[0] for k in REGISTRY}))}")
    raise FxError(f"{operator} has golden-vector producers for method(s) {', '.join(have)}"
                  + ("; pass --method" if method is None else f", not {method!r}"))


def producer(operator: str, method: str | None = None) -> Producer:
    """The registry row of (operator, method); FxError naming the available methods."""
    return REGISTRY[resolve(operator, method)]


def produce(operator: str, config: dict, inputs: dict, backend: str, trace: bool,
            method: str | None = None) -> list:
    """[(role, VectorArray)] of one set: ``producer(operator, method).arrays(...)``."""
    return producer(operator, method).arrays(config, inputs, backend, trace)


class _FieldView(Mapping):
    """{key: getattr(row, name)} over REGISTRY, read-only (the 0.1 parallel dicts)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getitem__(self, key: str):
        return getattr(REGISTRY[key], self._name)

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY)

    def __len__(self) -> int:
        return len(REGISTRY)


#: deprecated views of REGISTRY (use producer(...).defines / .method); removed in 0.3
DEFINES = _FieldView("defines")
METHODS = _FieldView("method")
