"""Method ``mbe`` (P2): gelu, tanh, sigmoid, silu, softmax, layernorm, rmsnorm, exp,
reciprocal and rsqrt from integer MBE neurons, range reduction and the spike-driven multiply
(docs/algorithms.md section 8.6).

config.py: the configs and each activation's default fit; ops.py: the operators.
"""
from __future__ import annotations

from .config import (ACTIVATION_FITS, MbeActivationConfig, MbeNormConfig, MbeScalarConfig,
                     MbeSoftmaxConfig)
from .ops import (exp, gelu, layernorm, reciprocal, rmsnorm, rsqrt, sigmoid, silu, softmax,
                  tanh)

__all__ = ["ACTIVATION_FITS", "MbeActivationConfig", "MbeNormConfig", "MbeScalarConfig",
           "MbeSoftmaxConfig", "exp", "gelu", "layernorm", "reciprocal", "rmsnorm", "rsqrt",
           "sigmoid", "silu", "softmax", "tanh"]
