"""Deprecated alias of fxsim.ops.mbe.config and fxsim.ops.fs.config; removed in 0.3."""
from .fs.config import FsActivationConfig  # noqa: F401
from .mbe.config import (ACTIVATION_FITS, MbeActivationConfig, MbeNormConfig,  # noqa: F401
                         MbeScalarConfig, MbeSoftmaxConfig)
