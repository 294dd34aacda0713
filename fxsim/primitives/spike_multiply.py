"""Spike-driven multiply (P2 Eq. 9-12; docs/algorithms.md section 8.5): x1 * x2 = sum_kl D_kl S_kl.

Each operand is split by polarity (x = x+ - x-, both non-negative) and each part is encoded by
an identity encoder into binary spike trains s (one per basis and step) whose decoded value is
``recon = sum_k a_k s_k + c`` with input-independent intensities a (and c = the fit's bias, an
always-on term). With S = s1 outer s2 and D = a1 outer a2 the spike sum equals recon1 * recon2
exactly, so the kernels compute it in that separable form; :func:`spike_product` evaluates the
D * S sum itself for checks. Encoders:

- ``sar``: one halving basis, theta = r = d = 2**(T-1-t) on q = |x| scaled to T bits (TRN):
  an exact T-bit successive-approximation code, recon = q, so the product is the integer
  product of the T-bit operands;
- ``fit``: the shipped identity MBE neuron (P2's MBE_Id, N = 8) on u = |x| / 2**int_bits.

docs/algorithms.md section 8.5.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import numpy as np

from ..arith import requantize
from ..backends import abi
from ..errors import FxError
from ..formats import INTERMEDIATE_BITS, Format, as_format
from ..population import Population
from ..spec import Spec, choice, fmt_field, ranged
from . import PrimitiveResult
from .chain import chain_plan, run_bank
from .mbe import MbeConfig, build_tables, mbe_neuron, neuron_plan, op_plan

ENCODERS = ("sar", "fit")


@dataclass(frozen=True)
class SpikeMultiplyConfig(Spec):
    """encoder: "sar" or "fit". steps: SAR timesteps (= bits per operand). fit, u_format,
    acc_format: the identity MBE neuron of the "fit" encoder. a_int_bits / b_int_bits: each
    operand's calibration range |x| < 2**int_bits (larger magnitudes saturate to the top code).
    output_format: the product (its rounding and overflow)."""

    TABLE: ClassVar[str] = "spike_multiply"

    encoder: str = choice(ENCODERS, "sar")
    steps: int = ranged(1, 30, 16)
    fit: str = "identity_n8"
    u_format: str = fmt_field("fixed<32,4,RND_CONV,SAT>")
    acc_format: str = fmt_field("fixed<32,10,TRN,SAT>")
    a_int_bits: int = ranged(-30, 30, 0)
    b_int_bits: int = ranged(-30, 30, 0)
    output_format: str = fmt_field("fixed<32,8,RND_CONV,SAT>")

    def check(self) -> None:
        if self.encoder == "fit":
            self.mbe()

    def mbe(self) -> MbeConfig:
        return MbeConfig(fit=self.fit, u_format=self.u_format, acc_format=self.acc_format,
                         output_format=self.acc_format)


def sar_population(n: int, steps: int) -> Population:
    """The halving identity encoder: T = steps, theta[t] = r[t] = d[t] = 2**(T-1-t), spike on
    >=, no leak; on an input q in [0, 2**T) it fires the bits of q and acc = q exactly."""
    kernel = np.int64(1) << np.arange(steps - 1, -1, -1, dtype=np.int64)
    fmt = Format(True, min(steps + 2, 32), 0, "TRN", "SAT")
    return Population(n=n, steps=steps, v_format=fmt, acc_format=fmt, threshold=kernel,
                      intensity=kernel, compare=">=", reset="subtract", input_mode="initial",
                      name=f"sar_identity:T{steps}")


def encode(x_raw, x_format, int_bits: int, config: SpikeMultiplyConfig, *,
           backend: str = "numpy", record: bool = True):
    """Encode the non-negative raw values x_raw (x_format) -> (recon int64, recon frac, stats,
    spikes or None). value(x) ~ recon * 2**-frac; the SAR record (with ``record``) holds
    spikes [T, size]."""
    xf = as_format(x_format)
    x = np.asarray(x_raw, dtype=np.int64).reshape(-1)
    if x.size and x.min() < 0:
        raise FxError("encode needs non-negative values (split by polarity first)")
    if config.encoder == "sar":
        T = config.steps
        q, events = requantize(x, xf.frac, Format(False, T, T - int_bits, "TRN", "SAT"),
                               return_overflow=True)
        acc, counts, spikes = run_bank([sar_population(x.size, T)], q.astype(np.int32),
                                       backend, record=record)
        stats = {"spikes": counts["spikes"], "saturated": int(events)}
        return acc, recon_frac(config, int_bits), stats, spikes[0] if record else None
    uf = as_format(config.u_format)
    u = requantize(x, xf.frac + int_bits, uf, backend=backend)
    u = np.minimum(u, np.int64(1) << uf.frac)
    res = mbe_neuron(u, uf, config.mbe(), backend=backend)
    return res.raw, recon_frac(config, int_bits), {
        "spikes": res.stats["spikes"], "saturated": int(np.count_nonzero(
            u == np.int64(1) << uf.frac))}, None


def recon_frac(config: SpikeMultiplyConfig, int_bits: int) -> int:
    """The frac of :func:`encode`'s reconstruction of an operand with range 2**int_bits: the
    SAR code's T - int_bits, the fit neuron's acc frac - int_bits."""
    top = config.steps if config.encoder == "sar" else as_format(config.acc_format).frac
    return top - int_bits


@lru_cache(maxsize=None)
def sar_neuron(steps: int) -> abi.MbePlan:
    """The "sar" encoder as a fused MBE neuron (fx_mbe_t): one bank of one basis, the input
    read as is (sign 1, offset 0, scale 1, drop 0) into the chain of :func:`sar_population`,
    bias 0 and no output rescale, so on q in [0, 2**T) it gives acc = q and q's set bits as
    spikes, the integers and counts of :func:`encode`'s bank."""
    chain = chain_plan([sar_population(1, steps)])
    one, zero = np.ones(1, np.int64), np.zeros(1, np.int64)
    return abi.MbePlan(banks=1, bank_bases=one, sign=one, offset=zero, scale_m=one,
                       scale_drop=zero, u_format=chain.v_format, u_one=(1 << steps) - 1,
                       acc_format=chain.acc_format, steps=steps,
                       compare_strict=chain.compare_strict, theta=chain.theta,
                       reset=chain.reset, intensity=chain.intensity, bias=0, out_drop=0,
                       out=chain.acc_format)


def encoder_plan(x_format, int_bits: int, config: SpikeMultiplyConfig,
                 x_bits: int) -> abi.MbeEncoderPlan | None:
    """The fused encoder (fx_mbe_encoder_t) of :func:`encode` on raw inputs |x| < 2**x_bits,
    read with frac x frac + int_bits: "fit", u = min(requant(|x|, u_format), 1.0) into the
    fit's neuron; "sar", q = requant(|x|, ufixed<T,T,TRN,SAT>) (capped at 2**T - 1 by its
    saturation) into :func:`sar_neuron`. None where the input's widening could pass
    INTERMEDIATE_BITS or the fit's neuron has no fused plan."""
    xf = as_format(x_format)
    if config.encoder == "sar":
        uf = Format(False, config.steps, config.steps, "TRN", "SAT")
        neuron, one = sar_neuron(config.steps), uf.max_raw
    else:
        uf = as_format(config.u_format)
        neuron, one = neuron_plan(config.mbe(), uf.frac, uf.width), 1 << uf.frac
    drop = xf.frac + int_bits - uf.frac
    if not neuron or x_bits + max(0, -drop) > INTERMEDIATE_BITS:
        return None
    return abi.MbeEncoderPlan(op_plan(neuron), drop, abi.FormatArgs.of(uf), one)


def _distinct(x: np.ndarray) -> np.ndarray:
    """The part of x that holds every distinct element once per repeat pattern, broadcastable
    back to x.shape: x without its broadcast (stride-0) axes, or one 0 for an all-zero x."""
    if x.size and not x.any():
        return np.zeros((1,) * x.ndim, np.int64)
    return x[tuple(slice(0, 1) if stride == 0 else slice(None)
                   for stride in x.strides)]


def signed_recon(x_raw, x_format, int_bits: int, config: SpikeMultiplyConfig, *,
                 backend: str = "numpy") -> tuple[np.ndarray, int, dict]:
    """One operand of the multiply: (recon(x+) - recon(x-) int64 in x's shape, its frac, the
    encoders' spikes and saturated counts). Encoding is a pure function of each element and its
    counts are sums over elements, so repeated elements (broadcast axes, an all-zero polarity
    part) are encoded once and their counts multiplied by the repeats."""
    x = np.asarray(x_raw, dtype=np.int64)
    base = _distinct(x)
    stats = {"spikes": 0, "saturated": 0}
    parts, frac = [], 0
    for part in (np.maximum(base, 0), np.maximum(-base, 0)):
        one = _distinct(part)
        recon, frac, st, _ = encode(one, x_format, int_bits, config, backend=backend,
                                    record=False)
        repeats = x.size // max(one.size, 1)
        for k in ("spikes", "saturated"):
            stats[k] += st[k] * repeats
        parts.append(np.broadcast_to(recon.reshape(one.shape), base.shape))
    return np.broadcast_to(parts[0] - parts[1], x.shape), frac, stats


def spike_multiply(a_raw, a_format, b_raw, b_format, config: SpikeMultiplyConfig | None = None,
                   *, backend: str = "numpy") -> PrimitiveResult:
    """a * b elementwise (same shapes) by polarity-split spike encoding; result in output_format.

    recon(a) = enc(a+) - enc(a-), likewise b; product = recon(a) * recon(b) (the four
    polarity products of D * S summed with their signs), requantized once."""
    config = config or SpikeMultiplyConfig()
    a, b = np.asarray(a_raw, dtype=np.int64), np.asarray(b_raw, dtype=np.int64)
    if a.shape != b.shape:
        raise FxError(f"spike_multiply operands differ in shape: {a.shape} vs {b.shape}")
    stats = {"spikes": 0, "saturated": 0, "multiplies": 4 * int(a.size)}   # four D * S sums
    recons, fracs = [], []
    for x, fmt, bits in ((a, a_format, config.a_int_bits), (b, b_format, config.b_int_bits)):
        recon, frac, st = signed_recon(x, fmt, bits, config, backend=backend)
        recons.append(recon)
        fracs.append(frac)
        for k in ("spikes", "saturated"):
            stats[k] += st[k]
    out_fmt = as_format(config.output_format)
    raw, events = requantize(recons[0] * recons[1], fracs[0] + fracs[1], out_fmt,
                             backend=backend, return_overflow=True)
    stats["overflow_output"] = int(events)
    return PrimitiveResult(raw=raw.reshape(a.shape), format=out_fmt, stats=stats)


def intensity_vector(config: SpikeMultiplyConfig) -> np.ndarray:
    """a (int64): the decoded weight of every spike of one encoder, basis-major [N * T], then
    the always-on bias term c (0 for SAR). Units: recon raw of :func:`encode`."""
    if config.encoder == "sar":
        return np.append(np.int64(1) << np.arange(config.steps - 1, -1, -1, dtype=np.int64), 0)
    tables = build_tables(config.mbe())
    return np.append(np.concatenate([b.intensity.reshape(-1) for b in tables["banks"]]),
                     tables["bias"])


def intensity_matrix(config: SpikeMultiplyConfig) -> np.ndarray:
    """D = a outer a (int64 [N*T + 1, N*T + 1]), the precomputed table P2 stores."""
    a = intensity_vector(config)
    return np.outer(a, a)


def spike_product(s1: np.ndarray, s2: np.ndarray, D: np.ndarray) -> np.ndarray:
    """sum_kl D_kl s1_k s2_l for spike vectors s [N*T + 1, size] (last row: always-on 1)."""
    return np.einsum("kl,ki,li->i", D, s1.astype(np.int64), s2.astype(np.int64))
