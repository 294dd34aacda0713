# cython: language_level=3, boundscheck=False, wraparound=False
"""Cython glue over csrc/: reads the plans of fxsim.backends.abi by attribute into the C
structs declared once in fxsim.pxd, and calls the kernels without the GIL.

No arithmetic lives here; fxsim.backends.c prepares every array.
"""
import numpy as np
cimport numpy as cnp
from libc.stdint cimport int32_t, int64_t

from .fxsim cimport *

cnp.import_array()


def c_enums():
    """The C enum values and limits fxsim.backends.c checks against their Python twins."""
    return {
        "rounding": [FX_TRN, FX_TRN_ZERO, FX_RND, FX_RND_ZERO, FX_RND_INF, FX_RND_MIN_INF,
                     FX_RND_CONV],
        "overflow": [FX_WRAP, FX_SAT, FX_SAT_SYM, FX_SAT_ZERO],
        "status": [FX_OK, FX_EINVAL],
        "intermediate_bits": FX_INTERMEDIATE_BITS,
        "decay_kind": [FX_DECAY_NONE, FX_DECAY_SHIFT, FX_DECAY_MULT],
        "input_mode": [FX_INPUT_CURRENT, FX_INPUT_INITIAL],
        "reset": [FX_RESET_SUBTRACT, FX_RESET_ZERO],
        "membrane": [FX_MEMBRANE_SUM, FX_MEMBRANE_INCREMENT],
        "var": [FX_VAR_V, FX_VAR_I, FX_VAR_ACC],
        "polarnorm_var": [FX_PN_INPUT, FX_PN_MERGE, FX_PN_OUTPUT],
        "activation_kind": [FX_ACT_SIGMOID, FX_ACT_SILU, FX_ACT_GELU_TANH],
        "norm_center": [FX_CENTER_NONE, FX_CENTER_MEAN, FX_CENTER_EXACT],
        "counts": {"var": FX_NVARS, "polarnorm": FX_PN_NVARS, "pwl_exp": FX_PWL_NSTATS,
                   "softmax": FX_SM_NCOUNTS, "float_input": FX_IN_NCOUNTS,
                   "activation": FX_ACT_NCOUNTS, "norm": FX_NORM_NCOUNTS,
                   "chain": FX_CHAIN_NCOUNTS, "mbe": FX_MBE_NCOUNTS},
        "mbe_pre": [FX_MBE_PRE_NONE, FX_MBE_PRE_EXP, FX_MBE_PRE_RECIP, FX_MBE_PRE_RSQRT],
        "mbe_post": [FX_MBE_POST_NONE, FX_MBE_POST_SHIFT, FX_MBE_POST_SIGMOID,
                     FX_MBE_POST_PASS],
        "mbe_max_banks": FX_MBE_MAX_BANKS,
        "fs": [FX_FS_NCOUNTS, FX_FS_MAX_PIECES, FX_FS_PIECE_SLOTS],
        "div_max_group": FX_DIV_MAX_GROUP,
        "mbe_rows": [FX_MBE_ROWS_FALLBACK, FX_MSM_NCOUNTS, FX_MNR_NCOUNTS, FX_FSM_NCOUNTS],
    }


# ---- plan -> struct (by attribute; the arrays a struct points to must outlive it) ----

cdef fx_format_t _format(f):
    """abi.FormatArgs -> fx_format_t."""
    cdef fx_format_t out
    out.is_signed, out.width, out.rounding, out.overflow = (f.is_signed, f.width, f.rounding,
                                                            f.overflow)
    return out

cdef fx_decay_t _decay(d):
    """abi.DecayArgs -> fx_decay_t."""
    cdef fx_decay_t out
    out.kind, out.shift, out.rounding, out.min_step, out.factor = (d.kind, d.shift, d.rounding,
                                                                   d.min_step, d.factor)
    return out

cdef fx_schedule_t _schedule(s):
    """abi.Schedule -> fx_schedule_t (s.data contiguous int64)."""
    cdef fx_schedule_t out
    cdef const int64_t[::1] data = s.data
    out.data = &data[0]
    out.t_stride, out.n_stride = s.t_stride, s.n_stride
    return out

cdef fx_pwl_exp_t _pwl(p):
    """abi.PwlExpPlan -> fx_pwl_exp_t (the plan's arrays are contiguous int64)."""
    cdef fx_pwl_exp_t out
    cdef const int64_t[::1] knots = p.knots
    cdef const int64_t[::1] slope = p.slope
    cdef const int64_t[::1] intercept = p.intercept
    out.segments = slope.shape[0]
    out.knots = &knots[0] if knots.shape[0] else NULL
    out.slope, out.intercept = &slope[0], &intercept[0]
    out.x_lo, out.x_hi, out.upper = p.x_lo, p.x_hi, p.upper
    out.intercept_shift, out.sum_frac, out.out_frac = p.intercept_shift, p.sum_frac, p.out_frac
    out.out_format = _format(p.out_format)
    return out

cdef fx_divgroup_t _div(p):
    """abi.DivGroupPlan -> fx_divgroup_t."""
    cdef fx_divgroup_t out
    out.m, out.steps, out.n, out.group = p.m, p.steps, p.n, p.group
    out.normalize, out.normalize_bit = p.normalize, p.normalize_bit
    return out

cdef fx_polarnorm_t _polarnorm(p):
    """abi.PolarNormPlan -> fx_polarnorm_t."""
    cdef fx_polarnorm_t out
    out.d, out.n, out.guard_bits = p.d, p.n, p.guard_bits
    out.has_eps, out.eps_raw, out.gain_m, out.gain_shift = (p.has_eps, p.eps_raw, p.gain_m,
                                                            p.gain_shift)
    out.internal, out.output, out.output_drop = (_format(p.internal), _format(p.output),
                                                 p.output_drop)
    return out

cdef fx_softmax_t _softmax(p):
    """abi.SoftmaxPlan -> fx_softmax_t."""
    cdef fx_softmax_t out
    out.d, out.L_raw, out.exp_in_drop, out.exp_in = p.d, p.L_raw, p.exp_in_drop, _format(p.exp_in)
    out.pwl, out.div = _pwl(p.pwl), _div(p.div)
    out.out_drop, out.out = p.out_drop, _format(p.out)
    return out

cdef int64_t *_ptr(object arr):
    """First element of a contiguous int64 array, or NULL for None."""
    cdef int64_t[::1] view
    if arr is None:
        return NULL
    view = arr.reshape(-1)
    return &view[0]

cdef const int64_t *_cptr(object arr):
    """First element of a contiguous (possibly read-only) int64 array, or NULL for None."""
    cdef const int64_t[::1] view
    if arr is None:
        return NULL
    view = arr
    return &view[0]

cdef fx_float_rows_t _float_rows(x, int32_t frac, fmt, const double[::1] x64,
                                 const float[::1] x32):
    """fx_float_rows_t of flat contiguous float64 (x64) or float32 (x32) values x; fmt an
    abi.FormatArgs; the memoryview passed must be x's own and outlive the result."""
    cdef fx_float_rows_t rows
    rows.f64, rows.f32 = NULL, NULL
    rows.frac, rows.format = frac, _format(fmt)
    if x.dtype == np.float64:
        rows.f64 = &x64[0]
    else:
        rows.f32 = &x32[0]
    return rows


# ---- fx_arith ----

def shift_right(const int64_t[::1] x, int k, int rounding):
    y = np.empty(x.shape[0], dtype=np.int64)
    cdef int64_t[::1] out = y
    if x.shape[0]:
        with nogil:
            fx_shift_right_array(&x[0], &out[0], x.shape[0], k, rounding)
    return y


def requantize(const int64_t[::1] x, int frac_drop, fmt, int64_t[::1] y, int threads):
    """fx_requantize_seen of x into y (as long as x, not overlapping it); fmt: abi.FormatArgs.
    Returns (overflow events, min x, max x); (0, 0, 0) when x is empty."""
    cdef fx_format_t f = _format(fmt)
    cdef fx_extremes_t seen
    cdef int64_t events = 0
    seen.min = seen.max = 0
    if x.shape[0]:
        with nogil:
            events = fx_requantize_seen(&x[0], &y[0], x.shape[0], frac_drop, &f, &seen, threads)
    return events, seen.min, seen.max


def quantize(x, int32_t frac, fmt, int threads):
    """fx_quantize_floats of flat contiguous float64 or float32 x (frac in -1022..1023), fmt
    an abi.FormatArgs. Returns (y, overflow events, invalid values)."""
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


# ---- fx_population ----

def population_run(plan, inputs, run, int threads, paths=None):
    """plan: abi.PopulationPlan; inputs: flat int32 or None; run: abi.PopulationRun whose
    arrays receive the results (overflow [3, T] zeroed); paths: None or int64 [3] to which the
    block counts of the int32-lane, int64-lane and checked paths are added. Returns the C
    status."""
    cdef fx_population_t p
    cdef fx_record_t rec
    cdef int status
    cdef const int32_t[::1] in_view
    cdef const int32_t *input_ptr = NULL
    cdef int64_t *v = _ptr(run.v)
    cdef int64_t *i_syn = _ptr(run.i)
    cdef int64_t *acc = _ptr(run.acc)
    cdef int64_t *total = _ptr(run.spike_count)
    cdef int64_t *overflow = _ptr(run.overflow)
    cdef int64_t *path_counts = _ptr(paths)
    if inputs is not None:
        in_view = inputs
        input_ptr = &in_view[0]
    p.n, p.steps, p.cuba = plan.n, plan.steps, plan.cuba
    p.v_format, p.i_format = _format(plan.v_format), _format(plan.i_format)
    p.acc_format = _format(plan.acc_format)
    p.decay_v, p.decay_i = _decay(plan.decay_v), _decay(plan.decay_i)
    p.compare_strict, p.reset, p.v_reset = plan.compare_strict, plan.reset, plan.v_reset
    p.max_spikes, p.input_mode, p.input_shift = plan.max_spikes, plan.input_mode, plan.input_shift
    p.input_before_decay, p.membrane = plan.input_before_decay, plan.membrane
    p.continue_state = 0    # Python runs start from zero: v, i_syn, acc, spike_total are outputs
    p.threshold, p.reset_amount = _schedule(plan.threshold), _schedule(plan.reset_amount)
    p.intensity, p.bias = _schedule(plan.intensity), _schedule(plan.bias)
    records = run.records
    rec.v, rec.i = _ptr(records.get("v")), _ptr(records.get("i"))
    rec.spikes, rec.acc = _ptr(records.get("spikes")), _ptr(records.get("acc"))
    with nogil:
        status = fx_population_run_paths(&p, input_ptr, v, i_syn, acc, total, overflow, &rec,
                                         threads, path_counts)
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


# ---- fx_polarnorm, fx_pwl_exp, fx_divgroup ----

def polarnorm_run(const int64_t[:, ::1] x, plan, int64_t[::1] out, int64_t[::1] overflow,
                  int64_t[::1] scratch, object trace):
    """plan: abi.PolarNormPlan; trace: None or a dict of zeroed int64 arrays sorted,
    cordic_x, cordic_y, merged. Returns the C status."""
    cdef fx_polarnorm_t p = _polarnorm(plan)
    cdef int status
    cdef int64_t *tr_sorted = NULL
    cdef int64_t *tr_x = NULL
    cdef int64_t *tr_y = NULL
    cdef int64_t *tr_merged = NULL
    cdef const int64_t *x_ptr = NULL
    if trace is not None and trace["sorted"].size:
        tr_sorted = _ptr(trace["sorted"])
        if trace["cordic_x"].size:
            tr_x, tr_y = _ptr(trace["cordic_x"]), _ptr(trace["cordic_y"])
            tr_merged = _ptr(trace["merged"])
    if x.shape[0] == 0:
        return 0
    x_ptr = &x[0, 0]
    with nogil:
        status = fx_polarnorm(&p, x_ptr, x.shape[0], &out[0], &overflow[0], &scratch[0],
                              tr_sorted, tr_x, tr_y, tr_merged)
    return status


def pwl_exp(const int64_t[::1] x, plan, int64_t[::1] y, int64_t[::1] index,
            int64_t[::1] product, int64_t[::1] total, int64_t[::1] stats):
    """plan: abi.PwlExpPlan. Fills y, index, product, total (each [n]) and stats; returns
    the C status."""
    cdef fx_pwl_exp_t p = _pwl(plan)
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


def divgroup_run(plan, const int64_t[::1] a, const int64_t[::1] b, int64_t[::1] q,
                 object membrane, object latched):
    """plan: abi.DivGroupPlan (m, steps set); a: flat [T*m]; b, q: [m]; membrane, latched:
    [T, m] int64 or None. Returns (status, spikes)."""
    cdef fx_divgroup_t c = _div(plan)
    cdef int status
    cdef int64_t spikes = 0
    cdef const int64_t *a_ptr = NULL
    cdef const int64_t *b_ptr = NULL
    cdef int64_t *q_ptr = NULL
    cdef int64_t *mem_ptr = NULL
    cdef int64_t *lat_ptr = NULL
    if c.m > 0:
        a_ptr, b_ptr, q_ptr = &a[0], &b[0], &q[0]
        mem_ptr, lat_ptr = _ptr(membrane), _ptr(latched)
    with nogil:
        status = fx_divgroup_run(&c, a_ptr, b_ptr, q_ptr, mem_ptr, lat_ptr, &spikes)
    return status, spikes


# ---- fused operators (fx_ops) ----

def softmax(const int64_t[::1] x, int64_t rows, plan, int64_t[::1] y, int64_t[::1] counts,
            int threads):
    """plan: abi.SoftmaxPlan; x, y: flat [rows * d]; counts [FX_SM_NCOUNTS]. Returns the
    C status."""
    cdef fx_softmax_t p = _softmax(plan)
    cdef int status
    cdef int64_t dummy = 0
    with nogil:
        status = fx_softmax(&p, &x[0] if rows else &dummy, rows, &y[0] if rows else &dummy,
                            &counts[0], threads)
    return status


cdef fx_float_rows_t _float_input(x, int32_t frac, fmt, const double[::1] x64,
                                  const float[::1] x32):
    """_float_rows of x, or for no values a non-NULL pointer of the right type (never read)."""
    cdef fx_float_rows_t rows
    if x.shape[0]:
        return _float_rows(x, frac, fmt, x64, x32)
    rows.f64, rows.f32 = <const double *>&_EMPTY_DOUBLE, NULL
    rows.frac, rows.format = frac, _format(fmt)
    return rows


cdef double _EMPTY_DOUBLE = 0.0


def softmax_floats(x, int32_t frac, in_format, int64_t rows, plan, int64_t[::1] y,
                   int64_t[::1] counts, int64_t[::1] in_counts, int threads):
    """softmax() of float rows quantized in the kernel: x flat contiguous float64 or float32
    [rows * d], frac and in_format (abi.FormatArgs) its input format; in_counts
    [FX_IN_NCOUNTS]. Returns the C status."""
    cdef fx_softmax_t p = _softmax(plan)
    cdef const double[::1] x64 = x if x.dtype == np.float64 else None
    cdef const float[::1] x32 = x if x.dtype == np.float32 else None
    cdef fx_float_rows_t rows_in = _float_input(x, frac, in_format, x64, x32)
    cdef int status
    cdef int64_t dummy = 0
    with nogil:
        status = fx_softmax_floats(&p, &rows_in, rows, &y[0] if rows else &dummy, &counts[0],
                                   &in_counts[0], threads)
    return status


cdef fx_activation_t _activation(plan):
    """fx_activation_t of an abi.ActivationPlan."""
    cdef fx_activation_t p
    p.kind, p.clip_raw, p.poly = plan.kind, plan.clip_raw, _format(plan.poly)
    p.poly_in_drop, p.poly_frac = plan.poly_in_drop, plan.poly_frac
    p.c1_m, p.c3_m, p.c1_shift, p.c3_shift = plan.c1_m, plan.c3_m, plan.c1_shift, plan.c3_shift
    p.exp_in_drop, p.exp_in = plan.exp_in_drop, _format(plan.exp_in)
    p.pwl = _pwl(plan.pwl)
    p.den_shift, p.num_shift, p.div = plan.den_shift, plan.num_shift, _div(plan.div)
    p.out_drop, p.out, p.bypass_drop = plan.out_drop, _format(plan.out), plan.bypass_drop
    return p


def activation(const int64_t[::1] x, plan, int64_t[::1] y, int64_t[::1] counts, int threads):
    """plan: abi.ActivationPlan; x, y flat [n]; counts [FX_ACT_NCOUNTS]. Returns the status."""
    cdef fx_activation_t p = _activation(plan)
    cdef int status
    cdef int64_t dummy = 0
    cdef int64_t n = x.shape[0]
    with nogil:
        status = fx_activation(&p, &x[0] if n else &dummy, n, &y[0] if n else &dummy,
                               &counts[0], threads)
    return status


def activation_floats(x, int32_t frac, in_format, plan, int64_t[::1] y, int64_t[::1] counts,
                      int64_t[::1] in_counts, int threads):
    """activation() of float values quantized in the kernel: x flat contiguous float64 or
    float32 [n], frac and in_format (abi.FormatArgs) its input format; in_counts
    [FX_IN_NCOUNTS]. Returns the C status."""
    cdef fx_activation_t p = _activation(plan)
    cdef const double[::1] x64 = x if x.dtype == np.float64 else None
    cdef const float[::1] x32 = x if x.dtype == np.float32 else None
    cdef fx_float_rows_t values = _float_input(x, frac, in_format, x64, x32)
    cdef int status
    cdef int64_t dummy = 0
    cdef int64_t n = x.shape[0]
    with nogil:
        status = fx_activation_floats(&p, &values, n, &y[0] if n else &dummy, &counts[0],
                                      &in_counts[0], threads)
    return status


cdef fx_norm_t _norm(plan):
    """fx_norm_t of an abi.NormPlan (its weight and bias arrays must outlive the result)."""
    cdef fx_norm_t p
    p.d, p.center, p.inv_d_m, p.inv_d_shift = plan.d, plan.center, plan.inv_d_m, plan.inv_d_shift
    p.row_exponent, p.top_bits, p.exp_lo = plan.row_exponent, plan.top_bits, plan.exp_lo
    p.eps_leaves, p.n_eps_leaves = _cptr(plan.eps_leaves), plan.n_eps_leaves
    p.norm_in_drop, p.norm_in = plan.norm_in_drop, _format(plan.norm_in)
    p.pn = _polarnorm(plan.pn)
    p.weight, p.bias = _cptr(plan.weight), _cptr(plan.bias)
    p.num_drop, p.sqrt_d_m, p.sqrt_d_shift = plan.num_drop, plan.sqrt_d_m, plan.sqrt_d_shift
    p.den_shift, p.div = plan.den_shift, _div(plan.div)
    p.q_drop, p.q_format = plan.q_drop, _format(plan.q_format)
    p.out_drop, p.out = plan.out_drop, _format(plan.out)
    return p


def norm(const int64_t[::1] x, int64_t rows, plan, int64_t[::1] y, int64_t[::1] counts,
         int64_t[::1] scratch, int threads):
    """plan: abi.NormPlan (weight, bias: contiguous int64 [d] or None); x, y flat
    [rows * d]; counts [FX_NORM_NCOUNTS]; scratch [max(1, threads) * (3 d + 2)]. Returns the
    status."""
    cdef fx_norm_t p = _norm(plan)
    cdef int status
    cdef int64_t dummy = 0
    with nogil:
        status = fx_norm(&p, &x[0] if rows else &dummy, rows, &y[0] if rows else &dummy,
                         &counts[0], &scratch[0], threads)
    return status


def norm_floats(x, int32_t frac, in_format, int64_t rows, plan, int64_t[::1] y,
                int64_t[::1] counts, int64_t[::1] in_counts, int64_t[::1] scratch, int threads):
    """norm() of float rows quantized in the kernel: x flat contiguous float64 or float32
    [rows * d], frac and in_format (abi.FormatArgs) its input format; in_counts
    [FX_IN_NCOUNTS]; scratch [max(1, threads) * (4 d + 2)]. Returns the C status."""
    cdef fx_norm_t p = _norm(plan)
    cdef const double[::1] x64 = x if x.dtype == np.float64 else None
    cdef const float[::1] x32 = x if x.dtype == np.float32 else None
    cdef fx_float_rows_t values = _float_input(x, frac, in_format, x64, x32)
    cdef int status
    cdef int64_t dummy = 0
    with nogil:
        status = fx_norm_floats(&p, &values, rows, &y[0] if rows else &dummy, &counts[0],
                                &in_counts[0], &scratch[0], threads)
    return status


def chain(const int64_t[::1] u, plan, int64_t[::1] acc, int64_t[::1] counts, int threads):
    """plan: abi.ChainPlan; u, acc flat [n]; counts [FX_CHAIN_NCOUNTS]. Returns the status."""
    cdef fx_chain_t p
    cdef int status
    cdef int64_t dummy = 0
    cdef int64_t n = u.shape[0]
    cdef const int64_t[::1] theta = plan.theta
    cdef const int64_t[::1] reset = plan.reset
    cdef const int64_t[::1] intensity = plan.intensity
    p.bases, p.steps, p.compare_strict = plan.bases, plan.steps, plan.compare_strict
    p.v_format, p.acc_format = _format(plan.v_format), _format(plan.acc_format)
    p.theta, p.reset, p.intensity = &theta[0], &reset[0], &intensity[0]
    with nogil:
        status = fx_chain(&p, &u[0] if n else &dummy, n, &acc[0] if n else &dummy,
                          &counts[0], threads)
    return status


cdef fx_mbe_op_t _mbe_op_struct(plan):
    """abi.MbeOpPlan -> fx_mbe_op_t (its arrays are the plan's own, which outlive the call)."""
    cdef fx_mbe_op_t p
    m = plan.neuron
    p.neuron.banks = m.banks
    p.neuron.bank_bases, p.neuron.sign = _cptr(m.bank_bases), _cptr(m.sign)
    p.neuron.offset, p.neuron.scale_m = _cptr(m.offset), _cptr(m.scale_m)
    p.neuron.scale_drop = _cptr(m.scale_drop)
    p.neuron.u_format, p.neuron.u_one = _format(m.u_format), m.u_one
    p.neuron.acc_format, p.neuron.steps = _format(m.acc_format), m.steps
    p.neuron.compare_strict = m.compare_strict
    p.neuron.theta, p.neuron.reset = _cptr(m.theta), _cptr(m.reset)
    p.neuron.intensity = _cptr(m.intensity)
    p.neuron.bias, p.neuron.out_drop, p.neuron.out = m.bias, m.out_drop, _format(m.out)
    p.pre, p.z_m, p.z_drop, p.z_format = plan.pre, plan.z_m, plan.z_drop, _format(plan.z_format)
    p.z_frac, p.x_frac, p.mant_frac = plan.z_frac, plan.x_frac, plan.mant_frac
    p.post, p.shift_base, p.post_one, p.pass_at = (plan.post, plan.shift_base, plan.post_one,
                                                   plan.pass_at)
    p.post_drop, p.post_format = plan.post_drop, _format(plan.post_format)
    p.tails, p.tail_lo, p.tail_hi = plan.tails, plan.tail_lo, plan.tail_hi
    p.tail_lo_y, p.tail_hi_y, p.tail_hi_pass = plan.tail_lo_y, plan.tail_hi_y, plan.tail_hi_pass
    return p


def mbe_op(const int64_t[::1] x, plan, int64_t[::1] y, int64_t[::1] counts, int threads):
    """plan: abi.MbeOpPlan; x, y flat [n]; counts [FX_MBE_NCOUNTS]. Returns the status."""
    cdef fx_mbe_op_t p = _mbe_op_struct(plan)
    cdef int status
    cdef int64_t dummy = 0
    cdef int64_t n = x.shape[0]
    with nogil:
        status = fx_mbe_op(&p, &x[0] if n else &dummy, n, &y[0] if n else &dummy, &counts[0],
                           threads)
    return status


def mbe_op_floats(x, int32_t frac, in_format, plan, int64_t[::1] y, int64_t[::1] counts,
                  int64_t[::1] in_counts, int threads):
    """mbe_op() of float values quantized in the kernel (as activation_floats); counts
    [FX_MBE_NCOUNTS], in_counts [FX_IN_NCOUNTS]. Returns the C status."""
    cdef fx_mbe_op_t p = _mbe_op_struct(plan)
    cdef const double[::1] x64 = x if x.dtype == np.float64 else None
    cdef const float[::1] x32 = x if x.dtype == np.float32 else None
    cdef fx_float_rows_t values = _float_input(x, frac, in_format, x64, x32)
    cdef int status
    cdef int64_t dummy = 0
    cdef int64_t n = x.shape[0]
    with nogil:
        status = fx_mbe_op_floats(&p, &values, n, &y[0] if n else &dummy, &counts[0],
                                  &in_counts[0], threads)
    return status


cdef fx_fs_op_t _fs_op_struct(plan):
    """abi.FsOpPlan -> fx_fs_op_t (its arrays are the plan's own, which outlive the call)."""
    cdef fx_fs_op_t p
    p.pieces, p.upper, p.closed = plan.pieces, _cptr(plan.upper), _cptr(plan.closed)
    p.piece_steps = _cptr(plan.piece_steps)
    p.theta, p.reset, p.intensity = _cptr(plan.theta), _cptr(plan.reset), _cptr(plan.intensity)
    p.compare_strict = plan.compare_strict
    p.v_format, p.acc_format = _format(plan.v_format), _format(plan.acc_format)
    p.requant_in, p.in_drop, p.in_format = plan.requant_in, plan.in_drop, _format(plan.in_format)
    p.lo, p.hi = plan.lo, plan.hi
    p.readout, p.out_drop, p.out = plan.readout, plan.out_drop, _format(plan.out)
    p.pass_, p.pass_at, p.pass_drop = plan.pass_, plan.pass_at, plan.pass_drop
    return p


def fs_op(const int64_t[::1] x, plan, int64_t[::1] y, int64_t[::1] counts, int threads):
    """plan: abi.FsOpPlan; x, y flat [n]; counts [FX_FS_NCOUNTS]. Returns the status."""
    cdef fx_fs_op_t p = _fs_op_struct(plan)
    cdef int status
    cdef int64_t dummy = 0
    cdef int64_t n = x.shape[0]
    with nogil:
        status = fx_fs_op(&p, &x[0] if n else &dummy, n, &y[0] if n else &dummy, &counts[0],
                          threads)
    return status


def fs_op_floats(x, int32_t frac, in_format, plan, int64_t[::1] y, int64_t[::1] counts,
                 int64_t[::1] in_counts, int threads):
    """fs_op() of float values quantized in the kernel (as activation_floats); counts
    [FX_FS_NCOUNTS], in_counts [FX_IN_NCOUNTS]. Returns the C status."""
    cdef fx_fs_op_t p = _fs_op_struct(plan)
    cdef const double[::1] x64 = x if x.dtype == np.float64 else None
    cdef const float[::1] x32 = x if x.dtype == np.float32 else None
    cdef fx_float_rows_t values = _float_input(x, frac, in_format, x64, x32)
    cdef int status
    cdef int64_t dummy = 0
    cdef int64_t n = x.shape[0]
    with nogil:
        status = fx_fs_op_floats(&p, &values, n, &y[0] if n else &dummy, &counts[0],
                                 &in_counts[0], threads)
    return status


# ---- the MBE row operators (fx_mbe_rows.h) ----

cdef fx_mbe_encoder_t _encoder(e):
    """abi.MbeEncoderPlan -> fx_mbe_encoder_t."""
    cdef fx_mbe_encoder_t out
    out.neuron = _mbe_op_struct(e.neuron)
    out.u_drop, out.u_format, out.u_one = e.u_drop, _format(e.u_format), e.u_one
    return out


cdef fx_mbe_newton_t _newton(nw):
    """abi.MbeNewtonPlan -> fx_mbe_newton_t."""
    cdef fx_mbe_newton_t out
    out.steps, out.rsqrt, out.c_one = nw.steps, nw.rsqrt, nw.c_one
    out.neuron = _mbe_op_struct(nw.neuron)
    out.enc_m, out.enc_y = _encoder(nw.enc_m), _encoder(nw.enc_y)
    out.enc_s, out.enc_t = _encoder(nw.enc_s), _encoder(nw.enc_t)
    out.sq_drop, out.my_drop, out.out_drop = nw.sq_drop, nw.my_drop, nw.out_drop
    out.y_format = _format(nw.y_format)
    return out


def mbe_rows_scratch(int64_t d):
    """int64 scratch one thread of fx_mbe_softmax_rows / fx_mbe_norm_rows needs for rows of d."""
    return fx_mbe_rows_scratch(d)


cdef fx_mbe_softmax_t _mbe_softmax(plan):
    """fx_mbe_softmax_t of an abi.MbeSoftmaxPlan (its arrays must outlive the result)."""
    cdef fx_mbe_softmax_t p
    p.d, p.exp, p.recip = plan.d, _mbe_op_struct(plan.exp), _mbe_op_struct(plan.recip)
    p.newton = _newton(plan.newton)
    p.enc_e, p.enc_r = _encoder(plan.enc_e), _encoder(plan.enc_r)
    p.out_drop, p.out = plan.out_drop, _format(plan.out)
    return p


def mbe_softmax_rows(const int64_t[::1] x, int64_t rows, plan, int64_t[::1] y,
                     int64_t[::1] counts, int64_t[::1] scratch, int threads):
    """plan: abi.MbeSoftmaxPlan; x, y flat [rows * d]. Returns the status."""
    cdef fx_mbe_softmax_t p = _mbe_softmax(plan)
    cdef int status
    cdef int64_t dummy = 0
    with nogil:
        status = fx_mbe_softmax_rows(&p, &x[0] if rows else &dummy, rows,
                                     &y[0] if rows else &dummy, &counts[0], &scratch[0],
                                     threads)
    return status


def mbe_softmax_rows_floats(x, int32_t frac, in_format, int64_t rows, plan, int64_t[::1] y,
                            int64_t[::1] counts, int64_t[::1] in_counts,
                            int64_t[::1] scratch, int threads):
    """mbe_softmax_rows() of float rows quantized in the kernel (x, frac, in_format as
    norm_floats). Returns the status."""
    cdef fx_mbe_softmax_t p = _mbe_softmax(plan)
    cdef const double[::1] x64 = x if x.dtype == np.float64 else None
    cdef const float[::1] x32 = x if x.dtype == np.float32 else None
    cdef fx_float_rows_t values = _float_input(x, frac, in_format, x64, x32)
    cdef int status
    cdef int64_t dummy = 0
    with nogil:
        status = fx_mbe_softmax_rows_floats(&p, &values, rows, &y[0] if rows else &dummy,
                                            &counts[0], &in_counts[0], &scratch[0], threads)
    return status


cdef fx_mbe_norm_t _mbe_norm(plan):
    """fx_mbe_norm_t of an abi.MbeNormPlan (its arrays must outlive the result)."""
    cdef fx_mbe_norm_t p
    p.d, p.centred, p.top_bits = plan.d, plan.centred, plan.top_bits
    p.exp_lo, p.exp_hi, p.eps = plan.exp_lo, plan.exp_hi, _cptr(plan.eps)
    p.enc_x, p.enc_m = _encoder(plan.enc_x), _encoder(plan.enc_m)
    p.sq_drop, p.square_format = plan.sq_drop, _format(plan.square_format)
    p.sum_drop, p.inv_d_m, p.var_drop = plan.sum_drop, plan.inv_d_m, plan.var_drop
    p.rsqrt, p.newton = _mbe_op_struct(plan.rsqrt), _newton(plan.newton)
    p.var_frac = plan.var_frac
    p.shift_base, p.normed_format = plan.shift_base, _format(plan.normed_format)
    p.weight, p.bias = _cptr(plan.weight), _cptr(plan.bias)
    p.out_drop, p.out = plan.out_drop, _format(plan.out)
    return p


def mbe_norm_rows(const int64_t[::1] x, int64_t rows, plan, int64_t[::1] y,
                  int64_t[::1] counts, int64_t[::1] scratch, int threads):
    """plan: abi.MbeNormPlan; x, y flat [rows * d]. Returns the status."""
    cdef fx_mbe_norm_t p = _mbe_norm(plan)
    cdef int status
    cdef int64_t dummy = 0
    with nogil:
        status = fx_mbe_norm_rows(&p, &x[0] if rows else &dummy, rows,
                                  &y[0] if rows else &dummy, &counts[0], &scratch[0], threads)
    return status


def mbe_norm_rows_floats(x, int32_t frac, in_format, int64_t rows, plan, int64_t[::1] y,
                         int64_t[::1] counts, int64_t[::1] in_counts, int64_t[::1] scratch,
                         int threads):
    """mbe_norm_rows() of float rows quantized in the kernel (x, frac, in_format as
    norm_floats). Returns the status."""
    cdef fx_mbe_norm_t p = _mbe_norm(plan)
    cdef const double[::1] x64 = x if x.dtype == np.float64 else None
    cdef const float[::1] x32 = x if x.dtype == np.float32 else None
    cdef fx_float_rows_t values = _float_input(x, frac, in_format, x64, x32)
    cdef int status
    cdef int64_t dummy = 0
    with nogil:
        status = fx_mbe_norm_rows_floats(&p, &values, rows, &y[0] if rows else &dummy,
                                         &counts[0], &in_counts[0], &scratch[0], threads)
    return status


def fs_rows_scratch(int64_t d):
    """int64 scratch one thread of fx_fs_softmax_rows needs for rows of d."""
    return fx_fs_rows_scratch(d)


def fs_softmax_rows(const int64_t[::1] x, int64_t rows, plan, int64_t[::1] y,
                    int64_t[::1] counts, int64_t[::1] scratch, int threads):
    """plan: abi.FsSoftmaxPlan; x, y flat [rows * d]. Returns the status."""
    cdef fx_fs_softmax_t p
    cdef int status
    cdef int64_t dummy = 0
    p.d, p.offset, p.cutoff = plan.d, plan.offset, plan.cutoff
    p.exp, p.recip = _fs_op_struct(plan.exp), _fs_op_struct(plan.recip)
    p.sum_drop, p.sum_format = plan.sum_drop, _format(plan.sum_format)
    p.out_drop, p.out = plan.out_drop, _format(plan.out)
    with nogil:
        status = fx_fs_softmax_rows(&p, &x[0] if rows else &dummy, rows,
                                    &y[0] if rows else &dummy, &counts[0], &scratch[0], threads)
    return status
