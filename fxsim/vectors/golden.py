"""Write and verify golden-vector sets: a directory of .hex / .h / vectors.npz files plus a
manifest.json naming every array with its Format, shape, axes, files and sha256.

A set is written into a temporary sibling directory and renamed into place, so a failure
never leaves a half-written set. Producers (which operator makes which arrays) are the rows
of fxsim.vectors.producers.REGISTRY; verify re-runs the producer from the manifest's config
and inputs.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from importlib import resources
from pathlib import Path

import numpy as np

from .. import __version__
from ..errors import FxError
from ..files.atomic import atomic_dir
from ..files.population_toml import input_from_dict, population_from_dict
from . import FORMAT_VERSION
from .arrays import VectorArray, word_format
from .cheader import read_header, write_header
from .hexfile import read_bin, read_hex, write_bin, write_hex
from .npzfile import read_npz, write_npz
from .producers import producer, producer_key, resolve

FILE_KINDS = ("hex", "bin", "h", "npz")
DEFAULT_KINDS = ("hex", "h", "npz")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def git_commit() -> str | None:
    """The checkout's commit when fxsim runs from a git tree, else None."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "-C", str(here), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def schema() -> dict:
    return json.loads(resources.files("fxsim.vectors").joinpath("manifest.schema.json").read_text())


def validate_manifest(manifest: dict) -> None:
    import jsonschema     # ~40 ms to import: deferred so `fxsim --help` does not pay for it
    try:
        jsonschema.validate(manifest, schema())
    except jsonschema.ValidationError as exc:
        raise FxError(f"manifest does not match its schema: {exc.message}") from None


def write_set(out: str | Path, *, operator: str, method: str, config: dict,
              arrays: list[tuple[str, VectorArray]], command: str, seed: int | None,
              backend: str, kinds=DEFAULT_KINDS, force: bool = False,
              record_commit: bool = True, defines: dict | None = None) -> dict:
    """Write the set to ``out``; ``arrays`` are (role, array) pairs. Returns the manifest.
    record_commit=False leaves git_commit null (frozen reference sets regenerate byte-identical).
    defines: the kernel's scalar configuration (name -> int or list of ints), recorded in the
    manifest and as #define lines of vectors.h, so a C or HDL bench configures itself."""
    out = Path(out)
    bad = [k for k in kinds if k not in FILE_KINDS]
    if bad or not kinds:
        raise FxError(f"unknown vector file kind(s) {bad}; choose from {', '.join(FILE_KINDS)}")
    with atomic_dir(out, force) as tmp:
        entries = _write_files(tmp, operator, [a for _, a in arrays], kinds, defines)
        manifest = {"format_version": FORMAT_VERSION, "fxsim_version": __version__,
                    "git_commit": git_commit() if record_commit else None, "command": command, "seed": seed,
                    "operator": operator, "method": method, "backend": backend, "config": config,
                    "defines": dict(defines or {}),
                    "arrays": [dict(entries[a.name], role=role) for role, a in arrays]}
        validate_manifest(manifest)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def golden_set(operator: str, out: str | Path, *, method: str | None = None,
               preset: str | None = None,
               config: dict | str | Path | None = None, inputs: dict | None = None,
               random: int | None = None, seed: int | None = None, trace: bool = False,
               kinds=DEFAULT_KINDS, backend: str = "numpy", force: bool = False,
               command: str | None = None, record_commit: bool = True) -> dict:
    """Write the golden-vector set of ``operator`` to ``out`` and return its manifest.

    Config: ``preset`` (e.g. "paper") or ``config`` (a dict, or a TOML path). Inputs: ``inputs``
    (name -> raw int array), or ``random`` (0: the operator's default count, else N elements /
    rows / divisions) drawn with ``seed``; a population TOML's own input when neither is
    given. ``command`` is recorded in the manifest (default: an equivalent fxsim command).
    ``method``: None for population, primitives and nlspike operators; "mbe" / "fs" for P2's.
    """
    key = resolve(operator, method)
    row = producer(key)
    if (preset is None) == (config is None):
        raise FxError("give one of --preset or --config")
    own_inputs = None
    if preset is not None:
        if preset not in row.presets:
            raise FxError(f"{operator} has no preset {preset!r}; available: "
                          f"{', '.join(row.presets) or 'none (use --config)'}")
        config = row.presets[preset]()
    elif not isinstance(config, dict):
        config, own_inputs = _read_config(key, str(config))
    if inputs is not None and random is not None:
        raise FxError("give --input or --random, not both")
    if random is not None:
        if seed is None:
            raise FxError("--random needs --seed")
        if random < 0:
            raise FxError(f"--random N needs N >= 1, got {random}")
        inputs = row.random_inputs(config, random or None, seed)
    inputs = own_inputs if inputs is None else inputs
    if inputs is None:
        raise FxError(f"{operator} needs inputs: give --input FILE or --random [N] --seed S")
    arrays = row.arrays(config, inputs, backend, trace)
    if command is None:
        command = " ".join(w for w in [
            "fxsim golden", operator, f"--method {method}" if method else "",
            f"--preset {preset}" if preset else "--config <dict>",
            f"--random {random} --seed {seed}" if random is not None else "--input <arrays>",
            "--trace" if trace else ""] if w)
    return write_set(out, operator=operator, method=row.method, config=config,
                     arrays=arrays, command=command, seed=seed, backend=backend, kinds=kinds,
                     force=force, record_commit=record_commit,
                     defines=row.defines(config, inputs))


def _read_config(operator: str, path: str) -> tuple[dict, dict | None]:
    """(config, the population TOML's own inputs or None) from a TOML file."""
    cfg = producer(operator).read_config(path)
    if operator != "population":
        return cfg, None
    x = input_from_dict(cfg, population_from_dict(cfg))
    return {k: v for k, v in cfg.items() if k != "input"}, {} if x is None else {"input": x}


def _write_files(directory: Path, operator: str, arrays: list[VectorArray], kinds,
                 defines: dict | None = None) -> dict:
    entries = {}
    names = [a.name for a in arrays]
    if len(set(names)) != len(names):
        raise FxError(f"duplicate array names in one set: {names}")
    for a in arrays:
        files = {}
        if "hex" in kinds:
            write_hex(directory / f"{a.name}.hex", a, FORMAT_VERSION)
            files["hex"] = f"{a.name}.hex"
        if "bin" in kinds:
            write_bin(directory / f"{a.name}.bin", a, FORMAT_VERSION)
            files["bin"] = f"{a.name}.bin"
        if "h" in kinds:
            files["h"] = "vectors.h"
        if "npz" in kinds:
            files["npz"] = "vectors.npz"
        entries[a.name] = {"name": a.name, "files": files, "signed": a.fmt.signed,
                           "width": a.fmt.width, "frac_bits": a.fmt.frac, "format": str(a.fmt),
                           "shape": list(a.raw.shape), "axes": list(a.axes),
                           "radix": 2 if "bin" in kinds and "hex" not in kinds else 16,
                           "count": int(a.raw.size)}
    if "h" in kinds:
        write_header(directory / "vectors.h", f"FXSIM_GOLDEN_{operator}", arrays, FORMAT_VERSION,
                     defines)
    if "npz" in kinds:
        write_npz(directory / "vectors.npz", arrays)
    for a in arrays:
        entries[a.name]["sha256"] = {kind: _sha256(directory / name)
                                     for kind, name in entries[a.name]["files"].items()}
    return entries


def read_set(directory: str | Path) -> tuple[dict, dict[str, VectorArray]]:
    """(manifest, arrays by name) after checking the manifest, its version and every hash."""
    d = Path(directory)
    try:
        manifest = json.loads((d / "manifest.json").read_text())
    except FileNotFoundError:
        raise FxError(f"{d}: no manifest.json") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FxError(f"{d}/manifest.json is corrupt: {exc}") from None
    if not isinstance(manifest, dict):
        raise FxError(f"{d}/manifest.json is corrupt: not a JSON object")
    version = str(manifest.get("format_version", "0"))
    major = re.match(r"(\d+)\.", version)
    if major and int(major.group(1)) > int(FORMAT_VERSION.split(".")[0]):
        raise FxError(f"{d}: format_version {version} is newer than this fxsim's "
                      f"{FORMAT_VERSION}; upgrade fxsim")
    validate_manifest(manifest)
    npz = header = None
    arrays = {}
    for entry in manifest["arrays"]:
        if not entry["files"]:
            raise FxError(f"{d}: array {entry['name']} names no file")
        for kind, name in entry["files"].items():
            path = d / name
            if not path.is_file():
                raise FxError(f"{d}: missing file {name} of array {entry['name']}")
            if _sha256(path) != entry["sha256"].get(kind):
                raise FxError(f"{d}: sha256 mismatch for {name} (array {entry['name']})")
        fmt = word_format(entry["signed"], entry["width"], entry["frac_bits"], entry["format"])
        text_kind = next((k for k in ("hex", "bin") if k in entry["files"]), None)
        if text_kind:
            reader = read_hex if text_kind == "hex" else read_bin
            arr = reader(d / entry["files"][text_kind])
            if list(arr.raw.shape) != entry["shape"] or arr.fmt.width != entry["width"] \
                    or arr.fmt.signed != entry["signed"]:
                raise FxError(f"{d}: {entry['files'][text_kind]} header (shape, width or "
                              "signedness) differs from the manifest")
            raw = arr.raw
        elif "npz" in entry["files"]:
            npz = npz if npz is not None else read_npz(d / entry["files"]["npz"])
            raw = _npz_array(d, npz, entry)
        else:
            header = header if header is not None else read_header(d / entry["files"]["h"])
            raw = _header_array(d, header, entry)
        arrays[entry["name"]] = VectorArray(entry["name"], raw, fmt, tuple(entry["axes"]))
    for entry in manifest["arrays"]:          # every file kind must hold the same words
        if "npz" in entry["files"]:
            npz = npz if npz is not None else read_npz(d / entry["files"]["npz"])
            _same(d, "vectors.npz", entry, _npz_array(d, npz, entry), arrays)
        if "h" in entry["files"]:
            header = header if header is not None else read_header(d / entry["files"]["h"])
            _same(d, "vectors.h", entry, _header_array(d, header, entry), arrays)
    return manifest, arrays


def _npz_array(d: Path, npz: dict, entry: dict) -> np.ndarray:
    raw = npz.get(entry["name"])
    if raw is None or list(raw.shape) != entry["shape"]:
        raise FxError(f"{d}: vectors.npz array {entry['name']} is missing or its shape "
                      "differs from the manifest")
    return raw


def _header_array(d: Path, header: dict, entry: dict) -> np.ndarray:
    values, meta = header.get(entry["name"], (None, {}))
    if values is None or meta.get("LEN") != entry["count"] or meta.get("WIDTH") != entry["width"]:
        raise FxError(f"{d}: vectors.h array {entry['name']} is missing or its length or width "
                      "differs from the manifest")
    return values.reshape(entry["shape"])


def _same(d: Path, file: str, entry: dict, raw: np.ndarray, arrays: dict) -> None:
    if not np.array_equal(raw, arrays[entry["name"]].raw):
        raise FxError(f"{d}: {file} and the text file of {entry['name']} hold different words")


def verify_set(directory: str | Path, backend: str = "numpy") -> list[str]:
    """Re-run a set from its manifest; returns [] or a one-line description of the first
    mismatch (array, index, expected, got)."""
    manifest, arrays = read_set(directory)
    inputs = {name: a.raw for name, a in arrays.items()
              if any(e["name"] == name and e["role"] == "input" for e in manifest["arrays"])}
    trace = any(e["role"] == "trace" for e in manifest["arrays"])
    row = producer(producer_key(manifest["operator"], manifest["method"]))
    produced = {a.name: a for _, a in row.arrays(manifest["config"], inputs, backend, trace)}
    if "defines" in manifest:
        defines = json.loads(json.dumps(row.defines(manifest["config"], inputs)))
        for name, value in manifest["defines"].items():
            if defines.get(name) != value:
                return [f"define {name}: expected {value}, got {defines.get(name)}"]
    for entry in manifest["arrays"]:
        name = entry["name"]
        if name not in produced:
            return [f"array {name}: not produced by the re-run"]
        want, got = arrays[name].raw, produced[name].raw
        if want.shape != got.shape:
            return [f"array {name}: shape {list(want.shape)} expected, {list(got.shape)} produced"]
        diff = np.flatnonzero(want.reshape(-1) != got.reshape(-1))
        if diff.size:
            j = int(diff[0])
            index = tuple(int(i) for i in np.unravel_index(j, want.shape))
            return [f"array {name} index {index}: expected {int(want.reshape(-1)[j])}, "
                    f"got {int(got.reshape(-1)[j])}"]
    return []
