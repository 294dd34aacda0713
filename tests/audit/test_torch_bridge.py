"""fxsim.torch: stand-ins, convert, padding mask, tracing keys, on tiny random-weight
transformers models (BERT for softmax / erf GELU / LayerNorm, Gemma 3 for grouped-KV
attention, tanh GELU and the (1 + w) RMSNorm). Expected values come from the unconverted
model, torch's own functions or hand derivations."""
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

import fxsim.ops  # noqa: E402
import fxsim.torch as ft  # noqa: E402
from fxsim.errors import FxError  # noqa: E402
from fxsim.ops import ActivationConfig, NormConfig, SoftmaxConfig  # noqa: E402
from fxsim.torch.modules import fit_weight_format  # noqa: E402

ALL_BERT_OPS = {"softmax": None, "gelu": None, "layernorm": None}


def tiny_bert():
    torch.manual_seed(0)
    cfg = transformers.BertConfig(vocab_size=64, hidden_size=32, num_hidden_layers=2,
                                  num_attention_heads=4, intermediate_size=64, hidden_act="gelu",
                                  max_position_embeddings=32)
    return transformers.BertModel(cfg, add_pooling_layer=False).eval()


def tiny_gemma():
    torch.manual_seed(0)
    cfg = transformers.Gemma3TextConfig(vocab_size=64, hidden_size=32, intermediate_size=64,
                                        num_hidden_layers=2, num_attention_heads=4,
                                        num_key_value_heads=2, head_dim=8,
                                        max_position_embeddings=64, sliding_window=4)
    model = transformers.Gemma3ForCausalLM(cfg).eval()
    with torch.no_grad():                       # non-zero norm weights, so 1 + w matters
        for name, p in model.named_parameters():
            if "norm" in name:
                p.uniform_(-0.5, 0.5)
    return model


def padded_batch():
    ids = torch.tensor([[2, 5, 9, 11, 7, 3], [2, 8, 4, 3, 0, 0]])
    mask = torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]])
    return {"input_ids": ids, "attention_mask": mask}


def test_bert_float_mode_equals_unconverted_model():
    ref_model, model = tiny_bert(), tiny_bert()
    batch = padded_batch()
    with torch.inference_mode():
        ref = ref_model(**batch).last_hidden_state
    record = ft.convert(model, ALL_BERT_OPS, backend="numpy")
    assert record.count() == {"layernorm": 5, "gelu": 2, "softmax": 2}   # 1 + 2 per layer LN
    with torch.inference_mode():
        got = model(**batch).last_hidden_state
    assert torch.allclose(got, ref, atol=1e-5)


def test_padding_mask_reaches_the_fixed_softmax():
    """The short sentence alone and padded in a batch give the same fixed output on its valid
    tokens; a padding mask lost on the way (the AttentionMaskInterface trap) would let the
    two padded keys change every row."""
    model = tiny_bert()
    ft.convert(model, ALL_BERT_OPS, backend="numpy")
    ft.set_mode(model, "fixed")
    batch = padded_batch()
    alone = {k: v[1:, :4] for k, v in batch.items()}
    with torch.inference_mode():
        padded = model(**batch).last_hidden_state[1, :4]
        single = model(**alone).last_hidden_state[0]
    assert torch.allclose(padded, single, atol=1e-4)


def test_fixed_mode_close_to_float_and_stats_recorded():
    model = tiny_bert()
    batch = padded_batch()
    ft.convert(model, ALL_BERT_OPS, backend="c")
    with torch.inference_mode():
        ref = model(**batch).last_hidden_state
        ft.set_mode(model, "fixed")
        got = model(**batch).last_hidden_state
    cos = torch.nn.functional.cosine_similarity(ref.flatten(), got.flatten(), dim=0)
    assert cos > 0.99
    assert not torch.equal(got, ref)
    stats = ft.stand_ins(model)["encoder.layer.0.attention.self.fxsim_softmax"].stats.summary()
    assert stats["calls"] == 1 and stats["elements"] == 2 * 4 * 6 * 6
    # softmax output is floored to 1/256 (paper preset): local error at most about 2 LSB
    assert 0 < stats["local_max_abs"] <= 2 / 256


def test_softmax_stand_in_matches_torch_within_two_lsb():
    x = torch.tensor(np.random.default_rng(1).normal(0, 3, (16, 24)), dtype=torch.float32)
    sm = ft.FxSoftmax("nlspike", SoftmaxConfig.paper(), "numpy")
    sm.mode = "fixed"
    got = sm(x)
    assert got.dtype == torch.float32 and got.shape == x.shape
    assert (got - torch.softmax(x, -1)).abs().max() <= 2 / 256


def test_gelu_modes():
    x = torch.linspace(-6, 6, 241)
    g = ft.FxGELU("none", "nlspike", ActivationConfig.paper(), "numpy")
    assert g.fx_op == "gelu_tanh"                       # nlspike has no erf GELU
    assert torch.equal(g(x), torch.nn.functional.gelu(x))
    g.mode = "proxy"
    assert torch.equal(g(x), torch.nn.functional.gelu(x, approximate="tanh"))
    g.mode = "fixed"
    # output floored to 1/256 on top of the P1 PWL-Exp approximation (a few LSB)
    assert (g(x) - torch.nn.functional.gelu(x, approximate="tanh")).abs().max() < 8 / 256


def test_tanh_gelu_with_an_erf_only_method():
    """Gemma's tanh GELU under mbe (erf GELU only): the operator is mbe's gelu, the proxy the
    float erf GELU."""
    x = torch.linspace(-6, 6, 241)
    g = ft.FxGELU("tanh", "mbe", None, "numpy")
    assert g.fx_op == "gelu" and g.proxy_differs()
    assert not ft.FxGELU("tanh", "nlspike", None, "numpy").proxy_differs()
    assert torch.equal(g(x), torch.nn.functional.gelu(x, approximate="tanh"))
    g.mode = "proxy"
    assert torch.equal(g(x), torch.nn.functional.gelu(x))
    g.mode = "fixed"                                    # the mbe erf GELU operator itself
    want = fxsim.ops.gelu(x.numpy(), method="mbe", backend="numpy").to_float(np.float32)
    assert torch.equal(g(x), torch.from_numpy(want))


def test_trace_keys_identical_and_in_forward_order():
    model = tiny_bert()
    ft.convert(model, ALL_BERT_OPS, backend="numpy")
    batch = padded_batch()
    with torch.inference_mode(), ft.tracing(model) as float_trace:
        model(**batch)
    ft.set_mode(model, "fixed")
    with torch.inference_mode(), ft.tracing(model) as fixed_trace:
        model(**batch)
    assert list(float_trace) == list(fixed_trace)
    keys = list(float_trace)
    assert keys[0] == "embeddings.LayerNorm"
    assert keys.index("encoder.layer.0") < keys.index("encoder.layer.1.attention.self.fxsim_softmax")
    assert {"encoder.layer.0", "encoder.layer.1"} <= set(keys)
    assert float_trace["encoder.layer.0.attention.self.fxsim_softmax"].shape == (2, 4, 6, 6)


def test_gemma_float_mode_equals_unconverted_and_rms_offset():
    ref_model, model = tiny_gemma(), tiny_gemma()
    ids = torch.tensor([[2, 5, 9, 11, 7, 3, 8, 1]])
    with torch.inference_mode():
        ref = ref_model(input_ids=ids).logits
    record = ft.convert(model, {"softmax": None, "gelu": None, "rmsnorm": None}, backend="numpy")
    counts = record.count()
    # per layer: 4 block norms + q_norm + k_norm; plus the final norm
    assert counts == {"rmsnorm": 2 * 6 + 1, "gelu": 2, "softmax": 2}
    assert all(r.fx_op == "gelu_tanh" for r in record.replacements if r.op == "gelu")
    with torch.inference_mode():
        got = model(input_ids=ids).logits
    assert torch.allclose(got, ref, atol=1e-4)
    norm = ft.stand_ins(model)["model.norm"]
    assert norm.weight_offset == 1.0
    ft.set_mode(model, "fixed")
    with torch.inference_mode():
        fixed = model(input_ids=ids).logits
    assert torch.nn.functional.cosine_similarity(fixed.flatten(), ref.flatten(), dim=0) > 0.98


def test_rms_weight_offset_plain_and_gemma():
    from transformers.models.gemma3.modeling_gemma3 import Gemma3RMSNorm
    from transformers.models.llama.modeling_llama import LlamaRMSNorm
    llama, gemma = LlamaRMSNorm(8), Gemma3RMSNorm(8)
    with torch.no_grad():
        llama.weight.copy_(torch.linspace(0.5, 2, 8))
        gemma.weight.copy_(torch.linspace(-0.5, 2, 8))
    assert ft.rms_weight_offset(llama) == 0.0
    assert ft.rms_weight_offset(gemma) == 1.0


def test_fit_weight_format_widens_integer_bits():
    cfg = NormConfig.paper()                      # weight_format fixed<16,4>: [-8, 8)
    same, note = fit_weight_format(cfg, np.array([7.5, -8.0]))
    assert same is cfg and note is None
    # |w| = 20 needs 6 integer bits (sign included, [-32, 32)); the 12 fraction bits stay
    wider, note = fit_weight_format(cfg, np.array([0.1, -20.0]))
    assert wider.weight_format == "fixed<18,6,RND_CONV,SAT>"
    assert "fixed<16,4" in note and "fixed<18,6" in note
    with pytest.raises(FxError):
        fit_weight_format(cfg, np.array([2.0 ** 21]))


def test_convert_errors():
    model = tiny_bert()
    with pytest.raises(FxError, match="unknown bridge op"):
        ft.convert(model, {"tanh": None})
    with pytest.raises(FxError, match="unknown method"):
        ft.convert(model, {"gelu": None}, method="nosuch")
    ft.convert(model, {"gelu": None}, backend="numpy")
    with pytest.raises(FxError, match="already converted"):
        ft.convert(model, {"gelu": None})
    with pytest.raises(FxError, match="unknown mode"):
        ft.set_mode(model, "half")


def test_layernorm_stand_in_uses_module_eps_and_affine():
    ln = torch.nn.LayerNorm(16, eps=1e-12)
    with torch.no_grad():
        ln.weight.copy_(torch.linspace(0.5, 1.5, 16))
        ln.bias.copy_(torch.linspace(-0.2, 0.2, 16))
    stand = ft.FxNorm("layernorm", ln.weight, ln.bias, ln.eps, 0.0, "nlspike",
                      NormConfig.paper(), "numpy")
    assert stand.config.eps == 1e-12
    x = torch.tensor(np.random.default_rng(2).normal(0, 2, (8, 16)), dtype=torch.float32)
    assert torch.allclose(stand(x), ln(x), atol=1e-6)
    stand.mode = "fixed"
    # output floored to 1/256 after a CORDIC norm with n = 8: within a few LSB
    assert (stand(x) - ln(x)).abs().max() < 4 / 256
    assert math.isclose(stand.stats.summary()["input_min"]["fixed"], float(x.min()))


def test_op_stats_local_error_by_hand():
    """OpStats.see_fixed over two calls; expected values written out for y - ref =
    [0.5, -0.25, 0, 1] and [-2]: max |e| = 2, mean |e| = 3.75 / 5, rel L2 =
    sqrt(5.3125 / sum ref^2)."""
    from fxsim.torch.modules import OpStats
    stats = OpStats()
    ref1 = torch.tensor([[1.0, 2.0], [-1.0, 0.5]])
    stats.see_fixed(ref1 + torch.tensor([[0.5, -0.25], [0.0, 1.0]]), ref1, {"overflow": 2})
    ref2 = torch.tensor([3.0])
    stats.see_fixed(ref2 - 2.0, ref2, {"overflow": 1, "glue.overflow_input": 1})
    s = stats.summary()
    assert s["calls"] == 2 and s["elements"] == 5
    assert s["local_max_abs"] == 2.0
    assert s["local_mean_abs"] == pytest.approx(3.75 / 5)
    assert s["local_rel_l2"] == pytest.approx(math.sqrt(5.3125 / (1 + 4 + 1 + 0.25 + 9)))
    assert (s["output_min"], s["output_max"]) == (-1.0, 1.75)     # y = [1.5, 1.75, -1, 1.5], [1]
    assert (s["overflow"], s["overflow_input"]) == (3, 1)


def test_convert_rejects_a_config_of_the_wrong_class():
    with pytest.raises(FxError, match=r"ops\['gelu'\]: config must be a ActivationConfig, a dict "
                                      r"or None, got NormConfig"):
        ft.convert(tiny_bert(), {"gelu": NormConfig.paper()}, backend="numpy")
