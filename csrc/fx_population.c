/*
 * fx_population.c -- the integer population engine (docs/algorithms.md 2).
 *
 * Neurons are processed in blocks of FX_BLOCK. A block keeps its state on the stack and runs
 * all T steps; each step is ONE fused loop over the block's neurons (neurons innermost and
 * contiguous) doing rules 1-4 of the definition in registers. The loop body is written once
 * (step_block); the loop-invariant choices that decide whether it can vectorise (checked or
 * proven, input present, spike form, update rules, leak kind) are passed as constants by a
 * table of instantiations, so the compiler emits one specialised, branch-free loop per
 * combination from the same source.
 *
 * Proven blocks: before running a block, block_proven() propagates interval bounds of v, i and
 * acc through all T steps (scalar arithmetic, O(T)). When the bounds show that every value stays
 * inside its format's range and inside int32, every fx_fit of the step is the identity and no
 * overflow event can occur; the block then runs the step without fits: in int32 lanes
 * (step_narrow, twice the lanes of int64) when the bounds also show that every operation other
 * than a sum is exact in 32 bits (sums run modulo 2^32 there, exact because their results are
 * proven to fit), else in int64 lanes (step_block without fits). Same integers, proven rather
 * than checked (docs/algorithms.md 2.6.1).
 *
 * Blocks are independent: OpenMP splits them over threads, and overflow counts are integer
 * sums, so results never depend on the thread count.
 */
#include <string.h>
#include "fx_arith.h"
#include "fx_population.h"

#define FX_BLOCK 256   /* measured fastest of 128, 256, 512 (tools/bench_engine.py) */

/* A hint that the cache line at address a will be read soon (a no-op without GCC/Clang's
 * builtin); it never changes a result. */
#if defined(__GNUC__)
#define FX_PREFETCH(a) __builtin_prefetch((a), 0, 2)
#else
#define FX_PREFETCH(a) ((void)(a))
#endif
/* How many blocks ahead the last chunk of a block prefetches (measured: 2 beats 1). */
#define FX_PF_DIST 2

/* A leak rule prepared once: leak(x) = shr(x) (SHIFT), x - shr(x * factor) (MULT), 0 (NONE). */
typedef struct {
    int32_t kind;
    int64_t min_step;     /* SHIFT's minimum step (0 for the other kinds) */
    int64_t factor;
    int64_t mul;          /* FX_LEAK_ANY: factor (MULT), 1 (SHIFT), 0 (NONE) */
    int64_t neg;          /* FX_LEAK_ANY: all ones for MULT, else 0 */
    fx_shr_t shr;
} fx_leak_t;

/* A leak rule's shift in int32 arithmetic (int32 lanes; decay shifts are 0..31, so every
 * field of fx_shr_t fits int32), and SHIFT's minimum step and MULT's factor as int32. */
typedef struct {
    int32_t k, base, neg_add, odd_add, min_step, factor;
} fx_leak32_t;

/* Everything a block needs that does not change during the run. */
typedef struct {
    const fx_population_t *p;
    fx_range_t v, i, acc;
    fx_leak_t leak_v, leak_i;
    int64_t input_scale;      /* 2^input_shift */
    int64_t strict;           /* 1: v > theta, i.e. v >= theta + 1 */
    int narrow;               /* proven blocks may use int32 lanes (engine_narrow) */
    int uniform;              /* threshold, reset amount and intensity do not vary by neuron */
    fx_leak32_t leak32_v, leak32_i;
} fx_engine_t;

/* A leak kind for `leak` that takes the rule's kind at run time, branch-free: with
 * y = shr(x * mul) (and SHIFT's minimum step), leak = y (SHIFT, NONE: mul = 0 gives 0) or
 * x - y (MULT), one multiply and one shift for every kind (the full update's loops vectorise
 * with it). */
#define FX_LEAK_ANY 3

static fx_leak_t leak_make(const fx_decay_t *d)
{
    fx_leak_t l;
    l.kind = d->kind;
    l.min_step = d->kind == FX_DECAY_SHIFT ? d->min_step : 0;
    l.factor = d->factor;
    l.mul = d->kind == FX_DECAY_MULT ? d->factor : d->kind == FX_DECAY_SHIFT;
    l.neg = -(int64_t)(d->kind == FX_DECAY_MULT);
    l.shr = fx_shr_make(d->shift, d->rounding);
    return l;
}

/* x * m; narrow: both fit int32 (a proven block: every value in int32, 0 <= m < 2^31), so the
 * product is a 32 x 32 -> 64-bit multiply, a cheaper vector instruction. */
FX_SPECIALISED int64_t mul_as(int64_t x, int64_t m, int narrow)
{
    return narrow ? (int64_t)(int32_t)x * (int64_t)(int32_t)m : x * m;
}

/* What x loses in one step (fxsim reference `leak`). `kind` is a constant at each call: a
 * decay kind, or FX_LEAK_ANY (l->kind's rule); narrow as in mul_as. */
FX_SPECIALISED int64_t leak(int64_t x, const fx_leak_t *l, int kind, int narrow)
{
    int64_t amount;
    if (kind == FX_DECAY_NONE)
        return 0;
    if (kind == FX_DECAY_MULT)
        return x - fx_shr(mul_as(x, l->factor, narrow), &l->shr);
    amount = fx_shr(kind == FX_LEAK_ANY ? mul_as(x, l->mul, narrow) : x, &l->shr);
    /* minimum step: a zero leak of a non-zero x becomes sign(x) */
    amount = (l->min_step & (amount == 0) & (x != 0)) ? (x > 0) - (x < 0) : amount;
    return kind == FX_LEAK_ANY ? (x & l->neg) + ((amount ^ l->neg) - l->neg) : amount;
}

/* The schedule's values for step t and neurons j0..j0+m-1 as a contiguous row: a pointer
 * into the table when it is per neuron, else `buf` filled with the step's one value. */
static const int64_t *schedule_row(const fx_schedule_t *s, int t, int64_t j0, int64_t m,
                                   int64_t *buf)
{
    const int64_t *at = s->data + (int64_t)t * s->t_stride + j0 * s->n_stride;
    int64_t j;
    if (s->n_stride)
        return at;
    if (buf[0] != *at || buf[m - 1] != *at)
        for (j = 0; j < m; ++j)
            buf[j] = *at;
    return buf;
}

/* How rule 3 runs: one subtract-reset spike at most (SUB1); a reset to v_reset, any max_spikes
 * (ZERO: after the first spike v = v_reset, which spikes again, up to max_spikes, exactly when
 * v_reset >= theta, so the count is 0, 1 or max_spikes); subtract reset with max_spikes > 1
 * (LOOP: the definition's while loop, run as passes over the block until no neuron spikes). */
enum { FX_SPIKE_SUB1 = 0, FX_SPIKE_ZERO = 1, FX_SPIKE_LOOP = 2 };

static int spike_kind(const fx_population_t *p)
{
    if (p->reset == FX_RESET_ZERO)
        return FX_SPIKE_ZERO;
    return p->max_spikes == 1 ? FX_SPIKE_SUB1 : FX_SPIKE_LOOP;
}

/* fx_fit when `checked`, else x (a proven block: the fit is the identity there). */
FX_SPECIALISED int64_t fit_if(int checked, int64_t x, const fx_range_t *r, int64_t *events)
{
    return checked ? fx_fit(x, r, events) : x;
}

/* FX_SPIKE_LOOP's remaining spikes after the first (s[j] is 0 or 1, v[j] after its reset).
 * With 0 < r < 2^52, a neuron whose v is still at or above th = theta + strict (a = v - th >= 0)
 * spikes again exactly floor(a / r) + 1 times, up to max_spikes - 1 more, each time losing r:
 * the quotient is taken in double, exact here (a < 2^53 and r are doubles, and a / r, correctly
 * rounded, cannot reach the next integer: it lies at least 1/r below it, more than half an ulp
 * of a / r when a < 2^53), and extra * r <= a + r stays far inside int64. Any other neuron (r <= 0
 * or r >= 2^52) takes passes over the block, each giving every neuron still at or above its
 * threshold (and below max_spikes) one more spike and reset, until a pass finds none: the
 * definition's loop body for all neurons at once. Counts and values equal the per-neuron while
 * loop. */
static void spike_passes(const int64_t *restrict theta, const int64_t *restrict reset_amount,
                         int64_t strict, int64_t max_spikes, int64_t *restrict v,
                         int64_t *restrict s, int64_t m)
{
    const int64_t r_limit = (int64_t)1 << 52;
    int64_t j, more = 1;
    for (j = 0; j < m; ++j) {
        const int64_t r = reset_amount[j], above = v[j] - (theta[j] + strict);
        const int64_t closed = -((r > 0) & (r < r_limit) & (above >= 0));   /* mask; fired */
        const double quotient = (double)(above & closed) / (double)((r & closed) | (1 & ~closed));
        int64_t extra = (int64_t)quotient + 1;
        extra = (extra < max_spikes - 1 ? extra : max_spikes - 1) & closed;
        v[j] -= extra * r;
        s[j] += extra;
    }
    while (more) {
        more = 0;
        for (j = 0; j < m; ++j) {
            const int64_t again = (v[j] >= theta[j] + strict) & (s[j] < max_spikes);
            v[j] -= -again & reset_amount[j];
            s[j] += again;
            more |= again;
        }
    }
}

/* The update rules 1-2 of a step, as constants of the step_block instantiations: simple (no
 * CUBA, sum membrane), CUBA (input added after the decay, or before it), and the increment
 * membrane order with or without CUBA. */
enum {
    FX_UPDATE_SIMPLE = 0, FX_UPDATE_CUBA = 1, FX_UPDATE_CUBA_BEFORE = 2,
    FX_UPDATE_CUBA_INCREMENT = 3, FX_UPDATE_CUBA_BEFORE_INCREMENT = 4, FX_UPDATE_INCREMENT = 5
};

static int update_kind(const fx_population_t *p)
{
    const int increment = p->membrane == FX_MEMBRANE_INCREMENT;
    if (!p->cuba)
        return increment ? FX_UPDATE_INCREMENT : FX_UPDATE_SIMPLE;
    return FX_UPDATE_CUBA + (p->input_before_decay != 0) + 2 * increment;
}

/* One step t for neurons 0..m-1 of a block: rules 1-4, fused. The int parameters after `e`
 * are constants in every instantiation: checked (0: a proven block, no fits, no events), input
 * present, spike kind, update rules and the leak kind of v (FX_LEAK_ANY beyond the simple
 * update; the leak of i is always FX_LEAK_ANY). ev[FX_NVARS] receives this step's events. The
 * engine's constants are copied into locals and every array is `restrict`, so the compiler
 * knows no store in the loop changes them and can vectorise across neurons. FX_SPIKE_LOOP
 * leaves rule 3's further spikes and rule 4 to two more loops (spike_passes, then the fits). */
FX_SPECIALISED void step_block(const fx_engine_t *e, int checked, int has_input, int spike,
                               int update, int leak_kind_v,
                               const int32_t *restrict in_row, const int64_t *restrict theta,
                               const int64_t *restrict reset_amount,
                               const int64_t *restrict intensity, const int64_t *restrict bias,
                               int64_t *restrict v, int64_t *restrict cur,
                               int64_t *restrict acc, int64_t *restrict spikes,
                               int64_t *restrict total, int64_t m, int64_t *ev)
{
    const fx_range_t range_v = e->v, range_i = e->i, range_acc = e->acc;
    const fx_leak_t leak_v = e->leak_v, leak_i = e->leak_i;
    const int64_t scale = e->input_scale, strict = e->strict, v_reset = e->p->v_reset;
    const int64_t max_spikes = e->p->max_spikes;
    const int cuba = update >= FX_UPDATE_CUBA && update <= FX_UPDATE_CUBA_BEFORE_INCREMENT;
    const int before_decay = update == FX_UPDATE_CUBA_BEFORE
                             || update == FX_UPDATE_CUBA_BEFORE_INCREMENT;
    const int increment = update >= FX_UPDATE_CUBA_INCREMENT;
    int64_t ev_v = 0, ev_i = 0, ev_acc = 0, j;
    for (j = 0; j < m; ++j) {
        const int64_t x = has_input ? in_row[j] * scale : 0;
        int64_t drive = x, vj = v[j], s;
        if (cuba) {                                              /* rule 1 */
            int64_t c = cur[j];
            if (before_decay) {
                c = fit_if(checked, c + x, &range_i, &ev_i);
                c = c - leak(c, &leak_i, FX_LEAK_ANY, !checked);
            } else {
                c = c - leak(c, &leak_i, FX_LEAK_ANY, !checked) + x;
            }
            cur[j] = c = fit_if(checked, c, &range_i, &ev_i);
            drive = c;
        }
        if (increment) {                                         /* rule 2, Xylo order */
            int64_t dv = fit_if(checked, drive - leak(vj, &leak_v, leak_kind_v, !checked),
                                &range_v, &ev_v);
            dv = fit_if(checked, dv + bias[j], &range_v, &ev_v);
            vj = vj + dv;
        } else {                                                 /* rule 2 */
            vj = vj - leak(vj, &leak_v, leak_kind_v, !checked) + drive + bias[j];
        }
        vj = fit_if(checked, vj, &range_v, &ev_v);
        s = vj >= theta[j] + strict;                             /* rule 3 */
        if (spike == FX_SPIKE_ZERO) {
            s *= v_reset >= theta[j] + strict ? max_spikes : 1;
            vj = s ? v_reset : vj;
        } else {
            vj -= -s & reset_amount[j];
        }
        spikes[j] = s;
        if (spike == FX_SPIKE_LOOP) {
            v[j] = vj;                                           /* fitted below */
            continue;
        }
        v[j] = fit_if(checked, vj, &range_v, &ev_v);
        acc[j] = fit_if(checked, acc[j] + (spike == FX_SPIKE_SUB1 ? -s & intensity[j]
                                                                 : s * intensity[j]),
                        &range_acc, &ev_acc);                    /* rule 4 */
        total[j] += s;
    }
    if (spike == FX_SPIKE_LOOP) {
        spike_passes(theta, reset_amount, strict, max_spikes, v, spikes, m);
        for (j = 0; j < m; ++j) {
            v[j] = fit_if(checked, v[j], &range_v, &ev_v);
            acc[j] = fit_if(checked, acc[j] + spikes[j] * intensity[j], &range_acc, &ev_acc);
            total[j] += spikes[j];
        }
    }
    ev[FX_VAR_V] += ev_v;
    ev[FX_VAR_I] += ev_i;
    ev[FX_VAR_ACC] += ev_acc;
}

typedef void (*fx_step_fn)(const fx_engine_t *, const int32_t *, const int64_t *, const int64_t *,
                           const int64_t *, const int64_t *, int64_t *, int64_t *, int64_t *,
                           int64_t *, int64_t *, int64_t, int64_t *);

/* One instantiation per (checked, input, spike kind, update, leak kind of v). */
#define FX_STEP(C, IN, SP, U, KV)                                                               \
    static void step_##C##IN##SP##U##KV(                                                         \
        const fx_engine_t *e, const int32_t *in_row, const int64_t *theta,                       \
        const int64_t *reset_amount, const int64_t *intensity, const int64_t *bias, int64_t *v,   \
        int64_t *cur, int64_t *acc, int64_t *spikes, int64_t *total, int64_t m, int64_t *ev)      \
    {                                                                                            \
        step_block(e, C, IN, SP, U, KV, in_row, theta, reset_amount, intensity, bias, v, cur,    \
                   acc, spikes, total, m, ev);                                                   \
    }
/* The 8 update variants: simple with each leak of v, then the five others. */
#define FX_VARIANTS(X, C, IN, SP)                                                               \
    X(C, IN, SP, 0, 0) X(C, IN, SP, 0, 1) X(C, IN, SP, 0, 2) X(C, IN, SP, 1, 3)                  \
    X(C, IN, SP, 2, 3) X(C, IN, SP, 3, 3) X(C, IN, SP, 4, 3) X(C, IN, SP, 5, 3)
#define FX_SPIKES(X, C, IN) FX_VARIANTS(X, C, IN, 0) FX_VARIANTS(X, C, IN, 1) FX_VARIANTS(X, C, IN, 2)
#define FX_ALL(X) FX_SPIKES(X, 0, 0) FX_SPIKES(X, 0, 1) FX_SPIKES(X, 1, 0) FX_SPIKES(X, 1, 1)
#define FX_STEP_NAME(C, IN, SP, U, KV) step_##C##IN##SP##U##KV,
FX_ALL(FX_STEP)
static const fx_step_fn FX_STEPS[2 * 2 * 3 * 8] = {FX_ALL(FX_STEP_NAME)};

/* The step for a run: checked (0: proven blocks) with or without input. */
static fx_step_fn choose_step(const fx_population_t *p, int checked, int has_input)
{
    const int update = update_kind(p);
    const int variant = update == FX_UPDATE_SIMPLE ? p->decay_v.kind : 2 + update;
    return FX_STEPS[((checked * 2 + has_input) * 3 + spike_kind(p)) * 8 + variant];
}

/* ---- proven blocks ---------------------------------------------------------------------- */

/* A closed interval [lo, hi] of integers; every bound handled here is below 2^62 in magnitude. */
typedef struct {
    int64_t lo, hi;
} fx_bounds_t;

/* Bounds of in_row[j] * scale over j < m. */
static fx_bounds_t input_bounds(const int32_t *in_row, int64_t scale, int64_t m)
{
    int32_t lo = in_row[0], hi = in_row[0];
    int64_t j;
    fx_bounds_t b;
    for (j = 1; j < m; ++j) {
        lo = in_row[j] < lo ? in_row[j] : lo;
        hi = in_row[j] > hi ? in_row[j] : hi;
    }
    b.lo = lo * scale;
    b.hi = hi * scale;
    return b;
}

static fx_bounds_t hull(fx_bounds_t a, fx_bounds_t b)
{
    fx_bounds_t h = {a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi};
    return h;
}

static int inside(fx_bounds_t b, fx_bounds_t range)
{
    return b.lo >= range.lo && b.hi <= range.hi;
}

/* A format's range intersected with int32: where a proven value may go. */
static fx_bounds_t lane_range(const fx_range_t *r)
{
    fx_bounds_t b = {r->lo > INT32_MIN ? r->lo : INT32_MIN, r->hi < INT32_MAX ? r->hi : INT32_MAX};
    return b;
}

/* Bounds of a block's int64 values src[0..m). */
static fx_bounds_t array_bounds(const int64_t *src, int64_t m)
{
    fx_bounds_t b = {src[0], src[0]};
    int64_t j;
    for (j = 1; j < m; ++j) {
        b.lo = src[j] < b.lo ? src[j] : b.lo;
        b.hi = src[j] > b.hi ? src[j] : b.hi;
    }
    return b;
}

/* Bounds of a schedule's values at step t for neurons j0..j0+m-1, plus `add`. */
static fx_bounds_t schedule_bounds(const fx_schedule_t *s, int t, int64_t j0, int64_t m,
                                   int64_t add)
{
    const int64_t *at = s->data + (int64_t)t * s->t_stride + j0 * s->n_stride;
    fx_bounds_t b = s->n_stride ? array_bounds(at, m) : (fx_bounds_t){*at, *at};
    b.lo += add;
    b.hi += add;
    return b;
}

static fx_bounds_t add_bounds(fx_bounds_t a, fx_bounds_t b)
{
    fx_bounds_t c = {a.lo + b.lo, a.hi + b.hi};
    return c;
}

/* Bounds of x - leak(x) over x in X. It is non-decreasing in x for every leak (docs/algorithms.md
 * 2.6.1), so the ends of X give its ends. |x| < 2^33 here (X lies in a format's range). */
static fx_bounds_t kept_bounds(fx_bounds_t X, const fx_leak_t *l)
{
    fx_bounds_t k = {X.lo - leak(X.lo, l, l->kind, 0), X.hi - leak(X.hi, l, l->kind, 0)};
    return k;
}

/* Bounds of leak(v) over v in V, given kept = kept_bounds(V): the leak's own ends where it is
 * non-decreasing in v (NONE; SHIFT: shr grows by 0 or 1 per unit of v, also with the minimum
 * step; MULT with factor <= 2^shift: v * factor / 2^shift grows by at most 1 per unit, so its
 * rounding by 0 or 1), else [V.lo - kept.hi, V.hi - kept.lo] (leak = v - kept(v)). */
static fx_bounds_t lost_bounds(fx_bounds_t V, fx_bounds_t kept, const fx_leak_t *l)
{
    fx_bounds_t b = {V.lo - kept.hi, V.hi - kept.lo};
    if (l->kind != FX_DECAY_MULT || l->factor <= ((int64_t)1 << l->shr.k)) {
        b.lo = leak(V.lo, l, l->kind, 0);
        b.hi = leak(V.hi, l, l->kind, 0);
    }
    return b;
}

/* Bounds of s * d over s in S, d in D (the extremes are at corners). */
static fx_bounds_t product_bounds(fx_bounds_t S, fx_bounds_t D)
{
    const int64_t c[4] = {S.lo * D.lo, S.lo * D.hi, S.hi * D.lo, S.hi * D.hi};
    fx_bounds_t b = {c[0], c[0]};
    int k;
    for (k = 1; k < 4; ++k) {
        b.lo = c[k] < b.lo ? c[k] : b.lo;
        b.hi = c[k] > b.hi ? c[k] : b.hi;
    }
    return b;
}

/* A block's state bounds before a step: v, i (CUBA) and acc. */
typedef struct {
    fx_bounds_t v, i, acc;
} fx_state_bounds_t;

/* Rule 3 on bounds: from V' (before it), TH (theta + strict), R (reset amount), the bounds of
 * v after it (*V) and of the spike count (*S). Nothing fires when V'.hi < TH.lo; a firing
 * neuron had v >= TH.lo and ends at v_reset (ZERO; count 1, or max_spikes K when v_reset
 * reaches its threshold) or at v - s * r with 1 <= s <= K (subtract; when every r > 0, each
 * spike needed v >= th before its reset, so it ends at or above th - r); one that does not fire
 * keeps v <= TH.hi - 1. */
static void spike_bounds(const fx_engine_t *e, fx_bounds_t Vp, fx_bounds_t TH, fx_bounds_t R,
                         fx_bounds_t *V, fx_bounds_t *S)
{
    const int64_t K = e->p->max_spikes, v_reset = e->p->v_reset;
    const fx_bounds_t none = {0, 0};
    fx_bounds_t fired, count = {1, K}, stay = {Vp.lo, Vp.hi < TH.hi - 1 ? Vp.hi : TH.hi - 1};
    if (Vp.hi < TH.lo) {
        *V = Vp;
        *S = none;
        return;
    }
    if (e->p->reset == FX_RESET_ZERO) {
        fired.lo = fired.hi = v_reset;
        count.lo = v_reset >= TH.hi ? K : 1;
        count.hi = v_reset >= TH.lo ? K : 1;
    } else {
        const fx_bounds_t sr = {R.lo < K * R.lo ? R.lo : K * R.lo, R.hi > K * R.hi ? R.hi : K * R.hi};
        fired.lo = (Vp.lo > TH.lo ? Vp.lo : TH.lo) - sr.hi;
        fired.hi = Vp.hi - sr.lo;
        /* with every r > 0, each spike needed v >= th before its reset: v ends >= th - r */
        if (R.lo > 0 && fired.lo < TH.lo - R.hi)
            fired.lo = TH.lo - R.hi;
    }
    if (Vp.lo >= TH.hi) {
        *V = fired;
        *S = count;
    } else {
        *V = hull(stay, fired);
        S->lo = 0;
        S->hi = count.hi;
    }
}

/* What a block's proof allows (block_proven): the checked loop only; int64 lanes without fits;
 * int32 lanes (step_narrow) with MULT leaks' products in 64 bits; int32 lanes with those
 * products in 32 bits too. */
enum { FX_PROOF_NONE = 0, FX_PROOF_WIDE = 1, FX_PROOF_NARROW = 2, FX_PROOF_NARROW_MUL32 = 3 };

/* The int32-lane conditions a proof tracks beside the format ranges (docs/algorithms.md 2.6.1). */
typedef struct {
    int lanes32;   /* every step_narrow operation that is not a sum is exact in int32 */
    int mul32;     /* every MULT leak's product and rounding offset fit int32 too */
} fx_lanes_proof_t;

/* The leak's rounding shift in int32 of an input x in X: x + c (0 <= c < 2^k, the rounding
 * offset) must fit int32 for SHIFT; for MULT, x * factor + c must (else its product stays in
 * 64 bits). X lies in int32 here (a format range intersected with int32). */
static void leak_lanes(fx_bounds_t X, const fx_leak_t *l, fx_lanes_proof_t *lp)
{
    const int64_t c_hi = ((int64_t)1 << l->shr.k) - 1;
    const fx_bounds_t f = {l->factor, l->factor};
    const fx_bounds_t P = product_bounds(X, f);
    if (l->kind == FX_DECAY_SHIFT && X.hi + c_hi > INT32_MAX)
        lp->lanes32 = 0;
    if (l->kind == FX_DECAY_MULT && (P.lo < INT32_MIN || P.hi + c_hi > INT32_MAX))
        lp->mul32 = 0;
}

/* kept_bounds, noting the int32-lane conditions of the leak's input X. */
static fx_bounds_t kept_lanes(fx_bounds_t X, const fx_leak_t *l, fx_lanes_proof_t *lp)
{
    leak_lanes(X, l, lp);
    return kept_bounds(X, l);
}

/* Rule 3's int32-lane conditions: th, r and d fit int32; several spikes with subtract reset
 * (the closed form of step_narrow, a float32 division) need 0 < r < 2^24 and, where a neuron
 * can fire, a = v - th < 2^24 (so a and r are exact floats and the quotient's floor exact). */
static void spike_lanes(const fx_engine_t *e, fx_bounds_t Vp, fx_bounds_t TH, fx_bounds_t R,
                        fx_bounds_t Dd, fx_lanes_proof_t *lp)
{
    const fx_bounds_t lane = {INT32_MIN, INT32_MAX};
    const int64_t exact = (int64_t)1 << 24;
    if (!inside(TH, lane) || !inside(R, lane) || !inside(Dd, lane))
        lp->lanes32 = 0;
    if (e->p->reset == FX_RESET_SUBTRACT && e->p->max_spikes > 1
        && (R.lo <= 0 || R.hi >= exact || (Vp.hi >= TH.lo && Vp.hi - TH.lo >= exact)))
        lp->lanes32 = 0;
}

/* Bounds of in[t][j0 + j] * scale over the rows t0..t1-1 and j < m (one interval for every
 * step of a chunk: wider than each row's, so a proof with it holds for each row). */
static fx_bounds_t rows_bounds(const int32_t *in, int64_t scale, int64_t n, int64_t j0,
                               int64_t m, int t0, int t1)
{
    fx_bounds_t b = input_bounds(in + (int64_t)t0 * n + j0, scale, m);
    int t;
    for (t = t0 + 1; t < t1; ++t)
        b = hull(b, input_bounds(in + (int64_t)t * n + j0, scale, m));
    return b;
}

static int same_bounds(fx_bounds_t a, fx_bounds_t b)
{
    return a.lo == b.lo && a.hi == b.hi;
}

/* A after `steps` more steps that each add `gain` to it, if every one stays in range (A moves
 * linearly, so both ends suffice); 0 otherwise. The products are formed only once the quotient
 * test shows they cannot pass the range (|A|, |range| < 2^62). */
static int repeat_gain(fx_bounds_t *A, fx_bounds_t gain, int64_t steps, fx_bounds_t range)
{
    if (steps <= 0)
        return 1;
    if ((gain.hi > 0 && (range.hi - A->hi) / gain.hi < steps)
        || (gain.lo < 0 && (A->lo - range.lo) / -gain.lo < steps))
        return 0;
    A->lo += steps * gain.lo;
    A->hi += steps * gain.hi;
    return 1;
}

/* The proof of a block's steps t0..t1-1 (FX_PROOF_*): FX_PROOF_NONE unless the bounds show
 * that, at each of these steps,
 * every fx_fit of step_block is the identity (so no event occurs and the unchecked step computes
 * the same integers) and every value it fits lies in int32 (so the leak's products are 32 x
 * 32-bit ones, mul_as); FX_PROOF_NARROW (_MUL32) when the int32-lane conditions hold as well.
 * st_io: bounds before step t0, replaced by those after step t1 - 1 unless the level is
 * FX_PROOF_NONE; B: of the block's bias; current: the [T][n] input or NULL.
 * Per step (docs/algorithms.md 2.6.1), each bound checked inside its format's range where the
 * step fits that value: X = input bounds; CUBA: I = kept_i(I + X) (input before decay, I + X
 * checked too) or kept_i(I) + X, and the drive D = I, else D = X; increment order:
 * D - leak(v) and that + B, with leak(v) in [V.lo - kept_v(V.hi), V.hi - kept_v(V.lo)];
 * V' = kept_v(V) + D + B; rule 3 by spike_bounds; A += S * d.
 * hull_input: X is one interval over all the rows t0..t1-1 (rows_bounds) instead of each
 * row's. When every step sees the same X, TH, R and d (no input or hull_input, schedules that do
 * not vary by step) and a step leaves V and I unchanged, every later step repeats it exactly
 * but for A, which gains the same S * d each time: the proof jumps to t1 (repeat_gain). */
static int block_proven(const fx_engine_t *e, const int32_t *current, fx_state_bounds_t *st_io,
                        fx_bounds_t B, int64_t j0, int64_t m, int t0, int t1, int hull_input)
{
    const fx_state_bounds_t st = *st_io;
    const fx_population_t *p = e->p;
    const fx_bounds_t range_v = lane_range(&e->v), range_i = lane_range(&e->i);
    const fx_bounds_t range_acc = lane_range(&e->acc);
    const int increment = p->membrane == FX_MEMBRANE_INCREMENT;
    const int steady = (!current || hull_input) && !p->threshold.t_stride
                       && !p->reset_amount.t_stride && !p->intensity.t_stride;
    fx_lanes_proof_t lp = {1, 1};
    fx_bounds_t X = {0, 0}, V = st.v, I = st.i, A = st.acc;
    int t;
    if (!inside(V, range_v) || !inside(A, range_acc) || (p->cuba && !inside(I, range_i)))
        return FX_PROOF_NONE;
    if (current && hull_input)
        X = rows_bounds(current, e->input_scale, p->n, j0, m, t0, t1);
    for (t = t0; t < t1; ++t) {
        const fx_bounds_t TH = schedule_bounds(&p->threshold, t, j0, m, e->strict);
        const fx_bounds_t R = schedule_bounds(&p->reset_amount, t, j0, m, 0);
        const fx_bounds_t Dd = schedule_bounds(&p->intensity, t, j0, m, 0);
        const fx_bounds_t V_before = V, I_before = I;
        fx_bounds_t D, Vp, S, kept, gain;
        if (current && !hull_input)
            X = input_bounds(current + (int64_t)t * p->n + j0, e->input_scale, m);
        D = X;
        if (p->cuba) {                                          /* rule 1 */
            if (p->input_before_decay) {
                I = add_bounds(I, X);
                if (!inside(I, range_i))
                    return FX_PROOF_NONE;
                I = kept_lanes(I, &e->leak_i, &lp);
            } else {
                I = add_bounds(kept_lanes(I, &e->leak_i, &lp), X);
            }
            if (!inside(I, range_i))
                return FX_PROOF_NONE;
            D = I;
        }
        kept = kept_lanes(V, &e->leak_v, &lp);                  /* rule 2 */
        if (increment) {
            const fx_bounds_t lost = lost_bounds(V, kept, &e->leak_v);
            const fx_bounds_t dv = {D.lo - lost.hi, D.hi - lost.lo};
            if (!inside(dv, range_v) || !inside(add_bounds(dv, B), range_v))
                return FX_PROOF_NONE;
        }
        Vp = add_bounds(add_bounds(kept, D), B);
        if (!inside(Vp, range_v))
            return FX_PROOF_NONE;
        spike_lanes(e, Vp, TH, R, Dd, &lp);
        spike_bounds(e, Vp, TH, R, &V, &S);                     /* rule 3 */
        gain = product_bounds(S, Dd);
        A = add_bounds(A, gain);                                /* rule 4 */
        if (!inside(V, range_v) || !inside(A, range_acc))
            return FX_PROOF_NONE;
        if (steady && same_bounds(V, V_before) && (!p->cuba || same_bounds(I, I_before))) {
            if (!repeat_gain(&A, gain, t1 - 1 - t, range_acc))  /* a fixed point */
                return FX_PROOF_NONE;
            break;
        }
    }
    st_io->v = V;
    st_io->i = I;
    st_io->acc = A;
    return !lp.lanes32 ? FX_PROOF_WIDE : (lp.mul32 ? FX_PROOF_NARROW_MUL32 : FX_PROOF_NARROW);
}

/* ---- int32 lanes ------------------------------------------------------------------------ */

/* A leak kind of step_narrow beyond fx_decay_kind and FX_LEAK_ANY: MULT with its product in
 * int32 (FX_PROOF_NARROW_MUL32). */
#define FX_LEAK_MULT32 4

static fx_leak32_t leak32_make(const fx_leak_t *l)
{
    fx_leak32_t q;
    q.k = l->shr.k;
    q.base = (int32_t)l->shr.base;
    q.neg_add = (int32_t)l->shr.neg_add;
    q.odd_add = (int32_t)l->shr.odd_add;
    q.min_step = (int32_t)l->min_step;
    q.factor = (int32_t)l->factor;
    return q;
}

/* floor(x / 2^k), 0 <= k <= 31, without right-shifting a negative value. */
FX_SPECIALISED int32_t floor_shift32(int32_t x, int k)
{
    return x >= 0 ? (x >> k) : ~((~x) >> k);
}

/* The rounding of every leak shift of a run as a constant of an instantiation: FX_RND_ANY reads
 * the offsets of fx_leak32_t at run time; FX_TRN or FX_TRN_ZERO (both leaks of the run round
 * so) drops the offsets those modes leave zero (fx_shr_make: TRN adds nothing; TRN_ZERO only
 * neg_add), so the shift is one or two vector operations instead of six. */
#define FX_RND_ANY (-1)

/* fx_shr in int32 with rounding `rnd` (FX_RND_ANY or l's own mode): exact when x + offset fits
 * int32 (leak_lanes). */
FX_SPECIALISED int32_t shr32(int32_t x, const fx_leak32_t *l, int rnd)
{
    const int32_t base = rnd == FX_TRN || rnd == FX_TRN_ZERO ? 0 : l->base;
    const int32_t neg_add = rnd == FX_TRN ? 0 : l->neg_add;
    const int32_t odd_add = rnd == FX_TRN || rnd == FX_TRN_ZERO ? 0 : l->odd_add;
    const int32_t c = base + (neg_add & -(int32_t)(x < 0)) + (odd_add & floor_shift32(x, l->k));
    return floor_shift32(x + c, l->k);
}

/* leak(x) modulo 2^32 in int32 lanes (a proven block): NONE, SHIFT (with its minimum step) and
 * MULT32 in int32 arithmetic; MULT and FX_LEAK_ANY through leak's 32 x 32 -> 64-bit product.
 * Callers use it only in sums whose result the proof keeps inside int32. rnd as in shr32. */
FX_SPECIALISED uint32_t leak32(int32_t x, const fx_leak_t *l, const fx_leak32_t *q, int kind,
                               int rnd)
{
    int32_t amount;
    if (kind == FX_DECAY_NONE)
        return 0;
    if (kind == FX_LEAK_MULT32)
        return (uint32_t)x - (uint32_t)shr32(x * q->factor, q, rnd);
    if (kind != FX_DECAY_SHIFT)
        return (uint32_t)leak(x, l, kind, 1);
    amount = shr32(x, q, rnd);
    return (uint32_t)((q->min_step & (amount == 0) & (x != 0)) ? (x > 0) - (x < 0) : amount);
}

/* A schedule's int32 row (value + add) for the steps of one block (a run with a per-neuron
 * schedule): refilled every step for a [T][n] table, once for a per-neuron one, when its value
 * changes for a scalar or per-step one. */
typedef struct {
    int32_t row[FX_BLOCK];
    int64_t last;
    int filled;
} fx_row32_t;

static const int32_t *row32(fx_row32_t *r, const fx_schedule_t *s, int t, int64_t j0, int64_t m,
                            int64_t add)
{
    const int64_t *at = s->data + (int64_t)t * s->t_stride + j0 * s->n_stride;
    const int32_t value = (int32_t)(*at + add);
    int32_t *restrict row = r->row;
    int64_t j;
    if (s->n_stride && (!r->filled || s->t_stride))
        for (j = 0; j < m; ++j)
            row[j] = (int32_t)(at[j] + add);
    else if (!s->n_stride && (!r->filled || r->last != *at))
        for (j = 0; j < m; ++j)
            row[j] = value;
    r->filled = 1;
    r->last = *at;
    return r->row;
}

/* The int32 state and schedule rows of a block in int32 lanes. */
typedef struct {
    int32_t v[FX_BLOCK], i[FX_BLOCK], acc[FX_BLOCK], spikes[FX_BLOCK], count[FX_BLOCK];
    fx_row32_t theta, reset_amount, intensity;
} fx_lanes_t;

/* Step t of a block proven in int32 lanes: step_block with every fx_fit removed (the identity
 * by the proof). Sums, differences and products run modulo 2^32 (uint32_t): each result the
 * proof keeps inside int32 (I, dv, dv + B, V', v after rule 3, acc) is then exact whatever its
 * partial sums did; the operations that are not sums (compares, the leak's shifts, the
 * quotient) see exact operands by the conditions of spike_lanes and leak_lanes. The input is
 * shifted left by input_shift (modulo 2^32, as the product by 2^input_shift). Rule 3:
 * SUB1 as in step_block; ZERO gives a firing neuron k = (v_reset >= th ? max_spikes : 1)
 * spikes and acc gains k * d (both taken once per step when the schedules are uniform); LOOP
 * in closed form (every r > 0 here): a neuron with v >= th spikes min(K, floor((v - th) / r)
 * + 1) times, losing r each time, the quotient a float32 division (exact: 0 <= v - th < 2^24,
 * 0 < r < 2^24; step_block's spike_passes has the argument with 53 for 24). theta: theta +
 * strict; v_reset clamped to int32 (equal to v_reset wherever a neuron can reach it).
 * uniform: theta, reset_amount and intensity hold the step's one value in element 0. spikes:
 * this step's counts, or NULL when not recorded. rnd: the leaks' rounding (shr32). */
FX_SPECIALISED void step_narrow(const fx_engine_t *e, int uniform, int has_input, int spike,
                                int update, int kind_v, int kind_i, int rnd,
                                const int32_t *restrict in_row,
                                const int32_t *restrict theta,
                                const int32_t *restrict reset_amount,
                                const int32_t *restrict intensity, const int32_t *restrict bias,
                                int32_t *restrict v, int32_t *restrict cur,
                                int32_t *restrict acc, int32_t *restrict spikes,
                                int32_t *restrict total, int64_t m)
{
    const fx_leak_t leak_v = e->leak_v, leak_i = e->leak_i;
    const fx_leak32_t q_v = e->leak32_v, q_i = e->leak32_i;
    const int shift = e->p->input_shift;
    const int32_t max_spikes = e->p->max_spikes;
    const int32_t v_reset = (int32_t)(e->p->v_reset < INT32_MIN ? INT32_MIN
                                      : (e->p->v_reset > INT32_MAX ? INT32_MAX : e->p->v_reset));
    const int cuba = update >= FX_UPDATE_CUBA && update <= FX_UPDATE_CUBA_BEFORE_INCREMENT;
    const int before_decay = update == FX_UPDATE_CUBA_BEFORE
                             || update == FX_UPDATE_CUBA_BEFORE_INCREMENT;
    const int increment = update >= FX_UPDATE_CUBA_INCREMENT;
    const int32_t th0 = theta[0], r0 = reset_amount[0], d0 = intensity[0];
    const int32_t k0 = v_reset >= th0 ? max_spikes : 1;               /* ZERO, uniform */
    const uint32_t kd0 = (uint32_t)k0 * (uint32_t)d0;
    int64_t j;
    for (j = 0; j < m; ++j) {
        const uint32_t x = has_input ? (uint32_t)in_row[j] << shift : 0;
        const int32_t th = uniform ? th0 : theta[j], r = uniform ? r0 : reset_amount[j];
        const int32_t d = uniform ? d0 : intensity[j];
        uint32_t drive = x, gain;
        int32_t vj = v[j], s;
        if (cuba) {                                              /* rule 1 */
            int32_t c = cur[j];
            if (before_decay) {
                c = (int32_t)((uint32_t)c + x);
                c = (int32_t)((uint32_t)c - leak32(c, &leak_i, &q_i, kind_i, rnd));
            } else {
                c = (int32_t)((uint32_t)c - leak32(c, &leak_i, &q_i, kind_i, rnd) + x);
            }
            cur[j] = c;
            drive = (uint32_t)c;
        }
        if (increment)                                           /* rule 2, Xylo order */
            vj = (int32_t)((uint32_t)vj + (drive - leak32(vj, &leak_v, &q_v, kind_v, rnd)
                                           + (uint32_t)bias[j]));
        else                                                     /* rule 2 */
            vj = (int32_t)((uint32_t)vj - leak32(vj, &leak_v, &q_v, kind_v, rnd) + drive
                           + (uint32_t)bias[j]);
        s = vj >= th;                                            /* rule 3 */
        if (spike == FX_SPIKE_ZERO) {
            const int32_t k = uniform ? k0 : (v_reset >= th ? max_spikes : 1);
            gain = (uint32_t)-s & (uniform ? kd0 : (uint32_t)k * (uint32_t)d);
            vj = s ? v_reset : vj;
            s = -s & k;
        } else if (spike == FX_SPIKE_LOOP) {
            const int32_t above = (int32_t)((uint32_t)vj - (uint32_t)th) & -s;
            const int32_t q = (int32_t)((float)above / (float)r) + 1;
            s = (q < max_spikes ? q : max_spikes) & -s;
            vj = (int32_t)((uint32_t)vj - (uint32_t)s * (uint32_t)r);
            gain = (uint32_t)s * (uint32_t)d;
        } else {
            vj = (int32_t)((uint32_t)vj - ((uint32_t)-s & (uint32_t)r));
            gain = (uint32_t)-s & (uint32_t)d;
        }
        v[j] = vj;
        acc[j] = (int32_t)((uint32_t)acc[j] + gain);             /* rule 4 */
        if (spikes)
            spikes[j] = s;
        total[j] += s;
    }
}

/* dst = src as int64, when dst is not NULL. */
static void widen(int64_t *dst, const int32_t *src, int64_t m)
{
    int64_t j;
    if (dst)
        for (j = 0; j < m; ++j)
            dst[j] = src[j];
}

/* Where steps_narrow prefetches: at its k-th step, the input row ahead + k * n (k < rows),
 * `width` values; rows = 0: nothing. */
typedef struct {
    const int32_t *ahead;
    int64_t rows, width;
} fx_ahead_t;

static void prefetch_row(const fx_ahead_t *a, int64_t k, int64_t n)
{
    const int64_t per_line = 64 / sizeof *a->ahead;
    int64_t j;
    if (k < a->rows)
        for (j = 0; j < a->width; j += per_line)
            FX_PREFETCH(a->ahead + k * n + j);
}

/* Steps t0..t1-1 of a block proven in int32 lanes (step_narrow with the same constants), from
 * the state in L (bias: the block's int32 row), recording each step into rec (NULL: none) and
 * prefetching the input rows of `ahead` on the way. The engine is copied into a local, so the
 * compiler knows no store of the loop changes it. */
FX_SPECIALISED void steps_narrow(const fx_engine_t *engine, int uniform, int has_input,
                                 int spike, int update, int kind_v, int kind_i, int rnd,
                                 fx_lanes_t *L, const int32_t *current, const int32_t *bias,
                                 const fx_record_t *rec, int64_t j0, int64_t m, int t0, int t1,
                                 const fx_ahead_t *ahead)
{
    const fx_engine_t e = *engine;
    const fx_population_t *p = e.p;
    int32_t *const record_spikes = rec && rec->spikes ? L->spikes : NULL;
    int t;
    for (t = t0; t < t1; ++t) {
        const int64_t at = t * p->n + j0;
        prefetch_row(ahead, t - t0, p->n);
        if (uniform) {            /* step_narrow's uniform instantiations read element 0 */
            L->theta.row[0] = (int32_t)(p->threshold.data[t * p->threshold.t_stride] + e.strict);
            L->reset_amount.row[0] = (int32_t)p->reset_amount.data[t * p->reset_amount.t_stride];
            L->intensity.row[0] = (int32_t)p->intensity.data[t * p->intensity.t_stride];
            step_narrow(&e, 1, has_input, spike, update, kind_v, kind_i, rnd,
                        has_input ? current + at : NULL, L->theta.row, L->reset_amount.row,
                        L->intensity.row, bias, L->v, L->i, L->acc, record_spikes, L->count, m);
        } else {
            step_narrow(&e, 0, has_input, spike, update, kind_v, kind_i, rnd,
                        has_input ? current + at : NULL,
                        row32(&L->theta, &p->threshold, t, j0, m, e.strict),
                        row32(&L->reset_amount, &p->reset_amount, t, j0, m, 0),
                        row32(&L->intensity, &p->intensity, t, j0, m, 0), bias, L->v, L->i,
                        L->acc, record_spikes, L->count, m);
        }
        if (rec) {
            widen(rec->v ? rec->v + at : NULL, L->v, m);
            widen(rec->i ? rec->i + at : NULL, L->i, m);
            widen(rec->spikes ? rec->spikes + at : NULL, L->spikes, m);
            widen(rec->acc ? rec->acc + at : NULL, L->acc, m);
        }
    }
}

typedef void (*fx_narrow_fn)(const fx_engine_t *, fx_lanes_t *, const int32_t *, const int32_t *,
                             const fx_record_t *, int64_t, int64_t, int, int, const fx_ahead_t *);

/* One instantiation per (uniform schedules, input, spike kind, update, leak kinds of v, i,
 * rounding of the leaks). */
#define FX_NARROW(UN, IN, SP, U, KV, KI, RND)                                                   \
    static void narrow_##UN##IN##SP##U##KV##KI##RND(                                             \
        const fx_engine_t *e, fx_lanes_t *L, const int32_t *current, const int32_t *bias,        \
        const fx_record_t *rec, int64_t j0, int64_t m, int t0, int t1, const fx_ahead_t *ahead)  \
    {                                                                                            \
        steps_narrow(e, UN, IN, SP, U, KV, KI, RND - 1, L, current, bias, rec, j0, m, t0, t1,    \
                     ahead);                                                                     \
    }
/* The 24 update variants (narrow_variant), leaks rounded in any mode (RND 0: FX_RND_ANY):
 * simple and increment without CUBA, each with the leak of v NONE, SHIFT, MULT, MULT32; then
 * the four CUBA updates, each with the leaks of v and i both SHIFT, both MULT, both MULT32, or
 * any other pair (FX_LEAK_ANY). */
#define FX_NARROW_CUBA(X, UN, IN, SP, U)                                                        \
    X(UN, IN, SP, U, 1, 1, 0) X(UN, IN, SP, U, 2, 2, 0) X(UN, IN, SP, U, 4, 4, 0)              \
    X(UN, IN, SP, U, 3, 3, 0)
#define FX_NARROW_VARIANTS(X, UN, IN, SP)                                                       \
    X(UN, IN, SP, 0, 0, 0, 0) X(UN, IN, SP, 0, 1, 0, 0) X(UN, IN, SP, 0, 2, 0, 0)              \
    X(UN, IN, SP, 0, 4, 0, 0) X(UN, IN, SP, 5, 0, 0, 0) X(UN, IN, SP, 5, 1, 0, 0)              \
    X(UN, IN, SP, 5, 2, 0, 0) X(UN, IN, SP, 5, 4, 0, 0)                                        \
    FX_NARROW_CUBA(X, UN, IN, SP, 1) FX_NARROW_CUBA(X, UN, IN, SP, 2)                          \
    FX_NARROW_CUBA(X, UN, IN, SP, 3) FX_NARROW_CUBA(X, UN, IN, SP, 4)
#define FX_NARROW_SPIKES(X, UN, IN)                                                             \
    FX_NARROW_VARIANTS(X, UN, IN, 0) FX_NARROW_VARIANTS(X, UN, IN, 1)                          \
    FX_NARROW_VARIANTS(X, UN, IN, 2)
#define FX_NARROW_INPUTS(X, UN) FX_NARROW_SPIKES(X, UN, 0) FX_NARROW_SPIKES(X, UN, 1)
#define FX_NARROW_ALL(X) FX_NARROW_INPUTS(X, 0) FX_NARROW_INPUTS(X, 1)
/* The preset shapes with their rounding fixed (RND = mode + 1): loihi1's (CUBA, both leaks
 * MULT32 rounded TRN_ZERO, reset to v_reset) and xylo's (CUBA with the input before the decay,
 * increment membrane, both leaks SHIFT rounded TRN, subtract reset with several spikes). */
#define FX_NARROW_PRESET(X, UN, IN)                                                             \
    X(UN, IN, 1, 1, 4, 4, 2) X(UN, IN, 2, 4, 1, 1, 1)
#define FX_NARROW_PRESETS(X)                                                                    \
    FX_NARROW_PRESET(X, 0, 0) FX_NARROW_PRESET(X, 0, 1) FX_NARROW_PRESET(X, 1, 0)              \
    FX_NARROW_PRESET(X, 1, 1)
#define FX_NARROW_NAME(UN, IN, SP, U, KV, KI, RND) narrow_##UN##IN##SP##U##KV##KI##RND,
FX_NARROW_ALL(FX_NARROW)
FX_NARROW_PRESETS(FX_NARROW)
static const fx_narrow_fn FX_NARROW_STEPS[2 * 2 * 3 * 24] = {FX_NARROW_ALL(FX_NARROW_NAME)};
static const fx_narrow_fn FX_NARROW_PRESET_STEPS[2 * 2 * 2] = {FX_NARROW_PRESETS(FX_NARROW_NAME)};

/* The preset shape (0: loihi1's, 1: xylo's; FX_NARROW_PRESET) a run in int32 lanes at `level`
 * has, or -1. */
static int narrow_preset(const fx_engine_t *e, int level)
{
    const fx_population_t *p = e->p;
    const int update = update_kind(p), spike = spike_kind(p);
    const fx_decay_t *dv = &p->decay_v, *di = &p->decay_i;
    if (dv->kind != di->kind || dv->rounding != di->rounding)
        return -1;
    if (update == FX_UPDATE_CUBA && spike == FX_SPIKE_ZERO && dv->kind == FX_DECAY_MULT
        && level == FX_PROOF_NARROW_MUL32 && dv->rounding == FX_TRN_ZERO)
        return 0;
    if (update == FX_UPDATE_CUBA_BEFORE_INCREMENT && spike == FX_SPIKE_LOOP
        && dv->kind == FX_DECAY_SHIFT && dv->rounding == FX_TRN)
        return 1;
    return -1;
}

/* The int32-lane steps of a run for a block proven at `level` (FX_PROOF_NARROW or _MUL32). */
static fx_narrow_fn choose_narrow(const fx_engine_t *e, int has_input, int level)
{
    const fx_population_t *p = e->p;
    const int update = update_kind(p), mul32 = level == FX_PROOF_NARROW_MUL32;
    const int kv = p->decay_v.kind, ki = p->decay_i.kind, preset = narrow_preset(e, level);
    int variant;
    if (preset >= 0)
        return FX_NARROW_PRESET_STEPS[(e->uniform * 2 + has_input) * 2 + preset];
    if (!p->cuba) {
        variant = (update == FX_UPDATE_SIMPLE ? 0 : 4) + (kv == FX_DECAY_MULT && mul32 ? 3 : kv);
    } else {
        const int pair = kv != ki ? 3 : (kv == FX_DECAY_SHIFT ? 0
                                         : (kv == FX_DECAY_MULT ? 1 + mul32 : 3));
        variant = 8 + (update - FX_UPDATE_CUBA) * 4 + pair;
    }
    return FX_NARROW_STEPS[((e->uniform * 2 + has_input) * 3 + spike_kind(p)) * 24 + variant];
}

/* Whether a run may use int32 lanes at all: the per-neuron spike count of the whole run,
 * at most max_spikes * T, fits the int32 count. */
static int engine_narrow(const fx_population_t *p)
{
    return (int64_t)p->max_spikes * p->steps <= INT32_MAX;
}

/* dst = src as int32 (a proven block: every value fits), or 0 when src is NULL. */
static void narrow_copy(int32_t *restrict dst, const int64_t *restrict src, int64_t m)
{
    int64_t j;
    for (j = 0; j < m; ++j)
        dst[j] = src ? (int32_t)src[j] : 0;
}

/* The block's state before step 0: v, i (CUBA), acc, each NULL for a zero state. */
typedef struct {
    const int64_t *v, *i, *acc;
} fx_start_t;

/* The block's int32 lanes before step 0, from its state `start`. */
static void lanes_start(fx_lanes_t *L, fx_start_t start, int64_t m)
{
    narrow_copy(L->v, start.v, m);
    narrow_copy(L->i, start.i, m);
    narrow_copy(L->acc, start.acc, m);
    narrow_copy(L->count, NULL, m);
    L->theta.filled = L->reset_amount.filled = L->intensity.filled = 0;
}

/* The block's final v, i (CUBA), acc from its lanes into v_out, i_out, acc_out, and its spike
 * counts into total (added to when continue_state). */
static void lanes_finish(const fx_population_t *p, const fx_lanes_t *L, int64_t *v_out,
                         int64_t *i_out, int64_t *acc_out, int64_t *total, int64_t m)
{
    int64_t j;
    for (j = 0; j < m; ++j) {
        v_out[j] = L->v[j];
        acc_out[j] = L->acc[j];
        total[j] = (p->continue_state ? total[j] : 0) + L->count[j];
    }
    if (p->cuba)
        widen(i_out, L->i, m);
}

/* ---- blocks ----------------------------------------------------------------------------- */

/* The step-0 bounds and proof level of the last block a thread proved without input (and with
 * schedules the same for every neuron of a step, so only the start bounds differ between
 * blocks). The proof is monotone (narrower bounds in, narrower bounds out at every step, and
 * every condition a test that an interval lies inside a fixed one), so such a block whose
 * bounds lie inside these has at least this level, without redoing the O(T) propagation. */
typedef struct {
    int level;
    fx_state_bounds_t st;
    fx_bounds_t bias;
} fx_proof_memo_t;

/* block_proven, or the memo's level at once when it remembers wider bounds; memo keeps st, B
 * and the level after a fresh proof when `memorable` (no input, uniform schedules). */
static int proven_remembered(const fx_engine_t *e, const int32_t *current, fx_state_bounds_t st,
                             fx_bounds_t B, int64_t j0, int64_t m, fx_proof_memo_t *memo)
{
    const int memorable = !current && e->uniform;
    fx_state_bounds_t memo_st;
    int level;
    if (memorable && memo->level && inside(st.v, memo->st.v) && inside(st.acc, memo->st.acc)
        && (!e->p->cuba || inside(st.i, memo->st.i)) && inside(B, memo->bias))
        return memo->level;
    memo_st = st;
    level = block_proven(e, current, &st, B, j0, m, 0, e->p->steps, 0);
    if (memorable && level) {
        memo->level = level;
        memo->st = memo_st;
        memo->bias = B;
    }
    return level;
}

/* dst[j] = (int32_t)src[j] for j < m (meaningful only where src fits int32) and the bounds
 * of src: one pass, so narrowing a block's bias and proving it share the memory traffic. */
static fx_bounds_t narrow_bounds(int32_t *restrict dst, const int64_t *restrict src, int64_t m)
{
    fx_bounds_t b = {src[0], src[0]};
    int64_t j;
    for (j = 0; j < m; ++j) {
        dst[j] = (int32_t)src[j];
        b.lo = src[j] < b.lo ? src[j] : b.lo;
        b.hi = src[j] > b.hi ? src[j] : b.hi;
    }
    return b;
}

/* Bounds of a start state's values, [0, 0] for a zero state (NULL). */
static fx_bounds_t start_bounds(const int64_t *src, int64_t m)
{
    const fx_bounds_t zero = {0, 0};
    return src ? array_bounds(src, m) : zero;
}

/* dst = the block's slice of a state variable before step 0: a copy of src, or zero (NULL). */
static void load_state(int64_t *dst, const int64_t *src, int64_t m)
{
    if (src)
        memcpy(dst, src, (size_t)m * sizeof *dst);
    else
        memset(dst, 0, (size_t)m * sizeof *dst);
}

static void record_row(int64_t *dst, const int64_t *src, int64_t m)
{
    if (dst)
        memcpy(dst, src, (size_t)m * sizeof *src);
}

/* Steps t0..T-1 of a block in int64 lanes, from its state before step t0 (`start`): the
 * checked step, or the proven one (no fits). The spike totals are added to, or written from
 * zero when the run starts here (t0 = 0 and not continue_state). */
static void run_wide(const fx_engine_t *e, fx_step_fn step, const int32_t *current,
                     fx_start_t start, const int64_t *bias, int64_t *v_out, int64_t *i_out,
                     int64_t *acc_out, int64_t *spike_total, int64_t *ovf, const fx_record_t *rec,
                     int64_t j0, int64_t m, int t0)
{
    const fx_population_t *p = e->p;
    int64_t v[FX_BLOCK], cur[FX_BLOCK], acc[FX_BLOCK], s[FX_BLOCK];
    int64_t theta_buf[FX_BLOCK], reset_buf[FX_BLOCK], intensity_buf[FX_BLOCK];
    const int64_t n = p->n, T = p->steps;
    int64_t ev[FX_NVARS];
    int t, k;
    /* a value no schedule can hold (|x| < 2^62) marks the row buffers as unfilled */
    theta_buf[0] = reset_buf[0] = intensity_buf[0] = INT64_MIN;
    load_state(v, start.v, m);
    load_state(acc, start.acc, m);
    if (p->cuba)
        load_state(cur, start.i, m);
    if (!p->continue_state && t0 == 0)
        memset(spike_total + j0, 0, (size_t)m * sizeof *spike_total);
    for (t = t0; t < T; ++t) {
        ev[0] = ev[1] = ev[2] = 0;
        step(e, current ? current + t * n + j0 : NULL,
             schedule_row(&p->threshold, t, j0, m, theta_buf),
             schedule_row(&p->reset_amount, t, j0, m, reset_buf),
             schedule_row(&p->intensity, t, j0, m, intensity_buf), bias, v, cur, acc, s,
             spike_total + j0, m, ev);
        for (k = 0; k < FX_NVARS; ++k)
            ovf[k * T + t] += ev[k];
        if (rec) {
            const int64_t at = t * n + j0;
            record_row(rec->v ? rec->v + at : NULL, v, m);
            record_row(rec->i ? rec->i + at : NULL, cur, m);
            record_row(rec->spikes ? rec->spikes + at : NULL, s, m);
            record_row(rec->acc ? rec->acc + at : NULL, acc, m);
        }
    }
    memcpy(v_out + j0, v, (size_t)m * sizeof *v);
    memcpy(acc_out + j0, acc, (size_t)m * sizeof *acc);
    if (p->cuba)
        memcpy(i_out + j0, cur, (size_t)m * sizeof *cur);
}

/* How many steps a block with input proves before running them (narrow_prefix): the rows its
 * proof reads (FX_CHUNK x FX_BLOCK int32, 64 KiB) are still in cache when the steps read them. */
#define FX_CHUNK 64
/* Chunks of at least this many steps are proven first with one input interval for all their
 * rows (block_proven's hull_input), whose steady state the proof can skip to; a chunk that
 * proof does not allow is proven row by row. */
#define FX_HULL_STEPS 32

/* The rows steps t0..t1-1 of block j0 prefetch: the next chunk's rows, or after the last chunk
 * the first chunk's rows of the block FX_PF_DIST ahead (none past the population). */
static fx_ahead_t ahead_of(const fx_population_t *p, const int32_t *current, int64_t j0, int t1)
{
    const int64_t next = j0 + FX_PF_DIST * FX_BLOCK;
    const int rest = p->steps - t1;
    fx_ahead_t a = {current, 0, 0};
    if (rest > 0) {
        a.ahead = current + (int64_t)t1 * p->n + j0;
        a.rows = rest < FX_CHUNK ? rest : FX_CHUNK;
        a.width = p->n - j0 < FX_BLOCK ? p->n - j0 : FX_BLOCK;
    } else if (next < p->n) {
        a.ahead = current + next;
        a.rows = p->steps < FX_CHUNK ? p->steps : FX_CHUNK;
        a.width = p->n - next < FX_BLOCK ? p->n - next : FX_BLOCK;
    }
    return a;
}

/* Runs a block with input in int32 lanes a chunk of FX_CHUNK steps at a time, each chunk once
 * its proof (from the bounds st before it) allows int32 lanes; returns the first step not run
 * (T when all ran). L holds the state after the steps run, st its bounds (docs/algorithms.md
 * 2.6.1: a proof of steps t0..t1-1 from bounds that hold before t0 is a proof of them). */
static int narrow_prefix(const fx_engine_t *e, const int32_t *current, fx_state_bounds_t *st,
                         fx_bounds_t B, const int32_t *bias32, fx_lanes_t *L,
                         const fx_record_t *rec, int64_t j0, int64_t m)
{
    const fx_population_t *p = e->p;
    int t0 = 0;
    while (e->narrow && t0 < p->steps) {
        const int t1 = p->steps - t0 > FX_CHUNK ? t0 + FX_CHUNK : p->steps;
        const fx_ahead_t ahead = ahead_of(p, current, j0, t1);
        fx_state_bounds_t next = *st;
        int level = t1 - t0 >= FX_HULL_STEPS ? block_proven(e, current, &next, B, j0, m, t0, t1, 1)
                                             : FX_PROOF_NONE;
        if (level < FX_PROOF_NARROW) {       /* the rows one by one */
            next = *st;
            level = block_proven(e, current, &next, B, j0, m, t0, t1, 0);
        }
        if (level < FX_PROOF_NARROW)
            break;
        choose_narrow(e, 1, level)(e, L, current, bias32, rec, j0, m, t0, t1, &ahead);
        *st = next;
        t0 = t1;
    }
    return t0;
}

/* All T steps for neurons j0 .. j0+m-1; ovf is this thread's [FX_NVARS][T] table, paths its
 * [FX_NPATHS] block counts; steps: the checked step and the step of proven int64 blocks; memo:
 * this thread's. The block's proof chooses its path: int32 lanes (engine_narrow and a
 * FX_PROOF_NARROW level; with input, chunk by chunk while the chunks' proofs allow them), then
 * for the steps left int64 lanes without fits (their proof allows it) or the checked loop. A
 * block counts for the path of its last step. */
static void run_block(const fx_engine_t *e, const fx_step_fn steps[2], const int32_t *input,
                      int64_t *v_out, int64_t *i_out, int64_t *acc_out, int64_t *spike_total,
                      int64_t *ovf, int64_t *paths, const fx_record_t *rec,
                      fx_proof_memo_t *memo, int64_t j0, int64_t m)
{
    const fx_population_t *p = e->p;
    int64_t v_initial[FX_BLOCK], bias_buf[FX_BLOCK], i_mid[FX_BLOCK], acc_mid[FX_BLOCK];
    int32_t bias32[FX_BLOCK];
    const int32_t *current = p->input_mode == FX_INPUT_CURRENT ? input : NULL;
    const int64_t *bias;
    fx_lanes_t L;
    fx_bounds_t B;
    fx_start_t start;
    fx_state_bounds_t st;
    int64_t j, events = 0;
    int level, t0 = 0;

    start.v = p->continue_state ? v_out + j0 : NULL;   /* NULL: zero */
    start.i = p->continue_state && p->cuba ? i_out + j0 : NULL;
    start.acc = p->continue_state ? acc_out + j0 : NULL;
    bias_buf[0] = INT64_MIN;
    v_initial[0] = 0;       /* (m >= 1; tells the compiler start.v[0] is always set) */
    bias = schedule_row(&p->bias, 0, j0, m, bias_buf);
    if (p->input_mode == FX_INPUT_INITIAL) {
        for (j = 0; j < m; ++j)
            v_initial[j] = fx_fit(input ? input[j0 + j] * e->input_scale : 0, &e->v, &events);
        ovf[FX_VAR_V * p->steps] += events;
        start.v = v_initial;
    }
    st.v = start_bounds(start.v, m);
    st.i = start_bounds(start.i, m);
    st.acc = start_bounds(start.acc, m);
    B = narrow_bounds(bias32, bias, m);
    lanes_start(&L, start, m);
    if (current) {
        t0 = narrow_prefix(e, current, &st, B, bias32, &L, rec, j0, m);
        level = t0 < p->steps ? block_proven(e, current, &st, B, j0, m, t0, p->steps, 0) : 0;
    } else {
        level = proven_remembered(e, NULL, st, B, j0, m, memo);
        if (level >= FX_PROOF_NARROW && e->narrow) {
            const fx_ahead_t none = {NULL, 0, 0};
            choose_narrow(e, 0, level)(e, &L, NULL, bias32, rec, j0, m, 0, p->steps, &none);
            t0 = p->steps;
        }
    }
    if (t0 == p->steps) {
        lanes_finish(p, &L, v_out + j0, i_out + j0, acc_out + j0, spike_total + j0, m);
        paths[FX_PATH_NARROW] += 1;
        return;
    }
    if (t0 > 0) {          /* the steps left start from the lanes' state */
        for (j = 0; j < m; ++j) {
            v_initial[j] = L.v[j];
            i_mid[j] = L.i[j];
            acc_mid[j] = L.acc[j];
            spike_total[j0 + j] = (p->continue_state ? spike_total[j0 + j] : 0) + L.count[j];
        }
        start.v = v_initial;
        start.i = i_mid;
        start.acc = acc_mid;
    }
    run_wide(e, steps[level ? 1 : 0], current, start, bias, v_out, i_out, acc_out, spike_total,
             ovf, rec, j0, m, t0);
    paths[level ? FX_PATH_WIDE : FX_PATH_CHECKED] += 1;
}

int fx_population_run_paths(const fx_population_t *p, const int32_t *input, int64_t *v,
                            int64_t *i_syn, int64_t *acc, int64_t *spike_total, int64_t *overflow,
                            const fx_record_t *rec, int threads, int64_t *paths)
{
    const int64_t nblocks = (p->n + FX_BLOCK - 1) / FX_BLOCK;
    const int64_t ncounts = (int64_t)FX_NVARS * p->steps;
    const int has_input = input != NULL && p->input_mode == FX_INPUT_CURRENT;
    int64_t path_counts[FX_NPATHS] = {0, 0, 0};
    fx_step_fn steps[2];
    fx_engine_t e;
    int64_t b;
    int k;
    if (p->n < 1 || p->steps < 1 || p->max_spikes < 1 || (p->cuba && !i_syn)
        || p->decay_v.kind < 0 || p->decay_v.kind > 2 || p->decay_i.kind < 0
        || p->decay_i.kind > 2 || p->input_shift < 0
        || p->input_shift > 24)
        return FX_EINVAL;
    e.p = p;
    e.v = fx_range_make(&p->v_format);
    e.i = fx_range_make(&p->i_format);
    e.acc = fx_range_make(&p->acc_format);
    e.leak_v = leak_make(&p->decay_v);
    e.leak_i = leak_make(&p->decay_i);
    e.leak32_v = leak32_make(&e.leak_v);
    e.leak32_i = leak32_make(&e.leak_i);
    e.input_scale = (int64_t)1 << p->input_shift;
    e.strict = p->compare_strict != 0;
    e.narrow = engine_narrow(p);
    e.uniform = !p->threshold.n_stride && !p->reset_amount.n_stride && !p->intensity.n_stride;
    steps[0] = choose_step(p, 1, has_input);
    steps[1] = choose_step(p, 0, has_input);
    (void)threads;
    (void)ncounts;
#ifdef _OPENMP
#pragma omp parallel num_threads(threads > 1 ? threads : 1) if (threads > 1 && nblocks > 1)
#endif
    {
        fx_proof_memo_t memo;
        memset(&memo, 0, sizeof memo);
#ifdef _OPENMP
#pragma omp for schedule(static) reduction(+ : overflow[:ncounts], path_counts[:FX_NPATHS])
#endif
        for (b = 0; b < nblocks; ++b) {
            const int64_t j0 = b * FX_BLOCK;
            run_block(&e, steps, input, v, i_syn, acc, spike_total, overflow, path_counts, rec,
                      &memo, j0, p->n - j0 < FX_BLOCK ? p->n - j0 : FX_BLOCK);
        }
    }
    if (paths)
        for (k = 0; k < FX_NPATHS; ++k)
            paths[k] += path_counts[k];
    return FX_OK;
}

int fx_population_run(const fx_population_t *p, const int32_t *input, int64_t *v, int64_t *i_syn,
                      int64_t *acc, int64_t *spike_total, int64_t *overflow,
                      const fx_record_t *rec, int threads)
{
    return fx_population_run_paths(p, input, v, i_syn, acc, spike_total, overflow, rec, threads,
                                   NULL);
}
