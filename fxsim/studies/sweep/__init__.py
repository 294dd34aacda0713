"""Sweeps of operator config fields: grid (specs, axes, points), run (the sweep, pool, Dask,
resume), cost (state and table bits), mbe_fs (kernel tables of mbe and fs), report (CSV,
Pareto front, summary), plot (PNGs) and audit (sweeps of the model audit)."""
from ...floatref.metrics import METRICS, metric_values
from ...floatref.workloads import P2_DOMAINS, P2_SAMPLES, load_workload
from .audit import audit_sweep
from .cost import COST_COLUMNS, OP_KEYS, state_bits, table_bits
from .grid import (FORMAT_PARTS, MAX_POINTS, Axis, apply_point, coerce, field_kind, make_axes,
                   parse_grid)
from .mbe_fs import kernel_table_bits
from .plot import plot_deltas, plot_sweep
from .report import RUN_COLUMNS, columns, criteria, pareto, smallest_within
from .run import Task, base_config, connect_dask, evaluate, run_task, sweep

__all__ = ["COST_COLUMNS", "FORMAT_PARTS", "MAX_POINTS", "METRICS", "OP_KEYS", "P2_DOMAINS",
           "P2_SAMPLES", "RUN_COLUMNS", "Axis", "Task", "apply_point", "audit_sweep",
           "base_config", "coerce", "columns", "connect_dask", "criteria", "evaluate",
           "field_kind", "kernel_table_bits", "load_workload", "make_axes", "metric_values",
           "pareto", "parse_grid", "plot_deltas", "plot_sweep", "run_task", "smallest_within",
           "state_bits", "sweep", "table_bits"]
