"""backend="numba": the Division Neuron Group kernel (structure of csrc/fx_divgroup.c).

One membrane and one latched count per division carry the group of G neurons (see
fxsim/backends/reference/divgroup.py and docs/algorithms.md section 4).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .. import abi
from .arith import bit_length_one, flat


@njit(cache=True, forceinline=True)
def div_theta(b, p):
    """(theta, 2^k) of one denominator b > 0 for the flat DivGroupPlan p -- fx_div_theta of
    fxsim.h."""
    k = p.normalize_bit - (bit_length_one(b) - 1) if p.normalize else 0
    if k < 0:
        k = 0
    scale = np.int64(1) << k
    return max(np.int64(1), (b * scale) >> p.n), scale          # TRN: B' >> n, at least 1


@njit(cache=True, forceinline=True)
def div_count(v, theta, G):
    """#{i in 1..G : v >= i * theta} for a membrane v >= 0."""
    c = v // theta
    return c if c < G else G


@njit(cache=True, forceinline=True)
def div_signed(v, theta, count, G, negative):
    """The quotient with its floor restored for a negative numerator (-G at saturation)."""
    if negative:
        return -count - (1 if (v > count * theta and count < G) else 0)
    return count


@njit(cache=True)
def _divgroup_kernel(a, b, p, trace, q, membrane, latched):
    T, m = a.shape
    G = p.group
    scale = np.empty(m, np.int64)
    theta = np.empty(m, np.int64)
    v = np.zeros(m, np.int64)
    count = np.zeros(m, np.int64)
    negative = np.zeros(m, np.bool_)
    for j in range(m):
        theta[j], scale[j] = div_theta(b[j], p)
    for t in range(T):
        for j in range(m):
            x = a[t, j]
            if x < 0:
                negative[j] = True
                x = -x
            v[j] += x * scale[j]                                 # every neuron integrates |A_t| << k
            count[j] = div_count(v[j], theta[j], G)
        if trace:
            for j in range(m):
                membrane[t, j] = v[j]
                latched[t, j] = count[j]
    total = 0
    for j in range(m):
        q[j] = div_signed(v[j], theta[j], count[j], G, negative[j])
        total += count[j]
    return total


def divgroup(a: np.ndarray, b: np.ndarray, plan: abi.DivGroupPlan, trace: bool):
    """Same contract as fxsim.backends.reference.divgroup."""
    a = np.ascontiguousarray(a, dtype=np.int64)
    b = np.ascontiguousarray(b, dtype=np.int64)
    T, m = a.shape
    q = np.zeros(m, np.int64)
    membrane = np.zeros((T, m) if trace else (1, 1), np.int64)
    latched = np.zeros((T, m) if trace else (1, 1), np.int64)
    spikes = _divgroup_kernel(a, b, flat(plan), bool(trace), q, membrane, latched)
    return q, (membrane if trace else None), (latched if trace else None), int(spikes)
