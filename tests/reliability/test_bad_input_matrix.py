"""The bad-input matrix: every command and option of the ``fxsim`` CLI with at least one wrong
value, each refused with one ``fxsim: error:`` line, exit status 2 and the output location
untouched. The table is checked against the CLI's own click definitions, so a new command or
option without a case here fails :func:`test_the_matrix_covers_every_command_and_option`.

Placeholders: {out} a new output path, {tmp} the (existing) test directory, {file} a regular
file, {npy} a valid .npy, {empty} a text file of blank lines. Commands run in-process from the repository root."""
from __future__ import annotations

import numpy as np
import pytest

from fxsim.cli.app import cli
from reliability_helpers import ROOT, assert_one_line_error, invoke, snapshot

OUT = ["--out", "{out}"]
GOLDEN = ["golden", "softmax", "--preset", "paper", "--random", "--seed", "1"]
SWEEP = ["sweep", "silu", "--grid", "n=4"]
AUDIT = ["audit", "--model", "minilm"]
FIT = ["fit", "gelu"]
FIT_OUT = ["--out", "{tmp}/f.json"]
CALIBRATE = ["calibrate", "--model", "minilm"]
CAL_OUT = ["--out", "{tmp}/c.toml"]

#: (command, parameter, argv, part of the message or None); command "" is the group itself
MATRIX = [
    ("", "command", ["nosuchcommand"], "No such command"),
    ("", "version", ["--version=1"], "does not take a value"),
    ("audit", "model_name", ["audit", *OUT], "Missing option '--model'"),
    ("audit", "model_name", ["audit", "--model", "nosuch", *OUT], "unknown model 'nosuch'"),
    ("audit", "ops_text", [*AUDIT, "--ops", "softmax,nosuch", *OUT], "unknown op 'nosuch'"),
    ("audit", "method", [*AUDIT, "--method", "nosuch", *OUT], "unknown method 'nosuch'"),
    ("audit", "config_path", [*AUDIT, "--config", "{tmp}/missing.toml", *OUT], "not found"),
    ("audit", "config_path", [*AUDIT, "--config", "{tmp}", *OUT], "is a directory"),
    ("audit", "preset", [*AUDIT, "--preset", "nosuch", *OUT], "is not one of"),
    ("audit", "samples", [*AUDIT, "--samples", "abc", *OUT], "not a valid integer"),
    ("audit", "samples", [*AUDIT, "--samples", "0", *OUT], None),
    ("audit", "backend", [*AUDIT, "--backend", "gpu", *OUT], "unknown backend 'gpu'; expected"),
    ("audit", "diverge_at", [*AUDIT, "--diverge-at", "abc", *OUT], "not a valid float"),
    ("audit", "diverge_at", [*AUDIT, "--diverge-at", "-1", *OUT], None),
    ("audit", "batch_size", [*AUDIT, "--batch-size", "x", *OUT], "not a valid integer"),
    ("audit", "batch_size", [*AUDIT, "--batch-size", "0", *OUT], None),
    ("audit", "seed", [*AUDIT, "--seed", "x", *OUT], "not a valid integer"),
    ("audit", "out_dir", [*AUDIT, "--out", "{file}"], "is a file"),
    ("audit", "out_dir", AUDIT, "Missing option '--out'"),
    ("audit", "out_dir", [*AUDIT, "--out", "/proc/fxsim-audit"], "cannot write to /proc"),
    ("audit", "force", [*AUDIT, "--force=yes", *OUT], "does not take a value"),
    ("audit", "text_path", [*AUDIT, "--text", "{tmp}", *OUT], "is a directory"),
    ("audit", "text_path", [*AUDIT, "--text", "{empty}", *OUT], "no text"),
    ("audit", "strict", [*AUDIT, "--strict=yes", *OUT], "does not take a value"),
    ("bench", "n", ["bench", "--n", "0"], "not in the range"),
    ("bench", "n", ["bench", "--n", "abc"], "not a valid integer"),
    ("bench", "steps", ["bench", "--steps", "0"], "not in the range"),
    ("bench", "repeats", ["bench", "--repeats", "-1"], "not in the range"),
    ("bench", "warmup", ["bench", "--warmup", "-1"], "not in the range"),
    ("bench", "warmup", ["bench", "--warmup", "abc"], "not a valid float"),
    ("bench", "sections", ["bench", "nosuch"], "unknown bench section"),
    ("bench", "cflags", ["bench", "engine", "--cflags", "-fno-such-flag-xyz", "--n", "8", "--steps", "1",
                         "--repeats", "1"], "does not build with --cflags"),
    ("bench", "json_path", ["bench", "--json", "{tmp}"], "is a directory"),
    ("bench", "json_path", ["bench", "--json", "{tmp}/missing/b.json"], "does not exist"),
    ("calibrate", "model_name", ["calibrate", *CAL_OUT], "Missing option '--model'"),
    ("calibrate", "model_name", ["calibrate", "--model", "nosuch", *CAL_OUT],
     "unknown model 'nosuch'"),
    ("calibrate", "ops_text", [*CALIBRATE, "--ops", "softmax,nosuch", *CAL_OUT],
     "unknown op 'nosuch'"),
    ("calibrate", "method", [*CALIBRATE, "--method", "nosuch", *CAL_OUT],
     "unknown method 'nosuch'"),
    ("calibrate", "config_path", [*CALIBRATE, "--config", "{tmp}/missing.toml", *CAL_OUT],
     "not found"),
    ("calibrate", "config_path", [*CALIBRATE, "--config", "{file}", *CAL_OUT], "malformed"),
    ("calibrate", "text_path", [*CALIBRATE, "--text", "{tmp}/missing.txt", *CAL_OUT],
     "cannot read --text"),
    ("calibrate", "text_path", [*CALIBRATE, "--text", "{empty}", *CAL_OUT], "holds no text"),
    ("calibrate", "samples", [*CALIBRATE, "--samples", "0", *CAL_OUT], "not in the range"),
    ("calibrate", "margin", [*CALIBRATE, "--margin", "abc", *CAL_OUT], "not a valid float"),
    ("calibrate", "margin", [*CALIBRATE, "--margin", "0.5", *CAL_OUT], "not in the range"),
    ("calibrate", "max_length", [*CALIBRATE, "--max-length", "0", *CAL_OUT],
     "not in the range"),
    ("calibrate", "out_path", CALIBRATE, "Missing option '--out'"),
    ("calibrate", "out_path", [*CALIBRATE, "--out", "{tmp}"], "is a directory"),
    ("calibrate", "out_path", [*CALIBRATE, "--out", "{file}"], "must name a .toml file"),
    ("calibrate", "out_path", [*CALIBRATE, "--out", "/proc/fxsim/c.toml"], None),
    ("calibrate", "force", [*CALIBRATE, "--force=1", *CAL_OUT], "does not take a value"),
    ("calibrate", "preset", [*CALIBRATE, "--preset", "nosuch", *CAL_OUT], "is not one of"),
    ("calibrate", "output_rel_l2", [*CALIBRATE, "--output-rel-l2", "0", *CAL_OUT],
     "not in the range"),
    ("calibrate", "backend", [*CALIBRATE, "--backend", "gpu", *CAL_OUT],
     "unknown backend 'gpu'"),
    ("calibrate", "fits", [*CALIBRATE, "--fits=1", *CAL_OUT], "does not take a value"),
    ("calibrate", "fit_restarts", [*CALIBRATE, "--fit-restarts", "0", *CAL_OUT],
     "not in the range"),
    ("check", "operator", ["check", "nosuch"], "no check workload for 'nosuch'"),
    ("check", "operator", ["check"], "give one OPERATOR or --all"),
    ("check", "all_ops", ["check", "softmax", "--all"], "give one OPERATOR or --all"),
    ("check", "all_ops", ["check", "--all=1"], "does not take a value"),
    ("check", "method", ["check", "softmax", "--method", "nosuch"], "unknown method"),
    ("check", "backend", ["check", "softmax", "--backend", "gpu"], "unknown backend 'gpu'"),
    ("check", "rows", ["check", "softmax", "--rows", "0"], "not in the range"),
    ("check", "rows", ["check", "softmax", "--rows", "x"], "not a valid integer"),
    ("check", "seed", ["check", "softmax", "--seed", "x"], "not a valid integer"),
    ("check", "with_table_x", ["check", "softmax", "--table-x"], "take no OPERATOR"),
    ("check", "fs_sets", ["check", "--fs", "softmax"], "take no OPERATOR"),
    ("check", "with_composites", ["check", "--composites", "--all"], "take no OPERATOR"),
    ("fit", "function", ["fit", "nosuch", *FIT_OUT], "unknown fit target 'nosuch'"),
    ("fit", "function", ["fit", *FIT_OUT], "give one FUNCTION or --shipped"),
    ("fit", "n_bases", [*FIT, "--n", "0", *FIT_OUT], "number of bases must be in 1..64"),
    ("fit", "n_bases", [*FIT, "--n", "x", *FIT_OUT], "not a valid integer"),
    ("fit", "domain", [*FIT, "--domain", "1", *FIT_OUT], "--domain must be lo,hi"),
    ("fit", "domain", [*FIT, "--domain", "2,1", *FIT_OUT], "hi > lo"),
    ("fit", "no_decay", [*FIT, "--no-decay=1", *FIT_OUT], "does not take a value"),
    ("fit", "seed", [*FIT, "--seed", "x", *FIT_OUT], "not a valid integer"),
    ("fit", "restarts", [*FIT, "--restarts", "0", *FIT_OUT], "--restarts must be >= 1"),
    ("fit", "weight", [*FIT, "--weight", "cauchy:0,1", *FIT_OUT], "unknown weighting"),
    ("fit", "weight", [*FIT, "--weight", "normal:0,-1", *FIT_OUT], "SIGMA > 0"),
    ("fit", "weight", [*FIT, "--weight", "hist:{tmp}/missing.npz", *FIT_OUT],
     "cannot read calibration histograms"),
    ("fit", "tails", [*FIT, "--tails", "--domain", "1,2", *FIT_OUT], "needs lo < 0 < hi"),
    ("fit", "tails", ["fit", "exp2", "--tails", *FIT_OUT], "no exact-tail rule for 'exp2'"),
    ("fit", "init", [*FIT, "--init", "nosuch_fit", *FIT_OUT], "unknown MBE fit 'nosuch_fit'"),
    ("fit", "init", [*FIT, "--init", "gelu_n8", "--n", "4", *FIT_OUT], "warm start"),
    ("fit", "name", [*FIT, "--name", "a.b", *FIT_OUT], "--name must be an identifier"),
    ("fit", "name", [*FIT, "--name", "", *FIT_OUT], "--name must be an identifier"),
    ("fit", "shipped", [*FIT, "--shipped", *FIT_OUT], "give one FUNCTION or --shipped"),
    ("fit", "out_path", FIT, "Missing option '--out'"),
    ("fit", "out_path", [*FIT, "--out", "{tmp}"], "is a directory"),
    ("fit", "out_path", [*FIT, "--out", "/proc/fxsim/f.json"], None),
    ("golden", "operator", ["golden", "nosuch", "--preset", "paper", *OUT],
     "no golden-vector producer for 'nosuch'"),
    ("golden", "method", [*GOLDEN, "--method", "nosuch", *OUT], "not 'nosuch'"),
    ("golden", "preset", ["golden", "softmax", "--preset", "nosuch", "--random", "--seed", "1",
                          *OUT], "no preset 'nosuch'"),
    ("golden", "preset", ["golden", "softmax", "--random", "--seed", "1", *OUT],
     "give one of --preset or --config"),
    ("golden", "config_path", ["golden", "softmax", "--config", "{tmp}/missing.toml",
                               "--random", "--seed", "1", *OUT], "not found"),
    ("golden", "config_path", ["golden", "softmax", "--config", "{file}", "--random", "--seed",
                               "1", *OUT], "malformed operator config"),
    ("golden", "input_path", ["golden", "softmax", "--preset", "paper", "--input",
                              "{tmp}/missing.npy", *OUT], "input file not found"),
    ("golden", "input_path", ["golden", "softmax", "--preset", "paper", "--input", "{file}",
                              *OUT], "cannot read"),
    ("golden", "input_path", ["golden", "softmax", "--preset", "paper", "--input", "{npy}",
                              "--random", "--seed", "1", *OUT], "give --input or --random"),
    ("golden", "random_count", ["golden", "softmax", "--preset", "paper", "--random", "x",
                                "--seed", "1", *OUT], "not a valid integer"),
    ("golden", "random_count", ["golden", "softmax", "--preset", "paper", "--random", "-3",
                                "--seed", "1", *OUT], None),
    ("golden", "seed", ["golden", "softmax", "--preset", "paper", "--random", "--seed", "x",
                        *OUT], "not a valid integer"),
    ("golden", "seed", ["golden", "softmax", "--preset", "paper", "--random", *OUT],
     "--random needs --seed"),
    ("golden", "trace", [*GOLDEN, "--trace=1", *OUT], "does not take a value"),
    ("golden", "kinds", [*GOLDEN, "--formats", "vhd", *OUT], "unknown vector file kind"),
    ("golden", "kinds", [*GOLDEN, "--formats", ",", *OUT], "unknown vector file kind"),
    ("golden", "backend", [*GOLDEN, "--backend", "gpu", *OUT], "unknown backend 'gpu'"),
    ("golden", "out_dir", [*GOLDEN, "--out", "{file}"], "is a file"),
    ("golden", "out_dir", [*GOLDEN, "--out", "{tmp}"], "exists; pass --force"),
    ("golden", "out_dir", [*GOLDEN, "--out", "/proc/fxsim-set"], "cannot write to /proc"),
    ("golden", "force", [*GOLDEN, "--force=no", *OUT], "does not take a value"),
    ("info", "command", ["info", "extra"], "unexpected extra argument"),
    ("rtl-check", "set_dirs", ["rtl-check"], "Missing argument"),
    ("rtl-check", "set_dirs", ["rtl-check", "{tmp}"], "no manifest.json"),
    ("rtl-check", "set_dirs", ["rtl-check", "{file}"], "is a file"),
    ("rtl-check", "with_lint", ["rtl-check", "golden/divgroup_t4", "--lint=1"],
     "does not take a value"),
    ("rtl-check", "show_commands", ["rtl-check", "golden/divgroup_t4", "--show-commands=1"],
     "does not take a value"),
    ("rtl-check", "keep_dir", ["rtl-check", "golden/divgroup_t4", "--keep", "{file}"],
     "is a file"),
    ("rtl-check", "keep_dir", ["rtl-check", "golden/divgroup_t4", "--keep", "/proc/fxsim"],
     "cannot create build directory"),
    ("rtl-check", "with_dpi", ["rtl-check", "golden/divgroup_t4", "--dpi=1"],
     "does not take a value"),
    ("rtl-check", "seed", ["rtl-check", "golden/divgroup_t4", "--dpi", "--seed", "x"],
     "not a valid integer"),
    ("rtl-check", "randoms", ["rtl-check", "golden/divgroup_t4", "--dpi", "--random", "-1"],
     "not in the range"),
    ("rtl-cost", "source", ["rtl-cost", "{tmp}"], "no manifest.json"),
    ("rtl-cost", "source", ["rtl-cost", "{tmp}/missing"], "does not exist"),
    ("rtl-cost", "source", ["rtl-cost", "{file}"], "give a golden set directory"),
    ("rtl-cost", "op", ["rtl-cost", "--op", "nosuch"], "unknown operator 'nosuch'"),
    ("rtl-cost", "preset", ["rtl-cost", "--op", "softmax", "--preset", "nosuch"],
     "unknown preset 'nosuch'"),
    ("rtl-cost", "width", ["rtl-cost", "--op", "softmax", "--d", "0"], "not in the range"),
    ("rtl-cost", "width", ["rtl-cost", "--op", "softmax", "--d", "x"], "not a valid integer"),
    ("run", "target", ["run"], "Missing argument 'TARGET'"),
    ("run", "target", ["run", "nosuch.toml"], "config file not found"),
    ("run", "target", ["run", "{file}"], "malformed config file"),
    ("run", "input_path", ["run", "softmax", "--input", "{tmp}/missing.npy"], "not found"),
    ("run", "input_path", ["run", "softmax", "--input", "{file}"], "cannot read"),
    ("run", "input_path", ["run", "examples/lif_current.toml", "--input", "{npy}"],
     "raw integers"),
    ("run", "out_path", ["run", "softmax", "--out", "{tmp}"], "is a directory"),
    ("run", "out_path", ["run", "softmax", "--out", "{tmp}/missing/y.npz"], "does not exist"),
    ("run", "out_path", ["run", "softmax", "--out", "{file}/y.npz"], "is not a directory"),
    ("run", "backend", ["run", "softmax", "--backend", "gpu"], "unknown backend 'gpu'"),
    ("run", "record", ["run", "examples/fs_sigmoid.toml", "--record", "w"], "cannot record"),
    ("run", "on_overflow", ["run", "examples/fs_sigmoid.toml", "--on-overflow", "explode"],
     "on_overflow must be"),
    ("run", "method", ["run", "softmax", "--method", "nosuch"], "unknown method 'nosuch'"),
    ("run", "op_config", ["run", "softmax", "--config", "{tmp}/missing.toml"], "not found"),
    ("run", "op_config", ["run", "softmax", "--config", "{file}"], "malformed"),
    ("run", "rows", ["run", "softmax", "--rows", "0"], "--rows and --d must be >= 1"),
    ("run", "rows", ["run", "softmax", "--rows", "x"], "not a valid integer"),
    ("run", "width", ["run", "softmax", "--d", "0"], "--rows and --d must be >= 1"),
    ("run", "width", ["run", "softmax", "--d", "x"], "not a valid integer"),
    ("run", "seed", ["run", "softmax", "--seed", "1.5"], "not a valid integer"),
    ("sweep", "op", ["sweep", *OUT], "Missing argument 'OP'"),
    ("sweep", "op", ["sweep", "nosuch", "--grid", "n=4", *OUT], "unknown operator 'nosuch'"),
    ("sweep", "method", [*SWEEP, "--method", "nosuch", *OUT], "unknown method 'nosuch'"),
    ("sweep", "preset", [*SWEEP, "--preset", "nosuch", *OUT], "unknown preset 'nosuch'"),
    ("sweep", "config_path", [*SWEEP, "--config", "{tmp}/missing.toml", *OUT], "not found"),
    ("sweep", "config_path", [*SWEEP, "--config", "{file}", *OUT], "malformed"),
    ("sweep", "grid", ["sweep", "silu", *OUT], "empty grid"),
    ("sweep", "grid", ["sweep", "silu", "--grid", "n", *OUT], "must look like FIELD=V1,V2"),
    ("sweep", "grid", ["sweep", "silu", "--grid", "n=abc", *OUT], "is not an integer"),
    ("sweep", "grid", ["sweep", "silu", "--grid", "nosuch=1", *OUT], "unknown field 'nosuch'"),
    ("sweep", "grid", ["sweep", "silu", "--grid", "n=1:5:0", *OUT], "step must be > 0"),
    ("sweep", "grid", [*SWEEP, "--grid", "n=5", *OUT], "given twice"),
    ("sweep", "grid", ["sweep", "silu", "--grid", "output_format=fixed<8;8>", *OUT],
     "not a format"),
    ("sweep", "metric_list", [*SWEEP, "--metric", "nosuch", *OUT], "unknown metric"),
    ("sweep", "metric_list", [*SWEEP, "--metric", ",", *OUT], "unknown metric"),
    ("sweep", "workload", [*SWEEP, "--workload", "p3", *OUT], "unknown workload 'p3'"),
    ("sweep", "workload", [*SWEEP, "--workload", "{tmp}/missing.npy", *OUT], "not found"),
    ("sweep", "width", [*SWEEP, "--d", "0", *OUT], "--rows and --d must be >= 1"),
    ("sweep", "width", [*SWEEP, "--d", "x", *OUT], "not a valid integer"),
    ("sweep", "rows", [*SWEEP, "--rows", "-5", *OUT], "--rows and --d must be >= 1"),
    ("sweep", "seed", [*SWEEP, "--seed", "x", *OUT], "not a valid integer"),
    ("sweep", "backend", [*SWEEP, "--backend", "gpu", *OUT], "unknown backend 'gpu'"),
    ("sweep", "jobs", [*SWEEP, "-j", "0", *OUT], "-j must be >= 1"),
    ("sweep", "jobs", [*SWEEP, "-j", "x", *OUT], "not a valid integer"),
    ("sweep", "dask_address", [*SWEEP, "--dask", "nonsense", *OUT],
     "cannot reach the Dask scheduler"),
    ("sweep", "out_dir", [*SWEEP, "--out", "{file}"], "is a file"),
    ("sweep", "out_dir", SWEEP, "Missing option '--out'"),
    ("sweep", "out_dir", [*SWEEP, "--out", "/proc/fxsim-sweep"], "cannot write to /proc"),
    ("sweep", "resume", [*SWEEP, "--resume=1", *OUT], "does not take a value"),
    ("sweep", "yes", ["sweep", "silu", "--grid", "n=1:200000", *OUT], "pass --yes"),
    ("sweep", "yes", [*SWEEP, "--yes=1", *OUT], "does not take a value"),
    ("sweep", "plots", [*SWEEP, "--plots=1", *OUT], "does not take a value"),
    ("sweep", "progress", [*SWEEP, "--progress=1", *OUT], "does not take a value"),
    ("sweep", "cost", [*SWEEP, "--cost", "gates", *OUT], "is not one of 'bits', 'rtl'"),
    ("sweep", "cost", [*SWEEP, "--cost", "rtl", *OUT], "no RTL composition for 'silu'"),
    ("sweep", "model", ["sweep", "audit", "--grid", "softmax.n=4", *OUT], "needs --model"),
    ("sweep", "model", [*SWEEP, "--model", "minilm", *OUT], "belong to `fxsim sweep audit`"),
    ("sweep", "samples", ["sweep", "audit", "--model", "minilm", "--samples", "0", "--grid",
                          "softmax.n=4", *OUT], "not in the range"),
    ("sweep", "samples", [*SWEEP, "--samples", "3", *OUT], "belong to `fxsim sweep audit`"),
    ("sweep", "ops_list", ["sweep", "audit", "--model", "minilm", "--grid", "softmax.n=4",
                           "--ops", "gelu", *OUT], "not in --ops gelu"),
    ("sweep", "ops_list", [*SWEEP, "--ops", "softmax", *OUT], "belong to `fxsim sweep audit`"),
    ("verify", "directory", ["verify"], "Missing argument 'DIRECTORY'"),
    ("verify", "directory", ["verify", "{tmp}"], "no manifest.json"),
    ("verify", "directory", ["verify", "{file}"], "is a file"),
    ("verify", "backend", ["verify", "golden/divgroup_t4", "--backend", "gpu"],
     "unknown backend 'gpu'"),
]


def cli_parameters() -> set[tuple[str, str]]:
    """(command, parameter) of every option and argument click knows, the group's included
    (help options excepted); commands without parameters count as (command, "command")."""
    found = {("", p.name) for p in cli.params if p.name != "help"} | {("", "command")}
    for name, command in cli.commands.items():
        params = [p.name for p in command.params if p.name != "help"]
        found |= {(name, p) for p in params} or {(name, "command")}
    return found


def test_the_matrix_covers_every_command_and_option():
    covered = {(command, param) for command, param, _, _ in MATRIX}
    assert cli_parameters() - covered == set(), "options without a bad-input case"
    assert covered - cli_parameters() == set(), "cases naming options the CLI lacks"
    assert len(MATRIX) >= 100


@pytest.mark.parametrize("command,param,argv,message", MATRIX,
                         ids=[f"{c or 'fxsim'}-{p}-{i}" for i, (c, p, _, _) in enumerate(MATRIX)])
def test_a_wrong_value_is_one_line_and_writes_nothing(tmp_path, monkeypatch, command, param,
                                                      argv, message):
    if command in ("audit", "calibrate") or "audit" in argv[:2]:
        pytest.importorskip("fxsim.audit")
    monkeypatch.chdir(ROOT)
    (tmp_path / "file.txt").write_text("not a config, not an array")
    np.save(tmp_path / "x.npy", np.full((2, 4), 0.5))
    (tmp_path / "empty.txt").write_text("\n  \n")
    before = snapshot(tmp_path)
    code, _, err = invoke(*[a.format(out=tmp_path / "out", tmp=tmp_path,
                                     file=tmp_path / "file.txt", npy=tmp_path / "x.npy",
                                     empty=tmp_path / "empty.txt")
                            for a in argv])
    line = assert_one_line_error(code, err)
    assert message is None or message in line, line
    assert snapshot(tmp_path) == before
