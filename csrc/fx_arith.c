/* fx_arith.c -- array forms of the scalar arithmetic in fx_arith.h. */
#include "fx_arith.h"

void fx_shift_right_array(const int64_t *x, int64_t *y, int64_t n, int32_t k, int32_t rounding)
{
    int64_t j;
    for (j = 0; j < n; ++j)
        y[j] = fx_shift_right(x[j], k, rounding);
}

/* y[j] = requantize(x[j]) for j < n, with the rounding and the overflow rule as constants
 * (`rounding`, `overflow`: enum values, literals at every call), so that each pair compiles to
 * its own branch-free vectorised loop: the rescale is fx_shr's offset form (docs/algorithms.md
 * 1.2) with only the mode's own offset terms, the overflow a mask (WRAP), a clamp (SAT,
 * SAT_SYM: r's range) or a select of 0 (SAT_ZERO). Same integers as fx_requant. */
FX_SPECIALISED int64_t requantize_mode(const int64_t *restrict x, int64_t *restrict y, int64_t n,
                                       const fx_requant_t *r, const int rounding,
                                       const int overflow)
{
    const fx_shr_t shr = r->scale.shr;
    const int widen = r->scale.widen_bits;
    const fx_range_t range = r->range;
    const int64_t k = shr.k, base = shr.base, neg_add = shr.neg_add, odd_add = shr.odd_add;
    int64_t j, events = 0;
    for (j = 0; j < n; ++j) {
        const int64_t xj = x[j];
        int64_t c = base, v, out;
        if (rounding != FX_TRN)         /* 0 for TRN; for k > 62 every other mode has one */
            c += neg_add & -(int64_t)(xj < 0);
        if (rounding == FX_RND_CONV)
            c += odd_add & fx_floor_shift(xj, (int)k);
        v = (int64_t)((uint64_t)fx_floor_shift(xj + c, (int)k) << widen);
        out = v < range.lo || v > range.hi;
        events += out;
        if (overflow == FX_WRAP)
            v = (int64_t)(((uint64_t)v - (uint64_t)range.wrap_base) & range.wrap_mask)
                + range.wrap_base;
        else if (overflow == FX_SAT_ZERO)
            v = out ? 0 : v;
        else {
            v = v < range.lo ? range.lo : v;
            v = v > range.hi ? range.hi : v;
        }
        y[j] = v;
    }
    return events;
}

#define FX_RQ(R, O) case (R) * 4 + (O): return requantize_mode(x, y, n, &r, R, O);
#define FX_RQ_OVERFLOWS(R) FX_RQ(R, FX_WRAP) FX_RQ(R, FX_SAT) FX_RQ(R, FX_SAT_SYM) FX_RQ(R, FX_SAT_ZERO)

int64_t fx_requantize(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                      const fx_format_t *fmt)
{
    const fx_requant_t r = fx_requant_make(frac_drop, fmt);
    switch (fmt->rounding * 4 + fmt->overflow) {
        FX_RQ_OVERFLOWS(FX_TRN) FX_RQ_OVERFLOWS(FX_TRN_ZERO) FX_RQ_OVERFLOWS(FX_RND)
        FX_RQ_OVERFLOWS(FX_RND_ZERO) FX_RQ_OVERFLOWS(FX_RND_INF) FX_RQ_OVERFLOWS(FX_RND_MIN_INF)
        FX_RQ_OVERFLOWS(FX_RND_CONV)
    default: {
        int64_t j, events = 0;
        for (j = 0; j < n; ++j)
            y[j] = fx_requant(x[j], &r, &events);
        return events;
    }
    }
}

/* Elements per parallel piece of fx_quantize_floats. */
#define QUANTIZE_PIECE ((int64_t)1 << 16)

int64_t fx_quantize_floats(const fx_float_rows_t *x, int64_t n, int64_t *y, int64_t *invalid,
                           int threads)
{
    const fx_quantizer_t q = fx_quantizer_make(x);
    const int64_t pieces = (n + QUANTIZE_PIECE - 1) / QUANTIZE_PIECE;
    int64_t piece, events = 0, bad = 0;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : events, bad) if (threads > 1)
#endif
    for (piece = 0; piece < pieces; ++piece) {
        const int64_t j0 = piece * QUANTIZE_PIECE;
        const int64_t len = n - j0 < QUANTIZE_PIECE ? n - j0 : QUANTIZE_PIECE;
        fx_quantize_span(&q, x, j0, len, y + j0, &events, &bad);
    }
    *invalid = bad;
    return events;
}
