/* fx_ops.c -- fused operators: the primitive compositions of fxsim.ops.nlspike in one pass per
 * row, for speed. Each equals its composition bit for bit (tests/test_fused_ops.py); the
 * per-element steps are the shared inline functions of fxsim.h. Rows are split over OpenMP
 * threads; counts are integer sums, so results never depend on the thread count. */
#include <stddef.h>
#include "fxsim.h"

/* The per-call constants of fx_softmax, prepared once. */
typedef struct {
    fx_pwl_exp_plan_t pwl;
    fx_shr_t in_shr, out_shr;      /* drops clamped at 0 ... */
    int64_t in_widen, out_widen;   /* ... and 2^-drop for a negative drop (else 1) */
    fx_range_t in_range, out_range;
} softmax_plan_t;

/* One row of the softmax, in chunks of FX_PWL_CHUNK: e_j = PWL-Exp(clamp(x_j - max + L)),
 * then e_j / max(1, sum e) through the Division group (T = 1), requantized into the output
 * format. y holds e_j in between. */
static void softmax_row(const fx_softmax_t *p, const softmax_plan_t *plan,
                        const int64_t *restrict x, int64_t *restrict y, int64_t *counts)
{
    const int64_t d = p->d, group = p->div.group, L_raw = p->L_raw;
    const int64_t in_widen = plan->in_widen, out_widen = plan->out_widen;
    const fx_shr_t in_shr = plan->in_shr, out_shr = plan->out_shr;
    const fx_range_t in_range = plan->in_range, out_range = plan->out_range;
    const fx_pwl_exp_plan_t pwl_plan = plan->pwl;
    int64_t e_in[FX_PWL_CHUNK], seg[FX_PWL_CHUNK];
    int64_t j0, j, row_max = x[0], total = 0, theta, scale;
    int64_t clamped = 0, lut_reads = 0, pwl_overflow = 0, spikes = 0, out_overflow = 0;
    double inv;
    for (j = 1; j < d; ++j)
        row_max = x[j] > row_max ? x[j] : row_max;
    for (j0 = 0; j0 < d; j0 += FX_PWL_CHUNK) {
        const int64_t len = d - j0 < FX_PWL_CHUNK ? d - j0 : FX_PWL_CHUNK;
        for (j = 0; j < len; ++j) {
            const int64_t s = x[j0 + j] - row_max + L_raw;             /* <= L, exact */
            e_in[j] = fx_fit(fx_shr(s, &in_shr) * in_widen, &in_range, &clamped);
        }
        fx_pwl_segments(p->pwl.knots, (int64_t)p->pwl.segments - 1, pwl_plan.top_step, e_in,
                        len, seg);
        for (j = 0; j < len; ++j) {
            int64_t idx, product, sum;
            const int64_t e = fx_pwl_exp_at(&p->pwl, &pwl_plan, e_in[j], seg[j], &idx, &product,
                                            &sum, &pwl_overflow);
            lut_reads += (idx >= 0) & (idx < p->pwl.segments);
            total += e;
            y[j0 + j] = e;
        }
    }
    theta = fx_div_theta(total < 1 ? 1 : total, &p->div, &scale);
    inv = 1.0 / (double)theta;
    for (j = 0; j < d; ++j) {
        const int64_t v = (y[j] < 0 ? -y[j] : y[j]) * scale;
        const int64_t count = fx_div_count(v, theta, inv, group);
        const int64_t q = fx_div_signed(v, theta, count, group, y[j] < 0);
        spikes += count;
        y[j] = fx_fit(fx_shr(q, &out_shr) * out_widen, &out_range, &out_overflow);
    }
    counts[FX_SM_CLAMP] += clamped;
    counts[FX_SM_LUT_READS] += lut_reads;
    counts[FX_SM_PWL_OVERFLOW] += pwl_overflow;
    counts[FX_SM_SPIKES] += spikes;
    counts[FX_SM_OUT_OVERFLOW] += out_overflow;
}

int fx_softmax(const fx_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
               int64_t *counts, int threads)
{
    softmax_plan_t plan;
    int64_t r, c[FX_SM_NCOUNTS] = {0, 0, 0, 0, 0};
    if (!p || !counts || p->d < 1 || rows < 0 || (rows > 0 && (!x || !y))
        || !fx_pwl_exp_plan(&p->pwl, &plan.pwl) || p->div.n < 0 || p->div.n > 62
        || p->div.group < 1 || p->div.group > FX_DIV_MAX_GROUP || p->div.normalize_bit < 0
        || p->div.normalize_bit > 61
        || p->exp_in_drop > 62 || p->out_drop > 62 || p->exp_in_drop < -62 || p->out_drop < -62)
        return FX_EINVAL;
    plan.in_shr = fx_shr_make(p->exp_in_drop < 0 ? 0 : p->exp_in_drop, p->exp_in.rounding);
    plan.out_shr = fx_shr_make(p->out_drop < 0 ? 0 : p->out_drop, p->out.rounding);
    plan.in_widen = p->exp_in_drop < 0 ? (int64_t)1 << -p->exp_in_drop : 1;
    plan.out_widen = p->out_drop < 0 ? (int64_t)1 << -p->out_drop : 1;
    plan.in_range = fx_range_make(&p->exp_in);
    plan.out_range = fx_range_make(&p->out);
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_SM_NCOUNTS]) if (threads > 1)
#endif
    for (r = 0; r < rows; ++r)
        softmax_row(p, &plan, x + r * p->d, y + r * p->d, c);
    for (r = 0; r < FX_SM_NCOUNTS; ++r)
        counts[r] = c[r];
    return FX_OK;
}
