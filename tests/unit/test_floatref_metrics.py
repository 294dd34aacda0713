"""RunningError (fxsim.floatref.metrics) against numbers derived by hand, and chunked
accumulation against one shot."""
import math

import numpy as np

from fxsim.floatref.metrics import RunningError, metric_values


def test_running_error_by_hand():
    """Two chunks, err = got - ref:
    chunk 1: err [0.5, -0.25, 0, 1], ref [1, 2, -1, 0.5]; chunk 2: err [-2], ref [3].
    count = 5
    sum |err|  = 0.5 + 0.25 + 0 + 1 + 2          = 3.75    -> mean_abs = 3.75 / 5   = 0.75
    sum err^2  = 0.25 + 0.0625 + 0 + 1 + 4        = 5.3125  -> mse      = 5.3125 / 5 = 1.0625
    sum ref^2  = 1 + 4 + 1 + 0.25 + 9             = 15.25   -> rel_l2 = sqrt(5.3125) / sqrt(15.25)
    max |err|  = 2 (from chunk 2)
    Every value is a short binary fraction, so the sums are exact."""
    acc = RunningError()
    acc.add(np.array([0.5, -0.25, 0.0, 1.0]), np.array([1.0, 2.0, -1.0, 0.5]))
    acc.add(np.array([-2.0]), np.array([3.0]))
    assert (acc.count, acc.sum_abs, acc.sum_sq_err, acc.sum_sq_ref, acc.max_abs) == \
        (5, 3.75, 5.3125, 15.25, 2.0)
    assert acc.values() == {"mean_abs": 0.75, "max_abs": 2.0, "mse": 1.0625,
                            "rel_l2": math.sqrt(5.3125) / math.sqrt(15.25)}


def test_running_error_before_any_element():
    acc = RunningError()
    assert (acc.mean_abs, acc.mse, acc.max_abs) == (0.0, 0.0, 0.0)
    assert math.isnan(acc.rel_l2()) and acc.rel_l2(zero_ref=0.0) == 0.0
    acc.add(np.zeros(0), np.zeros(0))
    assert acc.count == 0 and acc.max_abs == 0.0


def test_chunked_equals_one_shot(rng):
    """Multiples of 1/8 in [-8, 8): every partial sum is exact, so any chunking (and the
    one-shot metric_values) gives the same bits."""
    err = rng.integers(-64, 64, 1000) / 8.0
    ref = rng.integers(-64, 64, 1000) / 8.0
    acc = RunningError()
    for lo, hi in ((0, 1), (1, 250), (250, 251), (251, 1000)):
        acc.add(err[lo:hi], ref[lo:hi])
    assert acc.values() == metric_values(err, ref)
    assert metric_values(err, ref) == {
        "mean_abs": float(np.mean(np.abs(err))), "max_abs": float(np.max(np.abs(err))),
        "mse": float(np.mean(err * err)),
        "rel_l2": float(np.linalg.norm(err) / np.linalg.norm(ref))}


def test_add_sums_merges_pre_reduced_chunks():
    """A chunk reduced elsewhere (as the torch stand-ins do) adds like add()."""
    a, b = RunningError(), RunningError()
    a.add(np.array([1.0, -3.0]), np.array([2.0, 2.0]))
    b.add_sums(2, 4.0, 10.0, 8.0, 3.0)
    assert a == b
