/*
 * test_golden_mbe.c -- an MBE operator set (fxsim golden OP --method mbe) checked in pure C:
 * the activations gelu, tanh, sigmoid, silu, the range-reduced exp, reciprocal, rsqrt, and
 * softmax, rmsnorm, layernorm with the spike multiply.
 *
 * No fused C kernel exists for the MBE operators, so the consumer runs them the way the numpy
 * definition does (fxsim.primitives.mbe, .range_reduction, .spike_multiply and fxsim.ops.mbe;
 * docs/algorithms.md 8.2-8.6) on the C population engine. An MBE neuron (role R = mbe, exp,
 * reciprocal, rsqrt or multiply, the spike multiply's identity encoder): per bank u = min(1,
 * rq_U(max(sign x - offset, 0) * m, drop)) (FXSIM_MBE_R_BANK<b>_*), one fx_population_run per
 * basis on the mbe_R_bank<b>_* tables (FXSIM_POP_*), y = the summed accumulators + mbe_R_bias
 * requantized (FXSIM_MBE_R_OUT_*). Around it (FXSIM_OP_*): the activations' glue; exp's
 * z = x log2(e) and the shift by floor(z); reciprocal's and rsqrt's leading-one mantissa and
 * the shift back; the spike multiply's polarity split, encodings and exact product; softmax
 * and the norms' row glue. Checks `output`, every counter and every traced word (the table
 * multiply_D, D = a a^T, is not read: the product is formed in the separable form it equals).
 */
#include <stdio.h>
#include "vectors.h"
#include "golden_check.h"
#include "golden_engine.h"
#include "fx_arith.h"

#if !defined(FXSIM_OP_OUT) && !defined(FXSIM_OP_MUL_OUT)
#error "no MBE consumer defines (FXSIM_OP_*): format 1.3.0, the fit encoder, no Newton steps"
#endif

#define N INPUT_LEN
#define MAX_STEPS 32
#define MAX_BANKS 2
#define MAX_BASES 8

typedef struct {
    int64_t sign, offset, scale_m, scale_drop, bases;
    int64_t theta[MAX_BASES * MAX_STEPS], reset[MAX_BASES * MAX_STEPS];
    int64_t intensity[MAX_BASES * MAX_STEPS];
} bank_t;

/* One MBE neuron: its banks, readout and (traced sets) the expected spikes of every basis. */
typedef struct {
    int present, steps, nbanks, u_frac;
    fx_requant_t readout;
    int64_t bias;
    bank_t banks[MAX_BANKS];
    const char *prefix;                       /* trace_<prefix>_bank<b>_basis<n>_spikes */
    const uint8_t *want[MAX_BANKS][MAX_BASES];
    engine_counts_t counts;                   /* the engine's events, summed */
    int64_t overflow_output;                  /* the readout's (and a range reduction's) */
} role_t;

static role_t role_mbe, role_exp, role_reciprocal, role_rsqrt, role_multiply;
static int checked;         /* arrays compared (EXPECT counts them too) */
static int64_t x[N], y[N];
static int64_t total[N], v[N], acc[N], count[N], spikes[MAX_STEPS * N];
static int32_t u[N];

#if defined(FXSIM_MBE_EXP_OUT_DROP) && !defined(FXSIM_OP_EXP_OUT)
#define SCALAR_ROLE role_exp
#elif defined(FXSIM_MBE_RECIPROCAL_OUT_DROP) && !defined(FXSIM_OP_RECIP_OUT)
#define SCALAR_ROLE role_reciprocal
#else
#define SCALAR_ROLE role_rsqrt
#endif

static void load_roles(void)
{
#ifdef FXSIM_MBE_MBE_OUT_DROP
    {
        const fx_format_t out = FXSIM_MBE_MBE_OUT_FORMAT;
        role_t *q = &role_mbe;
        q->present = 1;
        q->steps = FXSIM_MBE_MBE_STEPS;
        q->nbanks = FXSIM_MBE_MBE_BANKS;
        q->u_frac = FXSIM_MBE_MBE_U_FRAC;
        q->readout = fx_requant_make(FXSIM_MBE_MBE_OUT_DROP, &out);
        q->bias = mbe_mbe_bias[0];
#ifdef MBE_MBE_BANK0_THRESHOLD_LEN
        q->banks[0].sign = FXSIM_MBE_MBE_BANK0_SIGN;
        q->banks[0].offset = FXSIM_MBE_MBE_BANK0_OFFSET;
        q->banks[0].scale_m = FXSIM_MBE_MBE_BANK0_SCALE_M;
        q->banks[0].scale_drop = FXSIM_MBE_MBE_BANK0_SCALE_DROP;
        q->banks[0].bases = MBE_MBE_BANK0_THRESHOLD_DIM0;
        WIDEN(q->banks[0].theta, mbe_mbe_bank0_threshold, MBE_MBE_BANK0_THRESHOLD_LEN);
        WIDEN(q->banks[0].reset, mbe_mbe_bank0_reset, MBE_MBE_BANK0_RESET_LEN);
        WIDEN(q->banks[0].intensity, mbe_mbe_bank0_intensity, MBE_MBE_BANK0_INTENSITY_LEN);
#endif
#ifdef MBE_MBE_BANK1_THRESHOLD_LEN
        q->banks[1].sign = FXSIM_MBE_MBE_BANK1_SIGN;
        q->banks[1].offset = FXSIM_MBE_MBE_BANK1_OFFSET;
        q->banks[1].scale_m = FXSIM_MBE_MBE_BANK1_SCALE_M;
        q->banks[1].scale_drop = FXSIM_MBE_MBE_BANK1_SCALE_DROP;
        q->banks[1].bases = MBE_MBE_BANK1_THRESHOLD_DIM0;
        WIDEN(q->banks[1].theta, mbe_mbe_bank1_threshold, MBE_MBE_BANK1_THRESHOLD_LEN);
        WIDEN(q->banks[1].reset, mbe_mbe_bank1_reset, MBE_MBE_BANK1_RESET_LEN);
        WIDEN(q->banks[1].intensity, mbe_mbe_bank1_intensity, MBE_MBE_BANK1_INTENSITY_LEN);
#endif
    }
#endif
#ifdef FXSIM_MBE_EXP_OUT_DROP
    {
        const fx_format_t out = FXSIM_MBE_EXP_OUT_FORMAT;
        role_t *q = &role_exp;
        q->present = 1;
        q->steps = FXSIM_MBE_EXP_STEPS;
        q->nbanks = FXSIM_MBE_EXP_BANKS;
        q->u_frac = FXSIM_MBE_EXP_U_FRAC;
        q->readout = fx_requant_make(FXSIM_MBE_EXP_OUT_DROP, &out);
        q->bias = mbe_exp_bias[0];
#ifdef MBE_EXP_BANK0_THRESHOLD_LEN
        q->banks[0].sign = FXSIM_MBE_EXP_BANK0_SIGN;
        q->banks[0].offset = FXSIM_MBE_EXP_BANK0_OFFSET;
        q->banks[0].scale_m = FXSIM_MBE_EXP_BANK0_SCALE_M;
        q->banks[0].scale_drop = FXSIM_MBE_EXP_BANK0_SCALE_DROP;
        q->banks[0].bases = MBE_EXP_BANK0_THRESHOLD_DIM0;
        WIDEN(q->banks[0].theta, mbe_exp_bank0_threshold, MBE_EXP_BANK0_THRESHOLD_LEN);
        WIDEN(q->banks[0].reset, mbe_exp_bank0_reset, MBE_EXP_BANK0_RESET_LEN);
        WIDEN(q->banks[0].intensity, mbe_exp_bank0_intensity, MBE_EXP_BANK0_INTENSITY_LEN);
#endif
#ifdef MBE_EXP_BANK1_THRESHOLD_LEN
        q->banks[1].sign = FXSIM_MBE_EXP_BANK1_SIGN;
        q->banks[1].offset = FXSIM_MBE_EXP_BANK1_OFFSET;
        q->banks[1].scale_m = FXSIM_MBE_EXP_BANK1_SCALE_M;
        q->banks[1].scale_drop = FXSIM_MBE_EXP_BANK1_SCALE_DROP;
        q->banks[1].bases = MBE_EXP_BANK1_THRESHOLD_DIM0;
        WIDEN(q->banks[1].theta, mbe_exp_bank1_threshold, MBE_EXP_BANK1_THRESHOLD_LEN);
        WIDEN(q->banks[1].reset, mbe_exp_bank1_reset, MBE_EXP_BANK1_RESET_LEN);
        WIDEN(q->banks[1].intensity, mbe_exp_bank1_intensity, MBE_EXP_BANK1_INTENSITY_LEN);
#endif
    }
#endif
#ifdef FXSIM_MBE_RECIPROCAL_OUT_DROP
    {
        const fx_format_t out = FXSIM_MBE_RECIPROCAL_OUT_FORMAT;
        role_t *q = &role_reciprocal;
        q->present = 1;
        q->steps = FXSIM_MBE_RECIPROCAL_STEPS;
        q->nbanks = FXSIM_MBE_RECIPROCAL_BANKS;
        q->u_frac = FXSIM_MBE_RECIPROCAL_U_FRAC;
        q->readout = fx_requant_make(FXSIM_MBE_RECIPROCAL_OUT_DROP, &out);
        q->bias = mbe_reciprocal_bias[0];
#ifdef MBE_RECIPROCAL_BANK0_THRESHOLD_LEN
        q->banks[0].sign = FXSIM_MBE_RECIPROCAL_BANK0_SIGN;
        q->banks[0].offset = FXSIM_MBE_RECIPROCAL_BANK0_OFFSET;
        q->banks[0].scale_m = FXSIM_MBE_RECIPROCAL_BANK0_SCALE_M;
        q->banks[0].scale_drop = FXSIM_MBE_RECIPROCAL_BANK0_SCALE_DROP;
        q->banks[0].bases = MBE_RECIPROCAL_BANK0_THRESHOLD_DIM0;
        WIDEN(q->banks[0].theta, mbe_reciprocal_bank0_threshold, MBE_RECIPROCAL_BANK0_THRESHOLD_LEN);
        WIDEN(q->banks[0].reset, mbe_reciprocal_bank0_reset, MBE_RECIPROCAL_BANK0_RESET_LEN);
        WIDEN(q->banks[0].intensity, mbe_reciprocal_bank0_intensity, MBE_RECIPROCAL_BANK0_INTENSITY_LEN);
#endif
#ifdef MBE_RECIPROCAL_BANK1_THRESHOLD_LEN
        q->banks[1].sign = FXSIM_MBE_RECIPROCAL_BANK1_SIGN;
        q->banks[1].offset = FXSIM_MBE_RECIPROCAL_BANK1_OFFSET;
        q->banks[1].scale_m = FXSIM_MBE_RECIPROCAL_BANK1_SCALE_M;
        q->banks[1].scale_drop = FXSIM_MBE_RECIPROCAL_BANK1_SCALE_DROP;
        q->banks[1].bases = MBE_RECIPROCAL_BANK1_THRESHOLD_DIM0;
        WIDEN(q->banks[1].theta, mbe_reciprocal_bank1_threshold, MBE_RECIPROCAL_BANK1_THRESHOLD_LEN);
        WIDEN(q->banks[1].reset, mbe_reciprocal_bank1_reset, MBE_RECIPROCAL_BANK1_RESET_LEN);
        WIDEN(q->banks[1].intensity, mbe_reciprocal_bank1_intensity, MBE_RECIPROCAL_BANK1_INTENSITY_LEN);
#endif
    }
#endif
#ifdef FXSIM_MBE_RSQRT_OUT_DROP
    {
        const fx_format_t out = FXSIM_MBE_RSQRT_OUT_FORMAT;
        role_t *q = &role_rsqrt;
        q->present = 1;
        q->steps = FXSIM_MBE_RSQRT_STEPS;
        q->nbanks = FXSIM_MBE_RSQRT_BANKS;
        q->u_frac = FXSIM_MBE_RSQRT_U_FRAC;
        q->readout = fx_requant_make(FXSIM_MBE_RSQRT_OUT_DROP, &out);
        q->bias = mbe_rsqrt_bias[0];
#ifdef MBE_RSQRT_BANK0_THRESHOLD_LEN
        q->banks[0].sign = FXSIM_MBE_RSQRT_BANK0_SIGN;
        q->banks[0].offset = FXSIM_MBE_RSQRT_BANK0_OFFSET;
        q->banks[0].scale_m = FXSIM_MBE_RSQRT_BANK0_SCALE_M;
        q->banks[0].scale_drop = FXSIM_MBE_RSQRT_BANK0_SCALE_DROP;
        q->banks[0].bases = MBE_RSQRT_BANK0_THRESHOLD_DIM0;
        WIDEN(q->banks[0].theta, mbe_rsqrt_bank0_threshold, MBE_RSQRT_BANK0_THRESHOLD_LEN);
        WIDEN(q->banks[0].reset, mbe_rsqrt_bank0_reset, MBE_RSQRT_BANK0_RESET_LEN);
        WIDEN(q->banks[0].intensity, mbe_rsqrt_bank0_intensity, MBE_RSQRT_BANK0_INTENSITY_LEN);
#endif
#ifdef MBE_RSQRT_BANK1_THRESHOLD_LEN
        q->banks[1].sign = FXSIM_MBE_RSQRT_BANK1_SIGN;
        q->banks[1].offset = FXSIM_MBE_RSQRT_BANK1_OFFSET;
        q->banks[1].scale_m = FXSIM_MBE_RSQRT_BANK1_SCALE_M;
        q->banks[1].scale_drop = FXSIM_MBE_RSQRT_BANK1_SCALE_DROP;
        q->banks[1].bases = MBE_RSQRT_BANK1_THRESHOLD_DIM0;
        WIDEN(q->banks[1].theta, mbe_rsqrt_bank1_threshold, MBE_RSQRT_BANK1_THRESHOLD_LEN);
        WIDEN(q->banks[1].reset, mbe_rsqrt_bank1_reset, MBE_RSQRT_BANK1_RESET_LEN);
        WIDEN(q->banks[1].intensity, mbe_rsqrt_bank1_intensity, MBE_RSQRT_BANK1_INTENSITY_LEN);
#endif
    }
#endif
#ifdef FXSIM_MBE_MULTIPLY_OUT_DROP
    {
        const fx_format_t out = FXSIM_MBE_MULTIPLY_OUT_FORMAT;
        role_t *q = &role_multiply;
        q->present = 1;
        q->steps = FXSIM_MBE_MULTIPLY_STEPS;
        q->nbanks = FXSIM_MBE_MULTIPLY_BANKS;
        q->u_frac = FXSIM_MBE_MULTIPLY_U_FRAC;
        q->readout = fx_requant_make(FXSIM_MBE_MULTIPLY_OUT_DROP, &out);
        q->bias = mbe_multiply_bias[0];
#ifdef MBE_MULTIPLY_BANK0_THRESHOLD_LEN
        q->banks[0].sign = FXSIM_MBE_MULTIPLY_BANK0_SIGN;
        q->banks[0].offset = FXSIM_MBE_MULTIPLY_BANK0_OFFSET;
        q->banks[0].scale_m = FXSIM_MBE_MULTIPLY_BANK0_SCALE_M;
        q->banks[0].scale_drop = FXSIM_MBE_MULTIPLY_BANK0_SCALE_DROP;
        q->banks[0].bases = MBE_MULTIPLY_BANK0_THRESHOLD_DIM0;
        WIDEN(q->banks[0].theta, mbe_multiply_bank0_threshold, MBE_MULTIPLY_BANK0_THRESHOLD_LEN);
        WIDEN(q->banks[0].reset, mbe_multiply_bank0_reset, MBE_MULTIPLY_BANK0_RESET_LEN);
        WIDEN(q->banks[0].intensity, mbe_multiply_bank0_intensity, MBE_MULTIPLY_BANK0_INTENSITY_LEN);
#endif
#ifdef MBE_MULTIPLY_BANK1_THRESHOLD_LEN
        q->banks[1].sign = FXSIM_MBE_MULTIPLY_BANK1_SIGN;
        q->banks[1].offset = FXSIM_MBE_MULTIPLY_BANK1_OFFSET;
        q->banks[1].scale_m = FXSIM_MBE_MULTIPLY_BANK1_SCALE_M;
        q->banks[1].scale_drop = FXSIM_MBE_MULTIPLY_BANK1_SCALE_DROP;
        q->banks[1].bases = MBE_MULTIPLY_BANK1_THRESHOLD_DIM0;
        WIDEN(q->banks[1].theta, mbe_multiply_bank1_threshold, MBE_MULTIPLY_BANK1_THRESHOLD_LEN);
        WIDEN(q->banks[1].reset, mbe_multiply_bank1_reset, MBE_MULTIPLY_BANK1_RESET_LEN);
        WIDEN(q->banks[1].intensity, mbe_multiply_bank1_intensity, MBE_MULTIPLY_BANK1_INTENSITY_LEN);
#endif
    }
#endif
#ifdef TRACE_MBE_BANK0_BASIS0_SPIKES_LEN
    role_mbe.want[0][0] = trace_mbe_bank0_basis0_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK0_BASIS1_SPIKES_LEN
    role_mbe.want[0][1] = trace_mbe_bank0_basis1_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK0_BASIS2_SPIKES_LEN
    role_mbe.want[0][2] = trace_mbe_bank0_basis2_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK0_BASIS3_SPIKES_LEN
    role_mbe.want[0][3] = trace_mbe_bank0_basis3_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK0_BASIS4_SPIKES_LEN
    role_mbe.want[0][4] = trace_mbe_bank0_basis4_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK0_BASIS5_SPIKES_LEN
    role_mbe.want[0][5] = trace_mbe_bank0_basis5_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK0_BASIS6_SPIKES_LEN
    role_mbe.want[0][6] = trace_mbe_bank0_basis6_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK0_BASIS7_SPIKES_LEN
    role_mbe.want[0][7] = trace_mbe_bank0_basis7_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK1_BASIS0_SPIKES_LEN
    role_mbe.want[1][0] = trace_mbe_bank1_basis0_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK1_BASIS1_SPIKES_LEN
    role_mbe.want[1][1] = trace_mbe_bank1_basis1_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK1_BASIS2_SPIKES_LEN
    role_mbe.want[1][2] = trace_mbe_bank1_basis2_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK1_BASIS3_SPIKES_LEN
    role_mbe.want[1][3] = trace_mbe_bank1_basis3_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK1_BASIS4_SPIKES_LEN
    role_mbe.want[1][4] = trace_mbe_bank1_basis4_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK1_BASIS5_SPIKES_LEN
    role_mbe.want[1][5] = trace_mbe_bank1_basis5_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK1_BASIS6_SPIKES_LEN
    role_mbe.want[1][6] = trace_mbe_bank1_basis6_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_MBE_BANK1_BASIS7_SPIKES_LEN
    role_mbe.want[1][7] = trace_mbe_bank1_basis7_spikes;
    role_mbe.prefix = "mbe";
#endif
#ifdef TRACE_RANGE_BANK0_BASIS0_SPIKES_LEN
    SCALAR_ROLE.want[0][0] = trace_range_bank0_basis0_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK0_BASIS1_SPIKES_LEN
    SCALAR_ROLE.want[0][1] = trace_range_bank0_basis1_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK0_BASIS2_SPIKES_LEN
    SCALAR_ROLE.want[0][2] = trace_range_bank0_basis2_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK0_BASIS3_SPIKES_LEN
    SCALAR_ROLE.want[0][3] = trace_range_bank0_basis3_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK0_BASIS4_SPIKES_LEN
    SCALAR_ROLE.want[0][4] = trace_range_bank0_basis4_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK0_BASIS5_SPIKES_LEN
    SCALAR_ROLE.want[0][5] = trace_range_bank0_basis5_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK0_BASIS6_SPIKES_LEN
    SCALAR_ROLE.want[0][6] = trace_range_bank0_basis6_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK0_BASIS7_SPIKES_LEN
    SCALAR_ROLE.want[0][7] = trace_range_bank0_basis7_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK1_BASIS0_SPIKES_LEN
    SCALAR_ROLE.want[1][0] = trace_range_bank1_basis0_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK1_BASIS1_SPIKES_LEN
    SCALAR_ROLE.want[1][1] = trace_range_bank1_basis1_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK1_BASIS2_SPIKES_LEN
    SCALAR_ROLE.want[1][2] = trace_range_bank1_basis2_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK1_BASIS3_SPIKES_LEN
    SCALAR_ROLE.want[1][3] = trace_range_bank1_basis3_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK1_BASIS4_SPIKES_LEN
    SCALAR_ROLE.want[1][4] = trace_range_bank1_basis4_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK1_BASIS5_SPIKES_LEN
    SCALAR_ROLE.want[1][5] = trace_range_bank1_basis5_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK1_BASIS6_SPIKES_LEN
    SCALAR_ROLE.want[1][6] = trace_range_bank1_basis6_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_RANGE_BANK1_BASIS7_SPIKES_LEN
    SCALAR_ROLE.want[1][7] = trace_range_bank1_basis7_spikes;
    SCALAR_ROLE.prefix = "range";
#endif
#ifdef TRACE_EXP_BANK0_BASIS0_SPIKES_LEN
    role_exp.want[0][0] = trace_exp_bank0_basis0_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK0_BASIS1_SPIKES_LEN
    role_exp.want[0][1] = trace_exp_bank0_basis1_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK0_BASIS2_SPIKES_LEN
    role_exp.want[0][2] = trace_exp_bank0_basis2_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK0_BASIS3_SPIKES_LEN
    role_exp.want[0][3] = trace_exp_bank0_basis3_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK0_BASIS4_SPIKES_LEN
    role_exp.want[0][4] = trace_exp_bank0_basis4_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK0_BASIS5_SPIKES_LEN
    role_exp.want[0][5] = trace_exp_bank0_basis5_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK0_BASIS6_SPIKES_LEN
    role_exp.want[0][6] = trace_exp_bank0_basis6_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK0_BASIS7_SPIKES_LEN
    role_exp.want[0][7] = trace_exp_bank0_basis7_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK1_BASIS0_SPIKES_LEN
    role_exp.want[1][0] = trace_exp_bank1_basis0_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK1_BASIS1_SPIKES_LEN
    role_exp.want[1][1] = trace_exp_bank1_basis1_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK1_BASIS2_SPIKES_LEN
    role_exp.want[1][2] = trace_exp_bank1_basis2_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK1_BASIS3_SPIKES_LEN
    role_exp.want[1][3] = trace_exp_bank1_basis3_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK1_BASIS4_SPIKES_LEN
    role_exp.want[1][4] = trace_exp_bank1_basis4_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK1_BASIS5_SPIKES_LEN
    role_exp.want[1][5] = trace_exp_bank1_basis5_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK1_BASIS6_SPIKES_LEN
    role_exp.want[1][6] = trace_exp_bank1_basis6_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_EXP_BANK1_BASIS7_SPIKES_LEN
    role_exp.want[1][7] = trace_exp_bank1_basis7_spikes;
    role_exp.prefix = "exp";
#endif
#ifdef TRACE_RECIPROCAL_BANK0_BASIS0_SPIKES_LEN
    role_reciprocal.want[0][0] = trace_reciprocal_bank0_basis0_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK0_BASIS1_SPIKES_LEN
    role_reciprocal.want[0][1] = trace_reciprocal_bank0_basis1_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK0_BASIS2_SPIKES_LEN
    role_reciprocal.want[0][2] = trace_reciprocal_bank0_basis2_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK0_BASIS3_SPIKES_LEN
    role_reciprocal.want[0][3] = trace_reciprocal_bank0_basis3_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK0_BASIS4_SPIKES_LEN
    role_reciprocal.want[0][4] = trace_reciprocal_bank0_basis4_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK0_BASIS5_SPIKES_LEN
    role_reciprocal.want[0][5] = trace_reciprocal_bank0_basis5_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK0_BASIS6_SPIKES_LEN
    role_reciprocal.want[0][6] = trace_reciprocal_bank0_basis6_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK0_BASIS7_SPIKES_LEN
    role_reciprocal.want[0][7] = trace_reciprocal_bank0_basis7_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK1_BASIS0_SPIKES_LEN
    role_reciprocal.want[1][0] = trace_reciprocal_bank1_basis0_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK1_BASIS1_SPIKES_LEN
    role_reciprocal.want[1][1] = trace_reciprocal_bank1_basis1_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK1_BASIS2_SPIKES_LEN
    role_reciprocal.want[1][2] = trace_reciprocal_bank1_basis2_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK1_BASIS3_SPIKES_LEN
    role_reciprocal.want[1][3] = trace_reciprocal_bank1_basis3_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK1_BASIS4_SPIKES_LEN
    role_reciprocal.want[1][4] = trace_reciprocal_bank1_basis4_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK1_BASIS5_SPIKES_LEN
    role_reciprocal.want[1][5] = trace_reciprocal_bank1_basis5_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK1_BASIS6_SPIKES_LEN
    role_reciprocal.want[1][6] = trace_reciprocal_bank1_basis6_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
#ifdef TRACE_RECIPROCAL_BANK1_BASIS7_SPIKES_LEN
    role_reciprocal.want[1][7] = trace_reciprocal_bank1_basis7_spikes;
    role_reciprocal.prefix = "reciprocal";
#endif
}

/* The neuron ``q`` on in[n]: out[n] its raw output; traced spikes compared. 0 on success. */
static int neuron(role_t *q, const int64_t *in, int64_t n, int64_t *out)
{
    const fx_format_t u_format = FXSIM_POP_V_FORMAT;
    const int64_t one = (int64_t)1 << q->u_frac, no_bias = 0;
    int64_t b, k, j, uncounted = 0;
    for (j = 0; j < n; ++j)
        total[j] = 0;
    for (b = 0; b < q->nbanks; ++b) {
        const bank_t *bank = &q->banks[b];
        const fx_requant_t scale = fx_requant_make((int32_t)bank->scale_drop, &u_format);
        for (j = 0; j < n; ++j) {
            const int64_t diff = bank->sign * in[j] - bank->offset;
            const int64_t scaled = fx_requant((diff > 0 ? diff : 0) * bank->scale_m, &scale,
                                              &uncounted);
            u[j] = (int32_t)(scaled < one ? scaled : one);
        }
        for (k = 0; k < bank->bases; ++k) {
            if (engine_run(bank->theta + k * q->steps, bank->reset + k * q->steps,
                           bank->intensity + k * q->steps, &no_bias, q->steps, u, n, v, acc,
                           count, spikes, &q->counts))
                return 1;
            for (j = 0; j < n; ++j)
                total[j] += acc[j];
            if (!q->prefix)                   /* not traced */
                continue;
            if (!q->want[b][k]) {
                fprintf(stderr, "MISMATCH: no trace_%s_bank%d_basis%d_spikes\n", q->prefix,
                        (int)b, (int)k);
                return 1;
            }
            for (j = 0; j < q->steps * n; ++j)
                if (spikes[j] != q->want[b][k][j]) {
                    fprintf(stderr, "MISMATCH trace_%s_bank%d_basis%d_spikes[%lld]\n",
                            q->prefix, (int)b, (int)k, (long long)j);
                    return 1;
                }
            ++checked;
        }
    }
    for (j = 0; j < n; ++j)
        out[j] = fx_requant(total[j] + q->bias, &q->readout, &q->overflow_output);
    return 0;
}

#ifndef FXSIM_MBE_MBE_OUT_DROP               /* every operator but the activations */
/* A range reduction's constants (docs/algorithms.md 8.4; FXSIM_OP[_EXP|_RECIP|_INV]_*). */
typedef struct {
    int exp, rsqrt;
    int64_t log2e_m, z_frac, x_frac, mantissa_frac, shift_base;
    fx_requant_t to_z;
    fx_format_t out;
} range_t;

#define EXP_RANGE(P) { 1, 0, P##_LOG2E_M, P##_Z_FRAC, 0, 0, P##_SHIFT_BASE, \
                       fx_requant_make(P##_Z_DROP, &z_format), out }
#define INV_RANGE(P) { 0, P##_RSQRT, 0, 0, P##_X_FRAC, P##_MANTISSA_FRAC, P##_SHIFT_BASE, \
                       fx_requant_make(0, &out), out }

/* value * 2^shift into r's output (range_reduction._finish): a shift of 31 or more keeps only
 * y's parity and magnitude class (|y| >= 2 becomes sign(y) (2 + |y| mod 2), shift <= 33), a
 * right shift rounds with the output's rounding; then the output's overflow. */
static int64_t finish(const range_t *r, int64_t value, int64_t shift, int64_t *overflow)
{
    const fx_requant_t fit = fx_requant_make(0, &r->out);
    const int64_t mag = value < 0 ? -value : value;
    if (shift >= 31) {
        if (mag >= 2)
            value = (value < 0 ? -1 : 1) * (2 + (mag & 1));
        shift = shift < 33 ? shift : 33;
    }
    value = shift >= 0 ? value * ((int64_t)1 << shift)
                       : fx_shift_right(value, (int32_t)-shift, r->out.rounding);
    return fx_requant(value, &fit, overflow);
}

/* The range-reduced function of r on in[n] through neuron q: out[n]; exp's z, k, r (into
 * t1, t2, t3) or the mantissa m and exponent e (into t1, t2); *overflow_z: exp's z events. */
/* half == NULL: the range-reduced function into r's output. Otherwise (rsqrt) out is the MBE
 * mantissa in the neuron's output format and half[j] = e / 2 (1/sqrt = out 2^-half). */
static int range_run(const range_t *r, role_t *q, const int64_t *in, int64_t n, int64_t *out,
                     int64_t *t1, int64_t *t2, int64_t *t3, int64_t *overflow_z, int64_t *half)
{
    int64_t j;
    for (j = 0; j < n; ++j) {
        if (r->exp) {
            t1[j] = fx_requant(in[j] * r->log2e_m, &r->to_z, overflow_z);
            t2[j] = fx_floor_shift(t1[j], (int)r->z_frac);
            t3[j] = t1[j] - t2[j] * ((int64_t)1 << r->z_frac);
        } else {
            const int64_t p = fx_bit_length(in[j]);
            int64_t shift = r->mantissa_frac - p, odd;
            t2[j] = p - r->x_frac;
            odd = r->rsqrt ? t2[j] & 1 : 0;
            shift += odd;
            t2[j] -= odd;
            t1[j] = shift >= 0 ? in[j] * ((int64_t)1 << shift)
                               : fx_floor_shift(in[j], (int)-shift);
        }
    }
    if (neuron(q, r->exp ? t3 : t1, n, out))
        return 1;
    if (half) {
        for (j = 0; j < n; ++j)
            half[j] = fx_floor_shift(t2[j], 1);
        return 0;
    }
    for (j = 0; j < n; ++j)
        out[j] = finish(r, out[j], r->exp ? t2[j] + r->shift_base
                        : r->shift_base - (r->rsqrt ? fx_floor_shift(t2[j], 1) : t2[j]),
                        &q->overflow_output);
    return 0;
}

#endif

#if defined(FXSIM_OP_MUL_OUT) || defined(FXSIM_OP_SQUARE_OUT)
/* The spike multiply with the fit encoder (docs/algorithms.md 8.5): a[n] * b[n] into out[n],
 * each operand split by polarity, each part encoded by the identity neuron on
 * u = min(1, rq_U(part, drop)); the exact product of the reconstructions requantized (events
 * to *overflow). */
/* The spike multiply's product before its requantize: the four polarity encodings,
 * prod[j] = (recon(a+) - recon(a-)) (recon(b+) - recon(b-)). */
static int products(const int64_t *a, int a_drop, const int64_t *b, int b_drop, int64_t n,
                    int64_t *prod)
{
    static int64_t part[N], recon[4][N];
    const fx_format_t u_format = FXSIM_POP_V_FORMAT;
    const int64_t one = (int64_t)1 << role_multiply.u_frac;
    int64_t k, j, uncounted = 0;
    for (k = 0; k < 4; ++k) {               /* a+, a-, b+, b- */
        const int64_t *src = k < 2 ? a : b, sign = k % 2 ? -1 : 1;
        const fx_requant_t to_u = fx_requant_make(k < 2 ? a_drop : b_drop, &u_format);
        for (j = 0; j < n; ++j) {
            const int64_t polar = sign * src[j] > 0 ? sign * src[j] : 0;
            const int64_t q = fx_requant(polar, &to_u, &uncounted);
            part[j] = q < one ? q : one;
        }
        if (neuron(&role_multiply, part, n, recon[k]))
            return 1;
    }
    for (j = 0; j < n; ++j)
        prod[j] = (recon[0][j] - recon[1][j]) * (recon[2][j] - recon[3][j]);
    return 0;
}
static int multiply(const int64_t *a, int a_drop, const int64_t *b, int b_drop, int64_t n,
                    int product_drop, const fx_format_t *out_format, int64_t *out,
                    int64_t *overflow)
{
    static int64_t prod[N];
    const fx_requant_t to_out = fx_requant_make(product_drop, out_format);
    int64_t j;
    if (products(a, a_drop, b, b_drop, n, prod))
        return 1;
    for (j = 0; j < n; ++j)
        out[j] = fx_requant(prod[j], &to_out, overflow);
    return 0;
}
#endif

#ifdef FXSIM_MBE_MBE_OUT_DROP
/* Which exact tail raw x is in (docs/algorithms.md 8.10): -1 at or below FXSIM_OP_TAIL_LO,
 * 1 at or above FXSIM_OP_TAIL_HI, else 0 (always 0 for a fit without tails). */
static int64_t tail_of(int64_t xj)
{
#ifdef FXSIM_OP_TAIL_LO
    return xj <= FXSIM_OP_TAIL_LO ? -1 : (xj >= FXSIM_OP_TAIL_HI ? 1 : 0);
#else
    (void)xj;
    return 0;
#endif
}

/* The asymptote at raw x in a tail: the lower constant, the upper one, or x requantized into
 * out (FXSIM_OP_TAIL_HI_PASS; events not counted, as the operator's). */
static int64_t tail_value(int64_t xj, const fx_format_t *out, int64_t *uncounted)
{
#ifdef FXSIM_OP_TAIL_LO
    if (tail_of(xj) < 0)
        return FXSIM_OP_TAIL_LO_Y;
#ifdef FXSIM_OP_TAIL_HI_PASS
    {
        const fx_requant_t pass = fx_requant_make(FXSIM_OP_PASS_DROP, out);
        return fx_requant(xj, &pass, uncounted);
    }
#else
    (void)out;
    (void)uncounted;
    return FXSIM_OP_TAIL_HI_Y;
#endif
#else
    (void)xj;
    (void)out;
    (void)uncounted;
    return 0;
#endif
}
#endif

int main(void)
{
    int64_t j, glue_output = 0, total_overflow = 0, overflow_z = 0;
    const int64_t no_input_overflow = 0;    /* raw inputs are not requantized */
    WIDEN(x, input, N);
    load_roles();
    (void)role_multiply;                     /* the spike multiply's encoder, when there is one */
#if defined(FXSIM_MBE_MBE_OUT_DROP)          /* gelu, tanh, sigmoid, silu */
    {
        const fx_format_t out = FXSIM_OP_OUT;
        static int64_t inside[N], y_in[N];
        int64_t k = 0, n_in = 0, uncounted = 0;
        for (j = 0; j < N; ++j)              /* exact tails: the neuron runs inside only */
            if (tail_of(x[j]) == 0)
                inside[n_in++] = x[j];
        if (neuron(&role_mbe, inside, n_in, y_in)) /* sigmoid's x / 2: its frac is one more */
            return 1;
        for (j = 0; j < N; ++j) {
            if (tail_of(x[j]) != 0) {
                y[j] = tail_value(x[j], &out, &uncounted);
                continue;
            }
            y[j] = y_in[k++];
#ifdef FXSIM_OP_ONE
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
#ifdef TRACE_TAIL_LEN
        {
            static int64_t tails[N];
            for (j = 0; j < N; ++j)
                tails[j] = tail_of(x[j]);
            EXPECT("trace_tail", tails, trace_tail, N);
        }
#endif
        EXPECT("count_mbe_overflow_v", &role_mbe.counts.overflow_v, count_mbe_overflow_v, 1);
        EXPECT("count_mbe_overflow_acc", &role_mbe.counts.overflow_acc, count_mbe_overflow_acc, 1);
        EXPECT("count_mbe_overflow_output", &role_mbe.overflow_output, count_mbe_overflow_output,
               1);
    }
#elif defined(FXSIM_OP_SHIFT_BASE)           /* exp, reciprocal, rsqrt */
    {
        static int64_t t1[N], t2[N], t3[N];
        role_t *q = &SCALAR_ROLE;
        const fx_format_t out = FXSIM_OP_OUT;
#ifdef FXSIM_OP_LOG2E_M
        const fx_format_t z_format = FXSIM_OP_Z_FORMAT;
        const range_t r = EXP_RANGE(FXSIM_OP);
#else
        const range_t r = INV_RANGE(FXSIM_OP);
#endif
        if (range_run(&r, q, x, N, y, t1, t2, t3, &overflow_z, NULL))
            return 1;
#ifdef FXSIM_OP_LOG2E_M
        EXPECT("trace_range_z", t1, trace_range_z, N);
        EXPECT("trace_range_k", t2, trace_range_k, N);
        EXPECT("trace_range_r", t3, trace_range_r, N);
        EXPECT("count_range_overflow_z", &overflow_z, count_range_overflow_z, 1);
#else
        EXPECT("trace_range_m", t1, trace_range_m, N);
        EXPECT("trace_range_e", t2, trace_range_e, N);
#endif
        EXPECT("count_range_overflow_v", &q->counts.overflow_v, count_range_overflow_v, 1);
        EXPECT("count_range_overflow_acc", &q->counts.overflow_acc, count_range_overflow_acc, 1);
        EXPECT("count_range_overflow_output", &q->overflow_output, count_range_overflow_output,
               1);
    }
#elif defined(FXSIM_OP_MUL_OUT)             /* softmax: e = exp(x - max), e * 1 / sum e */
    {
        static int64_t z[N], e[N], t1[N], t2[N], t3[N], sum[INPUT_DIM0], inv[INPUT_DIM0];
        static int64_t rm[INPUT_DIM0], re[INPUT_DIM0], inv_n[N];
        const int64_t d = INPUT_DIM1;
        const fx_format_t out = FXSIM_OP_EXP_OUT, z_format = FXSIM_OP_EXP_Z_FORMAT;
        const range_t to_exp = EXP_RANGE(FXSIM_OP_EXP);
        const fx_format_t recip_out = FXSIM_OP_RECIP_OUT, mul_out = FXSIM_OP_MUL_OUT;
        int64_t r, multiply_overflow = 0;
        range_t to_inv;
        {
            const fx_format_t out = recip_out;   /* INV_RANGE reads `out` */
            const range_t made = INV_RANGE(FXSIM_OP_RECIP);
            to_inv = made;
        }
        for (r = 0; r < INPUT_DIM0; ++r) {
            int64_t top = x[r * d];
            for (j = 1; j < d; ++j)
                top = x[r * d + j] > top ? x[r * d + j] : top;
            for (j = 0; j < d; ++j)
                z[r * d + j] = x[r * d + j] - top;
        }
        if (range_run(&to_exp, &role_exp, z, N, e, t1, t2, t3, &overflow_z, NULL))
            return 1;
        for (r = 0; r < INPUT_DIM0; ++r)
            for (sum[r] = 0, j = 0; j < d; ++j)
                sum[r] += e[r * d + j];
        if (range_run(&to_inv, &role_reciprocal, sum, INPUT_DIM0, inv, rm, re, NULL, NULL, NULL))
            return 1;
        for (j = 0; j < N; ++j)
            inv_n[j] = inv[j / d];
        if (multiply(e, FXSIM_OP_MUL_A_DROP, inv_n, FXSIM_OP_MUL_B_DROP, N,
                     FXSIM_OP_MUL_PRODUCT_DROP, &mul_out, y, &multiply_overflow))
            return 1;
        (void)out;
        EXPECT("trace_z", z, trace_z, N);
        EXPECT("trace_exp", e, trace_exp, N);
        EXPECT("trace_exp_z", t1, trace_exp_z, N);
        EXPECT("trace_exp_k", t2, trace_exp_k, N);
        EXPECT("trace_exp_r", t3, trace_exp_r, N);
        EXPECT("trace_sum", sum, trace_sum, INPUT_DIM0);
        EXPECT("trace_reciprocal", inv, trace_reciprocal, INPUT_DIM0);
        EXPECT("trace_reciprocal_m", rm, trace_reciprocal_m, INPUT_DIM0);
        EXPECT("trace_reciprocal_e", re, trace_reciprocal_e, INPUT_DIM0);
        EXPECT("count_exp_overflow_v", &role_exp.counts.overflow_v, count_exp_overflow_v, 1);
        EXPECT("count_exp_overflow_acc", &role_exp.counts.overflow_acc, count_exp_overflow_acc, 1);
        EXPECT("count_exp_overflow_output", &role_exp.overflow_output, count_exp_overflow_output,
               1);
        EXPECT("count_exp_overflow_z", &overflow_z, count_exp_overflow_z, 1);
        EXPECT("count_reciprocal_overflow_v", &role_reciprocal.counts.overflow_v,
               count_reciprocal_overflow_v, 1);
        EXPECT("count_reciprocal_overflow_acc", &role_reciprocal.counts.overflow_acc,
               count_reciprocal_overflow_acc, 1);
        EXPECT("count_reciprocal_overflow_output", &role_reciprocal.overflow_output,
               count_reciprocal_overflow_output, 1);
        EXPECT("count_multiply_overflow_output", &multiply_overflow,
               count_multiply_overflow_output, 1);
        total_overflow = multiply_overflow;
    }
#elif defined(FXSIM_OP_SQUARE_OUT)          /* rmsnorm, layernorm */
    {
        static int64_t xc[N], sq[N], var[INPUT_DIM0], inv[INPUT_DIM0], inv_n[N], normed[N];
        static int64_t m[INPUT_DIM0], e[INPUT_DIM0];
        const int64_t d = INPUT_DIM1;
        const fx_format_t out = FXSIM_OP_INV_OUT;
        const range_t to_inv = INV_RANGE(FXSIM_OP_INV);
        const fx_format_t sq_out = FXSIM_OP_SQUARE_OUT, normed_out = FXSIM_OP_NORMED_OUT;
        const fx_format_t y_out = FXSIM_OP_OUT;
        const fx_rescale_t to_sum = fx_rescale_make(FXSIM_OP_SUM_DROP, FX_RND);
        const fx_rescale_t to_var = fx_rescale_make(FXSIM_OP_VAR_DROP, FX_RND);
        const fx_requant_t to_y = fx_requant_make(FXSIM_OP_OUT_DROP, &y_out);
        int64_t r, square_overflow = 0, multiply_overflow = 0;
#if FXSIM_OP_ROW_EXPONENT                   /* docs/algorithms.md 8.6.1 */
        static int64_t rx[INPUT_DIM0], half[INPUT_DIM0], prod[N], uu[N];
        for (r = 0; r < INPUT_DIM0; ++r) {  /* u = x or d x - sum x; e; xs = RND(u 2^-e) */
            int64_t s = 0, top = 0;
            fx_rescale_t to_xs;
            for (j = 0; j < d; ++j)
                s += x[r * d + j];
            for (j = 0; j < d; ++j) {
                uu[r * d + j] = FXSIM_OP_CENTER ? d * x[r * d + j] - s : x[r * d + j];
                top |= uu[r * d + j] < 0 ? -uu[r * d + j] : uu[r * d + j];
            }
            rx[r] = fx_bit_length(top) - FXSIM_OP_TOP_BITS;
            rx[r] = rx[r] > FXSIM_OP_EXP_LO ? rx[r] : FXSIM_OP_EXP_LO;
            to_xs = fx_rescale_make((int32_t)rx[r], FX_RND);
            for (j = 0; j < d; ++j)
                xc[r * d + j] = fx_rescale(uu[r * d + j], &to_xs);
        }
#else
        const fx_rescale_t to_mean = fx_rescale_make(FXSIM_OP_INV_D_SHIFT, FX_RND);
        for (r = 0; r < INPUT_DIM0; ++r) {
            int64_t s = 0, mean;
            for (j = 0; j < d; ++j)
                s += x[r * d + j];
            mean = FXSIM_OP_CENTER ? fx_rescale(s * FXSIM_OP_INV_D_M, &to_mean) : 0;
            for (j = 0; j < d; ++j)
                xc[r * d + j] = x[r * d + j] - mean;
        }
#endif
        if (multiply(xc, FXSIM_OP_SQUARE_A_DROP, xc, FXSIM_OP_SQUARE_B_DROP, N,
                     FXSIM_OP_SQUARE_PRODUCT_DROP, &sq_out, sq, &square_overflow))
            return 1;
        for (r = 0; r < INPUT_DIM0; ++r) {
            int64_t s = 0;
            for (j = 0; j < d; ++j)
                s += sq[r * d + j];
            var[r] = fx_rescale(fx_rescale(s, &to_sum) * FXSIM_OP_INV_D_M, &to_var);
#if FXSIM_OP_ROW_EXPONENT
            var[r] += row_exponent_eps[rx[r] - FXSIM_OP_EXP_LO];
#else
            var[r] += FXSIM_OP_EPS_RAW;
#endif
        }
#if FXSIM_OP_ROW_EXPONENT                   /* mantissa y, 1/sqrt = y 2^-half */
        if (range_run(&to_inv, &role_rsqrt, var, INPUT_DIM0, inv, m, e, NULL, NULL, half))
            return 1;
        for (j = 0; j < N; ++j)
            inv_n[j] = inv[j / d];
        if (products(xc, FXSIM_OP_NORMED_A_DROP, inv_n, FXSIM_OP_NORMED_B_DROP, N, prod))
            return 1;
        for (j = 0; j < N; ++j) {
            const fx_rescale_t to_normed = fx_rescale_make(
                (int32_t)(FXSIM_OP_NORMED_PRODUCT_DROP + half[j / d]), normed_out.rounding);
            const fx_requant_t fit_normed = fx_requant_make(0, &normed_out);
            normed[j] = fx_requant(fx_rescale(prod[j], &to_normed), &fit_normed,
                                   &multiply_overflow);
        }
#ifdef TRACE_CENTERED_LEN
        EXPECT("trace_centered", uu, trace_centered, N);
#endif
        EXPECT("trace_row_exponent", rx, trace_row_exponent, INPUT_DIM0);
        EXPECT("trace_scaled", xc, trace_scaled, N);
        EXPECT("trace_invstd_m", inv, trace_invstd_m, INPUT_DIM0);
        EXPECT("trace_invstd_h", half, trace_invstd_h, INPUT_DIM0);
#else
        if (range_run(&to_inv, &role_rsqrt, var, INPUT_DIM0, inv, m, e, NULL, NULL, NULL))
            return 1;
        for (j = 0; j < N; ++j)
            inv_n[j] = inv[j / d];
        if (multiply(xc, FXSIM_OP_NORMED_A_DROP, inv_n, FXSIM_OP_NORMED_B_DROP, N,
                     FXSIM_OP_NORMED_PRODUCT_DROP, &normed_out, normed, &multiply_overflow))
            return 1;
        EXPECT("trace_centered", xc, trace_centered, N);
        EXPECT("trace_invstd", inv, trace_invstd, INPUT_DIM0);
#endif
        for (j = 0; j < N; ++j)
            y[j] = fx_requant(normed[j], &to_y, &glue_output);
        (void)out;
        EXPECT("trace_var", var, trace_var, INPUT_DIM0);
        EXPECT("count_rsqrt_overflow_v", &role_rsqrt.counts.overflow_v, count_rsqrt_overflow_v,
               1);
        EXPECT("count_rsqrt_overflow_acc", &role_rsqrt.counts.overflow_acc,
               count_rsqrt_overflow_acc, 1);
        EXPECT("count_rsqrt_overflow_output", &role_rsqrt.overflow_output,
               count_rsqrt_overflow_output, 1);
        EXPECT("count_square_overflow_output", &square_overflow, count_square_overflow_output, 1);
        EXPECT("count_multiply_overflow_output", &multiply_overflow,
               count_multiply_overflow_output, 1);
        total_overflow = square_overflow + multiply_overflow;
    }
#endif
    {   /* every neuron's engine and readout events (the multiply's encoders are not counted) */
        const role_t *counted[4] = {&role_mbe, &role_exp, &role_reciprocal, &role_rsqrt};
        int k;
        for (k = 0; k < 4; ++k)
            total_overflow += counted[k]->counts.overflow_v + counted[k]->counts.overflow_acc
                              + counted[k]->overflow_output;
    }
    total_overflow += overflow_z + glue_output;
    (void)j;
    EXPECT("output", y, output, N);
    EXPECT("count_glue_overflow_input", &no_input_overflow, count_glue_overflow_input, 1);
#ifdef COUNT_GLUE_OVERFLOW_OUTPUT_LEN
    EXPECT("count_glue_overflow_output", &glue_output, count_glue_overflow_output, 1);
#endif
    EXPECT("count_overflow", &total_overflow, count_overflow, 1);
    printf("OK: %d arrays, every word matches\n", checked);
    return 0;
}

