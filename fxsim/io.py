"""Deprecated alias of fxsim.files.atomic and fxsim.files.trace_npz; removed in 0.3."""
from .files.atomic import atomic_path  # noqa: F401
from .files.trace_npz import save_trace  # noqa: F401
