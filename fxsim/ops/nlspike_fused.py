"""Fused kernels for the nlspike activations (sigmoid, silu, gelu_tanh) and norms (rmsnorm,
layernorm): the kernel parameters, the stats the composition reports, and where the fused
kernel may stand in for the composition.

The composition in fxsim.ops.nlspike is the definition. A fused kernel (csrc/fx_ops.c
``fx_activation`` / ``fx_norm``, fxsim/backends/numba_ops.py) runs the same integer steps in one
pass and returns counts from which :func:`activation` and :func:`norm` rebuild the same stats.
It is chosen only where the composition cannot raise: every product and left shift the
composition checks against 2^62 is bounded here from the formats alone (a sufficient
condition; otherwise the primitives run one by one), except the Division group's check on
its normalised operands, which depends on each A and B: the kernel counts where it fails
(``too_wide``) and the composition then runs (and raises). docs/algorithms.md 7.2 and 7.3.
"""
from __future__ import annotations

import math

import numpy as np

from ..arith import ShiftScaler
from ..formats import INTERMEDIATE_BITS, Format, Overflow, as_format
from ..primitives.divgroup import DivGroupConfig, group_stats
from ..primitives.polarnorm import polarnorm_stats
from ..primitives.pwl_exp import cached_lut
from ..backends import kernel_args


def magnitude(fmt: Format) -> int:
    """The largest |raw| a value in fmt can have."""
    return max(-fmt.min_raw, fmt.max_raw)


def _fits(*bounds: int) -> bool:
    """The composition's 62-bit check on a product (or one value) of these magnitudes."""
    return sum(int(b).bit_length() for b in bounds) <= INTERMEDIATE_BITS


def _after(bound: int | None, drop: int, fmt: Format | None = None) -> int | None:
    """A bound on |x / 2^drop| rounded (a widening left shift for drop < 0), then within fmt's
    range, for |x| <= bound; None when a left shift could leave 62 bits or |drop| > 62."""
    if bound is None or abs(drop) > 62:
        return None
    if drop < 0:
        if not _fits(bound << -drop):
            return None
        out = bound << -drop
    else:
        out = (bound >> drop) + 1
    return out if fmt is None else min(out, magnitude(fmt))


def _div_tuple(div: DivGroupConfig) -> tuple[int, int, int, int]:
    return (div.n, div.G, int(div.normalize_denominator), div.normalize_bit)


# ---- sigmoid / silu / gelu_tanh -------------------------------------------------------------
def activation_params(kind: str, cfg, X: Format, div: DivGroupConfig) -> dict | None:
    """fx_activation_t's fields for ``kind`` (docs/algorithms.md 7.2), or None where the
    composition could raise."""
    pwl = cfg.pwl_config()
    ein, eout = as_format(pwl.input_format), as_format(pwl.output_format)
    out = cfg.fmt("output_format")
    P = cfg.fmt("poly_format") if kind == "gelu_tanh" else X
    fo, gated = eout.frac, kind != "sigmoid"
    fc = max(X.frac, fo) if gated else fo
    lut = cached_lut(pwl)
    params = {"kind": kernel_args.ACTIVATION_KINDS.index(kind), "clip_raw": 0,
              "poly": kernel_args.format_tuple(P), "poly_in_drop": 0, "poly_frac": 0,
              "c1_m": 0, "c3_m": 0, "c1_shift": 0, "c3_shift": 0,
              "exp_in_drop": P.frac - ein.frac,
              "exp_in": kernel_args.format_tuple(ein.replace(overflow=Overflow.SAT)),
              "pwl_scalars": (lut["x_lo"], lut["x_hi"], lut["upper"], lut["intercept_shift"],
                              lut["sum_frac"], fo),
              "pwl_format": kernel_args.format_tuple(eout),
              "den_shift": fc - fo, "num_shift": fc - X.frac if gated else 0,
              "div": _div_tuple(div),
              "out_drop": div.n - out.frac, "out": kernel_args.format_tuple(out),
              "bypass_drop": X.frac - out.frac}
    w_bound = magnitude(X)
    if kind == "gelu_tanh":
        w_bound = _gelu_params(cfg, X, P, params)
    a_bound = magnitude(X) << (fc - X.frac) if gated else 1 << fc
    b_bound = ((1 << fo) + magnitude(eout)) << (fc - fo)
    drops_ok = all(abs(params[k]) <= 62 for k in ("exp_in_drop", "out_drop", "bypass_drop"))
    if (eout.signed or w_bound is None or not drops_ok or fo > 61
            or _after(w_bound, P.frac - ein.frac) is None          # -w into E_in
            or (gated and _after(magnitude(X), X.frac - out.frac) is None)
            or not _fits(a_bound) or not _fits(b_bound)):
        return None
    return params


def _gelu_params(cfg, X: Format, P: Format, params: dict) -> int | None:
    """Fill gelu_tanh's polynomial fields; returns a bound on |2u| (raw in P), or None."""
    from .nlspike import gelu_scalers
    clip_raw = math.floor(math.ldexp(cfg.gelu_clip, X.frac))
    s1, s3 = gelu_scalers(cfg)
    params.update(clip_raw=clip_raw, poly_in_drop=X.frac - P.frac, poly_frac=P.frac,
                  c1_m=s1.m, c3_m=s3.m, c1_shift=s1.shift, c3_shift=s3.shift)
    if not _fits(clip_raw):
        return None
    xp = _after(min(clip_raw, magnitude(X)), X.frac - P.frac, P)
    x2 = _after(xp * xp, P.frac, P) if xp is not None and _fits(xp, xp) else None
    x3 = _after(x2 * xp, P.frac, P) if x2 is not None and _fits(x2, xp) else None
    t1 = _after(xp * s1.m, s1.shift, P) if xp is not None and _fits(xp, s1.m) else None
    t3 = _after(x3 * s3.m, s3.shift, P) if x3 is not None and _fits(x3, s3.m) else None
    return None if t1 is None or t3 is None else t1 + t3


def activation_stats(kind: str, n_elements: int, counts: dict, div: DivGroupConfig,
                     stats) -> None:
    """Add to ``stats`` (prologue.Stats) what the composition of ``kind`` counts."""
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


def activation(kernel, kind: str, xr: np.ndarray, cfg, X: Format, div: DivGroupConfig,
               stats) -> np.ndarray | None:
    """The fused ``kind`` of raw inputs xr, its stats added; None (nothing added) where the
    composition must run."""
    params = activation_params(kind, cfg, X, div)
    if params is None:
        return None
    y, counts = kernel(xr, params, cached_lut(cfg.pwl_config()))
    if counts["too_wide"]:
        return None
    activation_stats(kind, xr.size, counts, div, stats)
    return y


# ---- rmsnorm / layernorm --------------------------------------------------------------------
def norm_params(cfg, X: Format, d: int, inv_d: ShiftScaler | None, sqrt_d: ShiftScaler,
                w_raw: np.ndarray | None, W: Format | None, div: DivGroupConfig,
                out: Format) -> dict | None:
    """fx_norm_t's scalar fields (docs/algorithms.md 7.3), or None where the composition could
    raise. inv_d: layernorm's mean scaler (None: rmsnorm)."""
    pcfg = cfg.polarnorm_config()
    NI, N = pcfg.input_format, pcfg.output_format
    fc = max(X.frac, N.frac)
    num_drop = X.frac + W.frac - fc if w_raw is not None else X.frac - fc
    params = {"d": d, "center": int(inv_d is not None), "inv_d_m": inv_d.m if inv_d else 0,
              "inv_d_shift": inv_d.shift if inv_d else 0, "norm_in_drop": X.frac - NI.frac,
              "norm_in": kernel_args.format_tuple(NI), "num_drop": num_drop,
              "sqrt_d_m": sqrt_d.m, "sqrt_d_shift": sqrt_d.shift, "den_shift": fc - N.frac,
              "div": _div_tuple(div), "q_drop": div.n - div.out_format.frac,
              "q_format": kernel_args.format_tuple(div.out_format),
              "out_drop": cfg.n - out.frac, "out": kernel_args.format_tuple(out)}
    xc = magnitude(X)
    if inv_d is not None:
        total = d * magnitude(X)
        mean = _after(total * inv_d.m, inv_d.shift) if _fits(total, inv_d.m) else None
        xc = None if mean is None else xc + mean
    w_max = int(np.abs(w_raw).max()) if w_raw is not None else 1
    a0 = _after(xc * w_max, num_drop) if xc is not None and _fits(xc, w_max) else None
    a = _after(a0 * sqrt_d.m, sqrt_d.shift) if a0 is not None and _fits(a0, sqrt_d.m) else None
    b = _after(magnitude(N), N.frac - fc)          # B = max(N, 1) << (f_c - f_N)
    drops_ok = all(abs(params[k]) <= 62 for k in ("q_drop", "out_drop"))
    if (xc is None or _after(xc, X.frac - NI.frac) is None or not drops_ok
            or a is None or b is None or not _fits(a) or not _fits(b)):
        return None
    return params


def norm_stats(op: str, rows: int, d: int, counts: dict, pcfg, div: DivGroupConfig,
               weighted: bool, biased: bool, stats) -> None:
    """Add to ``stats`` (prologue.Stats) what the composition of ``op`` counts."""
    size = rows * d
    if op == "layernorm":
        stats.glue("adds", size - rows)                          # row sums
        stats.glue("multiplies", rows)                           # the 1/d scaler
        stats.glue("shifts", rows)
        stats.glue("adds", size)                                 # x - mean
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


def norm(kernel, op: str, x: np.ndarray, cfg, X: Format, inv_d, sqrt_d, w_raw, W, b_n,
         div: DivGroupConfig, out: Format, stats) -> np.ndarray | None:
    """The fused ``op`` over the rows of raw x [..., d], its stats added; None (nothing
    added) where the composition must run. b_n: the bias at frac n, or None."""
    d = x.shape[-1]
    params = norm_params(cfg, X, d, inv_d, sqrt_d, w_raw, W, div, out)
    if params is None:
        return None
    rows = x.reshape(-1, d)
    pcfg = cfg.polarnorm_config()
    contiguous = (lambda v: None if v is None else np.ascontiguousarray(v, np.int64))
    y, counts = kernel(rows, params, pcfg.kernel_params(d), contiguous(w_raw), contiguous(b_n))
    if counts["too_wide"]:
        return None
    norm_stats(op, rows.shape[0], d, counts, pcfg, div, w_raw is not None, b_n is not None,
               stats)
    return y.reshape(x.shape)
