"""One progress bar for the long commands: click's own ``progressbar`` on stderr.

The label counts ``done/total unit``: on a terminal it leads the bar, and where stderr is not
a terminal (click then prints only the label, on each change) it logs one line per step.
"""
from __future__ import annotations

import sys

import click


class Progress:
    """``with Progress(total, "sweep", "points", enabled) as bar: ... bar.update()``."""

    def __init__(self, total: int, name: str, unit: str, enabled: bool = True) -> None:
        self.total, self.name, self.unit, self.done = total, name, unit, 0
        self._bar = click.progressbar(length=max(total, 1), label=self._label(),
                                      hidden=not (enabled and total > 0), file=sys.stderr,
                                      show_percent=True, show_eta=True)

    def _label(self) -> str:
        return f"{self.name} {self.done}/{self.total} {self.unit}"

    def __enter__(self) -> Progress:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._bar.__exit__(*exc)

    def update(self, steps: int = 1) -> None:
        """Count ``steps`` more done."""
        self.done += steps
        self._bar.label = self._label()
        self._bar.update(steps)
