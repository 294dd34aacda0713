"""The float side of fxsim, one idea: what the exact answer is.

functions: exact float64 functions of the operators (numpy, and the torch ops for ``fxsim
check``); models: float64 models of the mbe and fs methods (the approximations the integer
operators implement); workloads: the inputs studies run on and the published figures they
target; metrics: error metrics and the one running accumulator of them.
"""
