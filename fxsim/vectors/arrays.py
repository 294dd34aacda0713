"""One named array of raw integers with everything a test bench needs to read it."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import FxError
from ..formats import Format


@dataclass(frozen=True)
class VectorArray:
    """name: C identifier; raw: int64 values within ``fmt``'s range; axes: one name per axis."""

    name: str
    raw: np.ndarray
    fmt: Format
    axes: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise FxError(f"array name {self.name!r} is not a C identifier")
        raw = np.asarray(self.raw, dtype=np.int64)
        if len(self.axes) != raw.ndim:
            raise FxError(f"{self.name}: {raw.ndim}-d array needs {raw.ndim} axis names, "
                          f"got {len(self.axes)}")
        if raw.size and (raw.min() < self.fmt.min_raw or raw.max() > self.fmt.max_raw):
            raise FxError(f"{self.name}: values outside the range of {self.fmt}")
        object.__setattr__(self, "raw", raw)
        object.__setattr__(self, "axes", tuple(self.axes))

    @property
    def words(self) -> np.ndarray:
        """The W-bit patterns as uint64 (two's complement for signed formats)."""
        return self.raw.reshape(-1).astype(np.uint64) & np.uint64((1 << self.fmt.width) - 1)


def from_words(words: np.ndarray, fmt: Format) -> np.ndarray:
    """W-bit patterns -> raw int64 values of ``fmt``."""
    w = np.asarray(words, dtype=np.int64)
    if fmt.signed:
        w = np.where(w >= 1 << (fmt.width - 1), w - (1 << fmt.width), w)
    return w
