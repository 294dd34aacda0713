/*
 * fx_polarnorm.c -- PolarNorm (docs/algorithms.md section 6): the l2 norm of each
 * row from a tree of integer vectoring-CORDIC merges. The numpy definition is
 * fxsim/backends/reference/polarnorm.py; this kernel equals it bit for bit.
 *
 * Plain C99, fixed-width types, caller-owned buffers (including scratch), no allocation, no
 * globals. Contract: see fx_polarnorm in fx_polarnorm.h.
 */
#include "fx_arith.h"
#include "fx_polarnorm.h"

/* Ascending LSD radix sort of v[0..m-1], values 0 <= v < 2^62: 8-bit digits, the histograms
 * of every digit the largest value needs counted in one read of v, and a pass only for the
 * digits that differ between values (a digit shared by all m values leaves the order as it
 * is); aux[m] scratch; no data-dependent branch in the loops. Ties are equal integers, so the
 * values equal those of any sort, numpy's included. */
static void sort_ascending(int64_t *v, int64_t *aux, int64_t m)
{
    int64_t i, digit, top = 0, start[8][256];
    int64_t *src = v, *dst = aux, *swap;
    int pass, passes = 0;
    for (i = 0; i < m; ++i)
        top |= v[i];
    while (passes < 8 && (top >> (8 * passes)) != 0)
        ++passes;
    for (pass = 0; pass < passes; ++pass)
        for (digit = 0; digit < 256; ++digit)
            start[pass][digit] = 0;
    for (i = 0; i < m; ++i)
        for (pass = 0; pass < passes; ++pass)
            ++start[pass][(v[i] >> (8 * pass)) & 255];
    for (pass = 0; pass < passes; ++pass) {
        const int shift = 8 * pass;
        int64_t *first = start[pass], sum = 0;
        if (first[(v[0] >> shift) & 255] == m)   /* one digit value throughout: no move */
            continue;
        for (digit = 0; digit < 256; ++digit) {      /* counts -> first index of each digit */
            const int64_t count = first[digit];
            first[digit] = sum;
            sum += count;
        }
        for (i = 0; i < m; ++i)
            dst[first[(src[i] >> shift) & 255]++] = src[i];
        swap = src;
        src = dst;
        dst = swap;
    }
    if (src != v)
        for (i = 0; i < m; ++i)
            v[i] = src[i];
}

/* One level of the merge tree: pair i (x = tree[2 i], the smaller; y = tree[2 i + 1]) through
 * n vectoring-CORDIC steps, dir = +1 (y >= 0) or -1: x += dir (y >> k), y -= dir (x_old >> k),
 * the sign applied branch-free as (v ^ neg) - neg with neg = 0 or -1; then the gain 1/K_n,
 * (x_n * m) >> s with the internal rounding, and the internal overflow, into tree[i]. All
 * pairs of the level go through step k together (the pairs are independent), so the inner
 * loops vectorise. xs, ys: scratch[half]. Merges are numbered first, first + 1, ... for the
 * trace (cordic_x, cordic_y, merged; NULL: not recorded). Returns the overflow events. */
static int64_t merge_level(const fx_polarnorm_t *p, int64_t *tree, int64_t half,
                           int64_t *restrict xs, int64_t *restrict ys, int64_t first,
                           int64_t *cordic_x, int64_t *cordic_y, int64_t *merged)
{
    const int64_t steps = p->n, gain_m = p->gain_m, row = p->n + 1;
    const fx_range_t internal = fx_range_make(&p->internal);
    const fx_rescale_t gain = fx_rescale_make(p->gain_shift, p->internal.rounding);
    int64_t i, k, overflow = 0;
    for (i = 0; i < half; ++i) {
        xs[i] = tree[2 * i];
        ys[i] = tree[2 * i + 1];
    }
    for (k = 0; k <= steps; ++k) {
        if (cordic_x)
            for (i = 0; i < half; ++i) {
                cordic_x[(first + i) * row + k] = xs[i];
                cordic_y[(first + i) * row + k] = ys[i];
            }
        if (k == steps)
            break;
        for (i = 0; i < half; ++i) {
            const int64_t x = xs[i], y = ys[i], neg = -(int64_t)(y < 0);
            xs[i] = x + ((fx_floor_shift(y, (int32_t)k) ^ neg) - neg);
            ys[i] = y - ((fx_floor_shift(x, (int32_t)k) ^ neg) - neg);
        }
    }
    for (i = 0; i < half; ++i)
        tree[i] = fx_fit(fx_rescale(xs[i] * gain_m, &gain), &internal, &overflow);
    if (merged)
        for (i = 0; i < half; ++i)
            merged[first + i] = tree[i];
    return overflow;
}

int64_t fx_polarnorm_row(const fx_polarnorm_t *p, const int64_t *x, int64_t *tree,
                         int64_t *aux, int64_t *overflow, int64_t *sorted, int64_t *cordic_x,
                         int64_t *cordic_y, int64_t *merged)
{
    const int64_t d = p->d, m = d + (p->has_eps ? 1 : 0), guard_scale = (int64_t)1 << p->guard_bits;
    const int trace = sorted != 0;
    const fx_range_t internal = fx_range_make(&p->internal);
    const fx_range_t output = fx_range_make(&p->output);
    int64_t j, count, merge = 0, scaled;
    /* 1. magnitudes scaled up by the guard bits into the internal format */
    for (j = 0; j < d; ++j) {
        const int64_t mag = x[j] < 0 ? -x[j] : x[j];
        tree[j] = fx_fit(mag * guard_scale, &internal, &overflow[FX_PN_INPUT]);
    }
    /* 2. the eps element sqrt(eps * d), already quantized by the caller */
    if (p->has_eps)
        tree[d] = p->eps_raw;
    /* 3. sort ascending */
    sort_ascending(tree, aux, m);
    if (trace)
        for (j = 0; j < m; ++j)
            sorted[j] = tree[j];
    /* 4. merge pairs (0,1), (2,3), ... level by level (merge_level); an odd last element is
     * carried */
    for (count = m; count > 1; count = count / 2 + count % 2) {
        const int64_t half = count / 2;
        overflow[FX_PN_MERGE] += merge_level(p, tree, half, aux, aux + half, merge,
                                             trace ? cordic_x : 0, trace ? cordic_y : 0,
                                             trace ? merged : 0);
        merge += half;
        if (count % 2)
            tree[half] = tree[count - 1];
    }
    /* 5. the root into the output format (a multiply for a left shift: C99 leaves a left
     * shift of a negative value undefined, though the root is never negative) */
    scaled = p->output_drop >= 0 ? fx_shift_right(tree[0], p->output_drop, p->output.rounding)
                                 : tree[0] * ((int64_t)1 << -p->output_drop);
    return fx_fit(scaled, &output, &overflow[FX_PN_OUTPUT]);
}

int fx_polarnorm(const fx_polarnorm_t *p, const int64_t *x, int64_t rows, int64_t *out,
                 int64_t *overflow, int64_t *scratch, int64_t *sorted, int64_t *cordic_x,
                 int64_t *cordic_y, int64_t *merged)
{
    int64_t m, merges, row;
    int32_t n;
    int trace;

    if (!fx_polarnorm_valid(p) || x == 0 || out == 0 || overflow == 0 || scratch == 0
        || rows < 0
        || (sorted != 0 && p->d + (p->has_eps ? 1 : 0) > 1
            && (cordic_x == 0 || cordic_y == 0 || merged == 0)))
        return FX_EINVAL;
    m = p->d + (p->has_eps ? 1 : 0);
    merges = m - 1;
    n = p->n;
    trace = sorted != 0;
    for (row = 0; row < rows; ++row)
        out[row] = fx_polarnorm_row(p, x + row * p->d, scratch, scratch + m, overflow,
                                    trace ? sorted + row * m : 0,
                                    trace && merges ? cordic_x + row * merges * (n + 1) : 0,
                                    trace && merges ? cordic_y + row * merges * (n + 1) : 0,
                                    trace && merges ? merged + row * merges : 0);
    return FX_OK;
}

int fx_polarnorm_valid(const fx_polarnorm_t *p)
{
    return p != 0 && p->d >= 1 && p->n >= 1 && p->n <= 32 && p->guard_bits >= 0
           && p->guard_bits <= 30 && p->gain_m >= 1 && p->gain_shift >= 0 && p->gain_shift <= 62
           && p->internal.width >= 1 && p->internal.width <= 32 && p->output.width >= 1
           && p->output.width <= 32 && p->output_drop >= -62;
}
