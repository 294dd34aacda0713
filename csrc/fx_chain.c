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
#include "fx_ops.h"

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

/* Cuts per chunk of chain_cuts (the cuts are padded to a multiple of it), and per wide one. */
#define CHAIN_CUT_UNROLL 4
#define CHAIN_CUT_WIDE 8

/* CHAIN_CUT_WIDE (wide = 1) or CHAIN_CUT_UNROLL cuts of one basis: a[j] += add[i] for each
 * at[i] <= v[j] (modulo 2^32), element j's a in a register across them, the loop over j
 * vectorised as chain_steps32's. wide is a literal. */
FX_SPECIALISED void chain_cuts(const int32_t *restrict at, const uint32_t *restrict add,
                               const int32_t *restrict v, uint32_t *restrict a, int64_t len,
                               const int wide)
{
    int32_t cut[CHAIN_CUT_WIDE];        /* local copies: loads hoisted, the adds unconditional */
    uint32_t step[CHAIN_CUT_WIDE];
    const int k = wide ? CHAIN_CUT_WIDE : CHAIN_CUT_UNROLL;
    int64_t j;
    int i;
    for (i = 0; i < k; ++i) {
        cut[i] = at[i];
        step[i] = add[i];
    }
    for (j = 0; j < len; ++j) {
        const int32_t vj = v[j];
        uint32_t aj = a[j];
        for (i = 0; i < k; ++i)
            aj += step[i] & (0u - (uint32_t)(vj >= cut[i]));
        a[j] = aj;
    }
}

/* Basis b's packed accumulators as its step function (q->cuts[b] >= 0, every v[j] in
 * [q->cut_lo, q->cut_hi]): the same integers chain_basis32 gives. */
static void chain_basis_cuts(const fx_chain_prep_t *q, int64_t b, const int32_t *v,
                             uint32_t *a, int64_t len)
{
    const uint32_t base = q->cut_base[b];
    const int32_t end = q->cut_first[b] + q->cuts[b];
    int64_t j;
    int32_t i = q->cut_first[b];
    for (j = 0; j < len; ++j)
        a[j] = base;
    for (; i + CHAIN_CUT_WIDE <= end; i += CHAIN_CUT_WIDE)
        chain_cuts(q->cut_at + i, q->cut_add + i, v, a, len, 1);
    for (; i < end; i += CHAIN_CUT_UNROLL)
        chain_cuts(q->cut_at + i, q->cut_add + i, v, a, len, 0);
}

/* chain_run where no step can overflow and every value fits int32 (chain_safe): the same
 * integers on 32-bit lanes, overflow events 0. With q->packed, each basis's spike count
 * rides in its accumulator's high bits (fx_chain_prep_t), read back once per basis; with
 * cuts (the block's membranes in the cuts' range), a basis with cuts runs them instead of
 * its steps. strict and packed are literals. */
FX_SPECIALISED void chain_run32(const fx_chain_t *p, const fx_chain_prep_t *q,
                                const int64_t *restrict v0, int64_t len,
                                int64_t *restrict acc, chain_outcome_t *c, int cuts,
                                const int packed, const int strict)
{
    int32_t v[FX_CHAIN_BLOCK], v32[FX_CHAIN_BLOCK];
    uint32_t a[FX_CHAIN_BLOCK], s[FX_CHAIN_BLOCK];
    int64_t b, j, spikes = 0;
    for (j = 0; j < len; ++j) {
        acc[j] = 0;
        s[j] = 0;
        v32[j] = (int32_t)v0[j];
    }
    for (b = 0; b < p->bases; ++b) {
        if (packed) {
            const int K = q->pack_bits[b];
            const int64_t a_lo = q->pack_lo[b];
            const uint32_t off = (uint32_t)a_lo, mask = (UINT32_C(1) << K) - 1u;
            if (cuts && q->cuts[b] >= 0)
                chain_basis_cuts(q, b, v32, a, len);
            else
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

/* One interval of loaded membranes [lo, hi] sharing a spike pattern so far: sh the resets
 * subtracted, a the packed accumulator (chain_basis32's, modulo 2^32). */
typedef struct {
    int64_t lo, hi, sh;
    uint32_t a;
} cut_piece_t;

/* The most intervals basis b's split may reach before it gives up. */
#define CUT_PIECES (2 * FX_CHAIN_CUTS_MAX)

/* Basis b of a packed plan as a step function of the loaded membrane in [lo, hi]: its T steps
 * on intervals, each split where v = u - sh reaches the threshold (u >= theta + strict + sh;
 * no step overflows: exact32), adjacent intervals with equal a merged. Fills q's cuts of b
 * (padded to a multiple of CHAIN_CUT_UNROLL with cuts that add 0, from *pool on in q's pool)
 * where they fit and are fewer than 1.5 per step (2 operations per cut against 3 per step),
 * else q->cuts[b] = -1. */
static void chain_cut_basis(const fx_chain_t *p, fx_chain_prep_t *q, int64_t b, int64_t lo,
                            int64_t hi, int32_t *pool)
{
    cut_piece_t cur[CUT_PIECES], nxt[CUT_PIECES];
    const uint32_t one = UINT32_C(1) << q->pack_bits[b];
    const int32_t first = *pool;
    int32_t *at = q->cut_at + first;
    uint32_t *add = q->cut_add + first;
    int64_t t, k, n = 1, m, cuts, room = FX_CHAIN_CUT_POOL - first;
    cur[0].lo = lo;
    cur[0].hi = hi;
    cur[0].sh = 0;
    cur[0].a = 0;
    q->cuts[b] = -1;
    for (t = 0; t < p->steps; ++t) {
        const int64_t at = b * p->steps + t, g = p->theta[at] + p->compare_strict;
        const uint32_t d = (uint32_t)p->intensity[at] + one;
        for (k = 0, m = 0; k < n; ++k) {
            const cut_piece_t c = cur[k];
            const int64_t from = g + c.sh;             /* the first u that spikes */
            if (c.lo < from) {
                if (m == CUT_PIECES)
                    return;
                nxt[m] = c;
                nxt[m].hi = c.hi < from - 1 ? c.hi : from - 1;
                ++m;
            }
            if (c.hi >= from) {
                if (m == CUT_PIECES)
                    return;
                nxt[m].lo = c.lo > from ? c.lo : from;
                nxt[m].hi = c.hi;
                nxt[m].sh = c.sh + p->reset[at];
                nxt[m].a = c.a + d;
                ++m;
            }
        }
        for (k = 0; k < m; ++k)
            cur[k] = nxt[k];
        n = m;
    }
    room = room < FX_CHAIN_CUTS_MAX ? room : FX_CHAIN_CUTS_MAX;
    for (k = 1, cuts = 0; k < n; ++k)
        if (cur[k].a != cur[k - 1].a) {
            if (cuts == room)
                return;
            at[cuts] = (int32_t)cur[k].lo;
            add[cuts++] = cur[k].a - cur[k - 1].a;
        }
    for (; cuts % CHAIN_CUT_UNROLL; ++cuts) {
        if (cuts == room)
            return;
        at[cuts] = INT32_MAX;
        add[cuts] = 0;
    }
    if (2 * cuts < 3 * p->steps) {
        q->cut_base[b] = cur[0].a;
        q->cut_first[b] = first;
        q->cuts[b] = (int32_t)cuts;
        *pool = first + (int32_t)cuts;
        q->cut_any = 1;
    }
}

void fx_chain_cut(const fx_chain_t *p, fx_chain_prep_t *q, int64_t lo, int64_t hi)
{
    int64_t b;
    int32_t pool = 0;
    lo = lo > q->vr.lo ? lo : q->vr.lo;
    hi = hi < q->vr.hi ? hi : q->vr.hi;
    q->cut_lo = lo;
    q->cut_hi = hi;
    q->cut_any = 0;
    for (b = 0; b < FX_CHAIN_PACK_MAX; ++b)
        q->cuts[b] = -1;
    if (q->packed && lo <= hi)
        for (b = 0; b < p->bases; ++b)
            chain_cut_basis(p, q, b, lo, hi, &pool);
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

/* 1 for one basis with theta = reset = intensity = 2^(T-1-t) and spike on >= (T <= 30). */
static int chain_halving(const fx_chain_t *p)
{
    int64_t t;
    if (p->bases != 1 || p->compare_strict || p->steps > 30)
        return 0;
    for (t = 0; t < p->steps; ++t) {
        const int64_t w = INT64_C(1) << (p->steps - 1 - t);
        if (p->theta[t] != w || p->reset[t] != w || p->intensity[t] != w)
            return 0;
    }
    return 1;
}

/* The halving chain's outcome on loaded membranes v0 (docs/algorithms.md 8.8): a membrane
 * below 0 never fires (every threshold >= 1); one in [0, 2^T) fires exactly its set bits,
 * most significant first, leaving v - its bits = 0 and acc = v; one at 2^T or above fires at
 * every step (v_t >= 2^(T-t) > theta_t), acc = 2^T - 1. Spikes: the popcount of acc. */
static int64_t chain_halving_run(int64_t steps, const int64_t *restrict v0, int64_t len,
                                 int64_t *restrict acc)
{
    const int64_t top = (INT64_C(1) << steps) - 1;
    int64_t j, spikes = 0;
    for (j = 0; j < len; ++j) {
        const int64_t v = v0[j], a = v < 0 ? 0 : (v > top ? top : v);
        uint32_t k = (uint32_t)a;                       /* the popcount, SWAR: a < 2^30 */
        k = k - ((k >> 1) & 0x55555555u);
        k = (k & 0x33333333u) + ((k >> 2) & 0x33333333u);
        k = (k + (k >> 4)) & 0x0f0f0f0fu;
        acc[j] = a;
        spikes += (k * 0x01010101u) >> 24;
    }
    return spikes;
}

/* A block through chain_run32 when it is exact for the loaded membranes (every element:
 * a loaded 0 gives the zero outcome there too, so no compaction is needed); 0 otherwise. */
static int chain_block32(const fx_chain_t *p, const fx_chain_prep_t *q, const int64_t *u,
                         int64_t len, int64_t *acc, int64_t *c)
{
    int64_t v0[FX_CHAIN_BLOCK], load_events, j, lo = q->vr.hi, hi = q->vr.lo;
    chain_outcome_t out = {0, 0, 0, 0};
    load_events = fx_saturates(&p->v_format) ? chain_load(&q->vr, u, len, v0, 1)
                                             : chain_load(&q->vr, u, len, v0, 0);
    if (!q->exact32 || q->cut_any) {
        for (j = 0; j < len; ++j) {
            lo = v0[j] < lo ? v0[j] : lo;
            hi = v0[j] > hi ? v0[j] : hi;
        }
        if (!q->exact32 && !chain_safe(p, &q->vr, &q->ar, lo, hi))
            return 0;
    }
    if (q->halving)
        out.spikes = chain_halving_run(p->steps, v0, len, acc);
    else if (q->exact32 && q->packed) { /* the packing holds over the whole range */
        const int cuts = q->cut_any && lo >= q->cut_lo && hi <= q->cut_hi;
        p->compare_strict ? chain_run32(p, q, v0, len, acc, &out, cuts, 1, 1)
                          : chain_run32(p, q, v0, len, acc, &out, cuts, 1, 0);
    } else
        p->compare_strict ? chain_run32(p, q, v0, len, acc, &out, 0, 0, 1)
                          : chain_run32(p, q, v0, len, acc, &out, 0, 0, 0);
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
    q->halving = q->exact32 && chain_halving(p);
    fx_chain_cut(p, q, 1, 0);                     /* no cuts: fx_chain_cut computes them */
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
    int64_t blk, blocks, c[FX_CHAIN_NCOUNTS] = {0, 0, 0};
    fx_chain_prep_t q;
    int k;
    if (!counts || n < 0 || (n > 0 && (!u || !acc)) || !fx_chain_valid(p))
        return FX_EINVAL;
    fx_chain_prepare(p, &q);
    fx_chain_cut(p, &q, q.vr.lo, q.vr.hi);
    blocks = (n + FX_CHAIN_BLOCK - 1) / FX_CHAIN_BLOCK;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_CHAIN_NCOUNTS]) if (threads > 1 && blocks >= FX_CHAIN_PARALLEL_BLOCKS)
#endif
    for (blk = 0; blk < blocks; ++blk) {
        const int64_t j0 = blk * FX_CHAIN_BLOCK;
        fx_chain_block(p, &q, u + j0, n - j0 < FX_CHAIN_BLOCK ? n - j0 : FX_CHAIN_BLOCK,
                       acc + j0, c);
    }
    for (k = 0; k < FX_CHAIN_NCOUNTS; ++k)
        counts[k] = c[k];
    return FX_OK;
}

void fx_chain_drive(fx_chain_block_fn block, const void *op, int ncounts, const int64_t *x,
                    const fx_float_rows_t *xf, const fx_quantizer_t *fq, int64_t n, int64_t *y,
                    int64_t *counts, int64_t *in_counts, int threads)
{
    const int64_t blocks = (n + FX_CHAIN_BLOCK - 1) / FX_CHAIN_BLOCK;
    int64_t blk, ev = 0, bad = 0, c[FX_CHAIN_DRIVE_COUNTS];
    int k;
    for (k = 0; k < FX_CHAIN_DRIVE_COUNTS; ++k)
        c[k] = 0;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_CHAIN_DRIVE_COUNTS], ev, bad) \
    if (threads > 1 && blocks >= FX_CHAIN_PARALLEL_BLOCKS)
#endif
    for (blk = 0; blk < blocks; ++blk) {
        const int64_t j0 = blk * FX_CHAIN_BLOCK;
        const int64_t len = n - j0 < FX_CHAIN_BLOCK ? n - j0 : FX_CHAIN_BLOCK;
        int64_t xq[FX_CHAIN_BLOCK];
        const int64_t *in = xq;
        if (x)
            in = x + j0;
        else
            fx_quantize_span(fq, xf, j0, len, xq, &ev, &bad);
        block(op, in, len, y + j0, c);
    }
    for (k = 0; k < ncounts; ++k)
        counts[k] = c[k];
    if (in_counts) {
        in_counts[FX_IN_OVERFLOW] = ev;
        in_counts[FX_IN_INVALID] = bad;
    }
}
