"""Calibration: run a float model on text, record every replaceable module's input range and
distribution, and size each module's input formats from it (docs/audit.md, "Calibrate").

``calibrate(model, tokenizer, texts)`` converts ``model`` in place (``fxsim.torch.convert``,
float mode: its outputs do not change), runs each text alone (no padding) and returns a
:class:`Calibration`; ``Calibration.write(path)`` writes the per-module config TOML that
``fxsim audit --config`` reads and a sidecar ``.npz`` with the histograms and samples.

Sizing rule (margin m, default 2): a signed input format keeps its width W and gets
I = 1 + bit_length(ceil(m * absmax)) integer bits (sign included), so its largest magnitude
2^(I-1) exceeds m times the largest observed |input| (at least 2 integer bits); F = W - I
fractional bits (an unsigned format has no sign bit: I - 1 integer bits). Softmax inputs are
sized for absmax + 2L: attention sets masked scores to the format's minimum, which must sit
more than 2L below every score for the operator to give them weight exactly 0. Sized fields:
``input_format``, and ``norm_input_format`` of norm configs without a per-row exponent
(``row_exponent`` absent or False), whose range is the input's. Output formats of activations
and norms (softmax outputs are at most 1) are widened, never narrowed: they keep their
fractional bits and take the rule's integer bits from the observed outputs when those need more.
With an output error target (``output_rel_l2``), each module's output fractional bits come from
the op-level rule of fxsim/studies/output_widths.py, evaluated on up to ROWS recorded input
rows of the module.
"""
from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import __version__
from ..errors import FxError
from ..files.atomic import atomic_paths
from ..files.toml import write_toml
from ..files.trace_npz import write_npz
from ..formats import Format, as_format
from .output_widths import smallest_output
from ..ops.mbe.config import MbeActivationConfig, activation_fit
from ..primitives.mbe import FILE_SEP, fit_record
from .fitting import describe, fit, params_text
from .weighting import Weighting, histogram_density

MARGIN = 2.0
#: histogram bin edges: 0 and +-2^k for k in EXPONENTS (values beyond are counted at the ends)
EXPONENTS = range(-16, 25)
#: inputs kept per module (a uniform random sample) for the percentiles and later fits
SAMPLE = 4096
#: whole input rows (last axis) kept per module for the output-width rule
ROWS = 32
PERCENTILES = (99.0, 99.9)
#: suffix of the per-module MBE fits beside the config TOML (method mbe)
FITS_SUFFIX = ".fits.json"


def edges() -> np.ndarray:
    """Signed power-of-two bin edges: -2^24 .. -2^-16, 0, 2^-16 .. 2^24."""
    pos = np.exp2(np.asarray(EXPONENTS, np.float64))
    return np.concatenate([-pos[::-1], [0.0], pos])


EDGES = edges()


@dataclass
class InputStats:
    """Streaming statistics of one module's float inputs."""

    count: int = 0
    min: float = math.inf
    max: float = -math.inf
    counts: np.ndarray = field(default_factory=lambda: np.zeros(len(EDGES) - 1, np.int64))
    sample: list = field(default_factory=list)
    rows: list = field(default_factory=list)      # float32 [r, last axis] arrays, <= ROWS rows

    def add_rows(self, x: np.ndarray, rng: np.random.Generator) -> None:
        """Keep up to ROWS random rows (last axis) of ``x``, at most ROWS // 4 per call."""
        room = ROWS - sum(len(r) for r in self.rows)
        if room <= 0 or x.ndim == 0 or x.size == 0:
            return
        flat = np.asarray(x, np.float32).reshape(-1, x.shape[-1])
        take = min(room, len(flat), max(1, ROWS // 4))
        self.rows.append(flat[np.sort(rng.choice(len(flat), take, replace=False))])

    def add(self, x: np.ndarray, rng: np.random.Generator) -> None:
        x = np.asarray(x, np.float64).ravel()
        if not x.size:
            return
        self.count += x.size
        self.min, self.max = min(self.min, float(x.min())), max(self.max, float(x.max()))
        self.counts += np.histogram(np.clip(x, EDGES[0], EDGES[-1]), EDGES)[0]
        room = SAMPLE - sum(s.size for s in self.sample)
        if room > 0:
            take = min(room, x.size, max(1, SAMPLE // 8))
            self.sample.append(x[rng.integers(0, x.size, take)])

    @property
    def absmax(self) -> float:
        return max(abs(self.min), abs(self.max))

    def samples(self) -> np.ndarray:
        return np.concatenate(self.sample) if self.sample else np.zeros(0)

    def summary(self) -> dict:
        abs_sample = np.abs(self.samples())
        out = {"count": self.count, "min": self.min, "max": self.max, "absmax": self.absmax}
        for p in PERCENTILES:
            out[f"p{str(p).replace('.', '').rstrip('0')}_abs"] = float(np.percentile(abs_sample, p))
        return out


def int_bits(absmax: float, margin: float) -> int:
    """Integer bits (sign included) of a signed format whose range exceeds margin * absmax."""
    return 1 + math.ceil(margin * absmax).bit_length()


def sized_format(fmt: Format, absmax: float, margin: float, where: str) -> Format:
    """``fmt`` with the integer bits of :func:`int_bits` and its width kept."""
    bits = int_bits(absmax, margin) - (0 if fmt.signed else 1)
    if bits >= fmt.width:
        raise FxError(f"{where}: inputs up to {absmax:g} need {bits} integer bits, as many as "
                      f"the {fmt.width}-bit {fmt}; widen it in the base config")
    return fmt.replace(frac=fmt.width - bits)


def widened_output(fmt: Format, absmax: float, margin: float) -> Format | None:
    """``fmt`` with more integer bits (fraction kept) if outputs up to ``absmax`` need them by
    the :func:`int_bits` rule, else None."""
    bits = int_bits(absmax, margin) - (0 if fmt.signed else 1)
    return fmt.replace(width=bits + fmt.frac) if bits > fmt.int_bits else None


def sized_fields(config) -> tuple[str, ...]:
    """The format fields of ``config`` that calibration sizes from the input range."""
    names = ["input_format"] if getattr(config, "input_format", None) else []
    if getattr(config, "norm_input_format", None) and not getattr(config, "row_exponent", False):
        names.append("norm_input_format")
    return tuple(names)


@dataclass
class ModuleCalibration:
    name: str            # qualified module name (the audit report's key)
    op: str              # bridge op
    table: str           # config table ([module.<table>])
    stats: InputStats
    formats: dict        # sized field -> format text (or n, with an output target)
    output_absmax: float = 0.0
    output_rel_l2: float | None = None    # op-level error at the chosen output (with a target)
    output_met: bool = True
    base_fit: str = ""   # mbe activations: the fit the base config runs (refitted per module)
    fit: dict | None = None   # the module's own MBE fit record (fit_modules)


@dataclass
class Calibration:
    """What :func:`calibrate` observed and the formats it sized."""

    method: str
    margin: float
    ops: tuple[str, ...]
    texts: int
    tokens: int
    modules: list[ModuleCalibration]
    unseen: list[str]                     # replaced modules that never ran
    base_tables: dict = field(default_factory=dict)   # table -> fields of the base configs
    label: str = ""
    output_rel_l2: float | None = None    # the output-width target, if any

    def doc(self, sidecar: str) -> dict:
        """The config TOML document (``[calibration]``, base op tables, ``[[module]]``)."""
        head = {"fxsim_version": __version__, "model": self.label, "method": self.method,
                "ops": list(self.ops), "texts": self.texts, "tokens": self.tokens,
                "margin": self.margin,
                "rule": "input formats keep their width; integer bits (sign included) = "
                        "1 + bit_length(ceil(margin * absmax))",
                "histograms": sidecar, "unseen": self.unseen}
        if self.output_rel_l2 is not None:
            head.update(output_rel_l2=self.output_rel_l2,
                        output_rule="fewest output fractional bits (rounded to nearest even, "
                                    "n = F + 1) with op-level relative L2 <= output_rel_l2",
                        output_unmet=[m.name for m in self.modules if not m.output_met])
        rules = [{"pattern": m.name, m.table: {**m.formats, **self._fit_field(m, sidecar)},
                  "observed": {**m.stats.summary(), "output_absmax": m.output_absmax,
                               **({} if m.output_rel_l2 is None
                                  else {"output_rel_l2": m.output_rel_l2})}}
                 for m in self.modules]
        return {"calibration": head, **self.base_tables, "module": rules}

    @staticmethod
    def _fit_field(m: ModuleCalibration, sidecar: str) -> dict:
        """``fit = "<stem>.fits.json#<module>"`` for a module with its own MBE fit."""
        if m.fit is None:
            return {}
        return {"fit": f"{Path(sidecar).with_suffix(FITS_SUFFIX).name}{FILE_SEP}{m.name}"}

    def write(self, path: str | Path) -> tuple[Path, Path]:
        """Write ``path`` (TOML), its sidecar ``<stem>.npz`` (edges, names, ops, counts[m, bin],
        sample_<i>: module i's sampled inputs) and, with per-module MBE fits,
        ``<stem>.fits.json`` (``fxsim fit``'s parameter file) as a group: every file whole
        before any is renamed into place, the TOML that names the others last."""
        path = Path(path)
        npz = path.with_suffix(".npz")
        text = write_toml(self.doc(npz.name))
        arrays = {"edges": EDGES, "names": np.asarray([m.name for m in self.modules]),
                  "ops": np.asarray([m.op for m in self.modules]),
                  "counts": np.asarray([m.stats.counts for m in self.modules], np.int64)
                  .reshape(len(self.modules), len(EDGES) - 1)}
        arrays.update({f"sample_{i}": m.stats.samples() for i, m in enumerate(self.modules)})
        fits = {m.name: m.fit for m in self.modules if m.fit is not None}
        paths = [npz, path.with_suffix(FITS_SUFFIX)] if fits else [npz]
        with atomic_paths(*paths, path) as tmps:
            write_npz(tmps[0], arrays)
            if fits:
                tmps[1].write_text(params_text(fits))
            tmps[-1].write_text(text)
        return path, npz


def check_writable(path: str | Path, force: bool = False) -> None:
    """FxError unless ``path`` (and its sidecars) can be written: before a model runs."""
    path = Path(path)
    if path.suffix != ".toml":
        raise FxError(f"--out must name a .toml file, got {path}")
    for p in (path, path.with_suffix(".npz"), path.with_suffix(FITS_SUFFIX)):
        if p.is_dir():
            raise FxError(f"--out {p} is a directory")
        if p.exists() and not force:
            raise FxError(f"{p} exists; pass --force to replace it")
    parent = path.parent
    if not parent.is_dir():
        raise FxError(f"output directory does not exist: {parent}")
    try:                                          # a probe file: permission bits lie to root
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", dir=parent)
    except OSError as exc:
        raise FxError(f"output directory is not writable: {parent} ({exc.strerror})") from None
    os.close(fd)
    os.unlink(probe)


def calibrate(model, tokenizer, texts: Iterable[str], ops: Sequence[str] | None = None,
              method: str = "nlspike", configs: Mapping | None = None,
              margin: float = MARGIN, max_length: int = 256, seed: int = 0,
              progress: Callable[[int], None] | None = None, label: str = "",
              output_rel_l2: float | None = None, backend: str = "numpy") -> Calibration:
    """Run ``model`` (a transformers model, converted in place, float mode) on each of
    ``texts`` (tokenized by ``tokenizer``, truncated to ``max_length`` tokens) and size the
    input formats of every replaced module of ``ops`` (default: every bridge op the model has;
    softmax needs attention modules) from its observed inputs. ``configs``: bridge op ->
    base config (default the method's paper presets). ``output_rel_l2``: also choose each
    module's output fractional bits by the op-level rule (fxsim/studies/output_widths.py),
    running the operators on ``backend``."""
    import torch

    import fxsim.torch as ft
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise FxError("calibration needs at least one non-empty text")
    if not margin >= 1:
        raise FxError(f"margin must be >= 1, got {margin}")
    if output_rel_l2 is not None and not output_rel_l2 > 0:
        raise FxError(f"the output error target must be > 0, got {output_rel_l2}")
    wanted = tuple(ops) if ops else _present_ops(model, ft)
    base = {op: (configs or {}).get(op) for op in wanted}
    record = ft.convert(model, base, method=method, backend=backend)
    modules = ft.stand_ins(model)
    stats = {name: InputStats() for name in modules}
    out_absmax = dict.fromkeys(modules, 0.0)
    rng = np.random.default_rng(seed)
    hooks = [m.register_forward_pre_hook(_recorder(m, stats[name], rng))
             for name, m in modules.items()]
    hooks += [m.register_forward_hook(_output_recorder(out_absmax, name))
              for name, m in modules.items()]
    tokens = 0
    try:
        ft.set_mode(model, "float")
        with torch.inference_mode():
            for text in texts:
                inputs = lead_with_bos(tokenizer(text, truncation=True, max_length=max_length,
                                                 return_tensors="pt"), tokenizer.bos_token_id)
                tokens += int(inputs["input_ids"].numel())
                model(**inputs)
                if progress is not None:
                    progress(1)
    finally:
        for hook in hooks:
            hook.remove()
    op_of = {r.name: r.op for r in record.replacements}
    seen = [n for n in modules if stats[n].count]
    sized = [_sized(n, op_of[n], modules[n], stats[n], out_absmax[n], margin, output_rel_l2)
             for n in seen]
    tables = {type(c).TABLE: c.to_dict() for c in (configs or {}).values()
              if c is not None and not isinstance(c, dict)}
    return Calibration(method, margin, wanted, len(texts), tokens, sized,
                       [n for n in modules if not stats[n].count], tables, label,
                       output_rel_l2)


def lead_with_bos(inputs, bos: int | None):
    """``inputs`` (one text) led by the BOS token when the tokenizer has one and did not add
    it, as the audit's causal-LM windows are, so calibration sees the token the audit puts
    first (the first position carries a model's largest activations)."""
    import torch
    ids = inputs["input_ids"]
    if bos is None or (ids.shape[1] and int(ids[0, 0]) == bos):
        return inputs
    ids = torch.cat([torch.full((1, 1), bos, dtype=ids.dtype), ids], 1)
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


def _present_ops(model, ft) -> tuple[str, ...]:
    """Every bridge op; softmax only when the model has attention modules fxsim can reach."""
    has_attention = hasattr(model, "set_attn_implementation") and any(
        hasattr(m, "scaling") and "Attention" in type(m).__name__ for m in model.modules())
    return tuple(op for op in ft.BRIDGE_OPS if op != "softmax" or has_attention)


def _recorder(module, stats: InputStats, rng: np.random.Generator):
    """Forward pre-hook adding the module's input to ``stats``; for softmax the masked scores
    (set to the input format's minimum by the attention function) are left out."""
    floor = module.input_floor() if hasattr(module, "input_floor") else None

    def hook(_module, args):
        x = args[0].detach().cpu().float().numpy()
        if floor is None:
            stats.add(x, rng)
            stats.add_rows(x, rng)
        else:                                    # rows keep masked scores as -inf
            masked = x == np.float32(floor)
            stats.add(x[~masked], rng)
            stats.add_rows(np.where(masked, -np.inf, x), rng)
    return hook


def _output_recorder(out_absmax: dict, name: str):
    def hook(_module, _args, out):
        if out.numel():
            out_absmax[name] = max(out_absmax[name], float(out.detach().abs().max()))
    return hook


def _sized(name: str, op: str, module, stats: InputStats, out_absmax: float,
           margin: float, output_rel_l2: float | None) -> ModuleCalibration:
    config = module.config
    reach = stats.absmax + (2 * getattr(config, "L", 0.0) if op == "softmax" else 0.0)
    formats: dict = {f: str(sized_format(as_format(getattr(config, f)), reach, margin,
                                         f"{name} {f}"))
                     for f in sized_fields(config)}
    if op != "softmax" and getattr(config, "output_format", None):
        wider = widened_output(as_format(config.output_format), out_absmax, margin)
        if wider is not None:
            formats["output_format"] = str(wider)
    base_fit = activation_fit(module.fx_op, config.fit) \
        if isinstance(config, MbeActivationConfig) else ""
    result = ModuleCalibration(name, op, type(config).TABLE, stats, formats, out_absmax,
                               base_fit=base_fit)
    if output_rel_l2 is not None and getattr(config, "output_format", None):
        out = as_format(formats.get("output_format", config.output_format))
        if op != "softmax":                      # integer bits by the margin rule
            out = out.replace(width=int_bits(out_absmax, margin) - (not out.signed), frac=0)
        fields, result.output_rel_l2, result.output_met = smallest_output(
            module, stats.rows, {**formats, "output_format": str(out)}, output_rel_l2)
        formats.update(fields)
    return result


def fit_modules(cal: Calibration, restarts: int = 1, seed: int = 0, max_evals: int = 0,
                log: Callable[[str], None] | None = None) -> None:
    """Give every mbe activation module of ``cal`` its own MBE fit: the base fit's function,
    N and domain (a rule tails fit: the critical interval; a cut one: its cut), the MSE
    weighted by the module's input histogram (fxsim.studies.weighting; no peak term). Needs
    scipy (the fit extra)."""
    for m in cal.modules:
        if not m.base_fit:
            continue
        base = fit_record(m.base_fit)
        tails = bool(base.get("tails"))
        weighting = Weighting(f"hist:{m.name}", histogram_density(EDGES, m.stats.counts))
        m.fit = fit(base["function"], int(base["N"]), seed=seed, restarts=restarts,
                    max_evals=max_evals,
                    domain=None if tails and "cut" not in base else tuple(base["domain"]),
                    weighting=weighting, tails=tails)
        if log is not None:
            log(f"  {m.name}: {describe(m.fit)}")
