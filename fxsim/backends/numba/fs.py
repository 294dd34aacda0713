"""backend="numba": the fused FS pass with the structure of csrc/fx_fs.c (blocks of
chain.BLOCK elements in parallel: route, gather each piece's elements through chain.block,
scatter, read out)."""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from .. import abi
from .arith import flat, limits, requantize_one
from .chain import BLOCK, PREP_SIZE, block, prepare

_SLOTS = len(abi.FS_PIECE_COUNTS)
_NC = 1 + _SLOTS * abi.FS_MAX_PIECES


@njit(cache=True)
def _block(x, pieces, upper, closed, starts, piece_steps, theta, reset, intensity, strict, vf,
           af, preps, requant_in, in_drop, inf, lo, hi, readout, out_drop, of, pass_, pass_at,
           pass_drop, y, c):
    """fs_block: y from x (one block); c += the block's counts."""
    n = x.size
    in_lo, in_hi = limits(inf)
    o_lo, o_hi = limits(of)
    v = np.empty(n, np.int64)
    piece = np.empty(n, np.int64)
    for j in range(n):
        r = x[j]
        if requant_in:
            r, hit = requantize_one(r, in_drop, inf, in_lo, in_hi)
            c[0] += hit
        v[j] = min(max(r, lo), hi)
        piece[j] = pieces
    for k in range(pieces - 1, -1, -1):
        for j in range(n):
            if (v[j] <= upper[k]) if closed[k] else (v[j] < upper[k]):
                piece[j] = k
    acc = np.zeros(n, np.int64)
    g = np.empty(n, np.int64)
    idx = np.empty(n, np.int64)
    sums = np.empty(n, np.int64)
    chain_counts = np.zeros(len(abi.CHAIN_COUNTS), np.int64)
    for k in range(pieces):
        m = 0
        for j in range(n):
            if piece[j] == k:
                g[m] = np.int64(np.int32(v[j]))          # the engine's int32 input
                idx[m] = j
                m += 1
        if m == 0:
            continue
        chain_counts[:] = 0
        s0, s1 = starts[k], starts[k] + piece_steps[k]
        block(g, m, np.int64(1), piece_steps[k], strict, vf, af, theta[s0:s1], reset[s0:s1],
              intensity[s0:s1], preps[k], sums, chain_counts)
        for j in range(m):
            acc[idx[j]] = sums[j]
        slot = 1 + _SLOTS * k
        c[slot] += m
        c[slot + 1] += chain_counts[0]
        c[slot + 2] += chain_counts[1]
        c[slot + 3] += chain_counts[2]
    for j in range(n):
        out = requantize_one(acc[j], out_drop, of, o_lo, o_hi)[0] if readout else acc[j]
        if pass_ and x[j] > pass_at:
            out = requantize_one(x[j], pass_drop, of, o_lo, o_hi)[0]
        y[j] = out


@njit(cache=True, parallel=True)
def _fs_kernel(x, pieces, upper, closed, piece_steps, theta, reset, intensity, strict, vf, af,
               requant_in, in_drop, inf, lo, hi, readout, out_drop, of, pass_, pass_at,
               pass_drop, starts, preps, y, per_block):
    """The blocks of fx_fs_op in parallel; (starts, preps): fs_preps of the plan, per_block
    [blocks(n), _NC] zeros: each block's counts. Only the prange here (as mbe._mbe_kernel)."""
    n = x.shape[0]
    for blk in prange(per_block.shape[0]):
        j0 = blk * BLOCK
        j1 = min(n, j0 + BLOCK)
        _block(x[j0:j1], pieces, upper, closed, starts, piece_steps, theta, reset, intensity,
               strict, vf, af, preps, requant_in, in_drop, inf, lo, hi, readout, out_drop, of,
               pass_, pass_at, pass_drop, y[j0:j1], per_block[blk])


def fs_op(x: np.ndarray, plan: abi.FsOpPlan):
    """Same contract as fxsim.backends.c.fs_op."""
    flat_x = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    y = np.empty_like(flat_x)
    per_block = np.zeros(((flat_x.size + BLOCK - 1) // BLOCK, _NC), np.int64)
    p = flat(plan)
    starts, preps = fs_preps(p)
    _fs_kernel(flat_x, p.pieces, p.upper, p.closed, p.piece_steps, p.theta, p.reset,
               p.intensity, p.compare_strict != 0, p.v_format, p.acc_format, p.requant_in != 0,
               p.in_drop, p.in_format, p.lo, p.hi, p.readout != 0, p.out_drop, p.out,
               p.pass_ != 0, p.pass_at, p.pass_drop, starts, preps, y, per_block)
    return y, abi.fs_counts(per_block.sum(axis=0), plan.pieces)


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
    for j0 in range(0, x.size, BLOCK):
        j1 = min(x.size, j0 + BLOCK)
        _block(x[j0:j1], p.pieces, p.upper, p.closed, starts, p.piece_steps, p.theta, p.reset,
               p.intensity, p.compare_strict != 0, p.v_format, p.acc_format, preps, requant_in,
               p.in_drop, p.in_format, p.lo, p.hi, p.readout != 0, p.out_drop, p.out,
               p.pass_ != 0, p.pass_at, p.pass_drop, y[j0:j1], counts)
