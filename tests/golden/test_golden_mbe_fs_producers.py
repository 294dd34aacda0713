"""Golden-vector producers of the P2 operators (methods mbe and fs): tables and outputs checked
against derivations written here.

Oracles: MBE kernel tables from the fit record's float formula (alpha gamma_v**t etc. times
2**frac, round half even) and D = a a^T from the set's own intensity tables; FS tables from
fs_params.json's published T / h / d times 2**frac; FS outputs from a float32 FS neuron
written here (fs_coding: spike on v > T[t], add d[t], subtract h[t]) routed by the LAS pieces;
MBE outputs against the exact float function within the fit's peak error (float fit on a
200,000-point grid, +10 % and an LSB allowance, as tests/unit/test_ops_mbe.py bounds them), softmax
and the norms within PASN's P2 figures (max 5.5e-3 and 3.4e-2, godygks02/PASN;
docs/mbe-fs.md, Composites).
"""
import json
import math
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from fxsim import ops
from fxsim.floatref.functions import EXACT
from fxsim.floatref.models import evaluate
from fxsim.floatref.workloads import sample_grid
from fxsim.ops.fs import pieces
from fxsim.ops.mbe.config import ACTIVATION_FITS
from fxsim.primitives.mbe import fit_record
from fxsim.vectors.golden import golden_set, read_set, verify_set
from fxsim.vectors.producers import REGISTRY, produce, producer_key

ROOT = Path(__file__).resolve().parents[2]
P2_PAIRS = [(op, m) for op, methods in ops.OPERATORS.items() for m in methods
            if m in ("mbe", "fs")]
FS_DOC = json.loads(resources.files("fxsim.params").joinpath("fs_params.json").read_text())


def peak_error(name: str) -> float:
    rec = fit_record(name)
    x = sample_grid(*rec["domain"], 200_000)
    return float(np.abs(evaluate(rec, x) - EXACT[rec["function"]](x)).max())


def exact(op: str, x: np.ndarray) -> np.ndarray:
    if op == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if op in ("rmsnorm", "layernorm"):
        if op == "layernorm":
            x = x - x.mean(axis=-1, keepdims=True)
        return x / np.sqrt((x ** 2).mean(axis=-1, keepdims=True) + 1e-5)
    erf = np.vectorize(math.erf)
    return {"gelu": lambda v: 0.5 * v * (1 + erf(v / math.sqrt(2))), "tanh": np.tanh,
            "sigmoid": lambda v: 1 / (1 + np.exp(-v)), "silu": lambda v: v / (1 + np.exp(-v)),
            "exp": np.exp, "reciprocal": lambda v: 1 / v, "rsqrt": lambda v: v ** -0.5}[op](x)


def fs_float(name: str, x: np.ndarray) -> np.ndarray:
    """The published float32 FS neuron (fs_coding order; reset_first sets shift h by one)."""
    s = FS_DOC["sets"][name]
    h, d, T = (np.asarray(s[k], np.float32).astype(np.float64) for k in ("h", "d", "T"))
    if s["index_convention"] == "reset_first":
        h = np.append(h[1:], 0.0)
    v, out = x.astype(np.float64).copy(), np.zeros(x.shape)
    for t in range(int(s["K"])):
        z = v > T[t]
        out += z * d[t]
        v -= z * h[t]
    return out


def fs_op(op: str, x: np.ndarray) -> np.ndarray:
    lo, hi, plan = pieces(op)
    xc = np.clip(x, lo, hi)
    y, todo = np.zeros_like(xc), np.ones(x.shape, bool)
    for name, upper, closed in plan:
        sel = todo & ((xc <= upper) if closed else (xc < upper))
        todo &= ~sel
        y[sel] = fs_float(name, xc[sel])
    return np.where(x > hi, x, y) if op == "silu" else y


def fs_softmax(x: np.ndarray, frac: int) -> np.ndarray:
    """LAS: tp = x - max + 0.1, 0 where tp <= -20, S rounded to the input grid, e * FS(1/S)."""
    tp = x - x.max(axis=-1, keepdims=True) + 0.1
    e = np.where(tp > -20, fs_op("exp", tp), 0.0)
    total = np.round(np.ldexp(e.sum(axis=-1, keepdims=True), frac)) / 2.0 ** frac
    return e * fs_op("reciprocal", total)


def _values(arr) -> np.ndarray:
    return np.ldexp(arr.raw.astype(float), -arr.fmt.frac)


@pytest.mark.parametrize("op,method", P2_PAIRS, ids=lambda v: str(v))
def test_p2_sets_match_their_oracles(op, method, tmp_path):
    key = producer_key(op, method)
    d = tmp_path / key.replace(":", "_")
    golden_set(op, d, method=method, preset="paper", random=0, seed=3, trace=True,
               record_commit=False)
    manifest, got = read_set(d)
    assert (manifest["operator"], manifest["method"]) == (op, method)
    x, y = _values(got["input"]), _values(got["output"])
    if method == "fs":
        lsb = 2.0 ** -got["output"].fmt.frac
        ref = fs_softmax(x, got["input"].fmt.frac) if op == "softmax" else fs_op(op, x)
        assert np.abs(y - ref).max() <= 16 * lsb    # K <= 16 table roundings of 2**-23 + LSB
    elif op in ("gelu", "tanh", "silu", "sigmoid"):
        fit = ACTIVATION_FITS[op]
        bound = 1.1 * peak_error(fit) * (0.5 if op == "sigmoid" else 1.0) + 2.0 ** -9
        assert np.abs(y - exact(op, x)).max() <= bound
    elif op in ("exp", "reciprocal", "rsqrt"):
        fit = {"exp": "exp2_n8", "reciprocal": "inv_n8", "rsqrt": "rsqrt_n8"}[op]
        scale = math.sqrt(2) if op == "rsqrt" else 1.0
        ref = exact(op, x)
        lsb = 2.0 ** -got["output"].fmt.frac
        assert np.all(np.abs(y - ref) <= (1.1 * scale * peak_error(fit) + 2 ** -18) * ref + lsb)
    else:
        assert np.abs(y - exact(op, x)).max() < (5.5e-3 if op == "softmax" else 3.4e-2)
    roles = {e["name"]: e["role"] for e in manifest["arrays"]}
    assert any(r == "table" for r in roles.values())
    assert any(r == "trace" for r in roles.values())
    assert verify_set(d) == []


def test_mbe_tables_from_the_fit_record():
    """gelu / mbe at paper: u_format frac 28, acc_format frac 22 (fixed<32,4>, fixed<32,10>).
    threshold[n, t] = max(1, rne(min(alpha gamma_v**t, 2) 2**28)) (a kernel above 2.0 never
    acts: the membrane starts in [0, 1] and only decreases), reset = rne(min(rho gamma_r**t, 2)
    2**28), intensity = rne(w gamma_d**t 2**22), bias rne(b 2**22)."""
    config = REGISTRY["gelu:mbe"].presets["paper"]()
    got = {a.name: a for _, a in produce("gelu", config, {"input": np.array([0, 1 << 22])},
                                         "numpy", False, "mbe")}
    rec = fit_record("gelu_n4")
    t = np.arange(16)
    for b, bank in enumerate(rec["banks"]):
        for n, basis in enumerate(bank["bases"]):
            theta = np.maximum(np.round(np.minimum(basis["alpha"] * basis["gamma_v"] ** t, 2)
                                        * 2.0 ** 28), 1)
            reset = np.round(np.minimum(basis["rho"] * basis["gamma_r"] ** t, 2) * 2.0 ** 28)
            inten = np.round(basis["w"] * basis["gamma_d"] ** t * 2.0 ** 22)
            assert got[f"mbe_mbe_bank{b}_threshold"].raw[n].tolist() == theta.tolist()
            assert got[f"mbe_mbe_bank{b}_reset"].raw[n].tolist() == reset.tolist()
            assert got[f"mbe_mbe_bank{b}_intensity"].raw[n].tolist() == inten.tolist()
    assert got["mbe_mbe_bias"].raw.tolist() == [round(rec["bias"] * 2 ** 22)]
    defines = REGISTRY["gelu:mbe"].defines(config, {})
    assert defines["FXSIM_MBE_MBE_STEPS"] == 16
    assert defines["FXSIM_MBE_MBE_BANKS"] == len(rec["banks"])


def test_spike_multiply_matrix_is_the_outer_product_of_the_spike_weights():
    """D[k, l] = a_k a_l with a = the identity encoder's intensities (basis-major) then its
    bias (the always-on spike)."""
    config = REGISTRY["rmsnorm:mbe"].presets["paper"]()
    got = {a.name: a for _, a in produce("rmsnorm", config, {"input": np.ones((1, 8), int)},
                                         "numpy", False, "mbe")}
    a = np.append(got["mbe_multiply_bank0_intensity"].raw.reshape(-1),
                  got["mbe_multiply_bias"].raw)
    D = got["multiply_D"].raw
    assert D.shape == (a.size, a.size) == (8 * 16 + 1, 8 * 16 + 1)
    assert all(int(D[k, m]) == int(a[k]) * int(a[m]) for k in range(0, a.size, 7)
               for m in range(a.size))


def test_fs_tables_are_the_published_set():
    """sigmoid / fs at paper (v and acc frac 22): T, h, d of fs_sigmoid times 2**22, rne."""
    config = REGISTRY["sigmoid:fs"].presets["paper"]()
    got = {a.name: a for _, a in produce("sigmoid", config, {"input": np.array([0])}, "numpy",
                                         False, "fs")}
    s = FS_DOC["sets"]["fs_sigmoid"]
    for name, key in (("threshold", "T"), ("reset_amount", "h"), ("intensity", "d")):
        want = np.round(np.asarray(s[key], np.float64) * 2.0 ** 22).tolist()
        assert got[f"fs_fs_sigmoid_{name}"].raw.tolist() == want
    assert REGISTRY["sigmoid:fs"].defines(config, {})["FXSIM_FS_FS_SIGMOID_STEPS"] == 12


def test_random_inputs_lie_in_each_domain():
    for op, method in P2_PAIRS:
        key = producer_key(op, method)
        config = REGISTRY[key].presets["paper"]()
        x = REGISTRY[key].random_inputs(config, None, 1)["input"]
        assert x.shape == ((2, 8) if op in ("softmax", "rmsnorm", "layernorm") else (16,))
        if op in ("reciprocal", "rsqrt"):
            assert x.min() > 0


def test_cli_golden_method_and_verify(tmp_path):
    cmd = [sys.executable, "-m", "fxsim.cli"]
    out = tmp_path / "g"
    res = subprocess.run([*cmd, "golden", "exp", "--method", "fs", "--preset", "paper",
                          "--random", "5", "--seed", "2", "--trace", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["operator"], manifest["method"]) == ("exp", "fs")
    res = subprocess.run([*cmd, "verify", str(out), "--backend", "c"], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0 and "OK" in res.stdout
    for args, message in ((["tanh"], "pass --method"),
                          (["tanh", "--method", "fs"], "not 'fs'")):
        res = subprocess.run([*cmd, "golden", *args, "--preset", "paper", "--random",
                              "--seed", "1", "--out", str(tmp_path / "x")], cwd=ROOT,
                             capture_output=True, text=True)
        assert res.returncode == 2 and message in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1
