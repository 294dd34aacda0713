"""One base for every fxsim config: a frozen dataclass whose fields declare their kind once.

A config subclasses :class:`Spec` under ``@dataclass(frozen=True)`` and declares each field:

- ``fmt_field(default)``: a fixed-point format. Accepts a Format, its text (``fixed<W,I,Q,O>``)
  or its ``Format.to_dict()`` mapping; stored as canonical text when annotated ``str``, as a
  Format when annotated ``Format``.
- ``ranged(lo, hi, default)``: an int (annotation ``int``) or a finite float (``float``) in
  ``lo..hi`` (``None``: unbounded; ``open_lo=True``: strictly above ``lo``).
- ``choice(options, default)``: one of a few strings.
- ``parsed(parse, default)``: any value ``parse`` canonicalises (e.g. ``parse_rounding``).
- a plain ``bool`` / ``str`` / ``int`` / ``float`` field: type-checked.

A field whose default is ``None`` may stay ``None`` (the subclass derives it in ``check``).
Every violation is one FxError line ``"<Class>.<field> must be <what>, got <value>"``.
:meth:`Spec.check` holds the rules between fields. Persistence: ``to_dict`` / ``from_dict``
(an unknown key is an error naming it) and ``to_toml`` / ``from_toml`` (one ``[TABLE]``).
"""
from __future__ import annotations

import dataclasses
import enum
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from .errors import FxError
from .files.toml import check_keys, read_toml, write_toml
from .formats import Format, as_format

#: keys of a Format.to_dict() mapping that define the Format (its "text" repeats them)
_FORMAT_KEYS = ("signed", "width", "frac", "rounding", "overflow")


def fmt_field(default: str | Format | None) -> Any:
    """A format field (stored as text or Format following its annotation)."""
    return dataclasses.field(default=default, metadata={"format": True})


def ranged(lo: float | None, hi: float | None, default: Any, *, open_lo: bool = False) -> Any:
    """An int or float field in ``lo..hi`` (bounds inclusive unless ``open_lo``)."""
    return dataclasses.field(default=default, metadata={"range": (lo, hi), "open_lo": open_lo})


def choice(options: Sequence[str], default: str) -> Any:
    """A text field holding one of ``options``."""
    return dataclasses.field(default=default, metadata={"choices": tuple(options)})


def parsed(parse: Callable[[Any], Any], default: Any) -> Any:
    """A field whose value ``parse`` canonicalises (FxError on a bad one)."""
    return dataclasses.field(default=default, metadata={"parse": parse})


def format_fields(cls: type) -> tuple[str, ...]:
    """Names of the format fields of a config class, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("format"))


class _FormatFieldsOf:
    """``cls.FORMAT_FIELDS``: the format fields, read from the declarations."""

    def __get__(self, obj: Any, cls: type) -> tuple[str, ...]:
        return format_fields(cls)


def _type_name(f: dataclasses.Field) -> str:
    name = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    return name.replace(" | None", "").replace("Optional[", "").rstrip("]")


def _range_text(kind: str, lo, hi, open_lo: bool) -> str:
    what = "an int" if kind == "int" else "a finite number"
    if kind == "int" and lo is not None and hi is not None:
        return f"{what} in {lo}..{hi}"
    bounds = []
    if lo is not None:
        bounds.append(f"{'>' if open_lo else '>='} {lo}")
    if hi is not None:
        bounds.append(f"<= {hi}")
    return f"{what} {' and '.join(bounds)}".rstrip()


def _as_format(value: Any, where: str) -> Format:
    """A Format from a Format, its text or its ``Format.to_dict()`` mapping."""
    if isinstance(value, Mapping):
        check_keys(value, _FORMAT_KEYS + ("text",), where)
        try:
            return Format(*(value[k] for k in _FORMAT_KEYS))
        except KeyError as exc:
            raise FxError(f"{where}: a format mapping needs {', '.join(_FORMAT_KEYS)}; "
                          f"missing {exc}") from None
    return as_format(value)


def _number(f: dataclasses.Field, kind: str, value: Any) -> int | float | None:
    """value as an int / finite float inside the declared range, else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if kind == "int":
        if not isinstance(value, numbers.Integral):
            return None
        value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            return None
    lo, hi = f.metadata.get("range", (None, None))
    low_ok = lo is None or (value > lo if f.metadata.get("open_lo") else value >= lo)
    return value if low_ok and (hi is None or value <= hi) else None


def _canonical(owner: str, f: dataclasses.Field, value: Any) -> Any:
    """The stored form of ``value`` for field ``f`` of class ``owner``; FxError if invalid."""
    kind, meta = _type_name(f), f.metadata
    if meta.get("format"):
        fmt = _as_format(value, f"{owner}.{f.name}")
        return fmt if kind == "Format" else str(fmt)
    if "parse" in meta:
        return meta["parse"](value)
    if "choices" in meta:
        if value in meta["choices"]:
            return value
        want = f"one of {', '.join(map(repr, meta['choices']))}"
    elif kind in ("int", "float"):
        number = _number(f, kind, value)
        if number is not None:
            return number
        want = _range_text(kind, *meta.get("range", (None, None)), meta.get("open_lo", False))
    elif kind in ("bool", "str"):
        if isinstance(value, bool if kind == "bool" else str):
            return value
        want = "a bool" if kind == "bool" else "a string"
    else:
        return value
    raise FxError(f"{owner}.{f.name} must be {want}, got {value!r}")


def _plain(value: Any) -> Any:
    """A field value as TOML / JSON / CSV text: Formats as text, enums by name."""
    if isinstance(value, Format):
        return str(value)
    return value.name if isinstance(value, enum.Enum) else value


class Spec:
    """Base of every config: canonical fields, declared ranges, dict and TOML round trips.

    Subclasses are ``@dataclass(frozen=True)``; update one with :meth:`replace`.
    """

    #: the TOML table of ``to_toml`` / ``from_toml``
    TABLE: ClassVar[str] = ""
    FORMAT_FIELDS = _FormatFieldsOf()

    def __post_init__(self) -> None:
        owner = type(self).__name__
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None and f.default is None:
                continue
            object.__setattr__(self, f.name, _canonical(owner, f, value))
        self.check()

    def check(self) -> None:
        """Rules between fields (FxError on a violation); none by default."""

    def _derive(self, name: str, value: Any) -> None:
        """Set a field derived in :meth:`check` (e.g. a default that depends on another)."""
        object.__setattr__(self, name, value)

    def fmt(self, name: str) -> Format:
        """The Format held by field ``name`` (stored as text or Format)."""
        return as_format(getattr(self, name))

    def replace(self, **changes: Any) -> Spec:
        """A copy with ``changes`` applied (validated again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """Every field in declaration order; formats as text, enums by name."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Spec:
        """The config of ``to_dict``'s mapping; an unknown key is an FxError naming it."""
        check_keys(data, [f.name for f in dataclasses.fields(cls)], cls.__name__)
        return cls(**data)

    def to_toml(self) -> str:
        """``[TABLE]`` followed by one ``key = value`` line per field."""
        return write_toml({self.TABLE: self.to_dict()})

    @classmethod
    def from_toml(cls, path_or_text: str | Path) -> Spec:
        """The config of a TOML file or text holding only the ``[TABLE]`` table."""
        doc = read_toml(path_or_text, "operator config")
        if cls.TABLE not in doc or not isinstance(doc[cls.TABLE], dict):
            raise FxError(f"operator config TOML needs a [{cls.TABLE}] table")
        check_keys(doc, [cls.TABLE], f"{cls.__name__} TOML")
        return cls.from_dict(doc[cls.TABLE])

    @classmethod
    def paper(cls) -> Spec:
        """The paper's settings (the defaults unless a subclass says otherwise)."""
        return cls()
