"""Spiking Transformer operators (docs/operators.md; docs/algorithms.md section 7).

Each public function takes a float array (quantized with ``config.input_format``) or raw
integers in that format (``raw=True``), a ``method``, a config (the method's dataclass; ``None``
means its ``paper()`` preset, a dict its ``from_dict``), a ``backend`` and ``trace``. It returns
an :class:`~fxsim.ops.result.OpResult` (``.raw``, ``.format``, ``.to_float()``, ``.trace``,
``.stats``, ``.constants``, ``.config``).

Methods, one package each: ``nlspike`` (P1: PWL-Exp, Division group, PolarNorm; section 7),
``mbe`` (P2: MBE neurons, range reduction, spike multiply; section 8.6), ``fs`` (Few-Spikes
sets; section 8.7). Operator names say which function is computed, not how: ``gelu`` is the
erf GELU x Phi(x) (methods mbe, fs), ``gelu_tanh`` the tanh GELU
0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (method nlspike). Default method of each public
function: ``nlspike`` for softmax, sigmoid, silu, gelu_tanh, rmsnorm and layernorm; ``mbe`` for
gelu, tanh, exp, reciprocal and rsqrt.

``REGISTRY = {(op, method): OpEntry(function, config_class)}`` is the one table; ``OPERATORS =
{op: {method: function}}`` and ``CONFIGS = {op: {method: config class}}`` are its views for a CLI
to list and call them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import FxError
from ..spec import Spec
from . import fs, mbe, nlspike
from .fs import FsActivationConfig
from .mbe import MbeActivationConfig, MbeNormConfig, MbeScalarConfig, MbeSoftmaxConfig
from .nlspike import ActivationConfig, NormConfig, SoftmaxConfig
from .result import OpResult


@dataclass(frozen=True)
class OpEntry:
    """One (operator, method) pair: the function computing it and the class of its config."""

    function: Callable[..., OpResult]
    config_class: type[Spec]


#: (operator, method) -> OpEntry; one row per pair, operators in listing order
REGISTRY: dict[tuple[str, str], OpEntry] = {
    ("softmax", "nlspike"): OpEntry(nlspike.softmax, SoftmaxConfig),
    ("softmax", "mbe"): OpEntry(mbe.softmax, MbeSoftmaxConfig),
    ("softmax", "fs"): OpEntry(fs.softmax, FsActivationConfig),
    ("sigmoid", "nlspike"): OpEntry(nlspike.sigmoid, ActivationConfig),
    ("sigmoid", "mbe"): OpEntry(mbe.sigmoid, MbeActivationConfig),
    ("sigmoid", "fs"): OpEntry(fs.sigmoid, FsActivationConfig),
    ("silu", "nlspike"): OpEntry(nlspike.silu, ActivationConfig),
    ("silu", "mbe"): OpEntry(mbe.silu, MbeActivationConfig),
    ("silu", "fs"): OpEntry(fs.silu, FsActivationConfig),
    ("gelu_tanh", "nlspike"): OpEntry(nlspike.gelu_tanh, ActivationConfig),
    ("rmsnorm", "nlspike"): OpEntry(nlspike.rmsnorm, NormConfig),
    ("rmsnorm", "mbe"): OpEntry(mbe.rmsnorm, MbeNormConfig),
    ("layernorm", "nlspike"): OpEntry(nlspike.layernorm, NormConfig),
    ("layernorm", "mbe"): OpEntry(mbe.layernorm, MbeNormConfig),
    ("gelu", "mbe"): OpEntry(mbe.gelu, MbeActivationConfig),
    ("gelu", "fs"): OpEntry(fs.gelu, FsActivationConfig),
    ("tanh", "mbe"): OpEntry(mbe.tanh, MbeActivationConfig),
    ("exp", "mbe"): OpEntry(mbe.exp, MbeScalarConfig),
    ("exp", "fs"): OpEntry(fs.exp, FsActivationConfig),
    ("reciprocal", "mbe"): OpEntry(mbe.reciprocal, MbeScalarConfig),
    ("reciprocal", "fs"): OpEntry(fs.reciprocal, FsActivationConfig),
    ("rsqrt", "mbe"): OpEntry(mbe.rsqrt, MbeScalarConfig),
}

OPERATORS: dict[str, dict[str, Callable[..., OpResult]]] = {}
CONFIGS: dict[str, dict[str, type[Spec]]] = {}
for (_op, _method), _entry in REGISTRY.items():
    OPERATORS.setdefault(_op, {})[_method] = _entry.function
    CONFIGS.setdefault(_op, {})[_method] = _entry.config_class


def entry(name: str, method: str = "nlspike") -> OpEntry:
    """The registry row of operator ``name`` by ``method``; FxError if unknown."""
    if name not in OPERATORS:
        raise FxError(f"unknown operator {name!r}; expected one of {', '.join(OPERATORS)}")
    if (name, method) not in REGISTRY:
        raise FxError(f"unknown method {method!r} for {name}; available: "
                      f"{', '.join(OPERATORS[name])}")
    return REGISTRY[name, method]


def get(name: str, method: str = "nlspike") -> Callable[..., OpResult]:
    """The function implementing operator ``name`` by ``method``; FxError if unknown."""
    return entry(name, method).function


def config_class(name: str, method: str = "nlspike") -> type[Spec]:
    """The config class of operator ``name`` by ``method``; FxError if unknown."""
    return entry(name, method).config_class


def preset_config(name: str, method: str = "nlspike", preset: str = "paper") -> Spec:
    """The named preset (one of the config class's ``PRESETS``, default ``("paper",)``) of
    operator ``name`` by ``method``; FxError naming the available ones if unknown."""
    cls = config_class(name, method)
    presets = getattr(cls, "PRESETS", ("paper",))
    if preset not in presets:
        raise FxError(f"unknown preset {preset!r} for {name} ({method}); "
                      f"available: {', '.join(presets)}")
    return getattr(cls, preset)()


def softmax(x, axis: int = -1, method: str = "nlspike", config=None, backend: str = "numpy",
            trace: bool = False, raw: bool = False) -> OpResult:
    """Softmax along ``axis``."""
    return get("softmax", method)(x, axis=axis, config=config, backend=backend, trace=trace,
                                  raw=raw)


def sigmoid(x, method: str = "nlspike", config=None, backend: str = "numpy",
            trace: bool = False, raw: bool = False) -> OpResult:
    """1 / (1 + e^-x), elementwise."""
    return get("sigmoid", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def silu(x, method: str = "nlspike", config=None, backend: str = "numpy",
         trace: bool = False, raw: bool = False) -> OpResult:
    """x sigmoid(x), elementwise."""
    return get("silu", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def gelu_tanh(x, method: str = "nlspike", config=None, backend: str = "numpy",
              trace: bool = False, raw: bool = False) -> OpResult:
    """The tanh GELU, elementwise."""
    return get("gelu_tanh", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def rmsnorm(x, weight=None, axis: int = -1, method: str = "nlspike", config=None,
            backend: str = "numpy", trace: bool = False, raw: bool = False) -> OpResult:
    """x / sqrt(mean(x^2) + eps) * weight along ``axis``."""
    return get("rmsnorm", method)(x, weight=weight, axis=axis, config=config, backend=backend,
                                  trace=trace, raw=raw)


def layernorm(x, weight=None, bias=None, axis: int = -1, method: str = "nlspike", config=None,
              backend: str = "numpy", trace: bool = False, raw: bool = False) -> OpResult:
    """(x - mean) / sqrt(var + eps) * weight + bias along ``axis``."""
    return get("layernorm", method)(x, weight=weight, bias=bias, axis=axis, config=config,
                                    backend=backend, trace=trace, raw=raw)


def gelu(x, method: str = "mbe", config=None, backend: str = "numpy", trace: bool = False,
         raw: bool = False) -> OpResult:
    """The erf GELU x Phi(x), elementwise."""
    return get("gelu", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def tanh(x, method: str = "mbe", config=None, backend: str = "numpy", trace: bool = False,
         raw: bool = False) -> OpResult:
    """tanh(x), elementwise."""
    return get("tanh", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def exp(x, method: str = "mbe", config=None, backend: str = "numpy", trace: bool = False,
        raw: bool = False) -> OpResult:
    """e^x, elementwise."""
    return get("exp", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def reciprocal(x, method: str = "mbe", config=None, backend: str = "numpy", trace: bool = False,
               raw: bool = False) -> OpResult:
    """1 / x for x > 0, elementwise."""
    return get("reciprocal", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def rsqrt(x, method: str = "mbe", config=None, backend: str = "numpy", trace: bool = False,
          raw: bool = False) -> OpResult:
    """1 / sqrt(x) for x > 0, elementwise."""
    return get("rsqrt", method)(x, config=config, backend=backend, trace=trace, raw=raw)


__all__ = ["ActivationConfig", "CONFIGS", "FsActivationConfig", "MbeActivationConfig",
           "MbeNormConfig", "MbeScalarConfig", "MbeSoftmaxConfig", "NormConfig", "OPERATORS",
           "OpEntry", "OpResult", "REGISTRY", "SoftmaxConfig", "config_class", "entry", "exp",
           "preset_config",
           "gelu", "gelu_tanh", "get", "layernorm", "reciprocal", "rmsnorm", "rsqrt", "sigmoid",
           "silu", "softmax", "tanh"]
