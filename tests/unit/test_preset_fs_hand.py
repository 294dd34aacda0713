"""Hand-derived and independently simulated tests of Few-Spikes (FS) neurons.

(a) A hand-made 3-step FS table through fxsim.Population (input_mode="initial", compare=">",
    subtract reset), every spike and output derived by hand below.
(b) The ``fs`` preset on published parameter sets (fxsim/params/fs_params.json, a copy of the
    research data) against an independent float64 simulation written here from the update
    orders that data/README.md and the file's description define:
      fs_coding:   for t: z = v - T[t] > 0; out += d[t] z; v -= h[t] z
      reset_first: z_prev = 0; for t: v -= z_prev h[t]; z = v - T[t] > 0; out += z d[t]
    and against the MSE recorded at the start of each set's ``notes`` (a float32 simulation on
    100,000 points of the source's own ordering, compared with the exact function).
"""
from __future__ import annotations

import json
import re
from importlib import resources

import numpy as np
import pytest

import fxsim
from fxsim import Format, Population
from fxsim.presets import fs

# ------------------------------------------------------------------ (a) hand-made table


def test_hand_made_three_step_table(backend):
    """T = [64, 32, 16], h = [48, 32, 8] (raw, v frac 4), d = [40, 20, 10] (raw, acc frac 4).

    Per step: s = (v > T[t]) (at most one spike per step: max_spikes = 1), acc += s d[t],
    v -= s h[t]. Inputs are loaded into v before step 0.
      x = 81: 81 > 64 -> v 33, acc 40; 33 > 32 -> v 1, acc 60; 1 > 16 no.   spikes 1 1 0
      x = 80: 80 > 64 -> v 32, acc 40; 32 > 32 no (strict); 32 > 16 -> v 24, acc 50.  1 0 1
      x = 64: 64 > 64 no; 64 > 32 -> v 32, acc 20; 32 > 16 -> v 24, acc 30.          0 1 1
      x = 200: -> v 152, acc 40 (152 > 64 still, but one spike per step); -> 120, 60;
               -> 112, 70.                                                          1 1 1
      x = -8: never fires, v -8, acc 0.                                              0 0 0
    """
    pop = Population(n=5, steps=3, v_format="fixed<16,12,RND_CONV,SAT>",
                     acc_format="fixed<16,12,TRN,SAT>", threshold=np.array([64, 32, 16]),
                     reset_amount=np.array([48, 32, 8]), intensity=np.array([40, 20, 10]),
                     compare=">", reset="subtract", input_mode="initial")
    tr = fxsim.simulate(pop, np.array([81, 80, 64, 200, -8]), backend=backend, record=True)
    assert tr.records["spikes"].T.tolist() == [[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1],
                                               [0, 0, 0]]
    assert tr.acc.tolist() == [60, 50, 30, 70, 0]
    assert tr.v.tolist() == [1, 24, 24, 112, -8]
    assert tr.records["v"][:, 0].tolist() == [33, 1, 1]
    assert tr.records["acc"][:, 1].tolist() == [40, 40, 50]
    np.testing.assert_allclose(tr.to_float("acc"), np.array([60, 50, 30, 70, 0]) / 16)


# ------------------------------------------------------------------ (b) published sets

V_FMT = "fixed<32,10,RND_CONV,SAT>"      # frac 22: thresholds, resets and inputs
ACC_FMT = "fixed<32,10>"                  # frac 22: output weights d and the output
FRAC = 22
LSB = 2.0 ** -FRAC
N_POINTS = 10_000

EXACT = {"sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)), "exp": np.exp, "identity": lambda x: x}

CASES = ["fs_sigmoid",        # fs_coding (christophstoeckl/FS-neurons)
         "las_EXPneg10_0",    # reset_first (lc783/LAS)
         "las_FsCoding10"]    # reset_first (lc783/LAS)


def published_set(name):
    text = resources.files("fxsim.params").joinpath("fs_params.json").read_text()
    return json.loads(text)["sets"][name]


def float_fs(x, entry):
    """Independent float64 FS neuron in the source's order; returns (out, z[K, n], margin[K, n])
    with margin[t] = |v - T[t]| at the step-t comparison."""
    h, d, thr = (np.asarray(entry[k], dtype=np.float64) for k in ("h", "d", "T"))
    v = np.array(x, dtype=np.float64)
    out = np.zeros_like(v)
    z_prev = np.zeros_like(v)
    spikes, margins = [], []
    for t in range(int(entry["K"])):
        if entry["index_convention"] == "reset_first":
            v = v - z_prev * h[t]
        z = (v - thr[t] > 0).astype(np.float64)
        margins.append(np.abs(v - thr[t]))
        spikes.append(z)
        out = out + z * d[t]
        if entry["index_convention"] == "fs_coding":
            v = v - z * h[t]
        z_prev = z
    return out, np.array(spikes), np.array(margins)


@pytest.mark.parametrize("name", CASES)
def test_published_set_matches_float_order_and_recorded_mse(backend, name):
    """Integer preset vs the float64 definition of the set's index convention.

    Quantization bound (RND_CONV into frac 22, so each quantized constant is within LSB/2):
    while the two spike trains agree, the integer v_t - T_q[t] differs from the float v_t - T[t]
    by at most (input + t resets + threshold) errors: (t + 2) * LSB/2 <= (K + 1) * LSB/2.
    So the trains can only differ at an input whose float trajectory passes within
    (K + 1) * LSB/2 of a threshold (checked: every mismatch is such an input). Where they agree,
    out_int - out_float = sum_t z_t (d_q[t] - d[t]), |.| <= K * LSB/2 (the accumulator adds raw
    d_q exactly, no rounding). Float64 rounding in the reference is ~1e-15, far below LSB.
    MSE: on N_POINTS evenly spaced inputs over the interval printed in the notes, the integer
    output's MSE against the exact function must be within 10% of the recorded MSE.
    """
    entry = published_set(name)
    K = int(entry["K"])
    m = re.match(r"MSE ([0-9.eE+-]+) on \[([^,\]]+),([^\]]+)\]", entry["notes"])
    mse_recorded, lo, hi = float(m.group(1)), float(m.group(2)), float(m.group(3))
    x = np.linspace(lo, hi, N_POINTS)

    out_f, z_f, margin_f = float_fs(x, entry)

    pop = fs(N_POINTS, name, v_format=V_FMT, acc_format=ACC_FMT)
    assert pop.steps == K and pop.compare == ">" and pop.reset == "subtract"
    x_raw = fxsim.quantize(x, Format.parse(V_FMT))
    tr = fxsim.simulate(pop, x_raw, backend=backend, record=("spikes",))
    z_i = tr.records["spikes"]
    out_i = tr.to_float("acc")

    mismatch = np.any(z_i != z_f, axis=0)
    near = np.any(margin_f <= (K + 1) * LSB / 2, axis=0)
    far = mismatch & ~near
    assert not np.any(far), f"{name}: trains differ away from any threshold: x = {x[far][:5]}"
    assert mismatch.sum() <= 0.001 * N_POINTS
    agree = ~mismatch
    assert np.max(np.abs(out_i[agree] - out_f[agree])) <= K * LSB / 2

    mse_int = float(np.mean((out_i - EXACT[entry["function"]](x)) ** 2))
    assert abs(mse_int - mse_recorded) <= 0.10 * mse_recorded, (mse_int, mse_recorded)
