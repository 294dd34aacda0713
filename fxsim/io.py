"""Crash-safe output: every file is written to a temporary sibling and renamed into place."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import FxError


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success."""
    target = Path(path)
    if not target.parent.is_dir():
        raise FxError(f"output directory does not exist: {target.parent}")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix or ".tmp",
                               dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def save_trace(trace, path: str | Path, meta: dict) -> None:
    """Write a Trace to .npz: final state, spike totals, per-step overflow counts, records,
    the population's formats and config (JSON) and ``meta`` (version, backend, command)."""
    import numpy as np

    from .config import to_json
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
