"""Primitives of the spiking operators: raw integers (with Formats) in, raw integers out.

Each primitive module holds a config (a frozen :class:`fxsim.spec.Spec`) with every knob, a
public function that validates its input and dispatches to the chosen backend, and returns a
PrimitiveResult.
The numpy definition of each primitive lives in fxsim/backends/reference/; the C kernel in
csrc/fx_<name>.c; the numba kernel in fxsim/backends/numba/<name>.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..arith import to_float
from ..formats import Format


@dataclass
class PrimitiveResult:
    """raw: int64 result in ``format``; trace: per-step / per-iteration state arrays when asked
    for (name -> int64 array, axis order documented by the primitive); stats: operation and
    event counts (spikes, adds, shifts, lut_reads, multiplies, overflow_<var>)."""

    raw: np.ndarray
    format: Format
    trace: dict[str, np.ndarray] | None = None
    stats: dict[str, int] = field(default_factory=dict)

    def to_float(self, dtype=np.float64) -> np.ndarray:
        """The values as floats of ``dtype`` (float64: exact for |raw| < 2**53; float32: each
        rounded once to nearest)."""
        return to_float(self.raw, self.format, dtype)
