"""The chain kernel's closed forms (csrc/fx_chain.c, docs/algorithms.md 8.8) against the
population engine's numpy definition: bases whose packed accumulator is a step function of
the loaded membrane with few steps (run as compare-add cuts), the halving (SAR) basis (run as
a clamp and a popcount, checked by hand too), and the fused drivers' thread split around
its size guard."""
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim import backends, ops
from fxsim.backends import available
from fxsim.errors import FxError
from fxsim.formats import Format
from fxsim.ops.fs.config import FsActivationConfig
from fxsim.ops.mbe.config import MbeScalarConfig
from fxsim.population import Population
from fxsim.primitives.chain import run_bank
from fxsim.primitives.spike_multiply import sar_population

FUSED = [b for b in ("c", "numba") if b in available()]
OVERFLOWS = ("SAT", "WRAP", "SAT_SYM", "SAT_ZERO")


@st.composite
def few_piece_banks(draw):
    """Banks of 32-bit bases (no step can overflow) mixing few-piece bases, whose thresholds
    take at most 3 values and whose resets are 0 (spike at step t iff u passes theta_t: at
    most 4 pieces, so T >= 6 runs them as cuts), with halving-like bases (theta = reset:
    many pieces, run as steps); loaded values on and beside every threshold."""
    T, bases, n = draw(st.integers(6, 20)), draw(st.integers(1, 6)), draw(st.integers(1, 900))
    vf = Format(True, 32, 0, "TRN", draw(st.sampled_from(OVERFLOWS)))
    af = Format(True, 32, 0, "TRN", draw(st.sampled_from(OVERFLOWS)))
    compare = draw(st.sampled_from([">=", ">"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    pops = []
    for _ in range(bases):
        if draw(st.integers(0, 3)):
            theta = rng.choice(rng.integers(-(1 << 29), 1 << 30, 3), T)
            reset = np.zeros(T, np.int64)
        else:
            theta = np.sort(rng.integers(1, 1 << 29, T))[::-1].copy()
            reset = theta.copy()
        pops.append(Population(n=n, steps=T, v_format=vf, acc_format=af, compare=compare,
                               input_mode="initial", threshold=theta, reset_amount=reset,
                               intensity=rng.integers(-(1 << 20), 1 << 20, T)))
    edges = np.concatenate([p.threshold for p in pops])
    u = rng.integers(-(1 << 31), 1 << 31, n)
    near = rng.random(n) < 0.5
    u[near] = rng.choice(edges, near.sum()) + rng.integers(-1, 2, near.sum())
    u[: min(n, 2)] = [vf.max_raw, vf.min_raw][: min(n, 2)]
    return pops, np.clip(u, vf.min_raw, vf.max_raw).astype(np.int32)


@pytest.mark.parametrize("backend", FUSED)
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=few_piece_banks(), threads=st.sampled_from([1, 2]))
def test_chain_cuts_equal_engine(backend, case, threads):
    pops, u = case
    want, want_counts, _ = run_bank(pops, u, "numpy")
    with backends.threads(threads):
        got, counts, _ = run_bank(pops, u, backend)
    assert np.array_equal(got, want)
    assert counts == want_counts


@pytest.mark.parametrize("backend", FUSED)
@pytest.mark.parametrize("steps", [1, 7, 16, 30])
def test_halving_chain_is_clamped_binary_code(backend, steps):
    """The SAR basis on loaded membranes over its whole range (below 0, in [0, 2^T), at 2^T
    and above): hand derivation, thresholds 2^(T-1-t) with subtractive reset fire the bits
    of v in [0, 2^T), no bit below 0 and every bit from 2^T on, so acc = clamp(v, 0,
    2^T - 1) and the spikes are its popcount; and equal to the numpy engine."""
    fmt = sar_population(1, steps).v_format
    lo, hi = fmt.min_raw, fmt.max_raw
    rng = np.random.default_rng(steps)
    u = np.concatenate([rng.integers(lo, hi + 1, 3000), [lo, -1, 0, 1, (1 << steps) - 1, hi],
                        [min(hi, 1 << steps)]])
    pops = [sar_population(u.size, steps)]
    got, counts, _ = run_bank(pops, u.astype(np.int32), backend)
    acc = np.clip(u, 0, (1 << steps) - 1)
    assert np.array_equal(got, acc)
    assert counts["spikes"] == sum(bin(int(a)).count("1") for a in acc)
    want, want_counts, _ = run_bank(pops, u.astype(np.int32), "numpy")
    assert np.array_equal(got, want) and counts == want_counts


@pytest.mark.parametrize("n", [1, 255, 256, 1023, 1024, 1025, 2600])
@pytest.mark.parametrize("op, method", [("gelu", "mbe"), ("reciprocal", "fs")])
def test_driver_size_guard_equal_numpy(op, method, n):
    """The fused drivers on one thread below FX_CHAIN_PARALLEL_BLOCKS blocks and on a team from
    there on: values and counts equal to numpy on either side of the guard, for any thread
    count. Shuffled inputs: every FS block mixes its pieces."""
    rng = np.random.default_rng(n)
    x = rng.permutation(np.linspace(0.03 if op == "reciprocal" else -6.0, 70.0, n))
    cfg = FsActivationConfig() if method == "fs" else None
    fn = ops.get(op, method)
    want = fn(x, config=cfg, backend="numpy")
    for threads in (1, 2, 3):
        with backends.threads(threads):
            got = fn(x, config=cfg, backend="c" if "c" in available() else FUSED[0])
        assert np.array_equal(got.raw, want.raw)
        assert got.stats == want.stats


@pytest.mark.parametrize("op", ["reciprocal", "rsqrt"])
@pytest.mark.parametrize("edge", ["tiny", "zero", "huge", "big", "nan", "inside"])
def test_mantissa_float_path_edges(op, edge):
    """reciprocal / rsqrt on float input: the one-pass path where every value quantizes to a
    positive in-range integer, the general path (same values and stats, or the same FxError
    for a value that quantizes to 0) where one might not."""
    x = np.random.default_rng(3).uniform(0.05, 9.0, 3000)
    frac = MbeScalarConfig().fmt("input_format").frac
    x[17] = {"tiny": 0.3 * 2.0**-frac, "zero": 0.0, "huge": 1e12, "big": 1e6, "nan": np.nan,
             "inside": 2.0**-frac}[edge]
    fn = ops.get(op, "mbe")
    try:
        want = fn(x, backend="numpy")
    except FxError as exc:
        with pytest.raises(FxError, match=re.escape(str(exc))):
            fn(x, backend="c")
        return
    for threads in (1, 2):
        with backends.threads(threads):
            got = fn(x, backend="c")
        assert np.array_equal(got.raw, want.raw) and got.stats == want.stats


@pytest.mark.parametrize("op", ["softmax", "layernorm", "rmsnorm"])
@pytest.mark.parametrize("shape", [(3, 5000), (300, 24), (1, 1)])
@pytest.mark.parametrize("kind", ["float32", "float64", "raw", "nan"])
def test_mbe_rows_float_and_raw_input_equal_numpy(op, shape, kind):
    """The MBE row operators on float rows (quantized chunk by chunk in the row kernel), on raw
    integer rows (the raw row kernel) and on rows with a NaN (the general path): values and
    stats equal to numpy's, or the same FxError, on 1 and 2 threads; chunks of one row
    (d > 4096) and of many."""
    x = np.random.default_rng(shape[1]).standard_normal(shape) * (4 if op == "softmax" else 30)
    fn, raw = ops.get(op, "mbe"), kind == "raw"
    if raw:
        x = np.round(x * 2.0**10).astype(np.int64)       # inside every input format here
    elif kind == "nan":
        x[0, -1] = np.nan
    else:
        x = x.astype(kind)
    try:
        want = fn(x, backend="numpy", raw=raw)
    except FxError as exc:
        with pytest.raises(FxError, match=re.escape(str(exc))):
            fn(x, backend="c", raw=raw)
        return
    for threads in (1, 2):
        with backends.threads(threads):
            got = fn(x, backend="c", raw=raw)
        assert np.array_equal(got.raw, want.raw) and got.stats == want.stats
