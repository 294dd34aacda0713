/* fx_bit_length (csrc/fx_arith.h, a six-step binary search) against a second implementation, the
 * shift-and-count loop, at every power of two +-3 up to 2^62, at INT64_MAX and at 0..99999.
 * Exit status 0 when all agree; the first disagreement is printed. */
#include <stdio.h>
#include "fx_arith.h"

static int32_t shift_count(int64_t x)
{
    int32_t bits = 0;
    while (x > 0) {
        x >>= 1;
        ++bits;
    }
    return bits;
}

static int differs(int64_t x)
{
    if (fx_bit_length(x) == shift_count(x))
        return 0;
    printf("fx_bit_length(%lld) = %d, expected %d\n", (long long)x, (int)fx_bit_length(x),
           (int)shift_count(x));
    return 1;
}

int main(void)
{
    int64_t x;
    int k, d;
    for (k = 0; k < 63; ++k)
        for (d = -3; d <= 3; ++d)
            if (((int64_t)1 << k) + d >= 0 && differs(((int64_t)1 << k) + d))
                return 1;
    for (x = 0; x < 100000; ++x)
        if (differs(x))
            return 1;
    if (differs(INT64_MAX))
        return 1;
    printf("fx_bit_length: OK\n");
    return 0;
}
