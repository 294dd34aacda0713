"""Deprecated alias of fxsim.studies.check and fxsim.floatref.workloads; removed in 0.3."""
from .studies.check import *  # noqa: F401,F403
from .floatref.workloads import PASN_FIGURES  # noqa: F401
