/*
 * test_golden_population.c -- the C consumer of the golden population sets.
 *
 * Compiled once per golden population set with that set's directory on the include path, it
 * builds fx_population_t from the FXSIM_POP_* defines of vectors.h (golden_population.h), runs
 * fx_population_run on the set's input and schedules, and checks every output and traced word. Exit status 0 when
 * every word matches, 1 (with the first mismatch on stderr) otherwise.
 */
#include <stdio.h>
#include <string.h>
#include "fx_population.h"
#include "golden_check.h"
#include "vectors.h"
#include "golden_population.h"

#define N FXSIM_POP_N
#define T FXSIM_POP_STEPS

/* a strided view of a [dim0][dim1] table: size-1 axes get stride 0 */
static fx_schedule_t schedule(const int64_t *data, int64_t dim0, int64_t dim1)
{
    fx_schedule_t s;
    s.data = data;
    s.t_stride = dim0 > 1 ? dim1 : 0;
    s.n_stride = dim1 > 1 ? 1 : 0;
    return s;
}

int main(void)
{
    static int64_t theta64[THRESHOLD_LEN], reset64[RESET_AMOUNT_LEN], intensity64[INTENSITY_LEN];
    static int64_t bias64[BIAS_LEN], out_v[N], out_i[N], out_acc[N], total[N], ovf[FX_NVARS * T];
    static int64_t rec_v[T * N], rec_i[T * N], rec_s[T * N], rec_acc[T * N];
    const int32_t *in = NULL;
    fx_population_t p = population_from_defines(N, T);
    fx_record_t rec;
    int checked = 0;
#ifdef INPUT_LEN
    static int32_t input32[INPUT_LEN];
    WIDEN(input32, input, INPUT_LEN);
    in = input32;
#endif
    WIDEN(theta64, threshold, THRESHOLD_LEN);
    WIDEN(reset64, reset_amount, RESET_AMOUNT_LEN);
    WIDEN(intensity64, intensity, INTENSITY_LEN);
    WIDEN(bias64, bias, BIAS_LEN);
    p.threshold = schedule(theta64, THRESHOLD_DIM0, THRESHOLD_DIM1);
    p.reset_amount = schedule(reset64, RESET_AMOUNT_DIM0, RESET_AMOUNT_DIM1);
    p.intensity = schedule(intensity64, INTENSITY_DIM0, INTENSITY_DIM1);
    p.bias = schedule(bias64, 1, BIAS_DIM1);
    rec.v = rec_v;
    rec.i = p.cuba ? rec_i : NULL;
    rec.spikes = rec_s;
    rec.acc = rec_acc;
    if (fx_population_run(&p, in, out_v, out_i, out_acc, total, ovf, &rec, 1) != FX_OK) {
        fprintf(stderr, "fx_population_run refused the configuration\n");
        return 1;
    }
    EXPECT("v", out_v, v, N);
    EXPECT("acc", out_acc, acc, N);
    EXPECT("spike_count", total, spike_count, N);
    EXPECT("overflow_v", ovf + FX_VAR_V * T, overflow_v, T);
    EXPECT("overflow_acc", ovf + FX_VAR_ACC * T, overflow_acc, T);
#ifdef I_LEN
    EXPECT("i", out_i, i, N);
    EXPECT("overflow_i", ovf + FX_VAR_I * T, overflow_i, T);
#endif
#ifdef TRACE_V_LEN
    EXPECT("trace_v", rec_v, trace_v, TRACE_V_LEN);
    EXPECT("trace_spikes", rec_s, trace_spikes, TRACE_SPIKES_LEN);
    EXPECT("trace_acc", rec_acc, trace_acc, TRACE_ACC_LEN);
#endif
#ifdef TRACE_I_LEN
    EXPECT("trace_i", rec_i, trace_i, TRACE_I_LEN);
#endif
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}
