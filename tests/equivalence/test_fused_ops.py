"""Fused operator kernels (csrc/fx_ops.c) against the operators' definition: the composition
of primitives in fxsim.ops.nlspike on the numpy backend (second implementation as oracle).

A backend's fused kernel runs when no trace is asked for; with trace=True the same backend
runs primitive by primitive, so both paths are compared on the same backend too.
"""
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fxsim import ops
from fxsim.arith import quantize
from fxsim import backends
from fxsim.backends import available
from fxsim.errors import FxError
from fxsim.ops.nlspike.config import ActivationConfig, NormConfig, SoftmaxConfig

FUSED = [b for b in ("c", "numba") if b in available()]


def _format(draw, signed: bool, width_lo: int, width_hi: int, int_lo: int, int_hi: int,
            modes=("TRN", "RND", "RND_CONV", "TRN_ZERO", "RND_INF"),
            overflows=("SAT", "WRAP", "SAT_SYM", "SAT_ZERO")) -> str:
    width = draw(st.integers(width_lo, width_hi))
    integer = draw(st.integers(int_lo, min(int_hi, width)))
    kind = "fixed" if signed else "ufixed"
    return (f"{kind}<{width},{integer},{draw(st.sampled_from(modes))},"
            f"{draw(st.sampled_from(overflows))}>")


def _exp_and_division(draw, n: int, segments: tuple[int, ...], group_over: int) -> dict:
    """The PWL-Exp and Division-group fields the softmax and activation configs share; G is
    drawn from 0, 1, 3 and group_over + 5 (a group larger than 2^n)."""
    return {"L": draw(st.sampled_from([2.0, 4.0, 5.0])), "K": draw(st.sampled_from(segments)),
            "exp_input_format": _format(draw, True, 10, 32, 5, 9, overflows=("SAT",)),
            "exp_output_format": draw(st.sampled_from(["ufixed<32,9,RND_CONV,SAT>",
                                                       "ufixed<20,8,TRN,SAT>",
                                                       "ufixed<24,10,RND,WRAP>"])),
            "n": n, "G": draw(st.sampled_from([0, 1, 3, group_over + 5])),
            "normalize": draw(st.booleans()), "normalize_bit": draw(st.integers(2 * n, 50))}


@st.composite
def softmax_cases(draw):
    n = draw(st.integers(1, 16))
    cfg = SoftmaxConfig(
        input_format=_format(draw, True, 8, 32, 4, 10),
        **_exp_and_division(draw, n, (1, 2, 7, 16, 64), group_over=1 << n),
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
    c_backend = backends.get_backend("c")
    x = 7.0 * np.random.default_rng(3).standard_normal((33, 5, 40))
    for axis in (0, 1, 2):
        want = ops.softmax(x, axis=axis, backend="numpy")
        for threads in (1, 2):
            monkeypatch.setattr(c_backend, "THREADS", threads)
            got = ops.softmax(x, axis=axis, backend="c")
            assert np.array_equal(got.raw, want.raw) and got.stats == want.stats


# ---- sigmoid / silu / gelu_tanh and rmsnorm / layernorm (fx_activation, fx_norm) ------------
def _config(cls, **fields):
    """cls(**fields), or the example is rejected where the config itself is invalid."""
    try:
        return cls(**fields)
    except FxError:
        assume(False)


def _output_format(draw, n: int) -> str:
    width = draw(st.integers(6, 20))
    frac = draw(st.integers(0, min(n, width - 2)))
    return (f"fixed<{width},{width - frac},{draw(st.sampled_from(['TRN', 'RND', 'RND_CONV']))},"
            f"{draw(st.sampled_from(['SAT', 'WRAP', 'SAT_ZERO']))}>")


@st.composite
def activation_cases(draw):
    n = draw(st.integers(1, 14))
    cfg = _config(ActivationConfig,
                  input_format=_format(draw, True, 8, 32, 4, 10),
                  **_exp_and_division(draw, n, (1, 2, 7, 64), group_over=5 << n),
                  poly_format=_format(draw, True, 16, 32, 8, 10),
                  gelu_clip=draw(st.sampled_from([3.0, 4.0])),
                  const_width=draw(st.sampled_from([8, 16, 24])),
                  output_format=_output_format(draw, n))
    size = draw(st.sampled_from([1, 5, 300, 1000]))
    scale = draw(st.sampled_from([0.5, 3.0, 7.0, 40.0]))
    x = scale * np.random.default_rng(draw(st.integers(0, 2**31))).standard_normal(size)
    # float64 and float32 inputs take the kernels that quantize in place (fx_*_floats)
    x = x.astype(draw(st.sampled_from([np.float64, np.float32])))
    return draw(st.sampled_from(["sigmoid", "silu", "gelu_tanh"])), cfg, x


def _same(fused, want) -> None:
    assert np.array_equal(fused.raw, want.raw)
    assert fused.stats == want.stats
    assert fused.constants == want.constants


def _check_against_numpy(run, backend: str, threads: int) -> None:
    """run(backend, trace, raw) on the backend, fused (no trace: float x quantized in the
    kernel, and raw integers) and composed (trace), against numpy's composition; where numpy
    raises, the backend raises the same FxError."""
    backends.get_backend(backend)            # loaded, so backends.threads reaches it
    try:
        want = run("numpy", False, False)
    except FxError as exc:
        with backends.threads(threads), pytest.raises(FxError, match=re.escape(str(exc))):
            run(backend, False, False)
        return
    with backends.threads(threads):
        _same(run(backend, False, False), want)
        raw = run(backend, False, True)       # the same integers; no input quantization
    assert np.array_equal(raw.raw, want.raw)
    assert _not_overflow(raw.stats) == _not_overflow(want.stats)
    _same(run(backend, True, False), want)


def _not_overflow(stats: dict) -> dict:
    """The stats but the overflow counts (raw input has no input quantization to count)."""
    return {k: v for k, v in stats.items() if "overflow" not in k}


def _raw_input(x: np.ndarray, cfg) -> np.ndarray:
    return quantize(x, cfg.fmt("input_format"))


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("backend", FUSED)
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=activation_cases())
def test_fused_activations_equal_composition(backend, threads, case):
    name, cfg, x = case
    xr = _raw_input(x, cfg)
    _check_against_numpy(lambda b, trace, raw: ops.get(name)(
        xr if raw else x, config=cfg, backend=b, trace=trace, raw=raw), backend, threads)


@pytest.mark.parametrize("backend", FUSED)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["sigmoid", "silu", "gelu_tanh"]),
       bit=st.sampled_from([16, 30, 31, 32, 33, 53, 54, 60, 61]),
       x=st.lists(st.floats(-9.0, 9.0), min_size=1, max_size=40))
def test_fused_activation_division_at_the_normalising_bounds(backend, name, bit, x):
    """The per-element division (one double division, k from the exponent of double(B)) with
    normalize_bit up to 61: where |A| << k or B << k reaches 2^62 the kernel counts too_wide and
    the composition runs and raises; elsewhere the fused result equals numpy's."""
    cfg = ActivationConfig(normalize_bit=bit)
    _check_against_numpy(lambda b, trace, raw: ops.get(name)(
        _raw_input(np.array(x), cfg) if raw else np.array(x), config=cfg, backend=b,
        trace=trace, raw=raw), backend, 1)


@st.composite
def norm_cases(draw):
    n = draw(st.integers(1, 14))
    guard = draw(st.integers(0, 6))
    ni_width = draw(st.integers(12, 26))
    ni_frac = draw(st.integers(4, min(ni_width - 4, 30 - guard)))
    cfg = _config(NormConfig,
                  input_format=_format(draw, True, 8, 32, 4, 10),
                  eps=draw(st.sampled_from([0.0, 1e-5, 0.1])),
                  norm_input_format=f"fixed<{ni_width},{ni_width - ni_frac},"
                                    f"{draw(st.sampled_from(['RND', 'TRN']))},SAT>",
                  cordic_n=draw(st.integers(1, 12)), guard_bits=guard,
                  internal_width=draw(st.integers(20, 32)),
                  gain_format=draw(st.sampled_from(["ufixed<24,0,RND_CONV,SAT>",
                                                    "ufixed<16,0,RND_CONV,SAT>"])),
                  norm_format=draw(st.sampled_from(["ufixed<32,12,RND,SAT>",
                                                    "ufixed<24,14,TRN,SAT>",
                                                    "ufixed<20,16,RND,WRAP>"])),
                  sqrt_d_width=draw(st.sampled_from([8, 24])),
                  inv_d_width=draw(st.sampled_from([8, 16])),
                  n=n, G=draw(st.sampled_from([0, 1, (9 << n) + 3])),
                  normalize=draw(st.booleans()), normalize_bit=draw(st.integers(2 * n, 61)),
                  output_format=_output_format(draw, n), row_exponent=draw(st.booleans()))
    rows = draw(st.integers(1, 4))
    d = draw(st.sampled_from([1, 2, 3, 17, 300]))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    # rows of very different magnitudes (huge ones saturate the input, tiny ones round to 0)
    row_scale = np.exp2(rng.integers(-16, 12, size=(rows, 1))) if draw(st.booleans()) else 1.0
    x = draw(st.sampled_from([0.5, 3.0, 40.0])) * row_scale * rng.standard_normal((rows, d))
    x = x.astype(draw(st.sampled_from([np.float64, np.float32])))
    weight = 0.5 * rng.standard_normal(d) + 1.0 if draw(st.booleans()) else None
    bias = 0.2 * rng.standard_normal(d) if draw(st.booleans()) else None
    return draw(st.sampled_from(["rmsnorm", "layernorm"])), cfg, x, weight, bias


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("backend", FUSED)
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=norm_cases())
def test_fused_norms_equal_composition(backend, threads, case):
    name, cfg, x, weight, bias = case
    kw = {"weight": weight} | ({"bias": bias} if name == "layernorm" else {})
    xr = _raw_input(x, cfg)
    _check_against_numpy(lambda b, trace, raw: ops.get(name)(
        xr if raw else x, config=cfg, backend=b, trace=trace, raw=raw, **kw), backend, threads)


@pytest.mark.parametrize("backend", FUSED)
@pytest.mark.parametrize("name, kernel", [("sigmoid", "activation"), ("silu", "activation"),
                                          ("gelu_tanh", "activation"), ("rmsnorm", "norm_rows"),
                                          ("layernorm", "norm_rows")])
def test_paper_preset_runs_the_fused_kernel(monkeypatch, backend, name, kernel):
    """At the paper preset without trace the fused kernel is what runs (else the equality
    tests above would compare the composition with itself): on float input the one that
    quantizes in place where the backend has it."""
    from fxsim.backends import get_backend
    module = get_backend(backend)
    floats = {"activation": "activation_floats", "norm_rows": "norm_float_rows"}[kernel]
    kernel = floats if floats in module.FUSED else kernel
    calls = []
    original = getattr(module, kernel)
    monkeypatch.setattr(module, kernel, lambda *a: calls.append(1) or original(*a))
    x = 3.0 * np.random.default_rng(5).standard_normal((6, 40))
    _same(ops.get(name)(x, backend=backend), ops.get(name)(x, backend="numpy"))
    assert calls == [1]


@pytest.mark.parametrize("backend", FUSED)
def test_norm_too_wide_for_the_group_raises_like_the_composition(monkeypatch, backend):
    """normalize_bit 61 with a small norm: the group's 62-bit check on |A| << k fails; the
    fused kernel reports it (too_wide) and the composition runs, raising its own error."""
    from fxsim.backends import get_backend
    module = get_backend(backend)
    reported = []
    original = module.norm_rows
    monkeypatch.setattr(module, "norm_rows",
                        lambda *a: reported.append(original(*a)[1]["too_wide"]) or original(*a))
    cfg = NormConfig(normalize_bit=61, n=14)
    x = np.array([[100.0, 0.0, 0.0, 0.0]])
    with pytest.raises(FxError, match="exceeds the 62-bit") as want:
        ops.rmsnorm(x, config=cfg, backend="numpy")
    with pytest.raises(FxError, match=re.escape(str(want.value))):
        ops.rmsnorm(x, config=cfg, backend=backend)
    assert reported and reported[0] > 0


def test_backends_threads_sets_and_restores(monkeypatch):
    """backends.threads(n) reaches the c backend inside the block only, loading it first if
    needed; n < 1 is an error."""
    c_backend = backends.get_backend("c")
    monkeypatch.delitem(backends._loaded, "c")          # as if not imported yet
    before = c_backend.THREADS
    with backends.threads(before + 1):
        assert c_backend.THREADS == before + 1
    assert c_backend.THREADS == before
    with pytest.raises(FxError, match="threads must be >= 1"):
        with backends.threads(0):
            pass
