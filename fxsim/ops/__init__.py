"""Spiking Transformer operators (SPEC 5): softmax, sigmoid, silu, gelu_tanh, rmsnorm, layernorm.

Each public function takes a float array (quantized with ``config.input_format``) or raw
integers in that format (``raw=True``), a ``method`` (``"nlspike"``, ``"mbe"``, ``"fs"``), a config
(the method's dataclass; ``None`` means its ``paper()`` preset), a ``backend`` and ``trace``.
It returns an :class:`~fxsim.ops.nlspike.OpResult` (``.raw``, ``.format``, ``.to_float()``,
``.trace``, ``.stats``, ``.constants``, ``.config``).

``OPERATORS = {name: {method: function}}`` and ``CONFIGS = {name: {method: config class}}``
let a CLI list and call them. Integer steps and widths: docs/algorithms.md section 7.
"""
from __future__ import annotations

from ..errors import FxError
from . import fs as _fs
from . import mbe as _mbe
from . import nlspike as _nl
from .config import ActivationConfig, NormConfig, SoftmaxConfig
from .mbe_config import (FsActivationConfig, MbeActivationConfig, MbeNormConfig,
                         MbeScalarConfig, MbeSoftmaxConfig)
from .nlspike import OpResult

OPERATORS = {
    "softmax": {"nlspike": _nl.softmax},
    "sigmoid": {"nlspike": _nl.sigmoid},
    "silu": {"nlspike": _nl.silu},
    "gelu_tanh": {"nlspike": _nl.gelu_tanh},
    "rmsnorm": {"nlspike": _nl.rmsnorm},
    "layernorm": {"nlspike": _nl.layernorm},
}

CONFIGS = {
    "softmax": {"nlspike": SoftmaxConfig},
    "sigmoid": {"nlspike": ActivationConfig},
    "silu": {"nlspike": ActivationConfig},
    "gelu_tanh": {"nlspike": ActivationConfig},
    "rmsnorm": {"nlspike": NormConfig},
    "layernorm": {"nlspike": NormConfig},
}

# P2 (MBE) and FS methods (docs/algorithms.md section 8)
_P2_OPERATORS = {
    "softmax": {"mbe": (_mbe.softmax, MbeSoftmaxConfig),
                "fs": (_fs.softmax, FsActivationConfig)},
    "sigmoid": {"mbe": (_mbe.sigmoid, MbeActivationConfig),
                "fs": (_fs.sigmoid, FsActivationConfig)},
    "silu": {"mbe": (_mbe.silu, MbeActivationConfig), "fs": (_fs.silu, FsActivationConfig)},
    "gelu": {"mbe": (_mbe.gelu, MbeActivationConfig), "fs": (_fs.gelu, FsActivationConfig)},
    "tanh": {"mbe": (_mbe.tanh, MbeActivationConfig)},
    "rmsnorm": {"mbe": (_mbe.rmsnorm, MbeNormConfig)},
    "layernorm": {"mbe": (_mbe.layernorm, MbeNormConfig)},
    "exp": {"mbe": (_mbe.exp, MbeScalarConfig), "fs": (_fs.exp, FsActivationConfig)},
    "reciprocal": {"mbe": (_mbe.reciprocal, MbeScalarConfig),
                   "fs": (_fs.reciprocal, FsActivationConfig)},
    "rsqrt": {"mbe": (_mbe.rsqrt, MbeScalarConfig)},
}
for _name, _methods in _P2_OPERATORS.items():
    for _method, (_fn, _cls) in _methods.items():
        OPERATORS.setdefault(_name, {})[_method] = _fn
        CONFIGS.setdefault(_name, {})[_method] = _cls


def get(name: str, method: str = "nlspike"):
    """The function implementing operator ``name`` by ``method``; FxError if unknown."""
    if name not in OPERATORS:
        raise FxError(f"unknown operator {name!r}; expected one of {', '.join(OPERATORS)}")
    methods = OPERATORS[name]
    if method not in methods:
        raise FxError(f"unknown method {method!r} for {name}; available: {', '.join(methods)}")
    return methods[method]


def config_class(name: str, method: str = "nlspike"):
    get(name, method)
    return CONFIGS[name][method]


def softmax(x, axis=-1, method="nlspike", config=None, backend="numpy", trace=False, raw=False):
    return get("softmax", method)(x, axis=axis, config=config, backend=backend, trace=trace,
                                  raw=raw)


def sigmoid(x, method="nlspike", config=None, backend="numpy", trace=False, raw=False):
    return get("sigmoid", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def silu(x, method="nlspike", config=None, backend="numpy", trace=False, raw=False):
    return get("silu", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def gelu_tanh(x, method="nlspike", config=None, backend="numpy", trace=False, raw=False):
    return get("gelu_tanh", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def rmsnorm(x, weight=None, axis=-1, method="nlspike", config=None, backend="numpy",
            trace=False, raw=False):
    return get("rmsnorm", method)(x, weight=weight, axis=axis, config=config, backend=backend,
                                  trace=trace, raw=raw)


def layernorm(x, weight=None, bias=None, axis=-1, method="nlspike", config=None,
              backend="numpy", trace=False, raw=False):
    return get("layernorm", method)(x, weight=weight, bias=bias, axis=axis, config=config,
                                    backend=backend, trace=trace, raw=raw)


def gelu(x, method="mbe", config=None, backend="numpy", trace=False, raw=False):
    return get("gelu", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def tanh(x, method="mbe", config=None, backend="numpy", trace=False, raw=False):
    return get("tanh", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def exp(x, method="mbe", config=None, backend="numpy", trace=False, raw=False):
    return get("exp", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def reciprocal(x, method="mbe", config=None, backend="numpy", trace=False, raw=False):
    return get("reciprocal", method)(x, config=config, backend=backend, trace=trace, raw=raw)


def rsqrt(x, method="mbe", config=None, backend="numpy", trace=False, raw=False):
    return get("rsqrt", method)(x, config=config, backend=backend, trace=trace, raw=raw)


__all__ = ["ActivationConfig", "CONFIGS", "FsActivationConfig", "MbeActivationConfig",
           "MbeNormConfig", "MbeScalarConfig", "MbeSoftmaxConfig", "exp", "gelu", "reciprocal",
           "rsqrt", "tanh", "NormConfig", "OPERATORS", "OpResult",
           "SoftmaxConfig", "config_class", "gelu_tanh", "get", "layernorm", "rmsnorm",
           "sigmoid", "silu", "softmax"]
