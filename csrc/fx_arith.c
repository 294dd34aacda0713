/* fx_arith.c -- array forms of the scalar arithmetic in fx_arith.h. */
#include "fx_arith.h"

void fx_shift_right_array(const int64_t *x, int64_t *y, int64_t n, int32_t k, int32_t rounding)
{
    int64_t j;
    for (j = 0; j < n; ++j)
        y[j] = fx_shift_right(x[j], k, rounding);
}

/* floor((x + c) / 2^k) for a shift s of 1 <= k <= 62 bits (fx_shr) whose rounding is the
 * literal `rounding`: the offset c keeps only that mode's own terms (for such k, fx_shr_make
 * gives TRN_ZERO base 0, RND_ZERO neg_add 1, RND_INF neg_add -1, every other mode neg_add 0, and
 * odd_add 0 outside RND_CONV). The add goes through uint64_t, so an input outside |x| < 2^62
 * (reported by the caller's extremes) is a meaningless value, never undefined behaviour. */
FX_SPECIALISED int64_t round_shift_mode(int64_t x, const fx_shr_t *s, const int rounding)
{
    const int64_t sign = fx_floor_shift(x, 63);          /* -1 for x < 0, else 0 */
    int64_t c = s->base;
    if (rounding == FX_TRN_ZERO)
        c = s->neg_add & sign;
    else if (rounding == FX_RND_ZERO)                   /* neg_add = 1 */
        c -= sign;
    else if (rounding == FX_RND_INF)                    /* neg_add = -1 */
        c += sign;
    else if (rounding == FX_RND_CONV)
        c += s->odd_add & fx_floor_shift(x, (int)s->k);
    return fx_floor_shift((int64_t)((uint64_t)x + (uint64_t)c), (int)s->k);
}

/* v brought into `range` by the literal `overflow` (fx_fit's integers); *events += 1 when that
 * changed v: the fitted value differs from v exactly when v is out of range (0, WRAP's
 * in-range residue and the clamp bounds are all in range). */
FX_SPECIALISED int64_t fit_mode(int64_t v, const fx_range_t *range, int64_t *events,
                                const int overflow)
{
    int64_t f;
    if (overflow == FX_WRAP)
        f = (int64_t)(((uint64_t)v - (uint64_t)range->wrap_base) & range->wrap_mask)
            + range->wrap_base;
    else if (overflow == FX_SAT_ZERO) {
        const int64_t out = (uint64_t)v - (uint64_t)range->lo
                            > (uint64_t)range->hi - (uint64_t)range->lo;
        *events += out;
        return out ? 0 : v;
    }
    else {
        f = v < range->lo ? range->lo : v;
        f = f > range->hi ? range->hi : f;
    }
    *events += f != v;
    return f;
}

/* y[j] = requantize(x[j]) for j < n in one pass that also returns x's extremes, with the
 * rounding, the overflow rule and the direction (`widens`: a left shift by widen_bits >= 0, no
 * rounding; else a right shift by 1 <= k <= 62) as literals, so that each combination compiles
 * to its own branch-free vectorised loop. Same integers as fx_requant. */
FX_SPECIALISED int64_t requantize_mode(const int64_t *restrict x, int64_t *restrict y, int64_t n,
                                       const fx_requant_t *r, fx_extremes_t *seen,
                                       const int rounding, const int overflow, const int widens)
{
    const fx_shr_t shr = r->scale.shr;
    const int widen = r->scale.widen_bits;
    const fx_range_t range = r->range;
    int64_t j, events = 0, lo = seen->min, hi = seen->max;
    for (j = 0; j < n; ++j) {
        const int64_t xj = x[j];
        const int64_t v = widens ? (int64_t)((uint64_t)xj << widen)
                                 : round_shift_mode(xj, &shr, rounding);
        lo = xj < lo ? xj : lo;
        hi = xj > hi ? xj : hi;
        y[j] = fit_mode(v, &range, &events, overflow);
    }
    seen->min = lo;
    seen->max = hi;
    return events;
}

#define FX_RQ(R, O) case (R) * 4 + (O): return requantize_mode(x, y, n, r, seen, R, O, 0);
#define FX_RQ_OVERFLOWS(R) FX_RQ(R, FX_WRAP) FX_RQ(R, FX_SAT) FX_RQ(R, FX_SAT_SYM) FX_RQ(R, FX_SAT_ZERO)
#define FX_RQ_WIDEN(O) case O: return requantize_mode(x, y, n, r, seen, FX_TRN, O, 1);

/* fx_requant element by element with x's extremes: shifts by k > 62 (every value rounds to 0
 * or -1) and any mode code requantize_mode does not know. */
static int64_t requantize_any(const int64_t *x, int64_t *y, int64_t n, const fx_requant_t *r,
                              fx_extremes_t *seen)
{
    int64_t j, events = 0;
    for (j = 0; j < n; ++j) {
        seen->min = x[j] < seen->min ? x[j] : seen->min;
        seen->max = x[j] > seen->max ? x[j] : seen->max;
        y[j] = fx_requant(x[j], r, &events);
    }
    return events;
}

/* The loop of requantize_mode for r's shift and fmt's modes. */
static int64_t requantize_piece(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                                const fx_requant_t *r, const fx_format_t *fmt,
                                fx_extremes_t *seen)
{
    if (r->scale.shr.k == 0)            /* nothing dropped: a widening by widen_bits >= 0 */
        switch (fmt->overflow) {
            FX_RQ_WIDEN(FX_WRAP) FX_RQ_WIDEN(FX_SAT) FX_RQ_WIDEN(FX_SAT_SYM) FX_RQ_WIDEN(FX_SAT_ZERO)
        default: return requantize_any(x, y, n, r, seen);
        }
    if (frac_drop > FX_INTERMEDIATE_BITS)
        return requantize_any(x, y, n, r, seen);
    switch (fmt->rounding * 4 + fmt->overflow) {
        FX_RQ_OVERFLOWS(FX_TRN) FX_RQ_OVERFLOWS(FX_TRN_ZERO) FX_RQ_OVERFLOWS(FX_RND)
        FX_RQ_OVERFLOWS(FX_RND_ZERO) FX_RQ_OVERFLOWS(FX_RND_INF) FX_RQ_OVERFLOWS(FX_RND_MIN_INF)
        FX_RQ_OVERFLOWS(FX_RND_CONV)
    default: return requantize_any(x, y, n, r, seen);
    }
}

/* Elements per parallel piece of fx_requantize_seen and fx_quantize_floats. */
#define PIECE ((int64_t)1 << 16)

int64_t fx_requantize_seen(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                           const fx_format_t *fmt, fx_extremes_t *seen, int threads)
{
    const fx_requant_t r = fx_requant_make(frac_drop, fmt);
    const int64_t pieces = (n + PIECE - 1) / PIECE;
    int64_t piece, events = 0, lo = INT64_MAX, hi = INT64_MIN;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : events) reduction(min : lo) reduction(max : hi) if (threads > 1 && pieces > 1)
#endif
    for (piece = 0; piece < pieces; ++piece) {
        const int64_t j0 = piece * PIECE, len = n - j0 < PIECE ? n - j0 : PIECE;
        fx_extremes_t part = {INT64_MAX, INT64_MIN};
        events += requantize_piece(x + j0, y + j0, len, frac_drop, &r, fmt, &part);
        lo = part.min < lo ? part.min : lo;
        hi = part.max > hi ? part.max : hi;
    }
    seen->min = lo;
    seen->max = hi;
    return events;
}

int64_t fx_requantize(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                      const fx_format_t *fmt)
{
    fx_extremes_t seen;
    return fx_requantize_seen(x, y, n, frac_drop, fmt, &seen, 1);
}

int64_t fx_quantize_floats(const fx_float_rows_t *x, int64_t n, int64_t *y, int64_t *invalid,
                           int threads)
{
    const fx_quantizer_t q = fx_quantizer_make(x);
    const int64_t pieces = (n + PIECE - 1) / PIECE;
    int64_t piece, events = 0, bad = 0;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : events, bad) if (threads > 1 && pieces > 1)
#endif
    for (piece = 0; piece < pieces; ++piece) {
        const int64_t j0 = piece * PIECE;
        const int64_t len = n - j0 < PIECE ? n - j0 : PIECE;
        fx_quantize_span(&q, x, j0, len, y + j0, &events, &bad);
    }
    *invalid = bad;
    return events;
}
