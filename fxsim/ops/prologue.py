"""Deprecated alias of fxsim.ops.result; removed in 0.3."""
from .result import ADDITIVE, Begun, Stats, begin, check_config, quantized_input  # noqa: F401
