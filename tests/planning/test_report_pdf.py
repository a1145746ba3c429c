"""The PDF report's table layout (catchments.planning.report_pdf), on small hand-made tables."""

from __future__ import annotations

import math

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from catchments.planning.report_pdf import _FIGURE, _column_widths, _styles, _water_level


@pytest.mark.parametrize(
    ("needs", "width", "level"),
    [
        pytest.param([10.0, 20.0], 40.0, math.inf, id="everything-fits"),
        pytest.param([10.0, 10.0, 100.0], 60.0, 40.0, id="only-the-widest-is-capped"),
        pytest.param([30.0, 30.0, 30.0], 60.0, 20.0, id="all-capped-alike"),
        pytest.param([5.0, 50.0, 80.0], 65.0, 30.0, id="two-capped"),
    ],
)
def test_the_widest_columns_are_capped_so_the_table_fits(
    needs: list[float], width: float, level: float
) -> None:
    assert _water_level(needs, width) == level
    if math.isfinite(level):
        assert sum(min(need, level) for need in needs) == pytest.approx(width)


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("2\u00a0214", True),
        ("-1\u00a0724,7", True),
        ("2,214.5", True),
        ("0,25", True),
        ("", True),
        ("D-01T1", False),
        ("204a", False),
        ("улица Абая", False),
    ],
)
def test_figures_are_told_from_text(text: str, figure: bool) -> None:
    assert bool(_FIGURE.fullmatch(text)) is figure


def test_a_short_column_keeps_its_width_and_a_long_one_wraps() -> None:
    style = _styles()
    values = [["D-03T10", "a long explanation " * 30], ["D-01T1", "short"]]
    district, why = _column_widths(["District", "Why"], values, 300.0, style)
    assert district + why == pytest.approx(300.0)
    # The id keeps its whole width (it would be cut as "D-03T1 0" otherwise).
    cell = style["cell"]
    assert district >= stringWidth("D-03T10", cell.fontName, cell.fontSize) + 5
    assert why > 200
    # When everything fits, the spare width is shared and nothing is cut.
    assert sum(_column_widths(["A", "B"], [["1", "2"]], 300.0, style)) == pytest.approx(300.0)
