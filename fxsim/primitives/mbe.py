"""MBE neuron (P2; docs/algorithms.md sections 8.2-8.3) in integers: fitted float parameters
-> integer kernel tables -> the population engine, one population per basis.

Table rule (docs/algorithms.md section 8.2), all by round-half-even (RND_CONV), a value that
does not fit its Format is an FxError, never saturated:

    theta[n, t] = max(q(min(alpha_n * gamma_v,n ** t, 2), u_format), 1 LSB)
    r[n, t]     = q(min(rho_n * gamma_r,n ** t, 2), u_format)
    a[n, t]     = q(w_n * gamma_d,n ** t, acc_format)     (readout weight folded into intensity)
    bias        = q(bias, acc_format)

Per bank (input normalisation, integer): ``diff = max(sign * x - offset, 0)`` in the input's
frac, ``u = min(ShiftScaler(1 / scale).apply(diff), 1.0)`` in u_format. Basis n is the engine
population ``input_mode="initial"``, no leak, spike on ``v >= theta[n, t]``, subtract
``r[n, t]``, ``acc += a[n, t]``. Output ``y = requantize(sum_n acc_n + bias, output_format)``.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import ClassVar

import numpy as np

from ..arith import ShiftScaler, quantize, requantize
from ..backends import abi, fused
from ..errors import FxError
from ..formats import INTERMEDIATE_BITS, Format, Rounding, as_format
from ..population import Population
from ..spec import Spec, fmt_field, ranged
from . import PrimitiveResult
from .chain import run_bank


#: Thresholds and resets above 2.0 are stored as 2.0. This changes no spike: the membrane
#: starts in [0, 1] and only ever decreases (alpha, rho > 0), so a threshold above 1 never
#: fires and any reset of at least 2 leaves v <= -1, below every (positive) threshold.
KERNEL_CAP = 2.0
#: A threshold that rounds to 0 is stored as 1 LSB: every float threshold is positive, so a
#: membrane at exactly 0 (u = 0 for x at or below a bank's offset) must not fire.


@lru_cache(maxsize=1)
def mbe_fits() -> dict:
    """The shipped MBE parameter file (fxsim/params/mbe_params.json): {name: record}."""
    text = resources.files("fxsim.params").joinpath("mbe_params.json").read_text()
    return json.loads(text)["fits"]


#: separates a parameter file from a fit name in ``MbeConfig.fit`` ("FILE#NAME")
FILE_SEP = "#"


@lru_cache(maxsize=32)
def _file_fits(path: str, mtime_ns: int) -> dict:
    try:
        fits = json.loads(Path(path).read_text())["fits"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FxError(f"cannot read MBE parameter file {path}: {exc}") from None
    if not isinstance(fits, dict):
        raise FxError(f"MBE parameter file {path}: fits must be a table of records")
    return fits


def file_fits(path: str | Path) -> dict:
    """{name: record} of a parameter file written by ``fxsim fit`` (cached per path and
    modification time)."""
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError as exc:
        raise FxError(f"cannot read MBE parameter file {path}: {exc.strerror}") from None
    return _file_fits(str(path), mtime)


def load_fits(path) -> list[str]:
    """Add the fits of a parameter file written by ``fxsim fit`` to the shipped ones (same
    names replace them for this process); returns the names added."""
    fits = file_fits(path)
    mbe_fits().update(fits)
    return sorted(fits)


def fit_record(name: str) -> dict:
    """The record of fit ``name``: a shipped fit, or ``FILE#NAME``, fit NAME of the parameter
    file FILE (written by ``fxsim fit`` or ``fxsim calibrate --method mbe``)."""
    path, sep, key = name.rpartition(FILE_SEP)
    fits = file_fits(path) if sep else mbe_fits()
    if key not in fits:
        raise FxError(f"unknown MBE fit {key!r} in {path or 'the shipped fits'}; choose from "
                      f"{', '.join(sorted(fits))}")
    return fits[key]


@dataclass(frozen=True)
class MbeConfig(Spec):
    """Every knob of one integer MBE neuron.

    fit: a name in fxsim/params/mbe_params.json, or ``FILE#NAME`` (fit NAME of a parameter
    file written by ``fxsim fit`` / ``fxsim calibrate --method mbe``). u_format: membrane, thresholds and resets
    (default 28 frac bits, range +-8). acc_format: intensities a = w * d, accumulators and
    bias (22 frac bits, +-512). output_format: y (its rounding and overflow apply).
    scale_width: width of the input-normalisation constant 1 / scale (ShiftScaler).
    """

    TABLE: ClassVar[str] = "mbe"

    fit: str = "gelu_n4"
    u_format: str = fmt_field("fixed<32,4,RND_CONV,SAT>")
    acc_format: str = fmt_field("fixed<32,10,TRN,SAT>")
    output_format: str = fmt_field("fixed<32,10,RND_CONV,SAT>")
    scale_width: int = ranged(2, 30, 24)

    def check(self) -> None:
        fit_record(self.fit)


def _q(values, fmt: Format, what: str) -> np.ndarray:
    """RND_CONV into fmt; a value outside fmt is an FxError."""
    values = np.asarray(values, dtype=np.float64)
    raw, events = quantize(values, fmt.replace(rounding=Rounding.RND_CONV),
                           return_overflow=True)
    if events:
        raise FxError(f"MBE {what} (max |value| {np.abs(values).max():.6g}) does not fit {fmt}")
    return raw


@dataclass(frozen=True)
class BankTables:
    """Integer tables of one bank: theta, reset, intensity int64 [N, T]; normalisation."""

    sign: int
    offset: float
    scale: ShiftScaler
    theta: np.ndarray
    reset: np.ndarray
    intensity: np.ndarray


def build_tables(config: MbeConfig) -> dict:
    """The integer tables of ``config.fit`` (docs/algorithms.md 8.2): {"banks": [BankTables],
    "bias": int (acc_format raw), "T": steps, "record": the float record}."""
    rec = fit_record(config.fit)
    uf, af = as_format(config.u_format), as_format(config.acc_format)
    t = np.arange(rec["T"], dtype=np.float64)
    banks = []
    for bank in rec["banks"]:
        bases = bank["bases"]
        alpha, rho, gv, gr, gd, w = (np.array([b[k] for b in bases])[:, None] for k in
                                     ("alpha", "rho", "gamma_v", "gamma_r", "gamma_d", "w"))
        banks.append(BankTables(
            sign=int(bank["sign"]), offset=float(bank["offset"]),
            scale=ShiftScaler.from_constant("1/scale", 1.0 / bank["scale"],
                                            width=int(config.scale_width)),
            theta=np.maximum(_q(np.minimum(alpha * gv ** t, KERNEL_CAP), uf, "threshold"), 1),
            reset=_q(np.minimum(rho * gr ** t, KERNEL_CAP), uf, "reset"),
            intensity=_q(w * gd ** t, af, "intensity")))
    return {"banks": banks, "bias": int(_q([rec["bias"]], af, "bias")[0]), "T": int(rec["T"]),
            "record": rec}


def normalise(x_raw: np.ndarray, x_format: Format, bank: BankTables, u_format: Format,
              backend: str = "numpy"):
    """u = min(1, ShiftScaler(1/scale)(max(sign * x - offset, 0))) as raw u_format (int64)."""
    offset = round(math.ldexp(bank.offset, x_format.frac))     # exact for P2's domain ends
    diff = np.maximum(bank.sign * x_raw.astype(np.int64) - offset, 0)
    u = bank.scale.apply(diff, x_format.frac, u_format, backend=backend)
    return np.minimum(u, np.int64(1) << u_format.frac)


def basis_population(tables: dict, bank: int, basis: int, n: int, config: MbeConfig) -> Population:
    """Basis ``basis`` of bank ``bank`` as an engine population of n neurons (per-step kernels)."""
    b = tables["banks"][bank]
    return Population(n=n, steps=tables["T"], v_format=config.u_format,
                      acc_format=config.acc_format, threshold=b.theta[basis],
                      reset_amount=b.reset[basis], intensity=b.intensity[basis], compare=">=",
                      reset="subtract", input_mode="initial",
                      name=f"mbe:{config.fit}:bank{bank}:basis{basis}")


def magnitude_bits(x: np.ndarray) -> int:
    """Bit length of max |x| (0 for an empty array)."""
    return int(max(-int(x.min()), int(x.max()))).bit_length() if x.size else 0


#: neuron_plan's plans built from the fit files: (config, x_frac, x_bits) -> (the fit record
#: they were built from, the plan); a record replaced by load_fits misses
_PLANS: dict = {}
_PLANS_MAX = 256


def neuron_plan(config: MbeConfig, x_frac: int, x_bits: int, tables: dict | None = None
                ) -> abi.MbePlan | None:
    """The fused-pass plan (fx_mbe_t) of the neuron on raw inputs with x_frac fractional bits
    and |x| < 2**x_bits, or None where the fused pass does not apply: more than
    MBE_MAX_BANKS banks, u_format's frac outside [0, 62), or an intermediate (a scaler
    product, a widening) that could pass INTERMEDIATE_BITS, where the composition checks
    and raises. tables: the neuron's own (else built from config, and the plan cached)."""
    if tables is not None:
        return _neuron_plan(config, x_frac, x_bits, tables)
    key, record = (config, x_frac, x_bits), fit_record(config.fit)
    hit = _PLANS.get(key)
    if hit is None or hit[0] is not record:
        if len(_PLANS) >= _PLANS_MAX:
            _PLANS.clear()
        hit = _PLANS[key] = (record, _neuron_plan(config, x_frac, x_bits,
                                                  build_tables(config)))
    return hit[1]


def _neuron_plan(config: MbeConfig, x_frac: int, x_bits: int, tables: dict
                 ) -> abi.MbePlan | None:
    uf, af, of = (as_format(getattr(config, k)) for k in ("u_format", "acc_format",
                                                           "output_format"))
    banks = tables["banks"]
    if len(banks) > abi.MBE_MAX_BANKS or not 0 <= uf.frac < INTERMEDIATE_BITS:
        return None
    offsets = [round(math.ldexp(b.offset, x_frac)) for b in banks]
    drops = [x_frac + b.scale.shift - uf.frac for b in banks]
    for bank, offset, drop in zip(banks, offsets, drops):
        diff_bits = max(x_bits, abs(offset).bit_length()) + 1
        if diff_bits + abs(bank.scale.m).bit_length() + max(0, -drop) > INTERMEDIATE_BITS:
            return None
    bases = [b.theta.shape[0] for b in banks]
    total_bits = 32 + sum(bases).bit_length() + 1           # sum of the accumulators + bias
    if total_bits + max(0, of.frac - af.frac) > INTERMEDIATE_BITS:
        return None

    def table(name: str) -> np.ndarray:
        return np.ascontiguousarray(np.concatenate(
            [getattr(b, name).reshape(-1) for b in banks]), np.int64)

    def per_bank(values) -> np.ndarray:
        return np.array(list(values), np.int64)

    return abi.MbePlan(
        banks=len(banks), bank_bases=per_bank(bases), sign=per_bank(b.sign for b in banks),
        offset=per_bank(offsets), scale_m=per_bank(b.scale.m for b in banks),
        scale_drop=per_bank(drops), u_format=abi.FormatArgs.of(uf), u_one=1 << uf.frac,
        acc_format=abi.FormatArgs.of(af), steps=tables["T"], compare_strict=0,
        theta=table("theta"), reset=table("reset"), intensity=table("intensity"),
        bias=tables["bias"], out_drop=af.frac - of.frac, out=abi.FormatArgs.of(of))


def op_plan(neuron: abi.MbePlan, pre: str = "none", post: str = "none", **stages
            ) -> abi.MbeOpPlan:
    """fx_mbe_op_t: the neuron between the stages ``pre`` (abi.MBE_PRE) and ``post``
    (abi.MBE_POST), whose fields ``stages`` gives; the others are 0."""
    fields = {"z_m": 0, "z_drop": 0, "z_format": abi.FormatArgs.of(None), "z_frac": 0,
              "x_frac": 0, "mant_frac": 0, "shift_base": 0, "post_one": 0, "pass_at": 0,
              "post_drop": 0, "post_format": abi.FormatArgs.of(None), "tails": 0, "tail_lo": 0,
              "tail_hi": 0, "tail_lo_y": 0, "tail_hi_y": 0, "tail_hi_pass": 0}
    fields.update(stages)
    return abi.MbeOpPlan(neuron=neuron, pre=abi.MBE_PRE.index(pre),
                         post=abi.MBE_POST.index(post), **fields)


def neuron_stats(counts: dict[str, int], plan: abi.MbePlan, n: int) -> dict[str, int]:
    """The stats of :func:`mbe_neuron` on n inputs from a fused pass's counts."""
    return {"spikes": counts["spikes"], "adds": 2 * counts["spikes"] + plan.bases * n,
            "multiplies": plan.banks * n, "overflow_v": counts["overflow_v"],
            "overflow_acc": counts["overflow_acc"], "overflow_output": counts["overflow_neuron"]}


def mbe_neuron(x_raw, x_format: Format | str, config: MbeConfig | None = None, *,
               backend: str = "numpy", trace: bool = False, tables: dict | None = None
               ) -> PrimitiveResult:
    """Integer MBE neuron on raw inputs (any shape) in ``x_format``; result in output_format.

    trace: per basis "bank{b}.basis{n}.spikes" int64 [T, size] (axis order: step, element).
    stats: spikes, adds (membrane + accumulator + readout), overflow_v / overflow_acc.
    """
    config = config or MbeConfig()
    x_format = as_format(x_format)
    uf, af, of = (as_format(getattr(config, k)) for k in ("u_format", "acc_format",
                                                           "output_format"))
    x = np.asarray(x_raw)
    flat = x.reshape(-1)
    kernel = fused(backend, "mbe_op") if flat.size and not trace else None
    plan = kernel and neuron_plan(config, x_format.frac, magnitude_bits(flat), tables)
    if plan:
        y, counts = kernel(flat, op_plan(plan))
        return PrimitiveResult(raw=y.reshape(x.shape), format=of,
                               stats=neuron_stats(counts, plan, flat.size))
    tables = tables or build_tables(config)
    total = np.zeros(flat.size, dtype=np.int64)
    stats = {"spikes": 0, "adds": 0, "multiplies": 0, "overflow_v": 0, "overflow_acc": 0}
    records = {}
    if flat.size:
        for bi, bank in enumerate(tables["banks"]):
            u = normalise(flat, x_format, bank, uf, backend)
            stats["multiplies"] += flat.size
            bases = bank.theta.shape[0]
            acc, counts, spikes = run_bank(
                [basis_population(tables, bi, k, flat.size, config) for k in range(bases)],
                u.astype(np.int32), backend, record=trace)
            total += acc
            for key, value in counts.items():
                stats[key] += value
            stats["adds"] += 2 * counts["spikes"] + bases * flat.size
            for k, rec in enumerate(spikes or ()):
                records[f"bank{bi}.basis{k}.spikes"] = rec
    y, events = requantize(total + tables["bias"], af.frac, of, backend=backend,
                           return_overflow=True)
    stats["overflow_output"] = int(events)
    return PrimitiveResult(raw=y.reshape(x.shape), format=of, trace=records if trace else None,
                           stats=stats)
