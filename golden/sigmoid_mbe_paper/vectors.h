/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_SIGMOID
#define FXSIM_GOLDEN_SIGMOID

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
#define FXSIM_MBE_MBE_BANK0_SCALE_DROP 24
#define FXSIM_MBE_MBE_BANK1_OFFSET 0
#define FXSIM_MBE_MBE_BANK1_SCALE_DROP 27
#define FXSIM_MBE_MBE_U_FRAC 28
#define FXSIM_MBE_MBE_OUT_DROP 0
#define FXSIM_MBE_MBE_OUT_FORMAT {1, 32, 6, 1}
#define FXSIM_OP_OUT {1, 32, 6, 1}
#define FXSIM_OP_ONE 4194304
#define FXSIM_OP_OUT_DROP 1

/* input: fixed<32,8,RND_CONV,SAT>, shape [16], axes ['element'] */
#define INPUT_LEN 16
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 24
#define INPUT_SIGNED 1
#define INPUT_DIM0 16
static const int32_t input[16] = {
    -100094139, -79151293, -77494756, -64567167, -62548068, -54249213, -50165663, -48730103, -30221288, -16731037, -9338308, 8348241,
    34315261, 72101191, 79787616, 89943247,
};

/* mbe_mbe_bank0_threshold: ufixed<30,2,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK0_THRESHOLD_LEN 32
#define MBE_MBE_BANK0_THRESHOLD_WIDTH 30
#define MBE_MBE_BANK0_THRESHOLD_FRAC_BITS 28
#define MBE_MBE_BANK0_THRESHOLD_SIGNED 0
#define MBE_MBE_BANK0_THRESHOLD_DIM0 2
#define MBE_MBE_BANK0_THRESHOLD_DIM1 16
static const uint32_t mbe_mbe_bank0_threshold[32] = {
    3671222, 2357548, 1513947, 972211, 624325, 400923, 257461, 165333, 106172, 68181, 43784, 28116,
    18056, 11595, 7446, 4781, 536870912, 536870912, 251965428, 49086489, 9562754, 1862962, 362932, 70704,
    13774, 2683, 523, 102, 20, 4, 1, 1,
};

/* mbe_mbe_bank0_reset: ufixed<30,2,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK0_RESET_LEN 32
#define MBE_MBE_BANK0_RESET_WIDTH 30
#define MBE_MBE_BANK0_RESET_FRAC_BITS 28
#define MBE_MBE_BANK0_RESET_SIGNED 0
#define MBE_MBE_BANK0_RESET_DIM0 2
#define MBE_MBE_BANK0_RESET_DIM1 16
static const uint32_t mbe_mbe_bank0_reset[32] = {
    8054790, 6765447, 5682491, 4772886, 4008882, 3367174, 2828185, 2375473, 1995227, 1675848, 1407593, 1182277,
    993028, 834072, 700561, 588421, 536870912, 536870912, 536870912, 536870912, 536870912, 536870912, 536870912, 536870912,
    536870912, 536870912, 536870912, 536870912, 536870912, 536870912, 536870912, 536870912,
};

/* mbe_mbe_bank0_intensity: ufixed<21,-1,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK0_INTENSITY_LEN 32
#define MBE_MBE_BANK0_INTENSITY_WIDTH 21
#define MBE_MBE_BANK0_INTENSITY_FRAC_BITS 22
#define MBE_MBE_BANK0_INTENSITY_SIGNED 0
#define MBE_MBE_BANK0_INTENSITY_DIM0 2
#define MBE_MBE_BANK0_INTENSITY_DIM1 16
static const uint32_t mbe_mbe_bank0_intensity[32] = {
    1067901, 798921, 597691, 447146, 334520, 250262, 187226, 140068, 104788, 78394, 58649, 43876,
    32825, 24557, 18372, 13744, 606637, 438393, 316809, 228945, 165450, 119564, 86404, 62441,
    45124, 32609, 23565, 17030, 12307, 8894, 6427, 4645,
};

/* mbe_mbe_bank1_threshold: ufixed<21,-7,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK1_THRESHOLD_LEN 32
#define MBE_MBE_BANK1_THRESHOLD_WIDTH 21
#define MBE_MBE_BANK1_THRESHOLD_FRAC_BITS 28
#define MBE_MBE_BANK1_THRESHOLD_SIGNED 0
#define MBE_MBE_BANK1_THRESHOLD_DIM0 2
#define MBE_MBE_BANK1_THRESHOLD_DIM1 16
static const uint32_t mbe_mbe_bank1_threshold[32] = {
    1318080, 516130, 202105, 79140, 30989, 12135, 4752, 1861, 729, 285, 112, 44,
    17, 7, 3, 1, 1507941, 1507941, 1507941, 1507941, 1507941, 1507941, 1507941, 1507941,
    1507941, 1507941, 1507941, 1507941, 1507941, 1507941, 1507941, 1507941,
};

/* mbe_mbe_bank1_reset: ufixed<21,-7,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK1_RESET_LEN 32
#define MBE_MBE_BANK1_RESET_WIDTH 21
#define MBE_MBE_BANK1_RESET_FRAC_BITS 28
#define MBE_MBE_BANK1_RESET_SIGNED 0
#define MBE_MBE_BANK1_RESET_DIM0 2
#define MBE_MBE_BANK1_RESET_DIM1 16
static const uint32_t mbe_mbe_bank1_reset[32] = {
    1434813, 673032, 315701, 148087, 69463, 32583, 15284, 7169, 3363, 1577, 740, 347,
    163, 76, 36, 17, 1339257, 683307, 348632, 177877, 90755, 46304, 23625, 12054,
    6150, 3138, 1601, 817, 417, 213, 108, 55,
};

/* mbe_mbe_bank1_intensity: fixed<22,0,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK1_INTENSITY_LEN 32
#define MBE_MBE_BANK1_INTENSITY_WIDTH 22
#define MBE_MBE_BANK1_INTENSITY_FRAC_BITS 22
#define MBE_MBE_BANK1_INTENSITY_SIGNED 1
#define MBE_MBE_BANK1_INTENSITY_DIM0 2
#define MBE_MBE_BANK1_INTENSITY_DIM1 16
static const int32_t mbe_mbe_bank1_intensity[32] = {
    -1865251, -869293, -405131, -188810, -87994, -41009, -19112, -8907, -4151, -1935, -902, -420,
    -196, -91, -43, -20, -27837, -27837, -27837, -27837, -27837, -27837, -27837, -27837,
    -27837, -27837, -27837, -27837, -27837, -27837, -27837, -27837,
};

/* mbe_mbe_bias: fixed<19,-3,TRN,WRAP>, shape [1], axes ['one'] */
#define MBE_MBE_BIAS_LEN 1
#define MBE_MBE_BIAS_WIDTH 19
#define MBE_MBE_BIAS_FRAC_BITS 22
#define MBE_MBE_BIAS_SIGNED 1
#define MBE_MBE_BIAS_DIM0 1
static const int32_t mbe_mbe_bias[1] = {
    -254876,
};

/* output: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define OUTPUT_LEN 16
#define OUTPUT_WIDTH 32
#define OUTPUT_FRAC_BITS 22
#define OUTPUT_SIGNED 1
#define OUTPUT_DIM0 16
static const int32_t output[16] = {
    386, 386, 386, 386, 139570, 181326, 195244, 195244, 588524, 1238097, 1535068, 2563446,
    3675528, 4183656, 4183656, 4183656,
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

/* count_glue_overflow_output: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_GLUE_OVERFLOW_OUTPUT_LEN 1
#define COUNT_GLUE_OVERFLOW_OUTPUT_WIDTH 32
#define COUNT_GLUE_OVERFLOW_OUTPUT_FRAC_BITS 0
#define COUNT_GLUE_OVERFLOW_OUTPUT_SIGNED 0
#define COUNT_GLUE_OVERFLOW_OUTPUT_DIM0 1
static const uint32_t count_glue_overflow_output[1] = {
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
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1,
};

/* trace_mbe_bank0_basis1_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_MBE_BANK0_BASIS1_SPIKES_LEN 256
#define TRACE_MBE_BANK0_BASIS1_SPIKES_WIDTH 1
#define TRACE_MBE_BANK0_BASIS1_SPIKES_FRAC_BITS 0
#define TRACE_MBE_BANK0_BASIS1_SPIKES_SIGNED 0
#define TRACE_MBE_BANK0_BASIS1_SPIKES_DIM0 16
#define TRACE_MBE_BANK0_BASIS1_SPIKES_DIM1 16
static const uint8_t trace_mbe_bank0_basis1_spikes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
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
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
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
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0,
};

#endif /* FXSIM_GOLDEN_SIGMOID */
