"""Division Neuron Group (docs/algorithms.md section 4) against exact integer oracles, on every
backend.

Oracles: (1) the rational floor clamp(floor(A' / theta), -G, G) computed here with Python
integers (A' = A << k, theta = max(1, (B << k) >> n)); (2) the ideal quotient floor(A * 2**n / B)
where theta is exact; (3) the group run neuron by neuron as an fxsim.Population of G latching
neurons per division, which proves the one-membrane kernel equals the population of G neurons.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fxsim import Format, FxError, Overflow, Population, Rounding, simulate
from fxsim.primitives.divgroup import DivGroupConfig, divide

COMPILED = ("c", "numba")
# the `backend` fixture only names a backend (no state), so reusing it across examples is safe
FIXTURE_OK = [HealthCheck.function_scoped_fixture]


def oracle(a_steps, b, n, G, normalize, normalize_bit):
    """Python integers only: (q per division, latched count after each step [T][m])."""
    T, m = len(a_steps), len(b)
    q, latched = [], [[0] * m for _ in range(T)]
    for j in range(m):
        B = int(b[j])
        k = max(0, normalize_bit - (B.bit_length() - 1)) if normalize else 0
        theta = max(1, (B << k) >> n)
        total, v = 0, 0
        for t in range(T):
            total += int(a_steps[t][j])
            v += abs(int(a_steps[t][j])) << k
            latched[t][j] = sum(1 for i in range(1, G + 1) if v >= i * theta) if G <= 64 \
                else min(G, v // theta)
        q.append(max(-G, min(G, (total << k) // theta)))     # Python // is the exact floor
    return q, latched


@st.composite
def cases(draw, max_m=6):
    n = draw(st.integers(0, 12))
    G = draw(st.one_of(st.none(), st.integers(1, (1 << n) + 3)))
    T = draw(st.integers(1, 4))
    m = draw(st.integers(1, max_m))
    normalize = draw(st.booleans())
    bit = draw(st.one_of(st.none(), st.integers(0, 45)))
    cfg = DivGroupConfig(n=n, G=G, T=T, normalize_denominator=normalize, normalize_bit=bit)
    a_bits = 58 - (cfg.normalize_bit if normalize else 0)   # sum_t |A_t| << k < 2**62
    magnitude = st.one_of(st.just(0), st.integers(0, 256), st.integers(0, (1 << a_bits) - 1))
    a = np.zeros((T, m), np.int64)
    for j in range(m):
        sign = draw(st.sampled_from([1, -1]))
        a[:, j] = [sign * draw(magnitude) for _ in range(T)]
    b = np.array([draw(st.one_of(st.just(1), st.integers(1, max(1, (1 << n) - 1)),
                                 st.integers(1, 1 << 40))) for _ in range(m)], np.int64)
    if m == 1 and draw(st.booleans()):
        b = b[0]                                               # a scalar denominator
    a_in = a[0] if T == 1 and draw(st.booleans()) else a      # a single step as [m]
    return cfg, a_in, a, b


@settings(max_examples=300, suppress_health_check=FIXTURE_OK)
@given(case=cases())
def test_equals_rational_floor(backend, case):
    cfg, a_in, a, b = case
    b_full = np.broadcast_to(b, (a.shape[1],))
    want_q, want_latched = oracle(a.tolist(), b_full.tolist(), cfg.n, cfg.G,
                                  cfg.normalize_denominator, cfg.normalize_bit)
    got = divide(a_in, b, cfg, backend=backend, trace=True)
    assert got.raw.tolist() == want_q
    assert got.format == cfg.out_format and got.stats["overflow_q"] == 0
    assert got.trace["latched"].tolist() == want_latched
    assert got.stats["spikes"] == sum(want_latched[-1])
    assert got.trace["membrane"].shape == a.shape


@settings(max_examples=200, suppress_health_check=FIXTURE_OK)
@given(case=cases())
def test_ideal_quotient_where_theta_is_exact(backend, case):
    """theta = B' / 2**n exactly: the result is floor(A * 2**n / B) (clamped) -- the float
    reference of P1 floored to n bits. With normalisation it is never more than one off."""
    cfg, a_in, a, b = case
    got = divide(a_in, b, cfg, backend=backend).raw
    for j, B in enumerate(np.broadcast_to(b, (a.shape[1],)).tolist()):
        A = int(a[:, j].sum())
        k = max(0, cfg.normalize_bit - (B.bit_length() - 1)) if cfg.normalize_denominator else 0
        ideal = (A << cfg.n) // B
        if abs(ideal) >= cfg.G:
            continue
        if ((B << k) % (1 << cfg.n) == 0) and (B << k) >> cfg.n >= 1:
            assert int(got[j]) == ideal
        if cfg.normalize_denominator and B << k >= 1 << (2 * cfg.n + 8):
            assert abs(int(got[j]) - ideal) <= 1


def test_hand_example_trace(backend):
    """n=2, G=4, B=8 -> theta=2, thresholds 2 4 6 8.
    division 0: steps 1 2 3  -> v 1 3 6, latched 0 1 3, q = 3  (0.75 = 6/8)
    division 1: steps -1 -2 -4 -> v 1 3 7, latched 0 1 3, inexact (7 > 6): q = -4 = floor(-3.5)
    division 2: steps -5 -5 -5 -> v 5 10 15, latched 2 4 4, saturated: q = -G = -4 (not -8)
    division 3: steps 0 0 0 -> q = 0"""
    a = np.array([[1, -1, -5, 0], [2, -2, -5, 0], [3, -4, -5, 0]])
    got = divide(a, 8, DivGroupConfig(n=2, T=3), backend=backend, trace=True)
    assert got.raw.tolist() == [3, -4, -4, 0]
    assert got.trace["membrane"].tolist() == [[1, 1, 5, 0], [3, 3, 10, 0], [6, 7, 15, 0]]
    assert got.trace["latched"].tolist() == [[0, 0, 2, 0], [1, 1, 4, 0], [3, 3, 4, 0]]
    assert got.trace["membrane"].dtype == np.int64 and got.trace["latched"].dtype == np.int64
    assert got.stats == {"spikes": 10, "adds": 48, "compares": 48, "shifts": 4, "overflow_q": 0}
    assert str(got.format) == "fixed<4,2,TRN,SAT>"
    assert got.to_float().tolist() == [0.75, -1.0, -1.0, 0.0]


def test_small_denominator_normalised(backend):
    """B = 3 < 2**n: without normalisation theta = max(1, 3 >> 4) = 1 and 1/3 reads 1/16;
    normalised (k = 15: B's leading one to bit 2n + 8 = 16), theta = (3 << 15) >> 4 = 6144 and
    floor((1 << 15) / 6144) = 5 = floor(16 / 3)."""
    plain = divide([1], [3], DivGroupConfig(n=4), backend=backend)
    norm = divide([1], [3], DivGroupConfig(n=4, normalize_denominator=True), backend=backend,
                  trace=True)
    assert plain.raw.tolist() == [1] and norm.raw.tolist() == [5]
    assert norm.trace["membrane"].tolist() == [[1 << 15]]
    assert norm.stats["shifts"] == 1 + 2


def test_out_format_given(backend):
    """A given output format requantizes the count (its rounding, then its overflow)."""
    fmt = Format(False, 3, 1, Rounding.TRN, Overflow.SAT)        # 0 .. 3.5 in steps of 0.5
    got = divide([[3, 9, 5, 16]], 4, DivGroupConfig(n=2, G=16, out_format=fmt), backend=backend)
    # counts 3 9 5 16 (quarters) -> halves floor: 1 4 2 8 -> SAT at 7
    assert got.raw.tolist() == [1, 4, 2, 7] and got.stats["overflow_q"] == 1


@st.composite
def small_groups(draw):
    n = draw(st.integers(0, 4))
    G = draw(st.integers(1, 6))
    T = draw(st.integers(1, 4))
    m = draw(st.integers(1, 4))
    cfg = DivGroupConfig(n=n, G=G, T=T, normalize_denominator=draw(st.booleans()),
                         normalize_bit=draw(st.integers(0, 12)))
    signs = np.array(draw(st.lists(st.sampled_from([1, -1]), min_size=m, max_size=m)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    a = rng.integers(0, draw(st.sampled_from([4, 40, 200])), size=(T, m)) * signs
    b = rng.integers(1, draw(st.sampled_from([2, 20, 300])), size=m, endpoint=True)
    return cfg, a, b


@settings(max_examples=150, suppress_health_check=FIXTURE_OK)
@given(case=small_groups())
def test_one_membrane_equals_population_of_G_neurons(backend, case):
    """The same division run as G real latching neurons per division through fxsim.simulate:
    per-neuron thresholds i * theta ([1, G*m]), reset to the v_format minimum on a spike so a
    neuron can never fire again. Cumulative spikes per group equal the kernel's latched count,
    and every neuron not yet latched holds exactly the kernel's shared membrane."""
    cfg, a, b = case
    T, m, G = cfg.T, a.shape[1], cfg.G
    got = divide(a, b, cfg, backend=backend, trace=True)
    k = [max(0, cfg.normalize_bit - (int(B).bit_length() - 1)) if cfg.normalize_denominator else 0
         for B in b]
    theta = [max(1, (int(B) << kj) >> cfg.n) for B, kj in zip(b, k)]
    v_format = Format(True, 32, 0, Rounding.TRN, Overflow.SAT)
    thresholds = np.array([[i * theta[j] for j in range(m) for i in range(1, G + 1)]])
    drive = np.abs(a) << np.array(k)                              # [T, m] magnitudes, shifted
    pop = Population(n=G * m, steps=T, v_format=v_format, acc_format=Format(True, 32, 0),
                     threshold=thresholds, compare=">=", reset="zero", v_reset=v_format.min_raw,
                     max_spikes=1, input_mode="current")
    tr = simulate(pop, np.repeat(drive, G, axis=1).astype(np.int32), backend=backend,
                  record=("v", "spikes"))
    spikes = tr.records["spikes"].reshape(T, m, G)
    assert spikes.max(initial=0) <= 1 and spikes.sum(axis=0).max(initial=0) <= 1   # latch: once
    latched = spikes.sum(axis=2).cumsum(axis=0)
    np.testing.assert_array_equal(got.trace["latched"], latched)
    assert got.stats["spikes"] == int(tr.spike_count.sum())
    # the magnitude of q is the population's latched count (plus the documented floor step
    # for a negative inexact unsaturated quotient)
    negative = (a < 0).any(axis=0)
    floor_step = negative & (got.trace["membrane"][-1] > latched[-1] * np.array(theta)) \
        & (latched[-1] < G)
    np.testing.assert_array_equal(np.abs(got.raw) - floor_step, latched[-1])
    np.testing.assert_array_equal(got.raw < 0, negative & (np.abs(got.raw) > 0))
    unlatched = spikes.cumsum(axis=0) == 0                        # [T, m, G]
    v = tr.records["v"].reshape(T, m, G)
    membrane = np.broadcast_to(got.trace["membrane"][:, :, None], (T, m, G))
    np.testing.assert_array_equal(v[unlatched], membrane[unlatched])


@st.composite
def wide_cases(draw):
    """Cases across the C block boundary (512) with random data and mixed per-division signs."""
    cfg, _, _, _ = draw(cases(max_m=1))
    m = draw(st.sampled_from([1, 3, 17, 511, 512, 513, 1100]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    a_bits = 58 - (cfg.normalize_bit if cfg.normalize_denominator else 0)
    top = 1 << draw(st.integers(0, a_bits))
    a = rng.integers(0, top, size=(cfg.T, m)) * rng.choice([-1, 1], size=m)
    a[:, rng.random(m) < 0.1] = 0
    b = rng.integers(1, 1 << draw(st.integers(1, 40)), size=m, endpoint=True)
    return cfg, a, b


@pytest.mark.parametrize("backend_name", COMPILED)
@settings(max_examples=300)
@given(case=wide_cases(), trace=st.booleans())
def test_backends_equal_numpy(backend_name, case, trace):
    cfg, a, b = case
    ref = divide(a, b, cfg, backend="numpy", trace=trace)
    got = divide(a, b, cfg, backend=backend_name, trace=trace)
    np.testing.assert_array_equal(got.raw, ref.raw)
    assert got.stats == ref.stats and got.format == ref.format
    if trace:
        for name in ("membrane", "latched"):
            np.testing.assert_array_equal(got.trace[name], ref.trace[name], err_msg=name)
    else:
        assert got.trace is None and ref.trace is None


def test_config_round_trip():
    cfg = DivGroupConfig(n=6, G=100, T=3, normalize_denominator=True, normalize_bit=30,
                         out_format=Format(False, 12, 6, Rounding.RND, Overflow.SAT))
    assert DivGroupConfig.from_dict(cfg.to_dict()) == cfg
    default = DivGroupConfig(n=8)
    assert default.G == 256 and default.normalize_bit == 24
    assert str(default.out_format) == "fixed<10,2,TRN,SAT>"
    assert DivGroupConfig.from_dict(default.to_dict()) == default


@pytest.mark.parametrize("a, b, cfg, match", [
    ([1, 2], [1, 0], DivGroupConfig(), "denominator must be positive, got B=0 at index 1"),
    ([1, 2], -3, DivGroupConfig(), "denominator must be positive"),
    ([1, 2, 3], [1, 2], DivGroupConfig(), "does not broadcast"),
    ([[1, 2]], [1, 2], DivGroupConfig(T=2), "1 steps but config.T=2"),
    ([1, 2], [1, 2], DivGroupConfig(T=2), "one step"),
    ([[[1]]], 1, DivGroupConfig(), r"shape \[m\] or \[T, m\]"),
    ([[1, 2], [-1, 2]], 1, DivGroupConfig(T=2), "division 0 mix signs"),
    ([[1 << 61], [1 << 61]], 1, DivGroupConfig(T=2), "62-bit"),
    ([1 << 40], 1, DivGroupConfig(n=8, normalize_denominator=True, normalize_bit=30), "62-bit"),
    ([1 << 62], 1, DivGroupConfig(), "62-bit"),
    ([1.5], 1, DivGroupConfig(), "integer array"),
])
def test_bad_inputs(backend, a, b, cfg, match):
    with pytest.raises(FxError, match=match):
        divide(a, b, cfg, backend=backend)


@pytest.mark.parametrize("kwargs, match", [
    (dict(n=-1), r"^DivGroupConfig\.n must be an int in 0\.\.30, got -1$"),
    (dict(n=31), r"^DivGroupConfig\.n must be an int in 0\.\.30, got 31$"),
    (dict(G=0), r"^DivGroupConfig\.G must be an int in 1\.\.1073741824, got 0$"),
    (dict(T=0), r"^DivGroupConfig\.T must be an int >= 1, got 0$"),
    (dict(normalize_bit=62), r"^DivGroupConfig\.normalize_bit must be an int in 0\.\.61, got 62$"),
    (dict(out_format="fixed<8"), "malformed format"),
])
def test_bad_config(kwargs, match):
    with pytest.raises(FxError, match=match):
        DivGroupConfig(**kwargs)


@st.composite
def boundary_cases(draw):
    """Numerators within +-2 of an exact multiple of theta, with theta, G and the quotient up
    to their limits: where a kernel that estimates v / theta (the C kernel does, in double)
    must correct itself exactly."""
    n = draw(st.integers(0, 30))
    G = draw(st.one_of(st.integers(1, 300), st.integers(1, 1 << 30)))
    theta = draw(st.one_of(st.integers(1, 1000), st.integers(1, (1 << 61) >> n)))
    B = theta << n
    k = draw(st.one_of(st.integers(max(0, G - 3), G + 3), st.integers(0, 1 << 31)))
    if (k + 1) * theta + 2 >= 1 << 62:                 # keep |A| below 2^62
        k = ((1 << 62) - 3) // theta - 1
    delta = draw(st.integers(-2, 2))
    A = max(0, k * theta + delta)
    sign = draw(st.sampled_from([1, -1]))
    return DivGroupConfig(n=n, G=G), sign * A, B


@settings(max_examples=400, suppress_health_check=FIXTURE_OK)
@given(case=boundary_cases())
def test_exact_at_quotient_boundaries(backend, case):
    cfg, A, B = case
    theta = max(1, B >> cfg.n)
    want = max(-cfg.G, min(cfg.G, A // theta))      # Python // is the exact floor
    assert int(divide([A], [B], cfg, backend=backend).raw[0]) == want


def test_reference_bit_length_matches_python_ints():
    """The one numpy bit_length (fxsim.arith, defined in backends/reference/arith.py) (a float64 frexp estimate corrected in integers) equals
    Python's int.bit_length at every power of two +-1 up to 2^62, where float rounding bites."""
    from fxsim.arith import bit_length
    values = sorted({v for p in range(63) for d in (-2, -1, 0, 1, 2)
                     if 0 <= (v := (1 << p) + d) < 1 << 62} | {0})
    got = bit_length(np.array(values, np.int64)).tolist()
    assert got == [v.bit_length() for v in values]


@settings(max_examples=60, suppress_health_check=FIXTURE_OK)
@example(exps=[52, 53, 54, 61], deltas=[-1, 0, 1, -1])
@given(exps=st.lists(st.integers(0, 61), min_size=1, max_size=8),
       deltas=st.lists(st.sampled_from([-1, 0, 1]), min_size=8, max_size=8))
def test_normalising_shift_at_every_bit_length(backend, exps, deltas):
    """The normalising shift reads msb(B) on every bit length up to 2^62, around each power of
    two (C takes it from the exponent of double(B), and of double(B >> 11) from 2^53 up)."""
    b = [max(1, min((1 << 62) - 1, (1 << e) + d)) for e, d in zip(exps, deltas)]
    cfg = DivGroupConfig(n=4, G=None, T=1, normalize_denominator=True, normalize_bit=61)
    a = np.ones(len(b), np.int64)                        # 1 << k < 2^62 for k <= 61
    want_q, _ = oracle([a.tolist()], b, cfg.n, cfg.G, True, 61)
    got = divide(a, np.array(b, np.int64), cfg, backend=backend, trace=True)
    assert got.raw.tolist() == want_q
    assert got.trace["membrane"][0].tolist() == [1 << (62 - B.bit_length()) for B in b]
