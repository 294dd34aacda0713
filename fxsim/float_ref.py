"""Deprecated alias of fxsim.floatref.functions; removed in 0.3."""
from .floatref.functions import *  # noqa: F401,F403
