"""The package's shape: stages import downwards only, no import cycles, pure model and layout.

Imports are read from the source (``ast``), those inside functions included;
only ``if TYPE_CHECKING:`` blocks, which never run, are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "mindmap"

# Each stage's rank: a module may import only from stages of a lower rank, or from its own stage.
RANKS: dict[str, int] = {
    "mindmap.errors": 0,
    "mindmap.safety": 1,
    "mindmap.files": 1,
    "mindmap.text": 2,
    "mindmap.model": 3,
    "mindmap.load": 4,
    "mindmap.style": 5,
    "mindmap.layout": 6,
    "mindmap.draw": 7,
    "mindmap.convert": 8,
    "mindmap.publish.formats": 9,
    "mindmap.publish.render": 10,
    "mindmap.schema": 11,
    "mindmap.export": 12,
    "mindmap.analysis": 12,
    "mindmap.publish": 13,
    "mindmap.serve": 14,
    "mindmap.api": 15,
    "mindmap.cli": 16,
    "mindmap.__main__": 17,
}
PURE = ("mindmap.model", "mindmap.layout")
NOT_IN_PURE = {
    "typer",
    "rich",
    "click",
    "cairosvg",
    "cairocffi",
    "os",
    "shutil",
    "tempfile",
    "pathlib",
    "glob",
    "subprocess",
    "io",
    "sys",
}


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> set[str]:
    """Every module this file imports, absolute, at any depth of its code (not under TYPE_CHECKING)."""
    module = _name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            for alias in node.names:  # `from . import x` may import the submodule x
                found.add(f"{target}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def _rank(module: str) -> tuple[int, str] | None:
    best = None
    for prefix, rank in RANKS.items():
        if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[1])):
            best = (rank, prefix)
    return best


def test_every_module_belongs_to_a_stage():
    assert [m for m in MODULES if m != "mindmap" and _rank(m) is None] == []


def test_at_most_ten_modules_sit_directly_in_the_package():
    direct = [p.name for p in PACKAGE.glob("*.py")]
    assert len(direct) <= 10, direct


def test_stages_import_downwards_only():
    wrong = []
    for module, targets in GRAPH.items():
        if module == "mindmap":  # the package's lazy facade names the API
            continue
        rank, stage = _rank(module)  # type: ignore[misc]
        for target in targets:
            if target == "mindmap":
                continue
            their_rank, their_stage = _rank(target)  # type: ignore[misc]
            if their_rank > rank or (their_rank == rank and their_stage != stage):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_import_cycles_even_inside_functions():
    import networkx as nx

    graph = nx.DiGraph()
    for module, targets in GRAPH.items():
        graph.add_node(module)
        graph.add_edges_from((module, t) for t in targets)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == []


@pytest.mark.parametrize("stage", PURE)
def test_model_and_layout_touch_no_files_terminal_or_cairo(stage):
    offenders = []
    for module, path in MODULES.items():
        if module == stage or module.startswith(stage + "."):
            bad = {m.split(".")[0] for m in _imports(path)} & NOT_IN_PURE
            if bad:
                offenders.append((module, sorted(bad)))
    assert offenders == []


def test_the_checker_sees_imports_inside_functions(tmp_path):
    # The check would be worthless if it missed a function-level import.
    sample = PACKAGE / "model" / "theme.py"
    assert "pydantic" in _imports(sample)
    code = tmp_path / "x.py"
    code.write_text("def f():\n    from os import path\n", encoding="utf-8")
    found: set[str] = set()
    for node in ast.walk(ast.parse(code.read_text())):
        if isinstance(node, ast.ImportFrom):
            found.add(node.module or "")
    assert found == {"os"}


def test_one_way_to_find_theme_files(tmp_path):
    from mindmap.files import theme_files_in

    for name in ("b.yaml", "a.yml", "c.json", "manifest.json", ".hidden.yaml", "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()
    assert [p.name for p in theme_files_in(tmp_path)] == ["a.yml", "b.yaml", "c.json"]
    # No other module lists a folder's theme files its own way.
    for module, path in MODULES.items():
        if module != "mindmap.files":
            assert "iterdir()" not in path.read_text(encoding="utf-8") or module == "mindmap.style.library", module
