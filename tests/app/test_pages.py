"""Page scripts print only what they mean to: no bare expression for Streamlit's "magic".

Streamlit runs ``app.py`` and every ``st.Page`` file with magic on: a bare expression statement
(an attribute docstring after a constant, a stray variable name) is written to the page with
``st.write``. The planner page once showed two Sphinx-flavoured docstrings to its users that
way. This test finds such statements by the rule magic itself follows: an expression statement
that is not a call, ``await`` or ``yield``, except the docstring opening a module or function.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]


def page_scripts() -> list[Path]:
    """``app.py`` and the files it hands to ``st.Page`` (read from its AST, not listed here)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = [
        ROOT / node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "Page"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]
    return [ROOT / "app.py", *pages]


def magic_writes(source: str) -> list[int]:
    """Line numbers of the statements Streamlit's magic would write to the page."""
    lines = []
    for parent in ast.walk(ast.parse(source)):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(parent, field, None)
            if not isinstance(body, list):
                continue
            for index, node in enumerate(body):
                if not isinstance(node, ast.Expr):
                    continue
                if isinstance(node.value, ast.Call | ast.Await | ast.Yield | ast.YieldFrom):
                    continue
                docstring = (
                    index == 0
                    and field == "body"
                    and isinstance(parent, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef)
                    and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)
                )
                if not docstring and not isinstance(parent, ast.ClassDef):
                    lines.append(node.lineno)
    return lines


def test_the_app_has_its_four_pages() -> None:
    names = {path.name for path in page_scripts()}
    assert names == {"app.py", "citizen.py", "overview.py", "registrar.py", "planner.py"}


@pytest.mark.parametrize("path", page_scripts(), ids=lambda path: path.name)
def test_no_page_writes_a_bare_expression(path: Path) -> None:
    assert magic_writes(path.read_text(encoding="utf-8")) == [], path


def test_the_checker_sees_what_magic_would_print() -> None:
    source = '''"""Module docstring: not shown."""
LIMIT = 30
"""An attribute docstring: shown."""


def draw():
    """A function docstring: not shown."""
    st.write("a call: not magic")
    LIMIT
    if LIMIT:
        "shown too"


class Options:
    """Class bodies are not transformed."""
    size = 1
    """Nor are their attribute docstrings."""
'''
    assert magic_writes(source) == [3, 9, 11]


@pytest.mark.parametrize(
    "text",
    [
        "birth_date: '1980-13-02' is *not* a [date](x)",
        ":red[alarm] $x$ <b>bold</b> `code` # 1. - + ~ | !",
        "ул. Абая 10\\2",
    ],
)
def test_literal_text_escapes_everything_markdown_and_streamlit_read(text: str) -> None:
    from app_pages._ui import literal

    escaped = literal(text)
    # CommonMark reads a backslash before ASCII punctuation as that character, literally.
    assert re.sub(r"\\(.)", r"\1", escaped) == text
    assert not re.search(r"(?<!\\)[*_`\[\]()#<>$:~|!]", re.sub(r"\\.", "", escaped))


@pytest.mark.parametrize(
    ("lang", "rows"),
    [
        (
            "ru",
            [
                "D-1|0,25|109,4|1\u00a0395|True",
                "D-2|1,00|97,0|40\u00a0000|False",
                "D-3|0,50||12|True",
            ],
        ),
        (
            "kk",
            [
                "D-1|0,25|109,4|1\u00a0395|True",
                "D-2|1,00|97,0|40\u00a0000|False",
                "D-3|0,50||12|True",
            ],
        ),
        ("en", ["D-1|0.25|109.4|1,395|True", "D-2|1.00|97.0|40,000|False", "D-3|0.50||12|True"]),
    ],
)
def test_a_table_writes_its_figures_as_the_page_s_language_does(lang: str, rows: list[str]) -> None:
    from app_pages._ui import localized_figures

    frame = pd.DataFrame(
        {
            "district": ["D-1", "D-2", "D-3"],
            "posts": [0.25, 1.0, 0.5],  # quarters: two decimals for the whole column
            "pct": [109.4, 97.0, np.nan],  # rounded to one: one decimal, a gap for the missing
            "attached": [1395, 40000, 12],
            "over": [True, False, True],  # not a figure
        },
        index=[7, 7, 2],  # a page's sorted, filtered frame: the styler needs a unique index
    )
    styled = localized_figures(frame, lang)
    text = styled.hide(axis="index").to_string(delimiter="|")
    assert text.splitlines() == ["district|posts|pct|attached|over", *rows]
    # The grid sorts by the cells, which stay the page's numbers.
    pd.testing.assert_frame_equal(styled.data, frame.reset_index(drop=True))  # type: ignore[attr-defined]


def test_a_map_s_tooltip_figures_read_as_the_page_s_tables() -> None:
    from app_pages._ui import figures_as_text

    frame = pd.DataFrame({"district": ["D-1", "D-2"], "pct": [109.4, 97.0], "n": [1860, 12]})
    shown = figures_as_text(frame, ("pct", "n"), "ru")
    assert shown.to_dict("list") == {
        "district": ["D-1", "D-2"],
        "pct": ["109,4", "97,0"],
        "n": ["1\u00a0860", "12"],
    }


def test_a_table_of_measures_gets_its_decimals_row_by_row() -> None:
    from app_pages._ui import localized_figures

    measures = pd.DataFrame(
        {
            "": ["clinics", "max load, %"],
            "now": [13.0, 108.4],
            "scenario": [14.0, 109.0],
            "change": [1.0, 0.6],
        }
    )
    by_row = localized_figures(measures, "ru", by_row=True)
    assert by_row.hide(axis="index").to_string(delimiter="|").splitlines()[1:] == [
        "clinics|13|14|1",
        "max load, %|108,4|109,0|0,6",
    ]
    by_column = localized_figures(measures, "ru").hide(axis="index").to_string(delimiter="|")
    assert by_column.splitlines()[1] == "clinics|13,0|14|1,0"  # what a column-wise table wrote
