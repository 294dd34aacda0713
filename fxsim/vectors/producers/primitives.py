"""Golden-vector producers for the three P1 primitives (pwl_exp, divgroup, polarnorm), and the
helpers every producer shares (raw_input, only_inputs, counter, flat_ints, toml_reader).

Each primitive has four functions, registered in fxsim.vectors.producers:
``<p>_arrays(config, inputs, backend, trace)`` -> [(role, VectorArray)],
``<p>_defines(config, inputs)`` -> the kernel's scalar configuration (FXSIM_PWL_*, FXSIM_DIV_*,
FXSIM_PN_*; the fields of fx_pwl_exp_t / fx_divgroup_t / fx_polarnorm_t in csrc/fxsim.h),
``<p>_random(config, count, seed)`` -> {input name: raw int64 array}, and the config class
(``config`` dicts are its ``to_dict()``). Array names and axes: golden/README.md.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from ...backends.abi import FormatArgs
from ...backends.reference.divgroup import normalize_shift
from ...errors import FxError
from ...files.toml import read_toml
from ...formats import Format
from ...primitives.divgroup import DivGroupConfig, divide
from ...primitives.polarnorm import PolarNormConfig, merge_levels, polarnorm
from ...primitives.pwl_exp import PwlExpConfig, build_lut, pwl_exp
from ..arrays import VectorArray, narrowest_format, word_format

COUNT = Format(False, 32, 0)          # event counters (overflow_*)


def raw_input(inputs: dict, name: str) -> np.ndarray:
    """inputs[name] as int64; FxError when it is missing or not integer."""
    if name not in inputs:
        raise FxError(f"missing input array {name!r} (have: {', '.join(inputs) or 'none'})")
    arr = np.asarray(inputs[name])
    if arr.dtype.kind not in "iu":
        raise FxError(f"input {name!r} must hold raw integers, got dtype {arr.dtype}")
    return arr.astype(np.int64)


def operator_input(op: str, inputs: dict, row_op: bool) -> np.ndarray:
    """The one raw input array of an operator's set: [element], or [row, d] for a row op."""
    only_inputs(inputs, ("input",))
    x = raw_input(inputs, "input")
    want = 2 if row_op else 1
    if x.ndim != want:
        raise FxError(f"{op} golden input must be {'[element]' if want == 1 else '[row, d]'}, "
                      f"got shape {list(x.shape)}")
    return x


def only_inputs(inputs: dict, names: tuple[str, ...]) -> None:
    """FxError naming any input array other than ``names``."""
    extra = set(inputs) - set(names)
    if extra:
        raise FxError(f"unexpected input array(s) {', '.join(sorted(extra))}; "
                      f"expected {', '.join(names)}")


def counter(name: str, events: int) -> tuple[str, VectorArray]:
    """An event counter: one unsigned 32-bit word, role output."""
    return "output", VectorArray(name, np.array([events]), COUNT, ("count",))


def flat_ints(prefix: str, value, out: dict) -> None:
    """Add the ints of a nested dict to ``out`` as PREFIX_KEY_SUBKEY names (bools and floats
    skipped): an operator's constants as #define names."""
    if isinstance(value, dict):
        for key, sub in value.items():
            flat_ints(f"{prefix}_{key}".upper(), sub, out)
    elif isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        out[prefix] = int(value)


def toml_reader(name: str, cls) -> Callable[[str], dict]:
    """A reader of a TOML file holding one ``[name]`` table of ``cls``'s fields -> its dict."""
    def read(path: str) -> dict:
        doc = read_toml(Path(path))
        if set(doc) != {name} or not isinstance(doc[name], dict):
            raise FxError(f"{path}: a {name} config is one [{name}] table")
        return cls.from_dict(doc[name]).to_dict()
    return read


# ---- PWL-Exp ---------------------------------------------------------------------------
def pwl_exp_tables(cfg: PwlExpConfig, prefix: str = "") -> list:
    """The LUT the kernel reads: knots [K-1] (input format), slope and intercept [K]."""
    lut, fmt = build_lut(cfg), cfg.formats()
    return [("table", VectorArray(f"{prefix}knots", lut["knots"], fmt["input"], ("knot",))),
            ("table", VectorArray(f"{prefix}slope", lut["slope"], fmt["slope"], ("segment",))),
            ("table", VectorArray(f"{prefix}intercept", lut["intercept"], fmt["intercept"],
                                  ("segment",)))]


def pwl_exp_trace_formats(cfg: PwlExpConfig) -> dict:
    """index: signed, -1..K; product and sum: the datapath widths build_lut derives."""
    lut = build_lut(cfg)
    widths, frac = lut["widths"], lut["sum_frac"]
    return {"index": narrowest_format(np.array([-1, cfg.K])),
            "product": word_format(True, widths["product_bits"], frac),
            "sum": word_format(True, widths["sum_bits"], frac)}


def pwl_exp_arrays(config: dict, inputs: dict, backend: str, trace: bool) -> list:
    cfg = PwlExpConfig.from_dict(config)
    only_inputs(inputs, ("input",))
    x = raw_input(inputs, "input").reshape(-1)
    res = pwl_exp(x, cfg, backend=backend, trace=trace)
    fmt = cfg.formats()
    out = [("input", VectorArray("input", x, fmt["input"], ("element",))), *pwl_exp_tables(cfg),
           ("output", VectorArray("output", res.raw, fmt["output"], ("element",))),
           counter("overflow_output", res.stats["overflow_output"])]
    if trace:
        formats = pwl_exp_trace_formats(cfg)
        out += [("trace", VectorArray(f"trace_{k}", res.trace[k], formats[k], ("element",)))
                for k in ("index", "product", "sum")]
    return out


def pwl_exp_defines(config: dict, inputs: dict | None = None) -> dict:
    """fx_pwl_exp_t's scalars (the tables are the knots / slope / intercept arrays)."""
    cfg = PwlExpConfig.from_dict(config)
    lut, out = build_lut(cfg), cfg.formats()["output"]
    return {"FXSIM_PWL_SEGMENTS": cfg.K, "FXSIM_PWL_X_LO": lut["x_lo"],
            "FXSIM_PWL_X_HI": lut["x_hi"], "FXSIM_PWL_UPPER": lut["upper"],
            "FXSIM_PWL_INTERCEPT_SHIFT": lut["intercept_shift"],
            "FXSIM_PWL_SUM_FRAC": lut["sum_frac"], "FXSIM_PWL_OUT_FRAC": out.frac,
            "FXSIM_PWL_OUT_FORMAT": list(FormatArgs.of(out).as_tuple())}


def pwl_exp_random(config: dict, count: int | None, seed: int) -> dict:
    """``count`` (default 64) raw inputs: the edges first (format ends, -L and L and their
    neighbours, the first and last knot), then uniform over the input format."""
    cfg = PwlExpConfig.from_dict(config)
    lut, fmt = build_lut(cfg), cfg.formats()["input"]
    count = 64 if count is None else count
    edges = [fmt.min_raw, lut["x_lo"] - 1, lut["x_lo"], lut["x_hi"], lut["x_hi"] + 1, fmt.max_raw]
    if cfg.K > 1:
        edges += [int(lut["knots"][0]), int(lut["knots"][0]) + 1, int(lut["knots"][-1]),
                  int(lut["knots"][-1]) + 1]
    edges = np.clip(np.array(edges, np.int64), fmt.min_raw, fmt.max_raw)
    rng = np.random.default_rng(seed)
    body = rng.integers(fmt.min_raw, fmt.max_raw, size=max(0, count - edges.size), endpoint=True)
    return {"input": np.concatenate([edges, body])[:count]}


# ---- Division Neuron Group -------------------------------------------------------------
def divgroup_tables(a: np.ndarray, b: np.ndarray, cfg: DivGroupConfig) -> list:
    """Per division: the normalising shift k and the threshold unit theta (neuron i fires at
    i * theta), derived from B as the kernel does."""
    k = normalize_shift(b, cfg.normalize_denominator, cfg.normalize_bit)
    theta = np.maximum(1, (b << k) >> cfg.n)
    return [("table", VectorArray("shift", k, narrowest_format(np.append(k, 0)), ("division",))),
            ("table", VectorArray("theta", theta, narrowest_format(theta), ("division",)))]


def divgroup_trace_formats(cfg: DivGroupConfig, membrane: np.ndarray) -> dict:
    return {"membrane": narrowest_format(np.append(membrane.reshape(-1), 0)),
            "latched": Format(False, max(1, cfg.G.bit_length()), 0)}


def _divgroup_inputs(config: dict, inputs: dict) -> tuple[DivGroupConfig, np.ndarray, np.ndarray]:
    cfg = DivGroupConfig.from_dict(config)
    only_inputs(inputs, ("numerator", "denominator"))
    a, b = raw_input(inputs, "numerator"), raw_input(inputs, "denominator")
    a = a.reshape(cfg.T, -1) if a.ndim == 1 and cfg.T == 1 else a
    if a.ndim != 2:
        raise FxError(f"divgroup numerator must have shape [T, m], got {list(a.shape)}")
    b = b.reshape(-1)
    if b.size != a.shape[1]:
        raise FxError(f"divgroup denominator has {b.size} values for {a.shape[1]} divisions")
    return cfg, a, b


def divgroup_arrays(config: dict, inputs: dict, backend: str, trace: bool) -> list:
    cfg, a, b = _divgroup_inputs(config, inputs)
    res = divide(a, b, cfg, backend=backend, trace=trace)
    ab = ("step", "division")
    out = [("input", VectorArray("numerator", a, narrowest_format(a), ab)),
           ("input", VectorArray("denominator", b, narrowest_format(b), ("division",))),
           *divgroup_tables(a, b, cfg),
           ("output", VectorArray("quotient", res.raw, cfg.out_format, ("division",))),
           counter("overflow_q", res.stats["overflow_q"])]
    if trace:
        formats = divgroup_trace_formats(cfg, res.trace["membrane"])
        out += [("trace", VectorArray(f"trace_{k}", res.trace[k], formats[k], ab))
                for k in ("membrane", "latched")]
    return out


def divgroup_defines(config: dict, inputs: dict | None = None) -> dict:
    """fx_divgroup_t's scalars, and how the signed count (n frac bits) is requantized into
    out_format: drop FXSIM_DIV_OUT_DROP = n - out frac bits with out_format's rounding."""
    cfg = DivGroupConfig.from_dict(config)
    return {"FXSIM_DIV_STEPS": cfg.T, "FXSIM_DIV_N": cfg.n, "FXSIM_DIV_GROUP": cfg.G,
            "FXSIM_DIV_NORMALIZE": int(cfg.normalize_denominator),
            "FXSIM_DIV_NORMALIZE_BIT": cfg.normalize_bit,
            "FXSIM_DIV_OUT_DROP": cfg.n - cfg.out_format.frac,
            "FXSIM_DIV_OUT_FORMAT": list(FormatArgs.of(cfg.out_format).as_tuple())}


def divgroup_random(config: dict, count: int | None, seed: int) -> dict:
    """``count`` (default 16) divisions: B uniform in 1..2^16, |A| summed over the T steps
    uniform in 0..1.25 B (quotients around 1, some saturating), a random sign per division;
    the first division is 0 / 1."""
    cfg = DivGroupConfig.from_dict(config)
    m = 16 if count is None else count
    rng = np.random.default_rng(seed)
    b = rng.integers(1, 1 << 16, size=m, endpoint=True)
    total = (rng.random(m) * 1.25 * b).astype(np.int64)
    a = rng.integers(0, total // cfg.T + 1, size=(cfg.T, m)) * rng.choice([-1, 1], size=m)
    if m:
        a[:, 0], b[0] = 0, 1
    return {"numerator": a, "denominator": b}


# ---- PolarNorm -------------------------------------------------------------------------
def polarnorm_config(config: dict) -> PolarNormConfig:
    return PolarNormConfig.from_dict(config)


def polarnorm_trace_formats(cfg: PolarNormConfig) -> dict:
    """Leaves and merge outputs in the internal format; CORDIC x / y registers are signed
    internal_width + 3 bits (docs/algorithms.md 6.3)."""
    it = cfg.internal_format
    cordic = word_format(True, it.width + 3, it.frac)
    return {"sorted": it, "cordic_x": cordic, "cordic_y": cordic, "merged": it}


POLARNORM_TRACE_AXES = {"sorted": ("row", "leaf"), "cordic_x": ("row", "merge", "iteration"),
                        "cordic_y": ("row", "merge", "iteration"), "merged": ("row", "merge")}


def polarnorm_trace_arrays(cfg: PolarNormConfig, tr: dict, prefix: str) -> list:
    formats = polarnorm_trace_formats(cfg)
    return [("trace", VectorArray(f"{prefix}{k}", tr[k], formats[k], POLARNORM_TRACE_AXES[k]))
            for k in ("sorted", "cordic_x", "cordic_y", "merged")]


def merge_level_table(cfg: PolarNormConfig, d: int, prefix: str = "") -> tuple:
    levels = merge_levels(cfg.elements(d))
    return "table", VectorArray(f"{prefix}merge_level", levels,
                                narrowest_format(np.append(levels, 0)), ("merge",))


def polarnorm_arrays(config: dict, inputs: dict, backend: str, trace: bool) -> list:
    cfg = polarnorm_config(config)
    only_inputs(inputs, ("input",))
    x = raw_input(inputs, "input")
    if x.ndim != 2:
        raise FxError(f"polarnorm input must have shape [rows, d], got {list(x.shape)}")
    res = polarnorm(x, cfg, axis=-1, backend=backend, trace=trace)
    out = [("input", VectorArray("input", x, cfg.input_format, ("row", "element"))),
           merge_level_table(cfg, x.shape[1]),
           ("output", VectorArray("output", res.raw, cfg.output_format, ("row",)))]
    out += [counter(f"overflow_{v}", res.stats[f"overflow_{v}"])
            for v in ("input", "merge", "output")]
    if trace:
        out += polarnorm_trace_arrays(cfg, res.trace, "trace_")
    return out


PN_PARAMS = ("D", "M", "N", "GUARD_BITS", "HAS_EPS", "EPS_RAW", "GAIN_M", "GAIN_SHIFT")


def polarnorm_defines(config: dict, inputs: dict | None = None) -> dict:
    """fx_polarnorm_t's fields for rows of length d = the input's last axis (eps_raw depends
    on d): FXSIM_PN_D .. FXSIM_PN_GAIN_SHIFT, the internal and output fx_format_t and
    FXSIM_PN_OUTPUT_DROP (internal frac - output frac)."""
    cfg = polarnorm_config(config)
    d = int(np.asarray(inputs["input"]).shape[-1]) if inputs and "input" in inputs else 1
    plan = cfg.plan(d)
    out = {f"FXSIM_PN_{name}": int(getattr(plan, name.lower())) for name in PN_PARAMS}
    out["FXSIM_PN_INTERNAL_FORMAT"] = list(FormatArgs.of(cfg.internal_format).as_tuple())
    out["FXSIM_PN_OUTPUT_FORMAT"] = list(FormatArgs.of(cfg.output_format).as_tuple())
    out["FXSIM_PN_OUTPUT_DROP"] = cfg.internal_format.frac - cfg.output_format.frac
    return out


def polarnorm_random(config: dict, count: int | None, seed: int, d: int = 16) -> dict:
    """``count`` (default 8) rows of d = 16 raw inputs uniform over the input format; row 0
    is all zeros (the norm is sqrt(eps d) alone), row 1 the format's extremes."""
    cfg = polarnorm_config(config)
    fmt = cfg.input_format
    rows = 8 if count is None else count
    x = np.random.default_rng(seed).integers(fmt.min_raw, fmt.max_raw, size=(rows, d),
                                             endpoint=True)
    if rows > 0:
        x[0] = 0
    if rows > 1:
        x[1] = np.where(np.arange(d) % 2, fmt.max_raw, fmt.min_raw)
    return {"input": x}
