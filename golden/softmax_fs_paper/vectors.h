/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_SOFTMAX
#define FXSIM_GOLDEN_SOFTMAX

#include <stdint.h>

#define FXSIM_FS_LAS_EXPNEG10_0_STEPS 16
#define FXSIM_FS_LAS_EXP3_STEPS 16
#define FXSIM_FS_LAS_EXP3_5_STEPS 16
#define FXSIM_FS_LAS_INVERT02_05_STEPS 16
#define FXSIM_FS_LAS_INVERT05_1_STEPS 16
#define FXSIM_FS_LAS_INVERT1_4_STEPS 16
#define FXSIM_FS_LAS_INVERT4_10_STEPS 16
#define FXSIM_FS_LAS_INVERT10_30_STEPS 16
#define FXSIM_FS_LAS_INVERT30_60_STEPS 16
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
#define FXSIM_FS_PART1_LO 838861
#define FXSIM_FS_PART1_HI 251658240
#define FXSIM_FS_LAS_INVERT02_05_PART 1
#define FXSIM_FS_LAS_INVERT02_05_UPPER 2097152
#define FXSIM_FS_LAS_INVERT02_05_CLOSED 1
#define FXSIM_FS_LAS_INVERT05_1_PART 1
#define FXSIM_FS_LAS_INVERT05_1_UPPER 4194304
#define FXSIM_FS_LAS_INVERT05_1_CLOSED 1
#define FXSIM_FS_LAS_INVERT1_4_PART 1
#define FXSIM_FS_LAS_INVERT1_4_UPPER 16777216
#define FXSIM_FS_LAS_INVERT1_4_CLOSED 1
#define FXSIM_FS_LAS_INVERT4_10_PART 1
#define FXSIM_FS_LAS_INVERT4_10_UPPER 41943040
#define FXSIM_FS_LAS_INVERT4_10_CLOSED 1
#define FXSIM_FS_LAS_INVERT10_30_PART 1
#define FXSIM_FS_LAS_INVERT10_30_UPPER 125829120
#define FXSIM_FS_LAS_INVERT10_30_CLOSED 1
#define FXSIM_FS_LAS_INVERT30_60_PART 1
#define FXSIM_FS_LAS_INVERT30_60_UPPER 251658240
#define FXSIM_FS_LAS_INVERT30_60_CLOSED 1
#define FXSIM_OP_OFFSET_RAW 419430
#define FXSIM_OP_CUTOFF_RAW -83886080
#define FXSIM_OP_SUM_DROP 0
#define FXSIM_OP_SUM_FORMAT {1, 32, 6, 1}
#define FXSIM_OP_OUT_DROP 22
#define FXSIM_OP_OUT {1, 32, 6, 1}

/* input: fixed<32,10,RND_CONV,SAT>, shape [2, 8], axes ['row', 'element'] */
#define INPUT_LEN 16
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 22
#define INPUT_SIGNED 1
#define INPUT_DIM0 2
#define INPUT_DIM1 8
static const int32_t input[16] = {
    1003904, 39922362, 35957968, -14982681, -8748423, -15484067, 16727239, -1646059, 21928657, -54237693, 45994073, -2831261,
    19975998, -4009605, -11130382, 13596974,
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

/* fs_las_Invert02_05_threshold: fixed<24,2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT02_05_THRESHOLD_LEN 16
#define FS_LAS_INVERT02_05_THRESHOLD_WIDTH 24
#define FS_LAS_INVERT02_05_THRESHOLD_FRAC_BITS 22
#define FS_LAS_INVERT02_05_THRESHOLD_SIGNED 1
#define FS_LAS_INVERT02_05_THRESHOLD_DIM0 16
static const int32_t fs_las_Invert02_05_threshold[16] = {
    2290963, 2354719, 1913247, 1738316, 1102904, 3249074, -4194304, -4194304, 5417259, 2602332, -4193705, -4194304,
    1023623, -417524, -473068, -536760,
};

/* fs_las_Invert02_05_reset_amount: fixed<24,2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT02_05_RESET_AMOUNT_LEN 16
#define FS_LAS_INVERT02_05_RESET_AMOUNT_WIDTH 24
#define FS_LAS_INVERT02_05_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_INVERT02_05_RESET_AMOUNT_SIGNED 1
#define FS_LAS_INVERT02_05_RESET_AMOUNT_DIM0 16
static const int32_t fs_las_Invert02_05_reset_amount[16] = {
    -1837422, -3142873, -2886316, 250944, -1910480, 69847, -2418150, 2799276, 842964, 335911, -3874003, 4904622,
    1888320, 180629, 2505788, 0,
};

/* fs_las_Invert02_05_intensity: fixed<24,2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT02_05_INTENSITY_LEN 16
#define FS_LAS_INVERT02_05_INTENSITY_WIDTH 24
#define FS_LAS_INVERT02_05_INTENSITY_FRAC_BITS 22
#define FS_LAS_INVERT02_05_INTENSITY_SIGNED 1
#define FS_LAS_INVERT02_05_INTENSITY_DIM0 16
static const int32_t fs_las_Invert02_05_intensity[16] = {
    -613835, -9555, -616676, -1275092, 794877, -277668, 5806218, 5963656, -164443, -2798256, 4245382, 3982548,
    -2577700, -2579049, -1722621, -819013,
};

/* fs_las_Invert02_05_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_INVERT02_05_BIAS_LEN 1
#define FS_LAS_INVERT02_05_BIAS_WIDTH 1
#define FS_LAS_INVERT02_05_BIAS_FRAC_BITS 22
#define FS_LAS_INVERT02_05_BIAS_SIGNED 0
#define FS_LAS_INVERT02_05_BIAS_DIM0 1
static const uint8_t fs_las_Invert02_05_bias[1] = {
    0,
};

/* fs_las_Invert05_1_threshold: fixed<25,3,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT05_1_THRESHOLD_LEN 16
#define FS_LAS_INVERT05_1_THRESHOLD_WIDTH 25
#define FS_LAS_INVERT05_1_THRESHOLD_FRAC_BITS 22
#define FS_LAS_INVERT05_1_THRESHOLD_SIGNED 1
#define FS_LAS_INVERT05_1_THRESHOLD_DIM0 16
static const int32_t fs_las_Invert05_1_threshold[16] = {
    9581632, -4194302, 9649739, 9582729, -4194304, -260877, 4189461, -858283, 1871917, 351545, 3495378, -99518,
    176031, 4009815, 3493416, 4151090,
};

/* fs_las_Invert05_1_reset_amount: fixed<25,3,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT05_1_RESET_AMOUNT_LEN 16
#define FS_LAS_INVERT05_1_RESET_AMOUNT_WIDTH 25
#define FS_LAS_INVERT05_1_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_INVERT05_1_RESET_AMOUNT_SIGNED 1
#define FS_LAS_INVERT05_1_RESET_AMOUNT_DIM0 16
static const int32_t fs_las_Invert05_1_reset_amount[16] = {
    5073972, -151087, 2878622, 1961883, 3264395, 1093541, 3186440, -933282, -12259539, 743188, 6451917, 1058224,
    -6630318, -1454856, -4444969, 0,
};

/* fs_las_Invert05_1_intensity: fixed<24,2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT05_1_INTENSITY_LEN 16
#define FS_LAS_INVERT05_1_INTENSITY_WIDTH 24
#define FS_LAS_INVERT05_1_INTENSITY_FRAC_BITS 22
#define FS_LAS_INVERT05_1_INTENSITY_SIGNED 1
#define FS_LAS_INVERT05_1_INTENSITY_DIM0 16
static const int32_t fs_las_Invert05_1_intensity[16] = {
    332383, 3043232, 162723, 163239, 4916260, -2132841, 2322706, -113246, 701934, -931715, -685245, -375543,
    -2480924, -314790, -1076869, 1665895,
};

/* fs_las_Invert05_1_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_INVERT05_1_BIAS_LEN 1
#define FS_LAS_INVERT05_1_BIAS_WIDTH 1
#define FS_LAS_INVERT05_1_BIAS_FRAC_BITS 22
#define FS_LAS_INVERT05_1_BIAS_SIGNED 0
#define FS_LAS_INVERT05_1_BIAS_DIM0 1
static const uint8_t fs_las_Invert05_1_bias[1] = {
    0,
};

/* fs_las_Invert1_4_threshold: fixed<24,2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT1_4_THRESHOLD_LEN 16
#define FS_LAS_INVERT1_4_THRESHOLD_WIDTH 24
#define FS_LAS_INVERT1_4_THRESHOLD_FRAC_BITS 22
#define FS_LAS_INVERT1_4_THRESHOLD_SIGNED 1
#define FS_LAS_INVERT1_4_THRESHOLD_DIM0 16
static const int32_t fs_las_Invert1_4_threshold[16] = {
    -3294623, -3982767, 1089619, 628387, 465076, 2078344, 4195356, 3418557, -735501, -4194002, 3351952, 1120981,
    684016, 526480, 747724, 119097,
};

/* fs_las_Invert1_4_reset_amount: fixed<24,2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT1_4_RESET_AMOUNT_LEN 16
#define FS_LAS_INVERT1_4_RESET_AMOUNT_WIDTH 24
#define FS_LAS_INVERT1_4_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_INVERT1_4_RESET_AMOUNT_SIGNED 1
#define FS_LAS_INVERT1_4_RESET_AMOUNT_DIM0 16
static const int32_t fs_las_Invert1_4_reset_amount[16] = {
    1045570, 3099191, 1496524, 916145, -1887275, 3362418, 358029, 1790112, -4209898, -542043, 4310555, 1496031,
    1165043, 1323042, 1745090, 0,
};

/* fs_las_Invert1_4_intensity: fixed<23,1,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT1_4_INTENSITY_LEN 16
#define FS_LAS_INVERT1_4_INTENSITY_WIDTH 23
#define FS_LAS_INVERT1_4_INTENSITY_FRAC_BITS 22
#define FS_LAS_INVERT1_4_INTENSITY_SIGNED 1
#define FS_LAS_INVERT1_4_INTENSITY_DIM0 16
static const int32_t fs_las_Invert1_4_intensity[16] = {
    1858888, 2131495, -896751, -485282, -53011, -401917, -21391, -250621, 435246, 254221, -529204, -345117,
    -236731, -152227, -143617, -73643,
};

/* fs_las_Invert1_4_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_INVERT1_4_BIAS_LEN 1
#define FS_LAS_INVERT1_4_BIAS_WIDTH 1
#define FS_LAS_INVERT1_4_BIAS_FRAC_BITS 22
#define FS_LAS_INVERT1_4_BIAS_SIGNED 0
#define FS_LAS_INVERT1_4_BIAS_DIM0 1
static const uint8_t fs_las_Invert1_4_bias[1] = {
    0,
};

/* fs_las_Invert4_10_threshold: fixed<24,2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT4_10_THRESHOLD_LEN 16
#define FS_LAS_INVERT4_10_THRESHOLD_WIDTH 24
#define FS_LAS_INVERT4_10_THRESHOLD_FRAC_BITS 22
#define FS_LAS_INVERT4_10_THRESHOLD_SIGNED 1
#define FS_LAS_INVERT4_10_THRESHOLD_DIM0 16
static const int32_t fs_las_Invert4_10_threshold[16] = {
    -1063976, -1497029, 1497467, 7590786, -3746985, 3125493, 2420239, 2387773, 2578279, 1841464, 866887, 2765415,
    1494514, 670298, -522806, -930906,
};

/* fs_las_Invert4_10_reset_amount: ufixed<23,1,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT4_10_RESET_AMOUNT_LEN 16
#define FS_LAS_INVERT4_10_RESET_AMOUNT_WIDTH 23
#define FS_LAS_INVERT4_10_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_INVERT4_10_RESET_AMOUNT_SIGNED 0
#define FS_LAS_INVERT4_10_RESET_AMOUNT_DIM0 16
static const uint32_t fs_las_Invert4_10_reset_amount[16] = {
    3658130, 3849377, 3939602, 2383040, 3970257, 2871876, 1912148, 2429193, 3272982, 1185739, 2065238, 4707993,
    2407090, 1344212, 1099278, 0,
};

/* fs_las_Invert4_10_intensity: fixed<20,-2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT4_10_INTENSITY_LEN 16
#define FS_LAS_INVERT4_10_INTENSITY_WIDTH 20
#define FS_LAS_INVERT4_10_INTENSITY_FRAC_BITS 22
#define FS_LAS_INVERT4_10_INTENSITY_SIGNED 1
#define FS_LAS_INVERT4_10_INTENSITY_DIM0 16
static const int32_t fs_las_Invert4_10_intensity[16] = {
    390495, 400288, -40162, -116410, 320238, -109260, -67454, -64889, -73023, -31942, -36416, -67143,
    -33361, -19644, -14260, -7431,
};

/* fs_las_Invert4_10_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_INVERT4_10_BIAS_LEN 1
#define FS_LAS_INVERT4_10_BIAS_WIDTH 1
#define FS_LAS_INVERT4_10_BIAS_FRAC_BITS 22
#define FS_LAS_INVERT4_10_BIAS_SIGNED 0
#define FS_LAS_INVERT4_10_BIAS_DIM0 1
static const uint8_t fs_las_Invert4_10_bias[1] = {
    0,
};

/* fs_las_Invert10_30_threshold: fixed<26,4,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT10_30_THRESHOLD_LEN 16
#define FS_LAS_INVERT10_30_THRESHOLD_WIDTH 26
#define FS_LAS_INVERT10_30_THRESHOLD_FRAC_BITS 22
#define FS_LAS_INVERT10_30_THRESHOLD_SIGNED 1
#define FS_LAS_INVERT10_30_THRESHOLD_DIM0 16
static const int32_t fs_las_Invert10_30_threshold[16] = {
    -2722405, 23713970, 22240190, 22257336, -4115027, -4194134, -4193661, 14700924, 15096373, 14957431, -4194374, 4194381,
    1867431, 315315, -1857567, -7606961,
};

/* fs_las_Invert10_30_reset_amount: ufixed<25,3,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT10_30_RESET_AMOUNT_LEN 16
#define FS_LAS_INVERT10_30_RESET_AMOUNT_WIDTH 25
#define FS_LAS_INVERT10_30_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_INVERT10_30_RESET_AMOUNT_SIGNED 0
#define FS_LAS_INVERT10_30_RESET_AMOUNT_DIM0 16
static const uint32_t fs_las_Invert10_30_reset_amount[16] = {
    11458506, 10319540, 5410531, 3810068, 3777135, 3628515, 3488259, 9309029, 10071524, 15987514, 8568565, 19745082,
    20234504, 15143919, 12904119, 0,
};

/* fs_las_Invert10_30_intensity: fixed<19,-3,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT10_30_INTENSITY_LEN 16
#define FS_LAS_INVERT10_30_INTENSITY_WIDTH 19
#define FS_LAS_INVERT10_30_INTENSITY_FRAC_BITS 22
#define FS_LAS_INVERT10_30_INTENSITY_SIGNED 1
#define FS_LAS_INVERT10_30_INTENSITY_DIM0 16
static const int32_t fs_las_Invert10_30_intensity[16] = {
    150740, -160429, -39580, -35110, 79998, 224285, 12071, -48691, -40476, -45330, 129630, -40845,
    -30998, -23675, -15931, -9900,
};

/* fs_las_Invert10_30_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_INVERT10_30_BIAS_LEN 1
#define FS_LAS_INVERT10_30_BIAS_WIDTH 1
#define FS_LAS_INVERT10_30_BIAS_FRAC_BITS 22
#define FS_LAS_INVERT10_30_BIAS_SIGNED 0
#define FS_LAS_INVERT10_30_BIAS_DIM0 1
static const uint8_t fs_las_Invert10_30_bias[1] = {
    0,
};

/* fs_las_Invert30_60_threshold: fixed<27,5,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT30_60_THRESHOLD_LEN 16
#define FS_LAS_INVERT30_60_THRESHOLD_WIDTH 27
#define FS_LAS_INVERT30_60_THRESHOLD_FRAC_BITS 22
#define FS_LAS_INVERT30_60_THRESHOLD_SIGNED 1
#define FS_LAS_INVERT30_60_THRESHOLD_DIM0 16
static const int32_t fs_las_Invert30_60_threshold[16] = {
    -2558067, -2126329, 24664869, 36753704, 41789394, -3748661, 27365646, -3909858, 38582606, -4191701, 30640070, -4194261,
    32109394, 27405684, 22778252, -4194297,
};

/* fs_las_Invert30_60_reset_amount: fixed<26,4,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT30_60_RESET_AMOUNT_LEN 16
#define FS_LAS_INVERT30_60_RESET_AMOUNT_WIDTH 26
#define FS_LAS_INVERT30_60_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_INVERT30_60_RESET_AMOUNT_SIGNED 1
#define FS_LAS_INVERT30_60_RESET_AMOUNT_DIM0 16
static const int32_t fs_las_Invert30_60_reset_amount[16] = {
    29643472, 30599420, 26191216, 15062981, 10668779, 4742101, 4395492, 2917835, 22536898, 3178097, 19520968, -2616732,
    20650870, 18181600, 2116016, 0,
};

/* fs_las_Invert30_60_intensity: fixed<20,-2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_INVERT30_60_INTENSITY_LEN 16
#define FS_LAS_INVERT30_60_INTENSITY_WIDTH 20
#define FS_LAS_INVERT30_60_INTENSITY_FRAC_BITS 22
#define FS_LAS_INVERT30_60_INTENSITY_SIGNED 1
#define FS_LAS_INVERT30_60_INTENSITY_DIM0 16
static const int32_t fs_las_Invert30_60_intensity[16] = {
    173296, 30083, -292653, -255356, -9519, 122303, -5686, 67560, -14656, 173394, -10873, 94193,
    -9586, -7331, -4622, 23518,
};

/* fs_las_Invert30_60_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_INVERT30_60_BIAS_LEN 1
#define FS_LAS_INVERT30_60_BIAS_WIDTH 1
#define FS_LAS_INVERT30_60_BIAS_FRAC_BITS 22
#define FS_LAS_INVERT30_60_BIAS_SIGNED 0
#define FS_LAS_INVERT30_60_BIAS_DIM0 1
static const uint8_t fs_las_Invert30_60_bias[1] = {
    0,
};

/* output: fixed<32,10,RND_CONV,SAT>, shape [2, 8], axes ['row', 'element'] */
#define OUTPUT_LEN 16
#define OUTPUT_WIDTH 32
#define OUTPUT_FRAC_BITS 22
#define OUTPUT_SIGNED 1
#define OUTPUT_DIM0 2
#define OUTPUT_DIM1 8
static const int32_t output[16] = {
    0, 3070419, 1169311, 0, 0, 0, 0, 0, 0, 0, 4215008, 0,
    0, 0, 0, 0,
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

/* count_las_Invert1_4_overflow_acc: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_LAS_INVERT1_4_OVERFLOW_ACC_LEN 1
#define COUNT_LAS_INVERT1_4_OVERFLOW_ACC_WIDTH 32
#define COUNT_LAS_INVERT1_4_OVERFLOW_ACC_FRAC_BITS 0
#define COUNT_LAS_INVERT1_4_OVERFLOW_ACC_SIGNED 0
#define COUNT_LAS_INVERT1_4_OVERFLOW_ACC_DIM0 1
static const uint32_t count_las_Invert1_4_overflow_acc[1] = {
    0,
};

/* count_las_Invert1_4_overflow_v: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_LAS_INVERT1_4_OVERFLOW_V_LEN 1
#define COUNT_LAS_INVERT1_4_OVERFLOW_V_WIDTH 32
#define COUNT_LAS_INVERT1_4_OVERFLOW_V_FRAC_BITS 0
#define COUNT_LAS_INVERT1_4_OVERFLOW_V_SIGNED 0
#define COUNT_LAS_INVERT1_4_OVERFLOW_V_DIM0 1
static const uint32_t count_las_Invert1_4_overflow_v[1] = {
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

/* trace_las_EXPneg10_0_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 14], axes ['step', 'element'] */
#define TRACE_LAS_EXPNEG10_0_SPIKES_LEN 224
#define TRACE_LAS_EXPNEG10_0_SPIKES_WIDTH 1
#define TRACE_LAS_EXPNEG10_0_SPIKES_FRAC_BITS 0
#define TRACE_LAS_EXPNEG10_0_SPIKES_SIGNED 0
#define TRACE_LAS_EXPNEG10_0_SPIKES_DIM0 16
#define TRACE_LAS_EXPNEG10_0_SPIKES_DIM1 14
static const uint8_t trace_las_EXPneg10_0_spikes[224] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
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
    0, 0, 0, 0, 0, 0, 0, 0,
};

/* trace_las_EXP3_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 2], axes ['step', 'element'] */
#define TRACE_LAS_EXP3_SPIKES_LEN 32
#define TRACE_LAS_EXP3_SPIKES_WIDTH 1
#define TRACE_LAS_EXP3_SPIKES_FRAC_BITS 0
#define TRACE_LAS_EXP3_SPIKES_SIGNED 0
#define TRACE_LAS_EXP3_SPIKES_DIM0 16
#define TRACE_LAS_EXP3_SPIKES_DIM1 2
static const uint8_t trace_las_EXP3_spikes[32] = {
    1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
};

/* trace_las_Invert1_4_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 2], axes ['step', 'element'] */
#define TRACE_LAS_INVERT1_4_SPIKES_LEN 32
#define TRACE_LAS_INVERT1_4_SPIKES_WIDTH 1
#define TRACE_LAS_INVERT1_4_SPIKES_FRAC_BITS 0
#define TRACE_LAS_INVERT1_4_SPIKES_SIGNED 0
#define TRACE_LAS_INVERT1_4_SPIKES_DIM0 16
#define TRACE_LAS_INVERT1_4_SPIKES_DIM1 2
static const uint8_t trace_las_Invert1_4_spikes[32] = {
    1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0,
    0, 0, 1, 0, 0, 0, 0, 1,
};

/* trace_tp: fixed<28,6,TRN,WRAP>, shape [2, 8], axes ['row', 'element'] */
#define TRACE_TP_LEN 16
#define TRACE_TP_WIDTH 28
#define TRACE_TP_FRAC_BITS 22
#define TRACE_TP_SIGNED 1
#define TRACE_TP_DIM0 2
#define TRACE_TP_DIM1 8
static const int32_t trace_tp[16] = {
    -38499028, 419430, -3544964, -54485613, -48251355, -54986999, -22775693, -41148991, -23645986, -99812336, 419430, -48405904,
    -25598645, -49584248, -56705025, -31977669,
};

/* trace_exp: ufixed<23,1,TRN,WRAP>, shape [2, 8], axes ['row', 'element'] */
#define TRACE_EXP_LEN 16
#define TRACE_EXP_WIDTH 23
#define TRACE_EXP_FRAC_BITS 22
#define TRACE_EXP_SIGNED 0
#define TRACE_EXP_DIM0 2
#define TRACE_EXP_DIM1 8
static const uint32_t trace_exp[16] = {
    0, 4922160, 1874511, 0, 0, 0, 0, 0, 0, 0, 4922160, 0,
    0, 0, 0, 0,
};

/* trace_sum: ufixed<23,1,TRN,WRAP>, shape [2, 1], axes ['row', 'one'] */
#define TRACE_SUM_LEN 2
#define TRACE_SUM_WIDTH 23
#define TRACE_SUM_FRAC_BITS 22
#define TRACE_SUM_SIGNED 0
#define TRACE_SUM_DIM0 2
#define TRACE_SUM_DIM1 1
static const uint32_t trace_sum[2] = {
    6796671, 4922160,
};

/* trace_reciprocal: ufixed<22,0,TRN,WRAP>, shape [2, 1], axes ['row', 'one'] */
#define TRACE_RECIPROCAL_LEN 2
#define TRACE_RECIPROCAL_WIDTH 22
#define TRACE_RECIPROCAL_FRAC_BITS 22
#define TRACE_RECIPROCAL_SIGNED 0
#define TRACE_RECIPROCAL_DIM0 2
#define TRACE_RECIPROCAL_DIM1 1
static const uint32_t trace_reciprocal[2] = {
    2616386, 3591721,
};

#endif /* FXSIM_GOLDEN_SOFTMAX */
