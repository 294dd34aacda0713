"""Deprecated alias of fxsim.floatref.models and fxsim.studies.sweep.mbe_fs; removed in 0.3."""
from .floatref.models import *  # noqa: F401,F403
from .studies.sweep.mbe_fs import kernel_table_bits as table_bits  # noqa: F401
