"""Weighted MBE fits (fxsim.studies.weighting, ``fxsim fit --weight / --tails``).

Independent references: hand-computed densities; the float64 evaluation of a fit record
(fxsim.floatref.models.evaluate) for the weighted errors; tiny searches (N = 2, 200 evals).
"""
from __future__ import annotations

import numpy as np
import pytest

from fxsim import FxError
from fxsim.floatref.functions import gelu_erf
from fxsim.floatref.models import evaluate
from fxsim.studies.weighting import FLOOR, histogram_density, parse_weighting, pooled_counts

pytest.importorskip("scipy")
from fxsim.studies.fitting import fit  # noqa: E402

TINY = dict(restarts=1, max_evals=200)


def test_histogram_density_is_count_over_width():
    f = histogram_density(np.array([0.0, 1.0, 3.0]), np.array([1, 4]))
    assert f(np.array([-1.0, 0.0, 0.5, 1.0, 2.9, 3.0])).tolist() == [0, 1, 1, 2, 2, 0]


def test_weights_have_mean_one_and_a_uniform_floor():
    w = parse_weighting("normal:0,1").weights(np.linspace(-40, 40, 801))
    assert w.mean() == pytest.approx(1.0)
    assert w.min() == pytest.approx(FLOOR, rel=1e-6)          # exp(-800) is 0
    assert parse_weighting("uniform") is None
    lap = parse_weighting("laplace:1,2").density(np.array([1.0, 3.0]))
    assert lap.tolist() == pytest.approx([1.0, np.exp(-1.0)])


@pytest.fixture
def sidecar(tmp_path):
    path = tmp_path / "cal.npz"
    np.savez(path, edges=np.array([-1.0, 0.0, 1.0]), names=np.array(["a.act", "b.act", "b.ln"]),
             ops=np.array(["gelu", "gelu", "layernorm"]), counts=np.array([[1, 0], [2, 5], [7, 7]]))
    return path


def test_histograms_pool_by_op_and_by_glob(sidecar):
    assert pooled_counts(sidecar, "gelu")[1].tolist() == [3, 5]
    assert pooled_counts(sidecar, "b.*")[1].tolist() == [9, 12]
    assert pooled_counts(sidecar)[2] == ["a.act", "b.act", "b.ln"]
    w = parse_weighting(f"hist:{sidecar}:gelu")
    assert w.density(np.array([-0.5, 0.5])).tolist() == [3, 5]


def test_shipped_activation_histograms_are_densities_where_the_activations_are():
    """act:NAME reads fxsim/params/activation_histograms.json: the recorded GELU / SiLU inputs
    of the two LMs sit mostly within [-2, 2] (their MLPs' pre-activations), nothing lies
    beyond the calibrate bins' ends, and the two differ."""
    gelu, silu = (parse_weighting(f"act:{n}") for n in ("gelu_gemma3_270m", "silu_smollm2_135m"))
    x = np.linspace(-8.0, 8.0, 16001)
    for w in (gelu, silu):
        d = w.density(x)
        assert (d >= 0).all() and d[np.abs(x) <= 2].sum() > 0.9 * d.sum()
        assert w.density(np.array([-2.0**25, 2.0**25])).tolist() == [0, 0]
    assert not np.array_equal(gelu.density(x), silu.density(x))


@pytest.mark.parametrize("text", ["normal:1", "normal:0,-1", "laplace:a,b", "cauchy:0,1",
                                  "hist:/nonexistent/cal.npz", "normal", "act:nope"])
def test_bad_weightings_are_errors(text):
    with pytest.raises(FxError):
        parse_weighting(text)


def test_no_module_matches_is_an_error(sidecar):
    with pytest.raises(FxError, match="no module"):
        parse_weighting(f"hist:{sidecar}:silu")


def _weighted_mse(record: dict, weighting: str, lo: float, hi: float) -> float:
    x = np.linspace(lo, hi, 20001)
    w = parse_weighting(weighting).weights(x)
    return float(np.mean(w * (evaluate(record, x) - gelu_erf(x)) ** 2))


def test_a_weighted_fit_beats_the_uniform_one_where_the_weight_is():
    weighting = "normal:0,0.5"
    uniform = fit("gelu", 2, domain=(-8.0, 8.0), **TINY)
    weighted = fit("gelu", 2, domain=(-8.0, 8.0), weighting=parse_weighting(weighting), **TINY)
    assert "mse_weighted" not in uniform and uniform["fitter"]["weighting"] == "uniform"
    mine = _weighted_mse(weighted, weighting, -8.0, 8.0)
    assert mine < 0.5 * _weighted_mse(uniform, weighting, -8.0, 8.0)
    assert weighted["mse_weighted"] == pytest.approx(mine, rel=0.05)
    assert weighted["mse_float"] > uniform["mse_float"]        # the uniform metric pays for it


def test_tails_fit_spans_the_critical_interval():
    record = fit("gelu", 2, tails=True, **TINY)
    assert record["domain"] == [-5.5, 5.5] and record["tails"] is True
    assert "cut" not in record


def test_cut_tails_fit_records_its_cut_and_error_bound():
    """SiLU cut at [-4, 6]: |x| / (1 + e^|x|) decreases for |x| > 1.28, so the bound is at the
    ends: below, 4 / (1 + e^4) = 0.071945; above, 6 / (1 + e^6) = 0.014799 (by hand)."""
    record = fit("silu", 2, tails=True, domain=(-4.0, 6.0), **TINY)
    assert record["domain"] == record["cut"] == [-4.0, 6.0] and record["tails"] is True
    assert record["tail_error"] == pytest.approx(0.071945, abs=2e-6)
