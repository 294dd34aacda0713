"""backend="numba": the fused MBE pass with the structure of csrc/fx_mbe.c (blocks of
chain.BLOCK elements in parallel: the stage in front, the neuron's banks through
chain.block, the stage after)."""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from ...formats import Format
from .. import abi
from .arith import (ROUNDING, fit_as, flat, float64_values, limits, quantize_span,
                    round_by_rules, rounding_rules, saturates)
from .chain import (BLOCK, PREP_SIZE, SCRATCH, ZERO_ACC, ZERO_EV_A, ZERO_EV_V, ZERO_SPIKES, block,
                    cut, prepare, requant, requant_make)

_PRE_EXP, _PRE_RECIP, _PRE_RSQRT = (abi.MBE_PRE.index(k) for k in ("exp", "reciprocal",
                                                                     "rsqrt"))
_POST_SHIFT, _POST_SIGMOID, _POST_PASS = (abi.MBE_POST.index(k) for k in ("shift", "sigmoid",
                                                                          "pass"))
_NC, _NIN, _NCC = len(abi.MBE_COUNTS), len(abi.FLOAT_INPUT_COUNTS), len(abi.CHAIN_COUNTS)
_NO_FLOATS, _NO_INTS = np.zeros(0, np.float64), np.zeros(0, np.int64)
#: slots of MBE_COUNTS
_SPIKES, _OV_V, _OV_ACC, _OV_NEURON, _OV_Z, _OV_POST, _TAILS = range(_NC)


@njit(cache=True, inline="always")
def _bit_length(x):
    """fx_bit_length: six fixed selects, no loop, so loops calling it vectorise."""
    bits = 0
    for s in (32, 16, 8, 4, 2, 1):
        high = x >> s
        bits += s if high != 0 else 0
        x = high if high != 0 else x
    return bits + (1 if x != 0 else 0)


@njit(cache=True)
def _pre(pre, x, z_m, z_drop, zf, z_frac, x_frac, mant_frac, inp, sh, counts):
    """mbe_pre: inp (the neuron's input) and sh (the exponent the post shift adds)."""
    if pre == _PRE_EXP:
        z_lo, z_hi = limits(zf)
        shift, widen = requant_make(z_drop, zf)
        sat = saturates(zf)
        events = 0
        for j in range(x.size):
            z, hit = requant(x[j] * z_m, shift, widen, zf, z_lo, z_hi, sat)
            events += hit
            k = z >> z_frac
            inp[j] = z - (k << z_frac)
            sh[j] = k
        counts[_OV_Z] += events
    else:
        rsqrt = 1 if pre == _PRE_RSQRT else 0
        for j in range(x.size):
            inp[j], sh[j] = mantissa(x[j], x_frac, mant_frac, rsqrt)


@njit(cache=True, inline="always")
def mantissa(x, x_frac, mant_frac, rsqrt):
    """fx_mbe_mantissa: (m, the exponent the post shift adds) of x > 0."""
    bits = _bit_length(x)
    odd = (bits - x_frac) & rsqrt
    e = bits - x_frac - odd
    s = mant_frac - bits + odd
    return x << max(s, 0) >> max(-s, 0), -(e >> 1) if rsqrt else -e


@njit(cache=True, inline="always")
def _side(sign, offset):
    """mbe_side: 1 (the bank loads u = 0 exactly where x <= 0), -1 (where x > 0), 0 (neither)."""
    return 0 if offset < 0 else (1 if sign > 0 else -1)


@njit(cache=True)
def _partition(inp, xs, at):
    """mbe_partition: xs = inp with its elements > 0 first, at[j] the place of inp[j] in xs;
    returns their number."""
    lo, hi = 0, inp.size - 1
    for j in range(inp.size):
        pos = inp[j] > 0
        k = lo if pos else hi
        xs[k] = inp[j]
        at[j] = k
        lo += pos
        hi -= 1 - pos
    return lo


@njit(cache=True)
def _neuron(inp, banks, bank_bases, sign, offset, scale_m, scale_drop, uf, u_one, af, T,
            strict, theta, reset, intensity, preps, bias, out_drop, of, y, counts, work, cs,
            polar):
    """mbe_neuron: y from inp, bank by bank through chain.block (work: C-contiguous int64
    [6, >= inp.size], total, u, acc, xs, at, ys scratch (a [:, :n] slice is not contiguous
    to numba, and its loops would not vectorise); cs: chain.block's scratch, chain.SCRATCH). polar: where a bank is idle on one side of 0 (_side), the
    block is partitioned by sign and the bank runs on its own side only; the rest take the
    chain's outcome of a loaded 0 (the elementwise pass; the row kernels keep one pass)."""
    n = inp.size
    total, u, acc, xs, at, ys = work[0], work[1], work[2], work[3], work[4], work[5]
    u_lo, u_hi = limits(uf)
    o_lo, o_hi = limits(of)
    total[:] = 0
    chain_counts = cs[SCRATCH - _NCC:]
    chain_counts[:] = 0
    split = False
    for b in range(banks if polar else 0):
        split |= _side(sign[b], offset[b]) != 0
    x, positive = inp, n
    if split:
        positive = _partition(inp, xs, at)
        x = xs
    first = 0
    u_sat = saturates(uf)
    for b in range(banks):
        sg, off, m = sign[b], offset[b], scale_m[b]
        side = _side(sg, off) if split else 0
        j0, j1 = (positive if side < 0 else 0), (positive if side > 0 else n)
        shift, widen = requant_make(scale_drop[b], uf)
        xb, tb, length = x[j0:j1], total[j0:j1], j1 - j0
        for j in range(length):
            v, _ = requant(max(sg * xb[j] - off, 0) * m, shift, widen, uf, u_lo, u_hi, u_sat)
            u[j] = np.int64(np.int32(min(v, u_one)))      # the engine's int32 input
        lo, hi = first * T, (first + bank_bases[b]) * T
        block(u, length, bank_bases[b], T, strict, uf, af, theta[lo:hi], reset[lo:hi],
              intensity[lo:hi], preps[b], acc, chain_counts, cs)
        for j in range(length):
            tb[j] += acc[j]
        idle = n - (j1 - j0)
        if idle:
            za = preps[b][ZERO_ACC]
            for j in range(j0):
                total[j] += za
            for j in range(j1, n):
                total[j] += za
            chain_counts[0] += idle * preps[b][ZERO_SPIKES]
            chain_counts[1] += idle * preps[b][ZERO_EV_V]
            chain_counts[2] += idle * preps[b][ZERO_EV_A]
        first += bank_bases[b]
    shift, widen = requant_make(out_drop, of)
    o_sat = saturates(of)
    out = ys if split else y
    events = 0
    for j in range(n):
        out[j], hit = requant(total[j] + bias, shift, widen, of, o_lo, o_hi, o_sat)
        events += hit
    if split:                     # a gather: the scatter is slower
        for j in range(n):
            y[j] = ys[at[j]]
    counts[_OV_NEURON] += events
    counts[_SPIKES] += chain_counts[0]
    counts[_OV_V] += chain_counts[1]
    counts[_OV_ACC] += chain_counts[2]


@njit(cache=True, inline="always")
def post_shift(y, s, rules):
    """fx_mbe_shift: y * 2^s after _bounded_left, or the right shift by -s (capped at 62)
    rounded by rules, with selects only (|y| < 2^61)."""
    neg = y < 0
    mag = -y if neg else y
    two = 2 + (mag & 1)
    bounded = (-two if neg else two) if s >= 31 and mag >= 2 else y
    left = bounded << min(max(s, 0), 33)
    k = min(max(-s, 1), 62)
    fl = y >> k
    dropped = y - (fl << k)
    top = dropped >> (k - 1)
    low = dropped - (top << (k - 1))
    tie = (top != 0) & (low == 0)
    above = (top != 0) & (low != 0)
    inexact = dropped != 0
    up = round_by_rules(rules, inexact, above, tie, neg, (fl & 1) != 0)
    return left if s >= 0 else fl + np.int64(up)


@njit(cache=True)
def _post(post, x, sh, shift_base, post_one, pass_at, post_drop, pf, y, counts):
    """mbe_post: the stage after the neuron, in place on y."""
    lo, hi = limits(pf)
    sat = saturates(pf)
    events = 0
    if post == _POST_SHIFT:
        rules = rounding_rules(pf[ROUNDING])
        for j in range(x.size):
            y[j], hit = fit_as(post_shift(y[j], sh[j] + shift_base, rules), pf, lo, hi, False)
            events += hit
    elif post == _POST_SIGMOID:
        shift, widen = requant_make(post_drop, pf)
        for j in range(x.size):
            y[j], hit = requant(y[j] + post_one, shift, widen, pf, lo, hi, sat)
            events += hit
    elif post == _POST_PASS:
        shift, widen = requant_make(post_drop, pf)
        for j in range(x.size):
            passed, _ = requant(x[j], shift, widen, pf, lo, hi, sat)
            y[j] = passed if x[j] >= pass_at else y[j]
    counts[_OV_POST] += events


@njit(cache=True)
def _pack(x, lo, hi, xin):
    """mbe_tails_block's packing: the inside elements (lo < x < hi) of x into xin, in order;
    their number."""
    m = 0
    for j in range(x.size):
        xin[m] = x[j]
        m += 1 if lo < x[j] < hi else 0
    return m


@njit(cache=True)
def _merge(x, lo, hi, lo_y, hi_y, hi_pass, post_drop, pf, yin, y):
    """mbe_tails_block's merge: y from the asymptotes (x >= hi first) and, in order, yin."""
    lim_lo, lim_hi = limits(pf)
    shift, widen = requant_make(post_drop, pf)
    sat = saturates(pf)
    k = 0
    for j in range(x.size):
        if x[j] >= hi:
            y[j] = requant(x[j], shift, widen, pf, lim_lo, lim_hi, sat)[0] if hi_pass else hi_y
        elif x[j] <= lo:
            y[j] = lo_y
        else:
            y[j] = yin[k]
            k += 1


@njit(cache=True, parallel=True)
def _mbe_kernel(x, xf, frac, xfmt, banks, bank_bases, sign, offset, scale_m, scale_drop, uf,
                u_one, af, T, strict, theta, reset, intensity, preps, bias, out_drop, of, pre,
                z_m, z_drop, zf, z_frac, x_frac, mant_frac, post, shift_base, post_one, pass_at,
                post_drop, pf, tails, tail_lo, tail_hi, tail_lo_y, tail_hi_y, tail_hi_pass, y,
                per_block):
    """The blocks of fx_mbe_op in parallel: x int64 [n], or float inputs xf [n] quantized
    with frac, xfmt block by block (x then empty); preps: mbe_preps of the neuron plan,
    per_block [blocks(n), _NC + FLOAT_INPUT_COUNTS] zeros: each block's counts. Only the
    prange here: numba would compile every array expression of a parallel kernel as a
    parallel loop of its own."""
    floats = xf.size > 0
    n = xf.size if floats else x.size
    for blk in prange(per_block.shape[0]):
        j0 = blk * BLOCK
        j1 = min(n, j0 + BLOCK)
        _mbe_block(x[j0:j1], xf[j0:j1], floats, frac, xfmt, banks, bank_bases, sign, offset,
                   scale_m, scale_drop, uf, u_one, af, T, strict, theta, reset, intensity,
                   preps, bias, out_drop, of, pre, z_m, z_drop, zf, z_frac, x_frac, mant_frac,
                   post, shift_base, post_one, pass_at, post_drop, pf, tails, tail_lo, tail_hi,
                   tail_lo_y, tail_hi_y, tail_hi_pass, y[j0:j1], per_block[blk])


@njit(cache=True)
def _mbe_block(x, xf, floats, frac, xfmt, banks, bank_bases, sign, offset, scale_m, scale_drop,
               uf, u_one, af, T, strict, theta, reset, intensity, preps, bias, out_drop, of, pre,
               z_m, z_drop, zf, z_frac, x_frac, mant_frac, post, shift_base, post_one, pass_at,
               post_drop, pf, tails, tail_lo, tail_hi, tail_lo_y, tail_hi_y, tail_hi_pass, y, c):
    """One block of fx_mbe_op (_mbe_kernel's arguments, its block of x, xf and y); c += its
    counts."""
    size = y.size
    # one allocation per block: chain.block's scratch, then the rows inp, sh, the neuron's
    # work (6), xin, yin, x
    whole = np.empty(SCRATCH + 11 * size, np.int64)
    cs, scratch = whole[:SCRATCH], whole[SCRATCH:].reshape(11, size)
    if floats:
        x = scratch[10]
        quantize_span(xf, frac, xfmt, x, c, _NC)
    xb, yb = x, y
    if tails:                                    # mbe_tails_block
        m = _pack(x, tail_lo, tail_hi, scratch[8])
        xb, yb = scratch[8, :m], scratch[9, :m]
        c[_TAILS] += size - m
    if xb.size:
        inp, sh = xb, scratch[1, :xb.size]
        if pre != 0:
            inp = scratch[0, :xb.size]
            _pre(pre, xb, z_m, z_drop, zf, z_frac, x_frac, mant_frac, inp, sh, c)
        _neuron(inp, banks, bank_bases, sign, offset, scale_m, scale_drop, uf, u_one, af, T,
                strict, theta, reset, intensity, preps, bias, out_drop, of, yb, c,
                scratch[2:8], cs, True)
        _post(post, xb, sh, shift_base, post_one, pass_at, post_drop, pf, yb, c)
    if tails:
        _merge(x, tail_lo, tail_hi, tail_lo_y, tail_hi_y, tail_hi_pass, post_drop, pf, yb, y)


def _run(x: np.ndarray, xf: np.ndarray, frac: int, xfmt: abi.FormatArgs,
         plan: abi.MbeOpPlan) -> tuple:
    """(y, column sums of the per-block counts) of _mbe_kernel on x or xf (xfmt: any format
    where xf is empty)."""
    n = max(x.size, xf.size)
    y = np.empty(n, np.int64)
    per_block = np.zeros(((n + BLOCK - 1) // BLOCK, _NC + _NIN), np.int64)
    p = flat(plan)
    m = p.neuron
    _mbe_kernel(x, xf, frac, flat(xfmt), m.banks, m.bank_bases, m.sign, m.offset, m.scale_m,
                m.scale_drop, m.u_format, m.u_one, m.acc_format, m.steps, m.compare_strict != 0,
                m.theta, m.reset, m.intensity, mbe_preps(m), m.bias, m.out_drop, m.out, p.pre,
                p.z_m, p.z_drop, p.z_format, p.z_frac, p.x_frac, p.mant_frac, p.post,
                p.shift_base, p.post_one, p.pass_at, p.post_drop, p.post_format, p.tails != 0,
                p.tail_lo, p.tail_hi, p.tail_lo_y, p.tail_hi_y, p.tail_hi_pass != 0, y,
                per_block)
    return y, per_block.sum(axis=0)


def mbe_op(x: np.ndarray, plan: abi.MbeOpPlan):
    """Same contract as fxsim.backends.c.mbe_op."""
    flat_x = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    y, counts = _run(flat_x, _NO_FLOATS, 0, plan.neuron.out, plan)
    return y, abi.named_counts(abi.MBE_COUNTS, counts[:_NC])


def mbe_op_floats(x: np.ndarray, x_fmt: Format, plan: abi.MbeOpPlan):
    """Same contract as fxsim.backends.c.mbe_op_floats."""
    y, counts = _run(_NO_INTS, float64_values(x), x_fmt.frac, abi.FormatArgs.of(x_fmt), plan)
    return (y, abi.named_counts(abi.MBE_COUNTS, counts[:_NC]),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, counts[_NC:]))


@njit(cache=True)
def mbe_preps(m):
    """The chain preparation of every bank of the flat neuron plan m, with its cuts for
    u in [0, u_one] (fx_mbe_prepare): int64 [banks, chain.PREP_SIZE]."""
    T = m.steps
    preps = np.zeros((m.banks, PREP_SIZE), np.int64)
    first = 0
    for b in range(m.banks):
        lo, hi = first * T, (first + m.bank_bases[b]) * T
        strict = m.compare_strict != 0
        preps[b] = prepare(m.bank_bases[b], T, strict, m.u_format, m.acc_format, m.theta[lo:hi],
                           m.reset[lo:hi], m.intensity[lo:hi])
        cut(m.bank_bases[b], T, strict, m.theta[lo:hi], m.reset[lo:hi], m.intensity[lo:hi],
            m.u_format, preps[b], 0, m.u_one)      # _neuron's u, for scale_m >= 0
        first += m.bank_bases[b]
    return preps


@njit(cache=True)
def mbe_serial(x, p, preps, y, counts):
    """fx_mbe_op on one thread for the row kernels: y from x (contiguous int64), counts +=
    the pass's (abi.MBE_COUNTS); p: the flat MbeOpPlan without tails, preps:
    mbe_preps(p.neuron)."""
    m = p.neuron
    scratch = np.empty((8, BLOCK), np.int64)           # inp, sh, neuron work (6)
    cs = np.empty(SCRATCH, np.int64)
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
                scratch[2:], cs, False)
        _post(p.post, xb, sh, p.shift_base, p.post_one, p.pass_at, p.post_drop, p.post_format,
              yb, counts)
