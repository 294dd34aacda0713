/* fx_fs_rows.c -- the FS softmax over chunks of rows (fx_fs_rows.h). Per chunk: tp and its
 * requantization into the membrane's format (this kernel's own, so the exp's fx_fs_op runs
 * with requant_in 0 on the compacted inputs strictly inside the clamp), the ends' shared
 * outcomes, the row sums, the reciprocal's fx_fs_op on them, the products. Counts are integer
 * sums, so results never depend on the thread count. */
#include "fx_fs_rows.h"

#ifdef _OPENMP
#include <omp.h>
#endif

typedef struct {
    fx_fs_op_t exp;              /* p->exp with requant_in 0 */
    fx_requant_t in, sum, out;
    int64_t end_acc[2];          /* the outcome at lo and at hi */
    int64_t end_counts[2][FX_FS_NCOUNTS];
} fs_rows_prep_t;

static int64_t rows_per_chunk(int64_t d)
{
    return d >= FX_FS_ROWS_CHUNK ? 1 : FX_FS_ROWS_CHUNK / d;
}

int64_t fx_fs_rows_scratch(int64_t d)
{
    const int64_t rows = rows_per_chunk(d);
    return 5 * rows * d + 2 * rows;
}

/* e[] of the chunk: the exp pieces on tp = x - max + offset, 0 where tp <= cutoff. */
static void exp_chunk(const fx_fs_softmax_t *p, const fs_rows_prep_t *q, const int64_t *x,
                      int64_t rows, int64_t *e, int64_t *v, int64_t *idx, int64_t *acc,
                      int64_t *alive, int64_t *c)
{
    const int64_t d = p->d, lo = p->exp.lo, hi = p->exp.hi;
    const int requant_in = p->exp.requant_in;
    int64_t i, j, k, m = 0, ends[2] = {0, 0}, ev = 0, counts[FX_FS_NCOUNTS];
    for (i = 0; i < rows; ++i) {
        const int64_t *row = x + i * d;
        int64_t mx = row[0];
        for (j = 1; j < d; ++j)
            mx = row[j] > mx ? row[j] : mx;
        for (j = 0; j < d; ++j) {
            const int64_t tp = row[j] - mx + p->offset, at = i * d + j;
            const int64_t r = requant_in ? fx_requant(tp, &q->in, &ev) : tp;
            const int end = r <= lo ? 0 : (r >= hi ? 1 : -1);
            if (end < 0) {
                v[m] = r;
                idx[m++] = at;
            } else {
                ends[end] += 1;
                e[at] = q->end_acc[end];
            }
            alive[at] = tp > p->cutoff;
        }
    }
    fx_fs_op(&q->exp, v, m, acc, counts, 1);
    for (j = 0; j < m; ++j)
        e[idx[j]] = acc[j];
    for (j = 0; j < rows * d; ++j)
        e[j] = alive[j] ? e[j] : 0;
    for (k = 0; k < FX_FS_NCOUNTS; ++k)
        c[FX_FSM_EXP + k] += counts[k] + ends[0] * q->end_counts[0][k]
                             + ends[1] * q->end_counts[1][k];
    c[FX_FSM_EXP + FX_FS_OVERFLOW_INPUT] += ev;
}

static void softmax_chunk(const fx_fs_softmax_t *p, const fs_rows_prep_t *q, const int64_t *x,
                          int64_t rows, int64_t *y, int64_t *s, int64_t *c)
{
    const int64_t d = p->d, n = rows * d;
    int64_t *e = s, *v = s + n, *idx = s + 2 * n, *acc = s + 3 * n;
    int64_t *alive = s + 4 * n, *total = s + 5 * n, *r = total + rows;
    int64_t i, j, k, ev = 0, ignored = 0, counts[FX_FS_NCOUNTS];
    exp_chunk(p, q, x, rows, e, v, idx, acc, alive, c);
    for (i = 0; i < rows; ++i) {
        int64_t sum = 0;
        for (j = 0; j < d; ++j)
            sum += e[i * d + j];
        total[i] = fx_requant(sum, &q->sum, &ignored);
    }
    fx_fs_op(&p->recip, total, rows, r, counts, 1);
    for (k = 0; k < FX_FS_NCOUNTS; ++k)
        c[FX_FSM_RECIP + k] += counts[k];
    for (i = 0; i < rows; ++i)
        for (j = 0; j < d; ++j)
            y[i * d + j] = fx_requant((int64_t)((uint64_t)e[i * d + j] * (uint64_t)r[i]),
                                      &q->out, &ev);
    c[FX_FSM_OVERFLOW] += ev;
}

static int fs_rows_prepare(const fx_fs_softmax_t *p, fs_rows_prep_t *q)
{
    int end;
    if (p->d < 1 || p->sum_drop < 0 || p->sum_drop > FX_INTERMEDIATE_BITS || p->out_drop < 0
        || p->out_drop > FX_INTERMEDIATE_BITS || p->exp.lo > p->exp.hi)
        return FX_EINVAL;
    q->exp = p->exp;
    q->exp.requant_in = 0;
    q->in = fx_requant_make(p->exp.in_drop, &p->exp.in_format);
    q->sum = fx_requant_make(p->sum_drop, &p->sum_format);
    q->out = fx_requant_make(p->out_drop, &p->out);
    for (end = 0; end < 2; ++end) {
        const int64_t at = end ? p->exp.hi : p->exp.lo;
        if (fx_fs_op(&q->exp, &at, 1, &q->end_acc[end], q->end_counts[end], 1) != FX_OK)
            return FX_EINVAL;
    }
    return FX_OK;
}

int fx_fs_softmax_rows(const fx_fs_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
                       int64_t *counts, int64_t *scratch, int threads)
{
    int64_t chunk, chunks, per, k, c[FX_FSM_NCOUNTS];
    fs_rows_prep_t q;
    if (!p || !counts || !scratch || rows < 0 || (rows > 0 && (!x || !y))
        || fs_rows_prepare(p, &q) != FX_OK)
        return FX_EINVAL;
    per = rows_per_chunk(p->d);
    chunks = (rows + per - 1) / per;      /* one chunk: no thread team to wake */
    for (k = 0; k < FX_FSM_NCOUNTS; ++k)
        c[k] = 0;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:FX_FSM_NCOUNTS]) if (threads > 1 && chunks > 1)
#endif
    for (chunk = 0; chunk < chunks; ++chunk) {
        const int64_t r0 = chunk * per, len = rows - r0 < per ? rows - r0 : per;
#ifdef _OPENMP
        int64_t *own = scratch + (int64_t)omp_get_thread_num() * fx_fs_rows_scratch(p->d);
#else
        int64_t *own = scratch;
#endif
        softmax_chunk(p, &q, x + r0 * p->d, len, y + r0 * p->d, own, c);
    }
    for (k = 0; k < FX_FSM_NCOUNTS; ++k)
        counts[k] = c[k];
    return FX_OK;
}
