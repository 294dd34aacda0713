/* fxsim golden vectors, format_version 1.4.0. Generated: do not edit. */
#ifndef FXSIM_GOLDEN_DIVGROUP
#define FXSIM_GOLDEN_DIVGROUP

#include <stdint.h>

#define FXSIM_DIV_STEPS 4
#define FXSIM_DIV_N 8
#define FXSIM_DIV_GROUP 256
#define FXSIM_DIV_NORMALIZE 1
#define FXSIM_DIV_NORMALIZE_BIT 24
#define FXSIM_DIV_OUT_DROP 0
#define FXSIM_DIV_OUT_FORMAT {1, 10, 0, 1}

/* numerator: fixed<15,15,TRN,WRAP>, shape [4, 8], axes ['step', 'division'] */
#define NUMERATOR_LEN 32
#define NUMERATOR_WIDTH 15
#define NUMERATOR_FRAC_BITS 0
#define NUMERATOR_SIGNED 1
#define NUMERATOR_DIM0 4
#define NUMERATOR_DIM1 8
static const int16_t numerator[32] = {
    0, -1688, -285, -226, 2203, -4635, -1141, 179, 0, -3776, -365, -230,
    886, -4293, -206, 52, 0, -1350, -244, -172, 1614, -9771, -4557, 219,
    0, -1242, -382, -312, 521, -5163, -2959, 196,
};

/* denominator: ufixed<16,16,TRN,WRAP>, shape [8], axes ['division'] */
#define DENOMINATOR_LEN 8
#define DENOMINATOR_WIDTH 16
#define DENOMINATOR_FRAC_BITS 0
#define DENOMINATOR_SIGNED 0
#define DENOMINATOR_DIM0 8
static const uint16_t denominator[8] = {
    1, 17146, 7164, 19562, 27120, 53362, 29575, 6024,
};

/* shift: ufixed<5,5,TRN,WRAP>, shape [8], axes ['division'] */
#define SHIFT_LEN 8
#define SHIFT_WIDTH 5
#define SHIFT_FRAC_BITS 0
#define SHIFT_SIGNED 0
#define SHIFT_DIM0 8
static const uint8_t shift[8] = {
    24, 10, 12, 10, 10, 9, 10, 12,
};

/* theta: ufixed<17,17,TRN,WRAP>, shape [8], axes ['division'] */
#define THETA_LEN 8
#define THETA_WIDTH 17
#define THETA_FRAC_BITS 0
#define THETA_SIGNED 0
#define THETA_DIM0 8
static const uint32_t theta[8] = {
    65536, 68584, 114624, 78248, 108480, 106724, 118300, 96384,
};

/* quotient: fixed<10,2,TRN,SAT>, shape [8], axes ['division'] */
#define QUOTIENT_LEN 8
#define QUOTIENT_WIDTH 10
#define QUOTIENT_FRAC_BITS 8
#define QUOTIENT_SIGNED 1
#define QUOTIENT_DIM0 8
static const int16_t quotient[8] = {
    0, -121, -46, -13, 49, -115, -77, 27,
};

/* overflow_q: ufixed<32,32,TRN,WRAP>, shape [1], axes ['count'] */
#define OVERFLOW_Q_LEN 1
#define OVERFLOW_Q_WIDTH 32
#define OVERFLOW_Q_FRAC_BITS 0
#define OVERFLOW_Q_SIGNED 0
#define OVERFLOW_Q_DIM0 1
static const uint32_t overflow_q[1] = {
    0,
};

/* trace_membrane: ufixed<24,24,TRN,WRAP>, shape [4, 8], axes ['step', 'division'] */
#define TRACE_MEMBRANE_LEN 32
#define TRACE_MEMBRANE_WIDTH 24
#define TRACE_MEMBRANE_FRAC_BITS 0
#define TRACE_MEMBRANE_SIGNED 0
#define TRACE_MEMBRANE_DIM0 4
#define TRACE_MEMBRANE_DIM1 8
static const uint32_t trace_membrane[32] = {
    0, 1728512, 1167360, 231424, 2255872, 2373120, 1168384, 733184, 0, 5595136, 2662400, 466944,
    3163136, 4571136, 1379328, 946176, 0, 6977536, 3661824, 643072, 4815872, 9573888, 6045696, 1843200,
    0, 8249344, 5226496, 962560, 5349376, 12217344, 9075712, 2646016,
};

/* trace_latched: ufixed<9,9,TRN,WRAP>, shape [4, 8], axes ['step', 'division'] */
#define TRACE_LATCHED_LEN 32
#define TRACE_LATCHED_WIDTH 9
#define TRACE_LATCHED_FRAC_BITS 0
#define TRACE_LATCHED_SIGNED 0
#define TRACE_LATCHED_DIM0 4
#define TRACE_LATCHED_DIM1 8
static const uint16_t trace_latched[32] = {
    0, 25, 10, 2, 20, 22, 9, 7, 0, 81, 23, 5,
    29, 42, 11, 9, 0, 101, 31, 8, 44, 89, 51, 19,
    0, 120, 45, 12, 49, 114, 76, 27,
};

#endif /* FXSIM_GOLDEN_DIVGROUP */
