/*
 * test_golden_fs.c -- a P2 operator set by method fs (fxsim golden OP --method fs) checked in
 * pure C: sigmoid, silu, gelu, exp, reciprocal and softmax.
 *
 * No fused C kernel exists for these operators, so the consumer runs them the way the numpy
 * definition does (fxsim.ops.fs, docs/algorithms.md 8.7) on the C population engine: inputs
 * into v_format (FXSIM_FS_IN_DROP), clamped to the part's range (FXSIM_FS_PART<k>_LO / _HI),
 * routed to the first FS set whose upper end they do not pass (FXSIM_FS_<SET>_UPPER /
 * _CLOSED), one fx_population_run per set on the set's fs_<SET>_* tables (FXSIM_POP_*), the
 * accumulator requantized into the output (FXSIM_OP_*); silu passes x through above its set's
 * interval; softmax is LAS's composition (tp = x - max + offset, the exp part, the row sum in
 * the input format, the reciprocal part, the exact product requantized once). Checks
 * `output`, every counter and every traced word (trace_<SET>_spikes, softmax trace_tp,
 * trace_exp, trace_sum, trace_reciprocal).
 *
 * The FS sets an operator may route to are listed below by name (a set's tables are named by
 * it); a set that received no input has no trace or counters in the set and runs nothing.
 */
#include <stdio.h>
#include "vectors.h"
#include "golden_check.h"
#include "golden_engine.h"
#include "fx_arith.h"

#ifndef FXSIM_FS_IN_DROP
#error "this set has no FS kernel defines (FXSIM_FS_*): regenerate it with format 1.3.0"
#endif

#define N INPUT_LEN
#define MAX_PIECES 16

typedef struct {
    const char *name;
    int part, closed, has_spikes, has_counts, ran;
    int32_t steps;
    int64_t upper, theta[ENGINE_MAX_STEPS], reset[ENGINE_MAX_STEPS];
    int64_t intensity[ENGINE_MAX_STEPS], bias;
    const uint8_t *want_spikes;
    int64_t want_v, want_acc, spikes_len;
    engine_counts_t got;
} piece_t;

static piece_t pieces[MAX_PIECES];
static int npieces;
static int64_t x[N], y[N], vbuf[N], accbuf[N], totalbuf[N], spikes[ENGINE_MAX_STEPS * N];
static int64_t in_overflow, out_overflow;
static int32_t u[N];
static int checked;        /* arrays compared (EXPECT counts them too) */
static int64_t sel[N];

#define LOAD(S, U)                                                               \
    do {                                                                         \
        piece_t *p_ = &pieces[npieces++];                                        \
        p_->name = #S;                                                           \
        p_->part = FXSIM_FS_##U##_PART;                                          \
        p_->upper = FXSIM_FS_##U##_UPPER;                                        \
        p_->closed = FXSIM_FS_##U##_CLOSED;                                      \
        p_->steps = FXSIM_FS_##U##_STEPS;                                        \
        WIDEN(p_->theta, fs_##S##_threshold, FS_##U##_THRESHOLD_LEN);           \
        WIDEN(p_->reset, fs_##S##_reset_amount, FS_##U##_RESET_AMOUNT_LEN);     \
        WIDEN(p_->intensity, fs_##S##_intensity, FS_##U##_INTENSITY_LEN);       \
        p_->bias = fs_##S##_bias[0];                                             \
    } while (0)
#define WANT_SPIKES(S)                                                           \
    (pieces[npieces - 1].has_spikes = 1,                                         \
     pieces[npieces - 1].want_spikes = trace_##S##_spikes,                       \
     pieces[npieces - 1].spikes_len = sizeof trace_##S##_spikes)
#define WANT_COUNTS(S)                                                           \
    (pieces[npieces - 1].has_counts = 1,                                         \
     pieces[npieces - 1].want_v = count_##S##_overflow_v[0],                     \
     pieces[npieces - 1].want_acc = count_##S##_overflow_acc[0])

static void load_pieces(void)
{
#ifdef FXSIM_FS_FS_SIGMOID_PART
    LOAD(fs_sigmoid, FS_SIGMOID);
#ifdef TRACE_FS_SIGMOID_SPIKES_LEN
    WANT_SPIKES(fs_sigmoid);
#endif
#ifdef COUNT_FS_SIGMOID_OVERFLOW_V_LEN
    WANT_COUNTS(fs_sigmoid);
#endif
#endif
#ifdef FXSIM_FS_FS_SWISH_PART
    LOAD(fs_swish, FS_SWISH);
#ifdef TRACE_FS_SWISH_SPIKES_LEN
    WANT_SPIKES(fs_swish);
#endif
#ifdef COUNT_FS_SWISH_OVERFLOW_V_LEN
    WANT_COUNTS(fs_swish);
#endif
#endif
#ifdef FXSIM_FS_LAS_SPIKEGELU6_1_PART
    LOAD(las_spikeGelu6_1, LAS_SPIKEGELU6_1);
#ifdef TRACE_LAS_SPIKEGELU6_1_SPIKES_LEN
    WANT_SPIKES(las_spikeGelu6_1);
#endif
#ifdef COUNT_LAS_SPIKEGELU6_1_OVERFLOW_V_LEN
    WANT_COUNTS(las_spikeGelu6_1);
#endif
#endif
#ifdef FXSIM_FS_LAS_SPIKEGELU0_30_PART
    LOAD(las_spikegelu0_30, LAS_SPIKEGELU0_30);
#ifdef TRACE_LAS_SPIKEGELU0_30_SPIKES_LEN
    WANT_SPIKES(las_spikegelu0_30);
#endif
#ifdef COUNT_LAS_SPIKEGELU0_30_OVERFLOW_V_LEN
    WANT_COUNTS(las_spikegelu0_30);
#endif
#endif
#ifdef FXSIM_FS_LAS_EXPNEG10_0_PART
    LOAD(las_EXPneg10_0, LAS_EXPNEG10_0);
#ifdef TRACE_LAS_EXPNEG10_0_SPIKES_LEN
    WANT_SPIKES(las_EXPneg10_0);
#endif
#ifdef COUNT_LAS_EXPNEG10_0_OVERFLOW_V_LEN
    WANT_COUNTS(las_EXPneg10_0);
#endif
#endif
#ifdef FXSIM_FS_LAS_EXP3_PART
    LOAD(las_EXP3, LAS_EXP3);
#ifdef TRACE_LAS_EXP3_SPIKES_LEN
    WANT_SPIKES(las_EXP3);
#endif
#ifdef COUNT_LAS_EXP3_OVERFLOW_V_LEN
    WANT_COUNTS(las_EXP3);
#endif
#endif
#ifdef FXSIM_FS_LAS_EXP3_5_PART
    LOAD(las_EXP3_5, LAS_EXP3_5);
#ifdef TRACE_LAS_EXP3_5_SPIKES_LEN
    WANT_SPIKES(las_EXP3_5);
#endif
#ifdef COUNT_LAS_EXP3_5_OVERFLOW_V_LEN
    WANT_COUNTS(las_EXP3_5);
#endif
#endif
#ifdef FXSIM_FS_LAS_INVERT02_05_PART
    LOAD(las_Invert02_05, LAS_INVERT02_05);
#ifdef TRACE_LAS_INVERT02_05_SPIKES_LEN
    WANT_SPIKES(las_Invert02_05);
#endif
#ifdef COUNT_LAS_INVERT02_05_OVERFLOW_V_LEN
    WANT_COUNTS(las_Invert02_05);
#endif
#endif
#ifdef FXSIM_FS_LAS_INVERT05_1_PART
    LOAD(las_Invert05_1, LAS_INVERT05_1);
#ifdef TRACE_LAS_INVERT05_1_SPIKES_LEN
    WANT_SPIKES(las_Invert05_1);
#endif
#ifdef COUNT_LAS_INVERT05_1_OVERFLOW_V_LEN
    WANT_COUNTS(las_Invert05_1);
#endif
#endif
#ifdef FXSIM_FS_LAS_INVERT1_4_PART
    LOAD(las_Invert1_4, LAS_INVERT1_4);
#ifdef TRACE_LAS_INVERT1_4_SPIKES_LEN
    WANT_SPIKES(las_Invert1_4);
#endif
#ifdef COUNT_LAS_INVERT1_4_OVERFLOW_V_LEN
    WANT_COUNTS(las_Invert1_4);
#endif
#endif
#ifdef FXSIM_FS_LAS_INVERT4_10_PART
    LOAD(las_Invert4_10, LAS_INVERT4_10);
#ifdef TRACE_LAS_INVERT4_10_SPIKES_LEN
    WANT_SPIKES(las_Invert4_10);
#endif
#ifdef COUNT_LAS_INVERT4_10_OVERFLOW_V_LEN
    WANT_COUNTS(las_Invert4_10);
#endif
#endif
#ifdef FXSIM_FS_LAS_INVERT10_30_PART
    LOAD(las_Invert10_30, LAS_INVERT10_30);
#ifdef TRACE_LAS_INVERT10_30_SPIKES_LEN
    WANT_SPIKES(las_Invert10_30);
#endif
#ifdef COUNT_LAS_INVERT10_30_OVERFLOW_V_LEN
    WANT_COUNTS(las_Invert10_30);
#endif
#endif
#ifdef FXSIM_FS_LAS_INVERT30_60_PART
    LOAD(las_Invert30_60, LAS_INVERT30_60);
#ifdef TRACE_LAS_INVERT30_60_SPIKES_LEN
    WANT_SPIKES(las_Invert30_60);
#endif
#ifdef COUNT_LAS_INVERT30_60_OVERFLOW_V_LEN
    WANT_COUNTS(las_Invert30_60);
#endif
#endif
}

/* The routed FS runs of part k over xin[n] (input frac); acc[n] in acc frac. Each run's spike
 * record is compared with the set's trace here. 0 on success. */
static int run_part(int k, const int64_t *xin, int64_t n, int64_t *out)
{
    const fx_format_t v_format = FXSIM_POP_V_FORMAT;
    const fx_requant_t to_v = fx_requant_make(FXSIM_FS_IN_DROP, &v_format);
#ifdef FXSIM_FS_PART1_LO
    const int64_t lo = k ? FXSIM_FS_PART1_LO : FXSIM_FS_PART0_LO;
    const int64_t hi = k ? FXSIM_FS_PART1_HI : FXSIM_FS_PART0_HI;
#else
    const int64_t lo = FXSIM_FS_PART0_LO, hi = FXSIM_FS_PART0_HI;
#endif
    static int64_t xv[N];
    static int todo[N];
    int64_t j, m;
    int i;
    for (j = 0; j < n; ++j) {
        int64_t v = FXSIM_FS_IN_DROP ? fx_requant(xin[j], &to_v, &in_overflow) : xin[j];
        xv[j] = v < lo ? lo : (v > hi ? hi : v);
        todo[j] = 1;
        out[j] = 0;
    }
    for (i = 0; i < npieces; ++i) {
        piece_t *p = &pieces[i];
        if (p->part != k)
            continue;
        for (m = 0, j = 0; j < n; ++j)
            if (todo[j] && (p->closed ? xv[j] <= p->upper : xv[j] < p->upper)) {
                todo[j] = 0;
                sel[m] = j;
                u[m++] = (int32_t)xv[j];
            }
        if (m == 0)
            continue;
        p->ran = 1;
        if (engine_run(p->theta, p->reset, p->intensity, &p->bias, p->steps, u, m, vbuf,
                       accbuf, totalbuf, spikes, &p->got))
            return 1;
        for (j = 0; j < m; ++j)
            out[sel[j]] = accbuf[j];
        if (!p->has_spikes || p->spikes_len != p->steps * m) {
            fprintf(stderr, "MISMATCH %s: the set's spike trace does not cover %lld inputs\n",
                    p->name, (long long)m);
            return 1;
        }
        for (j = 0; j < p->steps * m; ++j)
            if (spikes[j] != p->want_spikes[j]) {
                fprintf(stderr, "MISMATCH trace_%s_spikes[%lld]: expected %d, got %lld\n",
                        p->name, (long long)j, p->want_spikes[j], (long long)spikes[j]);
                return 1;
            }
        ++checked;
    }
    return 0;
}

/* Every routed set's counters: present in the set exactly when it ran, equal when present. */
static int check_pieces(int64_t *total_overflow)
{
    int i;
    for (i = 0; i < npieces; ++i) {
        const piece_t *p = &pieces[i];
        if (p->ran != p->has_counts || p->ran != p->has_spikes
            || (p->ran && (p->got.overflow_v != p->want_v || p->got.overflow_acc != p->want_acc))) {
            fprintf(stderr, "MISMATCH count_%s_overflow_v / _acc or its presence\n", p->name);
            return 1;
        }
        *total_overflow += p->got.overflow_v + p->got.overflow_acc;
        checked += 2 * p->ran;
    }
    return 0;
}

int main(void)
{
    const fx_format_t out_format = FXSIM_OP_OUT;
    const fx_requant_t to_out = fx_requant_make(FXSIM_OP_OUT_DROP, &out_format);
    int64_t j, total_overflow = 0, uncounted = 0;
    WIDEN(x, input, N);
    load_pieces();
#ifdef FXSIM_OP_OFFSET_RAW
    {   /* softmax over rows of d */
        const fx_format_t sum_format = FXSIM_OP_SUM_FORMAT;
        const fx_requant_t to_sum = fx_requant_make(FXSIM_OP_SUM_DROP, &sum_format);
        static int64_t tp[N], e[N], total[INPUT_DIM0], inv[INPUT_DIM0];
        int64_t r, d = INPUT_DIM1;
        for (r = 0; r < INPUT_DIM0; ++r) {
            int64_t top = x[r * d];
            for (j = 1; j < d; ++j)
                top = x[r * d + j] > top ? x[r * d + j] : top;
            for (j = 0; j < d; ++j)
                tp[r * d + j] = x[r * d + j] - top + FXSIM_OP_OFFSET_RAW;
        }
        if (run_part(0, tp, N, e))
            return 1;
        for (r = 0; r < INPUT_DIM0; ++r) {
            int64_t s = 0;
            for (j = 0; j < d; ++j) {
                e[r * d + j] = tp[r * d + j] > FXSIM_OP_CUTOFF_RAW ? e[r * d + j] : 0;
                s += e[r * d + j];
            }
            total[r] = fx_requant(s, &to_sum, &uncounted);
        }
        if (run_part(1, total, INPUT_DIM0, inv))
            return 1;
        for (j = 0; j < N; ++j)
            y[j] = fx_requant(e[j] * inv[j / d], &to_out, &out_overflow);
        EXPECT("trace_tp", tp, trace_tp, N);
        EXPECT("trace_exp", e, trace_exp, N);
        EXPECT("trace_sum", total, trace_sum, INPUT_DIM0);
        EXPECT("trace_reciprocal", inv, trace_reciprocal, INPUT_DIM0);
        EXPECT("count_glue_overflow_output", &out_overflow, count_glue_overflow_output, 1);
    }
#else
    static int64_t acc[N];
    if (run_part(0, x, N, acc))
        return 1;
    for (j = 0; j < N; ++j) {
        const fx_format_t pass_format = FXSIM_OP_OUT;
        y[j] = fx_requant(acc[j], &to_out, &uncounted);
#ifdef FXSIM_OP_PASS_ABOVE
        if (x[j] > FXSIM_OP_PASS_ABOVE) {
            const fx_requant_t pass = fx_requant_make(FXSIM_OP_PASS_DROP, &pass_format);
            y[j] = fx_requant(x[j], &pass, &uncounted);
        }
#endif
        (void)pass_format;
    }
#endif
    if (check_pieces(&total_overflow))
        return 1;
    total_overflow += in_overflow + out_overflow;
    EXPECT("output", y, output, N);
    EXPECT("count_glue_overflow_input", &in_overflow, count_glue_overflow_input, 1);
    EXPECT("count_overflow", &total_overflow, count_overflow, 1);
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}
