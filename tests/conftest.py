"""Shared fixtures: every test that takes ``backend`` runs on each backend built here."""
import numpy as np
import pytest
from hypothesis import HealthCheck, settings

from fxsim.backends import BACKENDS, available

settings.register_profile("default", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")


def pytest_report_header(config):
    return "fxsim backends: " + ", ".join(f"{k}={v}" for k, v in available().items())


@pytest.fixture(params=BACKENDS)
def backend(request):
    """Each backend; one that did not build fails here (CI builds all three)."""
    status = available()[request.param]
    if status != "ok":
        pytest.fail(f"backend {request.param} unavailable: {status}")
    return request.param


@pytest.fixture
def rng():
    return np.random.default_rng(20261124)
