"""`fxsim sweep audit` on a Dask LocalCluster (2 in-process workers) gives the serial rows; a
skipped point is named on stderr with its reason; the process pool runs every item. The model
is a tiny random Llama saved to tmp, audited through the real fxsim.audit.run_audit."""
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
distributed = pytest.importorskip("distributed")

from fxsim.studies.sweep import audit_sweep, sweep  # noqa: E402
from fxsim.studies.sweep.parallel import map_points  # noqa: E402

OPS = ("softmax", "silu", "rmsnorm")
# frac 4 and 6 run; frac 14 exceeds the audit preset's Division group n (at most 13): invalid, skipped
GRID = ["softmax.output_format.frac=4,6,14"]


@pytest.fixture
def tiny_model(tmp_path):
    """A tiny random Llama directory with an offline word-level tokenizer."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "audit"))
    import tiny_models
    return str(tiny_models.save("llama", tmp_path / "tiny"))


def test_dask_rows_equal_the_serial_rows_and_skips_are_named(tiny_model, capsys):
    serial = sweep("audit", grid=GRID, model=tiny_model, ops=OPS, backend="numpy", samples=2)
    err = capsys.readouterr().err
    assert "point 2 skipped: invalid:" in err and "output_format" in err
    assert [r["status"] for r in serial] == ["ok", "ok", serial[2]["status"]]
    assert serial[0]["top1_agreement_pct.float"] == 100.0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        parallel = sweep("audit", grid=GRID, model=tiny_model, ops=OPS, backend="numpy",
                         samples=2, dask=cluster.scheduler_address)
    assert parallel == serial


def test_process_pool_runs_every_item():
    assert sorted(map_points(abs, [-3, -1, -2], jobs=2)) == [1, 2, 3]
    assert list(map_points(abs, [-3, -1], jobs=1)) == [3, 1]


def test_a_base_configs_module_rules_reach_every_point(tmp_path, monkeypatch):
    """The point TOML holds the grid's values in [softmax] and the base's [[module]] rules."""
    import tomllib
    import types

    import fxsim.audit as real
    seen = []

    def run_audit(opts, echo=print):
        doc = tomllib.loads(Path(opts.config).read_text())
        seen.append((doc["softmax"]["n"], doc["module"]))
        return {"task_metrics": {"score": {"float": 1.0, "fixed": 1.0}}}

    monkeypatch.setitem(sys.modules, "fxsim.audit", types.SimpleNamespace(
        AuditOptions=real.AuditOptions, load_configs=real.load_configs, run_audit=run_audit))
    base = tmp_path / "base.toml"
    base.write_text('[calibration]\nmargin = 2.0\n[[module]]\npattern = "m.layers.0.*"\n'
                    '[module.softmax]\ninput_format = "fixed<32,9,RND_CONV,SAT>"\n'
                    '[module.observed]\nabsmax = 100.0\n')
    sweep("audit", grid=["softmax.n=10,12"], model="minilm", config=base)
    lines = []
    audit_sweep(["softmax.input_format.frac=20"], model="minilm", config=base, echo=lines.append)
    assert lines == ["note: softmax.input_format.frac does not reach 1 module rule(s) of the "
                     "base config that set input_format (e.g. m.layers.0.*)"]
    rule = {"pattern": "m.layers.0.*", "softmax": {"input_format": "fixed<32,9,RND_CONV,SAT>"},
            "observed": {"absmax": 100.0}}
    assert seen[:2] == [(10, [rule]), (12, [rule])]
