"""Crash-safe output: every file (or directory) is written to a temporary sibling and renamed
into place, with the mode a plain ``open`` / ``mkdir`` would give it under the process umask
(files 0666 & ~umask, directories 0777 & ~umask; the temporaries start owner-only). Files that
belong together (a config and its sidecar) are all written whole before the first rename."""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..errors import FxError


def umask() -> int:
    """The process umask (read by setting it and restoring it at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def writable_dir(directory: str | Path) -> Path:
    """``directory`` after checking a file can be created in it (FxError, one line, if not:
    missing, not a directory, no permission, a read-only or pseudo file system)."""
    d = Path(directory)
    if not d.exists():
        raise FxError(f"output directory does not exist: {d}")
    if not d.is_dir():
        raise FxError(f"output location {d} is not a directory")
    try:
        fd, probe = tempfile.mkstemp(prefix=".fxsim-probe.", dir=d)
    except OSError as exc:
        raise FxError(f"cannot write to {d}: {_reason(exc)}") from None
    os.close(fd)
    os.unlink(probe)
    return d


def _publish(tmp: str | Path, target: Path, mode: int) -> None:
    """chmod ``tmp`` to ``mode`` and rename it over ``target``."""
    try:
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        raise FxError(f"cannot write {target}: {_reason(exc)}") from None


@contextmanager
def _temporary_file(target: Path) -> Iterator[Path]:
    """A new empty temporary file beside ``target``, removed on exit unless renamed."""
    writable_dir(target.parent)
    if target.is_dir():
        raise FxError(f"output {target} is a directory; name a file")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix or ".tmp",
                               dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success."""
    with _temporary_file(Path(path)) as tmp:
        yield tmp
        _publish(tmp, Path(path), 0o666 & ~umask())


@contextmanager
def sigint_deferred() -> Iterator[None]:
    """Inside the block a Ctrl-C (SIGINT) is held back; it takes effect (usually as
    KeyboardInterrupt) when the block ends. Outside the main thread: no effect."""
    held: list = []
    try:
        previous = signal.signal(signal.SIGINT, lambda *args: held.append(args))
    except ValueError:                                 # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held and callable(previous):
        previous(*held[0])


@contextmanager
def atomic_paths(*paths: str | Path) -> Iterator[list[Path]]:
    """Yield temporary paths beside ``paths`` (one each); when every one is written, rename
    them over ``paths`` in order, back to back and with Ctrl-C held back, so the last path
    (the one that names the others) appears only after them. On failure nothing is renamed."""
    targets = [Path(p) for p in paths]
    with ExitStack() as stack:
        tmps = [stack.enter_context(_temporary_file(t)) for t in targets]
        yield tmps
        mode = 0o666 & ~umask()
        with sigint_deferred():
            for tmp, target in zip(tmps, targets):
                _publish(tmp, target, mode)


@contextmanager
def atomic_dir(path: str | Path, force: bool = False) -> Iterator[Path]:
    """Yield a new temporary directory beside ``path``; on success it replaces ``path`` (an
    existing ``path`` only with ``force``), on failure it is removed and ``path`` is untouched."""
    target = Path(path)
    if target.exists() and not force:
        raise FxError(f"{target} exists; pass --force to replace it")
    if target.exists() and not target.is_dir():
        raise FxError(f"output {target} exists and is not a directory")
    writable_dir(target.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield tmp
        if target.exists():
            shutil.rmtree(target)
        _publish(tmp, target, 0o777 & ~umask())
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
