"""Deprecated alias of fxsim.ops.nlspike.plan and fxsim.ops.glue; removed in 0.3."""
from .glue import const_raw  # noqa: F401
from .nlspike.plan import (activation_plan, activation_stats, after, fits,  # noqa: F401
                           gelu_scalers, magnitude, norm_plan, norm_stats, softmax_constants,
                           softmax_plan, softmax_stats)
