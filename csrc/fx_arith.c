/* fx_arith.c -- array forms of the scalar arithmetic in fxsim.h. */
#include "fxsim.h"

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

int64_t fx_quantize_floats(const fx_float_rows_t *x, int64_t n, int64_t *y, int64_t *invalid)
{
    const fx_quantizer_t q = fx_quantizer_make(x);
    int64_t events = 0;
    *invalid = 0;
    fx_quantize_span(&q, x, 0, n, y, &events, invalid);
    return events;
}
