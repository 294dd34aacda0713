/*
 * test_golden_softmax.c -- an nlspike softmax golden set (fxsim golden softmax) checked in pure C.
 *
 * Two C paths over the set's input [rows][d]: (1) the fused kernel fx_softmax, configured from
 * FXSIM_OP_* (the fx_softmax_t fields), FXSIM_PWL_* with the pwl_exp_* tables and FXSIM_DIV_*,
 * gives `output` and every counter; (2) the primitives one by one (docs/algorithms.md 7.1:
 * clamp(x - max + L) into the PWL-Exp input, fx_pwl_exp, the row sum, fx_divgroup_run, the
 * output requantization) give `output` again and, when traced, every word of trace_shifted,
 * trace_exp, trace_sum, trace_pwl_exp_* and trace_divgroup_*.
 */
#include <stdio.h>
#include "fx_ops.h"
#include "vectors.h"
#include "golden_config.h"

#ifndef FXSIM_OP_L_RAW
#error "this set has no fused softmax plan (FXSIM_OP_*): regenerate it with format 1.3.0"
#endif

#define ROWS INPUT_DIM0
#define D INPUT_DIM1
#define N INPUT_LEN

static int64_t x[N], y[N], e_in[N], e[N], idx[N], prod[N], sum[N], a[N], b[N], q[N];
static int64_t membrane[N], latched[N], total[ROWS];
/* The composition: fills e_in, e, idx/prod/sum, total, a/b, membrane/latched and q (the
 * output); counts[FX_SM_NCOUNTS] as fx_softmax's. */
static int composed(const fx_softmax_t *p, int64_t *counts)
{
    const fx_requant_t to_exp = fx_requant_make(p->exp_in_drop, &p->exp_in);
    const fx_requant_t to_out = fx_requant_make(p->out_drop, &p->out);
    fx_divgroup_t div = div_from_set(N);
    int64_t r, j, stats[FX_PWL_NSTATS], spikes = 0;
    for (r = 0; r < ROWS; ++r) {
        int64_t top = x[r * D];
        for (j = 1; j < D; ++j)
            top = x[r * D + j] > top ? x[r * D + j] : top;
        for (j = 0; j < D; ++j)
            e_in[r * D + j] = fx_requant(x[r * D + j] - top + p->L_raw, &to_exp,
                                         &counts[FX_SM_CLAMP]);
    }
    if (fx_pwl_exp(&p->pwl, e_in, N, e, idx, prod, sum, stats) != FX_OK)
        return 1;
    counts[FX_SM_LUT_READS] = stats[FX_PWL_LUT_READS];
    counts[FX_SM_PWL_OVERFLOW] = stats[FX_PWL_OVERFLOW_OUTPUT];
    for (r = 0; r < ROWS; ++r) {
        total[r] = 0;
        for (j = 0; j < D; ++j)
            total[r] += e[r * D + j];
        for (j = 0; j < D; ++j) {
            a[r * D + j] = e[r * D + j];
            b[r * D + j] = total[r] < 1 ? 1 : total[r];
        }
    }
    if (fx_divgroup_run(&div, a, b, q, membrane, latched, &spikes) != FX_OK)
        return 1;
    counts[FX_SM_SPIKES] = spikes;
    for (j = 0; j < N; ++j)
        q[j] = fx_requant(q[j], &to_out, &counts[FX_SM_OUT_OVERFLOW]);
    return 0;
}

int main(void)
{
    const fx_format_t exp_in = FXSIM_OP_EXP_IN, out = FXSIM_OP_OUT;
    int64_t counts[FX_SM_NCOUNTS], counts2[FX_SM_NCOUNTS] = {0, 0, 0, 0, 0}, total_overflow;
    const int64_t no_input_overflow = 0;    /* raw inputs are not requantized */
    fx_softmax_t p;
    int checked = 0;
    WIDEN(x, input, N);
    p.d = FXSIM_OP_D;
    p.L_raw = FXSIM_OP_L_RAW;
    p.exp_in_drop = FXSIM_OP_EXP_IN_DROP;
    p.exp_in = exp_in;
    p.pwl = pwl_from_set();
    p.div = div_from_set(0);
    p.out_drop = FXSIM_OP_OUT_DROP;
    p.out = out;
    if (D != FXSIM_OP_D || fx_softmax(&p, x, ROWS, y, counts, 1) != FX_OK
        || composed(&p, counts2)) {
        fprintf(stderr, "fx_softmax or a primitive refused the configuration\n");
        return 1;
    }
    total_overflow = counts[FX_SM_PWL_OVERFLOW] + counts[FX_SM_OUT_OVERFLOW];
    EXPECT("output", y, output, N);
    EXPECT("output (composed)", q, output, N);
    EXPECT("count_clamp_exp_input", counts + FX_SM_CLAMP, count_clamp_exp_input, 1);
    EXPECT("count_pwl_exp_overflow_output", counts + FX_SM_PWL_OVERFLOW,
           count_pwl_exp_overflow_output, 1);
    EXPECT("count_divgroup_overflow_q", counts + FX_SM_OUT_OVERFLOW, count_divgroup_overflow_q, 1);
    EXPECT("count_glue_overflow_input", &no_input_overflow, count_glue_overflow_input, 1);
    EXPECT("count_overflow", &total_overflow, count_overflow, 1);
    EXPECT("counts (composed)", counts2, counts, FX_SM_NCOUNTS);
#ifdef TRACE_SHIFTED_LEN
    EXPECT("trace_shifted", e_in, trace_shifted, N);
    EXPECT("trace_exp", e, trace_exp, N);
    EXPECT("trace_sum", total, trace_sum, ROWS);
    EXPECT("trace_pwl_exp_index", idx, trace_pwl_exp_index, N);
    EXPECT("trace_pwl_exp_product", prod, trace_pwl_exp_product, N);
    EXPECT("trace_pwl_exp_sum", sum, trace_pwl_exp_sum, N);
    EXPECT("trace_divgroup_membrane", membrane, trace_divgroup_membrane, N);
    EXPECT("trace_divgroup_latched", latched, trace_divgroup_latched, N);
#endif
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}
