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
