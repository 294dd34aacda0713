"""Range reduction around MBE neurons, all in integers:

    exp(x)     z = x * log2(e) (ShiftScaler), k = floor(z), r = z - k in [0, 1):
               y = MBE_exp2(r) * 2**k                                  (a shift by k)
    1/x        p = bit length of x (leading-zero count), m = x * 2**-p in [0.5, 1):
               y = MBE_inv(m) * 2**-(p - frac_x)
    1/sqrt(x)  as 1/x, then e = p - frac_x; odd e: m <- 2m, e <- e - 1 (m in [0.5, 2)):
               y = MBE_invsqrt(m) * 2**(-e / 2)

Every shift by a data-dependent amount goes through :func:`shift_each` (the named rounding of
the output Format for right shifts; left shifts are exact and range-checked). docs/algorithms.md
section 8.4.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..arith import ShiftScaler, bit_length, requantize, shift_right
from ..backends import abi, fused
from ..errors import FxError
from ..formats import INTERMEDIATE_BITS, Format, Rounding, as_format
from ..spec import Spec, fmt_field, ranged
from . import PrimitiveResult
from .mbe import (MbeConfig, build_tables, magnitude_bits, mbe_neuron, neuron_plan,
                  neuron_stats, op_plan)
from .spike_multiply import SpikeMultiplyConfig, encoder_plan, recon_frac, spike_multiply

#: the most Newton refinements accepted after MBE_inv / MBE_invsqrt
MAX_NEWTON_STEPS = 3


def shift_each(raw: np.ndarray, k: np.ndarray, rounding: Rounding,
               backend: str = "numpy") -> np.ndarray:
    """raw * 2**k per element: k > 0 an exact left shift (must stay below 2**62), k < 0 a right
    shift by -k with ``rounding`` (on ``backend``, bit-equal on every backend)."""
    raw = np.asarray(raw, dtype=np.int64)
    k = np.asarray(k, dtype=np.int64)
    every = np.broadcast_to(k, raw.shape)
    out = np.empty_like(raw)
    for shift in np.unique(k):                 # the distinct shifts before broadcasting
        sel = every == shift
        if shift >= 0:
            vals = raw[sel]
            if vals.size and int(np.abs(vals).max()).bit_length() + int(shift) > INTERMEDIATE_BITS:
                raise FxError(f"left shift by {shift} leaves the {INTERMEDIATE_BITS}-bit range")
            out[sel] = vals << int(shift)
        else:
            out[sel] = shift_right(raw[sel], int(-shift), rounding, backend=backend)
    return out


@dataclass(frozen=True)
class RangeConfig(Spec):
    """Knobs of the range-reduced MBE functions.

    exp2_fit / inv_fit / rsqrt_fit: shipped MBE fits. z_format: x * log2(e) (its rounding is
    the scaler's; 24 frac bits, +-128). log2e_width: width of the log2(e) constant.
    mantissa_frac: frac bits of the normalised mantissa m. u_format, acc_format: the MBE
    neurons' membrane and accumulator. mbe_format: the MBE output before the final shift.
    newton_steps: Newton refinements after MBE_inv / MBE_invsqrt, y <- y (2 - m y) and
    y <- y (3 - m y^2) / 2, each product a 16-step SAR spike multiply (0 = P2's composition;
    a step squares the relative error down to the 16-bit operand resolution).
    """

    TABLE: ClassVar[str] = "range"

    exp2_fit: str = "exp2_n8"
    inv_fit: str = "inv_n8"
    rsqrt_fit: str = "rsqrt_n8"
    z_format: str = fmt_field("fixed<32,8,RND_CONV,SAT>")
    log2e_width: int = ranged(2, 30, 24)
    mantissa_frac: int = ranged(2, 29, 24)
    u_format: str = fmt_field("fixed<32,4,RND_CONV,SAT>")
    acc_format: str = fmt_field("fixed<32,10,TRN,SAT>")
    mbe_format: str = fmt_field("fixed<32,4,RND_CONV,SAT>")
    newton_steps: int = ranged(0, MAX_NEWTON_STEPS, 0)

    def check(self) -> None:
        for name in ("exp2_fit", "inv_fit", "rsqrt_fit"):
            self.mbe(name)

    def mbe(self, which: str) -> MbeConfig:
        return MbeConfig(fit=getattr(self, which), u_format=self.u_format,
                         acc_format=self.acc_format, output_format=self.mbe_format)


def _bounded_left(y: np.ndarray, shift: np.ndarray):
    """Equivalent (y, shift) with y * 2**shift inside 62 bits, for any output of width <= 32.

    For shift >= 31 only y mod 2 matters for wrapping (2**32 | y * 2**shift otherwise) and
    |y| >= 2 is out of every 32-bit range, so y becomes sign(y) * (2 + |y| mod 2) when
    |y| >= 2 and shift is capped at 33. y itself is a 32-bit MBE output (|y| < 2**31)."""
    big = shift >= 31
    mag = np.abs(y)
    y = np.where(big & (mag >= 2), np.sign(y) * (2 + (mag & 1)), y)
    return y, np.where(big, np.minimum(shift, 33), shift)


def _finish(y_raw, shift, out_fmt: Format, stats: dict, trace, backend: str) -> PrimitiveResult:
    out = shift_each(*_bounded_left(np.asarray(y_raw, dtype=np.int64), shift), out_fmt.rounding)
    out, events = requantize(out, out_fmt.frac, out_fmt, backend=backend, return_overflow=True)
    stats["overflow_output"] = stats.get("overflow_output", 0) + int(events)
    return PrimitiveResult(raw=out, format=out_fmt, trace=trace, stats=stats)


def _log2e(config: RangeConfig) -> ShiftScaler:
    return ShiftScaler.from_constant("log2(e)", math.log2(math.e), width=config.log2e_width)


def exp_plan(xf: Format, of: Format, config: RangeConfig, x_bits: int) -> abi.MbeOpPlan | None:
    """The fused-pass plan (fx_mbe_op_t) of exp_mbe on raw inputs |x| < 2**x_bits with xf's
    frac, into of; None where it does not apply (z frac outside [1, 32], x * log2(e) or its
    widening past INTERMEDIATE_BITS, no neuron plan)."""
    zf, scaler = as_format(config.z_format), _log2e(config)
    z_drop = xf.frac + scaler.shift - zf.frac
    if not 1 <= zf.frac <= 32 or (x_bits + abs(scaler.m).bit_length() + max(0, -z_drop)
                                  > INTERMEDIATE_BITS):
        return None
    mbe = config.mbe("exp2_fit")
    neuron = neuron_plan(mbe, zf.frac, zf.frac)
    return neuron and op_plan(neuron, "exp", "shift", z_m=scaler.m, z_drop=z_drop,
                              z_format=abi.FormatArgs.of(zf), z_frac=zf.frac,
                              shift_base=of.frac - as_format(mbe.output_format).frac,
                              post_format=abi.FormatArgs.of(of))


def exp_stats(counts: dict[str, int], plan: abi.MbeOpPlan, n: int) -> dict[str, int]:
    """The stats of exp_mbe on n inputs from the fused pass's counts (abi.MBE_COUNTS)."""
    stats = {**neuron_stats(counts, plan.neuron, n), "overflow_z": counts["overflow_z"],
             "shifts": n}
    stats["overflow_output"] += counts["overflow_post"]
    return stats


def _exp_fused(x: np.ndarray, xf: Format, of: Format, config: RangeConfig,
               backend: str) -> PrimitiveResult | None:
    """exp_mbe in one fused pass, or None where it does not apply (no kernel, no plan)."""
    kernel = fused(backend, "mbe_op") if x.size else None
    plan = kernel and exp_plan(xf, of, config, magnitude_bits(x))
    if not plan:
        return None
    y, counts = kernel(x.reshape(-1), plan)
    return PrimitiveResult(raw=y.reshape(x.shape), format=of,
                           stats=exp_stats(counts, plan, int(x.size)))


def exp_mbe(x_raw, x_format, out_format, config: RangeConfig | None = None, *,
            backend: str = "numpy", trace: bool = False) -> PrimitiveResult:
    """e**x = MBE_exp2(frac(z)) * 2**floor(z), z = x * log2(e); raw result in out_format."""
    config = config or RangeConfig()
    xf, zf, of = as_format(x_format), as_format(config.z_format), as_format(out_format)
    if not trace:
        res = _exp_fused(np.asarray(x_raw, np.int64), xf, of, config, backend)
        if res is not None:
            return res
    scaler = _log2e(config)
    z, z_events = scaler.apply(np.asarray(x_raw), xf.frac, zf, backend=backend,
                               return_overflow=True)
    k = z >> zf.frac                                    # floor(z)
    r = z - (k << zf.frac)                              # frac(z) in [0, 1), zf.frac bits
    mb = mbe_neuron(r, Format(False, zf.frac, zf.frac), config.mbe("exp2_fit"),
                    backend=backend, trace=trace)
    stats = {**mb.stats, "overflow_z": int(z_events), "shifts": int(z.size)}
    tr = {"z": z, "k": k, "r": r, **(mb.trace or {})} if trace else None
    return _finish(mb.raw, k + of.frac - mb.format.frac, of, stats, tr, backend)


def _mantissa(x_raw, x_format: Format, config: RangeConfig, rsqrt: bool):
    """(m raw with mantissa_frac bits, exponent e) with x = m * 2**e; m in [0.5, 1), or for
    rsqrt m in [0.5, 2) with e even. Non-positive x is an FxError."""
    x = np.asarray(x_raw, dtype=np.int64)
    if x.size and x.min() <= 0:
        raise FxError("reciprocal / rsqrt need positive inputs (clamp or offset them first)")
    fm = config.mantissa_frac
    p = bit_length(x)
    e = p - x_format.frac
    shift = fm - p
    if rsqrt:
        odd = (e & 1) == 1
        shift = shift + odd
        e = e - odd
    m = shift_each(x, shift, Rounding.TRN)              # drops low bits of long inputs (floor)
    return m, e, p


def mantissa_plan(xf: Format, of: Format | None, config: RangeConfig, rsqrt: bool,
                  newton: bool = False) -> abi.MbeOpPlan | None:
    """The fused-pass plan of reciprocal_mbe / rsqrt_mbe on positive raw inputs with xf's frac:
    the shift back into of, or with of None the mantissa neuron alone (rsqrt_mantissa); None
    with no neuron plan, or with Newton steps unless ``newton`` (the caller runs
    :func:`newton_plan` between the neuron and the shift)."""
    if config.newton_steps and not newton:
        return None
    fm = config.mantissa_frac
    mbe = config.mbe("rsqrt_fit" if rsqrt else "inv_fit")
    neuron = neuron_plan(mbe, fm, fm + 1)
    post = {} if of is None else {"shift_base": of.frac - as_format(mbe.output_format).frac,
                                  "post_format": abi.FormatArgs.of(of)}
    return neuron and op_plan(neuron, "rsqrt" if rsqrt else "reciprocal",
                              "none" if of is None else "shift", x_frac=xf.frac, mant_frac=fm,
                              **post)


#: Newton products per step: 1/x m y and y (2 - m y); 1/sqrt y^2, m y^2, y (3 - m y^2)
NEWTON_PRODUCTS = {False: 2, True: 3}


def newton_plan(config: RangeConfig, rsqrt: bool) -> abi.MbeNewtonPlan | None:
    """The row kernels' plan (fx_mbe_newton_t) of config.newton_steps refinements as
    :func:`_newton` / :func:`_newton_rsqrt` run them: the mantissa neuron alone, the 16-step
    SAR encoders of m (mantissa frac, range 1, or 2 for 1/sqrt), y and the bracket term
    (range 2), y^2 (range 4), each product's drop into mbe_format; None where the neuron or
    an encoder has no fused plan or, with steps, a product's requantization would widen."""
    fm, fy = config.mantissa_frac, as_format(config.mbe_format)
    neuron = neuron_plan(config.mbe("rsqrt_fit" if rsqrt else "inv_fit"), fm, fm + 1)
    mc = SpikeMultiplyConfig()
    bits = fy.width + 2                                     # |c_one - m y| < 2^(width + 1)
    t_fmt = fy.replace(frac=fy.frac + 1) if rsqrt else fy
    enc = (encoder_plan(Format(False, fm + 2, fm), int(rsqrt), mc, fm + 2),
           encoder_plan(fy, 1, mc, fy.width), encoder_plan(fy, 2, mc, fy.width),
           encoder_plan(t_fmt, 1, mc, bits))
    r_m, r_y, r_s = recon_frac(mc, int(rsqrt)), recon_frac(mc, 1), recon_frac(mc, 2)
    drops = (2 * r_y - fy.frac, r_m + (r_s if rsqrt else r_y) - fy.frac, 2 * r_y - fy.frac)
    if not neuron or not all(enc) or (config.newton_steps and min(drops) < 0):
        return None
    return abi.MbeNewtonPlan(config.newton_steps, int(rsqrt), op_plan(neuron), *enc,
                             c_one=(3 if rsqrt else 2) << fy.frac, sq_drop=drops[0],
                             my_drop=drops[1], out_drop=drops[2],
                             y_format=abi.FormatArgs.of(fy))


def mantissa_stats(counts: dict[str, int], plan: abi.MbeOpPlan, n: int,
                   newton: abi.MbeNewtonPlan | None = None) -> dict[str, int]:
    """The stats of reciprocal_mbe / rsqrt_mbe (rsqrt_mantissa for a plan without the shift)
    on n inputs from the fused pass's counts; with newton, its products' spikes, multiplies
    and overflow events (counts ``newton_spikes``, ``newton_overflow``) added as
    :func:`_sar_product` adds them."""
    stats = {**neuron_stats(counts, plan.neuron, n), "leading_zero_counts": n}
    stats["overflow_output"] += counts["overflow_post"]
    if newton is not None and newton.steps:
        stats["spikes"] += counts["newton_spikes"]
        stats["multiplies"] += 4 * n * newton.steps * NEWTON_PRODUCTS[bool(newton.rsqrt)]
        stats["overflow_output"] += counts["newton_overflow"]
    return stats


def _mantissa_fused(x_raw, xf: Format, of: Format, config: RangeConfig, rsqrt: bool,
                    backend: str, trace: bool) -> PrimitiveResult | None:
    """reciprocal_mbe / rsqrt_mbe in one fused pass, or None where it does not apply (trace,
    no kernel or plan, an empty input or one that is not positive: the composition raises for
    it)."""
    x = np.asarray(x_raw, np.int64)
    kernel = fused(backend, "mbe_op") if x.size and not trace else None
    plan = kernel and mantissa_plan(xf, of, config, rsqrt)
    if not plan or int(x.min()) <= 0:
        return None
    y, counts = kernel(x.reshape(-1), plan)
    return PrimitiveResult(raw=y.reshape(x.shape), format=of,
                           stats=mantissa_stats(counts, plan, int(x.size)))


def reciprocal_mbe(x_raw, x_format, out_format, config: RangeConfig | None = None, *,
                   backend: str = "numpy", trace: bool = False) -> PrimitiveResult:
    """1/x for x > 0: leading-zero normalisation to m in [0.5, 1), MBE_inv(m), shift back."""
    config = config or RangeConfig()
    xf, of = as_format(x_format), as_format(out_format)
    res = _mantissa_fused(x_raw, xf, of, config, False, backend, trace)
    if res is not None:
        return res
    m, e, p = _mantissa(x_raw, xf, config, rsqrt=False)
    fm = config.mantissa_frac
    mfmt = Format(False, fm + 2, fm)
    mb = mbe_neuron(m, mfmt, config.mbe("inv_fit"), backend=backend, trace=trace)
    for _ in range(config.newton_steps):
        mb = _newton(m, mfmt, mb, backend)
    tr = {"m": m, "e": e, **(mb.trace or {})} if trace else None
    return _finish(mb.raw, of.frac - mb.format.frac - e, of,
                   {**mb.stats, "leading_zero_counts": int(m.size)}, tr, backend)


def _sar_product(a, af: Format, a_bits: int, b, bf: Format, b_bits: int, out: Format,
                 backend: str, stats: dict) -> np.ndarray:
    """a * b by a 16-step SAR spike multiply (exact on the 16-bit operands) into ``out``."""
    res = spike_multiply(a, af, b, bf, SpikeMultiplyConfig(
        a_int_bits=a_bits, b_int_bits=b_bits, output_format=str(out)), backend=backend)
    for key, value in res.stats.items():
        stats[key] = stats.get(key, 0) + value
    return res.raw


def _newton(m, mfmt: Format, y: PrimitiveResult, backend: str) -> PrimitiveResult:
    """One Newton step for 1/m (m in [0.5, 1), y in (1, 2]): y <- y (2 - m y)."""
    fy, stats = y.format, dict(y.stats)
    my = _sar_product(m, mfmt, 0, y.raw, fy, 1, fy, backend, stats)
    two_minus = (np.int64(2) << fy.frac) - my
    out = _sar_product(y.raw, fy, 1, two_minus, fy, 1, fy, backend, stats)
    return PrimitiveResult(raw=out, format=fy, trace=y.trace, stats=stats)


def _newton_rsqrt(m, mfmt: Format, y: PrimitiveResult, backend: str) -> PrimitiveResult:
    """One Newton step for 1/sqrt(m) (m in [0.5, 2), y in (0.7, 1.42]):
    y <- y (3 - m y**2) / 2; the /2 is the frac of the last product's operand plus one."""
    fy, stats = y.format, dict(y.stats)
    y2 = _sar_product(y.raw, fy, 1, y.raw, fy, 1, fy, backend, stats)
    my2 = _sar_product(m, mfmt, 1, y2, fy, 2, fy, backend, stats)      # y^2 may pass 2
    half = fy.replace(frac=fy.frac + 1)                 # (3 - m y^2) read with one more frac bit
    three_minus = (np.int64(3) << fy.frac) - my2
    out = _sar_product(y.raw, fy, 1, three_minus, half, 1, fy, backend, stats)
    return PrimitiveResult(raw=out, format=fy, trace=y.trace, stats=stats)


def rsqrt_mantissa(x_raw, x_format, config: RangeConfig | None = None, *,
                   backend: str = "numpy", trace: bool = False) -> tuple[PrimitiveResult, np.ndarray]:
    """1/sqrt(x) for x > 0 as (y, h) with 1/sqrt(x) = y 2^-h: parity-fixed normalisation to
    m in [0.5, 2), y = MBE_invsqrt(m) in (0.7, 1.42] (mbe_format, Newton steps applied),
    h = e / 2 (int64). Stats: the neuron's, plus one leading-zero count per element."""
    config = config or RangeConfig()
    m, e, _ = _mantissa(x_raw, as_format(x_format), config, rsqrt=True)
    mfmt = Format(False, config.mantissa_frac + 2, config.mantissa_frac)
    mb = mbe_neuron(m, mfmt, config.mbe("rsqrt_fit"), backend=backend, trace=trace)
    for _ in range(config.newton_steps):
        mb = _newton_rsqrt(m, mfmt, mb, backend)
    tr = {"m": m, "e": e, **(mb.trace or {})} if trace else None
    stats = {**mb.stats, "leading_zero_counts": int(m.size)}
    return PrimitiveResult(raw=mb.raw, format=mb.format, trace=tr, stats=stats), e >> 1


def rsqrt_mbe(x_raw, x_format, out_format, config: RangeConfig | None = None, *,
              backend: str = "numpy", trace: bool = False) -> PrimitiveResult:
    """1/sqrt(x) for x > 0: :func:`rsqrt_mantissa`, then y shifted by -e/2 into out_format."""
    config = config or RangeConfig()
    of = as_format(out_format)
    res = _mantissa_fused(x_raw, as_format(x_format), of, config, True, backend, trace)
    if res is not None:
        return res
    mb, half = rsqrt_mantissa(x_raw, x_format, config, backend=backend, trace=trace)
    return _finish(mb.raw, of.frac - mb.format.frac - half, of, dict(mb.stats), mb.trace,
                   backend)


def build_all_tables(config: RangeConfig) -> dict:
    """The integer tables of the three MBE neurons (for golden vectors and inspection)."""
    return {w: build_tables(config.mbe(w)) for w in ("exp2_fit", "inv_fit", "rsqrt_fit")}
