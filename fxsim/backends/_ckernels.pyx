# cython: language_level=3, boundscheck=False, wraparound=False
"""Cython glue over csrc/: checks, fills the C structs, calls the kernel without the GIL.

No arithmetic lives here; fxsim.backends.c_backend prepares every array.
"""
import numpy as np
cimport numpy as cnp
from libc.stdint cimport int32_t, int64_t

cnp.import_array()

cdef extern from "fxsim.h" nogil:
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
    int64_t fx_requantize(const int64_t *x, int64_t *y, int64_t n, int32_t frac_drop,
                          const fx_format_t *fmt)
    ctypedef struct fx_float_rows_t:
        const double *f64
        const float *f32
        int32_t frac
        fx_format_t format
    int64_t fx_quantize_floats(const fx_float_rows_t *x, int64_t n, int64_t *y,
                               int64_t *invalid, int threads)
    void fx_shift_right_array(const int64_t *x, int64_t *y, int64_t n, int32_t k,
                              int32_t rounding)
    int fx_population_run(const fx_population_t *p, const int32_t *input, int64_t *v,
                          int64_t *i_syn, int64_t *acc, int64_t *spike_total, int64_t *overflow,
                          const fx_record_t *rec, int threads)

cdef fx_format_t _format(tuple f):
    """f = (is_signed, width, rounding, overflow)."""
    cdef fx_format_t out
    out.is_signed, out.width, out.rounding, out.overflow = f
    return out

cdef fx_decay_t _decay(tuple d):
    """d = (kind, shift, rounding, min_step, factor)."""
    cdef fx_decay_t out
    out.kind, out.shift, out.rounding, out.min_step, out.factor = d
    return out

cdef fx_schedule_t _schedule(const int64_t[::1] data, tuple strides):
    cdef fx_schedule_t out
    out.data = &data[0]
    out.t_stride, out.n_stride = strides
    return out

cdef int64_t *_rec(object arr):
    cdef int64_t[::1] view
    if arr is None:
        return NULL
    view = arr.reshape(-1)
    return &view[0]


def shift_right(const int64_t[::1] x, int k, int rounding):
    y = np.empty(x.shape[0], dtype=np.int64)
    cdef int64_t[::1] out = y
    if x.shape[0]:
        with nogil:
            fx_shift_right_array(&x[0], &out[0], x.shape[0], k, rounding)
    return y


def requantize(const int64_t[::1] x, int frac_drop, tuple fmt):
    y = np.empty(x.shape[0], dtype=np.int64)
    cdef int64_t[::1] out = y
    cdef fx_format_t f = _format(fmt)
    cdef int64_t events = 0
    if x.shape[0]:
        with nogil:
            events = fx_requantize(&x[0], &out[0], x.shape[0], frac_drop, &f)
    return y, events


cdef fx_float_rows_t _float_rows(x, int32_t frac, tuple fmt, const double[::1] x64,
                                 const float[::1] x32):
    """fx_float_rows_t of flat contiguous float64 (x64) or float32 (x32) values x; the
    memoryview passed must be x's own and outlive the result."""
    cdef fx_float_rows_t rows
    rows.f64, rows.f32 = NULL, NULL
    rows.frac, rows.format = frac, _format(fmt)
    if x.dtype == np.float64:
        rows.f64 = &x64[0]
    else:
        rows.f32 = &x32[0]
    return rows


def quantize(x, int32_t frac, tuple fmt, int threads):
    """fx_quantize_floats of flat contiguous float64 or float32 x (frac in -1022..1023).
    Returns (y, overflow events, invalid values)."""
    y = np.empty(x.shape[0], dtype=np.int64)
    cdef int64_t[::1] out = y
    cdef const double[::1] x64 = x if x.dtype == np.float64 else None
    cdef const float[::1] x32 = x if x.dtype == np.float32 else None
    cdef fx_float_rows_t rows
    cdef int64_t n = x.shape[0], events = 0, invalid = 0
    if n:
        rows = _float_rows(x, frac, fmt, x64, x32)
        with nogil:
            events = fx_quantize_floats(&rows, n, &out[0], &invalid, threads)
    return y, events, invalid


def population_run(dict cfg, dict schedules, object inputs, int64_t[::1] v,
                   int64_t[::1] i_syn, int64_t[::1] acc, int64_t[::1] spike_total,
                   int64_t[::1] overflow, dict records, int threads):
    """cfg: scalars and format/decay tuples; schedules: name -> (int64 data, (t_stride, n_stride))."""
    cdef fx_population_t p
    cdef fx_record_t rec
    cdef int status
    cdef const int32_t[::1] input_view
    cdef const int32_t *input_ptr = NULL
    if inputs is not None:
        input_view = inputs
        input_ptr = &input_view[0]
    cdef const int64_t[::1] th = schedules["threshold"][0]
    cdef const int64_t[::1] ra = schedules["reset_amount"][0]
    cdef const int64_t[::1] de = schedules["intensity"][0]
    cdef const int64_t[::1] bi = schedules["bias"][0]
    p.n, p.steps, p.cuba = cfg["n"], cfg["steps"], cfg["cuba"]
    p.v_format, p.i_format = _format(cfg["v_format"]), _format(cfg["i_format"])
    p.acc_format = _format(cfg["acc_format"])
    p.decay_v, p.decay_i = _decay(cfg["decay_v"]), _decay(cfg["decay_i"])
    p.compare_strict, p.reset, p.v_reset = cfg["compare_strict"], cfg["reset"], cfg["v_reset"]
    p.max_spikes, p.input_mode, p.input_shift = cfg["max_spikes"], cfg["input_mode"], cfg["input_shift"]
    p.input_before_decay, p.membrane = cfg["input_before_decay"], cfg["membrane"]
    p.continue_state = 0    # Python runs start from zero: v, i_syn, acc, spike_total are outputs
    p.threshold = _schedule(th, schedules["threshold"][1])
    p.reset_amount = _schedule(ra, schedules["reset_amount"][1])
    p.intensity = _schedule(de, schedules["intensity"][1])
    p.bias = _schedule(bi, schedules["bias"][1])
    rec.v, rec.i = _rec(records.get("v")), _rec(records.get("i"))
    rec.spikes, rec.acc = _rec(records.get("spikes")), _rec(records.get("acc"))
    with nogil:
        status = fx_population_run(&p, input_ptr, &v[0], &i_syn[0], &acc[0], &spike_total[0],
                                   &overflow[0], &rec, threads)
    return status


def openmp_enabled():
    """True if the kernels were compiled with OpenMP."""
    return bool(FXSIM_OPENMP)


def compile_flags():
    """The C flags the kernels were compiled with (setup.py)."""
    return FXSIM_CFLAGS_TEXT.decode()

cdef extern from *:
    """
    #ifdef _OPENMP
    #define FXSIM_OPENMP 1
    #else
    #define FXSIM_OPENMP 0
    #endif
    #ifndef FXSIM_CFLAGS
    #define FXSIM_CFLAGS "unknown"
    #endif
    static const char *FXSIM_CFLAGS_TEXT = FXSIM_CFLAGS;
    """
    int FXSIM_OPENMP
    const char *FXSIM_CFLAGS_TEXT


# ---- PolarNorm (csrc/fx_polarnorm.c) ---------------------------------------------------------

cdef extern from "fxsim.h" nogil:
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
    int fx_polarnorm(const fx_polarnorm_t *p, const int64_t *x, int64_t rows, int64_t *out,
                     int64_t *overflow, int64_t *scratch, int64_t *sorted, int64_t *cordic_x,
                     int64_t *cordic_y, int64_t *merged)


cdef fx_polarnorm_t _polarnorm(const int64_t[::1] params):
    """params: PolarNormConfig.kernel_params(d) (order fixed there)."""
    cdef fx_polarnorm_t p
    p.d, p.n, p.guard_bits, p.has_eps, p.eps_raw = params[0], params[2], params[3], params[4], params[5]
    p.gain_m, p.gain_shift = params[6], params[7]
    p.internal = _format((params[8], params[9], params[10], params[11]))
    p.output = _format((params[12], params[13], params[14], params[15]))
    p.output_drop = params[16]
    return p


def polarnorm_run(const int64_t[:, ::1] x, const int64_t[::1] params, int64_t[::1] out,
                  int64_t[::1] overflow, int64_t[::1] scratch, object trace):
    """params: PolarNormConfig.kernel_params(d) (order fixed there); trace: None or a dict of
    zeroed int64 arrays sorted, cordic_x, cordic_y, merged. Returns the C status."""
    cdef fx_polarnorm_t p
    cdef int status
    cdef int64_t *tr_sorted = NULL
    cdef int64_t *tr_x = NULL
    cdef int64_t *tr_y = NULL
    cdef int64_t *tr_merged = NULL
    cdef const int64_t *x_ptr = NULL
    p = _polarnorm(params)
    if trace is not None and trace["sorted"].size:
        tr_sorted = _rec(trace["sorted"])
        if trace["cordic_x"].size:
            tr_x, tr_y = _rec(trace["cordic_x"]), _rec(trace["cordic_y"])
            tr_merged = _rec(trace["merged"])
    if x.shape[0] == 0:
        return 0
    x_ptr = &x[0, 0]
    with nogil:
        status = fx_polarnorm(&p, x_ptr, x.shape[0], &out[0], &overflow[0], &scratch[0],
                              tr_sorted, tr_x, tr_y, tr_merged)
    return status


# ---- PWL-Exp (csrc/fx_pwl_exp.c) ----

cdef extern from "fxsim.h" nogil:
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
    int fx_pwl_exp(const fx_pwl_exp_t *p, const int64_t *x, int64_t n, int64_t *y,
                   int64_t *index, int64_t *product, int64_t *sum, int64_t *stats)


cdef fx_pwl_exp_t _pwl(const int64_t[::1] knots, const int64_t[::1] slope,
                       const int64_t[::1] intercept, tuple scalars, tuple out_format):
    """scalars = (x_lo, x_hi, upper, intercept_shift, sum_frac, out_frac); the arrays must
    outlive the returned struct."""
    cdef fx_pwl_exp_t p
    p.segments = slope.shape[0]
    p.knots = &knots[0] if knots.shape[0] else NULL
    p.slope, p.intercept = &slope[0], &intercept[0]
    p.x_lo, p.x_hi, p.upper, p.intercept_shift, p.sum_frac, p.out_frac = scalars
    p.out_format = _format(out_format)
    return p


def pwl_exp(const int64_t[::1] x, const int64_t[::1] knots, const int64_t[::1] slope,
            const int64_t[::1] intercept, tuple scalars, tuple out_format,
            int64_t[::1] y, int64_t[::1] index, int64_t[::1] product, int64_t[::1] total,
            int64_t[::1] stats):
    """Fills y, index, product, total (each [n]) and stats [4]; returns the C status.
    knots may be empty (K = 1); every other array has at least one element."""
    cdef fx_pwl_exp_t p = _pwl(knots, slope, intercept, scalars, out_format)
    cdef int status
    cdef int64_t n = x.shape[0]
    cdef int64_t dummy_in = 0, dummy_out = 0
    if n == 0:
        with nogil:
            status = fx_pwl_exp(&p, &dummy_in, 0, &dummy_out, NULL, NULL, NULL, &stats[0])
        return status
    with nogil:
        status = fx_pwl_exp(&p, &x[0], n, &y[0], &index[0], &product[0], &total[0], &stats[0])
    return status


# ==== Division Neuron Group (csrc/fx_divgroup.c) ====

cdef extern from "fxsim.h" nogil:
    ctypedef struct fx_divgroup_t:
        int64_t m
        int32_t steps
        int32_t n
        int64_t group
        int32_t normalize
        int32_t normalize_bit
    int fx_divgroup_run(const fx_divgroup_t *cfg, const int64_t *a, const int64_t *b, int64_t *q,
                        int64_t *membrane, int64_t *latched, int64_t *spikes)


def divgroup_run(tuple cfg, const int64_t[::1] a, const int64_t[::1] b, int64_t[::1] q,
                 object membrane, object latched):
    """cfg = (m, steps, n, group, normalize, normalize_bit); a: flat [T*m]; b, q: [m];
    membrane, latched: [T, m] int64 or None. Returns (status, spikes)."""
    cdef fx_divgroup_t c
    cdef int status
    cdef int64_t spikes = 0
    cdef const int64_t *a_ptr = NULL
    cdef const int64_t *b_ptr = NULL
    cdef int64_t *q_ptr = NULL
    cdef int64_t *mem_ptr = NULL
    cdef int64_t *lat_ptr = NULL
    c.m, c.steps, c.n, c.group, c.normalize, c.normalize_bit = cfg
    if c.m > 0:
        a_ptr, b_ptr, q_ptr = &a[0], &b[0], &q[0]
        mem_ptr, lat_ptr = _rec(membrane), _rec(latched)
    with nogil:
        status = fx_divgroup_run(&c, a_ptr, b_ptr, q_ptr, mem_ptr, lat_ptr, &spikes)
    return status, spikes


# ==== fused operators (csrc/fx_ops.c) ====

cdef extern from "fxsim.h" nogil:
    ctypedef struct fx_softmax_t:
        int64_t d
        int64_t L_raw
        int32_t exp_in_drop
        fx_format_t exp_in
        fx_pwl_exp_t pwl
        fx_divgroup_t div
        int32_t out_drop
        fx_format_t out
    int fx_softmax(const fx_softmax_t *p, const int64_t *x, int64_t rows, int64_t *y,
                   int64_t *counts, int threads)
    int fx_softmax_floats(const fx_softmax_t *p, const fx_float_rows_t *x, int64_t rows,
                          int64_t *y, int64_t *counts, int64_t *in_counts, int threads)


cdef fx_softmax_t _softmax(tuple head, const int64_t[::1] knots, const int64_t[::1] slope,
                           const int64_t[::1] intercept, tuple pwl_scalars, tuple pwl_out_format,
                           tuple div, tuple out):
    """fx_softmax_t from softmax()'s arguments; the arrays must outlive it."""
    cdef fx_softmax_t p
    p.d, p.L_raw, p.exp_in_drop = head[0], head[1], head[2]
    p.exp_in = _format(head[3])
    p.pwl = _pwl(knots, slope, intercept, pwl_scalars, pwl_out_format)
    p.div.m, p.div.steps = 0, 1
    p.div.n, p.div.group, p.div.normalize, p.div.normalize_bit = div
    p.out_drop = out[0]
    p.out = _format(out[1])
    return p


def softmax(const int64_t[::1] x, int64_t rows, tuple head, const int64_t[::1] knots,
            const int64_t[::1] slope, const int64_t[::1] intercept, tuple pwl_scalars,
            tuple pwl_out_format, tuple div, tuple out, int64_t[::1] y, int64_t[::1] counts,
            int threads):
    """head = (d, L_raw, exp_in_drop, exp_in_format); div = (n, group, normalize,
    normalize_bit); out = (out_drop, out_format); x, y: flat [rows * d]; counts [5].
    Returns the C status."""
    cdef fx_softmax_t p = _softmax(head, knots, slope, intercept, pwl_scalars, pwl_out_format,
                                   div, out)
    cdef int status
    cdef int64_t dummy = 0
    with nogil:
        status = fx_softmax(&p, &x[0] if rows else &dummy, rows, &y[0] if rows else &dummy,
                            &counts[0], threads)
    return status


def softmax_floats(x, int32_t frac, tuple in_format, int64_t rows, tuple head,
                   const int64_t[::1] knots, const int64_t[::1] slope,
                   const int64_t[::1] intercept, tuple pwl_scalars, tuple pwl_out_format,
                   tuple div, tuple out, int64_t[::1] y, int64_t[::1] counts,
                   int64_t[::1] in_counts, int threads):
    """softmax() of float rows quantized in the kernel: x flat contiguous float64 or float32
    [rows * d], frac and in_format its input format; in_counts [2]. Returns the C status."""
    cdef fx_softmax_t p = _softmax(head, knots, slope, intercept, pwl_scalars, pwl_out_format,
                                   div, out)
    cdef const double[::1] x64 = x if x.dtype == np.float64 else None
    cdef const float[::1] x32 = x if x.dtype == np.float32 else None
    cdef fx_float_rows_t rows_in
    cdef int status
    cdef int64_t dummy = 0
    if rows:
        rows_in = _float_rows(x, frac, in_format, x64, x32)
    else:               # no values: any non-NULL pointer of the right type
        rows_in.f64, rows_in.f32 = <const double *>&dummy, NULL
        rows_in.frac, rows_in.format = frac, _format(in_format)
    with nogil:
        status = fx_softmax_floats(&p, &rows_in, rows, &y[0] if rows else &dummy, &counts[0],
                                   &in_counts[0], threads)
    return status


# ---- fused activations and norms (csrc/fx_ops.c) ----

cdef extern from "fxsim.h" nogil:
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
    int fx_activation(const fx_activation_t *p, const int64_t *x, int64_t n, int64_t *y,
                      int64_t *counts, int threads)
    ctypedef struct fx_norm_t:
        int64_t d
        int32_t center
        int64_t inv_d_m
        int32_t inv_d_shift
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
    int fx_norm(const fx_norm_t *p, const int64_t *x, int64_t rows, int64_t *y, int64_t *counts,
                int64_t *scratch, int threads)


cdef fx_divgroup_t _div(tuple div):
    """div = (n, group, normalize, normalize_bit); one step."""
    cdef fx_divgroup_t c
    c.m, c.steps = 0, 1
    c.n, c.group, c.normalize, c.normalize_bit = div
    return c


def activation(const int64_t[::1] x, dict a, const int64_t[::1] knots, const int64_t[::1] slope,
               const int64_t[::1] intercept, int64_t[::1] y, int64_t[::1] counts, int threads):
    """a: the scalars and format tuples of fx_activation_t by field name (pwl_scalars and
    pwl_format as in pwl_exp, div as in _div); x, y flat [n]; counts [9]. Returns the status."""
    cdef fx_activation_t p
    cdef int status
    cdef int64_t dummy = 0
    cdef int64_t n = x.shape[0]
    p.kind, p.clip_raw, p.poly = a["kind"], a["clip_raw"], _format(a["poly"])
    p.poly_in_drop, p.poly_frac = a["poly_in_drop"], a["poly_frac"]
    p.c1_m, p.c3_m, p.c1_shift, p.c3_shift = a["c1_m"], a["c3_m"], a["c1_shift"], a["c3_shift"]
    p.exp_in_drop, p.exp_in = a["exp_in_drop"], _format(a["exp_in"])
    p.pwl = _pwl(knots, slope, intercept, a["pwl_scalars"], a["pwl_format"])
    p.den_shift, p.num_shift, p.div = a["den_shift"], a["num_shift"], _div(a["div"])
    p.out_drop, p.out, p.bypass_drop = a["out_drop"], _format(a["out"]), a["bypass_drop"]
    with nogil:
        status = fx_activation(&p, &x[0] if n else &dummy, n, &y[0] if n else &dummy,
                               &counts[0], threads)
    return status


def norm(const int64_t[::1] x, int64_t rows, dict a, const int64_t[::1] pn_params,
         object weight, object bias, int64_t[::1] y, int64_t[::1] counts, int64_t[::1] scratch,
         int threads):
    """a: the scalars and format tuples of fx_norm_t by field name (div as in _div);
    pn_params: PolarNormConfig.kernel_params(d); weight, bias: int64 [d] or None; x, y flat
    [rows * d]; counts [8]; scratch [max(1, threads) * (3 d + 2)]. Returns the status."""
    cdef fx_norm_t p
    cdef int status
    cdef int64_t dummy = 0
    cdef const int64_t[::1] w_view
    cdef const int64_t[::1] b_view
    p.d, p.center, p.inv_d_m, p.inv_d_shift = a["d"], a["center"], a["inv_d_m"], a["inv_d_shift"]
    p.norm_in_drop, p.norm_in, p.pn = a["norm_in_drop"], _format(a["norm_in"]), _polarnorm(pn_params)
    p.weight, p.bias = NULL, NULL
    if weight is not None:
        w_view = weight
        p.weight = &w_view[0]
    if bias is not None:
        b_view = bias
        p.bias = &b_view[0]
    p.num_drop, p.sqrt_d_m, p.sqrt_d_shift = a["num_drop"], a["sqrt_d_m"], a["sqrt_d_shift"]
    p.den_shift, p.div = a["den_shift"], _div(a["div"])
    p.q_drop, p.q_format = a["q_drop"], _format(a["q_format"])
    p.out_drop, p.out = a["out_drop"], _format(a["out"])
    with nogil:
        status = fx_norm(&p, &x[0] if rows else &dummy, rows, &y[0] if rows else &dummy,
                         &counts[0], &scratch[0], threads)
    return status
