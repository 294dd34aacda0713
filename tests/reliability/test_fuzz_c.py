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

from fxsim.backends.abi import DivGroupPlan
from fxsim.backends.reference.arith import requantize, shift_right
from fxsim.backends.reference.divgroup import divgroup, normalize_shift
from fxsim.errors import C_STATUS_EINVAL, C_STATUS_OK
from fxsim.formats import INTERMEDIATE_BITS, MAX_WIDTH, Format, Overflow, Rounding
from reliability_helpers import FUZZ, ROOT

SANITIZE = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all"]
BOUND = 1 << INTERMEDIATE_BITS                  # every kernel input stays below 2**62
MAX_GROUP = 1 << 30                             # FX_DIV_MAX_GROUP (csrc/fx_divgroup.h)
MAX_NORMALIZE_BIT = INTERMEDIATE_BITS - 1       # 0..61
pytestmark = pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler")


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    """tests/c/fuzz_kernels.c and csrc/fx_*.c built with ASan and UBSan."""
    exe = tmp_path_factory.mktemp("fuzz") / "fuzz_kernels"
    sources = [ROOT / "tests/c/fuzz_kernels.c", ROOT / "csrc/fx_arith.c",
               ROOT / "csrc/fx_divgroup.c"]                 # the kernels driven
    subprocess.run(["cc", "-std=c99", "-O1", "-g", "-Wall", "-Wextra", "-Werror", *SANITIZE,
                    f"-I{ROOT / 'csrc'}", *map(str, sources), "-lm", "-o", str(exe)],
                   check=True, capture_output=True)
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
