"""backend="numba": njit kernels with the structure of csrc/ (blocks of neurons, all T steps per
block, one fused loop over the block's neurons per step). Scalar helpers mirror the static
inline functions of fxsim.h.
"""
from __future__ import annotations

import numpy as np

try:
    import numba
    from numba import njit, prange
except ImportError as exc:  # pragma: no cover - numba is a dependency
    raise ImportError(f"numba is not importable ({exc})") from None

from ..formats import Format, Rounding
from ..population import Population, Trace
from . import env_threads, kernel_args
from .numba_divgroup import divgroup  # noqa: F401

BLOCK = 512
#: threads used by simulate; FXSIM_THREADS overrides (results never depend on it)
THREADS = env_threads()
_TRN_ZERO, _RND, _RND_ZERO, _RND_INF, _RND_MIN_INF, _RND_CONV = 1, 2, 3, 4, 5, 6
_WRAP, _SAT, _SAT_SYM, _SAT_ZERO = 0, 1, 2, 3


@njit(cache=True, inline="always")
def _round_up(rounding, inexact, above, tie, negative, floor_odd):
    if rounding == _TRN_ZERO:
        return inexact and negative
    if rounding == _RND:
        return above or tie
    if rounding == _RND_ZERO:
        return above or (tie and negative)
    if rounding == _RND_INF:
        return above or (tie and not negative)
    if rounding == _RND_MIN_INF:
        return above
    if rounding == _RND_CONV:
        return above or (tie and floor_odd)
    return False


@njit(cache=True, inline="always")
def _shift_right(x, k, rounding):
    if k <= 0:
        return x
    if k > 62:
        x = np.int64((x > 0) - (x < 0))
        k = 62
    floor = x >> k
    rem = x & ((np.int64(1) << k) - 1)
    half = np.int64(1) << (k - 1)
    return floor + np.int64(_round_up(rounding, rem != 0, rem > half, rem == half, x < 0,
                                      (floor & 1) == 1))


@njit(cache=True, inline="always")
def _limits(fmt):
    is_signed, width, overflow_mode = fmt[0], fmt[1], fmt[3]
    if is_signed:
        hi = (np.int64(1) << (width - 1)) - 1
        lo = -hi if overflow_mode == _SAT_SYM else -hi - 1
    else:
        hi = (np.int64(1) << width) - 1
        lo = np.int64(0)
    return lo, hi


@njit(cache=True, inline="always")
def _overflow(x, fmt, lo, hi):
    """(value, 1 if x was out of range) -- fx_overflow of fxsim.h."""
    if lo <= x <= hi:
        return x, 0
    mode = fmt[3]
    if mode == _SAT or mode == _SAT_SYM:
        return (lo if x < lo else hi), 1
    if mode == _SAT_ZERO:
        return np.int64(0), 1
    low = x & ((np.int64(1) << fmt[1]) - 1)
    return (low - (np.int64(1) << fmt[1]) if low > hi else low), 1


@njit(cache=True)
def _shift_right_array(x, k, rounding):
    y = np.empty_like(x)
    for j in range(x.size):
        y[j] = _shift_right(x[j], k, rounding)
    return y


@njit(cache=True, inline="always")
def requantize_one(x, frac_drop, fmt, lo, hi):
    """(value, overflow hit) of one raw value requantized by frac_drop into fmt (lo, hi =
    _limits(fmt)): the element step of fx_requantize."""
    scaled = _shift_right(x, frac_drop, fmt[2]) if frac_drop >= 0 else x << -frac_drop
    return _overflow(scaled, fmt, lo, hi)


@njit(cache=True)
def _requantize_array(x, frac_drop, fmt):
    lo, hi = _limits(fmt)
    y = np.empty_like(x)
    events = 0
    for j in range(x.size):
        y[j], hit = requantize_one(x[j], frac_drop, fmt, lo, hi)
        events += hit
    return y, events


@njit(cache=True)
def _quantize_array(x, frac, fmt):
    lo, hi = _limits(fmt)
    y = np.empty(x.size, np.int64)
    events = 0
    for j in range(x.size):
        scaled = np.ldexp(x[j], frac)
        if scaled == 0.0 and x[j] != 0.0:     # underflow: rounds like +-1/4 in every mode
            scaled = np.copysign(0.25, x[j])
        floor_value = np.floor(scaled)
        inexact = scaled != floor_value       # midpoint compare: see reference quantize
        half = floor_value + 0.5
        base = np.int64(floor_value)
        rounded = base + np.int64(_round_up(fmt[2], inexact, inexact and scaled > half,
                                            inexact and scaled == half,
                                            scaled < 0, (base & 1) == 1))
        y[j], hit = _overflow(rounded, fmt, lo, hi)
        events += hit
    return y, events


@njit(cache=True, inline="always")
def _leak(x, kind, shift, rounding, min_step, factor):
    """What x loses in one step -- `leak` of csrc/fx_population.c."""
    if kind == 0:
        return np.int64(0)
    if kind == 2:
        return x - _shift_right(x * factor, shift, rounding)
    amount = _shift_right(x, shift, rounding)
    if min_step and amount == 0 and x != 0:
        return np.int64(1) if x > 0 else np.int64(-1)
    return amount


@njit(cache=True, inline="always")
def _schedule_row(data, strides, t, j0, m, buf):
    """Row of a schedule for step t, neurons j0..j0+m-1 (schedule_row of fx_population.c)."""
    start = t * strides[0] + j0 * strides[1]
    if strides[1]:
        return data[start:start + m]
    buf[:m] = data[start]
    return buf[:m]


def _make_run(has_input: bool, full: bool, single: bool):
    """The engine specialised on three of the four choices fx_population.c instantiates
    (numba freezes closure values as constants, so each variant compiles to its own loop).
    The leak kind stays a run-time value: each parallel variant costs seconds to compile, and
    8 variants keep a cold test run short."""

    @njit(cache=True, parallel=True)
    def run(cfg, formats, decays, inputs, theta_d, theta_s, reset_d, reset_s, intensity_d,
            intensity_s, bias_d, bias_s, v_out, i_out, acc_out, spike_total, partial, rec_v,
            rec_i, rec_s, rec_acc):
        """All blocks (prange); partial[b] receives block b's [3, T] events."""
        (n, T, cuba, strict, reset_zero, v_reset, max_spikes, initial, in_shift, before_decay,
         increment, record_mask, any_input) = cfg
        v_fmt, i_fmt, acc_fmt = formats[0], formats[1], formats[2]
        v_lo, v_hi = _limits(v_fmt)
        i_lo, i_hi = _limits(i_fmt)
        a_lo, a_hi = _limits(acc_fmt)
        leak_kind_v, sv, rv, mv, fv = decays[0]
        ki, si, ri, mi, fi = decays[1]
        scale = np.int64(1) << in_shift
        for b in prange((n + BLOCK - 1) // BLOCK):
            j0 = b * BLOCK
            m = min(BLOCK, n - j0)
            ovf = partial[b]
            v = v_out[j0:j0 + m]
            cur = i_out[j0:j0 + m] if cuba else i_out[0:0]
            acc = acc_out[j0:j0 + m]
            total = spike_total[j0:j0 + m]
            s_row = np.zeros(m, np.int64)
            bufs = np.empty((4, m), np.int64)
            bias = _schedule_row(bias_d, bias_s, 0, j0, m, bufs[3])
            if initial:
                for j in range(m):
                    x = np.int64(inputs[j0 + j]) * scale if any_input else np.int64(0)
                    v[j], hit = _overflow(x, v_fmt, v_lo, v_hi)
                    ovf[0, 0] += hit
            for t in range(T):
                theta = _schedule_row(theta_d, theta_s, t, j0, m, bufs[0])
                reset_amount = _schedule_row(reset_d, reset_s, t, j0, m, bufs[1])
                intensity = _schedule_row(intensity_d, intensity_s, t, j0, m, bufs[2])
                row = t * n + j0
                ev_v = 0
                ev_i = 0
                ev_a = 0
                for j in range(m):                          # rules 1-4, fused
                    x = np.int64(0)
                    if has_input and not initial:
                        x = np.int64(inputs[row + j]) * scale
                    drive = x
                    vj = v[j]
                    if full and cuba:
                        c = cur[j]
                        if before_decay:
                            c, hit = _overflow(c + x, i_fmt, i_lo, i_hi)
                            ev_i += hit
                            c = c - _leak(c, ki, si, ri, mi, fi)
                        else:
                            c = c - _leak(c, ki, si, ri, mi, fi) + x
                        c, hit = _overflow(c, i_fmt, i_lo, i_hi)
                        ev_i += hit
                        cur[j] = c
                        drive = c
                    if full and increment:
                        dv, hit = _overflow(drive - _leak(vj, leak_kind_v, sv, rv, mv, fv),
                                            v_fmt, v_lo, v_hi)
                        ev_v += hit
                        dv, hit = _overflow(dv + bias[j], v_fmt, v_lo, v_hi)
                        ev_v += hit
                        vj = vj + dv
                    else:
                        vj = vj - _leak(vj, leak_kind_v, sv, rv, mv, fv) + drive + bias[j]
                    vj, hit = _overflow(vj, v_fmt, v_lo, v_hi)
                    ev_v += hit
                    s = np.int64(0)
                    if single:
                        s = np.int64(vj >= theta[j] + strict)
                        vj -= -s & reset_amount[j]
                    else:
                        while s < max_spikes and vj >= theta[j] + strict:
                            s += 1
                            vj = v_reset if reset_zero else vj - reset_amount[j]
                    v[j], hit = _overflow(vj, v_fmt, v_lo, v_hi)
                    ev_v += hit
                    acc[j], hit = _overflow(acc[j] + s * intensity[j], acc_fmt, a_lo, a_hi)
                    ev_a += hit
                    s_row[j] = s
                    total[j] += s
                ovf[0, t] += ev_v
                ovf[1, t] += ev_i
                ovf[2, t] += ev_a
                if record_mask & 1:
                    rec_v[t, j0:j0 + m] = v
                if record_mask & 2:
                    rec_i[t, j0:j0 + m] = cur
                if record_mask & 4:
                    rec_s[t, j0:j0 + m] = s_row
                if record_mask & 8:
                    rec_acc[t, j0:j0 + m] = acc

    return run


_RUNS: dict[tuple, object] = {}


def _run_for(pop: Population, has_input: bool):
    """The specialised kernel for this population (compiled on first use, cached on disk)."""
    key = (has_input and pop.input_mode == "current", pop.cuba or pop.membrane == "increment",
           pop.max_spikes == 1 and pop.reset == "subtract")
    if key not in _RUNS:
        _RUNS[key] = _make_run(*key)
    return _RUNS[key]


def shift_right(x: np.ndarray, k: int, rounding: Rounding) -> np.ndarray:
    flat = np.ascontiguousarray(x, dtype=np.int64).reshape(-1)
    return _shift_right_array(flat, k, int(rounding)).reshape(np.shape(x))


def requantize(raw: np.ndarray, frac_in: int, fmt: Format) -> tuple[np.ndarray, int]:
    flat = np.ascontiguousarray(raw, dtype=np.int64).reshape(-1)
    out, events = _requantize_array(flat, frac_in - fmt.frac,
                                    np.array(kernel_args.format_tuple(fmt), np.int64))
    return out.reshape(np.shape(raw)), int(events)


def overflow(x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]:
    return requantize(x, fmt.frac, fmt)


def quantize(x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]:
    flat = np.ascontiguousarray(x, dtype=np.float64).reshape(-1)
    out, events = _quantize_array(flat, fmt.frac, np.array(kernel_args.format_tuple(fmt), np.int64))
    return out.reshape(np.shape(x)), int(events)


def simulate(pop: Population, inputs: np.ndarray, record: tuple[str, ...],
             threads: int | None = None, out: Trace | None = None) -> Trace:
    """threads: numba threads for this call (default: numba's current setting); out: a Trace
    whose final-state arrays receive this run's (kernel_args.buffers)."""
    c = kernel_args.config(pop)
    buf = kernel_args.buffers(pop, record, out)
    mask = sum(bit for name, bit in (("v", 1), ("i", 2), ("spikes", 4), ("acc", 8)) if name in record)
    cfg = np.array([c["n"], c["steps"], c["cuba"], c["compare_strict"], c["reset"], c["v_reset"],
                    c["max_spikes"], c["input_mode"], c["input_shift"], c["input_before_decay"],
                    c["membrane"], mask, int(inputs is not None)], np.int64)
    formats = np.array([c["v_format"], c["i_format"], c["acc_format"]], np.int64)
    decays = np.array([c["decay_v"], c["decay_i"]], np.int64)
    sched = kernel_args.schedules(pop)
    dummy = np.zeros((1, 1), np.int64)
    rec = [buf["records"].get(name, dummy) for name in ("v", "i", "spikes", "acc")]
    overflow_table = buf["overflow"].reshape(3, pop.steps)
    flat_inputs = np.zeros(1, np.int32) if inputs is None else inputs.reshape(-1)
    args = [cfg, formats, decays, flat_inputs]
    for name in ("threshold", "reset_amount", "intensity", "bias"):
        data, strides = sched[name]
        args += [data, np.array(strides, np.int64)]
    run = _run_for(pop, inputs is not None)
    partial = np.zeros(((pop.n + BLOCK - 1) // BLOCK, 3, pop.steps), np.int64)  # per block
    previous = numba.get_num_threads()
    numba.set_num_threads(max(1, min(THREADS if threads is None else int(threads),
                                     numba.config.NUMBA_NUM_THREADS)))
    try:
        run(*args, buf["v"], buf["i"], buf["acc"], buf["spike_total"], partial, *rec)
    finally:
        numba.set_num_threads(previous)
    overflow_table += partial.sum(axis=0)    # integer sums: exact in any order
    return kernel_args.to_trace(pop, "numba", buf)

from .numba_polarnorm import polarnorm  # noqa: E402,F401
from .numba_pwl_exp import pwl_exp  # noqa: E402,F401
from .numba_ops import activation, norm_rows, softmax_rows  # noqa: E402,F401
