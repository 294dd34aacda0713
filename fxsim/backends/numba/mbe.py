"""backend="numba": the fused MBE pass with the structure of csrc/fx_mbe.c (blocks of
chain.BLOCK elements in parallel: the stage in front, the neuron's banks through
chain.block, the stage after)."""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from .. import abi
from .chain import BLOCK, block, prepare
from .arith import (OVERFLOW, ROUNDING, bit_length_one, flat, limits, overflow_one,
                    requantize_one, shift_right_one, shr, shr_make)

_PRE_EXP, _PRE_RECIP, _PRE_RSQRT = (abi.MBE_PRE.index(k) for k in ("exp", "reciprocal",
                                                                     "rsqrt"))
_POST_SHIFT, _POST_SIGMOID, _POST_PASS = (abi.MBE_POST.index(k) for k in ("shift", "sigmoid",
                                                                          "pass"))
_NC = len(abi.MBE_COUNTS)
#: slots of MBE_COUNTS
_SPIKES, _OV_V, _OV_ACC, _OV_NEURON, _OV_Z, _OV_POST = range(_NC)
_SAT, _SAT_SYM = 1, 2


@njit(cache=True, inline="always")
def _requant(x, drop, shift, fmt, lo, hi):
    """(value, event): fx_requant_as with the shift prepared (shr_make of max(drop, 0)); a
    branch-free clamp where fmt saturates."""
    v = shr(x, shift) if drop >= 0 else x << -drop
    if fmt[OVERFLOW] == _SAT or fmt[OVERFLOW] == _SAT_SYM:
        return min(max(v, lo), hi), np.int64(v < lo) | np.int64(v > hi)
    return overflow_one(v, fmt, lo, hi)


@njit(cache=True)
def _pre(pre, x, z_m, z_drop, zf, z_frac, x_frac, mant_frac, inp, sh, counts):
    """mbe_pre: inp (the neuron's input) and sh (the exponent the post shift adds)."""
    if pre == _PRE_EXP:
        z_lo, z_hi = limits(zf)
        for j in range(x.size):
            z, hit = requantize_one(x[j] * z_m, z_drop, zf, z_lo, z_hi)
            counts[_OV_Z] += hit
            k = z >> z_frac
            inp[j] = z - (k << z_frac)
            sh[j] = k
    else:
        for j in range(x.size):
            bits = bit_length_one(x[j])
            odd = (bits - x_frac) & 1 if pre == _PRE_RSQRT else 0
            e = bits - x_frac - odd
            s = mant_frac - bits + odd
            inp[j] = x[j] << s if s >= 0 else x[j] >> -s
            sh[j] = -(e // 2) if pre == _PRE_RSQRT else -e


@njit(cache=True)
def _neuron(inp, banks, bank_bases, sign, offset, scale_m, scale_drop, uf, u_one, af, T,
            strict, theta, reset, intensity, preps, bias, out_drop, of, y, counts, total, u,
            acc):
    """mbe_neuron: y from inp, bank by bank through chain.block (total, u, acc: scratch)."""
    n = inp.size
    u_lo, u_hi = limits(uf)
    o_lo, o_hi = limits(of)
    out_shift = shr_make(max(out_drop, 0), of[ROUNDING])
    total[:] = 0
    chain_counts = np.zeros(len(abi.CHAIN_COUNTS), np.int64)
    first = 0
    u_sat = uf[OVERFLOW] == _SAT or uf[OVERFLOW] == _SAT_SYM
    for b in range(banks):
        drop, sg, off, m = scale_drop[b], sign[b], offset[b], scale_m[b]
        shift = shr_make(max(drop, 0), uf[ROUNDING])
        if u_sat and drop >= 0:                  # the common case, written out to vectorise
            k, base, neg_add, odd_add = shift
            for j in range(n):
                p = max(sg * inp[j] - off, 0) * m
                v = (p + base + (neg_add & -np.int64(p < 0)) + (odd_add & (p >> k))) >> k
                u[j] = np.int64(np.int32(min(min(max(v, u_lo), u_hi), u_one)))
        else:
            for j in range(n):
                v, _ = _requant(max(sg * inp[j] - off, 0) * m, drop, shift, uf, u_lo, u_hi)
                u[j] = np.int64(np.int32(min(v, u_one)))      # the engine's int32 input
        lo, hi = first * T, (first + bank_bases[b]) * T
        block(u, n, bank_bases[b], T, strict, uf, af, theta[lo:hi], reset[lo:hi],
              intensity[lo:hi], preps[b], acc, chain_counts)
        total += acc
        first += bank_bases[b]
    if (of[OVERFLOW] == _SAT or of[OVERFLOW] == _SAT_SYM) and out_drop >= 0:
        k, base, neg_add, odd_add = out_shift          # the common case, written out
        events = 0
        for j in range(n):
            p = total[j] + bias
            v = (p + base + (neg_add & -np.int64(p < 0)) + (odd_add & (p >> k))) >> k
            y[j] = min(max(v, o_lo), o_hi)
            events += (v < o_lo) | (v > o_hi)
        counts[_OV_NEURON] += events
    else:
        for j in range(n):
            y[j], hit = _requant(total[j] + bias, out_drop, out_shift, of, o_lo, o_hi)
            counts[_OV_NEURON] += hit
    counts[_SPIKES] += chain_counts[0]
    counts[_OV_V] += chain_counts[1]
    counts[_OV_ACC] += chain_counts[2]


@njit(cache=True, inline="always")
def _shift(y, s, rounding):
    """mbe_shift: y * 2^s after _bounded_left (s >= 31: |y| >= 2 becomes 2 + |y| mod 2)."""
    if s >= 31:
        mag = abs(y)
        if mag >= 2:
            y = -(2 + (mag & 1)) if y < 0 else 2 + (mag & 1)
        s = min(s, 33)
    return y << s if s >= 0 else shift_right_one(y, -s, rounding)


@njit(cache=True)
def _post(post, x, sh, shift_base, post_one, pass_at, post_drop, pf, y, counts):
    """mbe_post: the stage after the neuron, in place on y."""
    lo, hi = limits(pf)
    if post == _POST_SHIFT:
        for j in range(x.size):
            y[j], hit = overflow_one(_shift(y[j], sh[j] + shift_base, pf[ROUNDING]), pf, lo, hi)
            counts[_OV_POST] += hit
    elif post == _POST_SIGMOID:
        for j in range(x.size):
            y[j], hit = requantize_one(y[j] + post_one, post_drop, pf, lo, hi)
            counts[_OV_POST] += hit
    elif post == _POST_PASS:
        for j in range(x.size):
            if x[j] >= pass_at:
                y[j], _ = requantize_one(x[j], post_drop, pf, lo, hi)


@njit(cache=True, parallel=True)
def _mbe_kernel(x, banks, bank_bases, sign, offset, scale_m, scale_drop, uf, u_one, af, T,
                strict, theta, reset, intensity, bias, out_drop, of, pre, z_m, z_drop, zf,
                z_frac, x_frac, mant_frac, post, shift_base, post_one, pass_at, post_drop, pf,
                y, counts):
    n = x.shape[0]
    preps = np.zeros((banks, 7), np.int64)
    first = 0
    for b in range(banks):
        lo, hi = first * T, (first + bank_bases[b]) * T
        preps[b] = prepare(bank_bases[b], T, strict, uf, af, theta[lo:hi], reset[lo:hi],
                                 intensity[lo:hi])
        first += bank_bases[b]
    blocks = (n + BLOCK - 1) // BLOCK
    per_block = np.zeros((blocks, counts.size), np.int64)   # sized by the caller (abi)
    scratch = [np.empty(n, np.int64) for _ in range(5)]   # inp, sh, total, u, acc
    for blk in prange(blocks):
        j0 = blk * BLOCK
        j1 = min(n, j0 + BLOCK)
        xb, c = x[j0:j1], per_block[blk]
        inp, sh = xb, scratch[1][j0:j1]
        if pre != 0:
            inp = scratch[0][j0:j1]
            _pre(pre, xb, z_m, z_drop, zf, z_frac, x_frac, mant_frac, inp, sh, c)
        yb = y[j0:j1]
        _neuron(inp, banks, bank_bases, sign, offset, scale_m, scale_drop, uf, u_one, af, T,
                strict, theta, reset, intensity, preps, bias, out_drop, of, yb, c,
                scratch[2][j0:j1], scratch[3][j0:j1], scratch[4][j0:j1])
        _post(post, xb, sh, shift_base, post_one, pass_at, post_drop, pf, yb, c)
    for k in range(counts.size):
        counts[k] = per_block[:, k].sum()


def mbe_op(x: np.ndarray, plan: abi.MbeOpPlan):
    """Same contract as fxsim.backends.c.mbe_op."""
    flat_x = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    y = np.empty_like(flat_x)
    counts = np.zeros(_NC, np.int64)
    m, p = flat(plan.neuron), flat(plan)
    _mbe_kernel(flat_x, m.banks, m.bank_bases, m.sign, m.offset, m.scale_m, m.scale_drop,
                m.u_format, m.u_one, m.acc_format, m.steps, m.compare_strict != 0, m.theta,
                m.reset, m.intensity, m.bias, m.out_drop, m.out, p.pre, p.z_m, p.z_drop,
                p.z_format, p.z_frac, p.x_frac, p.mant_frac, p.post, p.shift_base, p.post_one,
                p.pass_at, p.post_drop, p.post_format, y, counts)
    return y, abi.named_counts(abi.MBE_COUNTS, counts)


@njit(cache=True)
def mbe_preps(m):
    """The chain preparation of every bank of the flat neuron plan m (as _mbe_kernel's)."""
    T = m.steps
    preps = np.zeros((m.banks, 7), np.int64)
    first = 0
    for b in range(m.banks):
        lo, hi = first * T, (first + m.bank_bases[b]) * T
        preps[b] = prepare(m.bank_bases[b], T, m.compare_strict != 0, m.u_format, m.acc_format,
                           m.theta[lo:hi], m.reset[lo:hi], m.intensity[lo:hi])
        first += m.bank_bases[b]
    return preps


@njit(cache=True)
def mbe_serial(x, p, preps, y, counts):
    """fx_mbe_op on one thread for the row kernels: y from x (contiguous int64), counts +=
    the pass's (abi.MBE_COUNTS); p: the flat MbeOpPlan, preps: mbe_preps(p.neuron)."""
    m = p.neuron
    scratch = np.empty((5, BLOCK), np.int64)           # inp, sh, total, u, acc
    for j0 in range(0, x.size, BLOCK):
        j1 = min(x.size, j0 + BLOCK)
        n = j1 - j0
        xb, inp, sh = x[j0:j1], scratch[0, :n], scratch[1, :n]
        if p.pre != 0:
            _pre(p.pre, xb, p.z_m, p.z_drop, p.z_format, p.z_frac, p.x_frac, p.mant_frac, inp,
                 sh, counts)
        else:
            inp[:] = xb
        yb = y[j0:j1]
        _neuron(inp, m.banks, m.bank_bases, m.sign, m.offset, m.scale_m, m.scale_drop,
                m.u_format, m.u_one, m.acc_format, m.steps, m.compare_strict != 0, m.theta,
                m.reset, m.intensity, preps, m.bias, m.out_drop, m.out, yb, counts,
                scratch[2, :n], scratch[3, :n], scratch[4, :n])
        _post(p.post, xb, sh, p.shift_base, p.post_one, p.pass_at, p.post_drop, p.post_format,
              yb, counts)
