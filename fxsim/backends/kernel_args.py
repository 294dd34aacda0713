"""Deprecated alias of fxsim.backends.abi; removed in 0.3. config(pop) is
pop.plan().scalars(); format_tuple(fmt) is FormatArgs.of(fmt).as_tuple()."""
from .abi import *  # noqa: F401,F403
from .abi import FormatArgs


def format_tuple(fmt) -> tuple[int, int, int, int]:
    return FormatArgs.of(fmt).as_tuple()


def config(pop) -> dict:
    return pop.plan().scalars()
