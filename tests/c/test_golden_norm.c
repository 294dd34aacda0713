/*
 * test_golden_norm.c -- an nlspike rmsnorm or layernorm golden set checked in pure C.
 *
 * Two C paths over the set's input [rows][d] (no weight, no bias: a set holds the input
 * only): (1) the fused kernel fx_norm, configured from FXSIM_OP_* (the fx_norm_t fields),
 * FXSIM_PN_*, FXSIM_DIV_* and the row_exponent_eps_leaves table, gives `output` and every
 * counter; (2) the primitives one by one (docs/algorithms.md 7.3: layernorm's u = d x - sum x,
 * or x - mean through the 1/d shift-scaler; the row exponent e; the PolarNorm input
 * requantization of u 2^-e, fx_polarnorm with the eps leaf of e, A = RND(RND(u 2^-e) sqrt(d)),
 * B = max(N, 1) << s, fx_divgroup_run, the quotient requantization) give `output` again and,
 * when traced, every word of trace_centered, trace_row_exponent, trace_scaled,
 * trace_norm_input, trace_norm, trace_numerator, trace_polarnorm_* and trace_divgroup_*.
 */
#include <stdio.h>
#include "vectors.h"
#include "golden_config.h"

#ifndef FXSIM_OP_CENTER
#error "this set has no fused norm plan (FXSIM_OP_*): regenerate it with format 1.3.0"
#endif

#define ROWS INPUT_DIM0
#define D INPUT_DIM1
#define N INPUT_LEN
#define M FXSIM_PN_M
#define ITER (FXSIM_PN_N + 1)

static int64_t x[N], y[N], u[N], xc[N], v[N], a[N], b[N], q[N], membrane[N], latched[N];
static int64_t e[ROWS], norm[ROWS], scratch[3 * D + 2], sorted[ROWS * M];
static int64_t cordic_x[ROWS * M * ITER], cordic_y[ROWS * M * ITER], merged[ROWS * M];
#ifdef ROW_EXPONENT_EPS_LEAVES_LEN
static int64_t eps_leaves[ROW_EXPONENT_EPS_LEAVES_LEN];
#endif

/* The row exponent of u[d] (docs/algorithms.md 7.3.1): max(bit length of max |u| - top_bits,
 * exp_lo), or 0 without it. */
static int64_t exponent(const fx_norm_t *p, const int64_t *row)
{
    int64_t j, top = 0, k;
    if (!p->row_exponent)
        return 0;
    for (j = 0; j < D; ++j)
        top = (row[j] < 0 ? -row[j] : row[j]) > top ? (row[j] < 0 ? -row[j] : row[j]) : top;
    k = fx_bit_length(top) - p->top_bits;
    return k > p->exp_lo ? k : p->exp_lo;
}

/* The composition into q (the output); counts[FX_NORM_NCOUNTS] as fx_norm's. */
static int composed(const fx_norm_t *p, int64_t *counts)
{
    const fx_rescale_t to_mean = fx_rescale_make(p->inv_d_shift, FX_RND);
    const fx_rescale_t num = fx_rescale_make(p->num_drop, FX_RND);
    const fx_rescale_t sqrt_d = fx_rescale_make(p->sqrt_d_shift, FX_RND);
    const fx_requant_t to_q = fx_requant_make(p->q_drop, &p->q_format);
    fx_divgroup_t div = div_from_set(N);
    int64_t r, j;
    for (r = 0; r < ROWS; ++r) {
        const int64_t *xr = x + r * D;
        int64_t total = 0, mean;
        fx_requant_t norm_in;
        fx_rescale_t to_xc;
        fx_polarnorm_t pn = p->pn;
        for (j = 0; j < D; ++j)
            total += xr[j];
        mean = p->center == FX_CENTER_MEAN ? fx_rescale(total * p->inv_d_m, &to_mean) : 0;
        for (j = 0; j < D; ++j)
            u[r * D + j] = p->center == FX_CENTER_EXACT ? xr[j] * D - total : xr[j] - mean;
        e[r] = exponent(p, u + r * D);
        norm_in = fx_requant_make(p->norm_in_drop + (int32_t)e[r], &p->norm_in);
        to_xc = fx_rescale_make((int32_t)e[r], FX_RND);
        for (j = 0; j < D; ++j) {
            v[r * D + j] = fx_requant(u[r * D + j], &norm_in, &counts[FX_NORM_IN_OVERFLOW]);
            xc[r * D + j] = fx_rescale(u[r * D + j], &to_xc);
        }
        if (p->row_exponent && pn.has_eps)
            pn.eps_raw = p->eps_leaves[e[r] - p->exp_lo];
        if (fx_polarnorm(&pn, v + r * D, 1, norm + r, &counts[FX_NORM_PN_INPUT], scratch,
                         sorted + r * M, cordic_x + r * (M - 1) * ITER,
                         cordic_y + r * (M - 1) * ITER, merged + r * (M - 1)) != FX_OK)
            return 1;
    }
    for (j = 0; j < N; ++j) {
        const int64_t n = norm[j / D];
        a[j] = fx_rescale(fx_rescale(xc[j], &num) * p->sqrt_d_m, &sqrt_d);
        b[j] = (n < 1 ? 1 : n) * ((int64_t)1 << p->den_shift);
    }
    if (fx_divgroup_run(&div, a, b, q, membrane, latched, &counts[FX_NORM_SPIKES]) != FX_OK)
        return 1;
    for (j = 0; j < N; ++j)
        q[j] = fx_requant(q[j], &to_q, &counts[FX_NORM_Q_OVERFLOW]);
    return 0;
}

int main(void)
{
    const fx_format_t norm_in = FXSIM_OP_NORM_IN, q_format = FXSIM_OP_Q_FORMAT;
    const fx_format_t out = FXSIM_OP_OUT;
    int64_t counts[FX_NORM_NCOUNTS], counts2[FX_NORM_NCOUNTS] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t total_overflow, k;
    const int64_t no_input_overflow = 0;    /* raw inputs are not requantized */
    fx_norm_t p;
    int checked = 0;
    WIDEN(x, input, N);
    p.d = FXSIM_OP_D;
    p.center = FXSIM_OP_CENTER;
    p.inv_d_m = FXSIM_OP_INV_D_M;
    p.inv_d_shift = FXSIM_OP_INV_D_SHIFT;
    p.row_exponent = FXSIM_OP_ROW_EXPONENT;
    p.top_bits = FXSIM_OP_TOP_BITS;
    p.exp_lo = FXSIM_OP_EXP_LO;
    p.eps_leaves = NULL;
    p.n_eps_leaves = FXSIM_OP_N_EPS_LEAVES;
#ifdef ROW_EXPONENT_EPS_LEAVES_LEN
    WIDEN(eps_leaves, row_exponent_eps_leaves, ROW_EXPONENT_EPS_LEAVES_LEN);
    p.eps_leaves = eps_leaves;
#endif
    p.norm_in_drop = FXSIM_OP_NORM_IN_DROP;
    p.norm_in = norm_in;
    p.pn = pn_from_set();
    p.weight = NULL;
    p.num_drop = FXSIM_OP_NUM_DROP;
    p.sqrt_d_m = FXSIM_OP_SQRT_D_M;
    p.sqrt_d_shift = FXSIM_OP_SQRT_D_SHIFT;
    p.den_shift = FXSIM_OP_DEN_SHIFT;
    p.div = div_from_set(0);
    p.q_drop = FXSIM_OP_Q_DROP;
    p.q_format = q_format;
    p.bias = NULL;
    p.out_drop = FXSIM_OP_OUT_DROP;
    p.out = out;
    if (D != FXSIM_OP_D || fx_norm(&p, x, ROWS, y, counts, scratch, 1) != FX_OK
        || counts[FX_NORM_TOO_WIDE] || composed(&p, counts2)) {
        fprintf(stderr, "fx_norm or a primitive refused the configuration\n");
        return 1;
    }
    total_overflow = 0;
    for (k = FX_NORM_IN_OVERFLOW; k <= FX_NORM_OUT_OVERFLOW; ++k)
        total_overflow += k == FX_NORM_SPIKES ? 0 : counts[k];
    EXPECT("output", y, output, N);
    EXPECT("output (composed)", q, output, N);
    EXPECT("count_glue_overflow_norm_input", counts + FX_NORM_IN_OVERFLOW,
           count_glue_overflow_norm_input, 1);
    EXPECT("count_polarnorm_overflow_input", counts + FX_NORM_PN_INPUT,
           count_polarnorm_overflow_input, 1);
    EXPECT("count_polarnorm_overflow_merge", counts + FX_NORM_PN_MERGE,
           count_polarnorm_overflow_merge, 1);
    EXPECT("count_polarnorm_overflow_output", counts + FX_NORM_PN_OUTPUT,
           count_polarnorm_overflow_output, 1);
    EXPECT("count_divgroup_overflow_q", counts + FX_NORM_Q_OVERFLOW, count_divgroup_overflow_q, 1);
    EXPECT("count_glue_overflow_input", &no_input_overflow, count_glue_overflow_input, 1);
    EXPECT("count_overflow", &total_overflow, count_overflow, 1);
    EXPECT("counts (composed)", counts2, counts, FX_NORM_NCOUNTS);
#ifdef TRACE_NORM_LEN
    EXPECT("trace_norm_input", v, trace_norm_input, N);
    EXPECT("trace_norm", norm, trace_norm, ROWS);
    EXPECT("trace_numerator", a, trace_numerator, N);
    EXPECT("trace_polarnorm_sorted", sorted, trace_polarnorm_sorted, TRACE_POLARNORM_SORTED_LEN);
    EXPECT("trace_polarnorm_cordic_x", cordic_x, trace_polarnorm_cordic_x,
           TRACE_POLARNORM_CORDIC_X_LEN);
    EXPECT("trace_polarnorm_cordic_y", cordic_y, trace_polarnorm_cordic_y,
           TRACE_POLARNORM_CORDIC_Y_LEN);
    EXPECT("trace_polarnorm_merged", merged, trace_polarnorm_merged, TRACE_POLARNORM_MERGED_LEN);
    EXPECT("trace_divgroup_membrane", membrane, trace_divgroup_membrane, N);
    EXPECT("trace_divgroup_latched", latched, trace_divgroup_latched, N);
#endif
#ifdef TRACE_CENTERED_LEN
    EXPECT("trace_centered", u, trace_centered, N);
#endif
#ifdef TRACE_ROW_EXPONENT_LEN
    EXPECT("trace_row_exponent", e, trace_row_exponent, ROWS);
    EXPECT("trace_scaled", xc, trace_scaled, N);
#endif
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}
