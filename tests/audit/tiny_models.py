"""Tiny randomly initialised transformers models (2 layers, hidden 32) of every supported
family, saved with an offline word-level tokenizer: structure tests of ``fxsim audit --model
DIR`` and calibration tests without downloading anything. A test may give its own words (the
vocabulary) and an ``init`` that rescales the weights (inputs beyond a format's range)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

WORDS = ("the a of to and in is was for on that with by he it at said as from his an be "
         "has have are were had its not but which their they been who will after two one "
         "year new people first government police president minister world").split()
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "<s>", "</s>"]
SIZE = {"hidden": 32, "layers": 2, "heads": 4, "ffn": 64, "positions": 160}


def tokenizer(words: Sequence[str] = WORDS):
    """A word-level fast tokenizer over SPECIALS + ``words`` (unknown words -> [UNK])."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast
    vocab = {w: i for i, w in enumerate(SPECIALS + list(words))}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", unk_token="[UNK]",
                                   cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]",
                                   bos_token="<s>", eos_token="</s>")


def config(family: str, words: Sequence[str] = WORDS):
    """The transformers config of a tiny ``family`` model (model_type names) whose vocabulary
    is SPECIALS + ``words``."""
    import transformers as tr
    v = len(SPECIALS) + len(words)
    h, n, heads, ffn, pos = (SIZE[k] for k in ("hidden", "layers", "heads", "ffn", "positions"))
    common = dict(vocab_size=v, hidden_size=h, num_hidden_layers=n, num_attention_heads=heads,
                  intermediate_size=ffn, max_position_embeddings=pos, pad_token_id=0)
    decoder = dict(common, num_key_value_heads=2, bos_token_id=5, eos_token_id=6)
    made = {"bert": lambda: tr.BertConfig(**common),
            "roberta": lambda: tr.RobertaConfig(**common),
            "mpnet": lambda: tr.MPNetConfig(**common),
            "llama": lambda: tr.LlamaConfig(**decoder),
            "qwen2": lambda: tr.Qwen2Config(**decoder),
            "gemma3_text": lambda: tr.Gemma3TextConfig(**decoder, head_dim=8),
            "gpt2": lambda: tr.GPT2Config(vocab_size=v, n_embd=h, n_layer=n, n_head=heads,
                                          n_positions=pos, bos_token_id=5, eos_token_id=6)}
    return made[family]()


DECODERS = ("llama", "qwen2", "gemma3_text", "gpt2")
ENCODERS = ("bert", "roberta", "mpnet")


def build(family: str, seed: int = 0, words: Sequence[str] = WORDS,
          init: Callable | None = None):
    """A tiny random ``family`` model in eval mode, drawn from ``seed``; ``init(model)`` (under
    torch.no_grad) then changes its weights."""
    import torch
    from transformers import AutoModel, AutoModelForCausalLM
    torch.manual_seed(seed)
    cls = AutoModelForCausalLM if family in DECODERS else AutoModel
    model = cls.from_config(config(family, words)).eval()
    if init is not None:
        with torch.no_grad():
            init(model)
    return model


def save(family: str, folder: Path, seed: int = 0, words: Sequence[str] = WORDS,
         init: Callable | None = None) -> Path:
    """Save :func:`build`'s model and the tokenizer of its words into ``folder``."""
    build(family, seed, words, init).save_pretrained(folder)
    tokenizer(words).save_pretrained(folder)
    return folder
