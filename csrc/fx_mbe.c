/* fx_mbe.c -- one fused pass per MBE operator (fx_mbe.h). A block of FX_CHAIN_BLOCK elements
 * goes through the three stages on the stack; each bank's chain is fx_chain_block, so the
 * compare-subtract steps are the ones fx_chain runs. Counts are integer sums, so results never
 * depend on the thread count. */
#include "fx_mbe.h"
#include "fx_ops.h"

/* The stage in front (not PRE_NONE): in[j], the neuron's input, and sh[j], the exponent the post
 * shift adds. */
static void mbe_pre(const fx_mbe_op_t *p, const fx_mbe_prep_t *q, const int64_t *restrict x,
                    int64_t len, int64_t *restrict in, int64_t *restrict sh, int64_t *c)
{
    /* local copies beside restrict arrays, so the loops vectorise */
    const fx_requant_t zq = q->z;
    const int64_t z_m = p->z_m, x_frac = p->x_frac, mant_frac = p->mant_frac;
    const int z_frac = p->z_frac;
    int64_t j, ev = 0;
    if (p->pre == FX_MBE_PRE_EXP) {
        for (j = 0; j < len; ++j) {
            const int64_t z = fx_requant(x[j] * z_m, &zq, &ev);
            const int64_t k = fx_floor_shift(z, z_frac);
            in[j] = z - (int64_t)((uint64_t)k << z_frac);
            sh[j] = k;
        }
        c[FX_MBE_OVERFLOW_Z] += ev;
    } else if (p->pre == FX_MBE_PRE_RECIP || p->pre == FX_MBE_PRE_RSQRT) {
        const int64_t rsqrt = p->pre == FX_MBE_PRE_RSQRT;
        for (j = 0; j < len; ++j)
            in[j] = fx_mbe_mantissa(x[j], x_frac, mant_frac, rsqrt, &sh[j]);
    }
}

/* u[j]: bank b's normalised input, read as int32 (the engine's input type); saturate: u_format
 * clamps (a literal). */
FX_SPECIALISED void mbe_normalise(const fx_mbe_t *m, const fx_requant_t *scale, int64_t b,
                                  const int64_t *restrict in, int64_t len, int64_t *restrict u,
                                  const int saturate)
{
    const int64_t sign = m->sign[b], offset = m->offset[b], scale_m = m->scale_m[b];
    const int64_t one = m->u_one;
    int64_t j, ignored = 0;
    for (j = 0; j < len; ++j) {
        const int64_t diff = sign * in[j] - offset;
        const int64_t v = fx_requant_as((diff > 0 ? diff : 0) * scale_m, scale, &ignored,
                                        saturate);
        u[j] = (int32_t)(v < one ? v : one);
    }
}

/* y[j] = requant(total[j] + bias) into the neuron's output; its overflow events. */
FX_SPECIALISED int64_t mbe_readout(const fx_requant_t *out, int64_t bias,
                                   const int64_t *restrict total, int64_t len,
                                   int64_t *restrict y, const int saturate)
{
    int64_t j, ev = 0;
    for (j = 0; j < len; ++j)
        y[j] = fx_requant_as(total[j] + bias, out, &ev, saturate);
    return ev;
}

/* The elements of a bank outside its active side load u = 0 exactly: sign x - offset <= 0 for
 * sign +1 and x <= 0, or sign -1 and x > 0, when offset >= 0. side[b]: 1 (active only on
 * x > 0), -1 (only on x <= 0), 0 (anywhere). */
static int mbe_side(const fx_mbe_t *m, int64_t b)
{
    return m->offset[b] < 0 ? 0 : (m->sign[b] > 0 ? 1 : -1);
}

/* xs[0..len): in[] with its elements x > 0 first (at[j]: the position in xs of in[j]);
 * returns their number. */
static int64_t mbe_partition(const int64_t *restrict in, int64_t len, int64_t *restrict xs,
                             int64_t *restrict at)
{
    int64_t j, lo = 0, hi = len - 1;
    for (j = 0; j < len; ++j) {        /* a mask, not a branch: the signs are unpredictable */
        const int64_t v = in[j], pos = v > 0, k = hi + ((lo - hi) & -pos);
        xs[k] = v;
        at[j] = k;
        lo += pos;
        hi -= 1 - pos;
    }
    return lo;
}

/* The neuron: y[j] from in[j], bank by bank. Where the banks split by polarity (q->split),
 * the block is partitioned by sign first and each bank runs only on its active side; the
 * others take the chain's outcome of a loaded 0 (fx_chain_prep_t), as the chain would. */
static void mbe_neuron(const fx_mbe_t *m, const fx_mbe_prep_t *q, const int64_t *in, int64_t len,
                       int64_t *y, int64_t *c)
{
    int64_t u[FX_CHAIN_BLOCK], acc[FX_CHAIN_BLOCK], total[FX_CHAIN_BLOCK];
    int64_t xs[FX_CHAIN_BLOCK], at[FX_CHAIN_BLOCK], ys[FX_CHAIN_BLOCK];
    int64_t chain_counts[FX_CHAIN_NCOUNTS] = {0, 0, 0};
    int64_t b, j, ev, positive = len;
    const int64_t *x = in;
    if (q->split) {
        positive = mbe_partition(in, len, xs, at);
        x = xs;
    }
    for (j = 0; j < len; ++j)
        total[j] = 0;
    for (b = 0; b < m->banks; ++b) {
        const fx_chain_prep_t *pr = &q->prep[b];
        const int side = q->split ? q->side[b] : 0;
        const int64_t lo = side < 0 ? positive : 0, hi = side > 0 ? positive : len;
        const int64_t idle = len - (hi - lo);
        if (q->u_saturates)
            mbe_normalise(m, &q->scale[b], b, x + lo, hi - lo, u, 1);
        else
            mbe_normalise(m, &q->scale[b], b, x + lo, hi - lo, u, 0);
        fx_chain_block(&q->chain[b], pr, u, hi - lo, acc, chain_counts);
        for (j = 0; j < hi - lo; ++j)
            total[lo + j] += acc[j];
        if (idle) {
            for (j = 0; j < lo; ++j)
                total[j] += pr->zero_acc;
            for (j = hi; j < len; ++j)
                total[j] += pr->zero_acc;
            chain_counts[FX_CHAIN_SPIKES] += idle * pr->zero_spikes;
            chain_counts[FX_CHAIN_OVERFLOW_V] += idle * pr->zero_ev_v;
            chain_counts[FX_CHAIN_OVERFLOW_ACC] += idle * pr->zero_ev_a;
        }
    }
    ev = q->out_saturates ? mbe_readout(&q->out, m->bias, total, len, q->split ? ys : y, 1)
                          : mbe_readout(&q->out, m->bias, total, len, q->split ? ys : y, 0);
    if (q->split)                         /* a gather: the scatter y[ord[i]] is slower */
        for (j = 0; j < len; ++j)
            y[j] = ys[at[j]];
    c[FX_MBE_SPIKES] += chain_counts[FX_CHAIN_SPIKES];
    c[FX_MBE_OVERFLOW_V] += chain_counts[FX_CHAIN_OVERFLOW_V];
    c[FX_MBE_OVERFLOW_ACC] += chain_counts[FX_CHAIN_OVERFLOW_ACC];
    c[FX_MBE_OVERFLOW_NEURON] += ev;
}

/* The stage after the neuron: y[j] from the neuron's y[j], sh[j] and x[j]. */
static void mbe_post(const fx_mbe_op_t *p, const fx_mbe_prep_t *q, const int64_t *restrict x,
                     const int64_t *restrict sh, int64_t len, int64_t *restrict y, int64_t *c)
{
    /* local copies beside restrict arrays, so the loops vectorise */
    const fx_requant_t post = q->post;
    const int64_t shift_base = p->shift_base, post_one = p->post_one, pass_at = p->pass_at;
    const unsigned rules = fx_rounding_rules(p->post_format.rounding);
    int64_t j, ev = 0, ignored = 0;
    if (p->post == FX_MBE_POST_SHIFT)
        for (j = 0; j < len; ++j)
            y[j] = fx_fit(fx_mbe_shift(y[j], sh[j] + shift_base, rules), &post.range, &ev);
    else if (p->post == FX_MBE_POST_SIGMOID)
        for (j = 0; j < len; ++j)
            y[j] = fx_requant(y[j] + post_one, &post, &ev);
    else if (p->post == FX_MBE_POST_PASS)
        for (j = 0; j < len; ++j) {
            const int64_t passed = fx_requant(x[j], &post, &ignored);
            y[j] = x[j] >= pass_at ? passed : y[j];
        }
    c[FX_MBE_OVERFLOW_POST] += ev;
}

static void mbe_block(const fx_mbe_op_t *p, const fx_mbe_prep_t *q, const int64_t *x, int64_t len,
                      int64_t *y, int64_t *c)
{
    int64_t in[FX_CHAIN_BLOCK], sh[FX_CHAIN_BLOCK];
    const int64_t *neuron_in = x;
    if (p->pre != FX_MBE_PRE_NONE) {
        mbe_pre(p, q, x, len, in, sh, c);
        neuron_in = in;
    }
    mbe_neuron(&p->neuron, q, neuron_in, len, y, c);
    mbe_post(p, q, x, sh, len, y, c);
}

/* The exact-tails compare-select around mbe_block: the block's inside elements
 * (tail_lo < x < tail_hi) packed into xin, run, and merged back in order with the asymptotes
 * (x >= tail_hi first, as the composition assigns the upper tail last). */
static void mbe_tails_block(const fx_mbe_op_t *p, const fx_mbe_prep_t *q, const int64_t *x,
                            int64_t len, int64_t *y, int64_t *c)
{
    int64_t xin[FX_CHAIN_BLOCK], yin[FX_CHAIN_BLOCK], at[FX_CHAIN_BLOCK];
    const fx_requant_t post = q->post;
    const int64_t lo = p->tail_lo, hi = p->tail_hi, lo_y = p->tail_lo_y, hi_y = p->tail_hi_y;
    const int pass = p->tail_hi_pass;
    int64_t j, m = 0, ignored = 0;
    for (j = 0; j < len; ++j) {
        xin[m] = x[j];
        at[j] = m;                 /* element j's place in xin, if inside */
        m += (x[j] > lo) & (x[j] < hi);
    }
    if (m)
        mbe_block(p, q, xin, m, yin, c);
    if (m < len)
        yin[m] = 0;                /* read (and not selected) by the tails after the last inside */
    for (j = 0; j < len; ++j) {    /* selects and a gather: vectorises, tails in any order */
        const int64_t xj = x[j], inside = (xj > lo) & (xj < hi);
        const int64_t above = pass ? fx_requant(xj, &post, &ignored) : hi_y;
        const int64_t neuron = yin[at[j]];
        y[j] = inside ? neuron : (xj >= hi ? above : lo_y);
    }
    c[FX_MBE_TAILS] += len - m;
}

int fx_mbe_prepare(const fx_mbe_op_t *p, fx_mbe_prep_t *q)
{
    const fx_mbe_t *m = &p->neuron;
    int64_t b, first = 0;
    if (!p || m->banks < 1 || m->banks > FX_MBE_MAX_BANKS || !m->bank_bases || !m->sign
        || !m->offset || !m->scale_m || !m->scale_drop || p->pre < FX_MBE_PRE_NONE
        || p->pre > FX_MBE_PRE_RSQRT || p->post < FX_MBE_POST_NONE
        || p->post > FX_MBE_POST_PASS
        || (p->post == FX_MBE_POST_SHIFT && p->pre == FX_MBE_PRE_NONE)
        || (p->tails && p->tail_hi_pass && p->post != FX_MBE_POST_PASS)
        || (p->pre == FX_MBE_PRE_EXP
                                          && (p->z_frac < 1 || p->z_frac > 32)))
        return FX_EINVAL;
    for (b = 0; b < m->banks; ++b) {
        fx_chain_t *ch = &q->chain[b];
        if (m->bank_bases[b] < 1 || !m->theta || !m->reset || !m->intensity)
            return FX_EINVAL;
        ch->bases = m->bank_bases[b];
        ch->steps = m->steps;
        ch->compare_strict = m->compare_strict;
        ch->v_format = m->u_format;
        ch->acc_format = m->acc_format;
        ch->theta = m->theta + first * m->steps;
        ch->reset = m->reset + first * m->steps;
        ch->intensity = m->intensity + first * m->steps;
        first += m->bank_bases[b];
        if (!fx_chain_valid(ch))
            return FX_EINVAL;
        fx_chain_prepare(ch, &q->prep[b]);
        fx_chain_cut(ch, &q->prep[b], 0, m->u_one);   /* mbe_normalise's u, for scale_m >= 0 */
        q->scale[b] = fx_requant_make((int32_t)m->scale_drop[b], &m->u_format);
    }
    q->split = 0;
    for (b = 0; b < m->banks; ++b) {
        q->side[b] = mbe_side(m, b);
        q->split |= q->side[b] > 0 ? 1 : (q->side[b] < 0 ? 2 : 0);
    }
    q->split = q->split == 3;
    q->out = fx_requant_make(m->out_drop, &m->out);
    q->u_saturates = fx_saturates(&m->u_format);
    q->out_saturates = fx_saturates(&m->out);
    q->z = fx_requant_make(p->z_drop, &p->z_format);
    q->post = fx_requant_make(p->post_drop, &p->post_format);
    return FX_OK;
}

/* The plan and its preparation: fx_chain_drive's op. */
typedef struct {
    const fx_mbe_op_t *p;
    const fx_mbe_prep_t *q;
} mbe_pair_t;

/* fx_chain_drive's block: mbe_block, or with tails mbe_tails_block. */
static void mbe_drive_block(const void *op, const int64_t *x, int64_t len, int64_t *y,
                            int64_t *c)
{
    const mbe_pair_t *pq = (const mbe_pair_t *)op;
    if (pq->p->tails)
        mbe_tails_block(pq->p, pq->q, x, len, y, c);
    else
        mbe_block(pq->p, pq->q, x, len, y, c);
}

/* fx_mbe_op over raw x, or over float values xf quantized block by block by fq (x NULL):
 * in_counts, if not NULL, gets the quantization's overflow events and invalid values. */
static void mbe_run(const fx_mbe_op_t *p, const fx_mbe_prep_t *q, const int64_t *x,
                    const fx_float_rows_t *xf, const fx_quantizer_t *fq, int64_t n, int64_t *y,
                    int64_t *counts, int64_t *in_counts, int threads)
{
    const mbe_pair_t pq = {p, q};
    fx_chain_drive(mbe_drive_block, &pq, FX_MBE_NCOUNTS, x, xf, fq, n, y, counts, in_counts,
                   threads);
}

void fx_mbe_run(const fx_mbe_op_t *p, const fx_mbe_prep_t *q, const int64_t *x, int64_t n,
                int64_t *y, int64_t *counts)
{
    mbe_run(p, q, x, NULL, NULL, n, y, counts, NULL, 1);
}

int fx_mbe_op(const fx_mbe_op_t *p, const int64_t *x, int64_t n, int64_t *y, int64_t *counts,
              int threads)
{
    fx_mbe_prep_t q;
    if (!p || !counts || n < 0 || (n > 0 && (!x || !y)) || fx_mbe_prepare(p, &q) != FX_OK)
        return FX_EINVAL;
    mbe_run(p, &q, x, NULL, NULL, n, y, counts, NULL, threads);
    return FX_OK;
}

int fx_mbe_op_floats(const fx_mbe_op_t *p, const fx_float_rows_t *x, int64_t n, int64_t *y,
                     int64_t *counts, int64_t *in_counts, int threads)
{
    fx_mbe_prep_t q;
    fx_quantizer_t fq;
    if (!p || !counts || !in_counts || !fx_float_rows_valid(x) || n < 0 || (n > 0 && !y)
        || fx_mbe_prepare(p, &q) != FX_OK)
        return FX_EINVAL;
    fq = fx_quantizer_make(x);
    mbe_run(p, &q, NULL, x, &fq, n, y, counts, in_counts, threads);
    return FX_OK;
}
