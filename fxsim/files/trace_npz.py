"""Run results as .npz files (written atomically): a population's Trace, an operator's result."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..ops.result import OpResult
from ..population import Trace
from .atomic import atomic_path
from .jsonio import to_json


def save_trace(trace: Trace, path: str | Path, meta: dict) -> None:
    """Write a Trace to .npz: final state, spike totals, per-step overflow counts, records,
    the population's formats and config (JSON) and ``meta`` (version, backend, command)."""
    arrays = {"v": trace.v, "acc": trace.acc, "spike_count": trace.spike_count}
    if trace.i is not None:
        arrays["i"] = trace.i
    arrays.update({f"overflow_{k}": v for k, v in trace.overflow.items()})
    arrays.update({f"record_{k}": v for k, v in trace.records.items()})
    formats = {k: f.to_dict() for k, f in trace.population.formats().items()}
    arrays["meta_json"] = np.array(to_json({**meta, "formats": formats,
                                            "population": trace.population.to_dict()}))
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez(fh, **arrays)


def save_op_result(result: OpResult, x: np.ndarray, path: str | Path, meta: dict) -> None:
    """Write an operator run to .npz: its float input, raw output, output as float and
    ``meta`` (operator, method, backend, config, ...) with the output format and stats (JSON)."""
    meta = {**meta, "format": str(result.format), "stats": result.stats}
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez(fh, input=x, raw=result.raw, output=result.to_float(),
                 meta_json=np.array(to_json(meta)))
