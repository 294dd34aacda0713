"""The fused MBE and FS operator passes (csrc/fx_mbe.c, csrc/fx_fs.c and their numba twins)
against the operators' definition: the composition of primitives in fxsim.ops.mbe / .fs on the
numpy backend (a second implementation as oracle), values and every stats counter, over
formats, fits, shapes and thread counts; the fallback to the composition where a fused
pass's preconditions fail; and the chain kernel's int32 path (chain_safe) against the
population engine on tables that make it exact for some blocks and not for others."""
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim import backends, ops
from fxsim.arith import requantize
from fxsim.backends import abi, available, get_backend
from fxsim.errors import FxError
from fxsim.formats import Format, Rounding
from fxsim.ops.fs.config import FsActivationConfig
from fxsim.ops.fs.ops import fused_plan
from fxsim.ops.mbe.config import MbeActivationConfig, MbeScalarConfig, MbeSoftmaxConfig
from fxsim.population import Population
from fxsim.primitives.chain import run_bank
from fxsim.primitives.mbe import (MbeConfig, fit_record, mbe_fits, mbe_neuron, neuron_plan,
                                  op_plan)
from fxsim.primitives.spike_multiply import SpikeMultiplyConfig, spike_multiply

FUSED = [b for b in ("c", "numba") if b in available()]
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
ROUNDINGS = ("TRN", "RND", "RND_CONV", "TRN_ZERO", "RND_INF")
OVERFLOWS = ("SAT", "WRAP", "SAT_SYM", "SAT_ZERO")


def _fmt(draw, kind: str, widths: tuple[int, int], ints: tuple[int, int]) -> str:
    width = draw(st.integers(*widths))
    integer = draw(st.integers(ints[0], min(ints[1], width)))
    return (f"{kind}<{width},{integer},{draw(st.sampled_from(ROUNDINGS))},"
            f"{draw(st.sampled_from(OVERFLOWS))}>")


def _inputs(draw, shape_2d: bool) -> np.ndarray:
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    shape = draw(st.sampled_from([(2, 40), (3, 300), (1, 1)] if shape_2d
                                 else [(1,), (7,), (3, 17), (2, 3, 100), (700,)]))
    x = draw(st.sampled_from([0.5, 3.0, 12.0, 200.0])) * rng.standard_normal(shape)
    if x.size > 4:                                   # exact zeros and domain ends
        x.reshape(-1)[:4] = [0.0, 10.0, -10.0, 12.0]
    if draw(st.integers(0, 9)) == 0:   # invalid: the float kernels fall back, numpy raises
        x.reshape(-1)[-1] = draw(st.sampled_from([np.nan, -np.inf, 2.0**70]))
    return x.astype(draw(st.sampled_from([np.float64, np.float64, np.float32])))


def _same(got, want) -> None:
    assert np.array_equal(got.raw, want.raw)
    assert got.stats == want.stats


def _check(run, backend: str, threads: int) -> None:
    """run(backend) on the backend against numpy; where numpy raises, the same FxError."""
    get_backend(backend)                      # loaded, so backends.threads reaches it
    try:
        want = run("numpy")
    except FxError as exc:
        with backends.threads(threads), pytest.raises(FxError, match=re.escape(str(exc))):
            run(backend)
        return
    with backends.threads(threads):
        _same(run(backend), want)


@st.composite
def mbe_cases(draw):
    op = draw(st.sampled_from(["gelu", "silu", "tanh", "sigmoid", "exp", "reciprocal",
                               "rsqrt", "softmax"]))
    common = {"input_format": _fmt(draw, "fixed", (12, 32), (4, 10)),
              "u_format": draw(st.sampled_from(["fixed<32,4,RND_CONV,SAT>",
                                                "fixed<20,4,TRN,WRAP>",
                                                "fixed<24,3,RND,SAT_SYM>"])),
              "acc_format": draw(st.sampled_from(["fixed<32,10,TRN,SAT>",
                                                  "fixed<18,8,TRN,WRAP>",
                                                  "fixed<24,6,RND,SAT_ZERO>"]))}
    if op in ("gelu", "silu", "tanh", "sigmoid"):
        fits = {"gelu": ["gelu_n2", "gelu_n8"], "silu": ["silu_m2_5_n4", "silu_m8_m2_n4"],
                "tanh": ["tanh_n4"], "sigmoid": ["tanh_n4"]}[op]
        cfg = MbeActivationConfig(**common, fit=draw(st.sampled_from(["", *fits])),
                                  output_format=_fmt(draw, "fixed", (10, 32), (2, 10)))
    elif op == "softmax":
        cfg = MbeSoftmaxConfig(**common, z_format=_fmt(draw, "fixed", (16, 32), (6, 9)),
                               encoder=draw(st.sampled_from(["fit", "sar"])),
                               recip_newton=draw(st.sampled_from([0, 0, 1])),
                               output_format=_fmt(draw, "ufixed", (8, 24), (1, 2)))
    else:
        cfg = MbeScalarConfig(**common, z_format=_fmt(draw, "fixed", (16, 32), (6, 9)),
                              mbe_format=draw(st.sampled_from(["fixed<32,4,RND_CONV,SAT>",
                                                               "fixed<16,3,TRN,WRAP>"])),
                              output_format=_fmt(draw, "ufixed", (8, 32), (2, 14)))
    x = _inputs(draw, op == "softmax")
    if op in ("reciprocal", "rsqrt"):
        x = np.abs(x) + np.float32(0.02)
    return op, cfg, x


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("backend", FUSED)
@SETTINGS
@given(case=mbe_cases())
def test_fused_mbe_ops_equal_composition(backend, threads, case):
    op, cfg, x = case
    _check(lambda b: ops.get(op, "mbe")(x, config=cfg, backend=b), backend, threads)


@st.composite
def fs_cases(draw):
    op = draw(st.sampled_from(["gelu", "silu", "sigmoid", "exp", "reciprocal", "softmax"]))
    cfg = FsActivationConfig(input_format=_fmt(draw, "fixed", (14, 32), (6, 11)),
                             v_format=draw(st.sampled_from(["fixed<32,10,RND_CONV,SAT>",
                                                            "fixed<24,8,TRN,WRAP>",
                                                            "fixed<28,7,RND,SAT_SYM>"])),
                             acc_format=draw(st.sampled_from(["fixed<32,10,TRN,SAT>",
                                                              "fixed<20,8,TRN,WRAP>"])),
                             output_format=_fmt(draw, "fixed", (10, 32), (2, 12)))
    x = _inputs(draw, op == "softmax")
    if op == "reciprocal":
        x = np.abs(x) + np.float32(0.02)
    return op, cfg, x


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("backend", FUSED)
@SETTINGS
@given(case=fs_cases())
def test_fused_fs_ops_equal_composition(backend, threads, case):
    op, cfg, x = case
    _check(lambda b: ops.get(op, "fs")(x, config=cfg, backend=b), backend, threads)


def _refuse(monkeypatch, backend: str) -> None:
    """Make the backend's fused MBE and FS kernels fail if called."""
    def refused(*_args):
        raise AssertionError("the fused pass ran where it must fall back")
    for kernel in ("mbe_op", "fs_op", "mbe_op_floats", "fs_op_floats"):
        if hasattr(get_backend(backend), kernel):
            monkeypatch.setattr(get_backend(backend), kernel, refused)


@pytest.mark.parametrize("backend", FUSED)
def test_fallback_where_preconditions_fail(backend, monkeypatch):
    """With trace, or a reciprocal input that is not positive, the operators take the
    composition (the fused kernels refuse to run here) with its values and errors."""
    x = np.linspace(0.05, 9.0, 300)
    want = {(op, m): ops.get(op, m)(x, backend="numpy").raw
            for op, m in (("gelu", "mbe"), ("exp", "mbe"), ("reciprocal", "mbe"),
                          ("silu", "fs"))}
    _refuse(monkeypatch, backend)
    for (op, method), raw in want.items():
        got = ops.get(op, method)(x, backend=backend, trace=True)
        assert np.array_equal(got.raw, raw)
    with pytest.raises(AssertionError, match="must fall back"):      # the guard itself works
        ops.get("silu", "fs")(x, backend=backend)
    with pytest.raises(FxError, match="positive inputs"):
        ops.get("reciprocal", "mbe")(np.array([0.5, 0.0]), backend=backend)


def test_plans_refuse_unsafe_intermediates():
    """An input magnitude that could carry a scaler product or a widening past the 62-bit
    intermediate range gets no fused plan (the composition checks and raises there)."""
    mbe = MbeConfig(fit="gelu_n4")
    assert neuron_plan(mbe, 24, 32) is not None
    assert neuron_plan(mbe, 24, 40) is None          # 41-bit diff * 24-bit 1/scale > 62 bits
    fs = FsActivationConfig(input_format="fixed<32,20>", v_format="fixed<32,8>")
    assert fused_plan("sigmoid", fs, 32) is not None     # 32 bits widened by 4
    assert fused_plan("sigmoid", fs, 60) is None


@st.composite
def narrow_banks(draw):
    """Banks whose tables keep most blocks' membranes in range (non-negative resets below
    the thresholds' spread) with loaded values in a narrow band that sometimes reaches the
    format's edge: chain_safe passes for some blocks and fails for others."""
    T, bases, n = draw(st.integers(1, 16)), draw(st.integers(1, 4)), draw(st.integers(1, 900))
    width = draw(st.integers(6, 32))
    vf = Format(True, width, 0, "TRN", draw(st.sampled_from(OVERFLOWS)))
    af = Format(True, draw(st.integers(6, 32)), 0, "TRN", draw(st.sampled_from(OVERFLOWS)))
    compare = draw(st.sampled_from([">=", ">"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    negative = draw(st.booleans())                       # negative resets: rarely int32-safe
    top = 1 << (width - 2)
    a_top = 1 << max(0, af.width - 1 - T.bit_length() - draw(st.integers(0, 2)))
    pops = [Population(n=n, steps=T, v_format=vf, acc_format=af, compare=compare,
                       input_mode="initial", threshold=rng.integers(-top // 4, top, T),
                       reset_amount=rng.integers(-top // 8 if negative else 0, top, T),
                       intensity=rng.integers(-a_top, a_top, T))
            for _ in range(bases)]
    u = rng.integers(-top, 2 * top, n)
    u[rng.random(n) < 0.05] = vf.max_raw                # some blocks reach the edge
    return pops, u.astype(np.int32)


@pytest.mark.parametrize("backend", FUSED)
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=narrow_banks(), threads=st.sampled_from([1, 2]))
def test_chain_int32_path_equals_engine(backend, case, threads):
    pops, u = case
    want, want_counts, _ = run_bank(pops, u, "numpy")
    with backends.threads(threads):
        got, counts, _ = run_bank(pops, u, backend)
    assert np.array_equal(got, want)
    assert counts == want_counts


@st.composite
def safe_banks(draw):
    """Banks that no step can take out of range for any loaded membrane (thresholds >= 0,
    resets in [0, threshold], 32-bit formats: the whole range is int32-exact), with
    intensities whose accumulator spans reach past the spike-count packing's limit
    (T 2^K + span < 2^32) for some bases and not for others."""
    T, bases, n = draw(st.integers(1, 20)), draw(st.integers(1, 9)), draw(st.integers(1, 700))
    vf = Format(True, 32, 0, "TRN", draw(st.sampled_from(OVERFLOWS)))
    af = Format(True, 32, 0, "TRN", draw(st.sampled_from(OVERFLOWS)))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    d_bits = draw(st.integers(1, 31 - T.bit_length()))
    pops = []
    for _ in range(bases):
        theta = rng.integers(0, 1 << 30, T)
        pops.append(Population(n=n, steps=T, v_format=vf, acc_format=af,
                               compare=draw(st.sampled_from([">=", ">"])) if not pops
                               else pops[0].compare, input_mode="initial", threshold=theta,
                               reset_amount=(theta * rng.random(T)).astype(np.int64),
                               intensity=rng.integers(-(1 << d_bits), 1 << d_bits, T)))
    u = rng.integers(-(1 << 31), 1 << 31, n)
    u[: min(n, 3)] = [vf.max_raw, vf.min_raw, 0][: min(n, 3)]
    return pops, u.astype(np.int32)


@pytest.mark.parametrize("backend", FUSED)
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=safe_banks(), threads=st.sampled_from([1, 2]))
def test_chain_packed_counts_equal_engine(backend, case, threads):
    """The int32 chain with spike counts packed into the accumulators (or not, where a
    basis's span does not leave room) equals the population engine."""
    pops, u = case
    want, want_counts, _ = run_bank(pops, u, "numpy")
    with backends.threads(threads):
        got, counts, _ = run_bank(pops, u, backend)
    assert np.array_equal(got, want)
    assert counts == want_counts


@pytest.mark.parametrize("encoder", ["sar", "fit"])
def test_spike_multiply_repeats_equal_elementwise(encoder):
    """A broadcast operand and an all-zero polarity part are encoded once per distinct
    element: values and counts equal the element-by-element products summed."""
    rng = np.random.default_rng(7)
    fmt = Format(True, 20, 14)
    a = rng.integers(-(1 << 16), 1 << 16, (3, 5))
    a[0, :2] = 0
    b = np.broadcast_to(rng.integers(0, 1 << 15, (3, 1)), (3, 5))     # stride-0 axis, >= 0
    cfg = SpikeMultiplyConfig(encoder=encoder, a_int_bits=3, b_int_bits=2,
                              output_format="fixed<24,6,RND_CONV,SAT>")
    got = spike_multiply(a, fmt, b, fmt, cfg)
    stats = {}
    for i, j in np.ndindex(a.shape):
        one = spike_multiply(a[i, j:j + 1], fmt, np.array([b[i, j]]), fmt, cfg)
        assert got.raw[i, j] == one.raw[0]
        for key, value in one.stats.items():
            stats[key] = stats.get(key, 0) + value
    assert got.stats == stats


@pytest.mark.parametrize("backend", FUSED)
def test_cached_plan_follows_a_replaced_fit(backend, monkeypatch):
    """A fit replaced at run time (as load_fits does) gets a new fused plan."""
    x = np.arange(-3000, 3000, 7) << 14
    cfg = MbeConfig(fit="gelu_n4")
    first = mbe_neuron(x, "fixed<32,8>", cfg, backend=backend)          # caches the plan
    monkeypatch.setitem(mbe_fits(), "gelu_n4", {**fit_record("gelu_n4"), "bias": 0.5})
    got = mbe_neuron(x, "fixed<32,8>", cfg, backend=backend)
    want = mbe_neuron(x, "fixed<32,8>", cfg, backend="numpy")
    _same(got, want)
    assert not np.array_equal(got.raw, first.raw)


@pytest.mark.parametrize("rounding", [r.name for r in Rounding])
@pytest.mark.parametrize("backend", FUSED)
def test_fused_shift_back_every_rounding(backend, rounding):
    """The shift back after exp, reciprocal and rsqrt with every rounding mode, left past 31
    bits (exp(30) into 30 frac bits) and right past 62 (exp(-88)), into a saturating and a
    wrapping output: equal to the composition, counters included."""
    xs = {"exp": np.linspace(-88.0, 30.0, 401),
          "reciprocal": np.geomspace(2.0**-14, 2.0**14, 401),
          "rsqrt": np.geomspace(2.0**-14, 2.0**14, 401)}
    for out in (f"ufixed<32,2,{rounding},SAT>", f"fixed<20,12,{rounding},WRAP>"):
        cfg = MbeScalarConfig(input_format="fixed<32,16,RND_CONV,SAT>",
                              z_format="fixed<32,9,RND_CONV,SAT>",
                              mbe_format="fixed<16,3,TRN,WRAP>", output_format=out)
        for op, x in xs.items():
            _check(lambda b: ops.get(op, "mbe")(x, config=cfg, backend=b), backend, 1)


TAIL_FITS = {"gelu": ["gelu_tails_n4", "gelu_tails_n8", "gelu_tails_n16"],
             "silu": ["silu_tails_n4", "silu_cut_n4", "silu_cut_n8"],
             "tanh": ["tanh_tails_n4"], "sigmoid": ["tanh_tails_n4"]}


@st.composite
def tails_cases(draw):
    """An exact-tails activation (a shipped tails or cut fit of the op, or the same record cut
    at another asymmetric interval), formats whose output frac keeps the rule's interval inside the
    fit, and inputs at, beside and far beyond both compare bounds: raw, or as float64 /
    float32 values (c quantizes those in the fused pass), some invalid."""
    op = draw(st.sampled_from(sorted(TAIL_FITS)))
    cut = draw(st.sampled_from([None, (-1.5, 2.25), (-4.0, 0.875)]))
    X = Format.parse(_fmt(draw, "fixed", (12, 32), (5, 10)))
    cfg = MbeActivationConfig(input_format=str(X), fit=draw(st.sampled_from(TAIL_FITS[op])),
                              u_format=draw(st.sampled_from(["fixed<32,4,RND_CONV,SAT>",
                                                             "fixed<20,4,TRN,WRAP>"])),
                              acc_format=draw(st.sampled_from(["fixed<32,10,TRN,SAT>",
                                                               "fixed<24,6,RND,SAT_ZERO>"])),
                              output_format=_fmt(draw, "fixed", (8, 30), (2, 10)))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    n = draw(st.sampled_from([1, 5, 300, 700]))
    scale = draw(st.sampled_from([1.0, 4.0, 20.0])) * 2.0**X.frac
    xr = np.clip(np.round(scale * rng.standard_normal(n)), X.min_raw, X.max_raw)
    edges = [X.min_raw, X.max_raw, 0]
    for end in (-1, 1):                       # the bounds of both the cut and the rule's ends
        for c in ((cut[end > 0],) if cut else ()) + (end * 20.0, end * 5.5, end * 8.375):
            edges += [int(round(c * 2.0**X.frac)) + k for k in (-1, 0, 1)]
    xr.reshape(-1)[:min(n, len(edges))] = np.clip(edges, X.min_raw, X.max_raw)[:n]
    xr = xr.astype(np.int64).reshape(draw(st.sampled_from([(n,), (1, n)])))
    dtype = draw(st.sampled_from([None, np.float64, np.float32]))    # None: raw integers
    if dtype is None:
        return op, cut, cfg, xr
    x = (xr * 2.0**-X.frac * draw(st.sampled_from([1.0, 1.3]))).astype(dtype)
    if draw(st.booleans()):      # beyond X (overflow events); NaN, inf, 2^70: the general path
        x.reshape(-1)[-1] = draw(st.sampled_from([1e6, -1e6, np.nan, np.inf, 2.0**70]))
    return op, cut, cfg, x


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("backend", FUSED)
@SETTINGS
@given(case=tails_cases())
def test_fused_tails_equal_composition(backend, threads, case):
    """The fused compare-select (and, with trace, the backend's own composition) equals the
    numpy composition of fxsim.ops.mbe.tails around the neuron: values and every counter,
    spikes counted on the inside elements only."""
    op, cut, cfg, x = case
    run = ops.get(op, "mbe")
    raw = x.dtype.kind == "i"
    with pytest.MonkeyPatch.context() as patch:
        if cut:
            patch.setitem(mbe_fits(), cfg.fit, {**fit_record(cfg.fit), "cut": cut})
        _check(lambda b: run(x, config=cfg, backend=b, raw=raw), backend, threads)
        try:
            want = run(x, config=cfg, backend="numpy", raw=raw)
        except FxError:
            return
        _same(run(x, config=cfg, backend=backend, raw=raw, trace=True), want)


@pytest.mark.parametrize("backend", FUSED)
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31), bounds=st.tuples(st.integers(-3000, 3000),
                                                    st.integers(-3000, 3000)),
       post=st.sampled_from(["none", "pass", "sigmoid"]), threads=st.sampled_from([1, 2]))
def test_fused_tail_select_equals_masks(backend, seed, bounds, post, threads):
    """fx_mbe_op's tail fields on their own, any (lo, hi) (overlapping ones too: the upper
    tail wins): y = the constant or requantized x where x >= hi, else the constant where
    x <= lo, else the tail-free pass on the inside elements alone; its counts plus the
    number of tail elements."""
    rng = np.random.default_rng(seed)
    x = rng.integers(-4000, 4000, int(rng.integers(1, 900)))
    mbe = MbeConfig(fit="tanh_n4")
    neuron, y_frac = neuron_plan(mbe, 8, 13), Format.parse(mbe.output_format).frac
    out = Format.parse("fixed<12,3,RND,SAT>")
    stages = {"post_format": abi.FormatArgs.of(out), "pass_at": 1500, "post_one": 1 << y_frac,
              "post_drop": y_frac + 1 - out.frac if post == "sigmoid" else 8 - out.frac}
    kernel = getattr(get_backend(backend), "mbe_op")
    plain = op_plan(neuron, "none", post, **stages)
    lo, hi = bounds
    tails = op_plan(neuron, "none", post, **stages, tails=1, tail_lo=lo, tail_hi=hi,
                    tail_lo_y=-7, tail_hi_y=9, tail_hi_pass=int(post == "pass"))
    inside = (x > lo) & (x < hi)
    want = np.full(x.size, -7)
    if post == "pass":
        want[x >= hi] = requantize(x[x >= hi], 8, out)
    else:
        want[x >= hi] = 9
    want_counts = dict.fromkeys(abi.MBE_COUNTS, 0)
    if inside.any():
        want[inside], want_counts = kernel(x[inside], plain)
    want_counts["tails"] = int(x.size - inside.sum())
    with backends.threads(threads):
        got, counts = kernel(x, tails)
    assert np.array_equal(got, want)
    assert counts == want_counts


@st.composite
def polarity_neurons(draw):
    """A neuron record of 1 to 4 banks with drawn signs and offsets (negative offsets too:
    such a bank is active on both sides of 0), its inputs with both signs and exact zeros."""
    base = fit_record("gelu_n2")
    banks = [{**base["banks"][draw(st.integers(0, 1))], "sign": draw(st.sampled_from([1, -1])),
              "offset": draw(st.sampled_from([0.0, 0.0, 0.5, -0.75, 2.0]))}
             for _ in range(draw(st.integers(1, 4)))]
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    n = draw(st.sampled_from([1, 3, 300, 700]))
    x = np.round(rng.standard_normal(n) * 2.0**draw(st.integers(8, 14))).astype(np.int64)
    x[rng.random(n) < 0.1] = 0
    return {**base, "banks": banks}, x


@pytest.mark.parametrize("backend", FUSED)
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=polarity_neurons(), threads=st.sampled_from([1, 2]))
def test_fused_neuron_polarity_split_equals_composition(backend, case, threads):
    """The fused neuron, which runs a bank only on the side of 0 where its input can be
    positive (sign x - offset > 0 needs x > 0 for sign +1 and offset >= 0, x < 0 for sign -1),
    equals the composition over every bank and element, counters included."""
    record, x = case
    cfg = MbeConfig(fit="gelu_n2")
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(mbe_fits(), cfg.fit, record)
        want = mbe_neuron(x, "fixed<32,12>", cfg, backend="numpy")
        with backends.threads(threads):
            _same(mbe_neuron(x, "fixed<32,12>", cfg, backend=backend), want)
