"""Studies built on the operators: cross-checks against references and published figures
(check), sweeps of config fields (sweep), MBE fitting (fitting) and the engine benchmark
(bench)."""
