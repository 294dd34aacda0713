"""Combine the `fxsim sweep audit` runs of a width search (one sub-directory per knob family,
each with its results.csv) into DIR/results.csv (a `family` and a `setting` column first) and
DIR/deltas.png (every point's fixed - float task-metric deltas, families side by side).

    python tools/combine_audit_sweeps.py docs/results/audit_minilm
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from fxsim.files.atomic import atomic_path
from fxsim.studies.sweep.plot import plot_deltas

def swept_fields(header: list[str]) -> list[str]:
    """The OP.FIELD columns: everything before the first task-metric column."""
    out = []
    for name in header:
        if name == "point":
            continue
        if "." not in name or name.rsplit(".", 1)[1] in ("float", "proxy", "fixed", "delta"):
            break
        out.append(name)
    return out


def read_family(folder: Path) -> list[dict]:
    with open(folder / "results.csv", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = swept_fields(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        row["family"] = folder.name
        row["setting"] = ", ".join(f"{f}={row.pop(f)}" for f in fields)
    return rows


def combine(root: Path) -> list[dict]:
    rows = [r for d in sorted(p for p in root.iterdir() if (p / "results.csv").is_file())
            for r in read_family(d)]
    header = ["family", "setting"] + list(dict.fromkeys(
        k for r in rows for k in r if k not in ("family", "setting")))
    with atomic_path(root / "results.csv") as tmp, open(tmp, "w", newline="") as fh:
        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        writer.writerows(rows)
    ok = [{k: float(v) for k, v in r.items() if k.endswith(".delta") and v != ""}
          for r in rows if r["status"] == "ok"]
    labels = [f"{r['family']}: {r['setting']}" for r in rows if r["status"] == "ok"]
    plot_deltas(ok, labels, root / "deltas.png")
    return rows


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python tools/combine_audit_sweeps.py DIR")
    print(f"{len(combine(Path(sys.argv[1])))} points combined into {sys.argv[1]}/results.csv")
