"""Imports point inward (DESIGN.md, "Layout"): a static check over every module's AST.

- The pure rule modules of ``catchments`` import only the standard library and each other, with
  one exception: ``calendar`` uses the ``holidays`` package for Kazakhstan's public holidays.
- ``geo`` never imports ``catchments``, the app or Streamlit.
- ``catchments`` never imports the app or Streamlit.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = {"rules", "reasons", "capacity", "calendar", "models", "messages"}
PURE_EXTRA_ALLOWED = {"calendar": {"holidays"}}


def imported_roots(path: Path) -> set[str]:
    """Top-level names a module imports (relative imports resolved against its package)."""
    package = path.parent.name
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package if node.level == 1 else ""
                module = f"{base}.{node.module}" if node.module else base
                if node.module is None:
                    roots.update(f"{base}.{alias.name}" for alias in node.names)
                else:
                    roots.add(module)
            elif node.module:
                roots.add(node.module)
    return roots


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).glob("*.py"))


@pytest.mark.parametrize(
    "path", [p for p in modules("catchments") if p.stem in PURE], ids=lambda p: p.stem
)
def test_pure_rule_modules_import_only_stdlib_and_each_other(path: Path) -> None:
    allowed_extra = PURE_EXTRA_ALLOWED.get(path.stem, set())
    for name in imported_roots(path):
        top, _, rest = name.partition(".")
        if top in sys.stdlib_module_names or top == "__future__" or top in allowed_extra:
            continue
        message = f"catchments/{path.name} imports {name!r}: the rule modules must stay pure"
        assert top == "catchments", message
        assert rest.split(".")[0] in PURE, message


@pytest.mark.parametrize("path", modules("geo"), ids=lambda p: p.stem)
def test_geo_knows_nothing_of_rules_or_ui(path: Path) -> None:
    for name in imported_roots(path):
        top = name.split(".")[0]
        assert top not in {"catchments", "app_pages", "app", "streamlit", "streamlit_folium"}, (
            f"geo/{path.name} imports {name!r}: geo/ must not depend on rules or UI"
        )


@pytest.mark.parametrize("path", modules("catchments"), ids=lambda p: p.stem)
def test_catchments_knows_nothing_of_ui(path: Path) -> None:
    for name in imported_roots(path):
        top = name.split(".")[0]
        assert top not in {"app_pages", "app", "streamlit", "streamlit_folium"}, (
            f"catchments/{path.name} imports {name!r}: the domain must not depend on the UI"
        )


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    """Guard the guard: a module importing Streamlit is seen as doing so."""
    module = tmp_path / "geo" / "bad.py"
    module.parent.mkdir()
    module.write_text("import streamlit as st\nfrom . import schema\nfrom .x import y\n")
    assert imported_roots(module) == {"streamlit", "geo.schema", "geo.x"}


def _is_main_guard(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.left, ast.Name)
        and node.test.left.id == "__name__"
    )


def main_guard_is_last(source: str) -> bool:
    """Whether a page's ``if __name__ == "__main__"`` (if any) is its last statement.

    Streamlit runs a page as ``__main__``: whatever is defined below the guard does not exist yet
    when ``main()`` runs (the citizen page's error text was, and a click outside the region raised
    NameError).
    """
    body = ast.parse(source).body
    guards = [position for position, node in enumerate(body) if _is_main_guard(node)]
    return all(position == len(body) - 1 for position in guards)


@pytest.mark.parametrize(
    "path", [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))], ids=lambda p: p.name
)
def test_a_page_runs_main_after_everything_it_defines(path: Path) -> None:
    assert main_guard_is_last(path.read_text(encoding="utf-8")), path


def test_the_checker_sees_a_definition_below_the_main_guard() -> None:
    late = 'def main() -> None:\n    helper()\n\n\nif __name__ == "__main__":\n    main()\n\n\n'
    assert main_guard_is_last(late)
    assert not main_guard_is_last(late + "def helper() -> None:\n    pass\n")
