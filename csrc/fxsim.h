/*
 * fxsim.h -- the C99 kernels of fxsim: fixed-point arithmetic and the population engine.
 *
 * Plain C99, fixed-width types, caller-owned buffers, no globals, no allocation, no Python
 * headers: a hardware team can compile fx_arith.c and fx_population.c into a C or
 * SystemVerilog DPI-C test bench unchanged. The numpy backend (fxsim/backends/reference)
 * is the definition; these kernels equal it bit for bit (tests/test_backends_equal_numpy.py).
 *
 * Conventions: stored values are at most 32 bits (int32_t); every intermediate is int64_t
 * with |x| < 2^62. Signed overflow never happens in C: wraps go through uint64_t, and right
 * shifts of negative values are written as portable floors.
 */
#ifndef FXSIM_H
#define FXSIM_H

#include <stdint.h>

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

enum fx_decay_kind { FX_DECAY_NONE = 0, FX_DECAY_SHIFT = 1, FX_DECAY_MULT = 2 };
enum fx_input_mode { FX_INPUT_CURRENT = 0, FX_INPUT_INITIAL = 1 };
enum fx_membrane { FX_MEMBRANE_SUM = 0, FX_MEMBRANE_INCREMENT = 1 };
enum fx_reset { FX_RESET_SUBTRACT = 0, FX_RESET_ZERO = 1 };
enum fx_var { FX_VAR_V = 0, FX_VAR_I = 1, FX_VAR_ACC = 2, FX_NVARS = 3 };

/* A storage format as far as overflow is concerned (frac bits never matter inside a kernel). */
typedef struct {
    int32_t is_signed;   /* 1: two's complement; 0: unsigned */
    int32_t width;       /* 1..32 */
    int32_t rounding;    /* enum fx_rounding */
    int32_t overflow;    /* enum fx_overflow */
} fx_format_t;

/* One leak rule: NONE; SHIFT: x - shr(x, shift) (min_step: a zero leak of x != 0 is sign(x));
 * MULT: shr(x * factor, shift). shr rounds with `rounding`. */
typedef struct {
    int32_t kind;        /* enum fx_decay_kind */
    int32_t shift;       /* 0..31 */
    int32_t rounding;    /* enum fx_rounding */
    int32_t min_step;    /* 0 or 1 */
    int64_t factor;      /* 0..2^31-1 */
} fx_decay_t;

/* A raw schedule: element (t, j) = data[t * t_stride + j * n_stride]; strides are 0 or the
 * natural ones, so a scalar, per-step, per-neuron and full [T][n] table share one type. */
typedef struct {
    const int64_t *data;
    int64_t t_stride;
    int64_t n_stride;
} fx_schedule_t;

typedef struct {
    int64_t n;                 /* neurons */
    int32_t steps;             /* T */
    int32_t cuba;              /* 1: synaptic current i exists */
    fx_format_t v_format, i_format, acc_format;
    fx_decay_t decay_v, decay_i;
    int32_t compare_strict;    /* 1: spike on v > theta; 0: v >= theta */
    int32_t reset;             /* enum fx_reset */
    int64_t v_reset;           /* value after a reset to zero (raw) */
    int32_t max_spikes;        /* 1..65535 */
    int32_t input_mode;        /* enum fx_input_mode */
    int32_t input_shift;       /* 0..24, inputs are shifted left before use */
    int32_t input_before_decay;/* CUBA: i = ovf(decay(ovf(i + x))) (Xylo) */
    int32_t membrane;          /* enum fx_membrane */
    fx_schedule_t threshold, reset_amount, intensity, bias;  /* bias: t_stride = 0 */
} fx_population_t;

/* Recording buffers, each [T][n] int64 or NULL (not recorded). */
typedef struct {
    int64_t *v, *i, *spikes, *acc;
} fx_record_t;

/* ---- scalar arithmetic (static inline: the one definition the array kernels use) ---- */

/* floor(x / 2^k) for 0 <= k <= 62, without right-shifting a negative value. */
static inline int64_t fx_floor_shift(int64_t x, int k)
{
    return x >= 0 ? (x >> k) : ~((~x) >> k);
}

/* Whether rounding adds one to the floor, given how the dropped part compares with 1/2. */
static inline int fx_round_up(int rounding, int inexact, int above, int tie, int negative,
                              int floor_odd)
{
    switch (rounding) {
    case FX_TRN_ZERO:    return inexact && negative;
    case FX_RND:         return above || tie;
    case FX_RND_ZERO:    return above || (tie && negative);
    case FX_RND_INF:     return above || (tie && !negative);
    case FX_RND_MIN_INF: return above;
    case FX_RND_CONV:    return above || (tie && floor_odd);
    default:             return 0;  /* FX_TRN */
    }
}

/* x / 2^k rounded by `rounding`, for k >= 0 and |x| < 2^62. */
static inline int64_t fx_shift_right(int64_t x, int k, int rounding)
{
    int64_t floor, half;
    uint64_t rem;
    if (k <= 0)
        return x;
    if (k > 62) {              /* |x| / 2^k < 1/2: sign(x) at k = 62 rounds identically */
        x = (x > 0) - (x < 0);
        k = 62;
    }
    floor = fx_floor_shift(x, k);
    rem = (uint64_t)x & ((UINT64_C(1) << k) - 1u);       /* the dropped bits, 0 <= rem < 2^k */
    half = (int64_t)1 << (k - 1);
    return floor + fx_round_up(rounding, rem != 0, rem > (uint64_t)half, rem == (uint64_t)half,
                               x < 0, (int)(floor & 1));
}

/* Bring x into fmt's range by fmt's overflow mode; *events += 1 if x was out of range. */
static inline int64_t fx_overflow(int64_t x, const fx_format_t *fmt, int64_t *events)
{
    const int64_t hi = fmt->is_signed ? (((int64_t)1 << (fmt->width - 1)) - 1)
                                      : (((int64_t)1 << fmt->width) - 1);
    const int64_t lo = !fmt->is_signed ? 0 : (fmt->overflow == FX_SAT_SYM ? -hi : -hi - 1);
    uint64_t low_bits;
    if (x >= lo && x <= hi)
        return x;
    *events += 1;
    switch (fmt->overflow) {
    case FX_SAT:
    case FX_SAT_SYM:
        return x < lo ? lo : hi;
    case FX_SAT_ZERO:
        return 0;
    default:  /* FX_WRAP: keep the low `width` bits, two's complement if signed */
        low_bits = (uint64_t)x & ((UINT64_C(1) << fmt->width) - 1u);
        return (int64_t)low_bits > hi ? (int64_t)low_bits - ((int64_t)1 << fmt->width)
                                      : (int64_t)low_bits;
    }
}

/* ---- array kernels (fx_arith.c) ----
 * Given x[n]; returned y[n] (may alias x) and the number of overflow events (status >= 0).
 * Assumptions not checked: |x| < 2^62; for a left shift (frac_drop < 0) |x| << -frac_drop < 2^62. */
int64_t fx_requantize(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                      const fx_format_t *fmt);
/* y = overflow(round(x * 2^frac)); x finite with |x * 2^frac| < 2^62 (not checked). */
int64_t fx_quantize(const double *x, int64_t *y, int64_t n, int32_t frac, const fx_format_t *fmt);
void fx_shift_right_array(const int64_t *x, int64_t *y, int64_t n, int32_t k, int32_t rounding);

/* ---- the population engine (fx_population.c) ----
 * Given: p (validated configuration), input ([T][n] for FX_INPUT_CURRENT, [n] for INITIAL),
 *        threads (OpenMP threads, <= 1 serial; results never depend on it).
 * In/out: v, i_syn (may be NULL when !cuba), acc: state [n] (int64: an unsigned 32-bit value
 *        does not fit int32), zero or a previous state.
 * Returned: spike_total[n] (added to), overflow[FX_NVARS][T] events per variable and step
 *        (added to; caller zeroes), rec: optional per-step records after each step.
 * Status: FX_OK, or FX_EINVAL for an impossible configuration.
 * Assumptions not checked: schedule values keep |theta|, |r| * max_spikes, |d| * max_spikes
 *        below 2^61 (fxsim.population validates this). */
int fx_population_run(const fx_population_t *p, const int32_t *input, int64_t *v, int64_t *i_syn,
                      int64_t *acc, int64_t *spike_total, int64_t *overflow,
                      const fx_record_t *rec, int threads);

#endif /* FXSIM_H */
