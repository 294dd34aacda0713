"""Backend registry: ``numpy`` (the definition), ``c`` (C99 via Cython), ``numba``.

Every backend module exposes the same functions: quantize, requantize, shift_right,
overflow, simulate. An unknown or unavailable backend is an error that says why; there is
never a silent fallback.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from ..errors import BackendUnavailable, FxError

BACKENDS = ("numpy", "c", "numba")
_MODULES = {"numpy": ".numpy_backend", "c": ".c_backend", "numba": ".numba_backend"}
_loaded: dict[str, ModuleType] = {}
_reasons: dict[str, str] = {}


def env_threads(default: int = 1) -> int:
    """FXSIM_THREADS (a positive integer), or ``default`` when unset or empty."""
    text = os.environ.get("FXSIM_THREADS", "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise FxError(f"FXSIM_THREADS must be a positive integer, got {text!r}")
    return int(text)


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


@contextmanager
def threads(n: int) -> Iterator[None]:
    """Inside the block, the c backend (loaded here if it is available) and the numba backend
    (if already loaded: importing numba is slow) run their kernels on ``n >= 1`` threads
    (outside it: ``FXSIM_THREADS``, default 1, and numba's own setting). Results never depend
    on the thread count. Not for concurrent use from several Python threads."""
    if n < 1:
        raise FxError(f"threads must be >= 1, got {n}")
    try:
        get_backend("c")
    except BackendUnavailable:
        pass
    saved = {name: _loaded[name].THREADS for name in ("c", "numba") if name in _loaded}
    numba = _loaded["numba"].numba if "numba" in _loaded else None
    numba_before = numba.get_num_threads() if numba else None
    for name in saved:
        _loaded[name].THREADS = n
    if numba:
        numba.set_num_threads(min(n, numba.config.NUMBA_NUM_THREADS))
    try:
        yield
    finally:
        for name, value in saved.items():
            _loaded[name].THREADS = value
        if numba:
            numba.set_num_threads(numba_before)
