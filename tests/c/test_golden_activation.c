/*
 * test_golden_activation.c -- an nlspike sigmoid, silu or gelu_tanh golden set checked in pure C.
 *
 * Two C paths over the set's input [n]: (1) the fused kernel fx_activation, configured from
 * FXSIM_OP_* (the fx_activation_t fields), FXSIM_PWL_* with the pwl_exp_* tables and
 * FXSIM_DIV_*, gives `output` and every counter; (2) the primitives one by one
 * (docs/algorithms.md 7.2: gelu_tanh's 2u = c1 x + c3 x^3 in P, -w clamped into the PWL-Exp
 * input, fx_pwl_exp, A / ((1 + e) << shift) through fx_divgroup_run, the gates of silu and
 * gelu_tanh) give `output` again and, when traced, every word of trace_exp_input, trace_exp,
 * trace_numerator, trace_denominator, trace_pwl_exp_*, trace_divgroup_* and (gelu_tanh)
 * trace_x2, trace_x3, trace_two_u.
 */
#include <stdio.h>
#include "vectors.h"
#include "golden_config.h"

#ifndef FXSIM_OP_KIND
#error "this set has no fused activation plan (FXSIM_OP_*): regenerate it with format 1.3.0"
#endif

#define N INPUT_LEN

static int64_t x[N], y[N], x2[N], x3[N], w[N], z[N], e[N], idx[N], prod[N], sum[N];
static int64_t a[N], b[N], q[N], membrane[N], latched[N];

/* w of every element: x, or gelu_tanh's 2u (x2, x3 kept); *poly += P's overflows */
static void exp_argument(const fx_activation_t *p, int64_t *poly)
{
    const fx_requant_t to_p = fx_requant_make(p->poly_in_drop, &p->poly);
    const fx_requant_t square = fx_requant_make(p->poly_frac, &p->poly);
    const fx_requant_t c1 = fx_requant_make(p->c1_shift, &p->poly);
    const fx_requant_t c3 = fx_requant_make(p->c3_shift, &p->poly);
    int64_t j, uncounted = 0;
    for (j = 0; j < N; ++j) {
        int64_t xc, xp;
        if (p->kind != FX_ACT_GELU_TANH) {
            w[j] = x[j];
            continue;
        }
        xc = x[j] < -p->clip_raw ? -p->clip_raw : (x[j] > p->clip_raw ? p->clip_raw : x[j]);
        xp = fx_requant(xc, &to_p, &uncounted);
        x2[j] = fx_requant(xp * xp, &square, poly);
        x3[j] = fx_requant(x2[j] * xp, &square, poly);
        w[j] = fx_requant(xp * p->c1_m, &c1, poly) + fx_requant(x3[j] * p->c3_m, &c3, poly);
    }
}

/* The composition into q (the output); counts[FX_ACT_NCOUNTS] as fx_activation's. */
static int composed(const fx_activation_t *p, int64_t *counts)
{
    const fx_requant_t to_exp = fx_requant_make(p->exp_in_drop, &p->exp_in);
    const fx_requant_t to_out = fx_requant_make(p->out_drop, &p->out);
    const fx_requant_t bypass = fx_requant_make(p->bypass_drop, &p->out);
    const int64_t one = (int64_t)1 << p->pwl.out_frac, gated = p->kind != FX_ACT_SIGMOID;
    fx_divgroup_t div = div_from_set(N);
    int64_t j, stats[FX_PWL_NSTATS];
    exp_argument(p, &counts[FX_ACT_POLY_OVERFLOW]);
    for (j = 0; j < N; ++j)
        z[j] = fx_requant(-w[j], &to_exp, &counts[FX_ACT_CLAMP]);
    if (fx_pwl_exp(&p->pwl, z, N, e, idx, prod, sum, stats) != FX_OK)
        return 1;
    counts[FX_ACT_LUT_READS] = stats[FX_PWL_LUT_READS];
    counts[FX_ACT_PWL_OVERFLOW] = stats[FX_PWL_OVERFLOW_OUTPUT];
    for (j = 0; j < N; ++j) {
        const int64_t off = idx[j] == -1 || idx[j] == p->pwl.segments;
        a[j] = !gated ? one : (off ? 0 : x[j] * ((int64_t)1 << p->num_shift));
        b[j] = (one + e[j]) * ((int64_t)1 << p->den_shift);
    }
    if (fx_divgroup_run(&div, a, b, q, membrane, latched, &counts[FX_ACT_SPIKES]) != FX_OK)
        return 1;
    for (j = 0; j < N; ++j) {
        q[j] = fx_requant(q[j], &to_out, &counts[FX_ACT_OUT_OVERFLOW]);
        if (gated && idx[j] == p->pwl.segments)         /* -w > L */
            q[j] = 0;
        if (gated && idx[j] == -1) {                    /* -w < -L: the quotient is x */
            q[j] = fx_requant(x[j], &bypass, &counts[FX_ACT_BYPASS_OVERFLOW]);
            ++counts[FX_ACT_BYPASSED];
        }
    }
    return 0;
}

int main(void)
{
    const fx_format_t poly = FXSIM_OP_POLY, exp_in = FXSIM_OP_EXP_IN, out = FXSIM_OP_OUT;
    int64_t counts[FX_ACT_NCOUNTS], counts2[FX_ACT_NCOUNTS] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    int64_t total_overflow;
    const int64_t no_input_overflow = 0;    /* raw inputs are not requantized */
    fx_activation_t p;
    int checked = 0;
    WIDEN(x, input, N);
    p.kind = FXSIM_OP_KIND;
    p.clip_raw = FXSIM_OP_CLIP_RAW;
    p.poly = poly;
    p.poly_in_drop = FXSIM_OP_POLY_IN_DROP;
    p.poly_frac = FXSIM_OP_POLY_FRAC;
    p.c1_m = FXSIM_OP_C1_M;
    p.c3_m = FXSIM_OP_C3_M;
    p.c1_shift = FXSIM_OP_C1_SHIFT;
    p.c3_shift = FXSIM_OP_C3_SHIFT;
    p.exp_in_drop = FXSIM_OP_EXP_IN_DROP;
    p.exp_in = exp_in;
    p.pwl = pwl_from_set();
    p.den_shift = FXSIM_OP_DEN_SHIFT;
    p.num_shift = FXSIM_OP_NUM_SHIFT;
    p.div = div_from_set(0);
    p.out_drop = FXSIM_OP_OUT_DROP;
    p.out = out;
    p.bypass_drop = FXSIM_OP_BYPASS_DROP;
    if (fx_activation(&p, x, N, y, counts, 1) != FX_OK || counts[FX_ACT_TOO_WIDE]
        || composed(&p, counts2)) {
        fprintf(stderr, "fx_activation or a primitive refused the configuration\n");
        return 1;
    }
    total_overflow = counts[FX_ACT_PWL_OVERFLOW] + counts[FX_ACT_OUT_OVERFLOW]
                     + counts[FX_ACT_POLY_OVERFLOW] + counts[FX_ACT_BYPASS_OVERFLOW];
    EXPECT("output", y, output, N);
    EXPECT("output (composed)", q, output, N);
    EXPECT("count_clamp_exp_input", counts + FX_ACT_CLAMP, count_clamp_exp_input, 1);
    EXPECT("count_pwl_exp_overflow_output", counts + FX_ACT_PWL_OVERFLOW,
           count_pwl_exp_overflow_output, 1);
    EXPECT("count_divgroup_overflow_q", counts + FX_ACT_OUT_OVERFLOW, count_divgroup_overflow_q,
           1);
    EXPECT("count_glue_overflow_input", &no_input_overflow, count_glue_overflow_input, 1);
#ifdef COUNT_GLUE_OVERFLOW_OUTPUT_LEN
    EXPECT("count_glue_overflow_output", counts + FX_ACT_BYPASS_OVERFLOW,
           count_glue_overflow_output, 1);
#endif
#ifdef COUNT_GLUE_OVERFLOW_POLY_LEN
    EXPECT("count_glue_overflow_poly", counts + FX_ACT_POLY_OVERFLOW, count_glue_overflow_poly, 1);
#endif
    EXPECT("count_overflow", &total_overflow, count_overflow, 1);
    EXPECT("counts (composed)", counts2, counts, FX_ACT_NCOUNTS);
#ifdef TRACE_EXP_INPUT_LEN
    EXPECT("trace_exp_input", z, trace_exp_input, N);
    EXPECT("trace_exp", e, trace_exp, N);
    EXPECT("trace_numerator", a, trace_numerator, N);
    EXPECT("trace_denominator", b, trace_denominator, N);
    EXPECT("trace_pwl_exp_index", idx, trace_pwl_exp_index, N);
    EXPECT("trace_pwl_exp_product", prod, trace_pwl_exp_product, N);
    EXPECT("trace_pwl_exp_sum", sum, trace_pwl_exp_sum, N);
    EXPECT("trace_divgroup_membrane", membrane, trace_divgroup_membrane, N);
    EXPECT("trace_divgroup_latched", latched, trace_divgroup_latched, N);
#endif
#ifdef TRACE_TWO_U_LEN
    EXPECT("trace_x2", x2, trace_x2, N);
    EXPECT("trace_x3", x3, trace_x3, N);
    EXPECT("trace_two_u", w, trace_two_u, N);
#endif
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}
