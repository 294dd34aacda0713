/*
 * fx_mbe.h -- one fused pass per MBE operator (fx_mbe.c; docs/algorithms.md section 8.9):
 * the range reduction in front (none, exp, 1/x, 1/sqrt(x)), the MBE neuron (per bank the
 * input normalisation and the fx_chain bases, the bank sum, bias and output requantization)
 * and the operator's readout (the shift back, sigmoid's + 1, the GELU / SiLU pass-through),
 * element by element in blocks of FX_CHAIN_BLOCK: no int64 array between the stages. With
 * tails, the exact-tails compare-select (docs/algorithms.md section 8.10) wraps the three:
 * each block's inside elements are packed on the stack, run, and merged with the asymptotes.
 * Equal bit for bit, every counter included, to the numpy composition of
 * fxsim.primitives.mbe / range_reduction and fxsim.ops.mbe.
 */
#ifndef FX_MBE_H
#define FX_MBE_H

#include "fx_chain.h"

/* The most banks of one MBE neuron. */
#define FX_MBE_MAX_BANKS 8

/* PRE_RECIP / PRE_RSQRT of one x > 0 (fxsim.primitives.range_reduction._mantissa): p = bit
 * length of x, e = p - x_frac, m = floor(x 2^(mant_frac - p)); rsqrt: odd e also m <- 2 m,
 * e <- e - 1 (e even). Returns m; *sh = the exponent the post shift adds, -e (rsqrt -e / 2).
 * Selects and clamped shift counts, no branch: x's bit length is unpredictable in unsorted
 * data, and loops calling it vectorise. */
static inline int64_t fx_mbe_mantissa(int64_t x, int64_t x_frac, int64_t mant_frac,
                                      int64_t rsqrt, int64_t *sh)
{
    const int64_t bits = fx_bit_length(x), odd = rsqrt & (bits - x_frac);
    const int64_t e = bits - x_frac - odd, s = mant_frac - bits + odd;
    const int64_t left = (int64_t)((uint64_t)x << (s > 0 ? s : 0)), right = x >> (s < 0 ? -s : 0);
    *sh = -fx_floor_shift(e, (int)rsqrt);            /* e / 2 exactly: rsqrt's e is even */
    return s >= 0 ? left : right;                    /* x > 0: the floor shift is x >> -s */
}

/* POST_SHIFT's y * 2^s: shift_each after _bounded_left (fxsim.primitives.range_reduction),
 * |y| < 2^61:
 * for s >= 31 only y mod 2 and the sign matter, so |y| >= 2 becomes 2 + |y| mod 2 and s is
 * capped at 33; for s < 0 the right shift by k = -s rounds by `rules` (fx_rounding_rules):
 * floor(y / 2^k) plus fx_round_up on the dropped part: its top bit and the bits below it
 * tell above / tie (no 2^(k - 1) constant, whose variable shift of a literal does not
 * vectorise). k > 62 is k = 62
 * (|y| < 2^61: TRN gives -1 for y < 0, every other mode 0, as fx_shr_make). Written with
 * selects and per-element shift counts, so the loop over elements vectorises. */
static inline int64_t fx_mbe_shift(int64_t y, int64_t s, unsigned rules)
{
    const int64_t neg = y < 0, mag = neg ? -y : y, big = (s >= 31) & (mag >= 2);
    const int64_t two = 2 + (mag & 1), bounded = big ? (neg ? -two : two) : y;
    const int64_t left = (int64_t)((uint64_t)bounded << (s < 0 ? 0 : (s < 33 ? s : 33)));
    const int64_t ns = -s, k1 = ns > 1 ? ns : 1, k = k1 < 62 ? k1 : 62;   /* 1 when s >= 0 */
    const int64_t fl = fx_floor_shift(y, (int)k);
    const int64_t dropped = y - (int64_t)((uint64_t)fl << k);          /* 0 <= dropped < 2^k */
    const int64_t top = dropped >> (k - 1), low = dropped - (top << (k - 1));
    const int64_t up = fx_round_up(rules, dropped != 0, top & (low != 0), top & (low == 0), neg,
                                   fl & 1);
    return s >= 0 ? left : fl + up;
}

/* The MBE neuron on raw inputs with x_frac fractional bits (fxsim.primitives.mbe):
 * per bank b, u = min(requant(max(sign * x - offset, 0) * scale_m, scale_drop, u_format), one),
 * read as int32, loaded into the bank's chain; y = requant(sum of the banks' accumulators +
 * bias, out_drop, out). */
typedef struct {
    int64_t banks;               /* 1..FX_MBE_MAX_BANKS */
    const int64_t *bank_bases;   /* [banks] bases of each bank (>= 1) */
    const int64_t *sign;         /* [banks] +1 or -1 */
    const int64_t *offset;       /* [banks] raw, x_frac bits */
    const int64_t *scale_m;      /* [banks] the 1/scale shift-scaler multiplier */
    const int64_t *scale_drop;   /* [banks] x_frac + its shift - u frac */
    fx_format_t u_format;        /* membrane, thresholds, resets; the scaler's rounding */
    int64_t u_one;               /* 1.0 in u_format */
    fx_format_t acc_format;
    int64_t steps;               /* T */
    int32_t compare_strict;      /* 0: spike on v >= theta */
    const int64_t *theta;        /* [sum(bank_bases) * steps], bank-major then basis-major */
    const int64_t *reset;
    const int64_t *intensity;
    int64_t bias;                /* acc_format raw */
    int32_t out_drop;            /* acc frac - output frac */
    fx_format_t out;
} fx_mbe_t;

/* The stage in front of the neuron (enum fx_mbe_pre). */
enum fx_mbe_pre {
    FX_MBE_PRE_NONE = 0,   /* the neuron reads x */
    FX_MBE_PRE_EXP = 1,    /* z = requant(x * z_m, z_drop, z_format), k = floor(z), r = frac(z) */
    FX_MBE_PRE_RECIP = 2,  /* p = bit length of x > 0, e = p - x_frac, m = x * 2^(mant_frac - p) */
    FX_MBE_PRE_RSQRT = 3   /* as RECIP, then odd e: m <- 2 m, e <- e - 1 */
};

/* The stage after it (enum fx_mbe_post). */
enum fx_mbe_post {
    FX_MBE_POST_NONE = 0,     /* y */
    FX_MBE_POST_SHIFT = 1,    /* requant(y * 2^(shift_base + k or -e or -e/2), 0, post);
                                 needs a pre stage */
    FX_MBE_POST_SIGMOID = 2,  /* requant(y + post_one, post_drop, post) */
    FX_MBE_POST_PASS = 3      /* x >= pass_at ? requant(x, post_drop, post) : y */
};

typedef struct {
    fx_mbe_t neuron;
    int32_t pre;                 /* enum fx_mbe_pre */
    int64_t z_m;                 /* PRE_EXP: the log2(e) multiplier */
    int32_t z_drop;
    fx_format_t z_format;
    int32_t z_frac;              /* 1..32: frac of z and of r */
    int32_t x_frac;              /* PRE_RECIP / PRE_RSQRT: frac of x */
    int32_t mant_frac;           /* frac of m */
    int32_t post;                /* enum fx_mbe_post */
    int32_t shift_base;          /* POST_SHIFT: output frac - neuron output frac */
    int64_t post_one;            /* POST_SIGMOID: 1.0 in the neuron's output frac */
    int64_t pass_at;             /* POST_PASS: raw x from which x passes through */
    int32_t post_drop;
    fx_format_t post_format;
    int32_t tails;               /* 1: x <= tail_lo and x >= tail_hi take the asymptotes */
    int64_t tail_lo, tail_hi;    /* raw x (both tails: the upper one wins) */
    int64_t tail_lo_y;           /* raw output below */
    int64_t tail_hi_y;           /* raw output above, unless tail_hi_pass */
    int32_t tail_hi_pass;        /* 1: above is requant(x, post_drop, post_format) (POST_PASS) */
} fx_mbe_op_t;

/* Slots of fx_mbe_op's counts array. */
enum { FX_MBE_SPIKES = 0, FX_MBE_OVERFLOW_V = 1, FX_MBE_OVERFLOW_ACC = 2,
       FX_MBE_OVERFLOW_NEURON = 3, FX_MBE_OVERFLOW_Z = 4, FX_MBE_OVERFLOW_POST = 5,
       FX_MBE_TAILS = 6, FX_MBE_NCOUNTS = 7 };

/* Everything fx_mbe_op derives from the plan once per call (fx_mbe_prepare). */
typedef struct {
    fx_chain_t chain[FX_MBE_MAX_BANKS];
    fx_chain_prep_t prep[FX_MBE_MAX_BANKS];
    fx_requant_t scale[FX_MBE_MAX_BANKS];
    fx_requant_t out, z, post;
    int32_t u_saturates, out_saturates;
    int32_t side[FX_MBE_MAX_BANKS];       /* mbe_side of each bank */
    int32_t split;                        /* banks active only on x > 0 and only on x <= 0 */
} fx_mbe_prep_t;

/* Given: p. Gives: *q, for fx_mbe_run (q refers to p's tables: p must outlive it).
 * Returns FX_OK, or FX_EINVAL for a plan fx_mbe_op refuses. */
int fx_mbe_prepare(const fx_mbe_op_t *p, fx_mbe_prep_t *q);

/* fx_mbe_op on one thread with a prepared plan (kernels that run an MBE operator on many
 * small spans: the preparation once per call, not once per span). Gives y[n] and
 * counts[FX_MBE_NCOUNTS] (overwritten). */
void fx_mbe_run(const fx_mbe_op_t *p, const fx_mbe_prep_t *q, const int64_t *x, int64_t n,
                int64_t *y, int64_t *counts);

/* Given: p, x[n] raw int64 (|x| < 2^32; x > 0 for PRE_RECIP / PRE_RSQRT), threads (OpenMP
 * over blocks; results never depend on it).
 * Gives: y[n]; counts[FX_MBE_NCOUNTS]: spikes, membrane and accumulator overflow events of
 * every bank's chain, the neuron output's, z's and the post stage's overflow events
 * (POST_PASS counts none: its pass-through requantization discards them), and the elements
 * the tail compare selected (0 without tails). With tails every count but the last covers
 * the inside elements only, as the neuron runs on those only.
 * Returns FX_OK, or FX_EINVAL for bad arguments. */
int fx_mbe_op(const fx_mbe_op_t *p, const int64_t *x, int64_t n, int64_t *y, int64_t *counts,
              int threads);

/* fx_mbe_op of float values quantized in the kernel, block by block (no int64 copy of the
 * input): x as fx_activation_floats (its format: the raw inputs' frac and format); the
 * quantized values must meet fx_mbe_op's bound on |x|. Returns as fx_mbe_op; in_counts
 * [FX_IN_NCOUNTS] (overwritten): the quantization's overflow events and its invalid values
 * (NaN, inf, |x 2^frac| >= 2^62), where y is meaningless. */
int fx_mbe_op_floats(const fx_mbe_op_t *p, const fx_float_rows_t *x, int64_t n, int64_t *y,
                     int64_t *counts, int64_t *in_counts, int threads);

#endif /* FX_MBE_H */
