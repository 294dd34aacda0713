"""Raw input arrays a user hands to ``fxsim run`` / ``golden`` / ``sweep`` (.npy or .npz).

Only numeric arrays are read: bool, signed / unsigned integers and real floats. Strings,
objects (never unpickled), complex, structured and datetime arrays, files whose header
promises more bytes than they hold, and corrupt files are each one FxError line.
"""
from __future__ import annotations

import struct
import tokenize
import zipfile
import zlib
from pathlib import Path

import numpy as np

from ..errors import FxError

#: dtype kinds an input may have: bool, int, uint, float
NUMERIC_KINDS = "biuf"


def _check_dtype(dtype: np.dtype, where: str) -> None:
    if dtype.kind not in NUMERIC_KINDS or dtype.fields is not None:
        raise FxError(f"{where}: dtype {dtype} is not numeric; give bool, integer or float "
                      "values")


def _read_npy(fh, size: int, where: str) -> np.ndarray:
    """One .npy stream of ``size`` bytes: header checked (dtype, promised bytes) first."""
    try:
        version = np.lib.format.read_magic(fh)
        header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                  else np.lib.format.read_array_header_2_0)
        shape, fortran, dtype = header(fh, max_header_size=10_000)
    except (ValueError, OSError, SyntaxError, TypeError, tokenize.TokenError) as exc:
        raise FxError(f"cannot read {where} as .npy: {exc}") from None
    _check_dtype(dtype, where)
    need = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if need > size - fh.tell():
        raise FxError(f"{where}: header promises shape {tuple(shape)} ({need} bytes), the file "
                      f"holds {size - fh.tell()}")
    try:
        data = np.frombuffer(fh.read(need), dtype=dtype)
        return data.reshape(shape, order="F" if fortran else "C").copy(order="C")
    except ValueError as exc:
        raise FxError(f"cannot read {where} as .npy: {exc}") from None


def load_array(path: str | Path) -> np.ndarray:
    """The numeric array of a .npy file; every problem is one FxError line."""
    p = _existing(path)
    with open(p, "rb") as fh:
        return _read_npy(fh, p.stat().st_size, str(p))


#: what a damaged zip archive raises while it is listed or read
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
               NotImplementedError, RuntimeError, zlib.error, struct.error)


def load_npz(path: str | Path) -> dict[str, np.ndarray]:
    """Every array of an .npz file by name (each member's .npy header checked first)."""
    p = _existing(path)
    try:
        with zipfile.ZipFile(p) as archive:
            out = {}
            for info in archive.infolist():
                name = info.filename.removesuffix(".npy")
                with archive.open(info) as fh:
                    out[name] = _read_npy(fh, info.file_size, f"{p}[{name}]")
            return out
    except FxError:
        raise
    except _ZIP_ERRORS as exc:
        raise FxError(f"cannot read {p} as .npz: {exc}") from None


def load_arrays(path: str | Path) -> dict[str, np.ndarray]:
    """Arrays by name: every array of an .npz, or ``{"input": array}`` of a .npy."""
    p = _existing(path)
    return load_npz(p) if zipfile.is_zipfile(p) else {"input": load_array(p)}


def float_input(path: str | Path, what: str = "input") -> np.ndarray:
    """A non-empty, finite float64 array from a .npy file (an operator's float inputs)."""
    x = load_array(path)
    if x.size == 0:
        raise FxError(f"{what} {path} is empty")
    x = x.astype(np.float64)
    if not np.isfinite(x).all():
        raise FxError(f"{what} {path} holds NaN or infinite values")
    return x


def _existing(path: str | Path) -> Path:
    p = Path(path)
    if not p.is_file():
        raise FxError(f"input file not found: {p}")
    return p
