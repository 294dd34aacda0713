"""The row kernels of the mbe softmax and norms and of the fs softmax (csrc/fx_mbe_rows.c,
csrc/fx_fs_rows.c and their numba twins) against the operators' definition, the composition of
primitives in fxsim.ops.mbe / .fs on the numpy backend (a second implementation as oracle):
every output integer and every stats counter, over formats, encoders ("fit" and "sar" with its
step count), Newton steps, MBE output formats, row lengths (1, odd, long rows that fill a chunk
alone), masked scores (a large negative logit saturates to the input's minimum), weight and
bias, the reduced axis and thread counts; where numpy raises, the same FxError. The row kernel
must run where its plan applies (every encoder and Newton setting, the audit preset), and the
composition must take over where the kernel reports that a run-time range check decides."""
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim import backends, ops
from fxsim.audit.config import preset_config
from fxsim.backends import available, get_backend
from fxsim.errors import FxError
from fxsim.ops.fs.config import FsActivationConfig
from fxsim.primitives.mbe import op_plan
from fxsim.primitives.spike_multiply import sar_neuron

ROW_BACKENDS = [b for b in ("c", "numba") if b in available()]
#: (backend, threads): numba's row kernels run on one thread, c's over chunks of rows
RUNS = [(b, t) for b in ROW_BACKENDS for t in ((1, 2) if b == "c" else (1,))]
SETTINGS = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
ROUNDINGS = ("TRN", "RND", "RND_CONV", "TRN_ZERO")
OVERFLOWS = ("SAT", "WRAP", "SAT_SYM")
SHAPES = [(3, 1), (2, 7), (4, 33), (1, 1100), (2, 3, 64)]
#: the MBE neurons' output (and the Newton products' format): P2's, narrower, wrapping
MBE_FORMATS = ["fixed<32,4,RND_CONV,SAT>", "fixed<24,3,TRN,WRAP>", "fixed<28,4,RND,SAT_SYM>"]


def _fmt(draw, kind: str, width: tuple[int, int], ints: tuple[int, int]) -> str:
    w = draw(st.integers(*width))
    return (f"{kind}<{w},{draw(st.integers(ints[0], min(ints[1], w)))},"
            f"{draw(st.sampled_from(ROUNDINGS))},{draw(st.sampled_from(OVERFLOWS))}>")


def _encoder(draw, newton: str) -> dict:
    """The spike multiply's encoder (SAR with its step count) and the Newton steps."""
    return {"encoder": draw(st.sampled_from(["fit", "sar"])), "steps": draw(st.sampled_from(
        [16, 16, 9, 30])), newton: draw(st.sampled_from([0, 1, 1, 3]))}


def _rows(draw, scale: float) -> tuple[np.ndarray, int]:
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    x = scale * rng.standard_normal(draw(st.sampled_from(SHAPES)))
    if draw(st.booleans()):                                  # masked entries, exact zeros
        x.reshape(-1)[rng.integers(0, x.size, 1 + x.size // 5)] = -1e4
        x.reshape(-1)[:1] = 0.0
    return x, draw(st.sampled_from([-1, 0]))


def _check(run, backend: str, threads: int) -> None:
    """run(backend) against run("numpy"): equal values and stats, or the same FxError."""
    get_backend(backend)
    try:
        want = run("numpy")
    except FxError as exc:
        with backends.threads(threads), pytest.raises(FxError, match=re.escape(str(exc))):
            run(backend)
        return
    with backends.threads(threads):
        got = run(backend)
    np.testing.assert_array_equal(got.raw, want.raw)
    assert got.stats == want.stats
    assert got.constants == want.constants


@st.composite
def softmax_cases(draw):
    config = {"input_format": _fmt(draw, "fixed", (12, 32), (4, 10)),
              "u_format": draw(st.sampled_from(["fixed<32,4,RND_CONV,SAT>",
                                                "fixed<20,4,TRN,WRAP>"])),
              "acc_format": draw(st.sampled_from(["fixed<32,10,TRN,SAT>",
                                                  "fixed<24,6,RND,SAT_SYM>"])),
              "exp_format": _fmt(draw, "ufixed", (10, 32), (1, 3)),
              "recip_format": _fmt(draw, "ufixed", (10, 32), (1, 3)),
              "mbe_format": draw(st.sampled_from(MBE_FORMATS)),
              **_encoder(draw, "recip_newton"),
              "output_format": _fmt(draw, "ufixed", (8, 24), (1, 2))}
    return config, *_rows(draw, draw(st.sampled_from([1.0, 7.0, 60.0])))


@pytest.mark.parametrize("backend,threads", RUNS)
@SETTINGS
@given(case=softmax_cases())
def test_mbe_softmax_rows_equal_composition(backend, threads, case):
    config, x, axis = case
    _check(lambda b: ops.get("softmax", "mbe")(x, axis=axis, config=config, backend=b),
           backend, threads)


@st.composite
def norm_cases(draw):
    config = {"input_format": _fmt(draw, "fixed", (16, 32), (4, 18)),
              "acc_format": draw(st.sampled_from(["fixed<32,10,TRN,SAT>",
                                                  "fixed<24,6,RND,SAT_SYM>"])),
              "square_format": _fmt(draw, "ufixed", (12, 32), (2, 8)),
              "var_format": _fmt(draw, "ufixed", (12, 32), (2, 8)),
              "normed_format": _fmt(draw, "fixed", (12, 32), (3, 8)),
              "output_format": _fmt(draw, "fixed", (12, 32), (3, 18)),
              "x_int_bits": draw(st.integers(1, 4)),
              "eps": draw(st.sampled_from([1e-5, 1e-2])),
              "mbe_format": draw(st.sampled_from(MBE_FORMATS)),
              **_encoder(draw, "rsqrt_newton")}
    x, axis = _rows(draw, draw(st.sampled_from([1e-3, 1.0, 300.0])))
    rng = np.random.default_rng(x.size)
    d = x.shape[axis]
    affine = draw(st.sampled_from([{}, {"weight": 1 + 0.5 * rng.standard_normal(d)},
                                   {"weight": rng.standard_normal(d),
                                    "bias": 0.1 * rng.standard_normal(d)}]))
    return draw(st.sampled_from(["layernorm", "rmsnorm"])), config, x, axis, affine


@pytest.mark.parametrize("backend,threads", RUNS)
@SETTINGS
@given(case=norm_cases())
def test_mbe_norm_rows_equal_composition(backend, threads, case):
    op, config, x, axis, affine = case
    if op == "rmsnorm":
        affine = {k: v for k, v in affine.items() if k == "weight"}
    _check(lambda b: ops.get(op, "mbe")(x, axis=axis, config=config, backend=b, **affine),
           backend, threads)


@st.composite
def fs_softmax_cases(draw):
    config = FsActivationConfig(
        input_format=_fmt(draw, "fixed", (14, 31), (6, 11)),
        v_format=draw(st.sampled_from(["fixed<32,10,RND_CONV,SAT>", "fixed<24,8,TRN,WRAP>",
                                       "fixed<28,7,RND,SAT_SYM>"])),
        acc_format=draw(st.sampled_from(["fixed<32,10,TRN,SAT>", "fixed<20,8,TRN,WRAP>",
                                         "fixed<32,16,RND,SAT>"])),
        output_format=_fmt(draw, "fixed", (10, 32), (2, 12)))
    return config, *_rows(draw, draw(st.sampled_from([1.0, 7.0, 60.0])))


@pytest.mark.parametrize("backend,threads", RUNS)
@SETTINGS
@given(case=fs_softmax_cases())
def test_fs_softmax_rows_equal_composition(backend, threads, case):
    config, x, axis = case
    _check(lambda b: ops.get("softmax", "fs")(x, axis=axis, config=config, backend=b),
           backend, threads)


def _spy(monkeypatch, backend: str, kernel: str, result=None) -> list:
    """Record the calls of a backend's row kernel; with result="fallback" it reports the
    kernel's fallback status (None) instead of running."""
    calls = []
    module = get_backend(backend)
    real = getattr(module, kernel)

    def spy(*args):
        calls.append(args[0].shape)
        return None if result == "fallback" else real(*args)
    monkeypatch.setattr(module, kernel, spy)
    return calls


def _called(backend: str, kernel: str) -> str:
    """The MBE row kernel a float input calls: its float form where the backend has one."""
    floats = kernel.replace("_rows", "_float_rows")
    return floats if backends.supports(backend, floats) else kernel


CASES = [("mbe", "softmax", "mbe_softmax_rows"), ("mbe", "layernorm", "mbe_norm_rows"),
         ("mbe", "rmsnorm", "mbe_norm_rows"), ("fs", "softmax", "fs_softmax_rows")]


@pytest.mark.parametrize("backend", [b for b in ROW_BACKENDS
                                     if backends.supports(b, "mbe_softmax_rows")])
@pytest.mark.parametrize("method,op,kernel", CASES)
def test_row_kernel_runs_and_falls_back(backend, method, op, kernel, monkeypatch):
    """The default configs run the row kernel once per call (on float input its float form,
    which quantizes in the kernel, where the backend has one); a fallback report (mbe) gives
    the composition's result; trace never uses the kernel."""
    x = np.random.default_rng(5).standard_normal((6, 20)) * 4
    kernel = _called(backend, kernel) if method == "mbe" else kernel
    fn = ops.get(op, method)
    want = fn(x, backend="numpy")
    calls = _spy(monkeypatch, backend, kernel)
    got = fn(x, backend=backend)
    assert calls == [(6, 20)]
    np.testing.assert_array_equal(got.raw, want.raw)
    fn(x, backend=backend, trace=True)
    assert len(calls) == 1
    if method == "fs":                      # fx_fs_softmax_rows has no run-time range check
        return
    calls = _spy(monkeypatch, backend, kernel, "fallback")
    back = fn(x, backend=backend)
    assert calls == [(6, 20)] and back.stats == want.stats
    np.testing.assert_array_equal(back.raw, want.raw)


MBE_ROWS = [("softmax", "mbe_softmax_rows", "recip_newton"),
            ("layernorm", "mbe_norm_rows", "rsqrt_newton"),
            ("rmsnorm", "mbe_norm_rows", "rsqrt_newton")]


@pytest.mark.parametrize("backend", ROW_BACKENDS)
@pytest.mark.parametrize("op,kernel,newton", MBE_ROWS)
@pytest.mark.parametrize("encoder,steps", [("fit", 0), ("sar", 0), ("fit", 1), ("sar", 1),
                                           ("audit", None)])
def test_mbe_row_kernel_runs_every_encoder_and_newton(backend, op, kernel, newton, encoder,
                                                      steps, monkeypatch):
    """Both encoders, with and without a Newton step, and the audit preset (SAR, one Newton
    step) run the row kernel, once per call, equal to the composition."""
    config = (preset_config(op, "mbe", "audit") if encoder == "audit"
              else {"encoder": encoder, newton: steps})
    x = np.random.default_rng(11).standard_normal((5, 24)) * (3 if op == "softmax" else 40)
    kw = {} if op == "softmax" else {"weight": np.linspace(0.5, 1.5, 24)}
    want = ops.get(op, "mbe")(x, config=config, backend="numpy", **kw)
    calls = _spy(monkeypatch, backend, _called(backend, kernel))
    got = ops.get(op, "mbe")(x, config=config, backend=backend, **kw)
    assert calls == [(5, 24)]
    np.testing.assert_array_equal(got.raw, want.raw)
    assert got.stats == want.stats


@pytest.mark.parametrize("backend", ROW_BACKENDS)
@pytest.mark.parametrize("steps", [1, 9, 16, 30])
def test_sar_neuron_is_the_binary_code(backend, steps):
    """The "sar" encoder as a fused MBE neuron gives back q in [0, 2^T) and fires q's set bits
    (hand derivation: thresholds 2^(T-1-t) on a subtractive reset are the binary digits)."""
    q = np.random.default_rng(steps).integers(0, 1 << steps, 500)
    q[:2] = [0, (1 << steps) - 1]
    y, counts = get_backend(backend).mbe_op(q, op_plan(sar_neuron(steps)))
    np.testing.assert_array_equal(y, q)
    assert counts["spikes"] == sum(bin(int(v)).count("1") for v in q)
    assert counts["overflow_v"] == counts["overflow_acc"] == counts["overflow_neuron"] == 0
