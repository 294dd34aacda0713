"""backend="numpy": the reference definition (fxsim.backends.reference)."""
from .reference.arith import overflow, quantize, requantize, shift_right
from .reference.population import simulate

__all__ = ["overflow", "quantize", "requantize", "shift_right", "simulate"]
from .reference.pwl_exp import pwl_exp  # noqa: F401
