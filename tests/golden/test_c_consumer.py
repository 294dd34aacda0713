"""The C kernels build with no Python (make -C csrc) and reproduce every golden set of each
primitive family (population, pwl_exp, divgroup, polarnorm) word for word from the generated
headers alone, with -std=c99 -Wall -Wextra -Werror and once more under ASan and UBSan; a
changed word in a header is reported as a mismatch."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CSRC = ROOT / "csrc"
FAMILIES = ("population", "pwl_exp", "divgroup", "polarnorm")
pytestmark = pytest.mark.skipif(not (shutil.which("make") and shutil.which("cc")),
                                reason="needs make and a C compiler")


@pytest.mark.parametrize("target", ["check", "sanitize"])
def test_c_consumer_matches_golden_sets(target):
    res = subprocess.run(["make", "-s", "-C", str(CSRC), target], capture_output=True, text=True,
                         check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    sets = sorted(p.name for p in (ROOT / "golden").iterdir()
                  if p.name.startswith(tuple(f"{f}_" for f in FAMILIES)))
    lines = dict(ln.split(": ", 1) for ln in res.stdout.splitlines() if ": OK" in ln)
    assert sorted(lines) == sets and {s.split("_")[0] for s in sets} >= {"population", "pwl",
                                                                         "divgroup", "polarnorm"}
    assert all("every word matches" in v for v in lines.values()), res.stdout


def test_c_consumer_reports_a_changed_word(tmp_path):
    """One output word of the PWL-Exp header changed by one: the consumer exits 1 naming it."""
    subprocess.run(["make", "-s", "-C", str(CSRC)], check=True, capture_output=True)
    d = tmp_path / "set"
    shutil.copytree(ROOT / "golden/pwl_exp_paper", d)
    header = (d / "vectors.h").read_text()
    body = re.search(r"static const \w+ output\[\d+\] = \{\s*(\d+)", header)
    first = body.group(1)
    header = header[:body.start(1)] + str(int(first) + 1) + header[body.end(1):]
    (d / "vectors.h").write_text(header)
    exe = tmp_path / "consumer"
    subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", f"-I{CSRC}",
                    f"-I{ROOT / 'tests/c'}", f"-I{d}", str(ROOT / "tests/c/test_golden_pwl_exp.c"),
                    str(CSRC / "build/libfxsim.a"), "-lm", "-o", str(exe)], check=True)
    res = subprocess.run([str(exe)], capture_output=True, text=True)
    assert res.returncode == 1
    assert res.stderr.startswith(f"MISMATCH output[0]: expected {int(first) + 1}, got {first}")


@pytest.mark.parametrize("family,count,trace", [("pwl_exp", 5, False), ("divgroup", 3, True),
                                                ("polarnorm", 1, False)])
def test_c_consumer_on_a_new_set(tmp_path, family, count, trace):
    """make check-set runs a consumer on any set of its family, traced or not."""
    from fxsim.vectors.golden import golden_set
    golden_set(family, tmp_path / "set", preset="paper", random=count, seed=5, trace=trace,
               kinds=("h",))
    res = subprocess.run(["make", "-s", "-C", str(CSRC), "check-set", f"SET={tmp_path / 'set'}",
                          f"FAMILY={family}", f"BUILD={tmp_path / 'build'}"],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 0 and "every word matches" in res.stdout, res.stdout + res.stderr
