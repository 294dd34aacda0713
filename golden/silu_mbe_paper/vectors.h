/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_SILU
#define FXSIM_GOLDEN_SILU

#include <stdint.h>

#define FXSIM_MBE_MBE_STEPS 16
#define FXSIM_MBE_MBE_BANKS 2
#define FXSIM_MBE_MBE_BANK0_SIGN 1
#define FXSIM_MBE_MBE_BANK0_SCALE_M 13421773
#define FXSIM_MBE_MBE_BANK0_SCALE_SHIFT 27
#define FXSIM_MBE_MBE_BANK1_SIGN -1
#define FXSIM_MBE_MBE_BANK1_SCALE_M 8947849
#define FXSIM_MBE_MBE_BANK1_SCALE_SHIFT 30
#define FXSIM_POP_N 1
#define FXSIM_POP_STEPS 16
#define FXSIM_POP_CUBA 0
#define FXSIM_POP_V_FORMAT {1, 32, 6, 1}
#define FXSIM_POP_I_FORMAT {1, 32, 0, 0}
#define FXSIM_POP_ACC_FORMAT {1, 32, 0, 1}
#define FXSIM_POP_DECAY_V {0, 0, 0, 0, 0}
#define FXSIM_POP_DECAY_I {0, 0, 0, 0, 0}
#define FXSIM_POP_COMPARE_STRICT 0
#define FXSIM_POP_RESET 0
#define FXSIM_POP_V_RESET 0
#define FXSIM_POP_MAX_SPIKES 1
#define FXSIM_POP_INPUT_MODE 1
#define FXSIM_POP_INPUT_SHIFT 0
#define FXSIM_POP_INPUT_BEFORE_DECAY 0
#define FXSIM_POP_MEMBRANE 0
#define FXSIM_MBE_MBE_BANK0_OFFSET 0
#define FXSIM_MBE_MBE_BANK0_SCALE_DROP 23
#define FXSIM_MBE_MBE_BANK1_OFFSET 0
#define FXSIM_MBE_MBE_BANK1_SCALE_DROP 26
#define FXSIM_MBE_MBE_U_FRAC 28
#define FXSIM_MBE_MBE_OUT_DROP 0
#define FXSIM_MBE_MBE_OUT_FORMAT {1, 32, 6, 1}
#define FXSIM_OP_OUT {1, 32, 6, 1}
#define FXSIM_OP_PASS_FROM 167772160
#define FXSIM_OP_PASS_DROP 2

/* input: fixed<32,8,RND_CONV,SAT>, shape [16], axes ['element'] */
#define INPUT_LEN 16
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 24
#define INPUT_SIGNED 1
#define INPUT_DIM0 16
static const int32_t input[16] = {
    -87866189, -27995134, -20382537, -6609803, 1446034, 9736800, 14587911, 28450967, 29570053, 40816813, 43549837, 47524580,
    49591241, 52810667, 66635744, 72501488,
};

/* mbe_mbe_bank0_threshold: ufixed<27,-1,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK0_THRESHOLD_LEN 32
#define MBE_MBE_BANK0_THRESHOLD_WIDTH 27
#define MBE_MBE_BANK0_THRESHOLD_FRAC_BITS 28
#define MBE_MBE_BANK0_THRESHOLD_SIGNED 0
#define MBE_MBE_BANK0_THRESHOLD_DIM0 2
#define MBE_MBE_BANK0_THRESHOLD_DIM1 16
static const uint32_t mbe_mbe_bank0_threshold[32] = {
    104307331, 87514567, 73425322, 61604349, 51686472, 43365304, 36383788, 30526248, 25611731, 21488418, 18028930, 15126396,
    12691150, 10647962, 8933713, 7495447, 54364617, 2718231, 135912, 6796, 340, 17, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1,
};

/* mbe_mbe_bank0_reset: ufixed<30,2,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK0_RESET_LEN 32
#define MBE_MBE_BANK0_RESET_WIDTH 30
#define MBE_MBE_BANK0_RESET_FRAC_BITS 28
#define MBE_MBE_BANK0_RESET_SIGNED 0
#define MBE_MBE_BANK0_RESET_DIM0 2
#define MBE_MBE_BANK0_RESET_DIM1 16
static const uint32_t mbe_mbe_bank0_reset[32] = {
    67648296, 53374603, 42112640, 33226934, 26216099, 20684540, 16320132, 12876608, 10159662, 8015988, 6324627, 4990140,
    3937227, 3106478, 2451016, 1933855, 536870912, 536870912, 536870912, 536870912, 536870912, 381297268, 199645886, 104533872,
    54733561, 28658297, 15005382, 7856764, 4113774, 2153957, 1127804, 590514,
};

/* mbe_mbe_bank0_intensity: ufixed<24,2,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK0_INTENSITY_LEN 32
#define MBE_MBE_BANK0_INTENSITY_WIDTH 24
#define MBE_MBE_BANK0_INTENSITY_FRAC_BITS 22
#define MBE_MBE_BANK0_INTENSITY_SIGNED 0
#define MBE_MBE_BANK0_INTENSITY_DIM0 2
#define MBE_MBE_BANK0_INTENSITY_DIM1 16
static const uint32_t mbe_mbe_bank0_intensity[32] = {
    11044333, 8569795, 6649690, 5159794, 4003716, 3106664, 2410600, 1870493, 1451400, 1126207, 873874, 678078,
    526152, 408265, 316791, 245812, 690646, 284135, 116895, 48091, 19785, 8140, 3349, 1378,
    567, 233, 96, 39, 16, 7, 3, 1,
};

/* mbe_mbe_bank1_threshold: ufixed<24,-4,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK1_THRESHOLD_LEN 32
#define MBE_MBE_BANK1_THRESHOLD_WIDTH 24
#define MBE_MBE_BANK1_THRESHOLD_FRAC_BITS 28
#define MBE_MBE_BANK1_THRESHOLD_SIGNED 0
#define MBE_MBE_BANK1_THRESHOLD_DIM0 2
#define MBE_MBE_BANK1_THRESHOLD_DIM1 16
static const uint32_t mbe_mbe_bank1_threshold[32] = {
    457721, 217261, 103125, 48949, 23234, 11028, 5235, 2485, 1179, 560, 266, 126,
    60, 28, 13, 6, 10355588, 8453235, 6900349, 5632734, 4597983, 3753319, 3063823, 2500989,
    2041550, 1666511, 1360368, 1110464, 906468, 739947, 604017, 493057,
};

/* mbe_mbe_bank1_reset: ufixed<30,2,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK1_RESET_LEN 32
#define MBE_MBE_BANK1_RESET_WIDTH 30
#define MBE_MBE_BANK1_RESET_FRAC_BITS 28
#define MBE_MBE_BANK1_RESET_SIGNED 0
#define MBE_MBE_BANK1_RESET_DIM0 2
#define MBE_MBE_BANK1_RESET_DIM1 16
static const uint32_t mbe_mbe_bank1_reset[32] = {
    742166, 525169, 371619, 262963, 186077, 131671, 93173, 65931, 46654, 33013, 23360, 16530,
    11697, 8277, 5857, 4145, 536870912, 536870912, 536870912, 536870912, 536870912, 536870912, 536870912, 536870912,
    536870912, 536870912, 536870912, 536870912, 536870912, 536870912, 536870912, 536870912,
};

/* mbe_mbe_bank1_intensity: fixed<22,0,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK1_INTENSITY_LEN 32
#define MBE_MBE_BANK1_INTENSITY_WIDTH 22
#define MBE_MBE_BANK1_INTENSITY_FRAC_BITS 22
#define MBE_MBE_BANK1_INTENSITY_SIGNED 1
#define MBE_MBE_BANK1_INTENSITY_DIM0 2
#define MBE_MBE_BANK1_INTENSITY_DIM1 16
static const int32_t mbe_mbe_bank1_intensity[32] = {
    -608876, -353617, -205370, -119273, -69270, -40230, -23364, -13569, -7881, -4577, -2658, -1544,
    -897, -521, -302, -176, 1378260, 1079174, 844990, 661625, 518050, 405632, 317609, 248687,
    194721, 152466, 119381, 93475, 73190, 57308, 44872, 35135,
};

/* mbe_mbe_bias: ufixed<17,-5,TRN,WRAP>, shape [1], axes ['one'] */
#define MBE_MBE_BIAS_LEN 1
#define MBE_MBE_BIAS_WIDTH 17
#define MBE_MBE_BIAS_FRAC_BITS 22
#define MBE_MBE_BIAS_SIGNED 0
#define MBE_MBE_BIAS_DIM0 1
static const uint32_t mbe_mbe_bias[1] = {
    72337,
};

/* output: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define OUTPUT_LEN 16
#define OUTPUT_WIDTH 32
#define OUTPUT_FRAC_BITS 22
#define OUTPUT_SIGNED 1
#define OUTPUT_DIM0 16
static const int32_t output[16] = {
    -1528, -1062179, -1131101, -684601, 189232, 1597153, 2723360, 5921498, 6246691, 9510087, 10050194, 11337269,
    11877376, 12606828, 16524352, 17768514,
};

/* count_glue_overflow_input: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_GLUE_OVERFLOW_INPUT_LEN 1
#define COUNT_GLUE_OVERFLOW_INPUT_WIDTH 32
#define COUNT_GLUE_OVERFLOW_INPUT_FRAC_BITS 0
#define COUNT_GLUE_OVERFLOW_INPUT_SIGNED 0
#define COUNT_GLUE_OVERFLOW_INPUT_DIM0 1
static const uint32_t count_glue_overflow_input[1] = {
    0,
};

/* count_mbe_overflow_acc: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_MBE_OVERFLOW_ACC_LEN 1
#define COUNT_MBE_OVERFLOW_ACC_WIDTH 32
#define COUNT_MBE_OVERFLOW_ACC_FRAC_BITS 0
#define COUNT_MBE_OVERFLOW_ACC_SIGNED 0
#define COUNT_MBE_OVERFLOW_ACC_DIM0 1
static const uint32_t count_mbe_overflow_acc[1] = {
    0,
};

/* count_mbe_overflow_output: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_MBE_OVERFLOW_OUTPUT_LEN 1
#define COUNT_MBE_OVERFLOW_OUTPUT_WIDTH 32
#define COUNT_MBE_OVERFLOW_OUTPUT_FRAC_BITS 0
#define COUNT_MBE_OVERFLOW_OUTPUT_SIGNED 0
#define COUNT_MBE_OVERFLOW_OUTPUT_DIM0 1
static const uint32_t count_mbe_overflow_output[1] = {
    0,
};

/* count_mbe_overflow_v: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_MBE_OVERFLOW_V_LEN 1
#define COUNT_MBE_OVERFLOW_V_WIDTH 32
#define COUNT_MBE_OVERFLOW_V_FRAC_BITS 0
#define COUNT_MBE_OVERFLOW_V_SIGNED 0
#define COUNT_MBE_OVERFLOW_V_DIM0 1
static const uint32_t count_mbe_overflow_v[1] = {
    0,
};

/* count_overflow: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_OVERFLOW_LEN 1
#define COUNT_OVERFLOW_WIDTH 32
#define COUNT_OVERFLOW_FRAC_BITS 0
#define COUNT_OVERFLOW_SIGNED 0
#define COUNT_OVERFLOW_DIM0 1
static const uint32_t count_overflow[1] = {
    0,
};

/* trace_mbe_bank0_basis0_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_MBE_BANK0_BASIS0_SPIKES_LEN 256
#define TRACE_MBE_BANK0_BASIS0_SPIKES_WIDTH 1
#define TRACE_MBE_BANK0_BASIS0_SPIKES_FRAC_BITS 0
#define TRACE_MBE_BANK0_BASIS0_SPIKES_SIGNED 0
#define TRACE_MBE_BANK0_BASIS0_SPIKES_DIM0 16
#define TRACE_MBE_BANK0_BASIS0_SPIKES_DIM1 16
static const uint8_t trace_mbe_bank0_basis0_spikes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1,
    0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
    1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1,
    1, 1, 1, 0,
};

/* trace_mbe_bank0_basis1_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_MBE_BANK0_BASIS1_SPIKES_LEN 256
#define TRACE_MBE_BANK0_BASIS1_SPIKES_WIDTH 1
#define TRACE_MBE_BANK0_BASIS1_SPIKES_FRAC_BITS 0
#define TRACE_MBE_BANK0_BASIS1_SPIKES_SIGNED 0
#define TRACE_MBE_BANK0_BASIS1_SPIKES_DIM0 16
#define TRACE_MBE_BANK0_BASIS1_SPIKES_DIM1 16
static const uint8_t trace_mbe_bank0_basis1_spikes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0,
};

/* trace_mbe_bank1_basis0_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_MBE_BANK1_BASIS0_SPIKES_LEN 256
#define TRACE_MBE_BANK1_BASIS0_SPIKES_WIDTH 1
#define TRACE_MBE_BANK1_BASIS0_SPIKES_FRAC_BITS 0
#define TRACE_MBE_BANK1_BASIS0_SPIKES_SIGNED 0
#define TRACE_MBE_BANK1_BASIS0_SPIKES_DIM0 16
#define TRACE_MBE_BANK1_BASIS0_SPIKES_DIM1 16
static const uint8_t trace_mbe_bank1_basis0_spikes[256] = {
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0,
};

/* trace_mbe_bank1_basis1_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_MBE_BANK1_BASIS1_SPIKES_LEN 256
#define TRACE_MBE_BANK1_BASIS1_SPIKES_WIDTH 1
#define TRACE_MBE_BANK1_BASIS1_SPIKES_FRAC_BITS 0
#define TRACE_MBE_BANK1_BASIS1_SPIKES_SIGNED 0
#define TRACE_MBE_BANK1_BASIS1_SPIKES_DIM0 16
#define TRACE_MBE_BANK1_BASIS1_SPIKES_DIM1 16
static const uint8_t trace_mbe_bank1_basis1_spikes[256] = {
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0,
};

#endif /* FXSIM_GOLDEN_SILU */
