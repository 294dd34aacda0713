"""A bank of no-leak neurons sharing one input, summed: the MBE bases of one input bank and
the FS sets. Each neuron is an engine population with input_mode "initial", no leak, no
current, no bias, a subtractive reset and at most one spike per step, so it is a pure
function of its initial membrane (docs/algorithms.md section 8.8). Backends with the fused
"chain" kernel run the whole bank in one pass; otherwise, or when per-step spikes are
recorded, each population runs on the engine. Both give the same integers and counts.
"""
from __future__ import annotations

import numpy as np

from ..backends import fused
from ..backends.abi import ChainPlan, FormatArgs
from ..population import Population, simulate


def _fusable(pop: Population, first: Population) -> bool:
    tables = pop.schedules()
    return (pop.input_mode == "initial" and pop.i_format is None and pop.decay_v.kind == "none"
            and pop.reset == "subtract" and int(pop.max_spikes) == 1
            and int(pop.input_shift) == 0 and not tables["bias"].any()
            and all(tables[k].shape[1] == 1 for k in ("threshold", "reset_amount", "intensity"))
            and (pop.steps, pop.v_format, pop.acc_format, pop.compare)
            == (first.steps, first.v_format, first.acc_format, first.compare))


def chain_plan(pops: list[Population]) -> ChainPlan | None:
    """The fx_chain plan of the bank ``pops``, or None where one of them is not a no-leak
    initial-membrane neuron of the shared steps, formats and compare."""
    if not pops or not all(_fusable(p, pops[0]) for p in pops):
        return None
    T = int(pops[0].steps)

    def table(name: str) -> np.ndarray:
        return np.ascontiguousarray(np.concatenate(
            [np.broadcast_to(p.schedules()[name], (T, 1))[:, 0] for p in pops]), np.int64)

    return ChainPlan(bases=len(pops), steps=T, compare_strict=int(pops[0].compare == ">"),
                     v_format=FormatArgs.of(pops[0].v_format),
                     acc_format=FormatArgs.of(pops[0].acc_format), theta=table("threshold"),
                     reset=table("reset_amount"), intensity=table("intensity"))


def run_bank(pops: list[Population], u: np.ndarray, backend: str, record: bool = False
             ) -> tuple[np.ndarray, dict[str, int], list[np.ndarray] | None]:
    """Sum of the final accumulators of the populations ``pops`` (each of n = u.size neurons)
    on the int32 initial membranes u: (acc int64 [n], {"spikes", "overflow_v",
    "overflow_acc"} summed over the bank, per-population spike records [T, n] if record)."""
    u = np.asarray(u, dtype=np.int32).reshape(-1)
    kernel = None if record else fused(backend, "chain")
    plan = chain_plan(pops) if kernel else None
    if plan is not None:
        acc, counts = kernel(u.astype(np.int64), plan)
        return acc, counts, None
    total = np.zeros(u.size, np.int64)
    stats = {"spikes": 0, "overflow_v": 0, "overflow_acc": 0}
    records = [] if record else None
    for pop in pops:
        tr = simulate(pop, u, backend=backend, record=("spikes",) if record else ())
        total += tr.acc
        stats["spikes"] += int(tr.spike_count.sum())
        stats["overflow_v"] += int(tr.overflow["v"].sum())
        stats["overflow_acc"] += int(tr.overflow["acc"].sum())
        if record:
            records.append(tr.records["spikes"])
    return total, stats, records
