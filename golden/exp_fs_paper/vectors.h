/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_EXP
#define FXSIM_GOLDEN_EXP

#include <stdint.h>

#define FXSIM_FS_LAS_EXPNEG10_0_STEPS 16
#define FXSIM_FS_LAS_EXP3_STEPS 16
#define FXSIM_FS_LAS_EXP3_5_STEPS 16
#define FXSIM_POP_N 1
#define FXSIM_POP_STEPS 16
#define FXSIM_POP_CUBA 0
#define FXSIM_POP_V_FORMAT {1, 32, 6, 1}
#define FXSIM_POP_I_FORMAT {1, 32, 0, 0}
#define FXSIM_POP_ACC_FORMAT {1, 32, 0, 1}
#define FXSIM_POP_DECAY_V {0, 0, 0, 0, 0}
#define FXSIM_POP_DECAY_I {0, 0, 0, 0, 0}
#define FXSIM_POP_COMPARE_STRICT 1
#define FXSIM_POP_RESET 0
#define FXSIM_POP_V_RESET 0
#define FXSIM_POP_MAX_SPIKES 1
#define FXSIM_POP_INPUT_MODE 1
#define FXSIM_POP_INPUT_SHIFT 0
#define FXSIM_POP_INPUT_BEFORE_DECAY 0
#define FXSIM_POP_MEMBRANE 0
#define FXSIM_FS_IN_DROP 0
#define FXSIM_FS_PART0_LO -41943040
#define FXSIM_FS_PART0_HI 20971520
#define FXSIM_FS_LAS_EXPNEG10_0_PART 0
#define FXSIM_FS_LAS_EXPNEG10_0_UPPER 0
#define FXSIM_FS_LAS_EXPNEG10_0_CLOSED 0
#define FXSIM_FS_LAS_EXP3_PART 0
#define FXSIM_FS_LAS_EXP3_UPPER 12582912
#define FXSIM_FS_LAS_EXP3_CLOSED 0
#define FXSIM_FS_LAS_EXP3_5_PART 0
#define FXSIM_FS_LAS_EXP3_5_UPPER 20971520
#define FXSIM_FS_LAS_EXP3_5_CLOSED 1
#define FXSIM_OP_OUT_DROP 0
#define FXSIM_OP_OUT {1, 32, 6, 1}

/* input: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define INPUT_LEN 16
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 22
#define INPUT_SIGNED 1
#define INPUT_DIM0 16
static const int32_t input[16] = {
    -23483361, -23439825, -22194298, -18478581, -17901770, -14107498, -12873261, -9753030, -9149356, -6531533, -4782697, -3248348,
    1577620, 2917938, 3408059, 7975070,
};

/* fs_las_EXPneg10_0_threshold: fixed<25,3,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_EXPNEG10_0_THRESHOLD_LEN 16
#define FS_LAS_EXPNEG10_0_THRESHOLD_WIDTH 25
#define FS_LAS_EXPNEG10_0_THRESHOLD_FRAC_BITS 22
#define FS_LAS_EXPNEG10_0_THRESHOLD_SIGNED 1
#define FS_LAS_EXPNEG10_0_THRESHOLD_DIM0 16
static const int32_t fs_las_EXPneg10_0_threshold[16] = {
    -1462544, -2541458, 4194304, -3822044, -5436654, 3771938, -8052433, -11362980, -1500580, -12330974, 3809468, -14020957,
    4175963, -14803764, 1282617, -16662547,
};

/* fs_las_EXPneg10_0_reset_amount: fixed<25,3,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_EXPNEG10_0_RESET_AMOUNT_LEN 16
#define FS_LAS_EXPNEG10_0_RESET_AMOUNT_WIDTH 25
#define FS_LAS_EXPNEG10_0_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_EXPNEG10_0_RESET_AMOUNT_SIGNED 1
#define FS_LAS_EXPNEG10_0_RESET_AMOUNT_DIM0 16
static const int32_t fs_las_EXPneg10_0_reset_amount[16] = {
    1899152, 2064429, -5900609, 2773701, 5520800, -3889241, 11051408, 4038179, -1599573, 5884028, -1583368, 8062589,
    -1636461, 2691877, -1728063, 0,
};

/* fs_las_EXPneg10_0_intensity: fixed<23,1,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_EXPNEG10_0_INTENSITY_LEN 16
#define FS_LAS_EXPNEG10_0_INTENSITY_WIDTH 23
#define FS_LAS_EXPNEG10_0_INTENSITY_FRAC_BITS 22
#define FS_LAS_EXPNEG10_0_INTENSITY_SIGNED 1
#define FS_LAS_EXPNEG10_0_INTENSITY_DIM0 16
static const int32_t fs_las_EXPneg10_0_intensity[16] = {
    1325172, 1033793, -3140520, 1011787, 988595, -79475, 862724, 258433, -513706, 306702, -51536, 210671,
    -243232, 101366, -54989, 114923,
};

/* fs_las_EXPneg10_0_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_EXPNEG10_0_BIAS_LEN 1
#define FS_LAS_EXPNEG10_0_BIAS_WIDTH 1
#define FS_LAS_EXPNEG10_0_BIAS_FRAC_BITS 22
#define FS_LAS_EXPNEG10_0_BIAS_SIGNED 0
#define FS_LAS_EXPNEG10_0_BIAS_DIM0 1
static const uint8_t fs_las_EXPneg10_0_bias[1] = {
    0,
};

/* fs_las_EXP3_threshold: fixed<24,2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_EXP3_THRESHOLD_LEN 16
#define FS_LAS_EXP3_THRESHOLD_WIDTH 24
#define FS_LAS_EXP3_THRESHOLD_FRAC_BITS 22
#define FS_LAS_EXP3_THRESHOLD_SIGNED 1
#define FS_LAS_EXP3_THRESHOLD_DIM0 16
static const int32_t fs_las_EXP3_threshold[16] = {
    -6770, 5000357, 4970540, 839461, 4067121, 3682928, 3181190, 2465976, 1505696, 1024999, 499420, -215223,
    -1403140, -2267352, -2877279, -675645,
};

/* fs_las_EXP3_reset_amount: fixed<23,1,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_EXP3_RESET_AMOUNT_LEN 16
#define FS_LAS_EXP3_RESET_AMOUNT_WIDTH 23
#define FS_LAS_EXP3_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_EXP3_RESET_AMOUNT_SIGNED 1
#define FS_LAS_EXP3_RESET_AMOUNT_DIM0 16
static const int32_t fs_las_EXP3_reset_amount[16] = {
    4186781, 1401526, 822715, 1310739, 475727, 645743, 890371, 1606781, 1867417, 1220909, 1747718, 1726196,
    963785, 1097522, -2033281, 0,
};

/* fs_las_EXP3_intensity: ufixed<24,2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_EXP3_INTENSITY_LEN 16
#define FS_LAS_EXP3_INTENSITY_WIDTH 24
#define FS_LAS_EXP3_INTENSITY_FRAC_BITS 22
#define FS_LAS_EXP3_INTENSITY_SIGNED 0
#define FS_LAS_EXP3_INTENSITY_DIM0 16
static const uint32_t fs_las_EXP3_intensity[16] = {
    4922160, 12672964, 10567050, 4616095, 8981126, 9532266, 8626153, 9539102, 8558121, 5120901, 4836221, 3851116,
    1932214, 1809583, 868037, 596186,
};

/* fs_las_EXP3_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_EXP3_BIAS_LEN 1
#define FS_LAS_EXP3_BIAS_WIDTH 1
#define FS_LAS_EXP3_BIAS_FRAC_BITS 22
#define FS_LAS_EXP3_BIAS_SIGNED 0
#define FS_LAS_EXP3_BIAS_DIM0 1
static const uint8_t fs_las_EXP3_bias[1] = {
    0,
};

/* fs_las_EXP3_5_threshold: fixed<26,4,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_EXP3_5_THRESHOLD_LEN 16
#define FS_LAS_EXP3_5_THRESHOLD_WIDTH 26
#define FS_LAS_EXP3_5_THRESHOLD_FRAC_BITS 22
#define FS_LAS_EXP3_5_THRESHOLD_SIGNED 1
#define FS_LAS_EXP3_5_THRESHOLD_DIM0 16
static const int32_t fs_las_EXP3_5_threshold[16] = {
    25985686, 21811466, -4194305, -4194311, -4194304, 5146585, 5128956, 4457064, 3672453, 2522127, 9042876, 1524139,
    442118, -385753, -1211429, -4765515,
};

/* fs_las_EXP3_5_reset_amount: fixed<28,6,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_EXP3_5_RESET_AMOUNT_LEN 16
#define FS_LAS_EXP3_5_RESET_AMOUNT_WIDTH 28
#define FS_LAS_EXP3_5_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_EXP3_5_RESET_AMOUNT_SIGNED 1
#define FS_LAS_EXP3_5_RESET_AMOUNT_DIM0 16
static const int32_t fs_las_EXP3_5_reset_amount[16] = {
    -89545480, -30331854, 5231126, 3853544, 5078129, 1024077, 691477, 476159, 1171679, 1512279, 31785547, 574164,
    1485509, 926320, 3638817, 0,
};

/* fs_las_EXP3_5_intensity: ufixed<27,5,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_EXP3_5_INTENSITY_LEN 16
#define FS_LAS_EXP3_5_INTENSITY_WIDTH 27
#define FS_LAS_EXP3_5_INTENSITY_FRAC_BITS 22
#define FS_LAS_EXP3_5_INTENSITY_SIGNED 0
#define FS_LAS_EXP3_5_INTENSITY_DIM0 16
static const uint32_t fs_las_EXP3_5_intensity[16] = {
    122278281, 59876114, 25140964, 27069848, 25902105, 102782762, 88086113, 47176034, 77791823, 75577399, 47781528, 39658134,
    42319101, 24412500, 14900152, 9625584,
};

/* fs_las_EXP3_5_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_EXP3_5_BIAS_LEN 1
#define FS_LAS_EXP3_5_BIAS_WIDTH 1
#define FS_LAS_EXP3_5_BIAS_FRAC_BITS 22
#define FS_LAS_EXP3_5_BIAS_SIGNED 0
#define FS_LAS_EXP3_5_BIAS_DIM0 1
static const uint8_t fs_las_EXP3_5_bias[1] = {
    0,
};

/* output: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define OUTPUT_LEN 16
#define OUTPUT_WIDTH 32
#define OUTPUT_FRAC_BITS 22
#define OUTPUT_SIGNED 1
#define OUTPUT_DIM0 16
static const int32_t output[16] = {
    0, 0, 0, 0, 0, 101366, 210671, 469104, 469104, 862724, 1348394, 1874511,
    6386383, 8663957, 9531994, 27655375,
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

/* count_las_EXP3_overflow_acc: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_LAS_EXP3_OVERFLOW_ACC_LEN 1
#define COUNT_LAS_EXP3_OVERFLOW_ACC_WIDTH 32
#define COUNT_LAS_EXP3_OVERFLOW_ACC_FRAC_BITS 0
#define COUNT_LAS_EXP3_OVERFLOW_ACC_SIGNED 0
#define COUNT_LAS_EXP3_OVERFLOW_ACC_DIM0 1
static const uint32_t count_las_EXP3_overflow_acc[1] = {
    0,
};

/* count_las_EXP3_overflow_v: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_LAS_EXP3_OVERFLOW_V_LEN 1
#define COUNT_LAS_EXP3_OVERFLOW_V_WIDTH 32
#define COUNT_LAS_EXP3_OVERFLOW_V_FRAC_BITS 0
#define COUNT_LAS_EXP3_OVERFLOW_V_SIGNED 0
#define COUNT_LAS_EXP3_OVERFLOW_V_DIM0 1
static const uint32_t count_las_EXP3_overflow_v[1] = {
    0,
};

/* count_las_EXPneg10_0_overflow_acc: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_LAS_EXPNEG10_0_OVERFLOW_ACC_LEN 1
#define COUNT_LAS_EXPNEG10_0_OVERFLOW_ACC_WIDTH 32
#define COUNT_LAS_EXPNEG10_0_OVERFLOW_ACC_FRAC_BITS 0
#define COUNT_LAS_EXPNEG10_0_OVERFLOW_ACC_SIGNED 0
#define COUNT_LAS_EXPNEG10_0_OVERFLOW_ACC_DIM0 1
static const uint32_t count_las_EXPneg10_0_overflow_acc[1] = {
    0,
};

/* count_las_EXPneg10_0_overflow_v: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_LAS_EXPNEG10_0_OVERFLOW_V_LEN 1
#define COUNT_LAS_EXPNEG10_0_OVERFLOW_V_WIDTH 32
#define COUNT_LAS_EXPNEG10_0_OVERFLOW_V_FRAC_BITS 0
#define COUNT_LAS_EXPNEG10_0_OVERFLOW_V_SIGNED 0
#define COUNT_LAS_EXPNEG10_0_OVERFLOW_V_DIM0 1
static const uint32_t count_las_EXPneg10_0_overflow_v[1] = {
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

/* trace_las_EXPneg10_0_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 12], axes ['step', 'element'] */
#define TRACE_LAS_EXPNEG10_0_SPIKES_LEN 192
#define TRACE_LAS_EXPNEG10_0_SPIKES_WIDTH 1
#define TRACE_LAS_EXPNEG10_0_SPIKES_FRAC_BITS 0
#define TRACE_LAS_EXPNEG10_0_SPIKES_SIGNED 0
#define TRACE_LAS_EXPNEG10_0_SPIKES_DIM0 16
#define TRACE_LAS_EXPNEG10_0_SPIKES_DIM1 12
static const uint8_t trace_las_EXPneg10_0_spikes[192] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* trace_las_EXP3_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 4], axes ['step', 'element'] */
#define TRACE_LAS_EXP3_SPIKES_LEN 64
#define TRACE_LAS_EXP3_SPIKES_WIDTH 1
#define TRACE_LAS_EXP3_SPIKES_FRAC_BITS 0
#define TRACE_LAS_EXP3_SPIKES_SIGNED 0
#define TRACE_LAS_EXP3_SPIKES_DIM0 16
#define TRACE_LAS_EXP3_SPIKES_DIM1 4
static const uint8_t trace_las_EXP3_spikes[64] = {
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 0,
    1, 0, 0, 0,
};

#endif /* FXSIM_GOLDEN_EXP */
