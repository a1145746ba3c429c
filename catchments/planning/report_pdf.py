"""The rebalancing report as a PDF, laid out by ReportLab's Platypus.

Platypus wraps the text of each cell, splits long tables across pages with their header repeated
and embeds the font, which is what a registry's printout needs; the maps are matplotlib's, as in
the HTML report (:func:`catchments.planning.export.write_report` chooses by suffix). The font is
DejaVu Sans from matplotlib's own data (so nothing more to install): it has every Kazakh and
Russian letter, which the PDF standard fonts do not.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

if TYPE_CHECKING:
    import pandas as pd

    from .export import ReportContent

__all__ = ["FONT_FILES", "figure_columns", "write_pdf"]

FONT_FILES: Final = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf"}
"""The fonts embedded, by name: files of matplotlib's ``mpl-data/fonts/ttf``."""
_REGULAR, _BOLD = FONT_FILES
_MARGIN = 1.2 * cm
_FIGURE: Final = re.compile(r"-?[\d\u00a0,.]*\d|-?∞|")
"""A figure as the report writes it (``-1 724,7``, ``2,214.5``, ``∞``), or an empty cell."""


@cache
def _fonts() -> None:
    """Register the fonts with ReportLab once per process."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file_name in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))


def _styles() -> dict[str, ParagraphStyle]:
    """The report's paragraph styles, in the embedded fonts (registered here if not yet)."""
    _fonts()
    return {
        "title": ParagraphStyle("title", fontName=_BOLD, fontSize=16, leading=20, spaceAfter=6),
        "heading": ParagraphStyle(
            "heading", fontName=_BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=5
        ),
        "body": ParagraphStyle("body", fontName=_REGULAR, fontSize=8, leading=10, spaceAfter=3),
        "cell": ParagraphStyle("cell", fontName=_REGULAR, fontSize=6.5, leading=8),
        "head": ParagraphStyle("head", fontName=_BOLD, fontSize=6.5, leading=8),
    }


def write_pdf(content: ReportContent, target: Path, maps: Sequence[bytes]) -> None:
    """Write ``content`` (one language throughout) with ``maps`` (PNG images) to ``target``.

    Parameters
    ----------
    content
        The report's parts (:func:`catchments.planning.export.report_content`).
    target
        The PDF file to write.
    maps
        The maps of ``content`` rendered as PNG, in its order; one per page.
    """
    style = _styles()
    document = SimpleDocTemplate(
        str(target),
        pagesize=landscape(A4),
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=content.title,
        lang=content.lang.value,
    )
    width, height = document.width, document.height

    def paragraph(text: str, kind: str) -> Paragraph:
        return Paragraph(escape(text), style[kind])

    summary = [
        [paragraph(label, "cell"), paragraph(value, "cell")] for label, value in content.summary
    ]
    story: list[Flowable] = [
        paragraph(content.title, "title"),
        paragraph(content.text("heading.summary"), "heading"),
        _table(
            [content.text("column.figure"), content.text("column.value")],
            summary,
            [0.45 * width, 0.25 * width],
            style,
        ),
    ]
    if content.impossible:  # a report of the districts as they are has no plan to fall short
        story += [
            paragraph(content.text("heading.impossible"), "heading"),
            *(paragraph(f"• {line}", "body") for line in content.impossible),
        ]
    for image in maps:
        # Each map on a page of its own, as large as the page allows at its aspect ratio.
        picture = Image(io.BytesIO(image))
        scale = min(width / picture.imageWidth, (height - 0.5 * cm) / picture.imageHeight)
        story += [PageBreak(), Image(io.BytesIO(image), picture.imageWidth * scale,
                                     picture.imageHeight * scale)]  # fmt: skip
    for heading, frame in content.tables:
        story += [PageBreak(), paragraph(heading, "heading"), _frame_table(frame, width, style)]

    def footer(canvas: Canvas, page: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(_REGULAR, 7)
        canvas.drawRightString(
            page.pagesize[0] - _MARGIN, _MARGIN / 2, f"{content.title} · {canvas.getPageNumber()}"
        )
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)


def _frame_table(frame: pd.DataFrame, width: float, style: dict[str, ParagraphStyle]) -> Table:
    """A text table filling the page width (:func:`_column_widths`), figures right-aligned."""
    header = [str(column) for column in frame.columns]
    values = [[str(value) for value in row] for row in frame.itertuples(index=False)]
    cell = style["cell"]
    right = ParagraphStyle("figure", parent=cell, alignment=TA_RIGHT)
    column_styles = [right if figures else cell for figures in figure_columns(frame)]
    cells = [
        [Paragraph(escape(value), kind) for value, kind in zip(row, column_styles, strict=True)]
        for row in values
    ]
    return _table(header, cells, _column_widths(header, values, width, style), style)


def figure_columns(frame: pd.DataFrame) -> list[bool]:
    """Which columns of a table of text hold only figures (they are right-aligned)."""
    return [
        all(_FIGURE.fullmatch(str(value)) for value in frame[column]) for column in frame.columns
    ]


def _column_widths(
    header: list[str], values: list[list[str]], width: float, style: dict[str, ParagraphStyle]
) -> list[float]:
    """Column widths that fill ``width``, short columns (ids, figures) never wrapped.

    Each column needs its longest value, or its header's longest word, whichever is wider; if
    the page cannot give every column that, the widest are capped at the one width that makes
    them fit (their text wraps) and the rest keep theirs.
    """
    cell, head = style["cell"], style["head"]
    padding = 5.0  # points: the cell's left and right padding and a little air
    needs = []
    for position, name in enumerate(header):
        words = [stringWidth(word, head.fontName, head.fontSize) for word in name.split()]
        texts = [stringWidth(row[position], cell.fontName, cell.fontSize) for row in values]
        needs.append(max([*words, *texts, 10.0]) + padding)
    cap = _water_level(needs, width)
    widths = [min(need, cap) for need in needs]
    spare = width - sum(widths)
    return [w + spare * w / sum(widths) for w in widths]  # what is left, shared by all


def _water_level(needs: Sequence[float], width: float) -> float:
    """The cap ``c`` with ``sum(min(need, c)) == width`` (infinite when every need fits)."""
    if sum(needs) <= width:
        return float("inf")
    ordered = sorted(needs)
    below = 0.0
    for count, need in enumerate(ordered):
        level = (width - below) / (len(ordered) - count)
        if level <= need:
            return level
        below += need
    return ordered[-1]


def _table(
    header: list[str],
    rows: list[list[Paragraph]],
    widths: list[float],
    style: dict[str, ParagraphStyle],
) -> Table:
    """A table whose header row repeats on every page it spans."""
    head = [Paragraph(escape(name), style["head"]) for name in header]
    table = Table([head, *rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table
