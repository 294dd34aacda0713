"""Atomic outputs: a directory written through atomic_dir appears whole or not at all."""
import pytest

from fxsim.errors import FxError
from fxsim.files.atomic import atomic_dir, atomic_path


def test_atomic_dir_replaces_only_on_success(tmp_path):
    out = tmp_path / "set"
    with atomic_dir(out) as tmp:
        (tmp / "a.hex").write_text("01\n")
    assert (out / "a.hex").read_text() == "01\n"
    with pytest.raises(RuntimeError):
        with atomic_dir(out, force=True) as tmp:
            (tmp / "b.hex").write_text("02\n")
            raise RuntimeError("interrupted")
    assert sorted(p.name for p in out.iterdir()) == ["a.hex"]          # the old set, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set"]       # no temporary left
    with atomic_dir(out, force=True) as tmp:
        (tmp / "b.hex").write_text("02\n")
    assert sorted(p.name for p in out.iterdir()) == ["b.hex"]


def test_atomic_dir_refuses_an_existing_dir_or_a_missing_parent(tmp_path):
    (tmp_path / "set").mkdir()
    with pytest.raises(FxError, match="exists; pass --force"):
        with atomic_dir(tmp_path / "set"):
            pass
    with pytest.raises(FxError, match="output directory does not exist"):
        with atomic_dir(tmp_path / "missing" / "set"):
            pass


def test_atomic_path_leaves_the_old_file_on_failure(tmp_path):
    out = tmp_path / "trace.npz"
    out.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(out) as tmp:
            tmp.write_text("half")
            raise RuntimeError("interrupted")
    assert out.read_text() == "old" and sorted(tmp_path.iterdir()) == [out]
