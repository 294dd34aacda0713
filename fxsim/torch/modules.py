"""Stand-in torch modules that run an fxsim operator (torch extra only).

Each stand-in has three modes: ``"float"`` (the replaced module's own float function),
``"proxy"`` (the float function the fxsim operator approximates, e.g. tanh GELU standing in for
erf GELU; the same as ``"float"`` otherwise) and ``"fixed"`` (quantize the input into the
config's ``input_format``, run the fxsim operator on the chosen backend, dequantize). In fixed
mode it also records its own error against the proxy function on the same input ("local"
error: the fixed-point part alone), the observed input range and the operator's overflow
counts. Inference only.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .. import backends, ops
from ..errors import FxError
from ..floatref.metrics import RunningError
from ..formats import as_format
from ..ops.result import PER_ELEMENT, per_element

MODES = ("float", "proxy", "fixed")


def kernel_threads() -> int:
    """Threads of the fxsim kernels in fixed mode: FXSIM_THREADS when set, else torch's own
    intra-op thread count, so the fixed forward uses the cores the float one does."""
    return backends.env_threads(default=torch.get_num_threads())


@dataclass
class OpStats:
    """Running statistics of one stand-in: input range per mode, overflows and local error
    (fixed output vs the proxy function on the same input) in fixed mode."""

    calls: int = 0
    elements: int = 0
    input_min: dict = field(default_factory=dict)        # mode -> float
    input_max: dict = field(default_factory=dict)
    output_min: float = math.inf                          # fixed mode
    output_max: float = -math.inf
    overflow: int = 0                                     # every overflow event in the operator
    overflow_input: int = 0                               # input saturation/wrap events
    cost: dict = field(default_factory=dict)              # PER_ELEMENT key -> total count
    local: RunningError = field(default_factory=RunningError)   # fixed output - proxy

    def see_input(self, mode: str, x: torch.Tensor) -> None:
        if x.numel():
            lo, hi = float(x.min()), float(x.max())
            self.input_min[mode] = min(self.input_min.get(mode, math.inf), lo)
            self.input_max[mode] = max(self.input_max.get(mode, -math.inf), hi)

    def see_fixed(self, y: torch.Tensor, ref: torch.Tensor, op_stats: dict) -> None:
        """y: the fixed output, ref: the proxy on the same input (one float dtype and shape).
        Reductions only (torch, on its threads): no temporary but the error itself."""
        err = (y - ref).reshape(-1)
        self.calls += 1
        self.elements += int(y.numel())
        max_abs = 0.0
        if y.numel():
            lo, hi = torch.aminmax(y)
            self.output_min = min(self.output_min, float(lo))
            self.output_max = max(self.output_max, float(hi))
            err_lo, err_hi = torch.aminmax(err)          # one pass (vector_norm inf is slow)
            max_abs = max(float(-err_lo), float(err_hi))
        flat_ref = ref.reshape(-1)
        self.local.add_sums(int(err.numel()), float(torch.linalg.vector_norm(err, 1)),
                            float(torch.dot(err, err)), float(torch.dot(flat_ref, flat_ref)),
                            max_abs)
        self.overflow += int(op_stats.get("overflow", 0))
        self.overflow_input += int(op_stats.get("glue.overflow_input", 0))
        for key in PER_ELEMENT:
            self.cost[key] = self.cost.get(key, 0) + int(op_stats.get(key, 0))

    @property
    def local_max_abs(self) -> float:
        return self.local.max_abs

    @property
    def local_sum_abs(self) -> float:
        return self.local.sum_abs

    @property
    def local_sum_sq_err(self) -> float:
        return self.local.sum_sq_err

    @property
    def local_sum_sq_ref(self) -> float:
        return self.local.sum_sq_ref

    def summary(self) -> dict:
        return {"calls": self.calls, "elements": self.elements,
                "input_min": self.input_min, "input_max": self.input_max,
                "output_min": self.output_min if self.elements else None,
                "output_max": self.output_max if self.elements else None,
                "overflow": self.overflow, "overflow_input": self.overflow_input,
                "local_max_abs": self.local.max_abs, "local_mean_abs": self.local.mean_abs,
                "local_rel_l2": self.local.rel_l2(zero_ref=0.0),
                **{f"{k}_per_element": v
                   for k, v in per_element(self.cost, self.elements).items()}}


def format_range(config, name: str) -> tuple[float, float] | None:
    """[min, max] representable by ``config.<name>`` (a Format string), None if absent."""
    text = getattr(config, name, None)
    if text is None:
        return None
    fmt = as_format(text)
    return fmt.min_raw * fmt.lsb, fmt.max_raw * fmt.lsb


class FxModule(nn.Module):
    """Base of the stand-ins: mode switch, statistics, the numpy round trip."""

    #: the fxsim operator name (a key of fxsim.ops.OPERATORS)
    fx_op: str = ""
    #: which config it runs: "op" (its op's) or the per-module rule's pattern (convert)
    config_from: str = "op"

    def __init__(self, method: str, config, backend: str) -> None:
        super().__init__()
        self.method = method
        self.config = config
        self.backend = backend
        self.mode = "float"
        self.stats = OpStats()

    def float_fn(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def proxy_fn(self, x: torch.Tensor) -> torch.Tensor:
        return self.float_fn(x)

    def proxy_differs(self) -> bool:
        """True when proxy_fn is another function than float_fn."""
        return False

    def fixed_call(self, x: np.ndarray):
        """The fxsim operator on float ``x`` (float32 or float64); returns an OpResult."""
        return ops.get(self.fx_op, self.method)(x, config=self.config, backend=self.backend)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.stats.see_input(self.mode, x)
        if self.mode == "float":
            return self.float_fn(x)
        if self.mode == "proxy":
            return self.proxy_fn(x)
        # float32 unless the model runs in float64: the operator quantizes float32 exactly,
        # and the proxy and the error statistics run in the dtype the float model computes in
        xf = x.detach().to(torch.float64 if x.dtype == torch.float64 else torch.float32).cpu()
        with backends.threads(kernel_threads()):
            result = self.fixed_call(xf.numpy())
        y = torch.from_numpy(result.to_float(xf.numpy().dtype))
        self.stats.see_fixed(y, self.proxy_fn(xf), result.stats)
        return y.to(dtype=x.dtype, device=x.device)

    def extra_repr(self) -> str:
        return f"op={self.fx_op}, method={self.method}, backend={self.backend}, mode={self.mode}"


class FxSoftmax(FxModule):
    """Softmax over the last axis (attention rows)."""

    fx_op = "softmax"

    def float_fn(self, x):
        return F.softmax(x, dim=-1, dtype=torch.float32).to(x.dtype)

    def fixed_call(self, x):
        return ops.get("softmax", self.method)(x, axis=-1, config=self.config,
                                               backend=self.backend)

    def input_floor(self) -> float:
        """The value a masked (minus infinity) score becomes: the input format's minimum, or
        -1e4 if the config names no input format."""
        rng = format_range(self.config, "input_format")
        return rng[0] if rng else -1e4


class FxGELU(FxModule):
    """GELU. ``approximate`` is the replaced module's form ("none" = erf, "tanh"). The fxsim
    operator is the method's operator of that form where it has one (``gelu`` for erf,
    ``gelu_tanh`` for tanh), else its other form; the proxy mode is then the float GELU of the
    operator's form, so the substitution's own effect is measured apart from the fixed-point
    one (nlspike has only tanh, mbe and fs only erf)."""

    def __init__(self, approximate: str, method: str, config, backend: str) -> None:
        super().__init__(method, config, backend)
        self.approximate = approximate
        wanted, other = ("gelu", "gelu_tanh") if approximate == "none" else ("gelu_tanh", "gelu")
        self.fx_op = wanted if method in ops.OPERATORS.get(wanted, {}) else other

    def float_fn(self, x):
        return F.gelu(x, approximate=self.approximate)

    def proxy_fn(self, x):
        return F.gelu(x, approximate="tanh" if self.fx_op == "gelu_tanh" else "none")

    def proxy_differs(self) -> bool:
        return (self.fx_op == "gelu_tanh") != (self.approximate == "tanh")


class FxSiLU(FxModule):
    fx_op = "silu"

    def float_fn(self, x):
        return F.silu(x)


def fit_weight_format(config, weight: np.ndarray):
    """``config`` with ``weight_format`` widened (integer bits added, fraction kept, up to 32
    bits) so every weight fits; returns (config, note or None)."""
    text = getattr(config, "weight_format", None)
    if text is None or weight.size == 0:
        return config, None
    fmt = as_format(text)
    lo, hi = float(weight.min()), float(weight.max())

    def fits(f) -> bool:
        return f.min_raw * f.lsb <= lo and hi <= f.max_raw * f.lsb

    if fits(fmt):
        return config, None
    for width in range(fmt.width + 1, 33):
        wider = fmt.replace(width=width)
        if fits(wider):
            break
    else:
        raise FxError(f"weights in [{lo:g}, {hi:g}] do not fit any 32-bit format with "
                      f"{fmt.frac} fractional bits")
    return replace(config, weight_format=str(wider)), f"weight_format {fmt} -> {wider}"


class FxNorm(FxModule):
    """LayerNorm / RMSNorm over the last axis with the replaced module's weight, bias and eps.
    ``weight_offset`` is 1.0 for Gemma's ``x_hat * (1 + weight)`` form."""

    def __init__(self, kind: str, weight, bias, eps: float, weight_offset: float,
                 method: str, config, backend: str) -> None:
        super().__init__(method, config, backend)
        self.fx_op = kind
        self.eps = float(eps)
        self.weight_offset = float(weight_offset)
        w = None if weight is None else weight.detach().to(torch.float64).cpu() + weight_offset
        self.register_buffer("eff_weight", w, persistent=False)
        b = None if bias is None else bias.detach().to(torch.float64).cpu()
        self.register_buffer("eff_bias", b, persistent=False)
        self.note = None
        if hasattr(self.config, "eps"):
            self.config = replace(self.config, eps=self.eps)
        if w is not None:
            self.config, self.note = fit_weight_format(self.config, w.numpy())

    def float_fn(self, x):
        xf = x.to(torch.float64 if x.dtype == torch.float64 else torch.float32)
        w = None if self.eff_weight is None else self.eff_weight.to(xf.dtype)
        b = None if self.eff_bias is None else self.eff_bias.to(xf.dtype)
        d = (x.shape[-1],)
        if self.fx_op == "layernorm":
            y = F.layer_norm(xf, d, w, b, self.eps)
        else:
            y = F.rms_norm(xf, d, w, self.eps)
        return y.to(x.dtype)

    def fixed_call(self, x):
        w = None if self.eff_weight is None else self.eff_weight.numpy()
        fn = ops.get(self.fx_op, self.method)
        if self.fx_op == "layernorm":
            b = None if self.eff_bias is None else self.eff_bias.numpy()
            return fn(x, weight=w, bias=b, axis=-1, config=self.config, backend=self.backend)
        return fn(x, weight=w, axis=-1, config=self.config, backend=self.backend)
