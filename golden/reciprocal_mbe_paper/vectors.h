/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_RECIPROCAL
#define FXSIM_GOLDEN_RECIPROCAL

#include <stdint.h>

#define FXSIM_MBE_RECIPROCAL_STEPS 16
#define FXSIM_MBE_RECIPROCAL_BANKS 1
#define FXSIM_MBE_RECIPROCAL_BANK0_SIGN 1
#define FXSIM_MBE_RECIPROCAL_BANK0_SCALE_M 8388608
#define FXSIM_MBE_RECIPROCAL_BANK0_SCALE_SHIFT 22
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
#define FXSIM_MBE_RECIPROCAL_BANK0_OFFSET 8388608
#define FXSIM_MBE_RECIPROCAL_BANK0_SCALE_DROP 18
#define FXSIM_MBE_RECIPROCAL_U_FRAC 28
#define FXSIM_MBE_RECIPROCAL_OUT_DROP -6
#define FXSIM_MBE_RECIPROCAL_OUT_FORMAT {1, 32, 6, 1}
#define FXSIM_OP_OUT {0, 32, 6, 1}
#define FXSIM_OP_SHIFT_BASE -8
#define FXSIM_OP_X_FRAC 24
#define FXSIM_OP_MANTISSA_FRAC 24
#define FXSIM_OP_RSQRT 0

/* input: fixed<32,8,RND_CONV,SAT>, shape [16], axes ['element'] */
#define INPUT_LEN 16
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 24
#define INPUT_SIGNED 1
#define INPUT_DIM0 16
static const int32_t input[16] = {
    12496788, 18979014, 20921067, 30430318, 32541834, 43390292, 49591697, 54783396, 58182881, 63311556, 65396287, 87598898,
    89144526, 94421859, 97367092, 115163719,
};

/* mbe_reciprocal_bank0_threshold: ufixed<30,2,TRN,WRAP>, shape [8, 16], axes ['basis', 'step'] */
#define MBE_RECIPROCAL_BANK0_THRESHOLD_LEN 128
#define MBE_RECIPROCAL_BANK0_THRESHOLD_WIDTH 30
#define MBE_RECIPROCAL_BANK0_THRESHOLD_FRAC_BITS 28
#define MBE_RECIPROCAL_BANK0_THRESHOLD_SIGNED 0
#define MBE_RECIPROCAL_BANK0_THRESHOLD_DIM0 8
#define MBE_RECIPROCAL_BANK0_THRESHOLD_DIM1 16
static const uint32_t mbe_reciprocal_bank0_threshold[128] = {
    536870912, 536870912, 378531538, 187996110, 93367484, 46370572, 23029751, 11437630, 5680451, 2821172, 1401124, 695862,
    345597, 171639, 85244, 42336, 50758402, 24769440, 12087164, 5898379, 2878332, 1404589, 685421, 334477,
    163220, 79649, 38868, 18967, 9256, 4517, 2204, 1076, 26970723, 1348552, 67428, 3371,
    169, 8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    97328077, 40358409, 16735162, 6939462, 2877542, 1193212, 494782, 205168, 85076, 35278, 14628, 6066,
    2515, 1043, 432, 179, 109781155, 54256063, 26814442, 13252238, 6549524, 3236907, 1599745, 790626,
    390743, 193113, 95440, 47169, 23312, 11521, 5694, 2814, 20046467, 10134394, 5123393, 2590107,
    1309416, 661969, 334655, 169183, 85530, 43239, 21859, 11051, 5587, 2824, 1428, 722,
    536870912, 536870912, 277643954, 140758155, 71360669, 36177975, 18341278, 9298544, 4714116, 2389933, 1211633, 614266,
    311417, 157880, 80041, 40579, 140686785, 70379953, 35208266, 17613283, 8811219, 4407899, 2205095, 1103121,
    551847, 276067, 138105, 69088, 34562, 17290, 8650, 4327,
};

/* mbe_reciprocal_bank0_reset: ufixed<30,2,TRN,WRAP>, shape [8, 16], axes ['basis', 'step'] */
#define MBE_RECIPROCAL_BANK0_RESET_LEN 128
#define MBE_RECIPROCAL_BANK0_RESET_WIDTH 30
#define MBE_RECIPROCAL_BANK0_RESET_FRAC_BITS 28
#define MBE_RECIPROCAL_BANK0_RESET_SIGNED 0
#define MBE_RECIPROCAL_BANK0_RESET_DIM0 8
#define MBE_RECIPROCAL_BANK0_RESET_DIM1 16
static const uint32_t mbe_reciprocal_bank0_reset[128] = {
    536870912, 536870912, 358384230, 176461027, 86885782, 42780773, 21064373, 10371664, 5106794, 2514481, 1238079, 609604,
    300157, 147791, 72769, 35830, 47159037, 24233448, 12452756, 6399054, 3288259, 1689726, 868294, 446187,
    229281, 117820, 60544, 31111, 15987, 8215, 4222, 2169, 25809712, 11133912, 4802998, 2071939,
    893803, 385573, 166330, 71752, 30953, 13353, 5760, 2485, 1072, 462, 199, 86,
    97544356, 43771913, 19642145, 8814188, 3955266, 1774880, 796457, 357401, 160380, 71969, 32295, 14492,
    6503, 2918, 1310, 588, 104030091, 53450765, 27463057, 14110546, 7250013, 3725064, 1913942, 983385,
    505264, 259605, 133385, 68534, 35213, 18092, 9296, 4776, 19863826, 9883759, 4917919, 2447038,
    1217587, 605842, 301452, 149995, 74634, 37136, 18478, 9194, 4575, 2276, 1133, 564,
    536870912, 536870912, 342204965, 170031664, 84483774, 41977523, 20857406, 10363437, 5149289, 2558532, 1271260, 631652,
    313849, 155943, 77483, 38499, 134703851, 70021209, 36398140, 18920333, 9835091, 5112437, 2657526, 1381424,
    718086, 373273, 194033, 100862, 52429, 27254, 14167, 7364,
};

/* mbe_reciprocal_bank0_intensity: fixed<23,1,TRN,WRAP>, shape [8, 16], axes ['basis', 'step'] */
#define MBE_RECIPROCAL_BANK0_INTENSITY_LEN 128
#define MBE_RECIPROCAL_BANK0_INTENSITY_WIDTH 23
#define MBE_RECIPROCAL_BANK0_INTENSITY_FRAC_BITS 22
#define MBE_RECIPROCAL_BANK0_INTENSITY_SIGNED 1
#define MBE_RECIPROCAL_BANK0_INTENSITY_DIM0 8
#define MBE_RECIPROCAL_BANK0_INTENSITY_DIM1 16
static const int32_t mbe_reciprocal_bank0_intensity[128] = {
    -2135465, -1120315, -587744, -308344, -161765, -84866, -44522, -23358, -12254, -6429, -3373, -1769,
    -928, -487, -255, -134, -299908, -157610, -82828, -43528, -22875, -12022, -6318, -3320,
    -1745, -917, -482, -253, -133, -70, -37, -19, -8031, -6473, -5218, -4206,
    -3390, -2732, -2202, -1775, -1431, -1153, -930, -749, -604, -487, -392, -316,
    -270526, -130617, -63065, -30449, -14702, -7098, -3427, -1655, -799, -386, -186, -90,
    -43, -21, -10, -5, -259002, -128056, -63313, -31303, -15477, -7652, -3783, -1871,
    -925, -457, -226, -112, -55, -27, -14, -7, -106265, -54676, -28132, -14475,
    -7448, -3832, -1972, -1014, -522, -269, -138, -71, -37, -19, -10, -5,
    -2768976, -1441112, -750026, -390350, -203158, -105733, -55029, -28640, -14906, -7758, -4037, -2101,
    -1094, -569, -296, -154, -556995, -299361, -160894, -86474, -46476, -24979, -13425, -7215,
    -3878, -2084, -1120, -602, -324, -174, -93, -50,
};

/* mbe_reciprocal_bias: ufixed<23,1,TRN,WRAP>, shape [1], axes ['one'] */
#define MBE_RECIPROCAL_BIAS_LEN 1
#define MBE_RECIPROCAL_BIAS_WIDTH 23
#define MBE_RECIPROCAL_BIAS_FRAC_BITS 22
#define MBE_RECIPROCAL_BIAS_SIGNED 0
#define MBE_RECIPROCAL_BIAS_DIM0 1
static const uint32_t mbe_reciprocal_bias[1] = {
    8386624,
};

/* output: ufixed<32,12,RND_CONV,SAT>, shape [16], axes ['element'] */
#define OUTPUT_LEN 16
#define OUTPUT_WIDTH 32
#define OUTPUT_FRAC_BITS 20
#define OUTPUT_SIGNED 0
#define OUTPUT_DIM0 16
static const uint32_t output[16] = {
    1407672, 926334, 840847, 577484, 541305, 404840, 354839, 321160, 302261, 277633, 269366, 200604,
    197462, 186623, 180442, 152997,
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

/* trace_range_m: ufixed<24,0,TRN,WRAP>, shape [16], axes ['element'] */
#define TRACE_RANGE_M_LEN 16
#define TRACE_RANGE_M_WIDTH 24
#define TRACE_RANGE_M_FRAC_BITS 24
#define TRACE_RANGE_M_SIGNED 0
#define TRACE_RANGE_M_DIM0 16
static const uint32_t trace_range_m[16] = {
    12496788, 9489507, 10460533, 15215159, 16270917, 10847573, 12397924, 13695849, 14545720, 15827889, 16349071, 10949862,
    11143065, 11802732, 12170886, 14395464,
};

/* trace_range_e: ufixed<2,2,TRN,WRAP>, shape [16], axes ['element'] */
#define TRACE_RANGE_E_LEN 16
#define TRACE_RANGE_E_WIDTH 2
#define TRACE_RANGE_E_FRAC_BITS 0
#define TRACE_RANGE_E_SIGNED 0
#define TRACE_RANGE_E_DIM0 16
static const uint8_t trace_range_e[16] = {
    0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3,
    3, 3, 3, 3,
};

/* trace_range_bank0_basis0_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS0_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis0_spikes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0,
    0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1,
    0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0,
    1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1,
    1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1,
    0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0,
    1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0,
    1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0,
    1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1,
};

/* trace_range_bank0_basis1_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS1_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis1_spikes[256] = {
    1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
    1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1,
    1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1,
    1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1,
    1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1,
    1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0,
    1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1,
    1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1,
    1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1,
    1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1,
    1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1,
    1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1,
    1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0,
    0, 1, 1, 1,
};

/* trace_range_bank0_basis2_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS2_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis2_spikes[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
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
    1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0,
    0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1,
    1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1,
    1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1,
    0, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1,
    1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0,
    1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1,
    1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1,
    0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1,
    1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0,
    1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1,
    1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1,
    0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1,
    1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0,
    1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1,
    1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1,
    0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1,
    1, 0, 0, 1,
};

/* trace_range_bank0_basis4_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS4_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis4_spikes[256] = {
    1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0,
    0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1,
    1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1,
    1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1,
    0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0,
    0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1,
    1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0,
    0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0,
    0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 1,
    1, 1, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1,
    1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0,
    0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0,
    1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1,
    1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0,
    0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0,
    0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1,
    1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0,
    0, 0, 0, 0,
};

/* trace_range_bank0_basis5_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS5_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis5_spikes[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
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

/* trace_range_bank0_basis6_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS6_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis6_spikes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0,
    0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0,
    0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1,
    0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0,
    0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0,
    0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1,
    0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0,
    0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0,
    0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0,
    1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0,
    0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0,
    0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    1, 0, 0, 1,
};

/* trace_range_bank0_basis7_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_LEN 256
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_WIDTH 1
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_FRAC_BITS 0
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_SIGNED 0
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_DIM0 16
#define TRACE_RANGE_BANK0_BASIS7_SPIKES_DIM1 16
static const uint8_t trace_range_bank0_basis7_spikes[256] = {
    0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0,
    0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0,
    0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0,
    1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1,
    1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0,
    1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1,
    0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0,
    0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 0,
    0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0,
    0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1,
    1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0,
    0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1,
    1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
    1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0,
};

#endif /* FXSIM_GOLDEN_RECIPROCAL */
