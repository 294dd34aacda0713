"""backend="numpy": the reference definition (fxsim.backends.reference)."""
from .reference.arith import overflow, quantize, requantize, shift_right
from .reference.divgroup import divgroup
from .reference.polarnorm import polarnorm
from .reference.population import simulate
from .reference.pwl_exp import pwl_exp

__all__ = ["divgroup", "overflow", "polarnorm", "pwl_exp", "quantize", "requantize",
           "shift_right", "simulate"]
