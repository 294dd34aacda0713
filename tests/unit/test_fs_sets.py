"""Published FS parameter sets (data/fs_params.json) as integer tables reproduce their float
figures; the ReLU set with alpha = 25 is bit-exact.

References: the MSE recorded at the start of each set's notes (float32 simulation of the
source code's own ordering on 100,000 points); for ReLU a closed form derived here.
"""
from __future__ import annotations

import numpy as np
import pytest

import fxsim
from fxsim.formats import Format
from fxsim.presets import fs, fs_parameter_sets
from fxsim.studies.check import FS_V_FORMAT, fs_row


@pytest.mark.parametrize("name", sorted(fs_parameter_sets()["sets"]))
def test_every_published_set_reproduces_its_recorded_mse(name):
    """Integer FS (22 frac bits) on the recorded interval: MSE within 1 % of the float figure
    (sigmoid K=12 ~1.44e-4, swish K=16 ~3.45e-3, the LAS pieces as recorded)."""
    row = fs_row(name)
    assert abs(row.mse_int - row.mse_published) <= 0.01 * row.mse_published, row


def test_headline_fs_figures():
    assert fs_row("fs_sigmoid").mse_int == pytest.approx(1.4e-4, rel=0.05)
    assert fs_row("fs_swish").mse_int == pytest.approx(3.4e-3, rel=0.05)


def test_relu_alpha_25_is_bit_exact(backend):
    """ReLU K=10, alpha=25: T[t] = h[t] = d[t] = 25 * 2**-(t+1) = 25 * 2**(9-t) / 1024, exact
    dyadic numbers at >= 10 frac bits, so no table entry rounds. With q = 25/1024 the strict
    spike test makes the output q * k with k the largest integer with k q < x, capped at 1023:
    k = clip(ceil(x / q) - 1, 0, 1023). In raw units at frac f, q_raw = 25 * 2**(f-10) and
    k = clip(ceil(x_raw / q_raw) - 1, 0, 1023), computed below in integers."""
    fmt = Format.parse(FS_V_FORMAT)
    q_raw = 25 << (fmt.frac - 10)
    rng = np.random.default_rng(1)
    multiples = np.arange(-3, 1030) * q_raw
    x = np.concatenate([multiples, multiples + 1, multiples - 1,
                        rng.integers(-(1 << 24), 26 << fmt.frac, 20000)])
    pop = fs(x.size, "fs_relu", v_format=FS_V_FORMAT, acc_format=FS_V_FORMAT)
    tr = fxsim.simulate(pop, x, backend=backend)
    k = np.clip(-((-x) // q_raw) - 1, 0, 1023)
    np.testing.assert_array_equal(tr.acc, k * q_raw)


def test_relu_tables_are_exact_at_10_frac_bits():
    """Every ReLU table entry at frac 10 is the integer 25 * 2**(9-t) (no rounding)."""
    pop = fs(1, "fs_relu", v_format="fixed<24,14>", acc_format="fixed<24,14>")
    sched = pop.schedules()
    expected = 25 * (1 << (9 - np.arange(10)))
    np.testing.assert_array_equal(sched["threshold"].ravel(), expected)
    np.testing.assert_array_equal(sched["intensity"].ravel(), expected)


def test_index_conventions_pinned():
    """fs_coding sets use h[t] after step t; reset_first sets use h[t+1] (h[0] never acts)."""
    sets = fs_parameter_sets()["sets"]
    for name in ("fs_sigmoid", "las_EXP3"):
        entry = sets[name]
        pop = fs(1, name, v_format=FS_V_FORMAT, acc_format=FS_V_FORMAT)
        h = np.asarray(entry["h"])
        if entry["index_convention"] == "reset_first":
            h = np.append(h[1:], 0.0)
        got = fxsim.to_float(pop.schedules()["reset_amount"].ravel(), Format.parse(FS_V_FORMAT))
        np.testing.assert_allclose(got, h, atol=2.0 ** -22)
