/* fx_pwl_exp.c -- PWL-Exp (P1): exp on [-L, L] from K linear segments read from a LUT.
 * The numpy definition is fxsim/backends/reference/pwl_exp.py; docs/algorithms.md section 5. */
#include <stddef.h>
#include "fxsim.h"

/* Number of interior knots strictly below x (lower bound; torch.bucketize right=False). */
static int64_t segment_index(const int64_t *knots, int64_t n_knots, int64_t x)
{
    int64_t lo = 0, hi = n_knots;      /* answer in [lo, hi] */
    while (lo < hi) {
        const int64_t mid = lo + (hi - lo) / 2;
        if (knots[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int fx_pwl_exp(const fx_pwl_exp_t *p, const int64_t *x, int64_t n, int64_t *y, int64_t *index,
               int64_t *product, int64_t *sum, int64_t *stats)
{
    fx_range_t range;
    fx_shr_t shr;
    int32_t drop;
    int64_t widen, b_scale, j, inside = 0, events = 0;
    if (p == NULL || x == NULL || y == NULL || stats == NULL || p->segments < 1
        || p->intercept_shift < 0 || p->intercept_shift > 62 || p->sum_frac - p->out_frac < -62)
        return FX_EINVAL;
    range = fx_range_make(&p->out_format);
    drop = p->sum_frac - p->out_frac;                       /* bits dropped by the output */
    shr = fx_shr_make(drop > 62 ? 62 : (drop < 0 ? 0 : drop), p->out_format.rounding);
    widen = drop < 0 ? ((int64_t)1 << -drop) : 1;
    b_scale = (int64_t)1 << p->intercept_shift;
    for (j = 0; j < n; ++j) {
        const int64_t xj = x[j];
        int64_t idx, prod = 0, total = 0, out;
        if (xj < p->x_lo) {                     /* x < -L: 0 */
            idx = -1;
            out = 0;
        } else if (xj > p->x_hi) {              /* x > L: e^L */
            idx = p->segments;
            out = p->upper;
        } else {
            idx = segment_index(p->knots, (int64_t)p->segments - 1, xj);
            prod = p->slope[idx] * xj;                        /* one LUT read, one multiply */
            total = prod + p->intercept[idx] * b_scale;       /* aligned intercept, one add */
            if (drop > 62)                      /* |total| / 2^drop < 1/2: sign rounds alike */
                out = fx_shr((total > 0) - (total < 0), &shr);
            else if (drop >= 0)
                out = fx_shr(total, &shr);
            else
                out = total * widen;            /* multiply: << of a negative is undefined */
            out = fx_fit(out, &range, &events);
            ++inside;
        }
        y[j] = out;
        if (index)
            index[j] = idx;
        if (product)
            product[j] = prod;
        if (sum)
            sum[j] = total;
    }
    stats[FX_PWL_LUT_READS] = inside;
    stats[FX_PWL_MULTIPLIES] = inside;
    stats[FX_PWL_ADDS] = inside;
    stats[FX_PWL_OVERFLOW_OUTPUT] = events;
    return FX_OK;
}
