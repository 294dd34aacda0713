/* fx_chain.c -- fused no-leak neuron chains (fx_chain.h). A block of FX_CHAIN_BLOCK elements
 * advances one step at a time, so the compare-subtract loop vectorises across elements.
 * Each element's outcome is a pure function of its loaded membrane, so the elements that load
 * 0 (every polarity-split or clamped input that is not on its side) share one outcome,
 * computed once per call; only the others enter the vector loop (docs/algorithms.md 8.8).
 * Counts are integer sums, so results never depend on the thread count. */
#include "fx_chain.h"

/* The outcome of the bank on one loaded membrane: acc summed over the bases, counts. */
typedef struct {
    int64_t acc, spikes, ev_v, ev_a;
} chain_outcome_t;

/* v[0..len) (loaded membranes, compacted) -> acc[0..len) and the counts, basis by basis.
 * saturate and strict are literals. */
FX_SPECIALISED void chain_run(const fx_chain_t *p, const fx_range_t *vr, const fx_range_t *ar,
                              const int64_t *restrict v0, int64_t len, int64_t *restrict acc,
                              chain_outcome_t *c, const int saturate, const int strict)
{
    int64_t v[FX_CHAIN_BLOCK], a[FX_CHAIN_BLOCK];
    int64_t b, t, j, spikes = 0, ev_v = 0, ev_a = 0;
    const int64_t T = p->steps;
    for (j = 0; j < len; ++j)
        acc[j] = 0;
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
    c->spikes += spikes;
    c->ev_v += ev_v;
    c->ev_a += ev_a;
}

/* chain_run with the plan's two flags as literals. */
static void chain_dispatch(const fx_chain_t *p, const fx_range_t *vr, const fx_range_t *ar,
                           int sat, const int64_t *v0, int64_t len, int64_t *acc,
                           chain_outcome_t *c)
{
    if (sat && p->compare_strict)
        chain_run(p, vr, ar, v0, len, acc, c, 1, 1);
    else if (sat)
        chain_run(p, vr, ar, v0, len, acc, c, 1, 0);
    else if (p->compare_strict)
        chain_run(p, vr, ar, v0, len, acc, c, 0, 1);
    else
        chain_run(p, vr, ar, v0, len, acc, c, 0, 0);
}

/* One block of len <= FX_CHAIN_BLOCK elements: acc[j] and the counts c[]; zero: the outcome
 * of a loaded 0. */
static void chain_block(const fx_chain_t *p, const fx_range_t *vr, const fx_range_t *ar,
                        int sat, const chain_outcome_t *zero, const int64_t *u, int64_t len,
                        int64_t *acc, int64_t *c)
{
    int64_t v0[FX_CHAIN_BLOCK] = {0}, sums[FX_CHAIN_BLOCK], idx[FX_CHAIN_BLOCK];
    int64_t j, k = 0, zeros, load_events = 0;
    chain_outcome_t out = {0, 0, 0, 0};
    for (j = 0; j < len; ++j) {
        const int64_t v = fx_fit(u[j], vr, &load_events);
        v0[k] = v;
        idx[k] = j;
        k += v != 0;
        acc[j] = zero->acc;
    }
    zeros = len - k;
    chain_dispatch(p, vr, ar, sat, v0, k, sums, &out);
    for (j = 0; j < k; ++j)
        acc[idx[j]] = sums[j];
    c[FX_CHAIN_SPIKES] += out.spikes + zeros * zero->spikes;
    c[FX_CHAIN_OVERFLOW_V] += out.ev_v + zeros * zero->ev_v + load_events * p->bases;
    c[FX_CHAIN_OVERFLOW_ACC] += out.ev_a + zeros * zero->ev_a;
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
    int64_t blk, c[FX_CHAIN_NCOUNTS] = {0, 0, 0}, zero_v = 0;
    chain_outcome_t zero = {0, 0, 0, 0};
    fx_range_t vr, ar;
    int sat, k;
    if (!counts || n < 0 || (n > 0 && (!u || !acc)) || !chain_valid(p))
        return FX_EINVAL;
    vr = fx_range_make(&p->v_format);
    ar = fx_range_make(&p->acc_format);
    sat = fx_saturates(&p->v_format) && fx_saturates(&p->acc_format);
    chain_dispatch(p, &vr, &ar, sat, &zero_v, 1, &zero.acc, &zero);  /* 0 is in every range */
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_CHAIN_NCOUNTS]) if (threads > 1)
#endif
    for (blk = 0; blk < (n + FX_CHAIN_BLOCK - 1) / FX_CHAIN_BLOCK; ++blk) {
        const int64_t j0 = blk * FX_CHAIN_BLOCK;
        chain_block(p, &vr, &ar, sat, &zero, u + j0,
                    n - j0 < FX_CHAIN_BLOCK ? n - j0 : FX_CHAIN_BLOCK, acc + j0, c);
    }
    for (k = 0; k < FX_CHAIN_NCOUNTS; ++k)
        counts[k] = c[k];
    return FX_OK;
}
