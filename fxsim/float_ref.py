"""Float64 numpy references of the operators (the "float reference" a sweep measures against).

``reference(op, x, eps)`` evaluates the exact float function of operator ``op`` on a float
array: row operators (softmax, rmsnorm, layernorm) reduce over the last axis. No torch here:
these are the textbook formulas in float64, the same ones ``fxsim check`` takes from PyTorch.
"""
from __future__ import annotations

import math

import numpy as np

from .errors import FxError


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _rmsnorm(x: np.ndarray, eps: float) -> np.ndarray:
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)


def _layernorm(x: np.ndarray, eps: float) -> np.ndarray:
    centred = x - x.mean(axis=-1, keepdims=True)
    return centred / np.sqrt(np.mean(centred * centred, axis=-1, keepdims=True) + eps)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))          # no overflow for large |x|


def _gelu_erf(x: np.ndarray) -> np.ndarray:
    erf = np.frompyfunc(math.erf, 1, 1)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)).astype(np.float64))


def _gelu_tanh(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


#: operator name -> (function of x, uses eps). Row operators reduce over the last axis.
REFERENCES = {
    "softmax": (_softmax, False),
    "sigmoid": (_sigmoid, False),
    "silu": (lambda x: x * _sigmoid(x), False),
    "gelu": (_gelu_erf, False),
    "gelu_tanh": (_gelu_tanh, False),
    "tanh": (np.tanh, False),
    "exp": (np.exp, False),
    "reciprocal": (lambda x: 1.0 / x, False),
    "rsqrt": (lambda x: 1.0 / np.sqrt(x), False),
    "identity": (lambda x: np.array(x, np.float64), False),
    "rmsnorm": (_rmsnorm, True),
    "layernorm": (_layernorm, True),
}


def reference(op: str, x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Exact float64 value of operator ``op`` on ``x`` (eps: norms' variance epsilon)."""
    if op not in REFERENCES:
        raise FxError(f"no float reference for operator {op!r}; known: {', '.join(REFERENCES)}")
    fn, uses_eps = REFERENCES[op]
    x = np.asarray(x, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return fn(x, eps) if uses_eps else fn(x)
