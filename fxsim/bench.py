"""Deprecated alias of fxsim.studies.bench; removed in 0.3."""
from .studies.bench import *  # noqa: F401,F403
