"""PWL-Exp (P1; docs/algorithms.md section 5): exp on [-L, L] from K equal linear segments
read from a LUT.

Per element: one LUT read (slope a[idx], intercept b[idx]) and one multiply-add,

    idx = #{interior knots strictly below x}          (torch.bucketize, right=False)
    y   = 0                                            x < -L
          e^L (quantized into the output format)       x > L
          requantize(a[idx] * x + (b[idx] << s), frac_a + frac_x, output_format)   otherwise

with s = frac_a + frac_x - frac_b. The table is computed once in float64 and quantized by
round-half-even (RND_CONV); :func:`build_lut` returns it with every integer the kernels read and
the widths of every intermediate. docs/algorithms.md section 5 is the prose form.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np

from ..arith import quantize
from ..backends import get_backend
from ..backends.abi import PwlExpPlan
from ..errors import FxError, FxOverflowError
from ..formats import INTERMEDIATE_BITS, Format, Rounding
from ..spec import Spec, fmt_field, ranged
from . import PrimitiveResult

#: the largest K accepted (a LUT of 2^16 rows is far beyond any design P1 considers)
MAX_SEGMENTS = 1 << 16
#: the largest L accepted: e^L must stay finite in float64
MAX_L = 700.0


@dataclass(frozen=True)
class PwlExpConfig(Spec):
    """Every knob of PWL-Exp. Formats are given as Formats or text and held as canonical text.

    Defaults (P1's L = 5, K = 64) give generous precision:
    - input ``fixed<16,4,TRN,SAT>``: 12 frac bits, range [-8, 8); the knot spacing 5/32 is
      640 LSBs, so every knot is exactly representable;
    - slope ``ufixed<32,8,RND_CONV,SAT>``: a_i in (0.0070, 137.2], 24 frac bits;
    - intercept ``fixed<32,11,RND_CONV,SAT>``: b_i in [-540, 1.1], 21 frac bits;
    - output ``ufixed<32,9,RND_CONV,SAT>``: e^5 = 148.4 < 2^9, 23 frac bits.
    The rounding / overflow fields of the slope and intercept formats are not used: the table is
    always quantized by RND_CONV and a value that does not fit is an error. The output format's
    rounding and overflow are the ones applied to a * x + b.
    """

    TABLE: ClassVar[str] = "pwl_exp"

    L: float = ranged(0.0, MAX_L, 5.0, open_lo=True)
    K: int = ranged(1, MAX_SEGMENTS, 64)
    input_format: str = fmt_field("fixed<16,4,TRN,SAT>")
    slope_format: str = fmt_field("ufixed<32,8,RND_CONV,SAT>")
    intercept_format: str = fmt_field("fixed<32,11,RND_CONV,SAT>")
    output_format: str = fmt_field("ufixed<32,9,RND_CONV,SAT>")

    def formats(self) -> dict[str, Format]:
        return {name: self.fmt(name + "_format")
                for name in ("input", "slope", "intercept", "output")}


def _quantize_exact(values: np.ndarray, fmt: Format, what: str) -> np.ndarray:
    """RND_CONV into fmt; any value outside fmt's range is an FxError (never saturated)."""
    fmt = fmt.replace(rounding=Rounding.RND_CONV)
    scaled = np.abs(np.ldexp(values, fmt.frac))
    if values.size and float(scaled.max()) >= 2.0 ** INTERMEDIATE_BITS:
        raise FxError(f"PWL-Exp {what} does not fit {fmt}")
    raw, events = quantize(values, fmt, return_overflow=True)
    if events:
        rounded = np.round(np.ldexp(values, fmt.frac))       # ties to even, as RND_CONV
        bad = int(np.argmax((rounded < fmt.min_raw) | (rounded > fmt.max_raw)))
        raise FxError(f"PWL-Exp {what}[{bad}] = {values[bad]:.6g} does not fit {fmt} "
                      f"(range [{fmt.min_raw * fmt.lsb:.6g}, {fmt.max_raw * fmt.lsb:.6g}])")
    return raw


def _bits(magnitude: int) -> int:
    """Magnitude bits of a non-negative bound (at least 1)."""
    return max(1, int(magnitude).bit_length())


def build_lut(config: PwlExpConfig) -> dict:
    """The LUT and every integer constant the kernels read, computed once from float64.

    Returns a dict with the float table (``x_float``, ``a_float``, ``b_float``), the raw table
    (``slope``, ``intercept``: int64 [K]; ``knots``: int64 [K-1] interior knots in the input
    format), ``x_lo`` / ``x_hi`` (raw bounds of the representable inputs in [-L, L]),
    ``upper`` (e^L raw in the output format), ``intercept_shift``, ``sum_frac`` and
    ``widths`` (magnitude bits + sign of every intermediate). Raises FxError when a table value
    does not fit its format or an intermediate could leave the 62-bit range.
    """
    fmt = config.formats()
    fx, fa, fb, fo = (fmt[k].frac for k in ("input", "slope", "intercept", "output"))
    L, K = config.L, config.K
    gamma = 2.0 * L / K
    x = -L + np.arange(K + 1, dtype=np.float64) * gamma   # knots x_0 .. x_K
    ex = np.exp(x)
    a = (ex[1:] - ex[:-1]) / gamma
    b = ex[:-1] - a * x[:-1]
    slope = _quantize_exact(a, fmt["slope"], "slope a")
    intercept = _quantize_exact(b, fmt["intercept"], "intercept b")
    upper = _quantize_exact(np.array([math.exp(L)]), fmt["output"], "e^L")[0]
    if abs(L * 2.0 ** fx) >= 2.0 ** INTERMEDIATE_BITS:
        raise FxError(f"PWL-Exp L = {L} in {fmt['input']} exceeds the {INTERMEDIATE_BITS}-bit "
                      "range")
    # Interior knots x_1 .. x_{K-1} by floor: for an integer raw input r and any real knot t,
    # r > t  <=>  r > floor(t), so "strictly below x" is exact for every representable x.
    knots = np.floor(np.ldexp(x[1:-1], fx)).astype(np.int64)
    x_lo = int(math.ceil(math.ldexp(-L, fx)))    # smallest raw with value >= -L
    x_hi = int(math.floor(math.ldexp(L, fx)))    # largest raw with value <= L
    # only inputs inside [-L, L] reach the multiply; clip to what the input format can hold
    in_lo, in_hi = max(x_lo, fmt["input"].min_raw), min(x_hi, fmt["input"].max_raw)
    sum_frac = fa + fx
    shift = sum_frac - fb
    if shift < 0:
        raise FxError(f"PWL-Exp intercept frac bits ({fb}) exceed slope + input frac bits "
                      f"({fa} + {fx}): b would be aligned by a rounding right shift; give the "
                      "intercept at most frac_a + frac_x fractional bits")
    x_max = max(abs(in_lo), abs(in_hi)) if in_lo <= in_hi else 0
    a_max = int(np.abs(slope).max())
    b_max = int(np.abs(intercept).max())
    product_max = a_max * x_max
    aligned_max = b_max << shift
    sum_max = product_max + aligned_max
    widths = {"product_bits": _bits(product_max) + 1, "aligned_intercept_bits": _bits(aligned_max) + 1,
              "sum_bits": _bits(sum_max) + 1}
    if _bits(b_max) + shift > INTERMEDIATE_BITS or _bits(sum_max) > INTERMEDIATE_BITS:
        raise FxError(f"PWL-Exp a * x + b needs {_bits(sum_max)} magnitude bits "
                      f"(product {_bits(product_max)}, aligned intercept {_bits(b_max) + shift}); "
                      f"the limit is {INTERMEDIATE_BITS}: narrow the slope, intercept or input "
                      "format")
    widen = fo - sum_frac
    if widen > 0 and _bits(sum_max) + widen > INTERMEDIATE_BITS:
        raise FxError(f"PWL-Exp output widening by {widen} bits exceeds the "
                      f"{INTERMEDIATE_BITS}-bit intermediate range")
    return {"L": L, "K": K, "gamma": gamma,
            "x_float": x, "a_float": a, "b_float": b,
            "knots": knots, "slope": slope.astype(np.int64), "intercept": intercept.astype(np.int64),
            "x_lo": x_lo, "x_hi": x_hi, "upper": int(upper),
            "intercept_shift": int(shift), "sum_frac": int(sum_frac),
            "formats": {k: str(v) for k, v in fmt.items()}, "widths": widths}


def cached_lut(config: PwlExpConfig) -> dict:
    """build_lut(config), computed once per distinct configuration (operators call it on every
    use). The dict and its read-only arrays are shared between callers: do not modify them."""
    return _cached_lut(tuple(getattr(config, f.name) for f in fields(config)))


@functools.lru_cache(maxsize=128)
def _cached_lut(values: tuple) -> dict:
    lut = build_lut(PwlExpConfig(*values))
    for value in lut.values():
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return lut


def plan(config: PwlExpConfig) -> PwlExpPlan:
    """The kernel plan (fx_pwl_exp_t) of a configuration, from its cached LUT."""
    return PwlExpPlan.of(cached_lut(config), config.formats()["output"])


def _check_input(x_raw, fmt: Format) -> np.ndarray:
    arr = np.asarray(x_raw)
    if arr.dtype.kind not in "iu":
        raise FxError(f"pwl_exp input must be an integer raw array, got dtype {arr.dtype}")
    arr = arr.astype(np.int64)
    if arr.size and (int(arr.min()) < fmt.min_raw or int(arr.max()) > fmt.max_raw):
        raise FxError(f"pwl_exp input raw values outside {fmt} "
                      f"([{fmt.min_raw}, {fmt.max_raw}])")
    return arr


def pwl_exp(x_raw, config: PwlExpConfig | None = None, backend: str = "numpy",
            trace: bool = False, on_overflow: str = "count") -> PrimitiveResult:
    """exp(x) for raw inputs in ``config.input_format``; result raw in ``config.output_format``.

    trace (int64, same shape as x): ``index`` (segment; -1 below -L, K above L), ``product``
    (a * x, frac_a + frac_x), ``sum`` (a * x + aligned b, before requantization); 0 in the
    last two where x is outside [-L, L]. stats: lut_reads, multiplies, adds (one each per
    element inside [-L, L]) and overflow_output (events of the output requantization).
    """
    config = PwlExpConfig() if config is None else config
    if on_overflow not in ("count", "raise"):
        raise FxError(f"on_overflow must be 'count' or 'raise', got {on_overflow!r}")
    fmt = config.formats()
    kernel = get_backend(backend)
    lut = build_lut(config)
    x = _check_input(x_raw, fmt["input"])
    y, index, product, total, stats = kernel.pwl_exp(x.reshape(-1),
                                                     PwlExpPlan.of(lut, fmt["output"]))
    if stats["overflow_output"] and on_overflow == "raise":
        raise FxOverflowError(f"pwl_exp: {stats['overflow_output']} output value(s) out of "
                              f"range of {fmt['output']}")
    shape = x.shape
    tr = ({"index": index.reshape(shape), "product": product.reshape(shape),
           "sum": total.reshape(shape)} if trace else None)
    return PrimitiveResult(raw=y.reshape(shape), format=fmt["output"], trace=tr, stats=stats)
