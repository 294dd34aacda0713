/*
 * test_golden_mbe.c -- an MBE operator set (fxsim golden OP --method mbe) checked in pure C:
 * the activations gelu, tanh, sigmoid, silu and the range-reduced exp, reciprocal, rsqrt.
 *
 * No fused C kernel exists for the MBE operators, so the consumer runs them the way the numpy
 * definition does (fxsim.primitives.mbe, .range_reduction and fxsim.ops.mbe; docs/algorithms.md
 * 8.2-8.4, 8.6) on the C population engine. The neuron (role R = mbe, exp, reciprocal or
 * rsqrt): per bank u = min(1, rq_U(max(sign x - offset, 0) * m, drop)) (FXSIM_MBE_R_BANK<b>_*),
 * one fx_population_run per basis on the mbe_R_bank<b>_* tables (FXSIM_POP_*), y = the summed
 * accumulators + mbe_R_bias requantized (FXSIM_MBE_R_OUT_*). Around it (FXSIM_OP_*): sigmoid
 * (1 + tanh(x / 2)) / 2, gelu and silu x itself above the fit's domain; exp z = x log2(e),
 * 2^frac(z) by the neuron, shifted by floor(z); reciprocal / rsqrt the leading-one mantissa m
 * by the neuron, shifted back by its exponent. Checks `output`, every counter and every traced
 * word (the spikes of every basis, exp's z / k / r, reciprocal's and rsqrt's m / e).
 */
#include <stdio.h>
#include "vectors.h"
#include "golden_check.h"
#include "golden_engine.h"
#include "fx_arith.h"

#if defined(FXSIM_MBE_MBE_OUT_DROP)
#define ROLE(name) FXSIM_MBE_MBE_##name
#elif defined(FXSIM_MBE_EXP_OUT_DROP)
#define ROLE(name) FXSIM_MBE_EXP_##name
#elif defined(FXSIM_MBE_RECIPROCAL_OUT_DROP)
#define ROLE(name) FXSIM_MBE_RECIPROCAL_##name
#elif defined(FXSIM_MBE_RSQRT_OUT_DROP)
#define ROLE(name) FXSIM_MBE_RSQRT_##name
#else
#error "not an MBE activation or scalar set, or no MBE neuron defines (format 1.3.0 needed)"
#endif
#ifdef COUNT_MBE_OVERFLOW_V_LEN             /* the activations' counters and traces: mbe_* */
#define COUNT(name) count_mbe_##name
#define PREFIX "mbe"
#else                                       /* the scalars': range_* */
#define COUNT(name) count_range_##name
#define PREFIX "range"
#endif
#define COUNT_NAME(name) "count_" PREFIX "_" #name

#define N INPUT_LEN
#define T ROLE(STEPS)
#define MAX_BANKS 2
#define MAX_BASES 8

typedef struct {
    int64_t sign, offset, scale_m, scale_drop, bases;
    int64_t theta[MAX_BASES * T], reset[MAX_BASES * T], intensity[MAX_BASES * T];
} bank_t;

static bank_t banks[MAX_BANKS];
static int64_t bias;
static const uint8_t *want[MAX_BANKS][MAX_BASES];
static int64_t x[N], y[N], in[N], total[N], v[N], acc[N], count[N], spikes[T * N];
static int32_t u[N];
static int checked;         /* arrays compared (EXPECT counts them too) */

static void load_banks(void)
{
#ifdef MBE_MBE_BANK0_THRESHOLD_LEN
    {
        bank_t *k = &banks[0];
        k->sign = FXSIM_MBE_MBE_BANK0_SIGN;
        k->offset = FXSIM_MBE_MBE_BANK0_OFFSET;
        k->scale_m = FXSIM_MBE_MBE_BANK0_SCALE_M;
        k->scale_drop = FXSIM_MBE_MBE_BANK0_SCALE_DROP;
        k->bases = MBE_MBE_BANK0_THRESHOLD_DIM0;
        WIDEN(k->theta, mbe_mbe_bank0_threshold, MBE_MBE_BANK0_THRESHOLD_LEN);
        WIDEN(k->reset, mbe_mbe_bank0_reset, MBE_MBE_BANK0_RESET_LEN);
        WIDEN(k->intensity, mbe_mbe_bank0_intensity, MBE_MBE_BANK0_INTENSITY_LEN);
    }
#endif
#ifdef MBE_MBE_BANK1_THRESHOLD_LEN
    {
        bank_t *k = &banks[1];
        k->sign = FXSIM_MBE_MBE_BANK1_SIGN;
        k->offset = FXSIM_MBE_MBE_BANK1_OFFSET;
        k->scale_m = FXSIM_MBE_MBE_BANK1_SCALE_M;
        k->scale_drop = FXSIM_MBE_MBE_BANK1_SCALE_DROP;
        k->bases = MBE_MBE_BANK1_THRESHOLD_DIM0;
        WIDEN(k->theta, mbe_mbe_bank1_threshold, MBE_MBE_BANK1_THRESHOLD_LEN);
        WIDEN(k->reset, mbe_mbe_bank1_reset, MBE_MBE_BANK1_RESET_LEN);
        WIDEN(k->intensity, mbe_mbe_bank1_intensity, MBE_MBE_BANK1_INTENSITY_LEN);
    }
#endif
#ifdef MBE_MBE_BIAS_LEN
    bias = mbe_mbe_bias[0];
#endif
#ifdef MBE_EXP_BANK0_THRESHOLD_LEN
    {
        bank_t *k = &banks[0];
        k->sign = FXSIM_MBE_EXP_BANK0_SIGN;
        k->offset = FXSIM_MBE_EXP_BANK0_OFFSET;
        k->scale_m = FXSIM_MBE_EXP_BANK0_SCALE_M;
        k->scale_drop = FXSIM_MBE_EXP_BANK0_SCALE_DROP;
        k->bases = MBE_EXP_BANK0_THRESHOLD_DIM0;
        WIDEN(k->theta, mbe_exp_bank0_threshold, MBE_EXP_BANK0_THRESHOLD_LEN);
        WIDEN(k->reset, mbe_exp_bank0_reset, MBE_EXP_BANK0_RESET_LEN);
        WIDEN(k->intensity, mbe_exp_bank0_intensity, MBE_EXP_BANK0_INTENSITY_LEN);
    }
#endif
#ifdef MBE_EXP_BANK1_THRESHOLD_LEN
    {
        bank_t *k = &banks[1];
        k->sign = FXSIM_MBE_EXP_BANK1_SIGN;
        k->offset = FXSIM_MBE_EXP_BANK1_OFFSET;
        k->scale_m = FXSIM_MBE_EXP_BANK1_SCALE_M;
        k->scale_drop = FXSIM_MBE_EXP_BANK1_SCALE_DROP;
        k->bases = MBE_EXP_BANK1_THRESHOLD_DIM0;
        WIDEN(k->theta, mbe_exp_bank1_threshold, MBE_EXP_BANK1_THRESHOLD_LEN);
        WIDEN(k->reset, mbe_exp_bank1_reset, MBE_EXP_BANK1_RESET_LEN);
        WIDEN(k->intensity, mbe_exp_bank1_intensity, MBE_EXP_BANK1_INTENSITY_LEN);
    }
#endif
#ifdef MBE_EXP_BIAS_LEN
    bias = mbe_exp_bias[0];
#endif
#ifdef MBE_RECIPROCAL_BANK0_THRESHOLD_LEN
    {
        bank_t *k = &banks[0];
        k->sign = FXSIM_MBE_RECIPROCAL_BANK0_SIGN;
        k->offset = FXSIM_MBE_RECIPROCAL_BANK0_OFFSET;
        k->scale_m = FXSIM_MBE_RECIPROCAL_BANK0_SCALE_M;
        k->scale_drop = FXSIM_MBE_RECIPROCAL_BANK0_SCALE_DROP;
        k->bases = MBE_RECIPROCAL_BANK0_THRESHOLD_DIM0;
        WIDEN(k->theta, mbe_reciprocal_bank0_threshold, MBE_RECIPROCAL_BANK0_THRESHOLD_LEN);
        WIDEN(k->reset, mbe_reciprocal_bank0_reset, MBE_RECIPROCAL_BANK0_RESET_LEN);
        WIDEN(k->intensity, mbe_reciprocal_bank0_intensity, MBE_RECIPROCAL_BANK0_INTENSITY_LEN);
    }
#endif
#ifdef MBE_RECIPROCAL_BANK1_THRESHOLD_LEN
    {
        bank_t *k = &banks[1];
        k->sign = FXSIM_MBE_RECIPROCAL_BANK1_SIGN;
        k->offset = FXSIM_MBE_RECIPROCAL_BANK1_OFFSET;
        k->scale_m = FXSIM_MBE_RECIPROCAL_BANK1_SCALE_M;
        k->scale_drop = FXSIM_MBE_RECIPROCAL_BANK1_SCALE_DROP;
        k->bases = MBE_RECIPROCAL_BANK1_THRESHOLD_DIM0;
        WIDEN(k->theta, mbe_reciprocal_bank1_threshold, MBE_RECIPROCAL_BANK1_THRESHOLD_LEN);
        WIDEN(k->reset, mbe_reciprocal_bank1_reset, MBE_RECIPROCAL_BANK1_RESET_LEN);
        WIDEN(k->intensity, mbe_reciprocal_bank1_intensity, MBE_RECIPROCAL_BANK1_INTENSITY_LEN);
    }
#endif
#ifdef MBE_RECIPROCAL_BIAS_LEN
    bias = mbe_reciprocal_bias[0];
#endif
#ifdef MBE_RSQRT_BANK0_THRESHOLD_LEN
    {
        bank_t *k = &banks[0];
        k->sign = FXSIM_MBE_RSQRT_BANK0_SIGN;
        k->offset = FXSIM_MBE_RSQRT_BANK0_OFFSET;
        k->scale_m = FXSIM_MBE_RSQRT_BANK0_SCALE_M;
        k->scale_drop = FXSIM_MBE_RSQRT_BANK0_SCALE_DROP;
        k->bases = MBE_RSQRT_BANK0_THRESHOLD_DIM0;
        WIDEN(k->theta, mbe_rsqrt_bank0_threshold, MBE_RSQRT_BANK0_THRESHOLD_LEN);
        WIDEN(k->reset, mbe_rsqrt_bank0_reset, MBE_RSQRT_BANK0_RESET_LEN);
        WIDEN(k->intensity, mbe_rsqrt_bank0_intensity, MBE_RSQRT_BANK0_INTENSITY_LEN);
    }
#endif
#ifdef MBE_RSQRT_BANK1_THRESHOLD_LEN
    {
        bank_t *k = &banks[1];
        k->sign = FXSIM_MBE_RSQRT_BANK1_SIGN;
        k->offset = FXSIM_MBE_RSQRT_BANK1_OFFSET;
        k->scale_m = FXSIM_MBE_RSQRT_BANK1_SCALE_M;
        k->scale_drop = FXSIM_MBE_RSQRT_BANK1_SCALE_DROP;
        k->bases = MBE_RSQRT_BANK1_THRESHOLD_DIM0;
        WIDEN(k->theta, mbe_rsqrt_bank1_threshold, MBE_RSQRT_BANK1_THRESHOLD_LEN);
        WIDEN(k->reset, mbe_rsqrt_bank1_reset, MBE_RSQRT_BANK1_RESET_LEN);
        WIDEN(k->intensity, mbe_rsqrt_bank1_intensity, MBE_RSQRT_BANK1_INTENSITY_LEN);
    }
#endif
#ifdef MBE_RSQRT_BIAS_LEN
    bias = mbe_rsqrt_bias[0];
#endif
#ifdef TRACE_MBE_BANK0_BASIS0_SPIKES_LEN
    want[0][0] = trace_mbe_bank0_basis0_spikes;
#endif
#ifdef TRACE_MBE_BANK0_BASIS1_SPIKES_LEN
    want[0][1] = trace_mbe_bank0_basis1_spikes;
#endif
#ifdef TRACE_MBE_BANK0_BASIS2_SPIKES_LEN
    want[0][2] = trace_mbe_bank0_basis2_spikes;
#endif
#ifdef TRACE_MBE_BANK0_BASIS3_SPIKES_LEN
    want[0][3] = trace_mbe_bank0_basis3_spikes;
#endif
#ifdef TRACE_MBE_BANK0_BASIS4_SPIKES_LEN
    want[0][4] = trace_mbe_bank0_basis4_spikes;
#endif
#ifdef TRACE_MBE_BANK0_BASIS5_SPIKES_LEN
    want[0][5] = trace_mbe_bank0_basis5_spikes;
#endif
#ifdef TRACE_MBE_BANK0_BASIS6_SPIKES_LEN
    want[0][6] = trace_mbe_bank0_basis6_spikes;
#endif
#ifdef TRACE_MBE_BANK0_BASIS7_SPIKES_LEN
    want[0][7] = trace_mbe_bank0_basis7_spikes;
#endif
#ifdef TRACE_MBE_BANK1_BASIS0_SPIKES_LEN
    want[1][0] = trace_mbe_bank1_basis0_spikes;
#endif
#ifdef TRACE_MBE_BANK1_BASIS1_SPIKES_LEN
    want[1][1] = trace_mbe_bank1_basis1_spikes;
#endif
#ifdef TRACE_MBE_BANK1_BASIS2_SPIKES_LEN
    want[1][2] = trace_mbe_bank1_basis2_spikes;
#endif
#ifdef TRACE_MBE_BANK1_BASIS3_SPIKES_LEN
    want[1][3] = trace_mbe_bank1_basis3_spikes;
#endif
#ifdef TRACE_MBE_BANK1_BASIS4_SPIKES_LEN
    want[1][4] = trace_mbe_bank1_basis4_spikes;
#endif
#ifdef TRACE_MBE_BANK1_BASIS5_SPIKES_LEN
    want[1][5] = trace_mbe_bank1_basis5_spikes;
#endif
#ifdef TRACE_MBE_BANK1_BASIS6_SPIKES_LEN
    want[1][6] = trace_mbe_bank1_basis6_spikes;
#endif
#ifdef TRACE_MBE_BANK1_BASIS7_SPIKES_LEN
    want[1][7] = trace_mbe_bank1_basis7_spikes;
#endif
#ifdef TRACE_RANGE_BANK0_BASIS0_SPIKES_LEN
    want[0][0] = trace_range_bank0_basis0_spikes;
#endif
#ifdef TRACE_RANGE_BANK0_BASIS1_SPIKES_LEN
    want[0][1] = trace_range_bank0_basis1_spikes;
#endif
#ifdef TRACE_RANGE_BANK0_BASIS2_SPIKES_LEN
    want[0][2] = trace_range_bank0_basis2_spikes;
#endif
#ifdef TRACE_RANGE_BANK0_BASIS3_SPIKES_LEN
    want[0][3] = trace_range_bank0_basis3_spikes;
#endif
#ifdef TRACE_RANGE_BANK0_BASIS4_SPIKES_LEN
    want[0][4] = trace_range_bank0_basis4_spikes;
#endif
#ifdef TRACE_RANGE_BANK0_BASIS5_SPIKES_LEN
    want[0][5] = trace_range_bank0_basis5_spikes;
#endif
#ifdef TRACE_RANGE_BANK0_BASIS6_SPIKES_LEN
    want[0][6] = trace_range_bank0_basis6_spikes;
#endif
#ifdef TRACE_RANGE_BANK0_BASIS7_SPIKES_LEN
    want[0][7] = trace_range_bank0_basis7_spikes;
#endif
#ifdef TRACE_RANGE_BANK1_BASIS0_SPIKES_LEN
    want[1][0] = trace_range_bank1_basis0_spikes;
#endif
#ifdef TRACE_RANGE_BANK1_BASIS1_SPIKES_LEN
    want[1][1] = trace_range_bank1_basis1_spikes;
#endif
#ifdef TRACE_RANGE_BANK1_BASIS2_SPIKES_LEN
    want[1][2] = trace_range_bank1_basis2_spikes;
#endif
#ifdef TRACE_RANGE_BANK1_BASIS3_SPIKES_LEN
    want[1][3] = trace_range_bank1_basis3_spikes;
#endif
#ifdef TRACE_RANGE_BANK1_BASIS4_SPIKES_LEN
    want[1][4] = trace_range_bank1_basis4_spikes;
#endif
#ifdef TRACE_RANGE_BANK1_BASIS5_SPIKES_LEN
    want[1][5] = trace_range_bank1_basis5_spikes;
#endif
#ifdef TRACE_RANGE_BANK1_BASIS6_SPIKES_LEN
    want[1][6] = trace_range_bank1_basis6_spikes;
#endif
#ifdef TRACE_RANGE_BANK1_BASIS7_SPIKES_LEN
    want[1][7] = trace_range_bank1_basis7_spikes;
#endif
}

/* The MBE neuron on in[]: y[] its raw output; each basis' spike record compared with its
 * trace; the engine's counts added to *c, the readout's overflows to *overflow. 0 on success. */
static int neuron(engine_counts_t *c, int64_t *overflow)
{
    const fx_format_t u_format = FXSIM_POP_V_FORMAT, out = ROLE(OUT_FORMAT);
    const fx_requant_t readout = fx_requant_make(ROLE(OUT_DROP), &out);
    const int64_t one = (int64_t)1 << ROLE(U_FRAC);
    int64_t b, n, j, uncounted = 0;
    for (j = 0; j < N; ++j)
        total[j] = 0;
    for (b = 0; b < ROLE(BANKS); ++b) {
        const bank_t *k = &banks[b];
        const fx_requant_t scale = fx_requant_make((int32_t)k->scale_drop, &u_format);
        for (j = 0; j < N; ++j) {
            const int64_t diff = k->sign * in[j] - k->offset;
            const int64_t scaled = fx_requant((diff > 0 ? diff : 0) * k->scale_m, &scale,
                                              &uncounted);
            u[j] = (int32_t)(scaled < one ? scaled : one);
        }
        for (n = 0; n < k->bases; ++n) {
            const int64_t no_bias = 0;
            if (engine_run(k->theta + n * T, k->reset + n * T, k->intensity + n * T, &no_bias,
                           T, u, N, v, acc, count, spikes, c))
                return 1;
            for (j = 0; j < N; ++j)
                total[j] += acc[j];
            if (!want[b][n]) {
                fprintf(stderr, "MISMATCH: no spike trace of bank %d basis %d\n", (int)b, (int)n);
                return 1;
            }
            for (j = 0; j < T * N; ++j)
                if (spikes[j] != want[b][n][j]) {
                    fprintf(stderr, "MISMATCH trace_%s_bank%d_basis%d_spikes[%lld]\n", PREFIX,
                            (int)b, (int)n, (long long)j);
                    return 1;
                }
            ++checked;
        }
    }
    for (j = 0; j < N; ++j)
        y[j] = fx_requant(total[j] + bias, &readout, overflow);
    return 0;
}

#ifdef FXSIM_OP_SHIFT_BASE
/* y * 2^shift into the output (range_reduction._finish): a shift of 31 or more only keeps
 * y's parity and magnitude class (|y| >= 2 becomes sign(y) (2 + |y| mod 2), shift <= 33), a
 * right shift rounds with the output's rounding; then the output's overflow. */
static int64_t finish(int64_t value, int64_t shift, int64_t *overflow)
{
    const fx_format_t out = FXSIM_OP_OUT;
    const fx_requant_t fit = fx_requant_make(0, &out);
    const int64_t mag = value < 0 ? -value : value;
    if (shift >= 31) {
        if (mag >= 2)
            value = (value < 0 ? -1 : 1) * (2 + (mag & 1));
        shift = shift < 33 ? shift : 33;
    }
    value = shift >= 0 ? value * ((int64_t)1 << shift)
                       : fx_shift_right(value, (int32_t)-shift, out.rounding);
    return fx_requant(value, &fit, overflow);
}
#endif

int main(void)
{
    engine_counts_t c = {0, 0, 0};
    int64_t j, overflow_output = 0, glue_output = 0, uncounted = 0, total_overflow;
    const int64_t no_input_overflow = 0;    /* raw inputs are not requantized */
    WIDEN(x, input, N);
    load_banks();
#if defined(FXSIM_OP_LOG2E_M)               /* exp: z = x log2(e), k = floor(z), r = frac(z) */
    static int64_t z[N], k[N];
    int64_t overflow_z = 0;
    const fx_format_t z_format = FXSIM_OP_Z_FORMAT;
    const fx_requant_t to_z = fx_requant_make(FXSIM_OP_Z_DROP, &z_format);
    for (j = 0; j < N; ++j) {
        z[j] = fx_requant(x[j] * FXSIM_OP_LOG2E_M, &to_z, &overflow_z);
        k[j] = fx_floor_shift(z[j], FXSIM_OP_Z_FRAC);
        in[j] = z[j] - k[j] * ((int64_t)1 << FXSIM_OP_Z_FRAC);
    }
    if (neuron(&c, &overflow_output))
        return 1;
    for (j = 0; j < N; ++j)
        y[j] = finish(y[j], k[j] + FXSIM_OP_SHIFT_BASE, &overflow_output);
    EXPECT("trace_range_z", z, trace_range_z, N);
    EXPECT("trace_range_k", k, trace_range_k, N);
    EXPECT("trace_range_r", in, trace_range_r, N);
    EXPECT("count_range_overflow_z", &overflow_z, count_range_overflow_z, 1);
    total_overflow = overflow_z;
#elif defined(FXSIM_OP_MANTISSA_FRAC)       /* reciprocal, rsqrt: x = m 2^e */
    static int64_t e[N];
    for (j = 0; j < N; ++j) {
        const int64_t p = fx_bit_length(x[j]);
        int64_t shift = FXSIM_OP_MANTISSA_FRAC - p, odd;
        e[j] = p - FXSIM_OP_X_FRAC;
        odd = FXSIM_OP_RSQRT ? e[j] & 1 : 0;
        shift += odd;
        e[j] -= odd;
        in[j] = shift >= 0 ? x[j] * ((int64_t)1 << shift) : fx_floor_shift(x[j], (int32_t)-shift);
    }
    if (neuron(&c, &overflow_output))
        return 1;
    for (j = 0; j < N; ++j)
        y[j] = finish(y[j], FXSIM_OP_SHIFT_BASE - (FXSIM_OP_RSQRT ? fx_floor_shift(e[j], 1) : e[j]),
                      &overflow_output);
    EXPECT("trace_range_m", in, trace_range_m, N);
    EXPECT("trace_range_e", e, trace_range_e, N);
    total_overflow = 0;
#else                                       /* the activations */
    for (j = 0; j < N; ++j)
        in[j] = x[j];                       /* sigmoid's x / 2: the neuron's frac is one more */
    if (neuron(&c, &overflow_output))
        return 1;
    for (j = 0; j < N; ++j) {
        const fx_format_t out = FXSIM_OP_OUT;
#ifdef FXSIM_OP_ONE
        const fx_requant_t half = fx_requant_make(FXSIM_OP_OUT_DROP, &out);
        y[j] = fx_requant(y[j] + FXSIM_OP_ONE, &half, &glue_output);
#endif
#ifdef FXSIM_OP_PASS_FROM
        if (x[j] >= FXSIM_OP_PASS_FROM) {
            const fx_requant_t pass = fx_requant_make(FXSIM_OP_PASS_DROP, &out);
            y[j] = fx_requant(x[j], &pass, &uncounted);
        }
#endif
        (void)out;
    }
    total_overflow = 0;
#endif
    (void)uncounted;
    total_overflow += c.overflow_v + c.overflow_acc + overflow_output + glue_output;
    EXPECT("output", y, output, N);
    EXPECT(COUNT_NAME(overflow_v), &c.overflow_v, COUNT(overflow_v), 1);
    EXPECT(COUNT_NAME(overflow_acc), &c.overflow_acc, COUNT(overflow_acc), 1);
    EXPECT(COUNT_NAME(overflow_output), &overflow_output, COUNT(overflow_output), 1);
    EXPECT("count_glue_overflow_input", &no_input_overflow, count_glue_overflow_input, 1);
#ifdef COUNT_GLUE_OVERFLOW_OUTPUT_LEN
    EXPECT("count_glue_overflow_output", &glue_output, count_glue_overflow_output, 1);
#endif
    EXPECT("count_overflow", &total_overflow, count_overflow, 1);
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}
