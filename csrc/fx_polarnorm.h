/*
 * fx_polarnorm.h -- PolarNorm (fx_polarnorm.c): the l2 norm of each row from a tree of
 * integer vectoring-CORDIC merges.
 */
#ifndef FX_POLARNORM_H
#define FX_POLARNORM_H

#include "fx_types.h"

/* ==== PolarNorm (fx_polarnorm.c; docs/algorithms.md section 6) ==================== */

/* Overflow counters of fx_polarnorm, in this order (fxsim.primitives.polarnorm.OVERFLOW_VARS). */
enum fx_polarnorm_var { FX_PN_INPUT = 0, FX_PN_MERGE = 1, FX_PN_OUTPUT = 2, FX_PN_NVARS = 3 };

typedef struct {
    int64_t d;              /* row length, >= 1 */
    int32_t n;              /* CORDIC iterations per merge, 1..32 */
    int32_t guard_bits;     /* 0..30: leaves are |x| * 2^guard_bits */
    int32_t has_eps;        /* 1: append eps_raw as leaf d (m = d + 1 leaves); 0: m = d */
    int64_t eps_raw;        /* sqrt(eps*d) in the internal format (RND_CONV, fitted by the caller) */
    int64_t gain_m;         /* shift-scaler multiplier of 1/K_n, >= 1 */
    int32_t gain_shift;     /* its shift s, 0..62 */
    fx_format_t internal;   /* tree values: unsigned, width 8..32; rounding and overflow of the gain */
    fx_format_t output;     /* the norm */
    int32_t output_drop;    /* internal frac - output frac; < 0 widens (multiply by 2^-drop) */
} fx_polarnorm_t;

/* fx_polarnorm -- the l2 norm sqrt(sum x^2 + eps*d) of each row.
 * Given: p; x[rows][d] raw inputs (int64: an unsigned 32-bit input does not fit int32_t).
 * Scratch: scratch[2 m], m = d + has_eps (the tree values of one row and the sort's buffer).
 * Returned: out[rows] raw in p->output; overflow[FX_PN_NVARS] events added to (caller zeroes):
 *        INPUT (a guard-scaled magnitude out of the internal range), MERGE (a gain output
 *        out of the internal range), OUTPUT (the root out of the output range);
 *        trace (when sorted is non-NULL; the other three must then be non-NULL when m > 1):
 *        sorted[rows][m] leaves after the sort,
 *        cordic_x / cordic_y[rows][m-1][n+1] state before iteration 0 and after each
 *        iteration of every merge (merges level by level, left to right), merged[rows][m-1]
 *        each merge's output after the gain.
 * Status: FX_OK, or FX_EINVAL for an impossible parameter (a NULL pointer, d < 1, n, widths,
 *        guard bits or gain out of range).
 * Assumptions not checked: |x| < 2^32 (x fits a 32-bit format); eps_raw fits p->internal;
 *        (internal width + 2) + bits(gain_m) <= 62 so x_n * gain_m stays below 2^62; a
 *        widening output_drop keeps root * 2^-drop below 2^62 (fxsim.primitives.polarnorm
 *        validates all three). */
int fx_polarnorm(const fx_polarnorm_t *p, const int64_t *x, int64_t rows, int64_t *out,
                 int64_t *overflow, int64_t *scratch, int64_t *sorted, int64_t *cordic_x,
                 int64_t *cordic_y, int64_t *merged);

/* 1 for a configuration fx_polarnorm accepts (the parameter checks of its FX_EINVAL). */
int fx_polarnorm_valid(const fx_polarnorm_t *p);

/* fx_polarnorm_row -- steps 1-6 of one row, shared by fx_polarnorm and the fused norms.
 * Given: p (valid), x[d] raw inputs. Scratch: tree[m], aux[m] (the sort's). Returned: the norm raw in p->output;
 *        overflow[FX_PN_NVARS] added to; this row's trace when sorted is non-NULL: sorted[m],
 *        cordic_x / cordic_y[m-1][n+1], merged[m-1] (those three may be NULL when m = 1). */
int64_t fx_polarnorm_row(const fx_polarnorm_t *p, const int64_t *x, int64_t *tree,
                         int64_t *aux, int64_t *overflow, int64_t *sorted, int64_t *cordic_x,
                         int64_t *cordic_y, int64_t *merged);

#endif /* FX_POLARNORM_H */
