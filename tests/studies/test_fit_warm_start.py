"""Warm start of the MBE fitter (``fit(init=...)``, ``fxsim fit --init``).

Independent reference: the init record's kernels computed directly from its P2 parameters,
theta[t] = alpha gamma_v**t, r[t] = rho gamma_r**t, d[t] = gamma_d**t (docs/algorithms.md 8.1).
"""
from __future__ import annotations

import numpy as np
import pytest

from fxsim import FxError
from fxsim.floatref.models import Bank
from fxsim.primitives.mbe import fit_record

fitting = pytest.importorskip("fxsim.studies.fitting")

BANKS = [Bank(1, 0.0, 6.0), Bank(-1, 0.0, 4.0)]     # silu_cut_n4: relu(x) / 6, relu(-x) / 4


def test_warm_start_reproduces_the_init_kernels_and_adds_bases():
    rec = fit_record("silu_cut_n4")
    p = fitting.warm_start(rec, BANKS, [3, 2], np.random.default_rng(1)).reshape(-1, 5)
    assert p.shape == (5, 5)
    t = np.arange(16)
    # bank 0: the two init bases, then one drawn basis; bank 1: its two init bases
    for row, basis in zip([0, 1, 3, 4], rec["banks"][0]["bases"] + rec["banks"][1]["bases"]):
        theta, r, d = fitting.kernels(p[row])
        assert np.allclose(theta[0], basis["alpha"] * basis["gamma_v"] ** t, rtol=1e-12)
        assert np.allclose(r[0], basis["rho"] * basis["gamma_r"] ** t, rtol=1e-12)
        assert np.allclose(d[0], basis["gamma_d"] ** t, rtol=1e-12)
    assert not np.allclose(p[2], p[0])


@pytest.mark.parametrize("banks, per_bank", [
    ([Bank(1, 0.0, 6.0)], [4]),                               # one bank, the init has two
    ([Bank(1, 0.0, 5.0), Bank(-1, 0.0, 4.0)], [2, 2]),        # another domain
    (BANKS, [1, 2])])                                         # fewer bases than the init
def test_warm_start_needs_the_same_banks_and_room(banks, per_bank):
    with pytest.raises(FxError):
        fitting.warm_start(fit_record("silu_cut_n4"), banks, per_bank, np.random.default_rng(1))


def test_warm_started_fit_is_recorded_and_no_worse_than_its_init():
    """N = 6 from the N = 4 fit, a short search: Powell never leaves its start for a worse
    point, so the weighted error stays at or below the init's (same grid and readout)."""
    rec = fit_record("silu_cut_n4")
    new = fitting.fit("silu", 6, restarts=1, max_evals=60, domain=(-4.0, 6.0), tails=True,
                      weighting=fitting.parse_weighting("normal:0,1"), init="silu_cut_n4")
    assert new["fitter"]["init"] == "silu_cut_n4"
    assert [len(b["bases"]) for b in new["banks"]] == [3, 3]
    assert new["rel_l2_weighted"] <= rec["rel_l2_weighted"] * 1.01
