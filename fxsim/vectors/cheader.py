"""C headers: include guard, stdint types sized to the width, `static const` arrays with
NAME_LEN, NAME_WIDTH and NAME_FRAC_BITS defines (a set can share one header)."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..errors import FxError
from ..formats import Format
from ..files.atomic import atomic_path
from .arrays import VectorArray
from .npzfile import smallest_dtype

_ARRAY = re.compile(r"static const (u?)int(\d+)_t (\w+)\[(\d+)\] = \{(.*?)\};", re.S)
_DEFINE = re.compile(r"#define (\w+) (-?\d+)")
#: the two literals :func:`_literal` writes for a minimum that is no negated literal
_MIN_LITERALS = {"INT64_MIN": -(1 << 63), "(-2147483647 - 1)": -(1 << 31)}


def c_type(fmt: Format) -> str:
    return f"{'' if fmt.signed else 'u'}int{smallest_dtype(fmt.signed, fmt.width).itemsize * 8}_t"


def _literal(value: int, ctype: str) -> str:
    # INT64_MIN and INT32_MIN cannot be written as a negated literal of their own type
    if ctype == "int64_t" and value == -(1 << 63):
        return "INT64_MIN"
    if ctype == "int32_t" and value == -(1 << 31):
        return "(-2147483647 - 1)"
    return str(value) + ("u" if ctype.startswith("u") and value > 0x7FFFFFFF else "")


def define_text(value: int | list | tuple | str) -> str:
    """A #define body: an integer, or a brace initializer for a list of integers."""
    if isinstance(value, (list, tuple)):
        return "{" + ", ".join(map(str, value)) + "}"
    return str(value)


def write_header(path: str | Path, guard: str, arrays: list[VectorArray],
                 format_version: str, defines: dict | None = None) -> None:
    """One header holding every array of a set (row-major, the manifest's axis order), plus
    ``defines`` (e.g. the kernel configuration a C test bench needs: integers or lists of
    integers) as #define lines."""
    guard = re.sub(r"\W", "_", guard).upper()
    lines = [f"/* fxsim golden vectors, format_version {format_version}. Generated: do not edit. */",
             f"#ifndef {guard}", f"#define {guard}", "", "#include <stdint.h>", ""]
    lines += [f"#define {name} {define_text(value)}" for name, value in (defines or {}).items()]
    lines += [""] if defines else []
    for a in arrays:
        ctype, upper = c_type(a.fmt), a.name.upper()
        lines += [f"/* {a.name}: {a.fmt}, shape {list(a.raw.shape)}, axes {list(a.axes)} */",
                  f"#define {upper}_LEN {a.raw.size}", f"#define {upper}_WIDTH {a.fmt.width}",
                  f"#define {upper}_FRAC_BITS {a.fmt.frac}",
                  f"#define {upper}_SIGNED {int(a.fmt.signed)}"]
        lines += [f"#define {upper}_DIM{k} {size}" for k, size in enumerate(a.raw.shape)]
        values = [_literal(int(v), ctype) for v in a.raw.reshape(-1)]
        rows = [", ".join(values[i:i + 12]) for i in range(0, len(values), 12)] or ["0"]
        lines += [f"static const {ctype} {a.name}[{max(a.raw.size, 1)}] = {{",
                  *[f"    {row}," for row in rows], "};", ""]
    lines.append(f"#endif /* {guard} */")
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n")


def _value(token: str) -> int:
    """One initializer token as written by :func:`_literal`."""
    if token in _MIN_LITERALS:
        return _MIN_LITERALS[token]
    return int(token.removesuffix("u"))


def read_header(path: str | Path) -> dict[str, tuple[np.ndarray, dict[str, int]]]:
    """name -> (flat int64 values, {LEN, WIDTH, FRAC_BITS, SIGNED}) from a written header;
    anything else (unreadable, a token that is no integer, a length mismatch) is an FxError."""
    try:
        text = Path(path).read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise FxError(f"cannot read {path}: {exc}") from None
    defines = {k: int(v) for k, v in _DEFINE.findall(text)}
    out = {}
    for unsigned, bits, name, length, body in _ARRAY.findall(text):
        tokens = [t.strip() for t in body.replace("\n", " ").split(",") if t.strip()]
        try:
            values = np.array([_value(t) for t in tokens], dtype=np.int64)
        except (ValueError, OverflowError):
            raise FxError(f"{path}: {name} holds a value that is not a 64-bit integer") from None
        meta = {key: defines.get(f"{name.upper()}_{key}") for key in
                ("LEN", "WIDTH", "FRAC_BITS", "SIGNED")}
        if meta["LEN"] is None or (meta["LEN"] and len(values) != meta["LEN"]):
            raise FxError(f"{path}: {name} has {len(values)} values, its _LEN says {meta['LEN']}")
        out[name] = (values[:meta["LEN"]], meta)
    return out
