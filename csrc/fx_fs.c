/* fx_fs.c -- one fused pass per FS operator (fx_fs.h). Per block: the clamped inputs, each
 * element's piece, then piece by piece its elements gathered, run through the piece's neuron
 * (fx_chain_block) and scattered back; counts are integer sums, so results never depend on
 * the thread count. */
#include "fx_fs.h"
#include "fx_ops.h"

typedef struct {
    fx_chain_t chain[FX_FS_MAX_PIECES];
    fx_chain_prep_t prep[FX_FS_MAX_PIECES];
    fx_requant_t in, out, pass;
    int32_t out_saturates;
} fs_prep_t;

/* v[j]: x[j] requantized (if asked) and clamped; piece[j]: the first piece whose upper end it
 * does not pass (pieces: none). */
static void fs_route(const fx_fs_op_t *p, const fs_prep_t *q, const int64_t *restrict x,
                     int64_t len, int64_t *restrict v, int64_t *restrict piece, int64_t *c)
{
    const fx_requant_t in = q->in;                      /* local copies, as in fs_readout */
    const int64_t requant_in = p->requant_in, lo = p->lo, hi = p->hi, pieces = p->pieces;
    int64_t j, k, ev = 0;
    for (j = 0; j < len; ++j) {
        const int64_t r = requant_in ? fx_requant(x[j], &in, &ev) : x[j];
        v[j] = r < lo ? lo : (r > hi ? hi : r);
        piece[j] = pieces;
    }
    for (k = p->pieces - 1; k >= 0; --k) {
        const int64_t upper = p->upper[k], closed = p->closed[k];
        for (j = 0; j < len; ++j)
            piece[j] = (closed ? v[j] <= upper : v[j] < upper) ? k : piece[j];
    }
    c[FX_FS_OVERFLOW_INPUT] += ev;
}

/* y[j] = requant(acc[j], out) (readout) or acc[j], then x[j] > pass_at (pass) gives
 * requant(x[j], pass_drop, out); their events are not counted. saturate: out clamps (a
 * literal), so the loop vectorises. */
FX_SPECIALISED void fs_readout(const fx_fs_op_t *p, const fs_prep_t *q,
                               const int64_t *restrict x, const int64_t *restrict acc,
                               int64_t len, int64_t *restrict y, const int saturate)
{
    /* local copies: no aliasing with y, so the loop vectorises */
    const fx_requant_t out = q->out, pass = q->pass;
    const int64_t readout = p->readout, pass_on = p->pass, pass_at = p->pass_at;
    int64_t j, ignored = 0;
    for (j = 0; j < len; ++j) {
        const int64_t r = readout ? fx_requant_as(acc[j], &out, &ignored, saturate) : acc[j];
        const int64_t passed = fx_requant_as(x[j], &pass, &ignored, saturate);
        y[j] = pass_on && x[j] > pass_at ? passed : r;
    }
}

static void fs_block(const fx_fs_op_t *p, const fs_prep_t *q, const int64_t *x, int64_t len,
                     int64_t *y, int64_t *c)
{
    int64_t v[FX_CHAIN_BLOCK], piece[FX_CHAIN_BLOCK], acc[FX_CHAIN_BLOCK];
    int64_t g[FX_CHAIN_BLOCK], idx[FX_CHAIN_BLOCK], sums[FX_CHAIN_BLOCK];
    int64_t j, k, m;
    fs_route(p, q, x, len, v, piece, c);
    for (j = 0; j < len; ++j)
        acc[j] = 0;
    for (k = 0; k < p->pieces; ++k) {
        int64_t *slots = c + 1 + FX_FS_PIECE_SLOTS * k;
        int64_t chain_counts[FX_CHAIN_NCOUNTS] = {0, 0, 0};
        for (j = 0, m = 0; j < len; ++j)
            m += piece[j] == k;
        if (!m)
            continue;
        if (m == len) {                                 /* the whole block: no gather */
            for (j = 0; j < len; ++j)
                g[j] = (int32_t)v[j];                   /* the engine's int32 input */
            fx_chain_block(&q->chain[k], &q->prep[k], g, len, acc, chain_counts);
        } else {
            for (j = 0, m = 0; j < len; ++j) {
                g[m] = (int32_t)v[j];
                idx[m] = j;
                m += piece[j] == k;
            }
            fx_chain_block(&q->chain[k], &q->prep[k], g, m, sums, chain_counts);
            for (j = 0; j < m; ++j)
                acc[idx[j]] = sums[j];
        }
        slots[FX_FS_ROUTED] += m;
        slots[FX_FS_SPIKES] += chain_counts[FX_CHAIN_SPIKES];
        slots[FX_FS_OVERFLOW_V] += chain_counts[FX_CHAIN_OVERFLOW_V];
        slots[FX_FS_OVERFLOW_ACC] += chain_counts[FX_CHAIN_OVERFLOW_ACC];
    }
    if (q->out_saturates)
        fs_readout(p, q, x, acc, len, y, 1);
    else
        fs_readout(p, q, x, acc, len, y, 0);
}

static int fs_prepare(const fx_fs_op_t *p, fs_prep_t *q)
{
    int64_t k, first = 0;
    if (p->pieces < 1 || p->pieces > FX_FS_MAX_PIECES || !p->upper || !p->closed
        || !p->piece_steps || !p->theta || !p->reset || !p->intensity)
        return FX_EINVAL;
    for (k = 0; k < p->pieces; ++k) {
        fx_chain_t *ch = &q->chain[k];
        ch->bases = 1;
        ch->steps = p->piece_steps[k];
        ch->compare_strict = p->compare_strict;
        ch->v_format = p->v_format;
        ch->acc_format = p->acc_format;
        ch->theta = p->theta + first;
        ch->reset = p->reset + first;
        ch->intensity = p->intensity + first;
        if (ch->steps < 1 || !fx_chain_valid(ch))
            return FX_EINVAL;
        first += ch->steps;
        fx_chain_prepare(ch, &q->prep[k]);
    }
    q->in = fx_requant_make(p->in_drop, &p->in_format);
    q->out = fx_requant_make(p->out_drop, &p->out);
    q->pass = fx_requant_make(p->pass_drop, &p->out);
    q->out_saturates = fx_saturates(&p->out);
    return FX_OK;
}

/* fx_chain_drive reduces every count (a negative size stops the build otherwise). */
typedef char fs_counts_fit[FX_FS_NCOUNTS <= FX_CHAIN_DRIVE_COUNTS ? 1 : -1];

/* The plan and its preparation: fx_chain_drive's op. */
typedef struct {
    const fx_fs_op_t *p;
    const fs_prep_t *q;
} fs_pair_t;

static void fs_drive_block(const void *op, const int64_t *x, int64_t len, int64_t *y,
                           int64_t *c)
{
    const fs_pair_t *pq = (const fs_pair_t *)op;
    fs_block(pq->p, pq->q, x, len, y, c);
}

/* fx_fs_op over raw x, or over float values xf quantized block by block by fq (x NULL), as
 * mbe_run (fx_mbe.c). */
static void fs_run(const fx_fs_op_t *p, const fs_prep_t *q, const int64_t *x,
                   const fx_float_rows_t *xf, const fx_quantizer_t *fq, int64_t n, int64_t *y,
                   int64_t *counts, int64_t *in_counts, int threads)
{
    const fs_pair_t pq = {p, q};
    fx_chain_drive(fs_drive_block, &pq, FX_FS_NCOUNTS, x, xf, fq, n, y, counts, in_counts,
                   threads);
}

int fx_fs_op(const fx_fs_op_t *p, const int64_t *x, int64_t n, int64_t *y, int64_t *counts,
             int threads)
{
    fs_prep_t q;
    if (!p || !counts || n < 0 || (n > 0 && (!x || !y)) || fs_prepare(p, &q) != FX_OK)
        return FX_EINVAL;
    fs_run(p, &q, x, NULL, NULL, n, y, counts, NULL, threads);
    return FX_OK;
}

int fx_fs_op_floats(const fx_fs_op_t *p, const fx_float_rows_t *x, int64_t n, int64_t *y,
                    int64_t *counts, int64_t *in_counts, int threads)
{
    fs_prep_t q;
    fx_quantizer_t fq;
    if (!p || !counts || !in_counts || !fx_float_rows_valid(x) || n < 0 || (n > 0 && !y)
        || fs_prepare(p, &q) != FX_OK)
        return FX_EINVAL;
    fq = fx_quantizer_make(x);
    fs_run(p, &q, NULL, x, &fq, n, y, counts, in_counts, threads);
    return FX_OK;
}
