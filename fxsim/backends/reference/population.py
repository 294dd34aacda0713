"""The population engine in numpy int64: the definition the C and numba kernels must equal.

Each line is one integer step of fxsim.population's rules; widths are in docs/algorithms.md.
"""
from __future__ import annotations

import numpy as np

from ..abi import DECAY_KINDS, STATE_VARS, DecayArgs, PopulationPlan, PopulationRun
from .arith import overflow, shift_right


def leak(x: np.ndarray, decay: DecayArgs) -> np.ndarray:
    """Amount a state loses in one step (x - decayed x); |x| < 2**32 so x * factor < 2**63."""
    kind = DECAY_KINDS[decay.kind]
    if kind == "none":
        return np.zeros_like(x)
    if kind == "shift":
        amount = shift_right(x, decay.shift, decay.rounding)
        if decay.min_step:
            amount = np.where((amount == 0) & (x != 0), np.sign(x), amount)
        return amount
    return x - shift_right(x * np.int64(decay.factor), decay.shift, decay.rounding)


def spike(v: np.ndarray, theta: np.ndarray, reset_amount: np.ndarray, plan: PopulationPlan):
    """Step 3: fire while cmp(v, theta) holds, up to max_spikes; returns (spikes, v before overflow)."""
    count = np.zeros_like(v)
    for _ in range(plan.max_spikes):
        fire = (v > theta) if plan.compare_strict else (v >= theta)
        if not fire.any():
            break
        count += fire
        v = np.where(fire, np.int64(plan.v_reset) if plan.reset else v - reset_amount, v)
    return count, v


def simulate(plan: PopulationPlan, inputs: np.ndarray | None, record: tuple[str, ...],
             threads: int | None = None, out=None) -> PopulationRun:
    """Run the plan on int32 inputs ([T, n] currents, [n] initial v, or None for zeros);
    threads is ignored (one numpy thread); out: arrays to reuse (PopulationRun.allocate)."""
    T, n = plan.steps, plan.n
    initial = bool(plan.input_mode)
    if inputs is None:
        inputs = np.zeros(n if initial else (T, n), dtype=np.int32)
    theta, reset_amount, intensity = (plan.threshold.rows(T, n), plan.reset_amount.rows(T, n),
                                      plan.intensity.rows(T, n))
    bias = plan.bias.rows(1, n)[0]
    run = PopulationRun.allocate(plan, record, out)
    formats = dict(zip(STATE_VARS, (f.to_format(0) for f in (plan.v_format, plan.i_format,
                                                                plan.acc_format))))

    def ovf(name: str, x: np.ndarray, t: int) -> np.ndarray:
        y, count = overflow(x, formats[name])
        run.overflow[STATE_VARS.index(name), t] += count
        return y

    zeros = np.zeros(n, dtype=np.int64)
    i, acc, total, v = zeros.copy(), zeros.copy(), zeros.copy(), zeros.copy()
    if initial:
        v = ovf("v", inputs.astype(np.int64) << plan.input_shift, 0)
    for t in range(T):
        x = zeros if initial else inputs[t].astype(np.int64) << plan.input_shift
        if plan.cuba:
            if plan.input_before_decay:
                i = ovf("i", i + x, t)
                i = ovf("i", i - leak(i, plan.decay_i), t)
            else:
                i = ovf("i", i - leak(i, plan.decay_i) + x, t)
            drive = i
        else:
            drive = x
        if not plan.membrane:                              # "sum"
            v = ovf("v", v - leak(v, plan.decay_v) + drive + bias, t)
        else:
            dv = ovf("v", drive - leak(v, plan.decay_v), t)
            dv = ovf("v", dv + bias, t)
            v = ovf("v", v + dv, t)
        s, v = spike(v, theta[t], reset_amount[t], plan)
        v = ovf("v", v, t)
        acc = ovf("acc", acc + s * intensity[t], t)
        total += s
        for name, value in (("v", v), ("i", i), ("spikes", s), ("acc", acc)):
            if name in run.records:
                run.records[name][t] = value
    for dst, src in ((run.v, v), (run.acc, acc), (run.spike_count, total)):
        np.copyto(dst, src)
    if plan.cuba:
        np.copyto(run.i, i)
    return run
