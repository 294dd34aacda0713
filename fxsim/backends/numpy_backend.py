"""backend="numpy": the reference definition (fxsim.backends.reference)."""
from .reference.arith import overflow, quantize, requantize, shift_right
from .reference.population import simulate
from .reference.polarnorm import polarnorm

__all__ = ["overflow", "quantize", "requantize", "shift_right", "simulate", "polarnorm"]
