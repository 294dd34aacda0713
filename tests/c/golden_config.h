/*
 * golden_config.h -- the kernel configurations of a golden set, built
 * from its vectors.h (include that first): fx_pwl_exp_t from FXSIM_PWL_* and the knot tables
 * (the PWL-Exp sets; pwl_exp_* in softmax and activation sets), fx_polarnorm_t from FXSIM_PN_* (norms, and the PolarNorm
 * primitive's sets) and fx_divgroup_t from FXSIM_DIV_* (every operator).
 */
#ifndef FXSIM_GOLDEN_CONFIG_H
#define FXSIM_GOLDEN_CONFIG_H

#include "fx_ops.h"
#include "golden_check.h"

#ifdef FXSIM_PN_D
/* fx_polarnorm_t from FXSIM_PN_* */
static fx_polarnorm_t pn_from_set(void)
{
    const fx_format_t internal = FXSIM_PN_INTERNAL_FORMAT, output = FXSIM_PN_OUTPUT_FORMAT;
    fx_polarnorm_t p;
    p.d = FXSIM_PN_D;
    p.n = FXSIM_PN_N;
    p.guard_bits = FXSIM_PN_GUARD_BITS;
    p.has_eps = FXSIM_PN_HAS_EPS;
    p.eps_raw = FXSIM_PN_EPS_RAW;
    p.gain_m = FXSIM_PN_GAIN_M;
    p.gain_shift = FXSIM_PN_GAIN_SHIFT;
    p.internal = internal;
    p.output = output;
    p.output_drop = FXSIM_PN_OUTPUT_DROP;
    return p;
}
#endif

#ifdef FXSIM_DIV_N
/* fx_divgroup_t of m divisions of one step each */
static fx_divgroup_t div_from_set(int64_t m)
{
    fx_divgroup_t div;
    div.m = m;
    div.steps = FXSIM_DIV_STEPS;
    div.n = FXSIM_DIV_N;
    div.group = FXSIM_DIV_GROUP;
    div.normalize = FXSIM_DIV_NORMALIZE;
    div.normalize_bit = FXSIM_DIV_NORMALIZE_BIT;
    return div;
}
#endif

#ifdef FXSIM_PWL_SEGMENTS
/* fx_pwl_exp_t from FXSIM_PWL_* over the caller's int64 knots / slope / intercept tables */
static fx_pwl_exp_t pwl_from_tables(const int64_t *knots, const int64_t *slope,
                                    const int64_t *intercept)
{
    const fx_format_t out = FXSIM_PWL_OUT_FORMAT;
    fx_pwl_exp_t p;
    p.segments = FXSIM_PWL_SEGMENTS;
    p.knots = knots;
    p.slope = slope;
    p.intercept = intercept;
    p.x_lo = FXSIM_PWL_X_LO;
    p.x_hi = FXSIM_PWL_X_HI;
    p.upper = FXSIM_PWL_UPPER;
    p.intercept_shift = FXSIM_PWL_INTERCEPT_SHIFT;
    p.sum_frac = FXSIM_PWL_SUM_FRAC;
    p.out_frac = FXSIM_PWL_OUT_FRAC;
    p.out_format = out;
    return p;
}
#endif

#ifdef PWL_EXP_KNOTS_LEN
static int64_t knots64[PWL_EXP_KNOTS_LEN + 1], slope64[PWL_EXP_SLOPE_LEN];
static int64_t intercept64[PWL_EXP_INTERCEPT_LEN];

/* fx_pwl_exp_t of an operator set's pwl_exp_* tables (the LUT copied to int64 here) */
static fx_pwl_exp_t pwl_from_set(void)
{
    WIDEN(knots64, pwl_exp_knots, PWL_EXP_KNOTS_LEN);
    WIDEN(slope64, pwl_exp_slope, PWL_EXP_SLOPE_LEN);
    WIDEN(intercept64, pwl_exp_intercept, PWL_EXP_INTERCEPT_LEN);
    return pwl_from_tables(knots64, slope64, intercept64);
}
#endif

#endif /* FXSIM_GOLDEN_CONFIG_H */
