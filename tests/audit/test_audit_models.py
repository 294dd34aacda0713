"""``fxsim audit --model DIR|FILE.gguf`` on tiny randomly initialised models of every supported
family (tests/audit/tiny_models.py; nothing downloaded), the Python ``audit`` API, modules left
float and ``--strict``, and the bad inputs of model resolution and the sample-size notes.

Independent expectations: perplexity and KL(float || fixed) recomputed here from the converted
model's own logits with torch's cross entropy and scipy's ``rel_entr``; the null / warning
rules from their definition (two points always correlate perfectly: fewer than 3 pairs cannot
give a correlation)."""
import json
import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gensim")

sys.path.insert(0, str(Path(__file__).parent))
import tiny_models  # noqa: E402

from fxsim.audit import AuditOptions, audit, run_audit  # noqa: E402
from fxsim.audit.tasks import MIN_PAIRS, correlation  # noqa: E402
from fxsim.cli import main  # noqa: E402
from fxsim.errors import FxError  # noqa: E402

QUIET = {"echo": lambda *_: None}
EXPECTED_OPS = {"bert": ["softmax", "gelu", "layernorm"], "roberta": ["softmax", "gelu", "layernorm"],
                "mpnet": ["gelu", "layernorm"], "llama": ["softmax", "silu", "rmsnorm"],
                "qwen2": ["softmax", "silu", "rmsnorm"], "gemma3_text": ["softmax", "gelu", "rmsnorm"],
                "gpt2": ["softmax", "gelu", "layernorm"]}


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    cache = {}

    def get(family: str) -> Path:
        if family not in cache:
            cache[family] = tiny_models.save(family, root / family)
        return cache[family]
    return get


@pytest.mark.parametrize("family", list(EXPECTED_OPS))
def test_every_family_audits_from_its_directory(family, saved):
    result = run_audit(AuditOptions(model=str(saved(family)), samples=2), **QUIET)
    kind = "causal-lm" if family in tiny_models.DECODERS else "encoder"
    assert result["kind"] == kind
    assert sorted({r["op"] for r in result["conversion"]["replacements"]}) == \
        sorted(EXPECTED_OPS[family])
    floated = result["left_float"]
    if family == "mpnet":         # softmax computed inline in MPNet's attention: listed
        assert [r["op"] for r in floated] == ["softmax"] and floated[0]["unsupported"]
    else:
        assert floated == []
    m = result["task_metrics"]
    if kind == "causal-lm":
        assert m["top1_agreement_pct"]["float"] == 100.0 and m["mean_kl_nats"]["float"] == 0.0
        assert m["top1_agreement_pct"]["fixed"] >= 80.0 and 0 < m["mean_kl_nats"]["fixed"] < 0.1
    else:
        assert m["hidden_rel_l2"]["float"] == 0.0 and 0 < m["hidden_rel_l2"]["fixed"] < 0.1


def test_causal_metrics_match_an_independent_computation(saved):
    """Python API on a loaded model: perplexity and KL recomputed from the converted model (P1's
    paper widths, so the fixed model's KL is well above float32 rounding)."""
    from scipy.special import rel_entr
    from transformers import AutoModelForCausalLM, AutoTokenizer

    import fxsim.torch as ft
    folder = saved("llama")
    model = AutoModelForCausalLM.from_pretrained(folder)
    tok = AutoTokenizer.from_pretrained(folder)
    text = " ".join(tiny_models.WORDS * 4)
    result = audit(model, tok, [text], name="tiny-llama", ops=("softmax", "silu", "rmsnorm"),
                   preset="paper")
    assert result["kind"] == "causal-lm" and result["jobs"] == {"text_next_token": 3}
    ids = tok(text, add_special_tokens=False)["input_ids"]
    windows = torch.tensor([[tok.bos_token_id] + ids[i:i + 63] for i in (0, 63, 126)])
    logp = {}
    for mode in ("float", "fixed"):
        ft.set_mode(model, mode)
        with torch.no_grad():
            logits = model(input_ids=windows).logits[:, :-1].double()
        logp[mode] = torch.log_softmax(logits, -1)
        nll = torch.nn.functional.cross_entropy(logits.transpose(1, 2), windows[:, 1:])
        assert result["task_metrics"]["perplexity"][mode] == pytest.approx(
            float(torch.exp(nll)), rel=1e-4)
    p, q = logp["float"].exp().numpy(), logp["fixed"].exp().numpy()
    kl = rel_entr(p, q).sum(-1).mean()
    assert result["task_metrics"]["mean_kl_nats"]["fixed"] == pytest.approx(kl, rel=1e-3, abs=1e-8)


class ScaleNorm(torch.nn.Module):
    """A norm fxsim has no operator for (x / max|x|)."""

    def forward(self, x):
        return x / x.abs().amax(-1, keepdim=True).clamp(min=1e-6)


def test_unknown_module_is_listed_and_strict_refuses_it(saved, tmp_path):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from fxsim.audit import write_report
    folder = saved("qwen2")
    tok = AutoTokenizer.from_pretrained(folder)
    texts = [" ".join(tiny_models.WORDS * 8)]

    def model():
        m = AutoModelForCausalLM.from_pretrained(folder)
        m.model.layers[1].post_attention_layernorm = ScaleNorm()
        return m
    with pytest.raises(FxError, match=r"--strict: 1 nonlinear module.*layers\.1\."
                                      r"post_attention_layernorm \(ScaleNorm\)"):
        audit(model(), tok, texts, strict=True)
    result = audit(model(), tok, texts)
    assert [(r["name"], r["unsupported"]) for r in result["left_float"]] == \
        [("model.layers.1.post_attention_layernorm", True)]
    write_report(result, tmp_path / "rep", "test")
    md = (tmp_path / "rep" / "report.md").read_text()
    assert "left float: ScaleNorm x1 (no fxsim operator for this module" in md


def test_sentence_transformers_directory_and_small_sample_notes(saved, tmp_path, capsys):
    """A sentence-transformers layout (Pooling: CLS) runs the embedding tasks; --samples 2 gives
    null correlations with a note and still writes the report; a small sample warns."""
    folder = saved("bert")
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(
        {"pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False}))
    (folder / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling",
         "type": "sentence_transformers.models.Pooling"}]))
    out = tmp_path / "rep"
    main(["audit", "--model", str(folder), "--samples", "2", "--ops", "layernorm",
          "--out", str(out)])
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["kind"] == "embedding"
    assert metrics["task_metrics"]["lee_pearson"] == {"float": None, "proxy": None,
                                                      "fixed": None} or \
        metrics["task_metrics"]["lee_pearson"] == {"float": None, "fixed": None}
    assert "sentiment_accuracy_pct" in metrics["task_metrics"]
    assert any(n.startswith("lee_pearson: not computable on 1 pair") for n in metrics["notes"])
    err = capsys.readouterr().err
    assert "warning: lee_pearson: not computable" in err and "Traceback" not in err


def test_correlation_notes():
    notes = []
    assert correlation("pearson", [1.0, 2.0], [3.0, 1.0], "x", notes) is None
    assert correlation("pearson", [1.0, 1.0, 1.0], [3.0, 1.0, 2.0], "y", notes) is None
    r = correlation("pearson", [1.0, 2.0, 3.0, 5.0], [1.0, 3.0, 2.0, 5.0], "z", notes)
    assert r == pytest.approx(np.corrcoef([1, 2, 3, 5], [1, 3, 2, 5])[0, 1])
    assert [n.split(":")[0] for n in notes] == ["x", "y", "z"]
    assert f"only 4 pairs (< {MIN_PAIRS})" in notes[2]
    rng = np.random.default_rng(0)
    a = rng.normal(size=MIN_PAIRS)
    assert correlation("spearman", a, a + rng.normal(size=MIN_PAIRS), "w", notes) is not None
    assert len(notes) == 3                             # MIN_PAIRS pairs: no warning


def _cli_error(capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        main(["audit", *argv])
    err = capsys.readouterr().err
    assert exc.value.code != 0 and message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bad_models_and_text_are_one_line_errors(tmp_path, capsys, saved):
    out = tmp_path / "rep"
    (tmp_path / "empty").mkdir()
    _cli_error(capsys, ["--model", "no-such-model", "--out", str(out)], "unknown model")
    _cli_error(capsys, ["--model", str(tmp_path / "empty"), "--out", str(out)],
               "is not a model directory")
    (tmp_path / "garbage.gguf").write_bytes(b"not a gguf file at all")
    _cli_error(capsys, ["--model", str(tmp_path / "garbage.gguf"), "--out", str(out)],
               "garbage.gguf")
    gguf = b"GGUF" + (3).to_bytes(4, "little") + (10).to_bytes(8, "little") * 2 + b"\x05\x00"
    (tmp_path / "truncated.gguf").write_bytes(gguf)          # header promises 10 tensors
    _cli_error(capsys, ["--model", str(tmp_path / "truncated.gguf"), "--out", str(out)],
               "truncated.gguf")
    t5 = tmp_path / "t5"
    t5.mkdir()
    (t5 / "config.json").write_text(json.dumps({"model_type": "t5", "d_model": 32}))
    _cli_error(capsys, ["--model", str(t5), "--out", str(out)], "unsupported architecture 't5'")
    (tmp_path / "blank.txt").write_text("\n  \n")
    _cli_error(capsys, ["--model", str(saved("llama")), "--text", str(tmp_path / "blank.txt"),
                        "--out", str(out)], "holds no text")
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        ["blank.txt", "empty", "garbage.gguf", "t5", "truncated.gguf"]   # nothing written


def test_out_checked_before_the_model_runs(tmp_path, capsys, monkeypatch):
    import fxsim.audit.run as run

    def no_load(spec):
        raise AssertionError("model loaded before --out was checked")
    monkeypatch.setattr(run, "load_model", no_load)
    _cli_error(capsys, ["--model", "minilm", "--out", str(tmp_path / "missing" / "rep")],
               "output directory does not exist")


@pytest.mark.slow
def test_sweep_audit_in_two_processes_gives_the_serial_rows(saved):
    """`fxsim sweep audit -j 2` on a model directory (the tiny Llama: spawned worker processes
    load it themselves) gives the rows of the serial run, value for value; the two softmax
    output widths give different fixed runs."""
    from fxsim.studies.sweep import sweep
    options = dict(grid=["softmax.output_format.frac=4,10"], model=str(saved("llama")),
                   ops=("softmax",), samples=1, backend="c")
    serial = sweep("audit", **options)
    parallel = sweep("audit", jobs=2, **options)
    assert [r["status"] for r in serial] == ["ok", "ok"]
    assert parallel == serial
    assert serial[0]["mean_kl_nats.fixed"] != serial[1]["mean_kl_nats.fixed"]
