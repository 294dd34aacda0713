"""Exact tails by range reduction for the mbe activations (docs/algorithms.md section 8.10).

Outside a critical interval [-c, c] each activation equals its asymptote to within half an
output LSB: GELU and SiLU are x above c and 0 below -c, tanh is +-1, sigmoid 1 and 0. The
operator then selects the asymptote by two integer compares of the raw input and runs the MBE
neuron on the inside elements only, so its bases spend their spikes where the function bends.

Interval rule (output format with F fractional bits, eps = 2^-(F+1)): c is the smallest
multiple of 1/8, at least 1, with B(c) <= eps, for a bound B decreasing on [1, inf) with
|f(x) - asymptote(x)| <= B(|x|) for |x| >= 1:

- gelu:    B(c) = phi(c) = exp(-c^2/2) / sqrt(2 pi)  (|x| Phi(-|x|) <= phi(x), Mills ratio)
- silu:    B(c) = c exp(-c)                          (|x| / (1 + e^|x|) < |x| e^-|x|)
- tanh:    B(c) = 2 exp(-2c)                         (1 - tanh c = 2 / (e^2c + 1))
- sigmoid: B(c) = exp(-c)                            (1 - sigmoid c = 1 / (1 + e^c))

The multiple of 1/8 is exact in every input format with at least 3 fractional bits (the raw
compare constant is ceil(c 2^frac) otherwise, which only widens the interval).

Cut tails: a fit may instead name its own interval [lo, hi] (``"cut": [lo, hi]`` in its record,
lo < 0 < hi, from ``fxsim fit --tails --domain lo,hi``) and accept a larger error outside it, for
a neuron that resolves the interval where the inputs sit more finely. The record then states the
bound, ``"tail_error"``: the largest |f(x) - asymptote(x)| over x <= lo and x >= hi.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Callable

import numpy as np

from ...arith import requantize
from ...errors import FxError
from ...formats import Format

#: the interval ends live on this grid (1/GRID)
GRID = 8

#: op -> tail bound B(c), decreasing on [1, inf)
BOUNDS: dict[str, Callable[[float], float]] = {
    "gelu": lambda c: math.exp(-0.5 * c * c) / math.sqrt(2.0 * math.pi),
    "silu": lambda c: c * math.exp(-c),
    "tanh": lambda c: 2.0 * math.exp(-2.0 * c),
    "sigmoid": lambda c: math.exp(-c),
}

#: op -> (value below -c, value above c); "x" is the input itself
ASYMPTOTES = {"gelu": (0, "x"), "silu": (0, "x"), "tanh": (-1, 1), "sigmoid": (0, 1)}


@lru_cache(maxsize=None)
def critical_interval(op: str, output_frac: int) -> float:
    """c of the interval rule for ``op`` and an output with ``output_frac`` fractional bits
    (cached: the search runs once per (op, frac), not on every operator call)."""
    if op not in BOUNDS:
        raise FxError(f"no exact-tail rule for {op!r}; available: {', '.join(BOUNDS)}")
    eps = math.ldexp(1.0, -(output_frac + 1))
    k = GRID
    while BOUNDS[op](k / GRID) > eps:
        k += 1
    return k / GRID


def tail_interval(op: str, record: dict, out: Format) -> tuple[float, float]:
    """(lo, hi) outside which ``op`` takes its asymptotes: a cut fit's own interval (sigmoid
    runs the tanh fit on x / 2: twice it), else [-c, c] of the rule (FxError unless the fit
    covers it)."""
    if "cut" in record:
        scale = 2.0 if op == "sigmoid" else 1.0
        return scale * record["cut"][0], scale * record["cut"][1]
    check_covers(op, record, out)
    c = critical_interval(op, out.frac)
    return -c, c


def tail_bounds(op: str, record: dict, x_format: Format, out: Format) -> tuple[int, int]:
    """The raw compare constants (lo_raw, hi_raw) in x_format: x_raw <= lo_raw is the lower
    tail, x_raw >= hi_raw the upper one (floor and ceil of the ends: the interval only widens)."""
    lo, hi = tail_interval(op, record, out)
    return (math.floor(math.ldexp(lo, x_format.frac)),
            math.ceil(math.ldexp(hi, x_format.frac)))


def tail_masks(xr: np.ndarray, bounds: tuple[int, int]):
    """(below, above) boolean masks of the raw inputs in the two tails."""
    return xr <= bounds[0], xr >= bounds[1]


def asymptote(op: str, side: int, xr: np.ndarray, x_format: Format, out: Format,
              backend: str) -> np.ndarray:
    """Raw output (in ``out``) of the asymptote on ``side`` (0 below, 1 above) at inputs xr:
    x requantized from x_format (RND_CONV and saturation of ``out``), or the constant."""
    value = ASYMPTOTES[op][side]
    if value == "x":
        return np.asarray(requantize(xr, x_format.frac, out, backend=backend), np.int64)
    const = requantize(np.asarray([value], np.int64), 0, out, backend=backend)[0]
    return np.full(xr.shape, const, np.int64)


def check_covers(op: str, record: dict, out: Format) -> None:
    """FxError unless the tails fit ``record`` covers [-c, c] (sigmoid: tanh on [-c/2, c/2])."""
    c = critical_interval(op, out.frac) / (2 if op == "sigmoid" else 1)
    lo, hi = record["domain"]
    if lo > -c or hi < c:
        raise FxError(f"{op}: the exact-tails fit spans [{lo:g}, {hi:g}], which does not cover "
                      f"the critical interval [-{c:g}, {c:g}] of output frac {out.frac}; refit "
                      f"with fxsim fit {'tanh' if op == 'sigmoid' else op} --tails")
