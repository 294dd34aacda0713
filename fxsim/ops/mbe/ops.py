"""The mbe (P2) operators in integers: gelu, tanh, sigmoid, silu, softmax, layernorm, rmsnorm and
the primitives exp, reciprocal, rsqrt, composed from the integer MBE neuron, range reduction
and the spike-driven multiply. Glue (row max, sums, subtractions, compares) is int64 numpy,
identical for every backend; every population runs on the chosen backend.
docs/algorithms.md section 8.6.
"""
from __future__ import annotations

import math

import numpy as np

from ...arith import ShiftScaler, quantize, requantize
from ...backends import abi, fused
from ...errors import FxError
from ...formats import INTERMEDIATE_BITS, Format, Rounding
from ...primitives.mbe import fit_record, mbe_neuron, neuron_plan, neuron_stats, op_plan
from ...primitives.range_reduction import (exp_mbe, exp_plan, exp_stats, mantissa_plan,
                                           mantissa_stats, newton_plan, reciprocal_mbe,
                                           rsqrt_mantissa, rsqrt_mbe, shift_each)
from ...primitives.spike_multiply import (encoder_plan, recon_frac, signed_recon,
                                           spike_multiply)
from ..glue import (centred_bound, centred_rows, float_input, float_run, quantize_param,
                    reduced_axis, row_exponents, scaled_counted, shift, trace_add)
from ..result import OpResult, Stats, begin, check_config, op_result
from .config import (MbeActivationConfig, MbeNormConfig, MbeScalarConfig, MbeSoftmaxConfig,
                     activation_fit)
from .tails import ASYMPTOTES, asymptote, tail_bounds, tail_masks


def _neuron_input(op: str, X: Format) -> Format:
    """The neuron's input format: sigmoid(x) = (1 + tanh(x / 2)) / 2, x / 2 is frac + 1."""
    return X.replace(frac=X.frac + 1) if op == "sigmoid" else X


def _pass_at(fit: str, X: Format) -> int:
    """Raw x from which gelu and silu pass x through (the fitted domain's upper end)."""
    return round(math.ldexp(fit_record(fit)["domain"][1], X.frac))


def _tail_stages(op: str, bounds: tuple[int, int], X: Format, out: Format, post: str
                 ) -> dict | None:
    """fx_mbe_op_t's tail fields for the raw compare bounds (lo, hi) (clipped to X's range,
    which selects the same elements), or None where an asymptote has no fused form."""
    low, high = ASYMPTOTES[op]
    if low == "x" or (high == "x" and post != "pass"):
        return None
    edge = 1 << X.width
    const = {side: int(asymptote(op, side, np.zeros(1, np.int64), X, out, "numpy")[0])
             for side in (0, 1) if ASYMPTOTES[op][side] != "x"}
    return {"tails": 1, "tail_lo": max(bounds[0], -edge), "tail_hi": min(bounds[1], edge),
            "tail_lo_y": const[0], "tail_hi_y": const.get(1, 0),
            "tail_hi_pass": int(high == "x")}


def _activation_plan(op: str, X: Format, cfg: MbeActivationConfig, fit: str,
                     bounds: tuple[int, int] | None) -> tuple[abi.MbeOpPlan, str] | None:
    """(fx_mbe_op_t, post stage) of the activation on raw inputs in X, with the exact tails'
    compare-select where bounds (their raw (lo, hi)) is given; None where no plan applies."""
    out = cfg.fmt("output_format")                     # also the neuron's own output format
    neuron = neuron_plan(cfg.mbe_config(fit), _neuron_input(op, X).frac, X.width)
    if not neuron:
        return None
    post = {"sigmoid": "sigmoid", "gelu": "pass", "silu": "pass"}.get(op, "none")
    stages = {"post_format": abi.FormatArgs.of(out)}
    if post == "sigmoid":
        stages.update(post_one=1 << out.frac, post_drop=1)
    elif post == "pass":
        if X.width + max(0, out.frac - X.frac) > INTERMEDIATE_BITS:
            return None
        stages.update(pass_at=_pass_at(fit, X), post_drop=X.frac - out.frac)
    tails = bounds and _tail_stages(op, bounds, X, out, post)
    if bounds and not tails:
        return None
    return op_plan(neuron, "none", post, **stages, **(tails or {})), post


def _fused_stats(plan: abi.MbeOpPlan, post: str, counts: dict[str, int], size: int,
                 stats: Stats) -> None:
    """A fused pass's counts on size inputs added to stats as the composition adds them (the
    neuron's and its post stage's on the elements outside the tails only)."""
    n = size - counts["tails"]
    if post == "sigmoid":
        stats.glue("adds", n)
        stats.glue("overflow_output", counts["overflow_post"])
    elif post == "pass":
        stats.glue("compares", n)
    stats.add_primitive("mbe", neuron_stats(counts, plan.neuron, n))


def _activation_fused(op: str, xr: np.ndarray, X: Format, cfg: MbeActivationConfig, fit: str,
                      backend: str, stats: Stats, bounds: tuple[int, int] | None = None
                      ) -> np.ndarray | None:
    """The activation in one fused pass (fx_mbe_op), its counts added to stats as the
    composition adds them; None (stats untouched) where no kernel or no plan applies.
    bounds: the exact tails' raw (lo, hi), selected in the same pass."""
    kernel = fused(backend, "mbe_op") if xr.size else None
    planned = kernel and _activation_plan(op, X, cfg, fit, bounds)
    if not planned:
        return None
    y, counts = kernel(xr.reshape(-1), planned[0])
    _fused_stats(*planned, counts, xr.size, stats)
    return y.reshape(xr.shape)


def _activation_from_floats(op: str, x, cfg: MbeActivationConfig, fit: str, backend: str
                            ) -> tuple[np.ndarray, Stats, dict] | None:
    """(y, stats, constants) of float32 / float64 x through the backend's mbe_op_floats
    kernel, which quantizes each block itself (no int64 copy of the input); None where that
    kernel or a plan is missing, an input is invalid or the tails fit does not cover its
    interval: the general path raises there, after its input checks."""
    X, rec = cfg.fmt("input_format"), fit_record(fit)
    taken = float_input(backend, "mbe_op_floats", x, X)
    if not taken:
        return None
    try:
        bounds = tail_bounds(op, rec, X, cfg.fmt("output_format")) if rec.get("tails") else None
    except FxError:
        return None
    planned = _activation_plan(op, X, cfg, fit, bounds)
    ran = planned and float_run(*taken, X, planned[0])
    if not ran:
        return None
    y, counts, stats = ran
    if bounds:
        stats.glue("compares", 2 * y.size)
    _fused_stats(*planned, counts, y.size, stats)
    return y, stats, _constants(fit, bounds)


def _constants(fit: str, bounds: tuple[int, int] | None) -> dict:
    return {"fit": fit} if bounds is None else {"fit": fit, "tail_bounds": bounds}


def _activation(op: str, x, config, backend: str, trace: bool, raw: bool) -> OpResult:
    """The MBE activation; with a tails fit, the compare-select of fxsim.ops.mbe.tails around
    it (the neuron runs on the inside elements only). Float input goes through one fused
    pass that quantizes it too, where the backend has one."""
    cfg = check_config(config, MbeActivationConfig, op)
    fit = activation_fit(op, cfg.fit)
    out = cfg.fmt("output_format")
    quick = None if (raw or trace) else _activation_from_floats(op, x, cfg, fit, backend)
    if quick is not None:
        y, stats, constants = quick
        return op_result(op, y, out, None, stats, cfg, constants)
    cfg, stats, X, xr = begin(op, x, cfg, MbeActivationConfig, backend, raw)
    rec = fit_record(fit)
    tr = {"input": xr} if trace else None
    if not rec.get("tails"):
        y = _neuron(op, xr, X, cfg, fit, out, backend, trace, stats, tr)
        return op_result(op, y, out, tr, stats, cfg, _constants(fit, None))
    bounds = tail_bounds(op, rec, X, out)
    stats.glue("compares", 2 * xr.size)
    y = None if trace else _activation_fused(op, xr, X, cfg, fit, backend, stats, bounds)
    if y is None:
        y = _tails_composed(op, xr, bounds, X, cfg, fit, out, backend, trace, stats, tr)
    return op_result(op, y, out, tr, stats, cfg, _constants(fit, bounds))


def _tails_composed(op: str, xr: np.ndarray, bounds: tuple[int, int], X: Format,
                    cfg: MbeActivationConfig, fit: str, out: Format, backend: str, trace: bool,
                    stats: Stats, tr: dict | None) -> np.ndarray:
    """The exact tails' definition: masks, the neuron on the inside elements, the
    asymptotes scattered (the fused pass's oracle and fallback)."""
    below, above = tail_masks(xr, bounds)
    inside = ~(below | above)
    y = np.empty(xr.shape, np.int64)
    y[inside] = _neuron(op, xr[inside], X, cfg, fit, out, backend, trace, stats, tr)
    y[below] = asymptote(op, 0, xr[below], X, out, backend)
    y[above] = asymptote(op, 1, xr[above], X, out, backend)
    if trace:
        tr["tail"] = above.astype(np.int8) - below.astype(np.int8)
    return y


def _neuron(op: str, xr: np.ndarray, X: Format, cfg: MbeActivationConfig, fit: str,
            out: Format, backend: str, trace: bool, stats: Stats, tr: dict | None) -> np.ndarray:
    """The MBE path of an activation on raw inputs xr (any shape): raw int64 output in out,
    by the fused pass where one applies (not when tracing), else composed."""
    y = None if trace else _activation_fused(op, xr, X, cfg, fit, backend, stats)
    if y is not None:
        return np.asarray(y, np.int64)
    res = mbe_neuron(xr, _neuron_input(op, X), cfg.mbe_config(fit), backend=backend,
                     trace=trace)
    if op == "sigmoid":
        one = np.int64(1) << res.format.frac
        y, ev = requantize(res.raw + one, res.format.frac + 1, out, backend=backend,
                           return_overflow=True)
        stats.glue("adds", xr.size)
        stats.glue("overflow_output", ev)
    else:
        y = res.raw
        if op in ("gelu", "silu"):   # above the fitted domain GELU(x) = SiLU(x) = x
            passthrough = requantize(xr, X.frac, out, backend=backend)
            y = np.where(xr >= _pass_at(fit, X), passthrough, y)
            stats.glue("compares", xr.size)
    stats.add_primitive("mbe", res.stats)
    trace_add(tr, "mbe", res.trace)
    return np.asarray(y, np.int64)


def gelu(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("gelu", x, config, backend, trace, raw)


def tanh(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("tanh", x, config, backend, trace, raw)


def sigmoid(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("sigmoid", x, config, backend, trace, raw)


def silu(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _activation("silu", x, config, backend, trace, raw)


def _exp_from_floats(x, cfg: MbeScalarConfig, backend: str) -> tuple[np.ndarray, Stats] | None:
    """(y, stats) of exp on float32 / float64 x in one mbe_op_floats pass (quantizing
    included), or None where that kernel, a plan for every input of input_format or a valid
    input is missing."""
    X = cfg.fmt("input_format")
    taken = float_input(backend, "mbe_op_floats", x, X)
    plan = taken and exp_plan(X, cfg.fmt("output_format"), cfg.range_config(), X.width)
    ran = plan and float_run(*taken, X, plan)
    if not ran:
        return None
    y, counts, stats = ran
    stats.add_primitive("range", exp_stats(counts, plan, y.size))
    return y, stats


def _mantissa_from_floats(op: str, x, cfg: MbeScalarConfig, backend: str
                          ) -> tuple[np.ndarray, Stats] | None:
    """(y, stats) of reciprocal / rsqrt on float32 / float64 x in one mbe_op_floats pass
    (quantizing included), or None where that kernel or a plan (Newton steps) is missing or
    an input might not quantize to a positive value without overflow (below 2^-frac, above
    input_format's largest value, NaN): the general path decides, and raises for x <= 0."""
    X = cfg.fmt("input_format")
    taken = float_input(backend, "mbe_op_floats", x, X)
    if not taken or not (taken[1].min() >= math.ldexp(1.0, -X.frac)
                         and taken[1].max() <= math.ldexp(X.max_raw, -X.frac)):
        return None
    plan = mantissa_plan(X, cfg.fmt("output_format"), cfg.range_config(), op == "rsqrt")
    ran = plan and float_run(*taken, X, plan)
    if not ran:
        return None
    y, counts, stats = ran
    stats.add_primitive("range", mantissa_stats(counts, plan, y.size))
    return y, stats


#: the scalar ops' float fast paths
_SCALAR_FLOATS = {"exp": lambda op, x, cfg, backend: _exp_from_floats(x, cfg, backend),
                  "reciprocal": _mantissa_from_floats, "rsqrt": _mantissa_from_floats}


def _scalar(op: str, fn, x, config, backend: str, trace: bool, raw: bool) -> OpResult:
    cfg = check_config(config, MbeScalarConfig, op)
    out = cfg.fmt("output_format")
    quick = None if (raw or trace) else _SCALAR_FLOATS[op](op, x, cfg, backend)
    if quick is not None:
        return op_result(op, quick[0], out, None, quick[1], cfg, {})
    cfg, stats, X, xr = begin(op, x, cfg, MbeScalarConfig, backend, raw)
    res = fn(xr, X, out, cfg.range_config(), backend=backend, trace=trace)
    stats.add_primitive("range", res.stats)
    tr = {"input": xr} if trace else None
    trace_add(tr, "range", res.trace)
    return op_result(op, res.raw, out, tr, stats, cfg, {})


def exp(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _scalar("exp", exp_mbe, x, config, backend, trace, raw)


def reciprocal(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _scalar("reciprocal", reciprocal_mbe, x, config, backend, trace, raw)


def rsqrt(x, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    return _scalar("rsqrt", rsqrt_mbe, x, config, backend, trace, raw)


def softmax(x, axis=-1, config=None, backend="numpy", trace=False, raw=False) -> OpResult:
    """z = x - max (<= 0); e = 2**floor(z log2 e) * MBE_exp2(frac); S = sum e;
    1/S = MBE_inv by leading-zero normalisation; out = spike multiply(e, 1/S)."""
    quick = None if (raw or trace) else _softmax_from_floats(x, axis, config, backend)
    if quick is not None:
        return quick
    cfg, stats, X, xr = begin("softmax", x, config, MbeSoftmaxConfig, backend, raw)
    ax = reduced_axis(xr, axis)
    moved = np.moveaxis(xr, ax, -1)
    y = None if trace else _softmax_rows(moved, X, cfg, backend, stats)
    if y is not None:
        return op_result("softmax", np.moveaxis(y, -1, ax), cfg.fmt("output_format"), None,
                         stats, cfg, {})
    z = moved - moved.max(axis=-1, keepdims=True)
    stats.glue("compares", moved.size)
    stats.glue("adds", moved.size)
    rc = cfg.range_config()
    E = cfg.fmt("exp_format")
    e = exp_mbe(z, X, E, rc, backend=backend, trace=trace)
    stats.add_primitive("exp", e.stats)
    total = e.raw.sum(axis=-1, keepdims=True)             # >= MBE_exp2(0) ~ 1, frac E.frac
    stats.glue("adds", moved.size)
    R = cfg.fmt("recip_format")
    inv = reciprocal_mbe(total, Format(False, 32, E.frac), R, rc, backend=backend, trace=trace)
    stats.add_primitive("reciprocal", inv.stats)
    out = cfg.fmt("output_format")
    prod = spike_multiply(e.raw, E, np.broadcast_to(inv.raw, e.raw.shape), R,
                          cfg.multiply_config(0, 0, out), backend=backend)
    stats.add_primitive("multiply", prod.stats)
    tr = None
    if trace:
        tr = {"input": xr, "z": np.moveaxis(z, -1, ax), "exp": np.moveaxis(e.raw, -1, ax),
              "sum": total, "reciprocal": inv.raw}
        trace_add(tr, "exp", e.trace)
        trace_add(tr, "reciprocal", inv.trace)
    return op_result("softmax", np.moveaxis(prod.raw, -1, ax), out, tr, stats, cfg, {})


def _split(counts: dict[str, int], prefix: str) -> dict[str, int]:
    """The counts named ``prefix.key`` of a row kernel, as {key: count}."""
    return {k[len(prefix) + 1:]: v for k, v in counts.items() if k.startswith(prefix + ".")}


def softmax_plan(cfg: MbeSoftmaxConfig, X: Format, d: int) -> abi.MbeSoftmaxPlan | None:
    """The row kernel's plan (fx_mbe_softmax_t) of :func:`softmax` on rows of d in X; None where
    a stage has no fused plan for every input of X (a widening past INTERMEDIATE_BITS) or the
    product's requantization would widen."""
    rc, out = cfg.range_config(), cfg.fmt("output_format")
    E, R = cfg.fmt("exp_format"), cfg.fmt("recip_format")
    mc = cfg.multiply_config(0, 0, out)
    parts = (exp_plan(X, E, rc, X.width), mantissa_plan(E, R, rc, False, newton=True),
             newton_plan(rc, False), encoder_plan(E, 0, mc, E.width),
             encoder_plan(R, 0, mc, R.width))
    out_drop = 2 * recon_frac(mc, 0) - out.frac
    if not all(parts) or out_drop < 0:
        return None
    return abi.MbeSoftmaxPlan(d, *parts, out_drop=out_drop, out=abi.FormatArgs.of(out))


def _row_kernel(name: str, moved: np.ndarray, backend: str):
    """The backend's row kernel ``name`` for raw rows, or its float form (``*_float_rows``)
    for float rows; None where it has none or there are no rows."""
    floats = moved.dtype.kind == "f"
    return fused(backend, name.replace("_rows", "_float_rows") if floats else name) \
        if moved.size else None


def _row_call(kernel, rows: np.ndarray, X: Format, plan, stats: Stats):
    """kernel's (y, counts) on raw rows [rows, d], or on float rows quantized into X in the
    kernel (the input overflow added to stats); None where the kernel falls back or a float
    input is invalid (the general path raises there)."""
    if rows.dtype.kind != "f":
        return kernel(rows, plan)
    done = kernel(rows, X, plan)
    if not done or done[2]["invalid"]:
        return None
    stats.glue("overflow_input", done[2]["overflow"])
    return done[:2]


def _softmax_from_floats(x, axis, config, backend: str) -> OpResult | None:
    """softmax of float32 / float64 x by the float row kernel, which quantizes each chunk of
    rows itself (no int64 copy of the input); None where that kernel or a plan is missing or
    an input is invalid (the general path decides)."""
    cfg = check_config(config, MbeSoftmaxConfig, "softmax")
    X = cfg.fmt("input_format")
    taken = float_input(backend, "mbe_softmax_float_rows", x, X)
    try:
        ax = taken and reduced_axis(taken[1], axis)
    except FxError:
        return None
    if not taken:
        return None
    stats = Stats()
    y = _softmax_rows(np.moveaxis(taken[1], ax, -1), X, cfg, backend, stats)
    return None if y is None else op_result("softmax", np.moveaxis(y, -1, ax),
                                            cfg.fmt("output_format"), None, stats, cfg, {})


def _softmax_rows(moved: np.ndarray, X: Format, cfg: MbeSoftmaxConfig, backend: str,
                  stats: Stats) -> np.ndarray | None:
    """softmax over the last axis of raw (or float, quantized into X in the kernel) rows by
    the row kernel, its counts added to stats as the composition adds them; None (stats
    untouched) where no kernel or plan applies."""
    kernel = _row_kernel("mbe_softmax_rows", moved, backend)
    d = moved.shape[-1]
    plan = kernel and softmax_plan(cfg, X, d)
    done = plan and _row_call(kernel, moved.reshape(-1, d), X, plan, stats)
    if not done:
        return None
    y, counts = done
    n = moved.size
    stats.glue("compares", n)
    stats.glue("adds", n)
    stats.add_primitive("exp", exp_stats(_split(counts, "exp"), plan.exp, n))
    stats.glue("adds", n)
    stats.add_primitive("reciprocal", mantissa_stats(_split(counts, "recip"), plan.recip,
                                                     n // d, plan.newton))
    stats.add_primitive("multiply", {"spikes": counts["multiply.spikes"], "multiplies": 4 * n,
                                     "overflow_output": counts["multiply.overflow"]})
    return y.reshape(moved.shape)


def _norm(op: str, x, axis, weight, bias, config, backend: str, trace: bool, raw: bool):
    """The normalised row (8.6.1 with the row exponent, else P2's fixed ranges), then
    * weight (+ bias) and one requantize to the output."""
    quick = None if (raw or trace) else _norm_from_floats(op, x, axis, weight, bias, config,
                                                          backend)
    if quick is not None:
        return quick
    cfg, stats, X, xr = begin(op, x, config, MbeNormConfig, backend, raw)
    ax = reduced_axis(xr, axis)
    moved = np.moveaxis(xr, ax, -1)
    d = moved.shape[-1]
    inv_d, constants = _norm_constants(cfg, d)
    tr: dict | None = {"input": xr} if trace else None
    fast = None if trace else _norm_rows(op, moved, X, cfg, inv_d, weight, bias, backend, stats,
                                          constants)
    if fast is not None:
        return op_result(op, np.moveaxis(fast, -1, ax), cfg.fmt("output_format"), None, stats,
                         cfg, constants)
    rows = _normed_rows if cfg.row_exponent else _normed_fixed
    normed, normed_fmt = rows(op, moved, X, cfg, inv_d, backend, stats, constants, tr)
    y, y_frac = _affine(normed, normed_fmt.frac, weight, bias, cfg, d, backend, stats)
    out = cfg.fmt("output_format")
    y, ev = requantize(y, y_frac, out, backend=backend, return_overflow=True)
    stats.glue("overflow_output", ev)
    if tr is not None:
        for key in ("centered", "scaled"):
            if key in tr:
                tr[key] = np.moveaxis(tr[key], -1, ax)
    return op_result(op, np.moveaxis(np.asarray(y, np.int64), -1, ax), out, tr, stats, cfg,
                     constants)


def _norm_constants(cfg: MbeNormConfig, d: int) -> tuple[ShiftScaler, dict]:
    """The 1/d scaler of rows of d and the constants it starts."""
    inv_d = ShiftScaler.from_constant("inv_d", 1.0 / d, width=cfg.inv_d_width)
    return inv_d, {"d": d, "inv_d": inv_d.to_dict()}


def _norm_from_floats(op: str, x, axis, weight, bias, config, backend: str
                      ) -> OpResult | None:
    """The row-exponent norm of float32 / float64 x by the float row kernel, which quantizes
    each chunk of rows itself; None where that kernel or a plan is missing, an input is
    invalid, or the axis, weight or bias is bad (the general path reports it)."""
    cfg = check_config(config, MbeNormConfig, op)
    X = cfg.fmt("input_format")
    taken = cfg.row_exponent and float_input(backend, "mbe_norm_float_rows", x, X)
    if not taken:
        return None
    stats = Stats()
    try:
        ax = reduced_axis(taken[1], axis)
        moved = np.moveaxis(taken[1], ax, -1)
        inv_d, constants = _norm_constants(cfg, moved.shape[-1])
        y = _norm_rows(op, moved, X, cfg, inv_d, weight, bias, backend, stats, constants)
    except FxError:
        return None
    return None if y is None else op_result(op, np.moveaxis(y, -1, ax),
                                            cfg.fmt("output_format"), None, stats, cfg,
                                            constants)


def _sum_drop(d: int, square_fmt: Format, inv_d: ShiftScaler) -> int:
    """Bits the row sum of d squares drops (RND) before the 1/d scaler so that d * max(square)
    times the constant stays in the intermediate range."""
    bound_bits = (d * square_fmt.max_raw).bit_length() + inv_d.m.bit_length()
    return max(0, bound_bits - INTERMEDIATE_BITS)


def _variance(sq: np.ndarray, square_fmt: Format, cfg: MbeNormConfig, inv_d: ShiftScaler,
              backend: str, stats: Stats, constants: dict) -> np.ndarray:
    """mean of the squares in var_format's frac: the row sum, first rounded (RND) by
    sum_drop = the bits by which d * max(square) times the 1/d constant could pass the
    intermediate range, then the 1/d scaler (RND)."""
    var_fmt = cfg.fmt("var_format")
    sum_drop = constants["sum_drop"] = _sum_drop(sq.shape[-1], square_fmt, inv_d)
    total = shift(sq.sum(axis=-1, keepdims=True), sum_drop, Rounding.RND, backend)
    stats.glue("adds", sq.size)
    return scaled_counted(inv_d, total, square_fmt.frac - sum_drop, var_fmt.frac, Rounding.RND,
                          backend, stats)


def _normed_fixed(op: str, moved: np.ndarray, X: Format, cfg: MbeNormConfig, inv_d: ShiftScaler,
                  backend: str, stats: Stats, constants: dict, tr: dict | None):
    """P2's composition (8.6): xc = x - RND(mean), var = mean(spike square(xc)) + eps,
    invstd = MBE_invsqrt -> invstd_format, y = spike multiply(xc, invstd) at the calibrated
    ranges x_int_bits, invstd_int_bits. xc's spikes serve both multiplies; invstd is encoded
    once per row."""
    xc = moved
    if op == "layernorm":
        mean = scaled_counted(inv_d, moved.sum(axis=-1, keepdims=True), X.frac, X.frac,
                              Rounding.RND, backend, stats)
        xc = moved - mean
        stats.glue("adds", 2 * moved.size)
    square_fmt, var_fmt, invstd_fmt, normed_fmt = (
        cfg.fmt(k) for k in ("square_format", "var_format", "invstd_format", "normed_format"))
    mc = cfg.multiply_config(cfg.x_int_bits, cfg.invstd_int_bits, normed_fmt)
    rx, fx, st_x = signed_recon(xc, X, cfg.x_int_bits, mc, backend=backend)
    sq = _product(rx, rx, 2 * fx, square_fmt, {}, backend, stats, "square", st_x)
    eps_raw = max(1, round(math.ldexp(cfg.eps, var_fmt.frac)))
    var = _variance(sq, square_fmt, cfg, inv_d, backend, stats, constants) + eps_raw
    constants["eps_raw"] = eps_raw
    inv = rsqrt_mbe(var, var_fmt, invstd_fmt, cfg.range_config(), backend=backend)
    stats.add_primitive("rsqrt", inv.stats)
    ri, fi, st_i = signed_recon(inv.raw, invstd_fmt, cfg.invstd_int_bits, mc, backend=backend)
    normed = _product(rx, ri, fx + fi, normed_fmt, {}, backend, stats, "multiply", st_i)
    if tr is not None:
        tr.update({"centered": xc, "var": var, "invstd": inv.raw})
    return normed, normed_fmt


def _normed_rows(op: str, moved: np.ndarray, X: Format, cfg: MbeNormConfig, inv_d: ShiftScaler,
                 backend: str, stats: Stats, constants: dict, tr: dict | None):
    """docs/algorithms.md 8.6.1: u = x or d x - sum x (exact), e = the row exponent (7.3.1),
    xs = RND(u 2^-e) with max |xs| in [2^(x_int_bits - 1), 2^x_int_bits], var = mean(spike
    square(xs)) + eps_row 4^-e, 1/sqrt(var) = y 2^-h (y the MBE mantissa), out = RND(spike
    multiply(xs, y) 2^-h) into normed_format."""
    d = moved.shape[-1]
    square_fmt, var_fmt, normed_fmt = (cfg.fmt(k) for k in ("square_format", "var_format",
                                                            "normed_format"))
    rows = row_plan(cfg, X, d, op == "layernorm")
    constants["row_exponent"] = rows
    u = moved
    if op == "layernorm":
        u = centred_rows(moved)
        stats.glue("adds", 2 * moved.size - moved.size // d)       # row sums, d x - sum x
        stats.glue("multiplies", moved.size)                          # d x
    e = row_exponents(u, rows["top_bits"], rows["exp_lo"])
    xs = shift_each(u, -e[..., None], Rounding.RND, backend)
    stats.glue("compares", moved.size - moved.size // d)              # the row's largest |u|
    stats.glue("shifts", moved.size)                                   # u 2^-e
    rc = cfg.range_config()
    mc = cfg.multiply_config(cfg.x_int_bits, 1, normed_fmt)
    rx, fx, st_x = signed_recon(xs, X, cfg.x_int_bits, mc, backend=backend)
    sq = _product(rx, rx, 2 * fx, square_fmt, {}, backend, stats, "square", st_x)
    eps = np.asarray(rows["eps"], np.int64)[e - rows["exp_lo"]][..., None]
    var = _variance(sq, square_fmt, cfg, inv_d, backend, stats, constants) + eps
    stats.glue("adds", var.size)
    mant, half = rsqrt_mantissa(var, var_fmt, rc, backend=backend)
    stats.add_primitive("rsqrt", mant.stats)
    ri, fi, st_i = signed_recon(mant.raw, mant.format, 1, mc, backend=backend)
    prod = {"shift": normed_fmt.frac - fx - fi - half}
    normed = _product(rx, ri, fx + fi, normed_fmt, prod, backend, stats, "multiply", st_i)
    if tr is not None:
        tr.update({"row_exponent": e[..., None], "scaled": xs, "var": var, "invstd_m": mant.raw,
                   "invstd_h": half})
        if op == "layernorm":
            tr["centered"] = u
    return normed, normed_fmt


def norm_plan(cfg: MbeNormConfig, X: Format, d: int, centred: bool, rows: dict,
              inv_d: ShiftScaler, weight: np.ndarray | None, bias: np.ndarray | None,
              y_frac: int) -> abi.MbeNormPlan | None:
    """The row kernel's plan (fx_mbe_norm_t) of the row-exponent norm on rows of d in X with
    the row exponent's constants ``rows`` (row_plan), the quantized weight and the aligned bias
    (raw [d] or None) and y_frac the frac of normed * weight + bias; None where a stage has no
    fused plan for every input of X (a widening past INTERMEDIATE_BITS)."""
    rc = cfg.range_config()
    square_fmt, var_fmt, normed_fmt, out, mant_fmt = (cfg.fmt(k) for k in (
        "square_format", "var_format", "normed_format", "output_format", "mbe_format"))
    mc = cfg.multiply_config(cfg.x_int_bits, 1, normed_fmt)
    fx, fi = recon_frac(mc, cfg.x_int_bits), recon_frac(mc, 1)
    sum_drop = _sum_drop(d, square_fmt, inv_d)
    parts = (encoder_plan(X, cfg.x_int_bits, mc, rows["top_bits"] + 1),
             encoder_plan(mant_fmt, 1, mc, mant_fmt.width),
             mantissa_plan(var_fmt, None, rc, True, newton=True), newton_plan(rc, True))
    if not all(parts) or 2 * fx < square_fmt.frac or y_frac < out.frac:
        return None
    return abi.MbeNormPlan(
        d=d, centred=int(centred), top_bits=rows["top_bits"], exp_lo=rows["exp_lo"],
        exp_hi=rows["exp_hi"], eps=np.asarray(rows["eps"], np.int64), enc_x=parts[0],
        enc_m=parts[1], sq_drop=2 * fx - square_fmt.frac,
        square_format=abi.FormatArgs.of(square_fmt), sum_drop=sum_drop, inv_d_m=inv_d.m,
        var_drop=square_fmt.frac - sum_drop + inv_d.shift - var_fmt.frac, rsqrt=parts[2],
        newton=parts[3], var_frac=var_fmt.frac, shift_base=normed_fmt.frac - fx - fi,
        normed_format=abi.FormatArgs.of(normed_fmt), weight=weight, bias=bias,
        out_drop=y_frac - out.frac, out=abi.FormatArgs.of(out))


def _norm_rows(op: str, moved: np.ndarray, X: Format, cfg: MbeNormConfig, inv_d: ShiftScaler,
               weight, bias, backend: str, stats: Stats, constants: dict) -> np.ndarray | None:
    """The row-exponent norm, weight, bias and output requantization of raw (or float,
    quantized into X in the kernel) rows by the row kernel, its counts and constants added as
    the composition adds them; None (stats untouched) where no kernel or plan applies (P2's
    fixed ranges among them)."""
    kernel = _row_kernel("mbe_norm_rows", moved, backend) if cfg.row_exponent else None
    if kernel is None:
        return None
    d, n = moved.shape[-1], moved.size
    normed_frac = cfg.fmt("normed_format").frac
    w, b, y_frac = _affine_params(weight, bias, cfg, d, normed_frac, backend)
    exponents = row_plan(cfg, X, d, op == "layernorm")
    plan = norm_plan(cfg, X, d, op == "layernorm", exponents, inv_d, w, b, y_frac)
    done = plan and _row_call(kernel, moved.reshape(-1, d), X, plan, stats)
    if not done:
        return None
    y, counts = done
    rows = n // d
    constants["row_exponent"] = exponents
    if op == "layernorm":
        stats.glue("adds", 2 * n - rows)
        stats.glue("multiplies", n)
    stats.glue("compares", n - rows)
    stats.glue("shifts", n)
    stats.add_primitive("square", {"spikes": counts["square.spikes"], "multiplies": 4 * n,
                                   "overflow_output": counts["square.overflow"]})
    constants["sum_drop"] = plan.sum_drop
    stats.glue("adds", n)
    stats.glue("multiplies", rows)
    stats.glue("shifts", rows)
    stats.glue("adds", rows)
    stats.add_primitive("rsqrt", mantissa_stats(_split(counts, "rsqrt"), plan.rsqrt, rows,
                                                plan.newton))
    stats.glue("shifts", n)
    stats.add_primitive("multiply", {"spikes": counts["multiply.spikes"], "multiplies": 4 * n,
                                     "overflow_output": counts["multiply.overflow"]})
    if weight is not None:
        stats.glue("multiplies", n)
    if bias is not None:
        stats.glue("adds", n)
    stats.glue("overflow_output", counts["output.overflow"])
    return y.reshape(moved.shape)


def row_plan(cfg: MbeNormConfig, X: Format, d: int, centred: bool) -> dict:
    """The row exponent's constants for rows of d (docs/algorithms.md 8.6.1): top_bits =
    x_int_bits + f_x; exp_lo = b_eps - top_bits with 2^(b_eps - 1) <= sqrt(eps_row) < 2^b_eps on
    u's grid (eps_row = eps, layernorm eps d^2), so eps 4^-e stays below 4^x_int_bits;
    exp_hi = max(bit length of u's bound, b_eps) - top_bits; eps[e - exp_lo] = RND_CONV(eps_row
    4^-e) in var_format's frac for e = exp_lo .. exp_hi."""
    top = cfg.x_int_bits + X.frac
    u_bits = centred_bound(X, d, centred).bit_length()
    eps_row = cfg.eps * (d * d if centred else 1)
    eps_bits = math.frexp(math.sqrt(eps_row))[1] + X.frac
    lo, hi = eps_bits - top, max(u_bits, eps_bits) - top
    var_fmt = cfg.fmt("var_format")
    eps = quantize(np.ldexp(eps_row, -2 * np.arange(lo, hi + 1)),
                   var_fmt.replace(rounding=Rounding.RND_CONV))
    return {"top_bits": top, "exp_lo": lo, "exp_hi": hi, "eps_row": eps_row,
            "eps": np.asarray(eps, np.int64).tolist()}


def _product(ra: np.ndarray, rb: np.ndarray, frac: int, fmt: Format, prod: dict, backend: str,
             stats: Stats, name: str, encoded: dict) -> np.ndarray:
    """The spike multiply's product ra * rb (frac ``frac``, rb broadcast along the row) into
    fmt: one requantize, or with prod["shift"] (per row) first that shift (right: fmt's
    rounding; left: exact). ``encoded``: the spikes of the operand this multiply encodes."""
    p = ra * rb
    if "shift" in prod:
        p = shift_each(p, prod["shift"], fmt.rounding, backend)
        frac = fmt.frac
        stats.glue("shifts", p.size)
    out, events = requantize(p, frac, fmt, backend=backend, return_overflow=True)
    stats.add_primitive(name, {**encoded, "multiplies": 4 * p.size,
                               "overflow_output": int(events)})
    return out


def _affine_params(weight, bias, cfg: MbeNormConfig, d: int, y_frac: int, backend: str
                   ) -> tuple[np.ndarray | None, np.ndarray | None, int]:
    """(weight raw [d] in weight_format or None, bias raw [d] aligned to the frac of y * weight
    (RND_CONV) or None, that frac) for values y with y_frac fractional bits."""
    w = b = None
    if weight is not None:
        weight_fmt = cfg.fmt("weight_format")
        w = quantize_param(weight, weight_fmt, d, "weight", backend)
        y_frac += weight_fmt.frac
    if bias is not None:
        bias_fmt = cfg.fmt("bias_format")
        b = shift(quantize_param(bias, bias_fmt, d, "bias", backend), bias_fmt.frac - y_frac,
                  Rounding.RND_CONV, backend)
    return w, b, y_frac


def _affine(y: np.ndarray, y_frac: int, weight, bias, cfg: MbeNormConfig, d: int,
            backend: str, stats: Stats) -> tuple[np.ndarray, int]:
    """(y * weight + bias, its frac): the exact product with the weight quantized into
    weight_format (frac adds up), the bias quantized into bias_format and aligned to that
    frac (RND_CONV); either may be None."""
    w, b, y_frac = _affine_params(weight, bias, cfg, d, y_frac, backend)
    if w is not None:
        y = y * w
        stats.glue("multiplies", y.size)
    if b is not None:
        y = y + b
        stats.glue("adds", y.size)
    return y, y_frac


def layernorm(x, weight=None, bias=None, axis=-1, config=None, backend="numpy", trace=False,
              raw=False) -> OpResult:
    return _norm("layernorm", x, axis, weight, bias, config, backend, trace, raw)


def rmsnorm(x, weight=None, axis=-1, config=None, backend="numpy", trace=False,
            raw=False) -> OpResult:
    if config is not None and not isinstance(config, dict) and not isinstance(config,
                                                                                MbeNormConfig):
        raise FxError(f"rmsnorm: config must be a MbeNormConfig, got {type(config).__name__}")
    return _norm("rmsnorm", x, axis, weight, None, config, backend, trace, raw)
