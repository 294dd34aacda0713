"""Deprecated alias of fxsim.files.population_toml, fxsim.files.inputs, fxsim.files.jsonio and
fxsim.files.toml; removed in 0.3."""
from .files.inputs import load_array  # noqa: F401
from .files.jsonio import to_json  # noqa: F401
from .files.population_toml import input_from_dict, load, population_from_dict  # noqa: F401
from .files.toml import read_toml  # noqa: F401
