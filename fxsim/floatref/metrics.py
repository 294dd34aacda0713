"""Error metrics of a fixed-point result against its float reference.

``RunningError`` accumulates err = got - ref over any number of chunks (count, sum |err|,
sum err^2, sum ref^2, max |err|) and derives mean_abs, max_abs, mse and rel_l2 from those
sums; ``metric_values`` is the one-shot form. Sweeps, the audit's per-layer errors and the
torch stand-ins' local errors all use it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

METRICS = ("mean_abs", "max_abs", "mse", "rel_l2")


@dataclass
class RunningError:
    """Running sums of an error err = got - ref (float64)."""

    count: int = 0
    sum_abs: float = 0.0
    sum_sq_err: float = 0.0
    sum_sq_ref: float = 0.0
    max_abs: float = 0.0

    def add(self, err: np.ndarray, ref: np.ndarray) -> None:
        """Accumulate one chunk of errors and the reference values they belong to."""
        err = np.asarray(err, np.float64).ravel()
        ref = np.asarray(ref, np.float64).ravel()
        abs_err = np.abs(err)
        self.add_sums(err.size, float(np.sum(abs_err)), float(np.sum(err * err)),
                      float(np.sum(ref * ref)), float(np.max(abs_err)) if err.size else 0.0)

    def add_sums(self, count: int, sum_abs: float, sum_sq_err: float, sum_sq_ref: float,
                 max_abs: float) -> None:
        """Accumulate a chunk already reduced elsewhere (e.g. by torch on its threads)."""
        self.count += count
        self.sum_abs += sum_abs
        self.sum_sq_err += sum_sq_err
        self.sum_sq_ref += sum_sq_ref
        self.max_abs = max(self.max_abs, max_abs)

    @property
    def mean_abs(self) -> float:
        """sum |err| / count (0 before any element)."""
        return self.sum_abs / max(self.count, 1)

    @property
    def mse(self) -> float:
        """sum err^2 / count (0 before any element)."""
        return self.sum_sq_err / max(self.count, 1)

    def rel_l2(self, zero_ref: float = math.nan) -> float:
        """||err||_2 / ||ref||_2; ``zero_ref`` when ||ref||_2 is 0."""
        if self.sum_sq_ref <= 0:
            return zero_ref
        return math.sqrt(self.sum_sq_err) / math.sqrt(self.sum_sq_ref)

    def values(self) -> dict[str, float]:
        """Every metric of ``METRICS`` by name."""
        return {"mean_abs": self.mean_abs, "max_abs": self.max_abs, "mse": self.mse,
                "rel_l2": self.rel_l2()}


def metric_values(err: np.ndarray, ref: np.ndarray) -> dict[str, float]:
    """mean_abs, max_abs, mse (mean of err^2) and rel_l2 (||err||_2 / ||ref||_2) of one array."""
    acc = RunningError()
    acc.add(err, ref)
    return acc.values()
