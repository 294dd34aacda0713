/*
 * fx_fs_rows.h -- the FS softmax in one pass over chunks of rows (fx_fs_rows.c;
 * docs/algorithms.md section 8.9.1): tp = x - row max + offset, e = the FS exp pieces on tp
 * (0 where tp <= cutoff), S = requant(sum e), r = the FS reciprocal pieces on S,
 * y = requant(e r). The pieces run through fx_fs_op (fx_fs.h). Inputs that the exp's clamp
 * sends to one of its ends share one outcome, computed once per call. Equal bit for bit,
 * every counter included, to fxsim.ops.fs.softmax's numpy composition.
 */
#ifndef FX_FS_ROWS_H
#define FX_FS_ROWS_H

#include "fx_fs.h"

/* Elements per chunk of rows (at least one row): the unit of the OpenMP split. */
#define FX_FS_ROWS_CHUNK 4096

typedef struct {
    int64_t d;                   /* row length >= 1 */
    int64_t offset;              /* raw (input frac) */
    int64_t cutoff;              /* raw: tp <= cutoff gives e = 0 */
    fx_fs_op_t exp, recip;       /* the pieces' accumulators (readout and pass 0) */
    int32_t sum_drop;            /* acc frac - input frac (>= 0), into sum_format */
    fx_format_t sum_format;
    int32_t out_drop;            /* 2 acc frac - output frac (>= 0) */
    fx_format_t out;
} fx_fs_softmax_t;

/* Slots of fx_fs_softmax_rows' counts: exp's fx_fs_op counts, recip's, output overflow. */
enum { FX_FSM_EXP = 0, FX_FSM_RECIP = FX_FS_NCOUNTS, FX_FSM_OVERFLOW = 2 * FX_FS_NCOUNTS,
       FX_FSM_NCOUNTS = 2 * FX_FS_NCOUNTS + 1 };

/* int64 scratch one thread needs for rows of d. */
int64_t fx_fs_rows_scratch(int64_t d);

/* Given: p, x[rows * d] raw (|x| < 2^31), scratch[threads * fx_fs_rows_scratch(d)], threads
 * (OpenMP over chunks; results never depend on it).
 * Gives: y[rows * d]; counts[FX_FSM_NCOUNTS]. Returns FX_OK or FX_EINVAL. */
int fx_fs_softmax_rows(const fx_fs_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
                       int64_t *counts, int64_t *scratch, int threads);

#endif /* FX_FS_ROWS_H */
