"""Deprecated alias of fxsim.ops.nlspike.plan; removed in 0.3."""
from .nlspike.plan import *  # noqa: F401,F403
