"""backend="numpy": the readable definition every other backend must equal bit for bit.

One module per kernel family, with the stems of csrc/fx_*.c: arith, population, pwl_exp,
divgroup, polarnorm. No fused kernels: the operators compose the primitives.
"""
from .arith import overflow, quantize, requantize, shift_right
from .divgroup import divgroup
from .polarnorm import polarnorm
from .population import simulate
from .pwl_exp import pwl_exp

NAME = "numpy"
FUSED: frozenset[str] = frozenset()

__all__ = ["FUSED", "NAME", "divgroup", "overflow", "polarnorm", "pwl_exp", "quantize",
           "requantize", "shift_right", "simulate"]
