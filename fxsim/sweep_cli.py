"""Deprecated alias of fxsim.cli.sweep; removed in 0.3."""
from .cli.sweep import sweep_command  # noqa: F401
