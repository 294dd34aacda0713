"""Proven blocks of the numba engine: the interval proof of csrc/fx_population.c
(block_proven, docs/algorithms.md 2.6.1) and a proven block's steps without fits.

The proof is the C one, step for step (the same bounds and checks), and a proven block computes
the same integers as the checked loop: every fit there is the identity. The steps run in int64
as one or two fused loops per step whose configuration branches sit outside the loops and
whose leaks are branch-free (so LLVM vectorises them); with no fit left, the increment order
equals the sum order (v + (drive - leak(v)) + bias = kept(v) + drive + bias) and one loop
serves both.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .. import abi
from ...formats import Rounding
from .arith import limits

_SHIFT, _MULT = abi.DECAY_KINDS.index("shift"), abi.DECAY_KINDS.index("mult")
_I32_MIN, _I32_MAX = -(1 << 31), (1 << 31) - 1
_EXACT = 1 << 52                      # a double quotient a / r is exact below this (C: 2^52)
_TRN_ZERO, _RND, _RND_ZERO = int(Rounding.TRN_ZERO), int(Rounding.RND), int(Rounding.RND_ZERO)
_RND_INF, _RND_MIN_INF = int(Rounding.RND_INF), int(Rounding.RND_MIN_INF)
_RND_CONV = int(Rounding.RND_CONV)


@njit(cache=True)
def shr_offsets(k, rounding):
    """(base, neg_add, odd_add) of fx_shr_make for 0 <= k <= 31: x / 2^k rounded is
    (x + base + (neg_add if x < 0) + (odd_add & floor(x / 2^k))) >> k."""
    if k == 0:
        return np.int64(0), np.int64(0), np.int64(0)
    h = np.int64(1) << (k - 1)
    if rounding == _TRN_ZERO:
        return np.int64(0), (np.int64(1) << k) - 1, np.int64(0)
    if rounding == _RND:
        return h, np.int64(0), np.int64(0)
    if rounding == _RND_MIN_INF:
        return h - 1, np.int64(0), np.int64(0)
    if rounding == _RND_ZERO:
        return h - 1, np.int64(1), np.int64(0)
    if rounding == _RND_INF:
        return h, np.int64(-1), np.int64(0)
    if rounding == _RND_CONV:
        return h - 1, np.int64(0), np.int64(1)
    return np.int64(0), np.int64(0), np.int64(0)


@njit(cache=True, inline="always")
def _shr(x, k, base, neg_add, odd_add):
    return (x + base + (neg_add & -np.int64(x < 0)) + (odd_add & (x >> k))) >> k


@njit(cache=True, inline="always")
def _kept_one(x, d, base, neg_add, odd_add):
    """x - leak(x) for one value (leak of csrc/fx_population.c)."""
    if d.kind == _MULT:
        return _shr(x * d.factor, d.shift, base, neg_add, odd_add)
    if d.kind != _SHIFT:
        return x
    a = _shr(x, d.shift, base, neg_add, odd_add)
    if d.min_step and a == 0 and x != 0:
        a = np.int64(1) if x > 0 else np.int64(-1)
    return x - a


@njit(cache=True, inline="always")
def _inside(lo, hi, rlo, rhi):
    return lo >= rlo and hi <= rhi


@njit(cache=True, inline="always")
def _lane(fmt):
    lo, hi = limits(fmt)
    return max(lo, _I32_MIN), min(hi, _I32_MAX)


@njit(cache=True, inline="always")
def _kept_bounds(lo, hi, d):
    b, na, oa = shr_offsets(d.shift, d.rounding)
    return _kept_one(lo, d, b, na, oa), _kept_one(hi, d, b, na, oa)


@njit(cache=True, inline="always")
def _schedule_bounds(sched, t, j0, m, add):
    start = t * sched.t_stride + j0 * sched.n_stride
    if sched.n_stride:
        row = sched.data[start:start + m]
        return row.min() + add, row.max() + add
    return sched.data[start] + add, sched.data[start] + add


@njit(cache=True, inline="always")
def _product_bounds(slo, shi, dlo, dhi):
    c0, c1, c2, c3 = slo * dlo, slo * dhi, shi * dlo, shi * dhi
    return min(min(c0, c1), min(c2, c3)), max(max(c0, c1), max(c2, c3))


@njit(cache=True)
def _spike_bounds(K, zero, v_reset, plo, phi, tlo, thi, rlo, rhi):
    """spike_bounds of csrc/fx_population.c: (V.lo, V.hi, S.lo, S.hi) after rule 3."""
    if phi < tlo:
        return plo, phi, np.int64(0), np.int64(0)
    clo, chi = np.int64(1), K
    if zero:
        flo = fhi = v_reset
        clo = K if v_reset >= thi else np.int64(1)
        chi = K if v_reset >= tlo else np.int64(1)
    else:
        srlo, srhi = min(rlo, K * rlo), max(rhi, K * rhi)
        flo = max(plo, tlo) - srhi
        fhi = phi - srlo
        if rlo > 0 and flo < tlo - rhi:
            flo = tlo - rhi
    if plo >= thi:
        return flo, fhi, clo, chi
    return min(plo, flo), max(min(phi, thi - 1), fhi), np.int64(0), chi


@njit(cache=True)
def block_proven(cfg, v_fmt, i_fmt, acc_fmt, decay_v, decay_i, theta_s, reset_s, intensity_s,
                 bias, inputs, has_input, cuba, before, increment, strict, K, zero, v_reset,
                 scale, n, T, v, cur, acc, j0, m):
    """1 when the interval bounds prove every fit of the block's T steps the identity
    (block_proven of csrc/fx_population.c, same bounds and checks), else 0."""
    vlo, vhi = _lane(v_fmt)
    ilo, ihi = _lane(i_fmt)
    alo, ahi = _lane(acc_fmt)
    V0, V1 = v[:m].min(), v[:m].max()
    A0, A1 = acc[:m].min(), acc[:m].max()
    I0 = I1 = np.int64(0)
    if cuba:
        I0, I1 = cur[:m].min(), cur[:m].max()
    B0, B1 = bias[:m].min(), bias[:m].max()
    if not _inside(V0, V1, vlo, vhi) or not _inside(A0, A1, alo, ahi) or (
            cuba and not _inside(I0, I1, ilo, ihi)):
        return 0
    X0 = X1 = np.int64(0)
    for t in range(T):
        t0, t1 = _schedule_bounds(theta_s, t, j0, m, strict)
        r0, r1 = _schedule_bounds(reset_s, t, j0, m, 0)
        d0, d1 = _schedule_bounds(intensity_s, t, j0, m, 0)
        if has_input:
            row = inputs[t * n + j0:t * n + j0 + m]
            X0, X1 = np.int64(row.min()) * scale, np.int64(row.max()) * scale
        D0, D1 = X0, X1
        if cuba:
            if before:
                I0, I1 = I0 + X0, I1 + X1
                if not _inside(I0, I1, ilo, ihi):
                    return 0
                I0, I1 = _kept_bounds(I0, I1, decay_i)
            else:
                I0, I1 = _kept_bounds(I0, I1, decay_i)
                I0, I1 = I0 + X0, I1 + X1
            if not _inside(I0, I1, ilo, ihi):
                return 0
            D0, D1 = I0, I1
        k0, k1 = _kept_bounds(V0, V1, decay_v)
        if increment:
            l0, l1 = V0 - k1, V1 - k0
            if decay_v.kind != _MULT or decay_v.factor <= (np.int64(1) << decay_v.shift):
                b, na, oa = shr_offsets(decay_v.shift, decay_v.rounding)
                l0, l1 = V0 - _kept_one(V0, decay_v, b, na, oa), V1 - _kept_one(V1, decay_v, b, na, oa)
            if not _inside(D0 - l1, D1 - l0, vlo, vhi) or not _inside(
                    D0 - l1 + B0, D1 - l0 + B1, vlo, vhi):
                return 0
        P0, P1 = k0 + D0 + B0, k1 + D1 + B1
        if not _inside(P0, P1, vlo, vhi):
            return 0
        V0, V1, S0, S1 = _spike_bounds(K, zero, v_reset, P0, P1, t0, t1, r0, r1)
        p0, p1 = _product_bounds(S0, S1, d0, d1)
        A0, A1 = A0 + p0, A1 + p1
        if not _inside(V0, V1, vlo, vhi) or not _inside(A0, A1, alo, ahi):
            return 0
    return 1


@njit(cache=True)
def leak_constants(d):
    """(mul, neg, base, neg_add, odd_add) of a decay for _kept_any: mul = factor (MULT), 1
    (SHIFT), 0 (NONE); neg = -1 for MULT, else 0 (FX_LEAK_ANY of csrc/fx_population.c)."""
    base, neg_add, odd_add = shr_offsets(d.shift, d.rounding)
    mul = d.factor if d.kind == _MULT else np.int64(d.kind == _SHIFT)
    return mul, -np.int64(d.kind == _MULT), base, neg_add, odd_add


@njit(cache=True, inline="always")
def _kept_any(x, k, ms, mul, neg, base, neg_add, odd_add):
    """x - leak(x) for every decay kind, branch-free: y = shr(x * mul) with SHIFT's minimum step
    (ms), kept = y for MULT, x - y for SHIFT and NONE (y = 0)."""
    y = _shr(x * mul, k, base, neg_add, odd_add)
    y += (ms & np.int64(y == 0) & np.int64(x != 0)) * (np.int64(x > 0) - np.int64(x < 0))
    return (x & ~neg) - ((y ^ neg) - neg)


@njit(cache=True)
def proven_step(v, cur, acc, total, s_row, x, theta, reset_amount, intensity, bias,
                decay_v, decay_i, cuba, before, spike_form, strict, K, v_reset, m):
    """One step of a proven block (no fits): rule 1 in one loop (CUBA), rules 2-4 fused in one
    loop per spike form, every leak kind branch-free (_kept_any), so LLVM vectorises the loops.
    x: the step's scaled input (zeros without input). spike_form: 0 one spike with subtract
    reset, 1 reset to v_reset, 2 several spikes with subtract reset (closed form where
    0 < r < 2^52, as spike_passes; else the definition's loop)."""
    mv, nv, bv, av, ov = leak_constants(decay_v)
    kv, sv = decay_v.shift, np.int64(decay_v.min_step) if decay_v.kind == _SHIFT else np.int64(0)
    drive = x
    if cuba:                                               # rule 1
        mi, ni, bi, ai, oi = leak_constants(decay_i)
        ki = decay_i.shift
        si = np.int64(decay_i.min_step) if decay_i.kind == _SHIFT else np.int64(0)
        first, after = np.int64(before), np.int64(1 - before)
        for j in range(m):
            c = _kept_any(cur[j] + first * x[j], ki, si, mi, ni, bi, ai, oi)
            cur[j] = c + after * x[j]
        drive = cur
    if spike_form == 0:                                    # rules 2-4 (either order)
        for j in range(m):
            vj = _kept_any(v[j], kv, sv, mv, nv, bv, av, ov) + drive[j] + bias[j]
            s = np.int64(vj >= theta[j] + strict)
            v[j] = vj - s * reset_amount[j]
            acc[j] += s * intensity[j]
            s_row[j] = s
            total[j] += s
    elif spike_form == 1:
        for j in range(m):
            vj = _kept_any(v[j], kv, sv, mv, nv, bv, av, ov) + drive[j] + bias[j]
            th = theta[j] + strict
            s = np.int64(vj >= th) * (K if v_reset >= th else np.int64(1))
            v[j] = v_reset if s else vj
            acc[j] += s * intensity[j]
            s_row[j] = s
            total[j] += s
    else:
        for j in range(m):
            vj = _kept_any(v[j], kv, sv, mv, nv, bv, av, ov) + drive[j] + bias[j]
            th, r = theta[j] + strict, reset_amount[j]
            s = np.int64(0)
            if vj >= th and 0 < r < _EXACT:
                s = min(np.int64(float(vj - th) / float(r)) + 1, K)
                vj -= s * r
            while s < K and vj >= th:
                s += 1
                vj -= r
            v[j] = vj
            acc[j] += s * intensity[j]
            s_row[j] = s
            total[j] += s
