"""fxsim.backends.threads applies to a backend first loaded inside the block (numba is imported
lazily), and nested blocks restore the outer setting, in a fresh interpreter where numba has
not been imported yet (FXSIM_THREADS=2 makes the default differ from the block's 1)."""
import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from fxsim import backends
assert "fxsim.backends.numba" not in sys.modules
seen = []
with backends.threads(1):
    nb = backends.get_backend("numba")
    seen.append([nb.THREADS, nb.numba.get_num_threads()])
    with backends.threads(2):
        seen.append([nb.THREADS, nb.numba.get_num_threads()])
    seen.append([nb.THREADS, nb.numba.get_num_threads()])
seen.append([nb.THREADS, nb.numba.get_num_threads()])
print(json.dumps(seen))
"""


def test_threads_apply_to_numba_loaded_inside_the_block():
    env = {**os.environ, "FXSIM_THREADS": "2", "NUMBA_NUM_THREADS": "2"}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                         check=True, cwd=os.path.dirname(os.path.dirname(os.path.dirname(
                             os.path.abspath(__file__)))))
    # inside: 1 (numba's setting too); nested 2; back to 1; after: the FXSIM_THREADS default
    # 2, and numba's own setting as it was at import (NUMBA_NUM_THREADS = 2)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [[1, 1], [2, 2], [1, 1], [2, 2]]
