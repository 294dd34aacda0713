"""Golden-vector producers for the operators by method ``mbe`` and ``fs`` (fxsim.ops.mbe,
fxsim.ops.fs), registered in fxsim.vectors.producers under the key ``"<op>:<method>"``.

A set holds the raw ``input`` (the operator's input_format), the integer kernel tables of every
population the operator runs, the ``output``, the overflow / clamp counters (``count_*``) and
with ``--trace`` every traced intermediate as ``trace_<name>`` (spike records [step, element]
as 1-bit words). Tables: per MBE neuron role R (``mbe``, ``exp``, ``reciprocal``, ``rsqrt``,
``multiply``) ``mbe_R_bank<b>_threshold`` / ``_reset`` (u_format) and ``_intensity``
(acc_format) [basis, step], ``mbe_R_bias`` [one]; the spike multiply's intensity matrix
``multiply_D`` [spike, spike] (frac 2 * acc frac); per FS set S ``fs_S_threshold``,
``_reset_amount``, ``_intensity``, ``_bias`` [step]. Names and axes: golden/README.md.
"""
from __future__ import annotations

import math

import numpy as np

from ... import ops
from ...arith import ShiftScaler, quantize
from ...floatref.workloads import workload
from ...formats import as_format
from ...backends.abi import FormatArgs
from ...formats import INTERMEDIATE_BITS, Format
from ...ops.fs import SOFTMAX_CUTOFF, SOFTMAX_OFFSET, pieces
from ...ops.mbe.config import ACTIVATION_FITS, activation_fit
from ...ops.mbe.ops import row_plan
from ...ops.mbe.tails import ASYMPTOTES, asymptote, tail_bounds
from ...presets import fs
from ...primitives.mbe import basis_population, build_tables, fit_record
from ...primitives.spike_multiply import intensity_matrix
from . import primitives as pp
from ..arrays import VectorArray, narrowest_format

ROW_OPS = ("softmax", "rmsnorm", "layernorm")
ROW_LENGTH = 8           # d of the random rows
#: float range of the default random inputs of the elementwise operators
RANDOM_RANGE = {"exp": (-6.0, 2.0), "reciprocal": (0.25, 8.0), "rsqrt": (0.25, 8.0)}


def _config(op: str, method: str, config: dict):
    return ops.config_class(op, method).from_dict(config)


def _axes(x: np.ndarray) -> tuple[str, ...]:
    return ("element",) if x.ndim == 1 else ("row", "element")


def mbe_roles(op: str, cfg) -> dict:
    """{role: MbeConfig} of every MBE neuron ``op`` runs (role = its trace prefix)."""
    if op in ("gelu", "tanh", "sigmoid", "silu"):
        return {"mbe": cfg.mbe_config(activation_fit(op, cfg.fit))}
    rc = cfg.range_config()
    fits = {"exp": "exp2_fit", "reciprocal": "inv_fit", "rsqrt": "rsqrt_fit"}
    if op in fits:
        return {op: rc.mbe(fits[op])}
    out = {"exp": rc.mbe("exp2_fit"), "reciprocal": rc.mbe("inv_fit")} if op == "softmax" \
        else {"rsqrt": rc.mbe("rsqrt_fit")}
    mc = _multiply_config(op, cfg)
    if mc.encoder == "fit":
        out["multiply"] = mc.mbe()
    return out


def _multiply_config(op: str, cfg):
    """The config of x * invstd (norms: 1/sqrt's mantissa at 1 integer bit with the row
    exponent) or of e * 1/sum (softmax)."""
    if op == "softmax":
        return cfg.multiply_config(0, 0, cfg.fmt("output_format"))
    b_bits = 1 if cfg.row_exponent else cfg.invstd_int_bits
    return cfg.multiply_config(cfg.x_int_bits, b_bits, cfg.fmt("normed_format"))


def _mbe_tables(op: str, cfg) -> list:
    out = []
    for role, mcfg in mbe_roles(op, cfg).items():
        tables = build_tables(mcfg)
        uf, af = as_format(mcfg.u_format).frac, as_format(mcfg.acc_format).frac
        for b, bank in enumerate(tables["banks"]):
            for name, table, frac in (("threshold", bank.theta, uf), ("reset", bank.reset, uf),
                                      ("intensity", bank.intensity, af)):
                out.append(("table", VectorArray(f"mbe_{role}_bank{b}_{name}", table,
                                                 narrowest_format(table, frac),
                                                 ("basis", "step"))))
        bias = np.array([tables["bias"]])
        out.append(("table", VectorArray(f"mbe_{role}_bias", bias, narrowest_format(bias, af),
                                         ("one",))))
    if op in ("softmax", "rmsnorm", "layernorm"):
        mc = _multiply_config(op, cfg)
        D = intensity_matrix(mc)
        frac = 0 if mc.encoder == "sar" else 2 * as_format(mc.acc_format).frac
        out.append(("table", VectorArray("multiply_D", D, narrowest_format(D, frac),
                                         ("spike", "spike"))))
    return out


def fs_sets(op: str) -> list[str]:
    """Every FS parameter set ``op`` may route to, in routing order."""
    parts = ("exp", "reciprocal") if op == "softmax" else (op,)
    return [name for part in parts for name, _, _ in pieces(part)[2]]


def _fs_tables(op: str, cfg) -> list:
    out = []
    for name in fs_sets(op):
        pop = fs(1, name, v_format=cfg.v_format, acc_format=cfg.acc_format)
        sched = pop.schedules()
        for key, frac in (("threshold", pop.v_format.frac), ("reset_amount", pop.v_format.frac),
                          ("intensity", pop.acc_format.frac), ("bias", pop.v_format.frac)):
            table = np.asarray(sched[key]).reshape(-1)
            out.append(("table", VectorArray(f"fs_{name}_{key}", table,
                                             narrowest_format(table, frac), ("step",))))
    return out


def _trace_frac(key: str, cfg, method: str) -> int:
    """Fractional bits of a traced glue word (0 for indices, exponents, spikes)."""
    X = cfg.fmt("input_format")
    last = key.split(".")[-1]
    if method == "fs":
        A = cfg.fmt("acc_format").frac
        return {"tp": X.frac, "exp": A, "sum": X.frac, "reciprocal": A}.get(last, 0)
    fracs = {"z": X.frac, "centered": X.frac, "scaled": X.frac}
    for field, names in (("exp_format", ("exp", "sum")), ("recip_format", ("reciprocal",)),
                         ("var_format", ("var",)), ("invstd_format", ("invstd",)),
                         ("mbe_format", ("invstd_m",))):
        if field in cfg.FORMAT_FIELDS:
            fracs.update({n: cfg.fmt(field).frac for n in names})
    if "." in key and last in ("z", "r") and "z_format" in cfg.FORMAT_FIELDS:
        return cfg.fmt("z_format").frac
    if "." in key and last == "m":
        return cfg.range_config().mantissa_frac
    return 0 if "." in key else fracs.get(last, 0)


def _trace_arrays(result, cfg, method: str, x: np.ndarray) -> list:
    out = []
    for key, value in result.trace.items():
        if key == "input":
            continue
        value = np.asarray(value, np.int64)
        if key.endswith(".spikes"):
            axes = ("step", "element")
        elif value.shape == x.shape:
            axes = _axes(x)
        else:
            axes = ("row", "one")
        fmt = narrowest_format(np.append(value.reshape(-1), 0), _trace_frac(key, cfg, method))
        out.append(("trace", VectorArray("trace_" + key.replace(".", "_"), value, fmt, axes)))
    return out


def arrays(op: str, method: str, config: dict, inputs: dict, backend: str,
              trace: bool) -> list:
    """input, kernel tables, output, counters and (trace) every intermediate of op / method."""
    cfg = _config(op, method, config)
    x = pp.operator_input(op, inputs, op in ROW_OPS)
    result = ops.get(op, method)(x, config=cfg, backend=backend, trace=trace, raw=True)
    out = [("input", VectorArray("input", x, cfg.fmt("input_format"), _axes(x)))]
    out += _mbe_tables(op, cfg) if method == "mbe" else _fs_tables(op, cfg)
    out.append(("output", VectorArray("output", result.raw, result.format, _axes(x))))
    rows = result.constants.get("row_exponent") if method == "mbe" else None
    if rows:                     # eps_row 4^-e in var_format's frac, e = exp_lo .. exp_hi
        eps = np.array(rows["eps"], np.int64)
        out.append(("table", VectorArray("row_exponent_eps", eps,
                                         narrowest_format(eps, cfg.fmt("var_format").frac),
                                         ("exponent",))))
    counters = sorted(k for k in result.stats if "overflow" in k or k.startswith("clamp"))
    out += [pp.counter("count_" + k.replace(".", "_"), result.stats[k]) for k in counters]
    if trace:
        out += _trace_arrays(result, cfg, method, x)
    return out


def defines(op: str, method: str, config: dict, inputs: dict | None = None) -> dict:
    """FXSIM_<OP>_* (the operator's integer constants), per MBE role FXSIM_MBE_<ROLE>_STEPS,
    _BANKS, _BANK<b>_SIGN, _BANK<b>_SCALE_M, _BANK<b>_SCALE_SHIFT; per FS set
    FXSIM_FS_<SET>_STEPS."""
    cfg = _config(op, method, config)
    x = pp.raw_input(inputs, "input") if inputs and "input" in inputs else None
    if x is None:
        x = np.ones((1, ROW_LENGTH) if op in ROW_OPS else (1,), np.int64)
    result = ops.get(op, method)(x, config=cfg, raw=True)
    out: dict = {}
    pp.flat_ints(f"FXSIM_{op.upper()}", result.constants, out)
    if method == "fs":
        for name in fs_sets(op):
            out[f"FXSIM_FS_{name.upper()}_STEPS"] = fs(1, name).steps
        out.update(fs_kernel_defines(op, cfg))
        return out
    for role, mcfg in mbe_roles(op, cfg).items():
        tables = build_tables(mcfg)
        prefix = f"FXSIM_MBE_{role.upper()}"
        out[f"{prefix}_STEPS"], out[f"{prefix}_BANKS"] = tables["T"], len(tables["banks"])
        for b, bank in enumerate(tables["banks"]):
            out[f"{prefix}_BANK{b}_SIGN"] = bank.sign
            out[f"{prefix}_BANK{b}_SCALE_M"] = int(bank.scale.m)
            out[f"{prefix}_BANK{b}_SCALE_SHIFT"] = int(bank.scale.shift)
    if op in ACTIVATION_FITS:
        out.update(mbe_activation_defines(op, cfg))
    elif op in ("exp", "reciprocal", "rsqrt"):
        out.update(mbe_scalar_defines(op, cfg))
    else:
        out.update(mbe_row_defines(op, cfg, x.shape[-1]))
    return out


def mbe_neuron_defines(role: str, mcfg, x_frac: int) -> dict:
    """What a C consumer needs to run one MBE neuron (docs/algorithms.md 8.2-8.3) beyond its
    tables: FXSIM_POP_* (a basis population's fx_population_t fields; n per run), per bank
    FXSIM_MBE_<ROLE>_BANK<b>_OFFSET (raw in the neuron's input frac ``x_frac``) and _SCALE_DROP
    (x_frac + scaler shift - u frac), _U_FRAC, _OUT_DROP and _OUT_FORMAT (the summed
    accumulators into the neuron's output)."""
    tables = build_tables(mcfg)
    uf, af, of = (as_format(getattr(mcfg, k)) for k in ("u_format", "acc_format",
                                                         "output_format"))
    basis = basis_population(tables, 0, 0, 1, mcfg)
    defines = {f"FXSIM_POP_{k.upper()}": list(v) if isinstance(v, tuple) else v
               for k, v in basis.plan().scalars().items()}
    prefix = f"FXSIM_MBE_{role.upper()}"
    for b, bank in enumerate(tables["banks"]):
        defines[f"{prefix}_BANK{b}_OFFSET"] = _raw(bank.offset, x_frac)
        defines[f"{prefix}_BANK{b}_SCALE_DROP"] = x_frac + bank.scale.shift - uf.frac
    defines.update({f"{prefix}_U_FRAC": uf.frac, f"{prefix}_OUT_DROP": af.frac - of.frac,
                    f"{prefix}_OUT_FORMAT": _format_args(of)})
    return defines


def mbe_activation_defines(op: str, cfg) -> dict:
    """An MBE activation's neuron (role ``mbe``; its input frac is the input's, + 1 for
    sigmoid's x / 2) and glue: FXSIM_OP_OUT, sigmoid FXSIM_OP_ONE (1 in the neuron's output) and
    FXSIM_OP_OUT_DROP, gelu / silu FXSIM_OP_PASS_FROM (x passed through at or above it) and
    FXSIM_OP_PASS_DROP; an exact-tails fit also its tails (:func:`tail_defines`)."""
    X, out = cfg.fmt("input_format"), cfg.fmt("output_format")
    mcfg = mbe_roles(op, cfg)["mbe"]
    of = as_format(mcfg.output_format)
    defines = mbe_neuron_defines("mbe", mcfg, X.frac + (op == "sigmoid"))
    defines["FXSIM_OP_OUT"] = _format_args(out)
    if op == "sigmoid":
        defines.update({"FXSIM_OP_ONE": 1 << of.frac, "FXSIM_OP_OUT_DROP": of.frac + 1 - out.frac})
    if op in ("gelu", "silu"):
        hi = fit_record(mcfg.fit)["domain"][1]
        defines.update({"FXSIM_OP_PASS_FROM": _raw(hi, X.frac),
                        "FXSIM_OP_PASS_DROP": X.frac - out.frac})
    record = fit_record(mcfg.fit)
    if record.get("tails"):
        defines.update(tail_defines(op, record, X, out))
    return defines


def tail_defines(op: str, record: dict, X: Format, out: Format) -> dict:
    """The exact tails' compare-select (docs/algorithms.md 8.10): FXSIM_OP_TAIL_LO / _TAIL_HI,
    raw in X (x <= LO: the lower tail, x >= HI: the upper one; clipped to +-2^width of X, which
    selects the same inputs), _TAIL_LO_Y (the lower asymptote, raw in out), and _TAIL_HI_Y
    (the upper one) or _TAIL_HI_PASS 1 (x itself, requantized by FXSIM_OP_PASS_DROP)."""
    lo, hi = tail_bounds(op, record, X, out)
    edge = 1 << X.width
    const = {side: int(asymptote(op, side, np.zeros(1, np.int64), X, out, "numpy")[0])
             for side in (0, 1) if ASYMPTOTES[op][side] != "x"}
    defines = {"FXSIM_OP_TAIL_LO": max(lo, -edge), "FXSIM_OP_TAIL_HI": min(hi, edge),
               "FXSIM_OP_TAIL_LO_Y": const[0]}
    if 1 in const:
        defines["FXSIM_OP_TAIL_HI_Y"] = const[1]
    else:
        defines["FXSIM_OP_TAIL_HI_PASS"] = 1
    return defines


def _range_defines(prefix: str, kind: str, rc, in_frac: int, out: Format) -> dict:
    """A range reduction's constants (docs/algorithms.md 8.4) as <prefix>_*: <prefix>_OUT (its
    output format) and _SHIFT_BASE (output frac - neuron output frac); exp _LOG2E_M, _Z_DROP
    (in_frac + its shift - z frac), _Z_FORMAT, _Z_FRAC; reciprocal / rsqrt _X_FRAC (in_frac),
    _MANTISSA_FRAC, _RSQRT."""
    base = out.frac - as_format(rc.mbe_format).frac
    defines = {f"{prefix}_OUT": _format_args(out), f"{prefix}_SHIFT_BASE": base}
    if kind == "exp":
        zf = as_format(rc.z_format)
        scaler = ShiftScaler.from_constant("log2(e)", math.log2(math.e), width=rc.log2e_width)
        defines.update({f"{prefix}_LOG2E_M": scaler.m,
                        f"{prefix}_Z_DROP": in_frac + scaler.shift - zf.frac,
                        f"{prefix}_Z_FORMAT": _format_args(zf), f"{prefix}_Z_FRAC": zf.frac})
    else:
        defines.update({f"{prefix}_X_FRAC": in_frac, f"{prefix}_MANTISSA_FRAC": rc.mantissa_frac,
                        f"{prefix}_RSQRT": int(kind == "rsqrt")})
    return defines


def _multiply_defines(prefix: str, mc, a_frac: int, b_frac: int) -> dict:
    """A spike multiply's constants (fit encoder, docs/algorithms.md 8.5) as <prefix>_*: _A_DROP /
    _B_DROP (each operand into the encoder's u: its frac + int bits - u frac), _PRODUCT_DROP
    (the two reconstructions' fracs - output frac) and _OUT (the output format)."""
    uf, af, out = (as_format(f) for f in (mc.u_format, mc.acc_format, mc.output_format))
    return {f"{prefix}_A_DROP": a_frac + mc.a_int_bits - uf.frac,
            f"{prefix}_B_DROP": b_frac + mc.b_int_bits - uf.frac,
            f"{prefix}_PRODUCT_DROP": 2 * af.frac - mc.a_int_bits - mc.b_int_bits - out.frac,
            f"{prefix}_OUT": _format_args(out)}


def mbe_scalar_defines(op: str, cfg) -> dict:
    """A range-reduced MBE scalar's neuron (role = op; docs/algorithms.md 8.4) and its range
    reduction as FXSIM_OP_* (:func:`_range_defines`)."""
    X, rc = cfg.fmt("input_format"), cfg.range_config()
    in_frac = as_format(rc.z_format).frac if op == "exp" else rc.mantissa_frac
    defines = mbe_neuron_defines(op, mbe_roles(op, cfg)[op], in_frac)
    defines.update(_range_defines("FXSIM_OP", op, rc, X.frac, cfg.fmt("output_format")))
    return defines


def mbe_row_defines(op: str, cfg, d: int) -> dict:
    """softmax, rmsnorm, layernorm by mbe on rows of d (docs/algorithms.md 8.6): every neuron role's
    defines and FXSIM_OP_*: softmax FXSIM_OP_EXP_* and FXSIM_OP_RECIP_* (the two range
    reductions) and FXSIM_OP_MUL_* (e * 1/sum); the norms FXSIM_OP_CENTER, _INV_D_M,
    _INV_D_SHIFT (the mean), FXSIM_OP_SQUARE_* and FXSIM_OP_NORMED_* (the two multiplies),
    _VAR_DROP, _EPS_RAW, FXSIM_OP_INV_* (the rsqrt), _OUT_DROP and _OUT. {} for a composition
    the C consumer does not run (Newton steps, the SAR encoder)."""
    X, rc, out = cfg.fmt("input_format"), cfg.range_config(), cfg.fmt("output_format")
    mc = _multiply_config(op, cfg)
    if rc.newton_steps or mc.encoder != "fit":
        return {}
    fm, zf, uf = rc.mantissa_frac, as_format(rc.z_format), as_format(cfg.u_format)
    fracs = {"exp": zf.frac, "reciprocal": fm, "rsqrt": fm, "multiply": uf.frac}
    defines: dict = {}
    for role, mcfg in mbe_roles(op, cfg).items():
        defines.update(mbe_neuron_defines(role, mcfg, fracs[role]))
    if op == "softmax":
        E, R = cfg.fmt("exp_format"), cfg.fmt("recip_format")
        defines.update(_range_defines("FXSIM_OP_EXP", "exp", rc, X.frac, E))
        defines.update(_range_defines("FXSIM_OP_RECIP", "reciprocal", rc, E.frac, R))
        defines.update(_multiply_defines("FXSIM_OP_MUL", mc, E.frac, R.frac))
        return defines
    square, var, invstd, normed = (cfg.fmt(k) for k in ("square_format", "var_format",
                                                         "invstd_format", "normed_format"))
    inv_d = ShiftScaler.from_constant("inv_d", 1.0 / d, width=cfg.inv_d_width)
    sum_drop = max(0, (d * square.max_raw).bit_length() + inv_d.m.bit_length()
                   - INTERMEDIATE_BITS)
    sq = cfg.multiply_config(cfg.x_int_bits, cfg.x_int_bits, square)
    defines.update({"FXSIM_OP_CENTER": int(op == "layernorm"), "FXSIM_OP_INV_D_M": inv_d.m,
                    "FXSIM_OP_INV_D_SHIFT": inv_d.shift, "FXSIM_OP_SUM_DROP": sum_drop,
                    "FXSIM_OP_VAR_DROP": square.frac - sum_drop + inv_d.shift - var.frac,
                    "FXSIM_OP_EPS_RAW": max(1, round(math.ldexp(cfg.eps, var.frac))),
                    "FXSIM_OP_ROW_EXPONENT": int(cfg.row_exponent),
                    "FXSIM_OP_OUT_DROP": normed.frac - out.frac, "FXSIM_OP_OUT": _format_args(out)})
    defines.update(_multiply_defines("FXSIM_OP_SQUARE", sq, X.frac, X.frac))
    if cfg.row_exponent:        # the mantissa of 1/sqrt (mbe_format) into the multiply
        rows = row_plan(cfg, X, d, op == "layernorm")
        defines.update({"FXSIM_OP_TOP_BITS": rows["top_bits"], "FXSIM_OP_EXP_LO": rows["exp_lo"]})
        defines.update(_multiply_defines("FXSIM_OP_NORMED", mc, X.frac,
                                         as_format(rc.mbe_format).frac))
    else:
        defines.update(_multiply_defines("FXSIM_OP_NORMED", mc, X.frac, invstd.frac))
    defines.update(_range_defines("FXSIM_OP_INV", "rsqrt", rc, var.frac, invstd))
    return defines


def _raw(value: float, frac: int) -> int:
    return round(math.ldexp(value, frac))


def _format_args(fmt: Format) -> list:
    return list(FormatArgs.of(fmt).as_tuple())


def fs_kernel_defines(op: str, cfg) -> dict:
    """What a C consumer of an FS set needs beyond the tables (docs/algorithms.md 8.7):
    FXSIM_POP_* (the FS population's fx_population_t fields; n and steps per run),
    FXSIM_FS_IN_DROP (input frac - v frac), per routed part k (softmax: 0 exp, 1 reciprocal;
    else 0) FXSIM_FS_PART<k>_LO / _HI (the clamp, raw in v frac), per set FXSIM_FS_<SET>_PART,
    _UPPER (raw in v frac) and _CLOSED, and the glue: FXSIM_OP_OUT_DROP / FXSIM_OP_OUT (the
    accumulator into the output), silu FXSIM_OP_PASS_ABOVE / _PASS_DROP (x itself above the
    set's interval), softmax FXSIM_OP_OFFSET_RAW, _CUTOFF_RAW, _SUM_DROP, _SUM_FORMAT."""
    X, V, A, out = (cfg.fmt(k) for k in ("input_format", "v_format", "acc_format",
                                         "output_format"))
    first = fs(1, fs_sets(op)[0], v_format=cfg.v_format, acc_format=cfg.acc_format)
    defines = {f"FXSIM_POP_{k.upper()}": list(v) if isinstance(v, tuple) else v
               for k, v in first.plan().scalars().items()}
    defines["FXSIM_FS_IN_DROP"] = X.frac - V.frac
    parts = ("exp", "reciprocal") if op == "softmax" else (op,)
    for k, part in enumerate(parts):
        lo, hi, plan = pieces(part)
        defines[f"FXSIM_FS_PART{k}_LO"], defines[f"FXSIM_FS_PART{k}_HI"] = (
            _raw(lo, V.frac), _raw(hi, V.frac))
        for name, upper, closed in plan:
            prefix = f"FXSIM_FS_{name.upper()}"
            defines.update({f"{prefix}_PART": k, f"{prefix}_UPPER": _raw(upper, V.frac),
                            f"{prefix}_CLOSED": int(closed)})
    if op == "softmax":
        defines.update({"FXSIM_OP_OFFSET_RAW": _raw(SOFTMAX_OFFSET, X.frac),
                        "FXSIM_OP_CUTOFF_RAW": _raw(SOFTMAX_CUTOFF, X.frac),
                        "FXSIM_OP_SUM_DROP": A.frac - X.frac, "FXSIM_OP_SUM_FORMAT":
                        _format_args(X), "FXSIM_OP_OUT_DROP": 2 * A.frac - out.frac})
    else:
        defines["FXSIM_OP_OUT_DROP"] = A.frac - out.frac
    defines["FXSIM_OP_OUT"] = _format_args(out)
    if op == "silu":
        defines["FXSIM_OP_PASS_ABOVE"] = _raw(pieces(op)[1], X.frac)
        defines["FXSIM_OP_PASS_DROP"] = X.frac - out.frac
    return defines


def random_inputs(op: str, method: str, config: dict, count: int | None, seed: int) -> dict:
    """Elementwise: ``count`` (default 16) points uniform on [-6, 6] (exp [-6, 2], reciprocal
    and rsqrt [0.25, 8]), sorted. Row operators: ``count`` (default 2) rows of d = 8 from P1's
    workload (softmax 7 N(0,1), norms N(0,1)). Quantized into the input format."""
    cfg = _config(op, method, config)
    rng = np.random.default_rng(seed)
    if op in ROW_OPS:
        x = workload(op, ROW_LENGTH, 2 if count is None else count, seed)
    else:
        lo, hi = RANDOM_RANGE.get(op, (-6.0, 6.0))
        x = np.sort(rng.uniform(lo, hi, 16 if count is None else count))
    return {"input": np.asarray(quantize(x, cfg.fmt("input_format")), np.int64)}

