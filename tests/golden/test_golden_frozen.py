"""golden/ is a contract: regenerating it is byte-identical unless format_version was bumped
with a CHANGELOG entry; every set verifies on every backend; tampering is caught."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from fxsim import FxError
from fxsim.vectors import FORMAT_VERSION
from fxsim.vectors.golden import read_set, verify_set

ROOT = Path(__file__).resolve().parents[2]
SETS = sorted(p for p in (ROOT / "golden").iterdir() if (p / "manifest.json").is_file())


def test_reference_sets_exist():
    """Three population sets, one per primitive, one per nlspike operator at its paper preset,
    one per (operator, method) pair with an mbe / fs producer (<op>_<method>_paper)."""
    from fxsim import ops
    from fxsim.vectors.producers import REGISTRY, producer_key
    p2 = {f"{op}_{m}_paper" for op, methods in ops.OPERATORS.items() for m in methods
          if m != "nlspike" and producer_key(op, m) in REGISTRY}
    assert len(p2) == sum(len(set(methods) - {"nlspike"}) for methods in ops.OPERATORS.values())
    assert {p.name for p in SETS} >= {"population_fs_sigmoid", "population_loihi1_impulse",
                                      "population_xylo_step", "pwl_exp_paper", "divgroup_t4",
                                      "polarnorm_paper",
                                      *(f"{op}_paper" for op, methods in ops.OPERATORS.items()
                                        if "nlspike" in methods), *p2}
    for ref in SETS:
        manifest = json.loads((ref / "manifest.json").read_text())
        assert any(e["role"] == "trace" for e in manifest["arrays"]), ref.name


def test_golden_stays_small():
    """golden/ stays under a few MB (docs/golden-vectors.md)."""
    total = sum(f.stat().st_size for f in (ROOT / "golden").rglob("*") if f.is_file())
    assert total < 3 * 2**20


def test_regeneration_is_byte_identical(tmp_path):
    """tools/make_golden.py reproduces golden/ byte for byte. If this fails you changed what
    a set contains: bump FORMAT_VERSION, add a CHANGELOG entry naming it, rerun the tool."""
    subprocess.run([sys.executable, str(ROOT / "tools/make_golden.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for ref in SETS:
        for f in sorted(ref.iterdir()):
            new = tmp_path / ref.name / f.name
            assert new.is_file(), f"{ref.name}/{f.name} no longer produced"
            assert new.read_bytes() == f.read_bytes(), (
                f"golden/{ref.name}/{f.name} changed: bump format_version and add a CHANGELOG entry")
        assert sorted(p.name for p in (tmp_path / ref.name).iterdir()) == \
            sorted(p.name for p in ref.iterdir())


def test_format_version_has_changelog_entry():
    assert f"format_version {FORMAT_VERSION}" in (ROOT / "CHANGELOG.md").read_text()
    for ref in SETS:
        assert json.loads((ref / "manifest.json").read_text())["format_version"] == FORMAT_VERSION


@pytest.mark.parametrize("ref", SETS, ids=lambda p: p.name)
def test_reference_sets_verify(ref, backend):
    assert verify_set(ref, backend) == []


def test_verify_reports_first_mismatch(tmp_path):
    """A changed word (with its hash updated, so only the re-run can catch it) is reported as
    (array, index, expected, got)."""
    d = tmp_path / "set"
    shutil.copytree(ROOT / "golden/population_xylo_step", d)
    manifest = json.loads((d / "manifest.json").read_text())
    entry = next(e for e in manifest["arrays"] if e["name"] == "acc")
    entry["files"] = {"hex": entry["files"]["hex"]}
    lines = (d / "acc.hex").read_text().splitlines()
    first = next(i for i, ln in enumerate(lines) if not ln.startswith("//"))
    lines[first + 2] = format(int(lines[first + 2], 16) ^ 1, f"0{len(lines[first + 2])}x")
    (d / "acc.hex").write_text("\n".join(lines) + "\n")
    import hashlib
    entry["sha256"] = {"hex": hashlib.sha256((d / "acc.hex").read_bytes()).hexdigest()}
    (d / "manifest.json").write_text(json.dumps(manifest))
    problems = verify_set(d)
    assert len(problems) == 1 and problems[0].startswith("array acc index (2,): expected")


def test_tampering_and_bad_sets_are_refused(tmp_path):
    d = tmp_path / "set"
    shutil.copytree(ROOT / "golden/population_fs_sigmoid", d)
    with open(d / "v.hex", "a") as fh:
        fh.write("00\n")
    with pytest.raises(FxError, match="sha256 mismatch for v.hex"):
        read_set(d)
    shutil.rmtree(d)
    shutil.copytree(ROOT / "golden/population_fs_sigmoid", d)
    manifest = json.loads((d / "manifest.json").read_text())
    manifest["format_version"] = "99.0.0"
    (d / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(FxError, match="newer than this fxsim"):
        read_set(d)
    (d / "manifest.json").write_text("{not json")
    with pytest.raises(FxError, match="corrupt"):
        read_set(d)
    (d / "manifest.json").unlink()
    with pytest.raises(FxError, match="no manifest.json"):
        read_set(d)


def test_cli_golden_and_verify(tmp_path):
    out = tmp_path / "g"
    cmd = [sys.executable, "-m", "fxsim.cli"]
    res = subprocess.run([*cmd, "golden", "population", "--config", "examples/lif_current.toml",
                          "--random", "--seed", "7", "--trace", "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 7 and manifest["operator"] == "population"
    assert {e["name"] for e in manifest["arrays"]} >= {"input", "threshold", "acc", "trace_v"}
    x = np.load(out / "vectors.npz")["input"]
    assert x.shape == (16, 8)
    res = subprocess.run([*cmd, "verify", str(out), "--backend", "c"], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0 and "OK" in res.stdout
    again = subprocess.run([*cmd, "golden", "population", "--config", "examples/lif_current.toml",
                            "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 2 and "exists" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
