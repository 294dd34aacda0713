/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_SIGMOID
#define FXSIM_GOLDEN_SIGMOID

#include <stdint.h>

#define FXSIM_FS_FS_SIGMOID_STEPS 12
#define FXSIM_POP_N 1
#define FXSIM_POP_STEPS 12
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
#define FXSIM_FS_PART0_HI 41943040
#define FXSIM_FS_FS_SIGMOID_PART 0
#define FXSIM_FS_FS_SIGMOID_UPPER 41943040
#define FXSIM_FS_FS_SIGMOID_CLOSED 1
#define FXSIM_OP_OUT_DROP 0
#define FXSIM_OP_OUT {1, 32, 6, 1}

/* input: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define INPUT_LEN 16
#define INPUT_WIDTH 32
#define INPUT_FRAC_BITS 22
#define INPUT_SIGNED 1
#define INPUT_DIM0 16
static const int32_t input[16] = {
    -25033414, -21280248, -21018096, -12006798, -10756044, -4593602, -3106467, 5727323, 15654320, 15787081, 15990555, 17882961,
    18360864, 20656470, 22471359, 24400958,
};

/* fs_fs_sigmoid_threshold: fixed<26,4,TRN,WRAP>, shape [12], axes ['step'] */
#define FS_FS_SIGMOID_THRESHOLD_LEN 12
#define FS_FS_SIGMOID_THRESHOLD_WIDTH 26
#define FS_FS_SIGMOID_THRESHOLD_FRAC_BITS 22
#define FS_FS_SIGMOID_THRESHOLD_SIGNED 1
#define FS_FS_SIGMOID_THRESHOLD_DIM0 12
static const int32_t fs_fs_sigmoid_threshold[12] = {
    -34596, -3908934, 4227910, -5064594, -7501881, -11352055, -13721974, 299164, -15600177, -2281357, -15809656, -23256494,
};

/* fs_fs_sigmoid_reset_amount: fixed<27,5,TRN,WRAP>, shape [12], axes ['step'] */
#define FS_FS_SIGMOID_RESET_AMOUNT_LEN 12
#define FS_FS_SIGMOID_RESET_AMOUNT_WIDTH 27
#define FS_FS_SIGMOID_RESET_AMOUNT_FRAC_BITS 22
#define FS_FS_SIGMOID_RESET_AMOUNT_SIGNED 1
#define FS_FS_SIGMOID_RESET_AMOUNT_DIM0 12
static const int32_t fs_fs_sigmoid_reset_amount[12] = {
    6945143, 4609132, 45189012, 5695629, 4255943, 3763404, 8895119, 7109069, 15266091, -9011020, 21465560, 0,
};

/* fs_fs_sigmoid_intensity: fixed<22,0,TRN,WRAP>, shape [12], axes ['step'] */
#define FS_FS_SIGMOID_INTENSITY_LEN 12
#define FS_FS_SIGMOID_INTENSITY_WIDTH 22
#define FS_FS_SIGMOID_INTENSITY_FRAC_BITS 22
#define FS_FS_SIGMOID_INTENSITY_SIGNED 1
#define FS_FS_SIGMOID_INTENSITY_DIM0 12
static const int32_t fs_fs_sigmoid_intensity[12] = {
    1580829, 921805, 1689103, 713274, 401983, 263948, 182900, -185848, 83882, 298103, 63009, 42857,
};

/* fs_fs_sigmoid_bias: ufixed<1,-21,TRN,WRAP>, shape [1], axes ['step'] */
#define FS_FS_SIGMOID_BIAS_LEN 1
#define FS_FS_SIGMOID_BIAS_WIDTH 1
#define FS_FS_SIGMOID_BIAS_FRAC_BITS 22
#define FS_FS_SIGMOID_BIAS_SIGNED 0
#define FS_FS_SIGMOID_BIAS_DIM0 1
static const uint8_t fs_fs_sigmoid_bias[1] = {
    0,
};

/* output: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define OUTPUT_LEN 16
#define OUTPUT_WIDTH 32
#define OUTPUT_FRAC_BITS 22
#define OUTPUT_SIGNED 1
#define OUTPUT_DIM0 16
static const int32_t output[16] = {
    0, 42857, 42857, 225757, 347830, 1061104, 1411510, 3252447, 4107596, 4191737, 4191737, 4191737,
    4191737, 4191737, 4191737, 4191737,
};

/* count_fs_sigmoid_overflow_acc: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_FS_SIGMOID_OVERFLOW_ACC_LEN 1
#define COUNT_FS_SIGMOID_OVERFLOW_ACC_WIDTH 32
#define COUNT_FS_SIGMOID_OVERFLOW_ACC_FRAC_BITS 0
#define COUNT_FS_SIGMOID_OVERFLOW_ACC_SIGNED 0
#define COUNT_FS_SIGMOID_OVERFLOW_ACC_DIM0 1
static const uint32_t count_fs_sigmoid_overflow_acc[1] = {
    0,
};

/* count_fs_sigmoid_overflow_v: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define COUNT_FS_SIGMOID_OVERFLOW_V_LEN 1
#define COUNT_FS_SIGMOID_OVERFLOW_V_WIDTH 32
#define COUNT_FS_SIGMOID_OVERFLOW_V_FRAC_BITS 0
#define COUNT_FS_SIGMOID_OVERFLOW_V_SIGNED 0
#define COUNT_FS_SIGMOID_OVERFLOW_V_DIM0 1
static const uint32_t count_fs_sigmoid_overflow_v[1] = {
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

/* trace_fs_sigmoid_spikes: ufixed<1,1,TRN,WRAP>, shape [12, 16], axes ['step', 'element'] */
#define TRACE_FS_SIGMOID_SPIKES_LEN 192
#define TRACE_FS_SIGMOID_SPIKES_WIDTH 1
#define TRACE_FS_SIGMOID_SPIKES_FRAC_BITS 0
#define TRACE_FS_SIGMOID_SPIKES_SIGNED 0
#define TRACE_FS_SIGMOID_SPIKES_DIM0 12
#define TRACE_FS_SIGMOID_SPIKES_DIM1 16
static const uint8_t trace_fs_sigmoid_spikes[192] = {
    0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
    0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0,
};

#endif /* FXSIM_GOLDEN_SIGMOID */
