"""Operator configs (method "nlspike"): one dataclass per operator family, every knob flat.

Families: :class:`SoftmaxConfig` (softmax), :class:`ActivationConfig` (sigmoid, silu,
gelu_tanh), :class:`NormConfig` (rmsnorm, layernorm), each a frozen :class:`fxsim.spec.Spec`
(update with ``replace``). Formats are given as text (``fixed<W,I,Q,O>``) or Format and held
as text; ``paper()`` gives P1's settings (L = 5, K = 64, CORDIC n = 8, outputs floored to 8
fractional bits, eps = 1e-5) at generous internal widths. ``to_toml()`` /
``from_toml(path_or_text)`` round-trip through a flat TOML table. Every integer step and
width: docs/algorithms.md section 7.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from ...errors import FxError
from ...formats import INTERMEDIATE_BITS, MAX_WIDTH, Format
from ...primitives.divgroup import MAX_G, MAX_N, DivGroupConfig
from ...primitives.polarnorm import (MAX_GUARD_BITS, MAX_ITERATIONS, MIN_INTERNAL_WIDTH,
                                    PolarNormConfig)
from ...primitives.pwl_exp import MAX_L, MAX_SEGMENTS, PwlExpConfig, cached_lut
from ...spec import Spec, fmt_field, ranged


class OpConfig(Spec):
    """Base of the nlspike operator configs: flat fields of text formats, str, int, float and
    bool, and the PWL-Exp and Division group configs they derive."""

    def _check_output(self) -> None:
        out = self.fmt("output_format")
        if out.frac > self.n:
            raise FxError(f"{type(self).__name__}: output_format {out} has more fractional bits "
                          f"({out.frac}) than the division (n = {self.n})")

    def _check_exp(self) -> None:
        pwl = self.pwl_config()          # FxError on a bad L, K or format
        cached_lut(pwl)                  # table fits the int64 datapath (INTERMEDIATE_BITS)
        ein = pwl.fmt("input_format")
        if ein.min_raw * ein.lsb >= -pwl.L or ein.max_raw * ein.lsb < pwl.L:
            raise FxError(f"{type(self).__name__}: exp_input_format {ein} must hold values below "
                          f"-L and up to L = {pwl.L} (its saturation is the operator's clamp)")

    def pwl_config(self) -> PwlExpConfig:
        return PwlExpConfig(L=self.L, K=self.K, input_format=self.exp_input_format,
                            slope_format=self.exp_slope_format,
                            intercept_format=self.exp_intercept_format,
                            output_format=self.exp_output_format)

    def div_config(self, G: int, out_format: Format) -> DivGroupConfig:
        return DivGroupConfig(n=self.n, G=G, T=1, normalize_denominator=self.normalize,
                              normalize_bit=self.normalize_bit, out_format=out_format)


_EXP_DEFAULTS = dict(
    exp_input_format="fixed<32,8,TRN,SAT>",
    exp_slope_format="ufixed<32,8,RND_CONV,SAT>",
    exp_intercept_format="fixed<32,11,RND_CONV,SAT>",
    exp_output_format="ufixed<32,9,RND_CONV,SAT>",
)


@dataclass(frozen=True)
class _ExpDivisionConfig(OpConfig):
    """The knobs softmax and the activations share: input, PWL-Exp (L, K, LUT formats) and the
    Division group (n, G, normalisation)."""

    input_format: str = fmt_field("fixed<32,8,RND_CONV,SAT>")
    L: float = ranged(0.0, MAX_L, 5.0, open_lo=True)
    K: int = ranged(1, MAX_SEGMENTS, 64)
    exp_input_format: str = fmt_field(_EXP_DEFAULTS["exp_input_format"])
    exp_slope_format: str = fmt_field(_EXP_DEFAULTS["exp_slope_format"])
    exp_intercept_format: str = fmt_field(_EXP_DEFAULTS["exp_intercept_format"])
    exp_output_format: str = fmt_field(_EXP_DEFAULTS["exp_output_format"])
    n: int = ranged(0, MAX_N, 8)
    G: int = ranged(0, MAX_G, 0)
    normalize: bool = True
    normalize_bit: int = ranged(0, INTERMEDIATE_BITS - 1, 40)


@dataclass(frozen=True)
class SoftmaxConfig(_ExpDivisionConfig):
    """softmax / nlspike: max-subtract, +L, PWL-Exp, row sum, Division group, floor.

    G = 0 means 2**n (quotients up to 1). normalize / normalize_bit: the Division group's
    normalize_denominator (B's leading one moved to bit normalize_bit)."""

    TABLE: ClassVar[str] = "softmax"

    output_format: str = fmt_field("ufixed<9,1,TRN,SAT>")

    def check(self) -> None:
        self._check_exp()
        self._check_output()


@dataclass(frozen=True)
class ActivationConfig(_ExpDivisionConfig):
    """sigmoid, silu, gelu_tanh / nlspike: x / (1 + PWL-Exp(-z)) through the Division group.

    G = 0 means ceil(L) * 2**n for silu / gelu_tanh (|quotient| <= L on the divided range) and
    2**n for sigmoid. poly_format: x^2, x^3 and 2u of gelu_tanh; gelu_clip: |x| is clamped
    to it before the cubic (2u(gelu_clip) must exceed L, so the clamp never changes a
    result); const_width: width of the ShiftScaler constants 2*sqrt(2/pi) and
    2*sqrt(2/pi)*0.044715."""

    TABLE: ClassVar[str] = "activation"

    poly_format: str = fmt_field("fixed<32,8,RND,SAT>")
    gelu_clip: float = ranged(0.0, None, 4.0, open_lo=True)
    const_width: int = ranged(2, 30, 24)
    output_format: str = fmt_field("fixed<16,8,TRN,SAT>")

    def check(self) -> None:
        self._check_exp()
        self._check_output()
        c = self.gelu_clip
        c1, c3 = gelu_constants()
        if c1 * c + c3 * c ** 3 <= self.L:
            raise FxError(f"ActivationConfig.gelu_clip = {c} too small: 2u({c}) must exceed "
                          f"L = {self.L}")
        pf = self.fmt("poly_format")
        if c ** 3 >= pf.max_raw * pf.lsb:
            raise FxError(f"ActivationConfig: poly_format {pf} cannot hold gelu_clip^3 = {c ** 3}")


def gelu_constants() -> tuple[float, float]:
    """2u = c1 x + c3 x^3 with c1 = 2 sqrt(2/pi), c3 = 2 sqrt(2/pi) * 0.044715."""
    c1 = 2.0 * math.sqrt(2.0 / math.pi)
    return c1, c1 * 0.044715


@dataclass(frozen=True)
class NormConfig(OpConfig):
    """rmsnorm, layernorm / nlspike: PolarNorm of [x, sqrt(eps d)], x sqrt(d) w / norm through
    the Division group, + bias (layernorm, after mean subtraction).

    norm_input_format: x (or x - mean) requantized for the CORDIC tree; cordic_n, guard_bits,
    internal_width, gain_format, norm_format: PolarNorm's n, guard bits, tree width, 1/K_n
    constant and output. sqrt_d_width / inv_d_width: widths of the ShiftScaler constants
    sqrt(d) and 1/d. weight_format / bias_format: how float weights and biases are quantized
    (RND_CONV). G = 0 means ceil(sqrt(d) * max|w|) * 2**n.

    row_exponent: block floating point per row (docs/algorithms.md 7.3.1): each row (layernorm:
    the exact centred row d x - sum x) is shifted by a power of two so its largest magnitude
    fills the CORDIC / division range, making the operator scale-invariant as the float one
    is; False keeps the fixed range (rows above norm_input_format saturate, layernorm centres
    with the 1/d scaler)."""

    TABLE: ClassVar[str] = "norm"

    input_format: str = fmt_field("fixed<32,8,RND_CONV,SAT>")
    eps: float = ranged(0.0, None, 1e-5)
    norm_input_format: str = fmt_field("fixed<24,8,RND,SAT>")
    cordic_n: int = ranged(1, MAX_ITERATIONS, 8)
    guard_bits: int = ranged(0, MAX_GUARD_BITS, 4)
    internal_width: int = ranged(MIN_INTERNAL_WIDTH, MAX_WIDTH, 32)
    gain_format: str = fmt_field("ufixed<24,0,RND_CONV,SAT>")
    norm_format: str = fmt_field("ufixed<32,12,RND,SAT>")
    sqrt_d_width: int = ranged(2, 30, 24)
    inv_d_width: int = ranged(2, 30, 16)
    weight_format: str = fmt_field("fixed<16,4,RND_CONV,SAT>")
    bias_format: str = fmt_field("fixed<16,8,RND_CONV,SAT>")
    n: int = ranged(0, MAX_N, 8)
    G: int = ranged(0, MAX_G, 0)
    normalize: bool = True
    normalize_bit: int = ranged(0, INTERMEDIATE_BITS - 1, 40)
    output_format: str = fmt_field("fixed<16,8,TRN,SAT>")
    row_exponent: bool = True

    def check(self) -> None:
        self._check_output()
        self.polarnorm_config()          # FxError on a bad CORDIC knob

    def polarnorm_config(self) -> PolarNormConfig:
        return PolarNormConfig(n=self.cordic_n, guard_bits=self.guard_bits, eps=self.eps,
                               input_format=self.norm_input_format,
                               internal_width=self.internal_width,
                               internal_rounding="RND", internal_overflow="SAT",
                               gain_format=self.gain_format, output_format=self.norm_format)

