"""backend="numba": njit kernels with the structure of csrc/, one module per kernel family
with the stems of csrc/fx_*.c (arith is the bottom; ops holds the fused operators). Plans
reach the kernels as namedtuples (arith.flat).
"""
from __future__ import annotations

try:
    import numba
except ImportError as exc:  # pragma: no cover - numba is a dependency
    raise ImportError(f"numba is not importable ({exc})") from None

import numpy as np

from .. import abi, env_threads
from . import population
from .arith import overflow, quantize, requantize, requantize_seen, shift_right
from .chain import chain
from .divgroup import divgroup
from .fs import fs_op, fs_op_floats
from .mbe import mbe_op, mbe_op_floats
from .ops import (activation, activation_floats, norm_float_rows, norm_rows, softmax_float_rows,
                  softmax_rows)
from .polarnorm import polarnorm
from .pwl_exp import pwl_exp
from .rows import fs_softmax_rows, mbe_norm_rows, mbe_softmax_rows

NAME = "numba"
FUSED = frozenset({"softmax_rows", "activation", "norm_rows", "chain", "mbe_op", "mbe_op_floats",
                   "fs_op", "fs_op_floats", "mbe_softmax_rows", "mbe_norm_rows", "fs_softmax_rows", "requantize_seen",
                   "softmax_float_rows", "activation_floats", "norm_float_rows"})
#: threads used by simulate; FXSIM_THREADS overrides (results never depend on it)
THREADS = env_threads()


def simulate(plan: abi.PopulationPlan, inputs: np.ndarray | None, record: tuple[str, ...],
             threads: int | None = None, out=None) -> abi.PopulationRun:
    """threads: numba threads for this call (default THREADS); out: an earlier run whose
    final-state arrays are reused."""
    return population.simulate(plan, inputs, record, THREADS if threads is None else threads,
                               out)


def block_paths(plan: abi.PopulationPlan, inputs: np.ndarray | None,
                threads: int = 1) -> dict[str, int]:
    """Blocks per engine path of a run (abi.ENGINE_PATHS): a diagnostic for tests."""
    return population.block_paths(plan, inputs, threads)


__all__ = ["FUSED", "NAME", "THREADS", "activation", "activation_floats", "block_paths", "chain",
           "divgroup", "fs_op", "fs_op_floats", "fs_softmax_rows", "mbe_norm_rows", "mbe_op",
           "mbe_op_floats", "mbe_softmax_rows",
           "norm_float_rows", "norm_rows", "numba", "overflow", "polarnorm", "pwl_exp",
           "quantize", "requantize", "requantize_seen", "shift_right", "simulate",
           "softmax_float_rows", "softmax_rows"]
