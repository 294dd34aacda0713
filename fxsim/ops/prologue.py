"""Deprecated alias of fxsim.ops.result; removed in 0.3."""
from .result import *  # noqa: F401,F403
