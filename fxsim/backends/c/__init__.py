"""backend="c": the C99 kernels of csrc/ through the Cython glue (fxsim.backends.c._ckernels).

Thin wrappers: allocate the outputs, pass the plan (fxsim.backends.abi), turn a C status into
an FxError. At load, every enum code and counts length of fxsim.backends.abi and
fxsim.formats is checked against the compiled C enums.
"""
from __future__ import annotations

import numpy as np

from ...errors import C_STATUS_EINVAL, C_STATUS_MESSAGES, C_STATUS_OK, FxError
from ...formats import INTERMEDIATE_BITS, Format, Overflow, Rounding
from .. import abi, env_threads

try:
    from . import _ckernels
except ImportError as exc:  # pragma: no cover - depends on the build
    raise ImportError(f"the compiled extension fxsim.backends.c._ckernels is missing ({exc}); "
                      "reinstall with `pip install -e .` so setup.py builds it") from None

NAME = "c"
FUSED = frozenset({"softmax_rows", "softmax_float_rows", "activation", "norm_rows", "chain",
                   "mbe_op", "mbe_op_floats", "fs_op", "fs_op_floats", "mbe_softmax_rows",
                   "mbe_norm_rows", "fs_softmax_rows", "requantize_seen", "activation_floats",
                   "norm_float_rows", "mbe_softmax_float_rows", "mbe_norm_float_rows"})
#: threads of every kernel (simulate, the fused operators); FXSIM_THREADS sets the default,
#: fxsim.backends.threads() changes it for a block (results never depend on it)
THREADS = env_threads()


def python_enums() -> dict:
    """The Python side of every C enum and counts length, shaped like _ckernels.c_enums()."""
    return {
        "rounding": [int(r) for r in Rounding], "overflow": [int(o) for o in Overflow],
        "status": [C_STATUS_OK, C_STATUS_EINVAL],
        "intermediate_bits": INTERMEDIATE_BITS,
        "decay_kind": list(range(len(abi.DECAY_KINDS))),
        "input_mode": list(range(len(abi.INPUT_MODES))),
        "reset": list(range(len(abi.RESETS))),
        "membrane": list(range(len(abi.MEMBRANE_UPDATES))),
        "var": list(range(len(abi.STATE_VARS))),
        "polarnorm_var": list(range(len(abi.POLARNORM_VARS))),
        "activation_kind": list(range(len(abi.ACTIVATION_KINDS))),
        "norm_center": list(range(len(abi.NORM_CENTERS))),
        "counts": {"var": len(abi.STATE_VARS), "polarnorm": len(abi.POLARNORM_VARS),
                   "pwl_exp": len(abi.PWL_STATS), "softmax": len(abi.SOFTMAX_COUNTS),
                   "float_input": len(abi.FLOAT_INPUT_COUNTS),
                   "activation": len(abi.ACTIVATION_COUNTS), "norm": len(abi.NORM_COUNTS),
                   "chain": len(abi.CHAIN_COUNTS), "mbe": len(abi.MBE_COUNTS)},
        "mbe_pre": list(range(len(abi.MBE_PRE))),
        "mbe_post": list(range(len(abi.MBE_POST))),
        "mbe_max_banks": abi.MBE_MAX_BANKS,
        "fs": [1 + len(abi.FS_PIECE_COUNTS) * abi.FS_MAX_PIECES, abi.FS_MAX_PIECES,
               len(abi.FS_PIECE_COUNTS)],
        "div_max_group": abi.DIV_MAX_GROUP,
        "mbe_rows": [abi.ROWS_FALLBACK, len(abi.MBE_SOFTMAX_COUNTS),
                     len(abi.MBE_NORM_COUNTS), 2 * abi.FS_NCOUNTS + 1],
    }


def _check_enums() -> None:
    c, py = _ckernels.c_enums(), python_enums()
    wrong = [name for name in c if c[name] != py[name]]
    if wrong:   # pragma: no cover - a mismatch is a build of other sources
        raise ImportError("fxsim.backends.c._ckernels was built from headers whose enums differ "
                          f"from fxsim.backends.abi: {', '.join(wrong)}; rebuild it")


_check_enums()


def _check(status: int) -> None:
    if status != 0:
        raise FxError(f"C kernel failed: {C_STATUS_MESSAGES.get(status, status)}")


def _flat(x) -> np.ndarray:
    return np.ascontiguousarray(x, dtype=np.int64).reshape(-1)


def shift_right(x: np.ndarray, k: int, rounding: Rounding) -> np.ndarray:
    return _ckernels.shift_right(_flat(x), k, int(rounding)).reshape(np.shape(x))


def requantize_seen(raw: np.ndarray, frac_in: int, fmt: Format,
                    out: np.ndarray | None = None) -> tuple[np.ndarray, int, int, int]:
    """requantize into ``out`` (int64, C-contiguous, raw's size, not overlapping raw; None: a
    new array) on THREADS threads, with raw's smallest and largest value (0, 0 when empty)."""
    y = np.empty(np.shape(raw), np.int64) if out is None else out
    events, lo, hi = _ckernels.requantize(_flat(raw), frac_in - fmt.frac, abi.FormatArgs.of(fmt),
                                          y.reshape(-1), THREADS)
    return y, int(events), lo, hi


def requantize(raw: np.ndarray, frac_in: int, fmt: Format) -> tuple[np.ndarray, int]:
    y, events, _, _ = requantize_seen(raw, frac_in, fmt)
    return y, events


def overflow(x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]:
    return requantize(x, fmt.frac, fmt)


def quantize(x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]:
    """x: float32 or float64 (other dtypes are converted to float64), checked by the caller."""
    arr = np.asarray(x)
    dtype = arr.dtype if arr.dtype in (np.float32, np.float64) else np.float64
    flat = np.ascontiguousarray(arr, dtype=dtype).reshape(-1)
    out, events, _ = _ckernels.quantize(flat, fmt.frac, abi.FormatArgs.of(fmt), THREADS)
    return out.reshape(np.shape(x)), int(events)


def simulate(plan: abi.PopulationPlan, inputs: np.ndarray | None, record: tuple[str, ...],
             threads: int | None = None, out=None) -> abi.PopulationRun:
    """fx_population_run; out: an earlier run whose final-state arrays are reused."""
    run = abi.PopulationRun.allocate(plan, record, out, zeroed=False)
    _check(_ckernels.population_run(plan, abi.flat_inputs(plan, inputs), run,
                                    THREADS if threads is None else int(threads)))
    return run


def block_paths(plan: abi.PopulationPlan, inputs: np.ndarray | None,
                threads: int = 1) -> dict[str, int]:
    """How many blocks of a run of the plan took each engine path (abi.ENGINE_PATHS): a
    diagnostic for tests and benchmarks; the results never depend on the path."""
    run = abi.PopulationRun.allocate(plan, (), None, zeroed=False)
    paths = np.zeros(len(abi.ENGINE_PATHS), np.int64)
    _check(_ckernels.population_run(plan, abi.flat_inputs(plan, inputs), run, int(threads),
                                    paths))
    return dict(zip(abi.ENGINE_PATHS, paths.tolist()))


def openmp_enabled() -> bool:
    return bool(_ckernels.openmp_enabled())


def compile_flags() -> str:
    """C flags of the compiled kernels, e.g. "-O3 -std=c99 -march=native -fopenmp"."""
    return _ckernels.compile_flags()


def polarnorm(x: np.ndarray, plan: abi.PolarNormPlan, trace: bool = False):
    """fx_polarnorm; same contract as fxsim.backends.reference.polarnorm."""
    rows, m = x.shape[0], plan.m
    tr = None
    if trace:
        tr = {"sorted": np.zeros((rows, m), np.int64),
              "cordic_x": np.zeros((rows, m - 1, plan.n + 1), np.int64),
              "cordic_y": np.zeros((rows, m - 1, plan.n + 1), np.int64),
              "merged": np.zeros((rows, m - 1), np.int64)}
    out = np.zeros(rows, np.int64)
    counts = np.zeros(len(abi.POLARNORM_VARS), np.int64)
    _check(_ckernels.polarnorm_run(np.ascontiguousarray(x, dtype=np.int64), plan, out, counts,
                                   np.zeros(2 * m, np.int64), tr))
    return out, abi.named_counts(abi.POLARNORM_VARS, counts), tr


def pwl_exp(x: np.ndarray, plan: abi.PwlExpPlan):
    """fx_pwl_exp; same contract as fxsim.backends.reference.pwl_exp."""
    flat = _flat(x)
    y, index, product, total = (np.zeros(flat.size, np.int64) for _ in range(4))
    stats = np.zeros(len(abi.PWL_STATS), np.int64)
    _check(_ckernels.pwl_exp(flat, plan, y, index, product, total, stats))
    return y, index, product, total, abi.named_counts(abi.PWL_STATS, stats)


def divgroup(a: np.ndarray, b: np.ndarray, plan: abi.DivGroupPlan, trace: bool):
    """fx_divgroup_run; same contract as fxsim.backends.reference.divgroup."""
    T, m = a.shape
    q = np.zeros(m, np.int64)
    membrane = np.zeros((T, m), np.int64) if trace else None
    latched = np.zeros((T, m), np.int64) if trace else None
    dummy = np.zeros(1, np.int64)
    status, spikes = _ckernels.divgroup_run(
        plan, _flat(a) if m else dummy, _flat(b) if m else dummy, q if m else dummy,
        membrane if m else None, latched if m else None)
    _check(status)
    return q, membrane, latched, int(spikes)


def softmax_rows(x: np.ndarray, plan: abi.SoftmaxPlan):
    """fx_softmax over the rows of x [rows, d] (int64 raw): the nlspike softmax without trace.
    Returns (y [rows, d] raw, counts named by abi.SOFTMAX_COUNTS)."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    rows, d = x.shape
    y = np.empty(rows * d, np.int64)
    counts = np.zeros(len(abi.SOFTMAX_COUNTS), np.int64)
    _check(_ckernels.softmax(x.reshape(-1), rows, plan, y, counts, THREADS))
    return y.reshape(rows, d), abi.named_counts(abi.SOFTMAX_COUNTS, counts)


def softmax_float_rows(x: np.ndarray, x_fmt: Format, plan: abi.SoftmaxPlan):
    """softmax_rows of quantize(x, x_fmt) in one kernel call (fx_softmax_floats): x float64 or
    float32 [rows, d], x_fmt.frac in -1022..1023. Returns (y, counts, input counts named by
    abi.FLOAT_INPUT_COUNTS): invalid > 0 (NaN, inf or |x * 2^frac| beyond the intermediate
    range somewhere) leaves y meaningless."""
    x = np.ascontiguousarray(x)
    if x.dtype not in (np.float64, np.float32):
        raise TypeError(f"softmax_float_rows needs float64 or float32 rows, got {x.dtype}")
    rows, d = x.shape
    y = np.empty(rows * d, np.int64)
    counts = np.zeros(len(abi.SOFTMAX_COUNTS), np.int64)
    in_counts = np.zeros(len(abi.FLOAT_INPUT_COUNTS), np.int64)
    _check(_ckernels.softmax_floats(x.reshape(-1), x_fmt.frac, abi.FormatArgs.of(x_fmt), rows,
                                    plan, y, counts, in_counts, THREADS))
    return (y.reshape(rows, d), abi.named_counts(abi.SOFTMAX_COUNTS, counts),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, in_counts))


def activation(x: np.ndarray, plan: abi.ActivationPlan):
    """fx_activation over the int64 raw inputs x: sigmoid, silu or gelu_tanh (nlspike) without
    trace. Returns (y like x, counts named by abi.ACTIVATION_COUNTS)."""
    flat = _flat(x)
    y = np.empty_like(flat)
    counts = np.zeros(len(abi.ACTIVATION_COUNTS), np.int64)
    _check(_ckernels.activation(flat, plan, y, counts, THREADS))
    return y.reshape(np.shape(x)), abi.named_counts(abi.ACTIVATION_COUNTS, counts)


def activation_floats(x: np.ndarray, x_fmt: Format, plan: abi.ActivationPlan):
    """activation of quantize(x, x_fmt) in one kernel call (fx_activation_floats): x float64
    or float32, x_fmt.frac in -1022..1023. Returns (y like x, counts, input counts named by
    abi.FLOAT_INPUT_COUNTS): invalid > 0 leaves y meaningless (as softmax_float_rows)."""
    flat = abi.float_values(x)
    y = np.empty(flat.size, np.int64)
    counts = np.zeros(len(abi.ACTIVATION_COUNTS), np.int64)
    in_counts = np.zeros(len(abi.FLOAT_INPUT_COUNTS), np.int64)
    _check(_ckernels.activation_floats(flat, x_fmt.frac, abi.FormatArgs.of(x_fmt), plan, y,
                                       counts, in_counts, THREADS))
    return (y.reshape(np.shape(x)), abi.named_counts(abi.ACTIVATION_COUNTS, counts),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, in_counts))


def norm_rows(x: np.ndarray, plan: abi.NormPlan):
    """fx_norm over the rows of x [rows, d] (int64 raw): rmsnorm or layernorm (nlspike)
    without trace. Returns (y [rows, d], counts named by abi.NORM_COUNTS)."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    rows, d = x.shape
    y = np.empty(rows * d, np.int64)
    counts = np.zeros(len(abi.NORM_COUNTS), np.int64)
    scratch = np.empty(max(1, THREADS) * (3 * d + 2), np.int64)
    _check(_ckernels.norm(x.reshape(-1), rows, plan, y, counts, scratch, THREADS))
    return y.reshape(rows, d), abi.named_counts(abi.NORM_COUNTS, counts)


def norm_float_rows(x: np.ndarray, x_fmt: Format, plan: abi.NormPlan):
    """norm_rows of quantize(x, x_fmt) in one kernel call (fx_norm_floats): x float64 or
    float32 [rows, d], x_fmt.frac in -1022..1023. Returns (y, counts, input counts named by
    abi.FLOAT_INPUT_COUNTS) as softmax_float_rows."""
    rows, d = x.shape
    flat = abi.float_values(x)
    y = np.empty(rows * d, np.int64)
    counts = np.zeros(len(abi.NORM_COUNTS), np.int64)
    in_counts = np.zeros(len(abi.FLOAT_INPUT_COUNTS), np.int64)
    scratch = np.empty(max(1, THREADS) * (4 * d + 2), np.int64)
    _check(_ckernels.norm_floats(flat, x_fmt.frac, abi.FormatArgs.of(x_fmt), rows, plan, y,
                                 counts, in_counts, scratch, THREADS))
    return (y.reshape(rows, d), abi.named_counts(abi.NORM_COUNTS, counts),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, in_counts))


def chain(u: np.ndarray, plan: abi.ChainPlan):
    """fx_chain over the initial membranes u (int64 [n], int32 values): (sum over the bases of
    the final accumulator int64 [n], counts named by abi.CHAIN_COUNTS)."""
    flat = _flat(u)
    acc = np.empty_like(flat)
    counts = np.zeros(len(abi.CHAIN_COUNTS), np.int64)
    _check(_ckernels.chain(flat, plan, acc, counts, THREADS))
    return acc, abi.named_counts(abi.CHAIN_COUNTS, counts)


def mbe_op(x: np.ndarray, plan: abi.MbeOpPlan):
    """fx_mbe_op over the raw inputs x (int64, any shape): (y int64 [x.size], counts named by
    abi.MBE_COUNTS)."""
    flat = _flat(x)
    y = np.empty_like(flat)
    counts = np.zeros(len(abi.MBE_COUNTS), np.int64)
    _check(_ckernels.mbe_op(flat, plan, y, counts, THREADS))
    return y, abi.named_counts(abi.MBE_COUNTS, counts)


def mbe_op_floats(x: np.ndarray, x_fmt: Format, plan: abi.MbeOpPlan):
    """mbe_op of quantize(x, x_fmt) in one kernel call (fx_mbe_op_floats): x float64 or
    float32 (any shape), x_fmt.frac in -1022..1023. Returns (y int64 [x.size], counts, input
    counts named by abi.FLOAT_INPUT_COUNTS) as activation_floats."""
    flat = abi.float_values(x)
    y = np.empty(flat.size, np.int64)
    counts = np.zeros(len(abi.MBE_COUNTS), np.int64)
    in_counts = np.zeros(len(abi.FLOAT_INPUT_COUNTS), np.int64)
    _check(_ckernels.mbe_op_floats(flat, x_fmt.frac, abi.FormatArgs.of(x_fmt), plan, y, counts,
                                   in_counts, THREADS))
    return (y, abi.named_counts(abi.MBE_COUNTS, counts),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, in_counts))


def fs_op(x: np.ndarray, plan: abi.FsOpPlan):
    """fx_fs_op over the raw inputs x (int64, any shape): (y int64 [x.size], counts as
    abi.fs_counts)."""
    flat = _flat(x)
    y = np.empty_like(flat)
    counts = np.zeros(1 + len(abi.FS_PIECE_COUNTS) * abi.FS_MAX_PIECES, np.int64)
    _check(_ckernels.fs_op(flat, plan, y, counts, THREADS))
    return y, abi.fs_counts(counts, plan.pieces)


def fs_op_floats(x: np.ndarray, x_fmt: Format, plan: abi.FsOpPlan):
    """fs_op of quantize(x, x_fmt) in one kernel call (fx_fs_op_floats), as mbe_op_floats:
    (y int64 [x.size], counts as abi.fs_counts, input counts named by
    abi.FLOAT_INPUT_COUNTS)."""
    flat = abi.float_values(x)
    y = np.empty(flat.size, np.int64)
    counts = np.zeros(abi.FS_NCOUNTS, np.int64)
    in_counts = np.zeros(len(abi.FLOAT_INPUT_COUNTS), np.int64)
    _check(_ckernels.fs_op_floats(flat, x_fmt.frac, abi.FormatArgs.of(x_fmt), plan, y, counts,
                                  in_counts, THREADS))
    return (y, abi.fs_counts(counts, plan.pieces),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, in_counts))


def _rows(kernel, x: np.ndarray, plan, ncounts: int, scratch_of=_ckernels.mbe_rows_scratch):
    """A row kernel over x [rows, d]: (y [rows, d], counts int64 [ncounts]), or None where it
    reports FX_MBE_ROWS_FALLBACK (the composition decides)."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    rows, d = x.shape
    y = np.empty(rows * d, np.int64)
    counts = np.zeros(ncounts, np.int64)
    scratch = np.empty(max(1, THREADS) * scratch_of(d), np.int64)
    status = kernel(x.reshape(-1), rows, plan, y, counts, scratch, THREADS)
    if status == abi.ROWS_FALLBACK:
        return None
    _check(status)
    return y.reshape(rows, d), counts


def mbe_softmax_rows(x: np.ndarray, plan: abi.MbeSoftmaxPlan):
    """fx_mbe_softmax_rows over the rows of x [rows, d] (int64 raw): (y, counts named by
    abi.MBE_SOFTMAX_COUNTS), or None where the composition must decide."""
    done = _rows(_ckernels.mbe_softmax_rows, x, plan, len(abi.MBE_SOFTMAX_COUNTS))
    return done and (done[0], abi.named_counts(abi.MBE_SOFTMAX_COUNTS, done[1]))


def mbe_norm_rows(x: np.ndarray, plan: abi.MbeNormPlan):
    """fx_mbe_norm_rows over the rows of x [rows, d]: as :func:`mbe_softmax_rows`, counts
    named by abi.MBE_NORM_COUNTS."""
    done = _rows(_ckernels.mbe_norm_rows, x, plan, len(abi.MBE_NORM_COUNTS))
    return done and (done[0], abi.named_counts(abi.MBE_NORM_COUNTS, done[1]))


def _float_rows(kernel, x: np.ndarray, x_fmt: Format, plan, ncounts: int):
    """A row kernel over float rows x [rows, d] (float64 or float32) that it quantizes into
    x_fmt (frac in -1022..1023): (y [rows, d], counts int64 [ncounts], input counts named by
    abi.FLOAT_INPUT_COUNTS), or None where it reports FX_MBE_ROWS_FALLBACK; invalid > 0
    leaves y meaningless."""
    rows, d = x.shape
    flat = abi.float_values(x)
    y = np.empty(rows * d, np.int64)
    counts = np.zeros(ncounts, np.int64)
    in_counts = np.zeros(len(abi.FLOAT_INPUT_COUNTS), np.int64)
    scratch = np.empty(max(1, THREADS) * _ckernels.mbe_rows_scratch(d), np.int64)
    status = kernel(flat, x_fmt.frac, abi.FormatArgs.of(x_fmt), rows, plan, y, counts,
                    in_counts, scratch, THREADS)
    if status == abi.ROWS_FALLBACK:
        return None
    _check(status)
    return y.reshape(rows, d), counts, abi.named_counts(abi.FLOAT_INPUT_COUNTS, in_counts)


def mbe_softmax_float_rows(x: np.ndarray, x_fmt: Format, plan: abi.MbeSoftmaxPlan):
    """mbe_softmax_rows of quantize(x, x_fmt) in one kernel call: (y, counts, input counts),
    or None where the composition must decide (as _float_rows)."""
    done = _float_rows(_ckernels.mbe_softmax_rows_floats, x, x_fmt, plan,
                       len(abi.MBE_SOFTMAX_COUNTS))
    return done and (done[0], abi.named_counts(abi.MBE_SOFTMAX_COUNTS, done[1]), done[2])


def mbe_norm_float_rows(x: np.ndarray, x_fmt: Format, plan: abi.MbeNormPlan):
    """mbe_norm_rows of quantize(x, x_fmt) in one kernel call, as
    :func:`mbe_softmax_float_rows` (counts named by abi.MBE_NORM_COUNTS)."""
    done = _float_rows(_ckernels.mbe_norm_rows_floats, x, x_fmt, plan,
                       len(abi.MBE_NORM_COUNTS))
    return done and (done[0], abi.named_counts(abi.MBE_NORM_COUNTS, done[1]), done[2])


def fs_softmax_rows(x: np.ndarray, plan: abi.FsSoftmaxPlan):
    """fx_fs_softmax_rows over the rows of x [rows, d]: (y, counts as abi.fs_softmax_counts)."""
    y, counts = _rows(_ckernels.fs_softmax_rows, x, plan, 2 * abi.FS_NCOUNTS + 1,
                      _ckernels.fs_rows_scratch)
    return y, abi.fs_softmax_counts(counts, plan)
