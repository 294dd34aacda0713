"""Deprecated alias of fxsim.ops.nlspike.config and fxsim.files.toml; removed in 0.3."""
from typing import Any

from ..files.toml import write_toml
from . import CONFIGS as _BY_METHOD
from .nlspike.config import *  # noqa: F401,F403

#: operator -> its nlspike config class (a view of fxsim.ops.REGISTRY)
CONFIGS = {op: methods["nlspike"] for op, methods in _BY_METHOD.items() if "nlspike" in methods}


def write_flat_toml(table: str, data: dict[str, Any]) -> str:
    """Deprecated: ``fxsim.files.toml.write_toml({table: data})``."""
    return write_toml({table: data})
