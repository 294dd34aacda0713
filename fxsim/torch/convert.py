"""``convert``: swap a transformers model's nonlinear modules for fxsim stand-ins in place.

Softmax runs inside attention, so it is reached through transformers' ``AttentionInterface``:
an attention function registered as ``"fxsim"`` (with the eager padding mask registered under
the same name in ``AttentionMaskInterface``; without it a custom implementation gets no padding
mask) calls the ``fxsim_softmax`` stand-in attached to each attention module. GELU, SiLU,
LayerNorm and RMSNorm modules are replaced where they sit.

Per-module configs: ``modules`` is a sequence of :class:`ModuleRule` (a glob pattern over the
qualified module names the record lists, with config field overrides per config table). A
replaced module takes the first rule, in order, whose pattern matches its name and which holds
a table for its op; its config is the op's config with those fields replaced.
"""
from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from .. import ops
from ..errors import FxError
from ..ops.result import check_config
from .modules import MODES, FxGELU, FxModule, FxNorm, FxSiLU, FxSoftmax

#: bridge op names accepted in ``ops={...}`` and the fxsim operators they use
BRIDGE_OPS = ("softmax", "gelu", "silu", "layernorm", "rmsnorm")
ATTENTION_NAME = "fxsim"


@dataclass
class Replacement:
    name: str            # qualified module name (the trace key)
    op: str              # bridge op name
    fx_op: str           # fxsim operator used
    replaced: str        # class name of the replaced module / function
    note: str | None = None
    config_from: str = "op"   # "op" (the op's config) or the matching ModuleRule's pattern


@dataclass(frozen=True)
class ModuleRule:
    """Config overrides for the replaced modules whose qualified name matches ``pattern``
    (``fnmatch`` glob, ``*`` also crossing dots): config table name (``softmax``,
    ``activation``, ``norm``: the config class's TABLE) -> {field: value}."""

    pattern: str
    tables: Mapping[str, Mapping]


@dataclass
class ConversionRecord:
    """What ``convert`` replaced, with the method, backend and config per bridge op."""

    method: str
    backend: str
    configs: dict = field(default_factory=dict)        # bridge op -> config dict
    replacements: list[Replacement] = field(default_factory=list)

    def count(self) -> dict:
        out: dict[str, int] = {}
        for r in self.replacements:
            out[r.op] = out.get(r.op, 0) + 1
        return out

    def to_dict(self) -> dict:
        return {"method": self.method, "backend": self.backend, "configs": self.configs,
                "replacements": [vars(r) for r in self.replacements]}


def _fx_attention(module, query, key, value, attention_mask, scaling=None, dropout=0.0,
                  softcap=None, **_):
    """Eager attention (grouped KV heads repeated) with softmax by ``module.fxsim_softmax``.
    Masked scores (the mask's large negative entries) become the softmax input format's
    minimum, which the operator maps to exactly zero weight, as float softmax does."""
    groups = query.shape[1] // key.shape[1]
    if groups > 1:
        key = key.repeat_interleave(groups, dim=1)
        value = value.repeat_interleave(groups, dim=1)
    if scaling is None:
        scaling = query.size(-1) ** -0.5
    scores = torch.matmul(query, key.transpose(2, 3)) * scaling
    if softcap is not None:
        scores = torch.tanh(scores / softcap) * softcap
    softmax = getattr(module, "fxsim_softmax", None)
    if attention_mask is not None:
        mask = attention_mask[:, :, :, : key.shape[-2]]
        if mask.dtype == torch.bool:
            masked = ~mask
        else:
            masked = mask <= torch.finfo(mask.dtype).min / 2
            scores = scores + mask.masked_fill(masked, 0.0)
        floor = softmax.input_floor() if softmax is not None else torch.finfo(scores.dtype).min
        scores = scores.masked_fill(masked, floor)
    weights = softmax(scores) if softmax is not None else \
        F.softmax(scores, dim=-1, dtype=torch.float32).to(query.dtype)
    out = torch.matmul(weights.to(value.dtype), value).transpose(1, 2).contiguous()
    return out, weights


def register_attention() -> None:
    """Register the ``"fxsim"`` attention function and its (eager) mask function."""
    from transformers import AttentionInterface
    from transformers.masking_utils import AttentionMaskInterface, eager_mask
    AttentionInterface.register(ATTENTION_NAME, _fx_attention)
    AttentionMaskInterface.register(ATTENTION_NAME, eager_mask)


class ModuleConfigs:
    """The config of each replaced module: its op's config (``ops[op]``), with the fields of the
    first ``ModuleRule`` that matches the module's name and holds the op's config table."""

    def __init__(self, wanted: Mapping, method: str, rules: Sequence[ModuleRule]) -> None:
        self.wanted, self.method, self.rules = wanted, method, tuple(rules)
        self.used: list[set[str]] = [set() for _ in self.rules]

    def get(self, op: str, fx_op: str, name: str):
        """(config, source) of module ``name`` run as ``fx_op`` for bridge op ``op``; source is
        the rule's pattern or "op"."""
        cls = ops.config_class(fx_op, self.method)
        base = check_config(self.wanted[op], cls, f"ops[{op!r}]")
        table = getattr(cls, "TABLE", fx_op)
        for rule, used in zip(self.rules, self.used):
            if table in rule.tables and fnmatch.fnmatchcase(name, rule.pattern):
                used.add(table)
                where = f"[[module]] {rule.pattern!r} [{table}]"
                merged = {**base.to_dict(), **rule.tables[table]}
                return check_config(dict(merged), cls, where), rule.pattern
        return base, "op"

    def check_used(self) -> None:
        """FxError if a rule, or one of its tables, applied to no replaced module."""
        for rule, used in zip(self.rules, self.used):
            if not used:
                raise FxError(f"config [[module]] pattern {rule.pattern!r} names no replaced "
                              f"module of the model (tables {', '.join(sorted(rule.tables))})")
            unused = sorted(set(rule.tables) - used)
            if unused:
                raise FxError(f"config [[module]] pattern {rule.pattern!r}: table(s) "
                              f"{', '.join(unused)} match no module it names")


def _is_rmsnorm(module: nn.Module) -> bool:
    return "RMSNorm" in type(module).__name__ and getattr(module, "weight", None) is not None


def _rms_eps(module: nn.Module) -> float:
    for name in ("eps", "variance_epsilon"):
        if hasattr(module, name):
            return float(getattr(module, name))
    raise FxError(f"{type(module).__name__}: no eps attribute")


def rms_weight_offset(module: nn.Module) -> float:
    """0.0 for ``x_hat * w`` RMSNorms, 1.0 for Gemma's ``x_hat * (1 + w)``: decided by running
    the module on a probe input and comparing with both forms."""
    d = module.weight.shape[-1]
    x = torch.linspace(-2.0, 3.0, 2 * d).reshape(2, d)
    with torch.no_grad():
        y = module(x).double()
        x_hat = F.rms_norm(x.double(), (d,), None, _rms_eps(module))
        w = module.weight.detach().double()
    for offset in (0.0, 1.0):
        if torch.allclose(y, x_hat * (w + offset), rtol=1e-4, atol=1e-5):
            return offset
    raise FxError(f"{type(module).__name__}: not an x_hat * w or x_hat * (1 + w) RMSNorm")


def _gelu_form(module: nn.Module) -> str | None:
    """"none" (erf) or "tanh" for GELU modules (torch's and transformers'), else None."""
    if isinstance(module, nn.GELU):
        return module.approximate
    name = type(module).__name__
    if name in ("GELUActivation",):
        return "none"
    if name in ("GELUTanh", "PytorchGELUTanh", "NewGELUActivation", "GELUPytorchTanh"):
        return "tanh"
    return None


def _is_silu(module: nn.Module) -> bool:
    return isinstance(module, nn.SiLU) or type(module).__name__ in ("SiLUActivation",)


def _stand_in(module: nn.Module, name: str, configs: ModuleConfigs, backend: str):
    """(bridge op, stand-in) for ``module``, or None if it is not to be replaced."""
    wanted, method = configs.wanted, configs.method
    form = _gelu_form(module)
    if form is not None and "gelu" in wanted:
        fx_op = FxGELU(form, method, None, backend).fx_op
        cfg, source = configs.get("gelu", fx_op, name)
        found = "gelu", FxGELU(form, method, cfg, backend)
    elif _is_silu(module) and "silu" in wanted:
        cfg, source = configs.get("silu", "silu", name)
        found = "silu", FxSiLU(method, cfg, backend)
    elif isinstance(module, nn.LayerNorm) and "layernorm" in wanted:
        cfg, source = configs.get("layernorm", "layernorm", name)
        found = "layernorm", FxNorm("layernorm", module.weight, module.bias, module.eps, 0.0,
                                    method, cfg, backend)
    elif _is_rmsnorm(module) and "rmsnorm" in wanted:
        cfg, source = configs.get("rmsnorm", "rmsnorm", name)
        found = "rmsnorm", FxNorm("rmsnorm", module.weight, None, _rms_eps(module),
                                  rms_weight_offset(module), method, cfg, backend)
    else:
        return None
    found[1].config_from = source
    return found


def convert(model: nn.Module, ops: dict, method: str = "nlspike", backend: str = "c",
            modules: Sequence[ModuleRule] = ()) -> ConversionRecord:
    """Replace, in place, every module of the kinds named in ``ops`` (keys from BRIDGE_OPS,
    values a config of the method's class, a dict or None for its ``paper()`` preset) by an
    fxsim stand-in, in float mode (call ``set_mode``). ``modules``: per-module overrides (see
    the module docstring); a rule that names no replaced module is an FxError. Softmax needs a
    transformers model (``set_attn_implementation``). Returns the record of what was
    replaced."""
    unknown = set(ops) - set(BRIDGE_OPS)
    if unknown:
        raise FxError(f"unknown bridge op(s) {', '.join(sorted(unknown))}; "
                      f"expected {', '.join(BRIDGE_OPS)}")
    configs = ModuleConfigs(ops, method, modules)
    record = ConversionRecord(method=method, backend=backend)
    targets = []
    for name, module in model.named_modules():
        if isinstance(module, FxModule):
            raise FxError(f"model already converted ({name} is an fxsim stand-in)")
        found = _stand_in(module, name, configs, backend) if name else None
        if found:
            targets.append((name, module, *found))
    if "softmax" in ops:
        softmax = _softmax_targets(model, configs, backend)
    configs.check_used()
    for name, module, op, stand_in in targets:
        parent_name, _, attr = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        setattr(parent, attr, stand_in)
        _note(record, name, op, stand_in, type(module).__name__)
    if "softmax" in ops:
        register_attention()
        model.set_attn_implementation(ATTENTION_NAME)
        for name, module, stand_in in softmax:
            module.fxsim_softmax = stand_in
            _note(record, f"{name}.fxsim_softmax", "softmax", stand_in, "functional softmax")
    return record


def _note(record: ConversionRecord, name: str, op: str, stand_in: FxModule, replaced: str):
    record.replacements.append(Replacement(name, op, stand_in.fx_op, replaced,
                                           getattr(stand_in, "note", None),
                                           stand_in.config_from))
    if stand_in.config_from == "op":
        record.configs.setdefault(op, stand_in.config.to_dict())


def _softmax_targets(model, configs: ModuleConfigs, backend: str) -> list:
    """(attention module name, module, FxSoftmax) per attention module; nothing set yet."""
    if not hasattr(model, "set_attn_implementation"):
        raise FxError("softmax replacement needs a transformers PreTrainedModel")
    attention = [(n, m) for n, m in model.named_modules()
                 if hasattr(m, "scaling") and "Attention" in type(m).__name__]
    if not attention:
        raise FxError("no attention modules (with a 'scaling' attribute) found")
    out = []
    for name, module in attention:
        cfg, source = configs.get("softmax", "softmax", f"{name}.fxsim_softmax")
        stand_in = FxSoftmax(configs.method, cfg, backend)
        stand_in.config_from = source
        out.append((name, module, stand_in))
    return out


def stand_ins(model: nn.Module) -> dict[str, FxModule]:
    return {n: m for n, m in model.named_modules() if isinstance(m, FxModule)}


def set_mode(model: nn.Module, mode: str) -> None:
    """Switch every stand-in to ``"float"``, ``"proxy"`` or ``"fixed"``."""
    if mode not in MODES:
        raise FxError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    for module in stand_ins(model).values():
        module.mode = mode
