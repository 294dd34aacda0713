"""The audit's tasks per model kind (fxsim/audit/models.py KINDS): what texts run, how a batch
is encoded and reduced to outputs, and the task metrics per mode.

- causal-lm: windows of tokens of the Lee corpus (or the user's text); perplexity, next-token
  top-1 agreement with float and the mean KL divergence KL(float || mode) of the next-token
  distributions over every predicted position (llama.cpp's quantization metrics);
- embedding: the sentence-transformers tasks (Lee document similarity, WordSim353, SimLex999,
  a sentiment probe on tweets trained on float embeddings);
- encoder (or an embedding model on the user's text): errors of the final hidden state (or
  embedding) of each mode against float over the unpadded tokens.

A metric the sample cannot support (a correlation over fewer than MIN_COMPUTABLE pairs or of a
constant) is None with a note; one over fewer than MIN_PAIRS pairs carries a warning note.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import FxError
from .data import lee_corpus, tweets, word_pairs
from .models import LoadedModel

#: fewest pairs a correlation is computed on (two points always correlate perfectly)
MIN_COMPUTABLE = 3
#: fewer pairs than this give a warning: the standard error of Fisher's z, 1/sqrt(n - 3),
#: exceeds 0.24, larger than the float-vs-fixed differences the audit measures
MIN_PAIRS = 20


@dataclass
class Job:
    """Texts to run; ``float_only`` jobs (probe training) skip the proxy and fixed runs."""

    name: str
    texts: list
    float_only: bool = False
    outputs: dict = field(default_factory=dict)       # mode -> list of per-batch outputs


def take(n_total: int, samples: int | None) -> int:
    return n_total if samples is None else min(n_total, samples)


def correlation(kind: str, a, b, name: str, notes: list[str]) -> float | None:
    """Pearson or Spearman correlation of ``a`` and ``b``; None (with a note) when the sample
    cannot give one, a warning note when it is smaller than MIN_PAIRS."""
    n = len(a)
    if n < MIN_COMPUTABLE or np.ptp(a) == 0 or np.ptp(b) == 0:
        notes.append(f"{name}: not computable on {n} pair(s) (needs >= {MIN_COMPUTABLE} "
                     "non-constant pairs); reported as null")
        return None
    if n < MIN_PAIRS:
        note = f"{name}: only {n} pairs (< {MIN_PAIRS}); the correlation is noisy"
        if note not in notes:
            notes.append(note)
    from scipy import stats
    fn = stats.pearsonr if kind == "pearson" else stats.spearmanr
    return float(fn(a, b).statistic)


class Task:
    """A loaded model, its jobs and metrics. ``reduce`` sees one batch's outputs of every mode
    (to compare modes before large outputs are dropped)."""

    batch_size = 16
    max_length = 256

    def __init__(self, loaded: LoadedModel, texts: list[str] | None = None) -> None:
        self.loaded = loaded
        self.model = loaded.model
        self.tokenizer = loaded.tokenizer
        self.name = loaded.name
        self.texts = texts
        self.notes: list[str] = []

    def has_proxy(self) -> bool:
        """True when some stand-in approximates a different float function (an erf GELU run
        as gelu_tanh), so the proxy mode differs from the float one."""
        from ..torch import stand_ins
        return any(m.proxy_differs() for m in stand_ins(self.model).values())

    def encode(self, texts):
        tok = self.tokenizer
        if tok.pad_token is None:
            tok.pad_token = tok.eos_token or tok.unk_token
        return tok(list(texts), padding=True, truncation=True, max_length=self.max_length,
                   return_tensors="pt")

    def reduce(self, outputs: dict) -> dict:
        return outputs


class HiddenStateTask(Task):
    """The final hidden state (pooled and normalised for an embedding model) per unpadded
    token: relative L2 error, cosine and max abs error of each mode against float."""

    def forward(self, inputs):
        hidden = self.model(**inputs).last_hidden_state.float()
        if self.loaded.pooling:
            hidden = pool(hidden, inputs["attention_mask"], self.loaded.pooling,
                          self.loaded.normalize)
            return hidden.numpy(), hidden.numpy()
        mask = inputs["attention_mask"].bool()
        return hidden[mask].numpy(), hidden.numpy()

    def jobs(self, samples: int | None, seed: int) -> list[Job]:
        texts = self.texts if self.texts is not None else lee_corpus()[0]
        return [Job("hidden_state", texts[:take(len(texts), samples)])]

    def metrics(self, jobs: dict[str, Job], modes: list[str]) -> dict:
        job = jobs["hidden_state"]
        ref = np.concatenate(job.outputs["float"]).astype(np.float64)
        out: dict[str, dict] = {}
        for mode in modes:
            x = np.concatenate(job.outputs[mode]).astype(np.float64)
            err = x - ref
            cos = (x * ref).sum(-1) / np.maximum(
                np.linalg.norm(x, axis=-1) * np.linalg.norm(ref, axis=-1), 1e-30)
            out.setdefault("hidden_rel_l2", {})[mode] = float(
                np.linalg.norm(err) / max(np.linalg.norm(ref), 1e-30))
            out.setdefault("hidden_mean_cosine", {})[mode] = float(cos.mean())
            out.setdefault("hidden_max_abs", {})[mode] = float(np.abs(err).max())
        return out


def pool(hidden, attention_mask, mode: str, normalize: bool):
    """Sentence embeddings [B, D] of hidden [B, T, D]: mean over unpadded tokens or the first
    (CLS) token, L2-normalised when ``normalize``."""
    import torch
    if mode == "cls":
        pooled = hidden[:, 0]
    else:
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1) if normalize else pooled


class EmbeddingTask(Task):
    """Sentence embeddings: Lee document similarity (Pearson, Spearman vs the human matrix),
    WordSim353 / SimLex999 (Spearman) and a logistic-regression sentiment probe on tweets."""

    def forward(self, inputs):
        hidden = self.model(**inputs).last_hidden_state
        emb = pool(hidden, inputs["attention_mask"], self.loaded.pooling,
                   self.loaded.normalize).numpy()
        return emb, emb

    def jobs(self, samples: int | None, seed: int) -> list[Job]:
        docs, self.lee_sims = lee_corpus()
        docs = docs[:take(len(docs), samples)]
        jobs = [Job("lee", docs)]
        self.pairs = {}
        for name in ("wordsim353", "simlex999"):
            pairs = word_pairs(name)
            pairs = pairs[:take(len(pairs), samples)]
            self.pairs[name] = pairs
            words = sorted({w for a, b, _ in pairs for w in (a, b)})
            jobs.append(Job(name, words))
        texts, labels = tweets()
        order = np.random.default_rng(seed).permutation(len(texts))
        n_test = take(1000, samples)
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
                    out.setdefault(f"{name}_spearman", {})[mode] = correlation(
                        "spearman", cos, [s for _, _, s in pairs], f"{name}_spearman",
                        self.notes)
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
            for kind in ("pearson", "spearman"):
                out.setdefault(f"lee_{kind}", {})[mode] = correlation(
                    kind, cos, human, f"lee_{kind}", self.notes)

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


class CausalLMTask(Task):
    """Next-token prediction on windows of ``window`` tokens of one text (the Lee documents
    joined by blank lines, or the user's text), each window led by the BOS token when the
    tokenizer has one."""

    batch_size = 4
    window = 64

    def encode(self, windows):
        import torch
        ids = torch.tensor(np.asarray(windows, dtype=np.int64))
        return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}

    def forward(self, inputs):
        import torch
        logits = self.model(**inputs).logits[:, :-1].float()
        logp = torch.log_softmax(logits, -1)
        target = inputs["input_ids"][:, 1:]
        nll = -logp.gather(-1, target.unsqueeze(-1)).squeeze(-1)
        top_logp, top1 = logp.max(-1)
        return {"nll": nll.numpy(), "top1": top1.numpy(), "logp": logp}, top_logp.exp().numpy()

    def reduce(self, outputs: dict) -> dict:
        """Per position KL(float || mode) in nats; the full distributions are dropped."""
        ref = outputs["float"]["logp"]
        for out in outputs.values():
            out["kl"] = (ref.exp() * (ref - out["logp"])).sum(-1).clamp(min=0).numpy()
        for out in outputs.values():
            del out["logp"]
        return outputs

    def jobs(self, samples: int | None, seed: int) -> list[Job]:
        text = "\n\n".join(self.texts if self.texts is not None else lee_corpus()[0])
        ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
        bos = self.tokenizer.bos_token_id
        step = self.window - (bos is not None)
        lead = [] if bos is None else [bos]
        windows = [lead + ids[i:i + step] for i in range(0, len(ids) - step + 1, step)]
        if not windows:
            raise FxError(f"the text has {len(ids)} tokens, fewer than one window of "
                          f"{step} tokens")
        name = "lee_next_token" if self.texts is None else "text_next_token"
        return [Job(name, windows[:take(len(windows), samples or 16)])]

    def metrics(self, jobs: dict[str, Job], modes: list[str]) -> dict:
        (job,) = jobs.values()
        out: dict[str, dict] = {"perplexity": {}, "top1_agreement_pct": {}, "mean_kl_nats": {}}
        ref = np.concatenate([o["top1"] for o in job.outputs["float"]])
        for mode in modes:
            nll = np.concatenate([o["nll"] for o in job.outputs[mode]])
            top1 = np.concatenate([o["top1"] for o in job.outputs[mode]])
            kl = np.concatenate([o["kl"] for o in job.outputs[mode]])
            out["perplexity"][mode] = float(np.exp(nll.astype(np.float64).mean()))
            out["top1_agreement_pct"][mode] = 100.0 * float((top1 == ref).mean())
            out["mean_kl_nats"][mode] = float(kl.astype(np.float64).mean())
        return out


def task_for(loaded: LoadedModel, texts: list[str] | None = None) -> Task:
    """The task of a model's kind (an embedding model on the user's texts: its embedding's
    errors)."""
    if loaded.kind == "causal-lm":
        return CausalLMTask(loaded, texts)
    if loaded.kind == "embedding" and texts is None:
        return EmbeddingTask(loaded)
    return HiddenStateTask(loaded, texts)
