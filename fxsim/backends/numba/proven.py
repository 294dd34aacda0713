"""Proven blocks of the numba engine: the interval proof of csrc/fx_population.c
(block_proven, docs/algorithms.md 2.6.1) and a proven block's steps without fits.

The proof is the C one, step for step (the same bounds and checks, plus: schedules, bias and
max_spikes x T fit int32), and a proven block computes the same integers as the checked loop:
every fit there is the identity. The steps run in int32 lanes (sums wrap through np.int32,
exact because the proof keeps every stored or compared value inside int32), one branch-free
loop per (leak kind, spike form) chosen outside the loop, so LLVM vectorises 16 lanes; with no
fit left, the increment order equals the sum order (v + (drive - leak(v)) + bias = kept(v) +
drive + bias) and one loop serves both. A block the proof rejects runs the checked loop.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .. import abi
from .arith import limits, shr, shr_make

_SHIFT, _MULT = abi.DECAY_KINDS.index("shift"), abi.DECAY_KINDS.index("mult")
_I32_MIN, _I32_MAX = -(1 << 31), (1 << 31) - 1
_EXACT32 = 1 << 24                    # a float32 quotient a / r is exact below this (C: 2^24)
#: block_proven's levels: the checked loop; int32 lanes with the SHIFT leak's rounding shift in
#: int64 and the closed form's quotient in float64; int32 lanes with both 32-bit too
_NONE, _LANES, _LANES32 = 0, 1, 2
#: the lanes' leak kind beyond abi.DECAY_KINDS: SHIFT in int32 (C: shr32 in leak32), and
#: spike form beyond run_lanes' three: the closed form with a float32 quotient (step_narrow)
_SHIFT32, _CLOSED32 = len(abi.DECAY_KINDS), 3
#: int32 elements between the rows of a block's lanes, so that rows do not share their address
#: modulo 4096 bytes (4K aliasing stalls the loads of one row behind the stores to another)
_PAD = 16


@njit(cache=True, inline="always")
def _kept_one(x, d, shift):
    """x - leak(x) for one value (leak of csrc/fx_population.c); shift: shr_make of d's."""
    if d.kind == _MULT:
        return shr(x * d.factor, shift)
    if d.kind != _SHIFT:
        return x
    a = shr(x, shift)
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
    shift = shr_make(d.shift, d.rounding)
    return _kept_one(lo, d, shift), _kept_one(hi, d, shift)


@njit(cache=True, inline="always")
def _shift32(hi, d):
    """leak_lanes of csrc/fx_population.c for SHIFT: whether the leak's rounding shift of
    inputs up to hi is exact in int32 (hi plus the largest offset 2^k - 1 fits int32); true for
    the other kinds (MULT's product stays 64-bit here)."""
    return d.kind != _SHIFT or hi + (np.int64(1) << d.shift) - 1 <= _I32_MAX


@njit(cache=True, inline="always")
def _spike32(several, P1, t0, r1):
    """spike_lanes of csrc/fx_population.c for the closed form: whether its float32 quotient
    (v - th) / r is exact (r < 2^24 and, where a neuron can fire, v - th < 2^24)."""
    return not several or (r1 < _EXACT32 and (P1 < t0 or P1 - t0 < _EXACT32))


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
def block_proven(v_fmt, i_fmt, acc_fmt, decay_v, decay_i, theta_s, reset_s, intensity_s,
                 inputs, has_input, cuba, before, increment, strict, K, zero, v_reset, scale, n,
                 T, V0, V1, B0, B1, j0, m):
    """_LANES when the interval bounds prove every fit of the block's T steps the identity
    (block_proven of csrc/fx_population.c, same bounds and checks; start state zero but for
    v in [V0, V1]; bias in [B0, B1]) and every value int32 lanes hold fits int32 (state, bias,
    threshold + strict, reset amount, intensity; and for several spikes with subtract reset,
    reset amounts > 0, as run_lanes' closed form needs); _LANES32 when besides the SHIFT
    leaks' rounding shifts and the closed form's float32 quotient are exact (_shift32,
    _spike32: C's lanes32); else _NONE."""
    several = K > 1 and not zero
    vlo, vhi = _lane(v_fmt)
    ilo, ihi = _lane(i_fmt)
    alo, ahi = _lane(acc_fmt)
    A0 = A1 = I0 = I1 = np.int64(0)
    if not _inside(V0, V1, vlo, vhi) or not _inside(B0, B1, _I32_MIN, _I32_MAX):
        return _NONE
    X0 = X1 = np.int64(0)
    narrow = True
    for t in range(T):
        t0, t1 = _schedule_bounds(theta_s, t, j0, m, strict)
        r0, r1 = _schedule_bounds(reset_s, t, j0, m, 0)
        d0, d1 = _schedule_bounds(intensity_s, t, j0, m, 0)
        if not (_inside(t0, t1, _I32_MIN, _I32_MAX) and _inside(r0, r1, _I32_MIN, _I32_MAX)
                and _inside(d0, d1, _I32_MIN, _I32_MAX)) or (several and r0 <= 0):
            return _NONE
        if has_input:
            row = inputs[t * n + j0:t * n + j0 + m]
            X0, X1 = np.int64(row.min()) * scale, np.int64(row.max()) * scale
        D0, D1 = X0, X1
        if cuba:
            if before:
                I0, I1 = I0 + X0, I1 + X1
                if not _inside(I0, I1, ilo, ihi):
                    return _NONE
                narrow = narrow and _shift32(I1, decay_i)
                I0, I1 = _kept_bounds(I0, I1, decay_i)
            else:
                narrow = narrow and _shift32(I1, decay_i)
                I0, I1 = _kept_bounds(I0, I1, decay_i)
                I0, I1 = I0 + X0, I1 + X1
            if not _inside(I0, I1, ilo, ihi):
                return _NONE
            D0, D1 = I0, I1
        narrow = narrow and _shift32(V1, decay_v)
        k0, k1 = _kept_bounds(V0, V1, decay_v)
        if increment:
            l0, l1 = V0 - k1, V1 - k0
            if decay_v.kind != _MULT or decay_v.factor <= (np.int64(1) << decay_v.shift):
                shift = shr_make(decay_v.shift, decay_v.rounding)
                l0, l1 = V0 - _kept_one(V0, decay_v, shift), V1 - _kept_one(V1, decay_v, shift)
            if not _inside(D0 - l1, D1 - l0, vlo, vhi) or not _inside(
                    D0 - l1 + B0, D1 - l0 + B1, vlo, vhi):
                return _NONE
        P0, P1 = k0 + D0 + B0, k1 + D1 + B1
        if not _inside(P0, P1, vlo, vhi):
            return _NONE
        narrow = narrow and _spike32(several, P1, t0, r1)
        V0, V1, S0, S1 = _spike_bounds(K, zero, v_reset, P0, P1, t0, t1, r0, r1)
        p0, p1 = _product_bounds(S0, S1, d0, d1)
        A0, A1 = A0 + p0, A1 + p1
        if not _inside(V0, V1, vlo, vhi) or not _inside(A0, A1, alo, ahi):
            return _NONE
    return _LANES32 if narrow else _LANES



@njit(cache=True, inline="always")
def _shr32(x, k, base, neg_add, odd_add):
    """arith.shr in int32 lanes (shr32 of csrc/fx_population.c): exact when x + 2^k - 1 fits
    int32 (every offset lies in [0, 2^k); _shift32). numba types an int32 operator's result int64 (np.int32 truncates it
    back); np.right_shift of two int32 values stays int32, so LLVM shifts 32-bit lanes."""
    k32 = np.int32(k)
    c = np.int32(np.int32(base) + (np.int32(neg_add) & -np.int32(x < 0))
                 + (np.int32(odd_add) & np.right_shift(x, k32)))
    return np.right_shift(np.int32(x + c), k32)


@njit(cache=True, inline="always")
def _kept(x, kind, k, base, neg_add, odd_add, min_step, factor):
    """x - leak(x) for a leak kind fixed where this is inlined, so that each loop below holds
    one kind's operations only (x: an int32 value; _SHIFT32 in int32, the others in int64:
    factor an int32 value, the product 64-bit)."""
    if kind == _SHIFT32:
        a = _shr32(x, k, base, neg_add, odd_add)
        sign = np.int32(np.int32(x > 0) - np.int32(x < 0))
        return np.int32(x - a - (sign & -np.int32((min_step != 0) & (a == 0))))
    x = np.int64(x)
    if kind == _MULT:
        return shr(x * factor, (k, base, neg_add, odd_add))
    if kind != _SHIFT:
        return x
    a = shr(x, (k, base, neg_add, odd_add))
    return x - a - (np.int64(x > 0) - np.int64(x < 0)) * (min_step & np.int64(a == 0))


@njit(cache=True)
def _leak_args(d):
    """(k, base, neg_add, odd_add, min_step, factor) of a decay for _kept; factor as int32 so
    that the product of two int32 values is what LLVM sees."""
    k, base, neg_add, odd_add = shr_make(d.shift, d.rounding)
    return (k, base, neg_add, odd_add, np.int64(d.min_step),
            np.int64(np.int32(d.factor if d.kind == _MULT else 0)))


@njit(cache=True, inline="always")
def _rule_1(kind, cur, x, x_scale, first, la, m):
    """Rule 1 of a lanes step (CUBA): cur = kept_i(cur + x) (first = 1, input before decay) or
    kept_i(cur) + x (first = 0); x: the step's int32 input row times x_scale (int32)."""
    k, base, na, oa, ms, f = la
    for j in range(m):
        xj = x[j] * x_scale
        c = np.int32(cur[j] + (xj & -first))
        cur[j] = np.int32(_kept(c, kind, k, base, na, oa, ms, f) + (xj & (first - 1)))


@njit(cache=True, inline="always")
def _rules_2_4(kind, form, v, drive, d_scale, bias, theta, reset_amount, intensity, u, acc,
               s_row, count, K, v_reset, la, m):
    """Rules 2-4 of a lanes step: v' = kept_v(v) + drive * d_scale + bias; spikes by ``form``
    (0 one spike with subtract reset, 1 reset to v_reset, 2 several spikes with subtract reset
    in closed form: min(K, floor((v' - th) / r) + 1) spikes where v' >= th, the quotient of
    two values below 2^33 exact in float64, every r > 0 by the proof; _CLOSED32 the same in
    float32, exact where the proof's _spike32 holds); acc += s * intensity.
    Threshold, reset amount and intensity: row[j] + u[0], u[1], u[2] (_row32).
    Sums wrap modulo 2^32 (np.int32), as the uint32 sums of step_narrow: exact, since the
    proof keeps each result stored or compared inside int32."""
    k, base, na, oa, ms, f = la
    for j in range(m):
        vj = np.int32(_kept(v[j], kind, k, base, na, oa, ms, f) + drive[j] * d_scale
                      + bias[j])
        th = np.int32(theta[j] + u[0])
        s = np.int32(vj >= th)
        if form == 0:
            vj = np.int32(vj - (-s & (reset_amount[j] + u[1])))
        elif form == 1:
            s = np.int32(s * (K if v_reset >= th else 1))
            vj = np.int32(v_reset) if s else vj
        elif form == _CLOSED32:
            r32 = np.int32(reset_amount[j] + u[1])
            above = np.int32(np.int32(vj - th) & -s)
            q32 = np.int32(np.int32(np.float32(above) / np.float32(r32)) + 1)
            s = np.int32(min(q32, np.int32(K)) & -s)
            vj = np.int32(vj - s * r32)
        else:
            r = np.int64(np.int32(reset_amount[j] + u[1]))
            q = np.int64(float((np.int64(vj) - th) & -np.int64(s)) / float(r)) + 1
            s = np.int32(min(q, K) & -np.int64(s))
            vj = np.int32(vj - s * r)
        v[j] = vj
        acc[j] = np.int32(acc[j] + s * np.int32(intensity[j] + u[2]))
        s_row[j] = s
        count[j] = np.int32(count[j] + s)


@njit(cache=True, inline="always")
def _rules_by_form(kind, form, v, drive, d_scale, bias, th, r, d, u, acc, s_row, count, K,
                   v_reset, la, m):
    """_rules_2_4 with the spike form fixed (kind: fixed by the caller)."""
    if form == 0:
        _rules_2_4(kind, 0, v, drive, d_scale, bias, th, r, d, u, acc, s_row, count, K,
                   v_reset, la, m)
    elif form == 1:
        _rules_2_4(kind, 1, v, drive, d_scale, bias, th, r, d, u, acc, s_row, count, K,
                   v_reset, la, m)
    elif form == _CLOSED32:
        _rules_2_4(kind, _CLOSED32, v, drive, d_scale, bias, th, r, d, u, acc, s_row, count, K,
                   v_reset, la, m)
    else:
        _rules_2_4(kind, 2, v, drive, d_scale, bias, th, r, d, u, acc, s_row, count, K,
                   v_reset, la, m)


@njit(cache=True, error_model="numpy")      # no zero-division branch in the loops (r > 0)
def _lanes_step(kind_v, kind_i, form, cuba, first, v, cur, acc, s_row, count, x, x_scale, bias,
                th, r, d, u, K, v_reset, la_v, la_i, m):
    """One step of a block in int32 lanes: one loop per (leak kind, spike form), chosen here,
    so each loop is branch-free and vectorises (the instantiations of step_narrow in
    csrc/fx_population.c). th, r, d, u: threshold + strict, reset amount and intensity as
    _rules_2_4 takes them."""
    drive, d_scale = x, x_scale
    if cuba:
        if kind_i == _MULT:
            _rule_1(_MULT, cur, x, x_scale, first, la_i, m)
        elif kind_i == _SHIFT:
            _rule_1(_SHIFT, cur, x, x_scale, first, la_i, m)
        elif kind_i == _SHIFT32:
            _rule_1(_SHIFT32, cur, x, x_scale, first, la_i, m)
        else:
            _rule_1(0, cur, x, x_scale, first, la_i, m)
        drive, d_scale = cur, np.int32(1)
    if kind_v == _MULT:
        _rules_by_form(_MULT, form, v, drive, d_scale, bias, th, r, d, u, acc, s_row, count, K,
                       v_reset, la_v, m)
    elif kind_v == _SHIFT:
        _rules_by_form(_SHIFT, form, v, drive, d_scale, bias, th, r, d, u, acc, s_row, count, K,
                       v_reset, la_v, m)
    elif kind_v == _SHIFT32:
        _rules_by_form(_SHIFT32, form, v, drive, d_scale, bias, th, r, d, u, acc, s_row, count,
                       K, v_reset, la_v, m)
    else:
        _rules_by_form(0, form, v, drive, d_scale, bias, th, r, d, u, acc, s_row, count, K,
                       v_reset, la_v, m)


@njit(cache=True, inline="always")
def _lanes_kind(kind, narrow):
    """The lanes' leak kind: _SHIFT32 for SHIFT in a block proven _LANES32, else ``kind``."""
    return _SHIFT32 if narrow and kind == _SHIFT else kind


@njit(cache=True, inline="always")
def _row32(sched, t, j0, m, row, add):
    """A schedule's step-t values (+ add) for neurons j0.. as row[j] + the value returned: a
    per-neuron schedule fills row (when it can differ from step t - 1's) and returns 0; one the
    same for every neuron returns its value and leaves row zero, so no step writes a row."""
    start = t * sched.t_stride + j0 * sched.n_stride
    if not sched.n_stride:
        return np.int32(sched.data[start] + add)
    if t == 0 or sched.t_stride:
        for j in range(m):
            row[j] = sched.data[start + j] + add
    return np.int32(0)


@njit(cache=True, inline="always")
def _widen(record_mask, bit, rec, row, t, j0, m):
    if record_mask & bit:
        for j in range(m):
            rec[t, j0 + j] = row[j]


@njit(cache=True)
def _narrow_bounds(dst, src, m):
    """dst[:m] = src[:m] as int32 (meaningful where src fits) and src's (min, max), one pass."""
    lo = hi = src[0]
    for j in range(m):
        dst[j] = src[j]
        lo, hi = min(lo, src[j]), max(hi, src[j])
    return lo, hi


@njit(cache=True)
def run_lanes(v_fmt, i_fmt, acc_fmt, decay_v, decay_i, theta_s, reset_s, intensity_s, bias,
              inputs, has_input, x_shift, initial, cuba, before, increment, strict, K, zero,
              v_reset, record_mask, rec_v, rec_i, rec_s, rec_acc, v, cur, acc, total, n, T, j0,
              m):
    """All T steps of a block in int32 lanes (run_narrow of csrc/fx_population.c) if
    block_proven admits it (returns 1), else nothing (returns 0). Start state zero, but v
    when ``initial`` (v then holds it); the final v, cur (CUBA), acc and spike counts are
    written to the block's int64 slices v, cur, acc, total; the records (mask bits v 1, i 2,
    spikes 4, acc 8) receive each step's rows. K * T must fit int32."""
    lanes = np.zeros((10, m + _PAD), np.int32)
    v32, c32, a32, s32, count = (lanes[0][:m], lanes[1][:m], lanes[2][:m], lanes[3][:m],
                                 lanes[4][:m])
    theta, reset_amount, intensity = lanes[5][:m], lanes[6][:m], lanes[7][:m]
    b32, zero_row = lanes[8][:m], lanes[9][:m]
    B0, B1 = _narrow_bounds(b32, bias, m)
    V0 = V1 = np.int64(0)
    if initial:
        V0, V1 = _narrow_bounds(v32, v, m)
    level = block_proven(v_fmt, i_fmt, acc_fmt, decay_v, decay_i, theta_s, reset_s, intensity_s,
                         inputs, has_input, cuba, before, increment, strict, K, zero, v_reset,
                         np.int64(1) << x_shift, n, T, V0, V1, B0, B1, j0, m)
    if level == _NONE:
        return 0
    narrow = level == _LANES32
    form = 0 if K == 1 and not zero else (1 if zero else (_CLOSED32 if narrow else 2))
    kind_v, kind_i = _lanes_kind(decay_v.kind, narrow), _lanes_kind(decay_i.kind, narrow)
    la_v, la_i = _leak_args(decay_v), _leak_args(decay_i)
    x_scale = np.int32(np.int64(1) << x_shift)
    src = inputs if has_input else zero_row
    for t in range(T):
        u = (_row32(theta_s, t, j0, m, theta, strict), _row32(reset_s, t, j0, m, reset_amount, 0),
             _row32(intensity_s, t, j0, m, intensity, 0))
        at = t * n + j0 if has_input else 0
        _lanes_step(kind_v, kind_i, form, cuba, before, v32, c32, a32, s32, count,
                    src[at:at + m], x_scale, b32, theta, reset_amount, intensity, u, K, v_reset,
                    la_v, la_i, m)
        _widen(record_mask, 1, rec_v, v32, t, j0, m)
        _widen(record_mask, 2, rec_i, c32, t, j0, m)
        _widen(record_mask, 4, rec_s, s32, t, j0, m)
        _widen(record_mask, 8, rec_acc, a32, t, j0, m)
    for j in range(m):
        v[j], acc[j], total[j] = v32[j], a32[j], count[j]
        if cuba:
            cur[j] = c32[j]
    return 1
