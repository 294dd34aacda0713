"""Float64 models of the mbe and fs methods: the approximations their integer operators implement.

``evaluate(record, x)`` runs a fitted MBE neuron (a parameter record of fxsim/params) in
float64: bank input u = clip((sign x - offset) / scale, 0, 1), per basis T steps of
s = u >= theta[t]; u -= s r[t]; o += s d[t], y = sum w o + bias (docs/algorithms.md section 8.1).
``FLOAT_MODELS = {(op, method): model(config, x)}`` (one row per mbe and fs pair of
fxsim.ops.REGISTRY) and ``float_model(op, method, config, x)``: the method's own float64
function, i.e. the fitted MBE neurons or the published FS sets run in float, composed exactly
as the integer operator composes them (range reduction, row max and sum, clamps and pieces). Its error against the
exact function, on the operator's output grid, is the "float reference error" of these
methods: the integer operator cannot be expected to beat the approximation it implements
(docs/algorithms.md section 9).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Callable

import numpy as np

from ..ops.fs import SOFTMAX_CUTOFF, SOFTMAX_OFFSET, pieces
from ..ops.mbe.config import activation_fit
from ..ops.mbe.tails import ASYMPTOTES, tail_interval
from ..presets import fs_parameter_sets
from ..primitives.mbe import fit_record

MBE_ACTIVATIONS = ("gelu", "tanh", "sigmoid", "silu")
MBE_SCALARS = {"exp": "exp2_fit", "reciprocal": "inv_fit", "rsqrt": "rsqrt_fit"}
FS_ACTIVATIONS = ("sigmoid", "silu", "gelu", "exp", "reciprocal")


# ---- the float MBE neuron -----------------------------------------------------------------------
@dataclass(frozen=True)
class Bank:
    """Input normalisation of one bank: u = clip((sign * x - offset) / scale, 0, 1)."""

    sign: int
    offset: float
    scale: float

    def normalise(self, x: np.ndarray) -> np.ndarray:
        return np.clip((self.sign * x - self.offset) / self.scale, 0.0, 1.0)


def run_bases(u: np.ndarray, theta, r, d) -> np.ndarray:
    """Float MBE bases on normalised inputs u [m] -> accumulated outputs o [n, m] (spike on >=)."""
    v = np.broadcast_to(u, (theta.shape[0], u.size)).copy()
    o = np.zeros_like(v)
    for t in range(theta.shape[1]):
        s = v >= theta[:, t:t + 1]
        v -= s * r[:, t:t + 1]
        o += s * d[:, t:t + 1]
    return o


def evaluate(record: dict, x: np.ndarray) -> np.ndarray:
    """Float MBE output of a parameter record at x (the float reference of the integer tables)."""
    y = np.full(x.shape, record["bias"], dtype=np.float64)
    t = np.arange(record["T"])
    for bank in record["banks"]:
        u = Bank(bank["sign"], bank["offset"], bank["scale"]).normalise(x)
        for b in bank["bases"]:
            o = run_bases(u, (b["alpha"] * b["gamma_v"] ** t)[None],
                          (b["rho"] * b["gamma_r"] ** t)[None], (b["gamma_d"] ** t)[None])
            y += b["w"] * o[0]
    return y


# ---- float models of the operators ----------------------------------------------------------------
def _fit(name: str, u: np.ndarray) -> np.ndarray:
    u = np.asarray(u, np.float64)
    return evaluate(fit_record(name), u.reshape(-1)).reshape(u.shape)


def _mbe_activation(op: str, cfg, x: np.ndarray) -> np.ndarray:
    fit = activation_fit(op, cfg.fit)
    if op == "sigmoid":                                  # (1 + tanh(x / 2)) / 2
        y = 0.5 * (1.0 + _fit(fit, 0.5 * x))
    else:
        y = _fit(fit, x)
    if op in ("gelu", "silu"):                           # x itself above the fitted domain
        y = np.where(x >= fit_record(fit)["domain"][1], x, y)
    if fit_record(fit).get("tails"):                     # the asymptotes outside [lo, hi]
        lo, hi = tail_interval(op, fit_record(fit), cfg.fmt("output_format"))
        low, high = (np.asarray(x if v == "x" else np.full_like(x, v), np.float64)
                     for v in ASYMPTOTES[op])
        y = np.where(x >= hi, high, np.where(x <= lo, low, y))
    return y


def _exp(fit: str, x: np.ndarray) -> np.ndarray:
    """e**x = MBE_exp2(frac(z)) * 2**floor(z), z = x log2(e)."""
    z = x * math.log2(math.e)
    k = np.floor(z)
    return np.ldexp(_fit(fit, z - k), k.astype(np.int64))


def _reciprocal(fit: str, x: np.ndarray) -> np.ndarray:
    """1/x = MBE_inv(m) * 2**-e with x = m 2**e, m in [0.5, 1)."""
    m, e = np.frexp(x)
    return np.ldexp(_fit(fit, m), -e)


def _rsqrt(fit: str, x: np.ndarray) -> np.ndarray:
    """1/sqrt(x) = MBE_invsqrt(m) * 2**(-e/2) with x = m 2**e, e even, m in [0.5, 2)."""
    m, e = np.frexp(x)
    odd = (e & 1) == 1
    return np.ldexp(_fit(fit, np.where(odd, 2.0 * m, m)), -(e - odd) // 2)


_SCALAR_MODELS = {"exp": _exp, "reciprocal": _reciprocal, "rsqrt": _rsqrt}


def _mbe_scalar(op: str, cfg, x: np.ndarray) -> np.ndarray:
    rc = cfg.range_config()
    return _SCALAR_MODELS[op](getattr(rc, MBE_SCALARS[op]), x)


def _encoded(cfg, x: np.ndarray, int_bits: int) -> np.ndarray:
    """x as the spike multiply's encoder decodes it: with encoder "fit", P2's MBE_Id on
    |x| / 2**int_bits (clipped to 1) per polarity, I(x+) - I(x-) (so the bias cancels);
    with "sar" x itself (an exact T-bit code)."""
    if cfg.encoder != "fit":
        return x
    fit = cfg.multiply_config(0, 0, cfg.output_format).fit
    scale = 2.0 ** int_bits
    pos, neg = (np.minimum(np.maximum(s * x, 0.0) / scale, 1.0) for s in (1.0, -1.0))
    return (_fit(fit, pos) - _fit(fit, neg)) * scale


def _mbe_softmax(cfg, x: np.ndarray) -> np.ndarray:
    """e = exp model of x - max, S = sum e, out = encoded e * encoded reciprocal model(S)."""
    rc = cfg.range_config()
    e = _exp(rc.exp2_fit, x - x.max(axis=-1, keepdims=True))
    inv = _reciprocal(rc.inv_fit, e.sum(axis=-1, keepdims=True))
    return _encoded(cfg, e, 0) * _encoded(cfg, inv, 0)


def _mbe_norm(op: str, cfg, x: np.ndarray) -> np.ndarray:
    """With the row exponent: u = x or d (x - mean), e = floor(log2 max|u|) + 1 - x_int_bits
    (at least the eps bound), xs = u 2^-e, var = mean(encoded xs**2) + eps_row 4^-e, out =
    encoded xs * encoded MBE_invsqrt mantissa (int_bits 1) 2^-h. Without it: (layernorm:
    x - mean,) var = mean(encoded xc**2) + eps, out = encoded xc * encoded rsqrt model(var)
    (the calibration ranges x_int_bits and invstd_int_bits)."""
    fit = cfg.range_config().rsqrt_fit
    xc = x - x.mean(axis=-1, keepdims=True) if op == "layernorm" else x
    if not cfg.row_exponent:
        xe = _encoded(cfg, xc, cfg.x_int_bits)
        var = np.mean(xe * xe, axis=-1, keepdims=True) + cfg.eps
        return xe * _encoded(cfg, _rsqrt(fit, var), cfg.invstd_int_bits)
    d = x.shape[-1]
    scale = d if op == "layernorm" else 1
    eps_row = cfg.eps * scale * scale
    e_lo = np.frexp(np.sqrt(eps_row))[1] - cfg.x_int_bits
    e = np.maximum(np.frexp(np.abs(scale * xc).max(axis=-1, keepdims=True))[1] - cfg.x_int_bits,
                   e_lo)
    xe = _encoded(cfg, np.ldexp(scale * xc, -e), cfg.x_int_bits)
    var = np.mean(xe * xe, axis=-1, keepdims=True) + np.ldexp(eps_row, -2 * e)
    m, ev = np.frexp(var)
    odd = (ev & 1) == 1
    mant = _fit(fit, np.where(odd, 2.0 * m, m))
    return np.ldexp(xe * _encoded(cfg, mant, 1), -(ev - odd) // 2)


def fs_set_float(name: str, x: np.ndarray) -> np.ndarray:
    """A published FS set in float64: v = x; for t < K: z = v > T[t], out += z d[t],
    v -= z h'[t] (h' = h for fs_coding sets, h shifted by one step for reset_first sets)."""
    entry = fs_parameter_sets()["sets"][name]
    h = np.asarray(entry["h"], np.float64)
    if entry["index_convention"] == "reset_first":
        h = np.append(h[1:], 0.0)
    v = np.array(x, np.float64)
    out = np.zeros_like(v)
    for theta, reset, weight in zip(entry["T"], h, entry["d"]):
        z = v > theta
        out += z * weight
        v -= z * reset
    return out


def fs_pieces_float(op: str, x: np.ndarray) -> np.ndarray:
    """x clamped to the op's range and routed to its pieces (as fxsim.ops.fs.run_pieces)."""
    lo, hi, plan = pieces(op)
    x = np.clip(np.asarray(x, np.float64), lo, hi)
    out = np.zeros_like(x)
    todo = np.ones(x.shape, dtype=bool)
    for name, upper, closed in plan:
        sel = todo & ((x <= upper) if closed else (x < upper))
        todo &= ~sel
        out[sel] = fs_set_float(name, x[sel])
    return out


def _fs_activation(op: str, config, x: np.ndarray) -> np.ndarray:
    """The FS pieces of ``op`` (the config holds integer formats only: unused)."""
    y = fs_pieces_float(op, x)
    return np.where(x > pieces(op)[1], x, y) if op == "silu" else y


def _fs_softmax(config, x: np.ndarray) -> np.ndarray:
    """LAS: tp = x - max + 0.1, e = FS exp(tp) where tp > -20 (else 0), out = e / FS(sum e)."""
    tp = x - x.max(axis=-1, keepdims=True) + SOFTMAX_OFFSET
    e = np.where(tp > SOFTMAX_CUTOFF, fs_pieces_float("exp", tp), 0.0)
    return e * fs_pieces_float("reciprocal", e.sum(axis=-1, keepdims=True))


#: (op, method) -> the float64 model(config, x) of that integer operator
FLOAT_MODELS: dict[tuple[str, str], Callable[..., np.ndarray]] = {
    **{(op, "mbe"): partial(_mbe_activation, op) for op in MBE_ACTIVATIONS},
    **{(op, "mbe"): partial(_mbe_scalar, op) for op in MBE_SCALARS},
    ("softmax", "mbe"): _mbe_softmax,
    **{(op, "mbe"): partial(_mbe_norm, op) for op in ("layernorm", "rmsnorm")},
    **{(op, "fs"): partial(_fs_activation, op) for op in FS_ACTIVATIONS},
    ("softmax", "fs"): _fs_softmax,
}


def float_model(op: str, method: str, config, x: np.ndarray) -> np.ndarray | None:
    """The float64 function ``method`` approximates ``op`` with (row ops over the last axis),
    or None when the method has no float model here (nlspike: the sweep then compares with
    the exact function alone)."""
    model = FLOAT_MODELS.get((op, method))
    return None if model is None else model(config, np.asarray(x, np.float64))
