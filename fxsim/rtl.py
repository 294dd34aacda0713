"""Deprecated alias of fxsim.hw.rtl; removed in 0.3."""
from .hw.rtl import *  # noqa: F401,F403
