"""The package's imports run one way: each module imports only its own layer or lower ones,
no import cycle exists, and a function-level import of an fxsim module only defers an optional
extra. An AST scan of fxsim/ (no import is executed), so the layering stays true as code grows.

Layers, lowest first (docs/architecture.md):
  0 core       errors, formats, spec, files.atomic, files.toml, files.jsonio, files.inputs
  1 backends   backends.* (kernels take plans and arrays; never the API that dispatches to them)
  2 engine     arith, population, presets, primitives.*
  3 ops        ops.*
  4 files/refs floatref.*, files.population_toml, files.trace_npz, vectors.*, torch.*
  5 studies    studies.*, audit.*, hw.*
  6 face       cli.*
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "fxsim"

#: module-name prefix -> layer; the longest matching prefix wins
LAYERS = {
    "fxsim.errors": 0, "fxsim.formats": 0, "fxsim.spec": 0, "fxsim.files": 0,
    "fxsim.files.atomic": 0, "fxsim.files.toml": 0, "fxsim.files.jsonio": 0,
    "fxsim.files.inputs": 0,
    "fxsim.backends": 1,
    "fxsim.arith": 2, "fxsim.population": 2, "fxsim.presets": 2, "fxsim.primitives": 2,
    "fxsim.ops": 3,
    "fxsim.floatref": 4, "fxsim.files.population_toml": 4, "fxsim.files.trace_npz": 4,
    "fxsim.vectors": 4, "fxsim.torch": 4,
    "fxsim.studies": 5, "fxsim.audit": 5, "fxsim.hw": 5,
    "fxsim.cli": 6,
    "fxsim": 2,            # the package face re-exports the engine
}

#: modules whose import needs an optional extra (torch, matplotlib, ...), and the commands
#: (fxsim.cli.app, imported by the entry point once it handles Ctrl-C): the only fxsim modules
#: a function may import lazily
DEFERRED = ("fxsim.torch", "fxsim.audit", "fxsim.studies.sweep.plot", "fxsim.backends.c",
            "fxsim.backends.numba", "fxsim.cli.app")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def alias_targets(name: str) -> list[str]:
    """The modules a deprecated alias stands for (its docstring: "Deprecated alias of X [and
    Y]; removed in ...")."""
    doc = ast.get_docstring(ast.parse(MODULES[name].read_text())) or ""
    if not doc.startswith("Deprecated alias of "):
        return []
    head = doc.removeprefix("Deprecated alias of ").split(";")[0]
    return [word.strip(".,`") for word in head.split() if word.startswith(("fxsim.", "`fxsim."))]


def layer(name: str) -> int:
    """The layer of a module; a deprecated alias sits with the highest module it stands for."""
    targets = alias_targets(name) if name in MODULES else []
    if targets:
        return max(layer(t) for t in targets)
    best = max((p for p in LAYERS if name == p or name.startswith(p + ".")), key=len)
    return LAYERS[best]


def imports(name: str) -> tuple[set[str], set[str]]:
    """(module-level, function-level) fxsim modules that ``name`` imports."""
    path = MODULES[name]
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    in_function = {id(sub) for node in ast.walk(tree)
                   if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for sub in ast.walk(node)}
    top, inner = set(), set()
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "fxsim":
                base = node.module
            else:
                continue
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                       for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name.split(".")[0] == "fxsim"]
        (inner if id(node) in in_function else top).update(targets)
    return top, inner


GRAPH = {name: imports(name) for name in MODULES}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_run_down_the_layers(name):
    top, inner = GRAPH[name]
    upward = sorted(t for t in top | inner if layer(t) > layer(name))
    assert not upward, f"{name} (layer {layer(name)}) imports a higher layer: {upward}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_function_level_imports_only_defer_extras(name):
    _, inner = GRAPH[name]
    hidden = sorted(t for t in inner if not t.startswith(DEFERRED))
    assert not hidden, f"{name} imports inside a function: {hidden}; import at module top"


def test_no_import_cycle():
    edges = defaultdict(set)
    for name, (top, inner) in GRAPH.items():
        edges[name] = {t for t in top | inner if t in MODULES and t != name}
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v):                                    # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(MODULES):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"
