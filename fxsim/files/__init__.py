"""File formats fxsim reads and writes: atomic output, TOML, JSON, population configs, traces.

The submodules are imported one by one (``fxsim.files.toml`` ...): this package imports none of
them, so the leaf utilities (atomic, toml, jsonio) stay importable from the bottom layer.
"""
