"""Presets section: the ``loihi1`` and ``xylo`` presets against references on the same data.

loihi1 (n neurons x T steps of the engine settings, default 10**6 x 16): du = dv = 409, vth =
100, bias_mant uniform in [0, 64) with bias_exp 3, a_in uniform int16 in [-128, 128) (fixed seed;
about one spike per four neuron-steps, no value reaches a format's edge). References:

- a minimal C loop of the same Loihi-1 rules (t-major, neurons innermost, int32 u, v and spike
  counts, int64 products), compiled like the engine section's: the roofline of the general
  (CUBA, mult leak, zero reset) engine path;
- ``lava_numpy``: a numpy transcription of Lava's bit-accurate LIF (``PyLifModelBitAcc``,
  lava-nc/lava ``src/lava/proc/lif/models.py``), written here from its published rules.

xylo (1000 neurons x 2000 steps): dash_mem = dash_syn = 2, threshold 200, bias uniform in [-4, 8),
one input synapse per neuron with weight uniform in [-128, 128) and weight shift 4, input spikes
with probability 0.1. Reference: xylosim 0.1.3's ``XyloLayer.evolve`` (an optional dependency:
``pip install xylosim==0.1.3``; without it the row is skipped).

Every variant is checked equal to its reference (final state and spike counts; xylosim: the
recorded v, i and spikes of every step) before timing.
"""
from __future__ import annotations

import ctypes
import importlib.util
import tempfile
from pathlib import Path

import numpy as np

from ...backends import get_backend
from ...population import Population, prepare_inputs
from ...presets import loihi1, xylo
from .common import BenchMismatch, Row, Settings, compare, timed
from .engine import compile_c

SEED = 20261204
LOIHI = {"du": 409, "dv": 409, "vth": 100, "bias_exp": 3}
LOIHI_UNITY, LOIHI_SHIFT, LOIHI_ACT_SHIFT, LOIHI_MAX = 4096, 12, 6, 1 << 23
XYLO = {"n": 1000, "steps": 2000, "dash_mem": 2, "dash_syn": 2, "threshold": 200,
        "weight_shift": 4, "p_spike": 0.1}

LOIHI_C = r"""
#include <stdint.h>

/* Loihi-1 LIF (Lava PyLifModelBitAcc rules): t-major, neurons innermost, from zero state. */
static inline int32_t decay(int32_t x, int32_t factor)
{
    const int64_t p = (int64_t)x * factor;               /* shift the magnitude: toward zero */
    return (int32_t)(p < 0 ? -((-p) >> 12) : p >> 12);
}

void loihi_minimal(int64_t n, int32_t T, const int32_t *a_in, const int32_t *bias,
                   int32_t fu, int32_t fv, int32_t vth, int32_t *u, int32_t *v, int32_t *count)
{
    int64_t j;
    int32_t t;
    for (j = 0; j < n; ++j)
        u[j] = v[j] = count[j] = 0;
    for (t = 0; t < T; ++t) {
        const int32_t *a = a_in + (int64_t)t * n;
        for (j = 0; j < n; ++j) {
            int32_t uj = decay(u[j], fu) + a[j] * 64;
            int32_t vj;
            int32_t s;
            uj = (int32_t)(((uint32_t)uj + (1u << 23)) & 0xffffffu) - (1 << 23);   /* wrap24 */
            vj = decay(v[j], fv) + uj + bias[j];
            vj = vj > (1 << 23) - 1 ? (1 << 23) - 1 : (vj < 1 - (1 << 23) ? 1 - (1 << 23) : vj);
            s = vj > vth;
            u[j] = uj;
            v[j] = s ? 0 : vj;
            count[j] += s;
        }
    }
}
"""


def loihi_workload(n: int, steps: int) -> dict[str, np.ndarray]:
    """a_in [T, n] int32 and bias_mant [n] of the loihi1 rows."""
    rng = np.random.default_rng(SEED)
    return {"a_in": rng.integers(-128, 128, (steps, n)).astype(np.int32),
            "bias_mant": rng.integers(0, 64, n)}


def loihi_population(work: dict[str, np.ndarray]) -> Population:
    steps, n = work["a_in"].shape
    return loihi1(n, steps, bias_mant=work["bias_mant"], **LOIHI)


def lava_numpy(a_in: np.ndarray, bias_mant: np.ndarray, du: int, dv: int, vth: int,
               bias_exp: int) -> dict[str, np.ndarray]:
    """Lava's bit-accurate Loihi-1 LIF step by step in numpy (from zero state): the decays shift
    the product's magnitude right by 12 and restore its sign, the current wraps as Lava's
    inline wrap does, the voltage clips to +-(2^23 - 1), a spike (v > vth << 6) resets v to 0.
    Returns the final u, v and spike counts."""
    n = a_in.shape[1]
    u = np.zeros(n, np.int32)
    v = np.zeros(n, np.int32)
    count = np.zeros(n, np.int64)
    bias = np.left_shift(bias_mant.astype(np.int32), bias_exp)
    vth_eff = np.left_shift(np.int32(vth), LOIHI_ACT_SHIFT)
    for a in a_in:
        cur = np.int64(u) * (LOIHI_UNITY - (du + 1))
        cur = np.int32(np.sign(cur) * np.right_shift(np.abs(cur), LOIHI_SHIFT))
        cur = cur + np.left_shift(a, LOIHI_ACT_SHIFT)
        wrapped = np.where(cur > LOIHI_MAX, cur - 2 * LOIHI_MAX, cur)
        u = np.where(wrapped <= -LOIHI_MAX, cur + 2 * LOIHI_MAX, wrapped).astype(np.int32)
        volt = np.int64(v) * (LOIHI_UNITY - dv)
        volt = np.int32(np.sign(volt) * np.right_shift(np.abs(volt), LOIHI_SHIFT))
        v = np.clip(volt + u + bias, 1 - LOIHI_MAX, LOIHI_MAX - 1).astype(np.int32)
        spikes = v > vth_eff
        v[spikes] = 0
        count += spikes
    return {"i": u.astype(np.int64), "v": v.astype(np.int64), "spike_count": count}


class LoihiMinimal:
    """The minimal Loihi-1 C loop bound to preallocated buffers."""

    def __init__(self, workdir: Path, work: dict[str, np.ndarray], flags) -> None:
        self._lib, self.command = compile_c(workdir, "loihi_minimal", LOIHI_C, flags)
        steps, n = work["a_in"].shape
        bias = (work["bias_mant"] << LOIHI["bias_exp"]).astype(np.int32)
        self.u, self.v, self.count = (np.empty(n, np.int32) for _ in range(3))
        self._keep = (work["a_in"], bias)
        ptr = [ctypes.c_void_p(a.ctypes.data) for a in (*self._keep, self.u, self.v, self.count)]
        fn = self._lib.loihi_minimal
        fn.restype = None
        fn.argtypes = ([ctypes.c_int64, ctypes.c_int32] + [ctypes.c_void_p] * 2
                       + [ctypes.c_int32] * 3 + [ctypes.c_void_p] * 3)
        self._args = (n, steps, *ptr[:2], LOIHI_UNITY - (LOIHI["du"] + 1),
                      LOIHI_UNITY - LOIHI["dv"], LOIHI["vth"] << LOIHI_ACT_SHIFT, *ptr[2:])

    def run(self) -> None:
        self._lib.loihi_minimal(*self._args)

    def state(self) -> dict[str, np.ndarray]:
        return {"i": self.u.astype(np.int64), "v": self.v.astype(np.int64),
                "spike_count": self.count.astype(np.int64)}


def final_state(run) -> dict[str, np.ndarray]:
    """The final i, v and spike counts of a run (abi.PopulationRun), int64."""
    return {name: np.asarray(getattr(run, name)).astype(np.int64)
            for name in ("i", "v", "spike_count")}


def check(label: str, got: dict[str, np.ndarray], want: dict[str, np.ndarray]) -> None:
    """BenchMismatch unless every array of ``want`` equals ``got``'s."""
    bad = [name for name, arr in want.items() if not np.array_equal(got[name], arr)]
    if bad:
        raise BenchMismatch(f"{label} differs from its reference in {', '.join(bad)}")


def backend_calls(pop: Population, inputs: np.ndarray) -> dict[str, callable]:
    """c serial, c 2 threads and numba serial runs of ``pop``, each into a run made once."""
    plan, c, numba_ = pop.plan(), get_backend("c"), get_backend("numba")
    out_c = c.simulate(plan, inputs, (), threads=1)
    out_nb = numba_.simulate(plan, inputs, (), threads=1)
    return {"c serial": lambda: c.simulate(plan, inputs, (), threads=1, out=out_c),
            "c 2 threads": lambda: c.simulate(plan, inputs, (), threads=2, out=out_c),
            "numba serial": lambda: numba_.simulate(plan, inputs, (), threads=1, out=out_nb)}


def loihi_rows(settings: Settings) -> list[Row]:
    """loihi1 against the minimal Loihi C loop and the Lava-style numpy model."""
    work = loihi_workload(settings.n, settings.steps)
    pop = loihi_population(work)
    inputs = prepare_inputs(pop, work["a_in"])
    with tempfile.TemporaryDirectory(prefix="fxsim-bench-") as tmp:
        minimal = LoihiMinimal(Path(tmp), work, settings.cflags)
    minimal.run()
    want = minimal.state()
    lava = lambda: lava_numpy(work["a_in"], work["bias_mant"], **LOIHI)  # noqa: E731
    check("the Lava-style numpy loihi1", lava(), want)
    calls = backend_calls(pop, inputs)
    for name, call in calls.items():
        check(f"loihi1 {name}", final_state(call()), want)
    timings = {"minimal Loihi C loop": timed(minimal.run, settings),
               **{name: timed(call, settings) for name, call in calls.items()},
               "Lava-style numpy": timed(lava, settings)}
    label = f"loihi1 {settings.n:,} x {settings.steps}"
    return compare("presets", label, timings, (
        ("c serial", "minimal Loihi C loop", 0.5), ("c 2 threads", "c serial", 1.7),
        ("numba serial", "c serial", 1 / 3), ("c serial", "Lava-style numpy", 50.0)))


def xylo_workload() -> dict[str, np.ndarray]:
    """Weights [n], bias [n] and input spikes [T, n] (0/1) of the xylo rows."""
    rng = np.random.default_rng(SEED)
    n, steps = XYLO["n"], XYLO["steps"]
    return {"w": rng.integers(-128, 128, n), "bias": rng.integers(-4, 8, n),
            "spikes": (rng.random((steps, n)) < XYLO["p_spike"]).astype(np.int64)}


def xylosim_layer(work: dict[str, np.ndarray]) -> tuple[object, list]:
    """An xylosim 0.1.3 XyloLayer: input channel j drives hidden neuron j alone (weight w[j],
    synapse 0); no recurrent synapses; one idle output neuron (the layer needs one). Returned
    with its synapse objects, which the layer refers to and which must outlive it."""
    from xylosim import v2
    n = work["w"].shape[0]
    synapses = [[v2.XyloSynapse(j, 0, int(work["w"][j]))] for j in range(n)]
    return v2.XyloLayer(
        synapses, [[] for _ in range(n)],
        [[] for _ in range(n)], [[] for _ in range(n)], [XYLO["threshold"]] * n, [1 << 14], True,
        [int(b) for b in work["bias"]], [0], XYLO["weight_shift"], 0, 0,
        [XYLO["dash_mem"]] * n, [1], [[XYLO["dash_syn"]]] * n, [[1]], "fxsim_bench"), synapses


def xylo_rows(settings: Settings) -> list[Row]:
    """The xylo preset against xylosim (skipped without it)."""
    if importlib.util.find_spec("xylosim") is None:
        print("skip presets/xylo: needs xylosim (pip install xylosim==0.1.3)", flush=True)
        return []
    work = xylo_workload()
    pop = xylo(XYLO["n"], XYLO["steps"], dash_mem=XYLO["dash_mem"], dash_syn=XYLO["dash_syn"],
               threshold=XYLO["threshold"], bias=work["bias"])
    x = (work["spikes"] * (work["w"] << XYLO["weight_shift"])).astype(np.int32)
    layer, _synapses = xylosim_layer(work)
    spikes_in = work["spikes"].tolist()
    layer.evolve(spikes_in)                # from rest; later calls continue (the same work)
    got = get_backend("c").simulate(pop.plan(), prepare_inputs(pop, x), ("v", "i", "spikes"),
                                    threads=1)
    recorded = {"v": np.array(layer.rec_v_mem).T, "i": np.array(layer.rec_i_syn).T,
                "spikes": np.array(layer.rec_recurrent_spikes)}
    check("the xylo preset (records)", got.records, recorded)
    inputs = prepare_inputs(pop, x)
    calls = backend_calls(pop, inputs)
    want = final_state(got)
    for name, call in calls.items():
        check(f"xylo {name}", final_state(call()), want)
    timings = {"xylosim 0.1.3": timed(lambda: layer.evolve(spikes_in), settings),
               **{name: timed(call, settings) for name, call in calls.items()}}
    label = f"xylo {XYLO['n']:,} x {XYLO['steps']:,}"
    return compare("presets", label, timings, (
        ("c serial", "xylosim 0.1.3", 100.0), ("numba serial", "c serial", 1 / 3)))


def section(settings: Settings) -> list[Row]:
    """The loihi1 and xylo rows."""
    return loihi_rows(settings) + xylo_rows(settings)
