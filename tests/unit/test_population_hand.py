"""Engine rules on tiny populations, each expectation derived by hand in the docstring."""
import numpy as np
import pytest

from fxsim import Decay, Format, FxError, FxOverflowError, Population, simulate

V16 = Format(True, 16, 0, "TRN", "SAT")
A16 = Format(True, 16, 0, "TRN", "WRAP")


def test_integrate_and_fire_subtract_reset(backend):
    """theta = 10, input 4 per step, >=: v = 4, 8, 12->2 (spike), 6, 10->0 (spike), 4.
    acc adds d[t] = t + 1 at spikes (t = 2, 4): 3 + 5 = 8."""
    pop = Population(n=1, steps=6, v_format=V16, acc_format=A16, threshold=10,
                     intensity=[1, 2, 3, 4, 5, 6])
    tr = simulate(pop, np.full((6, 1), 4), backend=backend, record=True)
    assert tr.records["v"][:, 0].tolist() == [4, 8, 2, 6, 0, 4]
    assert tr.records["spikes"][:, 0].tolist() == [0, 0, 1, 0, 1, 0]
    assert tr.acc.tolist() == [8]


def test_strict_compare_and_reset_zero(backend):
    """theta = 8, >, reset to v_reset = -1: v = 4, 8 (no spike: not > 8), 12 -> -1 (spike), 3."""
    pop = Population(n=1, steps=4, v_format=V16, acc_format=A16, threshold=8, compare=">",
                     reset="zero", v_reset=-1)
    tr = simulate(pop, np.full((4, 1), 4), backend=backend, record=("v", "spikes"))
    assert tr.records["v"][:, 0].tolist() == [4, 8, -1, 3]
    assert tr.spike_count.tolist() == [1]


def test_multi_spike_cap(backend):
    """v = 100 loaded at t = 0, theta 10, subtract, cap 3: each step fires 3 times and removes 30
    (the cap stops it while v >= 10 still holds): v = 70, 40, 10; acc = 3 * 3 = 9."""
    pop = Population(n=1, steps=3, v_format=V16, acc_format=A16, threshold=10, max_spikes=3,
                     input_mode="initial")
    tr = simulate(pop, np.array([100]), backend=backend, record=("v", "spikes"))
    assert tr.records["v"][:, 0].tolist() == [70, 40, 10]
    assert tr.records["spikes"][:, 0].tolist() == [3, 3, 3]
    assert tr.acc.tolist() == [9]


def test_per_neuron_and_full_schedules(backend):
    """Per-neuron theta [1, n] = [[3, 5]] with input 3 per step, >=:
    neuron 0 fires every step (3 >= 3 -> 0); neuron 1: 3, 6->1 (spike), 4, 7->2 (spike)."""
    pop = Population(n=2, steps=4, v_format=V16, acc_format=A16, threshold=np.array([[3, 5]]))
    tr = simulate(pop, np.full((4, 2), 3), backend=backend, record=("spikes",))
    assert tr.records["spikes"].T.tolist() == [[1, 1, 1, 1], [0, 1, 0, 1]]


def test_shift_leak_min_step_reaches_zero(backend):
    """v0 = 5 loaded, leak = 5 >> 2 = 1, then 4 >> 2 = 1, 3 >> 2 = 0 -> min step 1: 5,4,3,2,1,0,0
    (the first step already leaks: 5 - 1 = 4)."""
    pop = Population(n=1, steps=6, v_format=V16, acc_format=A16, threshold=1000,
                     decay_v=Decay("shift", 2, min_step=True), input_mode="initial")
    tr = simulate(pop, np.array([5]), backend=backend, record=("v",))
    assert tr.records["v"][:, 0].tolist() == [4, 3, 2, 1, 0, 0]


def test_overflow_counts_and_raise(backend):
    """8-bit WRAP membrane, input 100 per step: 100, 200 -> -56 (1 event), 44, 144 -> -112 (1)."""
    pop = Population(n=1, steps=4, v_format=Format(True, 8, 0, "TRN", "WRAP"), acc_format=A16,
                     threshold=1000)
    tr = simulate(pop, np.full((4, 1), 100), backend=backend, record=("v",))
    assert tr.records["v"][:, 0].tolist() == [100, -56, 44, -112]
    assert tr.overflow["v"].tolist() == [0, 1, 0, 1]
    with pytest.raises(FxOverflowError, match="overflow in 'v'.*at step 1"):
        simulate(pop, np.full((4, 1), 100), backend=backend, on_overflow="raise")


@pytest.mark.parametrize("kwargs,message", [
    (dict(threshold=[1, 2]), "needs length T=3"),
    (dict(threshold=1, compare="=="), "unknown compare"),
    (dict(threshold=1, max_spikes=0), "max_spikes"),
    (dict(threshold=1, i_format="fixed<16,8>"), "must equal v_format frac"),
    (dict(threshold=1 << 45), "threshold magnitude"),
    (dict(threshold=1, bias=np.zeros(5)), "bias must be"),
    (dict(threshold=np.zeros((2, 2), np.int64)), "does not broadcast"),
])
def test_population_validation(kwargs, message):
    with pytest.raises(FxError, match=message):
        Population(n=4, steps=3, v_format=V16, acc_format=A16, **kwargs).schedules()


def test_inputs_validation():
    pop = Population(n=2, steps=3, v_format=V16, acc_format=A16, threshold=1)
    with pytest.raises(FxError, match="does not match"):
        simulate(pop, np.zeros((2, 3), np.int32))
    with pytest.raises(FxError, match="raw integers"):
        simulate(pop, np.zeros((3, 2)))
    with pytest.raises(FxError, match="32-bit"):
        simulate(pop, np.full((3, 2), 1 << 40))
    with pytest.raises(FxError, match="unknown backend"):
        simulate(pop, None, backend="verilog")


def test_out_reuses_the_callers_arrays(backend):
    """out=: the first run is the one of test_integrate_and_fire_subtract_reset (v 4, two spikes,
    acc 8); a second run of a population with threshold 100 never spikes (v = 6 * 4 = 24, acc 0)
    and must overwrite, not add to, the reused arrays, which the returned Trace holds."""
    first = Population(n=1, steps=6, v_format=V16, acc_format=A16, threshold=10,
                       intensity=[1, 2, 3, 4, 5, 6])
    again = Population(n=1, steps=6, v_format=V16, acc_format=A16, threshold=100, intensity=1)
    out = simulate(first, np.full((6, 1), 4), backend=backend)
    assert (out.v.tolist(), out.spike_count.tolist(), out.acc.tolist()) == ([4], [2], [8])
    tr = simulate(again, np.full((6, 1), 4), backend=backend, out=out)
    assert (tr.v.tolist(), tr.spike_count.tolist(), tr.acc.tolist()) == ([24], [0], [0])
    assert tr.v is out.v and tr.acc is out.acc and tr.spike_count is out.spike_count


def test_out_validation():
    pop = Population(n=2, steps=1, v_format=V16, acc_format=A16, threshold=10)
    small = simulate(Population(n=1, steps=1, v_format=V16, acc_format=A16, threshold=10))
    with pytest.raises(FxError, match=r"out.v must be a writeable contiguous int64 array of shape \(2,\)"):
        simulate(pop, out=small)
    with pytest.raises(FxError, match="out must be a Trace"):
        simulate(pop, out=np.zeros(2, np.int64))
