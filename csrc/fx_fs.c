/* fx_fs.c -- one fused pass per FS operator (fx_fs.h). Per block: the clamped inputs, each
 * element's piece, then piece by piece its elements gathered, run through the piece's neuron
 * (fx_chain_block) and scattered back; counts are integer sums, so results never depend on
 * the thread count. */
#include "fx_fs.h"

typedef struct {
    fx_chain_t chain[FX_FS_MAX_PIECES];
    fx_chain_prep_t prep[FX_FS_MAX_PIECES];
    fx_requant_t in, out, pass;
} fs_prep_t;

/* v[j]: x[j] requantized (if asked) and clamped; piece[j]: the first piece whose upper end it
 * does not pass (pieces: none). */
static void fs_route(const fx_fs_op_t *p, const fs_prep_t *q, const int64_t *x, int64_t len,
                     int64_t *v, int64_t *piece, int64_t *c)
{
    int64_t j, k, ev = 0;
    for (j = 0; j < len; ++j) {
        const int64_t r = p->requant_in ? fx_requant(x[j], &q->in, &ev) : x[j];
        v[j] = r < p->lo ? p->lo : (r > p->hi ? p->hi : r);
        piece[j] = p->pieces;
    }
    for (k = p->pieces - 1; k >= 0; --k) {
        const int64_t upper = p->upper[k], closed = p->closed[k];
        for (j = 0; j < len; ++j)
            piece[j] = (closed ? v[j] <= upper : v[j] < upper) ? k : piece[j];
    }
    c[FX_FS_OVERFLOW_INPUT] += ev;
}

static void fs_block(const fx_fs_op_t *p, const fs_prep_t *q, const int64_t *x, int64_t len,
                     int64_t *y, int64_t *c)
{
    int64_t v[FX_CHAIN_BLOCK], piece[FX_CHAIN_BLOCK], acc[FX_CHAIN_BLOCK];
    int64_t g[FX_CHAIN_BLOCK], idx[FX_CHAIN_BLOCK], sums[FX_CHAIN_BLOCK];
    int64_t j, k, m, ignored = 0;
    fs_route(p, q, x, len, v, piece, c);
    for (j = 0; j < len; ++j)
        acc[j] = 0;
    for (k = 0; k < p->pieces; ++k) {
        int64_t *slots = c + 1 + FX_FS_PIECE_SLOTS * k;
        int64_t chain_counts[FX_CHAIN_NCOUNTS] = {0, 0, 0};
        for (j = 0, m = 0; j < len; ++j) {
            g[m] = (int32_t)v[j];                       /* the engine's int32 input */
            idx[m] = j;
            m += piece[j] == k;
        }
        if (!m)
            continue;
        fx_chain_block(&q->chain[k], &q->prep[k], g, m, sums, chain_counts);
        for (j = 0; j < m; ++j)
            acc[idx[j]] = sums[j];
        slots[FX_FS_ROUTED] += m;
        slots[FX_FS_SPIKES] += chain_counts[FX_CHAIN_SPIKES];
        slots[FX_FS_OVERFLOW_V] += chain_counts[FX_CHAIN_OVERFLOW_V];
        slots[FX_FS_OVERFLOW_ACC] += chain_counts[FX_CHAIN_OVERFLOW_ACC];
    }
    for (j = 0; j < len; ++j) {
        const int64_t out = p->readout ? fx_requant(acc[j], &q->out, &ignored) : acc[j];
        y[j] = p->pass && x[j] > p->pass_at ? fx_requant(x[j], &q->pass, &ignored) : out;
    }
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
    return FX_OK;
}

int fx_fs_op(const fx_fs_op_t *p, const int64_t *x, int64_t n, int64_t *y, int64_t *counts,
             int threads)
{
    int64_t blk, c[FX_FS_NCOUNTS];
    fs_prep_t q;
    int k;
    if (!p || !counts || n < 0 || (n > 0 && (!x || !y)) || fs_prepare(p, &q) != FX_OK)
        return FX_EINVAL;
    for (k = 0; k < FX_FS_NCOUNTS; ++k)
        c[k] = 0;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_FS_NCOUNTS]) if (threads > 1)
#endif
    for (blk = 0; blk < (n + FX_CHAIN_BLOCK - 1) / FX_CHAIN_BLOCK; ++blk) {
        const int64_t j0 = blk * FX_CHAIN_BLOCK;
        fs_block(p, &q, x + j0, n - j0 < FX_CHAIN_BLOCK ? n - j0 : FX_CHAIN_BLOCK, y + j0, c);
    }
    for (k = 0; k < FX_FS_NCOUNTS; ++k)
        counts[k] = c[k];
    return FX_OK;
}
