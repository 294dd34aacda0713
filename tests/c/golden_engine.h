/*
 * golden_engine.h -- one engine run of a P2 golden set's population (FS set, MBE basis) in C:
 * the population of golden_population.h (include vectors.h first), with n, steps and the
 * per-step tables of this run, inputs loaded into v at t = 0.
 */
#ifndef FXSIM_GOLDEN_ENGINE_H
#define FXSIM_GOLDEN_ENGINE_H

#include <string.h>
#include "fx_population.h"
#include "golden_population.h"

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
    int64_t overflow[FX_NVARS * ENGINE_MAX_STEPS], j;
    fx_population_t p = population_from_defines(n, steps);
    fx_record_t rec;
    if (steps > ENGINE_MAX_STEPS)
        return 1;
    if (n == 0)
        return 0;
    memset(overflow, 0, sizeof overflow);
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
