"""Deprecated alias of fxsim.backends.c (the same module object, so setting THREADS here sets
it there); removed in 0.3."""
import sys

from . import c

sys.modules[__name__] = c
