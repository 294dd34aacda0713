/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_GELU
#define FXSIM_GOLDEN_GELU

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
    -95548811, -84008570, -76020521, -44126092, -37528058, -20272426, -4960492, 12870154, 15476270, 29055647, 43771356, 47555069,
    78235905, 82018246, 90258915, 94577459,
};

/* mbe_mbe_bank0_threshold: ufixed<30,2,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK0_THRESHOLD_LEN 32
#define MBE_MBE_BANK0_THRESHOLD_WIDTH 30
#define MBE_MBE_BANK0_THRESHOLD_FRAC_BITS 28
#define MBE_MBE_BANK0_THRESHOLD_SIGNED 0
#define MBE_MBE_BANK0_THRESHOLD_DIM0 2
#define MBE_MBE_BANK0_THRESHOLD_DIM1 16
static const uint32_t mbe_mbe_bank0_threshold[32] = {
    136036841, 67520989, 33513598, 16634253, 8256302, 4097961, 2033996, 1009560, 501089, 248712, 123447, 61272,
    30412, 15095, 7492, 3719, 536870912, 179491500, 16907913, 1592708, 150031, 14133, 1331, 125,
    12, 1, 1, 1, 1, 1, 1, 1,
};

/* mbe_mbe_bank0_reset: ufixed<30,2,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK0_RESET_LEN 32
#define MBE_MBE_BANK0_RESET_WIDTH 30
#define MBE_MBE_BANK0_RESET_FRAC_BITS 28
#define MBE_MBE_BANK0_RESET_SIGNED 0
#define MBE_MBE_BANK0_RESET_DIM0 2
#define MBE_MBE_BANK0_RESET_DIM1 16
static const uint32_t mbe_mbe_bank0_reset[32] = {
    140827646, 68506972, 33325880, 16211697, 7886337, 3836385, 1866247, 907854, 441634, 214837, 104510, 50840,
    24731, 12031, 5853, 2847, 536870912, 536870912, 314982396, 140328470, 62518032, 27852540, 12408644, 5528201,
    2462880, 1097243, 488835, 217782, 97024, 43226, 19258, 8579,
};

/* mbe_mbe_bank0_intensity: fixed<26,4,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK0_INTENSITY_LEN 32
#define MBE_MBE_BANK0_INTENSITY_WIDTH 26
#define MBE_MBE_BANK0_INTENSITY_FRAC_BITS 22
#define MBE_MBE_BANK0_INTENSITY_SIGNED 1
#define MBE_MBE_BANK0_INTENSITY_DIM0 2
#define MBE_MBE_BANK0_INTENSITY_DIM1 16
static const int32_t mbe_mbe_bank0_intensity[32] = {
    22359887, 10991115, 5402738, 2655743, 1305444, 641697, 315430, 155051, 76216, 37464, 18416, 9052,
    4450, 2187, 1075, 529, -790721, -525193, -348831, -231692, -153888, -102212, -67889, -45091,
    -29949, -19892, -13212, -8776, -5829, -3871, -2571, -1708,
};

/* mbe_mbe_bank1_threshold: ufixed<29,1,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK1_THRESHOLD_LEN 32
#define MBE_MBE_BANK1_THRESHOLD_WIDTH 29
#define MBE_MBE_BANK1_THRESHOLD_FRAC_BITS 28
#define MBE_MBE_BANK1_THRESHOLD_SIGNED 0
#define MBE_MBE_BANK1_THRESHOLD_DIM0 2
#define MBE_MBE_BANK1_THRESHOLD_DIM1 16
static const uint32_t mbe_mbe_bank1_threshold[32] = {
    5103467, 4218139, 3486394, 2881589, 2381703, 1968535, 1627042, 1344790, 1111501, 918683, 759313, 627591,
    518719, 428734, 354359, 292886, 497963489, 67630966, 9185307, 1247503, 169430, 23011, 3125, 424,
    58, 8, 1, 1, 1, 1, 1, 1,
};

/* mbe_mbe_bank1_reset: ufixed<30,2,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK1_RESET_LEN 32
#define MBE_MBE_BANK1_RESET_WIDTH 30
#define MBE_MBE_BANK1_RESET_FRAC_BITS 28
#define MBE_MBE_BANK1_RESET_SIGNED 0
#define MBE_MBE_BANK1_RESET_DIM0 2
#define MBE_MBE_BANK1_RESET_DIM1 16
static const uint32_t mbe_mbe_bank1_reset[32] = {
    5985143, 387607, 25102, 1626, 105, 7, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 536870912, 502920924, 467464691, 434508145, 403875056, 375401618, 348935574, 324335403,
    301469559, 280215771, 260460388, 242097772, 225029731, 209164998, 194418738, 180712098,
};

/* mbe_mbe_bank1_intensity: fixed<20,-2,TRN,WRAP>, shape [2, 16], axes ['basis', 'step'] */
#define MBE_MBE_BANK1_INTENSITY_LEN 32
#define MBE_MBE_BANK1_INTENSITY_WIDTH 20
#define MBE_MBE_BANK1_INTENSITY_FRAC_BITS 22
#define MBE_MBE_BANK1_INTENSITY_SIGNED 1
#define MBE_MBE_BANK1_INTENSITY_DIM0 2
#define MBE_MBE_BANK1_INTENSITY_DIM1 16
static const int32_t mbe_mbe_bank1_intensity[32] = {
    334146, 108879, 35477, 11560, 3767, 1227, 400, 130, 42, 14, 5, 1,
    0, 0, 0, 0, -280983, -249951, -222347, -197791, -175948, -156516, -139231, -123854,
    -110176, -98008, -87185, -77556, -68991, -61372, -54594, -48565,
};

/* mbe_mbe_bias: fixed<19,-3,TRN,WRAP>, shape [1], axes ['one'] */
#define MBE_MBE_BIAS_LEN 1
#define MBE_MBE_BIAS_WIDTH 19
#define MBE_MBE_BIAS_FRAC_BITS 22
#define MBE_MBE_BIAS_SIGNED 1
#define MBE_MBE_BIAS_DIM0 1
static const int32_t mbe_mbe_bias[1] = {
    -250441,
};

/* output: fixed<32,10,RND_CONV,SAT>, shape [16], axes ['element'] */
#define OUTPUT_LEN 16
#define OUTPUT_WIDTH 32
#define OUTPUT_FRAC_BITS 22
#define OUTPUT_SIGNED 1
#define OUTPUT_DIM0 16
static const int32_t output[16] = {
    22860, 22860, -86019, -114086, -286730, -442646, -426388, 2791677, 3473840, 6997563, 10654369, 11653410,
    19651561, 20646025, 22371433, 23510275,
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
    0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0,
    1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0,
    0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1,
    0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1,
    1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1,
    1, 1, 1, 1,
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
    0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
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
    0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0,
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
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
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

#endif /* FXSIM_GOLDEN_GELU */
