/*
 * fx_divgroup.c -- the Division Neuron Group (P1, SPEC 4.1, docs/algorithms.md 4).
 *
 * One membrane and one latched count per division carry the whole group of G neurons: all
 * G membranes integrate the same input, so neuron i (threshold i * theta) is latched after
 * step t exactly when v_t >= i * theta, and the count is min(G, v_t / theta). Divisions are
 * processed in blocks of FX_DIV_BLOCK (state in stack scratch, divisions innermost and
 * contiguous, like fx_population.c). Plain C99, no allocation, no globals.
 */
#include "fxsim.h"

#define FX_DIV_BLOCK 512

/* Bit length of x >= 0 (0 for 0): msb(x) = fx_bit_length(x) - 1. */
static int32_t fx_bit_length(int64_t x)
{
    int32_t bits = 0;
    while (x > 0) {
        x >>= 1;
        ++bits;
    }
    return bits;
}

int fx_divgroup_run(const fx_divgroup_t *cfg, const int64_t *a, const int64_t *b, int64_t *q,
                    int64_t *membrane, int64_t *latched, int64_t *spikes)
{
    int64_t v[FX_DIV_BLOCK], count[FX_DIV_BLOCK], theta[FX_DIV_BLOCK], scale[FX_DIV_BLOCK];
    int64_t negative[FX_DIV_BLOCK];
    int64_t j0, j, m, G, total = 0;
    int32_t t, T, k;
    if (!cfg || cfg->m < 0 || cfg->steps < 1 || cfg->n < 0 || cfg->n > 62 || cfg->group < 1
        || cfg->normalize_bit < 0 || cfg->normalize_bit > 61 || !spikes
        || (cfg->m > 0 && (!a || !b || !q)))
        return FX_EINVAL;
    m = cfg->m;
    T = cfg->steps;
    G = cfg->group;
    for (j0 = 0; j0 < m; j0 += FX_DIV_BLOCK) {
        const int64_t len = m - j0 < FX_DIV_BLOCK ? m - j0 : FX_DIV_BLOCK;
        for (j = 0; j < len; ++j) {
            const int64_t bj = b[j0 + j];
            if (bj <= 0)
                return FX_EINVAL;
            /* normalise: B's leading one moves up to normalize_bit (never down) */
            k = cfg->normalize ? cfg->normalize_bit - (fx_bit_length(bj) - 1) : 0;
            if (k < 0)
                k = 0;
            scale[j] = (int64_t)1 << k;
            theta[j] = (bj * scale[j]) >> cfg->n;          /* TRN: B' >> n, B' > 0 */
            if (theta[j] < 1)
                theta[j] = 1;
            v[j] = 0;
            count[j] = 0;
            negative[j] = 0;
        }
        for (t = 0; t < T; ++t) {
            const int64_t *at = a + (int64_t)t * m + j0;
            for (j = 0; j < len; ++j) {
                const int64_t x = at[j];
                negative[j] |= x < 0;
                v[j] += (x < 0 ? -x : x) * scale[j];       /* every neuron integrates |A_t| << k */
                count[j] = v[j] / theta[j];                /* #{i : v >= i * theta}, v >= 0 */
                if (count[j] > G)
                    count[j] = G;
            }
            if (membrane)
                for (j = 0; j < len; ++j)
                    membrane[(int64_t)t * m + j0 + j] = v[j];
            if (latched)
                for (j = 0; j < len; ++j)
                    latched[(int64_t)t * m + j0 + j] = count[j];
        }
        for (j = 0; j < len; ++j) {
            /* sign restoration: floor of a negative inexact quotient is one below -count;
             * at saturation (count == G) the result stays -G */
            const int64_t inexact = v[j] > count[j] * theta[j];
            q[j0 + j] = negative[j] ? -count[j] - (inexact & (count[j] < G)) : count[j];
            total += count[j];
        }
    }
    *spikes = total;
    return FX_OK;
}
