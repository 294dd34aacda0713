/*
 * fx_population.c -- the integer population engine (SPEC section 3).
 *
 * Neurons are processed in blocks of FX_BLOCK; each block runs all T steps with its state
 * held in int64 scratch on the stack, and each rule of the definition is one tight loop over
 * the block (neurons innermost and contiguous, mode switches outside the loops). Blocks are
 * independent, so OpenMP splits them across threads; per-step overflow counts are summed by
 * an array reduction, which is exact and order-free, so threads never change a result.
 */
#include <string.h>
#include "fxsim.h"

#define FX_BLOCK 512

/* Loop-invariant view of a schedule at step t for neurons j0..: row[j * n_stride]. */
static const int64_t *schedule_row(const fx_schedule_t *s, int t, int64_t j0)
{
    return s->data + (int64_t)t * s->t_stride + j0 * s->n_stride;
}

/* x[j] = overflow(x[j]); returns the events. */
static int64_t overflow_block(int64_t *x, int64_t m, const fx_format_t *fmt)
{
    int64_t j, events = 0;
    for (j = 0; j < m; ++j)
        x[j] = fx_overflow(x[j], fmt, &events);
    return events;
}

/* out[j] = the amount x[j] loses in one step (fxsim reference `leak`). */
static void leak_block(const int64_t *x, int64_t *out, int64_t m, const fx_decay_t *d)
{
    int64_t j;
    switch (d->kind) {
    case FX_DECAY_SHIFT:
        for (j = 0; j < m; ++j) {
            int64_t amount = fx_shift_right(x[j], d->shift, d->rounding);
            if (d->min_step && amount == 0 && x[j] != 0)
                amount = x[j] > 0 ? 1 : -1;
            out[j] = amount;
        }
        break;
    case FX_DECAY_MULT:
        for (j = 0; j < m; ++j)
            out[j] = x[j] - fx_shift_right(x[j] * d->factor, d->shift, d->rounding);
        break;
    default:
        memset(out, 0, (size_t)m * sizeof *out);
    }
}

/* Step 3: spikes s[j] and the reset membrane (before its overflow). */
static void spike_block(int64_t *v, int64_t *s, int64_t m, const fx_population_t *p,
                        const int64_t *theta, int64_t theta_step,
                        const int64_t *reset_amount, int64_t reset_step)
{
    int64_t j;
    const int strict = p->compare_strict;
    if (p->max_spikes == 1 && p->reset == FX_RESET_SUBTRACT) {
        for (j = 0; j < m; ++j) {          /* branch-free: vectorises */
            const int64_t fire = strict ? v[j] > theta[j * theta_step]
                                        : v[j] >= theta[j * theta_step];
            s[j] = fire;
            v[j] -= fire * reset_amount[j * reset_step];
        }
        return;
    }
    for (j = 0; j < m; ++j) {
        const int64_t th = theta[j * theta_step];
        int64_t count = 0;
        while (count < p->max_spikes && (strict ? v[j] > th : v[j] >= th)) {
            ++count;
            v[j] = p->reset == FX_RESET_SUBTRACT ? v[j] - reset_amount[j * reset_step] : p->v_reset;
        }
        s[j] = count;
    }
}

/* All T steps for neurons j0 .. j0+m-1. ovf is this thread's [FX_NVARS][T] counter table. */
static void run_block(const fx_population_t *p, const int32_t *input, int64_t *v_out,
                      int64_t *i_out, int64_t *acc_out, int64_t *spike_total, int64_t *ovf,
                      const fx_record_t *rec, int64_t j0, int64_t m)
{
    int64_t v[FX_BLOCK], cur[FX_BLOCK], acc[FX_BLOCK], drive[FX_BLOCK], tmp[FX_BLOCK],
        s[FX_BLOCK];
    const int64_t n = p->n, T = p->steps;
    int64_t *ovf_v = ovf + FX_VAR_V * T, *ovf_i = ovf + FX_VAR_I * T, *ovf_acc = ovf + FX_VAR_ACC * T;
    const int64_t *bias = schedule_row(&p->bias, 0, j0);
    int64_t j;
    int t;

    for (j = 0; j < m; ++j) {
        v[j] = v_out[j0 + j];
        cur[j] = p->cuba ? i_out[j0 + j] : 0;
        acc[j] = acc_out[j0 + j];
    }
    if (p->input_mode == FX_INPUT_INITIAL) {
        for (j = 0; j < m; ++j)
            v[j] = (int64_t)input[j0 + j] * ((int64_t)1 << p->input_shift);
        ovf_v[0] += overflow_block(v, m, &p->v_format);
    }
    for (t = 0; t < T; ++t) {
        const int64_t *theta = schedule_row(&p->threshold, t, j0);
        const int64_t *reset_amount = schedule_row(&p->reset_amount, t, j0);
        const int64_t *intensity = schedule_row(&p->intensity, t, j0);
        const int64_t d_step = p->intensity.n_stride, b_step = p->bias.n_stride;

        /* input x[t] << input_shift (0 when the input was loaded at t = 0) */
        if (p->input_mode == FX_INPUT_CURRENT) {
            const int32_t *row = input + t * n + j0;
            for (j = 0; j < m; ++j)
                drive[j] = (int64_t)row[j] * ((int64_t)1 << p->input_shift);
        } else {
            memset(drive, 0, (size_t)m * sizeof *drive);
        }
        /* 1. synaptic current */
        if (p->cuba) {
            if (p->input_before_decay) {
                for (j = 0; j < m; ++j)
                    cur[j] += drive[j];
                ovf_i[t] += overflow_block(cur, m, &p->i_format);
                leak_block(cur, tmp, m, &p->decay_i);
                for (j = 0; j < m; ++j)
                    cur[j] -= tmp[j];
            } else {
                leak_block(cur, tmp, m, &p->decay_i);
                for (j = 0; j < m; ++j)
                    cur[j] = cur[j] - tmp[j] + drive[j];
            }
            ovf_i[t] += overflow_block(cur, m, &p->i_format);
            memcpy(drive, cur, (size_t)m * sizeof *drive);
        }
        /* 2. membrane */
        leak_block(v, tmp, m, &p->decay_v);
        if (p->membrane == FX_MEMBRANE_SUM) {
            for (j = 0; j < m; ++j)
                v[j] = v[j] - tmp[j] + drive[j] + bias[j * b_step];
        } else {   /* increment: dv = ovf(drive - leak); dv = ovf(dv + bias); v = ovf(v + dv) */
            for (j = 0; j < m; ++j)
                tmp[j] = drive[j] - tmp[j];
            ovf_v[t] += overflow_block(tmp, m, &p->v_format);
            for (j = 0; j < m; ++j)
                tmp[j] += bias[j * b_step];
            ovf_v[t] += overflow_block(tmp, m, &p->v_format);
            for (j = 0; j < m; ++j)
                v[j] += tmp[j];
        }
        ovf_v[t] += overflow_block(v, m, &p->v_format);
        /* 3. spikes and reset, then the membrane's overflow */
        spike_block(v, s, m, p, theta, p->threshold.n_stride, reset_amount,
                    p->reset_amount.n_stride);
        ovf_v[t] += overflow_block(v, m, &p->v_format);
        /* 4. output accumulator */
        for (j = 0; j < m; ++j)
            acc[j] += s[j] * intensity[j * d_step];
        ovf_acc[t] += overflow_block(acc, m, &p->acc_format);
        for (j = 0; j < m; ++j)
            spike_total[j0 + j] += s[j];
        if (rec) {
            const int64_t at = t * n + j0;
            for (j = 0; rec->v && j < m; ++j) rec->v[at + j] = v[j];
            for (j = 0; rec->i && j < m; ++j) rec->i[at + j] = cur[j];
            for (j = 0; rec->spikes && j < m; ++j) rec->spikes[at + j] = s[j];
            for (j = 0; rec->acc && j < m; ++j) rec->acc[at + j] = acc[j];
        }
    }
    for (j = 0; j < m; ++j) {
        v_out[j0 + j] = v[j];
        if (p->cuba)
            i_out[j0 + j] = cur[j];
        acc_out[j0 + j] = acc[j];
    }
}

int fx_population_run(const fx_population_t *p, const int32_t *input, int64_t *v, int64_t *i_syn,
                      int64_t *acc, int64_t *spike_total, int64_t *overflow,
                      const fx_record_t *rec, int threads)
{
    const int64_t nblocks = (p->n + FX_BLOCK - 1) / FX_BLOCK;
    const int64_t ncounts = (int64_t)FX_NVARS * p->steps;
    int64_t b;
    if (p->n < 1 || p->steps < 1 || p->max_spikes < 1 || (p->cuba && !i_syn))
        return FX_EINVAL;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : overflow[:ncounts]) if (threads > 1)
#endif
    for (b = 0; b < nblocks; ++b) {
        const int64_t j0 = b * FX_BLOCK;
        const int64_t m = p->n - j0 < FX_BLOCK ? p->n - j0 : FX_BLOCK;
        run_block(p, input, v, i_syn, acc, spike_total, overflow, rec, j0, m);
    }
    (void)ncounts;
    return FX_OK;
}
