"""Every command shown in README.md and docs/*.md works as written on a fresh clone.

Commands are the lines of fenced shell blocks that start with `.venv/bin/` (optionally after
`VAR=value` assignments), plus the `mkdir -p out` / `sleep` / `kill` lines between them. Quick
checks, always: the fxsim subcommand and every option exist, the files a command names exist,
outputs go under `out/` and no two commands write the same output. Then the cheap commands run
for real (in document order, in a temporary directory that links `examples/`, `tools/` and
`golden/` and has `.venv/bin/` wrappers around this interpreter); expensive ones run in the
slow tests (`model` for pretrained models); commands that rewrite shipped files in the repository
(tools/run_sweeps.py, ...), install packages or run the test suite are checked, never run.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from fxsim.cli.app import cli

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```", re.M | re.S)
SHELL_LANGS = {"", "sh", "bash", "shell", "console"}
SEPARATORS = {"&&", "||", ";", "&", "|"}
REDIRECTS = {">", ">>", "<", ">&", "&>", "2>"}
WORKFLOW = ("mkdir -p out", "sleep ", "kill ")
LINKED = ("examples", "tools", "golden")

#: tools that rewrite shipped files in the repository (docs/results/, golden/, fxsim/params/)
REWRITES_REPOSITORY = ("tools/run_sweeps.py", "tools/make_golden.py",
                       "tools/combine_audit_sweeps.py", "tools/fit_mbe.py",
                       "tools/run_rtl_sweeps.py")
MODEL = ("fxsim audit", "fxsim sweep audit", "fxsim calibrate", "tools/bench_audit.py")
SLOW = ("fxsim bench", "fxsim sweep", "fxsim fit", "fxsim check --all", "fxsim check --composites",
        "--backend numba", "fxsim rtl-check", "fxsim rtl-cost", "tools/bench_", "dask scheduler", "dask worker",
        "sleep ", "kill ")


@dataclass(frozen=True)
class Command:
    doc: Path
    lineno: int
    line: str

    @property
    def id(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.lineno}"

    @property
    def plain(self) -> str:
        """The line with `.venv/bin/` removed, for classification."""
        return self.line.replace(".venv/bin/", "")

    @property
    def kind(self) -> str:
        """'static' (checked, never run), 'model', 'slow' or 'quick'."""
        words = self.plain
        if any(w in words for w in REWRITES_REPOSITORY) or "pip install" in words \
                or "-m pytest" in words:
            return "static"
        if any(w in words for w in MODEL):
            return "model"
        if any(w in words for w in SLOW):
            return "slow"
        return "quick"


def strip_comment(line: str) -> str:
    """The line without a trailing `  # comment` (no command here quotes a '#')."""
    return re.sub(r"\s+#\s.*$", "", line).rstrip()


def doc_commands(doc: Path) -> list[Command]:
    text = doc.read_text()
    found = []
    for match in FENCE.finditer(text):
        if match.group(1).strip() not in SHELL_LANGS:
            continue
        first = text.count("\n", 0, match.start(2)) + 1
        for offset, raw in enumerate(match.group(2).splitlines()):
            line = strip_comment(raw.strip())
            body = re.sub(r"^([A-Z_][A-Z0-9_]*=\S+\s+)+", "", line)
            if body.startswith(".venv/bin/") or body.startswith(WORKFLOW):
                found.append(Command(doc, first + offset, line))
    return found


ALL = [c for doc in DOCS for c in doc_commands(doc)]


def segments(line: str) -> list[list[str]]:
    """The simple commands of a shell line, without env assignments and redirections."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    result, current = [], []
    tokens = list(lexer)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in SEPARATORS:
            result.append(current)
            current = []
        elif tok in REDIRECTS:
            if current and current[-1].isdigit():
                current.pop()
            i += 1                                     # skip the redirection's target
        else:
            current.append(tok)
        i += 1
    result.append(current)
    return [[t for t in seg if not re.match(r"^[A-Z_][A-Z0-9_]*=", t)] or seg
            for seg in result if seg]


def fxsim_group() -> click.Group:
    assert isinstance(cli, click.Group), "fxsim.cli.app has no click group"
    return cli


def option_names(group: click.Group, sub: str) -> set[str] | str:
    """The option strings of `fxsim SUB` (a set), or its --help text for commands that forward
    their arguments unparsed."""
    command = group.commands[sub]
    opts = {o for p in command.params if isinstance(p, click.Option)
            for o in (*p.opts, *p.secondary_opts)}
    if any(getattr(p, "nargs", 1) == -1 and isinstance(p.type, type(click.UNPROCESSED))
           for p in command.params if isinstance(p, click.Argument)) and not opts:
        res = CliRunner().invoke(group, [sub, "--", "--help"])
        return res.output
    return opts | {"--help", "-h"}


def used_options(argv: list[str]) -> list[str]:
    return [a.split("=", 1)[0] for a in argv
            if a.startswith("-") and not re.match(r"^-\d", a)]


def tool_options(path: Path) -> set[str]:
    src = path.read_text()
    return set(re.findall(r"""add_argument\(\s*["'](-[^"']+)["']""", src)) | \
        set(re.findall(r"""add_argument\(\s*["']-[^"']+["']\s*,\s*["'](--[^"']+)["']""", src)) | \
        {"--help", "-h"}


def named_files(argv: list[str]) -> list[str]:
    return [a for a in argv if re.match(r"^(examples|tools|golden)/", a)]


def out_paths(argv: list[str]) -> list[str]:
    return [argv[i + 1] for i, a in enumerate(argv[:-1]) if a in ("--out", "--json")]


def extras() -> set[str]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return set(tomllib.load(f)["project"]["optional-dependencies"])


# ---- quick checks, always --------------------------------------------------------------------
def test_docs_have_commands():
    assert len(ALL) >= 40
    assert {c.doc.name for c in ALL} >= {"getting-started.md", "golden-vectors.md", "sweeps.md",
                                         "audit.md", "operators.md", "mbe-fs.md", "rtl.md"}


def test_readme_is_a_front_door():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 150


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_relative_links_resolve(doc):
    text = FENCE.sub("", doc.read_text())
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if not re.match(r"^[a-z]+:", target):
            assert (doc.parent / target).exists(), f"{doc.name}: broken link {target}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_no_references_outside_the_repository(doc):
    text = doc.read_text()
    for pattern in (r"\bSPEC\s+(section\s+)?\d", r"research/\w+\.md", r"\bissue\s+\d"):
        hits = [m.group(0) for m in re.finditer(pattern, text)]
        if doc.name == "glossary.md" and pattern.startswith(r"\bSPEC"):
            continue                                 # the glossary explains SPEC n
        assert not hits, f"{doc.name}: {hits}"


@pytest.mark.parametrize("cmd", ALL, ids=lambda c: c.id)
def test_command_is_well_formed(cmd):
    """The subcommand and its options exist, named files exist, outputs go under out/."""
    group = fxsim_group()
    for argv in segments(cmd.line):
        prog = argv[0]
        if prog == ".venv/bin/fxsim":
            assert len(argv) > 1 and argv[1] in group.commands, f"{cmd.id}: {argv[:2]}"
            known = option_names(group, argv[1])
            for opt in used_options(argv[2:]):
                assert (opt in known) if isinstance(known, set) else (opt in known), \
                    f"{cmd.id}: fxsim {argv[1]} has no option {opt}"
        elif prog == ".venv/bin/python":
            if argv[1:3] == ["-m", "pytest"] or argv[1] == "-c":
                pass
            else:
                tool = ROOT / argv[1]
                assert argv[1].startswith("tools/") and tool.is_file(), f"{cmd.id}: {argv[1]}"
                for opt in used_options(argv[2:]):
                    assert opt in tool_options(tool), f"{cmd.id}: {argv[1]} has no option {opt}"
        elif prog == ".venv/bin/pip":
            wanted = re.search(r"\.\[([^\]]+)\]", " ".join(argv)).group(1).split(",")
            assert set(wanted) <= extras(), f"{cmd.id}: unknown extra in {wanted}"
        elif prog == ".venv/bin/dask":
            assert argv[1] in ("scheduler", "worker")
            assert argv[argv.index("--host") + 1] == "127.0.0.1", f"{cmd.id}: bind to 127.0.0.1"
        for name in named_files(argv):
            assert any(ROOT.glob(name)), f"{cmd.id}: {name} does not exist"
        for out in out_paths(argv):
            assert out.startswith("out/"), f"{cmd.id}: output {out} outside out/"
    if "out/" in cmd.line and cmd.kind != "static":
        before = [c for c in ALL if c.doc == cmd.doc and c.lineno < cmd.lineno]
        assert any(c.line == "mkdir -p out" for c in before) or cmd.line == "mkdir -p out", \
            f"{cmd.id}: uses out/ before `mkdir -p out` on its page"


def test_no_command_overwrites_another_ones_output():
    seen: dict[str, str] = {}
    for cmd in ALL:
        if cmd.kind == "static":
            continue
        for argv in segments(cmd.line):
            for out in out_paths(argv):
                assert out not in seen, f"{cmd.id} writes {out}, as {seen[out]} does"
                seen[out] = cmd.id
    assert seen


# ---- running the commands --------------------------------------------------------------------
WRAPPERS = {
    "fxsim": '#!/bin/sh\nexec "{py}" -m fxsim.cli "$@"\n',
    "python": '#!/bin/sh\nexec "{py}" "$@"\n',
    "dask": '#!/bin/sh\nexec "{bindir}/dask" "$@"\n',
}


class Workspace:
    """A fresh-clone-like cwd per page: linked inputs, wrapped .venv/bin, outputs under out/."""

    def __init__(self, path: Path):
        self.path = path
        for name in LINKED:
            (path / name).symlink_to(ROOT / name)
        bindir = path / ".venv" / "bin"
        bindir.mkdir(parents=True)
        for name, text in WRAPPERS.items():
            script = bindir / name
            script.write_text(text.format(py=sys.executable, bindir=Path(sys.executable).parent))
            script.chmod(0o755)
        self.done: set[int] = set()
        self.env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(self, cmd: Command, allowed: set[str]) -> None:
        for earlier in doc_commands(cmd.doc):
            if earlier.lineno < cmd.lineno and earlier.lineno not in self.done \
                    and earlier.kind in allowed:
                self._run(earlier)
        self._run(cmd)

    def _run(self, cmd: Command) -> None:
        log = self.path / f"log-{cmd.lineno}.txt"
        with open(log, "w") as f:
            res = subprocess.run(["bash", "-c", cmd.line], cwd=self.path, env=self.env,
                                 stdout=f, stderr=subprocess.STDOUT, timeout=3600)
        self.done.add(cmd.lineno)
        assert res.returncode == 0, f"{cmd.id}: `{cmd.line}` failed:\n{log.read_text()[-3000:]}"
        extra = {p.name for p in self.path.iterdir()} - {*LINKED, ".venv", "out"} - \
            {p.name for p in self.path.glob("log-*.txt")}
        assert not extra, f"{cmd.id} wrote outside out/: {extra}"

    def stop_background(self) -> None:
        for pid_file in (self.path / "out").glob("*.pid"):
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory):
    spaces: dict[Path, Workspace] = {}

    def get(doc: Path) -> Workspace:
        if doc not in spaces:
            spaces[doc] = Workspace(tmp_path_factory.mktemp(doc.stem))
        return spaces[doc]

    yield get
    for space in spaces.values():
        space.stop_background()


def _params(kinds: set[str], marks=()):
    return [pytest.param(c, id=c.id, marks=marks) for c in ALL if c.kind in kinds]


@pytest.mark.parametrize("cmd", _params({"quick"}))
def test_quick_command_runs(cmd, workspaces):
    workspaces(cmd.doc).run(cmd, {"quick"})


@pytest.mark.parametrize("cmd", _params({"slow"}, pytest.mark.slow))
def test_slow_command_runs(cmd, workspaces):
    tools = {"rtl-check": "iverilog", "--dpi": "verilator", "--lint": "verilator",
             "rtl-cost": "yosys"}
    missing = [t for word, t in tools.items() if word in cmd.line and shutil.which(t) is None]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"{', '.join(missing)} not installed")
    workspaces(cmd.doc).run(cmd, {"quick", "slow"})


@pytest.mark.parametrize("cmd", _params({"model"}, (pytest.mark.slow, pytest.mark.model)))
def test_model_command_runs(cmd, workspaces):
    workspaces(cmd.doc).run(cmd, {"quick", "slow", "model"})


README_PYTHON = [m.group(2) for m in FENCE.finditer((ROOT / "README.md").read_text())
                 if m.group(1).strip() == "python"]


@pytest.mark.parametrize("snippet", README_PYTHON, ids=lambda s: s.splitlines()[-1][:40])
def test_readme_python_snippet_runs(snippet, tmp_path):
    res = subprocess.run([sys.executable, "-c", snippet], cwd=tmp_path, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert res.returncode == 0, res.stderr
