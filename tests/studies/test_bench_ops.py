"""The ops bench section's equality gate (no timing): variants equal to each other and to numpy
pass, a variant that differs aborts."""
import numpy as np
import pytest

from fxsim.ops import get
from fxsim.studies.bench.common import BenchMismatch
from fxsim.studies.bench.ops import check, fxsim_calls, workload


def test_check_passes_equal_variants_and_catches_a_different_one():
    x = np.linspace(-3.0, 3.0, 50)
    calls = fxsim_calls("silu", "fs", x)
    check("silu", "fs", x, calls)
    shifted = {**calls, "numba": lambda: get("silu", "fs")(x + 0.5, backend="c")}
    with pytest.raises(BenchMismatch, match="numba differs"):
        check("silu", "fs", x, shifted)


def test_workloads_match_the_documented_shapes():
    assert workload("softmax").shape == (4096, 64)
    assert workload("rmsnorm").shape == (4096, 256)
    assert workload("silu").shape == (10**6,)
    assert workload("rsqrt").min() > 0
