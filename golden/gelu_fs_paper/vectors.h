/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_GELU
#define FXSIM_GOLDEN_GELU

#include <stdint.h>

#define FXSIM_FS_LAS_SPIKEGELU6_1_STEPS 16
#define FXSIM_FS_LAS_SPIKEGELU0_30_STEPS 16
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
#define FXSIM_FS_PART0_LO -25165824
#define FXSIM_FS_PART0_HI 125829120
#define FXSIM_FS_LAS_SPIKEGELU6_1_PART 0
#define FXSIM_FS_LAS_SPIKEGELU6_1_UPPER 4194304
#define FXSIM_FS_LAS_SPIKEGELU6_1_CLOSED 1
#define FXSIM_FS_LAS_SPIKEGELU0_30_PART 0
#define FXSIM_FS_LAS_SPIKEGELU0_30_UPPER 125829120
#define FXSIM_FS_LAS_SPIKEGELU0_30_CLOSED 1
#define FXSIM_OP_OUT_DROP 0
#define FXSIM_OP_OUT {1, 32, 6, 1}

/* input: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define INPUT_LEN 16
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 22
#define INPUT_SIGNED 1
#define INPUT_DIM0 16
static const int32_t input[16] = {
    -22143479, -11381496, -9535660, -9479190, -4545320, -4007466, -3195004, 1947827, 5699819, 6045729, 10751498, 10981624,
    14141461, 20955568, 21434706, 21545746,
};

/* fs_las_spikeGelu6_1_threshold: fixed<25,3,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_SPIKEGELU6_1_THRESHOLD_LEN 16
#define FS_LAS_SPIKEGELU6_1_THRESHOLD_WIDTH 25
#define FS_LAS_SPIKEGELU6_1_THRESHOLD_FRAC_BITS 22
#define FS_LAS_SPIKEGELU6_1_THRESHOLD_SIGNED 1
#define FS_LAS_SPIKEGELU6_1_THRESHOLD_DIM0 16
static const int32_t fs_las_spikeGelu6_1_threshold[16] = {
    2958036, 1508481, 445570, -194396, 3402612, -1039107, -1851456, -5652564, -1919078, -8362753, 4194258, 4188149,
    3474939, 2428093, -8478681, -11498597,
};

/* fs_las_spikeGelu6_1_reset_amount: fixed<26,4,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_SPIKEGELU6_1_RESET_AMOUNT_LEN 16
#define FS_LAS_SPIKEGELU6_1_RESET_AMOUNT_WIDTH 26
#define FS_LAS_SPIKEGELU6_1_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_SPIKEGELU6_1_RESET_AMOUNT_SIGNED 1
#define FS_LAS_SPIKEGELU6_1_RESET_AMOUNT_DIM0 16
static const int32_t fs_las_spikeGelu6_1_reset_amount[16] = {
    3007272, 1847870, 1036302, -1495747, 10791930, 17549608, 4608890, 6517802, 5276147, 4809559, 8038364, 11639923,
    5206807, -13857330, 13314116, 0,
};

/* fs_las_spikeGelu6_1_intensity: fixed<23,1,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_SPIKEGELU6_1_INTENSITY_LEN 16
#define FS_LAS_SPIKEGELU6_1_INTENSITY_WIDTH 23
#define FS_LAS_SPIKEGELU6_1_INTENSITY_FRAC_BITS 22
#define FS_LAS_SPIKEGELU6_1_INTENSITY_SIGNED 1
#define FS_LAS_SPIKEGELU6_1_INTENSITY_DIM0 16
static const int32_t fs_las_spikeGelu6_1_intensity[16] = {
    2521219, 1345117, 725184, 318594, -180573, -296147, -123392, -558044, -332402, -294287, 1650348, 1843846,
    -50983, 1188212, -152312, -109848,
};

/* fs_las_spikeGelu6_1_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_SPIKEGELU6_1_BIAS_LEN 1
#define FS_LAS_SPIKEGELU6_1_BIAS_WIDTH 1
#define FS_LAS_SPIKEGELU6_1_BIAS_FRAC_BITS 22
#define FS_LAS_SPIKEGELU6_1_BIAS_SIGNED 0
#define FS_LAS_SPIKEGELU6_1_BIAS_DIM0 1
static const uint8_t fs_las_spikeGelu6_1_bias[1] = {
    0,
};

/* fs_las_spikegelu0_30_threshold: fixed<25,3,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_SPIKEGELU0_30_THRESHOLD_LEN 16
#define FS_LAS_SPIKEGELU0_30_THRESHOLD_WIDTH 25
#define FS_LAS_SPIKEGELU0_30_THRESHOLD_FRAC_BITS 22
#define FS_LAS_SPIKEGELU0_30_THRESHOLD_SIGNED 1
#define FS_LAS_SPIKEGELU0_30_THRESHOLD_DIM0 16
static const int32_t fs_las_spikegelu0_30_threshold[16] = {
    13228211, -4283082, 5752369, 4495622, 4214995, 2855409, 4257906, 3715607, 1693284, 62496, -3807660, -7071411,
    -8070522, -8573704, 1171704, 551624,
};

/* fs_las_spikegelu0_30_reset_amount: fixed<25,3,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_SPIKEGELU0_30_RESET_AMOUNT_LEN 16
#define FS_LAS_SPIKEGELU0_30_RESET_AMOUNT_WIDTH 25
#define FS_LAS_SPIKEGELU0_30_RESET_AMOUNT_FRAC_BITS 22
#define FS_LAS_SPIKEGELU0_30_RESET_AMOUNT_SIGNED 1
#define FS_LAS_SPIKEGELU0_30_RESET_AMOUNT_DIM0 16
static const int32_t fs_las_spikegelu0_30_reset_amount[16] = {
    13923600, 8929742, 15477690, 13852616, 13486767, 12226923, 13303785, 13037792, 10980498, 9374282, 5395879, 2194762,
    -350012, -7654453, 12943388, 0,
};

/* fs_las_spikegelu0_30_intensity: fixed<25,3,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_LAS_SPIKEGELU0_30_INTENSITY_LEN 16
#define FS_LAS_SPIKEGELU0_30_INTENSITY_WIDTH 25
#define FS_LAS_SPIKEGELU0_30_INTENSITY_FRAC_BITS 22
#define FS_LAS_SPIKEGELU0_30_INTENSITY_SIGNED 1
#define FS_LAS_SPIKEGELU0_30_INTENSITY_DIM0 16
static const int32_t fs_las_spikegelu0_30_intensity[16] = {
    14197055, -296646, 15482380, 13872633, 13472493, 12245896, 13307556, 13025056, 10997226, 9376742, 5401596, 2200669,
    529827, 607452, 1322673, 547558,
};

/* fs_las_spikegelu0_30_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_LAS_SPIKEGELU0_30_BIAS_LEN 1
#define FS_LAS_SPIKEGELU0_30_BIAS_WIDTH 1
#define FS_LAS_SPIKEGELU0_30_BIAS_FRAC_BITS 22
#define FS_LAS_SPIKEGELU0_30_BIAS_SIGNED 0
#define FS_LAS_SPIKEGELU0_30_BIAS_DIM0 1
static const uint8_t fs_las_spikegelu0_30_bias[1] = {
    0,
};

/* output: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define OUTPUT_LEN 16
#define OUTPUT_WIDTH 32
#define OUTPUT_FRAC_BITS 22
#define OUTPUT_SIGNED 1
#define OUTPUT_DIM0 16
static const int32_t output[16] = {
    0, -109848, -109848, -109848, -667892, -667892, -667892, 1367564, 5104950, 5712402, 10700580, 10700580,
    13900409, 20986842, 21502674, 21502674,
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

/* count_las_spikeGelu6_1_overflow_acc: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_LAS_SPIKEGELU6_1_OVERFLOW_ACC_LEN 1
#define COUNT_LAS_SPIKEGELU6_1_OVERFLOW_ACC_WIDTH 32
#define COUNT_LAS_SPIKEGELU6_1_OVERFLOW_ACC_FRAC_BITS 0
#define COUNT_LAS_SPIKEGELU6_1_OVERFLOW_ACC_SIGNED 0
#define COUNT_LAS_SPIKEGELU6_1_OVERFLOW_ACC_DIM0 1
static const uint32_t count_las_spikeGelu6_1_overflow_acc[1] = {
    0,
};

/* count_las_spikeGelu6_1_overflow_v: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_LAS_SPIKEGELU6_1_OVERFLOW_V_LEN 1
#define COUNT_LAS_SPIKEGELU6_1_OVERFLOW_V_WIDTH 32
#define COUNT_LAS_SPIKEGELU6_1_OVERFLOW_V_FRAC_BITS 0
#define COUNT_LAS_SPIKEGELU6_1_OVERFLOW_V_SIGNED 0
#define COUNT_LAS_SPIKEGELU6_1_OVERFLOW_V_DIM0 1
static const uint32_t count_las_spikeGelu6_1_overflow_v[1] = {
    0,
};

/* count_las_spikegelu0_30_overflow_acc: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_LAS_SPIKEGELU0_30_OVERFLOW_ACC_LEN 1
#define COUNT_LAS_SPIKEGELU0_30_OVERFLOW_ACC_WIDTH 32
#define COUNT_LAS_SPIKEGELU0_30_OVERFLOW_ACC_FRAC_BITS 0
#define COUNT_LAS_SPIKEGELU0_30_OVERFLOW_ACC_SIGNED 0
#define COUNT_LAS_SPIKEGELU0_30_OVERFLOW_ACC_DIM0 1
static const uint32_t count_las_spikegelu0_30_overflow_acc[1] = {
    0,
};

/* count_las_spikegelu0_30_overflow_v: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_LAS_SPIKEGELU0_30_OVERFLOW_V_LEN 1
#define COUNT_LAS_SPIKEGELU0_30_OVERFLOW_V_WIDTH 32
#define COUNT_LAS_SPIKEGELU0_30_OVERFLOW_V_FRAC_BITS 0
#define COUNT_LAS_SPIKEGELU0_30_OVERFLOW_V_SIGNED 0
#define COUNT_LAS_SPIKEGELU0_30_OVERFLOW_V_DIM0 1
static const uint32_t count_las_spikegelu0_30_overflow_v[1] = {
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

/* trace_las_spikeGelu6_1_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 8], axes ['step', 'element'] */
#define TRACE_LAS_SPIKEGELU6_1_SPIKES_LEN 128
#define TRACE_LAS_SPIKEGELU6_1_SPIKES_WIDTH 1
#define TRACE_LAS_SPIKEGELU6_1_SPIKES_FRAC_BITS 0
#define TRACE_LAS_SPIKEGELU6_1_SPIKES_SIGNED 0
#define TRACE_LAS_SPIKEGELU6_1_SPIKES_DIM0 16
#define TRACE_LAS_SPIKEGELU6_1_SPIKES_DIM1 8
static const uint8_t trace_las_spikeGelu6_1_spikes[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 0,
};

/* trace_las_spikegelu0_30_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 8], axes ['step', 'element'] */
#define TRACE_LAS_SPIKEGELU0_30_SPIKES_LEN 128
#define TRACE_LAS_SPIKEGELU0_30_SPIKES_WIDTH 1
#define TRACE_LAS_SPIKEGELU0_30_SPIKES_FRAC_BITS 0
#define TRACE_LAS_SPIKEGELU0_30_SPIKES_SIGNED 0
#define TRACE_LAS_SPIKEGELU0_30_SPIKES_DIM0 16
#define TRACE_LAS_SPIKEGELU0_30_SPIKES_DIM1 8
static const uint8_t trace_las_spikegelu0_30_spikes[128] = {
    0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0,
    0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1,
    0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0,
    0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 1, 0, 0,
};

#endif /* FXSIM_GOLDEN_GELU */
