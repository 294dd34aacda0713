"""The ``fxsim`` command. This module stays light (no numpy, no click): :func:`main` handles
Ctrl-C before it imports the commands (fxsim.cli.app), so a Ctrl-C while Python loads them is
one line and exit status 130 too, as it is while a command runs."""
from __future__ import annotations

import sys

from ..errors import EXIT_INTERRUPTED


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``fxsim`` (and ``python -m fxsim.cli``): import the commands, then run
    ``fxsim ARGV`` (default: sys.argv[1:]); see fxsim.cli.app.run."""
    try:
        from .app import run
        run(argv)
    except KeyboardInterrupt:                  # while importing (run handles its own)
        sys.stderr.write("fxsim: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
