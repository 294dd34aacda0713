"""Run results as .npz files (written atomically and byte-reproducibly): a population's Trace,
an operator's result."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from ..ops.result import OpResult
from ..population import Trace
from .atomic import atomic_path
from .jsonio import to_json


#: the fixed time stamp of every archive member (zip's earliest), so equal arrays give equal bytes
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def save_npz(path: str | Path, arrays: Mapping[str, np.ndarray]) -> None:
    """:func:`write_npz`, written atomically."""
    with atomic_path(path) as tmp:
        write_npz(tmp, arrays)


def write_npz(path: str | Path, arrays: Mapping[str, np.ndarray]) -> None:
    """An .npz numpy.load reads, with sorted names and fixed time stamps (np.savez stamps the
    current time: two equal runs would differ); no pickled objects."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[name]),
                                      allow_pickle=False)
            archive.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_EPOCH),
                             buffer.getvalue())


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
    save_npz(path, arrays)


def save_op_result(result: OpResult, x: np.ndarray, path: str | Path, meta: dict) -> None:
    """Write an operator run to .npz: its float input, raw output, output as float and
    ``meta`` (operator, method, backend, config, ...) with the output format and stats (JSON)."""
    meta = {**meta, "format": str(result.format), "stats": result.stats}
    save_npz(path, {"input": x, "raw": result.raw, "output": result.to_float(),
                    "meta_json": np.array(to_json(meta))})
