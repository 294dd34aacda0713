"""Fuzzing every reader and parser (hypothesis): vector files (.hex, .bin, .h, .npz),
manifest.json, operator and population TOML, format strings, sweep grids and .npy inputs.
Each input either reads or is refused with one FxError line; never another exception, a hang
or a partial file. Budget: FXSIM_FUZZ_EXAMPLES examples per target (reliability_helpers)."""
from __future__ import annotations

import io
import json
import shutil
import string
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from fxsim import ops
from fxsim.errors import FxError
from fxsim.files.inputs import load_array, load_arrays
from fxsim.files.population_toml import input_from_dict, population_from_dict
from fxsim.files.toml import write_toml
from fxsim.formats import Format
from fxsim.studies.sweep.grid import make_axes, parse_grid
from fxsim.vectors.cheader import read_header
from fxsim.vectors.golden import read_set
from fxsim.vectors.hexfile import read_bin, read_hex
from fxsim.vectors.npzfile import read_npz
from reliability_helpers import FUZZ, ROOT, assert_one_line_error, invoke

SET = ROOT / "golden" / "divgroup_t4"


def refused_or_read(call, *args):
    """``call(*args)``; an FxError is a refusal with a one-line message, anything else a
    defect (the test fails with its traceback)."""
    try:
        return call(*args)
    except FxError as exc:
        assert "\n" not in str(exc).strip() and str(exc).strip(), repr(exc)
        return None


def mutated(data: bytes, draw) -> bytes:
    """``data`` with a few random byte edits: flips, deletions, insertions, truncation."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "truncate"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "flip" and out:
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "delete" and out:
            del out[at:at + draw(st.integers(1, 16))]
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del out[at:]
    return bytes(out)


TEXT_LINES = st.lists(st.one_of(
    st.sampled_from(["// signed: 1", "// signed: x", "// width: 70", "// width: 0",
                     "// width: -3", "// frac_bits: 4", "// shape: 2,2", "// shape: -1",
                     "// shape: 99999999999", "// axes: a,b", "// axes: ", "// count: 4",
                     "// count: -1", "ff", "0", "fffffffff", "g1", "1" * 70, ""]),
    st.text(string.printable, max_size=30)), max_size=14)


@FUZZ
@given(st.data())
def test_fuzz_hex_and_bin_files(tmp_path, data):
    valid = (SET / "numerator.hex").read_bytes()
    blob = data.draw(st.one_of(st.builds(mutated, st.just(valid), st.just(data.draw)),
                               TEXT_LINES.map(lambda ls: "\n".join(ls).encode()),
                               st.binary(max_size=200)))
    path = tmp_path / "x.hex"
    path.write_bytes(blob)
    for reader in (read_hex, read_bin):
        array = refused_or_read(reader, path)
        if array is not None:
            assert array.raw.dtype == np.int64 and array.raw.size == int(
                np.prod(array.raw.shape))


@FUZZ
@given(st.data())
def test_fuzz_c_headers(tmp_path, data):
    valid = (SET / "vectors.h").read_bytes()
    path = tmp_path / "vectors.h"
    path.write_bytes(data.draw(st.one_of(st.builds(mutated, st.just(valid),
                                                   st.just(data.draw)),
                                         st.binary(max_size=200))))
    refused_or_read(read_header, path)


@FUZZ
@given(st.data())
def test_fuzz_npz_files(tmp_path, data):
    buffer = io.BytesIO()
    np.savez(buffer, a=np.arange(6, dtype=np.int16).reshape(2, 3), b=np.ones(2))
    path = tmp_path / "vectors.npz"
    path.write_bytes(data.draw(st.one_of(st.builds(mutated, st.just(buffer.getvalue()),
                                                   st.just(data.draw)),
                                         st.binary(max_size=300))))
    refused_or_read(read_npz, path)
    refused_or_read(load_arrays, path)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3), max_leaves=8)


def manifest_paths(doc, prefix=()):
    """Every (path of keys / indices) inside a manifest document."""
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from manifest_paths(value, prefix + (key,))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from manifest_paths(value, prefix + (index,))


@FUZZ
@given(st.data())
def test_fuzz_manifests(tmp_path, data):
    d = Path(tempfile.mkdtemp(dir=tmp_path)) / "set"          # one per example
    shutil.copytree(SET, d)
    doc = json.loads((d / "manifest.json").read_text())
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(manifest_paths(doc))[1:]))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()):
            parent[path[-1]] = data.draw(JSON_VALUES)
        elif isinstance(parent, dict):
            del parent[path[-1]]
    text = json.dumps(doc)
    if data.draw(st.booleans()):
        text = mutated(text.encode(), data.draw).decode("latin-1")
    (d / "manifest.json").write_text(text)
    refused_or_read(read_set, d)


TOML_SCALARS = (st.integers(-2**65, 2**65) | st.floats() | st.booleans()
                | st.text(max_size=12) | st.sampled_from(["fixed<16,8>", "ufixed<8,1,RND,WRAP>",
                                                          "fixed<40,8>", "TRN", "shift"]))
TOML_VALUES = st.recursive(TOML_SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                           max_leaves=10)


def config_tables(cls) -> st.SearchStrategy:
    """A table of ``cls``'s own field names (mostly) with random values."""
    names = [f for f in cls().to_dict()]
    keys = st.sampled_from(names) | st.text(max_size=8)
    return st.dictionaries(keys, TOML_VALUES, max_size=4)


CONFIG_CLASSES = sorted({ops.config_class(op, method) for op, methods in ops.OPERATORS.items()
                         for method in methods}, key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", CONFIG_CLASSES, ids=lambda c: c.__name__)
@FUZZ
@given(data=st.data())
def test_fuzz_operator_configs(cls, data):
    table = data.draw(config_tables(cls))
    doc = {cls.TABLE: table} if data.draw(st.booleans()) else data.draw(
        st.dictionaries(st.text(max_size=8), TOML_VALUES, max_size=2))
    config = refused_or_read(cls.from_dict, table)
    if config is not None:
        assert cls.from_toml(config.to_toml()) == config           # what is read, round-trips
    try:
        text = write_toml(doc)
    except FxError:
        return
    refused_or_read(cls.from_toml, text)


POPULATION_KEYS = ["n", "steps", "v_format", "acc_format", "i_format", "threshold", "decay_v",
                   "decay_i", "bias", "compare", "reset", "input_mode", "intensity",
                   "reset_amount", "max_spikes", "v_reset", "input_shift"]


@FUZZ
@given(st.data())
def test_fuzz_population_configs(data):
    base = {"n": 2, "steps": 2, "v_format": "fixed<16,8>", "acc_format": "fixed<16,8>",
            "threshold": 64}
    table = dict(base)
    table.update(data.draw(st.dictionaries(st.sampled_from(POPULATION_KEYS) | st.text(max_size=6),
                                           TOML_VALUES, max_size=3)))
    cfg = data.draw(st.sampled_from([
        {"population": table},
        {"preset": data.draw(st.dictionaries(st.sampled_from(["name", "n", "steps", "fs_set",
                                                               "bias_mant", "fit", "vth"]),
                                             TOML_VALUES, max_size=4))},
        {"population": table, "input": data.draw(st.dictionaries(
            st.sampled_from(["raw", "linspace"]), TOML_VALUES, max_size=2))},
        data.draw(st.dictionaries(st.text(max_size=8), TOML_VALUES, max_size=2))]))
    pop = refused_or_read(population_from_dict, cfg)
    if pop is not None:
        refused_or_read(input_from_dict, cfg, pop)


@FUZZ
@given(st.text(max_size=60) | st.builds(
    "fixed<{},{},{},{}>".format, st.integers(-5, 70), st.integers(-70, 70),
    st.sampled_from(["TRN", "RND_CONV", "rnd", "AP_RND", "X", ""]),
    st.sampled_from(["SAT", "WRAP", "sat_sym", "Y", ""])))
def test_fuzz_format_strings(text):
    fmt = refused_or_read(Format.parse, text)
    if fmt is not None:
        assert Format.parse(str(fmt)) == fmt and 1 <= fmt.width <= 32


GRID_TEXT = st.builds("{}={}".format,
                      st.sampled_from(["n", "K", "L", "output_format", "output_format.frac",
                                       "output_format.rounding", "normalize", "x.y", ""]),
                      st.text(string.printable, max_size=20)
                      | st.builds("{}:{}:{}".format, st.integers(-5, 40), st.integers(-5, 40),
                                  st.integers(-2, 5)))


@FUZZ
@given(st.lists(GRID_TEXT | st.text(max_size=15), min_size=1, max_size=3))
def test_fuzz_grid_specs(specs):
    config = ops.config_class("softmax", "nlspike").paper()
    grid = refused_or_read(parse_grid, specs)
    if grid is not None:
        assume(sum(len(v) for v in grid.values()) < 10_000)
        refused_or_read(make_axes, config, grid)


@FUZZ
@given(st.data())
def test_fuzz_npy_inputs(tmp_path, data):
    dtype = data.draw(hnp.scalar_dtypes() | hnp.nested_dtypes(max_itemsize=32)
                      | st.sampled_from([np.dtype("U3"), np.dtype("S2"), np.dtype("O")]))
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(shape, dtype), allow_pickle=True)
    blob = buffer.getvalue()
    if data.draw(st.booleans()):
        blob = mutated(blob, data.draw)
    path = tmp_path / "x.npy"
    path.write_bytes(blob)
    array = refused_or_read(load_array, path)
    if array is not None:
        assert array.dtype.kind in "biuf" and array.shape == shape


OPTION_TEXT = st.text(string.printable, max_size=12) | st.sampled_from(
    ["", ",", "all", "v,acc", "c", "numba", "numpy", "raise", "count", "hex,bin", "h", "npz"])


@FUZZ
@given(record=OPTION_TEXT, overflow=OPTION_TEXT, backend=OPTION_TEXT)
def test_fuzz_run_options(monkeypatch, record, overflow, backend):
    """Random --record, --on-overflow and --backend values: a summary or one error line."""
    monkeypatch.chdir(ROOT)
    code, out, err = invoke("run", "examples/xylo_step.toml", "--record", record,
                            "--on-overflow", overflow, "--backend", backend)
    if code:
        assert_one_line_error(code, err)
    else:
        assert "population xylo" in out


@FUZZ
@given(kinds=OPTION_TEXT, backend=OPTION_TEXT, count=st.integers(-3, 40) | st.none())
def test_fuzz_golden_options(tmp_path, kinds, backend, count):
    """Random --formats, --backend and --random N: a set that verifies, or one error line
    and no set."""
    out = Path(tempfile.mkdtemp(dir=tmp_path)) / "set"
    code, _, err = invoke("golden", "pwl_exp", "--preset", "paper", "--random",
                          *([] if count is None else [str(count)]), "--seed", "2",
                          "--formats", kinds, "--backend", backend, "--out", out)
    if code:
        assert_one_line_error(code, err)
        assert not out.exists() and not list(out.parent.iterdir())
    else:
        assert invoke("verify", out)[0] == 0
