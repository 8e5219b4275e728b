"""Size and shape limits of the code in skill/: short modules and functions, no import cycle,
and no module reaching into another's leading-underscore names."""
import ast
from pathlib import Path

import pytest

SKILL = Path(__file__).resolve().parent.parent / "skill"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40
SOURCES = sorted(SKILL.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SKILL.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


MODULES = {module_name(p): p for p in SOURCES}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def imports_base(name: str, node: ast.ImportFrom) -> str:
    """The module a `from ... import` reads from, relative levels resolved."""
    package = name if is_package(MODULES[name]) else name.rpartition(".")[0]
    base = package
    for _ in range(node.level - 1):
        base = base.rpartition(".")[0]
    return ".".join(p for p in (base if node.level else "", node.module or "") if p)


def imports(name: str) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import in a module, relative ones resolved."""
    found = []
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = imports_base(name, node)
            for alias in node.names:
                # "from . import episode" imports a module; "from .speech import Say" a name
                submodule = f"{module}.{alias.name}"
                found.append((submodule, []) if submodule in MODULES else (module, [alias.name]))
    return found


def skill_imports(name: str) -> set[str]:
    return {module for module, _ in imports(name) if module in MODULES and module != name}


@pytest.mark.parametrize("path", SOURCES, ids=[module_name(p) for p in SOURCES])
def test_no_module_is_over_300_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def own_lines(function: ast.AST) -> int:
    """A function's lines, less those of the functions defined inside it (measured on their
    own), e.g. the route handlers inside an app factory."""
    nested = {line for node in ast.walk(function) if isinstance(node, FUNCTIONS) and node is not function
              for line in range(min([node.lineno, *(d.lineno for d in node.decorator_list)]), node.end_lineno + 1)}
    return len(set(range(function.lineno, function.end_lineno + 1)) - nested)


def test_no_function_is_over_40_lines():
    long = [f"{name}.{node.name}: {own_lines(node)} lines" for name, tree in TREES.items()
            for node in ast.walk(tree) if isinstance(node, FUNCTIONS) and own_lines(node) > MAX_FUNCTION_LINES]
    assert long == []


def test_nested_functions_count_on_their_own():
    tree = ast.parse("def outer():\n    x = 1\n    @wrap\n    def inner():\n        return 2\n    return inner\n")
    outer, inner = [n for n in ast.walk(tree) if isinstance(n, FUNCTIONS)]
    assert (own_lines(outer), own_lines(inner)) == (3, 2)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that returns to its start, or None."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state:
                cycle = visit(target, path + [target])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start, [start])
            if cycle:
                return cycle
    return None


def test_no_import_cycle():
    # A package imports its own submodules at most as re-exports; importing a submodule
    # runs its package first, so the package is not an edge back from it.
    graph = {name: {m for m in skill_imports(name) if not name.startswith(m + ".")} for name in MODULES}
    assert find_cycle(graph) is None


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_uses_another_modules_private_names():
    used = []
    for name in MODULES:
        for module, names in imports(name):
            if module in MODULES and module != name:
                used += [f"{name} imports {module}.{n}" for n in names if n.startswith("_")]
        aliases = {alias.asname or alias.name.rpartition(".")[2] for node in ast.walk(TREES[name])
                   if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names
                   if isinstance(node, ast.Import) or f"{imports_base(name, node)}.{alias.name}" in MODULES}
        for node in ast.walk(TREES[name]):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases \
                    and node.attr.startswith("_") and not node.attr.startswith("__"):
                used.append(f"{name} uses {node.value.id}.{node.attr}")
    assert used == []
