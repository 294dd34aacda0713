"""backend="c": the C99 kernels of csrc/ through the Cython glue (fxsim.backends._ckernels)."""
from __future__ import annotations

import numpy as np

from ..errors import C_STATUS_MESSAGES, FxError
from ..formats import Format, Rounding
from ..population import Population, Trace
from . import env_threads, kernel_args

try:
    from . import _ckernels
except ImportError as exc:  # pragma: no cover - depends on the build
    raise ImportError(f"the compiled extension fxsim.backends._ckernels is missing ({exc}); "
                      "reinstall with `pip install -e .` so setup.py builds it") from None

#: threads of every kernel (simulate, the fused operators); FXSIM_THREADS sets the default,
#: fxsim.backends.threads() changes it for a block (results never depend on it)
THREADS = env_threads()


def shift_right(x: np.ndarray, k: int, rounding: Rounding) -> np.ndarray:
    flat = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    return _ckernels.shift_right(flat, k, int(rounding)).reshape(np.shape(x))


def requantize(raw: np.ndarray, frac_in: int, fmt: Format) -> tuple[np.ndarray, int]:
    flat = np.ascontiguousarray(raw, dtype=np.int64).reshape(-1)
    out, events = _ckernels.requantize(flat, frac_in - fmt.frac, kernel_args.format_tuple(fmt))
    return out.reshape(np.shape(raw)), int(events)


def overflow(x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]:
    return requantize(x, fmt.frac, fmt)


def quantize(x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]:
    """x: float32 or float64 (other dtypes are converted to float64), checked by the caller."""
    arr = np.asarray(x)
    dtype = arr.dtype if arr.dtype in (np.float32, np.float64) else np.float64
    flat = np.ascontiguousarray(arr, dtype=dtype).reshape(-1)
    out, events, _ = _ckernels.quantize(flat, fmt.frac, kernel_args.format_tuple(fmt), THREADS)
    return out.reshape(np.shape(x)), int(events)


def simulate(pop: Population, inputs: np.ndarray, record: tuple[str, ...],
             threads: int | None = None, out: Trace | None = None) -> Trace:
    """out: a Trace whose final-state arrays receive this run's (kernel_args.buffers)."""
    buf = kernel_args.buffers(pop, record, out, zeroed=False)
    status = _ckernels.population_run(
        kernel_args.config(pop), kernel_args.schedules(pop),
        None if inputs is None else inputs.reshape(-1), buf["v"],
        buf["i"], buf["acc"], buf["spike_total"], buf["overflow"], buf["records"],
        THREADS if threads is None else int(threads))
    if status != 0:
        raise FxError(f"C kernel failed: {C_STATUS_MESSAGES.get(status, status)}")
    return kernel_args.to_trace(pop, "c", buf)


def openmp_enabled() -> bool:
    return bool(_ckernels.openmp_enabled())


def compile_flags() -> str:
    """C flags of the compiled kernels, e.g. "-O3 -std=c99 -march=native -fopenmp"."""
    return _ckernels.compile_flags()


def polarnorm(x: np.ndarray, config, trace: bool = False):
    """PolarNorm through csrc/fx_polarnorm.c: x int64 [rows, d]; returns (raw [rows],
    overflow {input, merge, output}, trace dict or None) like the numpy definition."""
    from ..primitives.polarnorm import OVERFLOW_VARS
    rows, d = x.shape
    params = config.kernel_params(d)
    m = int(params[1])
    tr = None
    if trace:
        tr = {"sorted": np.zeros((rows, m), np.int64),
              "cordic_x": np.zeros((rows, m - 1, config.n + 1), np.int64),
              "cordic_y": np.zeros((rows, m - 1, config.n + 1), np.int64),
              "merged": np.zeros((rows, m - 1), np.int64)}
    out = np.zeros(rows, np.int64)
    counts = np.zeros(len(OVERFLOW_VARS), np.int64)
    scratch = np.zeros(2 * m, np.int64)
    status = _ckernels.polarnorm_run(np.ascontiguousarray(x, dtype=np.int64), params, out, counts,
                                     scratch, tr)
    if status != 0:
        raise FxError(f"C kernel failed: {C_STATUS_MESSAGES.get(status, status)}")
    return out, {name: int(counts[i]) for i, name in enumerate(OVERFLOW_VARS)}, tr


_PWL_STATS = ("lut_reads", "multiplies", "adds", "overflow_output")


def pwl_exp(x: np.ndarray, knots: np.ndarray, slope: np.ndarray, intercept: np.ndarray,
            x_lo: int, x_hi: int, upper: int, intercept_shift: int, sum_frac: int,
            out_fmt: Format):
    """fx_pwl_exp; same signature and return as fxsim.backends.reference.pwl_exp.pwl_exp."""
    flat = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    n = flat.size
    y, index, product, total = (np.zeros(n, np.int64) for _ in range(4))
    stats = np.zeros(len(_PWL_STATS), np.int64)
    status = _ckernels.pwl_exp(
        flat, np.ascontiguousarray(knots, dtype=np.int64),
        np.ascontiguousarray(slope, dtype=np.int64),
        np.ascontiguousarray(intercept, dtype=np.int64),
        (int(x_lo), int(x_hi), int(upper), int(intercept_shift), int(sum_frac), out_fmt.frac),
        kernel_args.format_tuple(out_fmt), y, index, product, total, stats)
    if status != 0:
        raise FxError(f"C kernel failed: {C_STATUS_MESSAGES.get(status, status)}")
    return y, index, product, total, {k: int(v) for k, v in zip(_PWL_STATS, stats)}


def divgroup(a: np.ndarray, b: np.ndarray, n: int, G: int, normalize: bool, normalize_bit: int,
             trace: bool):
    """Division Neuron Group (csrc/fx_divgroup.c); same contract as reference.divgroup.divgroup."""
    T, m = a.shape
    q = np.zeros(m, np.int64)
    membrane = np.zeros((T, m), np.int64) if trace else None
    latched = np.zeros((T, m), np.int64) if trace else None
    dummy = np.zeros(1, np.int64)
    status, spikes = _ckernels.divgroup_run(
        (m, T, n, G, int(normalize), normalize_bit),
        np.ascontiguousarray(a, dtype=np.int64).reshape(-1) if m else dummy,
        np.ascontiguousarray(b, dtype=np.int64) if m else dummy, q if m else dummy,
        membrane if m else None, latched if m else None)
    if status != 0:
        raise FxError(f"C kernel failed: {C_STATUS_MESSAGES.get(status, status)}")
    return q, membrane, latched, int(spikes)


def _softmax_args(d: int, L_raw: int, exp_in_drop: int, exp_in: Format, lut: dict,
                  pwl_out: Format, div: tuple, out_drop: int, out: Format) -> tuple:
    """The fx_softmax_t arguments of _ckernels.softmax / softmax_floats after x and rows."""
    return ((d, int(L_raw), int(exp_in_drop), kernel_args.format_tuple(exp_in)),
            lut["knots"], lut["slope"], lut["intercept"],
            (lut["x_lo"], lut["x_hi"], lut["upper"], lut["intercept_shift"], lut["sum_frac"],
             pwl_out.frac), kernel_args.format_tuple(pwl_out), tuple(int(v) for v in div),
            (int(out_drop), kernel_args.format_tuple(out)))


def softmax_rows(x: np.ndarray, L_raw: int, exp_in_drop: int, exp_in: Format, lut: dict,
                 pwl_out: Format, div: tuple, out_drop: int, out: Format):
    """fx_softmax over the rows of x [rows, d] (int64 raw inputs): the nlspike softmax without
    trace. lut: fxsim.primitives.pwl_exp.build_lut's table; div = (n, G, normalize,
    normalize_bit). Returns (y [rows, d] raw, counts named by kernel_args.SOFTMAX_COUNTS)."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    rows, d = x.shape
    y = np.empty(rows * d, np.int64)
    counts = np.zeros(len(kernel_args.SOFTMAX_COUNTS), np.int64)
    status = _ckernels.softmax(
        x.reshape(-1), rows, *_softmax_args(d, L_raw, exp_in_drop, exp_in, lut, pwl_out, div,
                                            out_drop, out), y, counts, THREADS)
    if status != 0:
        raise FxError(f"C kernel failed: {C_STATUS_MESSAGES.get(status, status)}")
    return y.reshape(rows, d), {k: int(v) for k, v in zip(kernel_args.SOFTMAX_COUNTS, counts)}


def softmax_float_rows(x: np.ndarray, x_fmt: Format, L_raw: int, exp_in_drop: int,
                       exp_in: Format, lut: dict, pwl_out: Format, div: tuple, out_drop: int,
                       out: Format):
    """softmax_rows of quantize(x, x_fmt) in one kernel call (fx_softmax_floats): x float64 or
    float32 [rows, d], x_fmt.frac in -1022..1023. Returns (y, counts, input_overflow, invalid):
    invalid > 0 (NaN, inf or |x * 2^frac| >= 2^62 somewhere) leaves y meaningless."""
    x = np.ascontiguousarray(x)
    if x.dtype not in (np.float64, np.float32):
        raise TypeError(f"softmax_float_rows needs float64 or float32 rows, got {x.dtype}")
    rows, d = x.shape
    y = np.empty(rows * d, np.int64)
    counts = np.zeros(len(kernel_args.SOFTMAX_COUNTS), np.int64)
    in_counts = np.zeros(2, np.int64)
    status = _ckernels.softmax_floats(
        x.reshape(-1), x_fmt.frac, kernel_args.format_tuple(x_fmt), rows,
        *_softmax_args(d, L_raw, exp_in_drop, exp_in, lut, pwl_out, div, out_drop, out), y,
        counts, in_counts, THREADS)
    if status != 0:
        raise FxError(f"C kernel failed: {C_STATUS_MESSAGES.get(status, status)}")
    return (y.reshape(rows, d), {k: int(v) for k, v in zip(kernel_args.SOFTMAX_COUNTS, counts)},
            int(in_counts[0]), int(in_counts[1]))


def activation(x: np.ndarray, a: dict, lut: dict):
    """fx_activation over the flat int64 raw inputs x: sigmoid, silu or gelu_tanh (nlspike)
    without trace. a: fxsim.ops.nlspike_fused.activation_params; lut: build_lut's table.
    Returns (y like x, counts named by kernel_args.ACTIVATION_COUNTS)."""
    flat = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    y = np.empty_like(flat)
    counts = np.zeros(len(kernel_args.ACTIVATION_COUNTS), np.int64)
    status = _ckernels.activation(flat, a, lut["knots"], lut["slope"], lut["intercept"], y,
                                  counts, THREADS)
    if status != 0:
        raise FxError(f"C kernel failed: {C_STATUS_MESSAGES.get(status, status)}")
    return y.reshape(np.shape(x)), {k: int(v) for k, v in zip(kernel_args.ACTIVATION_COUNTS,
                                                                counts)}


def norm_rows(x: np.ndarray, a: dict, pn_params: np.ndarray, weight, bias):
    """fx_norm over the rows of x [rows, d] (int64 raw): rmsnorm or layernorm (nlspike)
    without trace. a: fxsim.ops.nlspike_fused.norm_params; weight, bias: int64 [d] or None.
    Returns (y [rows, d], counts named by kernel_args.NORM_COUNTS)."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    rows, d = x.shape
    y = np.empty(rows * d, np.int64)
    counts = np.zeros(len(kernel_args.NORM_COUNTS), np.int64)
    scratch = np.empty(max(1, THREADS) * (3 * d + 2), np.int64)
    status = _ckernels.norm(x.reshape(-1), rows, a, pn_params, weight, bias, y, counts, scratch,
                            THREADS)
    if status != 0:
        raise FxError(f"C kernel failed: {C_STATUS_MESSAGES.get(status, status)}")
    return y.reshape(rows, d), {k: int(v) for k, v in zip(kernel_args.NORM_COUNTS, counts)}
