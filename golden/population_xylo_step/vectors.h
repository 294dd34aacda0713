/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_POPULATION
#define FXSIM_GOLDEN_POPULATION

#include <stdint.h>

#define FXSIM_POP_N 4
#define FXSIM_POP_STEPS 8
#define FXSIM_POP_CUBA 1
#define FXSIM_POP_V_FORMAT {1, 16, 0, 1}
#define FXSIM_POP_I_FORMAT {1, 16, 0, 1}
#define FXSIM_POP_ACC_FORMAT {1, 32, 0, 1}
#define FXSIM_POP_DECAY_V {1, 2, 0, 1, 0}
#define FXSIM_POP_DECAY_I {1, 1, 0, 1, 0}
#define FXSIM_POP_COMPARE_STRICT 0
#define FXSIM_POP_RESET 0
#define FXSIM_POP_V_RESET 0
#define FXSIM_POP_MAX_SPIKES 31
#define FXSIM_POP_INPUT_MODE 0
#define FXSIM_POP_INPUT_SHIFT 0
#define FXSIM_POP_INPUT_BEFORE_DECAY 1
#define FXSIM_POP_MEMBRANE 1

/* input: fixed<32,32,TRN,WRAP>, shape [8, 4], axes ['step', 'neuron'] */
#define INPUT_LEN 32
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 0
#define INPUT_SIGNED 1
#define INPUT_DIM0 8
#define INPUT_DIM1 4
static const int32_t input[32] = {
    50, 400, 3000, 30000, 50, 400, 3000, 30000, 50, 400, 3000, 30000,
    50, 400, 3000, 30000, 50, 400, 3000, 30000, 50, 400, 3000, 30000,
    50, 400, 3000, 30000, 50, 400, 3000, 30000,
};

/* threshold: ufixed<9,9,TRN,WRAP>, shape [1, 1], axes ['step', 'neuron'] */
#define THRESHOLD_LEN 1
#define THRESHOLD_WIDTH 9
#define THRESHOLD_FRAC_BITS 0
#define THRESHOLD_SIGNED 0
#define THRESHOLD_DIM0 1
#define THRESHOLD_DIM1 1
static const uint16_t threshold[1] = {
    300,
};

/* reset_amount: ufixed<9,9,TRN,WRAP>, shape [1, 1], axes ['step', 'neuron'] */
#define RESET_AMOUNT_LEN 1
#define RESET_AMOUNT_WIDTH 9
#define RESET_AMOUNT_FRAC_BITS 0
#define RESET_AMOUNT_SIGNED 0
#define RESET_AMOUNT_DIM0 1
#define RESET_AMOUNT_DIM1 1
static const uint16_t reset_amount[1] = {
    300,
};

/* intensity: ufixed<1,1,TRN,WRAP>, shape [1, 1], axes ['step', 'neuron'] */
#define INTENSITY_LEN 1
#define INTENSITY_WIDTH 1
#define INTENSITY_FRAC_BITS 0
#define INTENSITY_SIGNED 0
#define INTENSITY_DIM0 1
#define INTENSITY_DIM1 1
static const uint8_t intensity[1] = {
    1,
};

/* bias: ufixed<1,1,TRN,WRAP>, shape [1, 1], axes ['step', 'neuron'] */
#define BIAS_LEN 1
#define BIAS_WIDTH 1
#define BIAS_FRAC_BITS 0
#define BIAS_SIGNED 0
#define BIAS_DIM0 1
#define BIAS_DIM1 1
static const uint8_t bias[1] = {
    0,
};

/* v: fixed<16,16,TRN,SAT>, shape [4], axes ['neuron'] */
#define V_LEN 4
#define V_WIDTH 16
#define V_FRAC_BITS 0
#define V_SIGNED 1
#define V_DIM0 4
static const int16_t v[4] = {
    173, 99, 121, 23467,
};

/* i: fixed<16,16,TRN,SAT>, shape [4], axes ['neuron'] */
#define I_LEN 4
#define I_WIDTH 16
#define I_FRAC_BITS 0
#define I_SIGNED 1
#define I_DIM0 4
static const int16_t i[4] = {
    50, 399, 2989, 16384,
};

/* acc: fixed<32,32,TRN,SAT>, shape [4], axes ['neuron'] */
#define ACC_LEN 4
#define ACC_WIDTH 32
#define ACC_FRAC_BITS 0
#define ACC_SIGNED 1
#define ACC_DIM0 4
static const int32_t acc[4] = {
    0, 8, 69, 248,
};

/* spike_count: ufixed<8,8,TRN,WRAP>, shape [4], axes ['neuron'] */
#define SPIKE_COUNT_LEN 4
#define SPIKE_COUNT_WIDTH 8
#define SPIKE_COUNT_FRAC_BITS 0
#define SPIKE_COUNT_SIGNED 0
#define SPIKE_COUNT_DIM0 4
static const uint8_t spike_count[4] = {
    0, 8, 69, 248,
};

/* overflow_v: ufixed<32,32,TRN,WRAP>, shape [8], axes ['step'] */
#define OVERFLOW_V_LEN 8
#define OVERFLOW_V_WIDTH 32
#define OVERFLOW_V_FRAC_BITS 0
#define OVERFLOW_V_SIGNED 0
#define OVERFLOW_V_DIM0 8
static const uint32_t overflow_v[8] = {
    0, 0, 0, 0, 0, 0, 1, 1,
};

/* overflow_acc: ufixed<32,32,TRN,WRAP>, shape [8], axes ['step'] */
#define OVERFLOW_ACC_LEN 8
#define OVERFLOW_ACC_WIDTH 32
#define OVERFLOW_ACC_FRAC_BITS 0
#define OVERFLOW_ACC_SIGNED 0
#define OVERFLOW_ACC_DIM0 8
static const uint32_t overflow_acc[8] = {
    0, 0, 0, 0, 0, 0, 0, 0,
};

/* overflow_i: ufixed<32,32,TRN,WRAP>, shape [8], axes ['step'] */
#define OVERFLOW_I_LEN 8
#define OVERFLOW_I_WIDTH 32
#define OVERFLOW_I_FRAC_BITS 0
#define OVERFLOW_I_SIGNED 0
#define OVERFLOW_I_DIM0 8
static const uint32_t overflow_i[8] = {
    0, 1, 1, 1, 1, 1, 1, 1,
};

/* trace_v: fixed<16,16,TRN,SAT>, shape [8, 4], axes ['step', 'neuron'] */
#define TRACE_V_LEN 32
#define TRACE_V_WIDTH 16
#define TRACE_V_FRAC_BITS 0
#define TRACE_V_SIGNED 1
#define TRACE_V_DIM0 8
#define TRACE_V_DIM1 4
static const int16_t trace_v[32] = {
    25, 200, 0, 5700, 57, 150, 150, 11359, 87, 163, 38, 15604,
    113, 198, 142, 18787, 134, 237, 14, 21175, 151, 272, 265, 22966,
    164, 1, 176, 23467, 173, 99, 121, 23467,
};

/* trace_i: fixed<16,16,TRN,SAT>, shape [8, 4], axes ['step', 'neuron'] */
#define TRACE_I_LEN 32
#define TRACE_I_WIDTH 16
#define TRACE_I_FRAC_BITS 0
#define TRACE_I_SIGNED 1
#define TRACE_I_DIM0 8
#define TRACE_I_DIM1 4
static const int16_t trace_i[32] = {
    25, 200, 1500, 15000, 38, 300, 2250, 16384, 44, 350, 2625, 16384,
    47, 375, 2813, 16384, 49, 388, 2907, 16384, 50, 394, 2954, 16384,
    50, 397, 2977, 16384, 50, 399, 2989, 16384,
};

/* trace_spikes: ufixed<5,5,TRN,WRAP>, shape [8, 4], axes ['step', 'neuron'] */
#define TRACE_SPIKES_LEN 32
#define TRACE_SPIKES_WIDTH 5
#define TRACE_SPIKES_FRAC_BITS 0
#define TRACE_SPIKES_SIGNED 0
#define TRACE_SPIKES_DIM0 8
#define TRACE_SPIKES_DIM1 4
static const uint8_t trace_spikes[32] = {
    0, 0, 5, 31, 0, 1, 7, 31, 0, 1, 9, 31,
    0, 1, 9, 31, 0, 1, 10, 31, 0, 1, 9, 31,
    0, 2, 10, 31, 0, 1, 10, 31,
};

/* trace_acc: fixed<32,32,TRN,SAT>, shape [8, 4], axes ['step', 'neuron'] */
#define TRACE_ACC_LEN 32
#define TRACE_ACC_WIDTH 32
#define TRACE_ACC_FRAC_BITS 0
#define TRACE_ACC_SIGNED 1
#define TRACE_ACC_DIM0 8
#define TRACE_ACC_DIM1 4
static const int32_t trace_acc[32] = {
    0, 0, 5, 31, 0, 1, 12, 62, 0, 2, 21, 93,
    0, 3, 30, 124, 0, 4, 40, 155, 0, 5, 49, 186,
    0, 7, 59, 217, 0, 8, 69, 248,
};

#endif /* FXSIM_GOLDEN_POPULATION */
