"""`fxsim sweep audit` from a base config (--config) auditing more ops than the grid sweeps
(--ops): the real fxsim.audit config loader, a stand-in run_audit that reads the TOML."""
import csv
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

from fxsim import FxError
from fxsim.formats import Format
from fxsim.studies.sweep import sweep as sweep_fn

ROOT = Path(__file__).resolve().parents[2]
BASE = """
[softmax]
n = 16
output_format = "ufixed<17,1,RND_CONV,SAT>"

[activation]
n = 16
"""


@pytest.fixture
def fake_audit(monkeypatch):
    """fxsim.audit with its real load_configs and AuditOptions; run_audit returns a Lee
    Pearson of 0.25 float and 0.25 + softmax frac / 1000 fixed, and records what it saw."""
    import fxsim.audit as real
    seen = []

    def run_audit(opts, echo=print):
        doc = tomllib.loads(Path(opts.config).read_text())
        frac = Format.parse(doc["softmax"]["output_format"]).frac
        seen.append((opts.ops, doc["softmax"]["output_format"], doc["softmax"]["n"],
                     doc["activation"]["n"]))
        return {"task_metrics": {"lee_pearson": {"float": 0.25, "fixed": 0.25 + frac / 1000}}}

    fake = types.SimpleNamespace(AuditOptions=real.AuditOptions, load_configs=real.load_configs,
                                 run_audit=run_audit)
    monkeypatch.setitem(sys.modules, "fxsim.audit", fake)
    return seen


def test_points_start_from_the_base_config_and_audit_every_op(tmp_path, fake_audit):
    base = tmp_path / "base.toml"
    base.write_text(BASE)
    recs = sweep_fn("audit", grid=["softmax.output_format.frac=10,12"], model="minilm",
                    config=base, ops=("softmax", "gelu"), out=tmp_path / "a")
    # frac 10 and 12 keep the base's one integer bit; softmax and gelu n = 16 come from the base
    # (the paper presets have n = 8); gelu's [activation] table is in every point
    assert fake_audit == [(("softmax", "gelu"), "ufixed<11,1,RND_CONV,SAT>", 16, 16),
                          (("softmax", "gelu"), "ufixed<13,1,RND_CONV,SAT>", 16, 16)]
    assert [r["lee_pearson.delta"] for r in recs] == pytest.approx([0.010, 0.012])
    with open(tmp_path / "a" / "results.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [float(r["lee_pearson.delta"]) for r in rows] == pytest.approx([0.010, 0.012])
    assert (tmp_path / "a" / "deltas.png").stat().st_size > 1000


def test_without_ops_only_the_grid_ops_are_audited(tmp_path, fake_audit):
    base = tmp_path / "base.toml"
    base.write_text(BASE)
    with pytest.raises(FxError, match="activation"):     # the base's gelu table matches no op
        sweep_fn("audit", grid=["softmax.n=12"], model="minilm", config=base, out=None)


def test_a_grid_op_outside_ops_is_refused(tmp_path, fake_audit):
    with pytest.raises(FxError, match="not in --ops"):
        sweep_fn("audit", grid=["softmax.n=12"], model="minilm", ops=("gelu",), out=None)
    assert fake_audit == []


def test_cli_ops_error_is_one_line(tmp_path):
    res = subprocess.run([sys.executable, "-m", "fxsim.cli", "sweep", "audit", "--model",
                          "minilm", "--ops", "gelu", "--grid", "softmax.n=12", "--out",
                          str(tmp_path / "o")], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 2 and "not in --ops gelu" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "o").exists()


def test_combine_tool_joins_families_with_their_settings(tmp_path):
    """tools/combine_audit_sweeps.py on two hand-written family results."""
    header = "point,{f},lee_pearson.float,lee_pearson.fixed,lee_pearson.delta,status\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "results.csv").write_text(
        header.format(f="gelu.L") + "0,5.0,0.5,0.51,0.01,ok\n1,6.0,0.5,0.503,0.003,ok\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "results.csv").write_text(
        "point,softmax.n,softmax.output_format.frac,lee_pearson.float,lee_pearson.fixed,"
        "lee_pearson.delta,status\n0,12,10,0.5,0.499,-0.001,ok\n")
    res = subprocess.run([sys.executable, "tools/combine_audit_sweeps.py", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    with open(tmp_path / "results.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["family"], r["setting"], r["lee_pearson.delta"]) for r in rows] == [
        ("a", "gelu.L=5.0", "0.01"), ("a", "gelu.L=6.0", "0.003"),
        ("b", "softmax.n=12, softmax.output_format.frac=10", "-0.001")]
    assert (tmp_path / "deltas.png").stat().st_size > 1000


def test_results_csv_holds_every_finished_point_while_the_sweep_runs(tmp_path, monkeypatch):
    """A point that fails after two finished ones leaves those two in results.csv."""
    import fxsim.audit as real
    calls = []

    def run_audit(opts, echo=print):
        calls.append(opts.config)
        if len(calls) == 3:
            raise RuntimeError("killed")
        return {"task_metrics": {"lee_pearson": {"float": 0.5, "fixed": 0.5 + len(calls)}}}

    monkeypatch.setitem(sys.modules, "fxsim.audit", types.SimpleNamespace(
        AuditOptions=real.AuditOptions, load_configs=real.load_configs, run_audit=run_audit))
    with pytest.raises(RuntimeError):
        sweep_fn("audit", grid=["softmax.n=13,14,15"], model="minilm", out=tmp_path / "a")
    with open(tmp_path / "a" / "results.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["softmax.n"], r["lee_pearson.delta"]) for r in rows] == [("13", "1.0"),
                                                                        ("14", "2.0")]


def test_shipped_minilm_configs_load_for_their_methods():
    """The README's audit configs validate; the min config is the paper's output widths with
    two more softmax bits, rounded to nearest even."""
    from fxsim.audit import load_configs
    ops3 = ("softmax", "gelu", "layernorm")
    low = load_configs(str(ROOT / "examples/audit_minilm_min.toml"), ops3, "nlspike")
    assert (low["softmax"].output_format, low["softmax"].n) == ("ufixed<11,1,RND_CONV,SAT>", 11)
    assert low["gelu"].output_format == low["layernorm"].output_format == "fixed<16,8,RND_CONV,SAT>"
    assert (low["layernorm"].input_format, low["layernorm"].norm_input_format) == (
        "fixed<22,10,RND_CONV,SAT>", "fixed<18,10,RND,SAT>")
    mbe = load_configs(str(ROOT / "examples/audit_minilm_mbe_wide.toml"), ops3, "mbe")
    assert (mbe["gelu"].fit, mbe["softmax"].encoder, mbe["layernorm"].invstd_int_bits) == (
        "gelu_n8", "sar", 6)


def test_shipped_gemma_configs_load_for_their_methods():
    """The README's Gemma audit configs validate for the ops they are run with."""
    from fxsim.audit import load_configs
    nl = load_configs(str(ROOT / "examples/audit_gemma.toml"), ("softmax", "gelu", "rmsnorm"),
                      "nlspike")
    assert nl["rmsnorm"].input_format == "fixed<32,18,RND_CONV,SAT>"
    mbe = load_configs(str(ROOT / "examples/audit_gemma_mbe.toml"), ("softmax", "gelu"), "mbe")
    assert (mbe["gelu"].fit, mbe["softmax"].encoder, mbe["softmax"].recip_newton) == (
        "gelu_n8", "sar", 1)
