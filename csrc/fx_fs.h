/*
 * fx_fs.h -- one fused pass per FS operator (fx_fs.c; docs/algorithms.md section 8.9): the
 * input requantization into the membrane's frac, the clamp to the operator's range, the
 * routing to its pieces (one FS neuron each, run by fx_chain_block), the output
 * requantization and SiLU's pass-through, element by element in blocks of FX_CHAIN_BLOCK.
 * Equal bit for bit, every counter included, to fxsim.ops.fs's numpy composition.
 */
#ifndef FX_FS_H
#define FX_FS_H

#include "fx_chain.h"

/* The most pieces of one FS operator. */
#define FX_FS_MAX_PIECES 8

typedef struct {
    int64_t pieces;              /* 1..FX_FS_MAX_PIECES */
    const int64_t *upper;        /* [pieces] raw upper end of each piece (membrane frac) */
    const int64_t *closed;       /* [pieces] 1: x <= upper routes to it, 0: x < upper */
    const int64_t *piece_steps;  /* [pieces] K of each piece's neuron */
    const int64_t *theta;        /* [sum(piece_steps)], piece after piece */
    const int64_t *reset;
    const int64_t *intensity;
    int32_t compare_strict;      /* FS: 1 (spike on v > theta) */
    fx_format_t v_format, acc_format;
    int32_t requant_in;          /* 1: x = requant(x, in_drop, in_format) first */
    int32_t in_drop;
    fx_format_t in_format;
    int64_t lo, hi;              /* the clamp, raw (membrane frac) */
    int32_t readout;             /* 1: y = requant(acc, out_drop, out); 0: y = acc */
    int32_t out_drop;
    fx_format_t out;
    int32_t pass;                /* 1: x > pass_at gives requant(x, pass_drop, out) instead */
    int64_t pass_at;
    int32_t pass_drop;
} fx_fs_op_t;

/* Slots of fx_fs_op's counts array: the input requantization's overflow events, then per
 * piece the elements routed to it, its spikes, membrane and accumulator overflow events. */
enum { FX_FS_OVERFLOW_INPUT = 0, FX_FS_PIECE_SLOTS = 4,
       FX_FS_NCOUNTS = 1 + FX_FS_PIECE_SLOTS * FX_FS_MAX_PIECES };
enum { FX_FS_ROUTED = 0, FX_FS_SPIKES = 1, FX_FS_OVERFLOW_V = 2, FX_FS_OVERFLOW_ACC = 3 };

/* Given: p, x[n] raw int64 (|x| < 2^32), threads (OpenMP over blocks; results never depend
 * on it). Gives: y[n]; counts[FX_FS_NCOUNTS] (piece k's slot s at 1 + 4 k + s).
 * Returns FX_OK, or FX_EINVAL for bad arguments. */
int fx_fs_op(const fx_fs_op_t *p, const int64_t *x, int64_t n, int64_t *y, int64_t *counts,
             int threads);

/* fx_fs_op of float values quantized in the kernel, block by block, as fx_mbe_op_floats
 * (the quantized values must meet fx_fs_op's bound on |x|). */
int fx_fs_op_floats(const fx_fs_op_t *p, const fx_float_rows_t *x, int64_t n, int64_t *y,
                    int64_t *counts, int64_t *in_counts, int threads);

#endif /* FX_FS_H */
