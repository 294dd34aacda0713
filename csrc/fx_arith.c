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
    const fx_range_t range = fx_range_make(fmt);
    int64_t j, events = 0;
    for (j = 0; j < n; ++j) {
        /* widen with a multiply: a left shift of a negative value is undefined in C */
        const int64_t scaled = frac_drop >= 0 ? fx_shift_right(x[j], frac_drop, fmt->rounding)
                                              : x[j] * ((int64_t)1 << -frac_drop);
        y[j] = fx_fit(scaled, &range, &events);
    }
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
    for (j = 0; j < n; ++j) {
        const double product = by_multiply ? x[j] * scale : ldexp(x[j], frac);
        /* an underflow to 0 hides a non-zero |value| < 2^-1074, which rounds like +-1/4 in
         * every mode */
        const double scaled = (product == 0.0 && x[j] != 0.0) ? copysign(0.25, x[j]) : product;
        const double floor_value = floor(scaled);
        /* compare with the midpoint, not scaled - floor (which rounds for tiny negative
         * values); an inexact value has |scaled| < 2^52, where floor + 0.5 is exact */
        const int64_t inexact = scaled != floor_value;
        const double half = floor_value + 0.5;
        const int64_t base = (int64_t)floor_value;
        const int64_t rounded = base + fx_round_up(rules, inexact, inexact & (scaled > half),
                                                   inexact & (scaled == half), scaled < 0,
                                                   base & 1);
        y[j] = fx_fit(rounded, &range, &events);
    }
    return events;
}
