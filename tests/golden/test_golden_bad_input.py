"""Bad golden-vector input (docs/golden-vectors.md): a missing or corrupt manifest, a hash
mismatch, a truncated hex file, a word out of range for its width, a header lying about its
shape, and bad `fxsim golden` requests. Each is one line on stderr, exit status 2, no traceback,
and nothing written."""
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from fxsim.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    err = capsys.readouterr().err
    return exc.value.code, err


def listing(directory: Path) -> dict:
    return {p.relative_to(directory): p.read_bytes() for p in sorted(directory.rglob("*"))
            if p.is_file()}


def rewrite(d: Path, name: str, edit) -> None:
    """Change file ``name`` of the set and record its new sha256, so only the content check
    can object."""
    path = d / name
    path.write_text(edit(path.read_text()))
    manifest = json.loads((d / "manifest.json").read_text())
    for entry in manifest["arrays"]:
        for kind, file in entry["files"].items():
            if file == name:
                entry["sha256"][kind] = hashlib.sha256(path.read_bytes()).hexdigest()
    (d / "manifest.json").write_text(json.dumps(manifest))


def drop_last_word(text: str) -> str:
    return "\n".join(text.splitlines()[:-1]) + "\n"


def widen_first_word(text: str) -> str:
    lines = text.splitlines()
    first = next(i for i, ln in enumerate(lines) if not ln.startswith("//"))
    lines[first] = "1" + lines[first]            # one more hex digit: beyond the width
    return "\n".join(lines) + "\n"


def lie_about_shape(text: str) -> str:
    return text.replace("// shape: 32", "// shape: 16,2").replace("// axes: element",
                                                                  "// axes: element,half")


def lie_about_len(text: str) -> str:
    return text.replace("#define OUTPUT_LEN 32", "#define OUTPUT_LEN 31")


def newer_version(text: str) -> str:
    return text.replace('"format_version": "', '"format_version": "9')


@pytest.mark.parametrize("damage,message", [
    (lambda d: (d / "manifest.json").unlink(), "no manifest.json"),
    (lambda d: (d / "manifest.json").write_text('{"format_version": '), "manifest.json is corrupt"),
    (lambda d: (d / "manifest.json").write_text('{"format_version": "1.2.0"}'),
     "does not match its schema"),
    (lambda d: (d / "output.hex").write_text("00\n"), "sha256 mismatch for output.hex"),
    (lambda d: (d / "slope.hex").unlink(), "missing file slope.hex"),
    (lambda d: rewrite(d, "output.hex", drop_last_word), "header says 32 words"),
    (lambda d: rewrite(d, "output.hex", widen_first_word), "out of range for width 32"),
    (lambda d: rewrite(d, "input.hex", lie_about_shape), "differs from the manifest"),
    (lambda d: rewrite(d, "vectors.h", lie_about_len), "its _LEN says 31"),
    (lambda d: (d / "manifest.json").write_text(newer_version((d / "manifest.json").read_text())),
     "newer than this fxsim"),
])
def test_verify_refuses_a_damaged_set(tmp_path, capsys, damage, message):
    d = tmp_path / "set"
    shutil.copytree(ROOT / "golden/pwl_exp_paper", d)
    damage(d)
    before = listing(tmp_path)
    code, err = run(capsys, "verify", str(d))
    assert code == 2 and message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert listing(tmp_path) == before


def test_verify_reports_a_changed_define(tmp_path, capsys):
    d = tmp_path / "set"
    shutil.copytree(ROOT / "golden/divgroup_t4", d)
    manifest = json.loads((d / "manifest.json").read_text())
    manifest["defines"]["FXSIM_DIV_GROUP"] += 1
    (d / "manifest.json").write_text(json.dumps(manifest))
    code, err = run(capsys, "verify", str(d))
    assert code == 2 and "MISMATCH define FXSIM_DIV_GROUP: expected 257, got 256" in err


@pytest.mark.parametrize("args,message", [
    (["pwl_exp", "--preset", "paper"], "needs inputs"),
    (["pwl_exp", "--preset", "fast", "--random", "--seed", "1"], "no preset 'fast'"),
    (["pwl_exp", "--random", "--seed", "1"], "give one of --preset or --config"),
    (["pwl_exp", "--preset", "paper", "--random", "4"], "--random needs --seed"),
    (["pwl_exp", "--preset", "paper", "--random", "--seed", "1", "--formats", "hex,vhd"],
     "unknown vector file kind"),
    (["divgroup", "--preset", "paper", "--input", "{npy}"], "unexpected input array(s) input; expected numerator"),
    (["pwl_exp", "--preset", "paper", "--input", "{npy}"], "outside fixed<16,4,TRN,SAT>"),
    (["softmax", "--preset", "paper", "--input", "{npy}"], "golden input must be [row, d]"),
    (["population", "--config", "examples/xylo_step.toml", "--random", "3", "--seed", "1"],
     "give --random without a count"),
    (["nosuch", "--preset", "paper"], "no golden-vector producer for 'nosuch'"),
])
def test_golden_refuses_bad_requests_and_writes_nothing(tmp_path, capsys, monkeypatch, args,
                                                        message):
    monkeypatch.chdir(ROOT)
    npy = tmp_path / "x.npy"
    np.save(npy, np.array([40000, 1]))          # beyond fixed<16,4>'s raw range
    out = tmp_path / "out"
    code, err = run(capsys, "golden", *[a.format(npy=npy) for a in args], "--out", str(out))
    assert code == 2 and message in err, err
    assert len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.npy"]


def test_golden_npz_inputs_bin_files_and_numba_verify(tmp_path, capsys):
    """Named inputs from an .npz, .bin files on request, verified on another backend."""
    npz = tmp_path / "in.npz"
    np.savez(npz, numerator=np.array([[3, -1]]), denominator=np.array([4, 4]))
    out = tmp_path / "set"
    main(["golden", "divgroup", "--preset", "paper", "--input", str(npz), "--trace",
          "--formats", "bin,h", "--out", str(out)])
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".bin")[:2] == [
        "denominator.bin", "numerator.bin"]
    assert not list(out.glob("*.hex")) and not (out / "vectors.npz").exists()
    main(["verify", str(out), "--backend", "numba"])
    assert "OK" in capsys.readouterr().out
