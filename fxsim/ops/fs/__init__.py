"""Method ``fs`` (Few-Spikes): sigmoid, silu, gelu, exp, reciprocal and softmax from the
published FS sets on the ``fs`` population preset (docs/algorithms.md section 8.7).

config.py: FsActivationConfig; ops.py: the piece routing (``pieces``, ``run_pieces``) and the
operators.
"""
from __future__ import annotations

from .config import FsActivationConfig
from .ops import (PIECEWISE, SINGLE, SOFTMAX_CUTOFF, SOFTMAX_OFFSET, exp, gelu, pieces,
                  reciprocal, run_pieces, sigmoid, silu, softmax)

__all__ = ["FsActivationConfig", "PIECEWISE", "SINGLE", "SOFTMAX_CUTOFF", "SOFTMAX_OFFSET", "exp",
           "gelu", "pieces", "reciprocal", "run_pieces", "sigmoid", "silu", "softmax"]
