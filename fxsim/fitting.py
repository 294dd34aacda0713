"""Deprecated alias of fxsim.studies.fitting; removed in 0.3."""
from .floatref.models import evaluate  # noqa: F401
from .studies.fitting import *  # noqa: F401,F403
