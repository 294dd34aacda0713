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

#include <math.h>
#include <stdint.h>
#include <string.h>

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
    int32_t continue_state;    /* 1: v, i_syn, acc hold a state to continue from and spike_total
                                  is added to; 0: the run starts from zero and they are written */
    fx_schedule_t threshold, reset_amount, intensity, bias;  /* bias: t_stride = 0 */
} fx_population_t;

/* Recording buffers, each [T][n] int64 or NULL (not recorded). */
typedef struct {
    int64_t *v, *i, *spikes, *acc;
} fx_record_t;

/* ---- scalar arithmetic (static inline: the one definition every kernel uses) ----
 * Written branch-free (selects on 0/1 values) so loops over neurons vectorise; the
 * per-call constants of a shift and of a format are computed once (fx_shr_make,
 * fx_range_make) outside the loops. */

/* floor(x / 2^k) for 0 <= k <= 62, without right-shifting a negative value. */
static inline int64_t fx_floor_shift(int64_t x, int k)
{
    return x >= 0 ? (x >> k) : ~((~x) >> k);
}

/* Which conditions add one to the floor, per rounding mode (bit flags). */
enum {
    FX_UP_ABOVE = 1,        /* dropped part > 1/2 */
    FX_UP_TIE = 2,          /* dropped part == 1/2 */
    FX_UP_TIE_NEG = 4,      /* tie and x < 0 */
    FX_UP_TIE_POS = 8,      /* tie and x >= 0 */
    FX_UP_TIE_ODD = 16,     /* tie and the floor is odd */
    FX_UP_INEXACT_NEG = 32  /* any dropped bit and x < 0 */
};

static inline unsigned fx_rounding_rules(int rounding)
{
    switch (rounding) {
    case FX_TRN_ZERO:    return FX_UP_INEXACT_NEG;
    case FX_RND:         return FX_UP_ABOVE | FX_UP_TIE;
    case FX_RND_ZERO:    return FX_UP_ABOVE | FX_UP_TIE_NEG;
    case FX_RND_INF:     return FX_UP_ABOVE | FX_UP_TIE_POS;
    case FX_RND_MIN_INF: return FX_UP_ABOVE;
    case FX_RND_CONV:    return FX_UP_ABOVE | FX_UP_TIE_ODD;
    default:             return 0;  /* FX_TRN */
    }
}

/* 1 if the rounding `rules` add one to the floor; every other argument is 0 or 1. */
static inline int64_t fx_round_up(unsigned rules, int64_t inexact, int64_t above, int64_t tie,
                                  int64_t negative, int64_t floor_odd)
{
    const int64_t on_tie = ((rules >> 1) & 1) | (negative & (rules >> 2) & 1)
                           | ((1 - negative) & (rules >> 3) & 1) | (floor_odd & (rules >> 4) & 1);
    return (above & (rules & 1)) | (tie & on_tie) | (inexact & negative & (rules >> 5) & 1);
}

/* A right shift by k (0..62) with its rounding, prepared once: every mode is
 * floor((x + c) / 2^k) for an offset c = base + (x < 0 ? neg_add : 0) + (odd_add & floor(x / 2^k))
 * (h = 2^(k-1); all three are 0 when k = 0, where nothing is dropped):
 *   TRN        c = 0                 TRN_ZERO    c = x < 0 ? 2^k - 1 : 0   (ceil for x < 0)
 *   RND        c = h                 RND_MIN_INF c = h - 1                 (a tie goes down)
 *   RND_ZERO   c = h - 1 + (x < 0)   RND_INF     c = h - (x < 0)
 *   RND_CONV   c = h - 1 + (floor(x / 2^k) & 1)   (a tie goes up exactly from an odd floor)
 * With a dropped part r (0 <= r < 2^k), r + c reaches 2^k exactly when the mode rounds up, and
 * |x + c| < 2^63 for |x| < 2^62. k > 62: |x| / 2^k < 1/2 is never a tie, so TRN gives -1 for
 * x < 0 and every other mode 0: that is k = 62 with c = 0 (TRN) or c = x < 0 ? 2^62 - 1 : 0. */
typedef struct {
    int32_t k;
    int64_t base, neg_add, odd_add;
} fx_shr_t;

/* The shift by k >= 0 bits with `rounding`. */
static inline fx_shr_t fx_shr_make(int k, int rounding)
{
    const int64_t h = k > 0 && k <= 62 ? (int64_t)1 << (k - 1) : 0, below = h > 0 ? h - 1 : 0;
    fx_shr_t s;
    s.k = k > 62 ? 62 : k;
    s.base = 0;
    s.neg_add = k > 62 && rounding != FX_TRN ? ((int64_t)1 << 62) - 1 : 0;
    s.odd_add = 0;
    switch (k > 0 && k <= 62 ? rounding : FX_TRN) {
    case FX_TRN_ZERO:    s.neg_add = ((int64_t)1 << k) - 1; break;
    case FX_RND:         s.base = h; break;
    case FX_RND_MIN_INF: s.base = below; break;
    case FX_RND_ZERO:    s.base = below; s.neg_add = 1; break;
    case FX_RND_INF:     s.base = h; s.neg_add = -1; break;
    case FX_RND_CONV:    s.base = below; s.odd_add = 1; break;
    default:             break;      /* FX_TRN */
    }
    return s;
}

/* x / 2^k rounded, |x| < 2^62. */
static inline int64_t fx_shr(int64_t x, const fx_shr_t *s)
{
    const int64_t c = s->base + (s->neg_add & -(int64_t)(x < 0))
                      + (s->odd_add & fx_floor_shift(x, s->k));
    return fx_floor_shift(x + c, s->k);
}

/* x / 2^k rounded by `rounding`, for any k >= 0 and |x| < 2^62. */
static inline int64_t fx_shift_right(int64_t x, int k, int rounding)
{
    const fx_shr_t s = fx_shr_make(k < 0 ? 0 : k, rounding);
    return fx_shr(x, &s);
}

/* 1 for a format whose overflow is a clamp into its range (SAT, SAT_SYM). */
static inline int fx_saturates(const fx_format_t *fmt)
{
    return fmt->overflow == FX_SAT || fmt->overflow == FX_SAT_SYM;
}

/* A format's range and overflow rule, prepared once. */
typedef struct {
    int64_t lo, hi;        /* representable range ([-hi, hi] for signed SAT_SYM) */
    int64_t wrap_base;     /* -2^(W-1) signed, 0 unsigned */
    uint64_t wrap_mask;    /* 2^W - 1 */
    int64_t use_wrap;      /* 1 for WRAP */
    int64_t use_sat;       /* 1 for SAT and SAT_SYM; both 0: SAT_ZERO */
} fx_range_t;

static inline fx_range_t fx_range_make(const fx_format_t *fmt)
{
    fx_range_t r;
    r.hi = fmt->is_signed ? ((int64_t)1 << (fmt->width - 1)) - 1 : ((int64_t)1 << fmt->width) - 1;
    r.lo = !fmt->is_signed ? 0 : (fmt->overflow == FX_SAT_SYM ? -r.hi : -r.hi - 1);
    r.wrap_base = fmt->is_signed ? -((int64_t)1 << (fmt->width - 1)) : 0;
    r.wrap_mask = (UINT64_C(1) << fmt->width) - 1u;
    r.use_wrap = fmt->overflow == FX_WRAP;
    r.use_sat = fx_saturates(fmt);
    return r;
}

/* Bring x into the range by its overflow rule; *events += 1 if x was out of range. */
static inline int64_t fx_fit(int64_t x, const fx_range_t *r, int64_t *events)
{
    const int64_t below = x < r->lo, above = x > r->hi;
    const int64_t wrapped = (int64_t)(((uint64_t)x - (uint64_t)r->wrap_base) & r->wrap_mask)
                            + r->wrap_base;
    const int64_t saturated = below ? r->lo : r->hi;
    *events += below | above;
    return (below | above) ? ((wrapped & -r->use_wrap) | (saturated & -r->use_sat)) : x;
}

/* fx_fit(x, range); saturate = 1 declares the range of a format that saturates
 * (fx_saturates), where fx_fit is exactly a clamp into [lo, hi]. Callers pass saturate as a
 * literal, so each case compiles to its own (vectorised) loop. */
static inline int64_t fx_fit_as(int64_t x, const fx_range_t *range, int64_t *events,
                                const int saturate)
{
    if (saturate) {
        const int64_t below = x < range->lo, above = x > range->hi;
        *events += below | above;
        return below ? range->lo : (above ? range->hi : x);
    }
    return fx_fit(x, range, events);
}

/* A rounding shift by drop bits (drop < 0: an exact widening by 2^-drop, drop >= -62),
 * prepared once. */
typedef struct {
    fx_shr_t shr;        /* by max(drop, 0) bits */
    int32_t widen_bits;  /* max(-drop, 0) */
} fx_rescale_t;

static inline fx_rescale_t fx_rescale_make(int32_t drop, int32_t rounding)
{
    fx_rescale_t s;
    s.shr = fx_shr_make(drop < 0 ? 0 : drop, rounding);
    s.widen_bits = drop < 0 ? -drop : 0;
    return s;
}

/* x / 2^drop rounded (or x * 2^-drop), |x| < 2^62 and the widened value too. The widening is a
 * shift of the unsigned bits (a left shift of a negative value is undefined in C99); the
 * result is below 2^62 in magnitude, so converting back keeps it. */
static inline int64_t fx_rescale(int64_t x, const fx_rescale_t *s)
{
    return (int64_t)((uint64_t)fx_shr(x, &s->shr) << s->widen_bits);
}

/* requantize(x, f_in, F) of one value (the element step of fx_requantize and the fused
 * kernels): the rescale by f_in - F.frac with F's rounding, then F's overflow. */
typedef struct {
    fx_rescale_t scale;
    fx_range_t range;
} fx_requant_t;

static inline fx_requant_t fx_requant_make(int32_t drop, const fx_format_t *fmt)
{
    fx_requant_t r;
    r.scale = fx_rescale_make(drop, fmt->rounding);
    r.range = fx_range_make(fmt);
    return r;
}

/* fx_requant with saturate as in fx_fit_as (a literal). */
static inline int64_t fx_requant_as(int64_t x, const fx_requant_t *r, int64_t *events,
                                    const int saturate)
{
    return fx_fit_as(fx_rescale(x, &r->scale), &r->range, events, saturate);
}

static inline int64_t fx_requant(int64_t x, const fx_requant_t *r, int64_t *events)
{
    return fx_requant_as(x, r, events, 0);
}

/* fx_fit for a format given directly (array kernels; not for hot loops). */
static inline int64_t fx_overflow(int64_t x, const fx_format_t *fmt, int64_t *events)
{
    const fx_range_t r = fx_range_make(fmt);
    return fx_fit(x, &r, events);
}

/* round(product) by the rounding `rules` (fx_rounding_rules), where product = x * 2^frac is
 * finite with |product| < 2^62. An underflow to 0 hides a non-zero |x * 2^frac| < 2^-1074,
 * which rounds like +-1/4 in every mode. The floor is the truncation, one lower for a negative
 * non-integer: exact, since |scaled| >= 2^52 is an integer (so (double)trunc == scaled) and below
 * that every integer is a double (floor() itself does not vectorise here). The tie test compares
 * with the midpoint, not scaled - floor (which rounds for tiny negative values): an inexact value
 * has |scaled| < 2^52, where floor + 0.5 is exact. fx_quantize_floats' element step. */
static inline int64_t fx_round_scaled(double x, double product, unsigned rules)
{
    const int64_t underflow = (product == 0.0) & (x != 0.0);
    const double scaled = underflow ? copysign(0.25, x) : product;
    const int64_t truncated = (int64_t)scaled;
    const int64_t base = truncated - ((double)truncated > scaled);
    const double floor_value = (double)base;
    const int64_t inexact = scaled != floor_value;
    const double half = floor_value + 0.5;
    return base + fx_round_up(rules, inexact, inexact & (scaled > half),
                              inexact & (scaled == half), scaled < 0, base & 1);
}

/* Float values to quantize: exactly one of f64, f32 is non-NULL (float -> double is exact). */
typedef struct {
    const double *f64;
    const float *f32;
    int32_t frac;          /* frac bits of the format, -1022..1023 */
    fx_format_t format;    /* its rounding and overflow */
} fx_float_rows_t;

/* x's quantization, prepared once: fx_quantize_span. */
typedef struct {
    double scale;          /* 2^frac */
    unsigned rules;        /* fx_rounding_rules of the format */
    fx_range_t range;
    int32_t saturates;     /* 1: the overflow rule is a clamp (SAT, SAT_SYM) */
} fx_quantizer_t;

static inline fx_quantizer_t fx_quantizer_make(const fx_float_rows_t *x)
{
    fx_quantizer_t q;
    q.scale = ldexp(1.0, x->frac);
    q.rules = fx_rounding_rules(x->format.rounding);
    q.range = fx_range_make(&x->format);
    q.saturates = fx_saturates(&x->format);
    return q;
}

/* product when |product| < 2^62, else 0.0 with *invalid += 1 (also NaN and +-inf), decided on
 * the biased exponent (< 1023 + 62) so that the loop vectorises. */
static inline double fx_valid_product(double product, int64_t *invalid)
{
    uint64_t bits;
    int64_t ok;
    memcpy(&bits, &product, sizeof bits);
    ok = ((bits >> 52) & 0x7ff) < 1023 + 62;
    *invalid += 1 - ok;
    bits &= (uint64_t)0 - (uint64_t)ok;
    memcpy(&product, &bits, sizeof bits);
    return product;
}

/* raw[j] = the quantization of x[j], j < n: x * 2^frac rounded, then the format's overflow
 * (*events += 1 each; saturate as in fx_fit_as); an invalid x (NaN, inf,
 * |x * 2^frac| >= 2^62) adds 1 to *invalid and gives a meaningless raw. */
static inline void fx_quantize_loop(const fx_quantizer_t *q, const double *restrict x, int64_t n,
                                    int64_t *restrict raw, int64_t *events, int64_t *invalid,
                                    const int saturate)
{
    const double scale = q->scale;
    const unsigned rules = q->rules;
    const fx_range_t range = q->range;
    int64_t j, ev = 0, bad = 0;
    for (j = 0; j < n; ++j)
        raw[j] = fx_fit_as(fx_round_scaled(x[j], fx_valid_product(x[j] * scale, &bad), rules),
                           &range, &ev, saturate);
    *events += ev;
    *invalid += bad;
}

/* Elements per chunk when float32 values are widened to double on the stack. */
#define FX_QUANTIZE_CHUNK 256

/* fx_quantize_loop over x[offset .. offset + n); float32 values are widened (exactly) chunk by
 * chunk first, so one loop serves both types. */
static inline void fx_quantize_span(const fx_quantizer_t *q, const fx_float_rows_t *x,
                                    int64_t offset, int64_t n, int64_t *restrict raw,
                                    int64_t *events, int64_t *invalid)
{
    double wide[FX_QUANTIZE_CHUNK];
    int64_t j0, j;
    for (j0 = 0; j0 < n; j0 += x->f64 ? n : FX_QUANTIZE_CHUNK) {
        const int64_t len = x->f64 || n - j0 < FX_QUANTIZE_CHUNK ? n - j0 : FX_QUANTIZE_CHUNK;
        const double *src = x->f64 ? x->f64 + offset : wide;
        if (!x->f64)
            for (j = 0; j < len; ++j)
                wide[j] = (double)x->f32[offset + j0 + j];
        if (q->saturates)
            fx_quantize_loop(q, src, len, raw + j0, events, invalid, 1);
        else
            fx_quantize_loop(q, src, len, raw + j0, events, invalid, 0);
    }
}

/* ---- array kernels (fx_arith.c) ----
 * Given x[n]; returned y[n] (may alias x) and the number of overflow events (status >= 0).
 * Assumptions not checked: |x| < 2^62; for a left shift (frac_drop < 0) |x| << -frac_drop < 2^62. */
int64_t fx_requantize(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                      const fx_format_t *fmt);
/* y = overflow(round(x * 2^frac)) of float64 or float32 values (x->frac in -1022..1023, no
 * float64 copy), over `threads` OpenMP threads (results never depend on it); returns the
 * overflow events, *invalid = the values that are NaN, inf or have |x * 2^frac| >= 2^62 (their
 * y is meaningless). */
int64_t fx_quantize_floats(const fx_float_rows_t *x, int64_t n, int64_t *y, int64_t *invalid,
                           int threads);
void fx_shift_right_array(const int64_t *x, int64_t *y, int64_t n, int32_t k, int32_t rounding);

/* ---- the population engine (fx_population.c) ----
 * Given: p (validated configuration), input ([T][n] for FX_INPUT_CURRENT, [n] for INITIAL;
 *        NULL: no input, i.e. all zeros),
 *        threads (OpenMP threads, <= 1 serial; results never depend on it).
 * In/out: v, i_syn (may be NULL when !cuba), acc: state [n] (int64: an unsigned 32-bit value
 *        does not fit int32): a previous state when p->continue_state, else written only
 *        (the run starts from zero).
 * Returned: spike_total[n] (added to when p->continue_state, else written), overflow[FX_NVARS][T] events per variable and step
 *        (added to; caller zeroes), rec: optional per-step records after each step.
 * Status: FX_OK, or FX_EINVAL for an impossible configuration.
 * Assumptions not checked: schedule values keep |theta|, |r| * max_spikes, |d| * max_spikes
 *        below 2^61 (fxsim.population validates this). */
int fx_population_run(const fx_population_t *p, const int32_t *input, int64_t *v, int64_t *i_syn,
                      int64_t *acc, int64_t *spike_total, int64_t *overflow,
                      const fx_record_t *rec, int threads);

/* ==== PolarNorm (fx_polarnorm.c; SPEC 4.3, docs/algorithms.md section 6) ==================== */

/* Overflow counters of fx_polarnorm, in this order (fxsim.primitives.polarnorm.OVERFLOW_VARS). */
enum fx_polarnorm_var { FX_PN_INPUT = 0, FX_PN_MERGE = 1, FX_PN_OUTPUT = 2, FX_PN_NVARS = 3 };

typedef struct {
    int64_t d;              /* row length, >= 1 */
    int32_t n;              /* CORDIC iterations per merge, 1..32 */
    int32_t guard_bits;     /* 0..30: leaves are |x| * 2^guard_bits */
    int32_t has_eps;        /* 1: append eps_raw as leaf d (m = d + 1 leaves); 0: m = d */
    int64_t eps_raw;        /* sqrt(eps*d) in the internal format (RND_CONV, fitted by the caller) */
    int64_t gain_m;         /* shift-scaler multiplier of 1/K_n, >= 1 */
    int32_t gain_shift;     /* its shift s, 0..62 */
    fx_format_t internal;   /* tree values: unsigned, width 8..32; rounding and overflow of the gain */
    fx_format_t output;     /* the norm */
    int32_t output_drop;    /* internal frac - output frac; < 0 widens (multiply by 2^-drop) */
} fx_polarnorm_t;

/* fx_polarnorm -- the l2 norm sqrt(sum x^2 + eps*d) of each row.
 * Given: p; x[rows][d] raw inputs (int64: an unsigned 32-bit input does not fit int32_t).
 * Scratch: scratch[2 m], m = d + has_eps (the tree values of one row and the sort's buffer).
 * Returned: out[rows] raw in p->output; overflow[FX_PN_NVARS] events added to (caller zeroes):
 *        INPUT (a guard-scaled magnitude out of the internal range), MERGE (a gain output
 *        out of the internal range), OUTPUT (the root out of the output range);
 *        trace (when sorted is non-NULL; the other three must then be non-NULL when m > 1):
 *        sorted[rows][m] leaves after the sort,
 *        cordic_x / cordic_y[rows][m-1][n+1] state before iteration 0 and after each
 *        iteration of every merge (merges level by level, left to right), merged[rows][m-1]
 *        each merge's output after the gain.
 * Status: FX_OK, or FX_EINVAL for an impossible parameter (a NULL pointer, d < 1, n, widths,
 *        guard bits or gain out of range).
 * Assumptions not checked: |x| < 2^32 (x fits a 32-bit format); eps_raw fits p->internal;
 *        (internal width + 2) + bits(gain_m) <= 62 so x_n * gain_m stays below 2^62; a
 *        widening output_drop keeps root * 2^-drop below 2^62 (fxsim.primitives.polarnorm
 *        validates all three). */
int fx_polarnorm(const fx_polarnorm_t *p, const int64_t *x, int64_t rows, int64_t *out,
                 int64_t *overflow, int64_t *scratch, int64_t *sorted, int64_t *cordic_x,
                 int64_t *cordic_y, int64_t *merged);

/* 1 for a configuration fx_polarnorm accepts (the parameter checks of its FX_EINVAL). */
int fx_polarnorm_valid(const fx_polarnorm_t *p);

/* fx_polarnorm_row -- steps 1-6 of one row, shared by fx_polarnorm and the fused norms.
 * Given: p (valid), x[d] raw inputs. Scratch: tree[m], aux[m] (the sort's). Returned: the norm raw in p->output;
 *        overflow[FX_PN_NVARS] added to; this row's trace when sorted is non-NULL: sorted[m],
 *        cordic_x / cordic_y[m-1][n+1], merged[m-1] (those three may be NULL when m = 1). */
int64_t fx_polarnorm_row(const fx_polarnorm_t *p, const int64_t *x, int64_t *tree,
                         int64_t *aux, int64_t *overflow, int64_t *sorted, int64_t *cordic_x,
                         int64_t *cordic_y, int64_t *merged);
/* ==== PWL-Exp (fx_pwl_exp.c; docs/algorithms.md section 5) ==== */

/* The LUT and constants of one PWL-Exp configuration (fxsim.primitives.pwl_exp.build_lut). */
typedef struct {
    int32_t segments;           /* K >= 1 */
    const int64_t *knots;       /* [K-1] interior knots, raw in the input format, ascending */
    const int64_t *slope;       /* [K] a_i raw (frac_a) */
    const int64_t *intercept;   /* [K] b_i raw (frac_b) */
    int64_t x_lo, x_hi;         /* raw bounds of the inputs inside [-L, L] */
    int64_t upper;              /* e^L raw in the output format (returned for x > L) */
    int32_t intercept_shift;    /* frac_a + frac_x - frac_b, 0..62: b is aligned by << this */
    int32_t sum_frac;           /* frac_a + frac_x: frac bits of a * x + aligned b */
    int32_t out_frac;           /* output frac bits */
    fx_format_t out_format;     /* output rounding and overflow */
} fx_pwl_exp_t;

/* The per-call constants of one PWL-Exp configuration, prepared once (fx_pwl_exp_plan). */
typedef struct {
    fx_range_t range;      /* output format */
    fx_rescale_t rescale;  /* the output rounding by sum_frac - out_frac bits (< 0 widens) */
    int64_t b_scale;       /* 2^intercept_shift */
    int64_t top_step;      /* largest power of two <= K - 1 (0 for K = 1) */
    int32_t uniform;       /* 1: knots[i] = knots[0] + i * knot_step exactly, K * knot_step < 2^52 */
    int64_t knot_step;     /* g >= 1 when uniform */
    double knot_inv;       /* 1.0 / g when uniform */
} fx_pwl_exp_plan_t;

/* Fills plan->uniform, knot_step, knot_inv: uniform = 1 when the K - 1 >= 1 interior knots step
 * by one integer g >= 1 with |knots[0]| < 2^61 and K * g < 2^52 (fx_pwl_segments_plan then
 * divides instead of searching). */
static inline void fx_pwl_grid(const fx_pwl_exp_t *p, fx_pwl_exp_plan_t *plan)
{
    const int64_t n_knots = (int64_t)p->segments - 1, limit = (int64_t)1 << 52;
    int64_t i, g = n_knots >= 2 ? p->knots[1] - p->knots[0] : 1;
    int uniform = n_knots >= 1 && p->knots[0] < ((int64_t)1 << 61)
                  && p->knots[0] > -((int64_t)1 << 61) && g >= 1 && g < limit
                  && (int64_t)p->segments <= limit / g;
    for (i = 1; uniform && i < n_knots; ++i)
        uniform = p->knots[i] - p->knots[i - 1] == g;   /* knots < 2^62 apart: no overflow */
    plan->uniform = uniform;
    plan->knot_step = uniform ? g : 1;
    plan->knot_inv = 1.0 / (double)plan->knot_step;
}

/* 1 and the plan for a valid p; 0 for K < 1, an intercept shift outside 0..62 or an output
 * widening of more than 62 bits. */
static inline int fx_pwl_exp_plan(const fx_pwl_exp_t *p, fx_pwl_exp_plan_t *plan)
{
    if (p->segments < 1 || p->intercept_shift < 0 || p->intercept_shift > 62
        || p->sum_frac - p->out_frac < -62)
        return 0;
    plan->range = fx_range_make(&p->out_format);
    plan->rescale = fx_rescale_make(p->sum_frac - p->out_frac, p->out_format.rounding);
    plan->b_scale = (int64_t)1 << p->intercept_shift;
    plan->top_step = p->segments > 1 ? 1 : 0;
    while (plan->top_step && plan->top_step * 2 <= (int64_t)p->segments - 1)
        plan->top_step *= 2;
    fx_pwl_grid(p, plan);
    return 1;
}

/* Elements per chunk in the chunked PWL-Exp loops (stack scratch of the segment indices). */
#define FX_PWL_CHUNK 256

/* idx[j] = number of interior knots strictly below x[j] (lower bound; torch.bucketize
 * right=False) for j < n <= FX_PWL_CHUNK, by binary lifting over the whole chunk: top_step is
 * the largest power of two <= n_knots (0 when there is none), and idx only grows by steps that
 * keep knots[idx + step - 1] < x. Fixed trip counts and no branches, so the inner loop
 * vectorises (gathers). */
static inline void fx_pwl_segments(const int64_t *restrict knots, int64_t n_knots,
                                   int64_t top_step, const int64_t *restrict x, int64_t n,
                                   int64_t *restrict idx)
{
    int64_t j, step;
    for (j = 0; j < n; ++j)
        idx[j] = 0;
    for (step = top_step; step > 0; step >>= 1)
        for (j = 0; j < n; ++j) {
            const int64_t next = idx[j] + step;
            const int64_t fits = next <= n_knots;
            const int64_t probe = fits ? next : n_knots;          /* >= 1 */
            idx[j] += (fits & (knots[probe - 1] < x[j])) ? step : 0;
        }
}

/* exp(x) of one raw input whose segment search gave seg (0..K-1): returns the raw output;
 * *index the segment (-1 below -L, K above L), *product a * x and *sum a * x + aligned b (0
 * outside [-L, L]); *events += 1 when the output requantization of an inside value overflows.
 * Branch-free: outside [-L, L] the arithmetic runs on x clamped to [x_lo, x_hi] (where seg is
 * 0 or K - 1, so every product stays in its checked range) and is then discarded. saturate
 * (a literal): 1 declares a saturating output format (fx_fit_as). */
FX_SPECIALISED int64_t fx_pwl_exp_at(const fx_pwl_exp_t *p, const fx_pwl_exp_plan_t *plan,
                                     int64_t x, int64_t seg, int64_t *index, int64_t *product,
                                     int64_t *sum, int64_t *events, const int saturate)
{
    const int64_t below = x < p->x_lo, above = x > p->x_hi, outside = below | above;
    const int64_t xc = below ? p->x_lo : (above ? p->x_hi : x);
    const int64_t prod = p->slope[seg] * xc;                       /* one LUT read, one multiply */
    const int64_t total = prod + p->intercept[seg] * plan->b_scale; /* aligned intercept, one add */
    int64_t overflowed = 0;
    const int64_t out = fx_fit_as(fx_rescale(total, &plan->rescale), &plan->range, &overflowed,
                                  saturate);
    *events += overflowed & (1 - outside);
    *index = below ? -1 : (above ? p->segments : seg);
    *product = outside ? 0 : prod;
    *sum = outside ? 0 : total;
    return below ? 0 : (above ? p->upper : out);
}

/* Slots of the stats array. */
enum { FX_PWL_LUT_READS = 0, FX_PWL_MULTIPLIES = 1, FX_PWL_ADDS = 2, FX_PWL_OVERFLOW_OUTPUT = 3,
       FX_PWL_NSTATS = 4 };

/* Given: p (the LUT and constants), x[n] raw inputs in the input format.
 * Returned: y[n] raw outputs; index[n] segment (-1 for x < -L, K for x > L), product[n] a * x and
 *        sum[n] a * x + aligned b (0 outside [-L, L]); index, product and sum may be NULL (not
 *        recorded); stats[FX_PWL_NSTATS] (overwritten): LUT reads, multiplies, adds (one each
 *        per element inside [-L, L]) and output overflow events.
 * Status: FX_OK, or FX_EINVAL for K < 1, an intercept shift outside 0..62, an output widening of
 *        more than 62 bits, or a NULL x, y or stats.
 * Assumptions not checked: knots ascending; every |a * x|, |b << shift|, |a * x + b << shift| and
 *        the widened sum stay below 2^62 for x in [x_lo, x_hi] (build_lut checks this). */
int fx_pwl_exp(const fx_pwl_exp_t *p, const int64_t *x, int64_t n, int64_t *y, int64_t *index,
               int64_t *product, int64_t *sum, int64_t *stats);

/* ==== Division Neuron Group (fx_divgroup.c; SPEC 4.1, docs/algorithms.md 4) ==== */

typedef struct {
    int64_t m;              /* divisions */
    int32_t steps;          /* T: numerator steps, >= 1 */
    int32_t n;              /* fractional quotient bits: theta = max(1, B' >> n), 0..62 */
    int64_t group;          /* G: neurons per division, >= 1; the count saturates at G */
    int32_t normalize;      /* 1: shift A and B left so B's leading one sits at normalize_bit */
    int32_t normalize_bit;  /* 0..61 */
} fx_divgroup_t;

/* The largest group the kernels accept (fx_div_count's double estimate relies on it). */
#define FX_DIV_MAX_GROUP ((int64_t)1 << 30)

/* One step of fx_bit_length: if x >> s is non-zero, x becomes it and s bits are counted. */
static inline int64_t fx_bit_length_step(int64_t *x, int64_t s)
{
    const int64_t high = *x >> s;
    *x = high != 0 ? high : *x;
    return high != 0 ? s : 0;
}

/* Bit length of x >= 0 (0 for 0): msb(x) = fx_bit_length(x) - 1. A binary search of six fixed
 * steps with selects, written out (no loop, no data-dependent branch), so loops calling it
 * vectorise. */
static inline int64_t fx_bit_length(int64_t x)
{
    int64_t bits = fx_bit_length_step(&x, 32);
    bits += fx_bit_length_step(&x, 16);
    bits += fx_bit_length_step(&x, 8);
    bits += fx_bit_length_step(&x, 4);
    bits += fx_bit_length_step(&x, 2);
    bits += fx_bit_length_step(&x, 1);
    return bits + (x != 0);
}

/* The normalising shift k of one denominator b > 0: max(0, normalize_bit - msb(b)) when
 * normalising, else 0 (selects only, so loops calling it vectorise). */
static inline int64_t fx_div_shift(int64_t b, const fx_divgroup_t *cfg)
{
    const int64_t shift = cfg->normalize_bit - (fx_bit_length(b) - 1);
    return (shift < 0 ? 0 : shift) & -(int64_t)(cfg->normalize != 0);
}

/* theta = max(1, B' >> n) of one denominator b > 0 whose shift k = fx_div_shift(b, cfg) is
 * given, B' = b << k; *scale = 2^k. */
static inline int64_t fx_div_theta_at(int64_t b, int64_t k, const fx_divgroup_t *cfg,
                                      int64_t *scale)
{
    int64_t theta;
    *scale = (int64_t)1 << k;
    theta = (b * *scale) >> cfg->n;                /* TRN: B' >> n, B' > 0 */
    return theta < 1 ? 1 : theta;
}

/* fx_div_theta_at with the shift computed here. */
static inline int64_t fx_div_theta(int64_t b, const fx_divgroup_t *cfg, int64_t *scale)
{
    return fx_div_theta_at(b, fx_div_shift(b, cfg), cfg, scale);
}

/* Latched neurons of a group whose membrane is v >= 0: min(G, floor(v / theta)), G <= 2^30.
 * inv = 1.0 / theta (double). The double quotient v * inv is within a relative 2^-51 of v / theta:
 * at or above G + 2 the floor is certainly above G (the count saturates); below it the
 * truncated estimate is off by at most one, which one exact integer correction step fixes.
 * (A multiply instead of a 64-bit integer division: it vectorises.) */
static inline int64_t fx_div_count(int64_t v, int64_t theta, double inv, int64_t group)
{
    const double estimate = (double)v * inv;
    const int64_t saturated = estimate >= (double)(group + 2);
    const int64_t guess = (int64_t)(saturated ? 0.0 : estimate);  /* guess * theta <= v + theta */
    const int64_t rem = v - guess * theta;
    const int64_t q = guess - (rem < 0) + (rem >= theta);
    const int64_t clip = saturated | (q > group);
    return q + ((group - q) & -clip);    /* clip ? group : q; a select gcc does not vectorise */
}

/* The signed quotient once the membrane v and its count are final: count, or for a negative
 * numerator floor(-v / theta), one below -count when inexact, except at saturation (count ==
 * G stays -G). */
static inline int64_t fx_div_signed(int64_t v, int64_t theta, int64_t count, int64_t group,
                                    int64_t negative)
{
    return negative ? -count - ((v > count * theta) & (count < group)) : count;
}

/* fx_pwl_segments (the count of interior knots strictly below x[j], j < n <= FX_PWL_CHUNK)
 * through the plan: on a uniform grid knots[i] = k0 + i g (i < K - 1) that count is
 * #{i : k0 + i g < x} = clamp(ceil((x - k0) / g), 0, K - 1) = min(K - 1, floor(D / g)) with
 * D = clamp(x - k0, 0, (K - 1) g) + g - 1 < K g < 2^52: fx_div_count's floor (one double
 * multiply, one exact integer correction; K - 1 <= 2^16 is within its group bound). Any other
 * knots: the binary search. */
static inline void fx_pwl_segments_plan(const fx_pwl_exp_t *p, const fx_pwl_exp_plan_t *plan,
                                        const int64_t *restrict x, int64_t n,
                                        int64_t *restrict idx)
{
    const int64_t n_knots = (int64_t)p->segments - 1;
    int64_t j;
    if (!plan->uniform) {
        fx_pwl_segments(p->knots, n_knots, plan->top_step, x, n, idx);
        return;
    }
    {
        const int64_t k0 = p->knots[0], g = plan->knot_step, span = n_knots * g;
        const double inv = plan->knot_inv;
        for (j = 0; j < n; ++j) {
            const int64_t offset = x[j] - k0;              /* |x|, |k0| < 2^62 */
            const int64_t clamped = offset < 0 ? 0 : (offset > span ? span : offset);
            idx[j] = fx_div_count(clamped + g - 1, g, inv, n_knots);
        }
    }
}

/* Given: cfg; a[T][m] numerator steps (each division's steps all >= 0 or all <= 0);
 *        b[m] denominators (> 0), A and B on a common scale.
 * Returned: q[m] signed count with n fractional bits: clamp(floor(sign * v / theta), -G, G),
 *        v = sum_t |a[t][j]| << k, k = max(0, normalize_bit - msb(b)) when normalising else 0;
 *        membrane[T][m] (v after each step) and latched[T][m] (latched neurons after each
 *        step), each optional (NULL: not recorded); *spikes = total latched neurons.
 * Status: FX_OK, or FX_EINVAL for a bad configuration (including G > FX_DIV_MAX_GROUP) or a
 *        denominator <= 0.
 * Assumptions not checked: |a| < 2^62; sum_t |a[t][j]| << k < 2^62 and b << k < 2^62
 *        (fxsim.primitives.divgroup validates both); steps of one division do not mix signs. */
int fx_divgroup_run(const fx_divgroup_t *cfg, const int64_t *a, const int64_t *b, int64_t *q,
                    int64_t *membrane, int64_t *latched, int64_t *spikes);

/* ==== Fused operators (fx_ops.c; docs/algorithms.md section 7) ====
 * Each equals the composition of the primitives above that fxsim.ops.nlspike defines, with no
 * trace; the Python wrapper selects it only where that composition cannot raise. */

/* nlspike softmax over rows of d raw inputs. */
typedef struct {
    int64_t d;                /* row length, >= 1 */
    int64_t L_raw;            /* L on the input's raw grid */
    int32_t exp_in_drop;      /* input frac - PWL-Exp input frac; < 0 widens (exact) */
    fx_format_t exp_in;       /* PWL-Exp input format with overflow SAT: the designed clamp */
    fx_pwl_exp_t pwl;         /* output format unsigned */
    fx_divgroup_t div;        /* steps = 1; m unused */
    int32_t out_drop;         /* n - output frac; < 0 widens */
    fx_format_t out;          /* the probabilities */
} fx_softmax_t;

/* Slots of fx_softmax's counts array. */
enum { FX_SM_CLAMP = 0, FX_SM_LUT_READS = 1, FX_SM_PWL_OVERFLOW = 2, FX_SM_SPIKES = 3,
       FX_SM_OUT_OVERFLOW = 4, FX_SM_NCOUNTS = 5 };

/* Given: p, x[rows][d] raw inputs in the softmax input format, threads (OpenMP; results never
 *        depend on it).
 * Returned: y[rows][d] raw probabilities; counts[FX_SM_NCOUNTS] (overwritten): exp-input clamp
 *        events, PWL-Exp LUT reads and output overflows, latched division neurons, output
 *        overflows.
 * Status: FX_OK, or FX_EINVAL for a NULL pointer, d < 1, a signed PWL-Exp output format or an
 *        invalid PWL-Exp / division configuration.
 * Assumptions not checked: |x - max + L| widened by -exp_in_drop stays below 2^62; the row sum
 *        of PWL-Exp outputs stays below 2^62 (the Python wrapper checks both). */
int fx_softmax(const fx_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
               int64_t *counts, int threads);


/* Slots of fx_softmax_floats' input counts. */
enum { FX_IN_OVERFLOW = 0, FX_IN_INVALID = 1, FX_IN_NCOUNTS = 2 };

/* fx_softmax of the rows fx_quantize_floats(x) gives, without the int64 copy: each row
 * is quantized into its y row, then processed in place.
 * Returned: y, counts as fx_softmax; in_counts[FX_IN_NCOUNTS] (overwritten): quantization
 *        overflow events and invalid inputs (NaN, +-inf, |x * 2^frac| >= 2^62; y is then
 *        meaningless and the caller reports the error).
 * Status: as fx_softmax, also FX_EINVAL for frac outside -1022..1023 or not exactly one
 *        input array. */
int fx_softmax_floats(const fx_softmax_t *p, const fx_float_rows_t *x, int64_t rows, int64_t *y,
                      int64_t *counts, int64_t *in_counts, int threads);

/* ---- fused activations and norms (fx_ops.c; docs/algorithms.md 7.2, 7.3) ---- */

/* Every drop of the fused kernels lies in -62..62 (the Python wrappers choose the fused path
 * only then); a larger drop is FX_EINVAL. */
#define FX_DROP_OK(k) ((k) >= -62 && (k) <= 62)

/* sigmoid, silu, gelu_tanh: num / (1 + PWL-Exp(-w)) through the Division group. */
enum fx_activation_kind { FX_ACT_SIGMOID = 0, FX_ACT_SILU = 1, FX_ACT_GELU_TANH = 2 };

typedef struct {
    int32_t kind;             /* enum fx_activation_kind */
    /* gelu_tanh: w = 2u = t1 + t3 on xc = clamp(x, +-clip_raw), every value in poly */
    int64_t clip_raw;         /* >= 0 */
    fx_format_t poly;         /* P */
    int32_t poly_in_drop;     /* f_x - f_p: xc into P (its events are not counted) */
    int32_t poly_frac;        /* f_p: the drop of xp * xp and x2 * xp into P */
    int64_t c1_m, c3_m;       /* shift-scalers c1 (of xp) and c3 (of x3) into P */
    int32_t c1_shift, c3_shift;
    /* every kind: w has frac f_w (f_x, or f_p for gelu_tanh) */
    int32_t exp_in_drop;      /* f_w - E_in frac; E_in's overflow SAT: the designed clamp */
    fx_format_t exp_in;
    fx_pwl_exp_t pwl;         /* unsigned output, frac f_o */
    int32_t den_shift;        /* f_c - f_o, 0..62: B = (2^f_o + e) << den_shift */
    int32_t num_shift;        /* f_c - f_x, 0..62: A = x << num_shift (sigmoid: A = 2^f_o) */
    fx_divgroup_t div;        /* steps = 1; m unused */
    int32_t out_drop;         /* n - output frac: the quotient into the output */
    fx_format_t out;
    int32_t bypass_drop;      /* f_x - output frac: x into the output where -w < -L (gated) */
} fx_activation_t;

/* Slots of fx_activation's counts array. */
enum { FX_ACT_CLAMP = 0, FX_ACT_LUT_READS = 1, FX_ACT_PWL_OVERFLOW = 2, FX_ACT_SPIKES = 3,
       FX_ACT_OUT_OVERFLOW = 4, FX_ACT_POLY_OVERFLOW = 5, FX_ACT_BYPASSED = 6,
       FX_ACT_BYPASS_OVERFLOW = 7, FX_ACT_TOO_WIDE = 8, FX_ACT_NCOUNTS = 9 };

/* Given: p, x[n] raw inputs, threads (OpenMP over chunks of FX_PWL_CHUNK elements; results
 *        never depend on it).
 * Returned: y[n] raw outputs; counts[FX_ACT_NCOUNTS] (overwritten): exp-input clamps, PWL-Exp
 *        LUT reads and output overflows, latched division neurons, quotient overflows,
 *        gelu_tanh polynomial overflows, bypassed elements and their output overflows, and
 *        divisions whose normalised operands leave 62 bits (where the composition raises:
 *        the wrapper then runs it; those quotients are 0).
 * Status: FX_OK, or FX_EINVAL for a NULL pointer, a drop or shift out of range or an invalid
 *        PWL-Exp / division configuration.
 * Assumptions not checked: every product and widened value but the division's stays below
 *        2^62 (the Python wrapper selects the kernel only where the composition's own checks
 *        cannot fail). */
int fx_activation(const fx_activation_t *p, const int64_t *x, int64_t n, int64_t *y,
                  int64_t *counts, int threads);

/* rmsnorm, layernorm: x w sqrt(d) / PolarNorm(x) through the Division group (+ bias). */
typedef struct {
    int64_t d;                /* row length, >= 1 */
    int32_t center;           /* 1: layernorm, xc = x - RND(sum x * inv_d_m >> inv_d_shift) */
    int64_t inv_d_m;
    int32_t inv_d_shift;
    int32_t norm_in_drop;     /* f_x - NI frac: xc into PolarNorm's input format */
    fx_format_t norm_in;
    fx_polarnorm_t pn;        /* d = this d */
    const int64_t *weight;    /* [d] raw, or NULL */
    int32_t num_drop;         /* A0 = RND(xc * w >> num_drop), or xc >> num_drop without weight */
    int64_t sqrt_d_m;         /* A = RND(A0 * sqrt_d_m >> sqrt_d_shift) */
    int32_t sqrt_d_shift;
    int32_t den_shift;        /* f_c - f_N, 0..62: B = max(N, 1) << den_shift */
    fx_divgroup_t div;        /* steps = 1; m unused */
    int32_t q_drop;           /* n - group out frac */
    fx_format_t q_format;     /* the group's out format */
    const int64_t *bias;      /* [d] raw at frac n, or NULL: y = q */
    int32_t out_drop;         /* n - output frac: y = requantize(q + bias) */
    fx_format_t out;
} fx_norm_t;

/* Slots of fx_norm's counts array. */
enum { FX_NORM_IN_OVERFLOW = 0, FX_NORM_PN_INPUT = 1, FX_NORM_PN_MERGE = 2,
       FX_NORM_PN_OUTPUT = 3, FX_NORM_SPIKES = 4, FX_NORM_Q_OVERFLOW = 5,
       FX_NORM_OUT_OVERFLOW = 6, FX_NORM_TOO_WIDE = 7, FX_NORM_NCOUNTS = 8 };

/* Given: p, x[rows][d] raw inputs, threads (OpenMP over rows; results never depend on it).
 * Scratch: scratch[max(1, threads)][3 d + 2] (a row of PolarNorm inputs, its tree and the
 *        sort's buffer).
 * Returned: y[rows][d] raw outputs; counts[FX_NORM_NCOUNTS] (overwritten): norm-input
 *        overflows, PolarNorm input / merge / output overflows, latched division neurons,
 *        quotient overflows, output overflows (bias only), divisions whose normalised
 *        operands leave 62 bits (as fx_activation).
 * Status: FX_OK, or FX_EINVAL for a NULL pointer, a drop or shift out of range or an invalid
 *        PolarNorm / division configuration.
 * Assumptions not checked: as fx_activation. */
int fx_norm(const fx_norm_t *p, const int64_t *x, int64_t rows, int64_t *y, int64_t *counts,
            int64_t *scratch, int threads);

#endif /* FXSIM_H */
