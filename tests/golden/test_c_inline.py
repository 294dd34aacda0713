"""Inline helpers of csrc/fx_arith.h checked in plain C against a second implementation
(tests/c/test_bit_length.c), compiled with -std=c99 -Wall -Wextra -Werror -pedantic."""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not shutil.which("cc"), reason="needs a C compiler")
def test_bit_length_equals_shift_count(tmp_path):
    exe = tmp_path / "test_bit_length"
    subprocess.run(["cc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic",
                    "-I", str(ROOT / "csrc"), str(ROOT / "tests/c/test_bit_length.c"), "-o",
                    str(exe)], check=True, capture_output=True)
    res = subprocess.run([str(exe)], capture_output=True, text=True, check=False)
    assert res.returncode == 0 and res.stdout.strip() == "fx_bit_length: OK", res.stdout
