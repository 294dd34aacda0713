/* fx_arith.c -- array forms of the scalar arithmetic in fxsim.h. */
#include <math.h>
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

int64_t fx_quantize(const double *x, int64_t *y, int64_t n, int32_t frac, const fx_format_t *fmt)
{
    const fx_range_t range = fx_range_make(fmt);
    const unsigned rules = fx_rounding_rules(fmt->rounding);
    /* x * 2^frac is correctly rounded, so it equals ldexp(x, frac) whenever 2^frac is a
     * normal double; the multiply vectorises, the libm call does not */
    const int by_multiply = frac >= -1022 && frac <= 1023;
    const double scale = by_multiply ? ldexp(1.0, frac) : 1.0;
    int64_t j, events = 0;
    if (by_multiply)                    /* two loops: the libm call would stop vectorisation */
        for (j = 0; j < n; ++j)
            y[j] = fx_fit(fx_round_scaled(x[j], x[j] * scale, rules), &range, &events);
    else
        for (j = 0; j < n; ++j)
            y[j] = fx_fit(fx_round_scaled(x[j], ldexp(x[j], frac), rules), &range, &events);
    return events;
}
