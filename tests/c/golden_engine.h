/*
 * golden_engine.h -- one engine run of a P2 golden set's population (FS set, MBE basis) in C:
 * fx_population_t from the set's FXSIM_POP_* defines (include vectors.h first), with n, steps
 * and the per-step tables of this run, inputs loaded into v at t = 0.
 */
#ifndef FXSIM_GOLDEN_ENGINE_H
#define FXSIM_GOLDEN_ENGINE_H

#include <string.h>
#include "fx_population.h"

#define ENGINE_MAX_STEPS 64

/* One population run's results: acc[n], spikes[T][n], overflow events summed over steps. */
typedef struct {
    int64_t overflow_v, overflow_acc, spikes_total;
} engine_counts_t;

/* Runs n neurons for steps <= ENGINE_MAX_STEPS steps over per-step tables theta, reset,
 * intensity [steps] and a scalar bias, from v(0) = u[j]; acc[n] and spikes[steps][n] out;
 * counts added to *c. 0 on success. */
static int engine_run(const int64_t *theta, const int64_t *reset, const int64_t *intensity,
                      const int64_t *bias, int32_t steps, const int32_t *u, int64_t n,
                      int64_t *v, int64_t *acc, int64_t *total, int64_t *spikes,
                      engine_counts_t *c)
{
    const fx_format_t v_format = FXSIM_POP_V_FORMAT, i_format = FXSIM_POP_I_FORMAT;
    const fx_format_t acc_format = FXSIM_POP_ACC_FORMAT;
    const fx_decay_t decay_v = FXSIM_POP_DECAY_V, decay_i = FXSIM_POP_DECAY_I;
    int64_t overflow[FX_NVARS * ENGINE_MAX_STEPS], j;
    fx_population_t p;
    fx_record_t rec;
    if (steps > ENGINE_MAX_STEPS)
        return 1;
    if (n == 0)
        return 0;
    memset(&p, 0, sizeof p);
    memset(overflow, 0, sizeof overflow);
    p.n = n;
    p.steps = steps;
    p.cuba = FXSIM_POP_CUBA;
    p.v_format = v_format;
    p.i_format = i_format;
    p.acc_format = acc_format;
    p.decay_v = decay_v;
    p.decay_i = decay_i;
    p.compare_strict = FXSIM_POP_COMPARE_STRICT;
    p.reset = FXSIM_POP_RESET;
    p.v_reset = FXSIM_POP_V_RESET;
    p.max_spikes = FXSIM_POP_MAX_SPIKES;
    p.input_mode = FXSIM_POP_INPUT_MODE;
    p.input_shift = FXSIM_POP_INPUT_SHIFT;
    p.input_before_decay = FXSIM_POP_INPUT_BEFORE_DECAY;
    p.membrane = FXSIM_POP_MEMBRANE;
    p.threshold.data = theta;
    p.threshold.t_stride = 1;
    p.reset_amount.data = reset;
    p.reset_amount.t_stride = 1;
    p.intensity.data = intensity;
    p.intensity.t_stride = 1;
    p.bias.data = bias;
    rec.v = rec.i = rec.acc = NULL;
    rec.spikes = spikes;
    if (fx_population_run(&p, u, v, NULL, acc, total, overflow, &rec, 1) != FX_OK)
        return 1;
    for (j = 0; j < steps; ++j) {
        c->overflow_v += overflow[FX_VAR_V * steps + j];
        c->overflow_acc += overflow[FX_VAR_ACC * steps + j];
    }
    for (j = 0; j < n; ++j)
        c->spikes_total += total[j];
    return 0;
}

#endif /* FXSIM_GOLDEN_ENGINE_H */
