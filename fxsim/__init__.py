"""fxsim: a bit-exact, integer-only, timestep-exact simulator of spiking Transformer operators."""
import importlib

from .arith import ShiftScaler, quantize, requantize, shift_right, to_float
from .errors import BackendUnavailable, FxError, FxOverflowError
from .formats import Format, Overflow, Rounding
from .population import Decay, Population, Trace, simulate

__version__ = "0.1.0"

__all__ = ["BackendUnavailable", "Decay", "Format", "FxError", "FxOverflowError", "Overflow",
           "Population", "Rounding", "ShiftScaler", "Trace", "__version__", "quantize",
           "requantize", "shift_right", "simulate", "to_float"]


def __getattr__(name: str):
    """``fxsim.sweep`` without importing it first: the deprecated module alias of
    fxsim.studies.sweep (callable as the 0.1 function re-export was); removed in 0.3."""
    if name == "sweep":
        return importlib.import_module(".sweep", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
