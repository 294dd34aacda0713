"""mbe layernorm / rmsnorm (row exponent and P2's fixed ranges) on c and numba against numpy,
bit for bit with equal stats: rows from 2^-12 to 2^16 in magnitude (lifted, clamped at the
exponent's lower end, shifted down), both encoders, with and without weight and bias, 1 or 2
threads. The glue is numpy on every backend; the populations run on the backend."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim import backends, ops
from fxsim.backends import available

FUSED = [b for b in ("c", "numba") if b in available()]


@st.composite
def norm_cases(draw):
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    rows, d = draw(st.integers(1, 6)), draw(st.integers(1, 40))
    x = rng.standard_normal((rows, d)) * np.exp2(rng.integers(-12, 16, (rows, 1)))
    config = {"row_exponent": draw(st.booleans()), "encoder": draw(st.sampled_from(["fit", "sar"])),
              "x_int_bits": draw(st.integers(1, 3)), "eps": draw(st.sampled_from([1e-5, 1e-2]))}
    affine = draw(st.booleans())
    return x, config, affine, rng


@pytest.mark.parametrize("backend", FUSED)
@pytest.mark.parametrize("op", ["layernorm", "rmsnorm"])
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=norm_cases(), threads=st.sampled_from([1, 2]))
def test_mbe_norms_equal_numpy(backend, op, case, threads):
    x, config, affine, rng = case
    d = x.shape[-1]
    kw = {}
    if affine:
        kw["weight"] = 1 + 0.5 * rng.standard_normal(d)
        if op == "layernorm":
            kw["bias"] = 0.1 * rng.standard_normal(d)
    fn = ops.get(op, "mbe")
    want = fn(x, config=config, backend="numpy", **kw)
    with backends.threads(threads):
        got = fn(x, config=config, backend=backend, **kw)
    np.testing.assert_array_equal(got.raw, want.raw)
    assert got.stats == want.stats
