"""The registries agree: every (operator, method) pair the ops registry declares has a config
class with a paper preset and a callable, its views (OPERATORS, CONFIGS) hold exactly its rows,
and the float models (the sweeps' reference of a method's own approximation) cover exactly the
mbe and fs pairs (nlspike compares with the exact function alone)."""
import numpy as np
import pytest

from fxsim import ops
from fxsim.floatref.models import FLOAT_MODELS, float_model


def test_views_hold_exactly_the_registry_rows():
    rows = {(op, method) for op, methods in ops.OPERATORS.items() for method in methods}
    assert rows == set(ops.REGISTRY)
    for (op, method), entry in ops.REGISTRY.items():
        assert ops.get(op, method) is entry.function
        assert ops.config_class(op, method) is entry.config_class


@pytest.mark.parametrize("key", sorted(ops.REGISTRY))
def test_every_entry_has_a_paper_config(key):
    entry = ops.REGISTRY[key]
    assert callable(entry.function)
    assert isinstance(entry.config_class.paper(), entry.config_class)


def test_float_models_cover_exactly_the_mbe_and_fs_pairs():
    approximating = {key for key in ops.REGISTRY if key[1] in ("mbe", "fs")}
    assert set(FLOAT_MODELS) == approximating


def test_nlspike_has_no_float_model():
    cfg = ops.config_class("softmax", "nlspike").paper()
    assert float_model("softmax", "nlspike", cfg, np.zeros((1, 4))) is None
