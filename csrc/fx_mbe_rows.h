/*
 * fx_mbe_rows.h -- the MBE row operators in one pass over chunks of rows (fx_mbe_rows.c;
 * docs/algorithms.md section 8.9.1): softmax (max-subtract, MBE exp, row sum, MBE 1/sum, the
 * spike multiply) and the norms with the per-row exponent (section 8.6.1: centring, row
 * exponent, spike square, mean + eps, MBE 1/sqrt mantissa, spike multiply shifted by the
 * exponent, weight, bias, output requantization). Every MBE neuron runs through fx_mbe_op
 * (fx_mbe.h) on the chunk's elements; the glue between them stays in registers or in the
 * caller's scratch. Equal bit for bit, every counter included, to the numpy composition of
 * fxsim.ops.mbe.
 */
#ifndef FX_MBE_ROWS_H
#define FX_MBE_ROWS_H

#include "fx_mbe.h"

/* Elements per chunk of rows (a chunk holds at least one row): the unit of the OpenMP split;
 * the scratch of one chunk (4 int64 per element) stays in L2. */
#define FX_MBE_ROWS_CHUNK 4096

/* A status beside fx_status: an intermediate the composition range-checks at run time (a
 * product or left shift past FX_INTERMEDIATE_BITS, a non-positive input of 1/x or 1/sqrt)
 * occurred; outputs are meaningless and the caller runs the composition, which decides. */
enum { FX_MBE_ROWS_FALLBACK = 1 };

/* The spike multiply's "fit" encoder of one operand (fxsim.primitives.spike_multiply.encode):
 * u = min(requant(|x|, u_drop, u_format), u_one), recon = the identity neuron on u (neuron:
 * pre and post none), the signed reconstruction sign(x) (recon(|x|) - recon(0)). */
typedef struct {
    fx_mbe_op_t neuron;
    int32_t u_drop;              /* x frac + int_bits - u frac */
    fx_format_t u_format;
    int64_t u_one;               /* 1.0 in u_format */
} fx_mbe_encoder_t;

/* softmax: z = x - row max, e = exp (pre EXP, post SHIFT into exp's format), S = sum e,
 * r = recip (pre RECIP, post SHIFT) of S, y = requant(enc_e(e) enc_r(r), out_drop, out). */
typedef struct {
    int64_t d;                   /* row length >= 1 */
    fx_mbe_op_t exp, recip;
    fx_mbe_encoder_t enc_e, enc_r;
    int32_t out_drop;            /* >= 0 */
    fx_format_t out;
} fx_mbe_softmax_t;

/* Slots of fx_mbe_softmax_rows' counts: exp's and recip's fx_mbe_op counts, then the
 * multiply's encoder spikes and output overflow events. */
enum { FX_MSM_EXP = 0, FX_MSM_RECIP = FX_MBE_NCOUNTS, FX_MSM_SPIKES = 2 * FX_MBE_NCOUNTS,
       FX_MSM_OVERFLOW = 2 * FX_MBE_NCOUNTS + 1, FX_MSM_NCOUNTS = 2 * FX_MBE_NCOUNTS + 2 };

/* norms (row exponent): u = x or d x - sum x; e = max(bit_length(max |u|) - top_bits, exp_lo);
 * xs = RND(u 2^-e); rx = enc_x(xs); sq = requant(rx rx, sq_drop, square_format);
 * var = RND(RND(sum sq, sum_drop) inv_d_m, var_drop) + eps[e - exp_lo];
 * the mantissa neuron rsqrt (pre RSQRT, post NONE) on var gives mant and h = (bit_length(var)
 * - var_frac - odd) / 2; n = fit(shift(rx enc_m(mant), shift_base - h), normed_format);
 * y = requant(n weight + bias, out_drop, out) (weight, bias optional). */
typedef struct {
    int64_t d;
    int32_t centred;             /* 1: u = d x - sum x (layernorm) */
    int32_t top_bits;            /* 1..62 */
    int64_t exp_lo, exp_hi;
    const int64_t *eps;          /* [exp_hi - exp_lo + 1] var_format raw */
    fx_mbe_encoder_t enc_x, enc_m;
    int32_t sq_drop;             /* >= 0 */
    fx_format_t square_format;
    int32_t sum_drop;            /* >= 0 */
    int64_t inv_d_m;
    int32_t var_drop;            /* < 0: an exact left shift, range-checked */
    fx_mbe_op_t rsqrt;
    int32_t var_frac;
    int32_t shift_base;          /* normed frac - frac(rx) - frac(enc_m) */
    fx_format_t normed_format;
    const int64_t *weight;       /* [d] raw, or NULL */
    const int64_t *bias;         /* [d] raw at the frac of n weight, or NULL */
    int32_t out_drop;            /* >= 0 */
    fx_format_t out;
} fx_mbe_norm_t;

/* Slots of fx_mbe_norm_rows' counts. */
enum { FX_MNR_SQ_SPIKES = 0, FX_MNR_SQ_OVERFLOW = 1, FX_MNR_RSQRT = 2,
       FX_MNR_MUL_SPIKES = 2 + FX_MBE_NCOUNTS, FX_MNR_MUL_OVERFLOW = 3 + FX_MBE_NCOUNTS,
       FX_MNR_OUT_OVERFLOW = 4 + FX_MBE_NCOUNTS, FX_MNR_NCOUNTS = 5 + FX_MBE_NCOUNTS };

/* Rows per chunk for rows of d, and the int64 scratch one thread needs. */
int64_t fx_mbe_rows_per_chunk(int64_t d);
int64_t fx_mbe_rows_scratch(int64_t d);

/* Given: p, x[rows * d] raw (|x| < 2^32), scratch[threads * fx_mbe_rows_scratch(d)], threads
 * (OpenMP over chunks; results never depend on it).
 * Gives: y[rows * d]; counts[FX_MSM_NCOUNTS].
 * Returns FX_OK, FX_MBE_ROWS_FALLBACK or FX_EINVAL for bad arguments. */
int fx_mbe_softmax_rows(const fx_mbe_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
                        int64_t *counts, int64_t *scratch, int threads);

/* As fx_mbe_softmax_rows; counts[FX_MNR_NCOUNTS]. */
int fx_mbe_norm_rows(const fx_mbe_norm_t *p, const int64_t *x, int64_t rows, int64_t *y,
                     int64_t *counts, int64_t *scratch, int threads);

#endif /* FX_MBE_ROWS_H */
