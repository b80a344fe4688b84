"""The package's shape: layers that import only downwards, private plumbing, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "frresearch"

# Lower to upper: a module may import from its own layer or a lower one, never from an upper one.
LAYERS = ["base", "text", "corpus", "frames", "output", "cli"]
MAX_LINES = 400


def _layer(module: str) -> str:
    """The layer of a dotted module name inside the package (``frresearch.frames.coding`` -> ``frames``)."""
    parts = module.split(".")
    if len(parts) == 1:
        return "cli"  # the package root re-exports everything: the top
    first = parts[1]
    if first in ("cli", "__main__"):
        return "cli"
    return first if first in LAYERS else "base"


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every frresearch module ``path`` imports, with its line (relative imports resolved)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("frresearch"):
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("frresearch")]
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_an_upper_layer(path):
    own = LAYERS.index(_layer(_module_name(path)))
    for line, target in _imports(path):
        assert target != "frresearch" or _module_name(path) == "frresearch", (
            f"{path.name}:{line} imports the package root; import from the module that defines the name")
        assert LAYERS.index(_layer(target)) <= own, (
            f"{path.relative_to(PACKAGE)}:{line} imports {target}, a layer above its own ({_layer(target)})")


def test_the_layer_check_sees_an_upward_import(tmp_path):
    assert _layer("frresearch.text.tokens") == "text"
    assert _layer("frresearch._parallel") == "base"
    assert LAYERS.index(_layer("frresearch.frames.coding")) > LAYERS.index(_layer("frresearch.corpus.load"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_the_line_limit(path):
    assert len(path.read_text("utf-8").splitlines()) <= MAX_LINES


def test_the_readme_layout_table_matches_the_tree():
    readme = (PACKAGE.parents[1] / "README.md").read_text("utf-8")
    for package in ("corpus", "corpus/formats", "text", "frames", "frames/validation", "output"):
        assert f"`{package}/`" in readme, f"README's layout table does not list {package}/"
    for path in SOURCES:
        if path.name.startswith("_") or path.parent == PACKAGE:
            continue
        assert f"`{path.stem}`" in readme, f"README's layout table does not list the module {path.stem}"
