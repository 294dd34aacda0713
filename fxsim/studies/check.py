"""Cross-checks of the integer operators against float references and published figures.

``check`` / ``check_all`` (``fxsim check``): an fxsim operator, dequantized, against the float
PyTorch operator floored to the output grid, over P1's workloads (the ``torch`` extra).
``table_x`` (``fxsim check --table-x``): MSE at T = 16 of the integer MBE neuron (shipped fits,
fxsim/params/mbe_params.json) against the exact function on 10,000 evenly spaced points of the
fit domain [lo, hi), inputs quantized into ``INPUT_FORMAT``, beside P2 Table X. ``fs_table``
(``fxsim check --fs``): MSE of the integer ``fs`` preset on 100,000 points of the interval in
each set's notes, against the float32 MSE recorded there. ``composites``: the mbe softmax and
norms against float64 torch. docs/glossary.md names P1, P2 and PASN.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .. import ops
from ..arith import quantize
from ..floatref.functions import EXACT, require_torch, torch_reference
from ..floatref.workloads import (P1_FIGURES, TABLE_X_PAPER, WORKLOADS, composite_inputs,
                                  sample_grid, workload)
from ..formats import Format
from ..population import simulate
from ..presets import fs, fs_parameter_sets
from ..primitives.mbe import MbeConfig, fit_record, mbe_neuron

INPUT_FORMAT = "fixed<32,8,RND_CONV,SAT>"     # x: 24 frac bits, range +-128
FS_V_FORMAT = "fixed<32,10,RND_CONV,SAT>"     # FS thresholds, resets, inputs: 22 frac bits
FS_ACC_FORMAT = "fixed<32,10,TRN,SAT>"        # FS output weights and output: 22 frac bits
TABLE_X_COLUMNS = (1, 2, 4, 6, 8, "nodecay")
LABELS = {"gelu": "GELU (-120,10)", "rsqrt": "1/sqrt(x) [0.5,2)", "inv": "1/x [0.5,1)",
          "exp2": "2^x [0,1)"}


# ---- P1: operators vs torch, floored to 1/256 --------------------------------------------------
@dataclass
class CheckRow:
    op: str
    d: int | None
    n: int
    max_abs: float
    mean_abs: float
    paper_max: float | None
    paper_mean: float | None

    @property
    def within(self) -> bool | None:
        """The acceptance rule: mean within 20 % of P1's and max at most 2/256."""
        if self.paper_mean is None:
            return None
        return abs(self.mean_abs - self.paper_mean) <= 0.2 * self.paper_mean and \
            self.max_abs <= 2 / 256


def check(op: str, d: int | None, *, method: str = "nlspike", backend: str = "numpy",
          rows: int = 4096, seed: int = 0) -> CheckRow:
    """Max and mean |fixed - floor(torch * 256) / 256| for one operator and width."""
    config = ops.config_class(op, method).paper()
    x = workload(op, d, rows, seed)
    fixed = ops.get(op, method)(x, config=config, backend=backend).to_float()
    reference = np.floor(torch_reference(op, x) * 256.0) / 256.0
    err = np.abs(fixed - reference)
    paper = P1_FIGURES.get((op, d), (None, None))
    return CheckRow(op, d, int(x.size), float(err.max()), float(err.mean()), *paper)


def check_all(ops_names, *, method="nlspike", backend="numpy", rows=4096, seed=0):
    return [check(op, d, method=method, backend=backend, rows=rows, seed=seed)
            for op in ops_names for d in WORKLOADS[op]]


def render(rows: list[CheckRow]) -> str:
    lines = ["| op | d | elements | max abs | mean abs | P1 max | P1 mean | within 20 % / 2 LSB |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        paper_max = "" if r.paper_max is None else f"{r.paper_max:.3e}"
        paper_mean = "" if r.paper_mean is None else f"{r.paper_mean:.2e}"
        verdict = {True: "yes", False: "NO", None: "(no published figure)"}[r.within]
        lines.append(f"| {r.op} | {'' if r.d is None else r.d} | {r.n} | {r.max_abs:.3e} | "
                     f"{r.mean_abs:.3e} | {paper_max} | {paper_mean} | {verdict} |")
    return "\n".join(lines)


# ---- P2 Table X: the integer MBE neuron -----------------------------------------------------------
def fit_name(function: str, column) -> str:
    return f"{function}_n8_nodecay" if column == "nodecay" else f"{function}_n{column}"


def mbe_mse(name: str, backend: str = "numpy", config=None) -> float:
    """MSE of the integer MBE neuron ``name`` against the exact function on its domain."""
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


# ---- the published FS sets ----------------------------------------------------------------------
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
    return [fs_row(name, backend) for name in fs_parameter_sets()["sets"]]


def render_fs(rows: list[FsRow]) -> str:
    lines = ["MSE of integer FS neurons (fxsim) vs the float32 figure recorded with each set",
             "| set | function | convention | K | interval | fxsim MSE | published MSE |",
             "|---|---|---|---:|---|---:|---:|"]
    for r in rows:
        lines.append(f"| {r.name} | {r.function} | {r.convention} | {r.K} | [{r.lo:g}, {r.hi:g}] "
                     f"| {r.mse_int:.4e} | {r.mse_published:.4e} |")
    return "\n".join(lines)


# ---- mbe composites vs float64 torch ------------------------------------------------------------
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


def composite(op: str, d: int, variant: str = "P2 (MBE_Id multiply)", backend: str = "numpy",
              rows: int = 1024, seed: int = 0) -> CompositeRow:
    """mbe operator vs the float64 torch op (no output flooring: P2 reports raw errors)."""
    torch = require_torch()
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
