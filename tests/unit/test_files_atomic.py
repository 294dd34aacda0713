"""Atomic outputs: a directory written through atomic_dir appears whole or not at all; files
written through atomic_paths appear together or not at all."""
import os
import signal
import time
from pathlib import Path

import pytest

from fxsim.errors import FxError
from fxsim.files.atomic import atomic_dir, atomic_path, atomic_paths


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


def test_atomic_paths_renames_nothing_unless_every_file_is_written(tmp_path):
    cfg, side = tmp_path / "cal.toml", tmp_path / "cal.npz"
    with pytest.raises(KeyboardInterrupt):
        with atomic_paths(side, cfg) as (side_tmp, cfg_tmp):
            side_tmp.write_text("histograms")
            raise KeyboardInterrupt                # Ctrl-C while the second is written
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    with atomic_paths(side, cfg) as (side_tmp, cfg_tmp):
        side_tmp.write_text("new histograms")
        cfg_tmp.write_text("new config")
    assert (side.read_text(), cfg.read_text()) == ("new histograms", "new config")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.npz", "cal.toml"]


def test_atomic_paths_holds_a_ctrl_c_back_until_the_pair_is_renamed(tmp_path, monkeypatch):
    """A SIGINT that arrives between the two renames takes effect after the second."""
    real_replace, calls = os.replace, []

    def replace_then_interrupt(src, dst):
        real_replace(src, dst)
        calls.append(Path(dst).name)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)                       # the handler runs here, between renames

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        with atomic_paths(tmp_path / "a.npz", tmp_path / "a.toml") as tmps:
            for tmp in tmps:
                tmp.write_text("whole")
    assert calls == ["a.npz", "a.toml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.npz", "a.toml"]
