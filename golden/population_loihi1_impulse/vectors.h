/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_POPULATION
#define FXSIM_GOLDEN_POPULATION

#include <stdint.h>

#define FXSIM_POP_N 4
#define FXSIM_POP_STEPS 12
#define FXSIM_POP_CUBA 1
#define FXSIM_POP_V_FORMAT {1, 24, 0, 2}
#define FXSIM_POP_I_FORMAT {1, 24, 0, 0}
#define FXSIM_POP_ACC_FORMAT {1, 32, 0, 1}
#define FXSIM_POP_DECAY_V {2, 12, 1, 0, 3072}
#define FXSIM_POP_DECAY_I {2, 12, 1, 0, 2048}
#define FXSIM_POP_COMPARE_STRICT 1
#define FXSIM_POP_RESET 1
#define FXSIM_POP_V_RESET 0
#define FXSIM_POP_MAX_SPIKES 1
#define FXSIM_POP_INPUT_MODE 0
#define FXSIM_POP_INPUT_SHIFT 6
#define FXSIM_POP_INPUT_BEFORE_DECAY 0
#define FXSIM_POP_MEMBRANE 0

/* input: fixed<32,32,TRN,WRAP>, shape [12, 4], axes ['step', 'neuron'] */
#define INPUT_LEN 48
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 0
#define INPUT_SIGNED 1
#define INPUT_DIM0 12
#define INPUT_DIM1 4
static const int32_t input[48] = {
    128, 256, 512, 1024, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* threshold: ufixed<14,14,TRN,WRAP>, shape [1, 1], axes ['step', 'neuron'] */
#define THRESHOLD_LEN 1
#define THRESHOLD_WIDTH 14
#define THRESHOLD_FRAC_BITS 0
#define THRESHOLD_SIGNED 0
#define THRESHOLD_DIM0 1
#define THRESHOLD_DIM1 1
static const uint16_t threshold[1] = {
    12800,
};

/* reset_amount: ufixed<14,14,TRN,WRAP>, shape [1, 1], axes ['step', 'neuron'] */
#define RESET_AMOUNT_LEN 1
#define RESET_AMOUNT_WIDTH 14
#define RESET_AMOUNT_FRAC_BITS 0
#define RESET_AMOUNT_SIGNED 0
#define RESET_AMOUNT_DIM0 1
#define RESET_AMOUNT_DIM1 1
static const uint16_t reset_amount[1] = {
    12800,
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

/* v: fixed<24,24,TRN,SAT_SYM>, shape [4], axes ['neuron'] */
#define V_LEN 4
#define V_WIDTH 24
#define V_FRAC_BITS 0
#define V_SIGNED 1
#define V_DIM0 4
static const int32_t v[4] = {
    1029, 1367, 1813, 2396,
};

/* i: fixed<24,24,TRN,WRAP>, shape [4], axes ['neuron'] */
#define I_LEN 4
#define I_WIDTH 24
#define I_FRAC_BITS 0
#define I_SIGNED 1
#define I_DIM0 4
static const int32_t i[4] = {
    4, 8, 16, 32,
};

/* acc: fixed<32,32,TRN,SAT>, shape [4], axes ['neuron'] */
#define ACC_LEN 4
#define ACC_WIDTH 32
#define ACC_FRAC_BITS 0
#define ACC_SIGNED 1
#define ACC_DIM0 4
static const int32_t acc[4] = {
    0, 1, 2, 3,
};

/* spike_count: ufixed<2,2,TRN,WRAP>, shape [4], axes ['neuron'] */
#define SPIKE_COUNT_LEN 4
#define SPIKE_COUNT_WIDTH 2
#define SPIKE_COUNT_FRAC_BITS 0
#define SPIKE_COUNT_SIGNED 0
#define SPIKE_COUNT_DIM0 4
static const uint8_t spike_count[4] = {
    0, 1, 2, 3,
};

/* overflow_v: ufixed<32,32,TRN,WRAP>, shape [12], axes ['step'] */
#define OVERFLOW_V_LEN 12
#define OVERFLOW_V_WIDTH 32
#define OVERFLOW_V_FRAC_BITS 0
#define OVERFLOW_V_SIGNED 0
#define OVERFLOW_V_DIM0 12
static const uint32_t overflow_v[12] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* overflow_acc: ufixed<32,32,TRN,WRAP>, shape [12], axes ['step'] */
#define OVERFLOW_ACC_LEN 12
#define OVERFLOW_ACC_WIDTH 32
#define OVERFLOW_ACC_FRAC_BITS 0
#define OVERFLOW_ACC_SIGNED 0
#define OVERFLOW_ACC_DIM0 12
static const uint32_t overflow_acc[12] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* overflow_i: ufixed<32,32,TRN,WRAP>, shape [12], axes ['step'] */
#define OVERFLOW_I_LEN 12
#define OVERFLOW_I_WIDTH 32
#define OVERFLOW_I_FRAC_BITS 0
#define OVERFLOW_I_SIGNED 0
#define OVERFLOW_I_DIM0 12
static const uint32_t overflow_i[12] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* trace_v: fixed<24,24,TRN,SAT_SYM>, shape [12, 4], axes ['step', 'neuron'] */
#define TRACE_V_LEN 48
#define TRACE_V_WIDTH 24
#define TRACE_V_FRAC_BITS 0
#define TRACE_V_SIGNED 1
#define TRACE_V_DIM0 12
#define TRACE_V_DIM1 4
static const int32_t trace_v[48] = {
    8192, 0, 0, 0, 10240, 8192, 0, 0, 9728, 10240, 8192, 0,
    8320, 9728, 10240, 8192, 6752, 8320, 9728, 10240, 5320, 6752, 8320, 9728,
    4118, 5320, 6752, 8320, 3152, 4118, 5320, 6752, 2396, 3152, 4118, 5320,
    1813, 2396, 3152, 4118, 1367, 1813, 2396, 3152, 1029, 1367, 1813, 2396,
};

/* trace_i: fixed<24,24,TRN,WRAP>, shape [12, 4], axes ['step', 'neuron'] */
#define TRACE_I_LEN 48
#define TRACE_I_WIDTH 24
#define TRACE_I_FRAC_BITS 0
#define TRACE_I_SIGNED 1
#define TRACE_I_DIM0 12
#define TRACE_I_DIM1 4
static const int32_t trace_i[48] = {
    8192, 16384, 32768, 65536, 4096, 8192, 16384, 32768, 2048, 4096, 8192, 16384,
    1024, 2048, 4096, 8192, 512, 1024, 2048, 4096, 256, 512, 1024, 2048,
    128, 256, 512, 1024, 64, 128, 256, 512, 32, 64, 128, 256,
    16, 32, 64, 128, 8, 16, 32, 64, 4, 8, 16, 32,
};

/* trace_spikes: ufixed<1,1,TRN,WRAP>, shape [12, 4], axes ['step', 'neuron'] */
#define TRACE_SPIKES_LEN 48
#define TRACE_SPIKES_WIDTH 1
#define TRACE_SPIKES_FRAC_BITS 0
#define TRACE_SPIKES_SIGNED 0
#define TRACE_SPIKES_DIM0 12
#define TRACE_SPIKES_DIM1 4
static const uint8_t trace_spikes[48] = {
    0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* trace_acc: fixed<32,32,TRN,SAT>, shape [12, 4], axes ['step', 'neuron'] */
#define TRACE_ACC_LEN 48
#define TRACE_ACC_WIDTH 32
#define TRACE_ACC_FRAC_BITS 0
#define TRACE_ACC_SIGNED 1
#define TRACE_ACC_DIM0 12
#define TRACE_ACC_DIM1 4
static const int32_t trace_acc[48] = {
    0, 1, 1, 1, 0, 1, 2, 2, 0, 1, 2, 3,
    0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3,
    0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3,
    0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3,
};

#endif /* FXSIM_GOLDEN_POPULATION */
