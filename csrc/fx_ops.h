/*
 * fx_ops.h -- the fused operators (fx_ops.c): softmax, activations (sigmoid, silu, gelu_tanh)
 * and norms (rmsnorm, layernorm) in one pass over the primitives' inline steps.
 */
#ifndef FX_OPS_H
#define FX_OPS_H

#include "fx_arith.h"
#include "fx_divgroup.h"
#include "fx_polarnorm.h"
#include "fx_pwl_exp.h"

/* ==== Fused operators (fx_ops.c; docs/algorithms.md section 7) ====
 * Each equals the composition of the primitives above that fxsim.ops.nlspike defines, with no
 * trace; the Python wrapper selects it only where that composition cannot raise. */

/* nlspike softmax over rows of d raw inputs. */
typedef struct {
    int64_t d;                /* row length, >= 1 */
    int64_t L_raw;            /* L on the input's raw grid */
    int32_t exp_in_drop;      /* input frac - PWL-Exp input frac; < 0 widens (exact) */
    fx_format_t exp_in;       /* PWL-Exp input format with overflow SAT: the designed clamp */
    fx_pwl_exp_t pwl;         /* output format unsigned */
    fx_divgroup_t div;        /* steps = 1; m unused */
    int32_t out_drop;         /* n - output frac; < 0 widens */
    fx_format_t out;          /* the probabilities */
} fx_softmax_t;

/* Slots of fx_softmax's counts array. */
enum { FX_SM_CLAMP = 0, FX_SM_LUT_READS = 1, FX_SM_PWL_OVERFLOW = 2, FX_SM_SPIKES = 3,
       FX_SM_OUT_OVERFLOW = 4, FX_SM_NCOUNTS = 5 };

/* Given: p, x[rows][d] raw inputs in the softmax input format, threads (OpenMP; results never
 *        depend on it).
 * Returned: y[rows][d] raw probabilities; counts[FX_SM_NCOUNTS] (overwritten): exp-input clamp
 *        events, PWL-Exp LUT reads and output overflows, latched division neurons, output
 *        overflows.
 * Status: FX_OK, or FX_EINVAL for a NULL pointer, d < 1, a signed PWL-Exp output format or an
 *        invalid PWL-Exp / division configuration.
 * Assumptions not checked: |x - max + L| widened by -exp_in_drop stays below 2^62; the row sum
 *        of PWL-Exp outputs stays below 2^62 (the Python wrapper checks both). */
int fx_softmax(const fx_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
               int64_t *counts, int threads);


/* Slots of fx_softmax_floats' input counts. */
enum { FX_IN_OVERFLOW = 0, FX_IN_INVALID = 1, FX_IN_NCOUNTS = 2 };

/* fx_softmax of the rows fx_quantize_floats(x) gives, without the int64 copy: each row
 * is quantized into its y row, then processed in place.
 * Returned: y, counts as fx_softmax; in_counts[FX_IN_NCOUNTS] (overwritten): quantization
 *        overflow events and invalid inputs (NaN, +-inf, |x * 2^frac| >= 2^62; y is then
 *        meaningless and the caller reports the error).
 * Status: as fx_softmax, also FX_EINVAL for frac outside -1022..1023 or not exactly one
 *        input array. */
int fx_softmax_floats(const fx_softmax_t *p, const fx_float_rows_t *x, int64_t rows, int64_t *y,
                      int64_t *counts, int64_t *in_counts, int threads);

/* ---- fused activations and norms (fx_ops.c; docs/algorithms.md 7.2, 7.3) ---- */

/* Every drop of the fused kernels lies in -62..62 (the Python wrappers choose the fused path
 * only then); a larger drop is FX_EINVAL. */
#define FX_DROP_OK(k) ((k) >= -FX_INTERMEDIATE_BITS && (k) <= FX_INTERMEDIATE_BITS)

/* sigmoid, silu, gelu_tanh: num / (1 + PWL-Exp(-w)) through the Division group. */
enum fx_activation_kind { FX_ACT_SIGMOID = 0, FX_ACT_SILU = 1, FX_ACT_GELU_TANH = 2 };

typedef struct {
    int32_t kind;             /* enum fx_activation_kind */
    /* gelu_tanh: w = 2u = t1 + t3 on xc = clamp(x, +-clip_raw), every value in poly */
    int64_t clip_raw;         /* >= 0 */
    fx_format_t poly;         /* P */
    int32_t poly_in_drop;     /* f_x - f_p: xc into P (its events are not counted) */
    int32_t poly_frac;        /* f_p: the drop of xp * xp and x2 * xp into P */
    int64_t c1_m, c3_m;       /* shift-scalers c1 (of xp) and c3 (of x3) into P */
    int32_t c1_shift, c3_shift;
    /* every kind: w has frac f_w (f_x, or f_p for gelu_tanh) */
    int32_t exp_in_drop;      /* f_w - E_in frac; E_in's overflow SAT: the designed clamp */
    fx_format_t exp_in;
    fx_pwl_exp_t pwl;         /* unsigned output, frac f_o */
    int32_t den_shift;        /* f_c - f_o, 0..62: B = (2^f_o + e) << den_shift */
    int32_t num_shift;        /* f_c - f_x, 0..62: A = x << num_shift (sigmoid: A = 2^f_o) */
    fx_divgroup_t div;        /* steps = 1; m unused */
    int32_t out_drop;         /* n - output frac: the quotient into the output */
    fx_format_t out;
    int32_t bypass_drop;      /* f_x - output frac: x into the output where -w < -L (gated) */
} fx_activation_t;

/* Slots of fx_activation's counts array. */
enum { FX_ACT_CLAMP = 0, FX_ACT_LUT_READS = 1, FX_ACT_PWL_OVERFLOW = 2, FX_ACT_SPIKES = 3,
       FX_ACT_OUT_OVERFLOW = 4, FX_ACT_POLY_OVERFLOW = 5, FX_ACT_BYPASSED = 6,
       FX_ACT_BYPASS_OVERFLOW = 7, FX_ACT_TOO_WIDE = 8, FX_ACT_NCOUNTS = 9 };

/* Given: p, x[n] raw inputs, threads (OpenMP over chunks of FX_PWL_CHUNK elements; results
 *        never depend on it).
 * Returned: y[n] raw outputs; counts[FX_ACT_NCOUNTS] (overwritten): exp-input clamps, PWL-Exp
 *        LUT reads and output overflows, latched division neurons, quotient overflows,
 *        gelu_tanh polynomial overflows, bypassed elements and their output overflows, and
 *        divisions whose normalised operands leave 62 bits (where the composition raises:
 *        the wrapper then runs it; those quotients are 0).
 * Status: FX_OK, or FX_EINVAL for a NULL pointer, a drop or shift out of range or an invalid
 *        PWL-Exp / division configuration.
 * Assumptions not checked: every product and widened value but the division's stays below
 *        2^62 (the Python wrapper selects the kernel only where the composition's own checks
 *        cannot fail). */
int fx_activation(const fx_activation_t *p, const int64_t *x, int64_t n, int64_t *y,
                  int64_t *counts, int threads);

/* fx_activation of the values fx_quantize_floats(x) gives, without their int64 copy: each
 * chunk of FX_PWL_CHUNK inputs is quantized on the stack, then processed.
 * Returned: y, counts as fx_activation; in_counts[FX_IN_NCOUNTS] as fx_softmax_floats.
 * Status: as fx_activation, also FX_EINVAL for frac outside -1022..1023 or not exactly one
 *        input array. */
int fx_activation_floats(const fx_activation_t *p, const fx_float_rows_t *x, int64_t n,
                         int64_t *y, int64_t *counts, int64_t *in_counts, int threads);

/* rmsnorm, layernorm: x w sqrt(d) / PolarNorm(x) through the Division group (+ bias). */
enum fx_norm_center { FX_CENTER_NONE = 0, FX_CENTER_MEAN = 1, FX_CENTER_EXACT = 2 };

typedef struct {
    int64_t d;                /* row length, >= 1 */
    int32_t center;           /* enum fx_norm_center: u = x, x - RND(sum x * inv_d_m >>
                               * inv_d_shift) or d x - sum x */
    int64_t inv_d_m;
    int32_t inv_d_shift;
    int32_t row_exponent;     /* 1: per row e = max(bit_length(max |u|) - top_bits, exp_lo);
                               * xc = RND(u 2^-e), v = u 2^-e in NI; 0: e = 0 */
    int32_t top_bits;
    int32_t exp_lo;
    const int64_t *eps_leaves;  /* [n_eps_leaves]: PolarNorm's eps element at e = exp_lo + i
                                 * (row_exponent and pn.has_eps), else NULL */
    int64_t n_eps_leaves;
    int32_t norm_in_drop;     /* f_x - NI frac: xc into PolarNorm's input format */
    fx_format_t norm_in;
    fx_polarnorm_t pn;        /* d = this d */
    const int64_t *weight;    /* [d] raw, or NULL */
    int32_t num_drop;         /* A0 = RND(xc * w >> num_drop), or xc >> num_drop without weight */
    int64_t sqrt_d_m;         /* A = RND(A0 * sqrt_d_m >> sqrt_d_shift) */
    int32_t sqrt_d_shift;
    int32_t den_shift;        /* f_c - f_N, 0..62: B = max(N, 1) << den_shift */
    fx_divgroup_t div;        /* steps = 1; m unused */
    int32_t q_drop;           /* n - group out frac */
    fx_format_t q_format;     /* the group's out format */
    const int64_t *bias;      /* [d] raw at frac n, or NULL: y = q */
    int32_t out_drop;         /* n - output frac: y = requantize(q + bias) */
    fx_format_t out;
} fx_norm_t;

/* Slots of fx_norm's counts array. */
enum { FX_NORM_IN_OVERFLOW = 0, FX_NORM_PN_INPUT = 1, FX_NORM_PN_MERGE = 2,
       FX_NORM_PN_OUTPUT = 3, FX_NORM_SPIKES = 4, FX_NORM_Q_OVERFLOW = 5,
       FX_NORM_OUT_OVERFLOW = 6, FX_NORM_TOO_WIDE = 7, FX_NORM_NCOUNTS = 8 };

/* Given: p, x[rows][d] raw inputs, threads (OpenMP over rows; results never depend on it).
 * Scratch: scratch[max(1, threads)][3 d + 2] (a row of PolarNorm inputs, its tree and the
 *        sort's buffer).
 * Returned: y[rows][d] raw outputs; counts[FX_NORM_NCOUNTS] (overwritten): norm-input
 *        overflows, PolarNorm input / merge / output overflows, latched division neurons,
 *        quotient overflows, output overflows (bias only), divisions whose normalised
 *        operands leave 62 bits (as fx_activation).
 * Status: FX_OK, or FX_EINVAL for a NULL pointer, a drop or shift out of range or an invalid
 *        PolarNorm / division configuration.
 * Assumptions not checked: as fx_activation; with row_exponent, every row's e lies in
 *        exp_lo .. exp_lo + n_eps_leaves - 1 when eps_leaves is used (x within the input
 *        format), and |u| < 2^62. */
int fx_norm(const fx_norm_t *p, const int64_t *x, int64_t rows, int64_t *y, int64_t *counts,
            int64_t *scratch, int threads);

/* fx_norm of the rows fx_quantize_floats(x) gives, without their int64 copy: each row is
 * quantized into the last d values of its thread's scratch, then processed.
 * Scratch: scratch[max(1, threads)][4 d + 2].
 * Returned: y, counts as fx_norm; in_counts[FX_IN_NCOUNTS] as fx_softmax_floats.
 * Status: as fx_norm, also FX_EINVAL for frac outside -1022..1023 or not exactly one input
 *        array. */
int fx_norm_floats(const fx_norm_t *p, const fx_float_rows_t *x, int64_t rows, int64_t *y,
                   int64_t *counts, int64_t *in_counts, int64_t *scratch, int threads);

#endif /* FX_OPS_H */
