"""Cross-check: an fxsim operator, dequantized, against the float PyTorch operator floored to the
output grid, over P1's workloads (SPEC 8, issue 4). torch is imported here only (the `torch`
extra); the simulator core never imports it.

Workloads (P1's operator-error table): SiLU on 20001 points of [-5, 5]; Softmax on rows of
7*N(0,1) logits for d = 8, 64, 256; RMSNorm on N(0,1) rows (eps 1e-5) for d = 8, 64, 256;
sigmoid and gelu_tanh on the SiLU points; LayerNorm like RMSNorm.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import FxError

#: P1's published float-reference figures (max, mean abs error vs the torch op, both floored to
#: 1/256): research/papers.md section 4.1 and SPEC section 5.
P1_FIGURES = {("silu", None): (3.906e-3, 2.775e-4),
              ("softmax", 8): (3.906e-3, 8e-5), ("softmax", 64): (3.906e-3, 1e-5),
              ("softmax", 256): (3.906e-3, 2.6e-6),
              ("rmsnorm", 8): (3.906e-3, 2.2e-5), ("rmsnorm", 64): (3.906e-3, 5e-5),
              ("rmsnorm", 256): (3.906e-3, 7e-5)}
WORKLOADS = {"silu": [None], "sigmoid": [None], "gelu_tanh": [None],
             "softmax": [8, 64, 256], "rmsnorm": [8, 64, 256], "layernorm": [8, 64, 256]}


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


def _torch():
    try:
        import torch
    except ImportError:
        raise FxError("fxsim check needs torch: pip install 'fxsim[torch]' "
                      "(pins torch==2.13.0)") from None
    return torch


def workload(op: str, d: int | None, rows: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if d is None:
        return np.linspace(-5.0, 5.0, 20001)
    if op == "softmax":
        return 7.0 * rng.standard_normal((rows, d))
    return rng.standard_normal((rows, d))


def torch_reference(op: str, x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """The float64 PyTorch operator."""
    torch = _torch()
    F = torch.nn.functional
    t = torch.from_numpy(x)
    fns = {"softmax": lambda: F.softmax(t, dim=-1), "silu": lambda: F.silu(t),
           "sigmoid": lambda: torch.sigmoid(t), "gelu_tanh": lambda: F.gelu(t, approximate="tanh"),
           "rmsnorm": lambda: F.rms_norm(t, (t.shape[-1],), eps=eps),
           "layernorm": lambda: F.layer_norm(t, (t.shape[-1],), eps=eps)}
    with torch.no_grad():
        return fns[op]().numpy()


def check(op: str, d: int | None, *, method: str = "nlspike", backend: str = "numpy",
          rows: int = 4096, seed: int = 0) -> CheckRow:
    """Max and mean |fixed - floor(torch * 256) / 256| for one operator and width."""
    from . import ops
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
