/* fx_mbe_rows.c -- the MBE row operators (fx_mbe_rows.h). Rows go in chunks of about
 * FX_MBE_ROWS_CHUNK elements; per chunk the row statistics, then each MBE neuron through
 * fx_mbe_op on the chunk's elements (one thread: the chunks are the parallel unit), then the
 * products and requantizations. Counts are integer sums, so results never depend on the
 * thread count. */
#include "fx_mbe_rows.h"
#include "fx_ops.h"

#ifdef _OPENMP
#include <omp.h>
#endif

/* An encoder prepared once per call: its neuron, its input requantization and the outcome of
 * x = 0. */
typedef struct {
    fx_mbe_prep_t op;
    fx_requant_t u;
    int64_t zero_recon, zero_spikes;
} enc_prep_t;

/* a * b wrapped to 64 bits, as numpy's int64 product. */
static inline int64_t wrap_mul(int64_t a, int64_t b)
{
    return (int64_t)((uint64_t)a * (uint64_t)b);
}

static inline int64_t magnitude(int64_t x)
{
    return x < 0 ? -x : x;
}

static int enc_prepare(const fx_mbe_encoder_t *e, enc_prep_t *q)
{
    int64_t zero = 0, counts[FX_MBE_NCOUNTS];
    q->u = fx_requant_make(e->u_drop, &e->u_format);
    if (fx_mbe_prepare(&e->neuron, &q->op) != FX_OK)
        return FX_EINVAL;
    fx_mbe_run(&e->neuron, &q->op, &zero, 1, &q->zero_recon, counts);
    q->zero_spikes = counts[FX_MBE_SPIKES];
    return FX_OK;
}

/* u[j] = min(requant(|x[j]|), one); saturate: u_format clamps (a literal). */
FX_SPECIALISED void encode_input(const fx_requant_t *q, int64_t one, const int64_t *restrict x,
                                 int64_t n, int64_t *restrict u, const int saturate)
{
    const fx_requant_t uq = *q;
    int64_t j, ignored = 0;
    for (j = 0; j < n; ++j) {
        const int64_t v = fx_requant_as(magnitude(x[j]), &uq, &ignored, saturate);
        u[j] = v < one ? v : one;
    }
}

/* recon[j] = sign(x[j]) (enc(|x[j]|) - enc(0)), u[] scratch; *spikes += the spikes of both
 * polarity parts (the zero part's outcome is enc(0)'s). */
static void encode(const fx_mbe_encoder_t *e, const enc_prep_t *q, const int64_t *restrict x,
                   int64_t n, int64_t *restrict u, int64_t *restrict recon, int64_t *spikes)
{
    const int64_t zero = q->zero_recon;
    int64_t j, counts[FX_MBE_NCOUNTS];
    if (fx_saturates(&e->u_format))
        encode_input(&q->u, e->u_one, x, n, u, 1);
    else
        encode_input(&q->u, e->u_one, x, n, u, 0);
    fx_mbe_run(&e->neuron, &q->op, u, n, recon, counts);
    for (j = 0; j < n; ++j) {
        const int64_t r = recon[j] - zero;
        recon[j] = x[j] < 0 ? -r : r;
    }
    *spikes += counts[FX_MBE_SPIKES] + n * q->zero_spikes;
}

/* fx_mbe_op on one thread (op prepared as q), its counts added to c. */
static void mbe_add(const fx_mbe_op_t *op, const fx_mbe_prep_t *q, const int64_t *x, int64_t n,
                    int64_t *y, int64_t *c)
{
    int64_t k, counts[FX_MBE_NCOUNTS];
    fx_mbe_run(op, q, x, n, y, counts);
    for (k = 0; k < FX_MBE_NCOUNTS; ++k)
        c[k] += counts[k];
}

int64_t fx_mbe_rows_per_chunk(int64_t d)
{
    return d >= FX_MBE_ROWS_CHUNK ? 1 : FX_MBE_ROWS_CHUNK / d;
}

int64_t fx_mbe_rows_scratch(int64_t d)
{
    const int64_t rows = fx_mbe_rows_per_chunk(d);
    return 5 * rows * d + 16 * rows;       /* the chunk's work, then its quantized input */
}

/* A chunk of a row operator: y[rows * d] from the raw x; c[] += its counts; s: the chunk's
 * scratch. Returns FX_OK or FX_MBE_ROWS_FALLBACK. */
typedef int (*rows_chunk_fn)(const void *p, const void *q, const int64_t *x, int64_t rows,
                             int64_t *y, int64_t *s, int64_t *c);

/* The most counts rows_drive reduces. */
#define ROWS_MAX_COUNTS 24

/* The chunk driver of both row operators: chunks of fx_mbe_rows_per_chunk(d) rows (OpenMP
 * where threads > 1 and there are two chunks or more), each from the raw x or (x NULL) from
 * the float values xf quantized by fq into the chunk's scratch (its last rows * d);
 * counts[ncounts] (overwritten) and in_counts (if not NULL: the quantization's overflow
 * events and invalid values) integer sums over the chunks. */
static int rows_drive(rows_chunk_fn chunk_fn, const void *p, const void *q, int64_t d,
                      int ncounts, const int64_t *x, const fx_float_rows_t *xf,
                      const fx_quantizer_t *fq, int64_t rows, int64_t *y, int64_t *counts,
                      int64_t *in_counts, int64_t *scratch, int threads)
{
    const int64_t per = fx_mbe_rows_per_chunk(d), work = fx_mbe_rows_scratch(d) - per * d;
    const int64_t chunks = (rows + per - 1) / per;   /* one chunk: no thread team to wake */
    int64_t chunk, k, ev = 0, bad = 0, c[ROWS_MAX_COUNTS];
    int status = FX_OK;
    for (k = 0; k < ROWS_MAX_COUNTS; ++k)
        c[k] = 0;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 1 ? threads : 1) \
    reduction(+ : c[:ROWS_MAX_COUNTS], ev, bad) reduction(| : status) \
    if (threads > 1 && chunks > 1)
#endif
    for (chunk = 0; chunk < chunks; ++chunk) {
        const int64_t r0 = chunk * per, len = rows - r0 < per ? rows - r0 : per;
#ifdef _OPENMP
        int64_t *own = scratch + (int64_t)omp_get_thread_num() * fx_mbe_rows_scratch(d);
#else
        int64_t *own = scratch;
#endif
        const int64_t *in = x ? x + r0 * d : own + work;
        if (!x)
            fx_quantize_span(fq, xf, r0 * d, len * d, own + work, &ev, &bad);
        status |= chunk_fn(p, q, in, len, y + r0 * d, own, c);
    }
    for (k = 0; k < ncounts; ++k)
        counts[k] = c[k];
    if (in_counts) {
        in_counts[FX_IN_OVERFLOW] = ev;
        in_counts[FX_IN_INVALID] = bad;
    }
    return status;
}

/* ==== Newton steps ==== */

typedef struct {
    fx_mbe_prep_t neuron;
    enc_prep_t m, y, s, t;
    fx_requant_t sq, my, out;
} newton_prep_t;

static int valid_drop(int32_t drop)
{
    return drop >= -FX_INTERMEDIATE_BITS && drop <= FX_INTERMEDIATE_BITS;
}

static int newton_prepare(const fx_mbe_newton_t *nw, newton_prep_t *q)
{
    if (nw->steps < 0 || nw->steps > FX_MBE_MAX_NEWTON)
        return FX_EINVAL;
    if (nw->steps == 0)
        return FX_OK;
    if (!valid_drop(nw->sq_drop) || !valid_drop(nw->my_drop) || !valid_drop(nw->out_drop)
        || enc_prepare(&nw->enc_m, &q->m) != FX_OK || enc_prepare(&nw->enc_y, &q->y) != FX_OK
        || enc_prepare(&nw->enc_s, &q->s) != FX_OK || enc_prepare(&nw->enc_t, &q->t) != FX_OK
        || fx_mbe_prepare(&nw->neuron, &q->neuron) != FX_OK)
        return FX_EINVAL;
    q->sq = fx_requant_make(nw->sq_drop, &nw->y_format);
    q->my = fx_requant_make(nw->my_drop, &nw->y_format);
    q->out = fx_requant_make(nw->out_drop, &nw->y_format);
    return FX_OK;
}

/* out[j] = requant(ra[j] rb[j]) (ra, rb: SAR reconstructions, below 2^30 in magnitude); its
 * overflow events. */
static int64_t product(const fx_requant_t *q, const int64_t *ra, const int64_t *rb, int64_t n,
                       int64_t *out)
{
    int64_t j, ev = 0;
    for (j = 0; j < n; ++j)
        out[j] = fx_requant(wrap_mul(ra[j], rb[j]), q, &ev);
    return ev;
}

/* y[n] refined by nw->steps Newton steps for the mantissas m[n]; c[0], c[1] += the products'
 * encoder spikes (both operands of each) and overflow events; s: scratch [5 n]. */
static void newton(const fx_mbe_newton_t *nw, const newton_prep_t *q, const int64_t *m,
                   int64_t n, int64_t *y, int64_t *s, int64_t *c)
{
    int64_t *u = s, *ry = s + n, *rm = s + 2 * n, *t = s + 3 * n, *rt = s + 4 * n;
    int64_t j, k, spikes_y;
    for (k = 0; k < nw->steps; ++k) {
        spikes_y = 0;
        encode(&nw->enc_y, &q->y, y, n, u, ry, &spikes_y);
        c[0] += (nw->rsqrt ? 3 : 2) * spikes_y;     /* y is that many of the step's operands */
        if (nw->rsqrt) {                            /* rt = recon(y^2) */
            c[1] += product(&q->sq, ry, ry, n, t);
            encode(&nw->enc_s, &q->s, t, n, u, rt, c);
        }
        encode(&nw->enc_m, &q->m, m, n, u, rm, c);
        c[1] += product(&q->my, rm, nw->rsqrt ? rt : ry, n, t);
        for (j = 0; j < n; ++j)
            t[j] = nw->c_one - t[j];
        encode(&nw->enc_t, &q->t, t, n, u, rt, c);
        c[1] += product(&q->out, ry, rt, n, y);
    }
}

/* With Newton steps, op's pre stage and neuron split around the refinement: m = op's mantissa
 * (fx_mbe_mantissa) of each x[n] > 0 and sh[n] the exponent its post shift adds, y[n] = the
 * neuron alone (nw->neuron) on m, refined by newton; the neuron's counts into cn, the
 * products' into c; s: scratch [6 n]. */
static void mantissa_newton(const fx_mbe_newton_t *nw, const newton_prep_t *q,
                            const fx_mbe_op_t *op, const int64_t *x, int64_t n, int64_t *y,
                            int64_t *sh, int64_t *s, int64_t *cn, int64_t *c)
{
    const int64_t rsqrt = op->pre == FX_MBE_PRE_RSQRT;
    int64_t i;
    for (i = 0; i < n; ++i)
        s[i] = fx_mbe_mantissa(x[i], op->x_frac, op->mant_frac, rsqrt, &sh[i]);
    mbe_add(&nw->neuron, &q->neuron, s, n, y, cn);
    newton(nw, q, s, n, y, s + n, c);
}

/* ==== softmax ==== */

typedef struct {
    fx_mbe_prep_t exp, recip;
    enc_prep_t e, r;
    newton_prep_t newton;
    fx_requant_t out;
    int32_t saturate;            /* out clamps */
} softmax_prep_t;

/* y[j] = requant(re[j] b); its overflow events; saturate: out clamps (a literal). */
FX_SPECIALISED int64_t softmax_row_out(const softmax_prep_t *q, const int64_t *restrict re,
                                       int64_t b, int64_t d, int64_t *restrict y,
                                       const int saturate)
{
    const fx_requant_t out = q->out;
    int64_t j, ev = 0;
    for (j = 0; j < d; ++j)
        y[j] = fx_requant_as(wrap_mul(re[j], b), &out, &ev, saturate);
    return ev;
}

/* r[rows] = 1/S: mantissa_newton, then recip's post shift (fx_mbe_shift into post_format,
 * its overflow events in recip's post slot); s: scratch [7 rows]. */
static void recip_newton(const fx_mbe_softmax_t *p, const softmax_prep_t *q,
                         const int64_t *total, int64_t rows, int64_t *r, int64_t *s, int64_t *c)
{
    const fx_range_t post = fx_range_make(&p->recip.post_format);
    const unsigned rules = fx_rounding_rules(p->recip.post_format.rounding);
    int64_t *sh = s, i, ev = 0;
    mantissa_newton(&p->newton, &q->newton, &p->recip, total, rows, r, sh, s + rows,
                    c + FX_MSM_RECIP, c + FX_MSM_NEWTON);
    for (i = 0; i < rows; ++i)
        r[i] = fx_fit(fx_mbe_shift(r[i], sh[i] + p->recip.shift_base, rules), &post, &ev);
    c[FX_MSM_RECIP + FX_MBE_OVERFLOW_POST] += ev;
}

static int softmax_chunk(const fx_mbe_softmax_t *p, const softmax_prep_t *q, const int64_t *x,
                         int64_t rows, int64_t *y, int64_t *s, int64_t *c)
{
    const int64_t d = p->d, n = rows * d;
    int64_t *z = s, *e = s + n, *u = s + 2 * n, *re = s + 3 * n;
    int64_t *total = s + 4 * n, *r = total + rows, *rr = r + rows, *ur = rr + rows;
    int64_t i, j, spikes_r = 0;
    for (i = 0; i < rows; ++i) {
        const int64_t *row = x + i * d;
        int64_t mx = row[0];
        for (j = 1; j < d; ++j)
            mx = row[j] > mx ? row[j] : mx;
        for (j = 0; j < d; ++j)
            z[i * d + j] = row[j] - mx;
    }
    mbe_add(&p->exp, &q->exp, z, n, e, c + FX_MSM_EXP);
    for (i = 0; i < rows; ++i) {
        int64_t sum = 0;
        for (j = 0; j < d; ++j)
            sum += e[i * d + j];
        if (sum <= 0)
            return FX_MBE_ROWS_FALLBACK;
        total[i] = sum;
    }
    if (p->newton.steps)
        recip_newton(p, q, total, rows, r, total + 4 * rows, c);
    else
        mbe_add(&p->recip, &q->recip, total, rows, r, c + FX_MSM_RECIP);
    encode(&p->enc_e, &q->e, e, n, u, re, c + FX_MSM_SPIKES);
    encode(&p->enc_r, &q->r, r, rows, ur, rr, &spikes_r);
    c[FX_MSM_SPIKES] += d * spikes_r;                  /* 1/S is encoded once per element */
    for (i = 0; i < rows; ++i)
        c[FX_MSM_OVERFLOW] += q->saturate ? softmax_row_out(q, re + i * d, rr[i], d, y + i * d, 1)
                                          : softmax_row_out(q, re + i * d, rr[i], d, y + i * d, 0);
    return FX_OK;
}

static int softmax_drive_chunk(const void *p, const void *q, const int64_t *x, int64_t rows,
                               int64_t *y, int64_t *s, int64_t *c)
{
    return softmax_chunk((const fx_mbe_softmax_t *)p, (const softmax_prep_t *)q, x, rows, y, s,
                         c);
}

static int softmax_prepare(const fx_mbe_softmax_t *p, softmax_prep_t *q)
{
    if (p->d < 1 || p->out_drop < 0 || p->out_drop > FX_INTERMEDIATE_BITS
        || enc_prepare(&p->enc_e, &q->e) != FX_OK || enc_prepare(&p->enc_r, &q->r) != FX_OK
        || newton_prepare(&p->newton, &q->newton) != FX_OK
        || fx_mbe_prepare(&p->exp, &q->exp) != FX_OK
        || fx_mbe_prepare(&p->recip, &q->recip) != FX_OK
        || (p->newton.steps && p->recip.post != FX_MBE_POST_SHIFT)
        || (p->newton.steps && p->recip.pre != FX_MBE_PRE_RECIP))
        return FX_EINVAL;
    q->out = fx_requant_make(p->out_drop, &p->out);
    q->saturate = fx_saturates(&p->out);
    return FX_OK;
}

int fx_mbe_softmax_rows(const fx_mbe_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
                        int64_t *counts, int64_t *scratch, int threads)
{
    softmax_prep_t q;
    if (!p || !counts || !scratch || rows < 0 || (rows > 0 && (!x || !y))
        || softmax_prepare(p, &q) != FX_OK)
        return FX_EINVAL;
    return rows_drive(softmax_drive_chunk, p, &q, p->d, FX_MSM_NCOUNTS, x, NULL, NULL, rows, y,
                      counts, NULL, scratch, threads);
}

int fx_mbe_softmax_rows_floats(const fx_mbe_softmax_t *p, const fx_float_rows_t *x,
                               int64_t rows, int64_t *y, int64_t *counts, int64_t *in_counts,
                               int64_t *scratch, int threads)
{
    softmax_prep_t q;
    fx_quantizer_t fq;
    if (!p || !counts || !in_counts || !scratch || !fx_float_rows_valid(x) || rows < 0
        || (rows > 0 && !y) || softmax_prepare(p, &q) != FX_OK)
        return FX_EINVAL;
    fq = fx_quantizer_make(x);
    return rows_drive(softmax_drive_chunk, p, &q, p->d, FX_MSM_NCOUNTS, NULL, x, &fq, rows, y,
                      counts, in_counts, scratch, threads);
}

/* ==== norms ==== */

typedef struct {
    fx_mbe_prep_t rsqrt;
    enc_prep_t x, m;
    newton_prep_t newton;
    fx_requant_t square, out;
    fx_range_t normed;
    int32_t saturate;            /* normed_format and out clamp */
    int32_t square_saturates;
} norm_prep_t;

/* xs[] = the chunk's rows centred (or not) and shifted by their exponents ex[]. */
static int norm_scale(const fx_mbe_norm_t *p, const int64_t *x, int64_t rows, int64_t *xs,
                      int64_t *ex)
{
    const int64_t d = p->d;
    int64_t i, j;
    for (i = 0; i < rows; ++i) {
        const int64_t *row = x + i * d;
        int64_t *u = xs + i * d;
        int64_t sum = 0, mag = 0, bits, e;
        if (p->centred)
            for (j = 0; j < d; ++j)
                sum += row[j];
        for (j = 0; j < d; ++j) {
            u[j] = p->centred ? row[j] * d - sum : row[j];
            mag = magnitude(u[j]) > mag ? magnitude(u[j]) : mag;
        }
        bits = fx_bit_length(mag);
        e = bits - p->top_bits > p->exp_lo ? bits - p->top_bits : p->exp_lo;
        if (e > p->exp_hi || (e < 0 && bits - e > FX_INTERMEDIATE_BITS))
            return FX_MBE_ROWS_FALLBACK;
        ex[i] = e;
        if (e <= 0) {
            for (j = 0; j < d; ++j)
                u[j] = (int64_t)((uint64_t)u[j] << -e);
        } else {
            const fx_shr_t s = fx_shr_make((int)e, FX_RND);
            for (j = 0; j < d; ++j)
                u[j] = fx_shr(u[j], &s);
        }
    }
    return FX_OK;
}

/* The sum of requant(rx[j]^2) over a row; *ev += their overflow events; saturate: the square's
 * format clamps (a literal). */
FX_SPECIALISED int64_t square_sum(const fx_requant_t *q, const int64_t *restrict rx, int64_t d,
                                  int64_t *ev, const int saturate)
{
    const fx_requant_t sq = *q;
    int64_t j, sum = 0, events = 0;
    for (j = 0; j < d; ++j)
        sum += fx_requant_as(wrap_mul(rx[j], rx[j]), &sq, &events, saturate);
    *ev += events;
    return sum;
}

/* var[i] = mean of the squares of the encoded row + eps; FALLBACK where the composition's
 * range checks would fail. */
static int norm_var(const fx_mbe_norm_t *p, const norm_prep_t *q, const int64_t *rx,
                    int64_t rows, const int64_t *ex, int64_t *var, int64_t *c)
{
    const int64_t d = p->d;
    int64_t i, ev = 0;
    for (i = 0; i < rows; ++i) {
        int64_t prod, v;
        int64_t sum = q->square_saturates ? square_sum(&q->square, rx + i * d, d, &ev, 1)
                                          : square_sum(&q->square, rx + i * d, d, &ev, 0);
        if (p->sum_drop > 0)
            sum = fx_shift_right(sum, p->sum_drop, FX_RND);
        if (fx_bit_length(magnitude(sum)) + fx_bit_length(magnitude(p->inv_d_m))
            > FX_INTERMEDIATE_BITS)
            return FX_MBE_ROWS_FALLBACK;
        prod = sum * p->inv_d_m;
        if (p->var_drop > 0)
            v = fx_shift_right(prod, p->var_drop, FX_RND);
        else if (fx_bit_length(magnitude(prod)) - p->var_drop > FX_INTERMEDIATE_BITS)
            return FX_MBE_ROWS_FALLBACK;
        else
            v = (int64_t)((uint64_t)prod << -p->var_drop);
        var[i] = v + p->eps[ex[i] - p->exp_lo];
        if (var[i] <= 0)
            return FX_MBE_ROWS_FALLBACK;
    }
    c[FX_MNR_SQ_OVERFLOW] += ev;
    return FX_OK;
}

/* One row's products rx[j] m shifted by s, into normed_format, then weight, bias and the
 * output requantization; saturate: both formats clamp; weighted, biased: p has a weight, a
 * bias (literals: no masked load of a NULL table in the vector loop). */
FX_SPECIALISED void norm_row_out(const fx_mbe_norm_t *p, const norm_prep_t *q,
                                 const int64_t *restrict rx, int64_t m, int64_t s,
                                 int64_t *restrict y, int64_t *ev_n, int64_t *ev_o,
                                 const int saturate, const int weighted, const int biased)
{
    const fx_shr_t shr = fx_shr_make((int)(s >= 0 ? 0 : (-s < 63 ? -s : 63)),
                                     p->normed_format.rounding);
    const fx_range_t normed = q->normed;
    const fx_requant_t out = q->out;
    const int64_t *restrict w = p->weight, *restrict b = p->bias;
    const int left = s >= 0 ? (int)s : 0;
    int64_t j, en = 0, eo = 0;
    for (j = 0; j < p->d; ++j) {
        const int64_t prod = wrap_mul(rx[j], m);
        int64_t v = fx_fit_as(left ? (int64_t)((uint64_t)prod << left) : fx_shr(prod, &shr),
                              &normed, &en, saturate);
        if (weighted)
            v = wrap_mul(v, w[j]);
        if (biased)
            v = (int64_t)((uint64_t)v + (uint64_t)b[j]);
        y[j] = fx_requant_as(v, &out, &eo, saturate);
    }
    *ev_n += en;
    *ev_o += eo;
}

/* norm_row_out with its literals chosen. */
static void norm_row_dispatch(const fx_mbe_norm_t *p, const norm_prep_t *q, const int64_t *rx,
                              int64_t m, int64_t s, int64_t *y, int64_t *ev_n, int64_t *ev_o)
{
    const int w = p->weight != NULL, b = p->bias != NULL;
    if (q->saturate && w && b)
        norm_row_out(p, q, rx, m, s, y, ev_n, ev_o, 1, 1, 1);
    else if (q->saturate && w)
        norm_row_out(p, q, rx, m, s, y, ev_n, ev_o, 1, 1, 0);
    else if (q->saturate && !b)
        norm_row_out(p, q, rx, m, s, y, ev_n, ev_o, 1, 0, 0);
    else
        norm_row_out(p, q, rx, m, s, y, ev_n, ev_o, 0, w, b);
}

/* y[] of the chunk from rx[], the row mantissas' reconstructions rm[] and shifts h[]. */
static int norm_out(const fx_mbe_norm_t *p, const norm_prep_t *q, const int64_t *rx,
                    const int64_t *rm, const int64_t *h, int64_t rows, int64_t *y, int64_t *c)
{
    const int64_t d = p->d;
    int64_t i, j, ev_n = 0, ev_o = 0;
    for (i = 0; i < rows; ++i) {
        const int64_t s = p->shift_base - h[i], m = rm[i];
        if (s >= 0) {                       /* the composition range-checks a left shift */
            int64_t mag = 0;
            for (j = 0; j < d; ++j)
                mag |= magnitude(wrap_mul(rx[i * d + j], m));
            if (fx_bit_length(mag) + s > FX_INTERMEDIATE_BITS)
                return FX_MBE_ROWS_FALLBACK;
        }
        norm_row_dispatch(p, q, rx + i * d, m, s, y + i * d, &ev_n, &ev_o);
    }
    c[FX_MNR_MUL_OVERFLOW] += ev_n;
    c[FX_MNR_OUT_OVERFLOW] += ev_o;
    return FX_OK;
}

static int norm_chunk(const fx_mbe_norm_t *p, const norm_prep_t *q, const int64_t *x,
                      int64_t rows, int64_t *y, int64_t *s, int64_t *c)
{
    const int64_t n = rows * p->d;
    int64_t *xs = s, *u = s + n, *rx = s + 2 * n;
    int64_t *ex = s + 4 * n, *var = ex + rows, *mant = var + rows, *um = mant + rows;
    int64_t *rm = um + rows, *h = rm + rows;
    int64_t i;
    if (norm_scale(p, x, rows, xs, ex) != FX_OK)
        return FX_MBE_ROWS_FALLBACK;
    encode(&p->enc_x, &q->x, xs, n, u, rx, c + FX_MNR_SQ_SPIKES);
    if (norm_var(p, q, rx, rows, ex, var, c) != FX_OK)
        return FX_MBE_ROWS_FALLBACK;
    if (p->newton.steps)
        mantissa_newton(&p->newton, &q->newton, &p->rsqrt, var, rows, mant, h + rows,
                        h + 2 * rows, c + FX_MNR_RSQRT, c + FX_MNR_NEWTON);
    else
        mbe_add(&p->rsqrt, &q->rsqrt, var, rows, mant, c + FX_MNR_RSQRT);
    for (i = 0; i < rows; ++i) {
        const int64_t e = fx_bit_length(var[i]) - p->var_frac;
        h[i] = (e - (e & 1)) / 2;
    }
    encode(&p->enc_m, &q->m, mant, rows, um, rm, c + FX_MNR_MUL_SPIKES);
    return norm_out(p, q, rx, rm, h, rows, y, c);
}

static int norm_drive_chunk(const void *p, const void *q, const int64_t *x, int64_t rows,
                            int64_t *y, int64_t *s, int64_t *c)
{
    return norm_chunk((const fx_mbe_norm_t *)p, (const norm_prep_t *)q, x, rows, y, s, c);
}

static int norm_prepare(const fx_mbe_norm_t *p, norm_prep_t *q)
{
    if (p->d < 1 || !p->eps || p->top_bits < 1 || p->top_bits > FX_INTERMEDIATE_BITS
        || p->exp_hi < p->exp_lo || p->sq_drop < 0 || p->sq_drop > FX_INTERMEDIATE_BITS
        || p->sum_drop < 0 || p->sum_drop > FX_INTERMEDIATE_BITS
        || p->var_drop < -FX_INTERMEDIATE_BITS || p->var_drop > FX_INTERMEDIATE_BITS
        || p->out_drop < 0 || p->out_drop > FX_INTERMEDIATE_BITS
        || enc_prepare(&p->enc_x, &q->x) != FX_OK || enc_prepare(&p->enc_m, &q->m) != FX_OK
        || newton_prepare(&p->newton, &q->newton) != FX_OK
        || fx_mbe_prepare(&p->rsqrt, &q->rsqrt) != FX_OK
        || (p->newton.steps && p->rsqrt.pre != FX_MBE_PRE_RSQRT))
        return FX_EINVAL;
    q->square = fx_requant_make(p->sq_drop, &p->square_format);
    q->out = fx_requant_make(p->out_drop, &p->out);
    q->normed = fx_range_make(&p->normed_format);
    q->saturate = fx_saturates(&p->normed_format) && fx_saturates(&p->out);
    q->square_saturates = fx_saturates(&p->square_format);
    return FX_OK;
}

int fx_mbe_norm_rows(const fx_mbe_norm_t *p, const int64_t *x, int64_t rows, int64_t *y,
                     int64_t *counts, int64_t *scratch, int threads)
{
    norm_prep_t q;
    if (!p || !counts || !scratch || rows < 0 || (rows > 0 && (!x || !y))
        || norm_prepare(p, &q) != FX_OK)
        return FX_EINVAL;
    return rows_drive(norm_drive_chunk, p, &q, p->d, FX_MNR_NCOUNTS, x, NULL, NULL, rows, y,
                      counts, NULL, scratch, threads);
}

int fx_mbe_norm_rows_floats(const fx_mbe_norm_t *p, const fx_float_rows_t *x, int64_t rows,
                            int64_t *y, int64_t *counts, int64_t *in_counts, int64_t *scratch,
                            int threads)
{
    norm_prep_t q;
    fx_quantizer_t fq;
    if (!p || !counts || !in_counts || !scratch || !fx_float_rows_valid(x) || rows < 0
        || (rows > 0 && !y) || norm_prepare(p, &q) != FX_OK)
        return FX_EINVAL;
    fq = fx_quantizer_make(x);
    return rows_drive(norm_drive_chunk, p, &q, p->d, FX_MNR_NCOUNTS, NULL, x, &fq, rows, y,
                      counts, in_counts, scratch, threads);
}

/* rows_drive reduces every count (a negative size stops the build otherwise). */
typedef char rows_counts_fit[FX_MSM_NCOUNTS <= ROWS_MAX_COUNTS && FX_MNR_NCOUNTS <= ROWS_MAX_COUNTS ? 1 : -1];
