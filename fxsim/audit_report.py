"""Deprecated alias of fxsim.audit.report; removed in 0.3."""
from .audit.report import *  # noqa: F401,F403
