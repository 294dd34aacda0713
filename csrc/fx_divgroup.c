/*
 * fx_divgroup.c -- the Division Neuron Group (P1, docs/algorithms.md 4).
 *
 * One membrane and one latched count per division carry the whole group of G neurons: all
 * G membranes integrate the same input, so neuron i (threshold i * theta) is latched after
 * step t exactly when v_t >= i * theta, and the count is min(G, v_t / theta). Divisions are
 * processed in blocks of FX_DIV_BLOCK (state in stack scratch, divisions innermost and
 * contiguous, like fx_population.c). Plain C99, no allocation, no globals.
 */
#include "fx_divgroup.h"

#define FX_DIV_BLOCK 512

int fx_divgroup_run(const fx_divgroup_t *cfg, const int64_t *a, const int64_t *b, int64_t *q,
                    int64_t *membrane, int64_t *latched, int64_t *spikes)
{
    int64_t v[FX_DIV_BLOCK], count[FX_DIV_BLOCK], theta[FX_DIV_BLOCK], scale[FX_DIV_BLOCK];
    int64_t negative[FX_DIV_BLOCK];
    double inv[FX_DIV_BLOCK];
    int64_t j0, j, m, G, total = 0;
    int32_t t, T;
    if (!cfg || cfg->m < 0 || cfg->steps < 1 || cfg->n < 0 || cfg->n > 62 || cfg->group < 1
        || cfg->group > FX_DIV_MAX_GROUP || cfg->normalize_bit < 0 || cfg->normalize_bit > 61
        || !spikes
        || (cfg->m > 0 && (!a || !b || !q)))
        return FX_EINVAL;
    m = cfg->m;
    T = cfg->steps;
    G = cfg->group;
    for (j0 = 0; j0 < m; j0 += FX_DIV_BLOCK) {
        const int64_t len = m - j0 < FX_DIV_BLOCK ? m - j0 : FX_DIV_BLOCK;
        for (j = 0; j < len; ++j) {
            if (b[j0 + j] <= 0)
                return FX_EINVAL;
            /* normalise: B's leading one moves up to normalize_bit (never down) */
            theta[j] = fx_div_theta(b[j0 + j], cfg, &scale[j]);
            inv[j] = 1.0 / (double)theta[j];
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
                count[j] = fx_div_count(v[j], theta[j], inv[j], G);
            }
            if (membrane)
                for (j = 0; j < len; ++j)
                    membrane[(int64_t)t * m + j0 + j] = v[j];
            if (latched)
                for (j = 0; j < len; ++j)
                    latched[(int64_t)t * m + j0 + j] = count[j];
        }
        for (j = 0; j < len; ++j) {
            q[j0 + j] = fx_div_signed(v[j], theta[j], count[j], G, negative[j]);
            total += count[j];
        }
    }
    *spikes = total;
    return FX_OK;
}
