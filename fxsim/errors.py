"""Exception types and the status-code table shared by the C glue and the CLI.

Every user mistake surfaces as :class:`FxError` (a ``ValueError``), whose message is
one line suitable for the CLI's stderr.
"""
from __future__ import annotations


class FxError(ValueError):
    """A user-facing error: bad format, bad mode, bad shape, bad file, bad backend."""


class FxOverflowError(FxError):
    """Raised when ``on_overflow="raise"`` and a wrap or saturation event occurred."""


#: exit status of the ``fxsim`` command after Ctrl-C: 128 + SIGINT, as a shell reports it
EXIT_INTERRUPTED = 130


class FxInterrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) stopped a long run; the message says what was kept (one line)."""


class BackendUnavailable(FxError):
    """The requested backend cannot run here; the message says why."""


# Status codes returned by the C kernels (csrc/fx_types.h, enum fx_status; checked against
# the compiled enum when fxsim.backends.c loads).
C_STATUS_OK, C_STATUS_EINVAL = 0, -1
C_STATUS_MESSAGES = {
    C_STATUS_OK: "ok",
    C_STATUS_EINVAL: "invalid argument passed to a C kernel (a validation gap in the Python layer)",
    -2: "memory allocation failed in a C kernel",
}
