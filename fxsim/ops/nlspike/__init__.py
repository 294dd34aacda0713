"""Method ``nlspike`` (P1): softmax, sigmoid, silu, gelu_tanh, rmsnorm and layernorm composed
from PWL-Exp, the Division group and PolarNorm (docs/algorithms.md section 7).

config.py: the configs; plan.py: the fused-kernel plans and the one counts -> stats mapping;
compose.py: the operators (the composition is the definition).
"""
from __future__ import annotations

from ..result import OpResult
from .compose import gelu_tanh, layernorm, rmsnorm, sigmoid, silu, softmax
from .config import ActivationConfig, NormConfig, OpConfig, SoftmaxConfig

__all__ = ["ActivationConfig", "NormConfig", "OpConfig", "OpResult", "SoftmaxConfig",
           "gelu_tanh", "layernorm", "rmsnorm", "sigmoid", "silu", "softmax"]
