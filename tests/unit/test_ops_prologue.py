"""The shared operator prologue (fxsim/ops/prologue.py) as the mbe and fs operators use it."""
import numpy as np
import pytest

from fxsim import FxError, ops
from fxsim.ops import FsActivationConfig, MbeActivationConfig
from fxsim.ops.result import begin


def test_config_forms():
    assert begin("gelu", [0.5], None, MbeActivationConfig, "numpy", False).cfg == \
        MbeActivationConfig.paper()
    got = begin("gelu", [0.5], {"output_format": "fixed<16,6,TRN,SAT>"}, MbeActivationConfig,
                "numpy", False)
    assert got.cfg.output_format == "fixed<16,6,TRN,SAT>"
    with pytest.raises(FxError, match="silu: config must be a FsActivationConfig"):
        ops.silu([0.5], method="fs", config=MbeActivationConfig())


def test_input_quantized_and_overflow_counted():
    """input fixed<32,8> (24 frac bits) holds [-128, 128 - 2**-24]: 3 of these 5 saturate;
    0.75 is 0.75 * 2**24 = 12582912 raw."""
    x = np.array([0.75, 200.0, -129.0, 128.0, -128.0])
    b = begin("gelu", x, None, MbeActivationConfig, "numpy", False)
    assert b.xr[0] == 12582912 and b.X.frac == 24
    assert b.stats.d["glue.overflow_input"] == 3
    assert ops.gelu(x, method="mbe").stats["glue.overflow_input"] == 3


def test_raw_input_checked_against_the_input_format():
    cfg = FsActivationConfig(input_format="fixed<8,4,RND_CONV,SAT>",
                             v_format="fixed<16,8,RND_CONV,SAT>")
    assert ops.sigmoid(np.array([127, -128]), method="fs", config=cfg, raw=True).raw.shape == (2,)
    with pytest.raises(FxError, match="raw input outside the range"):
        ops.sigmoid(np.array([128]), method="fs", config=cfg, raw=True)
