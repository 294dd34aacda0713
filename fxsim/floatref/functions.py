"""Float64 references of the operators: the exact answers studies measure against.

``reference(op, x, eps)`` evaluates the exact float function of operator ``op`` (row operators
softmax, rmsnorm, layernorm reduce over the last axis); ``EXACT`` holds the functions by the
names of the MBE fit records and FS parameter sets; ``torch_reference`` is the float64 PyTorch
operator (the ``torch`` extra, imported only when called).
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import FxError


def erf(x: np.ndarray) -> np.ndarray:
    """The error function elementwise in float64 (math.erf; no scipy needed)."""
    return np.vectorize(math.erf, otypes=[np.float64])(x)


def gelu_erf(x: np.ndarray) -> np.ndarray:
    """x Phi(x) = x (1 + erf(x / sqrt 2)) / 2."""
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    """The tanh approximation of GELU."""
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """(1 + tanh(x / 2)) / 2: no overflow for large |x|."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def rmsnorm(x: np.ndarray, eps: float) -> np.ndarray:
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)


def layernorm(x: np.ndarray, eps: float) -> np.ndarray:
    centred = x - x.mean(axis=-1, keepdims=True)
    return centred / np.sqrt(np.mean(centred * centred, axis=-1, keepdims=True) + eps)


def _reciprocal(x: np.ndarray) -> np.ndarray:
    return 1.0 / x


def _rsqrt(x: np.ndarray) -> np.ndarray:
    return 1.0 / np.sqrt(x)


#: operator name -> (function of x, uses eps). Row operators reduce over the last axis.
REFERENCES = {
    "softmax": (softmax, False),
    "sigmoid": (sigmoid, False),
    "silu": (lambda x: x * sigmoid(x), False),
    "gelu": (gelu_erf, False),
    "gelu_tanh": (gelu_tanh, False),
    "tanh": (np.tanh, False),
    "exp": (np.exp, False),
    "reciprocal": (_reciprocal, False),
    "rsqrt": (_rsqrt, False),
    "identity": (lambda x: np.array(x, np.float64), False),
    "rmsnorm": (rmsnorm, True),
    "layernorm": (layernorm, True),
}

#: exact functions by the names used in the MBE fit records and fs_params.json
EXACT = {
    "gelu": gelu_erf, "tanh": np.tanh, "exp2": np.exp2, "inv": _reciprocal,
    "reciprocal": _reciprocal, "rsqrt": _rsqrt, "identity": lambda x: x, "exp": np.exp,
    "silu": lambda x: x / (1.0 + np.exp(-x)), "swish": lambda x: x / (1.0 + np.exp(-x)),
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)), "relu": lambda x: np.maximum(x, 0.0),
    "square": lambda x: x * x,
}


def reference(op: str, x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Exact float64 value of operator ``op`` on ``x`` (eps: norms' variance epsilon)."""
    if op not in REFERENCES:
        raise FxError(f"no float reference for operator {op!r}; known: {', '.join(REFERENCES)}")
    fn, uses_eps = REFERENCES[op]
    x = np.asarray(x, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return fn(x, eps) if uses_eps else fn(x)


def require_torch():
    """The torch module, or FxError naming the extra that provides it."""
    try:
        import torch
    except ImportError:
        raise FxError("fxsim check needs torch: pip install 'fxsim[torch]' "
                      "(pins torch==2.13.0)") from None
    return torch


def torch_reference(op: str, x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """The float64 PyTorch operator ``op`` on ``x`` (softmax, silu, sigmoid, gelu_tanh,
    rmsnorm, layernorm; row operators over the last axis)."""
    torch = require_torch()
    F = torch.nn.functional
    t = torch.from_numpy(x)
    fns = {"softmax": lambda: F.softmax(t, dim=-1), "silu": lambda: F.silu(t),
           "sigmoid": lambda: torch.sigmoid(t), "gelu_tanh": lambda: F.gelu(t, approximate="tanh"),
           "rmsnorm": lambda: F.rms_norm(t, (t.shape[-1],), eps=eps),
           "layernorm": lambda: F.layer_norm(t, (t.shape[-1],), eps=eps)}
    with torch.no_grad():
        return fns[op]().numpy()
