"""Configs of the mbe (P2) operators: flat frozen Specs with TOML round trip.

``paper()`` is P2's setting: T = 16 (every shipped fit), N = 4 for GELU / tanh / SiLU and
N = 8 for 2^x, 1/x, 1/sqrt(x) and the identity encoder, at generous widths. Every integer
step: docs/algorithms.md section 8.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...primitives.mbe import MbeConfig
from ...primitives.range_reduction import MAX_NEWTON_STEPS, RangeConfig
from ...primitives.spike_multiply import ENCODERS, SpikeMultiplyConfig
from ...errors import FxError
from ...spec import Spec, choice, fmt_field, ranged

#: default fit of each activation (fxsim/params/mbe_params.json)
ACTIVATION_FITS = {"gelu": "gelu_n4", "tanh": "tanh_n4", "sigmoid": "tanh_n4",
                   "silu": "silu_n4"}
#: fit "tails": each activation's exact-tails fit (N = 4 over the critical interval of the
#: default output format; sigmoid runs tanh on x / 2)
TAILS = "tails"
TAILS_FITS = {"gelu": "gelu_tails_n4", "tanh": "tanh_tails_n4", "sigmoid": "tanh_tails_n4",
              "silu": "silu_tails_n4"}


def activation_fit(op: str, fit: str) -> str:
    """The fit an activation runs: "" is P2's default, "tails" the exact-tails one."""
    return {"": ACTIVATION_FITS, TAILS: TAILS_FITS}[fit][op] if fit in ("", TAILS) else fit


@dataclass(frozen=True)
class _MbeCommon(Spec):
    """Formats shared by every MBE neuron of an operator."""

    input_format: str = fmt_field("fixed<32,8,RND_CONV,SAT>")
    u_format: str = fmt_field("fixed<32,4,RND_CONV,SAT>")
    acc_format: str = fmt_field("fixed<32,10,TRN,SAT>")

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


@dataclass(frozen=True)
class MbeActivationConfig(_MbeCommon):
    """gelu, tanh, sigmoid, silu / mbe: one fitted MBE neuron (fit "" = the op's P2 default,
    "tails" = the op's exact-tails fit, else a shipped name or ``FILE#NAME``).
    Inputs beyond the fit's domain: below it the neuron sees u = 0, above it u = 1 (gelu and
    silu pass x through there, as GELU(x) = SiLU(x) = x to 4e-4 above 10). A fit whose record
    says ``"tails": true`` selects the asymptotes outside the critical interval by integer
    compares (fxsim.ops.mbe.tails) and runs the neuron inside only.
    Presets: ``paper`` (P2) and ``tails`` (exact tails)."""

    TABLE: ClassVar[str] = "mbe_activation"
    PRESETS: ClassVar[tuple[str, ...]] = ("paper", TAILS)

    fit: str = ""
    output_format: str = fmt_field("fixed<32,10,RND_CONV,SAT>")

    def check(self) -> None:
        if self.fit and self.fit != TAILS:
            self.mbe_config(self.fit)

    @classmethod
    def tails(cls) -> MbeActivationConfig:
        """The exact-tails variant: P2's formats, each op's tails fit."""
        return cls(fit=TAILS)

    def mbe_config(self, fit: str) -> MbeConfig:
        return MbeConfig(fit=fit, u_format=self.u_format, acc_format=self.acc_format,
                         output_format=self.output_format)


@dataclass(frozen=True)
class MbeSoftmaxConfig(_MbeCommon):
    """softmax / mbe: max-subtract, e = MBE_exp2 range reduction, row sum, 1/sum by MBE_inv,
    e * (1/sum) by the spike multiply (encoder "fit" = P2's MBE_Id, "sar" = exact T-bit).
    recip_newton: Newton steps refining 1/sum (0 = P2's composition)."""

    TABLE: ClassVar[str] = "mbe_softmax"

    z_format: str = fmt_field("fixed<32,8,RND_CONV,SAT>")
    mbe_format: str = fmt_field("fixed<32,4,RND_CONV,SAT>")
    exp_format: str = fmt_field("ufixed<32,2,RND_CONV,SAT>")
    recip_format: str = fmt_field("ufixed<32,2,RND_CONV,SAT>")
    encoder: str = choice(ENCODERS, "fit")
    steps: int = ranged(1, 30, 16)
    recip_newton: int = ranged(0, MAX_NEWTON_STEPS, 0)
    output_format: str = fmt_field("ufixed<24,1,RND_CONV,SAT>")

    def check(self) -> None:
        self.range_config()


@dataclass(frozen=True)
class MbeNormConfig(_MbeCommon):
    """layernorm, rmsnorm / mbe: (centring,) squares by spike multiply, mean, + eps,
    MBE_invsqrt by range reduction, x * invstd by spike multiply, * weight (+ bias).

    row_exponent (default): block floating point per row (docs/algorithms.md 8.6.1, the row
    exponent of 7.3.1): each row (layernorm: the exact d x - sum x) is shifted by a power of two
    so its largest magnitude sits in [2**(x_int_bits - 1), 2**x_int_bits], the range the spike
    multiply encodes; 1/sqrt's mantissa in (0.7, 1.42] enters the multiply and its exponent is a
    shift of the product, so no range is calibrated (invstd_int_bits and invstd_format are not
    used). False: P2's fixed ranges, |x - mean| < 2**x_int_bits and 1/std < 2**invstd_int_bits
    (P2 calibrates these on data), the mean by the 1/d scaler. rsqrt_newton: Newton steps
    refining 1/sqrt (0 = P2)."""

    TABLE: ClassVar[str] = "mbe_norm"

    input_format: str = fmt_field("fixed<32,18,RND_CONV,SAT>")
    eps: float = ranged(0.0, None, 1e-5, open_lo=True)
    inv_d_width: int = ranged(2, 30, 24)
    mbe_format: str = fmt_field("fixed<32,4,RND_CONV,SAT>")
    square_format: str = fmt_field("ufixed<32,8,RND_CONV,SAT>")
    var_format: str = fmt_field("ufixed<32,8,RND_CONV,SAT>")
    invstd_format: str = fmt_field("ufixed<32,10,RND_CONV,SAT>")
    normed_format: str = fmt_field("fixed<32,8,RND_CONV,SAT>")
    weight_format: str = fmt_field("fixed<16,4,RND_CONV,SAT>")
    bias_format: str = fmt_field("fixed<16,8,RND_CONV,SAT>")
    x_int_bits: int = ranged(-30, 30, 3)
    invstd_int_bits: int = ranged(-30, 30, 4)
    encoder: str = choice(ENCODERS, "fit")
    steps: int = ranged(1, 30, 16)
    rsqrt_newton: int = ranged(0, MAX_NEWTON_STEPS, 0)
    row_exponent: bool = True
    output_format: str = fmt_field("fixed<32,18,RND_CONV,SAT>")

    def check(self) -> None:
        if not self.row_exponent:
            return
        square, var = self.fmt("square_format"), self.fmt("var_format")
        if 2 * self.x_int_bits >= square.int_bits or 2 * self.x_int_bits + 1 >= var.int_bits:
            raise FxError(f"MbeNormConfig: with row_exponent, squares up to 4**x_int_bits "
                          f"(x_int_bits = {self.x_int_bits}) need square_format {square} and "
                          f"var_format {var} (var + eps < 2 4**x_int_bits) to hold them")


@dataclass(frozen=True)
class MbeScalarConfig(_MbeCommon):
    """exp, reciprocal, rsqrt / mbe: one range-reduced MBE neuron."""

    TABLE: ClassVar[str] = "mbe_scalar"

    z_format: str = fmt_field("fixed<32,8,RND_CONV,SAT>")
    mbe_format: str = fmt_field("fixed<32,4,RND_CONV,SAT>")
    output_format: str = fmt_field("ufixed<32,12,RND_CONV,SAT>")

    def check(self) -> None:
        self.range_config()
