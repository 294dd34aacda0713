"""Write an audit result: report.md, report.html (self-contained, PNGs embedded as base64),
the PNG plots (per-layer error bars, error histograms, observed range vs format range) and
metrics.json, all into a temporary sibling directory renamed into place at the end."""
from __future__ import annotations

import base64
import html
import json
import math
from pathlib import Path

import numpy as np

from ..errors import FxError
from ..files.atomic import atomic_dir
from ..formats import as_format

PLOTS = ("layer_errors.png", "error_histograms.png", "ranges.png")


def _fmt(value, digits: int = 4) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return f"{value:.{digits}g}"
    return str(value)


def metric_rows(result: dict) -> list[list[str]]:
    """Task metric table: metric, value per mode, fixed - float, proxy - float."""
    modes = result["modes"]
    rows = []
    for name, values in result["task_metrics"].items():
        row = [name] + [_fmt(values.get(m)) for m in modes]
        row.append(_delta(values, "fixed"))
        if "proxy" in modes:
            row.append(_delta(values, "proxy"))
        rows.append(row)
    return rows


def _delta(values: dict, mode: str) -> str:
    """``mode`` - float, blank when either is missing or null."""
    a, f = values.get(mode), values.get("float")
    return "" if a is None or f is None else _fmt(a - f)


def metric_header(result: dict) -> list[str]:
    modes = result["modes"]
    head = ["metric"] + modes + ["fixed - float"]
    return head + (["proxy - float"] if "proxy" in modes else [])


def layer_header() -> list[str]:
    return ["key", "max abs", "mean abs", "rel L2", "cosine", "float range", "op input range",
            "format range", "overflows", "local rel L2", "spikes / adds per element", "config"]


def layer_rows(result: dict) -> list[list[str]]:
    rows = []
    for r in result["layers"]:
        st = result["op_stats"].get(r["key"])
        in_range = fmt_range = config = cost = ""
        if st:
            config = _config_cell(st, r["key"])
            if st.get("spikes_per_element") is not None:
                cost = f"{st['spikes_per_element']:.2f} / {st['adds_per_element']:.2f}"
            lo, hi = st["input_min"].get("float"), st["input_max"].get("float")
            in_range = f"[{_fmt(lo, 3)}, {_fmt(hi, 3)}]" if lo is not None else ""
            fmt_range = st["input_format"] or ""
        rows.append([r["key"], _fmt(r["max_abs"], 3), _fmt(r["mean_abs"], 3), _fmt(r["rel_l2"], 3),
                     _fmt(r["cosine"], 6), f"[{_fmt(r['float_min'], 3)}, {_fmt(r['float_max'], 3)}]",
                     in_range, fmt_range, _fmt(r["overflow"]), _fmt(r["local_rel_l2"], 3),
                     cost, config])
    return rows


def _config_cell(st: dict, key: str) -> str:
    """Where the module's config came from ("op" or its rule's pattern) and its MBE fit (a
    per-module fit FILE#KEY, as calibrate writes them, shown as FILE's name)."""
    fit, where = st.get("fit"), st.get("config_from", "")
    if not fit:
        return where
    path, sep, name = fit.rpartition("#")
    if sep:
        fit = Path(path).name + ("" if name == key else f"#{name}")
    return f"{where}, fit {fit}"


def _md_table(head, rows) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _html_table(head, rows) -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><tr>{cells}</tr>{body}</table>"


def summary_lines(result: dict) -> list[str]:
    conv = result["conversion"]
    counts: dict[str, int] = {}
    for r in conv["replacements"]:
        counts[r["op"]] = counts.get(r["op"], 0) + 1
    div = result["diverge_at"]
    first = div["first"] or f"none (every traced output stays below {div['threshold']})"
    lines = [f"model {result['model']}, method {result['method']}, backend {result['backend']}; "
             f"replaced: " + ", ".join(f"{k} x{v}" for k, v in counts.items()),
             "texts per job: " + ", ".join(f"{k} {v}" for k, v in result["jobs"].items()),
             "forward seconds per mode: " + ", ".join(f"{k} {v}" for k, v in
                                                        result["seconds"].items())
             + (f" (threads: torch {result['threads']['torch']}, fxsim kernels "
                f"{result['threads']['fxsim']})" if "threads" in result else ""),
             f"first traced output with relative L2 error > {div['threshold']}: {first}"]
    notes = [r["note"] for r in conv["replacements"] if r.get("note")]
    if notes:
        lines.append("format adjustments: " + "; ".join(sorted(set(notes))))
    if result.get("cache"):
        lines.append(result["cache"])
    return lines + left_float_lines(result) + [f"note: {n}" for n in result.get("notes", [])]


def left_float_lines(result: dict) -> list[str]:
    """One line per kind of nonlinear module left float, with its reason and count."""
    groups: dict[tuple, list[str]] = {}
    for r in result.get("left_float", []):
        groups.setdefault((r["class"], r["reason"]), []).append(r["name"])
    return [f"left float: {cls} x{len(names)} ({reason}; e.g. {names[0]})"
            for (cls, reason), names in groups.items()]


EXPLAIN = ("Modes: float = the model's own functions; proxy = float with the function the fxsim "
           "operator approximates (e.g. tanh GELU standing in for erf GELU), run only when that "
           "differs; fixed = fxsim operators. Per-layer errors are fixed vs float over unpadded "
           "tokens, accumulated over every batch; 'local rel L2' is a replaced op's own error "
           "vs the proxy function on the same input; overflows count every saturation or wrap "
           "event inside the operator (input quantization included); 'config' is the config a "
           "replaced op ran with: 'op' (its op's table or preset) or the matching [[module]] "
           "pattern, and for mbe activations its MBE fit; 'spikes / adds per element' are the "
           "op's spike events and integer additions per element over the fixed run.")


def render_markdown(result: dict, command: str) -> str:
    parts = [f"# fxsim audit: {result['model']}", "", f"`{command}`", "",
             *[f"- {line}" for line in summary_lines(result)], "", EXPLAIN, "",
             "## Task metrics", "", _md_table(metric_header(result), metric_rows(result)), "",
             "## Per layer and op (forward order)", "",
             _md_table(layer_header(), layer_rows(result)), "", "## Plots", ""]
    parts += [f"![{p}]({p})" for p in PLOTS]
    return "\n".join(parts) + "\n"


def render_html(result: dict, command: str, images: dict[str, bytes]) -> str:
    imgs = "".join(f'<h3>{html.escape(name)}</h3><img alt="{html.escape(name)}" '
                   f'src="data:image/png;base64,{base64.b64encode(data).decode()}">'
                   for name, data in images.items())
    items = "".join(f"<li>{html.escape(line)}</li>" for line in summary_lines(result))
    style = ("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
             "font-size:12px}td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}"
             "td:first-child{text-align:left}img{max-width:100%}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>fxsim audit "
            f"{html.escape(result['model'])}</title><style>{style}</style></head><body>"
            f"<h1>fxsim audit: {html.escape(result['model'])}</h1><p><code>"
            f"{html.escape(command)}</code></p><ul>{items}</ul><p>{html.escape(EXPLAIN)}</p>"
            f"<h2>Task metrics</h2>{_html_table(metric_header(result), metric_rows(result))}"
            f"<h2>Per layer and op (forward order)</h2>"
            f"{_html_table(layer_header(), layer_rows(result))}<h2>Plots</h2>{imgs}"
            f"</body></html>\n")


# ---- plots ------------------------------------------------------------------------------------
def _plt():
    try:
        import matplotlib
    except ImportError:
        raise FxError("fxsim audit needs matplotlib: pip install 'fxsim[audit]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def plot_layer_errors(result: dict, path: Path) -> None:
    plt = _plt()
    rows = result["layers"]
    keys = [r["key"] for r in rows]
    fig, ax = plt.subplots(figsize=(9, 0.22 * len(keys) + 1.5))
    y = np.arange(len(keys))
    ax.barh(y - 0.2, [max(r["rel_l2"], 1e-12) for r in rows], height=0.4, label="relative L2")
    ax.barh(y + 0.2, [max(r["max_abs"], 1e-12) for r in rows], height=0.4, label="max abs")
    ax.axvline(result["diverge_at"]["threshold"], color="red", lw=1, ls="--",
               label="--diverge-at")
    ax.set_xscale("log")
    ax.set_yticks(y, keys, fontsize=6)
    ax.invert_yaxis()
    ax.set_xlabel("fixed vs float error (log scale)")
    ax.set_ylabel("traced layer, input to output", fontsize=7)
    ax.set_title(f"{result.get('model', 'model')}: error of each traced layer, fixed vs float",
                 fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _histogram_keys(result: dict) -> list[str]:
    """The last traced output of each replaced op kind, the last block and the model output."""
    picked: dict[str, str] = {}
    for r in result["layers"]:
        st = result["op_stats"].get(r["key"])
        kind = st["fx_op"] if st else ("output" if r["key"] == "output" else "block")
        picked[kind] = r["key"]
    return list(picked.values())


def plot_histograms(result: dict, path: Path) -> None:
    plt = _plt()
    keys = _histogram_keys(result)
    fig, axes = plt.subplots(1, len(keys), figsize=(3.2 * len(keys), 2.8), squeeze=False)
    for ax, key in zip(axes[0], keys):
        err = result["_histograms"].get(key, np.zeros(0))
        counts, edges = np.histogram(err, bins=60)
        ax.stairs(counts, edges, fill=True, color="tab:blue")   # one artist, not 60 patches
        if err.size:
            ax.set_yscale("log")
        ax.set_title(".".join(key.split(".")[-3:]), fontsize=7)
        ax.set_xlabel("fixed - float", fontsize=7)
        ax.set_ylabel("elements (log scale)", fontsize=7)
        ax.tick_params(labelsize=6)
    fig.suptitle("error histograms: last output of each replaced op kind, the last block, the "
                 "model output", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _symlog(v: float) -> float:
    return math.copysign(math.log10(1 + abs(v)), v)


def plot_ranges(result: dict, path: Path) -> None:
    """Per replaced op: the input format's range (grey) and the observed float input range
    (blue), on a sign-preserving log10(1 + |v|) axis."""
    plt = _plt()
    names = list(result["op_stats"])
    fig, ax = plt.subplots(figsize=(9, 0.22 * len(names) + 1.5))
    for i, name in enumerate(names):
        st = result["op_stats"][name]
        if st["input_format"]:
            f = as_format(st["input_format"])
            lo, hi = _symlog(f.min_raw * f.lsb), _symlog(f.max_raw * f.lsb)
            ax.barh(i, hi - lo, left=lo, height=0.8, color="0.85")
        if "float" in st["input_min"]:
            lo, hi = _symlog(st["input_min"]["float"]), _symlog(st["input_max"]["float"])
            color = "tab:red" if st["overflow_input"] else "tab:blue"
            ax.barh(i, max(hi - lo, 1e-3), left=lo, height=0.4, color=color)
    ax.set_yticks(range(len(names)), names, fontsize=6)
    ax.invert_yaxis()
    ax.set_xlabel("sign(v) log10(1 + |v|): grey = input format range, blue = observed "
                  "(red: input overflowed)", fontsize=7)
    ax.set_ylabel("replaced op", fontsize=7)
    ax.set_title("input range of each replaced op: its format against the float inputs seen",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items() if not str(k).startswith("_")}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, (np.floating, np.integer)):
        return obj.item()
    return obj


def write_report(result: dict, out_dir: str | Path, command: str, force: bool = False) -> Path:
    """Write every file into a temporary sibling of ``out_dir`` and rename it into place."""
    with atomic_dir(out_dir, force) as tmp:
        plot_layer_errors(result, tmp / PLOTS[0])
        plot_histograms(result, tmp / PLOTS[1])
        plot_ranges(result, tmp / PLOTS[2])
        images = {p: (tmp / p).read_bytes() for p in PLOTS}
        (tmp / "report.md").write_text(render_markdown(result, command))
        (tmp / "report.html").write_text(render_html(result, command, images))
        (tmp / "metrics.json").write_text(json.dumps(_jsonable({**result, "command": command}),
                                                     indent=1) + "\n")
    return Path(out_dir)
