"""Division Neuron Group (P1; docs/algorithms.md section 4): q ~ A / B from G
ordered-threshold neurons.

``divide(a_raw, b_raw, config)`` returns ``floor(A * 2**n / (theta * 2**n))`` with
``theta = max(1, B' >> n)``, i.e. ``clamp(floor(sign(A) * |A'| / theta), -G, G)`` read with n
fractional bits, where ``A'``, ``B'`` are A and B after the optional normalising shift. The
numpy definition is fxsim/backends/reference/divgroup.py; every integer step is in
docs/algorithms.md section 4.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ..arith import as_raw_int64, bit_length
from ..backends import get_backend
from ..backends.abi import DivGroupPlan
from ..errors import FxError
from ..formats import INTERMEDIATE_BITS, Format, Overflow, Rounding
from ..backends.reference.divgroup import normalize_shift
from ..spec import Spec, fmt_field, ranged
from . import PrimitiveResult

MAX_N = 30            # theta = B >> n; the count has n fractional bits
MAX_G = (1 << 30)     # the signed count [-G, G] fits a 32-bit stored format


@dataclass(frozen=True)
class DivGroupConfig(Spec):
    """n: fractional quotient bits (theta = B >> n); G: neurons per division (default 2**n,
    i.e. quotients up to 1); T: numerator steps; normalize_denominator: shift A and B left
    together so B's leading one sits at bit ``normalize_bit`` (default
    min(INTERMEDIATE_BITS - 1, 2n + 8): theta then has n + 9 significant bits); out_format:
    default signed, width bit_length(G) + 1, frac n, TRN, SAT (holds every result in [-G, G]
    exactly)."""

    TABLE: ClassVar[str] = "divgroup"

    n: int = ranged(0, MAX_N, 8)
    G: int | None = ranged(1, MAX_G, None)
    T: int = ranged(1, None, 1)
    normalize_denominator: bool = False
    normalize_bit: int | None = ranged(0, INTERMEDIATE_BITS - 1, None)
    out_format: Format | None = fmt_field(None)

    def check(self) -> None:
        if self.G is None:
            self._derive("G", 1 << self.n)
        if self.normalize_bit is None:
            self._derive("normalize_bit", min(INTERMEDIATE_BITS - 1, 2 * self.n + 8))
        if self.out_format is None:
            self._derive("out_format", Format(True, self.G.bit_length() + 1, self.n,
                                              Rounding.TRN, Overflow.SAT))

    def plan(self, m: int = 0, steps: int = 1) -> DivGroupPlan:
        """The kernel plan (fx_divgroup_t) of m divisions of ``steps`` numerator steps."""
        return DivGroupPlan(n=self.n, group=self.G, normalize=int(self.normalize_denominator),
                            normalize_bit=self.normalize_bit, m=m, steps=steps)

    def to_dict(self) -> dict:
        """As Spec.to_dict, with out_format as its Format.to_dict() mapping."""
        return {**super().to_dict(), "out_format": self.out_format.to_dict()}


def _prepare(a_raw: Any, b_raw: Any, config: DivGroupConfig) -> tuple[np.ndarray, np.ndarray]:
    """Validate and return (a [T, m] int64, b [m] int64), contiguous."""
    a = as_raw_int64(a_raw, "divgroup numerator a_raw")
    if a.ndim == 1:
        if config.T != 1:
            raise FxError(f"divgroup: a_raw is one step (shape {a.shape}) but config.T={config.T}; "
                          f"pass shape [T, m]")
        a = a.reshape(1, -1)
    elif a.ndim == 2:
        if a.shape[0] != config.T:
            raise FxError(f"divgroup: a_raw has {a.shape[0]} steps but config.T={config.T}")
    else:
        raise FxError(f"divgroup: a_raw must have shape [m] or [T, m], got {a.shape}")
    m = a.shape[1]
    b = as_raw_int64(b_raw, "divgroup denominator b_raw")
    try:
        b = np.broadcast_to(b, (m,))
    except ValueError:
        raise FxError(f"divgroup: b_raw shape {b.shape} does not broadcast to [m]=[{m}]") from None
    if b.size and int(b.min()) <= 0:
        j = int(np.flatnonzero(b <= 0)[0])
        raise FxError(f"divgroup: denominator must be positive, got B={int(b[j])} at index {j}")
    if a.shape[0] > 1:
        mixed = (a < 0).any(axis=0) & (a > 0).any(axis=0)
        if mixed.any():
            raise FxError(f"divgroup: numerator steps of division {int(np.flatnonzero(mixed)[0])} "
                          f"mix signs; every step of one division must be >= 0 or <= 0")
    # 62-bit bound: sum_t |A_t| << k and B << k stay below 2**62 (running sum cannot wrap:
    # each partial sum is checked below 2**62 before the next |A_t| < 2**62 is added).
    limit = np.int64(1) << INTERMEDIATE_BITS
    total = np.abs(a[0])
    for t in range(1, a.shape[0]):
        if (total >= limit).any():
            break
        total = total + np.abs(a[t])
    if m and int(total.max()) >= limit:
        raise FxError(f"divgroup: numerator sum exceeds the {INTERMEDIATE_BITS}-bit "
                      f"intermediate range")
    k = normalize_shift(b, config.normalize_denominator, config.normalize_bit)
    if m and _shifted_bits(np.maximum(total, b), k) > INTERMEDIATE_BITS:
        raise FxError(f"divgroup: normalised numerator (sum |A| << k) exceeds the "
                      f"{INTERMEDIATE_BITS}-bit intermediate range; lower normalize_bit")
    return np.ascontiguousarray(a), np.ascontiguousarray(b)


def _shifted_bits(x: np.ndarray, k: np.ndarray) -> int:
    """max over elements of bit_length(x) + k (x >= 0); without normalisation (k = 0) a
    scalar from the maximum alone."""
    if not k.any():
        return int(x.max()).bit_length()
    return int((bit_length(x) + k).max())


def group_stats(config: DivGroupConfig, m: int, spikes: int, events: int) -> dict[str, int]:
    """Operation counts of m divisions: G adds and compares per neuron step, one theta shift
    per division (plus T + 1 normalising shifts), latched neurons, output overflow events."""
    T = config.T
    return {"spikes": int(spikes), "adds": config.G * T * m, "compares": config.G * T * m,
            "shifts": m + (m * (T + 1) if config.normalize_denominator else 0),
            "overflow_q": int(events)}


def divide(a_raw: Any, b_raw: Any, config: DivGroupConfig | None = None, backend: str = "numpy",
           trace: bool = False) -> PrimitiveResult:
    """Quotient A / B through a Division Neuron Group.

    a_raw: int [m] (one step) or [T, m] (numerator arriving over T steps, each division's steps
    of one sign); b_raw: positive int broadcastable to [m]; A and B on a common scale.
    Returns raw in config.out_format (count with n fractional bits, requantized); trace
    (when asked): "membrane" [T, m] (shared membrane after each step, after the normalising
    shift) and "latched" [T, m] (cumulative latched count); stats: spikes, adds, compares,
    shifts, overflow_q.
    """
    config = DivGroupConfig() if config is None else config
    if isinstance(config, dict):
        config = DivGroupConfig.from_dict(config)
    a, b = _prepare(a_raw, b_raw, config)
    kernel = get_backend(backend)
    q, membrane, latched, spikes = kernel.divgroup(a, b, config.plan(a.shape[1], a.shape[0]),
                                                   bool(trace))
    raw, events = kernel.requantize(q, config.n, config.out_format)
    stats = group_stats(config, a.shape[1], spikes, events)
    return PrimitiveResult(raw=raw, format=config.out_format,
                           trace={"membrane": membrane, "latched": latched} if trace else None,
                           stats=stats)
