"""PNG plots of a sweep (matplotlib, the ``sweep`` extra): the metric against each swept field
and the Pareto front of metric against total bits. Every file is written atomically."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from ...errors import FxError
from ...files.atomic import atomic_path


def pyplot():
    """matplotlib.pyplot on the Agg backend; FxError naming the extra if it is missing."""
    try:
        import matplotlib
    except ImportError:
        raise FxError("sweep plots need matplotlib: pip install 'fxsim[sweep]' "
                      "(or pass --no-plots)") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def save_png(fig, path: Path) -> None:
    """Write ``fig`` as a PNG at ``path`` atomically."""
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=80, bbox_inches="tight")


def _positive(values) -> bool:
    return all(v > 0 for v in values)


def plot_field(records: Sequence[Mapping], field: str, metric: str, path: Path) -> None:
    """``metric`` of every point against ``field``, with the reference's metric and the best
    point at each value joined by a line."""
    plt = pyplot()
    ok = [r for r in records if r["status"] == "ok" and math.isfinite(r[metric])]
    labels = sorted({r[field] for r in ok}, key=lambda v: (isinstance(v, str), v))
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in labels)
    pos = {v: (v if numeric else i) for i, v in enumerate(labels)}
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    ax.scatter([pos[r[field]] for r in ok], [r[metric] for r in ok], s=12, alpha=0.5,
               label="every point")
    best = [min(r[metric] for r in ok if r[field] == v) for v in labels]
    ref = [min(r[f"ref_{metric}"] for r in ok if r[field] == v) for v in labels]
    ax.plot([pos[v] for v in labels], best, "o-", color="C1", label="best at this value")
    ax.plot([pos[v] for v in labels], ref, "k--", lw=1, label="float reference (same output grid)")
    if not numeric:
        ax.set_xticks(range(len(labels)), [str(v) for v in labels], rotation=30)
    if ok and _positive([r[metric] for r in ok] + ref):
        ax.set_yscale("log")
    ax.set_title(f"{metric} against {field}", fontsize=9)
    ax.set_xlabel(field)
    ax.set_ylabel(metric)
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    save_png(fig, path)
    plt.close(fig)


#: x-axis label of each size column
SIZE_LABELS = {"total_bits": "total bits (state + tables)",
               "rtl_cells": "RTL cells (Yosys generic synth)"}


def plot_pareto(records: Sequence[Mapping], front: Sequence[Mapping], metric: str,
                path: Path, preset: Mapping | None = None, size: str = "total_bits") -> None:
    """``metric`` against ``size`` (total bits or RTL cells) for every point: pareto.csv's
    points (non-dominated on metric, size, ops and spikes) as red rings, the metric-vs-size
    front as a staircase."""
    plt = pyplot()
    ok = [r for r in records if r["status"] == "ok" and math.isfinite(r[metric])]
    stairs, best = [], math.inf
    for r in sorted(ok, key=lambda r: (r[size], r[metric])):
        if r[metric] < best:
            stairs.append(r)
            best = r[metric]
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    ax.scatter([r[size] for r in ok], [r[metric] for r in ok], s=12, alpha=0.4,
               label="every point")
    ax.scatter([r[size] for r in front], [r[metric] for r in front], s=40,
               facecolors="none", edgecolors="C3", label="pareto.csv")
    ax.step([r[size] for r in stairs], [r[metric] for r in stairs], where="post",
            color="C3", label="front: metric vs size")
    if preset is not None:
        ax.scatter([preset[size]], [preset[metric]], marker="*", s=120, color="k",
                   label="base config (preset)", zorder=3)
    if ok and _positive([r[metric] for r in ok]):
        ax.set_yscale("log")
    ax.set_title(f"{metric} against {SIZE_LABELS[size].split(' (')[0]} (Pareto front)",
                 fontsize=9)
    ax.set_xlabel(SIZE_LABELS[size])
    ax.set_ylabel(metric)
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    save_png(fig, path)
    plt.close(fig)


def plot_sweep(records, axes, metric: str, out_dir: Path, front,
               preset: Mapping | None = None, size: str = "total_bits") -> list[Path]:
    """``<metric>_vs_<field>.png`` for each swept field and ``pareto.png`` (``preset``: the
    base config's metrics and cost, drawn as a star)."""
    paths = []
    for axis in axes:
        path = out_dir / f"{metric}_vs_{axis.path.replace('.', '_')}.png"
        plot_field(records, axis.path, metric, path)
        paths.append(path)
    plot_pareto(records, front, metric, out_dir / "pareto.png", preset, size)
    return paths + [out_dir / "pareto.png"]


def plot_deltas(records: Sequence[Mapping], labels: Sequence[str], path: Path) -> None:
    """Every ``<metric>.delta`` (fixed - float) of ``records`` (audited points) in order, one
    panel per metric, the x axis labelled by ``labels`` (one per record)."""
    names = list(dict.fromkeys(k for r in records for k in r if k.endswith(".delta")))
    if not names:
        return
    plt = pyplot()
    fig, axes = plt.subplots(len(names), 1, figsize=(max(6.5, 0.55 * len(records)),
                                                      1.9 * len(names) + 0.8),
                             sharex=True, squeeze=False)
    for ax, name in zip(axes[:, 0], names):
        ax.plot(range(len(records)), [r.get(name, float("nan")) for r in records], "o-", ms=4)
        ax.axhline(0.0, color="k", lw=0.8)
        ax.set_ylabel(name.removesuffix(".delta") + "\nfixed - float", fontsize=7)
        ax.grid(alpha=0.3)
    axes[0, 0].set_title("task metrics, fixed - float, per sweep point", fontsize=9)
    axes[-1, 0].set_xticks(range(len(records)), labels, fontsize=6, rotation=90)
    save_png(fig, path)
    plt.close(fig)
