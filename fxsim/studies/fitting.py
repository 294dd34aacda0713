"""Offline fitting of MBE neurons (P2, Eq. 4-8) in float64: the only float optimisation in fxsim.

Not part of the simulator core: nothing under fxsim.population, fxsim.primitives or fxsim.ops
imports this module; ``fxsim fit`` and ``tools/fit_mbe.py`` do. It needs scipy (the ``fit``
extra).

Model fitted (docs/algorithms.md section 8.1). A neuron has one or two *banks* of bases. Bank b
sees ``u = clip((sign_b * x - offset_b) / scale_b, 0, 1)`` (input normalisation; a polarity
split uses two banks, ``relu(x)`` and ``relu(-x)``). Basis n of a bank runs T steps of

    s = u >= theta_n[t];  u -= s * r_n[t];  o_n += s * d_n[t]

with ``theta_n[t] = alpha_n * gv_n**t``, ``r_n[t] = rho_n * gr_n**t``, ``d_n[t] = gd_n**t``
(P2's ``alpha * exp(-t dt / tau)`` with dt = 1 and gamma = exp(-1 / tau); the per-basis leading
threshold alpha_n and reset rho_n replace the shared alpha, the leading intensity is folded
into w_n). The readout ``y = sum_n w_n o_n + bias`` is solved by least squares for every
candidate kernel set; the kernels (5 numbers per basis) are searched by Powell's method from
seeded random starts (or, ``init``, from a smaller fit's bases: a warm start). ``decay=False`` pins every gamma to 1 (P2's "no decay" ablation).
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import FxError
from ..floatref.models import Bank, run_bases
from ..ops.mbe.config import MbeActivationConfig
from ..primitives.mbe import fit_record
from ..ops.mbe.tails import ASYMPTOTES, critical_interval
from ..floatref.workloads import SAMPLES, sample_grid
from ..files.atomic import atomic_path
from .weighting import Weighting, parse_weighting

PARAMS_VERSION = 1
STEPS = 16
SEARCH_SAMPLES = 2_000    # coarser grid used inside the kernel search
RIDGE = 1e-9              # readout ridge per sample (see readout)
GAMMA_MIN = 0.05          # per-step decay factors live in (GAMMA_MIN, 1): no vanishing kernels


def _gelu(x):
    from scipy.special import erf
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def _silu(x):
    return x / (1.0 + np.exp(-x))


#: name -> (function, domain lo, hi, polarity split)
FUNCTIONS = {
    "gelu": (_gelu, -120.0, 10.0, True),
    "tanh": (np.tanh, -120.0, 10.0, True),
    "exp2": (np.exp2, 0.0, 1.0, False),
    "inv": (lambda x: 1.0 / x, 0.5, 1.0, False),
    "rsqrt": (lambda x: 1.0 / np.sqrt(x), 0.5, 2.0, False),
    "identity": (lambda x: x, 0.0, 1.0, False),
    "silu": (_silu, -8.0, 12.0, True),
}


def target(function: str):
    if function not in FUNCTIONS:
        raise FxError(f"unknown fit target {function!r}; choose from {', '.join(FUNCTIONS)}")
    return FUNCTIONS[function][0]


def banks_for(lo: float, hi: float, split: bool, n_bases: int) -> list[Bank]:
    """Polarity split (lo < 0 < hi): relu(x) and relu(-x) banks; with one basis only relu(x)."""
    if split and lo < 0 < hi:
        return [Bank(1, 0.0, hi)] + ([Bank(-1, 0.0, -lo)] if n_bases >= 2 else [])
    return [Bank(1, lo, hi - lo)]


def kernels(p: np.ndarray, steps: int = STEPS, decay: bool = True):
    """Per-basis search vector [log alpha, log rho/alpha, logit gv, logit gr, logit gd] ->
    theta, r, d as float64 [n, steps]."""
    p = p.reshape(-1, 5)
    alpha = np.exp(p[:, 0])
    rho = alpha * np.exp(p[:, 1])
    gamma = (GAMMA_MIN + (1.0 - GAMMA_MIN) / (1.0 + np.exp(-p[:, 2:5])) if decay
             else np.ones((p.shape[0], 3)))
    t = np.arange(steps)
    return (alpha[:, None] * gamma[:, 0:1] ** t, rho[:, None] * gamma[:, 1:2] ** t,
            gamma[:, 2:3] ** t)


def readout(o: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None):
    """Least-squares w [n] and bias for y ~ w @ o + bias (rows weighted by ``weights``, mean 1,
    when given) with a tiny ridge on w (RIDGE * m), which keeps nearly collinear bases from
    cancelling with huge weights that no integer intensity table could hold; returns (w, bias,
    fitted y)."""
    n, m = o.shape
    a = np.vstack([o, np.ones(m)]).T
    root = np.ones(m) if weights is None else np.sqrt(weights)
    penalty = np.hstack([np.eye(n) * math.sqrt(RIDGE * m), np.zeros((n, 1))])
    coef, *_ = np.linalg.lstsq(np.vstack([a * root[:, None], penalty]),
                               np.concatenate([y * root, np.zeros(n)]), rcond=None)
    return coef[:-1], float(coef[-1]), a @ coef


def features(x: np.ndarray, banks: list[Bank], per_bank: list[int], p: np.ndarray, decay: bool):
    """Bank outputs stacked [N, m] for search vector p (per_bank bases per bank, in order)."""
    rows, start = [], 0
    for bank, n in zip(banks, per_bank):
        theta, r, d = kernels(p[start * 5:(start + n) * 5], decay=decay)
        rows.append(run_bases(bank.normalise(x), theta, r, d))
        start += n
    return np.vstack(rows)


def _initial(rng: np.random.Generator, n: int, restart: int) -> np.ndarray:
    """A seeded start. Restart 0: every basis near a successive-approximation encoder
    (alpha = rho = 1/2, all gammas 1/2, small noise), so the readout starts as an exact linear
    fit. Later restarts: alpha log-uniform in [1/16, 1], reset near alpha, random gammas."""
    p = np.zeros((n, 5))
    if restart == 0:
        half = math.log(0.5 - GAMMA_MIN) - math.log(0.5)      # logit giving gamma = 1/2
        p[:, 0] = math.log(0.5) + rng.normal(0.0, 0.05, n)
        p[:, 1] = rng.normal(0.0, 0.05, n)
        p[:, 2:] = half + rng.normal(0.0, 0.1, (n, 3))
        return p.ravel()
    p[:, 0] = rng.uniform(math.log(1 / 16), 0.0, n)
    p[:, 1] = rng.normal(0.0, 0.3, n)
    p[:, 2:] = rng.normal(0.0, 1.0, (n, 3))
    return p.ravel()


def _logit_gamma(gamma: float) -> float:
    q = (gamma - GAMMA_MIN) / (1.0 - GAMMA_MIN)
    return math.log(q / (1.0 - q))


def warm_start(init: dict, banks: list[Bank], per_bank: list[int],
               rng: np.random.Generator) -> np.ndarray:
    """Search vector whose first bases per bank are the bases of fit record ``init`` (same
    banks, at most ``per_bank`` bases each, decaying kernels; the inverse of :func:`kernels`);
    each bank's extra bases are drawn from ``rng`` like a random restart, bank by bank."""
    if len(init["banks"]) != len(banks) or not init.get("decay", True):
        raise FxError("a warm start needs a fit with the same banks and decaying kernels")
    rows = []
    for bank, n, old in zip(banks, per_bank, init["banks"]):
        if ((old["sign"], old["offset"], old["scale"]) != (bank.sign, bank.offset, bank.scale)
                or len(old["bases"]) > n):
            raise FxError(f"warm start: the init fit's bank (sign {old['sign']}, offset "
                          f"{old['offset']:g}, scale {old['scale']:g}, {len(old['bases'])} "
                          f"bases) does not match (sign {bank.sign}, offset {bank.offset:g}, "
                          f"scale {bank.scale:g}, {n} bases)")
        rows += [[math.log(b["alpha"]), math.log(b["rho"] / b["alpha"]),
                  _logit_gamma(b["gamma_v"]), _logit_gamma(b["gamma_r"]),
                  _logit_gamma(b["gamma_d"])] for b in old["bases"]]
        if n > len(old["bases"]):
            rows += list(_initial(rng, n - len(old["bases"]), 1).reshape(-1, 5))
    return np.array(rows, dtype=np.float64).ravel()


def fit(function: str, n_bases: int, *, seed: int = 0, restarts: int = 3, decay: bool = True,
        max_evals: int = 0, domain: tuple[float, float] | None = None,
        split: bool | None = None, peak_norm: int = 0,
        weighting: Weighting | None = None, tails: bool = False,
        init: str | None = None) -> dict:
    """Fit one MBE neuron; returns its parameter record (see :func:`save`).

    The search minimises the MSE, weighted by ``weighting``'s density over the domain when
    given (fxsim.studies.weighting); ``peak_norm = p > 0`` adds the squared L_p norm of the
    error (p = 8 approximates the squared maximum), trading a little MSE for a smaller peak
    error, which the composite operators need (the readout stays least squares). ``tails``:
    the record says ``"tails": true`` and its domain is the critical interval of the exact-tails
    rule (fxsim.ops.mbe.tails, default output format); with a ``domain`` too, the domain is a
    cut interval (``"cut"``, lo < 0 < hi) and ``"tail_error"`` bounds |f - asymptote| outside
    it. The record holds the uniform-domain
    MSE (``mse_float``, P2's Table X metric) and, weighted, ``mse_weighted`` and
    ``rel_l2_weighted`` (sqrt of the weighted squared error over the weighted squared f).
    ``init``: a fit name (shipped or ``FILE#NAME``) with the same banks and at most as many
    bases per bank; restart 0 starts from its bases plus extra ones drawn from seed + 1
    (Powell from random starts rarely finds an N = 8 neuron as good as the best N = 4 one)."""
    from scipy.optimize import minimize
    func = target(function)
    _, lo, hi, default_split = FUNCTIONS[function]
    if tails:
        c = tails_interval(function)
        lo, hi = -c, c
    if domain is not None:
        lo, hi = float(domain[0]), float(domain[1])
    if not hi > lo:
        raise FxError(f"fit domain needs hi > lo, got [{lo}, {hi})")
    if tails and domain is not None and not lo < 0 < hi:
        raise FxError(f"a cut-tails domain needs lo < 0 < hi, got [{lo:g}, {hi:g}]")
    if not 1 <= n_bases <= 64:
        raise FxError(f"number of bases must be in 1..64, got {n_bases}")
    split = default_split if split is None else split
    banks = banks_for(lo, hi, split, n_bases)
    per_bank = [n_bases] if len(banks) == 1 else [n_bases - n_bases // 2, n_bases // 2]
    # a polarity split also fits x = 0, where both banks see u = 0 (the grid misses it, and a
    # basis firing on any u > 0 could otherwise move the bias away from f(0) unseen)
    anchors = [0.0] if len(banks) == 2 else []
    x = sample_grid(lo, hi)
    xs, xf = np.append(sample_grid(lo, hi, SEARCH_SAMPLES), anchors), np.append(x, anchors)
    ys, y = func(xs), func(x)
    ws, wf, wx = (None, None, None) if weighting is None else (
        weighting.weights(xs), weighting.weights(xf), weighting.weights(x))

    def loss(p):
        err = readout(features(xs, banks, per_bank, p, decay), ys, ws)[2] - ys
        peak = float(np.mean(np.abs(err) ** peak_norm)) ** (2 / peak_norm) if peak_norm else 0.0
        return float(np.mean(err ** 2 if ws is None else ws * err ** 2)) + peak

    max_evals = max_evals or 600 * max(n_bases, 4)
    rng = np.random.default_rng(seed)
    warm = None if init is None else warm_start(fit_record(init), banks, per_bank,
                                                np.random.default_rng(seed + 1))
    best = None
    for restart in range(restarts):
        start = warm if restart == 0 and warm is not None else _initial(rng, n_bases, restart)
        res = minimize(loss, start, method="Powell",
                       options={"maxfev": max_evals, "xtol": 1e-4, "ftol": 1e-7})
        if best is None or res.fun < best.fun:
            best = res
    p = best.x
    w, bias, _ = readout(features(xf, banks, per_bank, p, decay), func(xf), wf)
    err = w @ features(x, banks, per_bank, p, decay) + bias - y
    record = _record(function, lo, hi, banks, per_bank, p, w, bias, decay,
                     float(np.mean(err ** 2)),
                     dict(seed=seed, restarts=restarts, max_evals=max_evals,
                          search_samples=SEARCH_SAMPLES, samples=SAMPLES, method="Powell",
                          peak_norm=peak_norm,
                          weighting=weighting.name if weighting else "uniform",
                          **({} if init is None else {"init": init})))
    if weighting is not None:
        record["mse_weighted"] = float(np.mean(wx * err ** 2))
        record["rel_l2_weighted"] = float(np.sqrt(np.sum(wx * err ** 2) / np.sum(wx * y ** 2)))
    if tails:
        record["tails"] = True
    if tails and domain is not None:
        record["cut"] = [lo, hi]
        record["tail_error"] = _cut_error(function, func, lo, hi)
    return record


def _cut_error(op: str, function: Callable[[np.ndarray], np.ndarray], lo: float,
               hi: float) -> float:
    """The largest |f(x) - asymptote(x)| outside [lo, hi], on a 1/256 grid over 64 units
    beyond each end (for gelu and silu with lo <= -1.3 the largest is at the end itself)."""
    def gap(x: np.ndarray, value) -> np.ndarray:
        return np.abs(function(x) - (x if value == "x" else float(value)))
    low, high = ASYMPTOTES[op]
    below = np.arange(lo - 64.0, lo + 1 / 512, 1 / 256)
    above = np.arange(hi, hi + 64.0, 1 / 256)
    return float(max(gap(below, low).max(), gap(above, high).max()))


def describe(record: dict) -> str:
    """One line: function, N, domain, uniform-domain MSE and the weighted errors."""
    lo, hi = record["domain"]
    text = (f"{record['function']} N={record['N']} on [{lo:g}, {hi:g}]"
            f"{_tails_text(record)}: "
            f"uniform MSE {record['mse_float']:.3e}")
    if "mse_weighted" in record:
        text += (f"; weighted ({record['fitter']['weighting']}) MSE "
                 f"{record['mse_weighted']:.3e}, rel L2 {record['rel_l2_weighted']:.4f}")
    return text


def _tails_text(record: dict) -> str:
    if "cut" in record:
        return f" (cut tails outside, error <= {record['tail_error']:.3g})"
    return " (exact tails outside)" if record.get("tails") else ""


def tails_interval(function: str) -> float:
    """c of the exact-tails rule for ``function`` at the default mbe output format."""
    out = MbeActivationConfig().fmt("output_format")
    return critical_interval(function, out.frac)


def _record(function, lo, hi, banks, per_bank, p, w, bias, decay, mse, fitter) -> dict:
    p = p.reshape(-1, 5)
    out_banks, start = [], 0
    for bank, n in zip(banks, per_bank):
        bases = []
        for k in range(start, start + n):
            theta, r, d = kernels(p[k], decay=decay)
            gv, gr, gd = (theta[0, 1] / theta[0, 0], r[0, 1] / r[0, 0], d[0, 1])
            bases.append({"alpha": float(theta[0, 0]), "rho": float(r[0, 0]),
                          "gamma_v": float(gv), "gamma_r": float(gr), "gamma_d": float(gd),
                          "w": float(w[k])})
        out_banks.append({"sign": bank.sign, "offset": bank.offset, "scale": bank.scale,
                          "bases": bases})
        start += n
    return {"function": function, "domain": [lo, hi], "N": int(sum(per_bank)), "T": STEPS,
            "decay": decay, "spike_test": ">=", "banks": out_banks, "bias": bias,
            "mse_float": mse, "fitter": fitter}


def save(records: dict[str, dict], path: str | Path) -> None:
    """Write {name: record} as the versioned parameter file (atomically)."""
    with atomic_path(path) as tmp:
        Path(tmp).write_text(params_text(records))


def params_text(records: dict[str, dict]) -> str:
    """{name: record} as the text of the versioned parameter file."""
    doc = {"params_version": PARAMS_VERSION,
           "description": "MBE neuron fits (fxsim.fitting); kernels theta=alpha*gamma_v**t, "
                          "r=rho*gamma_r**t, d=gamma_d**t, t=0..T-1, spike on v >= theta; "
                          "y = sum w*acc + bias; bank input u = clip((sign*x-offset)/scale,0,1)",
           "fits": records}
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


#: The fits shipped in fxsim/params/mbe_params.json: name -> fit() keyword arguments.
#: P2 Table X (N = 1, 2, 4, 6, 8 and the N = 8 no-decay ablation), the operator fits (GELU and
#: tanh N = 4 on (-120, 10); 2^x, 1/x, 1/sqrt(x), identity N = 8), Table VII's SiLU intervals,
#: the exact-tails fits (GELU, tanh, SiLU N = 4 over their critical intervals, uniform MSE only:
#: an activation needs no peak bound) and the mbe audit preset's fits (AUDIT_FITS).
TABLE_X_FUNCTIONS = ("gelu", "rsqrt", "inv", "exp2")
TABLE_X_N = (1, 2, 4, 6, 8)
SHIPPED_PEAK_NORM = 8     # shipped fits also bound the peak error (composites need it)
TAILS_FUNCTIONS = ("gelu", "tanh", "silu")
TABLE_VII = {"silu_m8_m2": (-8.0, -2.0), "silu_m2_5": (-2.0, 5.0), "silu_2_12": (2.0, 12.0)}


#: the mbe audit preset's activation fits and earlier variants (docs/audit.md): GELU N = 8
#: and N = 16 over its critical interval; SiLU N = 4 and N = 8 on [-4, 6], cut to its
#: asymptotes outside; the N = 16 / N = 8 ones weighted by the shipped activation histograms
#: (act:NAME) and searched once (restarts 1: an N = 16 search takes minutes)
AUDIT_FITS = {
    "gelu_tails_n8": dict(function="gelu", n_bases=8, tails=True, peak_norm=0),
    "gelu_tails_n16": dict(function="gelu", n_bases=16, tails=True, peak_norm=0, restarts=1,
                           weighting=parse_weighting("act:gelu_gemma3_270m")),
    "silu_cut_n4": dict(function="silu", n_bases=4, tails=True, domain=(-4.0, 6.0),
                        weighting=parse_weighting("normal:0,1"), peak_norm=0),
    "silu_cut_n8": dict(function="silu", n_bases=8, tails=True, domain=(-4.0, 6.0), restarts=1,
                        weighting=parse_weighting("act:silu_smollm2_135m"), peak_norm=0),
}


def shipped() -> dict[str, dict]:
    jobs = {}
    for function in TABLE_X_FUNCTIONS:
        for n in TABLE_X_N:
            jobs[f"{function}_n{n}"] = dict(function=function, n_bases=n)
        jobs[f"{function}_n8_nodecay"] = dict(function=function, n_bases=8, decay=False)
    jobs["tanh_n4"] = dict(function="tanh", n_bases=4)
    jobs["identity_n8"] = dict(function="identity", n_bases=8)
    jobs["silu_n4"] = dict(function="silu", n_bases=4, domain=(-120.0, 10.0))
    for name, domain in TABLE_VII.items():
        jobs[f"{name}_n4"] = dict(function="silu", n_bases=4, domain=domain)
    for function in TAILS_FUNCTIONS:          # the exact-tails variant's fits
        jobs[f"{function}_tails_n4"] = dict(function=function, n_bases=4, tails=True,
                                            peak_norm=0)
    jobs.update(AUDIT_FITS)
    return jobs


def fit_shipped(seed: int = 0, restarts: int = 3, only: list[str] | None = None,
                log=print) -> dict[str, dict]:
    """Fit every shipped entry (or the names in ``only``) deterministically from ``seed``."""
    jobs = shipped()
    unknown = set(only or ()) - set(jobs)
    if unknown:
        raise FxError(f"unknown shipped fit(s): {', '.join(sorted(unknown))}")
    records = {}
    for name, kwargs in jobs.items():
        if only and name not in only:
            continue
        records[name] = fit(**{"peak_norm": SHIPPED_PEAK_NORM, "restarts": restarts, **kwargs},
                            seed=seed)
        log(f"{name}: MSE {records[name]['mse_float']:.3e}")
    return records
