"""Backend registry: ``numpy`` (the definition), ``c`` (C99 via Cython), ``numba``.

Every backend module exposes the same functions: quantize, requantize, shift_right,
overflow, simulate. An unknown or unavailable backend is an error that says why; there is
never a silent fallback.
"""
from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import BackendUnavailable, FxError

BACKENDS = ("numpy", "c", "numba")
_MODULES = {"numpy": ".numpy_backend", "c": ".c_backend", "numba": ".numba_backend"}
_loaded: dict[str, ModuleType] = {}
_reasons: dict[str, str] = {}


def get_backend(name: str) -> ModuleType:
    """The backend module called ``name``, or BackendUnavailable naming the reason."""
    if name not in BACKENDS:
        raise FxError(f"unknown backend {name!r}; expected one of {', '.join(BACKENDS)}")
    if name in _loaded:
        return _loaded[name]
    if name in _reasons:
        raise BackendUnavailable(f"backend {name!r} is unavailable: {_reasons[name]}")
    try:
        module = importlib.import_module(_MODULES[name], __name__)
    except ImportError as exc:
        _reasons[name] = str(exc)
        raise BackendUnavailable(f"backend {name!r} is unavailable: {exc}") from None
    _loaded[name] = module
    return module


def available() -> dict[str, str]:
    """Backend name -> "ok" or the reason it cannot run here."""
    status = {}
    for name in BACKENDS:
        try:
            get_backend(name)
            status[name] = "ok"
        except BackendUnavailable:
            status[name] = _reasons[name]
    return status
