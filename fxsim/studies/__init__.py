"""Studies built on the operators: cross-checks against references and published figures
(check), sweeps of config fields (sweep), MBE fitting (fitting), the engine benchmark (bench)
and per-module input formats from a float model run (calibrate)."""
