"""Deprecated alias of fxsim.studies.sweep; removed in 0.3.

Calling the module itself (``fxsim.sweep(...)``, the function re-export of 0.1) still runs
:func:`fxsim.studies.sweep.sweep`, with a DeprecationWarning.
"""
import sys
import types
import warnings

from .studies.sweep import *  # noqa: F401,F403
from .studies.sweep import sweep as _sweep


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        warnings.warn("calling fxsim.sweep(...) is deprecated; use fxsim.studies.sweep.sweep",
                      DeprecationWarning, stacklevel=2)
        return _sweep(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
