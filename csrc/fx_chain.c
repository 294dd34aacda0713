/* fx_chain.c -- fused no-leak neuron chains (fx_chain.h). A block of FX_CHAIN_BLOCK elements
 * advances one step at a time, so the compare-subtract loop vectorises across elements.
 * Each element's outcome is a pure function of its loaded membrane, so the elements that load
 * 0 (every polarity-split or clamped input that is not on its side) share one outcome,
 * computed once per call; only the others enter the vector loop (docs/algorithms.md 8.8).
 * Where interval arithmetic on the tables proves that no step can overflow for the block's
 * loaded membranes and every value fits 32 bits (chain_safe), the loop runs on int32 lanes
 * with no overflow test.
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

/* Step t of a basis on element j's state in registers: membrane vj, accumulator aj and
 * spike count sj (packed = 0), or vj and cj = aj + sj 2^K modulo 2^32 (packed = 1; dp =
 * intensity + 2^K): one add fewer per step. The if is converted to selects: merge-masked
 * subtract and adds where the target has mask registers. */
#define CHAIN_STEP32(t)                                                                    \
    do {                                                                                   \
        const int32_t theta_ = (int32_t)th[t], r_ = (int32_t)rs[t];                        \
        const uint32_t d_ = (uint32_t)in[t] + pack_one;                                    \
        if (strict ? vj > theta_ : vj >= theta_) {                                         \
            vj -= r_;                                                                      \
            aj += d_;                                                                      \
            if (!packed)                                                                   \
                sj += 1;                                                                   \
        }                                                                                  \
    } while (0)

/* Steps per chunk of chain_steps32. */
#define CHAIN_UNROLL 8

/* CHAIN_UNROLL steps (wide = 1) or one step (wide = 0) of one basis on 32-bit lanes: element
 * j's state (v, a and, unless packed, s) is loaded once, its steps run in registers (written
 * out, no loop), and the loop over j vectorises across elements: element lanes innermost,
 * the steps outside each lane. a holds the accumulator modulo 2^32 (plus the spike count
 * times pack_one = 2^K where packed). wide, packed and strict are literals. */
FX_SPECIALISED void chain_steps32(const int64_t *restrict th, const int64_t *restrict rs,
                                  const int64_t *restrict in, uint32_t pack_one,
                                  int32_t *restrict v, uint32_t *restrict a,
                                  uint32_t *restrict s, int64_t len, const int wide,
                                  const int packed, const int strict)
{
    int64_t j;
    for (j = 0; j < len; ++j) {
        int32_t vj = v[j];
        uint32_t aj = a[j], sj = packed ? 0 : s[j];
        CHAIN_STEP32(0);
        if (wide) {
            CHAIN_STEP32(1);
            CHAIN_STEP32(2);
            CHAIN_STEP32(3);
            CHAIN_STEP32(4);
            CHAIN_STEP32(5);
            CHAIN_STEP32(6);
            CHAIN_STEP32(7);
        }
        v[j] = vj;
        a[j] = aj;
        if (!packed)
            s[j] = sj;
    }
}

/* One basis's T steps on the lanes from the loaded membranes v0 (chain_steps32 chunks). */
FX_SPECIALISED void chain_basis32(const fx_chain_t *p, int64_t b, uint32_t pack_one,
                                  const int64_t *restrict v0, int32_t *restrict v,
                                  uint32_t *restrict a, uint32_t *restrict s, int64_t len,
                                  const int packed, const int strict)
{
    const int64_t T = p->steps;
    const int64_t *th = p->theta + b * T, *rs = p->reset + b * T, *in = p->intensity + b * T;
    int64_t t, j;
    for (j = 0; j < len; ++j) {
        v[j] = (int32_t)v0[j];
        a[j] = 0;
    }
    for (t = 0; t + CHAIN_UNROLL <= T; t += CHAIN_UNROLL)
        chain_steps32(th + t, rs + t, in + t, pack_one, v, a, s, len, 1, packed, strict);
    for (; t < T; ++t)
        chain_steps32(th + t, rs + t, in + t, pack_one, v, a, s, len, 0, packed, strict);
}

/* chain_run where no step can overflow and every value fits int32 (chain_safe): the same
 * integers on 32-bit lanes, overflow events 0. With q->packed, each basis's spike count
 * rides in its accumulator's high bits (fx_chain_prep_t), read back once per basis. strict
 * and packed are literals. */
FX_SPECIALISED void chain_run32(const fx_chain_t *p, const fx_chain_prep_t *q,
                                const int64_t *restrict v0, int64_t len,
                                int64_t *restrict acc, chain_outcome_t *c, const int packed,
                                const int strict)
{
    int32_t v[FX_CHAIN_BLOCK];
    uint32_t a[FX_CHAIN_BLOCK], s[FX_CHAIN_BLOCK];
    int64_t b, j, spikes = 0;
    for (j = 0; j < len; ++j) {
        acc[j] = 0;
        s[j] = 0;
    }
    for (b = 0; b < p->bases; ++b) {
        if (packed) {
            const int K = q->pack_bits[b];
            const int64_t a_lo = q->pack_lo[b];
            const uint32_t off = (uint32_t)a_lo, mask = (UINT32_C(1) << K) - 1u;
            chain_basis32(p, b, UINT32_C(1) << K, v0, v, a, s, len, 1, strict);
            for (j = 0; j < len; ++j) {
                const uint32_t rel = a[j] - off;      /* (a - a_lo) + spikes 2^K, no wrap */
                acc[j] += a_lo + (int64_t)(rel & mask);
                s[j] += rel >> K;
            }
        } else {
            chain_basis32(p, b, 0, v0, v, a, s, len, 0, strict);
            for (j = 0; j < len; ++j)
                acc[j] += (int32_t)a[j];
        }
    }
    for (j = 0; j < len; ++j)
        spikes += s[j];
    c->spikes += spikes;
}

/* 1 where every threshold, reset and intensity fits int32 and so do both ranges. */
static int chain_tables32(const fx_chain_t *p, const fx_range_t *vr, const fx_range_t *ar)
{
    int64_t k;
    if (vr->lo < INT32_MIN || vr->hi > INT32_MAX || ar->lo < INT32_MIN || ar->hi > INT32_MAX)
        return 0;
    for (k = 0; k < p->bases * p->steps; ++k)
        if (p->theta[k] < INT32_MIN || p->theta[k] > INT32_MAX || p->reset[k] < INT32_MIN
            || p->reset[k] > INT32_MAX || p->intensity[k] < INT32_MIN
            || p->intensity[k] > INT32_MAX)
            return 0;
    return 1;
}

/* 1 where no step of basis b can overflow for any loaded membrane in [lo, hi] (a tables32
 * plan), so that chain_run32 gives chain_run's integers; *a_lo, *a_hi: bounds of its final
 * accumulator. Interval arithmetic on the membrane v and the accumulator a: at step t a
 * spike needs v >= g = theta + strict: the spiking part of [l, h] is [max(l, g), h], moved
 * to [max(l, g) - r, h - r] with a + d; the quiet part is [l, min(h, g - 1)], unchanged.
 * Every moved interval must stay in its range; the next interval is the hull of both parts. */
static int chain_basis_safe(const fx_chain_t *p, int64_t b, const fx_range_t *vr,
                            const fx_range_t *ar, int64_t lo, int64_t hi, int64_t *a_lo,
                            int64_t *a_hi)
{
    int64_t t, l = lo, h = hi, al = 0, ah = 0;
    for (t = 0; t < p->steps; ++t) {
        const int64_t k = b * p->steps + t, g = p->theta[k] + p->compare_strict;
        const int64_t r = p->reset[k], d = p->intensity[k];
        int64_t nl = l, nh = h, nal = al, nah = ah;
        if (h >= g) {
            nl = (l > g ? l : g) - r;
            nh = h - r;
            nal = al + d;
            nah = ah + d;
            if (nl < vr->lo || nh > vr->hi || nal < ar->lo || nah > ar->hi)
                return 0;
            if (l < g) {                        /* the quiet part joins the hull */
                nl = nl < l ? nl : l;
                nh = nh > g - 1 ? nh : (h < g - 1 ? h : g - 1);
                nal = nal < al ? nal : al;
                nah = nah > ah ? nah : ah;
            }
        }
        l = nl;
        h = nh;
        al = nal;
        ah = nah;
    }
    *a_lo = al;
    *a_hi = ah;
    return 1;
}

/* chain_basis_safe for every basis, loaded membranes in [lo, hi] within the range. */
static int chain_safe(const fx_chain_t *p, const fx_range_t *vr, const fx_range_t *ar,
                      int64_t lo, int64_t hi)
{
    int64_t b, al, ah;
    if (lo < vr->lo || hi > vr->hi)
        return 0;
    for (b = 0; b < p->bases; ++b)
        if (!chain_basis_safe(p, b, vr, ar, lo, hi, &al, &ah))
            return 0;
    return 1;
}

/* q->packed and its per-basis K and accumulator floor, for an exact32 plan: basis b's final
 * accumulator lies in [al, ah] (chain_basis_safe over the whole range) and its spike count
 * in [0, T]; with K the bit length of ah - al and T 2^K + (ah - al) < 2^32, the pair is
 * recovered from (a + count 2^K) mod 2^32 - al (docs/algorithms.md 8.8). */
static void chain_pack(const fx_chain_t *p, fx_chain_prep_t *q)
{
    int64_t b, al = 0, ah = 0;
    q->packed = p->bases <= FX_CHAIN_PACK_MAX;
    for (b = 0; q->packed && b < p->bases; ++b) {
        int K = 0;
        q->packed = chain_basis_safe(p, b, &q->vr, &q->ar, q->vr.lo, q->vr.hi, &al, &ah);
        while (K < 32 && ((ah - al) >> K) != 0)
            ++K;
        q->packed = q->packed && K < 32
                    && p->steps <= (((int64_t)UINT32_MAX - (ah - al)) >> K);
        q->pack_bits[b] = K;
        q->pack_lo[b] = al;
    }
}

/* chain_run with the plan's flags as literals. */
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

/* v0[j] = u[j] loaded into the membrane's range (saturate as in fx_fit_as); the load events. */
FX_SPECIALISED int64_t chain_load(const fx_range_t *vr, const int64_t *restrict u, int64_t len,
                                  int64_t *restrict v0, const int saturate)
{
    int64_t j, events = 0;
    for (j = 0; j < len; ++j)
        v0[j] = fx_fit_as(u[j], vr, &events, saturate);
    return events;
}

/* A block through chain_run32 when it is exact for the loaded membranes (every element:
 * a loaded 0 gives the zero outcome there too, so no compaction is needed); 0 otherwise. */
static int chain_block32(const fx_chain_t *p, const fx_chain_prep_t *q, const int64_t *u,
                         int64_t len, int64_t *acc, int64_t *c)
{
    int64_t v0[FX_CHAIN_BLOCK], load_events, j, lo, hi;
    chain_outcome_t out = {0, 0, 0, 0};
    load_events = fx_saturates(&p->v_format) ? chain_load(&q->vr, u, len, v0, 1)
                                             : chain_load(&q->vr, u, len, v0, 0);
    if (!q->exact32) {
        lo = q->vr.hi;
        hi = q->vr.lo;
        for (j = 0; j < len; ++j) {
            lo = v0[j] < lo ? v0[j] : lo;
            hi = v0[j] > hi ? v0[j] : hi;
        }
        if (!chain_safe(p, &q->vr, &q->ar, lo, hi))
            return 0;
    }
    if (q->exact32 && q->packed)        /* the packing holds over the whole range */
        p->compare_strict ? chain_run32(p, q, v0, len, acc, &out, 1, 1)
                          : chain_run32(p, q, v0, len, acc, &out, 1, 0);
    else
        p->compare_strict ? chain_run32(p, q, v0, len, acc, &out, 0, 1)
                          : chain_run32(p, q, v0, len, acc, &out, 0, 0);
    c[FX_CHAIN_SPIKES] += out.spikes;
    c[FX_CHAIN_OVERFLOW_V] += load_events * p->bases;
    return 1;
}

/* A block with overflow checks: the elements that load 0 take the zero outcome, the others
 * go through chain_run. */
static void chain_block_checked(const fx_chain_t *p, const fx_chain_prep_t *q, const int64_t *u,
                                int64_t len, int64_t *acc, int64_t *c)
{
    int64_t v0[FX_CHAIN_BLOCK] = {0}, sums[FX_CHAIN_BLOCK], idx[FX_CHAIN_BLOCK];
    int64_t j, k = 0, zeros, load_events = 0;
    chain_outcome_t out = {0, 0, 0, 0};
    for (j = 0; j < len; ++j) {
        const int64_t v = fx_fit(u[j], &q->vr, &load_events);
        v0[k] = v;
        idx[k] = j;
        k += v != 0;
        acc[j] = q->zero_acc;
    }
    zeros = len - k;
    chain_dispatch(p, &q->vr, &q->ar, q->saturate, v0, k, sums, &out);
    for (j = 0; j < k; ++j)
        acc[idx[j]] = sums[j];
    c[FX_CHAIN_SPIKES] += out.spikes + zeros * q->zero_spikes;
    c[FX_CHAIN_OVERFLOW_V] += out.ev_v + zeros * q->zero_ev_v + load_events * p->bases;
    c[FX_CHAIN_OVERFLOW_ACC] += out.ev_a + zeros * q->zero_ev_a;
}

void fx_chain_block(const fx_chain_t *p, const fx_chain_prep_t *q, const int64_t *u,
                    int64_t len, int64_t *acc, int64_t *c)
{
    if (len > 0 && !(q->tables32 && chain_block32(p, q, u, len, acc, c)))
        chain_block_checked(p, q, u, len, acc, c);
}

int fx_chain_valid(const fx_chain_t *p)
{
    return p && p->bases >= 1 && p->steps >= 1 && p->theta && p->reset && p->intensity
           && p->v_format.width >= 1 && p->v_format.width <= 32
           && p->acc_format.width >= 1 && p->acc_format.width <= 32;
}

void fx_chain_prepare(const fx_chain_t *p, fx_chain_prep_t *q)
{
    const int64_t zero_v = 0;
    chain_outcome_t zero = {0, 0, 0, 0};
    q->vr = fx_range_make(&p->v_format);
    q->ar = fx_range_make(&p->acc_format);
    q->saturate = fx_saturates(&p->v_format) && fx_saturates(&p->acc_format);
    q->tables32 = chain_tables32(p, &q->vr, &q->ar);
    q->exact32 = q->tables32 && chain_safe(p, &q->vr, &q->ar, q->vr.lo, q->vr.hi);
    q->packed = 0;
    if (q->exact32)
        chain_pack(p, q);
    /* 0 is in every range */
    chain_dispatch(p, &q->vr, &q->ar, q->saturate, &zero_v, 1, &zero.acc, &zero);
    q->zero_acc = zero.acc;
    q->zero_spikes = zero.spikes;
    q->zero_ev_v = zero.ev_v;
    q->zero_ev_a = zero.ev_a;
}

int fx_chain(const fx_chain_t *p, const int64_t *u, int64_t n, int64_t *acc, int64_t *counts,
             int threads)
{
    int64_t blk, c[FX_CHAIN_NCOUNTS] = {0, 0, 0};
    fx_chain_prep_t q;
    int k;
    if (!counts || n < 0 || (n > 0 && (!u || !acc)) || !fx_chain_valid(p))
        return FX_EINVAL;
    fx_chain_prepare(p, &q);
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_CHAIN_NCOUNTS]) if (threads > 1 && n > FX_CHAIN_BLOCK)
#endif
    for (blk = 0; blk < (n + FX_CHAIN_BLOCK - 1) / FX_CHAIN_BLOCK; ++blk) {
        const int64_t j0 = blk * FX_CHAIN_BLOCK;
        fx_chain_block(p, &q, u + j0, n - j0 < FX_CHAIN_BLOCK ? n - j0 : FX_CHAIN_BLOCK,
                       acc + j0, c);
    }
    for (k = 0; k < FX_CHAIN_NCOUNTS; ++k)
        counts[k] = c[k];
    return FX_OK;
}
