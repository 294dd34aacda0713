/*
 * golden_check.h -- helpers shared by the C consumers of golden-vector sets (tests/c/).
 *
 * Each consumer is compiled once per golden set with that set's directory on the include path
 * (vectors.h), runs a csrc kernel on the set's inputs and tables, and compares every output
 * and traced word. WIDEN and EXPECT are macros because header arrays have the narrowest
 * stdint type of their width (int8_t .. int64_t, signed or unsigned).
 */
#ifndef FXSIM_GOLDEN_CHECK_H
#define FXSIM_GOLDEN_CHECK_H

#include <stdio.h>

/* dst[k] = src[k] widened to int64, for any integer element type of the header */
#define WIDEN(dst, src, len)                                                 \
    do {                                                                     \
        int64_t k_;                                                          \
        for (k_ = 0; k_ < (int64_t)(len); ++k_) (dst)[k_] = (int64_t)(src)[k_]; \
    } while (0)

/* compare got[] (int64) with an expected header array; report the first mismatch and return 1
 * from the calling function; counts checked arrays in `checked` */
#define EXPECT(name, got, expected, len)                                                      \
    do {                                                                                      \
        int64_t k_;                                                                           \
        for (k_ = 0; k_ < (int64_t)(len); ++k_)                                               \
            if ((got)[k_] != (int64_t)(expected)[k_]) {                                       \
                fprintf(stderr, "MISMATCH %s[%lld]: expected %lld, got %lld\n", name,          \
                        (long long)k_, (long long)(expected)[k_], (long long)(got)[k_]);      \
                return 1;                                                                     \
            }                                                                                 \
        ++checked;                                                                            \
    } while (0)

#endif /* FXSIM_GOLDEN_CHECK_H */
