"""Hand-derived tests of the ``xylo`` preset against the Xylo IAF neuron rules.

Oracle: xylosim 0.1.3 (XyloIAFNeuron.cpp / XyloLayer.cpp, src/v2/cpp/) as restated in
docs/algorithms.md 3.3 and the fxsim.presets.xylo docstring. One step, all values int16:

    i = sat16(i + in[t]);  i = i - leak(i, dash_syn)              (input BEFORE the decay)
    dv = sat16(i - leak(v, dash_mem)); dv = sat16(dv + bias); v = sat16(v + dv)
    while v >= threshold and n < 31: v -= threshold; n += 1

leak(x, dash) = x >> dash (arithmetic, i.e. floor), replaced by sign(x) when it is 0 and x != 0.
Every expected list below is derived from these lines in the docstring or comment beside it.
Where a threshold must be out of reach, it is set above the int16 range (v <= 32767 < 2**16).
"""
from __future__ import annotations

import numpy as np

import fxsim
from fxsim.presets import xylo

NEVER = 1 << 16            # threshold above any int16 v: no spikes


def run(pop, inputs, backend):
    return fxsim.simulate(pop, np.asarray(inputs, dtype=np.int32), backend=backend, record=True)


def column(values, steps):
    """A per-step input list padded with zeros to ``steps``."""
    out = np.zeros(steps, dtype=np.int32)
    out[:len(values)] = values
    return out


def test_shift_decay_minimum_step_reaches_zero(backend):
    """Synaptic decay with dash_syn = 2, one input at t = 0 (added before the decay).

    +10: 10 - (10>>2=2) = 8; 8 - 2 = 6; 6 - 1 = 5; 5 - 1 = 4; 4 - 1 = 3; 3>>2 = 0 -> min step 1:
    2, 1, 0; then 0 stays 0 (leak(0) = 0).  A plain shift decay would stop at 3 forever.
    -10: floor shifts are never 0 for x < 0: -10>>2 = -3 -> -7; -7>>2 = -2 -> -5; -5 -> -3;
    -3>>2 = -1 -> -2; -1 -> -1; -1>>2 = -1 -> 0.
    Neuron 2, dash_syn = 2 but input 3: 3 - 1 = 2 (already at the minimum step), 1, 0: small
    values fall linearly to exactly 0.
    """
    steps = 9
    inputs = np.stack([column([10], steps), column([-10], steps), column([3], steps)], axis=1)
    tr = run(xylo(n=3, steps=steps, dash_syn=2, dash_mem=1, threshold=NEVER), inputs, backend)
    i = tr.records["i"].T.tolist()
    assert i[0] == [8, 6, 5, 4, 3, 2, 1, 0, 0]
    assert i[1] == [-7, -5, -3, -2, -1, 0, 0, 0, 0]
    assert i[2] == [2, 1, 0, 0, 0, 0, 0, 0, 0]


def test_membrane_decay_minimum_step(backend):
    """Membrane decay with dash_mem = 2, the current cancelled after one step.

    dash_syn = 1, in = [16, -8]: i_0 = 16 - 8 = 8; i_1 = sat(8 - 8) = 0, stays 0.
    v_0 = 0 + sat(8 - leak(0) = 8) = 8. Then dv = -leak(v):
    8 - 2 = 6; 6 - 1 = 5; 5 - 1 = 4; 4 - 1 = 3; 3>>2 = 0 -> 1: 2, 1, 0; 0 stays 0.
    """
    steps = 9
    tr = run(xylo(n=1, steps=steps, dash_syn=1, dash_mem=2, threshold=NEVER),
             column([16, -8], steps)[:, None], backend)
    assert tr.records["i"][:, 0].tolist() == [8, 0, 0, 0, 0, 0, 0, 0, 0]
    assert tr.records["v"][:, 0].tolist() == [8, 6, 5, 4, 3, 2, 1, 0, 0]


def test_input_added_before_synaptic_decay(backend):
    """Input enters i before the step's decay, through its own saturating add.

    Neuron 0, dash_syn = 1, in = [16]: i_0 = 16 - 8 = 8 (the engine's default
    decay-then-add order, docs/algorithms.md 2.1, would give 16), then 4, 2, 1, and 1>>1 = 0 ->
    min step: 0, 0.
    Neuron 1, in = [30000, 30000]: i_0 = 30000 - 15000 = 15000 (default order: 30000);
    i_1 = sat16(15000 + 30000) = 32767, then 32767 - 16383 = 16384 (default order:
    sat16(7500 + 30000) = 32767); then halvings 8192, 4096, 2048, 1024.
    v_0 = i_0 (v starts at 0, no bias): the membrane sees the already-decayed current.
    """
    steps = 6
    inputs = np.stack([column([16], steps), column([30000, 30000], steps)], axis=1)
    tr = run(xylo(n=2, steps=steps, dash_syn=1, dash_mem=1, threshold=NEVER), inputs, backend)
    assert tr.records["i"].T.tolist() == [[8, 4, 2, 1, 0, 0],
                                          [15000, 16384, 8192, 4096, 2048, 1024]]
    assert tr.records["v"][0].tolist() == [8, 15000]
    assert tr.overflow["i"].tolist() == [0, 1, 0, 0, 0, 0]


def test_membrane_increment_saturated_separately(backend):
    """dv = sat16(i - leak(v)); dv = sat16(dv + bias); v = sat16(v + dv) differs from a single
    v = sat16(v - leak(v) + i + bias).

    dash_syn = 15 (|i| < 2**15 decays by exactly 1 per step: i>>15 is 0 or -1, min step 1),
    dash_mem = 1.
    Neuron 0: bias = 30000, in = [2001, -32767].
      t0: i = 2001 - 1 = 2000; dv = 2000, + 30000 = 32000; v = 32000.
      t1: i = sat16(2000 - 32767) = -30767, leak -1 -> -30766; leak(v) = 16000;
          dv = sat16(-30766 - 16000 = -46766) = -32768; dv = -32768 + 30000 = -2768;
          v = 32000 - 2768 = 29232.
          Saturating only the final sum: 32000 - 16000 - 30766 + 30000 = 15234.
    Neuron 1 (mirror): bias = -30000, in = [-2001, 32767].
      t0: i = -2001 - (-1) = -2000; v = -2000 - 30000 = -32000.
      t1: i = sat16(-2000 + 32767) = 30767 -> 30766; leak(v) = -16000;
          dv = sat16(30766 + 16000 = 46766) = 32767 (not 32768: the int16 range is asymmetric);
          dv = 32767 - 30000 = 2767; v = -32000 + 2767 = -29233.
          Final-sum-only saturation: -32000 + 16000 + 30766 - 30000 = -15234.
    Each neuron has one saturation event at t1 (the first dv add).
    """
    inputs = np.array([[2001, -2001], [-32767, 32767]], dtype=np.int32)
    pop = xylo(n=2, steps=2, dash_syn=15, dash_mem=1, threshold=NEVER,
               bias=np.array([30000, -30000]))
    tr = run(pop, inputs, backend)
    assert tr.records["i"].tolist() == [[2000, -2000], [-30766, 30766]]
    assert tr.records["v"].tolist() == [[32000, -32000], [29232, -29233]]
    assert tr.overflow["v"].tolist() == [0, 2]
    single_sat = [32000 - 16000 - 30766 + 30000, -32000 + 16000 + 30766 - 30000]
    assert single_sat == [15234, -15234] and tr.v.tolist() != single_sat


def test_threshold_is_inclusive_and_reset_subtracts(backend):
    """v >= threshold fires; the reset subtracts the threshold (overshoot is kept).

    Bias drive only (no input: i stays 0), dash_mem = 15 so leak(v) = 1 for 0 < v < 2**15,
    threshold = 10.
    Neuron 0, bias = 4: v = 4; 4 - 1 + 4 = 7; 7 - 1 + 4 = 10 >= 10 -> spike, v = 0 (a strict >
    would not fire); 0 + 4 (leak(0) = 0) = 4; 7; 10 -> spike, 0.
    Neuron 1, bias = 6: v = 6; 6 - 1 + 6 = 11 -> spike, v = 1 (reset-to-zero would give 0);
    1 - 1 + 6 = 6; 11 -> 1; 6; 11 -> 1.
    """
    pop = xylo(n=2, steps=6, dash_syn=1, dash_mem=15, threshold=10, bias=np.array([4, 6]))
    tr = run(pop, np.zeros((6, 2)), backend)
    assert tr.records["v"].T.tolist() == [[4, 7, 0, 4, 7, 0], [6, 1, 6, 1, 6, 1]]
    assert tr.records["spikes"].T.tolist() == [[0, 0, 1, 0, 0, 1], [0, 1, 0, 1, 0, 1]]
    assert tr.spike_count.tolist() == [2, 3]


def test_multiple_spikes_per_step_capped_at_31(backend):
    """while v >= threshold and n < 31: v -= threshold.  threshold = 100, dash_mem = 15 (leak 1).

    Neuron 0, bias = 3099: v = 3099 -> 30 spikes (uncapped), v = 99; 99 - 1 + 3099 = 3197 ->
      31 spikes, v = 97; 97 - 1 + 3099 = 3195 -> 31, v = 95.
    Neuron 1, bias = 3200: v = 3200 would give 32 spikes; capped at 31 -> v = 100, left at
      threshold; 100 - 1 + 3200 = 3299 -> 31, v = 199; 199 - 1 + 3200 = 3398 -> 31, v = 298.
    Neuron 2, bias = 5000: 5000 -> 31, v = 1900; 1900 - 1 + 5000 = 6899 -> 31, v = 3799;
      3799 - 1 + 5000 = 8798 -> 31, v = 5698.
    acc (intensity 1) sums the counts.
    """
    pop = xylo(n=3, steps=3, dash_syn=1, dash_mem=15, threshold=100,
               bias=np.array([3099, 3200, 5000]))
    tr = run(pop, np.zeros((3, 3)), backend)
    assert tr.records["spikes"].T.tolist() == [[30, 31, 31], [31, 31, 31], [31, 31, 31]]
    assert tr.records["v"].T.tolist() == [[99, 97, 95], [100, 199, 298], [1900, 3799, 5698]]
    assert tr.acc.tolist() == [92, 93, 93]


def test_int16_saturation(backend):
    """Every add saturates to the asymmetric int16 range [-32768, 32767] (no wrap).

    dash_syn = dash_mem = 15: leak is 1 toward zero per step for |x| < 2**15.
    Neuron 0, in = 32767 every step: i = 32767 - 1 = 32766; sat16(32766 + 32767) = 32767 -> 32766
      (a wrap would give -3 -> -2).
    Neuron 1, in = -32768 every step: i = -32768 - (-1) = -32767; sat16(-65535) = -32768 -> -32767.
      (Symmetric saturation would clamp at -32767 and give -32766.)
    Neuron 2, bias = 20000, no input: v = 20000; 20000 - 1 + 20000 = 39999 -> 32767; stays 32767.
    Neuron 3, bias = -20000: v = -20000; leak(-20000) = -1: -20000 + 1 - 20000 -> -32768; stays.
    """
    inputs = np.tile(np.array([[32767, -32768, 0, 0]], dtype=np.int32), (3, 1))
    pop = xylo(n=4, steps=3, dash_syn=15, dash_mem=15, threshold=NEVER,
               bias=np.array([0, 0, 20000, -20000]))
    tr = run(pop, inputs, backend)
    assert tr.records["i"][:, :2].T.tolist() == [[32766] * 3, [-32767] * 3]
    assert tr.records["v"][:, 2:].T.tolist() == [[20000, 32767, 32767], [-20000, -32768, -32768]]
