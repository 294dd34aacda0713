/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_SILU
#define FXSIM_GOLDEN_SILU

#include <stdint.h>

#define FXSIM_FS_FS_SWISH_STEPS 16
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
#define FXSIM_FS_PART0_LO -33554432
#define FXSIM_FS_PART0_HI 50331648
#define FXSIM_FS_FS_SWISH_PART 0
#define FXSIM_FS_FS_SWISH_UPPER 50331648
#define FXSIM_FS_FS_SWISH_CLOSED 1
#define FXSIM_OP_OUT_DROP 0
#define FXSIM_OP_OUT {1, 32, 6, 1}
#define FXSIM_OP_PASS_ABOVE 50331648
#define FXSIM_OP_PASS_DROP 0

/* input: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define INPUT_LEN 16
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 22
#define INPUT_SIGNED 1
#define INPUT_DIM0 16
static const int32_t input[16] = {
    -24243455, -22909045, -17805051, -7831264, -7783462, -2163774, 2773998, 3603608, 9701091, 11011124, 14166649, 15895596,
    17303520, 19588267, 22227531, 23954738,
};

/* fs_fs_swish_threshold: fixed<26,4,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_FS_SWISH_THRESHOLD_LEN 16
#define FS_FS_SWISH_THRESHOLD_WIDTH 26
#define FS_FS_SWISH_THRESHOLD_FRAC_BITS 22
#define FS_FS_SWISH_THRESHOLD_SIGNED 1
#define FS_FS_SWISH_THRESHOLD_DIM0 16
static const int32_t fs_fs_swish_threshold[16] = {
    249433, 6937885, 5480594, 5564666, 4614026, 5162758, 4692599, 3973055, 2284860, 4293426, 500021, -539180,
    -1876164, -8968909, 4194304, -17235003,
};

/* fs_fs_swish_reset_amount: fixed<27,5,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_FS_SWISH_RESET_AMOUNT_LEN 16
#define FS_FS_SWISH_RESET_AMOUNT_WIDTH 27
#define FS_FS_SWISH_RESET_AMOUNT_FRAC_BITS 22
#define FS_FS_SWISH_RESET_AMOUNT_SIGNED 1
#define FS_FS_SWISH_RESET_AMOUNT_DIM0 16
static const int32_t fs_fs_swish_reset_amount[16] = {
    3290048, 7361274, 5961246, 8071797, 6039867, 8073732, 6753009, 5413211, 3522598, 12930194, 1824661, 2162327,
    1371305, 31952409, -60480501, 0,
};

/* fs_fs_swish_intensity: fixed<24,2,TRN,WRAP>, shape [16], axes ['step'] */
#define FS_FS_SWISH_INTENSITY_LEN 16
#define FS_FS_SWISH_INTENSITY_WIDTH 24
#define FS_FS_SWISH_INTENSITY_FRAC_BITS 22
#define FS_FS_SWISH_INTENSITY_SIGNED 1
#define FS_FS_SWISH_INTENSITY_DIM0 16
static const int32_t fs_fs_swish_intensity[16] = {
    1681423, 7908912, 6255996, 8167270, 6173099, 8031190, 6874172, 5425182, 3650355, 2871454, 1856507, 1377106,
    583328, -1099627, 995568, -622039,
};

/* fs_fs_swish_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_FS_SWISH_BIAS_LEN 1
#define FS_FS_SWISH_BIAS_WIDTH 1
#define FS_FS_SWISH_BIAS_FRAC_BITS 22
#define FS_FS_SWISH_BIAS_SIGNED 0
#define FS_FS_SWISH_BIAS_DIM0 1
static const uint8_t fs_fs_swish_bias[1] = {
    0,
};

/* output: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define OUTPUT_LEN 16
#define OUTPUT_WIDTH 32
#define OUTPUT_FRAC_BITS 22
#define OUTPUT_SIGNED 1
#define OUTPUT_DIM0 16
static const int32_t output[16] = {
    0, 0, 0, -1099627, -1099627, -1099627, 1958902, 2542230, 8798226, 10451142, 13518169, 15247135,
    17186539, 18980387, 22913974, 23497302,
};

/* count_fs_swish_overflow_acc: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_FS_SWISH_OVERFLOW_ACC_LEN 1
#define COUNT_FS_SWISH_OVERFLOW_ACC_WIDTH 32
#define COUNT_FS_SWISH_OVERFLOW_ACC_FRAC_BITS 0
#define COUNT_FS_SWISH_OVERFLOW_ACC_SIGNED 0
#define COUNT_FS_SWISH_OVERFLOW_ACC_DIM0 1
static const uint32_t count_fs_swish_overflow_acc[1] = {
    0,
};

/* count_fs_swish_overflow_v: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_FS_SWISH_OVERFLOW_V_LEN 1
#define COUNT_FS_SWISH_OVERFLOW_V_WIDTH 32
#define COUNT_FS_SWISH_OVERFLOW_V_FRAC_BITS 0
#define COUNT_FS_SWISH_OVERFLOW_V_SIGNED 0
#define COUNT_FS_SWISH_OVERFLOW_V_DIM0 1
static const uint32_t count_fs_swish_overflow_v[1] = {
    0,
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

/* trace_fs_swish_spikes: ufixed<1,1,TRN,WRAP>, shape [16, 16], axes ['step', 'element'] */
#define TRACE_FS_SWISH_SPIKES_LEN 256
#define TRACE_FS_SWISH_SPIKES_WIDTH 1
#define TRACE_FS_SWISH_SPIKES_FRAC_BITS 0
#define TRACE_FS_SWISH_SPIKES_SIGNED 0
#define TRACE_FS_SWISH_SPIKES_DIM0 16
#define TRACE_FS_SWISH_SPIKES_DIM1 16
static const uint8_t trace_fs_swish_spikes[256] = {
    0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1,
    1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0,
};

#endif /* FXSIM_GOLDEN_SILU */
