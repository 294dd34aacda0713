"""backend="numba": the fused no-leak neuron chain with the structure of csrc/fx_chain.c
(blocks of BLOCK elements in parallel, each advancing one step at a time; loaded zeros share
one outcome computed once)."""
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


@njit(cache=True)
def _run(v0, length, bases, T, strict, vf, af, theta, reset, intensity, sat, acc, counts):
    """v0[:length] loaded membranes -> acc[:length] summed over the bases; counts += spikes,
    v and acc overflow events (chain_run of csrc/fx_chain.c)."""
    v_lo, v_hi = limits(vf)
    a_lo, a_hi = limits(af)
    v = np.empty(length, np.int64)
    a = np.empty(length, np.int64)
    acc[:length] = 0
    for b in range(bases):
        v[:] = v0[:length]
        a[:] = 0
        for t in range(T):
            th, r, d = theta[b * T + t], reset[b * T + t], intensity[b * T + t]
            for j in range(length):
                if v[j] > th if strict else v[j] >= th:
                    counts[0] += 1
                    v[j], hit = _fit(v[j] - r, vf, v_lo, v_hi, sat)
                    counts[1] += hit
                    a[j], hit = _fit(a[j] + d, af, a_lo, a_hi, sat)
                    counts[2] += hit
        acc[:length] += a


@njit(cache=True, parallel=True)
def _chain_kernel(u, bases, T, strict, vf, af, theta, reset, intensity, acc, counts):
    n = u.shape[0]
    v_lo, v_hi = limits(vf)
    sat = (vf[OVERFLOW] == _SAT or vf[OVERFLOW] == _SAT_SYM) and (
        af[OVERFLOW] == _SAT or af[OVERFLOW] == _SAT_SYM)
    zero = np.zeros(_NC, np.int64)                     # the outcome of a loaded 0
    zero_acc = np.zeros(1, np.int64)
    _run(np.zeros(1, np.int64), 1, bases, T, strict, vf, af, theta, reset, intensity, sat,
         zero_acc, zero)
    blocks = (n + BLOCK - 1) // BLOCK
    per_block = np.zeros((blocks, _NC), np.int64)      # abi.CHAIN_COUNTS
    for blk in prange(blocks):
        j0 = blk * BLOCK
        length = min(BLOCK, n - j0)
        v0 = np.empty(length, np.int64)
        idx = np.empty(length, np.int64)
        sums = np.empty(length, np.int64)
        k, load_events = 0, 0
        for j in range(length):
            v, hit = overflow_one(u[j0 + j], vf, v_lo, v_hi)
            load_events += hit
            acc[j0 + j] = zero_acc[0]
            if v != 0:
                v0[k] = v
                idx[k] = j
                k += 1
        c = per_block[blk]
        _run(v0, k, bases, T, strict, vf, af, theta, reset, intensity, sat, sums, c)
        for j in range(k):
            acc[j0 + idx[j]] = sums[j]
        zeros = length - k
        c[0] += zeros * zero[0]
        c[1] += zeros * zero[1] + load_events * bases
        c[2] += zeros * zero[2]
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
