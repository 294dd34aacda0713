"""The fast paths behind the fused softmax (csrc/fxsim.h, csrc/fx_ops.c) against independent
definitions: the PWL-Exp segment index on a uniform knot grid (a division) against
numpy.searchsorted (bucketize-left) on ANY ascending knots, and the in-kernel quantization of
float32 / float64 rows against the numpy backend, including its errors."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim import FxError, ops
from fxsim.backends import available, get_backend
from fxsim.backends.abi import FormatArgs, PwlExpPlan
from fxsim.formats import HALF_RANGE_BITS, Format

pytestmark = pytest.mark.skipif("c" not in available(), reason="C backend not built")

OUT = Format.parse("ufixed<32,0,TRN,SAT>")


@st.composite
def knot_grids(draw):
    """Ascending knots: exact uniform grids (the division path), uniform grids with one knot
    moved by one LSB or with a step too large for the 2^52 bound (the search), random ones."""
    n_knots = draw(st.integers(1, 80))
    kind = draw(st.sampled_from(["uniform", "nudged", "huge_step", "random"]))
    start = draw(st.integers(-(1 << 45), 1 << 45))
    if kind == "random":
        knots = np.sort(np.array(draw(st.lists(st.integers(-(1 << 46), 1 << 46),
                                               min_size=n_knots, max_size=n_knots)), np.int64))
    else:
        step = (1 << 52) // (n_knots + 1) + 1 if kind == "huge_step" else \
            draw(st.integers(1, 1 << 30))
        knots = start + step * np.arange(n_knots, dtype=np.int64)
        if kind == "nudged" and n_knots > 2:
            i = draw(st.integers(1, n_knots - 2))
            knots[i] += draw(st.sampled_from([-1, 1]))
    return knots


@settings(max_examples=400, deadline=None)
@given(knots=knot_grids(), seed=st.integers(0, 2**31))
def test_segment_index_equals_bucketize_left(knots, seed):
    rng = np.random.default_rng(seed)
    near = knots[rng.integers(0, knots.size, 300)] + rng.integers(-2, 3, 300)
    far = rng.integers(int(knots[0]) - (1 << 40), int(knots[-1]) + (1 << 40), 100)
    x = np.concatenate([near, far, knots, [knots[0] - 1, knots[-1] + 1]]).astype(np.int64)
    K = knots.size + 1
    zeros = np.zeros(K, np.int64)
    lo, hi = -(1 << HALF_RANGE_BITS), 1 << HALF_RANGE_BITS   # every x inside: index is the segment
    plan = PwlExpPlan(knots, zeros, zeros, lo, hi, 0, 0, 0, OUT.frac, FormatArgs.of(OUT))
    _, index, _, _, _ = get_backend("c").pwl_exp(x, plan)
    assert np.array_equal(index, np.searchsorted(knots, x, side="left"))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("threads", [1, 2])
def test_float_rows_equal_numpy(dtype, threads, monkeypatch):
    monkeypatch.setattr(get_backend("c"), "THREADS", threads)
    calls = _count_kernel_calls(monkeypatch)
    x = (7.0 * np.random.default_rng(5).standard_normal((64, 3, 70))).astype(dtype)
    x[0, 0, :4] = [300.0, -300.0, 1e-300 if dtype == np.float64 else 1e-40, -0.0]
    for axis in (-1, 1):
        want = ops.softmax(x, axis=axis, backend="numpy")
        got = ops.softmax(x, axis=axis, backend="c")
        assert np.array_equal(got.raw, want.raw) and got.stats == want.stats
    assert want.stats["glue.overflow_input"] == 2            # +-300 saturate fixed<32,8>
    assert calls == [dtype] * 2                              # the in-kernel quantization ran


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, 2.0**40])
def test_float_rows_invalid_input_same_error(bad, monkeypatch):
    calls = _count_kernel_calls(monkeypatch)
    x = np.zeros((3, 5))
    x[1, 2] = bad
    with pytest.raises(FxError) as want:
        ops.softmax(x, backend="numpy")
    with pytest.raises(FxError) as got:
        ops.softmax(x, backend="c")
    assert str(got.value) == str(want.value)
    assert calls == [np.float64]                 # the kernel saw it; the general path raised


def _count_kernel_calls(monkeypatch) -> list:
    """Record the dtype of every fxsim.backends.c.softmax_float_rows call."""
    c = get_backend("c")
    calls, kernel = [], c.softmax_float_rows

    def counted(x, *args):
        calls.append(x.dtype.type)
        return kernel(x, *args)
    monkeypatch.setattr(c, "softmax_float_rows", counted)
    return calls
