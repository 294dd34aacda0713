"""The Division Neuron Group (P1; docs/algorithms.md section 4) in numpy int64: the definition
C and numba equal.

m independent divisions, each a population of G ordered-threshold neurons. Per division j:

    sign   = -1 if any numerator step is negative else +1   (steps of one sign: validated)
    k      = max(0, normalize_bit - msb(B))  if normalize_denominator else 0
    B'     = B << k                          (a leading-zero count and a shift in hardware)
    theta  = max(1, B' >> n)                 (TRN)
    neuron i = 1..G has threshold i * theta
    v      = 0
    for each step t:   v += |A_t| << k        (every neuron integrates the same input)
                       neuron i latches (spikes once, then stays silent) at its first v >= i*theta
    q      = number of latched neurons = min(G, floor(v / theta))
    result = sign * q, minus one more when sign < 0, q < G and v > q * theta (inexact):
             floor(sign * v / theta) clamped to [-G, G]

All G membranes are identical until they latch, so one membrane v per division and the count
of latched neurons carry the whole group: neuron i is latched after step t exactly when
v_t >= i * theta (v never decreases), i.e. latched_t = min(G, v_t // theta).
tests/unit/test_divgroup_exact.py runs the same group as an fxsim.Population of G neurons per
division to prove it. Widths and decisions: docs/algorithms.md section 4.
"""
from __future__ import annotations

import numpy as np

from ..abi import DivGroupPlan
from .arith import bit_length


def normalize_shift(b: np.ndarray, normalize: bool, normalize_bit: int) -> np.ndarray:
    """k = max(0, normalize_bit - msb(B)): how far A and B move left together (B > 0)."""
    if not normalize:
        return np.zeros_like(b)
    return np.maximum(0, normalize_bit - (bit_length(b) - 1))


def divgroup(a: np.ndarray, b: np.ndarray, plan: DivGroupPlan, trace: bool):
    """a: int64 [T, m] numerator steps; b: int64 [m], B > 0. Returns (q [m] int64 signed count
    with n fractional bits, membrane [T, m] or None, latched [T, m] or None, spikes total)."""
    T, m = a.shape
    n, G = plan.n, plan.group
    k = normalize_shift(b, bool(plan.normalize), plan.normalize_bit)
    theta = np.maximum(1, (b << k) >> n)                     # TRN: B' >> n, at least 1
    negative = (a < 0).any(axis=0)                           # sign and magnitude
    v = np.zeros(m, dtype=np.int64)                          # the one shared membrane
    latched = np.zeros(m, dtype=np.int64)
    membrane_rec = np.zeros((T, m), np.int64) if trace else None
    latched_rec = np.zeros((T, m), np.int64) if trace else None
    for t in range(T):
        v = v + (np.abs(a[t]) << k)                          # every neuron integrates |A_t|
        latched = np.minimum(G, v // theta)                  # #{i in 1..G : v >= i * theta}
        if trace:
            membrane_rec[t] = v
            latched_rec[t] = latched
    inexact = v > latched * theta                            # top latched neuron strictly above
    q = np.where(negative, -latched - (inexact & (latched < G)), latched)
    return q, membrane_rec, latched_rec, int(latched.sum())
