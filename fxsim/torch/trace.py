"""hls4ml-style tracing: forward hooks on every transformer block and every fxsim stand-in,
keyed by qualified module name, so a float run and a fixed run of the same converted model give
identical keys (the model is switched between modes, never rebuilt)."""
from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from torch import nn

from .convert import stand_ins


def transformer_blocks(model: nn.Module) -> dict[str, nn.Module]:
    """The blocks of the longest ``nn.ModuleList`` (BERT's encoder.layer, Gemma's layers)."""
    best: tuple[str, nn.ModuleList] | None = None
    for name, module in model.named_modules():
        if isinstance(module, nn.ModuleList) and (best is None or len(module) > len(best[1])):
            best = (name, module)
    if best is None:
        return {}
    prefix = f"{best[0]}." if best[0] else ""
    return {f"{prefix}{i}": block for i, block in enumerate(best[1])}


def trace_points(model: nn.Module) -> dict[str, nn.Module]:
    """Every traced module: the transformer blocks and the stand-ins."""
    return {**transformer_blocks(model), **stand_ins(model)}


def _first_tensor(output):
    if isinstance(output, (tuple, list)):
        return output[0]
    return output


@contextmanager
def tracing(model: nn.Module):
    """Yield a dict filled, in forward order, with ``key -> float32 numpy`` outputs of every
    trace point during the runs inside the block; hooks are removed on exit."""
    trace: dict[str, np.ndarray] = {}
    handles = []
    for key, module in trace_points(model).items():
        def hook(_module, _inputs, output, key=key):
            trace[key] = _first_tensor(output).detach().float().cpu().numpy()
        handles.append(module.register_forward_hook(hook))
    try:
        yield trace
    finally:
        for handle in handles:
            handle.remove()
