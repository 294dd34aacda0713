"""Torch bridge (the ``torch`` extra; the simulator core never imports this package).

``convert(model, ops={"softmax": cfg, "gelu": cfg, "layernorm": cfg, ...}, method=..., backend=...)``
swaps a model's nonlinear modules for stand-ins that quantize their input, run the fxsim
operator named ``method`` (looked up in ``fxsim.ops``) and dequantize; ``set_mode(model,
"float" | "proxy" | "fixed")`` switches them; ``tracing(model)`` records every transformer
block and stand-in output under the same keys in every mode.
"""
from __future__ import annotations

try:
    import torch  # noqa: F401
except ImportError:                                   # pragma: no cover - depends on the extra
    from ..errors import FxError
    raise FxError("fxsim.torch needs torch: pip install 'fxsim[torch]' (pins torch==2.13.0)") \
        from None

from .convert import (BRIDGE_OPS, ConversionRecord, ModuleConfigs, ModuleRule, Replacement,
                      convert, register_attention, rms_weight_offset, set_mode, stand_ins)
from .modules import MODES, FxGELU, FxModule, FxNorm, FxSiLU, FxSoftmax, OpStats
from .trace import trace_points, tracing, transformer_blocks

__all__ = ["BRIDGE_OPS", "ConversionRecord", "FxGELU", "FxModule", "FxNorm", "FxSiLU",
           "FxSoftmax", "MODES", "ModuleConfigs", "ModuleRule", "OpStats", "Replacement", "convert", "register_attention",
           "rms_weight_offset", "set_mode", "stand_ins", "trace_points", "tracing",
           "transformer_blocks"]
