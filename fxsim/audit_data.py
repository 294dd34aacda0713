"""Deprecated alias of fxsim.audit.data; removed in 0.3."""
from .audit.data import *  # noqa: F401,F403
