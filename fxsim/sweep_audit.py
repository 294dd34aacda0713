"""Deprecated alias of fxsim.studies.sweep.audit; removed in 0.3."""
from .studies.sweep.audit import *  # noqa: F401,F403
from .studies.sweep.plot import plot_deltas  # noqa: F401
