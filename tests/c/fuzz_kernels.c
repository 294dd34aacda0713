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
 *   P scalars[33] 4 x (t_stride n_stride len data[len]) has_input input[]
 *                                   -> status v[n] i[n] acc[n] spikes[n] overflow[3*T]
 *                                      records v, i, spikes, acc [T*n] each  fx_population_run
 *      scalars: the fields of fx_population_t up to membrane, in struct order (formats and
 *      decays field by field), as fxsim.backends.abi.PopulationPlan.scalars() lists them.
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

static void read_format(fx_format_t *f)
{
    int64_t *x = read_ints(4);
    f->is_signed = (int32_t)x[0];
    f->width = (int32_t)x[1];
    f->rounding = (int32_t)x[2];
    f->overflow = (int32_t)x[3];
    free(x);
}

static void read_decay(fx_decay_t *d)
{
    int64_t *x = read_ints(5);
    d->kind = (int32_t)x[0];
    d->shift = (int32_t)x[1];
    d->rounding = (int32_t)x[2];
    d->min_step = (int32_t)x[3];
    d->factor = x[4];
    free(x);
}

static int64_t *read_schedule(fx_schedule_t *s)
{
    int64_t *head = read_ints(3), *data;
    s->t_stride = head[0];
    s->n_stride = head[1];
    data = read_ints(head[2]);
    s->data = data;
    free(head);
    return data;
}

static void population_case(void)
{
    fx_population_t p;
    fx_record_t rec;
    int64_t *head, *tables[4], *input64, *v, *i_syn, *acc, *spikes, *overflow, n, cells, j;
    int32_t *input = NULL;
    int status, k;
    head = read_ints(2);
    p.n = head[0];
    p.steps = (int32_t)head[1];
    free(head);
    head = read_ints(1);
    p.cuba = (int32_t)head[0];
    free(head);
    read_format(&p.v_format);
    read_format(&p.i_format);
    read_format(&p.acc_format);
    read_decay(&p.decay_v);
    read_decay(&p.decay_i);
    head = read_ints(8);
    p.compare_strict = (int32_t)head[0];
    p.reset = (int32_t)head[1];
    p.v_reset = head[2];
    p.max_spikes = (int32_t)head[3];
    p.input_mode = (int32_t)head[4];
    p.input_shift = (int32_t)head[5];
    p.input_before_decay = (int32_t)head[6];
    p.membrane = (int32_t)head[7];
    free(head);
    p.continue_state = 0;
    tables[0] = read_schedule(&p.threshold);
    tables[1] = read_schedule(&p.reset_amount);
    tables[2] = read_schedule(&p.intensity);
    tables[3] = read_schedule(&p.bias);
    n = p.n;
    cells = n * p.steps;
    head = read_ints(1);
    if (head[0]) {
        const int64_t count = p.input_mode == FX_INPUT_INITIAL ? n : cells;
        input64 = read_ints(count);
        input = malloc((size_t)(count > 0 ? count : 1) * sizeof *input);
        for (j = 0; j < count; ++j)
            input[j] = (int32_t)input64[j];
        free(input64);
    }
    free(head);
    v = calloc((size_t)n, sizeof *v);
    i_syn = calloc((size_t)n, sizeof *i_syn);
    acc = calloc((size_t)n, sizeof *acc);
    spikes = calloc((size_t)n, sizeof *spikes);
    overflow = calloc((size_t)(3 * p.steps), sizeof *overflow);
    rec.v = calloc((size_t)cells, sizeof(int64_t));
    rec.i = calloc((size_t)cells, sizeof(int64_t));
    rec.spikes = calloc((size_t)cells, sizeof(int64_t));
    rec.acc = calloc((size_t)cells, sizeof(int64_t));
    status = fx_population_run(&p, input, v, i_syn, acc, spikes, overflow, &rec, 1);
    printf("%d", status);
    print_ints(v, n);
    print_ints(i_syn, n);
    print_ints(acc, n);
    print_ints(spikes, n);
    print_ints(overflow, 3 * (int64_t)p.steps);
    print_ints(rec.v, cells);
    print_ints(rec.i, cells);
    print_ints(rec.spikes, cells);
    print_ints(rec.acc, cells);
    for (k = 0; k < 4; ++k)
        free(tables[k]);
    free(input);
    free(v);
    free(i_syn);
    free(acc);
    free(spikes);
    free(overflow);
    free(rec.v);
    free(rec.i);
    free(rec.spikes);
    free(rec.acc);
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
        else if (kind == 'P')
            population_case();
        else
            return 2;
        printf("\n");
    }
    return 0;
}
