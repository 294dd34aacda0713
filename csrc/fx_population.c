/*
 * fx_population.c -- the integer population engine (SPEC section 3, docs/algorithms.md 2).
 *
 * Neurons are processed in blocks of FX_BLOCK. A block keeps its state in int64 scratch on
 * the stack and runs all T steps; each step is ONE fused loop over the block's neurons
 * (neurons innermost and contiguous) doing rules 1-4 of the definition in registers. The
 * loop body is written once (step_block); the few loop-invariant choices that decide whether
 * it can vectorise (input present, simple or full update, single-spike subtract reset, leak
 * kind) are passed as constants by a table of instantiations, so the compiler emits one
 * specialised loop per combination from the same source. Blocks are independent: OpenMP
 * splits them over threads, and overflow counts are integer sums, so results never depend
 * on the thread count.
 */
#include <string.h>
#include "fxsim.h"

#define FX_BLOCK 512

#if defined(__GNUC__)
#define FX_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define FX_ALWAYS_INLINE static inline
#endif

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
FX_ALWAYS_INLINE int64_t leak(int64_t x, const fx_leak_t *l, int kind)
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
FX_ALWAYS_INLINE void step_block(const fx_engine_t *e, int has_input, int full, int single,
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

static void record_row(int64_t *dst, const int64_t *src, int64_t m)
{
    if (dst)
        memcpy(dst, src, (size_t)m * sizeof *src);
}

/* All T steps for neurons j0 .. j0+m-1; ovf is this thread's [FX_NVARS][T] table. */
static void run_block(const fx_engine_t *e, fx_step_fn step, const int32_t *input, int64_t *v_out,
                      int64_t *i_out, int64_t *acc_out, int64_t *spike_total, int64_t *ovf,
                      const fx_record_t *rec, int64_t j0, int64_t m)
{
    const fx_population_t *p = e->p;
    int64_t v[FX_BLOCK], cur[FX_BLOCK], acc[FX_BLOCK], s[FX_BLOCK];
    int64_t theta_buf[FX_BLOCK], reset_buf[FX_BLOCK], intensity_buf[FX_BLOCK], bias_buf[FX_BLOCK];
    const int64_t n = p->n, T = p->steps;
    const int32_t *current = p->input_mode == FX_INPUT_CURRENT ? input : NULL;
    const int64_t *bias;
    int64_t j, ev[FX_NVARS];
    int t, k;

    memcpy(v, v_out + j0, (size_t)m * sizeof *v);
    memcpy(acc, acc_out + j0, (size_t)m * sizeof *acc);
    if (p->cuba)
        memcpy(cur, i_out + j0, (size_t)m * sizeof *cur);
    /* a value no schedule can hold (|x| < 2^62) marks the row buffers as unfilled */
    theta_buf[0] = reset_buf[0] = intensity_buf[0] = bias_buf[0] = INT64_MIN;
    bias = schedule_row(&p->bias, 0, j0, m, bias_buf);
    if (p->input_mode == FX_INPUT_INITIAL) {
        ev[FX_VAR_V] = 0;
        for (j = 0; j < m; ++j)
            v[j] = fx_fit(input ? input[j0 + j] * e->input_scale : 0, &e->v, &ev[FX_VAR_V]);
        ovf[FX_VAR_V * T] += ev[FX_VAR_V];
    }
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
    step = choose_step(p, input != NULL && p->input_mode == FX_INPUT_CURRENT);
    (void)threads;
    (void)ncounts;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : overflow[:ncounts]) if (threads > 1)
#endif
    for (b = 0; b < nblocks; ++b) {
        const int64_t j0 = b * FX_BLOCK;
        run_block(&e, step, input, v, i_syn, acc, spike_total, overflow, rec, j0,
                  p->n - j0 < FX_BLOCK ? p->n - j0 : FX_BLOCK);
    }
    return FX_OK;
}
