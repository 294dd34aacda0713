"""vectors.npz: each array in the smallest integer dtype that holds its Format."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import FxError
from ..files.inputs import load_npz
from ..files.trace_npz import save_npz


def smallest_dtype(signed: bool, width: int) -> np.dtype:
    for bits in (8, 16, 32, 64):
        if width <= bits:
            return np.dtype(f"{'i' if signed else 'u'}{bits // 8}")
    raise FxError(f"width {width} exceeds 64 bits")


def write_npz(path: str | Path, arrays: list) -> None:
    """An npz numpy.load reads, written byte-reproducibly (fixed zip timestamps, sorted names),
    each array in the smallest integer dtype of its Format."""
    save_npz(path, {a.name: a.raw.astype(smallest_dtype(a.fmt.signed, a.fmt.width))
                    for a in arrays})


def read_npz(path: str | Path) -> dict[str, np.ndarray]:
    """Arrays by name, as int64; a damaged file or a non-integer array is an FxError."""
    arrays = load_npz(path)
    for name, array in arrays.items():
        if array.dtype.kind not in "biu":
            raise FxError(f"{path}: array {name} holds {array.dtype}, not integers")
    return {name: array.astype(np.int64) for name, array in arrays.items()}
