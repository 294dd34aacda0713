"""TOML in and out: one reader (tomllib) and one writer (tomli-w) for every fxsim config.

Which tables and keys a document may hold is the caller's check; :func:`check_keys` gives it
one message naming the unknown key.
"""
from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import tomli_w

from ..errors import FxError


def read_toml(path_or_text: str | Path, what: str = "config") -> dict:
    """Parse TOML from a file (a ``Path``, or a ``str`` without ``=`` or a newline) or from
    TOML text (a ``str`` holding ``=`` or a newline). A missing, unreadable or malformed
    file is one FxError naming ``what`` and the file."""
    if isinstance(path_or_text, str) and ("\n" in path_or_text or "=" in path_or_text):
        try:
            return tomllib.loads(path_or_text)
        except tomllib.TOMLDecodeError as exc:
            raise FxError(f"malformed {what} TOML: {exc}") from None
    path = Path(path_or_text)
    if not path.is_file():
        raise FxError(f"{what} file not found: {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FxError(f"cannot read {what} file {path}: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FxError(f"malformed {what} file {path}: {exc}") from None


def check_keys(table: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    """FxError naming every key of ``table`` not in ``allowed`` (``where``: e.g. "[population]")."""
    allowed = list(allowed)
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise FxError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} "
                      f"{', '.join(map(repr, unknown))}; expected {', '.join(allowed)}")


def _check_finite(value: Any, where: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise FxError(f"cannot write non-finite float {value!r} ({where}) to TOML")
    if isinstance(value, Mapping):
        for key, sub in value.items():
            _check_finite(sub, key)
    elif isinstance(value, (list, tuple)):
        for sub in value:
            _check_finite(sub, where)


def write_toml(doc: Mapping[str, Any]) -> str:
    """TOML text of ``doc`` (tables of str / int / float / bool / lists; floats in their
    shortest round-tripping form, e.g. ``1e-05``); ``read_toml`` gives ``doc`` back exactly.
    A non-finite float or an unsupported type is an FxError."""
    _check_finite(doc, "document")
    try:
        return tomli_w.dumps(doc)
    except TypeError as exc:
        raise FxError(f"cannot write to TOML: {exc}") from None
