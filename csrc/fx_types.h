/*
 * fx_types.h -- the types every fxsim kernel shares: rounding, overflow and status codes, a
 * storage format, the intermediate bit limit and a portability macro.
 *
 * Conventions: stored values are at most 32 bits (int32_t); every intermediate is int64_t
 * with |x| < 2^62. Signed overflow never happens in C: wraps go through uint64_t, and right
 * shifts of negative values are written as portable floors.
 */
#ifndef FX_TYPES_H
#define FX_TYPES_H

#include <stdint.h>

/* The 62 of the conventions above, by name; equals fxsim.formats.INTERMEDIATE_BITS. */
#define FX_INTERMEDIATE_BITS 62

/* For a static function whose literal arguments select its loops (e.g. saturate = 1): inlined
 * wherever the compiler allows, so each call site compiles to its own specialised loops. */
#if defined(__GNUC__)
#define FX_SPECIALISED static inline __attribute__((always_inline))
#else
#define FX_SPECIALISED static inline
#endif

/* Rounding when low bits are dropped; values equal fxsim.formats.Rounding. */
enum fx_rounding {
    FX_TRN = 0,          /* floor */
    FX_TRN_ZERO = 1,     /* toward zero */
    FX_RND = 2,          /* nearest, ties toward +inf */
    FX_RND_ZERO = 3,     /* nearest, ties toward zero */
    FX_RND_INF = 4,      /* nearest, ties away from zero */
    FX_RND_MIN_INF = 5,  /* nearest, ties toward -inf */
    FX_RND_CONV = 6      /* nearest, ties to even */
};

/* Overflow handling; values equal fxsim.formats.Overflow. */
enum fx_overflow { FX_WRAP = 0, FX_SAT = 1, FX_SAT_SYM = 2, FX_SAT_ZERO = 3 };

enum fx_status { FX_OK = 0, FX_EINVAL = -1 };

/* A storage format as far as overflow is concerned (frac bits never matter inside a kernel). */
typedef struct {
    int32_t is_signed;   /* 1: two's complement; 0: unsigned */
    int32_t width;       /* 1..32 */
    int32_t rounding;    /* enum fx_rounding */
    int32_t overflow;    /* enum fx_overflow */
} fx_format_t;

#endif /* FX_TYPES_H */
