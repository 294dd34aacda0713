"""Fused operator kernels (csrc/fx_ops.c) against the operators' definition: the composition
of primitives in fxsim.ops.nlspike on the numpy backend (second implementation as oracle).

A backend's fused kernel runs when no trace is asked for; with trace=True the same backend
runs primitive by primitive, so both paths are compared on the same backend too.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim import ops
from fxsim.arith import quantize
from fxsim.backends import available
from fxsim.ops.config import SoftmaxConfig

FUSED = [b for b in ("c", "numba") if b in available()]


def _format(draw, signed: bool, width_lo: int, width_hi: int, int_lo: int, int_hi: int,
            modes=("TRN", "RND", "RND_CONV", "TRN_ZERO", "RND_INF"),
            overflows=("SAT", "WRAP", "SAT_SYM", "SAT_ZERO")) -> str:
    width = draw(st.integers(width_lo, width_hi))
    integer = draw(st.integers(int_lo, min(int_hi, width)))
    kind = "fixed" if signed else "ufixed"
    return (f"{kind}<{width},{integer},{draw(st.sampled_from(modes))},"
            f"{draw(st.sampled_from(overflows))}>")


@st.composite
def softmax_cases(draw):
    n = draw(st.integers(1, 16))
    cfg = SoftmaxConfig(
        input_format=_format(draw, True, 8, 32, 4, 10),
        L=draw(st.sampled_from([2.0, 4.0, 5.0])),
        K=draw(st.sampled_from([1, 2, 7, 16, 64])),
        exp_input_format=_format(draw, True, 10, 32, 5, 9, overflows=("SAT",)),
        exp_output_format=draw(st.sampled_from(["ufixed<32,9,RND_CONV,SAT>",
                                                "ufixed<20,8,TRN,SAT>",
                                                "ufixed<24,10,RND,WRAP>"])),
        n=n, G=draw(st.sampled_from([0, 1, 3, (1 << n) + 5])),
        normalize=draw(st.booleans()), normalize_bit=draw(st.integers(2 * n, 50)),
        output_format=f"ufixed<{n + 1},1,{draw(st.sampled_from(['TRN', 'RND', 'RND_CONV']))},"
                      f"{draw(st.sampled_from(['SAT', 'WRAP']))}>")
    rows = draw(st.integers(1, 5))
    d = draw(st.sampled_from([1, 2, 3, 17, 300]))
    scale = draw(st.sampled_from([0.5, 3.0, 7.0, 40.0]))
    seed = draw(st.integers(0, 2**31))
    x = scale * np.random.default_rng(seed).standard_normal((rows, d))
    return cfg, x


@pytest.mark.parametrize("backend", FUSED)
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=softmax_cases())
def test_fused_softmax_equals_composition(backend, case):
    cfg, x = case
    want = ops.softmax(x, config=cfg, backend="numpy")
    fused = ops.softmax(x, config=cfg, backend=backend)
    composed = ops.softmax(x, config=cfg, backend=backend, trace=True)
    assert np.array_equal(fused.raw, want.raw)
    assert fused.stats == want.stats
    assert np.array_equal(composed.raw, want.raw) and composed.stats == want.stats
    # float x is quantized inside the kernel (fx_softmax_floats); raw integers take fx_softmax
    xr = quantize(x, cfg.fmt("input_format"))
    want_raw = ops.softmax(xr, config=cfg, backend="numpy", raw=True)
    fused_raw = ops.softmax(xr, config=cfg, backend=backend, raw=True)
    assert np.array_equal(fused_raw.raw, want_raw.raw) and fused_raw.stats == want_raw.stats


@pytest.mark.skipif("c" not in available(), reason="C backend not built")
def test_fused_softmax_any_axis_and_threads(monkeypatch):
    from fxsim.backends import c_backend
    x = 7.0 * np.random.default_rng(3).standard_normal((33, 5, 40))
    for axis in (0, 1, 2):
        want = ops.softmax(x, axis=axis, backend="numpy")
        for threads in (1, 2):
            monkeypatch.setattr(c_backend, "THREADS", threads)
            got = ops.softmax(x, axis=axis, backend="c")
            assert np.array_equal(got.raw, want.raw) and got.stats == want.stats
