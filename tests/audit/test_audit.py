"""fxsim audit pieces without a pretrained model: error accumulation, valid-token masks,
divergence, config loading, report writing (atomic, self-contained HTML) and CLI errors."""
import json
import math

import numpy as np
import pytest

from fxsim.audit import LayerErrors, first_divergence, load_configs, valid_mask
from fxsim.cli import main
from fxsim.errors import FxError
from fxsim.formats import Format
from fxsim.ops.mbe.config import activation_fit
from fxsim.primitives.mbe import fit_record


def test_layer_errors_match_numpy_on_the_concatenation(rng):
    acc = LayerErrors()
    refs, fixes = [], []
    for n in (50, 7, 300):
        ref = rng.normal(size=n)
        fix = ref + rng.normal(scale=0.01, size=n)
        acc.add("k", ref, fix)
        refs.append(ref)
        fixes.append(fix)
    ref, fix = np.concatenate(refs), np.concatenate(fixes)
    row = acc.summary()[0]
    assert row["elements"] == 357
    assert row["max_abs"] == pytest.approx(np.abs(fix - ref).max())
    assert row["mean_abs"] == pytest.approx(np.abs(fix - ref).mean())
    assert row["rel_l2"] == pytest.approx(np.linalg.norm(fix - ref) / np.linalg.norm(ref))
    cos = fix @ ref / (np.linalg.norm(fix) * np.linalg.norm(ref))
    assert row["cosine"] == pytest.approx(cos)
    assert (row["float_min"], row["float_max"]) == (ref.min(), ref.max())
    assert acc.histogram_samples("k").size <= 357


def test_valid_mask_shapes():
    am = np.array([[1, 1, 1], [1, 1, 0]])
    hidden = valid_mask("encoder.layer.0", (2, 3, 5), am)
    assert hidden.sum() == 5 * 5 and not hidden[1, 2].any()
    sm = valid_mask("x.fxsim_softmax", (2, 4, 3, 3), am)
    assert sm.sum() == 4 * (9 + 4)                      # 3x3 valid pairs, then 2x2
    qn = valid_mask("x.q_norm", (2, 4, 3, 8), am)        # [B, H, T, D]
    assert qn.sum() == 4 * 8 * 5
    assert valid_mask("output", (2, 7), am) is None


def test_first_divergence():
    rows = [{"key": "a", "rel_l2": 0.01}, {"key": "b", "rel_l2": 0.2}, {"key": "c", "rel_l2": 0.3}]
    assert first_divergence(rows, 0.1)["key"] == "b"
    assert first_divergence(rows, 0.5) is None


def test_load_configs_overrides_and_errors(tmp_path):
    cfgs = load_configs(None, ("softmax", "gelu", "layernorm"), "nlspike", preset="paper")
    assert cfgs["softmax"].n == 8 and cfgs["layernorm"].eps == 1e-5
    path = tmp_path / "c.toml"
    path.write_text('[softmax]\nn = 12\noutput_format = "ufixed<13,1,TRN,SAT>"\n'
                    '[norm]\noutput_format = "fixed<20,8,RND_CONV,SAT>"\nn = 12\n')
    cfgs = load_configs(str(path), ("softmax", "layernorm"), "nlspike")
    assert cfgs["softmax"].n == 12 and cfgs["layernorm"].output_format.startswith("fixed<20,8")
    with pytest.raises(FxError, match="match no audited op"):
        load_configs(str(path), ("softmax",), "nlspike")
    with pytest.raises(FxError, match="unknown method"):
        load_configs(None, ("softmax",), "nosuch")
    with pytest.raises(FxError, match="unknown preset"):
        load_configs(None, ("softmax",), "nlspike", preset="nosuch")


def test_audit_preset_holds_real_residual_streams_and_rounds_outputs(tmp_path):
    """The audit preset (the default): the norm input holds Gemma-3-270M's largest observed
    residual-stream value (1.04e5) and its (1 + w) norm outputs (2.9e3); every output is
    rounded to nearest from a quotient with more fractional bits than the output keeps."""
    cfgs = load_configs(None, ("softmax", "silu", "rmsnorm"), "nlspike")
    norm_in, norm_out = (Format.parse(cfgs["rmsnorm"].input_format),
                         Format.parse(cfgs["rmsnorm"].output_format))
    assert norm_in.max_raw * norm_in.lsb > 1.04e5 and norm_out.max_raw * norm_out.lsb > 2.9e3
    for cfg in cfgs.values():
        out = Format.parse(cfg.output_format)
        assert out.rounding.name == "RND_CONV" and out.frac < cfg.n
    path = tmp_path / "c.toml"
    path.write_text('[norm]\nn = 12\n')                   # one field over the preset
    over = load_configs(str(path), ("rmsnorm",), "nlspike")["rmsnorm"]
    assert over.n == 12 and over.input_format == cfgs["rmsnorm"].input_format


def fake_result():
    layers = [{"key": "embeddings.LayerNorm", "elements": 10, "max_abs": 0.01, "mean_abs": 0.001,
               "rel_l2": 0.004, "cosine": 0.9999, "float_min": -1.0, "float_max": 2.0,
               "overflow": 0, "local_rel_l2": 0.004},
              {"key": "output", "elements": 10, "max_abs": 0.02, "mean_abs": 0.002,
               "rel_l2": 0.08, "cosine": 0.996, "float_min": -0.2, "float_max": 0.3,
               "overflow": None, "local_rel_l2": None}]
    op_stats = {"embeddings.LayerNorm": {"op": "FxNorm", "fx_op": "layernorm",
                                         "input_min": {"float": -0.5}, "input_max": {"float": 300.0},
                                         "overflow": 3, "overflow_input": 3, "local_rel_l2": 0.004,
                                         "input_format": "fixed<32,8,RND_CONV,SAT>",
                                         "output_format": "fixed<16,8,TRN,SAT>"}}
    return {"model": "minilm", "method": "nlspike", "backend": "numpy", "ops": ["layernorm"],
            "modes": ["float", "proxy", "fixed"], "samples": 2, "seed": 0, "batch_size": 2,
            "conversion": {"method": "nlspike", "backend": "numpy", "configs": {},
                           "replacements": [{"name": "embeddings.LayerNorm", "op": "layernorm",
                                             "fx_op": "layernorm", "replaced": "LayerNorm",
                                             "note": None}]},
            "cache": None, "jobs": {"lee": 2}, "seconds": {"float": 0.1, "fixed": 0.5},
            "task_metrics": {"lee_pearson": {"float": 0.6, "proxy": 0.61, "fixed": 0.58}},
            "layers": layers, "op_stats": op_stats,
            "diverge_at": {"threshold": 0.05, "first": "output"},
            "_histograms": {"output": np.linspace(-0.01, 0.01, 50)}}


def test_write_report_files_atomic_and_self_contained(tmp_path):
    pytest.importorskip("matplotlib")
    from fxsim.audit import write_report
    out = tmp_path / "rep"
    write_report(fake_result(), out, "fxsim audit --model minilm")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["report.md", "report.html", "metrics.json", "layer_errors.png",
         "error_histograms.png", "ranges.png"])
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") == 3 and "src=\"layer_errors.png\"" not in html
    md = (out / "report.md").read_text()
    # fixed - float and proxy - float of the Lee Pearson row, by hand: -0.02 and +0.01
    assert "| lee_pearson | 0.6 | 0.61 | 0.58 | -0.02 | 0.01 |" in md
    assert "relative L2 error > 0.05: output" in md
    metrics = json.loads((out / "metrics.json").read_text())
    assert "_histograms" not in metrics and metrics["layers"][1]["rel_l2"] == 0.08
    assert [p.name for p in tmp_path.iterdir()] == ["rep"]          # no temp dir left
    with pytest.raises(FxError, match="exists"):
        write_report(fake_result(), out, "again")
    bad = fake_result()
    bad["layers"][0]["rel_l2"] = "not a number"                      # plotting fails
    with pytest.raises(Exception):
        write_report(bad, out, "again", force=True)
    assert (out / "report.md").read_text() == md                      # old report intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]


@pytest.mark.parametrize("args, message", [
    (["--model", "gpt5"], "unknown model"),
    (["--model", "minilm", "--ops", "softmax,tanh"], "unknown op"),
    (["--model", "minilm", "--samples", "0"], "--samples must be >= 1"),
    (["--model", "minilm", "--diverge-at", "0"], "--diverge-at must be > 0"),
    (["--model", "minilm", "--backend", "fortran"], "backend"),
])
def test_cli_user_errors_are_one_line(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        main(["audit", *args, "--out", str(tmp_path / "r")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_refuses_existing_out_dir(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["audit", "--model", "minilm", "--out", str(tmp_path)])
    assert exc.value.code == 2 and "--force" in capsys.readouterr().err



MBE_OPS = ("softmax", "gelu", "silu", "layernorm", "rmsnorm")


def test_mbe_audit_preset_is_p2_plus_the_documented_fields():
    """--preset paper is P2's preset (T = 16; N = 4 GELU / SiLU fits; N = 8 exp2, 1/x, 1/sqrt
    fits; the MBE_Id multiply, no Newton step); the mbe audit preset differs from it only in
    the fields docs/audit.md "Defaults" lists: SAR multiply and one Newton step in softmax and
    norms, an N = 16 exact-tails fit for GELU, an N = 8 cut-tails fit on [-4, 6] for SiLU,
    both weighted by the shipped activation histograms."""
    documented = {"softmax": {"encoder": "sar", "recip_newton": 1},
                  "gelu": {"fit": "gelu_tails_n16"}, "silu": {"fit": "silu_cut_n8"},
                  "layernorm": {"encoder": "sar", "rsqrt_newton": 1},
                  "rmsnorm": {"encoder": "sar", "rsqrt_newton": 1}}
    paper = load_configs(None, MBE_OPS, "mbe", preset="paper")
    audit = load_configs(None, MBE_OPS, "mbe")
    for op in MBE_OPS:
        p, a = paper[op].to_dict(), audit[op].to_dict()
        assert {k: v for k, v in a.items() if p[k] != v} == documented[op], op
    for op in ("gelu", "silu"):
        record = fit_record(activation_fit(op, paper[op].fit))
        assert (record["N"], record["T"], record.get("tails", False)) == (4, 16, False)
    gelu, silu = (fit_record(audit[op].fit) for op in ("gelu", "silu"))
    assert (gelu["N"], gelu["T"], gelu["tails"], gelu["domain"]) == (16, 16, True, [-5.5, 5.5])
    assert (silu["N"], silu["T"], silu["cut"]) == (8, 16, [-4.0, 6.0])
    assert (gelu["fitter"]["weighting"], silu["fitter"]["weighting"]) == (
        "act:gelu_gemma3_270m", "act:silu_smollm2_135m")
    assert silu["tail_error"] == pytest.approx(4 / (1 + math.exp(4)), abs=1e-6)   # at x = -4
    for op in ("softmax", "layernorm", "rmsnorm"):
        assert (paper[op].encoder, paper[op].steps) == ("fit", 16)
        assert getattr(paper[op], "recip_newton", 0) == getattr(paper[op], "rsqrt_newton", 0) == 0
    scalar = paper["softmax"].range_config()
    for name in (scalar.exp2_fit, scalar.inv_fit, scalar.rsqrt_fit):
        assert (fit_record(name)["N"], fit_record(name)["T"]) == (8, 16)
