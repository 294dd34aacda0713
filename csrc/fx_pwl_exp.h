/*
 * fx_pwl_exp.h -- PWL-Exp (fx_pwl_exp.c): exp on [-L, L] from K linear segments read from a
 * LUT. The segment search on a uniform grid uses the Division group's floor (fx_div_count).
 */
#ifndef FX_PWL_EXP_H
#define FX_PWL_EXP_H

#include "fx_arith.h"
#include "fx_divgroup.h"

/* ==== PWL-Exp (fx_pwl_exp.c; docs/algorithms.md section 5) ==== */

/* The LUT and constants of one PWL-Exp configuration (fxsim.primitives.pwl_exp.build_lut). */
typedef struct {
    int32_t segments;           /* K >= 1 */
    const int64_t *knots;       /* [K-1] interior knots, raw in the input format, ascending */
    const int64_t *slope;       /* [K] a_i raw (frac_a) */
    const int64_t *intercept;   /* [K] b_i raw (frac_b) */
    int64_t x_lo, x_hi;         /* raw bounds of the inputs inside [-L, L] */
    int64_t upper;              /* e^L raw in the output format (returned for x > L) */
    int32_t intercept_shift;    /* frac_a + frac_x - frac_b, 0..62: b is aligned by << this */
    int32_t sum_frac;           /* frac_a + frac_x: frac bits of a * x + aligned b */
    int32_t out_frac;           /* output frac bits */
    fx_format_t out_format;     /* output rounding and overflow */
} fx_pwl_exp_t;

/* The per-call constants of one PWL-Exp configuration, prepared once (fx_pwl_exp_plan). */
typedef struct {
    fx_range_t range;      /* output format */
    fx_rescale_t rescale;  /* the output rounding by sum_frac - out_frac bits (< 0 widens) */
    int64_t top_step;      /* largest power of two <= K - 1 (0 for K = 1) */
    int32_t uniform;       /* 1: knots[i] = knots[0] + i * knot_step exactly, K * knot_step < 2^52 */
    int64_t knot_step;     /* g >= 1 when uniform */
    double knot_inv;       /* 1.0 / g when uniform */
} fx_pwl_exp_plan_t;

/* Fills plan->uniform, knot_step, knot_inv: uniform = 1 when the K - 1 >= 1 interior knots step
 * by one integer g >= 1 with |knots[0]| < 2^61 and K * g < 2^52 (fx_pwl_segments_plan then
 * divides instead of searching). */
static inline void fx_pwl_grid(const fx_pwl_exp_t *p, fx_pwl_exp_plan_t *plan)
{
    const int64_t n_knots = (int64_t)p->segments - 1, limit = (int64_t)1 << 52;
    int64_t i, g = n_knots >= 2 ? p->knots[1] - p->knots[0] : 1;
    int uniform = n_knots >= 1 && p->knots[0] < ((int64_t)1 << 61)
                  && p->knots[0] > -((int64_t)1 << 61) && g >= 1 && g < limit
                  && (int64_t)p->segments <= limit / g;
    for (i = 1; uniform && i < n_knots; ++i)
        uniform = p->knots[i] - p->knots[i - 1] == g;   /* knots < 2^62 apart: no overflow */
    plan->uniform = uniform;
    plan->knot_step = uniform ? g : 1;
    plan->knot_inv = 1.0 / (double)plan->knot_step;
}

/* 1 and the plan for a valid p; 0 for K < 1, an intercept shift outside 0..62 or an output
 * widening of more than 62 bits. */
static inline int fx_pwl_exp_plan(const fx_pwl_exp_t *p, fx_pwl_exp_plan_t *plan)
{
    if (p->segments < 1 || p->intercept_shift < 0 || p->intercept_shift > 62
        || p->sum_frac - p->out_frac < -62)
        return 0;
    plan->range = fx_range_make(&p->out_format);
    plan->rescale = fx_rescale_make(p->sum_frac - p->out_frac, p->out_format.rounding);
    plan->top_step = p->segments > 1 ? 1 : 0;
    while (plan->top_step && plan->top_step * 2 <= (int64_t)p->segments - 1)
        plan->top_step *= 2;
    fx_pwl_grid(p, plan);
    return 1;
}

/* Elements per chunk in the chunked PWL-Exp loops (stack scratch of the segment indices). */
#define FX_PWL_CHUNK 256

/* idx[j] = number of interior knots strictly below x[j] (lower bound; torch.bucketize
 * right=False) for j < n <= FX_PWL_CHUNK, by binary lifting over the whole chunk: top_step is
 * the largest power of two <= n_knots (0 when there is none), and idx only grows by steps that
 * keep knots[idx + step - 1] < x. Fixed trip counts and no branches, so the inner loop
 * vectorises (gathers). */
static inline void fx_pwl_segments(const int64_t *restrict knots, int64_t n_knots,
                                   int64_t top_step, const int64_t *restrict x, int64_t n,
                                   int64_t *restrict idx)
{
    int64_t j, step;
    for (j = 0; j < n; ++j)
        idx[j] = 0;
    for (step = top_step; step > 0; step >>= 1)
        for (j = 0; j < n; ++j) {
            const int64_t next = idx[j] + step;
            const int64_t fits = next <= n_knots;
            const int64_t probe = fits ? next : n_knots;          /* >= 1 */
            idx[j] += (fits & (knots[probe - 1] < x[j])) ? step : 0;
        }
}

/* fx_pwl_segments (the count of interior knots strictly below x[j], j < n <= FX_PWL_CHUNK)
 * through the plan: on a uniform grid knots[i] = k0 + i g (i < K - 1) that count is
 * #{i : k0 + i g < x} = clamp(ceil((x - k0) / g), 0, K - 1) = min(K - 1, floor(D / g)) with
 * D = clamp(x - k0, 0, (K - 1) g) + g - 1 < K g < 2^52: fx_div_count's floor (one double
 * multiply, one exact integer correction; K - 1 <= 2^16 is within its group bound). Any other
 * knots: the binary search. */
static inline void fx_pwl_segments_plan(const fx_pwl_exp_t *p, const fx_pwl_exp_plan_t *plan,
                                        const int64_t *restrict x, int64_t n,
                                        int64_t *restrict idx)
{
    const int64_t n_knots = (int64_t)p->segments - 1;
    int64_t j;
    if (!plan->uniform) {
        fx_pwl_segments(p->knots, n_knots, plan->top_step, x, n, idx);
        return;
    }
    {
        const int64_t k0 = p->knots[0], g = plan->knot_step, span = n_knots * g;
        const double inv = plan->knot_inv;
        for (j = 0; j < n; ++j) {
            const int64_t offset = x[j] - k0;              /* |x|, |k0| < 2^62 */
            const int64_t clamped = offset < 0 ? 0 : (offset > span ? span : offset);
            idx[j] = fx_div_count(clamped + g - 1, g, inv, n_knots);
        }
    }
}


/* exp(x) of one raw input whose segment search gave seg (0..K-1): returns the raw output;
 * *index the segment (-1 below -L, K above L), *product a * x and *sum a * x + aligned b (0
 * outside [-L, L]); *events += 1 when the output requantization of an inside value overflows.
 * Branch-free: outside [-L, L] the arithmetic runs on x clamped to [x_lo, x_hi] (where seg is
 * 0 or K - 1, so every product stays in its checked range) and is then discarded. saturate
 * (a literal): 1 declares a saturating output format (fx_fit_as). */
FX_SPECIALISED int64_t fx_pwl_exp_at(const fx_pwl_exp_t *p, const fx_pwl_exp_plan_t *plan,
                                     int64_t x, int64_t seg, int64_t *index, int64_t *product,
                                     int64_t *sum, int64_t *events, const int saturate)
{
    const int64_t below = x < p->x_lo, above = x > p->x_hi, outside = below | above;
    const int64_t xc = below ? p->x_lo : (above ? p->x_hi : x);
    const int64_t prod = p->slope[seg] * xc;                       /* one LUT read, one multiply */
    const int64_t total = prod + (int64_t)((uint64_t)p->intercept[seg] << p->intercept_shift);
                                                /* aligned intercept (a shift), one add */
    int64_t overflowed = 0;
    const int64_t out = fx_fit_as(fx_rescale(total, &plan->rescale), &plan->range, &overflowed,
                                  saturate);
    *events += overflowed & (1 - outside);
    *index = below ? -1 : (above ? p->segments : seg);
    *product = outside ? 0 : prod;
    *sum = outside ? 0 : total;
    return below ? 0 : (above ? p->upper : out);
}

/* Slots of the stats array. */
enum { FX_PWL_LUT_READS = 0, FX_PWL_MULTIPLIES = 1, FX_PWL_ADDS = 2, FX_PWL_OVERFLOW_OUTPUT = 3,
       FX_PWL_NSTATS = 4 };

/* Given: p (the LUT and constants), x[n] raw inputs in the input format.
 * Returned: y[n] raw outputs; index[n] segment (-1 for x < -L, K for x > L), product[n] a * x and
 *        sum[n] a * x + aligned b (0 outside [-L, L]); index, product and sum may be NULL (not
 *        recorded); stats[FX_PWL_NSTATS] (overwritten): LUT reads, multiplies, adds (one each
 *        per element inside [-L, L]) and output overflow events.
 * Status: FX_OK, or FX_EINVAL for K < 1, an intercept shift outside 0..62, an output widening of
 *        more than 62 bits, or a NULL x, y or stats.
 * Assumptions not checked: knots ascending; every |a * x|, |b << shift|, |a * x + b << shift| and
 *        the widened sum stay below 2^62 for x in [x_lo, x_hi] (build_lut checks this). */
int fx_pwl_exp(const fx_pwl_exp_t *p, const int64_t *x, int64_t n, int64_t *y, int64_t *index,
               int64_t *product, int64_t *sum, int64_t *stats);

#endif /* FX_PWL_EXP_H */
