/* fx_arith.c -- array forms of the scalar arithmetic in fx_arith.h. */
#include "fx_arith.h"

void fx_shift_right_array(const int64_t *x, int64_t *y, int64_t n, int32_t k, int32_t rounding)
{
    int64_t j;
    for (j = 0; j < n; ++j)
        y[j] = fx_shift_right(x[j], k, rounding);
}

int64_t fx_requantize(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                      const fx_format_t *fmt)
{
    const fx_requant_t requant = fx_requant_make(frac_drop, fmt);
    int64_t j, events = 0;
    for (j = 0; j < n; ++j)
        y[j] = fx_requant(x[j], &requant, &events);
    return events;
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
