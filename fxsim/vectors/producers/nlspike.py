"""Golden-vector producers for the nlspike operators (softmax, sigmoid, silu, gelu_tanh,
rmsnorm, layernorm).

A set holds the raw ``input`` (the operator's input_format), the tables of every primitive the
operator runs (``pwl_exp_knots`` / ``pwl_exp_slope`` / ``pwl_exp_intercept``,
``polarnorm_merge_level``), the ``output``, the overflow / clamp counters (``count_*``) and with
``--trace`` every traced intermediate as ``trace_<name>`` (a primitive's state as
``trace_<primitive>_<var>``, the same words and Formats as the primitive's own set). The
defines are the operator's integer constants (FXSIM_<OP>_*) plus the primitives' kernel
configuration (FXSIM_PWL_*, FXSIM_DIV_*, FXSIM_PN_*), and the scalar fields of the fused C
kernel's plan (fx_softmax_t, fx_activation_t or fx_norm_t of csrc/fx_ops.h) as FXSIM_OP_*, so
a C consumer configures the fused kernel from the set alone. Names and axes: golden/README.md.
"""
from __future__ import annotations

import numpy as np

from dataclasses import fields

from ... import ops
from ...arith import ShiftScaler, quantize
from ...backends.abi import FormatArgs
from ...floatref.workloads import workload
from ...formats import Format, as_format
from ...ops.nlspike.plan import (RowExponent, activation_plan, norm_plan, softmax_constants,
                                 softmax_plan)
from . import primitives as pp
from ..arrays import VectorArray, narrowest_format, word_format

ELEMENTWISE = ("sigmoid", "silu", "gelu_tanh")
ROW_OPS = ("softmax", "rmsnorm", "layernorm")
ROW_LENGTH = 16          # d of the random rows


def _config(op: str, config: dict):
    return ops.config_class(op, "nlspike").from_dict(config)


def _input_axes(x: np.ndarray) -> tuple[str, ...]:
    return ("element",) if x.ndim == 1 else ("row", "element")


def _glue_formats(op: str, cfg, result) -> dict:
    """Format (or frac bits, width then taken from the data) of each glue trace."""
    X = cfg.fmt("input_format")
    if op in ROW_OPS[1:]:
        pcfg = cfg.polarnorm_config()
        fc = max(X.frac, pcfg.output_format.frac)
        return {"mean": X, "centered": X.frac, "scaled": X.frac, "row_exponent": 0,
                "norm_input": pcfg.input_format, "norm": pcfg.output_format, "numerator": fc,
                "bias": cfg.n}
    pwl = cfg.pwl_config()
    ein, eout = as_format(pwl.input_format), as_format(pwl.output_format)
    if op == "softmax":
        acc = result.constants["accumulator"]
        return {"shifted": ein, "exp": eout,
                "sum": word_format(False, acc["width"], acc["frac"])}
    fc = eout.frac if op == "sigmoid" else max(X.frac, eout.frac)
    out = {"exp_input": ein, "exp": eout, "numerator": fc, "denominator": fc}
    if op == "gelu_tanh":
        P = cfg.fmt("poly_format")
        out.update(x2=P, x3=P, two_u=P)
    return out


def _trace_arrays(op: str, cfg, result, x: np.ndarray) -> list:
    formats = dict(_glue_formats(op, cfg, result))
    if op not in ROW_OPS[1:]:
        formats.update({f"pwl_exp.{k}": v
                        for k, v in pp.pwl_exp_trace_formats(cfg.pwl_config()).items()})
    else:
        formats.update({f"polarnorm.{k}": v for k, v in
                        pp.polarnorm_trace_formats(cfg.polarnorm_config()).items()})
    out = []
    for key, value in result.trace.items():
        if key in ("input", "polarnorm.merge_level"):      # already the input / a table
            continue
        value = np.asarray(value, np.int64)
        fmt = formats.get(key)
        if key == "divgroup.latched":
            fmt = Format(False, max(1, int(result.constants["G"]).bit_length()), 0)
        if fmt is None or isinstance(fmt, int):
            fmt = narrowest_format(np.append(value.reshape(-1), 0), fmt or 0)
        name = key.replace(".", "_")
        if key.startswith("polarnorm."):
            axes = pp.POLARNORM_TRACE_AXES[key.split(".")[1]]
        elif key.startswith("divgroup."):
            axes = ("step", "division")
        elif value.shape == x.shape:
            axes = _input_axes(x)
        else:
            axes = ("row", "one") if value.ndim == 2 else ("row",)
        out.append(("trace", VectorArray(f"trace_{name}", value, fmt, axes)))
    return out


def arrays(op: str, config: dict, inputs: dict, backend: str, trace: bool) -> list:
    """input, primitive tables, output, counters and (trace) every intermediate of ``op``."""
    cfg = _config(op, config)
    x = pp.operator_input(op, inputs, op not in ELEMENTWISE)
    result = ops.get(op, "nlspike")(x, config=cfg, backend=backend, trace=trace, raw=True)
    out = [("input", VectorArray("input", x, cfg.fmt("input_format"), _input_axes(x)))]
    if op in ROW_OPS[1:]:
        out.append(pp.merge_level_table(cfg.polarnorm_config(), x.shape[-1], "polarnorm_"))
        leaves = result.constants.get("row_exponent", {}).get("eps_leaves")
        if leaves is not None:      # the eps element at each exponent exp_lo .. exp_hi
            tree = cfg.polarnorm_config().internal_format
            out.append(("table", VectorArray("row_exponent_eps_leaves", np.array(leaves),
                                             tree, ("exponent",))))
    else:
        out += pp.pwl_exp_tables(cfg.pwl_config(), "pwl_exp_")
    out.append(("output", VectorArray("output", result.raw, result.format, _input_axes(x))))
    counters = sorted(k for k in result.stats if "overflow" in k or k.startswith("clamp"))
    out += [pp.counter("count_" + k.replace(".", "_"), result.stats[k]) for k in counters]
    if trace:
        out += _trace_arrays(op, cfg, result, x)
    return out


def defines(op: str, config: dict, inputs: dict | None = None) -> dict:
    """The operator's integer constants (FXSIM_<OP>_*: G, shift-scaler m and shift, L_raw,
    accumulator width, ...) and its primitives' kernel configuration."""
    cfg = _config(op, config)
    x = pp.raw_input(inputs or {}, "input") if inputs and "input" in inputs else None
    if x is None:
        x = np.zeros((1,) if op in ELEMENTWISE else (1, ROW_LENGTH), np.int64)
    result = ops.get(op, "nlspike")(x, config=cfg, raw=True)
    out: dict = {}
    constants = {k: v for k, v in result.constants.items() if k != "pwl_exp"}
    pp.flat_ints(f"FXSIM_{op.upper()}", constants, out)
    if op in ROW_OPS[1:]:
        out.update(pp.polarnorm_defines(cfg.polarnorm_config().to_dict(), {"input": x}))
    else:
        out.update(pp.pwl_exp_defines(cfg.pwl_config().to_dict()))
    div = cfg.div_config(int(result.constants["G"]), cfg.fmt("output_format"))
    out.update(pp.divgroup_defines(div.to_dict()))
    out.update(plan_defines(_fused_plan(op, cfg, x.shape[-1], result.constants)))
    return out


#: plan fields carried by other defines (FXSIM_PWL_*, _DIV_*, _PN_*), by a table
#: (row_exponent_eps_leaves) or absent from a set
NESTED_FIELDS = ("pwl", "div", "pn", "weight", "bias", "eps_leaves")


def plan_defines(plan) -> dict:
    """FXSIM_OP_<FIELD> for each scalar field of a fused plan (a FormatArgs as a brace list);
    {} when the operator has no fused plan for this configuration."""
    if plan is None:
        return {}
    out = {}
    for f in fields(plan):
        value = getattr(plan, f.name)
        if f.name not in NESTED_FIELDS:
            out[f"FXSIM_OP_{f.name.upper()}"] = (list(value.as_tuple())
                                                 if isinstance(value, FormatArgs) else int(value))
    return out


def _scaler(record: dict) -> ShiftScaler:
    """A ShiftScaler back from its to_dict record (an operator constant)."""
    return ShiftScaler(record["name"], record["constant"], record["m"],
                       as_format(record["m_format"]["text"]))


def _fused_plan(op: str, cfg, d: int, constants: dict):
    """The fused kernel's plan (fxsim.ops.nlspike.plan) of ``op`` for rows of d (no weight or
    bias: a set has only the input), or None where the operator runs composed."""
    X, out = cfg.fmt("input_format"), cfg.fmt("output_format")
    div = cfg.div_config(int(constants["G"]), out)
    if op == "softmax":
        pwl, div, _, L_raw = softmax_constants(cfg, X, d)
        return softmax_plan(X, L_raw, pwl, div, d)
    if op in ELEMENTWISE:
        return activation_plan(op, cfg, X, div)
    inv_d = _scaler(constants["inv_d"]) if "inv_d" in constants else None
    rx, pcfg = None, cfg.polarnorm_config()
    if "row_exponent" in constants:          # the row exponent's eps element at exp_lo
        record = constants["row_exponent"]
        leaves = record["eps_leaves"]
        rx = RowExponent(**{**record, "eps_leaves": None if leaves is None
                            else np.asarray(leaves, np.int64)})
        pcfg = pcfg.replace(eps=rx.eps_at(rx.exp_lo))
    return norm_plan(cfg, pcfg, X, d, op, inv_d, rx, _scaler(constants["sqrt_d"]), None,
                     cfg.fmt("weight_format"), None, div, out)


def random_inputs(op: str, config: dict, count: int | None, seed: int) -> dict:
    """Elementwise: ``count`` (default 64) points uniform on [-6, 6] (beyond L = 5 on both
    sides), sorted. Row operators: ``count`` (default 4) rows of d = 16 from P1's workload
    (softmax 7 N(0,1), norms N(0,1)). Quantized into the input format by its rounding."""
    cfg = _config(op, config)
    rng = np.random.default_rng(seed)
    if op in ELEMENTWISE:
        x = np.sort(rng.uniform(-6.0, 6.0, 64 if count is None else count))
    else:
        x = workload(op, ROW_LENGTH, 4 if count is None else count, seed)
    return {"input": np.asarray(quantize(x, cfg.fmt("input_format")), np.int64)}

