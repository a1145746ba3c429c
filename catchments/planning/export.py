"""Export a plan: district polygons, registry street lists, and a report with maps.

- :func:`write_districts`: GeoPackage (``.gpkg``) or GeoJSON (``.geojson``), EPSG:4326, with
  the package's ``districts`` columns, so the file can replace the layer of a region package.
- :func:`district_street_lists`: the ``district_streets`` table (street + house ranges, e.g.
  ``1-35 odd; 2-40 even; 44``) that registries keep, written by
  :func:`geo.houses.format_house_ranges` against every house of the street, so a span never
  claims another district's house.
- :func:`write_report`: an HTML page (maps as embedded PNG) or a PDF (matplotlib's PdfPages),
  with the load table, what stayed impossible and the buildings that move. Maps are drawn with
  matplotlib so the report needs no browser and no tiles (offline first).
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from geo.houses import HouseNumber, HouseNumberError, format_house_ranges, parse_housenumber

from .common import FAMILIES, PlanningError
from .data import PlanningRegion

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .rebalance import RebalanceReport

__all__ = ["district_street_lists", "plan_map", "write_districts", "write_report"]


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
    """
    from matplotlib.figure import Figure  # noqa: PLC0415 (matplotlib only for reports)

    frame = districts if crs is None else districts.to_crs(crs)
    frame = frame[~frame.geometry.is_empty]
    figure = Figure(figsize=(9, 6.5), dpi=110)
    axes = figure.add_subplot()
    if column is not None:
        frame.plot(
            column=column, ax=axes, cmap="RdYlGn_r", vmin=70, vmax=130, edgecolor="white",
            linewidth=0.3, legend=True, legend_kwds={"label": column, "shrink": 0.7},
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


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def write_report(
    report: RebalanceReport,
    planning: PlanningRegion,
    path: str | Path,
    *,
    title: str = "Rebalancing report",
    max_moves: int = 200,
) -> Path:
    """Write the rebalancing report as HTML or PDF (by suffix), with maps.

    Raises
    ------
    PlanningError
        For a suffix other than ``.html`` or ``.pdf``.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".html", ".pdf"):
        raise PlanningError(f"write_report: {target.name!r} must end in .html or .pdf")
    target.parent.mkdir(parents=True, exist_ok=True)
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
    figures = [
        plan_map(adult_before, clinics=planning.clinics, column="load_pct_before",
                 title="Adult districts before: % of the norm"),
        plan_map(adult_after, clinics=planning.clinics, column="load_pct_after",
                 title="Adult districts after: % of the norm", highlight=moved_points),
        plan_map(adult_after, clinics=planning.clinics, title="Adult districts after, by clinic"),
    ]  # fmt: skip
    summary = pd.Series(report.summary, name="value").to_frame()
    changed = load[(load["expected_before"] != load["expected_after"]) | (load["over_after"] > 0)]
    moves = report.moves.head(max_moves)
    if suffix == ".pdf":
        from matplotlib.backends.backend_pdf import PdfPages  # noqa: PLC0415
        from matplotlib.figure import Figure  # noqa: PLC0415

        with PdfPages(target) as pdf:
            for figure in figures:
                pdf.savefig(figure)
            for caption, frame in (
                ("Summary", summary),
                ("What stayed impossible", pd.DataFrame({"message": _impossible(report)})),
                ("Districts whose load changed", changed.iloc[:, :14]),
                (f"Buildings that move (first {max_moves})", moves),
            ):
                for start in range(0, max(len(frame), 1), 40):
                    page = Figure(figsize=(11.7, 8.3))
                    axes = page.add_subplot()
                    axes.set_axis_off()
                    axes.set_title(caption)
                    text = frame.iloc[start : start + 40].to_string(max_colwidth=60)
                    axes.text(0, 1, text, family="monospace", fontsize=5.5, va="top")
                    pdf.savefig(page)
        return target
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
        "font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<h2>Summary</h2>",
        summary.to_html(),
        "<h2>What stayed impossible</h2><ul>",
        *(f"<li>{html.escape(m)}</li>" for m in _impossible(report)),
        "</ul><h2>Maps</h2>",
        *(f"<img alt='map' src='data:image/png;base64,{_png(f)}'>" for f in figures),
        "<h2>Districts whose load changed</h2>",
        changed.to_html(),
        f"<h2>Buildings that move ({len(report.moves):,}; first {min(max_moves, len(moves))})</h2>",
        moves.to_html(index=False, na_rep=""),
        "</body></html>",
    ]
    target.write_text("\n".join(parts), encoding="utf-8")
    return target


def _impossible(report: RebalanceReport) -> list[str]:
    """The report's "what stayed impossible" lines, then what the bounds allow, if said."""
    bound = [report.moves_bound_message] if report.moves_bound_message else []
    return report.messages() + bound
