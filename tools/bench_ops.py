"""Operator benchmark (not a test): each nlspike operator on the c, numba and numpy backends
against the float32 PyTorch op on the same data, timed side by side in one run.

    python tools/bench_ops.py [--repeats K] [--json PATH]

Workloads (docs/benchmarks.md, "Operators"): softmax 4096 x 64 (7*N(0,1) logits), silu 10^6 points,
rmsnorm 4096 x 256 (N(0,1)). Prints elements/s and each variant's time relative to torch (which uses
every core); the c backend also with 2 OpenMP threads (softmax has a fused kernel, csrc/fx_ops.c);
target: softmax on c within 4x of torch's float softmax time. Every backend's output is checked
equal to numpy's before timing (they are bit-equal by contract).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import numpy as np

BACKENDS = ("c", "numba", "numpy")
TARGET = ("softmax", "c", 4.0)      # softmax on c within 4x of torch


def workloads(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {"softmax": 7.0 * rng.standard_normal((4096, 64)),
            "silu": np.linspace(-5.0, 5.0, 10**6),
            "rmsnorm": rng.standard_normal((4096, 256))}


def median_time(fn, repeats: int) -> float:
    fn()                                    # warm-up (numba compiles here)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def with_threads(threads: int, fn):
    """fn() with the C backend's OpenMP thread count set (FXSIM_THREADS does it from the shell)."""
    from fxsim.backends import threads as kernel_threads
    with kernel_threads(threads):
        return fn()


def torch_op(name: str, x: np.ndarray):
    import torch
    t = torch.from_numpy(x.astype(np.float32))
    F = torch.nn.functional
    fn = {"softmax": lambda: F.softmax(t, dim=-1), "silu": lambda: F.silu(t),
          "rmsnorm": lambda: F.rms_norm(t, (t.shape[-1],), eps=1e-5)}[name]

    def run():
        with torch.inference_mode():
            return fn()
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    from fxsim import ops
    results = []
    for name, x in workloads().items():
        op = ops.get(name)
        reference = op(x, backend="numpy").raw
        for backend in BACKENDS[:2]:
            if not np.array_equal(op(x, backend=backend).raw, reference):
                print(f"ABORT: {name} on {backend} differs from numpy", file=sys.stderr)
                return 1
        t_torch = median_time(torch_op(name, x), args.repeats)
        results.append({"op": name, "variant": "torch float32", "s": t_torch, "n": x.size})
        for backend in BACKENDS:
            t = median_time(lambda b=backend: op(x, backend=b), args.repeats)
            results.append({"op": name, "variant": backend, "s": t, "n": x.size,
                            "vs_torch": t / t_torch})
        t = median_time(lambda: with_threads(2, lambda: op(x, backend="c")), args.repeats)
        results.append({"op": name, "variant": "c, 2 threads", "s": t, "n": x.size,
                        "vs_torch": t / t_torch})
    print("| op | variant | ms/call | M elements/s | time / torch |")
    print("|---|---|---:|---:|---:|")
    for r in results:
        ratio = f"{r['vs_torch']:.1f}x" if "vs_torch" in r else "1.0x"
        print(f"| {r['op']} | {r['variant']} | {r['s'] * 1e3:.2f} | "
              f"{r['n'] / r['s'] / 1e6:,.1f} | {ratio} |")
    op, backend, target = TARGET
    ratio = min(r["vs_torch"] for r in results
                if r["op"] == op and r["variant"].split(",")[0] == backend)
    print(f"\ntarget: {op} on {backend} (best thread count) within {target:g}x of torch: "
          f"measured {ratio:.1f}x "
          f"-> {'PASS' if ratio <= target else 'MISS'}")
    if args.json:
        from fxsim.files.atomic import atomic_path
        with atomic_path(args.json) as tmp:
            tmp.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
