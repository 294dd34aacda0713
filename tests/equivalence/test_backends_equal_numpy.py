"""The C and numba backends equal the numpy definition bit for bit.

Oracle: the numpy backend (fxsim.backends.reference), a second implementation written as
vectorised array steps, against the block-structured C and numba kernels.
"""
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim import Decay, Format, Overflow, Population, Rounding, simulate
from fxsim.backends import get_backend

COMPILED = ("c", "numba")
EXAMPLES = 1000         # hypothesis examples per compiled backend for the engine


def assert_traces_equal(ref, got):
    np.testing.assert_array_equal(got.v, ref.v)
    np.testing.assert_array_equal(got.acc, ref.acc)
    np.testing.assert_array_equal(got.spike_count, ref.spike_count)
    if ref.i is not None:
        np.testing.assert_array_equal(got.i, ref.i)
    assert set(got.overflow) == set(ref.overflow)
    for name in ref.overflow:
        np.testing.assert_array_equal(got.overflow[name], ref.overflow[name], err_msg=name)
    assert set(got.records) == set(ref.records)
    for name in ref.records:
        np.testing.assert_array_equal(got.records[name], ref.records[name], err_msg=name)


def formats(frac=None):
    return st.builds(Format, signed=st.booleans(), width=st.integers(1, 32),
                     frac=st.just(frac) if frac is not None else st.integers(-4, 12),
                     rounding=st.sampled_from(list(Rounding)),
                     overflow=st.sampled_from(list(Overflow)))


decays = st.one_of(
    st.just(Decay()),
    st.builds(Decay, kind=st.just("shift"), shift=st.integers(0, 31),
              rounding=st.sampled_from(list(Rounding)), min_step=st.booleans()),
    st.builds(Decay, kind=st.just("mult"), shift=st.integers(0, 16),
              factor=st.integers(0, 70000), rounding=st.sampled_from(list(Rounding))))


@st.composite
def schedule(draw, steps, n, lo, hi):
    """A scalar, per-step [T], per-neuron [1, n] or full [T, n] raw schedule."""
    shape = draw(st.sampled_from([(), (steps,), (1, n), (steps, n), (steps, 1)]))
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).integers(lo, hi, size=shape, endpoint=True)


@st.composite
def population_and_inputs(draw):
    n = draw(st.sampled_from([1, 3, 17, 511, 512, 513, 1100]))
    steps = draw(st.integers(1, 6))
    v_format = draw(formats())
    cuba = draw(st.booleans())
    i_format = draw(formats(frac=v_format.frac)) if cuba else None
    scale = 1 << min(v_format.width, 31)
    max_spikes = draw(st.sampled_from([1, 1, 2, 5, 31]))
    pop = Population(
        n=n, steps=steps, v_format=v_format, i_format=i_format, acc_format=draw(formats()),
        decay_v=draw(decays), decay_i=draw(decays),
        threshold=draw(schedule(steps, n, -scale // 4, scale)),
        reset_amount=draw(st.one_of(st.none(), schedule(steps, n, -scale // 8, scale))),
        intensity=draw(schedule(steps, n, -(1 << 20), 1 << 20)),
        bias=draw(st.one_of(st.integers(-scale // 2, scale // 2),
                            schedule(1, n, -scale // 2, scale // 2).map(lambda a: a.reshape(-1)[:1].repeat(n)))),
        compare=draw(st.sampled_from([">=", ">"])), reset=draw(st.sampled_from(["subtract", "zero"])),
        v_reset=draw(st.integers(-scale // 4, scale // 4)), max_spikes=max_spikes,
        input_mode=draw(st.sampled_from(["current", "initial"])), input_shift=draw(st.integers(0, 6)),
        input_before_decay=draw(st.booleans()), membrane=draw(st.sampled_from(["sum", "increment"])))
    shape = (steps, n) if pop.input_mode == "current" else (n,)
    seed = draw(st.integers(0, 2**32 - 1))
    span = min(scale, 1 << 24)
    inputs = np.random.default_rng(seed).integers(-span, span, size=shape, dtype=np.int64)
    return pop, inputs.astype(np.int32)


@pytest.mark.parametrize("backend_name", COMPILED)
@settings(max_examples=EXAMPLES)
@given(case=population_and_inputs())
def test_engine_equal_numpy(backend_name, case):
    pop, inputs = case
    ref = simulate(pop, inputs, backend="numpy", record=True)
    got = simulate(pop, inputs, backend=backend_name, record=True)
    assert_traces_equal(ref, got)


@pytest.mark.parametrize("threads", [1, 2])
@settings(max_examples=150)
@given(case=population_and_inputs())
def test_threads_never_change_results(threads, case):
    """OpenMP (c) and prange (numba) with 2 threads equal the numpy definition."""
    pop, inputs = case
    ref = simulate(pop, inputs, backend="numpy", record=True)
    record = tuple(ref.records)
    for name in COMPILED:
        got = simulate(pop, inputs, backend=name, record=record, threads=threads)
        assert_traces_equal(ref, got)


def representative_population(n, input_mode):
    """8-bit signed state, shift leak with RND_CONV and minimum step, saturating v, wrapping acc,
    per-step thresholds and intensities, two spikes per step: every rule active at once."""
    return Population(
        n=n, steps=4, v_format=Format(True, 8, 4, Rounding.RND_CONV, Overflow.SAT),
        i_format=Format(True, 8, 4, Rounding.TRN, Overflow.WRAP) if input_mode == "current" else None,
        acc_format=Format(True, 8, 2, Rounding.TRN, Overflow.WRAP),
        decay_v=Decay("shift", 2, rounding=Rounding.RND_CONV, min_step=True),
        decay_i=Decay("mult", 3, factor=5, rounding=Rounding.TRN_ZERO),
        threshold=[20, 40, 10, 30], reset_amount=[20, 40, 10, 30], intensity=[64, 32, 16, 8],
        bias=3, compare=">", max_spikes=2, input_mode=input_mode)


@pytest.mark.parametrize("input_mode", ["initial", "current"])
def test_engine_exhaustive_8bit_inputs(backend, input_mode):
    """All 256 8-bit inputs (and, per step, all 256 in a rotated order) on every backend."""
    values = np.arange(-128, 128, dtype=np.int32)
    pop = representative_population(values.size, input_mode)
    inputs = values if input_mode == "initial" else np.stack([np.roll(values, 37 * t) for t in range(4)])
    ref = simulate(pop, inputs, backend="numpy", record=True)
    assert_traces_equal(ref, simulate(pop, inputs, backend=backend, record=True))


def test_arith_exhaustive_8bit(backend):
    """Every 9-bit raw value through every rounding x overflow mode, drops -3..10, both signs."""
    raw = np.arange(-256, 256, dtype=np.int64)
    ref_backend = get_backend("numpy")
    mine = get_backend(backend)
    for rounding, ovf, signed, drop in itertools.product(Rounding, Overflow, (True, False), range(-3, 11)):
        fmt = Format(signed, 8, 2, rounding, ovf)
        want, want_events = ref_backend.requantize(raw, 2 + drop, fmt)
        got, got_events = mine.requantize(raw, 2 + drop, fmt)
        np.testing.assert_array_equal(got, want)
        assert got_events == want_events


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("threads", [1, 2])
def test_quantize_many_floats_any_threads(dtype, threads):
    """C's quantize over 300,001 values (several 65,536-value parallel pieces, a partial last
    one), half of them exact ties, in every rounding x overflow mode, equals numpy's."""
    from fxsim import backends
    rng = np.random.default_rng(7)
    n = 300_001
    x = (rng.integers(-600, 600, n) + np.where(rng.random(n) < 0.5, 0.5, rng.random(n))) / 4
    x = x.astype(dtype)
    c = get_backend("c")
    for rounding, ovf in itertools.product(Rounding, Overflow):
        fmt = Format(True, 8, 2, rounding, ovf)
        want, want_events = get_backend("numpy").quantize(x.astype(np.float64), fmt)
        with backends.threads(threads):
            got, got_events = c.quantize(x, fmt)
        np.testing.assert_array_equal(got, want)
        assert got_events == want_events
