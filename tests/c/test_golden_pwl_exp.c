/*
 * test_golden_pwl_exp.c -- a PWL-Exp golden set (fxsim golden pwl_exp) checked in pure C.
 *
 * Builds fx_pwl_exp_t from the FXSIM_PWL_* defines and the knots / slope / intercept arrays of
 * vectors.h (golden_config.h), runs fx_pwl_exp on `input` and compares `output`, `overflow_output` and, when the
 * set is traced, every word of trace_index / trace_product / trace_sum. Exit 0 when all match.
 */
#include <stdio.h>
#include "golden_check.h"
#include "vectors.h"
#include "golden_config.h"

#define N INPUT_LEN

int main(void)
{
    /* +1: a K = 1 table has no interior knots, and C has no zero-length arrays */
    static int64_t x[N + 1], knots64[KNOTS_LEN + 1], slope64[SLOPE_LEN + 1];
    static int64_t intercept64[INTERCEPT_LEN + 1], y[N + 1], index[N + 1], product[N + 1];
    static int64_t sum[N + 1], stats[FX_PWL_NSTATS];
    fx_pwl_exp_t p;
    int checked = 0;
    WIDEN(x, input, N);
    WIDEN(knots64, knots, KNOTS_LEN);
    WIDEN(slope64, slope, SLOPE_LEN);
    WIDEN(intercept64, intercept, INTERCEPT_LEN);
    p = pwl_from_tables(knots64, slope64, intercept64);
    if (fx_pwl_exp(&p, x, N, y, index, product, sum, stats) != FX_OK) {
        fprintf(stderr, "fx_pwl_exp refused the configuration\n");
        return 1;
    }
    EXPECT("output", y, output, N);
    EXPECT("overflow_output", stats + FX_PWL_OVERFLOW_OUTPUT, overflow_output, 1);
#ifdef TRACE_INDEX_LEN
    EXPECT("trace_index", index, trace_index, N);
    EXPECT("trace_product", product, trace_product, N);
    EXPECT("trace_sum", sum, trace_sum, N);
#endif
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}
