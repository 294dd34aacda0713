"""Plans of the nlspike operators: the constants every path shares, the fused-kernel plans
(fxsim.backends.abi SoftmaxPlan, ActivationPlan, NormPlan) and the one mapping from counts
to the operator's stats that the composition and the fused kernels both report through.

The composition in fxsim.ops.nlspike.compose is the definition. A fused kernel (csrc/fx_ops.c
``fx_softmax`` / ``fx_activation`` / ``fx_norm``, fxsim/backends/numba/ops.py) runs the same
integer steps in one pass and returns counts named by abi.SOFTMAX_COUNTS /
ACTIVATION_COUNTS / NORM_COUNTS. A plan is built only where the composition cannot raise:
every product and left shift the composition checks against the intermediate range is
bounded here from the formats alone (a sufficient condition; otherwise the primitives run one
by one), except the Division group's check on its normalised operands, which depends on each
A and B: the kernel counts where it fails (``too_wide``) and the composition then runs (and
raises). docs/algorithms.md 7.1-7.3.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...arith import ShiftScaler, quantize
from ...backends.abi import (ACTIVATION_KINDS, NORM_CENTERS, ActivationPlan, FormatArgs,
                             NormPlan, SoftmaxPlan)
from ...errors import FxError
from ...formats import (HALF_RANGE_BITS, INTERMEDIATE_BITS, MAX_DROP, Format, Overflow, Rounding,
                       as_format)
from ...primitives.divgroup import DivGroupConfig, group_stats
from ...primitives.polarnorm import polarnorm_stats
from ...primitives.pwl_exp import PwlExpConfig, plan as pwl_plan
from ..glue import centred_bound, const_raw, row_exponents
from ..result import Stats
from .config import ActivationConfig, NormConfig, SoftmaxConfig, gelu_constants


def magnitude(fmt: Format) -> int:
    """The largest |raw| a value in fmt can have."""
    return max(-fmt.min_raw, fmt.max_raw)


def fits(*bounds: int) -> bool:
    """The composition's intermediate-range check on a product (or one value) of these
    magnitudes."""
    return sum(int(b).bit_length() for b in bounds) <= INTERMEDIATE_BITS


def after(bound: int | None, drop: int, fmt: Format | None = None) -> int | None:
    """A bound on |x / 2^drop| rounded (a widening left shift for drop < 0), then within fmt's
    range, for |x| <= bound; None when a left shift could leave the intermediate range or
    |drop| > MAX_DROP."""
    if bound is None or abs(drop) > MAX_DROP:
        return None
    if drop < 0:
        if not fits(bound << -drop):
            return None
        out = bound << -drop
    else:
        out = (bound >> drop) + 1
    return out if fmt is None else min(out, magnitude(fmt))


def gelu_scalers(cfg: ActivationConfig) -> tuple[ShiftScaler, ShiftScaler]:
    """The shift-scalers of gelu_tanh's c1 = 2 sqrt(2/pi) and c3 = c1 * 0.044715."""
    c1, c3 = gelu_constants()
    return (ShiftScaler.from_constant("gelu_c1", c1, width=cfg.const_width),
            ShiftScaler.from_constant("gelu_c3", c3, width=cfg.const_width))


# ---- softmax -----------------------------------------------------------------------------
def softmax_constants(cfg: SoftmaxConfig, X: Format, d: int):
    """(PWL-Exp config, Division group config, accumulator width, L on X's grid) for rows of d;
    FxError when the accumulator or L leaves the intermediate range."""
    pwl = cfg.pwl_config()
    G = cfg.G or (1 << cfg.n)
    div = cfg.div_config(G, cfg.fmt("output_format"))
    acc_width = as_format(pwl.output_format).width + max(0, math.ceil(math.log2(d)))
    if acc_width > INTERMEDIATE_BITS:
        raise FxError(f"softmax: accumulator of {acc_width} bits for d = {d} exceeds "
                      f"{INTERMEDIATE_BITS} bits")
    return pwl, div, acc_width, const_raw(cfg.L, X.frac, "L")


def softmax_plan(X: Format, L_raw: int, pwl: PwlExpConfig, div: DivGroupConfig,
                 d: int) -> SoftmaxPlan | None:
    """fx_softmax_t for rows of d, or None where the composition could raise: a signed exp
    output (an unsigned one keeps every numerator at most its row sum, so e << k stays in
    range as B << k does) or a widening shift that could leave the intermediate range."""
    ein, eout = as_format(pwl.input_format), as_format(pwl.output_format)
    out = div.out_format
    s_bits = max(X.width, L_raw.bit_length()) + 2
    if (eout.signed or s_bits + max(0, ein.frac - X.frac) > INTERMEDIATE_BITS
            or div.G.bit_length() + 1 + max(0, out.frac - div.n) > INTERMEDIATE_BITS):
        return None
    return SoftmaxPlan(d=d, L_raw=L_raw, exp_in_drop=X.frac - ein.frac,
                       exp_in=FormatArgs.of(ein.replace(overflow=Overflow.SAT)),
                       pwl=pwl_plan(pwl), div=div.plan(), out_drop=div.n - out.frac,
                       out=FormatArgs.of(out))


def softmax_stats(stats: Stats, div: DivGroupConfig, size: int, rows: int,
                  counts: dict) -> None:
    """Add to ``stats`` what softmax counts over ``rows`` rows of ``size`` values in all,
    from counts named by abi.SOFTMAX_COUNTS (the composition's or a fused kernel's)."""
    inside = counts["lut_reads"]
    stats.d["clamp_exp_input"] = stats.d.get("clamp_exp_input", 0) + counts["clamp_exp_input"]
    stats.add_primitive("pwl_exp", {"lut_reads": inside, "multiplies": inside, "adds": inside,
                                    "overflow_output": counts["pwl_overflow"]})
    stats.glue("adds", size - rows)                              # row sums
    stats.add_primitive("divgroup", group_stats(div, size, counts["spikes"],
                                                counts["output_overflow"]))


# ---- sigmoid / silu / gelu_tanh -------------------------------------------------------------
def activation_plan(kind: str, cfg: ActivationConfig, X: Format,
                    div: DivGroupConfig) -> ActivationPlan | None:
    """fx_activation_t for ``kind`` (docs/algorithms.md 7.2), or None where the composition
    could raise."""
    pwl = cfg.pwl_config()
    ein, eout = as_format(pwl.input_format), as_format(pwl.output_format)
    out = cfg.fmt("output_format")
    P = cfg.fmt("poly_format") if kind == "gelu_tanh" else X
    fo, gated = eout.frac, kind != "sigmoid"
    fc = max(X.frac, fo) if gated else fo
    poly = _gelu_poly(cfg, X, P) if kind == "gelu_tanh" else {}
    plan = ActivationPlan(
        kind=ACTIVATION_KINDS.index(kind), clip_raw=poly.get("clip_raw", 0),
        poly=FormatArgs.of(P), poly_in_drop=X.frac - P.frac if poly else 0,
        poly_frac=P.frac if poly else 0, c1_m=poly.get("c1_m", 0), c3_m=poly.get("c3_m", 0),
        c1_shift=poly.get("c1_shift", 0), c3_shift=poly.get("c3_shift", 0),
        exp_in_drop=P.frac - ein.frac, exp_in=FormatArgs.of(ein.replace(overflow=Overflow.SAT)),
        pwl=pwl_plan(pwl), den_shift=fc - fo, num_shift=fc - X.frac if gated else 0,
        div=div.plan(), out_drop=div.n - out.frac, out=FormatArgs.of(out),
        bypass_drop=X.frac - out.frac)
    w_bound = poly.get("bound") if kind == "gelu_tanh" else magnitude(X)
    a_bound = magnitude(X) << (fc - X.frac) if gated else 1 << fc
    b_bound = ((1 << fo) + magnitude(eout)) << (fc - fo)
    drops_ok = all(abs(v) <= MAX_DROP for v in (plan.exp_in_drop, plan.out_drop,
                                                 plan.bypass_drop))
    if (eout.signed or w_bound is None or not drops_ok or fo > HALF_RANGE_BITS
            or after(w_bound, P.frac - ein.frac) is None          # -w into E_in
            or (gated and after(magnitude(X), X.frac - out.frac) is None)
            or not fits(a_bound) or not fits(b_bound)):
        return None
    return plan


def _gelu_poly(cfg: ActivationConfig, X: Format, P: Format) -> dict:
    """gelu_tanh's polynomial fields (clip_raw, c1_m, c3_m, c1_shift, c3_shift) and
    ``bound``, a bound on |2u| (raw in P), or None where the cubic could leave the range."""
    clip_raw = math.floor(math.ldexp(cfg.gelu_clip, X.frac))
    s1, s3 = gelu_scalers(cfg)
    fields = {"clip_raw": clip_raw, "c1_m": s1.m, "c3_m": s3.m, "c1_shift": s1.shift,
              "c3_shift": s3.shift, "bound": None}
    if not fits(clip_raw):
        return fields
    xp = after(min(clip_raw, magnitude(X)), X.frac - P.frac, P)
    x2 = after(xp * xp, P.frac, P) if xp is not None and fits(xp, xp) else None
    x3 = after(x2 * xp, P.frac, P) if x2 is not None and fits(x2, xp) else None
    t1 = after(xp * s1.m, s1.shift, P) if xp is not None and fits(xp, s1.m) else None
    t3 = after(x3 * s3.m, s3.shift, P) if x3 is not None and fits(x3, s3.m) else None
    fields["bound"] = None if t1 is None or t3 is None else t1 + t3
    return fields


def activation_stats(kind: str, n_elements: int, counts: dict, div: DivGroupConfig,
                     stats: Stats) -> None:
    """Add to ``stats`` what the composition of ``kind`` counts, from counts named by
    abi.ACTIVATION_COUNTS."""
    n = n_elements
    if kind == "gelu_tanh":
        stats.glue("compares", 2 * n)
        stats.glue("multiplies", 4 * n)
        stats.glue("shifts", 4 * n)
        stats.glue("overflow_poly", counts["poly_overflow"])
        stats.glue("adds", n)                                    # t1 + t3
    stats.d["clamp_exp_input"] = stats.d.get("clamp_exp_input", 0) + counts["clamp_exp_input"]
    stats.glue("adds", n)                                        # the negation
    inside = counts["lut_reads"]
    stats.add_primitive("pwl_exp", {"lut_reads": inside, "multiplies": inside, "adds": inside,
                                    "overflow_output": counts["pwl_overflow"]})
    if kind != "sigmoid":
        stats.glue("compares", 2 * n)
    stats.glue("adds", n)                                        # 1 + e
    stats.add_primitive("divgroup", group_stats(div, n, counts["spikes"],
                                                counts["output_overflow"]))
    if counts["bypassed"]:
        stats.glue("overflow_output", counts["bypass_overflow"])


# ---- rmsnorm / layernorm --------------------------------------------------------------------
#: NormPlan.center (abi.NORM_CENTERS): no centring (rmsnorm), x - RND(mean) (layernorm, fixed
#: range), the exact d x - sum x (layernorm with the row exponent)
CENTER_NONE, CENTER_MEAN, CENTER_EXACT = range(len(NORM_CENTERS))


@dataclass(frozen=True, eq=False)
class RowExponent:
    """The per-row power-of-two exponent of the norms for rows of d (docs/algorithms.md 7.3.1).

    A row u (rmsnorm: x; layernorm: d x - sum x) whose largest magnitude has bit length b runs
    as u 2^-e, e = max(b - top_bits, exp_lo): at most 2^top_bits in magnitude on the input's
    grid f_x, and 2^(top_bits - f_x + f_NI) in the CORDIC input format NI. exp_lo keeps the
    eps element at or below the row's scale; eps_leaves[e - exp_lo] (tree raw, e = exp_lo ..
    exp_hi) is the eps element sqrt(eps_row d) 2^-e by the constant rule (eps_row = eps for
    rmsnorm, eps d^2 for layernorm), None without eps."""

    top_bits: int
    exp_lo: int
    exp_hi: int
    eps_row: float
    eps_leaves: np.ndarray | None

    def exponents(self, u: np.ndarray) -> np.ndarray:
        """e of each row of u [..., d] (int64 [...])."""
        return row_exponents(u, self.top_bits, self.exp_lo)

    def eps_at(self, e: int) -> float:
        """The eps that makes PolarNorm's own eps element the one of exponent e:
        eps_row 2^-2e (sqrt(eps_row 2^-2e d) = sqrt(eps_row d) 2^-e exactly in float64)."""
        return math.ldexp(self.eps_row, -2 * e)

    def to_dict(self) -> dict:
        return {"top_bits": self.top_bits, "exp_lo": self.exp_lo, "exp_hi": self.exp_hi,
                "eps_row": self.eps_row,
                "eps_leaves": None if self.eps_leaves is None else self.eps_leaves.tolist()}


def weight_max(w_raw: np.ndarray | None) -> int:
    """max |w| raw (1 without a weight)."""
    return int(np.abs(w_raw).max()) if w_raw is not None else 1


def numerator_drop(X: Format, N: Format, W: Format, weighted: bool) -> int:
    """The drop of A0 = RND(xc w >> drop) onto the common frac f_c = max(f_x, f_N)."""
    return X.frac + (W.frac if weighted else 0) - max(X.frac, N.frac)


def numerator_bound(xc: int, w_max: int, num_drop: int, sqrt_d: ShiftScaler) -> int | None:
    """A bound on |A| = |RND(RND(xc w >> num_drop) m >> s)| (m, s: sqrt_d) for |xc| <= xc and
    |w| <= w_max, or None where a product or A could leave the intermediate range."""
    a0 = after(xc * w_max, num_drop) if fits(xc, w_max) else None
    a = after(a0 * sqrt_d.m, sqrt_d.shift) if a0 is not None and fits(a0, sqrt_d.m) else None
    return a if a is not None and fits(a) else None


def row_exponent(cfg: NormConfig, X: Format, d: int, centred: bool, w_max: int,
                 num_drop: int, sqrt_d: ShiftScaler) -> RowExponent:
    """The row exponent's constants (docs/algorithms.md 7.3.1): top_bits is the largest bit
    length whose rows fit NI with the rounding carry, whose norm (at most sqrt(m) times the
    largest leaf, m = d + [eps > 0]) keeps one spare bit in the tree and the norm format, and
    whose numerator x w sqrt(d) (|w| <= w_max raw) stays in the intermediate range; FxError
    when the formats leave no bit for rows of d."""
    pcfg = cfg.polarnorm_config()
    NI, T, N = pcfg.input_format, pcfg.internal_format, pcfg.output_format
    half_log_m = ((pcfg.elements(d) - 1).bit_length() + 1) // 2       # ceil(log2(m) / 2)
    norm_bits = min(T.max_raw.bit_length(), N.max_raw.bit_length() + T.frac - N.frac) - 1
    v_bits = min(NI.max_raw.bit_length() - 1, norm_bits - pcfg.guard_bits - half_log_m)
    top = min(v_bits + X.frac - NI.frac, magnitude(X).bit_length() - 1)
    while top >= 1 and numerator_bound(1 << top, w_max, num_drop, sqrt_d) is None:
        top -= 1
    if top - X.frac + NI.frac < 1 or top < 1:
        raise FxError(f"NormConfig.row_exponent: norm_input_format {NI}, internal_width "
                      f"{T.width}, norm_format {N}, the weight and sqrt(d) constant leave no "
                      f"bit for rows of d = {d}")
    u_bits = centred_bound(X, d, centred).bit_length()
    eps_row = cfg.eps * (d * d if centred else 1)
    if eps_row == 0:
        lo = 1 - top
        return RowExponent(top, lo, max(u_bits, 1) - top, 0.0, None)
    eps_value = math.sqrt(eps_row * d)
    eps_bits = math.frexp(eps_value)[1] + X.frac          # 2^(eps_bits - 1) <= eps < 2^eps_bits
    lo, hi = max(eps_bits, 1) - top, max(u_bits, eps_bits, 1) - top
    fmt = T.replace(rounding=Rounding.RND_CONV, overflow=Overflow.SAT)
    leaves, events = quantize(np.ldexp(eps_value, -np.arange(lo, hi + 1)), fmt,
                              return_overflow=True)
    if events:      # cannot happen: e >= exp_lo keeps the leaf at most 2^(top - f_x + f_t)
        raise FxError(f"NormConfig.row_exponent: sqrt(eps d) does not fit {fmt}")
    return RowExponent(top, lo, hi, eps_row, np.asarray(leaves, np.int64))


def norm_plan(cfg, pcfg, X: Format, d: int, op: str, inv_d: ShiftScaler | None,
              rx: RowExponent | None, sqrt_d: ShiftScaler, w_raw: np.ndarray | None,
              W: Format | None, b_n: np.ndarray | None, div: DivGroupConfig,
              out: Format) -> NormPlan | None:
    """fx_norm_t (docs/algorithms.md 7.3), or None where the composition could raise.
    inv_d: layernorm's mean scaler (fixed range only); rx: the row exponent (None: fixed
    range); b_n: the bias at frac n, or None; pcfg: PolarNorm's config."""
    norm_in, N = pcfg.input_format, pcfg.output_format
    fc = max(X.frac, N.frac)
    num_drop = numerator_drop(X, N, W, w_raw is not None)
    contiguous = (lambda v: None if v is None else np.ascontiguousarray(v, np.int64))
    center = CENTER_NONE if op == "rmsnorm" else CENTER_EXACT if rx else CENTER_MEAN
    plan = NormPlan(
        d=d, center=center, inv_d_m=inv_d.m if inv_d else 0,
        inv_d_shift=inv_d.shift if inv_d else 0, row_exponent=int(rx is not None),
        top_bits=rx.top_bits if rx else 0, exp_lo=rx.exp_lo if rx else 0,
        eps_leaves=contiguous(rx.eps_leaves) if rx else None,
        n_eps_leaves=len(rx.eps_leaves) if rx and rx.eps_leaves is not None else 0,
        norm_in_drop=X.frac - norm_in.frac,
        norm_in=FormatArgs.of(norm_in), pn=pcfg.plan(d), weight=contiguous(w_raw),
        num_drop=num_drop, sqrt_d_m=sqrt_d.m, sqrt_d_shift=sqrt_d.shift, den_shift=fc - N.frac,
        div=div.plan(), q_drop=div.n - div.out_format.frac,
        q_format=FormatArgs.of(div.out_format), bias=contiguous(b_n), out_drop=cfg.n - out.frac,
        out=FormatArgs.of(out))
    if rx is not None:
        xc = 1 << rx.top_bits                 # |u 2^-e| rounded
        in_drops = (X.frac + rx.exp_lo - norm_in.frac, X.frac + rx.exp_hi - norm_in.frac,
                    rx.exp_lo, rx.exp_hi)
        if not all(abs(v) <= MAX_DROP for v in in_drops):
            return None
    else:
        xc = magnitude(X)
        if inv_d is not None:
            total = d * magnitude(X)
            mean = after(total * inv_d.m, inv_d.shift) if fits(total, inv_d.m) else None
            xc = None if mean is None else xc + mean
        if xc is None or after(xc, X.frac - norm_in.frac) is None:
            return None
    a = numerator_bound(xc, weight_max(w_raw), num_drop, sqrt_d)
    b = after(magnitude(N), N.frac - fc)          # B = max(N, 1) << (f_c - f_N)
    drops_ok = all(abs(v) <= MAX_DROP for v in (plan.q_drop, plan.out_drop))
    if not drops_ok or a is None or b is None or not fits(b):
        return None
    return plan


def norm_stats(op: str, rows: int, d: int, counts: dict, pcfg, div: DivGroupConfig,
               weighted: bool, biased: bool, row_exponent: bool, stats: Stats) -> None:
    """Add to ``stats`` what the composition of ``op`` counts, from counts named by
    abi.NORM_COUNTS."""
    size = rows * d
    if op == "layernorm":
        stats.glue("adds", size - rows)                          # row sums
        if row_exponent:
            stats.glue("multiplies", size)                       # d x (exact centring)
        else:
            stats.glue("multiplies", rows)                       # the 1/d scaler
            stats.glue("shifts", rows)
        stats.glue("adds", size)                                 # x - mean, d x - sum x
    if row_exponent:
        stats.glue("compares", size - rows)                      # the row's largest |u|
        stats.glue("shifts", size)                               # u 2^-e for the numerator
    stats.glue("overflow_norm_input", counts["norm_input_overflow"])
    stats.add_primitive("polarnorm", polarnorm_stats(
        pcfg, rows, d, {name: counts[f"polarnorm_{name}"] for name in ("input", "merge",
                                                                       "output")}))
    if weighted:
        stats.glue("multiplies", size)
    stats.glue("multiplies", size)                               # the sqrt(d) scaler
    stats.glue("shifts", size)
    stats.add_primitive("divgroup", group_stats(div, size, counts["spikes"],
                                                counts["q_overflow"]))
    if biased:
        stats.glue("adds", size)
        stats.glue("overflow_output", counts["output_overflow"])
