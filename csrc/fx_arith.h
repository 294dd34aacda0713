/*
 * fx_arith.h -- fixed-point arithmetic: the scalar static inline core every kernel uses
 * (rounding shifts, overflow fits, requantization, float quantization, bit length) and the
 * array kernels of fx_arith.c.
 */
#ifndef FX_ARITH_H
#define FX_ARITH_H

#include <math.h>
#include <string.h>
#include "fx_types.h"

/* ---- scalar arithmetic (static inline: the one definition every kernel uses) ----
 * Written branch-free (selects on 0/1 values) so loops over neurons vectorise; the
 * per-call constants of a shift and of a format are computed once (fx_shr_make,
 * fx_range_make) outside the loops. */

/* floor(x / 2^k) for 0 <= k <= 62, without right-shifting a negative value. */
static inline int64_t fx_floor_shift(int64_t x, int k)
{
    return x >= 0 ? (x >> k) : ~((~x) >> k);
}

/* Which conditions add one to the floor, per rounding mode (bit flags). */
enum {
    FX_UP_ABOVE = 1,        /* dropped part > 1/2 */
    FX_UP_TIE = 2,          /* dropped part == 1/2 */
    FX_UP_TIE_NEG = 4,      /* tie and x < 0 */
    FX_UP_TIE_POS = 8,      /* tie and x >= 0 */
    FX_UP_TIE_ODD = 16,     /* tie and the floor is odd */
    FX_UP_INEXACT_NEG = 32  /* any dropped bit and x < 0 */
};

static inline unsigned fx_rounding_rules(int rounding)
{
    switch (rounding) {
    case FX_TRN_ZERO:    return FX_UP_INEXACT_NEG;
    case FX_RND:         return FX_UP_ABOVE | FX_UP_TIE;
    case FX_RND_ZERO:    return FX_UP_ABOVE | FX_UP_TIE_NEG;
    case FX_RND_INF:     return FX_UP_ABOVE | FX_UP_TIE_POS;
    case FX_RND_MIN_INF: return FX_UP_ABOVE;
    case FX_RND_CONV:    return FX_UP_ABOVE | FX_UP_TIE_ODD;
    default:             return 0;  /* FX_TRN */
    }
}

/* 1 if the rounding `rules` add one to the floor; every other argument is 0 or 1. */
static inline int64_t fx_round_up(unsigned rules, int64_t inexact, int64_t above, int64_t tie,
                                  int64_t negative, int64_t floor_odd)
{
    const int64_t on_tie = ((rules >> 1) & 1) | (negative & (rules >> 2) & 1)
                           | ((1 - negative) & (rules >> 3) & 1) | (floor_odd & (rules >> 4) & 1);
    return (above & (rules & 1)) | (tie & on_tie) | (inexact & negative & (rules >> 5) & 1);
}

/* A right shift by k (0..62) with its rounding, prepared once: every mode is
 * floor((x + c) / 2^k) for an offset c = base + (x < 0 ? neg_add : 0) + (odd_add & floor(x / 2^k))
 * (h = 2^(k-1); all three are 0 when k = 0, where nothing is dropped):
 *   TRN        c = 0                 TRN_ZERO    c = x < 0 ? 2^k - 1 : 0   (ceil for x < 0)
 *   RND        c = h                 RND_MIN_INF c = h - 1                 (a tie goes down)
 *   RND_ZERO   c = h - 1 + (x < 0)   RND_INF     c = h - (x < 0)
 *   RND_CONV   c = h - 1 + (floor(x / 2^k) & 1)   (a tie goes up exactly from an odd floor)
 * With a dropped part r (0 <= r < 2^k), r + c reaches 2^k exactly when the mode rounds up, and
 * |x + c| < 2^63 for |x| < 2^62. k > 62: |x| / 2^k < 1/2 is never a tie, so TRN gives -1 for
 * x < 0 and every other mode 0: that is k = 62 with c = 0 (TRN) or c = x < 0 ? 2^62 - 1 : 0. */
typedef struct {
    int32_t k;
    int64_t base, neg_add, odd_add;
} fx_shr_t;

/* The shift by k >= 0 bits with `rounding`. */
static inline fx_shr_t fx_shr_make(int k, int rounding)
{
    const int64_t h = k > 0 && k <= 62 ? (int64_t)1 << (k - 1) : 0, below = h > 0 ? h - 1 : 0;
    fx_shr_t s;
    s.k = k > 62 ? 62 : k;
    s.base = 0;
    s.neg_add = k > 62 && rounding != FX_TRN ? ((int64_t)1 << 62) - 1 : 0;
    s.odd_add = 0;
    switch (k > 0 && k <= 62 ? rounding : FX_TRN) {
    case FX_TRN_ZERO:    s.neg_add = ((int64_t)1 << k) - 1; break;
    case FX_RND:         s.base = h; break;
    case FX_RND_MIN_INF: s.base = below; break;
    case FX_RND_ZERO:    s.base = below; s.neg_add = 1; break;
    case FX_RND_INF:     s.base = h; s.neg_add = -1; break;
    case FX_RND_CONV:    s.base = below; s.odd_add = 1; break;
    default:             break;      /* FX_TRN */
    }
    return s;
}

/* x / 2^k rounded, |x| < 2^62. */
static inline int64_t fx_shr(int64_t x, const fx_shr_t *s)
{
    const int64_t c = s->base + (s->neg_add & -(int64_t)(x < 0))
                      + (s->odd_add & fx_floor_shift(x, s->k));
    return fx_floor_shift(x + c, s->k);
}

/* x / 2^k rounded by `rounding`, for any k >= 0 and |x| < 2^62. */
static inline int64_t fx_shift_right(int64_t x, int k, int rounding)
{
    const fx_shr_t s = fx_shr_make(k < 0 ? 0 : k, rounding);
    return fx_shr(x, &s);
}

/* 1 for a format whose overflow is a clamp into its range (SAT, SAT_SYM). */
static inline int fx_saturates(const fx_format_t *fmt)
{
    return fmt->overflow == FX_SAT || fmt->overflow == FX_SAT_SYM;
}

/* A format's range and overflow rule, prepared once. */
typedef struct {
    int64_t lo, hi;        /* representable range ([-hi, hi] for signed SAT_SYM) */
    int64_t wrap_base;     /* -2^(W-1) signed, 0 unsigned */
    uint64_t wrap_mask;    /* 2^W - 1 */
    int64_t use_wrap;      /* 1 for WRAP */
    int64_t use_sat;       /* 1 for SAT and SAT_SYM; both 0: SAT_ZERO */
} fx_range_t;

static inline fx_range_t fx_range_make(const fx_format_t *fmt)
{
    fx_range_t r;
    r.hi = fmt->is_signed ? ((int64_t)1 << (fmt->width - 1)) - 1 : ((int64_t)1 << fmt->width) - 1;
    r.lo = !fmt->is_signed ? 0 : (fmt->overflow == FX_SAT_SYM ? -r.hi : -r.hi - 1);
    r.wrap_base = fmt->is_signed ? -((int64_t)1 << (fmt->width - 1)) : 0;
    r.wrap_mask = (UINT64_C(1) << fmt->width) - 1u;
    r.use_wrap = fmt->overflow == FX_WRAP;
    r.use_sat = fx_saturates(fmt);
    return r;
}

/* Bring x into the range by its overflow rule; *events += 1 if x was out of range. */
static inline int64_t fx_fit(int64_t x, const fx_range_t *r, int64_t *events)
{
    const int64_t below = x < r->lo, above = x > r->hi;
    const int64_t wrapped = (int64_t)(((uint64_t)x - (uint64_t)r->wrap_base) & r->wrap_mask)
                            + r->wrap_base;
    const int64_t saturated = below ? r->lo : r->hi;
    *events += below | above;
    return (below | above) ? ((wrapped & -r->use_wrap) | (saturated & -r->use_sat)) : x;
}

/* fx_fit(x, range); saturate = 1 declares the range of a format that saturates
 * (fx_saturates), where fx_fit is exactly a clamp into [lo, hi]. Callers pass saturate as a
 * literal, so each case compiles to its own (vectorised) loop. */
static inline int64_t fx_fit_as(int64_t x, const fx_range_t *range, int64_t *events,
                                const int saturate)
{
    if (saturate) {
        const int64_t below = x < range->lo, above = x > range->hi;
        *events += below | above;
        return below ? range->lo : (above ? range->hi : x);
    }
    return fx_fit(x, range, events);
}

/* A rounding shift by drop bits (drop < 0: an exact widening by 2^-drop, drop >= -62),
 * prepared once. */
typedef struct {
    fx_shr_t shr;        /* by max(drop, 0) bits */
    int32_t widen_bits;  /* max(-drop, 0) */
} fx_rescale_t;

static inline fx_rescale_t fx_rescale_make(int32_t drop, int32_t rounding)
{
    fx_rescale_t s;
    s.shr = fx_shr_make(drop < 0 ? 0 : drop, rounding);
    s.widen_bits = drop < 0 ? -drop : 0;
    return s;
}

/* x / 2^drop rounded (or x * 2^-drop), |x| < 2^62 and the widened value too. The widening is a
 * shift of the unsigned bits (a left shift of a negative value is undefined in C99); the
 * result is below 2^62 in magnitude, so converting back keeps it. */
static inline int64_t fx_rescale(int64_t x, const fx_rescale_t *s)
{
    return (int64_t)((uint64_t)fx_shr(x, &s->shr) << s->widen_bits);
}

/* requantize(x, f_in, F) of one value (the element step of fx_requantize and the fused
 * kernels): the rescale by f_in - F.frac with F's rounding, then F's overflow. */
typedef struct {
    fx_rescale_t scale;
    fx_range_t range;
} fx_requant_t;

static inline fx_requant_t fx_requant_make(int32_t drop, const fx_format_t *fmt)
{
    fx_requant_t r;
    r.scale = fx_rescale_make(drop, fmt->rounding);
    r.range = fx_range_make(fmt);
    return r;
}

/* fx_requant with saturate as in fx_fit_as (a literal). */
static inline int64_t fx_requant_as(int64_t x, const fx_requant_t *r, int64_t *events,
                                    const int saturate)
{
    return fx_fit_as(fx_rescale(x, &r->scale), &r->range, events, saturate);
}

static inline int64_t fx_requant(int64_t x, const fx_requant_t *r, int64_t *events)
{
    return fx_requant_as(x, r, events, 0);
}

/* fx_fit for a format given directly (array kernels; not for hot loops). */
static inline int64_t fx_overflow(int64_t x, const fx_format_t *fmt, int64_t *events)
{
    const fx_range_t r = fx_range_make(fmt);
    return fx_fit(x, &r, events);
}

/* round(product) by the rounding `rules` (fx_rounding_rules), where product = x * 2^frac is
 * finite with |product| < 2^62. An underflow to 0 hides a non-zero |x * 2^frac| < 2^-1074,
 * which rounds like +-1/4 in every mode. The floor is the truncation, one lower for a negative
 * non-integer: exact, since |scaled| >= 2^52 is an integer (so (double)trunc == scaled) and below
 * that every integer is a double (floor() itself does not vectorise here). The tie test compares
 * with the midpoint, not scaled - floor (which rounds for tiny negative values): an inexact value
 * has |scaled| < 2^52, where floor + 0.5 is exact. fx_quantize_floats' element step. */
static inline int64_t fx_round_scaled(double x, double product, unsigned rules)
{
    const int64_t underflow = (product == 0.0) & (x != 0.0);
    const double scaled = underflow ? copysign(0.25, x) : product;
    const int64_t truncated = (int64_t)scaled;
    const int64_t base = truncated - ((double)truncated > scaled);
    const double floor_value = (double)base;
    const int64_t inexact = scaled != floor_value;
    const double half = floor_value + 0.5;
    return base + fx_round_up(rules, inexact, inexact & (scaled > half),
                              inexact & (scaled == half), scaled < 0, base & 1);
}

/* Float values to quantize: exactly one of f64, f32 is non-NULL (float -> double is exact). */
typedef struct {
    const double *f64;
    const float *f32;
    int32_t frac;          /* frac bits of the format, -1022..1023 */
    fx_format_t format;    /* its rounding and overflow */
} fx_float_rows_t;

/* 1 for float inputs the *_floats kernels accept: exactly one array, frac -1022..1023. */
static inline int fx_float_rows_valid(const fx_float_rows_t *x)
{
    return x && !x->f64 != !x->f32 && x->frac >= -1022 && x->frac <= 1023;
}

/* x's quantization, prepared once: fx_quantize_span. */
typedef struct {
    double scale;          /* 2^frac */
    unsigned rules;        /* fx_rounding_rules of the format */
    fx_range_t range;
    int32_t saturates;     /* 1: the overflow rule is a clamp (SAT, SAT_SYM) */
} fx_quantizer_t;

static inline fx_quantizer_t fx_quantizer_make(const fx_float_rows_t *x)
{
    fx_quantizer_t q;
    q.scale = ldexp(1.0, x->frac);
    q.rules = fx_rounding_rules(x->format.rounding);
    q.range = fx_range_make(&x->format);
    q.saturates = fx_saturates(&x->format);
    return q;
}

/* product when |product| < 2^62, else 0.0 with *invalid += 1 (also NaN and +-inf), decided on
 * the biased exponent (< 1023 + 62) so that the loop vectorises. */
static inline double fx_valid_product(double product, int64_t *invalid)
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

/* raw[j] = the quantization of x[j], j < n: x * 2^frac rounded by `rules` (q->rules, passed as
 * a literal so that each mode compiles to its own loop), then the format's overflow
 * (*events += 1 each; saturate as in fx_fit_as); an invalid x (NaN, inf,
 * |x * 2^frac| >= 2^62) adds 1 to *invalid and gives a meaningless raw. */
FX_SPECIALISED void fx_quantize_loop(const fx_quantizer_t *q, const double *restrict x, int64_t n,
                                     int64_t *restrict raw, int64_t *events, int64_t *invalid,
                                     const unsigned rules, const int saturate)
{
    const double scale = q->scale;
    const fx_range_t range = q->range;
    int64_t j, ev = 0, bad = 0;
    for (j = 0; j < n; ++j)
        raw[j] = fx_fit_as(fx_round_scaled(x[j], fx_valid_product(x[j] * scale, &bad), rules),
                           &range, &ev, saturate);
    *events += ev;
    *invalid += bad;
}

#define FX_QUANTIZE_RULES(RULES)                                                          \
    case RULES:                                                                           \
        if (q->saturates)                                                                 \
            fx_quantize_loop(q, x, n, raw, events, invalid, RULES, 1);                    \
        else                                                                              \
            fx_quantize_loop(q, x, n, raw, events, invalid, RULES, 0);                    \
        return;

/* fx_quantize_loop with q's rounding rules and overflow as literals. */
static inline void fx_quantize_mode(const fx_quantizer_t *q, const double *restrict x, int64_t n,
                                    int64_t *restrict raw, int64_t *events, int64_t *invalid)
{
    switch (q->rules) {
        FX_QUANTIZE_RULES(0)
        FX_QUANTIZE_RULES(FX_UP_INEXACT_NEG)
        FX_QUANTIZE_RULES(FX_UP_ABOVE | FX_UP_TIE)
        FX_QUANTIZE_RULES(FX_UP_ABOVE | FX_UP_TIE_NEG)
        FX_QUANTIZE_RULES(FX_UP_ABOVE | FX_UP_TIE_POS)
        FX_QUANTIZE_RULES(FX_UP_ABOVE)
        FX_QUANTIZE_RULES(FX_UP_ABOVE | FX_UP_TIE_ODD)
    default:
        if (q->saturates)
            fx_quantize_loop(q, x, n, raw, events, invalid, q->rules, 1);
        else
            fx_quantize_loop(q, x, n, raw, events, invalid, q->rules, 0);
    }
}
#undef FX_QUANTIZE_RULES

/* Elements per chunk when float32 values are widened to double on the stack. */
#define FX_QUANTIZE_CHUNK 256

/* fx_quantize_loop over x[offset .. offset + n); float32 values are widened (exactly) chunk by
 * chunk first, so one loop serves both types. */
static inline void fx_quantize_span(const fx_quantizer_t *q, const fx_float_rows_t *x,
                                    int64_t offset, int64_t n, int64_t *restrict raw,
                                    int64_t *events, int64_t *invalid)
{
    double wide[FX_QUANTIZE_CHUNK];
    int64_t j0, j;
    for (j0 = 0; j0 < n; j0 += x->f64 ? n : FX_QUANTIZE_CHUNK) {
        const int64_t len = x->f64 || n - j0 < FX_QUANTIZE_CHUNK ? n - j0 : FX_QUANTIZE_CHUNK;
        const double *src = x->f64 ? x->f64 + offset : wide;
        if (!x->f64)
            for (j = 0; j < len; ++j)
                wide[j] = (double)x->f32[offset + j0 + j];
        fx_quantize_mode(q, src, len, raw + j0, events, invalid);
    }
}

/* Bit length of x >= 0 (0 for 0): msb(x) = fx_bit_length(x) - 1. Read from the biased exponent
 * of (double)x, exact below 2^53; from 2^53 up x >> 11 (< 2^52, exact) is converted and 11 bits
 * are added back. Selects only (no loop, no data-dependent branch), so loops calling it
 * vectorise (one conversion instead of a six-step search). */
static inline int64_t fx_bit_length(int64_t x)
{
    const int64_t drop = 11 & -(int64_t)((x >> 53) != 0);
    const double d = (double)(x >> drop);
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return ((int64_t)(bits >> 52) - 1022 + drop) & -(int64_t)(x != 0);
}

/* ---- array kernels (fx_arith.c) ---- */

/* The smallest and the largest value an array kernel read. */
typedef struct {
    int64_t min, max;
} fx_extremes_t;

/* y[n] = requantize(x[n]) by frac_drop bits into fmt (y may alias x), over `threads` OpenMP
 * threads (results never depend on it); returns the overflow events and *seen = x's extremes.
 * Valid only when |x| < 2^62 and, for a left shift (frac_drop < 0), |x| << -frac_drop < 2^62:
 * the caller checks *seen after the call and discards y otherwise. */
int64_t fx_requantize_seen(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                           const fx_format_t *fmt, fx_extremes_t *seen, int threads);
/* fx_requantize_seen on one thread, for callers that know x is valid. */
int64_t fx_requantize(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                      const fx_format_t *fmt);
/* y = overflow(round(x * 2^frac)) of float64 or float32 values (x->frac in -1022..1023, no
 * float64 copy), over `threads` OpenMP threads (results never depend on it); returns the
 * overflow events, *invalid = the values that are NaN, inf or have |x * 2^frac| >= 2^62 (their
 * y is meaningless). */
int64_t fx_quantize_floats(const fx_float_rows_t *x, int64_t n, int64_t *y, int64_t *invalid,
                           int threads);
void fx_shift_right_array(const int64_t *x, int64_t *y, int64_t n, int32_t k, int32_t rounding);

#endif /* FX_ARITH_H */
