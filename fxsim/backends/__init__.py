"""Backend registry: ``numpy`` (the definition, fxsim.backends.reference), ``c`` (C99 via
Cython, fxsim.backends.c), ``numba`` (fxsim.backends.numba).

Every backend module satisfies :class:`Backend`: the REQUIRED functions, with the signatures
of the numpy definition, and ``FUSED``, the set of optional fused operator kernels it
implements (FUSED_KERNELS); the operators ask :func:`supports` instead of probing attributes.
Kernels take plans (fxsim.backends.abi) and arrays and return arrays and counts. An unknown
or unavailable backend is an error that says why; there is never a silent fallback.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Protocol, runtime_checkable

import numpy as np

from ..errors import BackendUnavailable, FxError
from ..formats import Format, Rounding
from .abi import (DivGroupPlan, PolarNormPlan, PopulationPlan, PopulationRun, PwlExpPlan)

BACKENDS = ("numpy", "c", "numba")
_MODULES = {"numpy": ".reference", "c": ".c", "numba": ".numba"}
#: the functions every backend defines
REQUIRED = ("quantize", "requantize", "shift_right", "overflow", "simulate", "pwl_exp",
            "divgroup", "polarnorm")
#: the optional fused kernels (csrc/fx_ops.c and the others; requantize_seen: requantize into
#: an optional out array that also returns the input's extremes); a backend lists its own in FUSED
FUSED_KERNELS = frozenset({"softmax_rows", "softmax_float_rows", "activation", "norm_rows",
                           "chain", "mbe_op", "mbe_op_floats", "fs_op", "fs_op_floats",
                           "mbe_softmax_rows", "mbe_norm_rows", "fs_softmax_rows",
                           "requantize_seen", "activation_floats", "norm_float_rows",
                           "mbe_softmax_float_rows", "mbe_norm_float_rows"})
_loaded: dict[str, ModuleType] = {}
_reasons: dict[str, str] = {}
#: the backends whose kernels take a thread count (module attribute THREADS)
_THREADED = ("c", "numba")
#: the active threads() blocks, outermost first: (n, the settings to restore on leaving)
_blocks: list[tuple[int, dict[str, tuple[int, int | None]]]] = []


@runtime_checkable
class Backend(Protocol):
    """What a backend module provides (signatures of fxsim.backends.reference)."""

    NAME: str
    FUSED: frozenset[str]

    def quantize(self, x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]: ...

    def requantize(self, raw: np.ndarray, frac_in: int,
                   fmt: Format) -> tuple[np.ndarray, int]: ...

    def shift_right(self, x: np.ndarray, k: int, rounding: Rounding) -> np.ndarray: ...

    def overflow(self, x: np.ndarray, fmt: Format) -> tuple[np.ndarray, int]: ...

    def simulate(self, plan: PopulationPlan, inputs: np.ndarray | None,
                 record: tuple[str, ...], threads: int | None = None,
                 out=None) -> PopulationRun: ...

    def pwl_exp(self, x: np.ndarray, plan: PwlExpPlan): ...

    def divgroup(self, a: np.ndarray, b: np.ndarray, plan: DivGroupPlan, trace: bool): ...

    def polarnorm(self, x: np.ndarray, plan: PolarNormPlan, trace: bool = False): ...


def env_threads(default: int = 1) -> int:
    """FXSIM_THREADS (a positive integer), or ``default`` when unset or empty."""
    text = os.environ.get("FXSIM_THREADS", "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise FxError(f"FXSIM_THREADS must be a positive integer, got {text!r}")
    return int(text)


def get_backend(name: str) -> Backend:
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
    if name in _THREADED:
        for n, saved in _blocks:          # loaded inside threads() blocks: each one applies
            _set_threads(name, n, saved)
    return module


def supports(backend: str, kernel: str) -> bool:
    """Whether ``backend`` implements the fused kernel ``kernel`` (one of FUSED_KERNELS)."""
    if kernel not in FUSED_KERNELS:
        raise FxError(f"unknown fused kernel {kernel!r}; expected one of "
                      f"{', '.join(sorted(FUSED_KERNELS))}")
    return kernel in get_backend(backend).FUSED


def fused(backend: str, kernel: str) -> Callable | None:
    """The backend's fused kernel ``kernel``, or None where it has none."""
    return getattr(get_backend(backend), kernel) if supports(backend, kernel) else None


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


def _set_threads(name: str, n: int, saved: dict[str, tuple[int, int | None]]) -> None:
    """Give the loaded backend ``name`` n threads (numba: also numba's own setting), keeping
    its settings in ``saved`` to restore."""
    module = _loaded[name]
    numba = module.numba if name == "numba" else None
    saved[name] = (module.THREADS, numba.get_num_threads() if numba else None)
    module.THREADS = n
    if numba:
        numba.set_num_threads(min(n, numba.config.NUMBA_NUM_THREADS))


def _restore_threads(saved: dict[str, tuple[int, int | None]]) -> None:
    for name, (value, numba_threads) in saved.items():
        _loaded[name].THREADS = value
        if numba_threads is not None:
            _loaded[name].numba.set_num_threads(numba_threads)


@contextmanager
def threads(n: int) -> Iterator[None]:
    """Inside the block, the c and numba backends run their kernels on ``n >= 1`` threads,
    also one first loaded inside it (numba is not imported here: importing it is slow);
    outside it: ``FXSIM_THREADS``, default 1, and numba's own setting. Results never depend
    on the thread count. Not for concurrent use from several Python threads."""
    if n < 1:
        raise FxError(f"threads must be >= 1, got {n}")
    try:
        get_backend("c")                  # cheap to load, so that it is set here
    except BackendUnavailable:
        pass
    saved: dict[str, tuple[int, int | None]] = {}
    for name in _THREADED:
        if name in _loaded:
            _set_threads(name, n, saved)
    _blocks.append((n, saved))
    try:
        yield
    finally:
        _blocks.pop()
        _restore_threads(saved)
