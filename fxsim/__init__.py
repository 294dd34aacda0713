"""fxsim: a bit-exact, integer-only, timestep-exact simulator of spiking Transformer operators."""
from .arith import ShiftScaler, quantize, requantize, shift_right, to_float
from .errors import BackendUnavailable, FxError, FxOverflowError
from .formats import Format, Overflow, Rounding
from .population import Decay, Population, Trace, simulate

__version__ = "0.1.0"

__all__ = ["BackendUnavailable", "Decay", "Format", "FxError", "FxOverflowError", "Overflow",
           "Population", "Rounding", "ShiftScaler", "Trace", "__version__", "quantize",
           "requantize", "shift_right", "simulate", "to_float"]
