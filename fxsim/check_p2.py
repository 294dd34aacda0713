"""P2 Table X and the FS published sets, reproduced in integers (``fxsim check --table-x`` and
``fxsim check --fs``). No torch needed: the references are numpy functions.

Table X: MSE at T = 16 of the integer MBE neuron (shipped fits, fxsim/params/mbe_params.json)
against the exact function on 10,000 evenly spaced points of the fit domain [lo, hi), inputs
quantized into ``INPUT_FORMAT``. FS: MSE of the integer ``fs`` preset on 100,000 points of the
interval in each set's notes, against the float32 MSE recorded there.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .arith import quantize
from .formats import Format

INPUT_FORMAT = "fixed<32,8,RND_CONV,SAT>"     # x: 24 frac bits, range +-128
FS_V_FORMAT = "fixed<32,10,RND_CONV,SAT>"     # FS thresholds, resets, inputs: 22 frac bits
FS_ACC_FORMAT = "fixed<32,10,TRN,SAT>"        # FS output weights and output: 22 frac bits

#: P2 Table X (research/papers.md 4.2): function -> {N: MSE}; "nodecay" is N = 8 without decay.
TABLE_X_PAPER = {
    "gelu": {1: 7.1e-3, 2: 4.1e-3, 4: 2.3e-4, 6: 1.7e-4, 8: 1.0e-4, "nodecay": 2.8e-1},
    "rsqrt": {1: 1.4e-3, 2: 1.2e-3, 4: 3.1e-4, 6: 1.0e-4, 8: 4.9e-5, "nodecay": 2.8e-3},
    "inv": {1: 8.6e-3, 2: 2.1e-4, 4: 1.1e-3, 6: 2.2e-3, 8: 4.4e-5, "nodecay": 4.5e-3},
    "exp2": {1: 8.9e-4, 2: 4.5e-4, 4: 4.0e-4, 6: 2.4e-4, 8: 5.3e-5, "nodecay": 9.5e-3},
}
TABLE_X_COLUMNS = (1, 2, 4, 6, 8, "nodecay")
LABELS = {"gelu": "GELU (-120,10)", "rsqrt": "1/sqrt(x) [0.5,2)", "inv": "1/x [0.5,1)",
          "exp2": "2^x [0,1)"}


def _erf(x: np.ndarray) -> np.ndarray:
    return np.vectorize(math.erf, otypes=[np.float64])(x)


#: exact reference functions by the names used in the fit records and fs_params.json
EXACT = {
    "gelu": lambda x: 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0))),
    "tanh": np.tanh, "exp2": np.exp2, "inv": lambda x: 1.0 / x, "reciprocal": lambda x: 1.0 / x,
    "rsqrt": lambda x: 1.0 / np.sqrt(x), "identity": lambda x: x, "exp": np.exp,
    "silu": lambda x: x / (1.0 + np.exp(-x)), "swish": lambda x: x / (1.0 + np.exp(-x)),
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)), "relu": lambda x: np.maximum(x, 0.0),
    "square": lambda x: x * x,
}


def fit_name(function: str, column) -> str:
    return f"{function}_n8_nodecay" if column == "nodecay" else f"{function}_n{column}"


def mbe_mse(name: str, backend: str = "numpy", config=None) -> float:
    """MSE of the integer MBE neuron ``name`` against the exact function on its domain."""
    from .fitting import sample_grid
    from .primitives.mbe import MbeConfig, fit_record, mbe_neuron
    rec = fit_record(name)
    x = sample_grid(*rec["domain"])
    fmt = Format.parse(INPUT_FORMAT)
    cfg = config or MbeConfig(fit=name)
    y = mbe_neuron(quantize(x, fmt), fmt, cfg, backend=backend).to_float()
    return float(np.mean((y - EXACT[rec["function"]](x)) ** 2))


def table_x(backend: str = "numpy") -> dict[str, dict]:
    """{function: {column: integer MSE}} for every Table X cell."""
    return {f: {c: mbe_mse(fit_name(f, c), backend) for c in TABLE_X_COLUMNS}
            for f in TABLE_X_PAPER}


def render_table_x(table: dict[str, dict]) -> str:
    head = " | ".join(f"N={c}" if c != "nodecay" else "N=8 no decay" for c in TABLE_X_COLUMNS)
    lines = ["MSE at T=16, integer MBE (fxsim) / P2 Table X", f"| function | {head} |",
             "|---" + "|---:" * len(TABLE_X_COLUMNS) + "|"]
    for f, row in table.items():
        cells = " | ".join(f"{row[c]:.1e} / {TABLE_X_PAPER[f][c]:.1e}" for c in TABLE_X_COLUMNS)
        lines.append(f"| {LABELS[f]} | {cells} |")
    return "\n".join(lines)


@dataclass
class FsRow:
    name: str
    function: str
    convention: str
    K: int
    lo: float
    hi: float
    mse_int: float
    mse_published: float


def fs_row(name: str, backend: str = "numpy", points: int = 100_000) -> FsRow:
    """Integer FS set ``name`` on ``points`` evenly spaced inputs of its notes' interval."""
    from .population import simulate
    from .presets import fs, fs_parameter_sets
    entry = fs_parameter_sets()["sets"][name]
    m = re.match(r"MSE ([0-9.eE+-]+) on \[([^,\]]+),([^\]]+)\]", entry["notes"])
    published, lo, hi = float(m.group(1)), float(m.group(2)), float(m.group(3))
    x = np.linspace(lo, hi, points)
    pop = fs(points, name, v_format=FS_V_FORMAT, acc_format=FS_ACC_FORMAT)
    tr = simulate(pop, quantize(x, Format.parse(FS_V_FORMAT)), backend=backend)
    mse = float(np.mean((tr.to_float("acc") - EXACT[entry["function"]](x)) ** 2))
    return FsRow(name, entry["function"], entry["index_convention"], int(entry["K"]), lo, hi,
                 mse, published)


def fs_table(backend: str = "numpy") -> list[FsRow]:
    from .presets import fs_parameter_sets
    return [fs_row(name, backend) for name in fs_parameter_sets()["sets"]]


def render_fs(rows: list[FsRow]) -> str:
    lines = ["MSE of integer FS neurons (fxsim) vs the float32 figure recorded with each set",
             "| set | function | convention | K | interval | fxsim MSE | published MSE |",
             "|---|---|---|---:|---|---:|---:|"]
    for r in rows:
        lines.append(f"| {r.name} | {r.function} | {r.convention} | {r.K} | [{r.lo:g}, {r.hi:g}] "
                     f"| {r.mse_int:.4e} | {r.mse_published:.4e} |")
    return "\n".join(lines)


#: PASN's reimplementation of P2's composites (research/papers.md 3.1, 3.3): (max, mean) abs error
PASN_FIGURES = {"softmax": (5.5e-3, 6.2e-4), "layernorm": (3.4e-2, 4.5e-3)}


@dataclass
class CompositeRow:
    op: str
    d: int
    variant: str
    max_abs: float
    mean_abs: float


#: variant name -> config overrides (the first is P2's composition at the paper preset)
VARIANTS = {"P2 (MBE_Id multiply)": {}, "SAR multiply": {"encoder": "sar"},
            "MBE_Id + 1 Newton step": {"newton": 1}}


def composite_inputs(op: str, d: int, rows: int, seed: int):
    """softmax: rows of 7 N(0,1) logits (P1's workload); norms: N(0,1) rows with an affine
    weight 1 + 0.1 N(0,1) and (layernorm) bias 0.1 N(0,1)."""
    rng = np.random.default_rng(seed)
    if op == "softmax":
        return 7.0 * rng.standard_normal((rows, d)), None, None
    x = rng.standard_normal((rows, d))
    w = 1.0 + 0.1 * rng.standard_normal(d)
    return x, w, (0.1 * rng.standard_normal(d) if op == "layernorm" else None)


def composite(op: str, d: int, variant: str = "P2 (MBE_Id multiply)", backend: str = "numpy",
              rows: int = 1024, seed: int = 0) -> CompositeRow:
    """mbe operator vs the float64 torch op (no output flooring: P2 reports raw errors)."""
    from . import ops
    from .check import _torch
    torch = _torch()
    F = torch.nn.functional
    x, w, b = composite_inputs(op, d, rows, seed)
    cls = ops.config_class(op, "mbe")
    overrides = dict(VARIANTS[variant])
    if "newton" in overrides:
        overrides[{"softmax": "recip_newton"}.get(op, "rsqrt_newton")] = overrides.pop("newton")
    cfg = cls(**overrides)
    t = torch.from_numpy(x)
    with torch.no_grad():
        if op == "softmax":
            y = ops.softmax(x, method="mbe", config=cfg, backend=backend)
            ref = F.softmax(t, dim=-1).numpy()
        elif op == "layernorm":
            y = ops.layernorm(x, weight=w, bias=b, method="mbe", config=cfg, backend=backend)
            ref = F.layer_norm(t, (d,), torch.from_numpy(w), torch.from_numpy(b), 1e-5).numpy()
        else:
            y = ops.rmsnorm(x, weight=w, method="mbe", config=cfg, backend=backend)
            ref = F.rms_norm(t, (d,), torch.from_numpy(w), eps=1e-5).numpy()
    err = np.abs(y.to_float() - ref)
    return CompositeRow(op, d, variant, float(err.max()), float(err.mean()))


def composites(backend: str = "numpy", rows: int = 1024, seed: int = 0) -> list[CompositeRow]:
    return [composite(op, d, v, backend, rows, seed) for op in ("softmax", "layernorm", "rmsnorm")
            for d in (8, 64, 256) for v in VARIANTS]


def render_composites(rows: list[CompositeRow]) -> str:
    lines = ["mbe composites vs float64 torch (PASN's P2 reimplementation: softmax max 5.5e-3 "
             "mean 6.2e-4; layernorm max 3.4e-2 mean 4.5e-3)",
             "| op | d | variant | max abs | mean abs |", "|---|---:|---|---:|---:|"]
    for r in rows:
        lines.append(f"| {r.op} | {r.d} | {r.variant} | {r.max_abs:.3e} | {r.mean_abs:.3e} |")
    return "\n".join(lines)
