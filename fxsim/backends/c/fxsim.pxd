# Every declaration of csrc/fxsim.h the Cython glue uses, once (the umbrella header includes
# the per-family headers). Struct fields and enum values are the C ones; their Python twins
# are fxsim/backends/abi.py and fxsim.formats (checked when fxsim.backends.c loads).
from libc.stdint cimport int32_t, int64_t

cdef extern from "fxsim.h" nogil:
    # ---- enums and limits (fx_types) ----
    enum: FX_INTERMEDIATE_BITS
    enum fx_rounding:
        FX_TRN, FX_TRN_ZERO, FX_RND, FX_RND_ZERO, FX_RND_INF, FX_RND_MIN_INF, FX_RND_CONV
    enum fx_overflow:
        FX_WRAP, FX_SAT, FX_SAT_SYM, FX_SAT_ZERO
    enum fx_status:
        FX_OK, FX_EINVAL
    enum fx_decay_kind:
        FX_DECAY_NONE, FX_DECAY_SHIFT, FX_DECAY_MULT
    enum fx_input_mode:
        FX_INPUT_CURRENT, FX_INPUT_INITIAL
    enum fx_membrane:
        FX_MEMBRANE_SUM, FX_MEMBRANE_INCREMENT
    enum fx_reset:
        FX_RESET_SUBTRACT, FX_RESET_ZERO
    enum fx_var:
        FX_VAR_V, FX_VAR_I, FX_VAR_ACC, FX_NVARS
    enum fx_polarnorm_var:
        FX_PN_INPUT, FX_PN_MERGE, FX_PN_OUTPUT, FX_PN_NVARS
    enum fx_activation_kind:
        FX_ACT_SIGMOID, FX_ACT_SILU, FX_ACT_GELU_TANH
    enum fx_norm_center:
        FX_CENTER_NONE, FX_CENTER_MEAN, FX_CENTER_EXACT
    enum:
        FX_PWL_NSTATS, FX_SM_NCOUNTS, FX_IN_NCOUNTS, FX_ACT_NCOUNTS, FX_NORM_NCOUNTS,
        FX_CHAIN_NCOUNTS, FX_MBE_NCOUNTS, FX_MBE_MAX_BANKS, FX_FS_NCOUNTS, FX_FS_MAX_PIECES,
        FX_FS_PIECE_SLOTS
    enum fx_mbe_pre:
        FX_MBE_PRE_NONE, FX_MBE_PRE_EXP, FX_MBE_PRE_RECIP, FX_MBE_PRE_RSQRT
    enum fx_mbe_post:
        FX_MBE_POST_NONE, FX_MBE_POST_SHIFT, FX_MBE_POST_SIGMOID, FX_MBE_POST_PASS
    int64_t FX_DIV_MAX_GROUP

    # ---- structs ----
    ctypedef struct fx_format_t:
        int32_t is_signed
        int32_t width
        int32_t rounding
        int32_t overflow
    ctypedef struct fx_decay_t:
        int32_t kind
        int32_t shift
        int32_t rounding
        int32_t min_step
        int64_t factor
    ctypedef struct fx_schedule_t:
        const int64_t *data
        int64_t t_stride
        int64_t n_stride
    ctypedef struct fx_population_t:
        int64_t n
        int32_t steps
        int32_t cuba
        fx_format_t v_format, i_format, acc_format
        fx_decay_t decay_v, decay_i
        int32_t compare_strict
        int32_t reset
        int64_t v_reset
        int32_t max_spikes
        int32_t input_mode
        int32_t input_shift
        int32_t input_before_decay
        int32_t membrane
        int32_t continue_state
        fx_schedule_t threshold, reset_amount, intensity, bias
    ctypedef struct fx_record_t:
        int64_t *v
        int64_t *i
        int64_t *spikes
        int64_t *acc
    ctypedef struct fx_extremes_t:
        int64_t min
        int64_t max

    ctypedef struct fx_float_rows_t:
        const double *f64
        const float *f32
        int32_t frac
        fx_format_t format
    ctypedef struct fx_polarnorm_t:
        int64_t d
        int32_t n
        int32_t guard_bits
        int32_t has_eps
        int64_t eps_raw
        int64_t gain_m
        int32_t gain_shift
        fx_format_t internal
        fx_format_t output
        int32_t output_drop
    ctypedef struct fx_pwl_exp_t:
        int32_t segments
        const int64_t *knots
        const int64_t *slope
        const int64_t *intercept
        int64_t x_lo, x_hi
        int64_t upper
        int32_t intercept_shift
        int32_t sum_frac
        int32_t out_frac
        fx_format_t out_format
    ctypedef struct fx_divgroup_t:
        int64_t m
        int32_t steps
        int32_t n
        int64_t group
        int32_t normalize
        int32_t normalize_bit
    ctypedef struct fx_softmax_t:
        int64_t d
        int64_t L_raw
        int32_t exp_in_drop
        fx_format_t exp_in
        fx_pwl_exp_t pwl
        fx_divgroup_t div
        int32_t out_drop
        fx_format_t out
    ctypedef struct fx_activation_t:
        int32_t kind
        int64_t clip_raw
        fx_format_t poly
        int32_t poly_in_drop, poly_frac
        int64_t c1_m, c3_m
        int32_t c1_shift, c3_shift
        int32_t exp_in_drop
        fx_format_t exp_in
        fx_pwl_exp_t pwl
        int32_t den_shift, num_shift
        fx_divgroup_t div
        int32_t out_drop
        fx_format_t out
        int32_t bypass_drop
    ctypedef struct fx_chain_t:
        int64_t bases
        int64_t steps
        int32_t compare_strict
        fx_format_t v_format
        fx_format_t acc_format
        const int64_t *theta
        const int64_t *reset
        const int64_t *intensity
    ctypedef struct fx_mbe_t:
        int64_t banks
        const int64_t *bank_bases
        const int64_t *sign
        const int64_t *offset
        const int64_t *scale_m
        const int64_t *scale_drop
        fx_format_t u_format
        int64_t u_one
        fx_format_t acc_format
        int64_t steps
        int32_t compare_strict
        const int64_t *theta
        const int64_t *reset
        const int64_t *intensity
        int64_t bias
        int32_t out_drop
        fx_format_t out
    ctypedef struct fx_mbe_op_t:
        fx_mbe_t neuron
        int32_t pre
        int64_t z_m
        int32_t z_drop
        fx_format_t z_format
        int32_t z_frac
        int32_t x_frac
        int32_t mant_frac
        int32_t post
        int32_t shift_base
        int64_t post_one
        int64_t pass_at
        int32_t post_drop
        fx_format_t post_format
        int32_t tails
        int64_t tail_lo, tail_hi, tail_lo_y, tail_hi_y
        int32_t tail_hi_pass
    ctypedef struct fx_fs_op_t:
        int64_t pieces
        const int64_t *upper
        const int64_t *closed
        const int64_t *piece_steps
        const int64_t *theta
        const int64_t *reset
        const int64_t *intensity
        int32_t compare_strict
        fx_format_t v_format, acc_format
        int32_t requant_in
        int32_t in_drop
        fx_format_t in_format
        int64_t lo, hi
        int32_t readout
        int32_t out_drop
        fx_format_t out
        int32_t pass_ "pass"
        int64_t pass_at
        int32_t pass_drop
    ctypedef struct fx_norm_t:
        int64_t d
        int32_t center
        int64_t inv_d_m
        int32_t inv_d_shift
        int32_t row_exponent
        int32_t top_bits
        int32_t exp_lo
        const int64_t *eps_leaves
        int64_t n_eps_leaves
        int32_t norm_in_drop
        fx_format_t norm_in
        fx_polarnorm_t pn
        const int64_t *weight
        int32_t num_drop
        int64_t sqrt_d_m
        int32_t sqrt_d_shift
        int32_t den_shift
        fx_divgroup_t div
        int32_t q_drop
        fx_format_t q_format
        const int64_t *bias
        int32_t out_drop
        fx_format_t out

    # ---- kernels ----
    int64_t fx_requantize_seen(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                               const fx_format_t *fmt, fx_extremes_t *seen, int threads)
    int64_t fx_quantize_floats(const fx_float_rows_t *x, int64_t n, int64_t *y,
                               int64_t *invalid, int threads)
    void fx_shift_right_array(const int64_t *x, int64_t *y, int64_t n, int32_t k,
                              int32_t rounding)
    int fx_population_run(const fx_population_t *p, const int32_t *input, int64_t *v,
                          int64_t *i_syn, int64_t *acc, int64_t *spike_total, int64_t *overflow,
                          const fx_record_t *rec, int threads)
    int fx_population_run_paths(const fx_population_t *p, const int32_t *input, int64_t *v,
                                int64_t *i_syn, int64_t *acc, int64_t *spike_total,
                                int64_t *overflow, const fx_record_t *rec, int threads,
                                int64_t *paths)
    int fx_polarnorm(const fx_polarnorm_t *p, const int64_t *x, int64_t rows, int64_t *out,
                     int64_t *overflow, int64_t *scratch, int64_t *sorted, int64_t *cordic_x,
                     int64_t *cordic_y, int64_t *merged)
    int fx_pwl_exp(const fx_pwl_exp_t *p, const int64_t *x, int64_t n, int64_t *y,
                   int64_t *index, int64_t *product, int64_t *sum, int64_t *stats)
    int fx_divgroup_run(const fx_divgroup_t *cfg, const int64_t *a, const int64_t *b, int64_t *q,
                        int64_t *membrane, int64_t *latched, int64_t *spikes)
    int fx_softmax(const fx_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
                   int64_t *counts, int threads)
    int fx_softmax_floats(const fx_softmax_t *p, const fx_float_rows_t *x, int64_t rows,
                          int64_t *y, int64_t *counts, int64_t *in_counts, int threads)
    int fx_activation(const fx_activation_t *p, const int64_t *x, int64_t n, int64_t *y,
                      int64_t *counts, int threads)
    int fx_norm(const fx_norm_t *p, const int64_t *x, int64_t rows, int64_t *y, int64_t *counts,
                int64_t *scratch, int threads)
    int fx_activation_floats(const fx_activation_t *p, const fx_float_rows_t *x, int64_t n,
                             int64_t *y, int64_t *counts, int64_t *in_counts, int threads)
    int fx_norm_floats(const fx_norm_t *p, const fx_float_rows_t *x, int64_t rows, int64_t *y,
                       int64_t *counts, int64_t *in_counts, int64_t *scratch, int threads)
    int fx_chain(const fx_chain_t *p, const int64_t *u, int64_t n, int64_t *acc,
                 int64_t *counts, int threads)
    int fx_mbe_op(const fx_mbe_op_t *p, const int64_t *x, int64_t n, int64_t *y,
                  int64_t *counts, int threads)
    int fx_mbe_op_floats(const fx_mbe_op_t *p, const fx_float_rows_t *x, int64_t n,
                         int64_t *y, int64_t *counts, int64_t *in_counts, int threads)
    int fx_fs_op(const fx_fs_op_t *p, const int64_t *x, int64_t n, int64_t *y,
                 int64_t *counts, int threads)
    int fx_fs_op_floats(const fx_fs_op_t *p, const fx_float_rows_t *x, int64_t n,
                        int64_t *y, int64_t *counts, int64_t *in_counts, int threads)

cdef extern from "fx_mbe_rows.h" nogil:
    # ---- the MBE row operators (fx_mbe_rows) ----
    enum: FX_MBE_ROWS_FALLBACK
    enum: FX_MSM_NCOUNTS
    enum: FX_MNR_NCOUNTS
    ctypedef struct fx_mbe_encoder_t:
        fx_mbe_op_t neuron
        int32_t u_drop
        fx_format_t u_format
        int64_t u_one
    ctypedef struct fx_mbe_newton_t:
        int32_t steps
        int32_t rsqrt
        fx_mbe_op_t neuron
        fx_mbe_encoder_t enc_m, enc_y, enc_s, enc_t
        int64_t c_one
        int32_t sq_drop, my_drop, out_drop
        fx_format_t y_format
    ctypedef struct fx_mbe_softmax_t:
        int64_t d
        fx_mbe_op_t exp, recip
        fx_mbe_newton_t newton
        fx_mbe_encoder_t enc_e, enc_r
        int32_t out_drop
        fx_format_t out
    ctypedef struct fx_mbe_norm_t:
        int64_t d
        int32_t centred
        int32_t top_bits
        int64_t exp_lo, exp_hi
        const int64_t *eps
        fx_mbe_encoder_t enc_x, enc_m
        int32_t sq_drop
        fx_format_t square_format
        int32_t sum_drop
        int64_t inv_d_m
        int32_t var_drop
        fx_mbe_op_t rsqrt
        fx_mbe_newton_t newton
        int32_t var_frac
        int32_t shift_base
        fx_format_t normed_format
        const int64_t *weight
        const int64_t *bias
        int32_t out_drop
        fx_format_t out
    int64_t fx_mbe_rows_scratch(int64_t d)
    int fx_mbe_softmax_rows(const fx_mbe_softmax_t *p, const int64_t *x, int64_t rows,
                            int64_t *y, int64_t *counts, int64_t *scratch, int threads)
    int fx_mbe_norm_rows(const fx_mbe_norm_t *p, const int64_t *x, int64_t rows, int64_t *y,
                         int64_t *counts, int64_t *scratch, int threads)
    int fx_mbe_softmax_rows_floats(const fx_mbe_softmax_t *p, const fx_float_rows_t *x,
                                   int64_t rows, int64_t *y, int64_t *counts,
                                   int64_t *in_counts, int64_t *scratch, int threads)
    int fx_mbe_norm_rows_floats(const fx_mbe_norm_t *p, const fx_float_rows_t *x, int64_t rows,
                                int64_t *y, int64_t *counts, int64_t *in_counts,
                                int64_t *scratch, int threads)

cdef extern from "fx_fs_rows.h" nogil:
    # ---- the FS softmax over rows (fx_fs_rows) ----
    enum: FX_FSM_NCOUNTS
    ctypedef struct fx_fs_softmax_t:
        int64_t d
        int64_t offset
        int64_t cutoff
        fx_fs_op_t exp, recip
        int32_t sum_drop
        fx_format_t sum_format
        int32_t out_drop
        fx_format_t out
    int64_t fx_fs_rows_scratch(int64_t d)
    int fx_fs_softmax_rows(const fx_fs_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
                           int64_t *counts, int64_t *scratch, int threads)
