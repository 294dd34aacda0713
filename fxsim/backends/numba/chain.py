"""backend="numba": the fused no-leak neuron chain with the structure of csrc/fx_chain.c
(blocks of BLOCK elements in parallel, each advancing one step at a time; on int32 lanes
without overflow tests where interval arithmetic proves it exact for the block, else with
the checks, loaded zeros sharing one outcome computed once). :func:`prepare` and
:func:`block` are fx_chain_prepare and fx_chain_block, which the fused MBE and FS passes
(mbe.py, fs.py) call inside their own blocks."""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from .. import abi
from .arith import ROUNDING, fit_as, flat, limits, overflow_one, saturates, shr, shr_make

#: elements per parallel block (FX_CHAIN_BLOCK)
BLOCK = 256
#: int64 slots of :func:`block`'s scratch: the loaded membranes, the int32 lanes (4 rows of
#: BLOCK: v, a, s and the loaded membranes), the counts of a caller's block (CHAIN_COUNTS)
SCRATCH = 3 * BLOCK + 3
#: steps per chunk of _steps32 (CHAIN_UNROLL)
UNROLL = 8
_NC = len(abi.CHAIN_COUNTS)
_I32_MIN, _I32_MAX = -(1 << 31), (1 << 31) - 1
#: the most bases whose spike counts ride in their accumulators (FX_CHAIN_PACK_MAX)
PACK_MAX = 16
#: the most cuts of a basis run as a step function, and of all its bases (FX_CHAIN_CUTS_MAX,
#: FX_CHAIN_CUT_POOL); cuts per chunk of _cuts (CHAIN_CUT_UNROLL)
CUTS_MAX, CUT_POOL, CUT_UNROLL = 24, 96, 4
_CUT_PIECES = 2 * CUTS_MAX
#: slots of :func:`prepare`'s array (fx_chain_prep_t): flags, the outcome of a loaded 0,
#: PACKED, HALVING, the cuts' membrane range and flag, then per basis: K from PACK_BITS, the
#: accumulator floor from PACK_LO, the cut count (-1: none) from CUTS, the first cut from
#: CUT_FIRST, the packed accumulator below every cut from CUT_BASE; the cut pool's
#: membranes from CUT_AT and additions (modulo 2^32) from CUT_ADD
(SATURATE, TABLES32, EXACT32, ZERO_ACC, ZERO_SPIKES, ZERO_EV_V, ZERO_EV_A, PACKED, HALVING, CUT_LO,
 CUT_HI, CUT_ANY) = range(12)
PACK_BITS = 12
PACK_LO = PACK_BITS + PACK_MAX
CUTS = PACK_LO + PACK_MAX
CUT_FIRST = CUTS + PACK_MAX
CUT_BASE = CUT_FIRST + PACK_MAX
CUT_AT = CUT_BASE + PACK_MAX
CUT_ADD = CUT_AT + CUT_POOL
PREP_SIZE = CUT_ADD + CUT_POOL
_U32 = 0xFFFFFFFF


@njit(cache=True, inline="always")
def requant(x, shift, widen, fmt, lo, hi, sat):
    """(value, event): fx_requant_as, the rescale prepared once (shift = shr_make of
    max(drop, 0), widen = max(-drop, 0)); branch-free, so loops calling it vectorise."""
    return fit_as(shr(x, shift) << widen, fmt, lo, hi, sat)


@njit(cache=True, inline="always")
def requant_make(drop, fmt):
    """(shift, widen) of a requantization by drop bits into fmt."""
    return shr_make(max(drop, 0), fmt[ROUNDING]), max(-drop, 0)


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
                    v[j], hit = fit_as(v[j] - r, vf, v_lo, v_hi, sat)
                    counts[1] += hit
                    a[j], hit = fit_as(a[j] + d, af, a_lo, a_hi, sat)
                    counts[2] += hit
        acc[:length] += a


@njit(cache=True, inline="always")
def _step32(v, a, s, th, r, d, strict, count):
    """One compare-subtract step on 32-bit lane values (CHAIN_STEP32) as selects: v, a, s, th,
    r and d are int32 (d with the packing's 2^K added, modulo 2^32), every result cast back
    to int32 (numba widens int32 arithmetic to int64) so the lanes stay 32 bits wide. count
    None: the spike count rides in a (packed; this branch is pruned at compile time), else s
    counts the spikes."""
    fire = v > th if strict else v >= th
    v = np.int32(v - r) if fire else v
    a = np.int32(a + d) if fire else a
    if count is not None:
        s = np.int32(s + 1) if fire else s
    return v, a, s


@njit(cache=True, inline="always")
def _entry32(table, t, one=0):
    """Step t's table entry (+ one) as an int32 lane constant, modulo 2^32."""
    return np.int32(table[t] + one)


@njit(cache=True)
def _steps32(th, rs, d, one, t, state, length, strict, count):
    """chain_steps32: UNROLL steps from t on the lanes' state (v, a, s rows), element lanes
    innermost: each element's steps are written out on int32 constants read before the loop
    (as C's local copies: inside it LLVM reloads the int64 tables and vectorises narrower),
    so the loop over elements vectorises on 16 lanes."""
    v, a, s = state[0], state[1], state[2]
    t0, r0, d0 = _entry32(th, t), _entry32(rs, t), _entry32(d, t, one)
    t1, r1, d1 = _entry32(th, t + 1), _entry32(rs, t + 1), _entry32(d, t + 1, one)
    t2, r2, d2 = _entry32(th, t + 2), _entry32(rs, t + 2), _entry32(d, t + 2, one)
    t3, r3, d3 = _entry32(th, t + 3), _entry32(rs, t + 3), _entry32(d, t + 3, one)
    t4, r4, d4 = _entry32(th, t + 4), _entry32(rs, t + 4), _entry32(d, t + 4, one)
    t5, r5, d5 = _entry32(th, t + 5), _entry32(rs, t + 5), _entry32(d, t + 5, one)
    t6, r6, d6 = _entry32(th, t + 6), _entry32(rs, t + 6), _entry32(d, t + 6, one)
    t7, r7, d7 = _entry32(th, t + 7), _entry32(rs, t + 7), _entry32(d, t + 7, one)
    for j in range(length):
        vj, aj, sj = _step32(v[j], a[j], s[j], t0, r0, d0, strict, count)
        vj, aj, sj = _step32(vj, aj, sj, t1, r1, d1, strict, count)
        vj, aj, sj = _step32(vj, aj, sj, t2, r2, d2, strict, count)
        vj, aj, sj = _step32(vj, aj, sj, t3, r3, d3, strict, count)
        vj, aj, sj = _step32(vj, aj, sj, t4, r4, d4, strict, count)
        vj, aj, sj = _step32(vj, aj, sj, t5, r5, d5, strict, count)
        vj, aj, sj = _step32(vj, aj, sj, t6, r6, d6, strict, count)
        vj, aj, sj = _step32(vj, aj, sj, t7, r7, d7, strict, count)
        v[j], a[j], s[j] = vj, aj, sj


@njit(cache=True)
def _step32_lanes(th, r, d, state, length, strict, count):
    """One step on every lane (the steps past the last full chunk)."""
    v, a, s = state[0], state[1], state[2]
    th32, r32, d32 = np.int32(th), np.int32(r), np.int32(d)
    for j in range(length):
        v[j], a[j], s[j] = _step32(v[j], a[j], s[j], th32, r32, d32, strict, count)


@njit(cache=True)
def _basis32(length, b, T, strict, theta, reset, intensity, one, state, count):
    """One basis's T steps on the lanes from the loaded membranes (state[3], int32;
    chain_basis32)."""
    v, a, v32 = state[0], state[1], state[3]
    for j in range(length):
        v[j] = v32[j]
        a[j] = 0
    t = b * T
    end = t + T
    while t + UNROLL <= end:
        _steps32(theta, reset, intensity, one, t, state, length, strict, count)
        t += UNROLL
    while t < end:
        _step32_lanes(theta[t], reset[t], intensity[t] + one, state, length, strict, count)
        t += 1


@njit(cache=True)
def _cuts(prep, i, v, a, length):
    """chain_cuts: CUT_UNROLL cuts from pool slot i, a[j] += add for each at <= v[j] (modulo
    2^32) on int32 lanes, the cuts read before the element loop so that it vectorises."""
    c0, c1, c2, c3 = (np.int32(prep[CUT_AT + i]), np.int32(prep[CUT_AT + i + 1]),
                      np.int32(prep[CUT_AT + i + 2]), np.int32(prep[CUT_AT + i + 3]))
    d0, d1, d2, d3 = (np.int32(prep[CUT_ADD + i]), np.int32(prep[CUT_ADD + i + 1]),
                      np.int32(prep[CUT_ADD + i + 2]), np.int32(prep[CUT_ADD + i + 3]))
    zero = np.int32(0)
    for j in range(length):
        vj = v[j]
        aj = np.int32(a[j] + (d0 if vj >= c0 else zero))
        aj = np.int32(aj + (d1 if vj >= c1 else zero))
        aj = np.int32(aj + (d2 if vj >= c2 else zero))
        a[j] = np.int32(aj + (d3 if vj >= c3 else zero))


@njit(cache=True)
def _basis_cuts(prep, b, v, a, length):
    """chain_basis_cuts: basis b's packed accumulators as its step function (every v[j] in
    the cuts' range): the integers _basis32 gives."""
    base = np.int32(prep[CUT_BASE + b])
    for j in range(length):
        a[j] = base
    first = prep[CUT_FIRST + b]
    for i in range(first, first + prep[CUTS + b], CUT_UNROLL):
        _cuts(prep, i, v, a, length)


@njit(cache=True)
def _run32(v0, length, bases, T, strict, theta, reset, intensity, prep, packed, cuts, acc,
           counts, state):
    """chain_run32: _run on 32-bit lanes where no step can overflow (spikes only); packed:
    each basis's spike count rides in its accumulator (prep's PACK_BITS, PACK_LO); cuts (the
    block's membranes in the cuts' range): a basis with cuts runs them instead of its steps.
    state: int32 [4, >= length] scratch (v, a, s, the loaded membranes)."""
    a, s, v32 = state[1], state[2], state[3]
    s[:length] = 0
    acc[:length] = 0
    for j in range(length):
        v32[j] = np.int32(v0[j])
    for b in range(bases):
        if packed:
            K, a_lo = prep[PACK_BITS + b], prep[PACK_LO + b]
            if cuts and prep[CUTS + b] >= 0:
                _basis_cuts(prep, b, v32, a, length)
            else:
                _basis32(length, b, T, strict, theta, reset, intensity, np.int64(1) << K, state,
                         None)
            off, mask = np.uint32(a_lo & _U32), np.uint32((np.int64(1) << K) - 1)
            for j in range(length):                  # uint32 lanes, as C's
                rel = np.uint32(np.uint32(a[j]) - off)  # (a - a_lo) + spikes 2^K, no wrap
                acc[j] += a_lo + np.int64(np.uint32(rel & mask))
                s[j] = np.int32(s[j] + np.int32(np.uint32(rel >> K)))
        else:
            _basis32(length, b, T, strict, theta, reset, intensity, np.int64(0), state, 1)
            for j in range(length):
                acc[j] += a[j]
    counts[0] += s[:length].sum()


@njit(cache=True)
def _basis_safe(b, T, strict, theta, reset, intensity, vf, af, lo, hi):
    """chain_basis_safe: (no step of basis b can overflow for loaded membranes in [lo, hi],
    bounds of its final accumulator), by interval arithmetic on v and acc."""
    v_lo, v_hi = limits(vf)
    a_lo, a_hi = limits(af)
    low, high, al, ah = lo, hi, 0, 0
    for t in range(T):
        k = b * T + t
        g = theta[k] + strict
        r, d = reset[k], intensity[k]
        nl, nh, nal, nah = low, high, al, ah
        if high >= g:
            nl, nh, nal, nah = max(low, g) - r, high - r, al + d, ah + d
            if nl < v_lo or nh > v_hi or nal < a_lo or nah > a_hi:
                return False, al, ah
            if low < g:
                nl, nh = min(nl, low), max(nh, min(high, g - 1))
                nal, nah = min(nal, al), max(nah, ah)
        low, high, al, ah = nl, nh, nal, nah
    return True, al, ah


@njit(cache=True)
def _safe(bases, T, strict, theta, reset, intensity, vf, af, lo, hi):
    """chain_safe: no step can overflow for loaded membranes in [lo, hi], basis by basis."""
    v_lo, v_hi = limits(vf)
    if lo < v_lo or hi > v_hi:
        return False
    for b in range(bases):
        if not _basis_safe(b, T, strict, theta, reset, intensity, vf, af, lo, hi)[0]:
            return False
    return True


@njit(cache=True)
def _pack(bases, T, strict, theta, reset, intensity, vf, af, out):
    """chain_pack: out[PACKED] and per basis K (the bit length of its accumulator span over
    the whole range) and floor, where T 2^K + span < 2^32 for every basis."""
    v_lo, v_hi = limits(vf)
    packed = bases <= PACK_MAX
    for b in range(bases if packed else 0):
        ok, al, ah = _basis_safe(b, T, strict, theta, reset, intensity, vf, af, v_lo, v_hi)
        K = 0
        while K < 32 and ((ah - al) >> K) != 0:
            K += 1
        packed = packed and ok and K < 32 and T <= ((0xFFFFFFFF - (ah - al)) >> K)
        out[PACK_BITS + b] = K
        out[PACK_LO + b] = al
    out[PACKED] = packed


@njit(cache=True)
def _cut_basis(b, T, strict, theta, reset, intensity, prep, lo, hi, pool):
    """chain_cut_basis: basis b of a packed plan as a step function of the loaded membrane in
    [lo, hi]: its T steps on intervals (lo, hi, resets subtracted, packed accumulator modulo
    2^32), each split where it reaches the threshold, adjacent ones with equal accumulators
    merged into one. Fills b's cuts from pool slot pool on (padded to a multiple of
    CUT_UNROLL with cuts that add 0) where they fit and are fewer than 1.5 per step, else
    leaves prep[CUTS + b] = -1. Returns the next free pool slot."""
    one = np.int64(1) << prep[PACK_BITS + b]
    cur = np.zeros((_CUT_PIECES, 4), np.int64)
    nxt = np.zeros((_CUT_PIECES, 4), np.int64)
    cur[0, 0], cur[0, 1] = lo, hi
    n = 1
    for t in range(T):
        k = b * T + t
        g = theta[k] + strict
        d = (intensity[k] + one) & _U32
        m = 0
        for i in range(n):
            c_lo, c_hi, c_sh, c_a = cur[i, 0], cur[i, 1], cur[i, 2], cur[i, 3]
            start = g + c_sh                          # the first loaded membrane that spikes
            if c_lo < start:
                if m == _CUT_PIECES:
                    return pool
                nxt[m, 0], nxt[m, 1], nxt[m, 2], nxt[m, 3] = c_lo, min(c_hi, start - 1), c_sh, c_a
                m += 1
            if c_hi >= start:
                if m == _CUT_PIECES:
                    return pool
                nxt[m, 0], nxt[m, 1] = max(c_lo, start), c_hi
                nxt[m, 2], nxt[m, 3] = c_sh + reset[k], (c_a + d) & _U32
                m += 1
        cur[:m] = nxt[:m]
        n = m
    room = min(CUT_POOL - pool, CUTS_MAX)
    cuts = 0
    for i in range(1, n):
        if cur[i, 3] != cur[i - 1, 3]:
            if cuts == room:
                return pool
            prep[CUT_AT + pool + cuts] = cur[i, 0]
            prep[CUT_ADD + pool + cuts] = (cur[i, 3] - cur[i - 1, 3]) & _U32
            cuts += 1
    while cuts % CUT_UNROLL:
        if cuts == room:
            return pool
        prep[CUT_AT + pool + cuts] = _I32_MAX
        prep[CUT_ADD + pool + cuts] = 0
        cuts += 1
    if 2 * cuts >= 3 * T:
        return pool
    prep[CUT_BASE + b] = cur[0, 3]
    prep[CUT_FIRST + b] = pool
    prep[CUTS + b] = cuts
    prep[CUT_ANY] = 1
    return pool + cuts


@njit(cache=True)
def cut(bases, T, strict, theta, reset, intensity, vf, prep, lo, hi):
    """fx_chain_cut: prep's cuts for loaded membranes in [lo, hi] (within vf's range; lo > hi:
    none); blocks with a membrane outside [lo, hi] run the steps."""
    v_lo, v_hi = limits(vf)
    lo, hi = max(lo, v_lo), min(hi, v_hi)
    prep[CUT_LO], prep[CUT_HI], prep[CUT_ANY] = lo, hi, 0
    prep[CUTS:CUTS + PACK_MAX] = -1
    pool = 0
    for b in range(bases if prep[PACKED] != 0 and lo <= hi else 0):
        pool = _cut_basis(b, T, strict, theta, reset, intensity, prep, lo, hi, pool)


@njit(cache=True)
def _halving(bases, T, strict, theta, reset, intensity):
    """chain_halving: one basis with theta = reset = intensity = 2^(T-1-t), spike on >=
    (T <= 30): the successive-approximation code."""
    if bases != 1 or strict or T > 30:
        return False
    for t in range(T):
        w = np.int64(1) << (T - 1 - t)
        if theta[t] != w or reset[t] != w or intensity[t] != w:
            return False
    return True


@njit(cache=True)
def _halving_run(T, v0, length, acc):
    """chain_halving_run: the halving chain's outcome in closed form (docs/algorithms.md 8.8):
    acc = clamp(v, 0, 2^T - 1), its spikes the popcount of acc (SWAR, acc < 2^30); returns
    the spikes."""
    top = (np.int64(1) << T) - 1
    spikes = 0
    for j in range(length):
        a = min(max(v0[j], 0), top)
        k = a - ((a >> 1) & 0x55555555)
        k = (k & 0x33333333) + ((k >> 2) & 0x33333333)
        k = (k + (k >> 4)) & 0x0F0F0F0F
        acc[j] = a
        spikes += ((k * 0x01010101) & 0xFFFFFFFF) >> 24
    return spikes


@njit(cache=True)
def prepare(bases, T, strict, vf, af, theta, reset, intensity):
    """fx_chain_prepare: int64 [PREP_SIZE] (SATURATE, TABLES32, EXACT32, the outcome of a
    loaded 0: acc, spikes, v and acc overflow events, then the packing of an exact32 plan)."""
    v_lo, v_hi = limits(vf)
    a_lo, a_hi = limits(af)
    out = np.zeros(PREP_SIZE, np.int64)
    out[SATURATE] = saturates(vf) and saturates(af)
    tables32 = v_lo >= _I32_MIN and v_hi <= _I32_MAX and a_lo >= _I32_MIN and a_hi <= _I32_MAX
    for k in range(bases * T):
        for value in (theta[k], reset[k], intensity[k]):
            tables32 = tables32 and _I32_MIN <= value <= _I32_MAX
    out[TABLES32] = tables32
    out[EXACT32] = tables32 and _safe(bases, T, strict, theta, reset, intensity, vf, af,
                                      v_lo, v_hi)
    zero = np.zeros(_NC, np.int64)
    zero_acc = np.zeros(1, np.int64)
    _run(np.zeros(1, np.int64), np.int64(1), bases, T, strict, vf, af, theta, reset, intensity,
         out[SATURATE] != 0, zero_acc, zero)
    out[ZERO_ACC], out[ZERO_SPIKES], out[ZERO_EV_V], out[ZERO_EV_A] = (zero_acc[0], zero[0],
                                                                       zero[1], zero[2])
    if out[EXACT32]:
        _pack(bases, T, strict, theta, reset, intensity, vf, af, out)
        out[HALVING] = _halving(bases, T, strict, theta, reset, intensity)
    out[CUTS:CUTS + PACK_MAX] = -1                  # no cuts: cut computes them
    return out


@njit(cache=True)
def block(u, length, bases, T, strict, vf, af, theta, reset, intensity, prep, acc, counts,
          scratch):
    """fx_chain_block: acc[:length] for the loaded membranes u[:length]; counts += spikes,
    v and acc overflow events; scratch: int64 [SCRATCH] (its last CHAIN_COUNTS slots are not
    touched)."""
    v_lo, v_hi = limits(vf)
    v0 = scratch[:length]
    load_events = 0
    if saturates(vf):                                       # a clamp: branch-free
        for j in range(length):
            v0[j] = min(max(u[j], v_lo), v_hi)
            load_events += (u[j] < v_lo) | (u[j] > v_hi)
    else:
        for j in range(length):
            v0[j], hit = overflow_one(u[j], vf, v_lo, v_hi)
            load_events += hit
    exact = prep[EXACT32] != 0
    if prep[TABLES32] != 0 and length > 0:           # chain_block32
        lo, hi = v_hi, v_lo
        if not exact or prep[CUT_ANY] != 0:
            lo, hi = v0.min(), v0.max()
        if exact or _safe(bases, T, strict, theta, reset, intensity, vf, af, lo, hi):
            if prep[HALVING] != 0:
                counts[0] += _halving_run(T, v0, length, acc)
            else:
                packed = exact and prep[PACKED] != 0
                cuts = packed and prep[CUT_ANY] != 0 and lo >= prep[CUT_LO] and hi <= prep[CUT_HI]
                lanes = scratch[BLOCK:3 * BLOCK].view(np.int32).reshape(4, BLOCK)
                _run32(v0, length, bases, T, strict, theta, reset, intensity, prep, packed, cuts,
                       acc, counts, lanes)
            counts[1] += load_events * bases
            return
    idx = np.empty(length, np.int64)
    k = 0
    for j in range(length):
        acc[j] = prep[ZERO_ACC]
        if v0[j] != 0:
            v0[k] = v0[j]
            idx[k] = j
            k += 1
    sums = np.empty(k, np.int64)
    _run(v0, k, bases, T, strict, vf, af, theta, reset, intensity, prep[SATURATE] != 0, sums,
         counts)
    for j in range(k):
        acc[idx[j]] = sums[j]
    zeros = length - k
    counts[0] += zeros * prep[ZERO_SPIKES]
    counts[1] += zeros * prep[ZERO_EV_V] + load_events * bases
    counts[2] += zeros * prep[ZERO_EV_A]


@njit(cache=True, parallel=True)
def _chain_kernel(u, bases, T, strict, vf, af, theta, reset, intensity, prep, acc, per_block):
    """The blocks in parallel; prep: :func:`prepare`'s, per_block [blocks(n), abi.CHAIN_COUNTS]
    zeros: each block's counts. Only the prange here: numba would compile every array
    expression of a parallel kernel as a parallel loop of its own."""
    n = u.shape[0]
    for blk in prange(per_block.shape[0]):
        j0 = blk * BLOCK
        length = min(BLOCK, n - j0)
        block(u[j0:j0 + length], length, bases, T, strict, vf, af, theta, reset, intensity,
              prep, acc[j0:j0 + length], per_block[blk], np.empty(SCRATCH, np.int64))


def chain(u: np.ndarray, plan: abi.ChainPlan):
    """Same contract as fxsim.backends.c.chain."""
    flat_u = np.ascontiguousarray(u, dtype=np.int64).reshape(-1)
    acc = np.empty_like(flat_u)
    per_block = np.zeros(((flat_u.size + BLOCK - 1) // BLOCK, _NC), np.int64)
    p = flat(plan)
    strict = p.compare_strict != 0
    prep = prepare(p.bases, p.steps, strict, p.v_format, p.acc_format, p.theta, p.reset,
                   p.intensity)
    cut(p.bases, p.steps, strict, p.theta, p.reset, p.intensity, p.v_format, prep, -(1 << 62),
        1 << 62)
    _chain_kernel(flat_u, p.bases, p.steps, strict, p.v_format, p.acc_format, p.theta, p.reset,
                  p.intensity, prep, acc, per_block)
    return acc, abi.named_counts(abi.CHAIN_COUNTS, per_block.sum(axis=0))
