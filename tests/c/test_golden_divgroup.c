/*
 * test_golden_divgroup.c -- a Division Neuron Group golden set (fxsim golden divgroup) checked
 * in pure C.
 *
 * Builds fx_divgroup_t from the FXSIM_DIV_* defines, runs fx_divgroup_run on numerator [T][m]
 * and denominator [m], requantizes the signed count (n fractional bits) into the output format
 * with fx_requantize (drop FXSIM_DIV_OUT_DROP bits), and compares `quotient`, `overflow_q` and,
 * when traced, every word of trace_membrane and trace_latched. The `shift` and `theta` tables
 * are derived inside the kernel, which does not return them, so they are not compared here.
 */
#include <stdio.h>
#include "fx_divgroup.h"
#include "golden_check.h"
#include "vectors.h"

#define M DENOMINATOR_LEN

int main(void)
{
    static int64_t a[NUMERATOR_LEN + 1], b[M + 1], count[M + 1], q[M + 1];
    static int64_t membrane[NUMERATOR_LEN + 1], latched[NUMERATOR_LEN + 1];
    const fx_format_t out_format = FXSIM_DIV_OUT_FORMAT;
    int64_t spikes = 0, events[1];
    fx_divgroup_t cfg;
    int checked = 0;
    WIDEN(a, numerator, NUMERATOR_LEN);
    WIDEN(b, denominator, M);
    cfg.m = M;
    cfg.steps = FXSIM_DIV_STEPS;
    cfg.n = FXSIM_DIV_N;
    cfg.group = FXSIM_DIV_GROUP;
    cfg.normalize = FXSIM_DIV_NORMALIZE;
    cfg.normalize_bit = FXSIM_DIV_NORMALIZE_BIT;
    if (NUMERATOR_DIM0 != FXSIM_DIV_STEPS ||
        fx_divgroup_run(&cfg, a, b, count, membrane, latched, &spikes) != FX_OK) {
        fprintf(stderr, "fx_divgroup_run refused the configuration\n");
        return 1;
    }
    events[0] = fx_requantize(count, q, M, FXSIM_DIV_OUT_DROP, &out_format);
    EXPECT("quotient", q, quotient, M);
    EXPECT("overflow_q", events, overflow_q, 1);
#ifdef TRACE_MEMBRANE_LEN
    EXPECT("trace_membrane", membrane, trace_membrane, TRACE_MEMBRANE_LEN);
    EXPECT("trace_latched", latched, trace_latched, TRACE_LATCHED_LEN);
#endif
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}
