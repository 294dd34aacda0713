"""Configs of the P2 (MBE) and FS operator families: flat dataclasses with TOML round trip.

``paper()`` is P2's setting: T = 16 (every shipped fit), N = 4 for GELU / tanh / SiLU and
N = 8 for 2^x, 1/x, 1/sqrt(x) and the identity encoder, at generous widths. Every integer
step: docs/algorithms.md section 8.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..errors import FxError
from ..primitives.mbe import MbeConfig
from ..primitives.range_reduction import RangeConfig
from ..primitives.spike_multiply import ENCODERS, SpikeMultiplyConfig
from .config import _OpConfig

#: default fit of each activation (fxsim/params/mbe_params.json)
ACTIVATION_FITS = {"gelu": "gelu_n4", "tanh": "tanh_n4", "sigmoid": "tanh_n4",
                   "silu": "silu_n4"}


@dataclass
class _MbeCommon(_OpConfig):
    """Formats shared by every MBE neuron of an operator."""

    input_format: str = "fixed<32,8,RND_CONV,SAT>"
    u_format: str = "fixed<32,4,RND_CONV,SAT>"
    acc_format: str = "fixed<32,10,TRN,SAT>"

    def range_config(self) -> RangeConfig:
        return RangeConfig(z_format=getattr(self, "z_format", RangeConfig.z_format),
                           u_format=self.u_format, acc_format=self.acc_format,
                           mbe_format=getattr(self, "mbe_format", RangeConfig.mbe_format),
                           newton_steps=getattr(self, "recip_newton",
                                                getattr(self, "rsqrt_newton", 0)))

    def multiply_config(self, a_int_bits: int, b_int_bits: int,
                        output_format) -> SpikeMultiplyConfig:
        return SpikeMultiplyConfig(encoder=self.encoder, steps=self.steps, u_format=self.u_format,
                                   acc_format=self.acc_format, a_int_bits=a_int_bits,
                                   b_int_bits=b_int_bits, output_format=str(output_format))

    def _check_encoder(self) -> None:
        if self.encoder not in ENCODERS:
            raise FxError(f"{type(self).__name__}.encoder must be one of {ENCODERS}, "
                          f"got {self.encoder!r}")
        self._check_int("steps", 1, 30)


@dataclass
class MbeActivationConfig(_MbeCommon):
    """gelu, tanh, sigmoid, silu / mbe: one fitted MBE neuron (fit "" = the op's default).
    Inputs beyond the fit's domain: below it the neuron sees u = 0, above it u = 1 (gelu and
    silu pass x through there, as GELU(x) = SiLU(x) = x to 4e-4 above 10)."""

    TABLE: ClassVar[str] = "mbe_activation"
    FORMAT_FIELDS: ClassVar[tuple[str, ...]] = ("input_format", "u_format", "acc_format",
                                                "output_format")

    fit: str = ""
    output_format: str = "fixed<32,10,RND_CONV,SAT>"

    def __post_init__(self) -> None:
        self._canon_formats()
        if self.fit:
            self.mbe_config(self.fit)

    def mbe_config(self, fit: str) -> MbeConfig:
        return MbeConfig(fit=fit, u_format=self.u_format, acc_format=self.acc_format,
                         output_format=self.output_format)


@dataclass
class MbeSoftmaxConfig(_MbeCommon):
    """softmax / mbe: max-subtract, e = MBE_exp2 range reduction, row sum, 1/sum by MBE_inv,
    e * (1/sum) by the spike multiply (encoder "fit" = P2's MBE_Id, "sar" = exact T-bit).
    recip_newton: Newton steps refining 1/sum (0 = P2's composition)."""

    TABLE: ClassVar[str] = "mbe_softmax"
    FORMAT_FIELDS: ClassVar[tuple[str, ...]] = (
        "input_format", "u_format", "acc_format", "z_format", "mbe_format", "exp_format",
        "recip_format", "output_format")

    z_format: str = "fixed<32,8,RND_CONV,SAT>"
    mbe_format: str = "fixed<32,4,RND_CONV,SAT>"
    exp_format: str = "ufixed<32,2,RND_CONV,SAT>"
    recip_format: str = "ufixed<32,2,RND_CONV,SAT>"
    encoder: str = "fit"
    steps: int = 16
    recip_newton: int = 0
    output_format: str = "ufixed<24,1,RND_CONV,SAT>"

    def __post_init__(self) -> None:
        self._canon_formats()
        self._check_encoder()
        self.range_config()


@dataclass
class MbeNormConfig(_MbeCommon):
    """layernorm, rmsnorm / mbe: (mean,) squares by spike multiply, mean, + eps, MBE_invsqrt
    by range reduction, x * invstd by spike multiply, * weight (+ bias). x_int_bits and
    invstd_int_bits: the multiply's calibration ranges |x - mean| < 2**x_int_bits and
    1/std < 2**invstd_int_bits (defaults: |x - mean| < 8, std > 1/16; P2 calibrates these
    ranges on data, larger ones cost accuracy with the fitted encoder). rsqrt_newton: Newton
    steps refining 1/sqrt (0 = P2)."""

    TABLE: ClassVar[str] = "mbe_norm"
    FORMAT_FIELDS: ClassVar[tuple[str, ...]] = (
        "input_format", "u_format", "acc_format", "mbe_format", "square_format",
        "var_format", "invstd_format", "normed_format", "weight_format", "bias_format",
        "output_format")

    eps: float = 1e-5
    inv_d_width: int = 24
    mbe_format: str = "fixed<32,4,RND_CONV,SAT>"
    square_format: str = "ufixed<32,8,RND_CONV,SAT>"
    var_format: str = "ufixed<32,8,RND_CONV,SAT>"
    invstd_format: str = "ufixed<32,10,RND_CONV,SAT>"
    normed_format: str = "fixed<32,8,RND_CONV,SAT>"
    weight_format: str = "fixed<16,4,RND_CONV,SAT>"
    bias_format: str = "fixed<16,8,RND_CONV,SAT>"
    x_int_bits: int = 3
    invstd_int_bits: int = 4
    encoder: str = "fit"
    steps: int = 16
    rsqrt_newton: int = 0
    output_format: str = "fixed<32,8,RND_CONV,SAT>"

    def __post_init__(self) -> None:
        self._canon_formats()
        self._check_encoder()
        self._check_int("inv_d_width", 2, 30)
        self._check_int("x_int_bits", -30, 30)
        self._check_int("invstd_int_bits", -30, 30)
        try:
            self.eps = float(self.eps)
        except (TypeError, ValueError):
            raise FxError(f"MbeNormConfig.eps must be a number, got {self.eps!r}") from None
        if not self.eps > 0:
            raise FxError(f"MbeNormConfig.eps must be > 0, got {self.eps}")


@dataclass
class MbeScalarConfig(_MbeCommon):
    """exp, reciprocal, rsqrt / mbe: one range-reduced MBE neuron."""

    TABLE: ClassVar[str] = "mbe_scalar"
    FORMAT_FIELDS: ClassVar[tuple[str, ...]] = ("input_format", "u_format", "acc_format",
                                                "z_format", "mbe_format", "output_format")

    z_format: str = "fixed<32,8,RND_CONV,SAT>"
    mbe_format: str = "fixed<32,4,RND_CONV,SAT>"
    output_format: str = "ufixed<32,12,RND_CONV,SAT>"

    def __post_init__(self) -> None:
        self._canon_formats()
        self.range_config()


@dataclass
class FsActivationConfig(_OpConfig):
    """sigmoid, silu, gelu / fs: published FS sets as integer tables (fs preset). sigmoid:
    fs_sigmoid (K=12, [-10, 10]); silu: fs_swish (K=16, [-8, 12]); gelu: LAS's two K=16 pieces
    (x clamped to [-6, 30]; x <= 1 -> las_spikeGelu6_1, else las_spikegelu0_30). Inputs are
    requantized into v_format when its frac differs from input_format's, then clamped to
    each set's interval."""

    TABLE: ClassVar[str] = "fs_activation"
    FORMAT_FIELDS: ClassVar[tuple[str, ...]] = ("input_format", "v_format", "acc_format",
                                                "output_format")

    input_format: str = "fixed<32,10,RND_CONV,SAT>"
    v_format: str = "fixed<32,10,RND_CONV,SAT>"
    acc_format: str = "fixed<32,10,TRN,SAT>"
    output_format: str = "fixed<32,10,RND_CONV,SAT>"

    def __post_init__(self) -> None:
        self._canon_formats()
