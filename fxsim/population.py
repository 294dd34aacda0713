"""The neuron population engine: one configuration type, one simulate(), one Trace.

n neurons over T timesteps; membrane ``v``, optional synaptic current ``i`` (CUBA) and output
accumulator ``acc`` each live in their own :class:`~fxsim.formats.Format`. The per-step rules
(default order; docs/algorithms.md section 2.1):

1. ``i = ovf_i(decay_i(i) + in[t])``                               (CUBA only)
2. ``v = ovf_v(decay_v(v) + (i or in[t]) + bias)``
3. ``s = 0; while cmp(v, theta[t]) and s < max_spikes: s += 1; v = reset(v)``; then ``v = ovf_v(v)``
4. ``acc = ovf_acc(acc + s * d[t])``

``input_before_decay`` (Xylo) changes step 1 to ``i = ovf_i(decay_i(ovf_i(i + in[t])))``;
``membrane="increment"`` (Xylo) changes step 2 to three saturating adds of a separate increment:
``dv = ovf_v(i - leak_v(v)); dv = ovf_v(dv + bias); v = ovf_v(v + dv)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from .arith import as_raw_int64
from .backends import get_backend
from .backends.abi import (DECAY_KINDS, INPUT_MODES, MEMBRANE_UPDATES, RESETS, STATE_VARS,
                           DecayArgs, FormatArgs, PopulationPlan, PopulationRun, Schedule,
                           check_state_arrays)
from .errors import FxError, FxOverflowError
from .formats import HALF_RANGE_BITS, Format, Rounding, as_format, parse_rounding

COMPARES = (">=", ">")
RECORDABLE = ("v", "i", "spikes", "acc")
MAX_SPIKES = 65535                  # cap on spikes per neuron per step (Xylo uses 31)
SCHEDULE_BITS = 40                  # theta, bias and v_reset stay below 2**40 in magnitude


@dataclass(frozen=True)
class Decay:
    """Leak of one state variable, as an integer step.

    kind "none": x. kind "shift": x - leak with leak = shift_right(x, shift, rounding), and with
    ``min_step`` a zero leak of a non-zero x becomes sign(x) (Xylo). kind "mult":
    shift_right(x * factor, shift, rounding), e.g. Loihi's factor = 4096 - dv, shift = 12.
    """

    kind: str = "none"
    shift: int = 0
    factor: int = 0
    rounding: Rounding = Rounding.TRN
    min_step: bool = False

    def __post_init__(self) -> None:
        if self.kind not in DECAY_KINDS:
            raise FxError(f"unknown decay kind {self.kind!r}; expected one of {DECAY_KINDS}")
        object.__setattr__(self, "rounding", parse_rounding(self.rounding))
        if self.kind != "none" and not 0 <= int(self.shift) <= 31:
            raise FxError(f"decay shift {self.shift} outside 0..31")
        if self.kind == "mult" and not 0 <= int(self.factor) < (1 << 31):
            raise FxError(f"decay factor {self.factor} outside 0..2**31-1")

    def args(self) -> DecayArgs:
        """The kernel's fx_decay_t."""
        return DecayArgs(DECAY_KINDS.index(self.kind), int(self.shift), int(self.rounding),
                         int(self.min_step), int(self.factor))


def _schedule(value: Any, name: str, steps: int, n: int) -> np.ndarray:
    """A raw schedule as an int64 array broadcastable to [T, n]: scalar -> [1, 1],
    1-D of length T -> [T, 1] (per step), 2-D of shape [1, n], [T, 1] or [T, n] as given."""
    arr = as_raw_int64(np.asarray(value), name)
    if arr.ndim == 0:
        return arr.reshape(1, 1)
    if arr.ndim == 1:
        if arr.shape[0] != steps:
            raise FxError(f"{name}: a 1-D schedule is per step and needs length T={steps}, "
                          f"got {arr.shape[0]} (use shape [1, n] for per-neuron values)")
        return arr.reshape(steps, 1)
    if arr.ndim == 2 and arr.shape[0] in (1, steps) and arr.shape[1] in (1, n):
        return arr
    raise FxError(f"{name}: schedule shape {arr.shape} does not broadcast to [T, n]=[{steps}, {n}]")


@dataclass(frozen=True)
class Population:
    """A population of ``n`` integer neurons over ``steps`` timesteps.

    Raw values: ``threshold``, ``reset_amount``, ``bias``, ``v_reset`` and inputs are in
    ``v_format``'s fractional bits (CUBA needs ``i_format.frac == v_format.frac``);
    ``intensity`` (d) is in ``acc_format``'s. Schedules are scalars, per-step [T], per-neuron
    [1, n] or full [T, n] raw arrays; ``bias`` is a scalar or per-neuron [n].
    """

    n: int
    steps: int
    v_format: Format
    acc_format: Format
    threshold: Any
    intensity: Any = 1
    reset_amount: Any = None          # None: equal to threshold
    i_format: Format | None = None    # None: no synaptic current (input drives v directly)
    decay_v: Decay = field(default_factory=Decay)
    decay_i: Decay = field(default_factory=Decay)
    bias: Any = 0
    compare: str = ">="
    reset: str = "subtract"
    v_reset: int = 0
    max_spikes: int = 1
    input_mode: str = "current"
    input_shift: int = 0              # inputs are shifted left by this before use (Loihi: 6)
    input_before_decay: bool = False  # CUBA: add input, then decay (Xylo)
    membrane: str = "sum"             # "sum" or "increment" (Xylo)
    name: str = "population"

    def __post_init__(self) -> None:
        if int(self.n) < 1 or int(self.steps) < 1:
            raise FxError(f"population needs n >= 1 and steps >= 1, got n={self.n}, steps={self.steps}")
        object.__setattr__(self, "v_format", as_format(self.v_format))
        object.__setattr__(self, "acc_format", as_format(self.acc_format))
        if self.i_format is not None:
            object.__setattr__(self, "i_format", as_format(self.i_format))
            if self.i_format.frac != self.v_format.frac:
                raise FxError(f"i_format frac ({self.i_format.frac}) must equal v_format frac "
                              f"({self.v_format.frac}): the current is added to v unshifted")
        for name, allowed in (("compare", COMPARES), ("reset", RESETS),
                              ("input_mode", INPUT_MODES), ("membrane", MEMBRANE_UPDATES)):
            if getattr(self, name) not in allowed:
                raise FxError(f"unknown {name} {getattr(self, name)!r}; expected one of {allowed}")
        if not 1 <= int(self.max_spikes) <= MAX_SPIKES:
            raise FxError(f"max_spikes must be in 1..{MAX_SPIKES}, got {self.max_spikes}")
        if not 0 <= int(self.input_shift) <= 24:
            raise FxError(f"input_shift {self.input_shift} outside 0..24")
        for name in ("decay_v", "decay_i"):
            value = getattr(self, name)
            if isinstance(value, dict):
                object.__setattr__(self, name, Decay(**value))
        object.__setattr__(self, "_tables", self._read_schedules())
        self._check_magnitudes()

    def _check_magnitudes(self) -> None:
        """Keep every int64 intermediate below 2**62: theta and bias below 2**40, and
        reset_amount * max_spikes and intensity * max_spikes below 2**61."""
        sched = self.schedules()
        limits = {"threshold": 1 << SCHEDULE_BITS, "bias": 1 << SCHEDULE_BITS,
                  "reset_amount": (1 << HALF_RANGE_BITS) // int(self.max_spikes),
                  "intensity": (1 << HALF_RANGE_BITS) // int(self.max_spikes)}
        for name, limit in limits.items():
            if sched[name].size and int(np.abs(sched[name]).max()) >= limit:
                raise FxError(f"{name} magnitude must stay below {limit} (int64 intermediates)")
        if abs(int(self.v_reset)) >= 1 << SCHEDULE_BITS:
            raise FxError(f"v_reset magnitude must stay below 2**{SCHEDULE_BITS}")

    @property
    def cuba(self) -> bool:
        return self.i_format is not None

    def schedules(self) -> dict[str, np.ndarray]:
        """theta, reset_amount, intensity as int64 arrays broadcastable to [T, n]; bias as [1, n].

        Read-only copies made when the population was built: changing an array passed in
        afterwards does not change the population."""
        return dict(self._tables)

    def _read_schedules(self) -> dict[str, np.ndarray]:
        T, n = int(self.steps), int(self.n)
        reset = self.threshold if self.reset_amount is None else self.reset_amount
        bias = as_raw_int64(np.asarray(self.bias), "bias")
        if bias.ndim > 1 or (bias.ndim == 1 and bias.shape[0] != n):
            raise FxError(f"bias must be a scalar or have shape [n]=[{n}], got {bias.shape}")
        tables = {"threshold": _schedule(self.threshold, "threshold", T, n),
                  "reset_amount": _schedule(reset, "reset_amount", T, n),
                  "intensity": _schedule(self.intensity, "intensity", T, n),
                  "bias": bias.reshape(1, -1)}
        for table in tables.values():
            table.flags.writeable = False
        return tables

    def formats(self) -> dict[str, Format]:
        out = {"v": self.v_format, "acc": self.acc_format}
        if self.i_format is not None:
            out["i"] = self.i_format
        return out

    def plan(self) -> PopulationPlan:
        """The kernel plan (fx_population_t) of this population."""
        tables = self.schedules()
        return PopulationPlan(
            n=int(self.n), steps=int(self.steps), cuba=int(self.cuba),
            v_format=FormatArgs.of(self.v_format), i_format=FormatArgs.of(self.i_format),
            acc_format=FormatArgs.of(self.acc_format), decay_v=self.decay_v.args(),
            decay_i=self.decay_i.args(), compare_strict=COMPARES.index(self.compare),
            reset=RESETS.index(self.reset), v_reset=int(self.v_reset),
            max_spikes=int(self.max_spikes), input_mode=INPUT_MODES.index(self.input_mode),
            input_shift=int(self.input_shift), input_before_decay=int(self.input_before_decay),
            membrane=MEMBRANE_UPDATES.index(self.membrane),
            **{name: Schedule.of(tables[name]) for name in
               ("threshold", "reset_amount", "intensity", "bias")})

    def to_dict(self) -> dict:
        """Plain description (lists for arrays, Format dicts) for manifests and summaries."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Format):
                value = str(value)
            elif isinstance(value, Decay):
                value = {"kind": value.kind, "shift": value.shift, "factor": value.factor,
                         "rounding": value.rounding.name, "min_step": value.min_step}
            elif isinstance(value, np.ndarray):
                value = value.tolist()
            out[f.name] = value
        return out


@dataclass
class Trace:
    """Result of :func:`simulate`: final state int64 [n]; records int64 [T, n] (state after each step)."""

    population: Population
    backend: str
    v: np.ndarray
    acc: np.ndarray
    spike_count: np.ndarray              # total spikes per neuron, int64 [n]
    overflow: dict[str, np.ndarray]      # variable -> int64 [T] events per step
    i: np.ndarray | None = None
    records: dict[str, np.ndarray] = field(default_factory=dict)

    def to_float(self, name: str = "acc") -> np.ndarray:
        """A final state variable as float (value = raw * 2**-frac)."""
        fmt = self.population.formats()[name]
        return np.ldexp(getattr(self, name).astype(np.float64), -fmt.frac)

    @classmethod
    def from_run(cls, pop: Population, backend: str, run: PopulationRun) -> Trace:
        """The Trace of a kernel's run of ``pop``."""
        overflow = {name: run.overflow[STATE_VARS.index(name)].copy() for name in pop.formats()}
        return cls(pop, backend, v=run.v, acc=run.acc, spike_count=run.spike_count,
                   overflow=overflow, i=run.i if pop.cuba else None, records=run.records)

    def summary(self) -> dict:
        return {"backend": self.backend, "n": self.population.n, "steps": self.population.steps,
                "spikes_total": int(self.spike_count.sum()),
                "acc_min": int(self.acc.min()), "acc_max": int(self.acc.max()),
                "overflow_events": {k: int(v.sum()) for k, v in self.overflow.items()}}


def check_out(pop: Population, out: Any) -> None:
    """FxError unless ``out`` is a Trace whose final-state arrays fit ``pop`` (simulate's out=)."""
    if not isinstance(out, Trace):
        raise FxError(f"out must be a Trace from an earlier simulate call, got {type(out).__name__}")
    check_state_arrays(out, pop.n, pop.cuba)


def prepare_inputs(pop: Population, inputs: Any) -> np.ndarray | None:
    """Inputs as int32: [T, n] for input_mode="current", [n] for "initial"; None (no input,
    i.e. all zeros) stays None so no backend reads a zero array."""
    shape = (pop.steps, pop.n) if pop.input_mode == "current" else (pop.n,)
    if inputs is None:
        return None
    arr = np.asarray(inputs)
    if arr.dtype.kind == "f":
        raise FxError("inputs must be raw integers (quantize floats first with fxsim.quantize)")
    if arr.dtype.kind not in "iub":
        raise FxError(f"inputs must be an integer array, got dtype {arr.dtype}")
    if arr.shape != shape:
        raise FxError(f"inputs shape {arr.shape} does not match {shape} "
                      f"(input_mode={pop.input_mode!r}, T={pop.steps}, n={pop.n})")
    if arr.size and (arr.min() < -(1 << 31) or arr.max() >= 1 << 31):
        raise FxError("inputs must fit in 32-bit signed integers")
    return np.ascontiguousarray(arr, dtype=np.int32)


def simulate(pop: Population, inputs: Any = None, *, backend: str = "numpy",
             record: tuple[str, ...] | list[str] | bool = (), on_overflow: str = "count",
             out: Trace | None = None, threads: int | None = None) -> Trace:
    """Run ``pop`` on raw integer ``inputs`` with one backend; optionally record per-step state.

    record: names from ("v", "i", "spikes", "acc"), or True for all of them.
    on_overflow: "count" (events are returned in ``Trace.overflow``) or "raise".
    out: a Trace of an earlier run of a population with the same n (and CUBA); its v, acc,
    spike_count (and i) arrays receive this run's final state, as numpy's ``out=``, so repeated
    runs reuse their memory. The run still starts from zero state.
    threads: kernel threads of the c and numba backends for this call (default: their
    THREADS, i.e. FXSIM_THREADS); results never depend on it.
    """
    if record is True:
        record = RECORDABLE if pop.cuba else tuple(r for r in RECORDABLE if r != "i")
    record = tuple(record or ())
    for name in record:
        if name not in RECORDABLE or (name == "i" and not pop.cuba):
            raise FxError(f"cannot record {name!r}; choose from "
                          f"{RECORDABLE if pop.cuba else tuple(r for r in RECORDABLE if r != 'i')}")
    if on_overflow not in ("count", "raise"):
        raise FxError(f"on_overflow must be 'count' or 'raise', got {on_overflow!r}")
    if out is not None:
        check_out(pop, out)
    run = get_backend(backend).simulate(pop.plan(), prepare_inputs(pop, inputs), record,
                                        threads=threads, out=out)
    trace = Trace.from_run(pop, backend, run)
    if on_overflow == "raise":
        for name, per_step in trace.overflow.items():
            if per_step.any():
                t = int(np.flatnonzero(per_step)[0])
                raise FxOverflowError(f"overflow in {name!r} ({pop.formats()[name]}) at step {t}: "
                                      f"{int(per_step[t])} event(s)")
    return trace
