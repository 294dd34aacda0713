"""Public fixed-point arithmetic: quantize, requantize, to_float, named shifts, shift-scaler.

Every function validates its input (one clear ``FxError`` per mistake), runs on the chosen
backend, and can return its overflow count. ``on_overflow="raise"`` turns any wrap or
saturation event into :class:`~fxsim.errors.FxOverflowError`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .backends import get_backend
from .backends.reference.arith import bit_length
from .errors import FxError, FxOverflowError
from .formats import INTERMEDIATE_BITS, Format, Rounding, as_format, parse_rounding

ON_OVERFLOW = ("count", "raise")
__all__ = ["ON_OVERFLOW", "ShiftScaler", "as_raw_int64", "bit_length", "check_left_shift",
           "quantize", "requantize", "shift_right", "to_float"]


def _finish(raw: np.ndarray, events: int, what: str, on_overflow: str, return_overflow: bool):
    if on_overflow not in ON_OVERFLOW:
        raise FxError(f"on_overflow must be one of {ON_OVERFLOW}, got {on_overflow!r}")
    if events and on_overflow == "raise":
        raise FxOverflowError(f"{what}: {events} value(s) out of range")
    return (raw, events) if return_overflow else raw


def _int64_values(raw, name: str, copy: bool) -> np.ndarray:
    """An integer (or bool) array as int64, unchecked range."""
    arr = np.asarray(raw)
    if arr.dtype.kind not in "iub":
        raise FxError(f"{name} must be an integer array, got dtype {arr.dtype}")
    return arr.astype(np.int64, copy=copy)


def _check_extremes(lo: int, hi: int, name: str, shift: int = 0) -> None:
    """Values in [lo, hi] lie strictly inside the 62-bit intermediate range, and a left shift
    by ``shift`` (> 0) keeps them there."""
    if hi >= 1 << INTERMEDIATE_BITS or lo <= -(1 << INTERMEDIATE_BITS):
        raise FxError(f"{name} exceeds the {INTERMEDIATE_BITS}-bit intermediate range")
    _check_left_shift_of(max(-lo, hi), shift)


def as_raw_int64(raw, name: str = "raw", copy: bool = True) -> np.ndarray:
    """Check an integer array lies within the 62-bit intermediate range and return it as int64
    (copy=False: ``raw`` itself when it is int64 already, for callers that only read it)."""
    arr = _int64_values(raw, name, copy)
    if arr.size:
        _check_extremes(int(arr.min()), int(arr.max()), name)
    return arr


def _float_values(x) -> tuple[np.ndarray, float]:
    """x as a float32 or float64 array (other dtypes become float64; float32 stays: it widens
    exactly) and max |x| (0 if empty). NaN or inf is an error naming the first bad index. Two
    reductions (NaN propagates through min and max), no temporary array."""
    arr = np.asarray(x)
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if not arr.size:
        return arr, 0.0
    lo, hi = float(arr.min()), float(arr.max())
    if not (math.isfinite(lo) and math.isfinite(hi)):
        idx = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise FxError(f"x has a non-finite value {arr[idx]} at index {idx if arr.ndim else ()}")
    return arr, max(-lo, hi)


def quantize(x, fmt: Format | str, *, backend: str = "numpy", on_overflow: str = "count",
             return_overflow: bool = False):
    """Float array -> int64 raw in ``fmt`` (x * 2**frac, fmt.rounding, then fmt.overflow)."""
    fmt = as_format(fmt)
    arr, magnitude = _float_values(x)
    with np.errstate(over="ignore"):
        scaled = float(np.ldexp(magnitude, fmt.frac))
    if scaled >= 2.0 ** INTERMEDIATE_BITS:
        raise FxError(f"x * 2**{fmt.frac} exceeds the {INTERMEDIATE_BITS}-bit intermediate range")
    raw, events = get_backend(backend).quantize(arr, fmt)
    return _finish(raw, events, f"quantize to {fmt}", on_overflow, return_overflow)


def requantize(raw, frac_in: int, fmt: Format | str, *, backend: str = "numpy",
               on_overflow: str = "count", return_overflow: bool = False, out=None):
    """Raw with ``frac_in`` fractional bits -> raw in ``fmt`` (named-rounding shift, then overflow).

    ``out``: a writeable C-contiguous int64 array of raw's shape, not overlapping raw, that
    receives the result and is returned (repeated calls then reuse one buffer); on an error
    its contents are unspecified. Backends with the fused ``requantize_seen`` kernel check
    raw's range in the same pass that requantizes it.
    """
    fmt = as_format(fmt)
    arr = _int64_values(raw, "raw", copy=False)  # every backend returns a new array
    y, events = _requantize_checked(get_backend(backend), arr, int(frac_in), fmt,
                                    _out_array(out, arr))
    return _finish(y, events, f"requantize to {fmt}", on_overflow, return_overflow)


def _requantize_checked(kernel, arr: np.ndarray, frac_in: int, fmt: Format,
                        out: np.ndarray | None) -> tuple[np.ndarray, int]:
    """(y, events) of a requantize on ``kernel`` after checking arr's range and left shift:
    in the same pass (fused requantize_seen; y is discarded on an error) or before."""
    shift = fmt.frac - frac_in
    if "requantize_seen" in kernel.FUSED:
        y, events, lo, hi = kernel.requantize_seen(arr, frac_in, fmt, out)
        if arr.size:
            _check_extremes(lo, hi, "raw", shift)
        return y, events
    if arr.size:
        _check_extremes(int(arr.min()), int(arr.max()), "raw", shift)
    y, events = kernel.requantize(arr, frac_in, fmt)
    if out is None:
        return y, events
    out[...] = y
    return out, events


def _out_array(out, arr: np.ndarray) -> np.ndarray | None:
    """``out`` checked as requantize's output buffer for ``arr``."""
    if out is None:
        return None
    if not (isinstance(out, np.ndarray) and out.dtype == np.int64 and out.shape == arr.shape
            and out.flags.c_contiguous and out.flags.writeable):
        raise FxError(f"out must be a writeable C-contiguous int64 array of shape {arr.shape}")
    if np.may_share_memory(out, arr):
        raise FxError("out must not overlap raw")
    return out


def _check_left_shift_of(magnitude: int, shift: int) -> None:
    """A left shift by ``shift`` of values up to ``magnitude`` stays inside 62 bits."""
    if shift > 0 and magnitude.bit_length() + shift > INTERMEDIATE_BITS:
        raise FxError(f"left shift by {shift} exceeds the {INTERMEDIATE_BITS}-bit intermediate range")


def check_left_shift(arr: np.ndarray, shift: int) -> None:
    """A left shift must keep every value inside the 62-bit intermediate range."""
    if shift > 0 and arr.size:
        _check_left_shift_of(int(np.abs(arr).max()), shift)


def shift_right(raw, k: int, rounding: Rounding | str = Rounding.TRN, *, backend: str = "numpy"):
    """Drop k >= 0 low bits with a named rounding (a bare ``>>`` is TRN)."""
    if k < 0:
        raise FxError(f"shift_right needs k >= 0, got {k}")
    return get_backend(backend).shift_right(as_raw_int64(raw, copy=False), int(k),
                                            parse_rounding(rounding))


def to_float(raw, fmt: Format | str, dtype=np.float64) -> np.ndarray:
    """Raw integers in ``fmt`` -> values as ``dtype`` floats (float64: exact for |raw| < 2**53;
    float32: rounded once to nearest)."""
    # |frac| <= MAX_ABS_FRAC: 2**-frac is a normal float32 and float64, so the multiply is exact
    return np.multiply(raw, math.ldexp(1.0, -as_format(fmt).frac), dtype=dtype)


@dataclass(frozen=True)
class ShiftScaler:
    """y = requantize(x * m, frac_in + s, out_fmt): one integer multiply and one named shift.

    ``m`` is the raw integer of the constant in ``m_format`` and ``s = m_format.frac``, so the
    realised scale is m * 2**-s. ``m = 1, s = k`` is a pure shift with the output's rounding.
    """

    name: str
    constant: float      # the float value the scale stands for
    m: int               # raw multiplier
    m_format: Format     # Format of m; its frac is the shift s

    @classmethod
    def from_constant(cls, name: str, constant: float, m_format: Format | str | None = None,
                      *, width: int = 16) -> ShiftScaler:
        """Quantize ``constant`` into ``m_format`` by round-half-even (RND_CONV).

        Without ``m_format``: an unsigned (or signed, for negative constants) ``width``-bit
        format whose frac puts the constant's leading one at the top bit (maximum precision).
        A constant that does not fit its format is an error, never a silent saturation.
        """
        if not math.isfinite(constant) or constant == 0:
            raise FxError(f"shift-scaler {name!r}: constant must be finite and non-zero")
        if m_format is None:
            m_format = cls._widest_format(constant, width)
        m_format = as_format(m_format).replace(rounding=Rounding.RND_CONV)
        raw, events = get_backend("numpy").quantize(np.array([constant]), m_format)
        if events:
            raise FxError(f"shift-scaler {name!r}: constant {constant} does not fit {m_format}")
        return cls(name, float(constant), int(raw[0]), m_format)

    @staticmethod
    def _widest_format(constant: float, width: int) -> Format:
        """The ``width``-bit format with the most frac bits that holds round(c * 2**frac)."""
        signed = constant < 0
        lo, hi = (-(1 << (width - 1)), (1 << (width - 1)) - 1) if signed else (0, (1 << width) - 1)
        frac = width - (math.floor(math.log2(abs(constant))) + 1) + 1   # one past the leading one
        while not lo <= round(math.ldexp(constant, frac)) <= hi:        # round(): ties to even
            frac -= 1
        return Format(signed, width, frac, Rounding.RND_CONV)

    @property
    def shift(self) -> int:
        return self.m_format.frac

    @property
    def value(self) -> float:
        """The realised scale m * 2**-s."""
        return math.ldexp(self.m, -self.shift)

    def apply(self, raw, frac_in: int, out_fmt: Format | str, *, backend: str = "numpy",
              on_overflow: str = "count", return_overflow: bool = False):
        """Scale raw (frac_in fractional bits) by the constant into ``out_fmt``."""
        x = as_raw_int64(raw)
        check_left_shift(x, abs(self.m).bit_length())   # |x * m| < 2**62
        product = x * np.int64(self.m)
        return requantize(product, frac_in + self.shift, out_fmt, backend=backend,
                          on_overflow=on_overflow, return_overflow=return_overflow)

    def to_dict(self) -> dict:
        return {"name": self.name, "constant": self.constant, "m": self.m,
                "m_format": self.m_format.to_dict(), "shift": self.shift,
                "value": self.value, "abs_error": abs(self.value - self.constant)}
