/*
 * fx_divgroup.h -- the Division Neuron Group (fx_divgroup.c): its configuration, the per-division
 * inline steps (normalising shift, theta, latched count, signed quotient) and fx_divgroup_run.
 */
#ifndef FX_DIVGROUP_H
#define FX_DIVGROUP_H

#include "fx_arith.h"

/* ==== Division Neuron Group (fx_divgroup.c; docs/algorithms.md 4) ==== */

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

/* Latched neurons of a group whose membrane is v >= 0: min(G, floor(v / theta)), G <= 2^30,
 * from a double estimate of v / theta within a relative 2^-51 of it (v * (1.0 / theta), or
 * v / theta in double): at or above G + 2 the floor is certainly above G (the count
 * saturates); below it the truncated estimate is off by at most one, which one exact integer
 * correction step fixes. (No 64-bit integer division: the loops vectorise.) */
static inline int64_t fx_div_count_from(int64_t v, int64_t theta, double estimate, int64_t group)
{
    const int64_t saturated = estimate >= (double)(group + 2);
    const int64_t guess = (int64_t)(saturated ? 0.0 : estimate);  /* guess * theta <= v + theta */
    const int64_t rem = v - guess * theta;
    const int64_t q = guess - (rem < 0) + (rem >= theta);
    const int64_t clip = saturated | (q > group);
    return q + ((group - q) & -clip);    /* clip ? group : q; a select gcc does not vectorise */
}

/* fx_div_count_from with the estimate v * inv, inv = 1.0 / theta (double): for a theta that
 * serves many membranes. */
static inline int64_t fx_div_count(int64_t v, int64_t theta, double inv, int64_t group)
{
    return fx_div_count_from(v, theta, (double)v * inv, group);
}

/* The signed quotient once the membrane v and its count are final: count, or for a negative
 * numerator floor(-v / theta), one below -count when inexact, except at saturation (count ==
 * G stays -G). */
static inline int64_t fx_div_signed(int64_t v, int64_t theta, int64_t count, int64_t group,
                                    int64_t negative)
{
    return negative ? -count - ((v > count * theta) & (count < group)) : count;
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

#endif /* FX_DIVGROUP_H */
