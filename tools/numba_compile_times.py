"""Cold compile time of the numba backend's kernels (not a test): each kernel's first call in a
fresh process whose numba cache directory (NUMBA_CACHE_DIR) starts empty, as on a clean
clone, then the same call in a second process that loads that cache.

    python tools/numba_compile_times.py [KERNEL ...]     # default: every kernel below

Prints one row per kernel: seconds of the cold first call (compile and run on small data),
seconds of the first call with the disk cache, and the signatures the call compiled.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

#: kernel -> (numba module, dispatcher, the fxsim call that runs it on small data)
KERNELS = {
    "softmax": ("ops", "_softmax_kernel", "ops.softmax(X2, backend='numba')"),
    "activation": ("ops", "_activation_kernel", "ops.gelu_tanh(X1, backend='numba')"),
    "norm": ("ops", "_norm_kernel", "ops.layernorm(X2, backend='numba')"),
    "mbe_op": ("mbe", "_mbe_kernel", "ops.exp(-abs(X1), method='mbe', backend='numba')"),
    "fs_op": ("fs", "_fs_kernel", "ops.gelu(X1, method='fs', backend='numba')"),
    "chain": ("chain", "_chain_kernel", "chain_op()"),
    "mbe_softmax_rows": ("rows", "_mbe_softmax", "ops.softmax(X2, method='mbe', backend='numba')"),
    "mbe_norm_rows": ("rows", "_mbe_norm", "ops.layernorm(X2, method='mbe', backend='numba')"),
    "fs_softmax_rows": ("rows", "_fs_softmax", "ops.softmax(X2, method='fs', backend='numba')"),
    "engine": ("population", "_run", "engine()"),
}

_CHILD = """
import importlib
import time
import numpy as np
from fxsim import ops, presets, simulate
from fxsim.primitives.chain import run_bank
module = importlib.import_module("fxsim.backends.numba.{module}")
X1 = np.random.default_rng(1).standard_normal(512)
X2 = X1.reshape(8, 64)
def chain_op():
    run_bank([presets.fs(512)], np.arange(-256, 256), "numba")
def engine():
    simulate(presets.loihi1(1000, 16), backend="numba")
t0 = time.perf_counter()
{call}
print(time.perf_counter() - t0, len(module.{dispatcher}.signatures))
"""


def _first_call(kernel: str, cache_dir: str) -> tuple[float, int]:
    """(seconds, signatures) of the kernel's first call in a fresh process."""
    module, dispatcher, call = KERNELS[kernel]
    code = _CHILD.format(module=module, dispatcher=dispatcher, call=call)
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), int(out[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kernels", nargs="*", metavar="KERNEL",
                        help=f"of {', '.join(KERNELS)} (default: every one)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.kernels) - set(KERNELS))
    if unknown:
        parser.error(f"unknown kernel {unknown[0]!r}")
    print(f"{'kernel':18s} {'cold s':>8s} {'cached s':>9s} {'signatures':>10s}")
    for kernel in args.kernels or KERNELS:
        with tempfile.TemporaryDirectory() as cache_dir:
            cold, signatures = _first_call(kernel, cache_dir)
            cached, _ = _first_call(kernel, cache_dir)
        print(f"{kernel:18s} {cold:8.2f} {cached:9.2f} {signatures:10d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
