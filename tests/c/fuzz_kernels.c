/*
 * fuzz_kernels.c -- drives the public C API (csrc/fxsim.h) with cases read from stdin, one per
 * line, and prints each result on one line; tests/reliability/test_fuzz_c.py writes random
 * cases, builds this file with -fsanitize=address,undefined and compares every result with
 * the numpy definition (fxsim/backends/reference).
 *
 *   R n frac_drop signed width rounding overflow x[n]   -> events y[n]       fx_requantize
 *   S n k rounding x[n]                                 -> y[n]              fx_shift_right_array
 *   D m T n G normalize normalize_bit a[T*m] b[m]       -> status spikes q[m] membrane[T*m]
 *                                                          latched[T*m]      fx_divgroup_run
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "fxsim.h"

static int64_t *read_ints(int64_t n)
{
    int64_t j, *out = malloc((size_t)(n > 0 ? n : 1) * sizeof *out);
    if (!out)
        exit(3);
    for (j = 0; j < n; ++j)
        if (scanf("%" SCNd64, &out[j]) != 1)
            exit(4);
    return out;
}

static void print_ints(const int64_t *x, int64_t n)
{
    int64_t j;
    for (j = 0; j < n; ++j)
        printf(" %" PRId64, x[j]);
}

static void requantize_case(void)
{
    int64_t n, *x, *y, events;
    int32_t drop;
    fx_format_t fmt;
    if (scanf("%" SCNd64 " %d %d %d %d %d", &n, &drop, &fmt.is_signed, &fmt.width, &fmt.rounding,
              &fmt.overflow) != 6)
        exit(4);
    x = read_ints(n);
    y = malloc((size_t)(n > 0 ? n : 1) * sizeof *y);
    events = fx_requantize(x, y, n, drop, &fmt);
    printf("%" PRId64, events);
    print_ints(y, n);
    free(x);
    free(y);
}

static void shift_case(void)
{
    int64_t n, *x, *y;
    int32_t k, rounding;
    if (scanf("%" SCNd64 " %d %d", &n, &k, &rounding) != 3)
        exit(4);
    x = read_ints(n);
    y = malloc((size_t)(n > 0 ? n : 1) * sizeof *y);
    fx_shift_right_array(x, y, n, k, rounding);
    print_ints(y, n);
    free(x);
    free(y);
}

static void divgroup_case(void)
{
    fx_divgroup_t cfg;
    int64_t *a, *b, *q, *membrane, *latched, spikes = 0, cells;
    int status;
    if (scanf("%" SCNd64 " %d %d %" SCNd64 " %d %d", &cfg.m, &cfg.steps, &cfg.n, &cfg.group,
              &cfg.normalize, &cfg.normalize_bit) != 6)
        exit(4);
    cells = cfg.m * (cfg.steps > 0 ? cfg.steps : 0);
    a = read_ints(cells);
    b = read_ints(cfg.m);
    q = calloc((size_t)(cfg.m > 0 ? cfg.m : 1), sizeof *q);
    membrane = calloc((size_t)(cells > 0 ? cells : 1), sizeof *membrane);
    latched = calloc((size_t)(cells > 0 ? cells : 1), sizeof *latched);
    status = fx_divgroup_run(&cfg, a, b, q, membrane, latched, &spikes);
    printf("%d %" PRId64, status, spikes);
    print_ints(q, cfg.m);
    print_ints(membrane, cells);
    print_ints(latched, cells);
    free(a);
    free(b);
    free(q);
    free(membrane);
    free(latched);
}

int main(void)
{
    char kind;
    while (scanf(" %c", &kind) == 1) {
        if (kind == 'R')
            requantize_case();
        else if (kind == 'S')
            shift_case();
        else if (kind == 'D')
            divgroup_case();
        else
            return 2;
        printf("\n");
    }
    return 0;
}
