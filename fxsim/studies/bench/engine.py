"""Engine section: the population engine against a minimal hand-written C loop.

The workload is the integer LIF hot loop of docs/benchmarks.md ("Engine"): n neurons (default
10**6), T steps (default 16), and per step::

    V += I;  s = V >= theta[t];  V -= s * theta[t];  acc += s * d[t]

with I constant per neuron (uniform integers in [0, 4096), fixed seed), theta[t] = 2**(12 - t % 12)
and d[t] = theta[t] / 2. In fxsim this is a Population with no input (input_mode "current"),
bias = I, v and acc in fixed<32,32> WRAP, per-step threshold and intensity schedules, compare
">=", subtract reset and max_spikes 1.

The section

1. writes the minimal loop (t-major, neurons innermost, int32 V, int64 acc) to a temporary
   directory, compiles it with the flags the ``c`` backend was built with (recorded in the
   extension, e.g. ``-O3 -std=c99 -march=native``; ``--cflags`` overrides) and calls it
   through ctypes on preallocated numpy buffers: the roofline;
2. runs every fxsim backend once and aborts (BenchMismatch) unless its final acc, spike counts
   and membrane equal the minimal loop's bit for bit;
3. times, as the median of ``--repeats`` calls after the warm-up (``Settings.warmup_s``): the
   minimal loop, the same loop also totalling spikes (for information: fxsim returns those
   totals), the ``c`` backend with 1 and 2 threads, ``numba`` with 1 and 2 threads and
   ``numpy``. An fxsim call is the backend's ``simulate(pop.plan(), None, (), threads=...,
   out=run)``: no input array (``prepare_inputs(pop, None)`` is None), and, like the minimal
   loop's preallocated buffers, the final state written into one run made before the timing
   (``out=``);
   "c serial, new arrays" shows the same call allocating its outputs;
4. returns one row per comparison of TARGETS (variant, reference, target ratio or None).
"""
from __future__ import annotations

import ctypes
import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ...errors import FxError
from ...backends import get_backend
from ...backends.abi import STATE_VARS
from ...population import Population, prepare_inputs
from .common import BenchMismatch, Row, Settings, compare, timed

SEED = 20240611
I_MAX = 4096                       # I is uniform in [0, I_MAX)
CC = os.environ.get("CC", "gcc")

MINIMAL_C = r"""
#include <stdint.h>

/* The LIF update of docs/benchmarks.md: t-major, neurons innermost, int32 V, int64 acc.
 * The state starts at zero, so step 0 is peeled: it writes V and acc instead of reading them
 * (no separate zeroing pass). counting: also total the spikes in count[j], as fxsim does. */
static inline void lif(int64_t n, int32_t T, const int32_t *restrict I,
                       const int32_t *restrict theta, const int64_t *restrict d,
                       int32_t *restrict V, int64_t *restrict acc, int64_t *restrict count,
                       const int counting)
{
    int64_t j;
    int32_t t;
    if (T < 1)
        return;
    for (j = 0; j < n; ++j) {
        const int32_t v = I[j];
        const int32_t s = v >= theta[0];
        V[j] = v - s * theta[0];
        acc[j] = s * d[0];
        if (counting)
            count[j] = s;
    }
    for (t = 1; t < T; ++t) {
        const int32_t th = theta[t];
        const int64_t dt = d[t];
        for (j = 0; j < n; ++j) {
            const int32_t v = V[j] + I[j];
            const int32_t s = v >= th;
            V[j] = v - s * th;
            acc[j] += s * dt;
            if (counting)
                count[j] += s;
        }
    }
}

void lif_minimal(int64_t n, int32_t T, const int32_t *I, const int32_t *theta,
                 const int64_t *d, int32_t *V, int64_t *acc)
{
    lif(n, T, I, theta, d, V, acc, 0, 0);
}

void lif_minimal_count(int64_t n, int32_t T, const int32_t *I, const int32_t *theta,
                       const int64_t *d, int32_t *V, int64_t *acc, int64_t *count)
{
    lif(n, T, I, theta, d, V, acc, count, 1);
}
"""

TARGETS = (  # (variant, reference, target ratio reference time / variant time, or None)
    ("minimal loop + spike counts", "minimal loop", None),
    ("c serial", "minimal loop", 0.8),
    ("c serial, new arrays", "minimal loop", None),
    ("c 2 threads", "c serial", 1.7),
    ("numba serial", "c serial", 1 / 3),
    ("numba 2 threads", "numba serial", None),
    ("numpy", "minimal loop", None),
)


def workload(n: int, steps: int) -> dict[str, np.ndarray]:
    """I [n] int32, theta [T] int32 and d [T] int64 of the benchmark."""
    rng = np.random.default_rng(SEED)
    theta = np.array([1 << (12 - t % 12) for t in range(steps)], dtype=np.int32)
    return {"I": rng.integers(0, I_MAX, n, dtype=np.int32), "theta": theta,
            "d": (theta // 2).astype(np.int64)}


def make_population(work: dict[str, np.ndarray]) -> Population:
    return Population(
        n=work["I"].shape[0], steps=work["theta"].shape[0],
        v_format="fixed<32,32,TRN,WRAP>", acc_format="fixed<32,32,TRN,WRAP>",
        threshold=work["theta"].astype(np.int64), intensity=work["d"],
        bias=work["I"].astype(np.int64), compare=">=", reset="subtract", max_spikes=1,
        input_mode="current", name="bench_engine")


def compile_c(workdir: Path, name: str, source: str, flags: list[str] | tuple[str, ...]
              ) -> tuple[ctypes.CDLL, str]:
    """Compile ``source`` into ``workdir/name.so`` with ``flags``; (the library, the command)."""
    src, lib = workdir / f"{name}.c", workdir / f"{name}.so"
    src.write_text(source)
    cmd = [CC, *flags, "-fPIC", "-shared", str(src), "-o", str(lib)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        first = next((ln for ln in proc.stderr.splitlines() if "error" in ln),
                     proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else "")
        raise FxError(f"the {name} C loop does not build with --cflags "
                      f"{' '.join(flags)!r}: {first.strip()}")
    return ctypes.CDLL(str(lib)), " ".join(cmd)


class MinimalLoop:
    """The minimal C loop, compiled into ``workdir`` and bound to preallocated buffers."""

    def __init__(self, workdir: Path, work: dict[str, np.ndarray], flags: list[str]) -> None:
        self._lib, self.command = compile_c(workdir, "lif_minimal", MINIMAL_C, flags)
        n, steps = work["I"].shape[0], work["theta"].shape[0]
        self.V = np.empty(n, np.int32)
        self.acc = np.empty(n, np.int64)
        self.count = np.empty(n, np.int64)
        self._keep = (work["I"], work["theta"], work["d"])   # the pointers below refer to these
        ptr = [ctypes.c_void_p(a.ctypes.data) for a in (*self._keep, self.V, self.acc, self.count)]
        self._args = (ctypes.c_int64(n), ctypes.c_int32(steps), *ptr[:5])
        self._count_args = (*self._args, ptr[5])
        for fn, nargs in ((self._lib.lif_minimal, 7), (self._lib.lif_minimal_count, 8)):
            fn.restype = None
            fn.argtypes = [ctypes.c_int64, ctypes.c_int32] + [ctypes.c_void_p] * (nargs - 2)

    def run(self) -> None:
        self._lib.lif_minimal(*self._args)

    def run_count(self) -> None:
        self._lib.lif_minimal_count(*self._count_args)


def fxsim_variants(pop, inputs: np.ndarray) -> dict[str, Callable[[], object]]:
    """Variant name -> a call of one fxsim backend's population kernel on ``pop.plan()``.
    Like the minimal loop, which writes into preallocated buffers, each backend writes its
    final state into one run made before the timing (the kernel's ``out=``); "c serial, new
    arrays" allocates its outputs on every call, as a plain ``simulate`` does (page faults of
    3 x 8 n bytes included)."""
    c, numba_, numpy_ = get_backend("c"), get_backend("numba"), get_backend("numpy")
    plan = pop.plan()
    out = {name: backend.simulate(plan, inputs, (), threads=1)
           for name, backend in (("c", c), ("numba", numba_), ("numpy", numpy_))}
    return {"c serial": lambda: c.simulate(plan, inputs, (), threads=1, out=out["c"]),
            "c 2 threads": lambda: c.simulate(plan, inputs, (), threads=2, out=out["c"]),
            "c serial, new arrays": lambda: c.simulate(plan, inputs, (), threads=1),
            "numba serial": lambda: numba_.simulate(plan, inputs, (), threads=1,
                                                    out=out["numba"]),
            "numba 2 threads": lambda: numba_.simulate(plan, inputs, (), threads=2,
                                                       out=out["numba"]),
            "numpy": lambda: numpy_.simulate(plan, inputs, (), out=out["numpy"])}


def mismatches(run, expected: dict[str, np.ndarray]) -> list[str]:
    """Names (with a first differing neuron) where a kernel's run (abi.PopulationRun) differs
    from the minimal loop."""
    out = []
    for name, got in (("acc", run.acc), ("spike_count", run.spike_count), ("v", run.v)):
        want = expected[name]
        if got.shape != want.shape or not np.array_equal(got.astype(np.int64), want):
            bad = np.flatnonzero(got != want) if got.shape == want.shape else [0]
            j = int(bad[0])
            out.append(f"{name} (e.g. neuron {j}: {got.reshape(-1)[j]} != {want.reshape(-1)[j]})")
    for name, events in zip(STATE_VARS, run.overflow):
        if events.any():
            out.append(f"{int(events.sum())} overflow event(s) in {name}")
    return out


def extension_cflags() -> list[str]:
    """The c backend's compile flags without OpenMP (the minimal loops are serial)."""
    return [f for f in get_backend("c").compile_flags().split() if f != "-fopenmp"]


def minimal_reference(minimal: MinimalLoop) -> dict[str, np.ndarray]:
    """The minimal loop's final acc, spike counts and v (the counting and the timed variant
    must agree)."""
    minimal.run_count()
    expected = {"acc": minimal.acc.copy(), "spike_count": minimal.count.copy(),
                "v": minimal.V.astype(np.int64)}
    minimal.run()
    if not (np.array_equal(minimal.acc, expected["acc"])
            and np.array_equal(minimal.V, expected["v"])):
        raise BenchMismatch("lif_minimal and lif_minimal_count disagree")
    return expected


def section(settings: Settings) -> list[Row]:
    """Check every backend against the minimal loop bit for bit (BenchMismatch if one differs),
    time them and return the rows of TARGETS."""
    work = workload(settings.n, settings.steps)
    pop = make_population(work)
    inputs = prepare_inputs(pop, None)
    with tempfile.TemporaryDirectory(prefix="fxsim-bench-") as tmp:
        minimal = MinimalLoop(Path(tmp), work, settings.cflags)
    expected = minimal_reference(minimal)
    variants = fxsim_variants(pop, inputs)
    for name, call in variants.items():    # also the warm-up call (numba compiles here)
        bad = mismatches(call(), expected)
        if bad:
            raise BenchMismatch(f"fxsim {name} differs from the minimal loop: {'; '.join(bad)}")
    calls = {"minimal loop": minimal.run, "minimal loop + spike counts": minimal.run_count,
             **variants}
    timings = {name: timed(call, settings) for name, call in calls.items()}
    label = f"LIF {settings.n:,} x {settings.steps}"
    return compare("engine", label, timings, TARGETS)
