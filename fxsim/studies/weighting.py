"""Weightings of a fit's domain: where the activations are (``fxsim fit --weight``).

A weighting is a density p(x) on the fit's domain. The fit minimises the weighted MSE
sum_i w_i (y_i - f(x_i))^2 / m over its evenly spaced grid x_i, with
``w_i = (1 - FLOOR) p(x_i) / mean(p) + FLOOR`` (mean 1; the uniform floor keeps the fit
defined where no activation was seen). Spellings:

- ``uniform``: no weighting (P2's Table X metric);
- ``normal:MU,SIGMA`` and ``laplace:MU,B``: the named densities;
- ``hist:PATH[:SELECT]``: the input histogram in a ``fxsim calibrate`` sidecar ``.npz``
  (power-of-two bins, density = count / bin width), pooled over every module, the modules of
  one op (SELECT = ``gelu``, ``silu`` ...) or the modules whose name matches a glob;
- ``act:NAME``: a histogram shipped in fxsim/params/activation_histograms.json (the mbe audit
  preset's weightings, so that its fits reproduce anywhere).
"""
from __future__ import annotations

import fnmatch
import json
import math
from importlib import resources
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import FxError

#: share of the uniform density mixed into every weighting
FLOOR = 0.01


@dataclass(frozen=True)
class Weighting:
    """A named density on the real line."""

    name: str
    density: Callable[[np.ndarray], np.ndarray]

    def weights(self, x: np.ndarray) -> np.ndarray:
        """Per-point weights at x, mean 1 over x (FLOOR of them uniform)."""
        d = np.asarray(self.density(np.asarray(x, np.float64)), np.float64)
        mean = float(d.mean()) if d.size else 0.0
        if not mean > 0:
            raise FxError(f"weighting {self.name}: no weight on the fit's domain")
        return (1.0 - FLOOR) * d / mean + FLOOR


def _numbers(text: str, count: int, spelling: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != count or not all(math.isfinite(v) for v in values):
        raise FxError(f"weighting must be {spelling}, got {text!r}")
    return values


def _normal(args: str) -> Callable[[np.ndarray], np.ndarray]:
    mu, sigma = _numbers(args, 2, "normal:MU,SIGMA")
    if not sigma > 0:
        raise FxError(f"normal weighting needs SIGMA > 0, got {sigma}")
    return lambda x: np.exp(-0.5 * ((x - mu) / sigma) ** 2)


def _laplace(args: str) -> Callable[[np.ndarray], np.ndarray]:
    mu, b = _numbers(args, 2, "laplace:MU,B")
    if not b > 0:
        raise FxError(f"laplace weighting needs B > 0, got {b}")
    return lambda x: np.exp(-np.abs(x - mu) / b)


def histogram_density(edges: np.ndarray, counts: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """Piecewise-constant density count / width over ``edges`` (0 outside them)."""
    density = counts / np.diff(edges)

    def f(x: np.ndarray) -> np.ndarray:
        i = np.searchsorted(edges, x, side="right") - 1
        inside = (i >= 0) & (i < density.size)
        return np.where(inside, density[np.clip(i, 0, density.size - 1)], 0.0)
    return f


def pooled_counts(path: str | Path, select: str = "") -> tuple[np.ndarray, np.ndarray, list]:
    """(edges, counts summed over the selected modules, their names) of a calibrate sidecar:
    every module, those of op ``select``, or those whose name matches the glob ``select``."""
    try:
        with np.load(path) as npz:
            edges, names, counts = npz["edges"], [str(n) for n in npz["names"]], npz["counts"]
            ops = [str(o) for o in npz["ops"]] if "ops" in npz.files else [""] * len(names)
    except (OSError, ValueError, KeyError) as exc:
        raise FxError(f"cannot read calibration histograms {path}: {exc}") from None
    rows = [i for i, (n, o) in enumerate(zip(names, ops))
            if not select or o == select or fnmatch.fnmatchcase(n, select)]
    if not rows:
        raise FxError(f"no module of {path} matches {select!r} (an op or a module-name glob)")
    return edges, counts[rows].sum(axis=0), [names[i] for i in rows]


def _histogram(args: str) -> Callable[[np.ndarray], np.ndarray]:
    path, select = args, ""
    if not Path(args).exists() and ":" in args:
        path, _, select = args.rpartition(":")
    edges, counts, _ = pooled_counts(path, select)
    return histogram_density(edges, counts)


def _shipped(name: str) -> Callable[[np.ndarray], np.ndarray]:
    data = json.loads(resources.files("fxsim.params").joinpath(SHIPPED_HISTOGRAMS).read_text())
    if name not in data["histograms"]:
        raise FxError(f"no shipped activation histogram {name!r}; available: "
                      f"{', '.join(sorted(data['histograms']))}")
    return histogram_density(np.asarray(data["edges"], np.float64),
                             np.asarray(data["histograms"][name]["counts"], np.float64))


#: the act:NAME histograms, in fxsim/params
SHIPPED_HISTOGRAMS = "activation_histograms.json"
KINDS = {"normal": _normal, "laplace": _laplace, "hist": _histogram, "act": _shipped}


def parse_weighting(text: str | None) -> Weighting | None:
    """The weighting a spelling names (None for ``uniform`` or no text)."""
    if not text or text == "uniform":
        return None
    kind, sep, args = text.partition(":")
    if kind not in KINDS or not sep:
        raise FxError(f"unknown weighting {text!r}; expected uniform, normal:MU,SIGMA, "
                      "laplace:MU,B, hist:PATH[:OP_OR_GLOB] or act:NAME")
    return Weighting(text, KINDS[kind](args))
