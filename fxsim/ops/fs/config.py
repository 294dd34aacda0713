"""Config of the fs operators: a flat frozen Spec with TOML round trip (docs/algorithms.md
section 8.7)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...spec import Spec, fmt_field


@dataclass(frozen=True)
class FsActivationConfig(Spec):
    """Every fs operator (sigmoid, silu, gelu, exp, reciprocal, softmax): published FS sets
    as integer tables (fs preset). sigmoid:
    fs_sigmoid (K=12, [-10, 10]); silu: fs_swish (K=16, [-8, 12]); gelu: LAS's two K=16 pieces
    (x clamped to [-6, 30]; x <= 1 -> las_spikeGelu6_1, else las_spikegelu0_30). Inputs are
    requantized into v_format when its frac differs from input_format's, then clamped to
    each set's interval."""

    TABLE: ClassVar[str] = "fs_activation"

    input_format: str = fmt_field("fixed<32,10,RND_CONV,SAT>")
    v_format: str = fmt_field("fixed<32,10,RND_CONV,SAT>")
    acc_format: str = fmt_field("fixed<32,10,TRN,SAT>")
    output_format: str = fmt_field("fixed<32,10,RND_CONV,SAT>")
