"""``fxsim audit``: a real pretrained Transformer run float and fixed side by side on real text
(docs/audit.md). Needs the ``audit`` extra (torch, transformers and the model/data packages).

Every batch runs in up to three modes of one converted model (fxsim.torch): ``float`` (the
model's own functions), ``proxy`` (float, with the function the fxsim operator approximates,
e.g. tanh GELU for an erf-GELU model; only run when it differs) and ``fixed``. Traced outputs
(every transformer block and replaced op, same keys in every mode) give per-layer errors of
fixed vs float over valid (unpadded) tokens; the task metric is computed in every mode.
Report writing: fxsim/audit/report.py.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from ..backends import get_backend
from ..errors import FxError
from ..floatref.metrics import RunningError
from .config import PRESETS, load_audit_config
from .coverage import check_strict, left_float
from .data import text_lines
from .models import LoadedModel, check_spec, load_model
from .tasks import Job, Task, task_for

#: errors kept per trace key for the histograms
HIST_SAMPLES = 20000


# ---- per-layer error accumulation ------------------------------------------------------------
@dataclass
class LayerError:
    """Fixed-vs-float statistics of one trace key: the running error plus what the report adds
    (cosine similarity and the float range)."""

    error: RunningError = field(default_factory=RunningError)
    sum_sq_fix: float = 0.0
    dot: float = 0.0
    min: float = math.inf
    max: float = -math.inf

    def add(self, ref: np.ndarray, fix: np.ndarray) -> None:
        self.error.add(fix - ref, ref)
        self.sum_sq_fix += float(fix @ fix)
        self.dot += float(ref @ fix)
        self.min = min(self.min, float(ref.min()))
        self.max = max(self.max, float(ref.max()))

    def summary(self, key: str) -> dict:
        denom = math.sqrt(self.error.sum_sq_ref * self.sum_sq_fix)
        return {"key": key, "elements": self.error.count, "max_abs": self.error.max_abs,
                "mean_abs": self.error.mean_abs, "rel_l2": self.error.rel_l2(zero_ref=0.0),
                "cosine": self.dot / denom if denom > 0 else 1.0,
                "float_min": self.min, "float_max": self.max}


class LayerErrors:
    """Running fixed-vs-float statistics per trace key, in first-seen (forward) order, and a
    sample of the errors of each key for the histograms."""

    def __init__(self, seed: int = 0) -> None:
        self.rows: dict[str, LayerError] = {}
        self.samples: dict[str, list] = {}
        self.rng = np.random.default_rng(seed)

    def add(self, key: str, ref: np.ndarray, fix: np.ndarray) -> None:
        ref = ref.astype(np.float64).ravel()
        fix = fix.astype(np.float64).ravel()
        row = self.rows.setdefault(key, LayerError())
        if not ref.size:
            return
        row.add(ref, fix)
        kept = self.samples.setdefault(key, [])
        room = HIST_SAMPLES - sum(len(k) for k in kept)
        if room > 0:
            take = min(room, ref.size, max(1, HIST_SAMPLES // 8))
            kept.append(self.rng.choice(fix - ref, size=take, replace=False))

    def summary(self) -> list[dict]:
        return [row.summary(key) for key, row in self.rows.items()]

    def histogram_samples(self, key: str) -> np.ndarray:
        return np.concatenate(self.samples.get(key, [np.zeros(0)]))


def valid_mask(key: str, shape: tuple, attention_mask: np.ndarray) -> np.ndarray | None:
    """Boolean mask of the unpadded elements of a traced tensor: attention rows and columns
    of valid tokens for softmax [B, H, T, T]; valid tokens on axis 1 ([B, T, ...]) or axis 2
    ([B, H, T, D]) otherwise; None if no axis matches the tokens."""
    B, T = attention_mask.shape
    am = attention_mask.astype(bool)
    if len(shape) < 2 or shape[0] != B:
        return None
    if key.endswith("softmax") and len(shape) == 4 and shape[-1] == shape[-2] == T:
        mask = am[:, None, :, None] & am[:, None, None, :]
    elif shape[1] == T:
        mask = am.reshape((B, T) + (1,) * (len(shape) - 2))
    elif len(shape) >= 3 and shape[2] == T:
        mask = am.reshape((B, 1, T) + (1,) * (len(shape) - 3))
    else:
        return None
    return np.broadcast_to(mask, shape)


# ---- the runner ---------------------------------------------------------------------------
class Runner:
    """Runs batches of a task's model (fxsim/audit/tasks.py) in every mode, accumulating
    traced errors."""

    def __init__(self, adapter: Task, batch_size: int, seed: int) -> None:
        import fxsim.torch as ft
        self.ft = ft
        self.adapter = adapter
        self.batch_size = batch_size
        self.errors = LayerErrors(seed)
        self.modes = ["float"] + (["proxy"] if adapter.has_proxy() else []) + ["fixed"]
        self.seconds = {m: 0.0 for m in self.modes}

    def run(self, job: Job, progress=None) -> None:
        import torch
        modes = ["float"] if job.float_only else self.modes
        for start in range(0, len(job.texts), self.batch_size):
            batch = job.texts[start:start + self.batch_size]
            inputs = self.adapter.encode(batch)
            traces, outs = {}, {}
            for mode in modes:
                self.ft.set_mode(self.adapter.model, mode)
                t0 = time.perf_counter()
                with torch.inference_mode(), self.ft.tracing(self.adapter.model) as trace:
                    outs[mode], final = self.adapter.forward(inputs)
                if not job.float_only:              # time only work done in every mode
                    self.seconds[mode] += time.perf_counter() - t0
                if mode in ("float", "fixed") and not job.float_only:
                    trace["output"] = final
                    traces[mode] = trace
            for mode, out in self.adapter.reduce(outs).items():
                job.outputs.setdefault(mode, []).append(out)
            if "fixed" in traces:
                self._compare(traces["float"], traces["fixed"], inputs["attention_mask"].numpy())
            if progress is not None:
                progress(len(batch))
        self.ft.set_mode(self.adapter.model, "float")

    def _compare(self, ref: dict, fix: dict, attention_mask: np.ndarray) -> None:
        if list(ref) != list(fix):
            raise FxError("float and fixed traces have different keys")   # never expected
        for key in ref:
            mask = valid_mask(key, ref[key].shape, attention_mask)
            a, b = (ref[key], fix[key]) if mask is None else (ref[key][mask], fix[key][mask])
            self.errors.add(key, a, b)


# ---- the audit ------------------------------------------------------------------------------
@dataclass
class AuditOptions:
    """``model``: a shipped name, a model directory or a .gguf file; ``text``: a text file
    (one text per non-empty line) instead of the model kind's default data; ``strict``: a
    nonlinear module fxsim cannot replace is an error; ``preset``: what the configs start from,
    "audit" or "paper" (fxsim/audit/config.py PRESETS)."""

    model: str = "minilm"
    ops: tuple[str, ...] | None = None
    method: str = "nlspike"
    config: str | None = None
    preset: str = "audit"
    samples: int | None = None
    backend: str = "c"
    diverge_at: float = 0.05
    batch_size: int | None = None         # None: the task's default
    seed: int = 0
    text: str | None = None
    strict: bool = False


def first_divergence(rows: list[dict], threshold: float) -> dict | None:
    """The first trace row (forward order) whose relative L2 error exceeds ``threshold``."""
    for row in rows:
        if row["rel_l2"] > threshold:
            return row
    return None


def check_options(opts: AuditOptions) -> None:
    """Every check that needs no model (run before loading one)."""
    from ..torch.convert import BRIDGE_OPS
    check_spec(opts.model)
    for op in opts.ops or ():
        if op not in BRIDGE_OPS:
            raise FxError(f"unknown op {op!r}; expected some of {', '.join(BRIDGE_OPS)}")
    if opts.samples is not None and opts.samples < 1:
        raise FxError("--samples must be >= 1")
    if opts.batch_size is not None and opts.batch_size < 1:
        raise FxError("--batch-size must be >= 1")
    if not opts.diverge_at > 0:
        raise FxError("--diverge-at must be > 0")
    get_backend(opts.backend)                 # FxError naming why it cannot run
    if opts.text is not None:
        text_lines(opts.text)
    if opts.preset not in PRESETS:
        raise FxError(f"unknown preset {opts.preset!r}; expected {' or '.join(PRESETS)}")


def model_ops(model) -> tuple[str, ...]:
    """Every bridge op the model has: softmax in reachable attention, then its module ops."""
    from ..torch.convert import BRIDGE_OPS, attention_modules, bridge_op
    found = {bridge_op(m) for _, m in model.named_modules()} - {None}
    if attention_modules(model):
        found.add("softmax")
    return tuple(op for op in BRIDGE_OPS if op in found)


def run_audit(opts: AuditOptions, progress_factory=None, echo=print) -> dict:
    """Load ``opts.model`` and run the audit; returns everything the report needs
    (metrics.json content plus the error samples under ``_histograms``)."""
    check_options(opts)
    t0 = time.perf_counter()
    loaded = load_model(opts.model)
    echo(f"loaded {loaded.name} in {time.perf_counter() - t0:.1f} s"
         + (f" ({loaded.note})" if loaded.note else ""))
    texts = text_lines(opts.text) if opts.text is not None else None
    return audit_task(task_for(loaded, texts), opts, progress_factory)


def audit(model, tokenizer, texts: list[str] | None = None, kind: str | None = None,
          name: str = "model", progress_factory=None, **options) -> dict:
    """Audit any torch model with its tokenizer on ``texts`` (None: the kind's default data);
    ``kind``: "causal-lm", "embedding" (mean pooling, normalised) or "encoder" (default:
    causal-lm when the model has an output embedding layer, else encoder); ``options``:
    AuditOptions fields. Returns the result ``write_report`` writes."""
    if kind is None:
        get = getattr(model, "get_output_embeddings", None)
        kind = "causal-lm" if get is not None and get() is not None else "encoder"
    if texts is not None and not any(t.strip() for t in texts):
        raise FxError("no text to audit (every text is empty)")
    loaded = LoadedModel(name, model.eval(), tokenizer, kind,
                         pooling="mean" if kind == "embedding" else None,
                         normalize=kind == "embedding")
    opts = AuditOptions(model=name, **options)
    return audit_task(task_for(loaded, texts), opts, progress_factory)


def audit_task(task: Task, opts: AuditOptions, progress_factory=None) -> dict:
    """Convert the task's model, run its jobs in every mode and gather the result."""
    import torch

    import fxsim.torch as ft
    from ..torch.modules import kernel_threads
    found = model_ops(task.model)
    wanted = tuple(opts.ops or found)
    configs, rules = load_audit_config(opts.config, wanted, opts.method, opts.preset)
    convert_ops = {op: cfg for op, cfg in configs.items() if op != "softmax" or op in found}
    record = ft.convert(task.model, convert_ops, method=opts.method, backend=opts.backend,
                        modules=rules)
    floated = left_float(task.model)
    if opts.strict:
        check_strict(floated)
    if not record.replacements:
        raise FxError(f"{task.name} has none of the ops {', '.join(wanted)}")
    runner = Runner(task, opts.batch_size or task.batch_size, opts.seed)
    jobs = task.jobs(opts.samples, opts.seed)
    total = sum(len(j.texts) for j in jobs)
    progress_ctx = progress_factory(total) if progress_factory else None
    if progress_ctx is not None:
        with progress_ctx as bar:
            for job in jobs:
                runner.run(job, bar.update)
    else:
        for job in jobs:
            runner.run(job)
    rows = runner.errors.summary()
    op_stats = {name: {"op": type(m).__name__, "fx_op": m.fx_op, **m.stats.summary(),
                       "input_format": getattr(m.config, "input_format", None),
                       "output_format": getattr(m.config, "output_format", None),
                       "config_from": m.config_from, "fit": getattr(m.config, "fit", None)}
                for name, m in ft.stand_ins(task.model).items()}
    for row in rows:
        stats = op_stats.get(row["key"])
        row["overflow"] = stats["overflow"] if stats else None
        row["local_rel_l2"] = stats["local_rel_l2"] if stats else None
    metrics = task.metrics({j.name: j for j in jobs}, runner.modes)
    diverge = first_divergence(rows, opts.diverge_at)
    return {"model": task.name, "kind": task.loaded.kind, "method": opts.method,
            "preset": opts.preset,
            "backend": opts.backend, "ops": list(wanted), "samples": opts.samples,
            "seed": opts.seed, "batch_size": runner.batch_size, "modes": runner.modes,
            "conversion": record.to_dict(), "left_float": floated, "cache": task.loaded.note,
            "jobs": {j.name: len(j.texts) for j in jobs},
            "seconds": {m: round(s, 3) for m, s in runner.seconds.items()},
            "threads": {"torch": torch.get_num_threads(), "fxsim": kernel_threads()},
            "task_metrics": metrics, "notes": task.notes, "layers": rows, "op_stats": op_stats,
            "diverge_at": {"threshold": opts.diverge_at,
                           "first": None if diverge is None else diverge["key"]},
            "_histograms": {r["key"]: runner.errors.histogram_samples(r["key"]) for r in rows}}
