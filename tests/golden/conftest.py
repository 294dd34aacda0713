"""Fixtures naming the hardware tools a test needs: without one the test skips, unless the
environment variable CI is set (then it fails: CI installs every tool)."""
import os
import shutil

import pytest


def require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed (apt-get install -y {' '.join(missing)})"
    if os.environ.get("CI"):
        pytest.fail(f"required in CI: {message}")
    pytest.skip(message)


@pytest.fixture
def verilator():
    require("verilator")


@pytest.fixture
def yosys():
    require("yosys")
