/* fx_ops.c -- fused operators: the primitive compositions of fxsim.ops.nlspike in one pass per
 * row, for speed. Each equals its composition bit for bit (tests/equivalence/test_fused_ops.py); the
 * per-element steps are the shared inline functions of fx_arith.h, fx_pwl_exp.h and
 * fx_divgroup.h. Rows are split over OpenMP threads; counts are integer sums, so results never
 * depend on the thread count. */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "fx_ops.h"

/* The per-call constants of fx_softmax, prepared once. */
typedef struct {
    fx_pwl_exp_plan_t pwl;
    fx_requant_t exp_in, out;      /* into the PWL-Exp input and the output format */
    int32_t in_clamp, out_clamp;   /* 1: that requantization is a clamp (see softmax_requant) */
    int32_t pwl_saturates;         /* 1: the PWL-Exp output format saturates (fx_saturates) */
    fx_quantizer_t in;             /* fx_softmax_floats only: the input quantization */
} softmax_plan_t;

/* fx_requant(x, r); clamp = 1 (a literal) declares a shift by 0 bits (the identity) into a
 * saturating format: a clamp. */
static inline int64_t softmax_requant(int64_t x, const fx_requant_t *r, int64_t *events,
                                      const int clamp)
{
    return clamp ? fx_fit_as(x, &r->range, events, 1) : fx_requant(x, r, events);
}

/* 1 when a requantization by drop bits into format f is a clamp (softmax_requant). */
static int softmax_is_clamp(int32_t drop, const fx_format_t *f)
{
    return drop == 0 && fx_saturates(f);
}

/* e_in[j] = the PWL-Exp input of x[j]: softmax_requant(x[j] - max + L) into exp_in, j < len. */
static inline void softmax_exp_inputs(const softmax_plan_t *plan, const int64_t *x,
                                      int64_t shift, int64_t len, int64_t *restrict e_in,
                                      int64_t *clamped, const int clamp)
{
    const fx_requant_t requant = plan->exp_in;
    int64_t j, events = 0;
    for (j = 0; j < len; ++j)              /* x - max + L <= L, exact */
        e_in[j] = softmax_requant(x[j] + shift, &requant, &events, clamp);
    *clamped += events;
}

/* y[j] = e_j / max(1, sum e) through the Division group (T = 1, e_j >= 0: the PWL-Exp output
 * format is unsigned), requantized into the output format; the row's latched neurons and
 * output overflows are added to *spikes and *overflows. */
static inline void softmax_divide(const fx_softmax_t *p, const softmax_plan_t *plan,
                                  int64_t total, int64_t *y, int64_t *spikes,
                                  int64_t *overflows, const int clamp)
{
    const int64_t d = p->d, group = p->div.group;
    const fx_requant_t requant = plan->out;
    int64_t j, scale, latched = 0, events = 0;
    const int64_t theta = fx_div_theta(total < 1 ? 1 : total, &p->div, &scale);
    const double inv = 1.0 / (double)theta;
    for (j = 0; j < d; ++j) {
        const int64_t v = y[j] * scale;
        const int64_t count = fx_div_count(v, theta, inv, group);
        const int64_t q = fx_div_signed(v, theta, count, group, 0);
        latched += count;
        y[j] = softmax_requant(q, &requant, &events, clamp);
    }
    *spikes += latched;
    *overflows += events;
}

/* e[j] = PWL-Exp of z[j], whose segment search gave seg[j]; seg[j] becomes the segment index
 * (-1 below -L, K above L), j < len; *overflow += the output overflows. Local copies of the LUT
 * and its plan keep the pointers in registers, so the loop vectorises; saturate as in
 * fx_pwl_exp_at (a literal). */
FX_SPECIALISED void pwl_exp_pass(const fx_pwl_exp_t *p, const fx_pwl_exp_plan_t *plan,
                                 const int64_t *restrict z, int64_t *restrict seg, int64_t len,
                                 int64_t *restrict e, int64_t *overflow, const int saturate)
{
    const fx_pwl_exp_t pwl = *p;
    const fx_pwl_exp_plan_t consts = *plan;
    int64_t j, events = 0;
    for (j = 0; j < len; ++j) {
        int64_t idx, product, sum;
        e[j] = fx_pwl_exp_at(&pwl, &consts, z[j], seg[j], &idx, &product, &sum, &events,
                             saturate);
        seg[j] = idx;
    }
    *overflow += events;
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
        if (plan->pwl_saturates)
            pwl_exp_pass(&pwl, &pwl_plan, e_in, seg, len, e, &pwl_overflow, 1);
        else
            pwl_exp_pass(&pwl, &pwl_plan, e_in, seg, len, e, &pwl_overflow, 0);
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

/* The plan of p; 0 for an invalid p (fx_softmax's FX_EINVAL conditions). */
static int softmax_plan(const fx_softmax_t *p, softmax_plan_t *plan)
{
    if (!p || p->d < 1 || !fx_pwl_exp_plan(&p->pwl, &plan->pwl) || p->pwl.out_format.is_signed
        || p->div.n < 0 || p->div.n > 62 || p->div.group < 1 || p->div.group > FX_DIV_MAX_GROUP
        || p->div.normalize_bit < 0 || p->div.normalize_bit > 61
        || p->exp_in_drop > 62 || p->out_drop > 62 || p->exp_in_drop < -62 || p->out_drop < -62)
        return 0;
    plan->exp_in = fx_requant_make(p->exp_in_drop, &p->exp_in);
    plan->out = fx_requant_make(p->out_drop, &p->out);
    plan->pwl_saturates = fx_saturates(&p->pwl.out_format);
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
        if (xf)
            fx_quantize_span(&plan->in, xf, r * d, d, yr, &events, &invalid);
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
    plan.in = fx_quantizer_make(x);
    softmax_rows(p, &plan, NULL, x, rows, y, counts, in_counts, threads);
    return FX_OK;
}

/* ==== activations and norms ==== */

#ifdef _OPENMP
#include <omp.h>
#endif

/* The Division group parameters every fused kernel accepts. */
static int div_valid(const fx_divgroup_t *div)
{
    return div->n >= 0 && div->n <= 62 && div->group >= 1 && div->group <= FX_DIV_MAX_GROUP
           && div->normalize_bit >= 0 && div->normalize_bit <= 61;
}

/* A denominator b > 0 of the group, prepared once: fx_div_theta, its reciprocal, k (the
 * normalising shift, <= 61) and 62 - k: m << k < 2^62 exactly when m >> (62 - k) is 0. */
typedef struct {
    int64_t b, theta, shift, headroom;
    double inv;
} divisor_t;

static inline divisor_t divisor_make(int64_t b, const fx_divgroup_t *div)
{
    const int64_t k = fx_div_shift(b, div);
    const int64_t theta = (int64_t)(((uint64_t)b << k) >> div->n);   /* fx_div_theta_at; a b
                                    too wide for k is defined here, flagged by divide_by */
    divisor_t s;
    s.b = b;
    s.theta = theta < 1 ? 1 : theta;                                     /* fx_div_theta_at */
    s.shift = k;
    s.headroom = 62 - k;
    s.inv = 1.0 / (double)s.theta;
    return s;
}

/* One division of the group with T = 1 (fx_divgroup_run for one element): the signed count of
 * a / s->b; *spikes += the latched neurons. *too_wide += 1 where the composition's 62-bit
 * check fails (max(|a|, b) << k >= 2^62, k the normalising shift); the quotient is then 0.
 * The shifted membrane is formed unsigned and masked, so a too-wide one is defined and
 * discarded. once (a literal): 1 for a divisor used by this division only, whose count is
 * estimated by one double division v / theta (s->inv unused); 0 multiplies by s->inv. */
FX_SPECIALISED int64_t divide_by(int64_t a, const divisor_t *s, int64_t group, int64_t *spikes,
                                 int64_t *too_wide, const int once)
{
    const int64_t mag = a < 0 ? -a : a;
    const int64_t wide = ((mag > s->b ? mag : s->b) >> s->headroom) != 0;
    const int64_t v = (int64_t)(((uint64_t)mag << s->shift) & ((uint64_t)wide - 1u));
    const double estimate = once ? (double)v / (double)s->theta : (double)v * s->inv;
    const int64_t count = fx_div_count_from(v, s->theta, estimate, group);
    *spikes += count;
    *too_wide += wide;
    return fx_div_signed(v, s->theta, count, group, a < 0);
}

/* The per-call constants of fx_activation, prepared once. */
typedef struct {
    fx_pwl_exp_plan_t pwl;
    fx_requant_t poly_in, square, c1, c3, exp_in, out, bypass;
    int64_t one;                         /* 2^f_o */
    int32_t saturate;                    /* 1: P, E_in, the PWL-Exp output and out saturate */
} activation_plan_t;

/* gelu_tanh's 2u = c1 xp + c3 xp^3 of one raw input; *events += the four overflows in P.
 * saturate: the plan's (a literal), as in every activation stage below. */
FX_SPECIALISED int64_t gelu_two_u(const fx_activation_t *p, const activation_plan_t *plan,
                                  int64_t x, int64_t *events, const int saturate)
{
    const int64_t xc = x < -p->clip_raw ? -p->clip_raw : (x > p->clip_raw ? p->clip_raw : x);
    int64_t uncounted = 0;
    const int64_t xp = fx_requant_as(xc, &plan->poly_in, &uncounted, saturate);
    const int64_t x2 = fx_requant_as(xp * xp, &plan->square, events, saturate);
    const int64_t x3 = fx_requant_as(x2 * xp, &plan->square, events, saturate);
    return fx_requant_as(xp * p->c1_m, &plan->c1, events, saturate)
           + fx_requant_as(x3 * p->c3_m, &plan->c3, events, saturate);
}

/* z[j] = clamp(-w) into E_in, w = 2u (gelu, a literal) or x[j], j < len. */
FX_SPECIALISED void activation_exp_inputs(const fx_activation_t *p,
                                          const activation_plan_t *plan,
                                          const int64_t *restrict x, int64_t len,
                                          int64_t *restrict z, int64_t *c, const int gelu,
                                          const int saturate)
{
    const fx_activation_t params = *p;       /* local copies: no aliasing with z, so the */
    const activation_plan_t consts = *plan;  /* loop vectorises */
    int64_t j, poly = 0, clamp = 0;
    for (j = 0; j < len; ++j) {
        const int64_t w = gelu ? gelu_two_u(&params, &consts, x[j], &poly, saturate) : x[j];
        z[j] = fx_requant_as(-w, &consts.exp_in, &clamp, saturate);
    }
    c[FX_ACT_POLY_OVERFLOW] += poly;
    c[FX_ACT_CLAMP] += clamp;
}

/* y[j] = the group's A / (1 + e[j]) requantized into the output, j < len, where seg[j] is the
 * PWL-Exp segment index of z[j] (-1 below -L, K above L); gated (silu / gelu_tanh, a literal)
 * gives 0 above L and x[j] itself (requantized) below -L. Branch-free (selects), so it
 * vectorises. */
FX_SPECIALISED void activation_divide(const fx_activation_t *p, const activation_plan_t *plan,
                                      const int64_t *restrict x, const int64_t *restrict seg,
                                      const int64_t *restrict e, int64_t len,
                                      int64_t *restrict y, int64_t *c, const int gated,
                                      const int saturate)
{
    const fx_divgroup_t div = p->div;
    const activation_plan_t consts = *plan;
    const int64_t segments = p->pwl.segments, group = div.group;
    const int64_t num_shift = p->num_shift, den_shift = p->den_shift;   /* 0..62 */
    int64_t j, lut_reads = 0, spikes = 0, too_wide = 0, out_overflow = 0, bypassed = 0;
    int64_t bypass_overflow = 0;
    for (j = 0; j < len; ++j) {
        const int64_t zero = gated & (seg[j] == segments);  /* -w > L: y = 0 */
        const int64_t bypass = gated & (seg[j] == -1);      /* -w < -L: e = 0, y = x */
        const int64_t a = !gated ? consts.one
                          : ((zero | bypass) ? 0 : (int64_t)((uint64_t)x[j] << num_shift));
        const divisor_t b = divisor_make((consts.one + e[j]) << den_shift, &div);
        const int64_t q = divide_by(a, &b, group, &spikes, &too_wide, 1);
        const int64_t out = fx_requant_as(q, &consts.out, &out_overflow, saturate);
        int64_t events = 0;
        const int64_t passed = fx_requant_as(x[j], &consts.bypass, &events, saturate);
        lut_reads += (seg[j] >= 0) & (seg[j] < segments);
        bypass_overflow += events & bypass;
        bypassed += bypass;
        y[j] = zero ? 0 : (bypass ? passed : out);
    }
    c[FX_ACT_LUT_READS] += lut_reads;
    c[FX_ACT_SPIKES] += spikes;
    c[FX_ACT_TOO_WIDE] += too_wide;
    c[FX_ACT_OUT_OVERFLOW] += out_overflow;
    c[FX_ACT_BYPASSED] += bypassed;
    c[FX_ACT_BYPASS_OVERFLOW] += bypass_overflow;
}

/* Up to FX_PWL_CHUNK elements in three branch-free passes (each vectorises): z = clamp(-w) into
 * E_in; e = PWL-Exp(z) with its segment; y = A / (1 + e) through the group (activation_divide).
 * The kind and saturate (1: every format of the plan saturates, so each overflow is a clamp)
 * are passed on as literals, so each case compiles to its own loops. */
FX_SPECIALISED void activation_chunk(const fx_activation_t *p, const activation_plan_t *plan,
                                     const int64_t *restrict x, int64_t *restrict y,
                                     int64_t len, int64_t *c, const int saturate)
{
    const fx_pwl_exp_t pwl = p->pwl;              /* local copies, as in softmax_row */
    const fx_pwl_exp_plan_t pwl_plan = plan->pwl;
    int64_t z[FX_PWL_CHUNK], seg[FX_PWL_CHUNK], e[FX_PWL_CHUNK];
    if (p->kind == FX_ACT_GELU_TANH)
        activation_exp_inputs(p, plan, x, len, z, c, 1, saturate);
    else
        activation_exp_inputs(p, plan, x, len, z, c, 0, saturate);
    fx_pwl_segments_plan(&pwl, &pwl_plan, z, len, seg);
    pwl_exp_pass(&pwl, &pwl_plan, z, seg, len, e, &c[FX_ACT_PWL_OVERFLOW], saturate);
    if (p->kind == FX_ACT_SIGMOID)
        activation_divide(p, plan, x, seg, e, len, y, c, 0, saturate);
    else
        activation_divide(p, plan, x, seg, e, len, y, c, 1, saturate);
}

/* The plan of p; 0 for an invalid p (fx_activation's FX_EINVAL conditions). */
static int activation_plan(const fx_activation_t *p, activation_plan_t *plan)
{
    if (!p || !fx_pwl_exp_plan(&p->pwl, &plan->pwl) || !div_valid(&p->div) || p->clip_raw < 0
        || p->kind < FX_ACT_SIGMOID || p->kind > FX_ACT_GELU_TANH || !FX_DROP_OK(p->poly_in_drop)
        || !FX_DROP_OK(p->poly_frac) || !FX_DROP_OK(p->c1_shift) || !FX_DROP_OK(p->c3_shift)
        || !FX_DROP_OK(p->exp_in_drop) || !FX_DROP_OK(p->out_drop)
        || !FX_DROP_OK(p->bypass_drop) || p->den_shift < 0 || p->den_shift > 62
        || p->num_shift < 0 || p->num_shift > 62 || p->pwl.out_frac < 0 || p->pwl.out_frac > 61)
        return 0;
    plan->poly_in = fx_requant_make(p->poly_in_drop, &p->poly);
    plan->square = fx_requant_make(p->poly_frac, &p->poly);
    plan->c1 = fx_requant_make(p->c1_shift, &p->poly);
    plan->c3 = fx_requant_make(p->c3_shift, &p->poly);
    plan->exp_in = fx_requant_make(p->exp_in_drop, &p->exp_in);
    plan->out = fx_requant_make(p->out_drop, &p->out);
    plan->bypass = fx_requant_make(p->bypass_drop, &p->out);
    plan->one = (int64_t)1 << p->pwl.out_frac;
    plan->saturate = fx_saturates(&p->poly) && fx_saturates(&p->exp_in)
                     && fx_saturates(&p->pwl.out_format) && fx_saturates(&p->out);
    return 1;
}

/* Chunks of FX_PWL_CHUNK elements over OpenMP threads: raw inputs (x) or float inputs (xf,
 * quantized chunk by chunk on the stack with q, so no int64 copy of the input is made). */
static void activation_run(const fx_activation_t *p, const activation_plan_t *plan,
                           const int64_t *x, const fx_float_rows_t *xf,
                           const fx_quantizer_t *q, int64_t n, int64_t *y, int64_t *counts,
                           int64_t *in_counts, int threads)
{
    int64_t chunk, chunks, k, events = 0, invalid = 0;
    int64_t c[FX_ACT_NCOUNTS] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    chunks = (n + FX_PWL_CHUNK - 1) / FX_PWL_CHUNK;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_ACT_NCOUNTS], events, invalid) if (threads > 1)
#endif
    for (chunk = 0; chunk < chunks; ++chunk) {
        const int64_t j0 = chunk * FX_PWL_CHUNK;
        const int64_t len = n - j0 < FX_PWL_CHUNK ? n - j0 : FX_PWL_CHUNK;
        int64_t xq[FX_PWL_CHUNK];
        const int64_t *in = xq;
        if (xf)
            fx_quantize_span(q, xf, j0, len, xq, &events, &invalid);
        else
            in = x + j0;
        if (plan->saturate)
            activation_chunk(p, plan, in, y + j0, len, c, 1);
        else
            activation_chunk(p, plan, in, y + j0, len, c, 0);
    }
    for (k = 0; k < FX_ACT_NCOUNTS; ++k)
        counts[k] = c[k];
    if (in_counts) {
        in_counts[FX_IN_OVERFLOW] = events;
        in_counts[FX_IN_INVALID] = invalid;
    }
}

int fx_activation(const fx_activation_t *p, const int64_t *x, int64_t n, int64_t *y,
                  int64_t *counts, int threads)
{
    activation_plan_t plan;
    if (!counts || n < 0 || (n > 0 && (!x || !y)) || !activation_plan(p, &plan))
        return FX_EINVAL;
    activation_run(p, &plan, x, NULL, NULL, n, y, counts, NULL, threads);
    return FX_OK;
}

int fx_activation_floats(const fx_activation_t *p, const fx_float_rows_t *x, int64_t n,
                         int64_t *y, int64_t *counts, int64_t *in_counts, int threads)
{
    activation_plan_t plan;
    fx_quantizer_t q;
    if (!counts || !in_counts || !fx_float_rows_valid(x) || n < 0 || (n > 0 && !y)
        || !activation_plan(p, &plan))
        return FX_EINVAL;
    q = fx_quantizer_make(x);
    activation_run(p, &plan, NULL, x, &q, n, y, counts, in_counts, threads);
    return FX_OK;
}

/* The per-call constants of fx_norm, prepared once. */
typedef struct {
    fx_rescale_t mean, num, sqrt_d;
    fx_requant_t q, out;
    int64_t den_scale;
    int32_t saturate;      /* 1: NI, the group's out format and out saturate (fx_fit_as) */
} norm_plan_t;

/* y[j] = q + bias[j] requantized (biased) or q, q = A / b through the group, where
 * A = RND(RND(xc w) sqrt(d)) (w = 1 unless weighted) and y holds xc on entry. Branch-free
 * (selects, and the overflow count masked), so the loop vectorises; the literal flags
 * (saturate: the plan's) specialise it. */
FX_SPECIALISED void norm_outputs(const fx_norm_t *p, const norm_plan_t *plan,
                                 const divisor_t *b, int64_t *restrict y, int64_t *c,
                                 const int weighted, const int biased, const int saturate)
{
    const norm_plan_t consts = *plan;      /* local copies: no aliasing with y */
    const divisor_t den = *b;
    const int64_t *restrict weight = p->weight, *restrict bias = p->bias;
    const int64_t d = p->d, sqrt_d_m = p->sqrt_d_m, group = p->div.group;
    const int64_t use_bias = biased != 0;
    int64_t j, spikes = 0, too_wide = 0, q_overflow = 0, out_overflow = 0;
    for (j = 0; j < d; ++j) {
        const int64_t a0 = fx_rescale(weighted ? y[j] * weight[j] : y[j], &consts.num);
        const int64_t a = fx_rescale(a0 * sqrt_d_m, &consts.sqrt_d);
        const int64_t q = fx_requant_as(divide_by(a, &den, group, &spikes, &too_wide, 0),
                                        &consts.q, &q_overflow, saturate);
        int64_t events = 0;
        const int64_t shifted = fx_requant_as(q + (biased ? bias[j] : 0), &consts.out, &events,
                                              saturate);
        out_overflow += events & use_bias;
        y[j] = biased ? shifted : q;
    }
    c[FX_NORM_SPIKES] += spikes;
    c[FX_NORM_TOO_WIDE] += too_wide;
    c[FX_NORM_Q_OVERFLOW] += q_overflow;
    c[FX_NORM_OUT_OVERFLOW] += out_overflow;
}

/* The row exponent of u[d] (docs/algorithms.md 7.3.1): e = max(bit_length(max |u|) - top_bits,
 * exp_lo), or 0 without it. */
static int32_t row_exponent_of(const fx_norm_t *p, const int64_t *u)
{
    int64_t j, top = 0;
    int32_t e;
    if (!p->row_exponent)
        return 0;
    for (j = 0; j < p->d; ++j)
        top |= u[j] < 0 ? -u[j] : u[j];     /* same bit length as max |u| */
    e = (int32_t)fx_bit_length(top) - p->top_bits;
    return e > p->exp_lo ? e : p->exp_lo;
}

/* One row: u = x, x - mean or d x - sum x, its exponent e, xc = RND(u 2^-e), v = u 2^-e in
 * NI, N = PolarNorm(v) with the eps element of e, then per element A = RND(RND(xc w)
 * sqrt(d)), q = A / max(N, 1) through the group, y = q (+ bias) (norm_outputs; saturate: the
 * plan's, a literal). scratch[3 d + 2] holds v, the tree and the sort's buffer; y holds u,
 * then xc. */
FX_SPECIALISED void norm_row(const fx_norm_t *p, const norm_plan_t *plan,
                             const int64_t *restrict x, int64_t *restrict y,
                             int64_t *restrict scratch, int64_t *c, const int saturate)
{
    const int64_t d = p->d;
    int64_t j, total = 0, mean = 0, norm, in_overflow = 0;
    int32_t e;
    fx_requant_t norm_in;
    fx_rescale_t to_xc;
    fx_polarnorm_t pn = p->pn;
    divisor_t b;
    if (p->center != FX_CENTER_NONE)
        for (j = 0; j < d; ++j)
            total += x[j];
    if (p->center == FX_CENTER_MEAN)
        mean = fx_rescale(total * p->inv_d_m, &plan->mean);
    for (j = 0; j < d; ++j)
        y[j] = p->center == FX_CENTER_EXACT ? x[j] * d - total : x[j] - mean;
    e = row_exponent_of(p, y);
    norm_in = fx_requant_make(p->norm_in_drop + e, &p->norm_in);
    to_xc = fx_rescale_make(e, FX_RND);
    for (j = 0; j < d; ++j) {
        scratch[j] = fx_requant_as(y[j], &norm_in, &in_overflow, saturate);
        y[j] = fx_rescale(y[j], &to_xc);
    }
    c[FX_NORM_IN_OVERFLOW] += in_overflow;
    if (p->row_exponent && pn.has_eps)
        pn.eps_raw = p->eps_leaves[e - p->exp_lo];
    norm = fx_polarnorm_row(&pn, scratch, scratch + d, scratch + 2 * d + 1,
                            &c[FX_NORM_PN_INPUT], 0, 0, 0, 0);
    b = divisor_make((norm < 1 ? 1 : norm) * plan->den_scale, &p->div);
    if (p->weight && p->bias)
        norm_outputs(p, plan, &b, y, c, 1, 1, saturate);
    else if (p->weight)
        norm_outputs(p, plan, &b, y, c, 1, 0, saturate);
    else if (p->bias)
        norm_outputs(p, plan, &b, y, c, 0, 1, saturate);
    else
        norm_outputs(p, plan, &b, y, c, 0, 0, saturate);
}

/* The plan of p; 0 for an invalid p (fx_norm's FX_EINVAL conditions). */
static int norm_plan(const fx_norm_t *p, norm_plan_t *plan)
{
    if (!p || p->d < 1 || p->pn.d != p->d || !fx_polarnorm_valid(&p->pn) || !div_valid(&p->div)
        || !FX_DROP_OK(p->inv_d_shift) || !FX_DROP_OK(p->norm_in_drop)
        || !FX_DROP_OK(p->num_drop) || !FX_DROP_OK(p->sqrt_d_shift) || !FX_DROP_OK(p->q_drop)
        || !FX_DROP_OK(p->out_drop) || p->den_shift < 0 || p->den_shift > 62
        || p->center < FX_CENTER_NONE || p->center > FX_CENTER_EXACT
        || (p->row_exponent && (!FX_DROP_OK(p->exp_lo) || p->top_bits < 1
                                || p->top_bits > FX_INTERMEDIATE_BITS
                                || (p->pn.has_eps && (!p->eps_leaves || p->n_eps_leaves < 1)))))
        return 0;
    plan->mean = fx_rescale_make(p->inv_d_shift, FX_RND);
    plan->num = fx_rescale_make(p->num_drop, FX_RND);
    plan->sqrt_d = fx_rescale_make(p->sqrt_d_shift, FX_RND);
    plan->q = fx_requant_make(p->q_drop, &p->q_format);
    plan->out = fx_requant_make(p->out_drop, &p->out);
    plan->den_scale = (int64_t)1 << p->den_shift;
    plan->saturate = fx_saturates(&p->norm_in) && fx_saturates(&p->q_format)
                     && fx_saturates(&p->out);
    return 1;
}

/* Rows over OpenMP threads, each thread with its scratch row of `stride` values: raw rows (x)
 * or float rows (xf, each quantized with q into the scratch's last d values first). */
static void norm_rows(const fx_norm_t *p, const norm_plan_t *plan, const int64_t *x,
                      const fx_float_rows_t *xf, const fx_quantizer_t *q, int64_t rows,
                      int64_t *y, int64_t *counts, int64_t *in_counts, int64_t *scratch,
                      int64_t stride, int threads)
{
    const int64_t d = p->d;
    int64_t r, events = 0, invalid = 0, c[FX_NORM_NCOUNTS] = {0, 0, 0, 0, 0, 0, 0, 0};
    (void)threads;
    (void)stride;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_NORM_NCOUNTS], events, invalid) if (threads > 1)
#endif
    for (r = 0; r < rows; ++r) {
#ifdef _OPENMP
        int64_t *own = scratch + (int64_t)omp_get_thread_num() * stride;
#else
        int64_t *own = scratch;
#endif
        const int64_t *in = own + 3 * d + 2;
        if (xf)
            fx_quantize_span(q, xf, r * d, d, own + 3 * d + 2, &events, &invalid);
        else
            in = x + r * d;
        if (plan->saturate)
            norm_row(p, plan, in, y + r * d, own, c, 1);
        else
            norm_row(p, plan, in, y + r * d, own, c, 0);
    }
    for (r = 0; r < FX_NORM_NCOUNTS; ++r)
        counts[r] = c[r];
    if (in_counts) {
        in_counts[FX_IN_OVERFLOW] = events;
        in_counts[FX_IN_INVALID] = invalid;
    }
}

int fx_norm(const fx_norm_t *p, const int64_t *x, int64_t rows, int64_t *y, int64_t *counts,
            int64_t *scratch, int threads)
{
    norm_plan_t plan;
    if (!counts || !scratch || rows < 0 || (rows > 0 && (!x || !y)) || !norm_plan(p, &plan))
        return FX_EINVAL;
    norm_rows(p, &plan, x, NULL, NULL, rows, y, counts, NULL, scratch, 3 * p->d + 2, threads);
    return FX_OK;
}

int fx_norm_floats(const fx_norm_t *p, const fx_float_rows_t *x, int64_t rows, int64_t *y,
                   int64_t *counts, int64_t *in_counts, int64_t *scratch, int threads)
{
    norm_plan_t plan;
    fx_quantizer_t q;
    if (!counts || !in_counts || !scratch || !fx_float_rows_valid(x) || rows < 0
        || (rows > 0 && !y) || !norm_plan(p, &plan))
        return FX_EINVAL;
    q = fx_quantizer_make(x);
    norm_rows(p, &plan, NULL, x, &q, rows, y, counts, in_counts, scratch, 4 * p->d + 2,
              threads);
    return FX_OK;
}
