"""Ops section: every operator of every method (fxsim.ops.REGISTRY) on the c backend (1 and 2
threads) and numba against the float32 PyTorch op on the same data, torch on one thread.

Workloads (fixed seed): softmax 4096 x 64 logits 7 N(0, 1); the elementwise operators 10^6
points evenly spaced over [-5, 5] (reciprocal and rsqrt over [0.05, 10]); layernorm 4096 x 384
and rmsnorm 4096 x 256, N(0, 1). Each operator runs with its default config, without trace.
Checked first: c on 1 and 2 threads and numba bit-equal to each other (values and every stats
counter) on the whole workload, and to the numpy definition on its first CHECK_ROWS rows
(CHECK_POINTS points): numpy's per-population engine is too slow to check the whole workload
in a benchmark run. Rows: c (1 thread) vs torch, target 1/8 of torch's speed for nlspike and
1/20 for mbe and fs; numba vs c (1 thread each), target 1/3; c 2 threads vs c 1 thread,
target 1.7. ratio = reference ms / variant ms.
"""
from __future__ import annotations

import numpy as np

from ...backends import threads as kernel_threads
from ...ops import REGISTRY, get
from .common import BenchMismatch, Row, Settings, compare, timed

SEED = 20261204
CHECK_ROWS, CHECK_POINTS = 256, 1 << 16
#: method -> target of (c, 1 thread) speed / torch speed
TORCH_TARGETS = {"nlspike": 1 / 8, "mbe": 1 / 20, "fs": 1 / 20}
NUMBA_TARGET, THREADS_TARGET = 1 / 3, 1.7
ROWS = {"softmax": (4096, 64), "layernorm": (4096, 384), "rmsnorm": (4096, 256)}
POSITIVE = ("reciprocal", "rsqrt")


def workload(op: str) -> np.ndarray:
    """The operator's data (float64)."""
    rng = np.random.default_rng(SEED)
    if op == "softmax":
        return 7.0 * rng.standard_normal(ROWS[op])
    if op in ROWS:
        return rng.standard_normal(ROWS[op])
    if op in POSITIVE:
        return np.linspace(0.05, 10.0, 10**6)
    return np.linspace(-5.0, 5.0, 10**6)


def torch_call(op: str, x: np.ndarray):
    """The float32 torch op on x, as a no-argument callable."""
    import torch
    t = torch.from_numpy(x.astype(np.float32))
    F = torch.nn.functional
    fn = {"softmax": lambda: F.softmax(t, dim=-1), "gelu": lambda: F.gelu(t),
          "gelu_tanh": lambda: F.gelu(t, approximate="tanh"), "silu": lambda: F.silu(t),
          "sigmoid": lambda: torch.sigmoid(t), "tanh": lambda: torch.tanh(t),
          "exp": lambda: torch.exp(t), "reciprocal": lambda: torch.reciprocal(t),
          "rsqrt": lambda: torch.rsqrt(t),
          "layernorm": lambda: F.layer_norm(t, (t.shape[-1],), eps=1e-5),
          "rmsnorm": lambda: F.rms_norm(t, (t.shape[-1],), eps=1e-5)}[op]

    def run():
        with torch.inference_mode():
            return fn()
    return run


def fxsim_calls(op: str, method: str, x: np.ndarray) -> dict:
    """The timed fxsim variants of one operator."""
    fn = get(op, method)

    def on(backend: str, n: int):
        def run():
            with kernel_threads(n):
                return fn(x, backend=backend)
        return run
    return {"c": on("c", 1), "c, 2 threads": on("c", 2), "numba": on("numba", 1)}


def check(op: str, method: str, x: np.ndarray, calls: dict) -> None:
    """Every variant equal to the others on x and to numpy on x's head (BenchMismatch)."""
    results = {name: call() for name, call in calls.items()}
    first = results["c"]
    for name, res in results.items():
        if not np.array_equal(res.raw, first.raw) or res.stats != first.stats:
            raise BenchMismatch(f"{method} {op}: {name} differs from c")
    head = x[:CHECK_ROWS] if x.ndim == 2 else x[:CHECK_POINTS]
    fn = get(op, method)
    want, got = fn(head, backend="numpy"), fn(head, backend="c")
    if not np.array_equal(want.raw, got.raw) or want.stats != got.stats:
        raise BenchMismatch(f"{method} {op}: c differs from numpy")


def op_rows(op: str, method: str, settings: Settings) -> list[Row]:
    import torch
    x = workload(op)
    calls = fxsim_calls(op, method, x)
    check(op, method, x, calls)
    saved = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        timings = {"torch float32 (1 thread)": timed(torch_call(op, x), settings)}
    finally:
        torch.set_num_threads(saved)
    timings.update({name: timed(call, settings) for name, call in calls.items()})
    label = f"{method} {op} {' x '.join(map(str, x.shape))}"
    return compare("ops", label, timings, (
        ("c", "torch float32 (1 thread)", TORCH_TARGETS[method]),
        ("numba", "c", NUMBA_TARGET), ("c, 2 threads", "c", THREADS_TARGET)))


def section(settings: Settings) -> list[Row]:
    """Three rows per (operator, method), methods nlspike, mbe, fs in turn."""
    order = {m: i for i, m in enumerate(TORCH_TARGETS)}
    pairs = sorted(REGISTRY, key=lambda k: (order[k[1]], k[0]))
    return [row for op, method in pairs for row in op_rows(op, method, settings)]
