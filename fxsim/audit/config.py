"""The audit's config TOML (docs/audit.md, "Config files"): per-op tables and per-module rules.

- ``[softmax]``, ``[activation]``, ``[norm]`` (the config classes' TABLE names): the config of
  every module of that op, overriding the preset field by field: ``audit`` (the default: the
  method's paper preset with the fields of AUDIT_FIELDS over it, docs/audit.md "Defaults")
  or ``paper`` (the method's ``paper()`` preset, P1's / P2's widths).
- ``[[module]]`` entries, in order: ``pattern`` (a glob over the qualified module names the
  report lists, e.g. ``model.layers.*.mlp.act_fn``; ``*`` also crosses dots) and one or more op
  tables (``[module.norm]`` ...) whose fields override the op's config for the modules it
  matches. The first entry that matches a module and holds a table for its op wins.
  ``[module.observed]`` (written by ``fxsim calibrate``) is informational and ignored.
- ``[calibration]``: what ``fxsim calibrate`` measured on (informational, ignored).
- An mbe activation's ``fit = "FILE#NAME"`` names fit NAME of the parameter file FILE, a
  relative FILE being relative to the TOML's folder (``fxsim calibrate --method mbe`` writes
  ``<stem>.fits.json`` beside its TOML).

Every unknown key, and a table for an op that is not audited, is an FxError; a rule that names
no replaced module of the model is one too (raised by ``fxsim.torch.convert``).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from .. import ops
from ..errors import FxError
from ..files.toml import check_keys, read_toml
from ..primitives.mbe import FILE_SEP

#: presets an audit's configs start from (``--preset``)
PRESETS = ("audit", "paper")
#: the ``audit`` preset: fields over each method's ``paper()`` preset, per config table and,
#: where one op of a table needs its own, per bridge op (which wins over its table); methods
#: not listed keep their paper preset. docs/audit.md "Defaults" gives the reasoning.
#: nlspike: the norms' input holds residual streams up to +-2^17 with 14 fractional bits (the
#: per-row exponent then brings each row into the CORDIC range); the activations' PWL-Exp spans
#: [-8, 8] (L = 8, LUT formats to hold e^8); outputs: 10 fractional bits rounded to nearest even
#: from a Division group quotient of n = 11 bits, with integer bits for Gemma-style (1 + w)
#: norm gains.
#: mbe (P2's T = 16 and N kept): softmax and norms multiply by the exact SAR encoder (same 16
#: steps, fewer spikes than P2's MBE_Id) and refine 1/sum and 1/sqrt by one Newton step; GELU
#: runs an N = 16 exact-tails fit and SiLU an N = 8 fit on [-4, 6] with its tails cut there
#: (its exact-tails rule needs [-19, 19]), both weighted by real activations (P2's N = 4 cost
#: the LMs their top-1; docs/audit.md).
AUDIT_FIELDS = {
    "nlspike": {
        "softmax": {"n": 11, "output_format": "ufixed<11,1,RND_CONV,SAT>"},
        "activation": {"L": 8.0, "exp_slope_format": "ufixed<32,16,RND_CONV,SAT>",
                       "exp_intercept_format": "fixed<32,18,RND_CONV,SAT>",
                       "exp_output_format": "ufixed<32,17,RND_CONV,SAT>",
                       "n": 11, "output_format": "fixed<22,12,RND_CONV,SAT>"},
        "norm": {"input_format": "fixed<32,18,RND_CONV,SAT>", "n": 11,
                 "output_format": "fixed<32,22,RND_CONV,SAT>"},
    },
    "mbe": {
        "mbe_softmax": {"encoder": "sar", "recip_newton": 1},
        "mbe_norm": {"encoder": "sar", "rsqrt_newton": 1},
        "gelu": {"fit": "gelu_tails_n16"},
        "silu": {"fit": "silu_cut_n8"},
    },
}

MODULE_KEY = "module"
CALIBRATION_KEY = "calibration"
OBSERVED_KEY = "observed"
#: bridge op -> the fxsim operator whose config class it uses (gelu: see ``fx_op``)
FX_NAMES = {"gelu": "gelu_tanh", "silu": "silu", "softmax": "softmax",
            "layernorm": "layernorm", "rmsnorm": "rmsnorm"}


def fx_op(op: str, method: str) -> str:
    """The fxsim operator a bridge op runs as (gelu: erf ``gelu`` when the method has it)."""
    if op not in FX_NAMES:
        raise FxError(f"unknown op {op!r}; expected some of {', '.join(FX_NAMES)}")
    if op == "gelu" and method in ops.OPERATORS.get("gelu", {}):
        return "gelu"
    return FX_NAMES[op]


def config_class(op: str, method: str) -> type:
    return ops.config_class(fx_op(op, method), method)


def table_name(op: str, method: str) -> str:
    return getattr(config_class(op, method), "TABLE", fx_op(op, method))


def _tables(ops_wanted: Sequence[str], method: str) -> dict[str, str]:
    """Config table name -> the first audited op using it."""
    out: dict[str, str] = {}
    for op in ops_wanted:
        out.setdefault(table_name(op, method), op)
    return out


def audit_fields(op: str, method: str) -> dict:
    """The ``audit`` preset's fields over ``method``'s paper preset for ``op``: its table's,
    then the op's own (AUDIT_FIELDS)."""
    fields = AUDIT_FIELDS.get(method, {})
    return {**fields.get(table_name(op, method), {}), **fields.get(op, {})}


def preset_config(op: str, method: str, preset: str = "audit"):
    """The config ``op`` starts from: the method's ``paper()`` preset, for ``audit`` with
    :func:`audit_fields` over it."""
    if preset not in PRESETS:
        raise FxError(f"unknown preset {preset!r}; expected {' or '.join(PRESETS)}")
    paper = config_class(op, method).paper()
    return paper if preset == "paper" else paper.replace(**audit_fields(op, method))


def _configs(doc: Mapping, ops_wanted: Sequence[str], method: str, preset: str) -> dict:
    configs = {}
    for op in ops_wanted:
        cls, table = config_class(op, method), table_name(op, method)
        base = preset_config(op, method, preset)
        configs[op] = cls.from_dict({**base.to_dict(), **doc[table]}) if table in doc else base
    return configs


def _rule(entry, index: int, tables: Mapping[str, str], configs: Mapping) -> tuple[str, dict]:
    """(pattern, {table: field overrides}) of one ``[[module]]`` entry, every field checked."""
    where = f"config [[module]] {index + 1}"
    if not isinstance(entry, Mapping) or not isinstance(entry.get("pattern"), str) \
            or not entry["pattern"]:
        raise FxError(f"{where} needs pattern = \"GLOB\" (a module name pattern)")
    where = f"config [[module]] {entry['pattern']!r}"
    known = set(tables) | {"pattern", OBSERVED_KEY}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise FxError(f"{where}: unknown key(s) {', '.join(unknown)}; expected pattern, "
                      f"{OBSERVED_KEY} or an audited op's table ({', '.join(tables)})")
    found = {t: entry[t] for t in tables if t in entry}
    if not found:
        raise FxError(f"{where} holds no op table ({', '.join(tables)})")
    for table, fields in found.items():
        if not isinstance(fields, Mapping):
            raise FxError(f"{where}: {table} must be a table")
        base = configs[tables[table]]                     # validated now, before any model run
        check_keys(fields, base.to_dict(), f"{where} [{table}]")
        type(base).from_dict({**base.to_dict(), **fields})
    return entry["pattern"], found


def _with_fit_paths(doc: dict, base: Path) -> dict:
    """``doc`` with every relative ``fit = "FILE#NAME"`` (an MBE fit in a parameter file, as
    ``fxsim calibrate --method mbe`` writes) made relative to ``base``, the TOML's folder."""
    def fix(fields):
        if not isinstance(fields, Mapping):
            return fields
        fit = fields.get("fit")
        if isinstance(fit, str) and FILE_SEP in fit and not Path(fit).is_absolute():
            return {**fields, "fit": str(base / fit)}
        return fields
    out = {k: fix(v) for k, v in doc.items()}
    if isinstance(doc.get(MODULE_KEY), list):
        out[MODULE_KEY] = [{k: fix(v) for k, v in e.items()} if isinstance(e, Mapping) else e
                           for e in doc[MODULE_KEY]]
    return out


def load_audit_config(path: str | None, ops_wanted: Sequence[str], method: str,
                      preset: str = "audit") -> tuple[dict, tuple]:
    """(bridge op -> config, per-module ``fxsim.torch.ModuleRule``s) of a config TOML over
    ``preset`` (None: the preset itself)."""
    doc = _with_fit_paths(read_toml(path), Path(path).parent) if path else {}
    tables = _tables(ops_wanted, method)
    extra = set(doc) - set(tables) - {MODULE_KEY, CALIBRATION_KEY}
    if extra:
        raise FxError(f"config table(s) {', '.join(sorted(extra))} match no audited op "
                      f"({', '.join(ops_wanted)})")
    configs = _configs(doc, ops_wanted, method, preset)
    entries = doc.get(MODULE_KEY, [])
    if not isinstance(entries, list):
        raise FxError("config: module must be an array of tables ([[module]])")
    rules = [_rule(e, i, tables, configs) for i, e in enumerate(entries)]
    if CALIBRATION_KEY in doc and not isinstance(doc[CALIBRATION_KEY], Mapping):
        raise FxError("config: calibration must be a table")
    if not rules:
        return configs, ()
    from ..torch.convert import ModuleRule          # torch only for a per-module config
    return configs, tuple(ModuleRule(p, t) for p, t in rules)


def load_configs(path: str | None, ops_wanted: Sequence[str], method: str,
                 preset: str = "audit") -> dict:
    """Bridge op -> config: ``preset`` (:func:`preset_config`), overridden by the matching
    table of a TOML file (``[softmax]``, ``[activation]``, ``[norm]``); its ``[[module]]``
    rules are checked too (``load_audit_config`` returns them)."""
    return load_audit_config(path, ops_wanted, method, preset)[0]
