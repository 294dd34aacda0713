"""``fxsim bench``'s plumbing on tiny workloads (no speed is asserted: a benchmark is not a
test). Every section checks its variants equal to their references before timing, so a run
that returns 0 has also cross-checked the engine against the minimal C loops, the loihi1 preset
against the Lava-style numpy model, xylo against xylosim (when installed) and requantize
against apytypes."""
from __future__ import annotations

import importlib.util
import json

import pytest

from fxsim.errors import FxError
from fxsim.studies.bench import SECTIONS, Settings, extension_cflags, run_bench


@pytest.mark.slow
def test_every_section_runs_and_reports(tmp_path, capsys):
    out = tmp_path / "bench.json"
    status = run_bench(Settings(n=600, steps=3, repeats=1, cflags=tuple(extension_cflags()),
                                json=str(out), warmup_s=0.0))
    assert status == 0
    report = json.loads(out.read_text())
    sections = {row["section"] for row in report["rows"]}
    assert sections == {name for name, s in SECTIONS.items()
                        if all(importlib.util.find_spec(m) for m in s.requires)}
    for row in report["rows"]:
        assert row["ratio"] == pytest.approx(row["reference_ms"] / row["ms"])
        assert row["result"] in ("", "PASS", "MISS")
    table = capsys.readouterr().out
    assert "| engine | LIF 600 x 3 | c serial |" in table


def test_unknown_section_is_one_clear_error():
    with pytest.raises(FxError, match="unknown bench section"):
        run_bench(Settings(sections=("nope",)))
