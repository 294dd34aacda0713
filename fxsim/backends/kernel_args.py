"""Flatten a Population into the plain tuples and strided int64 tables the compiled kernels take.

Shared by the C and numba backends so both see exactly the same integers.
"""
from __future__ import annotations

import numpy as np

from ..formats import Format
from ..population import Decay, Population

DECAY_CODES = {"none": 0, "shift": 1, "mult": 2}
VARS = ("v", "i", "acc")   # row order of the [3, T] overflow table (enum fx_var)


def format_tuple(fmt: Format | None) -> tuple[int, int, int, int]:
    if fmt is None:
        return (1, 32, 0, 0)
    return (int(fmt.signed), fmt.width, int(fmt.rounding), int(fmt.overflow))


def decay_tuple(d: Decay) -> tuple[int, int, int, int, int]:
    return (DECAY_CODES[d.kind], int(d.shift), int(d.rounding), int(d.min_step), int(d.factor))


def strided(table: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """A [T or 1, n or 1] int64 table -> (contiguous data, (t_stride, n_stride)); size-1 axes get stride 0."""
    rows, cols = table.shape
    data = np.ascontiguousarray(table, dtype=np.int64).reshape(-1)
    return data, (cols if rows > 1 else 0, 1 if cols > 1 else 0)


def config(pop: Population) -> dict:
    return {"n": int(pop.n), "steps": int(pop.steps), "cuba": int(pop.cuba),
            "v_format": format_tuple(pop.v_format), "i_format": format_tuple(pop.i_format),
            "acc_format": format_tuple(pop.acc_format),
            "decay_v": decay_tuple(pop.decay_v), "decay_i": decay_tuple(pop.decay_i),
            "compare_strict": int(pop.compare == ">"), "reset": int(pop.reset == "zero"),
            "v_reset": int(pop.v_reset), "max_spikes": int(pop.max_spikes),
            "input_mode": int(pop.input_mode == "initial"), "input_shift": int(pop.input_shift),
            "input_before_decay": int(pop.input_before_decay),
            "membrane": int(pop.membrane == "increment")}


def schedules(pop: Population) -> dict[str, tuple[np.ndarray, tuple[int, int]]]:
    return {name: strided(table) for name, table in pop.schedules().items()}


def buffers(pop: Population, record: tuple[str, ...], out=None, zeroed: bool = True) -> dict:
    """State, totals, overflow table and record buffers for one run.

    out: a Trace of the same population whose v, acc, spike_count (and i) arrays are reused
    (numpy's ``out=``); zeroed: the kernel reads the state as its start (numba), so it is zeroed;
    else the kernel only writes it (the C engine with continue_state 0) and it is left as is."""
    n, T = int(pop.n), int(pop.steps)
    alloc = np.zeros if zeroed else np.empty
    if out is None:
        state = {"v": alloc(n, np.int64), "acc": alloc(n, np.int64),
                 "spike_total": alloc(n, np.int64),
                 "i": alloc(n, np.int64) if pop.cuba else np.zeros(1, np.int64)}
    else:
        state = {"v": out.v, "acc": out.acc, "spike_total": out.spike_count,
                 "i": out.i if pop.cuba else np.zeros(1, np.int64)}
        if zeroed:
            for arr in state.values():
                arr.fill(0)
    return {**state, "overflow": np.zeros(len(VARS) * T, np.int64),
            "records": {name: alloc((T, n), np.int64) for name in record}}


def to_trace(pop: Population, backend: str, buf: dict):
    from ..population import Trace
    table = buf["overflow"].reshape(len(VARS), pop.steps)
    overflow = {name: table[VARS.index(name)].copy() for name in pop.formats()}
    return Trace(pop, backend, v=buf["v"], acc=buf["acc"], spike_count=buf["spike_total"],
                 overflow=overflow, i=buf["i"] if pop.cuba else None, records=buf["records"])


#: the counts a fused softmax kernel returns (csrc/fx_ops.c fx_softmax, numba_ops), in order
SOFTMAX_COUNTS = ("clamp_exp_input", "lut_reads", "pwl_overflow", "spikes", "output_overflow")

#: the counts of the fused activation kernels (fx_activation, numba_ops.activation), in order
ACTIVATION_COUNTS = ("clamp_exp_input", "lut_reads", "pwl_overflow", "spikes",
                     "output_overflow", "poly_overflow", "bypassed", "bypass_overflow",
                     "too_wide")
#: the counts of the fused norm kernels (fx_norm, numba_ops.norm_rows), in order
NORM_COUNTS = ("norm_input_overflow", "polarnorm_input", "polarnorm_merge", "polarnorm_output",
               "spikes", "q_overflow", "output_overflow", "too_wide")
ACTIVATION_KINDS = ("sigmoid", "silu", "gelu_tanh")   # enum fx_activation_kind
