"""The C kernels build with no Python (make -C csrc) and reproduce every golden set word for
word from the generated headers alone, with -std=c99 -Wall -Wextra -Werror (and, one set per
consumer, under ASan and UBSan): the population engine, the three primitives, the nlspike
operators through the fused kernels and their primitives one by one, the FS and MBE operators
on the engine (with their range reductions and spike multiplies). A changed output, counter or traced word is reported as a
mismatch by every consumer."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CSRC = ROOT / "csrc"
SETS = sorted(p.name for p in (ROOT / "golden").iterdir() if (p / "vectors.h").is_file())
#: one set per consumer: family -> set
ONE_PER_CONSUMER = {"population": "population_xylo_step", "pwl_exp": "pwl_exp_paper",
                    "divgroup": "divgroup_t4", "polarnorm": "polarnorm_paper",
                    "softmax": "softmax_paper", "activation": "gelu_tanh_paper",
                    "norm": "layernorm_paper", "fs": "softmax_fs_paper", "mbe": "sigmoid_mbe_paper"}
pytestmark = pytest.mark.skipif(not (shutil.which("make") and shutil.which("cc")),
                                reason="needs make and a C compiler")


def _make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", "-C", str(CSRC), *args], capture_output=True,
                          text=True, check=False)


def _results(stdout: str) -> dict:
    """{set: (family, text)} of the consumer lines of make check."""
    out = {}
    for line in stdout.splitlines():
        m = re.match(r"(\S+) \((\w+)\): (.*)$", line)
        if m:
            out[m.group(1)] = (m.group(2), m.group(3))
    return out


def test_every_golden_set_has_a_consumer():
    res = _make("check")
    assert res.returncode == 0, res.stdout + res.stderr
    got = _results(res.stdout)
    assert sorted(got) == SETS
    assert all(text.startswith("OK:") and text.endswith("every word matches")
               for _, text in got.values()), res.stdout
    assert {family for family, _ in got.values()} == set(ONE_PER_CONSUMER)


def test_consumers_under_sanitizers():
    sets = " ".join(f"../golden/{s}" for s in ONE_PER_CONSUMER.values())
    res = _make("sanitize", f"SETS={sets}")
    assert res.returncode == 0, res.stdout + res.stderr
    assert sorted(_results(res.stdout)) == sorted(ONE_PER_CONSUMER.values())


@pytest.mark.slow
def test_every_consumer_under_sanitizers():
    res = _make("sanitize")
    assert res.returncode == 0, res.stdout + res.stderr
    assert sorted(_results(res.stdout)) == SETS


def _bump_first_word(header: str, array: str) -> tuple[str, int]:
    """The header with the first word of ``array`` changed by one (a 1-bit word flipped), and
    the new value."""
    body = re.search(rf"static const \w+ {array}\[\d+\] = \{{\s*(-?\d+)", header)
    assert body, array
    old = int(body.group(1))
    new = 1 - old if "_spikes" in array else old + 1
    return header[:body.start(1)] + str(new) + header[body.end(1):], new


@pytest.mark.parametrize("name,array", [
    ("pwl_exp_paper", "output"), ("softmax_paper", "output"), ("softmax_paper", "trace_sum"),
    ("gelu_tanh_paper", "trace_two_u"), ("silu_paper", "count_glue_overflow_output"),
    ("layernorm_paper", "trace_row_exponent"), ("rmsnorm_paper", "trace_polarnorm_cordic_y"),
    ("softmax_fs_paper", "trace_las_EXP3_spikes"), ("silu_fs_paper", "output"),
    ("softmax_fs_paper", "count_las_EXP3_overflow_v"), ("gelu_mbe_paper", "output"),
    ("sigmoid_mbe_paper", "trace_mbe_bank1_basis1_spikes"),
    ("tanh_mbe_paper", "count_mbe_overflow_output"), ("exp_mbe_paper", "trace_range_k"),
    ("rsqrt_mbe_paper", "trace_range_e"), ("reciprocal_mbe_paper", "output"),
    ("softmax_mbe_paper", "trace_reciprocal_m"), ("softmax_mbe_paper", "trace_exp_bank0_basis3_spikes"),
    ("layernorm_mbe_paper", "trace_var"), ("rmsnorm_mbe_paper", "count_multiply_overflow_output")])
def test_consumer_reports_a_changed_word(tmp_path, name, array):
    """One word of a copied set changed: its consumer exits 1 naming the array."""
    d = tmp_path / name
    shutil.copytree(ROOT / "golden" / name, d)
    header, _ = _bump_first_word((d / "vectors.h").read_text(), array)
    (d / "vectors.h").write_text(header)
    res = _make("check-set", f"SET={d}", f"EXE={tmp_path / 'consumer'}")
    assert res.returncode != 0
    assert f"MISMATCH {array}" in res.stderr, res.stderr


def test_changed_word_message(tmp_path):
    """The message names the index, the expected and the computed word."""
    d = tmp_path / "set"
    shutil.copytree(ROOT / "golden/pwl_exp_paper", d)
    header = (d / "vectors.h").read_text()
    first = int(re.search(r"static const \w+ output\[\d+\] = \{\s*(\d+)", header).group(1))
    (d / "vectors.h").write_text(_bump_first_word(header, "output")[0])
    res = _make("check-set", f"SET={d}", f"EXE={tmp_path / 'consumer'}")
    assert res.stderr.startswith(f"MISMATCH output[0]: expected {first + 1}, got {first}")


@pytest.mark.parametrize("family,count,trace", [("pwl_exp", 5, False), ("divgroup", 3, True),
                                                ("polarnorm", 1, False), ("softmax", 1, True),
                                                ("sigmoid", 7, False)])
def test_c_consumer_on_a_new_set(tmp_path, family, count, trace):
    """make check-set runs a consumer on any set of its family, traced or not."""
    from fxsim.vectors.golden import golden_set
    golden_set(family, tmp_path / "set", preset="paper", random=count, seed=5, trace=trace,
               kinds=("h",))
    res = _make("check-set", f"SET={tmp_path / 'set'}", f"EXE={tmp_path / 'consumer'}")
    assert res.returncode == 0 and "every word matches" in res.stdout, res.stdout + res.stderr


@pytest.mark.parametrize("op,config", [
    ("layernorm", {"row_exponent": False, "input_format": "fixed<32,8,RND_CONV,SAT>"}),
    ("layernorm", {}), ("rmsnorm", {"x_int_bits": 2, "eps": 1e-2})])
def test_c_consumer_on_mbe_norm_rows_of_every_scale(tmp_path, op, config):
    """The MBE norm consumer with and without the row exponent, on rows of d = 5 from 2^-12 to
    2^14 in magnitude (every branch of the exponent: lifted, clamped at exp_lo, shifted down)
    and an all-zero row."""
    import numpy as np
    from fxsim import ops
    from fxsim.arith import quantize
    from fxsim.vectors.golden import golden_set
    cfg = ops.config_class(op, "mbe").from_dict(config)
    rng = np.random.default_rng(11)
    x = rng.standard_normal((6, 5)) * np.exp2([-12, -4, 0, 5, 14, 0])[:, None]
    x[-1] = 0
    raw = np.asarray(quantize(x, cfg.fmt("input_format")), np.int64)
    golden_set(op, tmp_path / "set", method="mbe", config=cfg.to_dict(), inputs={"input": raw},
               trace=True, kinds=("h",))
    res = _make("check-set", f"SET={tmp_path / 'set'}", f"EXE={tmp_path / 'consumer'}")
    assert res.returncode == 0 and "every word matches" in res.stdout, res.stdout + res.stderr


@pytest.mark.parametrize("op,fit", [("gelu", "tails"), ("silu", "silu_cut_n4"),
                                    ("tanh", "tails"), ("sigmoid", "tails")])
def test_c_consumer_on_exact_tails(tmp_path, op, fit):
    """The MBE activation consumer with an exact-tails fit: inputs on both sides of each tail
    compare constant (lo - 1, lo, lo + 1, hi - 1, hi, hi + 1), the input format's extremes and
    0. The tails the set records follow the rule x <= lo: -1, x >= hi: 1 (written out here from
    the raw constants), and the C consumer reproduces every word."""
    import numpy as np
    from fxsim import ops
    from fxsim.vectors.golden import golden_set
    cfg = ops.config_class(op, "mbe").from_dict({"fit": fit})
    golden_set(op, tmp_path / "probe", method="mbe", config=cfg.to_dict(),
               inputs={"input": np.zeros(1, np.int64)}, kinds=("h",))
    header = (tmp_path / "probe" / "vectors.h").read_text()
    lo, hi = (int(re.search(rf"#define FXSIM_OP_TAIL_{end} (-?\d+)", header).group(1))
              for end in ("LO", "HI"))
    X = cfg.fmt("input_format")
    edge = (1 << (X.width - 1)) - 1
    raw = np.array([lo - 1, lo, lo + 1, hi - 1, hi, hi + 1, -edge - 1, edge, 0], np.int64)
    golden_set(op, tmp_path / "set", method="mbe", config=cfg.to_dict(), inputs={"input": raw},
               trace=True, kinds=("h", "npz"))
    tails = np.load(tmp_path / "set" / "vectors.npz")["trace_tail"]
    assert tails.tolist() == [-1, -1, 0, 0, 1, 1, -1, 1, 0]
    res = _make("check-set", f"SET={tmp_path / 'set'}", f"EXE={tmp_path / 'consumer'}")
    assert res.returncode == 0 and "every word matches" in res.stdout, res.stdout + res.stderr
