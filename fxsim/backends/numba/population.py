"""backend="numba": the population engine with the structure of csrc/fx_population.c (blocks
of neurons, all T steps per block, one fused loop over the block's neurons per step).

One compiled kernel serves every configuration: the choices csrc/ instantiates (input, full
update, single spike) are run-time flags, every argument has one numba type (int64 scalars,
contiguous int64 arrays, read-only schedules), and the parallel loop is a small driver around
the non-parallel block function (numba's parallel compile grows with the loop body).
"""
from __future__ import annotations

import numba
import numpy as np
from numba import njit, prange

from .. import abi
from .arith import flat, limits, overflow_one, shift_right_one
from .proven import run_lanes

BLOCK = 512
_SHIFT, _MULT = abi.DECAY_KINDS.index("shift"), abi.DECAY_KINDS.index("mult")
_INT32, _CHECKED = abi.ENGINE_PATHS.index("int32"), abi.ENGINE_PATHS.index("checked")
_I32_MAX = (1 << 31) - 1
#: bit of each recordable variable in the kernel's record mask
_RECORD_BITS = {"v": 1, "i": 2, "spikes": 4, "acc": 8}


@njit(cache=True, inline="always")
def _leak(x, decay):
    """What x loses in one step -- `leak` of csrc/fx_population.c (decay: a DecayArgsT)."""
    if decay.kind == _MULT:
        return x - shift_right_one(x * decay.factor, decay.shift, decay.rounding)
    if decay.kind != _SHIFT:
        return np.int64(0)
    amount = shift_right_one(x, decay.shift, decay.rounding)
    if decay.min_step and amount == 0 and x != 0:
        return np.int64(1) if x > 0 else np.int64(-1)
    return amount


@njit(cache=True, inline="always")
def _schedule_row(sched, t, j0, m, buf):
    """Row of a schedule for step t, neurons j0..j0+m-1 (schedule_row of fx_population.c)."""
    start = t * sched.t_stride + j0 * sched.n_stride
    if sched.n_stride:
        return sched.data[start:start + m]
    buf[:m] = sched.data[start]
    return buf[:m]


#: slots of the kernels' int64 configuration array (the plan's scalars and the run's flags)
(_N, _STEPS, _CUBA, _STRICT, _MAX_SPIKES, _RESET, _V_RESET, _INITIAL, _SHIFT_IN, _BEFORE,
 _INCREMENT, _HAS_INPUT, _FULL, _SINGLE, _RECORD, _ANY_INPUT) = range(16)


def _config(plan: abi.PopulationPlan, has_input: bool, record_mask: int) -> np.ndarray:
    """The int64 configuration array of a run (slots above)."""
    return np.array([plan.n, plan.steps, plan.cuba, plan.compare_strict, plan.max_spikes,
                     plan.reset, plan.v_reset, plan.input_mode, plan.input_shift,
                     plan.input_before_decay, plan.membrane, has_input and not plan.input_mode,
                     plan.cuba or plan.membrane, plan.max_spikes == 1 and not plan.reset,
                     record_mask, has_input], np.int64)


@njit(cache=True, inline="always")
def _record(record_mask, rec_v, rec_i, rec_s, rec_acc, v, cur, s_row, acc, t, j0, m):
    """The step-t records of neurons j0..j0+m-1 (bits of _RECORD_BITS)."""
    if record_mask & 1:
        rec_v[t, j0:j0 + m] = v
    if record_mask & 2:
        rec_i[t, j0:j0 + m] = cur
    if record_mask & 4:
        rec_s[t, j0:j0 + m] = s_row
    if record_mask & 8:
        rec_acc[t, j0:j0 + m] = acc


@njit(cache=True)
def _block(cfg, v_fmt, i_fmt, acc_fmt, decay_v, decay_i, theta_s, reset_s, intensity_s, bias_s,
           inputs, v_out, i_out, acc_out, spike_total, ovf, rec_v, rec_i, rec_s, rec_acc, j0, m):
    """All T steps of neurons j0..j0+m-1 (run_block of fx_population.c); ovf: this block's
    [3, T] events. cfg (_config) holds the choices csrc/ instantiates as run-time values, so
    that one compiled kernel serves every configuration. A block the interval proof of
    csrc/ admits runs in int32 lanes without fits (run_lanes); any other the checked loop.
    Returns the path taken (abi.ENGINE_PATHS index)."""
    n, T, cuba, strict = cfg[_N], cfg[_STEPS], cfg[_CUBA], cfg[_STRICT]
    K, reset_zero, v_reset, initial = cfg[_MAX_SPIKES], cfg[_RESET], cfg[_V_RESET], cfg[_INITIAL]
    before_decay, increment = cfg[_BEFORE], cfg[_INCREMENT]
    has_input, full, single = cfg[_HAS_INPUT], cfg[_FULL], cfg[_SINGLE]
    record_mask, any_input = cfg[_RECORD], cfg[_ANY_INPUT]
    v_lo, v_hi = limits(v_fmt)
    i_lo, i_hi = limits(i_fmt)
    a_lo, a_hi = limits(acc_fmt)
    scale = np.int64(1) << cfg[_SHIFT_IN]
    v = v_out[j0:j0 + m]
    cur = i_out[j0:j0 + m] if cuba else i_out[0:0]
    acc = acc_out[j0:j0 + m]
    total = spike_total[j0:j0 + m]
    bias = _schedule_row(bias_s, 0, j0, m, np.empty(m, np.int64))
    if initial:
        for j in range(m):
            x = np.int64(inputs[j0 + j]) * scale if any_input else np.int64(0)
            v[j], hit = overflow_one(x, v_fmt, v_lo, v_hi)
            ovf[0, 0] += hit
    if K * T <= _I32_MAX and run_lanes(
            v_fmt, i_fmt, acc_fmt, decay_v, decay_i, theta_s, reset_s, intensity_s, bias, inputs,
            has_input, cfg[_SHIFT_IN], initial, cuba, before_decay, increment, strict, K,
            reset_zero, v_reset, record_mask, rec_v, rec_i, rec_s, rec_acc, v, cur, acc, total,
            n, T, j0, m):
        return _INT32
    if not initial:
        v[:] = 0
    cur[:] = 0
    acc[:] = 0
    total[:] = 0
    s_row = np.zeros(m, np.int64)
    bufs = np.empty((3, m), np.int64)
    for t in range(T):
        theta = _schedule_row(theta_s, t, j0, m, bufs[0])
        reset_amount = _schedule_row(reset_s, t, j0, m, bufs[1])
        intensity = _schedule_row(intensity_s, t, j0, m, bufs[2])
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
                    c, hit = overflow_one(c + x, i_fmt, i_lo, i_hi)
                    ev_i += hit
                    c = c - _leak(c, decay_i)
                else:
                    c = c - _leak(c, decay_i) + x
                c, hit = overflow_one(c, i_fmt, i_lo, i_hi)
                ev_i += hit
                cur[j] = c
                drive = c
            if full and increment:
                dv, hit = overflow_one(drive - _leak(vj, decay_v), v_fmt, v_lo, v_hi)
                ev_v += hit
                dv, hit = overflow_one(dv + bias[j], v_fmt, v_lo, v_hi)
                ev_v += hit
                vj = vj + dv
            else:
                vj = vj - _leak(vj, decay_v) + drive + bias[j]
            vj, hit = overflow_one(vj, v_fmt, v_lo, v_hi)
            ev_v += hit
            s = np.int64(0)
            if single:
                s = np.int64(vj >= theta[j] + strict)
                vj -= -s & reset_amount[j]
            else:
                while s < K and vj >= theta[j] + strict:
                    s += 1
                    vj = v_reset if reset_zero else vj - reset_amount[j]
            v[j], hit = overflow_one(vj, v_fmt, v_lo, v_hi)
            ev_v += hit
            acc[j], hit = overflow_one(acc[j] + s * intensity[j], acc_fmt, a_lo, a_hi)
            ev_a += hit
            s_row[j] = s
            total[j] += s
        ovf[0, t] += ev_v
        ovf[1, t] += ev_i
        ovf[2, t] += ev_a
        _record(record_mask, rec_v, rec_i, rec_s, rec_acc, v, cur, s_row, acc, t, j0, m)
    return _CHECKED


@njit(cache=True, parallel=True)
def _run(cfg, v_fmt, i_fmt, acc_fmt, decay_v, decay_i, theta_s, reset_s, intensity_s, bias_s,
         inputs, v_out, i_out, acc_out, spike_total, partial, paths, rec_v, rec_i, rec_s,
         rec_acc):
    """Every block (prange); partial[b] receives block b's [3, T] events, paths[b] its path.
    A small parallel loop around _block keeps numba's parallel compile short."""
    n = cfg[_N]
    for b in prange((n + BLOCK - 1) // BLOCK):
        j0 = b * BLOCK
        paths[b] = _block(cfg, v_fmt, i_fmt, acc_fmt, decay_v, decay_i, theta_s, reset_s, intensity_s,
               bias_s, inputs, v_out, i_out, acc_out, spike_total, partial[b], rec_v, rec_i,
               rec_s, rec_acc, j0, min(BLOCK, n - j0))


def simulate(plan: abi.PopulationPlan, inputs: np.ndarray | None, record: tuple[str, ...],
             threads: int, out=None) -> abi.PopulationRun:
    """Run the plan on ``threads`` numba threads; out: an earlier run whose final-state arrays
    are reused (only written: a run starts from zero state)."""
    return _simulate(plan, inputs, record, threads, out)[0]


def block_paths(plan: abi.PopulationPlan, inputs: np.ndarray | None,
                threads: int = 1) -> dict[str, int]:
    """How many blocks of a run took each engine path (abi.ENGINE_PATHS; numba has no int64
    lanes): a diagnostic for tests; the results never depend on the path."""
    paths = _simulate(plan, inputs, (), threads, None)[1]
    return {name: int((paths == k).sum()) for k, name in enumerate(abi.ENGINE_PATHS)}


def _simulate(plan: abi.PopulationPlan, inputs: np.ndarray | None, record: tuple[str, ...],
              threads: int, out) -> tuple[abi.PopulationRun, np.ndarray]:
    """simulate, and the path of every block."""
    run = abi.PopulationRun.allocate(plan, record, out, zeroed=False)
    mask = sum(_RECORD_BITS[name] for name in record)
    dummy = np.zeros((1, 1), np.int64)
    rec = [run.records.get(name, dummy) for name in ("v", "i", "spikes", "acc")]
    flat_inputs = abi.flat_inputs(plan, inputs)
    if flat_inputs is None:
        flat_inputs = np.zeros(1, np.int32)
    if not flat_inputs.flags.writeable:         # one array type for the kernel's signature
        flat_inputs = flat_inputs.copy()
    partial = np.zeros(((plan.n + BLOCK - 1) // BLOCK, len(abi.STATE_VARS), plan.steps),
                       np.int64)                                        # per block
    paths = np.zeros(partial.shape[0], np.int64)
    previous = numba.get_num_threads()
    numba.set_num_threads(max(1, min(threads, numba.config.NUMBA_NUM_THREADS)))
    try:
        p = flat(plan)
        _run(_config(plan, inputs is not None, mask), p.v_format, p.i_format, p.acc_format,
             p.decay_v, p.decay_i, p.threshold, p.reset_amount, p.intensity, p.bias,
             flat_inputs, run.v, run.i, run.acc, run.spike_count, partial, paths, *rec)
    finally:
        numba.set_num_threads(previous)
    run.overflow += partial.sum(axis=0)      # integer sums: exact in any order
    return run, paths
