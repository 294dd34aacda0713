"""The population engine in numpy int64: the definition the C and numba kernels must equal.

Each line is one integer step of fxsim.population's rules; widths are in docs/algorithms.md.
"""
from __future__ import annotations

import numpy as np

from ...population import Decay, Population, Trace
from .arith import overflow, shift_right


def leak(x: np.ndarray, decay: Decay) -> np.ndarray:
    """Amount a state loses in one step (x - decayed x); |x| < 2**32 so x * factor < 2**63."""
    if decay.kind == "none":
        return np.zeros_like(x)
    if decay.kind == "shift":
        amount = shift_right(x, decay.shift, decay.rounding)
        if decay.min_step:
            amount = np.where((amount == 0) & (x != 0), np.sign(x), amount)
        return amount
    return x - shift_right(x * np.int64(decay.factor), decay.shift, decay.rounding)


def spike(v: np.ndarray, theta: np.ndarray, reset_amount: np.ndarray, pop: Population):
    """Step 3: fire while cmp(v, theta) holds, up to max_spikes; returns (spikes, v before overflow)."""
    count = np.zeros_like(v)
    for _ in range(pop.max_spikes):
        fire = (v > theta) if pop.compare == ">" else (v >= theta)
        if not fire.any():
            break
        count += fire
        v = np.where(fire, v - reset_amount if pop.reset == "subtract" else np.int64(pop.v_reset), v)
    return count, v


def simulate(pop: Population, inputs: np.ndarray | None, record: tuple[str, ...],
             out: Trace | None = None) -> Trace:
    T, n = pop.steps, pop.n
    if inputs is None:
        inputs = np.zeros((T, n) if pop.input_mode == "current" else n, dtype=np.int32)
    sched = pop.schedules()
    theta, reset_amount, intensity, bias = (
        np.broadcast_to(sched[k], (T if k != "bias" else 1, n)) for k in
        ("threshold", "reset_amount", "intensity", "bias"))
    bias = bias[0]
    events = {name: np.zeros(T, dtype=np.int64) for name in pop.formats()}
    records = {name: np.zeros((T, n), dtype=np.int64) for name in record}

    def ovf(name: str, x: np.ndarray, t: int) -> np.ndarray:
        y, count = overflow(x, pop.formats()[name])
        events[name][t] += count
        return y

    zeros = np.zeros(n, dtype=np.int64)
    i, acc, total = zeros.copy(), zeros.copy(), zeros.copy()
    v = zeros.copy()
    if pop.input_mode == "initial":
        v = ovf("v", inputs.astype(np.int64) << pop.input_shift, 0)
    for t in range(T):
        x = inputs[t].astype(np.int64) << pop.input_shift if pop.input_mode == "current" else zeros
        if pop.cuba:
            if pop.input_before_decay:
                i = ovf("i", i + x, t)
                i = ovf("i", i - leak(i, pop.decay_i), t)
            else:
                i = ovf("i", i - leak(i, pop.decay_i) + x, t)
            drive = i
        else:
            drive = x
        if pop.membrane == "sum":
            v = ovf("v", v - leak(v, pop.decay_v) + drive + bias, t)
        else:
            dv = ovf("v", drive - leak(v, pop.decay_v), t)
            dv = ovf("v", dv + bias, t)
            v = ovf("v", v + dv, t)
        s, v = spike(v, theta[t], reset_amount[t], pop)
        v = ovf("v", v, t)
        acc = ovf("acc", acc + s * intensity[t], t)
        total += s
        for name, value in (("v", v), ("i", i), ("spikes", s), ("acc", acc)):
            if name in records:
                records[name][t] = value
    if out is not None:                      # numpy's out=: the results in the caller's arrays
        for dst, src in ((out.v, v), (out.acc, acc), (out.spike_count, total)):
            np.copyto(dst, src)
        v, acc, total = out.v, out.acc, out.spike_count
        if pop.cuba:
            np.copyto(out.i, i)
            i = out.i
    return Trace(pop, "numpy", v=v, acc=acc, spike_count=total, overflow=events,
                 i=i if pop.cuba else None, records=records)
