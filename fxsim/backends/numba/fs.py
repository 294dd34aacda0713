"""backend="numba": the fused FS pass with the structure of csrc/fx_fs.c (blocks of
chain.BLOCK elements in parallel: route, gather each piece's elements through chain.block,
scatter, read out)."""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from .. import abi
from ...formats import Format
from .arith import flat, float64_values, limits, quantize_span, saturates
from .chain import BLOCK, PREP_SIZE, SCRATCH, block, prepare, requant, requant_make

_SLOTS = len(abi.FS_PIECE_COUNTS)
_NC, _NIN = 1 + _SLOTS * abi.FS_MAX_PIECES, len(abi.FLOAT_INPUT_COUNTS)
_NCC = len(abi.CHAIN_COUNTS)
_NO_FLOATS, _NO_INTS = np.zeros(0, np.float64), np.zeros(0, np.int64)


@njit(cache=True)
def _route(x, pieces, upper, closed, requant_in, in_drop, inf, lo, hi, v, piece, c):
    """fs_route: v[j] = x[j] requantized (if asked) and clamped, piece[j] the first piece whose
    upper end it does not pass (pieces: none); c[0] += the input's overflow events."""
    in_lo, in_hi = limits(inf)
    shift, widen = requant_make(in_drop, inf)
    sat = saturates(inf)
    events = 0
    for j in range(x.size):
        r, hit = requant(x[j], shift, widen, inf, in_lo, in_hi, sat)
        r = r if requant_in else x[j]
        events += hit if requant_in else 0
        v[j] = min(max(r, lo), hi)
        piece[j] = pieces
    for k in range(pieces - 1, -1, -1):
        up, cl = upper[k], closed[k] != 0
        for j in range(x.size):
            piece[j] = k if ((v[j] <= up) if cl else (v[j] < up)) else piece[j]
    c[0] += events


@njit(cache=True)
def _readout(x, acc, readout, out_drop, of, pass_, pass_at, pass_drop, y):
    """fs_readout: y[j] = acc[j] requantized into of (readout) or acc[j]; x[j] > pass_at
    (pass_) gives x[j] requantized by pass_drop instead; events not counted."""
    o_lo, o_hi = limits(of)
    sat = saturates(of)
    o_shift, o_widen = requant_make(out_drop, of)
    p_shift, p_widen = requant_make(pass_drop, of)
    for j in range(x.size):
        r = requant(acc[j], o_shift, o_widen, of, o_lo, o_hi, sat)[0] if readout else acc[j]
        passed = requant(x[j], p_shift, p_widen, of, o_lo, o_hi, sat)[0]
        y[j] = passed if pass_ and x[j] > pass_at else r


@njit(cache=True)
def _block(x, pieces, upper, closed, starts, piece_steps, theta, reset, intensity, strict, vf,
           af, preps, requant_in, in_drop, inf, lo, hi, readout, out_drop, of, pass_, pass_at,
           pass_drop, y, c, work, cs):
    """fs_block: y from x (one block); c += the block's counts; work: int64 [6, >= x.size]
    scratch, cs: chain.block's (chain.SCRATCH)."""
    n = x.size
    v, piece, acc, g, idx, sums = work[0], work[1], work[2], work[3], work[4], work[5]
    _route(x, pieces, upper, closed, requant_in, in_drop, inf, lo, hi, v, piece, c)
    acc[:n] = 0
    chain_counts = cs[SCRATCH - _NCC:]
    for k in range(pieces):
        m = 0
        for j in range(n):
            m += piece[j] == k
        if m == 0:
            continue
        chain_counts[:] = 0
        s0, s1 = starts[k], starts[k] + piece_steps[k]
        if m == n:                                       # the whole block: no gather
            for j in range(n):
                g[j] = np.int64(np.int32(v[j]))          # the engine's int32 input
            block(g, n, np.int64(1), piece_steps[k], strict, vf, af, theta[s0:s1],
                  reset[s0:s1], intensity[s0:s1], preps[k], acc, chain_counts, cs)
        else:
            m = 0
            for j in range(n):
                g[m] = np.int64(np.int32(v[j]))
                idx[m] = j
                m += piece[j] == k
            block(g, m, np.int64(1), piece_steps[k], strict, vf, af, theta[s0:s1],
                  reset[s0:s1], intensity[s0:s1], preps[k], sums, chain_counts, cs)
            for j in range(m):
                acc[idx[j]] = sums[j]
        slot = 1 + _SLOTS * k
        c[slot] += m
        c[slot + 1] += chain_counts[0]
        c[slot + 2] += chain_counts[1]
        c[slot + 3] += chain_counts[2]
    _readout(x, acc, readout, out_drop, of, pass_, pass_at, pass_drop, y)


@njit(cache=True, parallel=True)
def _fs_kernel(x, xf, frac, xfmt, pieces, upper, closed, piece_steps, theta, reset, intensity,
               strict, vf, af, requant_in, in_drop, inf, lo, hi, readout, out_drop, of, pass_,
               pass_at, pass_drop, starts, preps, y, per_block):
    """The blocks of fx_fs_op in parallel: x int64 [n], or float inputs xf [n] quantized with
    frac, xfmt block by block (x then empty); (starts, preps): fs_preps of the plan,
    per_block [blocks(n), _NC + FLOAT_INPUT_COUNTS] zeros: each block's counts. Only the
    prange here (as mbe._mbe_kernel)."""
    floats = xf.size > 0
    n = xf.size if floats else x.size
    for blk in prange(per_block.shape[0]):
        j0 = blk * BLOCK
        j1 = min(n, j0 + BLOCK)
        scratch = np.empty(SCRATCH + 7 * BLOCK, np.int64)   # one allocation per block
        cs, work = scratch[:SCRATCH], scratch[SCRATCH:].reshape(7, BLOCK)
        xb = x[j0:j1]
        if floats:
            xb = work[6, :j1 - j0]
            quantize_span(xf[j0:j1], frac, xfmt, xb, per_block[blk], _NC)
        _block(xb, pieces, upper, closed, starts, piece_steps, theta, reset, intensity, strict,
               vf, af, preps, requant_in, in_drop, inf, lo, hi, readout, out_drop, of, pass_,
               pass_at, pass_drop, y[j0:j1], per_block[blk], work, cs)


def _run(x: np.ndarray, xf: np.ndarray, frac: int, xfmt: abi.FormatArgs,
         plan: abi.FsOpPlan) -> tuple:
    """(y, column sums of the per-block counts) of _fs_kernel on x or xf (xfmt: any format
    where xf is empty)."""
    n = max(x.size, xf.size)
    y = np.empty(n, np.int64)
    per_block = np.zeros(((n + BLOCK - 1) // BLOCK, _NC + _NIN), np.int64)
    p = flat(plan)
    starts, preps = fs_preps(p)
    _fs_kernel(x, xf, frac, flat(xfmt), p.pieces, p.upper, p.closed, p.piece_steps, p.theta,
               p.reset, p.intensity, p.compare_strict != 0, p.v_format, p.acc_format,
               p.requant_in != 0, p.in_drop, p.in_format, p.lo, p.hi, p.readout != 0,
               p.out_drop, p.out, p.pass_ != 0, p.pass_at, p.pass_drop, starts, preps, y,
               per_block)
    return y, per_block.sum(axis=0)


def fs_op(x: np.ndarray, plan: abi.FsOpPlan):
    """Same contract as fxsim.backends.c.fs_op."""
    flat_x = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    y, counts = _run(flat_x, _NO_FLOATS, 0, plan.out, plan)
    return y, abi.fs_counts(counts[:_NC], plan.pieces)


def fs_op_floats(x: np.ndarray, x_fmt: Format, plan: abi.FsOpPlan):
    """Same contract as fxsim.backends.c.fs_op_floats."""
    y, counts = _run(_NO_INTS, float64_values(x), x_fmt.frac, abi.FormatArgs.of(x_fmt), plan)
    return (y, abi.fs_counts(counts[:_NC], plan.pieces),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, counts[_NC:]))


@njit(cache=True)
def fs_preps(p):
    """(starts, preps) of the flat FsOpPlan p's pieces: each piece's first step, int64
    [pieces]; its chain preparation, int64 [pieces, chain.PREP_SIZE]."""
    starts = np.zeros(p.pieces, np.int64)
    preps = np.zeros((p.pieces, PREP_SIZE), np.int64)
    for k in range(p.pieces):
        starts[k] = 0 if k == 0 else starts[k - 1] + p.piece_steps[k - 1]
        s0, s1 = starts[k], starts[k] + p.piece_steps[k]
        preps[k] = prepare(np.int64(1), p.piece_steps[k], p.compare_strict != 0, p.v_format,
                           p.acc_format, p.theta[s0:s1], p.reset[s0:s1], p.intensity[s0:s1])
    return starts, preps


@njit(cache=True)
def fs_serial(x, p, starts, preps, requant_in, y, counts):
    """fx_fs_op on one thread for the row kernels, with requant_in in place of the plan's:
    y from x, counts += the pass's (fx_fs_op's slots)."""
    work, cs = np.empty((6, BLOCK), np.int64), np.empty(SCRATCH, np.int64)
    for j0 in range(0, x.size, BLOCK):
        j1 = min(x.size, j0 + BLOCK)
        _block(x[j0:j1], p.pieces, p.upper, p.closed, starts, p.piece_steps, p.theta, p.reset,
               p.intensity, p.compare_strict != 0, p.v_format, p.acc_format, preps, requant_in,
               p.in_drop, p.in_format, p.lo, p.hi, p.readout != 0, p.out_drop, p.out,
               p.pass_ != 0, p.pass_at, p.pass_drop, y[j0:j1], counts, work, cs)
