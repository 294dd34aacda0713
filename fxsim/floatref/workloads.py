"""The inputs studies run on, and the published figures they aim at.

P1's operator-error workloads (``workload``): SiLU, sigmoid and gelu_tanh on 20001 points of
[-5, 5]; softmax on rows of 7 N(0,1) logits; RMSNorm and LayerNorm on N(0,1) rows, for
d = 8, 64, 256. P2's fit domains (Appendix G.1, ``P2_DOMAINS``) sampled at M = 10,000 evenly
spaced points (``sample_grid``). The composites' inputs (``composite_inputs``). Published
figures: P1's operator errors, P2 Table X and PASN's reimplementation of P2's composites
(docs/glossary.md names the papers).
"""
from __future__ import annotations

import numpy as np

from ..files.inputs import float_input
from ..errors import FxError

#: P1's published float-reference figures (max, mean abs error vs the torch op, both floored
#: to 1/256)
P1_FIGURES = {("silu", None): (3.906e-3, 2.775e-4),
              ("softmax", 8): (3.906e-3, 8e-5), ("softmax", 64): (3.906e-3, 1e-5),
              ("softmax", 256): (3.906e-3, 2.6e-6),
              ("rmsnorm", 8): (3.906e-3, 2.2e-5), ("rmsnorm", 64): (3.906e-3, 5e-5),
              ("rmsnorm", 256): (3.906e-3, 7e-5)}
#: P1 workloads: operator -> row widths d (None: the activation points)
WORKLOADS = {"silu": [None], "sigmoid": [None], "gelu_tanh": [None],
             "softmax": [8, 64, 256], "rmsnorm": [8, 64, 256], "layernorm": [8, 64, 256]}

#: P2 Table X: function -> {N: MSE}; "nodecay" is N = 8 without decay
TABLE_X_PAPER = {
    "gelu": {1: 7.1e-3, 2: 4.1e-3, 4: 2.3e-4, 6: 1.7e-4, 8: 1.0e-4, "nodecay": 2.8e-1},
    "rsqrt": {1: 1.4e-3, 2: 1.2e-3, 4: 3.1e-4, 6: 1.0e-4, 8: 4.9e-5, "nodecay": 2.8e-3},
    "inv": {1: 8.6e-3, 2: 2.1e-4, 4: 1.1e-3, 6: 2.2e-3, 8: 4.4e-5, "nodecay": 4.5e-3},
    "exp2": {1: 8.9e-4, 2: 4.5e-4, 4: 4.0e-4, 6: 2.4e-4, 8: 5.3e-5, "nodecay": 9.5e-3},
}
#: PASN's reimplementation of P2's composites: (max, mean) abs error
PASN_FIGURES = {"softmax": (5.5e-3, 6.2e-4), "layernorm": (3.4e-2, 4.5e-3)}

#: P2 Appendix G.1: M = 10,000 samples on a fit domain
SAMPLES = 10_000
#: P2 Table X domains of the operators with a Table X row, and for tanh and exp (no Table X
#: row) P1's activation interval and exp's use in softmax (x - max <= 0)
P2_DOMAINS = {"gelu": (-120.0, 10.0), "reciprocal": (0.5, 1.0), "rsqrt": (0.5, 2.0),
              "tanh": (-5.0, 5.0), "exp": (-10.0, 0.0)}
P2_SAMPLES = SAMPLES


def sample_grid(lo: float, hi: float, m: int = SAMPLES) -> np.ndarray:
    """m evenly spaced points of [lo, hi) (the evaluation grid of every MSE in fxsim)."""
    return lo + (hi - lo) * np.arange(m) / m


def workload(op: str, d: int | None, rows: int, seed: int) -> np.ndarray:
    """P1's float inputs of ``op``: 20001 points of [-5, 5] (d None), else ``rows`` rows of
    length d, 7 N(0,1) for softmax and N(0,1) otherwise (seeded)."""
    rng = np.random.default_rng(seed)
    if d is None:
        return np.linspace(-5.0, 5.0, 20001)
    if op == "softmax":
        return 7.0 * rng.standard_normal((rows, d))
    return rng.standard_normal((rows, d))


def operator_workload(op: str, rows: int, width: int, seed: int) -> np.ndarray:
    """The default inputs of ``op`` (``fxsim run OP``): P1's workload, rows x width for the
    row operators, else its grid; |x| + 0.5 for reciprocal and rsqrt (positive inputs)."""
    x = workload(op, width if WORKLOADS.get(op) != [None] else None, rows, seed)
    return np.abs(x) + 0.5 if op in ("reciprocal", "rsqrt") else x


def composite_inputs(op: str, d: int, rows: int, seed: int):
    """(x, weight, bias) of a composite: softmax rows of 7 N(0,1) logits (P1's workload, no
    affine); norms N(0,1) rows with weight 1 + 0.1 N(0,1) and (layernorm) bias 0.1 N(0,1)."""
    rng = np.random.default_rng(seed)
    if op == "softmax":
        return 7.0 * rng.standard_normal((rows, d)), None, None
    x = rng.standard_normal((rows, d))
    w = 1.0 + 0.1 * rng.standard_normal(d)
    return x, w, (0.1 * rng.standard_normal(d) if op == "layernorm" else None)


def load_workload(op: str, name: str, d: int = 64, rows: int = 256,
                  seed: int = 0) -> np.ndarray:
    """Float inputs by name: ``p1`` (``workload``; row operators at width d), ``p2`` (the
    P2 domain of ``op`` at ``P2_SAMPLES`` points) or a ``.npy`` file."""
    if name.endswith(".npy"):
        return float_input(name, "workload")
    if rows < 1 or d < 1:
        raise FxError("--rows and --d must be >= 1")
    if name == "p1":
        if op not in WORKLOADS:
            raise FxError(f"no P1 workload for {op!r}; P1 workloads: {', '.join(WORKLOADS)}")
        return workload(op, None if WORKLOADS[op] == [None] else d, rows, seed)
    if name == "p2":
        if op not in P2_DOMAINS:
            raise FxError(f"no P2 workload for {op!r}; P2 workloads: {', '.join(P2_DOMAINS)}")
        return np.linspace(*P2_DOMAINS[op], P2_SAMPLES)
    raise FxError(f"unknown workload {name!r}; expected p1, p2 or a .npy file")
