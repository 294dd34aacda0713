"""Deprecated alias of fxsim.ops.nlspike.config; removed in 0.3."""
from .nlspike.config import (ActivationConfig, NormConfig, OpConfig, SoftmaxConfig,  # noqa: F401
                             gelu_constants)
