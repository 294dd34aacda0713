"""backend="numba": the fused no-leak neuron chain with the structure of csrc/fx_chain.c
(blocks of BLOCK elements in parallel, each advancing one step at a time)."""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from ...formats import Overflow
from .. import abi
from .arith import OVERFLOW, flat, limits, overflow_one

_SAT, _SAT_SYM = int(Overflow.SAT), int(Overflow.SAT_SYM)
#: elements per parallel block (FX_CHAIN_BLOCK)
BLOCK = 256
_NC = len(abi.CHAIN_COUNTS)


@njit(cache=True, inline="always")
def _fit(x, fmt, lo, hi, sat):
    """(value, event): a clamp where the formats saturate (sat), else overflow_one."""
    if sat:
        if x < lo:
            return lo, 1
        if x > hi:
            return hi, 1
        return x, 0
    return overflow_one(x, fmt, lo, hi)


@njit(cache=True, parallel=True)
def _chain_kernel(u, bases, T, strict, vf, af, theta, reset, intensity, acc, counts):
    n = u.shape[0]
    v_lo, v_hi = limits(vf)
    a_lo, a_hi = limits(af)
    sat = (vf[OVERFLOW] == _SAT or vf[OVERFLOW] == _SAT_SYM) and (
        af[OVERFLOW] == _SAT or af[OVERFLOW] == _SAT_SYM)
    blocks = (n + BLOCK - 1) // BLOCK
    per_block = np.zeros((blocks, _NC), np.int64)      # abi.CHAIN_COUNTS
    for blk in prange(blocks):
        j0 = blk * BLOCK
        length = min(BLOCK, n - j0)
        v0 = np.empty(length, np.int64)
        v = np.empty(length, np.int64)
        a = np.empty(length, np.int64)
        spikes, ev_v, ev_a = 0, 0, 0
        for j in range(length):
            v0[j], hit = _fit(u[j0 + j], vf, v_lo, v_hi, sat)
            ev_v += hit * bases                       # every basis loads it
            acc[j0 + j] = 0
        for b in range(bases):
            v[:] = v0
            a[:] = 0
            for t in range(T):
                th, r, d = theta[b * T + t], reset[b * T + t], intensity[b * T + t]
                for j in range(length):
                    fire = v[j] > th if strict else v[j] >= th
                    if fire:
                        spikes += 1
                        v[j], hit = _fit(v[j] - r, vf, v_lo, v_hi, sat)
                        ev_v += hit
                        a[j], hit = _fit(a[j] + d, af, a_lo, a_hi, sat)
                        ev_a += hit
            for j in range(length):
                acc[j0 + j] += a[j]
        per_block[blk, 0] = spikes
        per_block[blk, 1] = ev_v
        per_block[blk, 2] = ev_a
    for k in range(_NC):
        counts[k] = per_block[:, k].sum()


def chain(u: np.ndarray, plan: abi.ChainPlan):
    """Same contract as fxsim.backends.c.chain."""
    flat_u = np.ascontiguousarray(u, dtype=np.int64).reshape(-1)
    acc = np.empty_like(flat_u)
    counts = np.zeros(_NC, np.int64)
    p = flat(plan)
    _chain_kernel(flat_u, p.bases, p.steps, p.compare_strict != 0, p.v_format, p.acc_format,
                  p.theta, p.reset, p.intensity, acc, counts)
    return acc, abi.named_counts(abi.CHAIN_COUNTS, counts)
