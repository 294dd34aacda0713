/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_RSQRT
#define FXSIM_GOLDEN_RSQRT

#include <stdint.h>

#define FXSIM_MBE_RSQRT_STEPS 16
#define FXSIM_MBE_RSQRT_BANKS 1
#define FXSIM_MBE_RSQRT_BANK0_SIGN 1
#define FXSIM_MBE_RSQRT_BANK0_SCALE_M 11184811
#define FXSIM_MBE_RSQRT_BANK0_SCALE_SHIFT 24
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
#define FXSIM_MBE_RSQRT_BANK0_OFFSET 8388608
#define FXSIM_MBE_RSQRT_BANK0_SCALE_DROP 20
#define FXSIM_MBE_RSQRT_U_FRAC 28
#define FXSIM_MBE_RSQRT_OUT_DROP -6
#define FXSIM_MBE_RSQRT_OUT_FORMAT {1, 32, 6, 1}
#define FXSIM_OP_OUT {0, 32, 6, 1}
#define FXSIM_OP_SHIFT_BASE -8
#define FXSIM_OP_X_FRAC 24
#define FXSIM_OP_MANTISSA_FRAC 24
#define FXSIM_OP_RSQRT 1

/* input: fixed<32,8,RND_CONV,SAT>, shape [16], axes ['element'] */
#define INPUT_LEN 16
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 24
#define INPUT_SIGNED 1
#define INPUT_DIM0 16
static const int32_t input[16] = {
    4234876, 4457759, 19963691, 23271246, 25091829, 29299601, 32357178, 33549863, 50199415, 52046733, 74631706, 103899718,
    106354649, 106514194, 123404750, 133029597,
};

/* mbe_rsqrt_bank0_threshold: ufixed<29,1,TRN,WRAP>, shape [8, 16], axes ['basis', 'step'] */
#define MBE_RSQRT_BANK0_THRESHOLD_LEN 128
#define MBE_RSQRT_BANK0_THRESHOLD_WIDTH 29
#define MBE_RSQRT_BANK0_THRESHOLD_FRAC_BITS 28
#define MBE_RSQRT_BANK0_THRESHOLD_SIGNED 0
#define MBE_RSQRT_BANK0_THRESHOLD_DIM0 8
#define MBE_RSQRT_BANK0_THRESHOLD_DIM1 16
static const uint32_t mbe_rsqrt_bank0_threshold[128] = {
    101385707, 64441667, 40959703, 26034355, 16547670, 10517848, 6685239, 4249198, 2700828, 1716671, 1091131, 693533,
    440816, 280186, 178089, 113195, 271780336, 108468133, 43289872, 17277084, 6895322, 2751938, 1098305, 438336,
    174941, 69819, 27865, 11121, 4438, 1771, 707, 282, 91180953, 77162415, 65299145, 55259783,
    46763915, 39574236, 33489929, 28341048, 23983778, 20296412, 17175958, 14535255, 12300544, 10409407, 8809022, 7454686,
    42418258, 30157554, 21440722, 15243430, 10837422, 7704940, 5477881, 3894537, 2768848, 1968532, 1399541, 995014,
    707412, 502939, 357568, 254216, 15402308, 12341669, 9889220, 7924103, 6349481, 5087757, 4076754, 3266650,
    2617524, 2097388, 1680610, 1346651, 1079054, 864632, 692818, 555146, 513957321, 461341571, 414112294, 371718056,
    333663876, 299505446, 268843944, 241321375, 216616395, 194440557, 174534944, 156667143, 140628537, 126231863, 113309031, 101709158,
    36694107, 31939648, 27801226, 24199019, 21063550, 18334344, 15958762, 13890984, 12091128, 10524479, 9160822, 7973853,
    6940681, 6041376, 5258594, 4577238, 94119425, 68497981, 49851276, 36280627, 26404217, 19216390, 13985252, 10178149,
    7407426, 5390956, 3923416, 2855373, 2078076, 1512376, 1100673, 801045,
};

/* mbe_rsqrt_bank0_reset: ufixed<30,2,TRN,WRAP>, shape [8, 16], axes ['basis', 'step'] */
#define MBE_RSQRT_BANK0_RESET_LEN 128
#define MBE_RSQRT_BANK0_RESET_WIDTH 30
#define MBE_RSQRT_BANK0_RESET_FRAC_BITS 28
#define MBE_RSQRT_BANK0_RESET_SIGNED 0
#define MBE_RSQRT_BANK0_RESET_DIM0 8
#define MBE_RSQRT_BANK0_RESET_DIM1 16
static const uint32_t mbe_rsqrt_bank0_reset[128] = {
    138648097, 93244253, 62709052, 42173379, 28362634, 19074569, 12828116, 8627223, 5802020, 3902001, 2624192, 1764833,
    1186894, 798215, 536819, 361024, 436177864, 181169142, 75249711, 31255427, 12982133, 5392208, 2239687, 930268,
    386392, 160490, 66661, 27688, 11500, 4777, 1984, 824, 99773598, 37158123, 13838592, 5153829,
    1919412, 714836, 266222, 99148, 36925, 13752, 5121, 1907, 710, 265, 99, 37,
    29457802, 25081090, 21354650, 18181869, 15480486, 13180462, 11222166, 9554825, 8135211, 6926517, 5897405, 5021194,
    4275167, 3639981, 3099168, 2638707, 9861201, 3367654, 1150072, 392756, 134128, 45806, 15643, 5342,
    1824, 623, 213, 73, 25, 8, 3, 1, 536870912, 427331846, 300543540, 211373012,
    148659160, 104552353, 73531928, 51715186, 36371418, 25580108, 17990553, 12652800, 8898745, 6258510, 4401625, 3095674,
    29052516, 6643097, 1518999, 347332, 79420, 18160, 4152, 949, 217, 50, 11, 3,
    1, 0, 0, 0, 50707353, 21135838, 8809840, 3672117, 1530612, 637990, 265927, 110844,
    46202, 19258, 8027, 3346, 1395, 581, 242, 101,
};

/* mbe_rsqrt_bank0_intensity: fixed<25,3,TRN,WRAP>, shape [8, 16], axes ['basis', 'step'] */
#define MBE_RSQRT_BANK0_INTENSITY_LEN 128
#define MBE_RSQRT_BANK0_INTENSITY_WIDTH 25
#define MBE_RSQRT_BANK0_INTENSITY_FRAC_BITS 22
#define MBE_RSQRT_BANK0_INTENSITY_SIGNED 1
#define MBE_RSQRT_BANK0_INTENSITY_DIM0 8
#define MBE_RSQRT_BANK0_INTENSITY_DIM1 16
static const int32_t mbe_rsqrt_bank0_intensity[128] = {
    -103205, -83293, -67222, -54253, -43785, -35337, -28519, -23017, -18576, -14992, -12099, -9765,
    -7881, -6360, -5133, -4143, -518018, -285554, -157410, -86771, -47832, -26367, -14535, -8012,
    -4417, -2435, -1342, -740, -408, -225, -124, -68, -54233, -34874, -22425, -14420,
    -9272, -5962, -3834, -2465, -1585, -1019, -655, -422, -271, -174, -112, -72,
    -291969, -230093, -181331, -142902, -112618, -88751, -69943, -55120, -43439, -34233, -26978, -21261,
    -16755, -13204, -10406, -8201, -84047, -46604, -25842, -14329, -7946, -4406, -2443, -1355,
    -751, -417, -231, -128, -71, -39, -22, -12, -13255027, -6581241, -3267646, -1622416,
    -805544, -399960, -198584, -98599, -48955, -24307, -12068, -5992, -2975, -1477, -733, -364,
    -72398, -33983, -15952, -7488, -3515, -1650, -774, -363, -171, -80, -38, -18,
    -8, -4, -2, -1, -28291, -26309, -24465, -22751, -21156, -19674, -18295, -17013,
    -15821, -14712, -13681, -12722, -11831, -11002, -10231, -9514,
};

/* mbe_rsqrt_bias: ufixed<23,1,TRN,WRAP>, shape [1], axes ['one'] */
#define MBE_RSQRT_BIAS_LEN 1
#define MBE_RSQRT_BIAS_WIDTH 23
#define MBE_RSQRT_BIAS_FRAC_BITS 22
#define MBE_RSQRT_BIAS_SIGNED 0
#define MBE_RSQRT_BIAS_DIM0 1
static const uint32_t mbe_rsqrt_bias[1] = {
    5954617,
};

/* output: ufixed<32,12,RND_CONV,SAT>, shape [16], axes ['element'] */
#define OUTPUT_LEN 16
#define OUTPUT_WIDTH 32
#define OUTPUT_FRAC_BITS 20
#define OUTPUT_SIGNED 0
#define OUTPUT_DIM0 16
static const uint32_t output[16] = {
    2082461, 2025953, 960207, 890770, 860190, 793461, 758325, 737588, 606087, 597468, 496990, 421688,
    418508, 416334, 387276, 371875,
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

/* count_overflow: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_OVERFLOW_LEN 1
#define COUNT_OVERFLOW_WIDTH 32
#define COUNT_OVERFLOW_FRAC_BITS 0
#define COUNT_OVERFLOW_SIGNED 0
#define COUNT_OVERFLOW_DIM0 1
static const uint32_t count_overflow[1] = {
    0,
};

/* count_range_overflow_acc: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_RANGE_OVERFLOW_ACC_LEN 1
#define COUNT_RANGE_OVERFLOW_ACC_WIDTH 32
#define COUNT_RANGE_OVERFLOW_ACC_FRAC_BITS 0
#define COUNT_RANGE_OVERFLOW_ACC_SIGNED 0
#define COUNT_RANGE_OVERFLOW_ACC_DIM0 1
static const uint32_t count_range_overflow_acc[1] = {
    0,
};

/* count_range_overflow_output: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_RANGE_OVERFLOW_OUTPUT_LEN 1
#define COUNT_RANGE_OVERFLOW_OUTPUT_WIDTH 32
#define COUNT_RANGE_OVERFLOW_OUTPUT_FRAC_BITS 0
#define COUNT_RANGE_OVERFLOW_OUTPUT_SIGNED 0
#define COUNT_RANGE_OVERFLOW_OUTPUT_DIM0 1
static const uint32_t count_range_overflow_output[1] = {
    0,
};

/* count_range_overflow_v: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_RANGE_OVERFLOW_V_LEN 1
#define COUNT_RANGE_OVERFLOW_V_WIDTH 32
#define COUNT_RANGE_OVERFLOW_V_FRAC_BITS 0
#define COUNT_RANGE_OVERFLOW_V_SIGNED 0
#define COUNT_RANGE_OVERFLOW_V_DIM0 1
static const uint32_t count_range_overflow_v[1] = {
    0,
};

/* trace_range_m: ufixed<25,1,TRN,WRAP>, shape [16], axes ['element'] */
#define TRACE_RANGE_M_LEN 16
#define TRACE_RANGE_M_WIDTH 25
#define TRACE_RANGE_M_FRAC_BITS 24
#define TRACE_RANGE_M_SIGNED 0
#define TRACE_RANGE_M_DIM0 16
static const uint32_t trace_range_m[16] = {
    16939504, 17831036, 19963691, 23271246, 25091829, 29299601, 32357178, 33549863, 12549853, 13011683, 18657926, 25974929,
    26588662, 26628548, 30851187, 33257399,
};

/* trace_range_e: fixed<3,3,TRN,WRAP>, shape [16], axes ['element'] */
#define TRACE_RANGE_E_LEN 16
#define TRACE_RANGE_E_WIDTH 3
#define TRACE_RANGE_E_FRAC_BITS 0
#define TRACE_RANGE_E_SIGNED 1
#define TRACE_RANGE_E_DIM0 16
static const int8_t trace_range_e[16] = {
    -2, -2, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2,
    2, 2, 2, 2,
};

/* trace_range_bank0_basis0_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis0_spikes[256] = {
    0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0,
    0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0,
    0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
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

/* trace_range_bank0_basis1_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis1_spikes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0,
    0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1,
    0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1,
    0, 0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0,
};

/* trace_range_bank0_basis2_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis2_spikes[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1,
    0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1,
    0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1,
    0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1,
    1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1,
    1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1,
    1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1,
    1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1,
    0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1,
    1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1,
    0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1,
    1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1,
};

/* trace_range_bank0_basis3_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS3_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS3_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS3_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS3_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS3_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS3_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis3_spikes[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1,
    1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1,
    1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1,
    1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1,
    0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1,
    0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1,
    1, 1, 1, 1,
};

/* trace_range_bank0_basis4_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis4_spikes[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1,
};

/* trace_range_bank0_basis5_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis5_spikes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1,
    0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1,
    1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1,
    1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1,
    1, 1, 1, 1,
};

/* trace_range_bank0_basis6_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis6_spikes[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1,
};

/* trace_range_bank0_basis7_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis7_spikes[256] = {
    0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1,
    1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1,
};

#endif /* FXSIM_GOLDEN_RSQRT */
