"""Fuzzing the C kernels through their public API (csrc/fxsim.h) under AddressSanitizer and
UndefinedBehaviorSanitizer: tests/c/fuzz_kernels.c reads random cases on stdin, and every
result must equal the numpy definition (fxsim/backends/reference) bit for bit; a
configuration outside the documented ranges must be refused with FX_EINVAL, never crash.
A stand-alone driver (not the Python extension under a sanitiser) keeps the sanitiser
runtime out of the Python process. Budget: FXSIM_FUZZ_EXAMPLES batches per kernel."""
from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fxsim.backends.abi import POPULATION_SCALARS, DivGroupPlan
from fxsim.backends.reference.arith import requantize, shift_right
from fxsim.backends.reference.divgroup import divgroup, normalize_shift
from fxsim.backends.reference.population import simulate
from fxsim.errors import C_STATUS_EINVAL, C_STATUS_OK, FxError
from fxsim.formats import INTERMEDIATE_BITS, MAX_WIDTH, Format, Overflow, Rounding
from fxsim.population import SCHEDULE_BITS, Decay, Population
from reliability_helpers import FUZZ, ROOT

BOUND = 1 << INTERMEDIATE_BITS                  # every kernel input stays below 2**62
MAX_GROUP = 1 << 30                             # FX_DIV_MAX_GROUP (csrc/fx_divgroup.h)
MAX_NORMALIZE_BIT = INTERMEDIATE_BITS - 1       # 0..61
pytestmark = pytest.mark.skipif(not (shutil.which("make") and shutil.which("cc")),
                                reason="needs make and a C compiler")


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    """tests/c/fuzz_kernels.c linked against csrc/fx_*.c built with ASan and UBSan
    (``make -C csrc fuzz``: the objects of ``make sanitize``, compiled once for both)."""
    exe = tmp_path_factory.mktemp("fuzz") / "fuzz_kernels"
    done = subprocess.run(["make", "-s", "-C", str(ROOT / "csrc"), "fuzz", f"EXE={exe}"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return exe


def run(driver, lines: list[str]) -> list[list[int]]:
    """The driver's result lines for ``lines``; a sanitiser report fails the test."""
    res = subprocess.run([str(driver)], input="\n".join(lines) + "\n", capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 0 and not res.stderr, res.stderr[-3000:]
    return [[int(v) for v in line.split()] for line in res.stdout.splitlines()]


def words(n_max: int, bound: int) -> st.SearchStrategy:
    edges = st.sampled_from([0, 1, -1, bound - 1, -(bound - 1)])
    return st.lists(st.integers(-(bound - 1), bound - 1) | edges, max_size=n_max)


@st.composite
def requantize_cases(draw):
    fmt = Format(draw(st.booleans()), draw(st.integers(1, MAX_WIDTH)), 0,
                 draw(st.sampled_from(Rounding)), draw(st.sampled_from(Overflow)))
    drop = draw(st.integers(-INTERMEDIATE_BITS, 2 * INTERMEDIATE_BITS))
    x = draw(words(12, BOUND >> max(0, -drop)))       # a left shift stays below 2**62
    return fmt, drop, x


@FUZZ
@given(st.lists(requantize_cases(), min_size=1, max_size=20))
def test_fuzz_requantize(driver, cases):
    lines = [f"R {len(x)} {drop} {int(f.signed)} {f.width} {int(f.rounding)} {int(f.overflow)} "
             + " ".join(map(str, x)) for f, drop, x in cases]
    for (fmt, drop, x), got in zip(cases, run(driver, lines)):
        want, events = requantize(np.array(x, np.int64), drop, fmt)
        assert got == [events, *want.tolist()], (fmt, drop, x)


@FUZZ
@given(st.lists(st.tuples(st.integers(-3, 3 * INTERMEDIATE_BITS), st.sampled_from(Rounding),
                          words(12, BOUND)), min_size=1, max_size=20))
def test_fuzz_shift_right(driver, cases):
    lines = [f"S {len(x)} {k} {int(r)} " + " ".join(map(str, x)) for k, r, x in cases]
    for (k, rounding, x), got in zip(cases, run(driver, lines)):
        assert got == shift_right(np.array(x, np.int64), k, rounding).tolist(), (k, rounding, x)


@st.composite
def divgroup_cases(draw):
    """Mostly valid configurations with inputs inside the kernel's documented bounds; some
    with one field outside its range."""
    m, steps = draw(st.integers(0, 5)), draw(st.integers(1, 4))
    n = draw(st.integers(0, INTERMEDIATE_BITS))
    group = draw(st.integers(1, 64) | st.integers(1, MAX_GROUP))
    normalize, bit = draw(st.booleans()), draw(st.integers(0, MAX_NORMALIZE_BIT))
    b = np.array(draw(st.lists(st.integers(1, (1 << 40) - 1), min_size=m, max_size=m)), np.int64)
    k = normalize_shift(b, normalize, bit) if m else np.zeros(0, np.int64)
    a = np.zeros((steps, m), np.int64)
    for j in range(m):                       # one sign per division, sum |a| << k < 2**62
        top = max(0, ((BOUND >> int(k[j])) - 1) // steps)
        sign = draw(st.sampled_from([1, -1]))
        a[:, j] = [sign * draw(st.integers(0, top)) for _ in range(steps)]
    broken = draw(st.sampled_from([None] * 4 + ["steps", "n", "group", "bit", "b"]))
    config = dict(m=m, steps=steps, n=n, group=group, normalize=int(normalize),
                  normalize_bit=bit)
    config.update({"steps": {"steps": 0}, "n": {"n": draw(st.sampled_from([-1, 63]))},
                   "group": {"group": draw(st.sampled_from([0, MAX_GROUP + 1]))},
                   "bit": {"normalize_bit": draw(st.sampled_from([-1, 62]))},
                   "b": {}}.get(broken, {}) if broken else {})
    if broken == "b" and m:
        b[draw(st.integers(0, m - 1))] = draw(st.integers(-5, 0))
    return config, a, b


def divgroup_valid(config: dict, b: np.ndarray) -> bool:
    """The ranges fx_divgroup.h documents (independent of the kernel's own check)."""
    return (config["steps"] >= 1 and 0 <= config["n"] <= INTERMEDIATE_BITS
            and 1 <= config["group"] <= MAX_GROUP
            and 0 <= config["normalize_bit"] <= MAX_NORMALIZE_BIT and bool((b > 0).all()))


@FUZZ
@given(st.lists(divgroup_cases(), min_size=1, max_size=10))
def test_fuzz_divgroup(driver, cases):
    lines = []
    for config, a, b in cases:
        c = config
        lines.append(f"D {c['m']} {c['steps']} {c['n']} {c['group']} {c['normalize']} "
                     f"{c['normalize_bit']} " + " ".join(map(str, [*a[:max(c['steps'], 0)]
                                                                   .reshape(-1), *b])))
    for (config, a, b), got in zip(cases, run(driver, lines)):
        if not divgroup_valid(config, b):
            assert got[0] == C_STATUS_EINVAL, config
            continue
        plan = DivGroupPlan(config["n"], config["group"], config["normalize"],
                            config["normalize_bit"], config["m"], config["steps"])
        q, membrane, latched, spikes = divgroup(a, b, plan, trace=True)
        assert got == [C_STATUS_OK, spikes, *q.tolist(), *membrane.reshape(-1).tolist(),
                       *latched.reshape(-1).tolist()], (config, a.tolist(), b.tolist())


def formats(frac: int | None = None) -> st.SearchStrategy:
    return st.builds(lambda signed, width, f, r, o: Format(signed, width, f, r, o),
                     st.booleans(), st.integers(1, MAX_WIDTH),
                     st.just(frac) if frac is not None else st.integers(-4, 40),
                     st.sampled_from(Rounding), st.sampled_from(Overflow))


DECAYS = st.one_of(
    st.just(Decay()),
    st.builds(Decay, st.just("shift"), st.integers(0, 31), st.just(0), st.sampled_from(Rounding),
              st.booleans()),
    st.builds(Decay, st.just("mult"), st.integers(0, 31), st.integers(0, (1 << 31) - 1),
              st.sampled_from(Rounding)))


@st.composite
def populations(draw):
    """A population the constructor accepts (its limits: |theta|, |bias|, |v_reset| below
    2**SCHEDULE_BITS; |r| and |d| times max_spikes below 2**61) and int32 inputs."""
    n, steps = draw(st.integers(1, 7)), draw(st.integers(1, 5))
    v_format, cuba = draw(formats()), draw(st.booleans())
    max_spikes = draw(st.sampled_from([1, 2, 31, 255]))     # the numpy loop is per spike
    big = 1 << SCHEDULE_BITS
    per_spike = (1 << (INTERMEDIATE_BITS - 1)) // max_spikes

    def table(bound):
        shape = draw(st.sampled_from([(), (steps,), (1, n), (steps, n)]))
        seed = draw(st.integers(0, 2**32 - 1))
        lo = -bound + 1 if draw(st.booleans()) else -(1 << 12)
        return np.random.default_rng(seed).integers(lo, min(bound, 1 << 62) - 1, size=shape,
                                                    endpoint=True)
    try:
        pop = Population(
            n=n, steps=steps, v_format=v_format, acc_format=draw(formats()),
            i_format=draw(formats(v_format.frac)) if cuba else None,
            decay_v=draw(DECAYS), decay_i=draw(DECAYS), threshold=table(big),
            reset_amount=draw(st.none()) if draw(st.booleans()) else table(per_spike),
            intensity=table(per_spike), bias=draw(st.integers(-big + 1, big - 1)),
            compare=draw(st.sampled_from([">=", ">"])),
            reset=draw(st.sampled_from(["subtract", "zero"])),
            v_reset=draw(st.integers(-big + 1, big - 1)), max_spikes=max_spikes,
            input_mode=draw(st.sampled_from(["current", "initial"])),
            input_shift=draw(st.integers(0, 24)), input_before_decay=draw(st.booleans()),
            membrane=draw(st.sampled_from(["sum", "increment"])))
    except FxError:
        return None                              # refused by the constructor: not a case
    shape = (steps, n) if pop.input_mode == "current" else (n,)
    inputs = None if draw(st.booleans()) else np.random.default_rng(
        draw(st.integers(0, 2**32 - 1))).integers(-2**31, 2**31 - 1, size=shape, endpoint=True)
    return pop, inputs


def population_line(pop: Population, inputs) -> str:
    plan = pop.plan()
    words = []
    for name in POPULATION_SCALARS:
        value = plan.scalars()[name]
        words += list(value) if isinstance(value, tuple) else [value]
    for sched in (plan.threshold, plan.reset_amount, plan.intensity, plan.bias):
        words += [sched.t_stride, sched.n_stride, sched.data.size, *sched.data.tolist()]
    words += [0] if inputs is None else [1, *np.asarray(inputs).reshape(-1).tolist()]
    return "P " + " ".join(map(str, words))


@FUZZ
@given(st.lists(populations(), min_size=1, max_size=6))
def test_fuzz_population(driver, cases):
    cases = [c for c in cases if c is not None]
    if not cases:
        return
    for (pop, inputs), got in zip(cases, run(driver, [population_line(*c) for c in cases])):
        record = ("v", "spikes", "acc") + (("i",) if pop.cuba else ())
        want = simulate(pop.plan(), None if inputs is None else inputs.astype(np.int32), record)
        T, n = pop.steps, pop.n
        status, rest = got[0], np.array(got[1:], np.int64)
        v, i, acc, spikes = rest[:4 * n].reshape(4, n)
        overflow = rest[4 * n:4 * n + 3 * T].reshape(3, T)
        records = dict(zip(("v", "i", "spikes", "acc"), rest[4 * n + 3 * T:].reshape(4, T, n)))
        assert status == C_STATUS_OK
        assert np.array_equal(v, want.v) and np.array_equal(acc, want.acc)
        assert np.array_equal(spikes, want.spike_count)
        assert np.array_equal(overflow, want.overflow)
        assert not pop.cuba or np.array_equal(i, want.i)
        for name in record:
            assert np.array_equal(records[name], want.records[name]), name
