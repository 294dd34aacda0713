"""$readmemh / $readmemb text: a `//` header, then one W-bit word per line, zero-padded
lower-case hex (.hex, ceil(W/4) digits) or binary (.bin, W digits)."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..errors import FxError
from ..files.atomic import atomic_path
from .arrays import VectorArray, from_words, word_format

_HEADER = re.compile(r"^//\s*(\w+):\s*(.*)$")


def hex_digits(width: int) -> int:
    return (width + 3) // 4


def write_hex(path: str | Path, array: VectorArray, format_version: str, radix: int = 16) -> None:
    """Write ``array`` for $readmemh (radix 16) or $readmemb (radix 2), row-major order (the
    manifest's axis order)."""
    f = array.fmt
    header = [f"// format_version: {format_version}", f"// name: {array.name}",
              f"// signed: {int(f.signed)}", f"// width: {f.width}", f"// frac_bits: {f.frac}",
              f"// shape: {','.join(map(str, array.raw.shape))}",
              f"// axes: {','.join(array.axes)}", f"// count: {array.raw.size}"]
    spec = f"0{hex_digits(f.width)}x" if radix == 16 else f"0{f.width}b"
    body = [format(int(w), spec) for w in array.words]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(header + body) + "\n")


def write_bin(path: str | Path, array: VectorArray, format_version: str) -> None:
    """Write ``array`` for $readmemb: W binary digits per word."""
    write_hex(path, array, format_version, radix=2)


def read_bin(path: str | Path) -> VectorArray:
    """Read a file written by :func:`write_bin`."""
    return read_hex(path, radix=2)


def read_hex(path: str | Path, radix: int = 16) -> VectorArray:
    """Read a file written by :func:`write_hex` (radix 16) or :func:`write_bin` (radix 2); any
    inconsistency is an FxError."""
    p = Path(path)
    digits, kind = ("0-9a-f", "lower-case hex") if radix == 16 else ("01", "binary")
    try:
        lines = p.read_text().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FxError(f"cannot read {p}: {exc}") from None
    meta, words = {}, []
    for number, line in enumerate(lines, 1):
        m = _HEADER.match(line)
        if m:
            meta[m.group(1)] = m.group(2).strip()
        elif line.strip():
            if not re.fullmatch(f"[{digits}]+", line.strip()):
                raise FxError(f"{p}:{number}: not a {kind} word: {line.strip()!r}")
            words.append(int(line, radix))
    try:
        fmt = word_format(bool(int(meta["signed"])), int(meta["width"]), int(meta["frac_bits"]))
        shape = tuple(int(s) for s in meta["shape"].split(",") if s)
        axes = tuple(a for a in meta["axes"].split(",") if a)
        count = int(meta["count"])
    except (KeyError, ValueError) as exc:
        raise FxError(f"{p}: malformed header ({exc})") from None
    if len(axes) != len(shape):
        raise FxError(f"{p}: header gives {len(shape)} dimensions but {len(axes)} axis names")
    if len(words) != count or int(np.prod(shape, dtype=np.int64)) != count:
        raise FxError(f"{p}: header says {count} words of shape {shape}, file has {len(words)}")
    if words and max(words) >= 1 << fmt.width:
        raise FxError(f"{p}: a word is out of range for width {fmt.width}")
    raw = from_words(np.array(words, dtype=np.int64), fmt).reshape(shape)
    return VectorArray(meta.get("name", p.stem), raw, fmt, axes)
