"""Export a plan: district polygons, registry street lists, and a report with maps.

- :func:`write_districts`: GeoPackage (``.gpkg``) or GeoJSON (``.geojson``), EPSG:4326, with
  the package's ``districts`` columns, so the file can replace the layer of a region package.
- :func:`district_street_lists`: the ``district_streets`` table (street + house ranges, e.g.
  ``1-35 odd; 2-40 even; 44``) that registries keep, written by
  :func:`geo.houses.format_house_ranges` against every house of the street, so a span never
  claims another district's house.
- :func:`write_report`: an HTML page (maps as embedded PNG) or a PDF (ReportLab,
  :mod:`.report_pdf`), with the load table, what stayed impossible and the buildings that move,
  in Kazakh, Russian or English. Maps are drawn with matplotlib so the report needs no browser
  and no tiles (offline first).
- :func:`write_load_report`: the same kind of report for the districts as they are, with no
  plan: each district's load against its norm, and maps of it (``emhana export --report``).
"""

from __future__ import annotations

import base64
import html
import io
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from catchments.messages import Language, format_decimal, format_number
from geo.houses import HouseNumber, HouseNumberError, format_house_ranges, parse_housenumber

from .common import FAMILIES, PlanningError
from .data import PlanningRegion
from .loads import district_load_table
from .report_pdf import figure_columns, write_pdf
from .wording import (
    LOAD_COLUMNS,
    MOVES_COLUMNS,
    model_name,
    percent,
    posts,
    report_text,
    summary_rows,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .rebalance import RebalanceReport

__all__ = [
    "CURRENT_LOAD_COLUMNS",
    "ReportContent",
    "district_street_lists",
    "districts_file",
    "load_report_content",
    "plan_map",
    "report_content",
    "report_file",
    "write_districts",
    "write_load_report",
    "write_report",
]


def write_districts(districts: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write district polygons as GeoPackage or GeoJSON, chosen by the file's suffix.

    Raises
    ------
    PlanningError
        For another suffix.
    """
    target = Path(path)
    drivers = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON"}
    driver = drivers.get(target.suffix.lower())
    if driver is None:
        raise PlanningError(
            f"write_districts: {target.name!r} must end in .gpkg or .geojson (GeoPackage or "
            "GeoJSON)"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    frame = districts.to_crs("EPSG:4326")
    frame = frame[~frame.geometry.is_empty]
    if driver == "GPKG":
        frame.to_file(target, layer="districts", driver=driver)
    else:
        frame.to_file(target, driver=driver)
    return target


def districts_file(districts: gpd.GeoDataFrame, file_format: str) -> bytes:
    """The bytes of :func:`write_districts`'s file, for a download (``gpkg`` or ``geojson``).

    GDAL writes GeoPackages only to a path (it is an SQLite database), so the file is written
    to a temporary folder and read back.
    """
    with tempfile.TemporaryDirectory(prefix="emhana-districts-") as folder:
        return write_districts(districts, Path(folder) / f"districts.{file_format}").read_bytes()


def report_file(
    report: RebalanceReport,
    planning: PlanningRegion,
    file_format: str,
    lang: Language | str = Language.EN,
) -> bytes:
    """The bytes of :func:`write_report`'s ``html`` or ``pdf`` file in ``lang``, for a download."""
    with tempfile.TemporaryDirectory(prefix="emhana-report-") as folder:
        path = Path(folder) / f"report.{file_format}"
        return write_report(report, planning, path, lang=lang).read_bytes()


def district_street_lists(planning: PlanningRegion, assignment: pd.DataFrame) -> pd.DataFrame:
    """Each district's streets and house ranges, the way registries keep them.

    Parameters
    ----------
    planning
        The prepared region (its buildings' ``street`` and ``housenumber``).
    assignment
        Per building its ``adult`` and ``pediatric`` district.

    Returns
    -------
    pandas.DataFrame
        ``district_id``, ``street``, ``house_ranges`` sorted by district and street (the
        ``district_streets`` layer). Buildings whose house number cannot be parsed are listed
        one by one as written.
    """
    buildings = planning.buildings
    universe: dict[str, list[HouseNumber]] = {}
    parsed: dict[str, HouseNumber | None] = {}
    for street, houses in buildings.groupby("street")["housenumber"]:
        values = []
        for house in houses:
            try:
                values.append(parse_housenumber(str(house)))
            except HouseNumberError:
                continue
        universe[str(street)] = values
    for house in buildings["housenumber"].unique():
        try:
            parsed[str(house)] = parse_housenumber(str(house))
        except HouseNumberError:
            parsed[str(house)] = None
    rows: list[dict[str, str]] = []
    for family in FAMILIES:
        frame = pd.DataFrame(
            {
                "district_id": assignment[family].to_numpy(dtype=object),
                "street": buildings["street"].to_numpy(dtype=object),
                "housenumber": buildings["housenumber"].astype(str).to_numpy(dtype=object),
            }
        ).dropna(subset=["district_id"])
        for key, group in frame.groupby(["district_id", "street"], sort=True):
            district_id, street = (str(v) for v in key)
            written = [str(h) for h in group["housenumber"]]
            listed = [h for h in (parsed[w] for w in written) if h is not None]
            parts: list[str] = []
            if listed:
                parts.append(format_house_ranges(listed, universe=universe[street]))
            parts.extend(sorted({w for w in written if parsed[w] is None}))
            rows.append(
                {"district_id": district_id, "street": street, "house_ranges": "; ".join(parts)}
            )
    return pd.DataFrame(rows, columns=["district_id", "street", "house_ranges"])


def plan_map(
    districts: gpd.GeoDataFrame,
    *,
    clinics: pd.DataFrame | None = None,
    crs: object = None,
    column: str | None = None,
    title: str = "",
    highlight: gpd.GeoSeries | None = None,
    legend: str | None = None,
) -> Figure:
    """A matplotlib map of districts (coloured by clinic, or by ``column``).

    Parameters
    ----------
    districts
        Polygons with ``clinic_id``.
    clinics
        Optional clinic points with ``x``, ``y`` in ``crs``.
    crs
        CRS of ``clinics`` (the districts are drawn in it when given).
    column
        Colour by this numeric column (e.g. ``load_pct``) instead of the clinic.
    title
        The map's title.
    highlight
        Geometries to outline in black (e.g. buildings that move).
    legend
        The colour bar's label with ``column`` (default: the column's name).
    """
    from matplotlib.figure import Figure  # noqa: PLC0415 (matplotlib only for reports)

    frame = districts if crs is None else districts.to_crs(crs)
    frame = frame[~frame.geometry.is_empty]
    figure = Figure(figsize=(9, 6.5), dpi=110)
    axes = figure.add_subplot()
    if column is not None:
        frame.plot(
            column=column, ax=axes, cmap="RdYlGn_r", vmin=70, vmax=130, edgecolor="white",
            linewidth=0.3, legend=True, legend_kwds={"label": legend or column, "shrink": 0.7},
        )  # fmt: skip
    else:
        frame.plot(column="clinic_id", ax=axes, cmap="tab20", edgecolor="white", linewidth=0.4)
    if highlight is not None and len(highlight):
        shown = highlight if crs is None else highlight.to_crs(crs)
        shown.plot(ax=axes, color="black", markersize=2)
    if clinics is not None:
        axes.scatter(clinics["x"], clinics["y"], marker="P", s=60, c="black", zorder=5)
        for clinic_id, row in clinics.iterrows():
            axes.annotate(str(clinic_id), (row["x"], row["y"]), fontsize=7, xytext=(3, 3),
                          textcoords="offset points")  # fmt: skip
    axes.set_title(title)
    axes.set_axis_off()
    axes.set_aspect("equal")
    figure.tight_layout()
    return figure


def _png_bytes(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _png(figure: Figure) -> str:
    """The figure as a PNG in base64, for an ``<img src="data:...">``."""
    return base64.b64encode(_png_bytes(figure)).decode("ascii")


def write_report(
    report: RebalanceReport,
    planning: PlanningRegion,
    path: str | Path,
    *,
    lang: Language | str = Language.EN,
    title: str | None = None,
    max_moves: int = 200,
) -> Path:
    """Write the rebalancing report as HTML or PDF (by suffix), with maps, in ``lang``.

    Parameters
    ----------
    report
        What :func:`~catchments.planning.rebalance.rebalance` returned.
    planning
        The prepared region it was run on (the maps' "before").
    path
        The file to write; its suffix, ``.html`` or ``.pdf``, chooses the format.
    lang
        ``kk``, ``ru`` or ``en``: headings, figures, column names, model names and the
        "what stayed impossible" lines (:mod:`catchments.planning.wording`).
    title
        The report's title (default: "Rebalancing report" in ``lang``).
    max_moves
        The most buildings listed; the heading gives the full count.

    Raises
    ------
    PlanningError
        For a suffix other than ``.html`` or ``.pdf``.
    """
    target = _report_target(path)
    content = report_content(report, planning, lang=lang, title=title, max_moves=max_moves)
    return _write_content(content, target)


def _report_target(path: str | Path) -> Path:
    """The report's path, refused unless it ends in ``.html`` or ``.pdf``."""
    target = Path(path)
    if target.suffix.lower() not in (".html", ".pdf"):
        raise PlanningError(f"write_report: {target.name!r} must end in .html or .pdf")
    return target


def _write_content(content: ReportContent, target: Path) -> Path:
    """Write a report's content as PDF or HTML, by ``target``'s suffix."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".pdf":
        write_pdf(content, target, [_png_bytes(figure) for _, figure in content.maps])
    else:
        target.write_text(_html(content), encoding="utf-8")
    return target


CURRENT_LOAD_COLUMNS: Final = (
    "district_id",
    "clinic_id",
    "model",
    "doctors",
    "norm",
    "served",
    "expected_attached",
    "attached",
    "people_per_doctor",
    "pct_of_norm",
    "remaining",
)
"""The columns of :func:`write_load_report`'s table (:func:`district_load_table`'s)."""


def write_load_report(
    planning: PlanningRegion,
    path: str | Path,
    *,
    lang: Language | str = Language.EN,
    title: str | None = None,
    population: gpd.GeoDataFrame | None = None,
) -> Path:
    """Write the report of the districts as they are (no plan), as HTML or PDF, in ``lang``.

    What ``emhana export --report`` writes without ``--rebalance``: the figures of
    ``load.csv`` (:func:`district_load_table`) with maps, so the current load can be printed
    and read the same way as a rebalancing's report.

    Parameters
    ----------
    planning
        The prepared region.
    path
        The file to write; ``.html`` or ``.pdf``.
    lang
        ``kk``, ``ru`` or ``en``.
    title
        The report's title (default: "District load report" in ``lang``).
    population
        People by area, as for :func:`district_load_table`.

    Raises
    ------
    PlanningError
        For a suffix other than ``.html`` or ``.pdf``.
    """
    target = _report_target(path)
    content = load_report_content(planning, lang=lang, title=title, population=population)
    return _write_content(content, target)


def load_report_content(
    planning: PlanningRegion,
    *,
    lang: Language | str = Language.EN,
    title: str | None = None,
    population: gpd.GeoDataFrame | None = None,
) -> ReportContent:
    """The current load's figures, maps and table in ``lang`` (see :func:`write_load_report`).

    A district with people attached and no doctor has no finite load: it is counted apart in
    the summary, shown as "∞" in the table and in the top colour on the map.
    """
    language = Language(lang)
    load = district_load_table(planning, population=population)
    pct = load["pct_of_norm"].astype(np.float64)
    finite = pct[np.isfinite(pct)]
    over = load["remaining"] < 0
    figures = [
        ("load.districts", format_number(len(load), language)),
        ("load.doctors", posts(float(load["doctors"].sum()), language)),
        ("load.served", format_number(int(load["served"].sum()), language)),
        ("load.attached", format_number(int(load["attached"].sum()), language)),
        ("load.over_districts", format_number(int(over.sum()), language)),
        ("load.over_people", format_number(int(-load.loc[over, "remaining"].sum()), language)),
        (
            "load.max_load_pct",
            percent(float(finite.max()) / 100, language)
            if len(finite)
            else report_text("none", language),
        ),
        (
            "load.without_doctor",
            format_number(int(((load["doctors"] <= 0) & (load["attached"] > 0)).sum()), language),
        ),
    ]
    now = planning.districts.reset_index()[["district_id", "clinic_id", "model", "geometry"]]
    now = gpd.GeoDataFrame(now, geometry="geometry", crs=planning.crs).merge(
        # No doctor: the top of the colour scale, not a gap.
        pct.clip(upper=1_000.0).rename("load_pct"),
        left_on="district_id",
        right_index=True,
    )
    adult = now[now["model"].isin(["gp", "therapist"])]
    titles = [report_text(key, language) for key in ("map.now", "map.by_clinic_now")]
    legend = report_text("map.legend", language)
    maps = [
        plan_map(adult, clinics=planning.clinics, column="load_pct", title=titles[0],
                 legend=legend),
        plan_map(adult, clinics=planning.clinics, title=titles[1]),
    ]  # fmt: skip
    table = _localized(load.reset_index()[list(CURRENT_LOAD_COLUMNS)], language)
    return ReportContent(
        lang=language,
        title=title or report_text("title.load", language),
        summary=[(report_text(key, language), value) for key, value in figures],
        impossible=[],
        maps=list(zip(titles, maps, strict=True)),
        changed=table,
        moves=table.iloc[:0],
        moves_total=0,
        tables=[(report_text("heading.load", language), table)],
    )


@dataclass(frozen=True)
class ReportContent:
    """The report's parts, already in one language: what the HTML and the PDF both show.

    Attributes
    ----------
    lang
        The language of every part.
    title
        The report's title.
    summary
        ``(figure, value)`` rows, both as text.
    impossible
        The "what stayed impossible" lines, then what the bounds allow.
    maps
        ``(title, figure)`` pairs: adult districts' load before and after, clinics after.
    changed
        The districts whose load changed or that stay over the norm, columns named in ``lang``.
    moves
        The first buildings that move, columns named in ``lang``.
    moves_total
        How many buildings move in all.
    tables
        The tables as shown, each under its heading: the two above for a rebalancing, every
        district's load for :func:`load_report_content`.
    """

    lang: Language
    title: str
    summary: list[tuple[str, str]]
    impossible: list[str]
    maps: list[tuple[str, Figure]]
    changed: pd.DataFrame
    moves: pd.DataFrame
    moves_total: int
    tables: list[tuple[str, pd.DataFrame]]

    def text(self, key: str, **values: object) -> str:
        """A report heading or label in the content's language."""
        return report_text(key, self.lang, **values)


def report_content(
    report: RebalanceReport,
    planning: PlanningRegion,
    *,
    lang: Language | str = Language.EN,
    title: str | None = None,
    max_moves: int = 200,
) -> ReportContent:
    """The report's figures, lines, maps and tables in ``lang`` (see :func:`write_report`)."""
    language = Language(lang)
    before = planning.districts.reset_index()[["district_id", "clinic_id", "model", "geometry"]]
    before = gpd.GeoDataFrame(before, geometry="geometry", crs=planning.crs)
    load = report.load
    after = report.districts.to_crs(planning.crs).merge(
        load[["load_pct_after"]], left_on="district_id", right_index=True
    )
    before = before.merge(load[["load_pct_before"]], left_on="district_id", right_index=True)
    moved = planning.buildings.loc[report.moves["building_id"]]
    moved_points = gpd.GeoSeries(gpd.points_from_xy(moved["x"], moved["y"]), crs=planning.crs)
    adult_before = before[before["model"].isin(["gp", "therapist"])]
    adult_after = after[after["model"].isin(["gp", "therapist"])]
    legend = report_text("map.legend", language)
    titles = [report_text(key, language) for key in ("map.before", "map.after", "map.by_clinic")]
    maps = [
        plan_map(adult_before, clinics=planning.clinics, column="load_pct_before",
                 title=titles[0], legend=legend),
        plan_map(adult_after, clinics=planning.clinics, column="load_pct_after",
                 title=titles[1], legend=legend, highlight=moved_points),
        plan_map(adult_after, clinics=planning.clinics, title=titles[2]),
    ]  # fmt: skip
    bound = report.moves_bound_message(language)
    changed = load[(load["expected_before"] != load["expected_after"]) | (load["over_after"] > 0)]
    changed_table = _localized(changed.reset_index()[list(LOAD_COLUMNS)], language)
    moves = _localized(report.moves.head(max_moves)[list(MOVES_COLUMNS)], language)
    moves_heading = report_text(
        "heading.moves",
        language,
        total=format_number(len(report.moves), language),
        shown=format_number(len(moves), language),
    )
    return ReportContent(
        lang=language,
        title=title or report_text("title", language),
        summary=summary_rows(report.summary, language),
        impossible=report.messages(language) + ([bound] if bound else []),
        maps=list(zip(titles, maps, strict=True)),
        changed=changed_table,
        moves=moves,
        moves_total=len(report.moves),
        tables=[
            (report_text("heading.changed", language), changed_table),
            (moves_heading, moves),
        ],
    )


def _localized(frame: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """The table as people of ``lang`` read it: named columns, model names, numbers as text."""
    if "model" in frame:
        frame = frame.assign(model=[model_name(str(m), lang) for m in frame["model"]])
    text = pd.DataFrame({c: [_cell(value, lang) for value in frame[c]] for c in frame.columns})
    return text.rename(columns={c: report_text(f"column.{c}", lang) for c in frame.columns})


def _cell(value: object, lang: Language) -> str:
    """A cell as text: empty when missing, ``1 724,7`` and ``0,75`` in ru (posts keep quarters).

    An infinite load (people and no doctor) is "∞", not Python's ``inf``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, int | np.integer):
        return format_number(int(value), lang)
    if isinstance(value, float | np.floating):
        if math.isinf(value):
            return "∞" if value > 0 else "-∞"
        return format_decimal(float(value), lang, 2, trim=True)
    return str(value)


def _html_table(frame: pd.DataFrame) -> str:
    """A table of text as HTML, figure columns right-aligned (pandas' ``to_html`` cannot)."""
    figures = figure_columns(frame)
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td class='figure'>{html.escape(str(value))}</td>"
            if figure
            else f"<td>{html.escape(str(value))}</td>"
            for value, figure in zip(row, figures, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _html(content: ReportContent) -> str:
    """The report as one self-contained HTML page (maps embedded as PNG)."""
    summary = pd.DataFrame(
        content.summary, columns=[content.text("column.figure"), content.text("column.value")]
    )
    parts = [
        f"<!doctype html><html lang='{content.lang.value}'><head><meta charset='utf-8'>",
        f"<title>{html.escape(content.title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
        "font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}"
        "th{background:#eee;text-align:left}td.figure{text-align:right;white-space:nowrap}"
        "img{max-width:100%}"
        "</style></head><body>",
        f"<h1>{html.escape(content.title)}</h1>",
        f"<h2>{html.escape(content.text('heading.summary'))}</h2>",
        _html_table(summary),
        # A report of the districts as they are has no plan, so nothing stays impossible.
        *(
            [
                f"<h2>{html.escape(content.text('heading.impossible'))}</h2><ul>",
                *(f"<li>{html.escape(line)}</li>" for line in content.impossible),
                "</ul>",
            ]
            if content.impossible
            else []
        ),
        f"<h2>{html.escape(content.text('heading.maps'))}</h2>",
        *(
            f"<figure><img alt='{html.escape(title, quote=True)}' "
            f"src='data:image/png;base64,{_png(figure)}'></figure>"
            for title, figure in content.maps
        ),
        *(
            f"<h2>{html.escape(heading)}</h2>\n{_html_table(frame)}"
            for heading, frame in content.tables
        ),
        "</body></html>",
    ]
    return "\n".join(parts)
