"""PolarNorm (P1; docs/algorithms.md section 6): the l2 norm sqrt(sum x_i^2 + eps*d) of each
row from a tree of integer vectoring-CORDIC merges, without multiplies except one gain per
merge.

Integer steps, widths and decisions: docs/algorithms.md section 6. The numpy definition is
fxsim/backends/reference/polarnorm.py; the C kernel csrc/fx_polarnorm.c; the numba kernel
fxsim/backends/numba_polarnorm.py. All three are bit-equal (tests/test_polarnorm_hypot.py).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..arith import ShiftScaler, quantize
from ..backends import get_backend
from ..backends.abi import POLARNORM_VARS, FormatArgs, PolarNormPlan
from ..errors import FxError, FxOverflowError
from ..formats import (INTERMEDIATE_BITS, MAX_ABS_FRAC, MAX_WIDTH, Format, Rounding,
                       parse_overflow, parse_rounding)
from ..spec import Spec, choice, fmt_field, parsed, ranged
from . import PrimitiveResult

#: the named overflow points, in the order the kernels return their counts
OVERFLOW_VARS = POLARNORM_VARS
MAX_ITERATIONS = 32
MIN_INTERNAL_WIDTH = 8
MAX_GUARD_BITS = 30


def overflow_name(mode) -> str:
    """The name of an overflow mode given by name or Overflow (FxError if unknown)."""
    return parse_overflow(mode).name


def cordic_gain(n: int) -> float:
    """K_n = prod_{k=0}^{n-1} sqrt(1 + 2^-2k): the growth of |(x, y)| over n iterations."""
    gain = 1.0
    for k in range(n):
        gain *= math.sqrt(1.0 + 2.0 ** (-2 * k))
    return gain


@dataclass(frozen=True)
class PolarNormConfig(Spec):
    """Every knob of PolarNorm.

    n: CORDIC iterations per merge (P1: 8). guard_bits: extra fractional bits of the tree
    values below the input's LSB. eps: the eps of sqrt(sum x^2 + eps*d); the element
    sqrt(eps*d) is appended only when eps > 0 (as P1's cordic_l2). internal_width: stored
    width of a tree value (unsigned, frac = input frac + guard_bits); internal_rounding /
    internal_overflow: how the gain product and the guard-scaled inputs enter it.
    gain_format: Format of the shift-scaler constant 1/K_n (m = RND_CONV(2^s / K_n)).
    output_format: the norm's Format (its rounding and overflow apply to the last step).
    on_overflow: "count" or "raise" (FxOverflowError naming the variable).
    """

    TABLE: ClassVar[str] = "polarnorm"
    #: keys to_dict adds (each format's frac) and from_dict ignores
    DERIVED_KEYS: ClassVar[tuple[str, ...]] = ("input_frac", "gain_frac", "output_frac")

    n: int = ranged(1, MAX_ITERATIONS, 8)
    guard_bits: int = ranged(0, MAX_GUARD_BITS, 4)
    eps: float = ranged(0.0, None, 1e-5)
    input_format: Format = fmt_field(Format.parse("fixed<16,6,TRN,SAT>"))
    internal_width: int = ranged(MIN_INTERNAL_WIDTH, MAX_WIDTH, 32)
    internal_rounding: Rounding = parsed(parse_rounding, Rounding.RND)
    internal_overflow: str = parsed(overflow_name, "SAT")
    gain_format: Format = fmt_field(Format.parse("ufixed<16,0,RND_CONV,SAT>"))
    output_format: Format = fmt_field(Format.parse("ufixed<24,14,TRN,SAT>"))
    on_overflow: str = choice(("count", "raise"), "count")

    def check(self) -> None:
        if abs(self.input_format.frac + self.guard_bits) > MAX_ABS_FRAC:
            raise FxError(f"polarnorm: input frac + guard_bits outside "
                          f"-{MAX_ABS_FRAC}..{MAX_ABS_FRAC}")
        scaler = self.gain_scaler()
        if scaler.m < 1:
            raise FxError(f"polarnorm: gain_format {self.gain_format} is too coarse for 1/K_n "
                          f"({scaler.constant}): its raw multiplier is {scaler.m}")
        # CORDIC registers are signed internal_width + 3 bits (docs/algorithms.md 6.3)
        if self.internal_width + 2 + scaler.m.bit_length() > INTERMEDIATE_BITS:
            raise FxError(f"polarnorm: internal_width {self.internal_width} with a "
                          f"{scaler.m.bit_length()}-bit gain multiplier exceeds the "
                          f"{INTERMEDIATE_BITS}-bit intermediate range")
        if self.output_format.frac - self.internal_format.frac > \
                INTERMEDIATE_BITS - self.internal_width:
            raise FxError("polarnorm: output_format adds so many fractional bits that the final "
                          f"left shift exceeds the {INTERMEDIATE_BITS}-bit intermediate range")

    # ---- derived quantities -------------------------------------------------------------
    @property
    def internal_format(self) -> Format:
        """Format of every tree value: unsigned, internal_width bits, input frac + guard_bits."""
        return Format(False, self.internal_width, self.input_format.frac + self.guard_bits,
                      self.internal_rounding, self.internal_overflow)

    @property
    def gain(self) -> float:
        """1/K_n, the constant the shift-scaler stands for (0.6072591... for n = 8)."""
        return 1.0 / cordic_gain(self.n)

    def gain_scaler(self) -> ShiftScaler:
        return ShiftScaler.from_constant("polarnorm_gain", self.gain, self.gain_format)

    def eps_value(self, d: int) -> float:
        return math.sqrt(self.eps * d)

    def eps_raw(self, d: int) -> int | None:
        """sqrt(eps*d) in internal_format by RND_CONV (the constant rule); None when eps == 0.
        A value that does not fit is an error, never a silent saturation."""
        if self.eps == 0:
            return None
        fmt = self.internal_format.replace(rounding=Rounding.RND_CONV, overflow="SAT")
        raw, events = quantize(np.array([self.eps_value(d)]), fmt, return_overflow=True)
        if events:
            raise FxError(f"polarnorm: sqrt(eps*d) = {self.eps_value(d)} does not fit {fmt}")
        return int(raw[0])

    def elements(self, d: int) -> int:
        """m = d (+1 for the eps element): the number of tree leaves."""
        return d + (self.eps > 0)

    def constants(self, d: int) -> dict:
        """Every constant the integer machine uses for rows of length d, with its Format."""
        return {"gain": self.gain_scaler().to_dict(),
                "eps": {"value": self.eps_value(d), "raw": self.eps_raw(d),
                        "format": self.internal_format.replace(rounding=Rounding.RND_CONV).to_dict()},
                "internal_format": self.internal_format.to_dict()}

    def plan(self, d: int) -> PolarNormPlan:
        """The kernel plan (fx_polarnorm_t) for rows of length d."""
        scaler = self.gain_scaler()
        it, out = self.internal_format, self.output_format
        eps_raw = self.eps_raw(d)
        return PolarNormPlan(d=d, n=self.n, guard_bits=self.guard_bits,
                             has_eps=int(eps_raw is not None),
                             eps_raw=0 if eps_raw is None else eps_raw, gain_m=scaler.m,
                             gain_shift=scaler.shift, internal=FormatArgs.of(it),
                             output=FormatArgs.of(out), output_drop=it.frac - out.frac)

    # ---- persistence --------------------------------------------------------------------
    def to_dict(self) -> dict:
        """As Spec.to_dict, plus each format's frac (input_frac, gain_frac, output_frac)."""
        return {**super().to_dict(), "input_frac": self.input_format.frac,
                "gain_frac": self.gain_format.frac, "output_frac": self.output_format.frac}

    @classmethod
    def from_dict(cls, data: dict) -> PolarNormConfig:
        """The config of ``to_dict``'s mapping (the derived frac keys are ignored)."""
        return super().from_dict({k: v for k, v in data.items() if k not in cls.DERIVED_KEYS})


def merge_levels(m: int) -> np.ndarray:
    """Level (0-based) of each merge of an m-leaf tree, merges in execution order."""
    levels = []
    level, count = 0, m
    while count > 1:
        levels += [level] * (count // 2)
        count = count // 2 + count % 2
        level += 1
    return np.array(levels, np.int64)


def polarnorm_stats(config: PolarNormConfig, rows: int, d: int,
                    overflow: dict[str, int]) -> dict[str, int]:
    """Operation counts of rows norms of length d (per merge: 2n adds, 2(n-1) + 1 shifts, one
    gain multiply; a full compare network for the sort; one output shift per row), the
    constants, and the overflow events {input, merge, output}."""
    m = config.elements(d)
    merges = m - 1
    n = config.n
    scaler = config.gain_scaler()
    eps_raw = config.eps_raw(d)
    stats = {"rows": rows, "d": d, "elements": m, "merges": rows * merges,
             "levels": int(math.ceil(math.log2(m))) if m > 1 else 0,
             "adds": rows * merges * 2 * n,
             "shifts": rows * merges * (2 * (n - 1) + 1) + rows,
             "compares": rows * (m * (m - 1) // 2),
             "multiplies": rows * merges,
             "gain_m": scaler.m, "gain_shift": scaler.shift,
             "eps_raw": -1 if eps_raw is None else eps_raw}
    for name in OVERFLOW_VARS:
        stats[f"overflow_{name}"] = int(overflow[name])
    return stats


def polarnorm(x_raw, config: PolarNormConfig | None = None, axis: int = -1,
              backend: str = "numpy", trace: bool = False) -> PrimitiveResult:
    """l2 norm sqrt(sum x_i^2 + eps*d) along ``axis`` of raw integers in config.input_format.

    Returns a PrimitiveResult: raw (the input's shape without ``axis``) in config.output_format;
    stats (adds, shifts, compares, multiplies, merges, levels, gain_m, gain_shift, eps_raw,
    overflow_input / overflow_merge / overflow_output); trace when asked (rows are the
    remaining axes flattened in C order):
      "sorted"      [rows, m]          tree leaves in internal_format after the ascending sort
      "cordic_x"    [rows, merges, n+1] x before iteration 0 (index 0) and after iteration k (k+1)
      "cordic_y"    [rows, merges, n+1] y likewise
      "merged"      [rows, merges]     each merge's output after the gain (internal_format)
      "merge_level" [merges]           tree level of each merge (merges level by level, left
                                       to right within a level)
    """
    config = PolarNormConfig() if config is None else config
    if not isinstance(config, PolarNormConfig):
        raise FxError(f"polarnorm: config must be a PolarNormConfig, got {type(config).__name__}")
    module = get_backend(backend)
    arr = np.asarray(x_raw)
    if arr.dtype.kind not in "iu":
        raise FxError(f"polarnorm: x_raw must be an integer array, got dtype {arr.dtype}")
    if arr.ndim == 0:
        raise FxError("polarnorm: x_raw must have at least one axis")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) \
            or not -arr.ndim <= int(axis) < arr.ndim:
        raise FxError(f"polarnorm: axis {axis!r} out of range for an array of {arr.ndim} "
                      "dimension(s)")
    axis = int(axis) % arr.ndim
    fmt = config.input_format
    if arr.size and (int(arr.min()) < fmt.min_raw or int(arr.max()) > fmt.max_raw):
        raise FxError(f"polarnorm: x_raw has values outside the raw range of {fmt} "
                      f"[{fmt.min_raw}, {fmt.max_raw}]")
    moved = np.moveaxis(arr, axis, -1)
    d = moved.shape[-1]
    if d == 0:
        raise FxError("polarnorm: the reduced axis is empty (d = 0)")
    out_shape = moved.shape[:-1]
    rows = int(np.prod(out_shape, dtype=np.int64))
    x2d = np.ascontiguousarray(moved, dtype=np.int64).reshape(rows, d)

    raw, overflow, tr = module.polarnorm(x2d, config.plan(d), bool(trace))

    stats = polarnorm_stats(config, rows, d, overflow)
    if config.on_overflow == "raise":
        for name in OVERFLOW_VARS:
            if overflow[name]:
                fmt_name = config.output_format if name == "output" else config.internal_format
                raise FxOverflowError(f"polarnorm: {overflow[name]} overflow event(s) in "
                                      f"'{name}' ({fmt_name})")
    if tr is not None:
        tr["merge_level"] = merge_levels(config.elements(d))
    return PrimitiveResult(raw=raw.reshape(out_shape), format=config.output_format, trace=tr,
                           stats=stats)
