"""The kernel ABI: one frozen dataclass per C struct of csrc/fxsim.h, the enum codes and the
names of every counts array, in one place.

Field names equal the C field names. The Cython glue (fxsim/backends/c/_ckernels.pyx) reads a
plan by attribute into its struct; the numba kernels take the same plan flattened by
:func:`fxsim.backends.numba.arith.flat`; the numpy definition reads it directly. Plans are
built above the backends (fxsim.population, fxsim.primitives, fxsim.ops.nlspike.plan), from
Formats and configs; this module knows only fxsim.formats.

Enum codes: Rounding and Overflow are fxsim.formats' IntEnums (``enum fx_rounding`` /
``fx_overflow``); the tuples below give the other enums by index. fxsim.backends.c checks
every one against the compiled C enums when it loads (tests/equivalence/test_backend_protocol.py too).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import FxError
from ..formats import Format, Overflow, Rounding

#: enum fx_decay_kind, by index
DECAY_KINDS = ("none", "shift", "mult")
#: enum fx_var: rows of the population's [3, T] overflow table
STATE_VARS = ("v", "i", "acc")
#: the engine's block paths, in the order of fx_path (csrc/fx_population.h): proven in int32
#: lanes, proven in int64 lanes, checked (docs/algorithms.md 2.6.1)
ENGINE_PATHS = ("int32", "int64", "checked")
#: enum fx_polarnorm_var: PolarNorm's overflow counters
POLARNORM_VARS = ("input", "merge", "output")
#: enum fx_activation_kind, by index
ACTIVATION_KINDS = ("sigmoid", "silu", "gelu_tanh")
#: enum fx_norm_center, by index: u = x, x - RND(mean), d x - sum x (exact)
NORM_CENTERS = ("none", "mean", "exact")
#: enum fx_input_mode, fx_reset, fx_membrane, by index
INPUT_MODES = ("current", "initial")
RESETS = ("subtract", "zero")
MEMBRANE_UPDATES = ("sum", "increment")

#: enum fx_mbe_pre and fx_mbe_post, by index: the stages around a fused MBE neuron
MBE_PRE = ("none", "exp", "reciprocal", "rsqrt")
MBE_POST = ("none", "shift", "sigmoid", "pass")
#: the most banks of one fused MBE neuron (FX_MBE_MAX_BANKS)
MBE_MAX_BANKS = 8

#: the most pieces of one fused FS operator (FX_FS_MAX_PIECES) and the counts of each piece
#: (fx_fs_op's counts: "overflow_input", then these slots piece after piece)
FS_MAX_PIECES = 8
FS_PIECE_COUNTS = ("routed", "spikes", "overflow_v", "overflow_acc")
#: the length of fx_fs_op's counts (FX_FS_NCOUNTS)
FS_NCOUNTS = 1 + len(FS_PIECE_COUNTS) * FS_MAX_PIECES

#: the largest Division group the kernels accept (FX_DIV_MAX_GROUP)
DIV_MAX_GROUP = 1 << 30

#: counts slots, in the order of the C enums (FX_PWL_*, FX_SM_*, FX_IN_*, FX_ACT_*, FX_NORM_*,
#: FX_CHAIN_*)
PWL_STATS = ("lut_reads", "multiplies", "adds", "overflow_output")
SOFTMAX_COUNTS = ("clamp_exp_input", "lut_reads", "pwl_overflow", "spikes", "output_overflow")
FLOAT_INPUT_COUNTS = ("overflow", "invalid")
ACTIVATION_COUNTS = ("clamp_exp_input", "lut_reads", "pwl_overflow", "spikes",
                     "output_overflow", "poly_overflow", "bypassed", "bypass_overflow",
                     "too_wide")
#: counts of fx_chain (FX_CHAIN_*)
CHAIN_COUNTS = ("spikes", "overflow_v", "overflow_acc")
#: counts of fx_mbe_op (FX_MBE_*)
MBE_COUNTS = ("spikes", "overflow_v", "overflow_acc", "overflow_neuron", "overflow_z",
              "overflow_post", "tails")
NORM_COUNTS = ("norm_input_overflow", "polarnorm_input", "polarnorm_merge", "polarnorm_output",
               "spikes", "q_overflow", "output_overflow", "too_wide")


def named_counts(names: tuple[str, ...], counts: np.ndarray) -> dict[str, int]:
    """A kernel's counts array as {slot name: int}."""
    return {name: int(value) for name, value in zip(names, counts, strict=True)}


#: the frac bits the *_floats kernels accept (float64 exponents: 2^frac is a normal double)
FLOAT_FRAC = (-1022, 1023)


def float_values(x: np.ndarray) -> np.ndarray:
    """The values of the kernels that quantize float input themselves (the ``*_floats``
    kernels): x (float64 or float32) flat and contiguous, without a copy where it already is."""
    if x.dtype not in (np.float64, np.float32):
        raise TypeError(f"float kernels need float64 or float32 values, got {x.dtype}")
    return np.ascontiguousarray(x).reshape(-1)


@dataclass(frozen=True)
class FormatArgs:
    """fx_format_t: a storage format as far as overflow goes (frac bits travel as drops)."""

    is_signed: int
    width: int
    rounding: int
    overflow: int

    @classmethod
    def of(cls, fmt: Format | None) -> FormatArgs:
        """fmt's fields; None (no such variable, e.g. a LIF's current) is fixed<32,32>."""
        if fmt is None:
            return cls(1, 32, int(Rounding.TRN), int(Overflow.WRAP))
        return cls(int(fmt.signed), fmt.width, int(fmt.rounding), int(fmt.overflow))

    def to_format(self, frac: int) -> Format:
        """The Format with these fields and ``frac`` fractional bits."""
        return Format(bool(self.is_signed), self.width, frac, Rounding(self.rounding),
                      Overflow(self.overflow))

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.is_signed, self.width, self.rounding, self.overflow)


@dataclass(frozen=True)
class DecayArgs:
    """fx_decay_t: kind (DECAY_KINDS index), shift, rounding, min_step, factor."""

    kind: int
    shift: int
    rounding: int
    min_step: int
    factor: int

    def as_tuple(self) -> tuple[int, int, int, int, int]:
        return (self.kind, self.shift, self.rounding, self.min_step, self.factor)


@dataclass(frozen=True, eq=False)
class Schedule:
    """fx_schedule_t: element (t, j) of a [T or 1, n or 1] table is
    data[t * t_stride + j * n_stride]; a size-1 axis has stride 0."""

    data: np.ndarray
    t_stride: int
    n_stride: int

    @classmethod
    def of(cls, table: np.ndarray) -> Schedule:
        rows, cols = table.shape
        data = np.ascontiguousarray(table, dtype=np.int64).reshape(-1)
        return cls(data, cols if rows > 1 else 0, 1 if cols > 1 else 0)

    def rows(self, steps: int, n: int) -> np.ndarray:
        """The table as a read-only [steps, n] broadcast view."""
        table = self.data.reshape(steps if self.t_stride else 1, -1)
        return np.broadcast_to(table, (steps, n))


#: the scalar fields of fx_population_t, in struct order (FXSIM_POP_* defines, RTL benches)
POPULATION_SCALARS = ("n", "steps", "cuba", "v_format", "i_format", "acc_format", "decay_v",
                      "decay_i", "compare_strict", "reset", "v_reset", "max_spikes",
                      "input_mode", "input_shift", "input_before_decay", "membrane")


@dataclass(frozen=True, eq=False)
class PopulationPlan:
    """fx_population_t (continue_state is always 0: a run starts from zero state)."""

    n: int
    steps: int
    cuba: int
    v_format: FormatArgs
    i_format: FormatArgs
    acc_format: FormatArgs
    decay_v: DecayArgs
    decay_i: DecayArgs
    compare_strict: int
    reset: int
    v_reset: int
    max_spikes: int
    input_mode: int
    input_shift: int
    input_before_decay: int
    membrane: int
    threshold: Schedule
    reset_amount: Schedule
    intensity: Schedule
    bias: Schedule

    def scalars(self) -> dict[str, int | tuple[int, ...]]:
        """The scalar fields by name (formats and decays as tuples in struct order)."""
        out = {}
        for name in POPULATION_SCALARS:
            value = getattr(self, name)
            out[name] = value.as_tuple() if hasattr(value, "as_tuple") else value
        return out


@dataclass(eq=False)
class PopulationRun:
    """What a population kernel returns: final state int64 [n] (i: [1] without CUBA),
    overflow events int64 [3, T] (rows STATE_VARS) and the recorded [T, n] tables."""

    v: np.ndarray
    i: np.ndarray
    acc: np.ndarray
    spike_count: np.ndarray
    overflow: np.ndarray
    records: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def allocate(cls, plan: PopulationPlan, record: tuple[str, ...], out=None,
                 zeroed: bool = True) -> PopulationRun:
        """Buffers for one run. out: an earlier run (or Trace) whose v, acc, spike_count (and
        i) arrays are reused, as numpy's ``out=``; zeroed: the kernel reads the state as its
        start (numpy), else it only writes it (C, numba) and fresh arrays are left uninitialised."""
        n, T = plan.n, plan.steps
        alloc = np.zeros if zeroed else np.empty
        if out is not None:
            check_state_arrays(out, n, plan.cuba)
        if out is None:
            v, acc, total = alloc(n, np.int64), alloc(n, np.int64), alloc(n, np.int64)
            i = alloc(n, np.int64) if plan.cuba else np.zeros(1, np.int64)
        else:
            v, acc, total = out.v, out.acc, out.spike_count
            i = out.i if plan.cuba else np.zeros(1, np.int64)
            if zeroed:
                for arr in (v, acc, total, i):
                    arr.fill(0)
        return cls(v, i, acc, total, np.zeros((len(STATE_VARS), T), np.int64),
                   {name: alloc((T, n), np.int64) for name in record})


def check_state_arrays(out, n: int, cuba: int) -> None:
    """FxError unless out's final-state arrays are writeable C-contiguous int64 [n] (a kernel
    writes n values into each)."""
    for name in ("v", "acc", "spike_count") + (("i",) if cuba else ()):
        arr = getattr(out, name, None)
        if (not isinstance(arr, np.ndarray) or arr.shape != (n,) or arr.dtype != np.int64
                or not arr.flags.c_contiguous or not arr.flags.writeable):
            raise FxError(f"out.{name} must be a writeable contiguous int64 array of shape ({n},)")


def flat_inputs(plan: PopulationPlan, inputs: np.ndarray | None) -> np.ndarray | None:
    """inputs as the flat C-ordered int32 array a population kernel reads ([T, n] currents,
    [n] initial v), or None; FxError if their dtype or size does not match the plan (the
    kernel would read past their end)."""
    if inputs is None:
        return None
    size = plan.n if INPUT_MODES[plan.input_mode] == "initial" else plan.steps * plan.n
    if not isinstance(inputs, np.ndarray) or inputs.dtype != np.int32 or inputs.size != size:
        raise FxError(f"population kernel inputs must be an int32 array of {size} values "
                      f"({INPUT_MODES[plan.input_mode]} input, T={plan.steps}, n={plan.n})")
    return np.ascontiguousarray(inputs).reshape(-1)


@dataclass(frozen=True, eq=False)
class PwlExpPlan:
    """fx_pwl_exp_t: the LUT (knots [K-1], slope and intercept [K], int64) and constants."""

    knots: np.ndarray
    slope: np.ndarray
    intercept: np.ndarray
    x_lo: int
    x_hi: int
    upper: int
    intercept_shift: int
    sum_frac: int
    out_frac: int
    out_format: FormatArgs

    @classmethod
    def of(cls, lut: dict, out: Format) -> PwlExpPlan:
        """From fxsim.primitives.pwl_exp.build_lut's table and the output Format."""
        arrays = (np.ascontiguousarray(lut[k], dtype=np.int64)
                  for k in ("knots", "slope", "intercept"))
        return cls(*arrays, int(lut["x_lo"]), int(lut["x_hi"]), int(lut["upper"]),
                   int(lut["intercept_shift"]), int(lut["sum_frac"]), out.frac,
                   FormatArgs.of(out))

    @property
    def segments(self) -> int:
        return int(self.slope.shape[0])

    @property
    def out_drop(self) -> int:
        """sum_frac - out_frac: the output rounding's drop (< 0 widens)."""
        return self.sum_frac - self.out_frac


@dataclass(frozen=True)
class DivGroupPlan:
    """fx_divgroup_t: m divisions of ``steps`` numerator steps (fused kernels: m = 0, steps 1)."""

    n: int
    group: int
    normalize: int
    normalize_bit: int
    m: int = 0
    steps: int = 1


@dataclass(frozen=True)
class PolarNormPlan:
    """fx_polarnorm_t for rows of d values."""

    d: int
    n: int
    guard_bits: int
    has_eps: int
    eps_raw: int
    gain_m: int
    gain_shift: int
    internal: FormatArgs
    output: FormatArgs
    output_drop: int

    @property
    def m(self) -> int:
        """Tree leaves: d, plus the eps element."""
        return self.d + self.has_eps


@dataclass(frozen=True, eq=False)
class SoftmaxPlan:
    """fx_softmax_t for rows of d values."""

    d: int
    L_raw: int
    exp_in_drop: int
    exp_in: FormatArgs
    pwl: PwlExpPlan
    div: DivGroupPlan
    out_drop: int
    out: FormatArgs


@dataclass(frozen=True, eq=False)
class ActivationPlan:
    """fx_activation_t: sigmoid, silu, gelu_tanh (kind: ACTIVATION_KINDS index)."""

    kind: int
    clip_raw: int
    poly: FormatArgs
    poly_in_drop: int
    poly_frac: int
    c1_m: int
    c3_m: int
    c1_shift: int
    c3_shift: int
    exp_in_drop: int
    exp_in: FormatArgs
    pwl: PwlExpPlan
    den_shift: int
    num_shift: int
    div: DivGroupPlan
    out_drop: int
    out: FormatArgs
    bypass_drop: int


@dataclass(frozen=True, eq=False)
class NormPlan:
    """fx_norm_t: rmsnorm (center NORM_CENTERS "none") or layernorm ("mean": x - mean,
    "exact": d x - sum x) over rows of d values, with the row exponent or not; weight, bias: int64 [d] raw, or None;
    eps_leaves: int64 [n_eps_leaves] (the eps element at each exponent), or None."""

    d: int
    center: int
    inv_d_m: int
    inv_d_shift: int
    row_exponent: int
    top_bits: int
    exp_lo: int
    eps_leaves: np.ndarray | None
    n_eps_leaves: int
    norm_in_drop: int
    norm_in: FormatArgs
    pn: PolarNormPlan
    weight: np.ndarray | None
    num_drop: int
    sqrt_d_m: int
    sqrt_d_shift: int
    den_shift: int
    div: DivGroupPlan
    q_drop: int
    q_format: FormatArgs
    bias: np.ndarray | None
    out_drop: int
    out: FormatArgs


@dataclass(frozen=True, eq=False)
class ChainPlan:
    """fx_chain_t: ``bases`` no-leak neurons with initial membranes, one input each element;
    theta, reset, intensity: contiguous int64 [bases * steps], basis-major."""

    bases: int
    steps: int
    compare_strict: int
    v_format: FormatArgs
    acc_format: FormatArgs
    theta: np.ndarray
    reset: np.ndarray
    intensity: np.ndarray


@dataclass(frozen=True, eq=False)
class MbePlan:
    """fx_mbe_t: one MBE neuron on inputs of a fixed frac. bank_bases, sign, offset, scale_m,
    scale_drop: int64 [banks]; theta, reset, intensity: contiguous int64
    [sum(bank_bases) * steps], bank-major then basis-major."""

    banks: int
    bank_bases: np.ndarray
    sign: np.ndarray
    offset: np.ndarray
    scale_m: np.ndarray
    scale_drop: np.ndarray
    u_format: FormatArgs
    u_one: int
    acc_format: FormatArgs
    steps: int
    compare_strict: int
    theta: np.ndarray
    reset: np.ndarray
    intensity: np.ndarray
    bias: int
    out_drop: int
    out: FormatArgs

    @property
    def bases(self) -> int:
        """Bases over every bank."""
        return int(self.bank_bases.sum())


@dataclass(frozen=True, eq=False)
class MbeOpPlan:
    """fx_mbe_op_t: a fused MBE operator (pre, post: MBE_PRE / MBE_POST indices); the fields
    of a stage that is not used are 0 (formats: FormatArgs.of(None)). tails = 1: raw
    x >= tail_hi gives tail_hi_y (tail_hi_pass = 1: the post "pass" value of x), else
    x <= tail_lo gives tail_lo_y, and only the other elements run the stages."""

    neuron: MbePlan
    pre: int
    z_m: int
    z_drop: int
    z_format: FormatArgs
    z_frac: int
    x_frac: int
    mant_frac: int
    post: int
    shift_base: int
    post_one: int
    pass_at: int
    post_drop: int
    post_format: FormatArgs
    tails: int
    tail_lo: int
    tail_hi: int
    tail_lo_y: int
    tail_hi_y: int
    tail_hi_pass: int


@dataclass(frozen=True, eq=False)
class FsOpPlan:
    """fx_fs_op_t: an FS operator's pieces (upper, closed, piece_steps: int64 [pieces];
    theta, reset, intensity: contiguous int64 [sum(piece_steps)], piece after piece) and the
    stages around them."""

    pieces: int
    upper: np.ndarray
    closed: np.ndarray
    piece_steps: np.ndarray
    theta: np.ndarray
    reset: np.ndarray
    intensity: np.ndarray
    compare_strict: int
    v_format: FormatArgs
    acc_format: FormatArgs
    requant_in: int
    in_drop: int
    in_format: FormatArgs
    lo: int
    hi: int
    readout: int
    out_drop: int
    out: FormatArgs
    pass_: int
    pass_at: int
    pass_drop: int


def fs_counts(counts: np.ndarray, pieces: int) -> dict:
    """fx_fs_op's counts array as {"overflow_input": int, "pieces": [{FS_PIECE_COUNTS}]}."""
    slots = len(FS_PIECE_COUNTS)
    return {"overflow_input": int(counts[0]),
            "pieces": [named_counts(FS_PIECE_COUNTS, counts[1 + slots * k:1 + slots * (k + 1)])
                       for k in range(pieces)]}


#: fx_mbe_rows' status "the composition decides" (FX_MBE_ROWS_FALLBACK)
ROWS_FALLBACK = 1
#: counts of fx_mbe_softmax_rows (FX_MSM_*): exp's and 1/sum's MBE_COUNTS, then the spike
#: multiply's encoder spikes and output overflow events
MBE_SOFTMAX_COUNTS = (*(f"exp.{k}" for k in MBE_COUNTS), *(f"recip.{k}" for k in MBE_COUNTS),
                      "multiply.spikes", "multiply.overflow", "recip.newton_spikes",
                      "recip.newton_overflow")
#: counts of fx_mbe_norm_rows (FX_MNR_*)
MBE_NORM_COUNTS = ("square.spikes", "square.overflow", *(f"rsqrt.{k}" for k in MBE_COUNTS),
                   "multiply.spikes", "multiply.overflow", "output.overflow",
                   "rsqrt.newton_spikes", "rsqrt.newton_overflow")


@dataclass(frozen=True, eq=False)
class MbeEncoderPlan:
    """fx_mbe_encoder_t: the spike multiply's "fit" encoder of one operand (neuron: pre and
    post "none"; u = min(requant(|x|, u_drop, u_format), u_one))."""

    neuron: MbeOpPlan
    u_drop: int
    u_format: FormatArgs
    u_one: int


@dataclass(frozen=True, eq=False)
class MbeNewtonPlan:
    """fx_mbe_newton_t: Newton steps on an MBE 1/x (rsqrt 0) or 1/sqrt(x) (rsqrt 1) mantissa
    after neuron (the mantissa neuron, pre and post "none"), each product of two SAR encoders
    requantized by its drop into y_format; c_one: 2.0 or 3.0 in y_format. enc_s (y^2) is read
    for 1/sqrt only."""

    steps: int
    rsqrt: int
    neuron: MbeOpPlan
    enc_m: MbeEncoderPlan
    enc_y: MbeEncoderPlan
    enc_s: MbeEncoderPlan
    enc_t: MbeEncoderPlan
    c_one: int
    sq_drop: int
    my_drop: int
    out_drop: int
    y_format: FormatArgs


@dataclass(frozen=True, eq=False)
class MbeSoftmaxPlan:
    """fx_mbe_softmax_t: rows of d; exp (pre "exp", post "shift"), recip (pre "reciprocal",
    post "shift") and its Newton steps, the encoders of e and 1/sum, the product's
    requantization."""

    d: int
    exp: MbeOpPlan
    recip: MbeOpPlan
    newton: MbeNewtonPlan
    enc_e: MbeEncoderPlan
    enc_r: MbeEncoderPlan
    out_drop: int
    out: FormatArgs


@dataclass(frozen=True, eq=False)
class MbeNormPlan:
    """fx_mbe_norm_t: the norms with the per-row exponent (eps: int64 [exp_hi - exp_lo + 1];
    weight, bias: int64 [d] or None; rsqrt: pre "rsqrt", post "none", then newton)."""

    d: int
    centred: int
    top_bits: int
    exp_lo: int
    exp_hi: int
    eps: np.ndarray
    enc_x: MbeEncoderPlan
    enc_m: MbeEncoderPlan
    sq_drop: int
    square_format: FormatArgs
    sum_drop: int
    inv_d_m: int
    var_drop: int
    rsqrt: MbeOpPlan
    newton: MbeNewtonPlan
    var_frac: int
    shift_base: int
    normed_format: FormatArgs
    weight: np.ndarray | None
    bias: np.ndarray | None
    out_drop: int
    out: FormatArgs


@dataclass(frozen=True, eq=False)
class FsSoftmaxPlan:
    """fx_fs_softmax_t: rows of d; tp = x - max + offset, e = exp's pieces (0 where tp <=
    cutoff), the row sum requantized by sum_drop into sum_format, recip's pieces on it, the
    product requantized by out_drop into out."""

    d: int
    offset: int
    cutoff: int
    exp: FsOpPlan
    recip: FsOpPlan
    sum_drop: int
    sum_format: FormatArgs
    out_drop: int
    out: FormatArgs


def fs_softmax_counts(counts: np.ndarray, plan: FsSoftmaxPlan) -> dict:
    """fx_fs_softmax_rows' counts as {"exp": fs_counts, "recip": fs_counts, "overflow": int}."""
    return {"exp": fs_counts(counts[:FS_NCOUNTS], plan.exp.pieces),
            "recip": fs_counts(counts[FS_NCOUNTS:2 * FS_NCOUNTS], plan.recip.pieces),
            "overflow": int(counts[2 * FS_NCOUNTS])}
