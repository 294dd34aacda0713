"""One named array of raw integers with everything a test bench needs to read it."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import FxError
from ..formats import MAX_WIDTH, Format

#: widest stored word of a vector array: datapath intermediates (products, CORDIC registers,
#: accumulators) are traced at their full int64 width, |x| < 2**INTERMEDIATE_BITS
MAX_WORD_WIDTH = 63


@dataclass(frozen=True)
class WideFormat:
    """The word of a traced intermediate wider than a stored Format (33..63 bits): signedness,
    width and frac bits only (no rounding or overflow: nothing is ever brought into it)."""

    signed: bool
    width: int
    frac: int

    def __post_init__(self) -> None:
        if not MAX_WIDTH < self.width <= MAX_WORD_WIDTH:
            raise FxError(f"wide word width {self.width} outside {MAX_WIDTH + 1}..{MAX_WORD_WIDTH}")

    @property
    def min_raw(self) -> int:
        return -(1 << (self.width - 1)) if self.signed else 0

    @property
    def max_raw(self) -> int:
        return (1 << (self.width - 1)) - 1 if self.signed else (1 << self.width) - 1

    def __str__(self) -> str:
        return f"{'fixed' if self.signed else 'ufixed'}<{self.width},{self.width - self.frac}>"


def word_format(signed: bool, width: int, frac: int, text: str | None = None) -> Format | WideFormat:
    """Format (width <= 32; ``text`` keeps its rounding and overflow) or WideFormat (33..63)."""
    if width > MAX_WIDTH:
        return WideFormat(bool(signed), int(width), int(frac))
    return Format.parse(text) if text else Format(bool(signed), int(width), int(frac))


def narrowest_format(values: np.ndarray, frac: int = 0) -> Format | WideFormat:
    """The narrowest word (signed only when a value is negative) holding ``values``."""
    values = np.asarray(values, dtype=np.int64)
    lo, hi = (int(values.min()), int(values.max())) if values.size else (0, 0)
    signed = lo < 0
    bits = max(hi.bit_length(), (-lo - 1).bit_length() if signed else 0, 1) + signed
    if bits > MAX_WORD_WIDTH:
        raise FxError(f"values {lo}..{hi} do not fit {MAX_WORD_WIDTH} bits")
    return word_format(signed, bits, frac)


@dataclass(frozen=True)
class VectorArray:
    """name: C identifier; raw: int64 values within ``fmt``'s range; axes: one name per axis."""

    name: str
    raw: np.ndarray
    fmt: Format | WideFormat
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
        half = np.int64(1 << (fmt.width - 1))
        w = np.where(w >= half, w - half - half, w)       # - 2^W without an int64 overflow
    return w
