/* fx_chain.c -- fused no-leak neuron chains (fx_chain.h). Each element's T steps per basis run
 * in registers; a block of FX_CHAIN_BLOCK elements advances one step at a time so the
 * compare-subtract loop vectorises across elements. Counts are integer sums, so results never
 * depend on the thread count. */
#include "fx_chain.h"

/* One block of len <= FX_CHAIN_BLOCK elements: acc[j] = sum over bases of the final
 * accumulator; c[] += the block's counts. saturate: both formats saturate (a literal). */
FX_SPECIALISED void chain_block(const fx_chain_t *p, const fx_range_t *vr,
                                       const fx_range_t *ar, const int64_t *restrict u,
                                       int64_t len, int64_t *restrict acc, int64_t *c,
                                       const int saturate, const int strict)
{
    int64_t v0[FX_CHAIN_BLOCK], v[FX_CHAIN_BLOCK], a[FX_CHAIN_BLOCK];
    int64_t b, t, j, spikes = 0, ev_v = 0, ev_a = 0;
    const int64_t T = p->steps;
    for (j = 0; j < len; ++j) {
        v0[j] = fx_fit_as(u[j], vr, &ev_v, saturate);
        acc[j] = 0;
    }
    ev_v *= p->bases;                       /* every basis loads the same membrane */
    for (b = 0; b < p->bases; ++b) {
        const int64_t *th = p->theta + b * T, *rs = p->reset + b * T, *in = p->intensity + b * T;
        for (j = 0; j < len; ++j) {
            v[j] = v0[j];
            a[j] = 0;
        }
        for (t = 0; t < T; ++t) {
            const int64_t theta = th[t], r = rs[t], d = in[t];
            for (j = 0; j < len; ++j) {
                const int64_t fire = strict ? v[j] > theta : v[j] >= theta;
                spikes += fire;
                v[j] = fx_fit_as(v[j] - (r & -fire), vr, &ev_v, saturate);
                a[j] = fx_fit_as(a[j] + (d & -fire), ar, &ev_a, saturate);
            }
        }
        for (j = 0; j < len; ++j)
            acc[j] += a[j];
    }
    c[FX_CHAIN_SPIKES] += spikes;
    c[FX_CHAIN_OVERFLOW_V] += ev_v;
    c[FX_CHAIN_OVERFLOW_ACC] += ev_a;
}

static int chain_valid(const fx_chain_t *p)
{
    return p && p->bases >= 1 && p->steps >= 1 && p->theta && p->reset && p->intensity
           && p->v_format.width >= 1 && p->v_format.width <= 32
           && p->acc_format.width >= 1 && p->acc_format.width <= 32;
}

int fx_chain(const fx_chain_t *p, const int64_t *u, int64_t n, int64_t *acc, int64_t *counts,
             int threads)
{
    int64_t blk, c[FX_CHAIN_NCOUNTS] = {0, 0, 0};
    fx_range_t vr, ar;
    int sat, k;
    if (!counts || n < 0 || (n > 0 && (!u || !acc)) || !chain_valid(p))
        return FX_EINVAL;
    vr = fx_range_make(&p->v_format);
    ar = fx_range_make(&p->acc_format);
    sat = fx_saturates(&p->v_format) && fx_saturates(&p->acc_format);
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_CHAIN_NCOUNTS]) if (threads > 1)
#endif
    for (blk = 0; blk < (n + FX_CHAIN_BLOCK - 1) / FX_CHAIN_BLOCK; ++blk) {
        const int64_t j0 = blk * FX_CHAIN_BLOCK;
        const int64_t len = n - j0 < FX_CHAIN_BLOCK ? n - j0 : FX_CHAIN_BLOCK;
        if (sat && p->compare_strict)
            chain_block(p, &vr, &ar, u + j0, len, acc + j0, c, 1, 1);
        else if (sat)
            chain_block(p, &vr, &ar, u + j0, len, acc + j0, c, 1, 0);
        else if (p->compare_strict)
            chain_block(p, &vr, &ar, u + j0, len, acc + j0, c, 0, 1);
        else
            chain_block(p, &vr, &ar, u + j0, len, acc + j0, c, 0, 0);
    }
    for (k = 0; k < FX_CHAIN_NCOUNTS; ++k)
        counts[k] = c[k];
    return FX_OK;
}
