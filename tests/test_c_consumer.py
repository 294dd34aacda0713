"""The C kernels build with no Python (make -C csrc) and reproduce every golden population set
word for word from the generated headers alone, also under ASan and UBSan."""
import shutil
import subprocess
from pathlib import Path

import pytest

CSRC = Path(__file__).resolve().parents[1] / "csrc"
pytestmark = pytest.mark.skipif(not (shutil.which("make") and shutil.which("cc")),
                                reason="needs make and a C compiler")


@pytest.mark.parametrize("target", ["check", "sanitize"])
def test_c_consumer_matches_golden_sets(target):
    res = subprocess.run(["make", "-s", "-C", str(CSRC), target], capture_output=True, text=True,
                         check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("population_")]
    assert len(lines) >= 3 and all("every word matches" in ln for ln in lines), res.stdout
