"""Deprecated alias of fxsim.ops.mbe.config and fxsim.ops.fs.config; removed in 0.3."""
from .fs.config import *  # noqa: F401,F403
from .mbe.config import *  # noqa: F401,F403
