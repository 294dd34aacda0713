/* fx_pwl_exp.c -- PWL-Exp (P1): exp on [-L, L] from K linear segments read from a LUT.
 * The numpy definition is fxsim/backends/reference/pwl_exp.py; docs/algorithms.md section 5. */
#include <stddef.h>
#include "fx_pwl_exp.h"

int fx_pwl_exp(const fx_pwl_exp_t *p, const int64_t *x, int64_t n, int64_t *y, int64_t *index,
               int64_t *product, int64_t *sum, int64_t *stats)
{
    fx_pwl_exp_plan_t plan;
    int64_t seg[FX_PWL_CHUNK];
    int64_t j0, j, inside = 0, events = 0;
    if (p == NULL || x == NULL || y == NULL || stats == NULL || !fx_pwl_exp_plan(p, &plan))
        return FX_EINVAL;
    for (j0 = 0; j0 < n; j0 += FX_PWL_CHUNK) {
        const int64_t len = n - j0 < FX_PWL_CHUNK ? n - j0 : FX_PWL_CHUNK;
        fx_pwl_segments_plan(p, &plan, x + j0, len, seg);
        for (j = 0; j < len; ++j) {
            int64_t idx, prod, total;
            y[j0 + j] = fx_pwl_exp_at(p, &plan, x[j0 + j], seg[j], &idx, &prod, &total, &events,
                                      0);
            inside += idx >= 0 && idx < p->segments;
            if (index)
                index[j0 + j] = idx;
            if (product)
                product[j0 + j] = prod;
            if (sum)
                sum[j0 + j] = total;
        }
    }
    stats[FX_PWL_LUT_READS] = inside;
    stats[FX_PWL_MULTIPLIES] = inside;
    stats[FX_PWL_ADDS] = inside;
    stats[FX_PWL_OVERFLOW_OUTPUT] = events;
    return FX_OK;
}
