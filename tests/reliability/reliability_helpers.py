"""Shared by the reliability tests: run the ``fxsim`` command in-process, snapshot a
directory, the fuzz budget, the tiny saved models ``fxsim audit`` and ``fxsim calibrate`` run."""
from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

from fxsim.cli import main

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "audit"))
import tiny_models  # noqa: E402

#: examples per fuzz target: small in CI; FXSIM_FUZZ_EXAMPLES=100000 for a long run
FUZZ_EXAMPLES = int(os.environ.get("FXSIM_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])


def invoke(*args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``fxsim ARGS`` run in this process. Any exception
    other than the command's own exit escapes, so a traceback fails the test."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code, out.getvalue(), err.getvalue()


def assert_one_line_error(code: int, err: str, status: int = 2) -> str:
    """The refusal contract: exit ``status``, one ``fxsim: error:`` line, no traceback."""
    lines = err.strip().splitlines()
    assert code == status, (code, err)
    assert len(lines) == 1 and lines[0].startswith("fxsim: error: "), err
    assert "Traceback" not in err
    return lines[0]


def snapshot(directory: Path) -> dict:
    """Every entry under ``directory``: relative path -> bytes (None for a directory)."""
    return {p.relative_to(directory): None if p.is_dir() else p.read_bytes()
            for p in sorted(directory.rglob("*"))}


def tiny_llama(folder: Path) -> tuple[Path, Path]:
    """A tiny random Llama saved in ``folder`` (tests/audit/tiny_models.py) and a text file of
    three lines of its words: (model directory, text file), for audit and calibrate runs."""
    model = tiny_models.save("llama", folder / "llama", seed=0)
    words = tiny_models.WORDS
    text = folder / "text.txt"
    text.write_text("".join(" ".join(words[k::3] * 3) + "\n" for k in range(3)))
    return model, text
