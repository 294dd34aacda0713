/*
 * fx_mbe_rows.h -- the MBE row operators in one pass over chunks of rows (fx_mbe_rows.c;
 * docs/algorithms.md section 8.9.1): softmax (max-subtract, MBE exp, row sum, MBE 1/sum and
 * its Newton steps, the spike multiply) and the norms with the per-row exponent (section
 * 8.6.1: centring, row exponent, spike square, mean + eps, MBE 1/sqrt mantissa and its Newton
 * steps, spike multiply shifted by the exponent, weight, bias, output requantization). Every
 * MBE neuron and encoder runs through fx_mbe_op
 * (fx_mbe.h) on the chunk's elements; the glue between them stays in registers or in the
 * caller's scratch. Equal bit for bit, every counter included, to the numpy composition of
 * fxsim.ops.mbe.
 */
#ifndef FX_MBE_ROWS_H
#define FX_MBE_ROWS_H

#include "fx_mbe.h"

/* Elements per chunk of rows (a chunk holds at least one row): the unit of the OpenMP split;
 * the scratch of one chunk (5 int64 per element, 16 per row) stays in L2. */
#define FX_MBE_ROWS_CHUNK 4096

/* The most Newton steps (fxsim.primitives.range_reduction.MAX_NEWTON_STEPS). */
#define FX_MBE_MAX_NEWTON 3

/* A status beside fx_status: an intermediate the composition range-checks at run time (a
 * product or left shift past FX_INTERMEDIATE_BITS, a non-positive input of 1/x or 1/sqrt)
 * occurred; outputs are meaningless and the caller runs the composition, which decides. */
enum { FX_MBE_ROWS_FALLBACK = 1 };

/* The spike multiply's encoder of one operand (fxsim.primitives.spike_multiply.encoder_plan):
 * u = min(requant(|x|, u_drop, u_format), u_one), recon = the encoder neuron on u (pre and post
 * none: the "fit" identity neuron, or for "sar" the T-step halving chain as a one-basis
 * neuron, recon = u), the signed reconstruction sign(x) (recon(|x|) - recon(0)). */
typedef struct {
    fx_mbe_op_t neuron;
    int32_t u_drop;              /* x frac + int_bits - u frac */
    fx_format_t u_format;
    int64_t u_one;               /* 1.0 in u_format */
} fx_mbe_encoder_t;

/* The Newton refinements after MBE_inv / MBE_invsqrt (fxsim.primitives.range_reduction
 * _newton, _newton_rsqrt) on a row's mantissa m and y = neuron(m) (the mantissa neuron alone:
 * pre and post none; y_format raw), each product requant(enc_a(a) enc_b(b), drop, y_format)
 * of two SAR encoders:
 *   1/x:       t = c_one - prod(m, y; my_drop),  y <- prod(y, t; out_drop)   (c_one = 2.0)
 *   1/sqrt(x): s = prod(y, y; sq_drop), t = c_one - prod(m, s; my_drop),
 *              y <- prod(y, t; out_drop)   (c_one = 3.0; enc_t reads t with one more frac
 *              bit: the / 2) */
typedef struct {
    int32_t steps;               /* 0..FX_MBE_MAX_NEWTON; 0: the neuron's y as is */
    int32_t rsqrt;               /* 1: the 1/sqrt step */
    fx_mbe_op_t neuron;
    fx_mbe_encoder_t enc_m, enc_y, enc_s, enc_t;   /* enc_s: y^2 (rsqrt only) */
    int64_t c_one;               /* 2.0 or 3.0 in y_format */
    int32_t sq_drop, my_drop, out_drop;
    fx_format_t y_format;
} fx_mbe_newton_t;

/* softmax: z = x - row max, e = exp (pre EXP, post SHIFT into exp's format), S = sum e,
 * r = recip (pre RECIP, post SHIFT) of S, with newton steps: recip's neuron, the refinement,
 * then recip's post shift; y = requant(enc_e(e) enc_r(r), out_drop, out). */
typedef struct {
    int64_t d;                   /* row length >= 1 */
    fx_mbe_op_t exp, recip;
    fx_mbe_newton_t newton;
    fx_mbe_encoder_t enc_e, enc_r;
    int32_t out_drop;            /* >= 0 */
    fx_format_t out;
} fx_mbe_softmax_t;

/* Slots of fx_mbe_softmax_rows' counts: exp's and recip's fx_mbe_op counts, then the
 * multiply's encoder spikes and output overflow events, then the Newton products' spikes and
 * overflow events. */
enum { FX_MSM_EXP = 0, FX_MSM_RECIP = FX_MBE_NCOUNTS, FX_MSM_SPIKES = 2 * FX_MBE_NCOUNTS,
       FX_MSM_OVERFLOW = 2 * FX_MBE_NCOUNTS + 1, FX_MSM_NEWTON = 2 * FX_MBE_NCOUNTS + 2,
       FX_MSM_NCOUNTS = 2 * FX_MBE_NCOUNTS + 4 };

/* norms (row exponent): u = x or d x - sum x; e = max(bit_length(max |u|) - top_bits, exp_lo);
 * xs = RND(u 2^-e); rx = enc_x(xs); sq = requant(rx rx, sq_drop, square_format);
 * var = RND(RND(sum sq, sum_drop) inv_d_m, var_drop) + eps[e - exp_lo];
 * the mantissa neuron rsqrt (pre RSQRT, post NONE) on var, refined by newton, gives mant and
 * h = (bit_length(var) - var_frac - odd) / 2; n = fit(shift(rx enc_m(mant), shift_base - h), normed_format);
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
    fx_mbe_newton_t newton;
    int32_t var_frac;
    int32_t shift_base;          /* normed frac - frac(rx) - frac(enc_m) */
    fx_format_t normed_format;
    const int64_t *weight;       /* [d] raw, or NULL */
    const int64_t *bias;         /* [d] raw at the frac of n weight, or NULL */
    int32_t out_drop;            /* >= 0 */
    fx_format_t out;
} fx_mbe_norm_t;

/* Slots of fx_mbe_norm_rows' counts (FX_MNR_NEWTON: the Newton products' spikes, overflow
 * events). */
enum { FX_MNR_SQ_SPIKES = 0, FX_MNR_SQ_OVERFLOW = 1, FX_MNR_RSQRT = 2,
       FX_MNR_MUL_SPIKES = 2 + FX_MBE_NCOUNTS, FX_MNR_MUL_OVERFLOW = 3 + FX_MBE_NCOUNTS,
       FX_MNR_OUT_OVERFLOW = 4 + FX_MBE_NCOUNTS, FX_MNR_NEWTON = 5 + FX_MBE_NCOUNTS,
       FX_MNR_NCOUNTS = 7 + FX_MBE_NCOUNTS };

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

/* The row operators on float values quantized chunk by chunk in the kernel (no int64 copy of
 * the input): x as fx_activation_floats (its format: the raw inputs' frac and format), the
 * quantized values meeting the raw kernels' bound on |x|. Return and give as those;
 * in_counts[FX_IN_NCOUNTS] (overwritten): the quantization's overflow events and invalid
 * values (NaN, inf, |x 2^frac| >= 2^62), where y is meaningless. */
int fx_mbe_softmax_rows_floats(const fx_mbe_softmax_t *p, const fx_float_rows_t *x,
                               int64_t rows, int64_t *y, int64_t *counts, int64_t *in_counts,
                               int64_t *scratch, int threads);
int fx_mbe_norm_rows_floats(const fx_mbe_norm_t *p, const fx_float_rows_t *x, int64_t rows,
                            int64_t *y, int64_t *counts, int64_t *in_counts, int64_t *scratch,
                            int threads);

#endif /* FX_MBE_ROWS_H */
