"""The user cache directory and content keys for what is cached in it (models, RTL builds,
synthesis results)."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path


def cache_dir() -> Path:
    """The user cache directory: $FXSIM_CACHE, else $XDG_CACHE_HOME/fxsim, else ~/.cache/fxsim."""
    if os.environ.get("FXSIM_CACHE"):
        return Path(os.environ["FXSIM_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fxsim"


def content_key(files: Iterable[Path], *extra: object) -> str:
    """A sha256 (hex, 24 digits) over the names and bytes of ``files`` and the text of ``extra``
    (parameters, tool versions): equal keys mean the same inputs."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for item in extra:
        digest.update(repr(item).encode() + b"\0")
    return digest.hexdigest()[:24]
