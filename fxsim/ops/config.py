"""Operator configs (method "nlspike"): one dataclass per operator family, every knob flat.

Families: :class:`SoftmaxConfig` (softmax), :class:`ActivationConfig` (sigmoid, silu,
gelu_tanh), :class:`NormConfig` (rmsnorm, layernorm). Formats are held as text
(``fixed<W,I,Q,O>``); ``paper()`` gives P1's settings (L = 5, K = 64, CORDIC n = 8, outputs
floored to 8 fractional bits, eps = 1e-5) at generous internal widths. ``to_toml()`` /
``from_toml(path_or_text)`` round-trip through a flat TOML table. Every integer step and
width: docs/algorithms.md section 7.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from pathlib import Path
from typing import ClassVar

from ..errors import FxError
from ..files.toml import check_keys, read_toml, write_toml
from ..formats import INTERMEDIATE_BITS, Format, as_format
from ..primitives.divgroup import MAX_N, DivGroupConfig
from ..primitives.polarnorm import PolarNormConfig
from ..primitives.pwl_exp import PwlExpConfig


#: deprecated alias of fxsim.files.toml.read_toml (audit.py's import); removed in 0.3
_read_toml_text = read_toml


class _OpConfig:
    """Shared persistence for the operator configs (flat dataclasses of str/int/float/bool)."""

    TABLE: ClassVar[str] = ""
    FORMAT_FIELDS: ClassVar[tuple[str, ...]] = ()

    def _canon_formats(self) -> None:
        for name in self.FORMAT_FIELDS:
            value = getattr(self, name)
            setattr(self, name, str(as_format(value)))

    def fmt(self, name: str) -> Format:
        return as_format(getattr(self, name))

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict):
        check_keys(data, [f.name for f in fields(cls)], cls.__name__)
        types = {f.name: f.type for f in fields(cls)}
        for key, value in data.items():
            want = types[key]
            ok = {"str": isinstance(value, str), "bool": isinstance(value, bool),
                  "int": isinstance(value, int) and not isinstance(value, bool),
                  "float": isinstance(value, (int, float)) and not isinstance(value, bool)}[want]
            if not ok:
                raise FxError(f"{cls.__name__}.{key} must be {want}, got {value!r}")
        return cls(**data)

    def to_toml(self) -> str:
        """``[TABLE]`` followed by one ``key = value`` line per field."""
        return write_toml({self.TABLE: self.to_dict()})

    @classmethod
    def from_toml(cls, path_or_text: str | Path):
        """The config of a TOML file or text holding only the ``[TABLE]`` table."""
        doc = read_toml(path_or_text, "operator config")
        if cls.TABLE not in doc or not isinstance(doc[cls.TABLE], dict):
            raise FxError(f"operator config TOML needs a [{cls.TABLE}] table")
        check_keys(doc, [cls.TABLE], f"{cls.__name__} TOML")
        return cls.from_dict(doc[cls.TABLE])

    @classmethod
    def paper(cls):
        """P1's settings: L = 5, K = 64, CORDIC n = 8, outputs floored to 1/256, eps = 1e-5."""
        return cls()

    # -- shared validation ------------------------------------------------------------------
    def _check_int(self, name: str, lo: int, hi: int) -> None:
        v = getattr(self, name)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise FxError(f"{type(self).__name__}.{name} must be an int in {lo}..{hi}, got {v!r}")

    def _check_output(self) -> None:
        out = self.fmt("output_format")
        if out.frac > self.n:
            raise FxError(f"{type(self).__name__}: output_format {out} has more fractional bits "
                          f"({out.frac}) than the division (n = {self.n})")

    def _check_exp(self) -> None:
        self._check_int("n", 0, MAX_N)
        self._check_int("G", 0, 1 << 30)
        self._check_int("normalize_bit", 0, INTERMEDIATE_BITS - 1)
        pwl = self.pwl_config()          # FxError on a bad L, K or format
        from ..primitives.pwl_exp import cached_lut
        cached_lut(pwl)                  # table fits the int64 datapath (INTERMEDIATE_BITS)
        ein = as_format(pwl.input_format)
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


@dataclass
class _ExpDivisionConfig(_OpConfig):
    """The knobs softmax and the activations share: input, PWL-Exp (L, K, LUT formats) and the
    Division group (n, G, normalisation)."""

    input_format: str = "fixed<32,8,RND_CONV,SAT>"
    L: float = 5.0
    K: int = 64
    exp_input_format: str = _EXP_DEFAULTS["exp_input_format"]
    exp_slope_format: str = _EXP_DEFAULTS["exp_slope_format"]
    exp_intercept_format: str = _EXP_DEFAULTS["exp_intercept_format"]
    exp_output_format: str = _EXP_DEFAULTS["exp_output_format"]
    n: int = 8
    G: int = 0
    normalize: bool = True
    normalize_bit: int = 40


@dataclass
class SoftmaxConfig(_ExpDivisionConfig):
    """softmax / nlspike: max-subtract, +L, PWL-Exp, row sum, Division group, floor.

    G = 0 means 2**n (quotients up to 1). normalize / normalize_bit: the Division group's
    normalize_denominator (B's leading one moved to bit normalize_bit)."""

    TABLE: ClassVar[str] = "softmax"
    FORMAT_FIELDS: ClassVar[tuple[str, ...]] = (
        "input_format", "exp_input_format", "exp_slope_format", "exp_intercept_format",
        "exp_output_format", "output_format")

    output_format: str = "ufixed<9,1,TRN,SAT>"

    def __post_init__(self) -> None:
        self._canon_formats()
        self._check_exp()
        self._check_output()


@dataclass
class ActivationConfig(_ExpDivisionConfig):
    """sigmoid, silu, gelu_tanh / nlspike: x / (1 + PWL-Exp(-z)) through the Division group.

    G = 0 means ceil(L) * 2**n for silu / gelu_tanh (|quotient| <= L on the divided range) and
    2**n for sigmoid. poly_format: x^2, x^3 and 2u of gelu_tanh; gelu_clip: |x| is clamped
    to it before the cubic (2u(gelu_clip) must exceed L, so the clamp never changes a
    result); const_width: width of the ShiftScaler constants 2*sqrt(2/pi) and
    2*sqrt(2/pi)*0.044715."""

    TABLE: ClassVar[str] = "activation"
    FORMAT_FIELDS: ClassVar[tuple[str, ...]] = (
        "input_format", "exp_input_format", "exp_slope_format", "exp_intercept_format",
        "exp_output_format", "poly_format", "output_format")

    poly_format: str = "fixed<32,8,RND,SAT>"
    gelu_clip: float = 4.0
    const_width: int = 24
    output_format: str = "fixed<16,8,TRN,SAT>"

    def __post_init__(self) -> None:
        self._canon_formats()
        self._check_exp()
        self._check_output()
        self._check_int("const_width", 2, 30)
        try:
            self.gelu_clip = float(self.gelu_clip)
        except (TypeError, ValueError):
            raise FxError(f"ActivationConfig.gelu_clip must be a number, got {self.gelu_clip!r}") from None
        c = self.gelu_clip
        if not math.isfinite(c) or c <= 0:
            raise FxError(f"ActivationConfig.gelu_clip must be finite and > 0, got {c}")
        c1, c3 = gelu_constants()
        if c1 * c + c3 * c ** 3 <= self.L:
            raise FxError(f"ActivationConfig.gelu_clip = {c} too small: 2u({c}) must exceed L = {self.L}")
        pf = self.fmt("poly_format")
        if c ** 3 >= pf.max_raw * pf.lsb:
            raise FxError(f"ActivationConfig: poly_format {pf} cannot hold gelu_clip^3 = {c ** 3}")


def gelu_constants() -> tuple[float, float]:
    """2u = c1 x + c3 x^3 with c1 = 2 sqrt(2/pi), c3 = 2 sqrt(2/pi) * 0.044715."""
    c1 = 2.0 * math.sqrt(2.0 / math.pi)
    return c1, c1 * 0.044715


@dataclass
class NormConfig(_OpConfig):
    """rmsnorm, layernorm / nlspike: PolarNorm of [x, sqrt(eps d)], x sqrt(d) w / norm through
    the Division group, + bias (layernorm, after mean subtraction).

    norm_input_format: x (or x - mean) requantized for the CORDIC tree; cordic_n, guard_bits,
    internal_width, gain_format, norm_format: PolarNorm's n, guard bits, tree width, 1/K_n
    constant and output. sqrt_d_width / inv_d_width: widths of the ShiftScaler constants
    sqrt(d) and 1/d. weight_format / bias_format: how float weights and biases are quantized
    (RND_CONV). G = 0 means ceil(sqrt(d) * max|w|) * 2**n."""

    TABLE: ClassVar[str] = "norm"
    FORMAT_FIELDS: ClassVar[tuple[str, ...]] = (
        "input_format", "norm_input_format", "gain_format", "norm_format", "weight_format",
        "bias_format", "output_format")

    input_format: str = "fixed<32,8,RND_CONV,SAT>"
    eps: float = 1e-5
    norm_input_format: str = "fixed<24,8,RND,SAT>"
    cordic_n: int = 8
    guard_bits: int = 4
    internal_width: int = 32
    gain_format: str = "ufixed<24,0,RND_CONV,SAT>"
    norm_format: str = "ufixed<32,12,RND,SAT>"
    sqrt_d_width: int = 24
    inv_d_width: int = 16
    weight_format: str = "fixed<16,4,RND_CONV,SAT>"
    bias_format: str = "fixed<16,8,RND_CONV,SAT>"
    n: int = 8
    G: int = 0
    normalize: bool = True
    normalize_bit: int = 40
    output_format: str = "fixed<16,8,TRN,SAT>"

    def __post_init__(self) -> None:
        self._canon_formats()
        self._check_int("n", 0, MAX_N)
        self._check_int("G", 0, 1 << 30)
        self._check_int("normalize_bit", 0, INTERMEDIATE_BITS - 1)
        self._check_int("sqrt_d_width", 2, 30)
        self._check_int("inv_d_width", 2, 30)
        self._check_output()
        try:
            self.eps = float(self.eps)
        except (TypeError, ValueError):
            raise FxError(f"NormConfig.eps must be a number, got {self.eps!r}") from None
        self.polarnorm_config()          # FxError on a bad CORDIC knob

    def polarnorm_config(self) -> PolarNormConfig:
        return PolarNormConfig(n=self.cordic_n, guard_bits=self.guard_bits, eps=self.eps,
                               input_format=self.norm_input_format,
                               internal_width=self.internal_width,
                               internal_rounding="RND", internal_overflow="SAT",
                               gain_format=self.gain_format, output_format=self.norm_format)


CONFIGS = {"softmax": SoftmaxConfig, "sigmoid": ActivationConfig, "silu": ActivationConfig,
           "gelu_tanh": ActivationConfig, "rmsnorm": NormConfig, "layernorm": NormConfig}
