/*
 * golden_population.h -- fx_population_t from a golden set's FXSIM_POP_* defines (include the
 * set's vectors.h first): the population consumer and the P2 consumers' engine runs share it.
 */
#ifndef FXSIM_GOLDEN_POPULATION_H
#define FXSIM_GOLDEN_POPULATION_H

#include <string.h>
#include "fx_population.h"

/* fx_population_t of n neurons for `steps` steps from the set's FXSIM_POP_* defines: formats,
 * decays and rules; schedules, bias and the caller's buffers stay zero for the caller to set. */
static fx_population_t population_from_defines(int64_t n, int32_t steps)
{
    const fx_format_t v_format = FXSIM_POP_V_FORMAT, i_format = FXSIM_POP_I_FORMAT;
    const fx_format_t acc_format = FXSIM_POP_ACC_FORMAT;
    const fx_decay_t decay_v = FXSIM_POP_DECAY_V, decay_i = FXSIM_POP_DECAY_I;
    fx_population_t p;
    memset(&p, 0, sizeof p);
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
    return p;
}

#endif
