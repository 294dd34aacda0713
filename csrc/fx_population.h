/*
 * fx_population.h -- the integer population engine (fx_population.c): its configuration,
 * schedules, recording buffers and fx_population_run.
 */
#ifndef FX_POPULATION_H
#define FX_POPULATION_H

#include "fx_types.h"

enum fx_decay_kind { FX_DECAY_NONE = 0, FX_DECAY_SHIFT = 1, FX_DECAY_MULT = 2 };
enum fx_input_mode { FX_INPUT_CURRENT = 0, FX_INPUT_INITIAL = 1 };
enum fx_membrane { FX_MEMBRANE_SUM = 0, FX_MEMBRANE_INCREMENT = 1 };
enum fx_reset { FX_RESET_SUBTRACT = 0, FX_RESET_ZERO = 1 };
enum fx_var { FX_VAR_V = 0, FX_VAR_I = 1, FX_VAR_ACC = 2, FX_NVARS = 3 };

/* One leak rule: NONE; SHIFT: x - shr(x, shift) (min_step: a zero leak of x != 0 is sign(x));
 * MULT: shr(x * factor, shift). shr rounds with `rounding`. */
typedef struct {
    int32_t kind;        /* enum fx_decay_kind */
    int32_t shift;       /* 0..31 */
    int32_t rounding;    /* enum fx_rounding */
    int32_t min_step;    /* 0 or 1 */
    int64_t factor;      /* 0..2^31-1 */
} fx_decay_t;

/* A raw schedule: element (t, j) = data[t * t_stride + j * n_stride]; strides are 0 or the
 * natural ones, so a scalar, per-step, per-neuron and full [T][n] table share one type. */
typedef struct {
    const int64_t *data;
    int64_t t_stride;
    int64_t n_stride;
} fx_schedule_t;

typedef struct {
    int64_t n;                 /* neurons */
    int32_t steps;             /* T */
    int32_t cuba;              /* 1: synaptic current i exists */
    fx_format_t v_format, i_format, acc_format;
    fx_decay_t decay_v, decay_i;
    int32_t compare_strict;    /* 1: spike on v > theta; 0: v >= theta */
    int32_t reset;             /* enum fx_reset */
    int64_t v_reset;           /* value after a reset to zero (raw) */
    int32_t max_spikes;        /* 1..65535 */
    int32_t input_mode;        /* enum fx_input_mode */
    int32_t input_shift;       /* 0..24, inputs are shifted left before use */
    int32_t input_before_decay;/* CUBA: i = ovf(decay(ovf(i + x))) (Xylo) */
    int32_t membrane;          /* enum fx_membrane */
    int32_t continue_state;    /* 1: v, i_syn, acc hold a state to continue from and spike_total
                                  is added to; 0: the run starts from zero and they are written */
    fx_schedule_t threshold, reset_amount, intensity, bias;  /* bias: t_stride = 0 */
} fx_population_t;

/* Recording buffers, each [T][n] int64 or NULL (not recorded). */
typedef struct {
    int64_t *v, *i, *spikes, *acc;
} fx_record_t;

/* ---- the population engine (fx_population.c) ----
 * Given: p (validated configuration), input ([T][n] for FX_INPUT_CURRENT, [n] for INITIAL;
 *        NULL: no input, i.e. all zeros),
 *        threads (OpenMP threads, <= 1 serial; results never depend on it).
 * In/out: v, i_syn (may be NULL when !cuba), acc: state [n] (int64: an unsigned 32-bit value
 *        does not fit int32): a previous state when p->continue_state, else written only
 *        (the run starts from zero).
 * Returned: spike_total[n] (added to when p->continue_state, else written), overflow[FX_NVARS][T] events per variable and step
 *        (added to; caller zeroes), rec: optional per-step records after each step.
 * Status: FX_OK, or FX_EINVAL for an impossible configuration.
 * Assumptions not checked: schedule values keep |theta|, |r| * max_spikes, |d| * max_spikes
 *        below 2^61 (fxsim.population validates this). */
int fx_population_run(const fx_population_t *p, const int32_t *input, int64_t *v, int64_t *i_syn,
                      int64_t *acc, int64_t *spike_total, int64_t *overflow,
                      const fx_record_t *rec, int threads);

/* How many blocks (256 neurons) of a run took each path: int32 lanes without fits, int64 lanes
 * without fits (both proven, docs/algorithms.md 2.6.1), the checked loop. */
enum fx_path { FX_PATH_NARROW = 0, FX_PATH_WIDE = 1, FX_PATH_CHECKED = 2, FX_NPATHS = 3 };

/* fx_population_run, adding each path's block count to paths[FX_NPATHS] (NULL: not counted;
 * a diagnostic: the results never depend on the path). */
int fx_population_run_paths(const fx_population_t *p, const int32_t *input, int64_t *v,
                            int64_t *i_syn, int64_t *acc, int64_t *spike_total, int64_t *overflow,
                            const fx_record_t *rec, int threads, int64_t *paths);

#endif /* FX_POPULATION_H */
