"""backend="numpy": the reference definition (fxsim.backends.reference)."""
from .reference.arith import overflow, quantize, requantize, shift_right
from .reference.divgroup import divgroup
from .reference.population import simulate

__all__ = ["divgroup", "overflow", "quantize", "requantize", "shift_right", "simulate"]
