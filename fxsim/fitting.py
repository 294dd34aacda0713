"""Deprecated alias of fxsim.studies.fitting and fxsim.floatref.models; removed in 0.3."""
from .floatref.models import evaluate  # noqa: F401
from .studies.fitting import *  # noqa: F401,F403
