"""Deprecated alias of fxsim.ops.nlspike.config; removed in 0.3."""
from . import CONFIGS as _BY_METHOD
from .nlspike.config import *  # noqa: F401,F403

#: operator -> its nlspike config class (a view of fxsim.ops.REGISTRY)
CONFIGS = {op: methods["nlspike"] for op, methods in _BY_METHOD.items() if "nlspike" in methods}
