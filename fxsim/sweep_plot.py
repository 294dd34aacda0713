"""Deprecated alias of fxsim.studies.sweep.plot; removed in 0.3."""
from .studies.sweep.plot import *  # noqa: F401,F403
