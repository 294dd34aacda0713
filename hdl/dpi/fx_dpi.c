/*
 * fx_dpi.c -- thin DPI-C adapters over fxsim's C kernels (csrc/) for the SystemVerilog benches
 * in hdl/dpi/: plain ints and 64-bit integers in and out, so a bench imports them with
 * `import "DPI-C" function ...` (SystemVerilog int = C int, longint = long long, an output
 * argument = a pointer). Each adapter calls only the public API of csrc/fx_*.h; the state of the
 * one configured unit lives in this file (the kernels themselves hold none). Plain C99.
 *
 *   fx_dpi_seed / fx_dpi_rand         a seeded 64-bit generator (splitmix64) for the stimulus
 *   fx_dpi_pwl_config / _table / _eval    PWL-Exp: one input through fx_pwl_exp
 *   fx_dpi_div_config / _start / _step    Division Neuron Group: fx_divgroup_run over the steps
 *                                         so far, the count requantized by fx_requantize
 *   fx_dpi_softmax_config / _input / _run / _exp / _output / _total / _count
 *                                         nlspike softmax of one row: fx_softmax, and its exp
 *                                         stage element by element (fx_requantize, fx_pwl_exp)
 */
#include <string.h>
#include "fxsim.h"

/* ---- stimulus generator ------------------------------------------------------------------ */
static uint64_t rng_state;

void fx_dpi_seed(long long seed) { rng_state = (uint64_t)seed; }

/* The next 64 random bits (splitmix64: Steele, Lea and Flood, OOPSLA 2014). */
long long fx_dpi_rand(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (long long)(z ^ (z >> 31));
}

static fx_format_t format_of(int is_signed, int width, int rounding, int overflow)
{
    fx_format_t f;
    f.is_signed = is_signed;
    f.width = width;
    f.rounding = rounding;
    f.overflow = overflow;
    return f;
}

/* ---- PWL-Exp ------------------------------------------------------------------------------ */
#define FX_DPI_MAX_SEGMENTS 65536
static int64_t pwl_tables[3][FX_DPI_MAX_SEGMENTS];   /* knots, slope, intercept (raw) */
static fx_pwl_exp_t pwl;

/* The constants of fx_pwl_exp_t (docs/algorithms.md 5); 0 when fx_pwl_exp would refuse them. */
int fx_dpi_pwl_config(int segments, long long x_lo, long long x_hi, long long upper,
                      int intercept_shift, int sum_frac, int out_frac, int out_signed,
                      int out_width, int out_rounding, int out_overflow)
{
    fx_pwl_exp_plan_t plan;
    if (segments < 1 || segments > FX_DPI_MAX_SEGMENTS)
        return 0;
    pwl.segments = segments;
    pwl.knots = pwl_tables[0];
    pwl.slope = pwl_tables[1];
    pwl.intercept = pwl_tables[2];
    pwl.x_lo = x_lo;
    pwl.x_hi = x_hi;
    pwl.upper = upper;
    pwl.intercept_shift = intercept_shift;
    pwl.sum_frac = sum_frac;
    pwl.out_frac = out_frac;
    pwl.out_format = format_of(out_signed, out_width, out_rounding, out_overflow);
    return fx_pwl_exp_plan(&pwl, &plan);
}

/* Entry i of table `which` (0 knots, 1 slope, 2 intercept), the raw value. */
void fx_dpi_pwl_table(int which, int i, long long value)
{
    if (which >= 0 && which < 3 && i >= 0 && i < FX_DPI_MAX_SEGMENTS)
        pwl_tables[which][i] = value;
}

/* y of one raw input; *index, *product, *sum as fx_pwl_exp records them, *overflow the output
 * overflow event (0 or 1). */
long long fx_dpi_pwl_eval(long long x, long long *index, long long *product, long long *sum,
                          int *overflow)
{
    int64_t in = x, y = 0, idx = 0, prod = 0, total = 0, stats[FX_PWL_NSTATS];
    if (fx_pwl_exp(&pwl, &in, 1, &y, &idx, &prod, &total, stats) != FX_OK)
        stats[FX_PWL_OVERFLOW_OUTPUT] = -1;       /* the bench fails on -1 */
    *index = idx;
    *product = prod;
    *sum = total;
    *overflow = (int)stats[FX_PWL_OVERFLOW_OUTPUT];
    return y;
}

/* ---- Division Neuron Group ----------------------------------------------------------------- */
#define FX_DPI_MAX_STEPS 4096
static fx_divgroup_t div;
static fx_format_t div_out;
static int32_t div_drop;
static int64_t div_b, div_a[FX_DPI_MAX_STEPS], div_membrane[FX_DPI_MAX_STEPS];
static int64_t div_latched[FX_DPI_MAX_STEPS];

/* One division (m = 1) of the group; the quotient requantized by out_drop bits into the output
 * format. 1 when valid. */
int fx_dpi_div_config(int n, long long group, int normalize, int normalize_bit, int out_drop,
                      int out_signed, int out_width, int out_rounding, int out_overflow)
{
    memset(&div, 0, sizeof div);
    div.m = 1;
    div.n = n;
    div.group = group;
    div.normalize = normalize;
    div.normalize_bit = normalize_bit;
    div_drop = out_drop;
    div_out = format_of(out_signed, out_width, out_rounding, out_overflow);
    return n >= 0 && n <= 62 && group >= 1 && group <= FX_DIV_MAX_GROUP;
}

/* A new division with denominator b > 0: *shift = k and *theta as the group derives them. */
void fx_dpi_div_start(long long b, long long *shift, long long *theta)
{
    int64_t scale;
    div_b = b;
    div.steps = 0;
    *shift = fx_div_shift(b, &div);
    *theta = fx_div_theta(b, &div, &scale);
}

/* Integrate one numerator step a: returns the quotient after the steps so far (requantized);
 * *membrane and *latched after this step, *overflow the requantization's event; -1 in
 * *overflow when the kernel refuses (bad configuration or more than FX_DPI_MAX_STEPS steps). */
long long fx_dpi_div_step(long long a, long long *membrane, long long *latched, int *overflow)
{
    int64_t count = 0, q = 0, spikes = 0;
    if (div.steps >= FX_DPI_MAX_STEPS) {
        *overflow = -1;
        return 0;
    }
    div_a[div.steps++] = a;
    if (fx_divgroup_run(&div, div_a, &div_b, &count, div_membrane, div_latched, &spikes)
            != FX_OK) {
        *overflow = -1;
        return 0;
    }
    *overflow = (int)fx_requantize(&count, &q, 1, div_drop, &div_out);
    *membrane = div_membrane[div.steps - 1];
    *latched = div_latched[div.steps - 1];
    return q;
}

/* ---- nlspike softmax (fx_softmax over one row; PWL-Exp and the group configured above) ------ */
#define FX_DPI_MAX_ROW 4096
static fx_softmax_t sm;
static int64_t sm_x[FX_DPI_MAX_ROW], sm_y[FX_DPI_MAX_ROW], sm_z[FX_DPI_MAX_ROW];
static int64_t sm_e[FX_DPI_MAX_ROW], sm_index[FX_DPI_MAX_ROW], sm_product[FX_DPI_MAX_ROW];
static int64_t sm_sum[FX_DPI_MAX_ROW], sm_counts[FX_SM_NCOUNTS], sm_total;

/* fx_softmax_t for rows of d from the PWL-Exp (fx_dpi_pwl_config / _table) and Division group
 * (fx_dpi_div_config) set before: L on the input grid, the exp-input rescale and format (its
 * overflow is SAT, the designed clamp). 1 when valid. */
int fx_dpi_softmax_config(int d, long long l_raw, int exp_in_drop, int ein_signed, int ein_width,
                          int ein_rounding)
{
    if (d < 1 || d > FX_DPI_MAX_ROW)
        return 0;
    sm.d = d;
    sm.L_raw = l_raw;
    sm.exp_in_drop = exp_in_drop;
    sm.exp_in = format_of(ein_signed, ein_width, ein_rounding, FX_SAT);
    sm.pwl = pwl;
    sm.div = div;
    sm.div.steps = 1;
    sm.out_drop = div_drop;
    sm.out = div_out;
    return 1;
}

/* Element j of the row. */
void fx_dpi_softmax_input(int j, long long x)
{
    if (j >= 0 && j < FX_DPI_MAX_ROW)
        sm_x[j] = x;
}

/* The row through fx_softmax (y, counts) and, element by element, its exp stage as the
 * primitives define it: s = x - max + L, z = requantize(s) into the exp-input format, e =
 * PWL-Exp(z) with its index, product and sum; the row sum of e. 0 when a kernel refuses. */
int fx_dpi_softmax_run(void)
{
    int64_t j, top = sm_x[0], s, stats[FX_PWL_NSTATS];
    if (fx_softmax(&sm, sm_x, 1, sm_y, sm_counts, 1) != FX_OK)
        return 0;
    for (j = 1; j < sm.d; ++j)
        top = sm_x[j] > top ? sm_x[j] : top;
    sm_total = 0;
    for (j = 0; j < sm.d; ++j) {
        s = sm_x[j] - top + sm.L_raw;
        fx_requantize(&s, &sm_z[j], 1, sm.exp_in_drop, &sm.exp_in);
        if (fx_pwl_exp(&sm.pwl, &sm_z[j], 1, &sm_e[j], &sm_index[j], &sm_product[j], &sm_sum[j],
                       stats) != FX_OK)
            return 0;
        sm_total += sm_e[j];
    }
    return 1;
}

/* e of element j (its z, PWL-Exp index, product and sum through the pointers). */
long long fx_dpi_softmax_exp(int j, long long *z, long long *index, long long *product,
                             long long *sum)
{
    *z = sm_z[j];
    *index = sm_index[j];
    *product = sm_product[j];
    *sum = sm_sum[j];
    return sm_e[j];
}

/* y of element j. */
long long fx_dpi_softmax_output(int j) { return sm_y[j]; }

/* The row sum of e (the accumulator). */
long long fx_dpi_softmax_total(void) { return sm_total; }

/* Slot `slot` of fx_softmax's counts (FX_SM_CLAMP, ..., FX_SM_OUT_OVERFLOW). */
long long fx_dpi_softmax_count(int slot)
{
    return slot >= 0 && slot < FX_SM_NCOUNTS ? sm_counts[slot] : -1;
}
