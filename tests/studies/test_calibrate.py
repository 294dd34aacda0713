"""fxsim calibrate and per-module audit configs on a tiny random Llama
(tests/audit/tiny_models.py, its own words and widened weights) with its offline word-level
tokenizer. Expected ranges come from torch hooks on the unconverted model; the sizing rule is
derived by hand in each test."""
import json
import math
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("tokenizers")

sys.path.insert(0, str(Path(__file__).parents[1] / "audit"))
import tiny_models  # noqa: E402

import fxsim.torch as ft  # noqa: E402
from fxsim.audit import load_audit_config  # noqa: E402
from fxsim.errors import FxError  # noqa: E402
from fxsim.formats import Format  # noqa: E402
from fxsim.studies.calibrate import (InputStats, calibrate, edges, int_bits,  # noqa: E402
                                     sized_format)

ROOT = Path(__file__).resolve().parents[2]
WORDS = "the a cat dog sat on mat ran far and fast slow big small red blue".split()
TEXTS = ["the cat sat on the mat", "a big red dog ran far and fast",
         "the small blue cat ran slow", "a dog sat on a big mat and the cat ran"]
OPS = ("softmax", "silu", "rmsnorm")


def widen(model) -> None:
    """Weights that take the inputs past the paper formats' ranges."""
    for name, p in model.named_parameters():
        if "norm" in name:
            p.uniform_(0.5, 3.0)
        elif "embed" in name:
            p.mul_(40.0)                           # inputs well beyond +-1
    model.model.norm.weight.fill_(60.0)            # outputs beyond fixed<16,8>'s +-128


def tiny_llama():
    return tiny_models.build("llama", words=WORDS, init=widen)


def tiny_tokenizer():
    return tiny_models.tokenizer(WORDS)


@pytest.fixture(scope="module")
def calibrated():
    return calibrate(tiny_llama(), tiny_tokenizer(), TEXTS, OPS)


def test_int_bits_by_hand():
    # margin 2: 100 -> 200 needs 8 magnitude bits + sign = 9 (range +-256 > 200)
    assert int_bits(100.0, 2.0) == 9
    assert int_bits(127.9, 2.0) == 10                     # 255.8 -> 256: 9 bits + sign
    assert int_bits(0.3, 2.0) == 2                        # 0.6 -> 1: 1 bit + sign (+-2)
    assert int_bits(0.0, 2.0) == 1
    assert sized_format(Format.parse("fixed<32,8,RND_CONV,SAT>"), 100.0, 2.0, "x") == \
        Format.parse("fixed<32,9,RND_CONV,SAT>")
    for a in (0.01, 0.6, 1.0, 3.7, 5e4):
        i = int_bits(a, 2.0)
        assert 2.0 ** (i - 1) > 2 * a                     # at least 2x headroom
        assert a < 0.5 or 2 * a >= 2.0 ** (i - 3)         # under 8x from 0.5 up (2 bits min)
    with pytest.raises(FxError, match="integer bits"):
        sized_format(Format.parse("fixed<12,4>"), 1e4, 2.0, "x")


def test_input_stats_equal_numpy_on_the_concatenation(rng):
    st, parts = InputStats(), []
    for n in (10, 1000, 3):
        x = rng.normal(scale=50, size=n)
        st.add(x, rng)
        parts.append(x)
    x = np.concatenate(parts)
    assert (st.count, st.min, st.max) == (x.size, x.min(), x.max())
    e = edges()
    assert (st.counts == np.histogram(x, e)[0]).all() and st.counts.sum() == x.size
    assert set(st.samples()) <= set(x)


def observed_absmax(model, tokenizer, kinds):
    """{name: (max |input|, max |output|)} of every module of the given classes (hooks on the
    unconverted model), each text led by the tokenizer's BOS token as calibrate leads it."""
    seen = {}

    def hook(mod, args, out, name):
        old = seen.get(name, (0.0, 0.0))
        seen[name] = (max(old[0], float(args[0].abs().max())), max(old[1], float(out.abs().max())))

    hooks = [m.register_forward_hook(lambda mod, args, out, name=name: hook(mod, args, out, name))
             for name, m in model.named_modules() if type(m).__name__ in kinds]
    with torch.inference_mode():
        for text in TEXTS:
            ids = [tokenizer.bos_token_id] + tokenizer(text)["input_ids"]
            model(input_ids=torch.tensor([ids]))
    for h in hooks:
        h.remove()
    return seen


def test_calibrate_records_each_module_and_sizes_its_input(calibrated):
    ref = observed_absmax(tiny_llama(), tiny_tokenizer(), ("SiLUActivation", "SiLU",
                                                           "LlamaRMSNorm"))
    got = {m.name: m for m in calibrated.modules}
    assert set(ref) < set(got)                   # plus the two softmax modules
    assert sum(n.endswith("fxsim_softmax") for n in got) == 2
    widened = []
    for name, (absmax, out_absmax) in ref.items():
        m = got[name]
        assert m.stats.absmax == pytest.approx(absmax, rel=1e-6)
        bits = 1 + math.ceil(2 * absmax).bit_length()
        assert Format.parse(m.formats["input_format"]).int_bits == bits
        assert Format.parse(m.formats["input_format"]).width == 32
        # outputs: paper fixed<16,8,TRN,SAT> kept unless 2 x max |output| passes 2^7
        out_bits = 1 + math.ceil(2 * out_absmax).bit_length()
        if out_bits > 8:
            widened.append(name)
            assert m.formats["output_format"] == f"fixed<{out_bits + 8},{out_bits},TRN,SAT>"
        else:
            assert "output_format" not in m.formats
    assert widened == ["model.norm"]
    # masked (causal) scores are left out: the softmax minimum is a real score, not -128
    for name, m in got.items():
        if name.endswith("fxsim_softmax"):
            assert m.stats.min > -128 and m.table == "softmax"
    assert calibrated.texts == 4 and calibrated.unseen == []


def test_written_config_drives_convert_per_module(calibrated, tmp_path):
    path, npz = calibrated.write(tmp_path / "cal.toml")
    doc = tomllib.loads(path.read_text())
    assert doc["calibration"]["margin"] == 2.0 and len(doc["module"]) == len(calibrated.modules)
    data = np.load(npz)
    assert data["counts"].shape == (len(calibrated.modules), len(edges()) - 1)
    assert list(data["names"]) == [m.name for m in calibrated.modules]
    configs, rules = load_audit_config(str(path), OPS, "nlspike")
    model = tiny_llama()
    record = ft.convert(model, configs, backend="numpy", modules=rules)
    sized = {m.name: m.formats["input_format"] for m in calibrated.modules}
    for r in record.replacements:
        assert r.config_from == r.name
    for name, m in ft.stand_ins(model).items():
        assert m.config.input_format == sized[name]


def test_first_matching_rule_wins_and_the_op_table_fills_the_rest(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[activation]\nn = 10\noutput_format = "fixed<16,8,TRN,SAT>"\n'
                    '[[module]]\npattern = "model.layers.1.*"\n'
                    '[module.activation]\ninput_format = "fixed<20,6,RND_CONV,SAT>"\n'
                    '[[module]]\npattern = "*.mlp.act_fn"\n'
                    '[module.activation]\ninput_format = "fixed<24,9,RND_CONV,SAT>"\n')
    configs, rules = load_audit_config(str(path), ("silu",), "nlspike")
    model = tiny_llama()
    ft.convert(model, configs, backend="numpy", modules=rules)
    acts = {n: m for n, m in ft.stand_ins(model).items()}
    first, second = acts["model.layers.0.mlp.act_fn"], acts["model.layers.1.mlp.act_fn"]
    assert (first.config.input_format, first.config_from) == ("fixed<24,9,RND_CONV,SAT>",
                                                              "*.mlp.act_fn")
    assert (second.config.input_format, second.config_from) == ("fixed<20,6,RND_CONV,SAT>",
                                                                "model.layers.1.*")
    assert first.config.n == second.config.n == 10


@pytest.mark.parametrize("text, match", [
    ('[[module]]\npattern = "encoder.*"\n[module.activation]\nn = 10\n',
     "names no replaced module"),
    ('[[module]]\npattern = "*"\n[module.activation]\nnn = 10\n', "unknown key"),
    ('[[module]]\npattern = "*"\ncolour = 1\n[module.activation]\nn = 10\n', "unknown key"),
    ('[[module]]\npattern = "*"\n[module.norm]\nn = 10\n', "unknown key"),
    ('[[module]]\n[module.activation]\nn = 10\n', "needs pattern"),
    ('[mystery]\nn = 1\n', "match no audited op"),
])
def test_bad_per_module_configs_are_one_line_errors(tmp_path, text, match):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(FxError, match=match) as info:
        configs, rules = load_audit_config(str(path), ("silu",), "nlspike")
        ft.convert(tiny_llama(), configs, backend="numpy", modules=rules)
    assert "\n" not in str(info.value)


def test_calibrate_refuses_no_text():
    with pytest.raises(FxError, match="non-empty text"):
        calibrate(tiny_llama(), tiny_tokenizer(), ["", "  "], OPS)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "fxsim.cli", "calibrate", *args],
                          capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("case", ["empty_text", "unwritable", "not_toml", "missing_dir"])
def test_cli_bad_input_is_one_line_before_any_model_run(tmp_path, case):
    text = tmp_path / "t.txt"
    text.write_text("\n  \n")
    out = tmp_path / "cal.toml"
    if case == "unwritable":
        out = Path("/proc/fxsim-calibrate-test.toml")    # no new file there, even for root
    elif case == "not_toml":
        out = tmp_path / "cal.txt"
    elif case == "missing_dir":
        out = tmp_path / "nosuch" / "cal.toml"
    res = run_cli("--model", "minilm", "--text", str(text), "--out", str(out))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert {"empty_text": "holds no text", "unwritable": "not writable", "not_toml": ".toml",
            "missing_dir": "does not exist"}[case] in res.stderr
    assert "loaded" not in res.stdout and not out.exists()
    assert not out.with_suffix(".npz").exists()


def test_an_interrupted_write_leaves_no_config_and_no_sidecar(calibrated, tmp_path,
                                                              monkeypatch):
    """The sidecar was renamed into place before the config was written: a Ctrl-C while the
    TOML was written left a sidecar without its config."""
    def interrupt(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_text", interrupt)
    with pytest.raises(KeyboardInterrupt):
        calibrated.write(tmp_path / "cal.toml")
    assert list(tmp_path.iterdir()) == []


def test_output_target_gives_each_module_the_fewest_bits_meeting_it():
    """--output-rel-l2: each softmax and SiLU module's output F (rounded to nearest even, n =
    F + 1) meets the target on its recorded rows and F - 1 does not; the error is recomputed
    here from the operator and torch's float function on the rows calibrate kept."""
    from fxsim import ops
    from fxsim.studies.output_widths import FRACS
    target = 0.004
    cal = calibrate(tiny_llama(), tiny_tokenizer(), TEXTS, OPS, output_rel_l2=target)
    base = load_audit_config(None, OPS, "nlspike", preset="paper")[0]
    float_fn = {"softmax": lambda t: torch.softmax(t, -1), "silu": torch.nn.functional.silu}
    checked = 0
    for m in cal.modules:
        if m.op not in float_fn:
            continue
        out = Format.parse(m.formats["output_format"])
        assert out.rounding.name == "RND_CONV" and m.formats["n"] == out.frac + 1

        def error(frac):
            fmt = out.replace(width=out.int_bits + frac, frac=frac)
            cfg = base[m.op].replace(input_format=m.formats["input_format"], n=frac + 1,
                                     output_format=str(fmt))
            err = ref = 0.0
            floor = Format.parse(cfg.input_format).min_raw * Format.parse(cfg.input_format).lsb
            for x in m.stats.rows:                  # masked scores: -inf, the input's minimum
                seen = np.where(np.isneginf(x), floor, x)
                y = ops.get(m.op, "nlspike")(seen, config=cfg, backend="numpy").to_float()
                # torch's float32 function, as calibrate defines the reference (float64 differs
                # by float32 rounding, which moves the error by ~1e-6 on AVX-512 machines)
                f = float_fn[m.op](torch.from_numpy(x)).double().numpy()
                err, ref = err + ((y - f) ** 2).sum(), ref + (f ** 2).sum()
            return math.sqrt(err / ref)

        assert m.output_met and error(out.frac) <= target
        assert m.output_rel_l2 == pytest.approx(error(out.frac), rel=1e-6)
        if out.frac > FRACS.start:
            assert error(out.frac - 1) > target
        checked += 1
    assert checked == 4                       # 2 softmax + 2 SiLU modules


def test_mbe_calibration_writes_per_module_fits_the_audit_reads(tmp_path):
    """--method mbe: each SiLU module gets its own tails fit (weighted by its histogram) in
    <stem>.fits.json; the config's relative FILE#NAME resolves beside the TOML, and the fixed
    run reports spikes and adds per element."""
    pytest.importorskip("scipy")
    from fxsim.ops import MbeActivationConfig
    from fxsim.studies.calibrate import fit_modules
    base = {"silu": MbeActivationConfig.tails()}
    cal = calibrate(tiny_llama(), tiny_tokenizer(), TEXTS, ("silu",), "mbe", base)
    fit_modules(cal, max_evals=40)
    path, _ = cal.write(tmp_path / "cal.toml")
    fits = json.loads((tmp_path / "cal.fits.json").read_text())["fits"]
    assert set(fits) == {m.name for m in cal.modules} and len(fits) == 2
    for name, record in fits.items():
        assert record["tails"] and record["domain"] == [-19.0, 19.0]   # SiLU's c at 22 bits
        assert record["fitter"]["weighting"] == f"hist:{name}"
        assert 0 < record["rel_l2_weighted"] < 1
    configs, rules = load_audit_config(str(path), ("silu",), "mbe")
    model = tiny_llama()
    ft.convert(model, configs, method="mbe", backend="numpy", modules=rules)
    ft.set_mode(model, "fixed")
    with torch.inference_mode():
        model(**tiny_tokenizer()(TEXTS[0], return_tensors="pt"))
    for name, m in ft.stand_ins(model).items():
        assert m.config.fit == f"{tmp_path / 'cal.fits.json'}#{name}"
        assert m.stats.summary()["spikes_per_element"] > 0


def test_report_rows_show_cost_and_fit():
    """The layer table's cost cell (spikes / adds per element) and config cell (pattern, fit;
    a per-module FILE#KEY fit shown by its file name)."""
    from fxsim.audit.report import layer_header, layer_rows
    row = {"key": "l0.act", "max_abs": 0.1, "mean_abs": 0.01, "rel_l2": 0.02, "cosine": 0.99,
           "float_min": -1.0, "float_max": 2.0, "overflow": 0, "local_rel_l2": 0.03}
    st = {"input_min": {"float": -1.0}, "input_max": {"float": 2.0}, "input_format": "f",
          "config_from": "l0.act", "fit": "/tmp/x/cal.fits.json#l0.act",
          "spikes_per_element": 12.345, "adds_per_element": 30.0}
    cells = dict(zip(layer_header(), layer_rows({"layers": [row], "op_stats": {"l0.act": st}})[0]))
    assert cells["spikes / adds per element"] == "12.35 / 30.00"
    assert cells["config"] == "l0.act, fit cal.fits.json"
    st.update(config_from="op", fit="tails")
    cells = dict(zip(layer_header(), layer_rows({"layers": [row], "op_stats": {"l0.act": st}})[0]))
    assert cells["config"] == "op, fit tails"
