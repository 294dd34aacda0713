"""Proven blocks of the C engine (csrc/fx_population.c, docs/algorithms.md 2.6) equal the numpy
definition.

The C engine runs a block of 256 neurons in int32 lanes without overflow checks when interval
bounds prove that no value can leave its format. The configurations drawn here are the ones
that admit such blocks (no CUBA, sum membrane, one spike with subtract reset, leak none or
shift, threshold / reset / intensity the same for every neuron of a step), with magnitudes
chosen per block so that in one run some blocks are proven and others overflow and must take
the checked path. Oracle: the numpy backend (vectorised array steps, no blocks, no proofs).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim import Decay, Format, Overflow, Population, Rounding, simulate
from fxsim.backends import c as c_backend
from fxsim.backends import numba as numba_backend
from fxsim.population import prepare_inputs
from fxsim.presets import loihi1, xylo

from test_backends_equal_numpy import assert_traces_equal

BLOCK = 256
NUMBA_BLOCK = 512


@st.composite
def provable_population(draw):
    n = draw(st.sampled_from([1, 17, 512, 513, 1100, 1600]))
    steps = draw(st.integers(1, 8))
    signed = draw(st.booleans())
    width = draw(st.integers(2, 32))
    v_format = Format(signed, width, draw(st.integers(-2, 8)),
                      draw(st.sampled_from(list(Rounding))), draw(st.sampled_from(list(Overflow))))
    acc_format = Format(draw(st.booleans()), draw(st.integers(2, 32)), 0, Rounding.TRN,
                        draw(st.sampled_from(list(Overflow))))
    top = 1 << (width - 1 if signed else width)      # |v| below this fits v's format
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    # per block, the largest bias and input as a fraction of the format: small blocks prove,
    # large ones may overflow within the steps
    fractions = rng.choice([1 / 64, 1 / 8, 1 / 2, 2.0], size=(n + BLOCK - 1) // BLOCK)
    reach = np.maximum(1, (np.repeat(fractions, BLOCK)[:n] * top / max(steps, 1))).astype(np.int64)
    low = 0 if not signed and draw(st.booleans()) else -1
    bias = (rng.integers(low * reach, reach, endpoint=True)).astype(np.int64)

    def per_step(lo, hi):
        shape = draw(st.sampled_from([(), (steps,), (steps, 1)]))
        return rng.integers(lo, hi, size=shape, endpoint=True)

    decay = draw(st.one_of(st.just(Decay()), st.builds(
        Decay, kind=st.just("shift"), shift=st.integers(0, 8),
        rounding=st.sampled_from(list(Rounding)), min_step=st.booleans())))
    pop = Population(
        n=n, steps=steps, v_format=v_format, acc_format=acc_format, decay_v=decay,
        threshold=per_step(1, top), reset_amount=draw(st.one_of(st.none(), st.just(
            per_step(0, top)))), intensity=per_step(-(1 << 12), 1 << 12), bias=bias,
        compare=draw(st.sampled_from([">=", ">"])), reset="subtract", max_spikes=1,
        input_mode=draw(st.sampled_from(["current", "initial"])),
        input_shift=draw(st.integers(0, 3)))
    inputs = None
    if draw(st.booleans()):
        shape = (steps, n) if pop.input_mode == "current" else (n,)
        span = np.minimum(reach >> pop.input_shift, (1 << 31) - 1)
        inputs = (rng.integers(-span, span, size=shape, endpoint=True)).astype(np.int32)
    return pop, inputs


@settings(max_examples=600, deadline=None)
@given(case=provable_population(), record=st.sampled_from([(), ("v", "spikes", "acc")]),
       threads=st.sampled_from([1, 2]))
def test_proven_blocks_equal_numpy(case, record, threads):
    pop, inputs = case
    ref = simulate(pop, inputs, backend="numpy", record=record)
    got = simulate(pop, inputs, backend="c", record=record, threads=threads)
    assert_traces_equal(ref, got)


@pytest.mark.parametrize("bias, v_want, events", [
    (127, 127, 0),      # v reaches the top of fixed<8,8> exactly: no overflow, provable
    (128, -128, 1),     # one past it: the bounds cannot prove the block; WRAP gives -128
])
def test_edge_of_the_format_by_hand(bias, v_want, events):
    """One step, threshold above every reachable v: v = 0 + bias, wrapped into 8 signed bits.

    Written out: 127 fits [-128, 127] (no event); 128 - 256 = -128 (one event). The first
    block (neurons 0..511) gets bias 1, so it is provable in both cases; the second block
    (512..599) holds the edge case."""
    n = 600
    b = np.ones(n, np.int64)
    b[512:] = bias
    pop = Population(n=n, steps=1, v_format="fixed<8,8,TRN,WRAP>", acc_format="fixed<16,16>",
                     threshold=127, bias=b, intensity=1, compare=">", max_spikes=1)
    for backend in ("c", "numpy"):
        trace = simulate(pop, None, backend=backend)
        assert trace.v[0] == 1 and trace.v[-1] == v_want
        assert int(trace.overflow["v"].sum()) == events * (n - 512)
        assert not trace.spike_count.any()


@st.composite
def general_population(draw):
    """Any configuration the proven int64 blocks take: CUBA (input added before or after the
    decay), increment membrane, shift / mult / no leak on v and i, zero or subtract reset,
    several spikes per step, per-step, per-neuron or full schedules; magnitudes chosen per block
    (as above), so one run mixes proven and checked blocks."""
    n = draw(st.sampled_from([1, 17, 300, 513, 1100]))
    steps = draw(st.integers(1, 8))
    width = draw(st.integers(6, 32))
    frac = draw(st.integers(-2, 6))
    v_format = Format(True, width, frac, draw(st.sampled_from(list(Rounding))),
                      draw(st.sampled_from(list(Overflow))))
    cuba = draw(st.booleans())
    i_format = Format(True, draw(st.integers(6, 32)), frac, Rounding.TRN,
                      draw(st.sampled_from(list(Overflow)))) if cuba else None
    acc_format = Format(draw(st.booleans()), draw(st.integers(6, 32)), 0, Rounding.TRN,
                        draw(st.sampled_from(list(Overflow))))
    gain = draw(st.sampled_from([2, 64]))        # |intensity|: small ones let K spikes matter
    top = 1 << (width - 1)
    if cuba:
        top = min(top, 1 << (i_format.width - 1))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    fractions = rng.choice([1 / 256, 1 / 32, 1 / 4, 2.0], size=(n + BLOCK - 1) // BLOCK)
    reach = np.maximum(1, np.repeat(fractions, BLOCK)[:n] * top / (4 * steps)).astype(np.int64)

    def schedule(lo, hi):
        shape = draw(st.sampled_from([(), (steps,), (1, n), (steps, n), (steps, 1)]))
        return rng.integers(lo, hi, size=shape, endpoint=True)

    decays = st.one_of(
        st.just(Decay()),
        st.builds(Decay, kind=st.just("shift"), shift=st.integers(0, 8),
                  rounding=st.sampled_from(list(Rounding)), min_step=st.booleans()),
        st.builds(Decay, kind=st.just("mult"), shift=st.just(12), factor=st.integers(0, 4096),
                  rounding=st.sampled_from(list(Rounding))))
    pop = Population(
        n=n, steps=steps, v_format=v_format, i_format=i_format, acc_format=acc_format,
        decay_v=draw(decays), decay_i=draw(decays),
        threshold=schedule(1, max(1, top // draw(st.sampled_from([8, 256])))),
        reset_amount=draw(st.one_of(st.none(), st.just(schedule(-4, max(1, top // 8))))),
        intensity=schedule(-gain, gain), bias=rng.integers(-reach, reach, endpoint=True),
        compare=draw(st.sampled_from([">=", ">"])),
        reset=draw(st.sampled_from(["subtract", "zero"])),
        v_reset=draw(st.integers(-8, 8)), max_spikes=draw(st.sampled_from([1, 2, 5, 31])),
        input_mode=draw(st.sampled_from(["current", "initial"])),
        input_shift=draw(st.integers(0, 3)), input_before_decay=draw(st.booleans()),
        membrane=draw(st.sampled_from(["sum", "increment"])))
    inputs = None
    if draw(st.booleans()):
        shape = (steps, n) if pop.input_mode == "current" else (n,)
        span = np.minimum(reach >> pop.input_shift, (1 << 31) - 1)
        inputs = rng.integers(-span, span, size=shape, endpoint=True).astype(np.int32)
    return pop, inputs


@settings(max_examples=400, deadline=None)
@given(case=general_population(), record=st.sampled_from([(), ("v", "i", "spikes", "acc")]),
       threads=st.sampled_from([1, 2]))
def test_general_proven_blocks_equal_numpy(case, record, threads):
    """Proven blocks (no fits; c: int32 or int64 lanes, numba: int32 lanes) and checked blocks
    of every configuration equal the numpy definition on both compiled backends: final state,
    overflow events, records, 1 and 2 threads."""
    pop, inputs = case
    if "i" in record and pop.i_format is None:
        record = ("v", "spikes", "acc")
    ref = simulate(pop, inputs, backend="numpy", record=record)
    for backend in ("c", "numba"):
        assert_traces_equal(ref, simulate(pop, inputs, backend=backend, record=record,
                                          threads=threads))


def test_increment_overflow_by_hand():
    """Increment order, CUBA, both leaks shift 0 (everything leaks), 8-bit SAT state, inputs 100
    then -100 (every neuron of a full block). Written out: step 0: i = 100, dv = 100 - 0 = 100,
    v = 100; step 1: i = 100 - 100 - 100 = -100, dv = sat8(-100 - 100) = -128 (one event per
    neuron), v = 100 - 128 = -28. v = kept(v) + i + bias = -100 would lie in range: only the
    increment's own check (dv) finds the overflow, so this block must run checked."""
    n = 300
    fmt = Format(True, 8, 0, Rounding.TRN, Overflow.SAT)
    pop = Population(n=n, steps=2, v_format=fmt, i_format=fmt, acc_format="fixed<16,16>",
                     decay_v=Decay("shift", 0), decay_i=Decay("shift", 0), threshold=127,
                     compare=">", membrane="increment")
    inputs = np.array([[100] * n, [-100] * n], np.int32)
    for backend in ("c", "numpy"):
        trace = simulate(pop, inputs, backend=backend)
        assert (trace.v == -28).all() and (trace.i == -100).all()
        assert list(trace.overflow["v"]) == [0, n]


@st.composite
def narrow_population(draw):
    """Configurations of every int32-lane instantiation (csrc/fx_population.c step_narrow) with
    magnitudes far inside the formats, so every block's proof admits int32 lanes: each update
    order, leaks none / shift / mult (factors whose products fit 32 bits and ones that need 64),
    one spike, several spikes (the closed form) and reset to zero, uniform and per-neuron
    schedules."""
    n = draw(st.sampled_from([1, 300, 513]))
    steps = draw(st.integers(1, 6))
    big = draw(st.booleans())          # state near 2^20: a mult leak's product needs 64 bits
    width = draw(st.integers(26 if big else 16, 32))
    fmt = Format(True, width, 0, Rounding.TRN, draw(st.sampled_from(list(Overflow))))
    cuba = draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    decays = st.one_of(
        st.just(Decay()),
        st.builds(Decay, kind=st.just("shift"), shift=st.integers(0, 8),
                  rounding=st.sampled_from(list(Rounding)), min_step=st.booleans()),
        st.builds(Decay, kind=st.just("mult"), shift=st.just(12),
                  factor=st.integers(0, 4096), rounding=st.sampled_from(list(Rounding))))

    def schedule(lo, hi):
        shape = draw(st.sampled_from([(), (steps,), (1, n), (steps, n)]))
        return rng.integers(lo, hi, size=shape, endpoint=True)

    pop = Population(
        n=n, steps=steps, v_format=fmt, i_format=fmt if cuba else None,
        acc_format=Format(True, 32, 0, Rounding.TRN, Overflow.WRAP),
        decay_v=draw(decays), decay_i=draw(decays), threshold=schedule(1, 64),
        reset_amount=schedule(1, 64), intensity=schedule(-64, 64),
        bias=rng.integers(-8, 8, n, endpoint=True), compare=draw(st.sampled_from([">=", ">"])),
        reset=draw(st.sampled_from(["subtract", "zero"])), v_reset=draw(st.integers(-8, 8)),
        max_spikes=draw(st.sampled_from([1, 3, 31])), input_mode="current",
        input_before_decay=draw(st.booleans()), membrane=draw(st.sampled_from(["sum", "increment"])))
    reach = (1 << 20) // (2 * steps) if big else 64
    inputs = rng.integers(-reach, reach, size=(steps, n), endpoint=True).astype(np.int32)
    return pop, inputs


@settings(max_examples=150, deadline=None)
@given(case=narrow_population(), record=st.sampled_from([(), ("v", "i", "spikes", "acc")]),
       threads=st.sampled_from([1, 2]))
def test_int32_lanes_equal_numpy(case, record, threads):
    """Every block of these runs takes the int32 lanes of c (counted by
    fx_population_run_paths) and of numba (its blocks of 512), and both runs equal the numpy
    definition: final state, events, records, 1 and 2 threads."""
    pop, inputs = case
    if pop.i_format is None:
        record = tuple(name for name in record if name != "i")
    plan, prepared = pop.plan(), prepare_inputs(pop, inputs)
    assert c_backend.block_paths(plan, prepared, threads) == {
        "int32": (pop.n + BLOCK - 1) // BLOCK, "int64": 0, "checked": 0}
    assert numba_backend.block_paths(plan, prepared, threads) == {
        "int32": (pop.n + NUMBA_BLOCK - 1) // NUMBA_BLOCK, "int64": 0, "checked": 0}
    ref = simulate(pop, inputs, backend="numpy", record=record)
    for backend in ("c", "numba"):
        assert_traces_equal(ref, simulate(pop, inputs, backend=backend, record=record,
                                          threads=threads))


def test_several_spikes_by_hand():
    """Closed-form spike counts in int32 lanes. No leak, threshold 10 (">="), subtract reset 10,
    max_spikes 3, one step from v = 0 with input x: x = 9 -> 0 spikes, v 9; 10 -> 1, v 0; 29 -> 2,
    v 9; 30 -> 3, v 0; 45 -> 3 (the cap), v 15. Every block is proven in int32 lanes."""
    x = np.array([[9, 10, 29, 30, 45]], np.int32)
    pop = Population(n=5, steps=1, v_format="fixed<16,16>", acc_format="fixed<16,16>",
                     threshold=10, reset_amount=10, intensity=1, max_spikes=3)
    assert c_backend.block_paths(pop.plan(), prepare_inputs(pop, x))["int32"] == 1
    for backend in ("c", "numpy"):
        trace = simulate(pop, x, backend=backend)
        assert list(trace.spike_count) == [0, 1, 2, 3, 3]
        assert list(trace.v) == [9, 0, 9, 0, 15]


@settings(max_examples=15, deadline=None)
@given(late=st.integers(70, 199), scale=st.integers(1, 4000), threads=st.sampled_from([1, 2]),
       seed=st.integers(0, 2**16))
def test_chunked_blocks_switch_path_mid_run(late, scale, threads, seed):
    """Runs longer than one proven chunk of steps (64) whose input grows at step `late`, so
    the chunks before it run in int32 lanes and the steps after may saturate and be counted:
    the xylo preset's shape and loihi1's, against the numpy definition."""

    rng = np.random.default_rng(seed)
    n, steps = 300, 200
    x = rng.integers(-64, 64, (steps, n))
    x[late:] *= scale
    for pop in (xylo(n, steps, dash_mem=2, dash_syn=2, threshold=200),
                loihi1(n, steps, du=409, dv=409, vth=100)):
        inputs = x.astype(np.int32)
        ref = simulate(pop, inputs, backend="numpy", record=("v", "spikes"))
        got = simulate(pop, inputs, backend="c", record=("v", "spikes"), threads=threads)
        assert_traces_equal(ref, got)
        for name in ("v", "spikes"):
            np.testing.assert_array_equal(got.records[name], ref.records[name])


@pytest.mark.parametrize("drive", ["bias", "input"])
@pytest.mark.parametrize("acc_width, proven", [(16, True), (8, False)])
def test_proof_skips_to_its_steady_state(drive, acc_width, proven):
    """A block whose interval proof reaches a fixed point (V stays in [0, 9] from step 2 on)
    is proven for all 300 steps at once, the spike totals growing by at most one per step: a
    16-bit acc holds them (int32 lanes), an 8-bit SAT acc does not (A may reach 300 > 127), so
    the block takes the checked loop, where the neurons driven by 5 per step saturate. Neuron j
    gains b_j = j % 6 per step against threshold 10 with subtract reset: floor(b_j T / 10)
    spikes (at most one per step, b_j < 10), written out here; input drive runs in chunks of
    64 steps, proven with one input interval per chunk."""
    n, steps = 256, 300
    b = np.arange(n) % 6
    pop = Population(n=n, steps=steps, v_format="fixed<16,16>",
                     acc_format=Format(True, acc_width, 0, Rounding.TRN, Overflow.SAT),
                     threshold=10, reset_amount=10, intensity=1,
                     bias=b if drive == "bias" else 0)
    inputs = np.broadcast_to(b, (steps, n)).astype(np.int32) if drive == "input" else None
    counts = b * steps // 10
    paths = c_backend.block_paths(pop.plan(), prepare_inputs(pop, inputs))
    assert paths["int32"] == (1 if proven else 0)
    ref = simulate(pop, inputs, backend="numpy")
    got = simulate(pop, inputs, backend="c")
    assert_traces_equal(ref, got)
    np.testing.assert_array_equal(got.spike_count, counts)
    top = (1 << (acc_width - 1)) - 1
    np.testing.assert_array_equal(got.acc, np.minimum(counts, top))
    assert (got.overflow["acc"].sum() > 0) == (counts.max() > top)


@st.composite
def lanes32_edge_population(draw):
    """Blocks at the edges of the int32-lane conditions csrc/fx_population.c calls lanes32
    (docs/algorithms.md 2.6.1), where numba, like C, runs a SHIFT leak's rounding shift in
    int32 and the several-spike closed form in float32, or falls back to int64 / float64: per
    numba block of 512 neurons, a start v (input mode initial) of 2^31 - 2^k + d, d in
    [-3, 3], for the shift's offset bound (v + 2^k - 1 <= 2^31 - 1 iff d <= 0), or one whose
    kept part v - v / 2^k lies within about 64 of th + 2^24 (or, in half the blocks, of
    th + 2^24 - 76: the whole block below), with reset amounts near 2^24, for
    the quotient's (exact below 2^24; a float32 quotient of 2^24 by 2^24 + 1 would give one
    spike too many)."""
    n = draw(st.sampled_from([513, 1100]))
    k = draw(st.integers(1, 15))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    blocks = (n + NUMBA_BLOCK - 1) // NUMBA_BLOCK
    shift_edge = rng.integers(0, 2, blocks).astype(bool)
    threshold = draw(st.integers(1, 64))
    kept_edge = ((threshold + (1 << 24)) << k) // ((1 << k) - 1)
    v0 = np.where(np.repeat(shift_edge, NUMBA_BLOCK)[:n],
                  (1 << 31) - (1 << k) + rng.integers(-3, 3, size=n, endpoint=True),
                  kept_edge + rng.integers(-64, 64, size=n, endpoint=True)
                  - np.repeat(rng.integers(0, 2, blocks) * 76, NUMBA_BLOCK)[:n])
    v0 = np.minimum(v0, (1 << 31) - 1)
    reset = draw(st.sampled_from([(1 << 24) - 1, 1 << 24, (1 << 24) + 1, 1000]))
    pop = Population(
        n=n, steps=draw(st.integers(1, 3)),
        v_format=Format(True, 32, 0, Rounding.TRN, draw(st.sampled_from(list(Overflow)))),
        acc_format=Format(True, 32, 0, Rounding.TRN, Overflow.WRAP),
        decay_v=Decay("shift", k, rounding=draw(st.sampled_from(list(Rounding))),
                      min_step=draw(st.booleans())),
        threshold=threshold, reset_amount=reset, intensity=draw(st.integers(-4, 4)),
        bias=rng.integers(-8, 0, n, endpoint=True), max_spikes=draw(st.sampled_from([1, 3, 31])),
        input_mode="initial")
    return pop, v0.astype(np.int32)


@settings(max_examples=60, deadline=None)
@given(case=lanes32_edge_population(), threads=st.sampled_from([1, 2]))
def test_int32_lane_conditions_at_their_edges_equal_numpy(case, threads):
    """numba and c equal the numpy definition on both sides of the int32-lane conditions
    (final state, events, v and spike records)."""
    pop, inputs = case
    ref = simulate(pop, inputs, backend="numpy", record=("v", "spikes"))
    for backend in ("c", "numba"):
        got = simulate(pop, inputs, backend=backend, record=("v", "spikes"), threads=threads)
        assert_traces_equal(ref, got)
        for name in ("v", "spikes"):
            np.testing.assert_array_equal(got.records[name], ref.records[name])
