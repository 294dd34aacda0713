/*
 * fx_population.c -- the integer population engine (docs/algorithms.md 2).
 *
 * Neurons are processed in blocks of FX_BLOCK. A block keeps its state on the stack and runs
 * all T steps; each step is ONE fused loop over the block's neurons (neurons innermost and
 * contiguous) doing rules 1-4 of the definition in registers. The loop body is written once
 * (step_block); the few loop-invariant choices that decide whether it can vectorise (input
 * present, simple or full update, single-spike subtract reset, leak kind) are passed as
 * constants by a table of instantiations, so the compiler emits one specialised loop per
 * combination from the same source.
 *
 * Proven blocks: before running a block, block_proven() propagates interval bounds of v and
 * acc through all T steps of the simple update (scalar arithmetic, O(T)). When the bounds show
 * that every value stays inside its format's range and inside int32, every fx_fit of the step
 * is the identity and no overflow event can occur; the block then runs step_proven, which is
 * step_block's simple update without the fits, in int32 lanes (twice the lanes of int64).
 * Same integers, proven rather than checked.
 *
 * Blocks are independent: OpenMP splits them over threads, and overflow counts are integer
 * sums, so results never depend on the thread count.
 */
#include <string.h>
#include "fx_arith.h"
#include "fx_population.h"

#define FX_BLOCK 256   /* measured fastest of 128, 256, 512 (tools/bench_engine.py) */

/* A leak rule prepared once: leak(x) = shr(x) (SHIFT), x - shr(x * factor) (MULT), 0 (NONE). */
typedef struct {
    int32_t kind;
    int64_t min_step;
    int64_t factor;
    fx_shr_t shr;
} fx_leak_t;

/* Everything a block needs that does not change during the run. */
typedef struct {
    const fx_population_t *p;
    fx_range_t v, i, acc;
    fx_leak_t leak_v, leak_i;
    int64_t input_scale;      /* 2^input_shift */
    int64_t strict;           /* 1: v > theta, i.e. v >= theta + 1 */
    int provable;             /* the configuration admits proven blocks (engine_provable) */
} fx_engine_t;

static fx_leak_t leak_make(const fx_decay_t *d)
{
    fx_leak_t l;
    l.kind = d->kind;
    l.min_step = d->min_step;
    l.factor = d->factor;
    l.shr = fx_shr_make(d->shift, d->rounding);
    return l;
}

/* What x loses in one step (fxsim reference `leak`). `kind` is a constant at each call. */
FX_SPECIALISED int64_t leak(int64_t x, const fx_leak_t *l, int kind)
{
    int64_t amount;
    if (kind == FX_DECAY_NONE)
        return 0;
    if (kind == FX_DECAY_MULT)
        return x - fx_shr(x * l->factor, &l->shr);
    amount = fx_shr(x, &l->shr);
    /* minimum step: a zero leak of a non-zero x becomes sign(x) */
    return (l->min_step & (amount == 0) & (x != 0)) ? (x > 0) - (x < 0) : amount;
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

/* The spike loop of rule 3 for one neuron (any max_spikes, either reset). */
static int64_t spike_loop(int64_t *v, int64_t theta, int64_t reset_amount, const fx_engine_t *e)
{
    int64_t count = 0;
    while (count < e->p->max_spikes && *v >= theta + e->strict) {
        ++count;
        *v = e->p->reset == FX_RESET_SUBTRACT ? *v - reset_amount : e->p->v_reset;
    }
    return count;
}

/* One step t for neurons 0..m-1 of a block: rules 1-4, fused. The int parameters after `e`
 * are constants in every instantiation. ev[FX_NVARS] receives this step's events. The
 * engine's constants are copied into locals and every array is `restrict`, so the compiler
 * knows no store in the loop changes them and can vectorise across neurons. */
FX_SPECIALISED void step_block(const fx_engine_t *e, int has_input, int full, int single,
                               int leak_kind_v, const int32_t *restrict in_row,
                               const int64_t *restrict theta,
                               const int64_t *restrict reset_amount,
                               const int64_t *restrict intensity, const int64_t *restrict bias,
                               int64_t *restrict v, int64_t *restrict cur,
                               int64_t *restrict acc, int64_t *restrict spikes,
                               int64_t *restrict total, int64_t m, int64_t *ev)
{
    const fx_range_t range_v = e->v, range_i = e->i, range_acc = e->acc;
    const fx_leak_t leak_v = e->leak_v, leak_i = e->leak_i;
    const int64_t scale = e->input_scale, strict = e->strict;
    const int cuba = e->p->cuba, before_decay = e->p->input_before_decay;
    const int increment = e->p->membrane == FX_MEMBRANE_INCREMENT;
    int64_t ev_v = 0, ev_i = 0, ev_acc = 0, j;
    for (j = 0; j < m; ++j) {
        const int64_t x = has_input ? in_row[j] * scale : 0;
        int64_t drive = x, vj = v[j], s;
        if (full && cuba) {                                      /* rule 1 */
            int64_t c = cur[j];
            if (before_decay) {
                c = fx_fit(c + x, &range_i, &ev_i);
                c = c - leak(c, &leak_i, leak_i.kind);
            } else {
                c = c - leak(c, &leak_i, leak_i.kind) + x;
            }
            cur[j] = c = fx_fit(c, &range_i, &ev_i);
            drive = c;
        }
        if (full && increment) {                                 /* rule 2, Xylo order */
            int64_t dv = fx_fit(drive - leak(vj, &leak_v, leak_kind_v), &range_v, &ev_v);
            dv = fx_fit(dv + bias[j], &range_v, &ev_v);
            vj = vj + dv;
        } else {                                                 /* rule 2 */
            vj = vj - leak(vj, &leak_v, leak_kind_v) + drive + bias[j];
        }
        vj = fx_fit(vj, &range_v, &ev_v);
        if (single) {                                            /* rule 3, max_spikes 1 */
            s = vj >= theta[j] + strict;
            vj -= -s & reset_amount[j];
        } else {
            s = spike_loop(&vj, theta[j], reset_amount[j], e);
        }
        v[j] = fx_fit(vj, &range_v, &ev_v);
        acc[j] = fx_fit(acc[j] + (single ? -s & intensity[j] : s * intensity[j]), &range_acc,
                        &ev_acc);                                /* rule 4 */
        spikes[j] = s;
        total[j] += s;
    }
    ev[FX_VAR_V] += ev_v;
    ev[FX_VAR_I] += ev_i;
    ev[FX_VAR_ACC] += ev_acc;
}

typedef void (*fx_step_fn)(const fx_engine_t *, const int32_t *, const int64_t *, const int64_t *,
                           const int64_t *, const int64_t *, int64_t *, int64_t *, int64_t *,
                           int64_t *, int64_t *, int64_t, int64_t *);

/* One instantiation per (input, full, single, leak kind of v). */
#define FX_STEP(IN, FULL, SINGLE, KIND)                                                         \
    static void step_##IN##FULL##SINGLE##KIND(                                                   \
        const fx_engine_t *e, const int32_t *in_row, const int64_t *theta,                       \
        const int64_t *reset_amount, const int64_t *intensity, const int64_t *bias, int64_t *v,   \
        int64_t *cur, int64_t *acc, int64_t *spikes, int64_t *total, int64_t m, int64_t *ev)      \
    {                                                                                            \
        step_block(e, IN, FULL, SINGLE, KIND, in_row, theta, reset_amount, intensity, bias, v,   \
                   cur, acc, spikes, total, m, ev);                                              \
    }
#define FX_STEP_KINDS(IN, FULL, SINGLE) \
    FX_STEP(IN, FULL, SINGLE, 0) FX_STEP(IN, FULL, SINGLE, 1) FX_STEP(IN, FULL, SINGLE, 2)
FX_STEP_KINDS(0, 0, 0) FX_STEP_KINDS(0, 0, 1) FX_STEP_KINDS(0, 1, 0) FX_STEP_KINDS(0, 1, 1)
FX_STEP_KINDS(1, 0, 0) FX_STEP_KINDS(1, 0, 1) FX_STEP_KINDS(1, 1, 0) FX_STEP_KINDS(1, 1, 1)

#define FX_ROW(IN, FULL, SINGLE) \
    step_##IN##FULL##SINGLE##0, step_##IN##FULL##SINGLE##1, step_##IN##FULL##SINGLE##2
static const fx_step_fn FX_STEPS[24] = {
    FX_ROW(0, 0, 0), FX_ROW(0, 0, 1), FX_ROW(0, 1, 0), FX_ROW(0, 1, 1),
    FX_ROW(1, 0, 0), FX_ROW(1, 0, 1), FX_ROW(1, 1, 0), FX_ROW(1, 1, 1)};

static fx_step_fn choose_step(const fx_population_t *p, int has_input)
{
    const int full = p->cuba || p->membrane == FX_MEMBRANE_INCREMENT;
    const int single = p->max_spikes == 1 && p->reset == FX_RESET_SUBTRACT;
    return FX_STEPS[has_input * 12 + full * 6 + single * 3 + p->decay_v.kind];
}

/* ---- proven blocks ---------------------------------------------------------------------- */

/* A closed interval [lo, hi] of integers; every bound handled here is below 2^62 in magnitude. */
typedef struct {
    int64_t lo, hi;
} fx_bounds_t;

/* dst[j] = (int32_t)src[j] for j < m (meaningful only where src fits int32) and the bounds
 * of src: one pass, so reading a block's state and proving it share the memory traffic. */
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

/* Whether a run can have proven blocks: the simple update (no CUBA, sum membrane), one spike
 * per step with subtract reset, leak of v NONE or SHIFT, and threshold, reset amount and
 * intensity the same for every neuron of a step (t-only or scalar schedules). */
static int engine_provable(const fx_population_t *p)
{
    return !p->cuba && p->membrane == FX_MEMBRANE_SUM && p->max_spikes == 1
           && p->reset == FX_RESET_SUBTRACT
           && (p->decay_v.kind == FX_DECAY_NONE || p->decay_v.kind == FX_DECAY_SHIFT)
           && !p->threshold.n_stride && !p->reset_amount.n_stride && !p->intensity.n_stride;
}

/* 1 when the block's bounds prove that, at every step, every fx_fit of step_block's simple
 * update is the identity and every value it fits, and theta + strict, r and d, lie in int32.
 * V, A: bounds of the block's v and acc before step 0; B: of its bias; current: the [T][n]
 * input or NULL.
 * Per step t (docs/algorithms.md 2.6): V' = leak(V) + X + B, where leak(V) = V (NONE) or
 * hull(V, 0) (SHIFT: v - shr(v) lies between 0 and v for every rounding); then with
 * th = theta_t + strict, spikes are impossible when V'.hi < th, certain when V'.lo >= th, and
 * V = [V'.lo, min(V'.hi, th - 1)] hull [max(V'.lo, th) - r, V'.hi - r] in general;
 * A gains d_t where a spike is possible. */
static int block_proven(const fx_engine_t *e, const int32_t *current, fx_bounds_t V,
                        fx_bounds_t A, fx_bounds_t B, int64_t j0, int64_t m)
{
    const fx_population_t *p = e->p;
    const fx_bounds_t range_v = lane_range(&e->v), range_acc = lane_range(&e->acc);
    const fx_bounds_t zero = {0, 0};
    fx_bounds_t X = zero;
    int t;
    if (!inside(V, range_v) || !inside(A, range_acc))
        return 0;
    for (t = 0; t < p->steps; ++t) {
        const int64_t th = p->threshold.data[t * p->threshold.t_stride] + e->strict;
        const int64_t r = p->reset_amount.data[t * p->reset_amount.t_stride];
        const int64_t d = p->intensity.data[t * p->intensity.t_stride];
        const fx_bounds_t kept = p->decay_v.kind == FX_DECAY_NONE ? V : hull(V, zero);
        fx_bounds_t Vp, stay, fire, gain = {d < 0 ? d : 0, d > 0 ? d : 0};
        if (current)
            X = input_bounds(current + (int64_t)t * p->n + j0, e->input_scale, m);
        Vp.lo = kept.lo + X.lo + B.lo;
        Vp.hi = kept.hi + X.hi + B.hi;
        if (th < INT32_MIN || th > INT32_MAX || r < INT32_MIN || r > INT32_MAX
            || d < INT32_MIN || d > INT32_MAX || !inside(Vp, range_v))
            return 0;
        stay.lo = Vp.lo;
        stay.hi = Vp.hi < th - 1 ? Vp.hi : th - 1;
        fire.lo = (Vp.lo > th ? Vp.lo : th) - r;
        fire.hi = Vp.hi - r;
        V = Vp.hi < th ? Vp : (Vp.lo >= th ? fire : hull(stay, fire));
        if (Vp.lo >= th)
            gain.lo = gain.hi = d;
        if (Vp.hi >= th) {
            A.lo += gain.lo;
            A.hi += gain.hi;
        }
        if (!inside(V, range_v) || !inside(A, range_acc))
            return 0;
    }
    return 1;
}

/* Step t of a proven block in int32 lanes: step_block's simple update (rules 2-4, one spike,
 * subtract reset) with every fx_fit removed, which block_proven showed to be the identity.
 * v - leak(v) + x + bias is evaluated in int64 and fits int32 by the proof. spikes: this
 * step's spikes, or NULL when not recorded. */
FX_SPECIALISED void step_proven(int has_input, int leak_kind, const fx_leak_t *leak_v,
                                int64_t scale, const int32_t *restrict in_row,
                                int32_t theta_eff, int32_t reset_amount, int32_t intensity,
                                const int32_t *restrict bias, int32_t *restrict v,
                                int32_t *restrict acc, int32_t *restrict spikes,
                                int32_t *restrict total, int64_t m)
{
    const fx_leak_t leak_local = *leak_v;
    int64_t j;
    for (j = 0; j < m; ++j) {
        const int64_t x = has_input ? in_row[j] * scale : 0;
        const int32_t vj = (int32_t)(v[j] - leak(v[j], &leak_local, leak_kind) + x + bias[j]);
        const int32_t s = vj >= theta_eff;
        v[j] = vj - (-s & reset_amount);
        acc[j] += -s & intensity;
        if (spikes)
            spikes[j] = s;
        total[j] += s;
    }
}

typedef void (*fx_proven_fn)(const fx_leak_t *, int64_t, const int32_t *, int32_t, int32_t,
                             int32_t, const int32_t *, int32_t *, int32_t *, int32_t *,
                             int32_t *, int64_t);

/* One instantiation per (input, leak kind of v: NONE or SHIFT). */
#define FX_PROVEN(IN, KIND)                                                                     \
    static void proven_##IN##KIND(const fx_leak_t *leak_v, int64_t scale, const int32_t *in_row, \
                                  int32_t theta_eff, int32_t reset_amount, int32_t intensity,   \
                                  const int32_t *bias, int32_t *v, int32_t *acc,                \
                                  int32_t *spikes, int32_t *total, int64_t m)                   \
    {                                                                                           \
        step_proven(IN, KIND, leak_v, scale, in_row, theta_eff, reset_amount, intensity, bias,  \
                    v, acc, spikes, total, m);                                                  \
    }
FX_PROVEN(0, 0) FX_PROVEN(0, 1) FX_PROVEN(1, 0) FX_PROVEN(1, 1)
static const fx_proven_fn FX_PROVEN_STEPS[4] = {proven_00, proven_01, proven_10, proven_11};

static void widen(int64_t *dst, const int32_t *src, int64_t m)
{
    int64_t j;
    if (dst)
        for (j = 0; j < m; ++j)
            dst[j] = src[j];
}

/* The int32 state of a proven block (narrow_bounds copies of its int64 state). */
typedef struct {
    int32_t v[FX_BLOCK], acc[FX_BLOCK], bias[FX_BLOCK];
} fx_lanes_t;

/* All T steps of a proven block from its int32 state `in`; the final v and acc are written to
 * v_out and acc_out, the spike totals to total (added to when continue_state). */
static void run_proven(const fx_engine_t *e, const int32_t *current, fx_lanes_t *in,
                       int64_t *v_out, int64_t *acc_out, int64_t *total,
                       const fx_record_t *rec, int64_t j0, int64_t m)
{
    const fx_population_t *p = e->p;
    const fx_proven_fn step = FX_PROVEN_STEPS[(current != NULL) * 2 + p->decay_v.kind];
    int32_t spikes[FX_BLOCK], count[FX_BLOCK];
    int32_t *const record_spikes = rec && rec->spikes ? spikes : NULL;
    int64_t j;
    int t;
    for (j = 0; j < m; ++j)
        count[j] = 0;
    for (t = 0; t < p->steps; ++t) {
        const int64_t at = t * p->n + j0;
        step(&e->leak_v, e->input_scale, current ? current + at : NULL,
             (int32_t)(p->threshold.data[t * p->threshold.t_stride] + e->strict),
             (int32_t)p->reset_amount.data[t * p->reset_amount.t_stride],
             (int32_t)p->intensity.data[t * p->intensity.t_stride], in->bias, in->v, in->acc,
             record_spikes, count, m);
        if (rec) {
            widen(rec->v ? rec->v + at : NULL, in->v, m);
            widen(rec->spikes ? rec->spikes + at : NULL, spikes, m);
            widen(rec->acc ? rec->acc + at : NULL, in->acc, m);
        }
    }
    for (j = 0; j < m; ++j) {
        v_out[j] = in->v[j];
        acc_out[j] = in->acc[j];
        total[j] = (p->continue_state ? total[j] : 0) + count[j];
    }
}

/* narrow_bounds of src, or dst = 0 and bounds [0, 0] when src is NULL (a zero state). */
static fx_bounds_t lanes_from(int32_t *dst, const int64_t *src, int64_t m)
{
    const fx_bounds_t zero = {0, 0};
    if (src)
        return narrow_bounds(dst, src, m);
    memset(dst, 0, (size_t)m * sizeof *dst);
    return zero;
}

/* The step-0 bounds of the last block a thread proved without input. The proof is monotone
 * (larger bounds in, larger bounds out at every step), so a block without input whose bounds
 * lie inside these is proven too, without redoing the O(T) propagation. */
typedef struct {
    int valid;
    fx_bounds_t v, acc, bias;
} fx_proof_memo_t;

/* Run a block proven if its bounds allow (1), else leave it to the checked steps (0).
 * v0, acc0: its state before step 0 (NULL: zero); bias: its bias row; memo: this thread's. */
static int try_proven(const fx_engine_t *e, const int32_t *current, const int64_t *v0,
                      const int64_t *acc0, const int64_t *bias, int64_t *v_out, int64_t *acc_out,
                      int64_t *total, const fx_record_t *rec, fx_proof_memo_t *memo, int64_t j0,
                      int64_t m)
{
    fx_lanes_t lanes;
    const fx_bounds_t V = lanes_from(lanes.v, v0, m), A = lanes_from(lanes.acc, acc0, m);
    const fx_bounds_t B = narrow_bounds(lanes.bias, bias, m);
    const int remembered = !current && memo->valid && inside(V, memo->v)
                           && inside(A, memo->acc) && inside(B, memo->bias);
    if (!remembered) {
        if (!block_proven(e, current, V, A, B, j0, m))
            return 0;
        if (!current) {
            memo->valid = 1;
            memo->v = V;
            memo->acc = A;
            memo->bias = B;
        }
    }
    run_proven(e, current, &lanes, v_out, acc_out, total, rec, j0, m);
    return 1;
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

/* All T steps for neurons j0 .. j0+m-1; ovf is this thread's [FX_NVARS][T] table. */
static void run_block(const fx_engine_t *e, fx_step_fn step, const int32_t *input, int64_t *v_out,
                      int64_t *i_out, int64_t *acc_out, int64_t *spike_total, int64_t *ovf,
                      const fx_record_t *rec, fx_proof_memo_t *memo, int64_t j0, int64_t m)
{
    const fx_population_t *p = e->p;
    int64_t v[FX_BLOCK], cur[FX_BLOCK], acc[FX_BLOCK], s[FX_BLOCK];
    int64_t theta_buf[FX_BLOCK], reset_buf[FX_BLOCK], intensity_buf[FX_BLOCK], bias_buf[FX_BLOCK];
    const int64_t n = p->n, T = p->steps;
    const int32_t *current = p->input_mode == FX_INPUT_CURRENT ? input : NULL;
    const int64_t *bias;
    const int64_t *v0 = p->continue_state ? v_out + j0 : NULL;   /* state before step 0 */
    const int64_t *acc0 = p->continue_state ? acc_out + j0 : NULL; /* (NULL: zero) */
    int64_t j, ev[FX_NVARS];
    int t, k;

    /* a value no schedule can hold (|x| < 2^62) marks the row buffers as unfilled */
    theta_buf[0] = reset_buf[0] = intensity_buf[0] = bias_buf[0] = INT64_MIN;
    bias = schedule_row(&p->bias, 0, j0, m, bias_buf);
    if (p->input_mode == FX_INPUT_INITIAL) {
        ev[FX_VAR_V] = 0;
        for (j = 0; j < m; ++j)
            v[j] = fx_fit(input ? input[j0 + j] * e->input_scale : 0, &e->v, &ev[FX_VAR_V]);
        ovf[FX_VAR_V * T] += ev[FX_VAR_V];
        v0 = v;
    }
    if (e->provable
        && try_proven(e, current, v0, acc0, bias, v_out + j0, acc_out + j0, spike_total + j0, rec,
                      memo, j0, m))
        return;
    if (v0 != v)
        load_state(v, v0, m);
    load_state(acc, acc0, m);
    if (p->cuba)
        load_state(cur, p->continue_state ? i_out + j0 : NULL, m);
    if (!p->continue_state)
        memset(spike_total + j0, 0, (size_t)m * sizeof *spike_total);
    for (t = 0; t < T; ++t) {
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

int fx_population_run(const fx_population_t *p, const int32_t *input, int64_t *v, int64_t *i_syn,
                      int64_t *acc, int64_t *spike_total, int64_t *overflow,
                      const fx_record_t *rec, int threads)
{
    const int64_t nblocks = (p->n + FX_BLOCK - 1) / FX_BLOCK;
    const int64_t ncounts = (int64_t)FX_NVARS * p->steps;
    fx_engine_t e;
    fx_step_fn step;
    int64_t b;
    if (p->n < 1 || p->steps < 1 || p->max_spikes < 1 || (p->cuba && !i_syn)
        || p->decay_v.kind < 0 || p->decay_v.kind > 2 || p->input_shift < 0
        || p->input_shift > 24)
        return FX_EINVAL;
    e.p = p;
    e.v = fx_range_make(&p->v_format);
    e.i = fx_range_make(&p->i_format);
    e.acc = fx_range_make(&p->acc_format);
    e.leak_v = leak_make(&p->decay_v);
    e.leak_i = leak_make(&p->decay_i);
    e.input_scale = (int64_t)1 << p->input_shift;
    e.strict = p->compare_strict != 0;
    e.provable = engine_provable(p);
    step = choose_step(p, input != NULL && p->input_mode == FX_INPUT_CURRENT);
    (void)threads;
    (void)ncounts;
#ifdef _OPENMP
#pragma omp parallel num_threads(threads > 1 ? threads : 1) if (threads > 1)
#endif
    {
        fx_proof_memo_t memo = {0, {0, 0}, {0, 0}, {0, 0}};
#ifdef _OPENMP
#pragma omp for schedule(static) reduction(+ : overflow[:ncounts])
#endif
        for (b = 0; b < nblocks; ++b) {
            const int64_t j0 = b * FX_BLOCK;
            run_block(&e, step, input, v, i_syn, acc, spike_total, overflow, rec, &memo, j0,
                      p->n - j0 < FX_BLOCK ? p->n - j0 : FX_BLOCK);
        }
    }
    return FX_OK;
}
