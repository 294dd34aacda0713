"""The config base (fxsim/spec.py): canonical formats, declared ranges, one-line errors,
dict and TOML round trips, frozen instances."""
from __future__ import annotations

import dataclasses

import pytest

from fxsim.errors import FxError
from fxsim.formats import Format
from fxsim.ops.nlspike.config import ActivationConfig, NormConfig, SoftmaxConfig
from fxsim.ops import (FsActivationConfig, MbeActivationConfig, MbeNormConfig,
                       MbeScalarConfig, MbeSoftmaxConfig)
from fxsim.primitives.divgroup import DivGroupConfig
from fxsim.primitives.mbe import MbeConfig
from fxsim.primitives.polarnorm import PolarNormConfig
from fxsim.primitives.pwl_exp import PwlExpConfig
from fxsim.primitives.range_reduction import RangeConfig
from fxsim.primitives.spike_multiply import SpikeMultiplyConfig
from fxsim.spec import Spec, format_fields

CLASSES = [PwlExpConfig, DivGroupConfig, PolarNormConfig, MbeConfig, RangeConfig,
           SpikeMultiplyConfig, SoftmaxConfig, ActivationConfig, NormConfig, MbeActivationConfig,
           MbeSoftmaxConfig, MbeNormConfig, MbeScalarConfig, FsActivationConfig]


def test_every_config_is_a_frozen_spec_with_its_own_table():
    assert all(issubclass(cls, Spec) and cls.__dataclass_params__.frozen for cls in CLASSES)
    assert all(cls.TABLE for cls in CLASSES)
    assert len({cls.TABLE for cls in CLASSES}) == len(CLASSES)


@pytest.mark.parametrize("cls", CLASSES)
def test_text_and_format_are_accepted_and_equal(cls):
    name = format_fields(cls)[0]
    fmt = cls().fmt(name).replace(width=cls().fmt(name).width - 1)
    by_text, by_format = cls(**{name: str(fmt)}), cls(**{name: fmt})
    assert by_text == by_format and by_text.fmt(name) == fmt
    assert by_text.to_dict() == by_format.to_dict()
    held = getattr(by_text, name)                  # the declared storage: text or Format
    assert held == (fmt if isinstance(held, Format) else str(fmt))
    assert by_text.FORMAT_FIELDS == format_fields(cls)


def test_format_text_is_canonicalised_once():
    cfg = SoftmaxConfig(output_format="ap_ufixed<9, 1>")
    assert cfg.output_format == "ufixed<9,1,TRN,WRAP>"
    assert PolarNormConfig(output_format="ufixed<24,14>").output_format \
        == Format(False, 24, 10)


@pytest.mark.parametrize("cls, field, value, message", [
    (SoftmaxConfig, "n", 31, "SoftmaxConfig.n must be an int in 0..30, got 31"),
    (NormConfig, "sqrt_d_width", 1, "NormConfig.sqrt_d_width must be an int in 2..30, got 1"),
    (NormConfig, "cordic_n", 0, "NormConfig.cordic_n must be an int in 1..32, got 0"),
    (ActivationConfig, "const_width", True,
     "ActivationConfig.const_width must be an int in 2..30, got True"),
    (ActivationConfig, "gelu_clip", 0.0,
     "ActivationConfig.gelu_clip must be a finite number > 0.0, got 0.0"),
    (PwlExpConfig, "K", 1.5, "PwlExpConfig.K must be an int in 1..65536, got 1.5"),
    (PwlExpConfig, "L", 701.0, "PwlExpConfig.L must be a finite number > 0.0 and <= 700.0, "
                               "got 701.0"),
    (MbeConfig, "scale_width", 31, "MbeConfig.scale_width must be an int in 2..30, got 31"),
    (RangeConfig, "newton_steps", 4, "RangeConfig.newton_steps must be an int in 0..3, got 4"),
    (SpikeMultiplyConfig, "a_int_bits", -31,
     "SpikeMultiplyConfig.a_int_bits must be an int in -30..30, got -31"),
    (SpikeMultiplyConfig, "encoder", "magic",
     "SpikeMultiplyConfig.encoder must be one of 'sar', 'fit', got 'magic'"),
    (MbeNormConfig, "eps", 0.0, "MbeNormConfig.eps must be a finite number > 0.0, got 0.0"),
    (MbeSoftmaxConfig, "recip_newton", 9,
     "MbeSoftmaxConfig.recip_newton must be an int in 0..3, got 9"),
    (SoftmaxConfig, "normalize", 1, "SoftmaxConfig.normalize must be a bool, got 1"),
    (MbeActivationConfig, "fit", 3, "MbeActivationConfig.fit must be a string, got 3"),
    (DivGroupConfig, "T", 0, "DivGroupConfig.T must be an int >= 1, got 0"),
])
def test_out_of_range_is_one_line_naming_class_field_and_range(cls, field, value, message):
    with pytest.raises(FxError) as err:
        cls(**{field: value})
    assert str(err.value) == message


@pytest.mark.parametrize("cls", CLASSES)
def test_unknown_key_is_rejected_naming_it(cls):
    data = {**cls.paper().to_dict(), "no_such_knob": 1}
    with pytest.raises(FxError, match=rf"^{cls.__name__}: unknown key 'no_such_knob'; expected "):
        cls.from_dict(data)
    header = f"[{cls.TABLE}]\n"
    text = cls.paper().to_toml().replace(header, header + "no_such_knob = 1\n", 1)
    with pytest.raises(FxError, match="unknown key 'no_such_knob'"):
        cls.from_toml(text)
    with pytest.raises(FxError, match=r"unknown key 'extra'"):
        cls.from_toml(cls.paper().to_toml() + "\n[extra]\nx = 1\n")


@pytest.mark.parametrize("cls", CLASSES)
def test_toml_round_trip_is_exact(cls):
    cfg = cls.paper()
    again = cls.from_toml(cfg.to_toml())
    assert again == cfg and again.to_dict() == cfg.to_dict()
    assert again.to_toml() == cfg.to_toml()
    assert cls.from_dict(cfg.to_dict()) == cfg


@pytest.mark.parametrize("cls", CLASSES)
def test_frozen_assignment_raises_and_replace_validates(cls):
    cfg = cls.paper()
    name = format_fields(cls)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(cfg, name, "fixed<8,4>")
    wider = cfg.fmt(name).replace(width=cfg.fmt(name).width - 1)
    changed = cfg.replace(**{name: str(wider)})
    assert changed.fmt(name) == wider and cfg.fmt(name) != wider     # the original is kept
    assert hash(changed) == hash(cls.paper().replace(**{name: wider}))


def test_replace_validates_again():
    with pytest.raises(FxError, match=r"^SoftmaxConfig\.K must be an int in 1\.\.65536, got 0$"):
        SoftmaxConfig().replace(K=0)


def test_format_mapping_is_checked():
    fields = Format.parse("fixed<8,4,TRN,SAT>").to_dict()
    assert DivGroupConfig(out_format=fields).out_format == Format.parse("fixed<8,4,TRN,SAT>")
    with pytest.raises(FxError, match=r"^DivGroupConfig\.out_format: unknown key 'bits'"):
        DivGroupConfig(out_format={**fields, "bits": 3})
    del fields["frac"]
    with pytest.raises(FxError, match=r"^DivGroupConfig\.out_format: a format mapping needs "):
        DivGroupConfig(out_format=fields)


def test_derived_defaults_and_their_dicts():
    div = DivGroupConfig(n=4)
    assert (div.G, div.normalize_bit, str(div.out_format)) == (16, 16, "fixed<6,2,TRN,SAT>")
    assert div.to_dict()["out_format"] == div.out_format.to_dict()
    pn = PolarNormConfig()
    assert pn.to_dict()["input_frac"] == pn.input_format.frac == 10
    assert pn.to_dict()["internal_rounding"] == "RND" and pn.internal_overflow == "SAT"
