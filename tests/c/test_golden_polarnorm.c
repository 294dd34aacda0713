/*
 * test_golden_polarnorm.c -- a PolarNorm golden set (fxsim golden polarnorm) checked in pure C.
 *
 * Builds fx_polarnorm_t from the FXSIM_PN_* defines (golden_config.h) (d, leaves m, CORDIC n, guard bits, eps,
 * gain multiplier and shift, internal and output formats), runs fx_polarnorm on input
 * [rows][d] and compares `output`, the three overflow counters and, when traced, every word of
 * trace_sorted, trace_cordic_x, trace_cordic_y (x and y before and after every iteration of
 * every merge) and trace_merged. The merge_level table is the tree's fixed shape (not returned
 * by the kernel) and is not compared.
 */
#include <stdio.h>
#include "vectors.h"
#include "golden_config.h"

#define ROWS INPUT_DIM0
#define M FXSIM_PN_M
#define MERGES (M - 1)
#define ITER (FXSIM_PN_N + 1)

int main(void)
{
    static int64_t x[INPUT_LEN + 1], out[ROWS + 1], scratch[2 * M + 1], sorted[ROWS * M + 1];
    static int64_t cordic_x[ROWS * MERGES * ITER + 1], cordic_y[ROWS * MERGES * ITER + 1];
    static int64_t merged[ROWS * MERGES + 1];
    int64_t overflow[FX_PN_NVARS] = {0, 0, 0};
    const fx_polarnorm_t p = pn_from_set();
    int checked = 0;
    WIDEN(x, input, INPUT_LEN);
    if (INPUT_DIM1 != FXSIM_PN_D ||
        fx_polarnorm(&p, x, ROWS, out, overflow, scratch, sorted, cordic_x, cordic_y,
                     merged) != FX_OK) {
        fprintf(stderr, "fx_polarnorm refused the configuration\n");
        return 1;
    }
    EXPECT("output", out, output, ROWS);
    EXPECT("overflow_input", overflow + FX_PN_INPUT, overflow_input, 1);
    EXPECT("overflow_merge", overflow + FX_PN_MERGE, overflow_merge, 1);
    EXPECT("overflow_output", overflow + FX_PN_OUTPUT, overflow_output, 1);
#ifdef TRACE_SORTED_LEN
    EXPECT("trace_sorted", sorted, trace_sorted, TRACE_SORTED_LEN);
    EXPECT("trace_cordic_x", cordic_x, trace_cordic_x, TRACE_CORDIC_X_LEN);
    EXPECT("trace_cordic_y", cordic_y, trace_cordic_y, TRACE_CORDIC_Y_LEN);
    EXPECT("trace_merged", merged, trace_merged, TRACE_MERGED_LEN);
#endif
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}
