"""fxsim.files.toml: the one TOML reader and writer."""
import pytest

from fxsim import FxError
from fxsim.files.toml import check_keys, read_toml, write_toml
from fxsim.ops.nlspike.config import SoftmaxConfig


def test_round_trip_is_exact(tmp_path):
    doc = {"t": {"s": 'a"b\\c\nd\x7f', "i": -(1 << 40), "f": 1e-05, "g": 5.0, "b": True,
                 "l": [1, 2]}}
    text = write_toml(doc)
    assert read_toml(text) == doc
    path = tmp_path / "d.toml"
    path.write_text(text)
    assert read_toml(path) == doc and read_toml(str(path)) == doc


def test_writer_keeps_the_hand_written_layout():
    assert SoftmaxConfig.paper().to_toml().splitlines()[:4] == [
        "[softmax]", 'input_format = "fixed<32,8,RND_CONV,SAT>"', "L = 5.0", "K = 64"]


@pytest.mark.parametrize("doc,message", [
    ({"t": {"x": float("nan")}}, "non-finite float nan"),
    ({"t": {"x": object()}}, "cannot write to TOML"),
])
def test_writer_errors(doc, message):
    with pytest.raises(FxError, match=message):
        write_toml(doc)


def test_reader_errors(tmp_path):
    with pytest.raises(FxError, match="config file not found"):
        read_toml(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[t\n")
    with pytest.raises(FxError, match="malformed config file"):
        read_toml(bad)
    with pytest.raises(FxError, match="malformed audit config TOML"):
        read_toml("[t\nx = ", what="audit config")
    bad.write_bytes(b"x = '\xff'\n")
    with pytest.raises(FxError, match="cannot read config file"):
        read_toml(bad)


def test_check_keys_names_the_unknown_key():
    check_keys({"a": 1}, ("a", "b"), "[t]")
    with pytest.raises(FxError, match=r"^\[t\]: unknown key 'c'; expected a, b$"):
        check_keys({"a": 1, "c": 2}, ("a", "b"), "[t]")
    with pytest.raises(FxError, match=r"unknown keys 'c', 'd'"):
        check_keys({"d": 1, "c": 2}, ("a", "b"), "[t]")
