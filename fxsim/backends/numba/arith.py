"""backend="numba", the bottom: the scalar steps of csrc/fx_arith.h (limits, rounding shift,
overflow, requantize of one value), the array kernels of fx_arith.c, and :func:`flat`, the
one form every numba kernel takes a plan in. Rounding and overflow codes are fxsim.formats'.

numba's parallel loops take a namedtuple argument only one level deep: so a FormatArgs
becomes an int64 array [4] (read through IS_SIGNED, WIDTH, ROUNDING, OVERFLOW), and a
parallel kernel takes its nested plans (pwl, div, pn, schedules, decays) as arguments of
their own and reads the outer plan's scalars before its prange.
"""
from __future__ import annotations

from collections import namedtuple
from dataclasses import fields, is_dataclass

import numpy as np
from numba import njit

from ...formats import INTERMEDIATE_BITS, MAX_DROP, Format, Overflow, Rounding
from .. import abi

_TRN_ZERO, _RND, _RND_ZERO = int(Rounding.TRN_ZERO), int(Rounding.RND), int(Rounding.RND_ZERO)
_RND_INF, _RND_MIN_INF = int(Rounding.RND_INF), int(Rounding.RND_MIN_INF)
_RND_CONV = int(Rounding.RND_CONV)
_SAT, _SAT_SYM, _SAT_ZERO = int(Overflow.SAT), int(Overflow.SAT_SYM), int(Overflow.SAT_ZERO)


def _tuple_of(cls: type) -> type:
    """The namedtuple twin of an abi dataclass: same field names (module-level, so numba's
    on-disk cache can pickle its type)."""
    return namedtuple(cls.__name__ + "T", [f.name for f in fields(cls)], module=__name__)


#: slots of a flat FormatArgs (fx_format_t's fields, in order)
IS_SIGNED, WIDTH, ROUNDING, OVERFLOW = range(4)
#: |value 2^frac| at and past which a float input is invalid (FLOAT_INPUT_COUNTS)
FLOAT_LIMIT = float(2 ** INTERMEDIATE_BITS)
_FRAC_LO, _FRAC_HI = abi.FLOAT_FRAC
DecayArgsT = _tuple_of(abi.DecayArgs)
ScheduleT = _tuple_of(abi.Schedule)
PopulationPlanT = _tuple_of(abi.PopulationPlan)
PwlExpPlanT = _tuple_of(abi.PwlExpPlan)
DivGroupPlanT = _tuple_of(abi.DivGroupPlan)
PolarNormPlanT = _tuple_of(abi.PolarNormPlan)
SoftmaxPlanT = _tuple_of(abi.SoftmaxPlan)
ActivationPlanT = _tuple_of(abi.ActivationPlan)
NormPlanT = _tuple_of(abi.NormPlan)
ChainPlanT = _tuple_of(abi.ChainPlan)
MbePlanT = _tuple_of(abi.MbePlan)
MbeOpPlanT = _tuple_of(abi.MbeOpPlan)
FsOpPlanT = _tuple_of(abi.FsOpPlan)
MbeEncoderPlanT = _tuple_of(abi.MbeEncoderPlan)
MbeNewtonPlanT = _tuple_of(abi.MbeNewtonPlan)
MbeSoftmaxPlanT = _tuple_of(abi.MbeSoftmaxPlan)
MbeNormPlanT = _tuple_of(abi.MbeNormPlan)
FsSoftmaxPlanT = _tuple_of(abi.FsSoftmaxPlan)
_TUPLES = {abi.DecayArgs: DecayArgsT, abi.Schedule: ScheduleT,
           abi.PopulationPlan: PopulationPlanT, abi.PwlExpPlan: PwlExpPlanT,
           abi.DivGroupPlan: DivGroupPlanT, abi.PolarNormPlan: PolarNormPlanT,
           abi.SoftmaxPlan: SoftmaxPlanT, abi.ActivationPlan: ActivationPlanT,
           abi.NormPlan: NormPlanT, abi.ChainPlan: ChainPlanT, abi.MbePlan: MbePlanT,
           abi.MbeOpPlan: MbeOpPlanT, abi.FsOpPlan: FsOpPlanT,
           abi.MbeEncoderPlan: MbeEncoderPlanT, abi.MbeNewtonPlan: MbeNewtonPlanT,
           abi.MbeSoftmaxPlan: MbeSoftmaxPlanT,
           abi.MbeNormPlan: MbeNormPlanT, abi.FsSoftmaxPlan: FsSoftmaxPlanT}


def _value(v):
    if isinstance(v, abi.FormatArgs):
        return np.array(v.as_tuple(), np.int64)
    if is_dataclass(v):
        return flat(v)
    if v is None:                   # an absent optional array (NormPlan weight, bias)
        return np.zeros(0, np.int64)
    if isinstance(v, np.ndarray):
        return np.ascontiguousarray(v, dtype=np.int64)
    return np.int64(v)


def flat(plan):
    """An abi plan as numba takes it: the namedtuple twin (PwlExpPlanT, ...) with the same
    field names, every int as int64, every array contiguous int64 (None: an empty array), a
    FormatArgs as an int64 array [4], nested plans flattened the same way."""
    if isinstance(plan, abi.FormatArgs):
        return _value(plan)
    return _TUPLES[type(plan)](*(_value(getattr(plan, f.name)) for f in fields(plan)))


def flat_format(fmt: Format) -> np.ndarray:
    """A Format's fx_format_t fields as numba takes them."""
    return flat(abi.FormatArgs.of(fmt))


@njit(cache=True, inline="always")
def rounding_rules(rounding):
    """fx_rounding_rules: bit 0 above, 1 tie, 2 tie and negative, 3 tie and not negative,
    4 tie and odd floor, 5 inexact and negative."""
    return (32 if rounding == _TRN_ZERO else 3 if rounding == _RND else 5 if rounding == _RND_ZERO
            else 9 if rounding == _RND_INF else 1 if rounding == _RND_MIN_INF
            else 17 if rounding == _RND_CONV else 0)


@njit(cache=True, inline="always")
def round_by_rules(rules, inexact, above, tie, negative, floor_odd):
    """Whether to add 1 to the floor, given the dropped part, by the mode's rounding_rules bits
    (fx_round_up; reference arith._round_up): selects only, so loops calling it vectorise."""
    on_tie = ((rules & 2) != 0) | (negative & ((rules & 4) != 0)) | (
        (not negative) & ((rules & 8) != 0)) | (floor_odd & ((rules & 16) != 0))
    return (above & ((rules & 1) != 0)) | (tie & on_tie) | (inexact & negative & ((rules & 32) != 0))


@njit(cache=True, inline="always")
def shift_right_one(x, k, rounding):
    """x / 2^k rounded by ``rounding`` (fx_shr of fxsim.h)."""
    if k <= 0:
        return x
    if k > MAX_DROP:
        x = np.int64((x > 0) - (x < 0))
        k = MAX_DROP
    floor = x >> k
    rem = x & ((np.int64(1) << k) - 1)
    half = np.int64(1) << (k - 1)
    return floor + np.int64(round_by_rules(rounding_rules(rounding), rem != 0, rem > half,
                                           rem == half, x < 0, (floor & 1) == 1))


@njit(cache=True)
def shr_make(k, rounding):
    """fx_shr_make of fxsim.h: (k, base, neg_add, odd_add) of a right shift by k >= 0 bits,
    every mode as floor((x + c) / 2^k) with c = base + (x < 0 ? neg_add : 0)
    + (odd_add & floor(x / 2^k)), so that loops over x vectorise."""
    h = np.int64(1) << (k - 1) if 0 < k <= 62 else np.int64(0)
    below = h - 1 if h > 0 else np.int64(0)
    neg_add = (np.int64(1) << 62) - 1 if k > 62 and rounding != 0 else np.int64(0)
    base, odd_add = np.int64(0), np.int64(0)
    mode = rounding if 0 < k <= 62 else 0
    if mode == _TRN_ZERO:
        neg_add = (np.int64(1) << k) - 1
    elif mode == _RND:
        base = h
    elif mode == _RND_MIN_INF:
        base = below
    elif mode == _RND_ZERO:
        base, neg_add = below, np.int64(1)
    elif mode == _RND_INF:
        base, neg_add = h, np.int64(-1)
    elif mode == _RND_CONV:
        base, odd_add = below, np.int64(1)
    return min(k, 62), base, neg_add, odd_add


@njit(cache=True, inline="always")
def shr(x, shift):
    """fx_shr of fxsim.h: x / 2^k rounded by the prepared shift (shr_make), |x| < 2^62."""
    k, base, neg_add, odd_add = shift
    c = base + (neg_add & -np.int64(x < 0)) + (odd_add & (x >> k))
    return (x + c) >> k


@njit(cache=True, inline="always")
def limits(fmt):
    """(lo, hi) raw range of a flat FormatArgs (SAT_SYM: -hi)."""
    if fmt[IS_SIGNED]:
        hi = (np.int64(1) << (fmt[WIDTH] - 1)) - 1
        lo = -hi if fmt[OVERFLOW] == _SAT_SYM else -hi - 1
    else:
        hi = (np.int64(1) << fmt[WIDTH]) - 1
        lo = np.int64(0)
    return lo, hi


@njit(cache=True, inline="always")
def overflow_one(x, fmt, lo, hi):
    """(value, 1 if x was out of range) -- fx_overflow of fxsim.h; lo, hi = limits(fmt)."""
    if lo <= x <= hi:
        return x, 0
    mode = fmt[OVERFLOW]
    if mode == _SAT or mode == _SAT_SYM:
        return (lo if x < lo else hi), 1
    if mode == _SAT_ZERO:
        return np.int64(0), 1
    low = x & ((np.int64(1) << fmt[WIDTH]) - 1)
    return (low - (np.int64(1) << fmt[WIDTH]) if low > hi else low), 1


@njit(cache=True, inline="always")
def fit_as(x, fmt, lo, hi, sat):
    """(value, event): fx_fit_as, a clamp where fmt saturates (sat), else overflow_one."""
    if sat:
        if x < lo:
            return lo, 1
        if x > hi:
            return hi, 1
        return x, 0
    return overflow_one(x, fmt, lo, hi)


@njit(cache=True, inline="always")
def saturates(fmt):
    """Whether fmt clamps on overflow (SAT, SAT_SYM): fx_saturates."""
    return fmt[OVERFLOW] == _SAT or fmt[OVERFLOW] == _SAT_SYM


@njit(cache=True, inline="always")
def requantize_one(x, frac_drop, fmt, lo, hi):
    """(value, overflow hit) of one raw value requantized by frac_drop into fmt (lo, hi =
    limits(fmt)): the element step of fx_requantize."""
    scaled = shift_right_one(x, frac_drop, fmt[ROUNDING]) if frac_drop >= 0 else x << -frac_drop
    return overflow_one(scaled, fmt, lo, hi)


@njit(cache=True, inline="always")
def rescale(x, drop):
    """x / 2^drop rounded RND, or x * 2^-drop for drop < 0 -- fx_rescale of fxsim.h."""
    return shift_right_one(x, drop, _RND) if drop >= 0 else x << -drop


@njit(cache=True, inline="always")
def bit_length_one(x):
    """Bit length of one x >= 0 (fx_bit_length of fxsim.h)."""
    bits = 0
    while x > 0:
        x >>= 1
        bits += 1
    return bits


@njit(cache=True)
def _shift_right_array(x, k, rounding):
    y = np.empty_like(x)
    for j in range(x.size):
        y[j] = shift_right_one(x[j], k, rounding)
    return y


@njit(cache=True)
def _requantize_into(x, frac_drop, fmt, y):
    """y = requantize(x) (fx_requantize); returns (events, min x, max x)."""
    lo, hi = limits(fmt)
    events = 0
    seen_lo, seen_hi = np.int64(np.iinfo(np.int64).max), np.int64(np.iinfo(np.int64).min)
    for j in range(x.size):
        seen_lo = min(seen_lo, x[j])
        seen_hi = max(seen_hi, x[j])
        y[j], hit = requantize_one(x[j], frac_drop, fmt, lo, hi)
        events += hit
    return events, seen_lo, seen_hi


@njit(cache=True)
def _quantize_array(x, frac, fmt):
    """(raw, overflow events) of the floats x: x * 2^frac, fmt's rounding, then its overflow
    (|x * 2^frac| < 2^62 assumed). For frac in FLOAT_FRAC the product by the exact 2^frac
    rounds as ldexp does and the loop vectorises; beyond, ldexp per value."""
    lo, hi = limits(fmt)
    sat, rules = saturates(fmt), rounding_rules(fmt[ROUNDING])
    by_scale = _FRAC_LO <= frac <= _FRAC_HI
    scale = np.ldexp(1.0, frac) if by_scale else 1.0
    y = np.empty(x.size, np.int64)
    events = 0
    for j in range(x.size):
        scaled = x[j] * scale if by_scale else np.ldexp(x[j], frac)
        y[j], hit = fit_as(round_scaled(scaled, x[j], rules), fmt, lo, hi, sat)
        events += hit
    return y, events


@njit(cache=True, inline="always")
def round_scaled(scaled, value, rules):
    """fx_round_scaled: scaled = value * 2^frac (rounded as ldexp rounds) rounded to an
    integer by the mode's rounding_rules, with selects only (an underflow rounds like +-1/4
    in every mode; the midpoint compare as in reference quantize)."""
    scaled = np.copysign(0.25, value) if (scaled == 0.0) & (value != 0.0) else scaled
    floor_value = np.floor(scaled)
    inexact = scaled != floor_value
    half = floor_value + 0.5
    base = np.int64(floor_value)
    return base + np.int64(round_by_rules(rules, inexact, inexact & (scaled > half),
                                          inexact & (scaled == half), scaled < 0,
                                          (base & 1) == 1))


def float64_values(x: np.ndarray) -> np.ndarray:
    """abi.float_values of x as float64 (float32 widened exactly, a copy): each kernel is then
    compiled for one float type only, the raw path's empty array included."""
    return np.ascontiguousarray(abi.float_values(x), np.float64)


@njit(cache=True)
def quantize_span(xf, frac, xfmt, y, acc, slot):
    """y = the quantization of the float inputs xf (frac in FLOAT_FRAC); acc[slot] += their overflow events,
    acc[slot + 1] += the invalid ones (NaN, +-inf, |value 2^frac| >= 2^62: the raw is then
    meaningless, 0 here, and the caller reports it) -- fx_quantize_span of csrc."""
    lo, hi = limits(xfmt)
    sat, rules = saturates(xfmt), rounding_rules(xfmt[ROUNDING])
    scale = np.ldexp(1.0, frac)     # exact for frac in FLOAT_FRAC: v * scale rounds as ldexp
    events = invalid = 0
    for j in range(xf.size):        # selects only (fx_quantize_loop): the loop vectorises
        v = np.float64(xf[j])
        scaled = v * scale
        valid = abs(scaled) < FLOAT_LIMIT
        invalid += not valid
        rounded = round_scaled(scaled if valid else 0.0, v if valid else 0.0, rules)
        y[j], hit = fit_as(rounded, xfmt, lo, hi, sat)
        events += hit
    acc[slot] += events
    acc[slot + 1] += invalid


def shift_right(x: np.ndarray, k: int, rounding: Rounding) -> np.ndarray:
    flat_x = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    return _shift_right_array(flat_x, k, int(rounding)).reshape(np.shape(x))


def requantize_seen(raw: np.ndarray, frac_in: int, fmt: Format,
                    out: np.ndarray | None = None) -> tuple[np.ndarray, int, int, int]:
    """requantize into ``out`` (int64, C-contiguous, raw's size; None: a new array), with
    raw's smallest and largest value (0, 0 when empty): the c backend's requantize_seen."""
    flat_x = np.ascontiguousarray(raw, dtype=np.int64).reshape(-1)
    y = np.empty(np.shape(raw), np.int64) if out is None else out
    events, lo, hi = _requantize_into(flat_x, frac_in - fmt.frac, flat_format(fmt), y.reshape(-1))
    return (y, int(events), int(lo), int(hi)) if flat_x.size else (y, 0, 0, 0)


def requantize(raw: np.ndarray, frac_in: int, fmt: Format) -> tuple[np.ndarray, int]:
    y, events, _, _ = requantize_seen(raw, frac_in, fmt)
    return y, events


def overflow(x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]:
    return requantize(x, fmt.frac, fmt)


def quantize(x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]:
    flat_x = np.ascontiguousarray(x, dtype=np.float64).reshape(-1)
    out, events = _quantize_array(flat_x, fmt.frac, flat_format(fmt))
    return out.reshape(np.shape(x)), int(events)
