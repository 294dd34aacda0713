"""What a sweep point costs: state bits (every stored format and ``*_width`` field), table
bits (every integer table at the width its entries need) and operations per element; with
``--cost rtl`` also the gate counts of the operator's reference RTL (:mod:`fxsim.hw.cost`)."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ...hw.cost import COST_COLUMNS as RTL_COLUMNS
from ...hw.cost import rtl_cost, units_of_op
from .grid import format_of

#: ``stats`` totals that count operations (spikes are counted apart)
OP_KEYS = ("adds", "compares", "shifts", "lut_reads", "multiplies", "merges")
COST_COLUMNS = ("state_bits", "table_bits", "total_bits", "spikes_per_elem", "ops_per_elem",
                "overflow")
#: --cost: the column that measures a point's size (pareto.csv, summary.md, pareto.png) and
#: the extra columns it adds
SIZE_COLUMN = {"bits": "total_bits", "rtl": "rtl_cells"}
EXTRA_COLUMNS = {"bits": (), "rtl": RTL_COLUMNS}


def state_bits(config) -> int:
    """Sum of the widths of every stored format and every ``*_width`` field of the config."""
    total = 0
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if dataclasses.is_dataclass(value):
            total += state_bits(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            total += value if f.name.endswith("_width") else 0
        elif format_of(value) is not None:
            total += format_of(value).width
    return total


def int_bits(lo: int, hi: int) -> int:
    """Bits holding every integer of [lo, hi]: two's complement if lo < 0, else unsigned."""
    if lo < 0:
        return max(hi.bit_length(), (-lo - 1).bit_length()) + 1
    return max(hi.bit_length(), 1)


def table_bits(constants) -> int:
    """Bits of every integer table (list of ints) in an operator's recorded constants, each
    entry at the two's complement / unsigned width its values need."""
    if isinstance(constants, Mapping):
        return sum(table_bits(v) for v in constants.values())
    if isinstance(constants, (list, tuple)) and constants:
        if all(isinstance(v, int) and not isinstance(v, bool) for v in constants):
            return len(constants) * int_bits(min(constants), max(constants))
        return sum(table_bits(v) for v in constants)
    return 0


def rtl_usage(op: str, config, d: int) -> dict[str, int]:
    """rtl_cells, rtl_ffs, rtl_rom_bits: Yosys' counts of the RTL units ``op`` composes at
    ``config`` (rows of ``d``), cached by source and parameters."""
    return rtl_cost(units_of_op(op, config, d), op).totals()


def usage(stats: Mapping[str, int], elements: int) -> dict:
    """spikes_per_elem, ops_per_elem (the ``OP_KEYS`` totals) and overflow of an op's stats."""
    return {"spikes_per_elem": stats.get("spikes", 0) / elements,
            "ops_per_elem": sum(stats.get(k, 0) for k in OP_KEYS) / elements,
            "overflow": int(stats.get("overflow", 0))}
