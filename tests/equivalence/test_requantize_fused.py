"""The public ``requantize`` (and ``quantize``, whose C loop is one per rounding mode) on the c
and numba backends (the fused ``requantize_seen`` pass that
rounds, fits, counts overflow events and finds the input's extremes for the range check in one
loop) equals the numpy definition bit for bit: values, event counts and the FxError of an input
outside the 62-bit intermediate range or a left shift past it.

Oracle: the numpy backend (fxsim.backends.reference), which checks the range before it
computes, through the same public call. Covered: signed and unsigned formats of every width,
every rounding x overflow, right shifts 0..80 (past 62: every value rounds to 0 or -1) and left
shifts, exact ties, 0-d to 2-d shapes, sizes across several 65,536-value parallel pieces, 1 and
2 threads, and the ``out=`` buffer.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim import backends
from fxsim.arith import quantize, requantize
from fxsim.errors import FxError
from fxsim.formats import INTERMEDIATE_BITS, MAX_WIDTH, Format, Overflow, Rounding

COMPILED = ("c", "numba")
SHAPES = ((), (0,), (1,), (7,), (3, 5), (1000,), (2, 70_001))   # the last: 3 parallel pieces


def raw_values(seed: int, shape: tuple[int, ...], bits: int, drop: int) -> np.ndarray:
    """Values below 2**bits in magnitude (bits = 63: some reach 2**62, outside the range):
    a third uniform, a third exact ties of a right shift by ``drop`` (and one off), the rest
    the extremes +-(2**bits - 1) and small values."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    top = 1 << min(bits, INTERMEDIATE_BITS)
    uniform = rng.integers(-top + 1, top, n)
    k = min(max(drop, 1), bits)
    ties = ((uniform >> k) << k) + (1 << (k - 1)) + rng.integers(-1, 2, n)
    edges = rng.choice(np.array([-top + 1, top - 1, -1, 0, 1, -top, top - 1 + (bits > 62)]), n)
    if bits <= INTERMEDIATE_BITS:
        edges = np.clip(edges, -top + 1, top - 1)
    pick = rng.integers(0, 3, n)
    return np.where(pick == 0, uniform, np.where(pick == 1, ties, edges)).reshape(shape)


def outcome(raw, frac_in, fmt, backend, out=None):
    """(values, events) of the public call, or the FxError's message."""
    try:
        return requantize(raw, frac_in, fmt, backend=backend, return_overflow=True, out=out)
    except FxError as exc:
        return str(exc)


def assert_same(got, want):
    if isinstance(want, str) or isinstance(got, str):
        assert got == want
        return
    np.testing.assert_array_equal(got[0], want[0])
    assert got[0].dtype == np.int64 and got[0].shape == want[0].shape
    assert got[1] == want[1]


@settings(max_examples=200, deadline=None)
@given(signed=st.booleans(), width=st.integers(1, MAX_WIDTH), frac=st.integers(-8, 40),
       drop=st.integers(-24, 80), bits=st.integers(1, INTERMEDIATE_BITS + 1),
       rounding=st.sampled_from(list(Rounding)), overflow=st.sampled_from(list(Overflow)),
       shape=st.sampled_from(SHAPES), threads=st.sampled_from([1, 2]), use_out=st.booleans(),
       seed=st.integers(0, 2**32 - 1), backend=st.sampled_from(COMPILED))
def test_requantize_equals_numpy(signed, width, frac, drop, bits, rounding, overflow, shape,
                                 threads, use_out, seed, backend):
    fmt = Format(signed, width, frac, rounding, overflow)
    raw = raw_values(seed, shape, bits, drop)
    want = outcome(raw, frac + drop, fmt, "numpy")
    out = np.full(shape, 12345, np.int64) if use_out else None
    with backends.threads(threads):
        got = outcome(raw, frac + drop, fmt, backend, out)
    assert_same(got, want)
    if use_out and not isinstance(got, str):
        assert got[0] is out


def float_values(seed: int, n: int, frac: int, dtype) -> np.ndarray:
    """Values of every kind a quantization meets at 2**frac: exact ties and their float
    neighbours, integers, tiny (subnormal) values, and uniform values up to 2**(40 - frac)."""
    rng = np.random.default_rng(seed)
    ties = (rng.integers(-1000, 1000, n) + 0.5) * 2.0 ** -frac
    pool = np.concatenate([ties, np.nextafter(ties, np.inf), np.nextafter(ties, -np.inf),
                           rng.integers(-50, 50, n) * 2.0 ** -frac,
                           rng.choice([5e-324, -5e-324, 1e-310, -0.0, 0.0], n),
                           rng.uniform(-1, 1, n) * 2.0 ** rng.integers(-60, 40 - frac, n)])
    return rng.choice(pool, n).astype(dtype)


@settings(max_examples=100, deadline=None)
@given(signed=st.booleans(), width=st.integers(1, MAX_WIDTH), frac=st.integers(-20, 40),
       rounding=st.sampled_from(list(Rounding)), overflow=st.sampled_from(list(Overflow)),
       n=st.sampled_from([1, 33, 1000, 70_001]), dtype=st.sampled_from([np.float32, np.float64]),
       threads=st.sampled_from([1, 2]), seed=st.integers(0, 2**32 - 1),
       backend=st.sampled_from(COMPILED))
def test_quantize_equals_numpy(signed, width, frac, rounding, overflow, n, dtype, threads, seed,
                               backend):
    fmt = Format(signed, width, frac, rounding, overflow)
    x = float_values(seed, n, frac, dtype)
    want = quantize(x.astype(np.float64), fmt, return_overflow=True)
    with backends.threads(threads):
        got = quantize(x, fmt, backend=backend, return_overflow=True)
    assert_same(got, want)


@pytest.mark.parametrize("backend", ("numpy",) + COMPILED)
def test_requantize_int32_input_and_views(backend):
    """An int32 input (converted) and a strided view give the int64 result of its copy."""
    raw = np.arange(-40_000, 40_000, 3, dtype=np.int64)
    fmt = Format(True, 8, 2, Rounding.RND_CONV, Overflow.SAT)
    want = requantize(raw.copy(), 5, fmt)
    np.testing.assert_array_equal(requantize(raw.astype(np.int32), 5, fmt, backend=backend), want)
    np.testing.assert_array_equal(requantize(raw[::2], 5, fmt, backend=backend), want[::2])


@pytest.mark.parametrize("backend", ("numpy",) + COMPILED)
@pytest.mark.parametrize("out", [np.empty(4, np.int32), np.empty(5, np.int64),
                                 np.empty((2, 4), np.int64)[:, ::2], [0, 0, 0, 0]],
                         ids=["dtype", "shape", "strided", "list"])
def test_requantize_out_rejected(backend, out):
    with pytest.raises(FxError, match="out must be a writeable C-contiguous int64 array"):
        requantize(np.arange(4), 0, "fixed<8,4>", backend=backend, out=out)


@pytest.mark.parametrize("backend", ("numpy",) + COMPILED)
def test_requantize_out_overlapping_raw_rejected(backend):
    raw = np.arange(8, dtype=np.int64)
    with pytest.raises(FxError, match="out must not overlap raw"):
        requantize(raw, 0, "fixed<8,4>", backend=backend, out=raw)
