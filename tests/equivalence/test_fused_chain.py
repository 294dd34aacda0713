"""The fused no-leak chain kernel (csrc/fx_chain.c, fxsim/backends/numba/chain.py) against the
population engine's numpy definition (fxsim/backends/reference/population.py): a bank of
initial-membrane neurons run one population at a time on numpy is the oracle, compared on
sums of accumulators and every count, over formats, overflow modes, compares, tables, shapes
and thread counts; then the MBE and FS operators that route through it, op by op."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim import backends, ops
from fxsim.backends import available
from fxsim.formats import Format
from fxsim.population import Population
from fxsim.primitives.chain import chain_plan, run_bank

FUSED = [b for b in ("c", "numba") if b in available()]
OVERFLOWS = ("SAT", "WRAP", "SAT_SYM", "SAT_ZERO")


def _fmt(draw, lo: int, hi: int) -> Format:
    return Format(draw(st.booleans()), draw(st.integers(lo, hi)), 0, "TRN",
                  draw(st.sampled_from(OVERFLOWS)))


def _table(rng, T: int, fmt: Format) -> np.ndarray:
    lo, hi = (-(1 << (fmt.width - 1)), (1 << (fmt.width - 1)) - 1) if fmt.signed \
        else (0, (1 << fmt.width) - 1)
    return rng.integers(lo, hi + 1, T, dtype=np.int64)


@st.composite
def banks(draw):
    T, bases, n = draw(st.integers(1, 20)), draw(st.integers(1, 5)), draw(st.integers(1, 700))
    vf, af = _fmt(draw, 2, 32), _fmt(draw, 2, 32)
    compare = draw(st.sampled_from([">=", ">"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    pops = [Population(n=n, steps=T, v_format=vf, acc_format=af, compare=compare,
                       input_mode="initial", threshold=_table(rng, T, vf),
                       reset_amount=_table(rng, T, vf), intensity=_table(rng, T, af))
            for _ in range(bases)]
    span = 1 << min(31, vf.width + draw(st.integers(-1, 2)))   # some inputs out of v's range
    u = rng.integers(-span, span, n, dtype=np.int64).astype(np.int32)
    return pops, u


@pytest.mark.parametrize("backend", FUSED)
@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=banks(), threads=st.sampled_from([1, 2, 3]))
def test_chain_equals_engine(backend, case, threads):
    pops, u = case
    assert chain_plan(pops) is not None
    want, want_counts, _ = run_bank(pops, u, "numpy")
    with backends.threads(threads):
        got, counts, _ = run_bank(pops, u, backend)
    assert np.array_equal(got, want)
    assert counts == want_counts


@pytest.mark.parametrize("backend", FUSED)
@pytest.mark.parametrize("overflow", OVERFLOWS)
def test_chain_exhaustive_small_width(backend, overflow):
    """Every input of a 6-bit membrane (and beyond it), both compares, narrow formats that
    overflow in v and acc."""
    vf = Format(True, 6, 0, "TRN", overflow)
    af = Format(True, 5, 0, "TRN", overflow)
    u = np.arange(-80, 80, dtype=np.int32)
    theta = np.array([5, 0, -3, 7, 31, 1, -32, 2], np.int64)
    reset = np.array([9, -4, 31, -32, 3, 0, 16, 1], np.int64)
    intensity = np.array([15, -16, 7, 9, -3, 11, 1, 13], np.int64)
    for compare in (">=", ">"):
        pops = [Population(n=u.size, steps=8, v_format=vf, acc_format=af, compare=compare,
                           input_mode="initial", threshold=np.roll(theta, k),
                           reset_amount=np.roll(reset, 2 * k), intensity=intensity)
                for k in range(3)]
        want, want_counts, _ = run_bank(pops, u, "numpy")
        got, counts, _ = run_bank(pops, u, backend)
        assert np.array_equal(got, want) and counts == want_counts
        assert want_counts["overflow_v"] and want_counts["overflow_acc"]


def test_chain_plan_refuses_other_neurons():
    """Leak, bias, per-neuron tables or mixed formats fall back to the engine."""
    base = dict(n=4, steps=3, v_format="fixed<16,8>", acc_format="fixed<16,8>",
                threshold=[1, 2, 3], input_mode="initial")
    ok = Population(**base)
    assert chain_plan([ok]) is not None
    for other in (Population(**{**base, "bias": 1}), Population(**{**base, "input_mode": "current"}),
                  Population(**{**base, "threshold": np.ones((3, 4), np.int64)}),
                  Population(**{**base, "v_format": "fixed<12,4>"}),
                  Population(**{**base, "max_spikes": 2})):
        assert chain_plan([ok, other]) is None


MBE_OPS = ("gelu", "silu", "tanh", "sigmoid", "exp", "reciprocal", "rsqrt", "softmax",
           "layernorm", "rmsnorm")
FS_OPS = ("gelu", "silu", "sigmoid", "exp", "reciprocal", "softmax")


@st.composite
def op_inputs(draw):
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    shape = draw(st.sampled_from([(7,), (3, 17), (2, 3, 40), (300,)]))
    scale = draw(st.sampled_from([0.5, 3.0, 12.0]))
    return scale * rng.standard_normal(shape)


def _config(method: str, op: str, draw_u: str, draw_acc: str):
    if method == "mbe":
        return {"u_format": draw_u, "acc_format": draw_acc}
    return {"v_format": draw_u.replace(",4,", ",8,"), "acc_format": draw_acc}


@pytest.mark.parametrize("backend", FUSED)
@pytest.mark.parametrize("method,op", [("mbe", o) for o in MBE_OPS] + [("fs", o) for o in FS_OPS])
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(x=op_inputs(), threads=st.sampled_from([1, 2]),
       u=st.sampled_from(["fixed<32,4,RND_CONV,SAT>", "fixed<20,4,TRN,WRAP>",
                          "fixed<24,4,RND,SAT_SYM>"]),
       acc=st.sampled_from(["fixed<32,10,TRN,SAT>", "fixed<18,8,TRN,WRAP>"]))
def test_ops_through_chain_equal_numpy(backend, method, op, x, threads, u, acc):
    fn = ops.get(op, method=method)
    if op in ("reciprocal", "rsqrt"):
        x = np.abs(x) + 0.05
    cfg = _config(method, op, u, acc)
    want = fn(x, config=cfg, backend="numpy")
    with backends.threads(threads):
        got = fn(x, config=cfg, backend=backend)
    assert np.array_equal(got.raw, want.raw)
    assert got.stats == want.stats
