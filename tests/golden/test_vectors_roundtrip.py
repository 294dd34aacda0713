"""Golden-vector writers and readers round-trip every width 1..32, both signs, both range ends.

Oracle: the values written (drawn independently by hypothesis) and, for the hex words, the
two's complement pattern computed with Python integers in the test.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim import Format, FxError
from fxsim.vectors import (VectorArray, read_header, read_hex, read_npz, write_header, write_hex,
                           write_npz)


@st.composite
def vector_arrays(draw):
    fmt = Format(draw(st.booleans()), draw(st.integers(1, 32)), draw(st.integers(-8, 40)))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    size = int(np.prod(shape))
    ends = [fmt.min_raw, fmt.max_raw]
    values = draw(st.lists(st.one_of(st.sampled_from(ends),
                                     st.integers(fmt.min_raw, fmt.max_raw)),
                           min_size=size, max_size=size))
    return VectorArray("arr", np.array(values, dtype=np.int64).reshape(shape), fmt,
                       tuple(f"axis{i}" for i in range(len(shape))))


@settings(max_examples=300)
@given(arr=vector_arrays())
def test_hex_roundtrip_and_words(tmp_path_factory, arr):
    path = tmp_path_factory.mktemp("hex") / "arr.hex"
    write_hex(path, arr, "1.0.0")
    back = read_hex(path)
    np.testing.assert_array_equal(back.raw, arr.raw)
    assert back.fmt == arr.fmt.replace(rounding="TRN", overflow="WRAP") and back.axes == arr.axes
    words = [line for line in path.read_text().splitlines() if not line.startswith("//")]
    digits = (arr.fmt.width + 3) // 4
    for word, value in zip(words, arr.raw.reshape(-1).tolist()):
        assert word == format(value % (1 << arr.fmt.width), f"0{digits}x")


@settings(max_examples=200)
@given(arr=vector_arrays())
def test_header_and_npz_roundtrip(tmp_path_factory, arr):
    d = tmp_path_factory.mktemp("h")
    write_header(d / "set.h", "fxsim_test_set", [arr], "1.0.0")
    values, meta = read_header(d / "set.h")["arr"]
    np.testing.assert_array_equal(values, arr.raw.reshape(-1))
    assert meta == {"LEN": arr.raw.size, "WIDTH": arr.fmt.width, "FRAC_BITS": arr.fmt.frac,
                    "SIGNED": int(arr.fmt.signed)}
    write_npz(d / "vectors.npz", [arr])
    np.testing.assert_array_equal(read_npz(d / "vectors.npz")["arr"], arr.raw)


def test_hex_hand_example(tmp_path):
    """fixed<12,4>: -1 is fff, -2048 is 800, 2047 is 7ff (three hex digits for 12 bits)."""
    arr = VectorArray("w", np.array([-1, -2048, 2047, 0]), Format(True, 12, 8), ("i",))
    write_hex(tmp_path / "w.hex", arr, "1.0.0")
    body = [ln for ln in (tmp_path / "w.hex").read_text().splitlines() if not ln.startswith("//")]
    assert body == ["fff", "800", "7ff", "000"]


def test_header_compiles_with_c99(tmp_path):
    """The header compiles warning-free as C99 and its values read back in C."""
    import shutil
    import subprocess
    if not shutil.which("cc"):
        pytest.skip("no C compiler")
    arr = VectorArray("v", np.array([-(1 << 31), (1 << 31) - 1, -1]), Format(True, 32, 0), ("i",))
    u = VectorArray("u", np.array([(1 << 32) - 1, 0]), Format(False, 32, 0), ("i",))
    write_header(tmp_path / "set.h", "set", [arr, u], "1.0.0")
    (tmp_path / "main.c").write_text(
        '#include <stdio.h>\n#include "set.h"\nint main(void){printf("%ld %ld %lu %d\\n",'
        '(long)v[0],(long)v[2],(unsigned long)u[0],V_LEN);return 0;}\n')
    subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "main.c", "-o",
                    "main"], cwd=tmp_path, check=True)
    out = subprocess.run(["./main"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["-2147483648", "-1", "4294967295", "3"]


@pytest.mark.parametrize("body,message", [
    ("// signed: 1\n// width: 8\n// frac_bits: 0\n// shape: 2\n// axes: i\n// count: 2\n00\n",
     "has 1"),
    ("// signed: 1\n// width: 8\n// frac_bits: 0\n// shape: 1\n// axes: i\n// count: 1\n1ff\n",
     "out of range"),
    ("// signed: 1\n// width: 8\n// shape: 1\n// axes: i\n// count: 1\n00\n", "malformed header"),
    ("// signed: 1\n// width: 8\n// frac_bits: 0\n// shape: 1\n// axes: i\n// count: 1\nzz\n",
     "not a lower-case hex word"),
])
def test_bad_hex_files(tmp_path, body, message):
    (tmp_path / "bad.hex").write_text(body)
    with pytest.raises(FxError, match=message):
        read_hex(tmp_path / "bad.hex")


def test_vector_array_validation():
    with pytest.raises(FxError, match="outside the range"):
        VectorArray("a", np.array([128]), Format(True, 8, 0), ("i",))
    with pytest.raises(FxError, match="axis names"):
        VectorArray("a", np.array([[1]]), Format(True, 8, 0), ("i",))
    with pytest.raises(FxError, match="C identifier"):
        VectorArray("a-b", np.array([1]), Format(True, 8, 0), ("i",))


@st.composite
def wide_or_narrow_arrays(draw):
    """Any word width 1..63 (33..63: traced datapath words), signed or unsigned."""
    from fxsim.vectors.arrays import word_format
    fmt = word_format(draw(st.booleans()), draw(st.integers(1, 63)), draw(st.integers(-8, 62)))
    size = draw(st.integers(1, 6))
    values = draw(st.lists(st.one_of(st.sampled_from([fmt.min_raw, fmt.max_raw]),
                                     st.integers(fmt.min_raw, fmt.max_raw)),
                           min_size=size, max_size=size))
    return VectorArray("arr", np.array(values, dtype=np.int64), fmt, ("i",))


@settings(max_examples=300)
@given(arr=wide_or_narrow_arrays())
def test_bin_hex_header_npz_roundtrip_any_width(tmp_path_factory, arr):
    """$readmemb words are the W-bit two's complement pattern in W binary digits; every file
    kind reads back the same values, widths 1..63."""
    from fxsim.vectors.hexfile import read_bin, write_bin
    d = tmp_path_factory.mktemp("bin")
    write_bin(d / "arr.bin", arr, "1.2.0")
    back = read_bin(d / "arr.bin")
    np.testing.assert_array_equal(back.raw, arr.raw)
    assert (back.fmt.signed, back.fmt.width, back.fmt.frac) == (arr.fmt.signed, arr.fmt.width,
                                                                arr.fmt.frac)
    words = [ln for ln in (d / "arr.bin").read_text().splitlines() if not ln.startswith("//")]
    assert words == [format(v % (1 << arr.fmt.width), f"0{arr.fmt.width}b")
                     for v in arr.raw.tolist()]
    write_hex(d / "arr.hex", arr, "1.2.0")
    np.testing.assert_array_equal(read_hex(d / "arr.hex").raw, arr.raw)
    write_header(d / "set.h", "set", [arr], "1.2.0")
    np.testing.assert_array_equal(read_header(d / "set.h")["arr"][0], arr.raw)
    write_npz(d / "vectors.npz", [arr])
    np.testing.assert_array_equal(read_npz(d / "vectors.npz")["arr"], arr.raw)


def test_bin_hand_example(tmp_path):
    """fixed<5,5>: -1 is 11111, -16 is 10000, 15 is 01111."""
    from fxsim.vectors.hexfile import read_bin, write_bin
    arr = VectorArray("w", np.array([-1, -16, 15]), Format(True, 5, 0), ("i",))
    write_bin(tmp_path / "w.bin", arr, "1.2.0")
    body = [ln for ln in (tmp_path / "w.bin").read_text().splitlines() if not ln.startswith("//")]
    assert body == ["11111", "10000", "01111"]
    (tmp_path / "bad.bin").write_text((tmp_path / "w.bin").read_text().replace("01111", "0111a"))
    with pytest.raises(FxError, match="not a binary word"):
        read_bin(tmp_path / "bad.bin")
