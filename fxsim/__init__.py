"""fxsim: a bit-exact, integer-only, timestep-exact simulator of spiking Transformer operators."""
import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:                                     # the names below, for type checkers
    from .arith import ShiftScaler, quantize, requantize, shift_right, to_float
    from .errors import BackendUnavailable, FxError, FxOverflowError
    from .formats import Format, Overflow, Rounding
    from .population import Decay, Population, Trace, simulate

__version__ = "0.1.0"

#: the engine's public names -> the module that defines them (imported on first use, so that
#: ``import fxsim.cli`` stays light: the ``fxsim`` command handles Ctrl-C before numpy loads)
_EXPORTS = {"ShiftScaler": ".arith", "quantize": ".arith", "requantize": ".arith",
            "shift_right": ".arith", "to_float": ".arith",
            "BackendUnavailable": ".errors", "FxError": ".errors", "FxOverflowError": ".errors",
            "Format": ".formats", "Overflow": ".formats", "Rounding": ".formats",
            "Decay": ".population", "Population": ".population", "Trace": ".population",
            "simulate": ".population"}

__all__ = ["BackendUnavailable", "Decay", "Format", "FxError", "FxOverflowError", "Overflow",
           "Population", "Rounding", "ShiftScaler", "Trace", "__version__", "quantize",
           "requantize", "shift_right", "simulate", "to_float"]


def __getattr__(name: str):
    """The engine's names (``fxsim.Format``, ``from fxsim import simulate``) and ``fxsim.sweep``,
    the deprecated module alias of fxsim.studies.sweep (callable as the 0.1 function re-export
    was; removed in 0.3), imported on first use."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    if name == "sweep":
        return importlib.import_module(".sweep", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
