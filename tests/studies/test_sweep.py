"""Sweeps (docs/sweeps.md): grid syntax, field paths, metrics and cost by hand, results equal a
direct computation, resume, process pool and Dask equal the inline run row for row, bad input."""
import csv
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from fxsim import FxError, ops
from fxsim.floatref.functions import reference
from fxsim.ops.nlspike.config import ActivationConfig, SoftmaxConfig
from fxsim.studies.sweep import (apply_point, load_workload, make_axes, metric_values, pareto,
                                 parse_grid, smallest_within, state_bits, table_bits)
from fxsim.studies.sweep import sweep as sweep_fn

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["output_format.frac=6:8", "exp_slope_format.frac=10,14"]


def fxsim(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "fxsim.cli", *args], cwd=cwd,
                          capture_output=True, text=True)


# ---- grid syntax and field paths ---------------------------------------------------------------
def test_grid_ranges_lists_and_formats():
    grid = parse_grid(["K=1:7:3", "L=0.5:1.5:0.5", "n=8", "G=0,256",
                       "output_format=fixed<16,8,TRN,SAT>,ufixed<9,1>"])
    assert grid["K"] == [1, 4, 7]                       # HI inclusive
    assert grid["L"] == [0.5, 1.0, 1.5]
    assert grid["n"] == ["8"] and grid["G"] == ["0", "256"]
    assert grid["output_format"] == ["fixed<16,8,TRN,SAT>", "ufixed<9,1>"]


def test_format_parts_move_the_width_as_documented():
    base = ActivationConfig(n=12)                       # output fixed<16,8,TRN,SAT>: frac 8
    # frac keeps the 8 integer bits: width 8 + 10; width keeps frac 8: 12 - 8 = 4 integer bits
    assert apply_point(base, {"output_format.frac": 10}).output_format == "fixed<18,8,TRN,SAT>"
    assert apply_point(base, {"output_format.width": 12}).output_format == "fixed<12,4,TRN,SAT>"
    both = apply_point(base, {"output_format.width": 12, "output_format.frac": 10})
    assert both.output_format == "fixed<12,2,TRN,SAT>"
    assert apply_point(base, {"output_format.int": 4}).output_format == "fixed<12,4,TRN,SAT>"
    assert apply_point(base, {"output_format.rounding": "RND",
                              "output_format.overflow": "WRAP"}).output_format == \
        "fixed<16,8,RND,WRAP>"
    assert base.output_format == "fixed<16,8,TRN,SAT>"   # the base is not modified


def test_a_point_is_validated_once_with_all_its_fields():
    base = SoftmaxConfig.paper()                        # n = 8: frac 12 alone is refused
    with pytest.raises(FxError, match="more fractional bits"):
        apply_point(base, {"output_format.frac": 12})
    cfg = apply_point(base, {"output_format.frac": 12, "n": 12})
    assert (cfg.n, cfg.fmt("output_format").frac) == (12, 12)


@dataclass
class _Inner:
    fmt: str = "fixed<8,4,TRN,SAT>"
    steps: int = 16


@dataclass
class _Outer:
    inner: _Inner
    gain: float = 1.0


def test_dotted_paths_reach_nested_configs():
    base = _Outer(_Inner())
    axes = make_axes(base, parse_grid(["inner.steps=4,8", "inner.fmt.frac=2", "gain=0.5"]))
    assert [(a.path, a.kind, a.values) for a in axes] == [
        ("inner.steps", "int", (4, 8)), ("inner.fmt.frac", "format.frac", (2,)),
        ("gain", "float", (0.5,))]
    new = apply_point(base, {"inner.steps": 8, "inner.fmt.frac": 2})
    assert new.inner == _Inner("fixed<6,4,TRN,SAT>", 8) and base.inner.steps == 16
    with pytest.raises(FxError, match="is a section"):
        make_axes(base, {"inner": [1]})
    with pytest.raises(FxError, match="unknown field 'inner.nope'"):
        make_axes(base, {"inner.nope": [1]})


@pytest.mark.parametrize("spec, message", [
    ("nope=1", "unknown field 'nope'"), ("K=abc", "'abc' is not an integer"),
    ("K=1.5", "'1.5' is not an integer"), ("L=x", "'x' is not a number"),
    ("normalize=maybe", "not a boolean"), ("output_format.rounding=FOO", "unknown rounding"),
    ("output_format=fixed<", "not a format"), ("K=5:1", "empty grid"),
    ("K=1:9:0", "step must be > 0")])
def test_bad_grids_raise_one_message(spec, message):
    with pytest.raises(FxError, match=message):
        make_axes(ActivationConfig.paper(), parse_grid([spec]))


# ---- metrics, references, cost by hand -------------------------------------------------------
def test_metrics_by_hand():
    m = metric_values(np.array([1.0, -2.0, 2.0]), np.array([3.0, 4.0, 0.0]))
    assert m["mean_abs"] == pytest.approx(5 / 3) and m["max_abs"] == 2.0
    assert m["mse"] == pytest.approx(3.0)              # (1 + 4 + 4) / 3
    assert m["rel_l2"] == pytest.approx(3 / 5)          # sqrt(9) / sqrt(25)


def test_float_references_equal_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(3)
    x = 3.0 * rng.standard_normal((16, 24))
    t = torch.from_numpy(x)
    oracle = {"softmax": F.softmax(t, dim=-1), "sigmoid": torch.sigmoid(t), "silu": F.silu(t),
              "gelu": F.gelu(t), "gelu_tanh": F.gelu(t, approximate="tanh"),
              "tanh": torch.tanh(t), "exp": torch.exp(t),
              "rmsnorm": F.rms_norm(t, (24,), eps=1e-5),
              "layernorm": F.layer_norm(t, (24,), eps=1e-5)}
    for op, want in oracle.items():
        np.testing.assert_allclose(reference(op, x), want.numpy(), rtol=1e-12, atol=1e-14,
                                   err_msg=op)
    pos = np.abs(x) + 0.5
    tp = torch.from_numpy(pos)
    np.testing.assert_allclose(reference("reciprocal", pos), torch.reciprocal(tp))
    np.testing.assert_allclose(reference("rsqrt", pos), torch.rsqrt(tp))


def test_state_and_table_bits_by_hand():
    # activation paper preset: six 32-bit formats (input, exp input, slope, intercept, exp
    # output, poly), a 16-bit output and const_width 24
    assert state_bits(ActivationConfig.paper()) == 6 * 32 + 16 + 24
    # [-3, 0, 5] needs 4-bit two's complement; [0, 255] 8 unsigned bits; non-int lists count 0
    assert table_bits({"a": [-3, 0, 5], "b": {"c": [0, 255]}, "d": [0.5], "e": 7}) == 12 + 16


def test_pareto_and_smallest_by_hand():
    rows = [dict(point=0, status="ok", m=1.0, total_bits=10, ops_per_elem=5, spikes_per_elem=1),
            dict(point=1, status="ok", m=2.0, total_bits=12, ops_per_elem=5, spikes_per_elem=1),
            dict(point=2, status="ok", m=0.5, total_bits=20, ops_per_elem=5, spikes_per_elem=1),
            dict(point=3, status="ok", m=3.0, total_bits=8, ops_per_elem=9, spikes_per_elem=1),
            dict(point=4, status="invalid: x", m=math.nan, total_bits=1, ops_per_elem=0,
                 spikes_per_elem=0)]
    # point 1 is beaten by point 0 on every axis; the others each win somewhere
    assert [r["point"] for r in pareto(rows, "m")] == [3, 0, 2]
    assert smallest_within(rows, {"m": 1.0})["point"] == 0          # 1.0 <= 1.1
    assert smallest_within(rows, {"m": 0.9})["point"] == 2          # 1.0 > 0.99, 0.5 fits
    assert smallest_within(rows, {"m": 0.4}) is None                # 0.5 > 0.44
    # a second criterion: ops_per_elem <= 1.1 * 4 rules out every point but 3 (9 > 4.4)
    assert smallest_within(rows, {"m": 3.0, "ops_per_elem": 4.0}) is None
    assert smallest_within(rows, {"m": 3.0, "ops_per_elem": 9.0})["point"] == 3


def test_workloads():
    x = load_workload("silu", "p1")
    assert x.shape == (20001,) and (x[0], x[-1]) == (-5.0, 5.0)      # P1: 20001 points of [-5, 5]
    assert load_workload("softmax", "p1", d=8, rows=3).shape == (3, 8)
    g = load_workload("gelu", "p2")
    assert g.shape == (10_000,) and (g[0], g[-1]) == (-120.0, 10.0)  # P2 Table X domain
    r = load_workload("rsqrt", "p2")
    assert (r[0], r[-1]) == (0.5, 2.0)
    with pytest.raises(FxError, match="no P2 workload"):
        load_workload("softmax", "p2")
    with pytest.raises(FxError, match="unknown workload"):
        load_workload("silu", "p3")


# ---- end to end --------------------------------------------------------------------------------
def test_sweep_rows_equal_a_direct_computation(tmp_path):
    recs = sweep_fn("silu", "nlspike", ["output_format.frac=6:8"], "p1", out=tmp_path / "s",
                    plots=False)
    x = np.linspace(-5.0, 5.0, 20001)
    exact = x / (1.0 + np.exp(-x))                       # SiLU written out, not fxsim.floatref
    for rec, frac in zip(recs, (6, 7, 8)):
        cfg = ActivationConfig(output_format=f"fixed<{8 + frac},8,TRN,SAT>")
        y = ops.silu(x, config=cfg).to_float()
        assert rec["output_format.frac"] == frac and rec["status"] == "ok"
        assert rec["mean_abs"] == pytest.approx(np.mean(np.abs(y - exact)), rel=1e-12)
        assert rec["max_abs"] == pytest.approx(np.max(np.abs(y - exact)), rel=1e-12)
        # flooring to 2^-frac on a dense grid costs half an LSB on average
        assert rec["ref_mean_abs"] == pytest.approx(2.0 ** -(frac + 1), rel=0.02)
    with open(tmp_path / "s" / "results.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["point"]) for r in rows] == [0, 1, 2]
    assert [float(r["mean_abs"]) for r in rows] == [r["mean_abs"] for r in recs]
    assert rows[0]["fxsim_version"] and rows[0]["seed"] == "0"


def test_invalid_points_are_rows_not_failures(tmp_path):
    recs = sweep_fn("softmax", grid=["output_format.frac=8,12"], out=tmp_path / "s",
                    plots=False)
    assert recs[0]["status"] == "ok"
    assert recs[1]["status"].startswith("invalid:") and math.isnan(recs[1]["mean_abs"])


def test_outputs_and_plots_are_written(tmp_path):
    out = tmp_path / "s"
    sweep_fn("silu", grid=SMALL, out=out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["base_config.toml", "mean_abs_vs_exp_slope_format_frac.png",
                     "mean_abs_vs_output_format_frac.png",
                     "pareto.csv", "pareto.png", "results.csv", "summary.md"]
    for png in out.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = (out / "summary.md").read_text()
    assert "within 10 % on mean_abs:" in summary
    assert "within 10 % on mean_abs and max_abs" in summary
    assert ActivationConfig.from_toml(out / "base_config.toml") == ActivationConfig.paper()


def test_resume_runs_only_missing_points(tmp_path, monkeypatch):
    full = tmp_path / "full"
    sweep_fn("silu", grid=SMALL, out=full, plots=False)
    part = tmp_path / "part"
    part.mkdir()
    lines = (full / "results.csv").read_text().splitlines(keepends=True)
    # an interrupted sweep: three finished rows in completion order and a torn fourth
    (part / "results.csv").write_text(lines[0] + lines[3] + lines[1] + lines[5] + lines[2][:30])
    module = sys.modules["fxsim.studies.sweep.run"]
    calls = []
    real = module.evaluate
    monkeypatch.setattr(module, "evaluate", lambda *a, **k: calls.append(1) or real(*a, **k))
    sweep_fn("silu", grid=SMALL, out=part, plots=False, resume=True)
    assert len(calls) == 1 + 3                        # the baseline and the 3 missing points
    assert (part / "results.csv").read_text() == (full / "results.csv").read_text()


def test_process_pool_equals_inline(tmp_path):
    sweep_fn("silu", grid=SMALL, out=tmp_path / "a", plots=False)
    sweep_fn("silu", grid=SMALL, out=tmp_path / "b", plots=False, jobs=2)
    assert (tmp_path / "a" / "results.csv").read_bytes() == \
        (tmp_path / "b" / "results.csv").read_bytes()


def test_dask_local_cluster_equals_local_run(tmp_path):
    import distributed                        # the sweep extra: CI installs it, so no skip
    sweep_fn("softmax", grid=["output_format.frac=6:8", "K=32,64"], out=tmp_path / "local",
             plots=False, d=16, rows=32)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        sweep_fn("softmax", grid=["output_format.frac=6:8", "K=32,64"], out=tmp_path / "dask",
                 plots=False, d=16, rows=32, dask=cluster.scheduler_address)
    local = (tmp_path / "local" / "results.csv").read_text().splitlines()
    remote = (tmp_path / "dask" / "results.csv").read_text().splitlines()
    assert len(local) == 7 and local == remote


# ---- the CLI: one line, non-zero, nothing written ---------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["--grid", "nope=1"], "unknown field 'nope'"),
    (["--grid", "K=abc"], "is not an integer"),
    ([], "empty grid"),
    (["--grid", "K=2:200", "--grid", "n=0:20", "--grid", "G=0:30"], "pass --yes"),
    (["--grid", "K=64", "--metric", "mean_abs,psnr"], "unknown metric"),
    (["--grid", "K=64", "--dask", "tcp://127.0.0.1:1"], "cannot reach the Dask scheduler"),
    (["--grid", "K=64", "--workload", "missing.npy"], "missing.npy"),
])
def test_cli_bad_input(tmp_path, args, message):
    out = tmp_path / "out"
    res = fxsim("sweep", "silu", *args, "--out", str(out))
    assert res.returncode == 2 and res.stdout == ""
    assert message in res.stderr and len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert not out.exists()


def test_cli_refuses_to_overwrite_without_resume(tmp_path):
    out = tmp_path / "out"
    assert fxsim("sweep", "silu", "--grid", "output_format.frac=7,8", "--out", str(out),
                 "--no-plots").returncode == 0
    before = (out / "results.csv").read_bytes()
    res = fxsim("sweep", "silu", "--grid", "output_format.frac=7,8", "--out", str(out))
    assert res.returncode == 2 and "--resume" in res.stderr
    assert (out / "results.csv").read_bytes() == before


def test_cli_user_npy_workload(tmp_path):
    np.save(tmp_path / "x.npy", np.linspace(-2, 2, 101))
    res = fxsim("sweep", "sigmoid", "--grid", "output_format.frac=8,10", "--grid", "n=10",
                "--workload", str(tmp_path / "x.npy"), "--out", str(tmp_path / "o"), "--no-plots")
    assert res.returncode == 0, res.stderr
    with open(tmp_path / "o" / "results.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert float(rows[1]["max_abs"]) < float(rows[0]["max_abs"])


def test_backends_give_the_same_rows(tmp_path, backend):
    """The bit-exact backends give identical metric and cost columns."""
    def rows(name):
        recs = sweep_fn("rmsnorm", grid=["output_format.frac=6,8", "cordic_n=5,8"], d=16, rows=8,
                        backend=name, out=None)
        return [{k: v for k, v in r.items() if k != "backend"} for r in recs]
    assert rows(backend) == rows("numpy")


def test_float_ranges_are_clean_decimals():
    assert parse_grid(["L=0.1:0.5:0.1"])["L"] == [0.1, 0.2, 0.3, 0.4, 0.5]


def test_resume_refuses_another_sweep(tmp_path):
    out = tmp_path / "s"
    sweep_fn("silu", grid=SMALL, out=out, plots=False)
    before = (out / "results.csv").read_bytes()
    with pytest.raises(FxError, match="another seed"):
        sweep_fn("silu", grid=SMALL, out=out, plots=False, resume=True, seed=1)
    with pytest.raises(FxError, match="outside this grid"):
        sweep_fn("silu", grid=["output_format.frac=6:7", "exp_slope_format.frac=10,14"],
                 out=out, plots=False, resume=True)
    assert (out / "results.csv").read_bytes() == before


def test_progress_bar_counts_points(capsys):
    sweep_fn("silu", grid=["output_format.frac=7,8"], progress=True)
    assert "2/2 points" in capsys.readouterr().err


def test_a_grid_of_only_invalid_points_still_writes_its_rows(tmp_path):
    recs = sweep_fn("softmax", grid=["output_format.frac=10,11"], out=tmp_path / "s")
    assert [r["status"][:8] for r in recs] == ["invalid:", "invalid:"]
    assert "no point of the grid" in (tmp_path / "s" / "summary.md").read_text()


def test_sweep_audit_drives_fxsim_audit_through_a_toml_per_point(tmp_path, monkeypatch):
    """The plumbing against fxsim.audit's interface (load_configs, AuditOptions, run_audit),
    with a stand-in audit whose task metric reads the softmax table of the TOML it is given."""
    import tomllib
    import types
    from dataclasses import dataclass as dc

    @dc
    class Options:
        model: str
        method: str
        config: str
        samples: object
        backend: str
        seed: int
        ops: object = None

    seen = []

    def run_audit(opts, echo=print):
        table = tomllib.loads(Path(opts.config).read_text())["softmax"]
        assert opts.samples == 3
        seen.append((opts.model, table["output_format"], table["n"]))
        return {"task_metrics": {"score": {"float": 1.0, "fixed": float(table["n"])}}}

    fake = types.SimpleNamespace(
        AuditOptions=Options, run_audit=run_audit,
        load_configs=lambda path, wanted, method, preset: {op: SoftmaxConfig.paper()
                                                            for op in wanted})
    monkeypatch.setitem(sys.modules, "fxsim.audit", fake)
    recs = sweep_fn("audit", grid=["softmax.output_format.frac=7,8", "softmax.n=8,12"],
                    model="minilm", samples=3, out=tmp_path / "a")
    # frac 7 keeps ufixed<9,1>'s one integer bit: width 8
    assert seen == [("minilm", "ufixed<8,1,TRN,SAT>", 8), ("minilm", "ufixed<8,1,TRN,SAT>", 12),
                    ("minilm", "ufixed<9,1,TRN,SAT>", 8), ("minilm", "ufixed<9,1,TRN,SAT>", 12)]
    assert [r["score.fixed"] for r in recs] == [8.0, 12.0, 8.0, 12.0]
    with open(tmp_path / "a" / "results.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["softmax.n"] for r in rows] == ["8", "12", "8", "12"]
    assert rows[0]["score.float"] == "1.0" and rows[0]["status"] == "ok"
