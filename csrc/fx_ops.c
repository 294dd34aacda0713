/* fx_ops.c -- fused operators: the primitive compositions of fxsim.ops.nlspike in one pass per
 * row, for speed. Each equals its composition bit for bit (tests/test_fused_ops.py); the
 * per-element steps are the shared inline functions of fxsim.h. Rows are split over OpenMP
 * threads; counts are integer sums, so results never depend on the thread count. */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "fxsim.h"

/* The per-call constants of fx_softmax, prepared once. */
typedef struct {
    fx_pwl_exp_plan_t pwl;
    fx_shr_t in_shr, out_shr;      /* drops clamped at 0 ... */
    int64_t in_widen, out_widen;   /* ... and 2^-drop for a negative drop (else 1) */
    fx_range_t in_range, out_range;
    int32_t in_clamp, out_clamp;   /* 1: that requantization is a clamp (see softmax_requant) */
    /* fx_softmax_floats only: the input quantization */
    double in_scale;               /* 2^frac */
    unsigned in_rules;             /* fx_rounding_rules of the input format */
    fx_range_t raw_range;          /* the input format */
    int32_t in_saturates;          /* 1: its overflow is a clamp (softmax_fit) */
} softmax_plan_t;

/* fx_fit(x, range); saturate = 1 declares a SAT or SAT_SYM format, where that is exactly a
 * clamp into [lo, hi]. Callers pass saturate as a literal, so each case compiles to its own
 * (vectorised) loop. */
static inline int64_t softmax_fit(int64_t x, const fx_range_t *range, int64_t *events,
                                  const int saturate)
{
    if (saturate) {
        const int64_t below = x < range->lo, above = x > range->hi;
        *events += below | above;
        return below ? range->lo : (above ? range->hi : x);
    }
    return fx_fit(x, range, events);
}

/* fx_fit(fx_shr(x, shr) * widen, range); clamp = 1 (a literal) declares a shift by 0 bits (the
 * identity: nothing is dropped, widen = 1) into a saturating format: a clamp. */
static inline int64_t softmax_requant(int64_t x, const fx_shr_t *shr, int64_t widen,
                                      const fx_range_t *range, int64_t *events, const int clamp)
{
    return clamp ? softmax_fit(x, range, events, 1)
                 : fx_fit(fx_shr(x, shr) * widen, range, events);
}

/* 1 for a format whose overflow rule is a clamp (softmax_fit). */
static int softmax_saturates(const fx_format_t *f)
{
    return f->overflow == FX_SAT || f->overflow == FX_SAT_SYM;
}

/* 1 when a requantization by drop bits into format f is a clamp (softmax_requant). */
static int softmax_is_clamp(int32_t drop, const fx_format_t *f)
{
    return drop == 0 && softmax_saturates(f);
}

/* e_in[j] = the PWL-Exp input of x[j]: softmax_requant(x[j] - max + L) into exp_in, j < len. */
static inline void softmax_exp_inputs(const softmax_plan_t *plan, const int64_t *x,
                                      int64_t shift, int64_t len, int64_t *restrict e_in,
                                      int64_t *clamped, const int clamp)
{
    const fx_shr_t shr = plan->in_shr;
    const fx_range_t range = plan->in_range;
    const int64_t widen = plan->in_widen;
    int64_t j, events = 0;
    for (j = 0; j < len; ++j)              /* x - max + L <= L, exact */
        e_in[j] = softmax_requant(x[j] + shift, &shr, widen, &range, &events, clamp);
    *clamped += events;
}

/* y[j] = e_j / max(1, sum e) through the Division group (T = 1, e_j >= 0: the PWL-Exp output
 * format is unsigned), requantized into the output format; the row's latched neurons and
 * output overflows are added to *spikes and *overflows. */
static inline void softmax_divide(const fx_softmax_t *p, const softmax_plan_t *plan,
                                  int64_t total, int64_t *y, int64_t *spikes,
                                  int64_t *overflows, const int clamp)
{
    const int64_t d = p->d, group = p->div.group, widen = plan->out_widen;
    const fx_shr_t shr = plan->out_shr;
    const fx_range_t range = plan->out_range;
    int64_t j, scale, latched = 0, events = 0;
    const int64_t theta = fx_div_theta(total < 1 ? 1 : total, &p->div, &scale);
    const double inv = 1.0 / (double)theta;
    for (j = 0; j < d; ++j) {
        const int64_t v = y[j] * scale;
        const int64_t count = fx_div_count(v, theta, inv, group);
        const int64_t q = fx_div_signed(v, theta, count, group, 0);
        latched += count;
        y[j] = softmax_requant(q, &shr, widen, &range, &events, clamp);
    }
    *spikes += latched;
    *overflows += events;
}

/* One row of the softmax: e_j = PWL-Exp(clamp(x_j - max + L)) chunk by chunk (FX_PWL_CHUNK),
 * then softmax_divide. y holds e_j in between; x may be y itself (each element is read before
 * it is written). Every loop is branch-free so that it vectorises; the two requantizations are
 * specialised by the plan (clamp passed as a literal). */
static void softmax_row(const fx_softmax_t *p, const softmax_plan_t *plan, const int64_t *x,
                        int64_t *y, int64_t *counts)
{
    const int64_t d = p->d, x_lo = p->pwl.x_lo, x_hi = p->pwl.x_hi;
    const fx_pwl_exp_t pwl = p->pwl;              /* a local copy: its LUT pointers stay in */
    const fx_pwl_exp_plan_t pwl_plan = plan->pwl; /* registers, so the loops vectorise */
    int64_t e_in[FX_PWL_CHUNK], seg[FX_PWL_CHUNK], e[FX_PWL_CHUNK];
    int64_t j0, j, row_max = x[0], total = 0;
    int64_t clamped = 0, lut_reads = 0, pwl_overflow = 0;
    for (j = 1; j < d; ++j)
        row_max = x[j] > row_max ? x[j] : row_max;
    for (j0 = 0; j0 < d; j0 += FX_PWL_CHUNK) {
        const int64_t len = d - j0 < FX_PWL_CHUNK ? d - j0 : FX_PWL_CHUNK;
        if (plan->in_clamp)
            softmax_exp_inputs(plan, x + j0, p->L_raw - row_max, len, e_in, &clamped, 1);
        else
            softmax_exp_inputs(plan, x + j0, p->L_raw - row_max, len, e_in, &clamped, 0);
        fx_pwl_segments_plan(&pwl, &pwl_plan, e_in, len, seg);
        for (j = 0; j < len; ++j) {
            int64_t idx, product, sum;
            e[j] = fx_pwl_exp_at(&pwl, &pwl_plan, e_in[j], seg[j], &idx, &product, &sum,
                                 &pwl_overflow);
        }
        for (j = 0; j < len; ++j) {       /* a LUT read exactly for the inputs inside [-L, L] */
            lut_reads += (e_in[j] >= x_lo) & (e_in[j] <= x_hi);
            total += e[j];
            y[j0 + j] = e[j];
        }
    }
    if (plan->out_clamp)
        softmax_divide(p, plan, total, y, &counts[FX_SM_SPIKES], &counts[FX_SM_OUT_OVERFLOW], 1);
    else
        softmax_divide(p, plan, total, y, &counts[FX_SM_SPIKES], &counts[FX_SM_OUT_OVERFLOW], 0);
    counts[FX_SM_CLAMP] += clamped;
    counts[FX_SM_LUT_READS] += lut_reads;
    counts[FX_SM_PWL_OVERFLOW] += pwl_overflow;
}

/* product when |product| < 2^62, else 0.0 with *invalid += 1 (also NaN and +-inf), decided on
 * the biased exponent (< 1023 + 62) so that the loop vectorises. */
static inline double valid_product(double product, int64_t *invalid)
{
    uint64_t bits;
    int64_t ok;
    memcpy(&bits, &product, sizeof bits);
    ok = ((bits >> 52) & 0x7ff) < 1023 + 62;
    *invalid += 1 - ok;
    bits &= (uint64_t)0 - (uint64_t)ok;
    memcpy(&product, &bits, sizeof bits);
    return product;
}

/* raw[j] = fx_quantize's value of x[j] (x * 2^frac rounded, then the input format's overflow,
 * events += 1 each); an invalid x adds 1 to *invalid and gives a meaningless raw. One loop
 * per input type (the float -> double conversion is exact); saturate as in softmax_fit. */
static inline void quantize_row(const softmax_plan_t *plan, const fx_float_rows_t *x,
                                int64_t offset, int64_t d, int64_t *restrict raw,
                                int64_t *events, int64_t *invalid, const int saturate)
{
    const double scale = plan->in_scale;
    const unsigned rules = plan->in_rules;
    const fx_range_t range = plan->raw_range;
    int64_t j, ev = 0, bad = 0;
    if (x->f64) {
        const double *restrict xr = x->f64 + offset;
        for (j = 0; j < d; ++j)
            raw[j] = softmax_fit(fx_round_scaled(xr[j], valid_product(xr[j] * scale, &bad),
                                                 rules), &range, &ev, saturate);
    } else {
        const float *restrict xr = x->f32 + offset;
        for (j = 0; j < d; ++j)
            raw[j] = softmax_fit(fx_round_scaled((double)xr[j],
                                                 valid_product((double)xr[j] * scale, &bad),
                                                 rules), &range, &ev, saturate);
    }
    *events += ev;
    *invalid += bad;
}

/* The plan of p; 0 for an invalid p (fx_softmax's FX_EINVAL conditions). */
static int softmax_plan(const fx_softmax_t *p, softmax_plan_t *plan)
{
    if (!p || p->d < 1 || !fx_pwl_exp_plan(&p->pwl, &plan->pwl) || p->pwl.out_format.is_signed
        || p->div.n < 0 || p->div.n > 62 || p->div.group < 1 || p->div.group > FX_DIV_MAX_GROUP
        || p->div.normalize_bit < 0 || p->div.normalize_bit > 61
        || p->exp_in_drop > 62 || p->out_drop > 62 || p->exp_in_drop < -62 || p->out_drop < -62)
        return 0;
    plan->in_shr = fx_shr_make(p->exp_in_drop < 0 ? 0 : p->exp_in_drop, p->exp_in.rounding);
    plan->out_shr = fx_shr_make(p->out_drop < 0 ? 0 : p->out_drop, p->out.rounding);
    plan->in_widen = p->exp_in_drop < 0 ? (int64_t)1 << -p->exp_in_drop : 1;
    plan->out_widen = p->out_drop < 0 ? (int64_t)1 << -p->out_drop : 1;
    plan->in_range = fx_range_make(&p->exp_in);
    plan->out_range = fx_range_make(&p->out);
    plan->in_clamp = softmax_is_clamp(p->exp_in_drop, &p->exp_in);
    plan->out_clamp = softmax_is_clamp(p->out_drop, &p->out);
    return 1;
}

/* Rows over OpenMP threads: raw rows (x) or float rows (xf, quantized into y first). */
static void softmax_rows(const fx_softmax_t *p, const softmax_plan_t *plan, const int64_t *x,
                         const fx_float_rows_t *xf, int64_t rows, int64_t *y, int64_t *counts,
                         int64_t *in_counts, int threads)
{
    const int64_t d = p->d;
    int64_t r, c[FX_SM_NCOUNTS] = {0, 0, 0, 0, 0}, events = 0, invalid = 0;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_SM_NCOUNTS], events, invalid) if (threads > 1)
#endif
    for (r = 0; r < rows; ++r) {
        int64_t *yr = y + r * d;
        if (xf && plan->in_saturates)
            quantize_row(plan, xf, r * d, d, yr, &events, &invalid, 1);
        else if (xf)
            quantize_row(plan, xf, r * d, d, yr, &events, &invalid, 0);
        softmax_row(p, plan, xf ? yr : x + r * d, yr, c);
    }
    for (r = 0; r < FX_SM_NCOUNTS; ++r)
        counts[r] = c[r];
    if (in_counts) {
        in_counts[FX_IN_OVERFLOW] = events;
        in_counts[FX_IN_INVALID] = invalid;
    }
}

int fx_softmax(const fx_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
               int64_t *counts, int threads)
{
    softmax_plan_t plan;
    if (!counts || rows < 0 || (rows > 0 && (!x || !y)) || !softmax_plan(p, &plan))
        return FX_EINVAL;
    softmax_rows(p, &plan, x, NULL, rows, y, counts, NULL, threads);
    return FX_OK;
}

int fx_softmax_floats(const fx_softmax_t *p, const fx_float_rows_t *x, int64_t rows, int64_t *y,
                      int64_t *counts, int64_t *in_counts, int threads)
{
    softmax_plan_t plan;
    if (!counts || !in_counts || !x || rows < 0 || (!x->f64 == !x->f32)
        || (rows > 0 && !y) || x->frac < -1022 || x->frac > 1023 || !softmax_plan(p, &plan))
        return FX_EINVAL;
    plan.in_scale = ldexp(1.0, x->frac);
    plan.in_rules = fx_rounding_rules(x->format.rounding);
    plan.raw_range = fx_range_make(&x->format);
    plan.in_saturates = softmax_saturates(&x->format);
    softmax_rows(p, &plan, NULL, x, rows, y, counts, in_counts, threads);
    return FX_OK;
}
