"""Fixed-point formats: signedness, width, fractional bits, rounding and overflow modes.

A raw integer ``r`` stored in ``Format(signed, width, frac)`` means the value ``r * 2**-frac``.
Text form follows ap_fixed / hls4ml: ``fixed<W,I,Q,O>`` / ``ufixed<W,I,Q,O>``, I = integer bits
including the sign, so frac = W - I.
"""
from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass

from .errors import FxError

MAX_WIDTH = 32          # widest stored variable (bits)
INTERMEDIATE_BITS = 62  # every intermediate keeps |x| < 2**62 inside int64
MAX_ABS_FRAC = INTERMEDIATE_BITS   # |frac| beyond this cannot be represented in an int64 intermediate
MAX_DROP = INTERMEDIATE_BITS       # |drop| of a kernel's rescale (FX_DROP_OK); a right shift by
                                   # more bits rounds like one by MAX_DROP for |x| < 2**62
HALF_RANGE_BITS = INTERMEDIATE_BITS - 1   # a value below 2**61 can be doubled (or summed twice)


class Rounding(enum.IntEnum):
    """Rounding when k low bits are dropped. Values equal ``enum fx_rounding`` in csrc/fxsim.h.

    Ties row for -2.5 -1.5 -0.5 0.5 1.5 2.5 after each name.
    """

    TRN = 0          # floor (arithmetic shift):        -3 -2 -1  0  1  2
    TRN_ZERO = 1     # toward zero:                      -2 -1  0  0  1  2
    RND = 2          # nearest, ties toward +inf:        -2 -1  0  1  2  3
    RND_ZERO = 3     # nearest, ties toward zero:        -2 -1  0  0  1  2
    RND_INF = 4      # nearest, ties away from zero:     -3 -2 -1  1  2  3
    RND_MIN_INF = 5  # nearest, ties toward -inf:        -3 -2 -1  0  1  2
    RND_CONV = 6     # nearest, ties to even:            -2 -2  0  0  2  2


class Overflow(enum.IntEnum):
    """What happens to a value outside the format's range. Values equal ``enum fx_overflow``."""

    WRAP = 0      # two's complement (or unsigned) modulo 2**W
    SAT = 1       # clamp to [min, max]
    SAT_SYM = 2   # signed: clamp to [-max, max]; unsigned: same as SAT
    SAT_ZERO = 3  # any out-of-range value becomes 0


def parse_rounding(name: str | Rounding) -> Rounding:
    """Rounding from its name (case-insensitive, optional ``AP_`` prefix)."""
    if isinstance(name, Rounding):
        return name
    key = _strip_ap(str(name))
    try:
        return Rounding[key]
    except KeyError:
        raise FxError(f"unknown rounding mode {name!r}; expected one of "
                      f"{', '.join(m.name for m in Rounding)}") from None


def parse_overflow(name: str | Overflow) -> Overflow:
    """Overflow mode from its name (case-insensitive, optional ``AP_`` prefix)."""
    if isinstance(name, Overflow):
        return name
    key = _strip_ap(str(name))
    try:
        return Overflow[key]
    except KeyError:
        raise FxError(f"unknown overflow mode {name!r}; expected one of "
                      f"{', '.join(m.name for m in Overflow)}") from None


def _strip_ap(name: str) -> str:
    key = name.strip().upper()
    return key.removeprefix("AP_")


_FORMAT_RE = re.compile(
    r"^\s*(?:ap_)?(u?)fixed\s*<\s*(-?\d+)\s*,\s*(-?\d+)\s*(?:,\s*(\w+)\s*)?(?:,\s*(\w+)\s*)?>\s*$",
    re.IGNORECASE)


@dataclass(frozen=True)
class Format:
    """A fixed-point storage format.

    signed: two's complement if True; width: stored bits, 1..32; frac: fractional bits
    (may be negative or exceed width); rounding / overflow: applied whenever a value is
    brought into this format.
    """

    signed: bool
    width: int
    frac: int
    rounding: Rounding = Rounding.TRN
    overflow: Overflow = Overflow.WRAP

    def __post_init__(self) -> None:
        if not isinstance(self.width, int) or not 1 <= self.width <= MAX_WIDTH:
            raise FxError(f"format width {self.width!r} outside 1..{MAX_WIDTH}")
        if not isinstance(self.frac, int) or abs(self.frac) > MAX_ABS_FRAC:
            raise FxError(f"format frac bits {self.frac!r} outside -{MAX_ABS_FRAC}..{MAX_ABS_FRAC}")
        object.__setattr__(self, "signed", bool(self.signed))
        object.__setattr__(self, "rounding", parse_rounding(self.rounding))
        object.__setattr__(self, "overflow", parse_overflow(self.overflow))

    @classmethod
    def parse(cls, text: str) -> Format:
        """Parse ``fixed<W,I[,Q[,O]]>`` or ``ufixed<...>`` (optional ``ap_`` prefix)."""
        if isinstance(text, Format):
            return text
        m = _FORMAT_RE.match(str(text))
        if not m:
            raise FxError(f"malformed format string {text!r}; expected e.g. 'fixed<16,6,RND,SAT>'")
        unsigned, w, i, q, o = m.groups()
        width = int(w)
        return cls(signed=not unsigned, width=width, frac=width - int(i),
                   rounding=q or "TRN", overflow=o or "WRAP")

    @property
    def int_bits(self) -> int:
        """Integer bits including the sign (the I of ap_fixed)."""
        return self.width - self.frac

    @property
    def min_raw(self) -> int:
        return -(1 << (self.width - 1)) if self.signed else 0

    @property
    def max_raw(self) -> int:
        return (1 << (self.width - 1)) - 1 if self.signed else (1 << self.width) - 1

    @property
    def lsb(self) -> float:
        """Value of one raw unit."""
        return 2.0 ** -self.frac

    def replace(self, **changes) -> Format:
        fields = dict(signed=self.signed, width=self.width, frac=self.frac,
                      rounding=self.rounding, overflow=self.overflow)
        fields.update(changes)
        return Format(**fields)

    def __str__(self) -> str:
        kind = "fixed" if self.signed else "ufixed"
        return f"{kind}<{self.width},{self.int_bits},{self.rounding.name},{self.overflow.name}>"

    def to_dict(self) -> dict:
        return {"signed": self.signed, "width": self.width, "frac": self.frac,
                "rounding": self.rounding.name, "overflow": self.overflow.name, "text": str(self)}


def as_format(spec: Format | str) -> Format:
    """Accept a Format or its text form (texts parsed once: a Format is immutable)."""
    if isinstance(spec, Format):
        return spec
    return _parse_text(spec) if isinstance(spec, str) else Format.parse(spec)


@functools.lru_cache(maxsize=1024)
def _parse_text(text: str) -> Format:
    return Format.parse(text)
