"""Population presets, each pinned to its published integer rules.

- ``fs``: Few-Spikes neurons from a published parameter set (fxsim/params/fs_params.json,
  copied from the published sets of christophstoeckl/FS-neurons and lc783/LAS).
- ``loihi1``: Lava's bit-accurate Loihi-1 LIF (lava-nc/lava, src/lava/proc/lif/models.py,
  PyLifModelBitAcc).
- ``xylo``: SynSense Xylo IAF neuron (xylosim 0.1.3, XyloIAFNeuron.cpp / XyloLayer.cpp).
- ``mbe``: P2's Multi-basis Exponential Decay bases from a shipped fit (fxsim/params).
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

from .arith import quantize
from .errors import FxError
from .formats import Format, Rounding, as_format
from .population import Decay, Population
from .primitives.mbe import MbeConfig, basis_population, build_tables

PRESETS = ("fs", "loihi1", "xylo", "mbe")

# Loihi 1 constants (Lava PyLifModelBitAcc)
LOIHI_DECAY_SHIFT = 12      # du, dv are 12-bit fractions of the unity 4096
LOIHI_DECAY_UNITY = 1 << LOIHI_DECAY_SHIFT
LOIHI_DS_OFFSET = 1         # hardware offset added to du (du = 4095 decays u fully)
LOIHI_DM_OFFSET = 0         # offset added to dv
LOIHI_ACT_SHIFT = 6         # a_in and vth are shifted left by 6 for MSB alignment
LOIHI_STATE = 24            # u and v hold 24-bit values
LOIHI_BIAS_MANT_BITS = 13   # bias_mant is a signed 13-bit value: -4096..4095

# Xylo constants (xylosim 0.1.3)
XYLO_STATE = 16             # int16 v_mem and i_syn, every add saturating
XYLO_MAX_SPIKES = 31        # output spikes per neuron per step


@lru_cache(maxsize=1)
def fs_parameter_sets() -> dict:
    """The shipped FS parameter file (sets and LAS piecewise rules)."""
    text = resources.files("fxsim.params").joinpath("fs_params.json").read_text()
    return json.loads(text)


def _quantize_table(values, fmt: Format) -> np.ndarray:
    raw, events = quantize(np.asarray(values, dtype=np.float64), fmt.replace(
        rounding=Rounding.RND_CONV), return_overflow=True)
    if events:
        raise FxError(f"FS table does not fit {fmt}: choose more integer bits")
    return raw


def fs(n: int, fs_set: str = "fs_sigmoid", v_format: Format | str = "fixed<24,8,RND_CONV,SAT>",
       acc_format: Format | str = "fixed<24,8,TRN,SAT>") -> Population:
    """FS neurons: no leak, input loaded into v at t = 0, strict ``v > T[t]``, subtract reset.

    Thresholds T and resets h are quantized into ``v_format``'s frac, output weights d into
    ``acc_format``'s, all by round-half-even. Index conventions (data/README):
    ``fs_coding`` spikes on v > T[t], adds d[t], subtracts h[t]: r[t] = h[t].
    ``reset_first`` subtracts h[t] * z[t-1] at the start of step t, so the engine's reset
    after step t uses r[t] = h[t+1]; h[0] never acts, and the last reset r[K-1] = 0 leaves
    the final v as the source leaves it.
    """
    sets = fs_parameter_sets()["sets"]
    if fs_set not in sets:
        raise FxError(f"unknown FS parameter set {fs_set!r}; choose from {', '.join(sets)}")
    entry = sets[fs_set]
    v_format, acc_format = as_format(v_format), as_format(acc_format)
    h = np.asarray(entry["h"], dtype=np.float64)
    if entry["index_convention"] == "reset_first":
        h = np.append(h[1:], 0.0)
    return Population(n=n, steps=int(entry["K"]), v_format=v_format, acc_format=acc_format,
                      threshold=_quantize_table(entry["T"], v_format),
                      reset_amount=_quantize_table(h, v_format),
                      intensity=_quantize_table(entry["d"], acc_format),
                      compare=">", reset="subtract", input_mode="initial", name=f"fs:{fs_set}")


def loihi1(n: int, steps: int, du: int = 0, dv: int = 0, vth: int = 10, bias_mant=0,
           bias_exp: int = 0) -> Population:
    """Loihi-1 LIF as Lava's bit-accurate model computes it, one step:

    u = wrap24(tz(u * (4096 - (du + 1)) >> 12) + (a_in << 6))
    v = satsym24(tz(v * (4096 - dv) >> 12) + u + (bias_mant << bias_exp))
    spike if v > vth << 6, then v = 0.  (tz: shift toward zero; satsym24: clamp to +-(2**23 - 1))

    Inputs are a_in (int16 per step). The accumulator counts spikes. Not modelled (as in Lava):
    refractory period, axonal delay. Deliberate difference: the 24-bit wrap is exact two's
    complement at both ends; Lava's inline wrap keeps +2**23 unwrapped and turns exactly -2**23
    into +2**23, both outside 24 bits. a_in should be int16 (Loihi's input width); the engine
    accepts any int32 input and counts any resulting wrap.
    """
    for name, value in (("du", du), ("dv", dv)):
        if not 0 <= int(value) < LOIHI_DECAY_UNITY:
            raise FxError(f"loihi1 {name} must be in 0..4095, got {value}")
    if not 0 <= int(vth) < 1 << 17:
        raise FxError(f"loihi1 vth must be an unsigned 17-bit value, got {vth}")
    mant = np.asarray(bias_mant, dtype=np.int64)
    mant_word = Format(True, LOIHI_BIAS_MANT_BITS, 0)
    lo, hi = mant_word.min_raw, mant_word.max_raw
    if mant.size and (mant.min() < lo or mant.max() > hi):
        raise FxError(f"loihi1 bias_mant must be a signed {LOIHI_BIAS_MANT_BITS}-bit value "
                      f"({lo}..{hi})")
    bias = mant << bias_exp if bias_exp >= 0 else mant >> -bias_exp
    return Population(
        n=n, steps=steps,
        i_format=Format(True, LOIHI_STATE, 0, Rounding.TRN, "WRAP"),
        v_format=Format(True, LOIHI_STATE, 0, Rounding.TRN, "SAT_SYM"),
        acc_format=Format(True, 32, 0, Rounding.TRN, "SAT"),
        decay_i=Decay("mult", LOIHI_DECAY_SHIFT, LOIHI_DECAY_UNITY - (int(du) + LOIHI_DS_OFFSET),
                      Rounding.TRN_ZERO),
        decay_v=Decay("mult", LOIHI_DECAY_SHIFT, LOIHI_DECAY_UNITY - (int(dv) + LOIHI_DM_OFFSET),
                      Rounding.TRN_ZERO),
        threshold=int(vth) << LOIHI_ACT_SHIFT, bias=bias, compare=">", reset="zero", v_reset=0,
        input_shift=LOIHI_ACT_SHIFT, name="loihi1")


def xylo(n: int, steps: int, dash_mem: int = 1, dash_syn: int = 1, threshold=64,
         bias=0) -> Population:
    """Xylo IAF neuron (xylosim), one step:

    i = sat16(i + in[t]); i = i - leak(i, dash_syn)
    dv = sat16(i - leak(v, dash_mem)); dv = sat16(dv + bias); v = sat16(v + dv)
    while v >= threshold and n < 31: v -= threshold; n += 1

    leak(x, dash) = x >> dash (arithmetic), or sign(x) when that is 0 and x != 0.
    in[t] is the step's summed weighted input (w << weight_shift). Not modelled: Xylo adds
    each input spike with its own saturating add; a sum whose partial sums saturate differs.
    """
    for name, value in (("dash_mem", dash_mem), ("dash_syn", dash_syn)):
        if not 0 <= int(value) <= 15:
            raise FxError(f"xylo {name} must be a 4-bit shift (0..15), got {value}")
    state = Format(True, XYLO_STATE, 0, Rounding.TRN, "SAT")
    return Population(
        n=n, steps=steps, v_format=state, i_format=state,
        acc_format=Format(True, 32, 0, Rounding.TRN, "SAT"),
        decay_i=Decay("shift", int(dash_syn), 0, Rounding.TRN, True),
        decay_v=Decay("shift", int(dash_mem), 0, Rounding.TRN, True),
        threshold=threshold, bias=bias, compare=">=", reset="subtract",
        max_spikes=XYLO_MAX_SPIKES, input_before_decay=True, membrane="increment", name="xylo")


def mbe(n: int, fit: str = "gelu_n4", bank: int = 0, basis: int | None = None,
        u_format: Format | str = "fixed<32,4,RND_CONV,SAT>",
        acc_format: Format | str = "fixed<32,10,TRN,SAT>") -> Population:
    """MBE bases (P2) of one bank of a shipped fit (fxsim/params/mbe_params.json) on n inputs.

    No leak, normalised input u in [0, 1] loaded into v at t = 0, spike on ``v >= theta[t]``,
    subtract reset ``r[t]``, ``acc += a[t]`` with a = w * d (integer tables:
    fxsim.primitives.mbe.build_tables). ``basis=None``: all N bases of the bank, neuron
    ``k * n + j`` is basis k on input j (schedules [T, N * n]); ``basis=k``: basis k alone.
    """
    config = MbeConfig(fit=fit, u_format=str(as_format(u_format)),
                       acc_format=str(as_format(acc_format)))
    tables = build_tables(config)
    if not 0 <= bank < len(tables["banks"]):
        raise FxError(f"mbe fit {fit!r} has {len(tables['banks'])} bank(s), not bank {bank}")
    b = tables["banks"][bank]
    n_bases = b.theta.shape[0]
    if basis is not None:
        if not 0 <= basis < n_bases:
            raise FxError(f"mbe fit {fit!r} bank {bank} has bases 0..{n_bases - 1}")
        return basis_population(tables, bank, basis, n, config)
    return Population(n=n * n_bases, steps=tables["T"], v_format=config.u_format,
                      acc_format=config.acc_format, threshold=np.repeat(b.theta.T, n, axis=1),
                      reset_amount=np.repeat(b.reset.T, n, axis=1),
                      intensity=np.repeat(b.intensity.T, n, axis=1), compare=">=",
                      reset="subtract", input_mode="initial", name=f"mbe:{fit}:bank{bank}")


def make(name: str, **kwargs) -> Population:
    """A preset by name with its keyword arguments."""
    builders = {"fs": fs, "loihi1": loihi1, "xylo": xylo, "mbe": mbe}
    if name not in builders:
        raise FxError(f"unknown preset {name!r}; choose from {', '.join(PRESETS)}")
    try:
        return builders[name](**kwargs)
    except TypeError as exc:
        raise FxError(f"preset {name!r}: {exc}") from None
