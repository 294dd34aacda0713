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
from ..errors import FxError
from ..formats import Format, Rounding, as_format
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
    tables = tables or build_tables(config)
    x = np.asarray(x_raw)
    flat = x.reshape(-1)
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
