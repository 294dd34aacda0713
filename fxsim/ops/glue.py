"""The integer glue every operator method shares between its primitives: the reduced axis,
shifts with a named rounding (left shifts exact and range-checked), checked int64 products,
shift-scaler constants on int64 intermediates, weight / bias quantization, float constants on a
raw grid, the norms' exact centring and per-row exponent (docs/algorithms.md 7.3.1), and trace
merging. Every product and left shift stays within INTERMEDIATE_BITS
(docs/algorithms.md section 1).
"""
from __future__ import annotations

import math

import numpy as np

from ..arith import ShiftScaler, as_raw_int64, bit_length, quantize, shift_right
from ..backends import abi, fused
from ..errors import FxError
from ..formats import INTERMEDIATE_BITS, Format, Rounding
from .result import Stats


def reduced_axis(arr: np.ndarray, axis) -> int:
    """``axis`` of arr as a non-negative int; FxError for a 0-d array, an axis out of range
    or an empty reduced axis."""
    if arr.ndim == 0:
        raise FxError("x must have at least one axis")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) \
            or not -arr.ndim <= int(axis) < arr.ndim:
        raise FxError(f"axis {axis!r} out of range for an array of {arr.ndim} dimension(s)")
    axis = int(axis) % arr.ndim
    if arr.shape[axis] == 0:
        raise FxError("the reduced axis is empty (d = 0)")
    return axis


def shift(raw: np.ndarray, k: int, rounding: Rounding, backend: str) -> np.ndarray:
    """Drop k >= 0 bits with a named rounding (k < 0: exact left shift, checked against
    INTERMEDIATE_BITS)."""
    raw = as_raw_int64(raw)
    if k <= 0:
        if raw.size and int(np.abs(raw).max()).bit_length() - k > INTERMEDIATE_BITS:
            raise FxError(f"left shift by {-k} exceeds the {INTERMEDIATE_BITS}-bit range")
        return raw * (np.int64(1) << np.int64(-k))
    return shift_right(raw, int(k), rounding, backend=backend)


def checked_mul(a: np.ndarray, b, what: str) -> np.ndarray:
    """Exact int64 product, checked below 2^INTERMEDIATE_BITS from the operands' bit
    lengths."""
    a = np.asarray(a, np.int64)
    b = np.asarray(b, np.int64)
    ba = int(np.abs(a).max()).bit_length() if a.size else 0
    bb = int(np.abs(b).max()).bit_length() if b.size else 0
    if ba + bb > INTERMEDIATE_BITS:
        raise FxError(f"{what}: product of {ba}-bit and {bb}-bit operands exceeds the "
                      f"{INTERMEDIATE_BITS}-bit intermediate range")
    return a * b


def scaled(scaler: ShiftScaler, raw: np.ndarray, frac_in: int, frac_out: int,
           rounding: Rounding, backend: str) -> np.ndarray:
    """The shift-scaler into an int64 intermediate (no stored Format, so no overflow stage):
    shr_rounding(x * m, frac_in + s - frac_out)."""
    product = checked_mul(raw, scaler.m, f"shift-scaler {scaler.name}")
    return shift(product, frac_in + scaler.shift - frac_out, rounding, backend)


def scaled_counted(scaler: ShiftScaler, raw: np.ndarray, frac_in: int, frac_out: int,
                   rounding: Rounding, backend: str, stats: Stats) -> np.ndarray:
    """:func:`scaled`, its multiply and shift counted in ``stats``."""
    stats.glue("multiplies", raw.size)
    stats.glue("shifts", raw.size)
    return scaled(scaler, raw, frac_in, frac_out, rounding, backend)


def centred_bound(X: Format, d: int, centred: bool) -> int:
    """A bound on |u|: |x| (rmsnorm) or |d x_j - sum x| <= (d - 1)(max - min) (layernorm);
    FxError when it leaves the intermediate range."""
    bound = (d - 1) * (X.max_raw - X.min_raw) if centred else max(-X.min_raw, X.max_raw)
    if bound.bit_length() > INTERMEDIATE_BITS:
        raise FxError(f"layernorm: d x - sum x for d = {d} in {X} exceeds the "
                      f"{INTERMEDIATE_BITS}-bit intermediate range")
    return bound


def centred_rows(moved: np.ndarray) -> np.ndarray:
    """d x - sum x over the last axis: d times x - mean, exact (no rounding; |u| within
    :func:`centred_bound`)."""
    return moved * np.int64(moved.shape[-1]) - moved.sum(axis=-1, keepdims=True)


def row_exponents(u: np.ndarray, top_bits: int, exp_lo: int) -> np.ndarray:
    """The per-row power-of-two exponent (docs/algorithms.md 7.3.1 steps 1-2) of u [..., d]:
    e = max(bit_length(max_j |u_j|) - top_bits, exp_lo) (int64 [...]), so u 2^-e has at most
    top_bits magnitude bits (2^top_bits with the rounding carry)."""
    return np.maximum(bit_length(np.abs(u).max(axis=-1)) - top_bits, exp_lo)


def quantize_param(value, fmt: Format, d: int, name: str, backend: str) -> np.ndarray:
    """A weight or bias of shape (d,) or () quantized into fmt as int64 raw [d]; FxError on
    another shape or on any value that does not fit fmt."""
    arr = np.asarray(value)
    if arr.shape not in ((d,), ()):
        raise FxError(f"{name} must have shape ({d},) (the normalised axis), got {arr.shape}")
    r, events = quantize(np.broadcast_to(arr, (d,)), fmt, backend=backend, return_overflow=True)
    if events:
        raise FxError(f"{name}: {events} value(s) do not fit {fmt}")
    return np.asarray(r, np.int64)


def const_raw(value: float, frac: int, name: str) -> int:
    """A float constant on a raw grid: RND_CONV (the constant rule, docs/algorithms.md 1.6)."""
    scaled_value = math.ldexp(value, frac)
    if abs(scaled_value) >= 2.0 ** INTERMEDIATE_BITS:
        raise FxError(f"constant {name} = {value} at frac {frac} exceeds the "
                      f"{INTERMEDIATE_BITS}-bit range")
    return int(np.round(scaled_value))          # numpy rounds half to even


def trace_add(tr: dict | None, prefix: str, sub: dict | None) -> None:
    """Merge a primitive's trace ``sub`` into ``tr`` under ``prefix.key`` (no-op when either is
    None or empty)."""
    if tr is not None and sub:
        for key, value in sub.items():
            tr[f"{prefix}.{key}"] = value


def float_input(backend: str, kernel: str, x, X: Format):
    """(the backend's ``*_floats`` kernel, x as an array) where that kernel can take x: a
    non-empty float32 / float64 array and X.frac in abi.FLOAT_FRAC; else None."""
    fn, arr = fused(backend, kernel), np.asarray(x)
    if (fn is None or arr.dtype not in (np.float32, np.float64) or not arr.size
            or not abi.FLOAT_FRAC[0] <= X.frac <= abi.FLOAT_FRAC[1]):
        return None
    return fn, arr


def float_run(kernel, arr: np.ndarray, X: Format, plan) -> tuple[np.ndarray, dict, Stats] | None:
    """(y shaped as arr, the kernel's counts, Stats holding overflow_input) of a ``*_floats``
    kernel that quantizes arr into X inside its pass; None where an input is invalid (NaN,
    inf, past the intermediate range): the general path raises there."""
    y, counts, inputs = kernel(arr, X, plan)
    if inputs["invalid"]:
        return None
    stats = Stats()
    stats.glue("overflow_input", inputs["overflow"])
    return y.reshape(arr.shape), counts, stats
