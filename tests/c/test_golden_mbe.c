/*
 * test_golden_mbe.c -- an MBE activation set (fxsim golden gelu|tanh|sigmoid|silu --method mbe)
 * checked in pure C.
 *
 * No fused C kernel exists for the MBE operators, so the consumer runs them the way the numpy
 * definition does (fxsim.primitives.mbe and fxsim.ops.mbe, docs/algorithms.md 8.2-8.3 and
 * 8.6) on the C population engine: per bank u = min(1, RND(max(sign x - offset, 0) * m >>
 * drop)) in u_format (FXSIM_MBE_MBE_BANK<b>_*), one fx_population_run per basis on the
 * mbe_mbe_bank<b>_* tables (FXSIM_POP_*), y = the summed accumulators + mbe_mbe_bias
 * requantized (FXSIM_MBE_MBE_OUT_*), then the operator's glue (FXSIM_OP_*): sigmoid
 * (1 + tanh(x / 2)) / 2, gelu and silu x itself above the fit's domain. Checks `output`, every
 * counter and every traced word (trace_mbe_bank<b>_basis<n>_spikes).
 */
#include <stdio.h>
#include "vectors.h"
#include "golden_check.h"
#include "golden_engine.h"
#include "fx_arith.h"

#ifndef FXSIM_MBE_MBE_OUT_DROP
#error "not an MBE activation set, or no MBE kernel defines (regenerate it with format 1.3.0)"
#endif

#define N INPUT_LEN
#define T FXSIM_MBE_MBE_STEPS
#define MAX_BANKS 2
#define MAX_BASES 8

typedef struct {
    int64_t sign, offset, scale_m, scale_drop, bases;
    int64_t theta[MAX_BASES * T], reset[MAX_BASES * T], intensity[MAX_BASES * T];
} bank_t;

static bank_t banks[MAX_BANKS];
static const uint8_t *want[MAX_BANKS][MAX_BASES];
static int64_t x[N], y[N], total[N], v[N], acc[N], count[N], spikes[T * N];
static int32_t u[N];

static void load_banks(void)
{
#ifdef MBE_MBE_BANK0_THRESHOLD_LEN
    {
        static const int64_t offset = FXSIM_MBE_MBE_BANK0_OFFSET;
        bank_t *k = &banks[0];
        k->sign = FXSIM_MBE_MBE_BANK0_SIGN;
        k->offset = offset;
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
        static const int64_t offset = FXSIM_MBE_MBE_BANK1_OFFSET;
        bank_t *k = &banks[1];
        k->sign = FXSIM_MBE_MBE_BANK1_SIGN;
        k->offset = offset;
        k->scale_m = FXSIM_MBE_MBE_BANK1_SCALE_M;
        k->scale_drop = FXSIM_MBE_MBE_BANK1_SCALE_DROP;
        k->bases = MBE_MBE_BANK1_THRESHOLD_DIM0;
        WIDEN(k->theta, mbe_mbe_bank1_threshold, MBE_MBE_BANK1_THRESHOLD_LEN);
        WIDEN(k->reset, mbe_mbe_bank1_reset, MBE_MBE_BANK1_RESET_LEN);
        WIDEN(k->intensity, mbe_mbe_bank1_intensity, MBE_MBE_BANK1_INTENSITY_LEN);
    }
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
}

/* The MBE neuron on every input: total[] = the summed accumulators; each basis' spike record
 * compared with its trace; counts added to *c. 0 on success. */
static int neuron(engine_counts_t *c, int *checked)
{
    const fx_format_t u_format = FXSIM_POP_V_FORMAT;
    const int64_t one = (int64_t)1 << FXSIM_MBE_MBE_U_FRAC;
    int64_t b, n, j, uncounted = 0;
    for (j = 0; j < N; ++j)
        total[j] = 0;
    for (b = 0; b < FXSIM_MBE_MBE_BANKS; ++b) {
        const bank_t *k = &banks[b];
        const fx_requant_t scale = fx_requant_make((int32_t)k->scale_drop, &u_format);
        for (j = 0; j < N; ++j) {
            const int64_t diff = k->sign * x[j] - k->offset;
            const int64_t scaled = fx_requant((diff > 0 ? diff : 0) * k->scale_m, &scale,
                                              &uncounted);
            u[j] = (int32_t)(scaled < one ? scaled : one);
        }
        for (n = 0; n < k->bases; ++n) {
            const int64_t bias = 0;
            if (engine_run(k->theta + n * T, k->reset + n * T, k->intensity + n * T, &bias, T,
                           u, N, v, acc, count, spikes, c))
                return 1;
            for (j = 0; j < N; ++j)
                total[j] += acc[j];
            if (!want[b][n]) {
                fprintf(stderr, "MISMATCH: no trace_mbe_bank%d_basis%d_spikes\n", (int)b, (int)n);
                return 1;
            }
            for (j = 0; j < T * N; ++j)
                if (spikes[j] != want[b][n][j]) {
                    fprintf(stderr, "MISMATCH trace_mbe_bank%d_basis%d_spikes[%lld]\n", (int)b,
                            (int)n, (long long)j);
                    return 1;
                }
            ++*checked;
        }
    }
    return 0;
}

int main(void)
{
    const fx_format_t mbe_out = FXSIM_MBE_MBE_OUT_FORMAT, out = FXSIM_OP_OUT;
    const fx_requant_t to_mbe = fx_requant_make(FXSIM_MBE_MBE_OUT_DROP, &mbe_out);
    engine_counts_t c = {0, 0, 0};
    int64_t j, overflow_output = 0, glue_output = 0, uncounted = 0, total_overflow;
    const int64_t no_input_overflow = 0;    /* raw inputs are not requantized */
    int checked = 0;
    WIDEN(x, input, N);
    load_banks();
    if (neuron(&c, &checked))
        return 1;
    for (j = 0; j < N; ++j) {
        y[j] = fx_requant(total[j] + mbe_mbe_bias[0], &to_mbe, &overflow_output);
#ifdef FXSIM_OP_ONE                         /* sigmoid: the neuron saw x / 2 */
        {
            const fx_requant_t half = fx_requant_make(FXSIM_OP_OUT_DROP, &out);
            y[j] = fx_requant(y[j] + FXSIM_OP_ONE, &half, &glue_output);
        }
#endif
#ifdef FXSIM_OP_PASS_FROM
        if (x[j] >= FXSIM_OP_PASS_FROM) {
            const fx_requant_t pass = fx_requant_make(FXSIM_OP_PASS_DROP, &out);
            y[j] = fx_requant(x[j], &pass, &uncounted);
        }
#endif
    }
    (void)out;
    (void)uncounted;
    total_overflow = c.overflow_v + c.overflow_acc + overflow_output + glue_output;
    EXPECT("output", y, output, N);
    EXPECT("count_mbe_overflow_v", &c.overflow_v, count_mbe_overflow_v, 1);
    EXPECT("count_mbe_overflow_acc", &c.overflow_acc, count_mbe_overflow_acc, 1);
    EXPECT("count_mbe_overflow_output", &overflow_output, count_mbe_overflow_output, 1);
    EXPECT("count_glue_overflow_input", &no_input_overflow, count_glue_overflow_input, 1);
#ifdef COUNT_GLUE_OVERFLOW_OUTPUT_LEN
    EXPECT("count_glue_overflow_output", &glue_output, count_glue_overflow_output, 1);
#endif
    EXPECT("count_overflow", &total_overflow, count_overflow, 1);
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}
