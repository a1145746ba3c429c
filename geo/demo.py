"""The deterministic demo region: a city of about 200,000 people and three villages around it.

The demo is the embedded default region of Emhana (``data/demo/``) and the fixture every page,
command and benchmark can rely on, so it is built to exercise the rules rather than to look like
one real place:

* the city of Akbulak (Ақбұлақ), about 200,000 people in two city districts (Алмалы, Есіл), with
  a centre of apartment blocks along streets, ten microdistricts addressed by microdistrict and
  number (``микрорайон Самал-2, 24а/1``) and a private sector of houses;
* Zhibek Zholy (Жібек жолы), a suburb village (``suburb_of`` the city, R-PLACE-2) served by a
  city polyclinic;
* Birlik (Бірлік), a village in the neighbouring rayon flagged ``border_area`` (R-TERR-1);
* Karasu (Қарасу), a rural settlement served by a paramedic and midwifery post;
* 13 PHC organizations of all four kinds, one of them not an SHI supplier (R-ORG-2);
* districts of every model with doctors and attached counts chosen so that some clinics are over
  the R-CAP-1 norms, one district sits exactly at its norm and others have room;
* the districts of polyclinic No. 1 also written as street + house-number lists, the way
  registries keep them, with three deliberate disagreements between list and polygon;
* a new microdistrict of a dozen apartment blocks that no territory covers yet.

Everything derives from one seeded :class:`numpy.random.Generator` and is generated in a local
azimuthal equidistant projection (metres) centred on the city, then transformed to EPSG:4326 and
rounded to 1e-7 degrees (about 1 cm), so ``emhana demo build`` reproduces the committed package.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from pyproj import Transformer

from geo.houses import format_house_ranges, parse_housenumber
from geo.package import Region, RegionConfig, write_region
from geo.schema import AGE_BANDS

SEED = 2026
CENTRE_LON, CENTRE_LAT = 70.45, 50.28
LOCAL_CRS = f"+proj=aeqd +lat_0={CENTRE_LAT} +lon_0={CENTRE_LON} +datum=WGS84 +units=m +no_defs"
COORDINATE_DECIMALS = 7
DATA_DATE = dt.date(2026, 9, 1)

CITY_CELL = 200.0
VILLAGE_CELL = 100.0
HOUSE_SPACING = 22.0
CITY_OUTLINE = (
    (-4000, -2200), (-3000, -3200), (3000, -3200), (4000, -2200),
    (4000, 2200), (3000, 3200), (-3000, 3200), (-4000, 2200),
)  # fmt: skip

# Age structure of Kazakhstan's population, roughly (0-6, 7-14, 15-17, 18-62, 63+).
AGE_SHARES = {
    "house": (0.15, 0.14, 0.045, 0.575, 0.09),
    "apartments": (0.12, 0.12, 0.04, 0.61, 0.11),
    "new": (0.20, 0.12, 0.03, 0.61, 0.04),
}
CITY_APARTMENT_POPULATION = 146_000
CITY_HOUSE_POPULATION = 55_000

# (Kazakh name, Russian name as it follows "улица"/"проспект"): people in the genitive, the way
# Russian-language registries write them, and their Kazakh nominative.
STREET_NAMES: tuple[tuple[str, str], ...] = (
    ("Абай", "Абая"), ("Әуезов", "Ауэзова"), ("Сейфуллин", "Сейфуллина"), ("Жамбыл", "Жамбыла"),
    ("Сәтбаев", "Сатпаева"), ("Бөкейхан", "Бокейхана"), ("Уәлиханов", "Уалиханова"),
    ("Құнанбаев", "Кунанбаева"), ("Жұбанов", "Жубанова"), ("Иманов", "Иманова"),
    ("Кенесары", "Кенесары"), ("Төле би", "Толе би"), ("Қазыбек би", "Казыбек би"),
    ("Әйтеке би", "Айтеке би"), ("Қабанбай батыр", "Кабанбай батыра"),
    ("Бөгенбай батыр", "Богенбай батыра"), ("Райымбек", "Райымбека"), ("Махамбет", "Махамбета"),
    ("Исатай", "Исатая"), ("Мағжан Жұмабаев", "Магжана Жумабаева"),
    ("Ахмет Байтұрсынұлы", "Ахмета Байтурсынулы"), ("Міржақып Дулатұлы", "Миржакыпа Дулатулы"),
    ("Шәкәрім", "Шакарима"), ("Ыбырай Алтынсарин", "Ыбырая Алтынсарина"),
    ("Мұқанов", "Муканова"), ("Мүсірепов", "Мусрепова"), ("Майлин", "Майлина"),
    ("Торайғыров", "Торайгырова"), ("Есенберлин", "Есенберлина"), ("Жансүгіров", "Жансугурова"),
    ("Мәншүк Мәметова", "Маншук Маметовой"), ("Әлия Молдағұлова", "Алии Молдагуловой"),
    ("Тұрар Рысқұлов", "Турара Рыскулова"), ("Күләш Байсейітова", "Куляш Байсеитовой"),
    ("Біржан сал", "Биржан сала"), ("Ақан сері", "Акан серы"),
    ("Шәмші Қалдаяқов", "Шамши Калдаякова"), ("Сүйінбай", "Суюнбая"), ("Жаяу Мұса", "Жаяу Мусы"),
    ("Бейбітшілік", "Бейбитшилик"), ("Желтоқсан", "Желтоксан"), ("Наурыз", "Наурыз"),
    ("Жеңіс", "Женис"), ("Бірлік", "Бирлик"), ("Болашақ", "Болашак"), ("Жастар", "Жастар"),
    ("Мәңгілік Ел", "Мангилик Ел"), ("Есіл", "Есиль"), ("Тұран", "Туран"), ("Көктем", "Коктем"),
    ("Шұғыла", "Шугыла"), ("Арай", "Арай"), ("Жетісу", "Жетысу"), ("Ұлытау", "Улытау"),
    ("Керуен", "Керуен"), ("Бәйтерек", "Байтерек"), ("Тұлпар", "Тулпар"), ("Ақжол", "Акжол"),
    ("Қызылжар", "Кызылжар"), ("Атамекен", "Атамекен"), ("Қорғалжын", "Коргалжын"),
)  # fmt: skip
AVENUES = {  # grid line -> (Kazakh, Russian)
    ("x", 20): ("Достық", "Достык"),
    ("x", 8): ("Абылай хан", "Абылай хана"),
    ("x", 32): ("Тәуелсіздік", "Тауелсиздик"),
    ("y", 16): ("Республика", "Республики"),
    ("y", 6): ("Бауыржан Момышұлы", "Бауыржана Момышулы"),
    ("y", 26): ("Сарыарқа", "Сарыарка"),
}
LANES: tuple[tuple[str, str], ...] = (
    ("Шалғын", "Луговой"), ("Бақша", "Садовый"), ("Мектеп", "Школьный"), ("Өзен", "Речной"),
    ("Тыныш", "Тихий"), ("Жасыл", "Зелёный"), ("Дала", "Степной"), ("Көл", "Озёрный"),
)  # fmt: skip
VILLAGE_STREETS: tuple[tuple[str, str], ...] = (
    ("Абай", "Абая"), ("Мектеп", "Школьная"), ("Орталық", "Центральная"),
    ("Жастар", "Молодёжная"), ("Бақша", "Садовая"), ("Бейбітшілік", "Мира"),
    ("Дала", "Степная"), ("Достық", "Дружбы"), ("Өзен", "Речная"), ("Жеңіс", "Победы"),
    ("Тәуелсіздік", "Тауелсиздик"), ("Наурыз", "Наурыз"), ("Шұғыла", "Шугыла"),
    ("Ақбұлақ", "Акбулак"), ("Көктем", "Весенняя"), ("Жайлау", "Жайлау"),
    ("Бірлік", "Бирлик"), ("Әуезов", "Ауэзова"), ("Жамбыл", "Жамбыла"), ("Құрылыс", "Строителей"),
    ("Теміржол", "Железнодорожная"), ("Егістік", "Полевая"), ("Жасыл", "Зелёная"),
    ("Таң", "Рассветная"),
)  # fmt: skip


@dataclass(frozen=True)
class Microdistrict:
    """A 3 x 3-cell block of apartment buildings addressed by its own name and a number."""

    name_kk: str
    name_ru: str
    x0: float
    y0: float

    def contains(self, x: float, y: float) -> bool:
        """Whether a point (local metres) lies inside the microdistrict's square."""
        return self.x0 < x < self.x0 + 3 * CITY_CELL and self.y0 < y < self.y0 + 3 * CITY_CELL

    def interior_line(self, axis: str, coordinate: float, along: float) -> bool:
        """Whether a grid segment is one of the microdistrict's internal driveways."""
        lo, hi = (self.x0, self.y0) if axis == "x" else (self.y0, self.x0)
        return lo < coordinate < lo + 3 * CITY_CELL and hi < along < hi + 3 * CITY_CELL


MICRODISTRICTS = (
    Microdistrict("Самал-1", "Самал-1", -3000, 200),
    Microdistrict("Самал-2", "Самал-2", -3000, -800),
    Microdistrict("Самал-3", "Самал-3", -3000, -1800),
    Microdistrict("Аққу", "Акку", 1600, 1200),
    Microdistrict("Жастар", "Жастар", 1600, 200),
    Microdistrict("3", "3", -1200, -2800),
    Microdistrict("4", "4", -600, -2800),
    Microdistrict("5", "5", 0, -2800),
    Microdistrict("Көктем-1", "Коктем-1", 1600, -1600),
    Microdistrict("Нұрсат", "Нурсат", 2400, -1600),
)
NEW_MICRODISTRICT = Microdistrict("Жаңа қала", "Жана кала", 3000, 1400)
PARK = (-800.0, 1000.0, -200.0, 1400.0)  # x0, y0, x1, y1 of the central park


@dataclass(frozen=True)
class VillagePlan:
    """A village laid out on a 100 m grid around ``centre`` (local metres)."""

    settlement_id: str
    name_kk: str
    name_ru: str
    unit_id: str
    centre: tuple[float, float]
    columns: int
    rows: int
    suburb_of: str | None = None
    border_area: bool = False
    street_offset: int = 0

    def outline(self) -> shapely.Polygon:
        """The village's boundary: its street grid and 40 m beyond (local metres)."""
        half_width = self.columns * VILLAGE_CELL / 2 + 40
        half_height = self.rows * VILLAGE_CELL / 2 + 40
        x, y = self.centre
        return shapely.box(x - half_width, y - half_height, x + half_width, y + half_height)


VILLAGES = (
    VillagePlan("S-02", "Жібек жолы", "Жибек жолы", "U-KKT", (6600, -1000), 12, 10, "S-01"),
    VillagePlan("S-03", "Бірлік", "Бирлик", "U-BRL", (11600, 4400), 8, 7, None, True, 5),
    VillagePlan("S-04", "Қарасу", "Карасу", "U-KKT", (-12000, 7000), 6, 5, None, False, 11),
)


@dataclass(frozen=True)
class ClinicPlan:
    """One PHC organization of the demo and how its districts are drawn and staffed.

    ``models`` maps a district model to the load (attached per doctor as a share of the R-CAP-1
    norm) its districts are staffed for: above 1.0 means over the norm.
    """

    clinic_id: str
    kind: str
    name_kk: str
    name_ru: str
    xy: tuple[float, float]
    settlement_id: str
    models: dict[str, float]
    weight: float = 1.0
    shi_supplier: bool = True
    phone: str = ""


CLINICS = (
    ClinicPlan("C-01", "polyclinic", "№1 қалалық емхана", "Городская поликлиника №1",
               (-2900, 1500), "S-01", {"therapist": 0.82, "pediatric_0_14": 0.90}),
    ClinicPlan("C-02", "polyclinic", "№2 қалалық емхана", "Городская поликлиника №2",
               (-2700, -2500), "S-01", {"therapist": 0.95, "pediatric_0_14": 1.0}),
    ClinicPlan("C-03", "polyclinic", "№3 қалалық емхана", "Городская поликлиника №3",
               (-700, 300), "S-01", {"therapist": 1.05, "pediatric_0_14": 0.97}),
    ClinicPlan("C-04", "polyclinic", "№4 қалалық емхана", "Городская поликлиника №4",
               (900, -300), "S-01", {"gp": 0.90, "pediatric_0_6": 1.06}),
    ClinicPlan("C-05", "polyclinic", "№5 қалалық емхана", "Городская поликлиника №5",
               (3300, -500), "S-01", {"gp": 0.93}),
    ClinicPlan("C-06", "polyclinic", "№6 қалалық емхана", "Городская поликлиника №6",
               (1100, 2500), "S-01", {"therapist": 0.88, "pediatric_0_14": 0.80}),
    ClinicPlan("C-07", "family_health_centre", "«Денсаулық» отбасылық денсаулық орталығы",
               "Центр семейного здоровья «Денсаулык»", (-3500, -700), "S-01", {"gp": 1.03}),
    ClinicPlan("C-08", "family_health_centre", "«Шипагер» отбасылық денсаулық орталығы",
               "Центр семейного здоровья «Шипагер»", (-1500, 2500), "S-01", {"gp": 1.08}),
    ClinicPlan("C-09", "family_health_centre", "«Салауат» отбасылық денсаулық орталығы",
               "Центр семейного здоровья «Салауат»", (2900, 1100), "S-01", {"gp": 0.85}),
    ClinicPlan("C-10", "family_health_centre", "«Авиценна» отбасылық медицина орталығы",
               "Центр семейной медицины «Авиценна»", (300, 1500), "S-01", {"gp": 0.60},
               weight=0.45, shi_supplier=False),
    ClinicPlan("C-11", "outpatient", "«Нұрсат» дәрігерлік амбулаториясы",
               "Врачебная амбулатория «Нурсат»", (2700, -1300), "S-01", {"gp": 0.97},
               weight=0.75),
    ClinicPlan("C-12", "outpatient", "Бірлік ауылының дәрігерлік амбулаториясы",
               "Врачебная амбулатория села Бирлик", (11650, 4450), "S-03", {"gp": 0.90}),
    ClinicPlan("C-13", "paramedic_post", "Қарасу ауылының фельдшерлік-акушерлік пункті",
               "Фельдшерско-акушерский пункт села Карасу", (-11950, 7050), "S-04",
               {"gp": 0.75}),
)  # fmt: skip
SUBURB_CLINIC = "C-05"  # the city polyclinic whose territory includes the suburb village
STREET_LIST_CLINIC = "C-01"  # whose districts are also kept as street + house-number lists
EXACT_NORM_DISTRICT = "D-02P1"  # staffed exactly at the norm: a hand-checkable edge
NORMS = {"gp": 1700, "therapist": 2200, "pediatric_0_6": 500, "pediatric_0_14": 900}
MODEL_LETTER = {"gp": "G", "therapist": "T", "pediatric_0_6": "M", "pediatric_0_14": "P"}


@dataclass
class _Builder:
    """Accumulates the demo's features in local metres before the one transform to EPSG:4326."""

    rng: np.random.Generator
    nodes: dict[tuple[int, int, str], int] = field(default_factory=dict)
    node_xy: list[tuple[float, float]] = field(default_factory=list)
    edges: list[dict[str, object]] = field(default_factory=list)
    buildings: list[dict[str, object]] = field(default_factory=list)
    footprints: list[npt.NDArray[np.float64]] = field(default_factory=list)

    def node(self, key: tuple[int, int, str], x: float, y: float, *, jitter: float) -> int:
        """Return the id of the node at ``key``, creating it (with a seeded jitter) if new."""
        if key not in self.nodes:
            dx, dy = self.rng.uniform(-jitter, jitter, 2) if jitter else (0.0, 0.0)
            self.nodes[key] = len(self.node_xy) + 1
            self.node_xy.append((x + float(dx), y + float(dy)))
        return self.nodes[key]

    def edge(
        self, u: int, v: int, *, name: str | None, speed: float, walk: bool = True,
        drive: bool = True, oneway: bool = False, highway: str = "residential",
    ) -> None:  # fmt: skip
        """Add a street segment between two existing nodes."""
        (x1, y1), (x2, y2) = self.node_xy[u - 1], self.node_xy[v - 1]
        self.edges.append({
            "u": u, "v": v, "name": name, "highway": highway,
            "length_m": round(math.hypot(x2 - x1, y2 - y1), 2), "speed_kph": speed,
            "walk": walk, "drive": drive, "oneway": oneway,
            "geometry": ((x1, y1), (x2, y2)),
        })  # fmt: skip

    def building(
        self, *, x: float, y: float, length: float, width: float, angle: float,
        street: tuple[str, str], housenumber: str, settlement_id: str, kind: str,
        levels: int, year_built: int,
    ) -> None:  # fmt: skip
        """Add a rectangular building footprint with its address (population comes later)."""
        self.buildings.append({
            "street": street[1], "street_kk": street[0], "housenumber": housenumber,
            "settlement_id": settlement_id, "kind": kind, "levels": levels,
            "year_built": year_built,
        })  # fmt: skip
        self.footprints.append(_rectangle(x, y, length, width, angle))


DEMO_SOURCE_NAME: Final = "Synthetic demo region generated by `emhana demo build` (geo/demo.py)"
"""The demo's data source in ``region.toml``: how ``emhana demo build`` knows its own output."""


def _rectangle(x: float, y: float, length: float, width: float, angle: float) -> np.ndarray:
    """Corners (closed ring) of a ``length`` x ``width`` rectangle centred at x, y, rotated."""
    cos, sin = math.cos(angle), math.sin(angle)
    half = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]]) * [length / 2, width / 2]
    return np.column_stack([
        x + half[:, 0] * cos - half[:, 1] * sin,
        y + half[:, 0] * sin + half[:, 1] * cos,
    ])  # fmt: skip


def _kinds(name: tuple[str, str], kind: str) -> tuple[str, str]:
    """Kazakh and Russian street strings of a name for a street kind, as registries write them."""
    kk, ru = name
    if kind == "avenue":
        return f"{kk} даңғылы", f"проспект {ru}"
    if kind == "lane":
        return f"{kk} тұйық көшесі", f"переулок {ru}"
    if kind == "microdistrict":
        return f"{kk} шағын ауданы", f"микрорайон {ru}"
    return f"{kk} көшесі", f"улица {ru}"


def _city_line_names() -> dict[tuple[str, int], tuple[tuple[str, str], str]]:
    """Name and kind of every grid line of the city (x lines 0..40, y lines 0..32)."""
    lines = [("x", i) for i in range(41)] + [("y", j) for j in range(33)]
    lane_lines = [
        ("x", 0),
        ("x", 1),
        ("x", 39),
        ("x", 40),
        ("y", 0),
        ("y", 1),
        ("y", 31),
        ("y", 32),
    ]
    names: dict[tuple[str, int], tuple[tuple[str, str], str]] = {}
    streets = iter(STREET_NAMES)
    lanes = iter(LANES)
    for line in lines:
        if line in AVENUES:
            names[line] = (AVENUES[line], "avenue")
        elif line in lane_lines:
            names[line] = (next(lanes), "lane")
        else:
            names[line] = (next(streets), "street")
    return names


def _city_zone(x0: float, y0: float, rng: np.random.Generator) -> str:
    """Land use of the city cell whose lower-left corner is x0, y0."""
    cx, cy = x0 + CITY_CELL / 2, y0 + CITY_CELL / 2
    if _in_new_development(cx, cy):
        return "new"
    if any(micro.contains(cx, cy) for micro in MICRODISTRICTS):
        return "micro"
    if PARK[0] < cx < PARK[2] and PARK[1] < cy < PARK[3]:
        return "park"
    if abs(cx) < 1400 and abs(cy) < 1000:
        return "centre"
    if cx > 1400 and cy < -2000:
        return "industrial"
    return "house" if rng.random() < 0.56 else "other"


def _in_new_development(x: float, y: float) -> bool:
    """Whether a point lies in the two built rows of the new microdistrict.

    No territory covers them yet: these are the demo's people living outside every territory.
    """
    return NEW_MICRODISTRICT.contains(x, y) and y < NEW_MICRODISTRICT.y0 + 2 * CITY_CELL


def _inside_city(x: float, y: float) -> bool:
    """Whether a point (local metres) lies inside the city outline (boundary included)."""
    return bool(shapely.intersects_xy(_CITY_POLYGON, x, y))


_CITY_POLYGON = shapely.Polygon(CITY_OUTLINE)
shapely.prepare(_CITY_POLYGON)


def _houses_along(
    b: _Builder, *, axis: str, line: float, along_from: float, length: float,
    sides: tuple[tuple[int, float], ...], street: tuple[str, str], origin: float,
    settlement_id: str, rng: np.random.Generator, margin: float = 25.0,
) -> None:  # fmt: skip
    """Private houses along one block face of a street.

    ``axis`` is the coordinate that is constant along the street ("y" for a street running
    east-west at y = ``line``). Each of ``sides`` is (parity, offset): 1 for odd numbers, 2 for
    even, on the side ``offset`` metres from the street's centreline. Numbers grow with the
    distance from the street's start (``origin``), so a street's numbering is continuous across
    blocks; now and then a lot is split and a house gets a letter (``15а``).
    """
    positions = np.arange(along_from + margin, along_from + length - margin + 1e-6, HOUSE_SPACING)
    angle = 0.0 if axis == "y" else math.pi / 2
    for parity, offset in sides:
        previous: int | None = None
        for t in positions:
            number = 2 * int((t - origin) // HOUSE_SPACING) + parity
            housenumber = str(number)
            if previous is not None and rng.random() < 0.04:
                housenumber = f"{previous}а"
                previous = None  # one split lot per number: no second "15а"
            else:
                previous = number
            px, py = (t, line + offset) if axis == "y" else (line + offset, t)
            b.building(
                x=px, y=py, length=11.0, width=9.0, angle=angle, street=street,
                housenumber=housenumber, settlement_id=settlement_id, kind="house",
                levels=1, year_built=int(rng.integers(1955, 2024)),
            )  # fmt: skip


def _build_city(b: _Builder, rng: np.random.Generator) -> None:
    """City streets, private sector, centre blocks and microdistricts."""
    names = _city_line_names()
    xs = [-4000 + CITY_CELL * i for i in range(41)]
    ys = [-3200 + CITY_CELL * j for j in range(33)]
    # Street segments: every grid segment whose both ends are inside the city.
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            if not _inside_city(x, y):
                continue
            here = b.node((i, j, "city"), x, y, jitter=10.0)
            for (di, dj), axis, line in (((1, 0), "y", ("y", j)), ((0, 1), "x", ("x", i))):
                ni, nj = i + di, j + dj
                if ni > 40 or nj > 32 or not _inside_city(xs[ni], ys[nj]):
                    continue
                there = b.node((ni, nj, "city"), xs[ni], ys[nj], jitter=10.0)
                mid_x, mid_y = (x + xs[ni]) / 2, (y + ys[nj]) / 2
                coordinate, along = (y, mid_x) if axis == "y" else (x, mid_y)
                (kk_ru, kind) = names[line]
                in_micro = any(
                    m.interior_line(axis, coordinate, along)
                    for m in (*MICRODISTRICTS, NEW_MICRODISTRICT)
                )
                in_park = PARK[0] < mid_x < PARK[2] and PARK[1] < mid_y < PARK[3]
                if in_park:
                    b.edge(here, there, name=None, speed=5.0, drive=False, highway="footway")
                elif in_micro:
                    b.edge(here, there, name=None, speed=10.0, highway="service")
                else:
                    speed = {"avenue": 60.0, "street": 40.0, "lane": 20.0}[kind]
                    # A one-way pair through the centre, as many city centres have.
                    oneway = line in (("y", 17), ("y", 15)) and abs(mid_x) < 1400
                    u, v = (there, here) if line == ("y", 15) else (here, there)
                    b.edge(
                        u, v, name=_kinds(kk_ru, kind)[1], speed=speed, oneway=oneway,
                        highway={"avenue": "primary", "street": "residential",
                                 "lane": "living_street"}[kind],
                    )  # fmt: skip
    # Buildings, cell by cell.
    micro_numbers: dict[str, int] = {}
    for i, x0 in enumerate(xs[:-1]):
        for j, y0 in enumerate(ys[:-1]):
            if not _inside_city(x0 + CITY_CELL / 2, y0 + CITY_CELL / 2):
                continue
            zone = _city_zone(x0, y0, rng)
            if zone == "house":
                _house_cell(b, i=i, j=j, x0=x0, y0=y0, names=names, rng=rng)
            elif zone == "centre":
                _centre_cell(b, i=i, j=j, x0=x0, y0=y0, names=names, rng=rng)
            elif zone in ("micro", "new"):
                micro = next(
                    (m for m in MICRODISTRICTS if m.contains(x0 + 100, y0 + 100)),
                    NEW_MICRODISTRICT,
                )
                _micro_cell(
                    b, micro=micro, x0=x0, y0=y0, numbers=micro_numbers, rng=rng,
                    new=zone == "new",
                )  # fmt: skip


def _house_cell(
    b: _Builder, *, i: int, j: int, x0: float, y0: float,
    names: dict[tuple[str, int], tuple[tuple[str, str], str]], rng: np.random.Generator,
) -> None:  # fmt: skip
    """Houses on the four faces of a private-sector cell, on the cell's side of each street.

    Even numbers stand on the north or east side of a street, odd on the south or west side.
    """
    faces = (  # (axis, grid line, its coordinate, where the face starts, parity, offset)
        ("y", j, y0, x0, 2, 18.0),
        ("y", j + 1, y0 + CITY_CELL, x0, 1, -18.0),
        ("x", i, x0, y0, 2, 18.0),
        ("x", i + 1, x0 + CITY_CELL, y0, 1, -18.0),
    )
    for axis, index, line, along_from, parity, offset in faces:
        kk_ru, kind = names[(axis, index)]
        _houses_along(
            b, axis=axis, line=line, along_from=along_from, length=CITY_CELL,
            sides=((parity, offset),), street=_kinds(kk_ru, kind),
            origin=-4000.0 if axis == "y" else -3200.0, settlement_id="S-01", rng=rng,
        )  # fmt: skip


def _centre_cell(
    b: _Builder, *, i: int, j: int, x0: float, y0: float,
    names: dict[tuple[str, int], tuple[tuple[str, str], str]], rng: np.random.Generator,
) -> None:  # fmt: skip
    """Two apartment blocks on each of the south and west faces of a centre cell."""
    for axis, index, along_from, inward in (("y", j, x0, 1), ("x", i, y0, 1)):
        kk_ru, kind = names[(axis, index)]
        street = _kinds(kk_ru, kind)
        origin = -4000.0 if axis == "y" else -3200.0
        for t in (along_from + 55.0, along_from + 145.0):
            number = 2 * int((t - origin) // HOUSE_SPACING) + 2
            px, py = (t, y0 + 30.0 * inward) if axis == "y" else (x0 + 30.0 * inward, t)
            levels = int(rng.choice([5, 5, 9, 9, 12]))
            b.building(
                x=px, y=py, length=70.0, width=14.0,
                angle=0.0 if axis == "y" else math.pi / 2, street=street,
                housenumber=str(number), settlement_id="S-01", kind="apartments",
                levels=levels, year_built=int(rng.integers(1960, 2020)),
            )  # fmt: skip


def _micro_cell(
    b: _Builder, *, micro: Microdistrict, x0: float, y0: float, numbers: dict[str, int],
    rng: np.random.Generator, new: bool,
) -> None:  # fmt: skip
    """Apartment blocks inside a microdistrict cell, numbered through the microdistrict.

    Numbering follows Kazakh practice: mostly plain numbers, some with a letter (``24а``), and
    blocks of one address numbered with a slash (``24а/1``, ``24а/2``).
    """
    street = _kinds((micro.name_kk, micro.name_ru), "microdistrict")
    layout: tuple[tuple[float, float, float], ...] = (
        (-45, -55, 0.0), (45, -55, 0.0), (-45, 55, 0.0), (45, 55, 0.0), (0, 0, math.pi / 2),
    )  # fmt: skip
    if new:
        layout = layout[:2]
    for dx, dy, angle in layout:
        base = numbers.get(micro.name_ru, 0) + 1
        numbers[micro.name_ru] = base
        roll = rng.random()
        if roll < 0.10:
            housenumber = f"{base}а"
        elif roll < 0.16:
            # Two blocks under one number: "24/1" and "24/2", or "24а/1" and "24а/2".
            letter = "а" if rng.random() < 0.5 else ""
            for block, shift in ((1, -17.0), (2, 17.0)):
                b.building(
                    x=x0 + 100 + dx + shift * math.sin(angle), y=y0 + 100 + dy + shift,
                    length=38.0, width=12.0, angle=angle, street=street,
                    housenumber=f"{base}{letter}/{block}", settlement_id="S-01",
                    kind="apartments", levels=9, year_built=2026 if new else 1985,
                )  # fmt: skip
            continue
        else:
            housenumber = str(base)
        b.building(
            x=x0 + 100 + dx, y=y0 + 100 + dy, length=60.0 if angle == 0 else 50.0, width=13.0,
            angle=angle, street=street, housenumber=housenumber, settlement_id="S-01",
            kind="apartments", levels=int(rng.choice([5, 9, 9, 12, 16])),
            year_built=2026 if new else int(rng.integers(1975, 2022)),
        )  # fmt: skip


def _build_village(b: _Builder, plan: VillagePlan, rng: np.random.Generator) -> None:
    """A village grid of 100 m blocks with named streets and houses on most blocks."""
    cx, cy = plan.centre
    x_start = cx - plan.columns * VILLAGE_CELL / 2
    y_start = cy - plan.rows * VILLAGE_CELL / 2
    names = {
        ("x", i): VILLAGE_STREETS[(plan.street_offset + i) % len(VILLAGE_STREETS)]
        for i in range(plan.columns + 1)
    }
    names |= {
        ("y", j): VILLAGE_STREETS[
            (plan.street_offset + plan.columns + 1 + j) % len(VILLAGE_STREETS)
        ]
        for j in range(plan.rows + 1)
    }
    for i in range(plan.columns + 1):
        for j in range(plan.rows + 1):
            x, y = x_start + i * VILLAGE_CELL, y_start + j * VILLAGE_CELL
            here = b.node((i, j, plan.settlement_id), x, y, jitter=6.0)
            for di, dj, line in ((1, 0, ("y", j)), (0, 1, ("x", i))):
                if i + di > plan.columns or j + dj > plan.rows:
                    continue
                there = b.node(
                    (i + di, j + dj, plan.settlement_id), x + di * VILLAGE_CELL,
                    y + dj * VILLAGE_CELL, jitter=6.0,
                )  # fmt: skip
                b.edge(here, there, name=_kinds(names[line], "street")[1], speed=30.0)
    for i in range(plan.columns):
        for j in range(plan.rows):
            if rng.random() > 0.72:
                continue
            x0, y0 = x_start + i * VILLAGE_CELL, y_start + j * VILLAGE_CELL
            axis, name, coordinate, along_from = (
                ("y", names[("y", j)], y0, x0) if (i + j) % 2 else ("x", names[("x", i)], x0, y0)
            )
            _houses_along(
                b, axis=axis, line=coordinate, along_from=along_from, length=VILLAGE_CELL,
                # On the village's outer streets, houses stand on the inner side only.
                sides=((2, 18.0), (1, -18.0)) if (j if axis == "y" else i) else ((2, 18.0),),
                street=_kinds(name, "street"), origin=x_start if axis == "y" else y_start,
                settlement_id=plan.settlement_id, rng=rng, margin=18.0,
            )  # fmt: skip


def _connect(b: _Builder, a: tuple[float, float], z: tuple[float, float], name: str) -> None:
    """A two-way rural road between the nearest existing nodes to ``a`` and ``z``."""
    xy = np.asarray(b.node_xy)
    start = int(np.argmin(np.hypot(xy[:, 0] - a[0], xy[:, 1] - a[1]))) + 1
    end = int(np.argmin(np.hypot(xy[:, 0] - z[0], xy[:, 1] - z[1]))) + 1
    (x1, y1), (x2, y2) = b.node_xy[start - 1], b.node_xy[end - 1]
    steps = max(1, int(math.hypot(x2 - x1, y2 - y1) // 500))
    previous = start
    for k in range(1, steps):
        t = k / steps
        current = b.node((k, 0, name), x1 + (x2 - x1) * t, y1 + (y2 - y1) * t, jitter=25.0)
        b.edge(previous, current, name=name, speed=80.0, highway="secondary")
        previous = current
    b.edge(previous, end, name=name, speed=80.0, highway="secondary")


def _populate(buildings: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Residents per building by age band, scaled so the city holds about 200,000 people."""
    area = shapely.area(buildings["footprint_geometry"].to_numpy())
    capacity = np.where(buildings["kind"] == "apartments", area * buildings["levels"] / 28.0, 4.0)
    noise = rng.lognormal(0.0, 0.25, len(buildings))
    raw = capacity * noise
    in_city = buildings["settlement_id"] == "S-01"
    for kind, target in (
        ("apartments", CITY_APARTMENT_POPULATION),
        ("house", CITY_HOUSE_POPULATION),
    ):
        mask = (in_city & (buildings["kind"] == kind)).to_numpy()
        raw[mask] *= target / raw[mask].sum()
    residents = np.maximum(1, np.rint(raw)).astype(np.int64)
    bands = np.zeros((len(buildings), len(AGE_BANDS)), dtype=np.int64)
    for row, (count, kind, year) in enumerate(
        zip(residents, buildings["kind"], buildings["year_built"], strict=True)
    ):
        shares = AGE_SHARES["new" if year >= 2026 else kind]
        bands[row] = rng.multinomial(int(count), shares)
    out = buildings.copy()
    for column, values in zip(AGE_BANDS, bands.T, strict=True):
        out[column] = values
    return out


def _served(frame: pd.DataFrame, model: str, others: Iterable[str]) -> np.ndarray:
    """People a district of ``model`` serves per building, given the clinic's other models.

    A therapist serves people aged 15 and over; pediatric districts the children of their range;
    a GP district everyone not served by a pediatric district of the same clinic.
    """
    bands: dict[str, npt.NDArray[np.int64]] = {
        band: frame[band].to_numpy(dtype=np.int64) for band in AGE_BANDS
    }
    adults = bands["pop_15_17"] + bands["pop_18_62"] + bands["pop_63_plus"]
    children = bands["pop_0_6"] + bands["pop_7_14"]
    if model == "therapist":
        return adults
    if model == "pediatric_0_14":
        return children
    if model == "pediatric_0_6":
        return bands["pop_0_6"]
    if "pediatric_0_6" in others:
        return adults + bands["pop_7_14"]
    if "pediatric_0_14" in others:
        return adults
    return adults + children


def _bisect(cells: np.ndarray, weights: np.ndarray, parts: int) -> Iterator[np.ndarray]:
    """Split cell centres into ``parts`` compact groups of about equal weight.

    Recursive bisection along the longer side at the weighted quantile: simple, deterministic and
    it keeps districts compact, which is what a planner drawing districts by hand aims for.
    """
    if parts == 1 or len(cells) <= 1:
        yield np.arange(len(cells))
        return
    axis = int(np.ptp(cells[:, 1]) > np.ptp(cells[:, 0]))
    order = np.lexsort((cells[:, 1 - axis], cells[:, axis]))
    left_parts = parts // 2
    cumulative = np.cumsum(weights[order])
    cut = int(np.searchsorted(cumulative, cumulative[-1] * left_parts / parts)) + 1
    cut = min(max(cut, 1), len(cells) - 1)
    for part, count in ((order[:cut], left_parts), (order[cut:], parts - left_parts)):
        for sub in _bisect(cells[part], weights[part], count):
            yield part[sub]


def _districts(
    buildings: pd.DataFrame, cell_owner: dict[tuple[int, int], str],
    village_polygons: dict[str, shapely.Polygon], rng: np.random.Generator,
) -> tuple[list[dict[str, object]], list[tuple[str, np.ndarray]]]:  # fmt: skip
    """District polygons, doctors and attached counts for every clinic and district model.

    Returns the district rows and, for the street-list clinic, each district's buildings (a
    boolean mask over ``buildings``), from which its street lists are written.
    """
    rows: list[dict[str, object]] = []
    listed: list[tuple[str, np.ndarray]] = []
    cell_of = list(zip(buildings["cell_i"], buildings["cell_j"], strict=True))
    for plan in CLINICS:
        if plan.settlement_id == "S-01":
            cells = sorted(cell for cell, owner in cell_owner.items() if owner == plan.clinic_id)
        else:
            cells = []
        for model, load in plan.models.items():
            served = _served(buildings, model, plan.models)
            norm = NORMS[model]
            pieces: list[tuple[shapely.Geometry, np.ndarray]] = []  # (territory, its buildings)
            if cells:
                cell_index = {cell: k for k, cell in enumerate(cells)}
                weight = np.zeros(len(cells))
                member = np.array([cell_index.get(c, -1) for c in cell_of])
                np.add.at(weight, member[member >= 0], served[member >= 0])
                centres = np.array([(i * CITY_CELL, j * CITY_CELL) for i, j in cells], dtype=float)
                parts = max(1, round(weight.sum() / (norm * 0.97)))
                for group in _bisect(centres, weight, parts):
                    squares = [_cell_square(*cells[k]) for k in group]
                    territory = shapely.union_all(squares).intersection(_CITY_POLYGON)
                    pieces.append((territory, np.isin(member, group)))
            if plan.clinic_id == SUBURB_CLINIC or not cells:
                settlement = "S-02" if plan.clinic_id == SUBURB_CLINIC else plan.settlement_id
                mask = (buildings["settlement_id"] == settlement).to_numpy()
                pieces.append((village_polygons[settlement], mask))
            for number, (polygon, mask) in enumerate(pieces, start=1):
                district_id = f"D-{plan.clinic_id[2:]}{MODEL_LETTER[model]}{number}"
                residents = int(served[mask].sum())
                doctors = max(0.5, round(residents * 0.97 / (norm * load) * 4) / 4)
                attached = round(doctors * norm * load * rng.uniform(0.985, 1.015))
                if district_id == EXACT_NORM_DISTRICT:
                    doctors, attached = 1.0, norm
                rows.append({
                    "district_id": district_id, "clinic_id": plan.clinic_id, "model": model,
                    "doctors": float(doctors), "attached": int(attached),
                    "name_ru": f"Участок №{number}", "name_kk": f"№{number} учаскесі",
                    "geometry": shapely.MultiPolygon(
                        list(getattr(polygon, "geoms", [polygon]))
                    ),
                })  # fmt: skip
                if plan.clinic_id == STREET_LIST_CLINIC:
                    listed.append((district_id, mask))
    return rows, listed


def _cell_square(i: int, j: int) -> shapely.Polygon:
    """The square of city cell (i, j) in local metres."""
    return shapely.box(i * CITY_CELL, j * CITY_CELL, (i + 1) * CITY_CELL, (j + 1) * CITY_CELL)


def _street_lists(
    buildings: pd.DataFrame, memberships: list[tuple[str, np.ndarray]]
) -> pd.DataFrame:
    """District lists of streets and house-number ranges, as a registry keeps them.

    Three houses are deliberately listed under another district of the same model (lists drift
    from polygons in real registries); the reconciliation report must find them.
    """
    listed = pd.concat(
        [
            buildings.loc[mask, ["street", "housenumber"]].assign(district_id=d)
            for d, mask in memberships
        ]
    ).reset_index(drop=True)
    district_ids = sorted(listed["district_id"].unique())
    district = listed["district_id"].to_numpy(dtype=object)
    for position in (101, 202, 303):
        current = str(district[position])
        district[position] = next(d for d in district_ids if d[4] == current[4] and d != current)
    listed["district_id"] = district
    # Every house of each street (in the city, where the lists apply), so a span like
    # "1-35 odd" is written only where it claims no other district's "15а" (exact round trip).
    city = buildings[buildings["settlement_id"] == "S-01"]
    universe = {
        street: [parse_housenumber(h) for h in houses]
        for street, houses in city.groupby("street")["housenumber"]
    }
    rows = []
    for (district_id, street), group in listed.groupby(["district_id", "street"], sort=True):
        rows.append({
            "district_id": district_id, "street": street,
            "house_ranges": format_house_ranges(
                [parse_housenumber(h) for h in group["housenumber"]],
                universe=universe[str(street)],
            ),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["district_id", "street", "house_ranges"])


def _admin_units(to_lonlat: Transformer) -> gpd.GeoDataFrame:
    """Oblast, the city and its two districts, and the two rayons around it."""
    city = _CITY_POLYGON
    oblast = shapely.box(-22000, -16000, 22000, 16000)
    west = shapely.box(-22000, -16000, 9000, 16000)
    east = shapely.box(9000, -16000, 22000, 16000)
    rows = [
        ("U-OBL", "Сарыарқа облысы", "Сарыаркинская область", "oblast", None, oblast),
        ("U-CITY", "Ақбұлақ қаласы", "город Акбулак", "city", "U-OBL", city),
        ("U-ALM", "Алмалы ауданы", "район Алмалы", "city_district", "U-CITY",
         city.intersection(shapely.box(-5000, -4000, 0, 4000))),
        ("U-ESL", "Есіл ауданы", "район Есиль", "city_district", "U-CITY",
         city.intersection(shapely.box(0, -4000, 5000, 4000))),
        ("U-KKT", "Көктал ауданы", "Коктальский район", "rayon", "U-OBL", west.difference(city)),
        ("U-BRL", "Бірлік ауданы", "Бирликский район", "rayon", "U-OBL", east),
    ]  # fmt: skip
    return _frame(
        [
            {"unit_id": u, "name_kk": kk, "name_ru": ru, "level": level, "parent_id": parent,
             "geometry": _multi(geometry)}
            for u, kk, ru, level, parent, geometry in rows
        ],
        to_lonlat,
    )  # fmt: skip


def _multi(geometry: shapely.Geometry) -> shapely.MultiPolygon:
    """A (Multi)Polygon as a MultiPolygon, the geometry type the package's area layers use."""
    return shapely.MultiPolygon(list(getattr(geometry, "geoms", [geometry])))


def _frame(
    rows: pd.DataFrame | Sequence[Mapping[str, Any]], to_lonlat: Transformer
) -> gpd.GeoDataFrame:
    """Rows with local-metre geometries as an EPSG:4326 GeoDataFrame rounded to ~1 cm."""
    frame = pd.DataFrame(rows)
    geometry = shapely.transform(
        frame.pop("geometry").to_numpy(),
        lambda xy: np.column_stack(to_lonlat.transform(xy[:, 0], xy[:, 1])),
    )
    geometry = shapely.set_precision(geometry, 10.0**-COORDINATE_DECIMALS, mode="pointwise")
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def _clinic_address(
    plan: ClinicPlan, names: dict[tuple[str, int], tuple[tuple[str, str], str]]
) -> str:
    """A clinic's postal address: the nearest city street line and a house number on it."""
    x, y = plan.xy
    if plan.settlement_id != "S-01":
        village = next(v for v in VILLAGES if v.settlement_id == plan.settlement_id)
        return f"{village.name_ru}, улица Абая, 1"
    i, j = round((x + 4000) / CITY_CELL), round((y + 3200) / CITY_CELL)
    if abs(x - (-4000 + i * CITY_CELL)) < abs(y - (-3200 + j * CITY_CELL)):
        name, kind = names[("x", i)]
        number = 2 * int((y + 3200) // HOUSE_SPACING) + 1
    else:
        name, kind = names[("y", j)]
        number = 2 * int((x + 4000) // HOUSE_SPACING) + 1
    return f"город Акбулак, {_kinds(name, kind)[1]}, {number}"


def demo_config() -> RegionConfig:
    """The demo's ``region.toml``: names, languages, data date and sources."""
    return RegionConfig(
        name="Akbulak (demo)",
        name_kk="Ақбұлақ (демо)",
        name_ru="Акбулак (демо)",
        languages=("kk", "ru", "en"),
        utc_offset="+05:00",
        data_date=DATA_DATE,
        walk_speed_kph=4.5,
        campaign={},
        norms={},
        sources=(
            {
                "name": DEMO_SOURCE_NAME,
                "licence": "CC0-1.0",
                "url": "https://github.com/emhana/emhana/blob/main/geo/demo.py",
            },
        ),
    )


def demo_region() -> Region:
    """Generate the demo region in memory, deterministically.

    Returns
    -------
    Region
        The demo region, every layer in EPSG:4326; not validated here (``write_region`` does).
    """
    rng = np.random.default_rng(SEED)
    to_lonlat = Transformer.from_crs(LOCAL_CRS, "EPSG:4326", always_xy=True)
    b = _Builder(rng)
    _build_city(b, rng)
    for village in VILLAGES:
        _build_village(b, village, rng)
    _connect(b, (4000, -1000), (6600 - 600, -1000), "автодорога Акбулак — Жибек жолы")
    _connect(b, (4000, 1400), (11600 - 400, 4400), "автодорога Акбулак — Бирлик")
    _connect(b, (-4000, 1000), (-12000 + 300, 7000), "автодорога Акбулак — Карасу")

    all_footprints = shapely.polygons(b.footprints)
    buildings = pd.DataFrame(b.buildings)
    buildings["footprint_geometry"] = pd.Series(all_footprints, dtype=object)
    # Corner cells of the city are cut by its outline: drop the houses that fell outside it.
    outside_city = (buildings["settlement_id"] == "S-01").to_numpy() & ~shapely.within(
        all_footprints, _CITY_POLYGON
    )
    buildings = buildings[~outside_city].reset_index(drop=True)
    buildings = _populate(buildings, rng)
    centroids = shapely.get_coordinates(
        shapely.centroid(buildings["footprint_geometry"].to_numpy())
    )
    buildings["cell_i"] = np.floor(centroids[:, 0] / CITY_CELL).astype(int)
    buildings["cell_j"] = np.floor(centroids[:, 1] / CITY_CELL).astype(int)

    # Clinic territories in the city: every populated-or-not city cell (except the new
    # microdistrict) goes to the clinic nearest to it, distances scaled by the clinic's weight.
    city_plans = [p for p in CLINICS if p.settlement_id == "S-01"]
    sites = np.array([p.xy for p in city_plans], dtype=float)
    weights = np.array([p.weight for p in city_plans])
    cell_owner: dict[tuple[int, int], str] = {}
    for i in range(-20, 20):
        for j in range(-16, 16):
            cx, cy = (i + 0.5) * CITY_CELL, (j + 0.5) * CITY_CELL
            if not _inside_city(cx, cy) or _in_new_development(cx, cy):
                continue
            distance = np.hypot(sites[:, 0] - cx, sites[:, 1] - cy) / weights
            cell_owner[(i, j)] = city_plans[int(np.argmin(distance))].clinic_id
    village_polygons = {v.settlement_id: v.outline() for v in VILLAGES}
    district_rows, memberships = _districts(buildings, cell_owner, village_polygons, rng)
    district_streets = _street_lists(buildings, memberships)

    settlements = _frame(
        [
            {"settlement_id": "S-01", "name_kk": "Ақбұлақ", "name_ru": "Акбулак", "kind": "city",
             "unit_id": "U-CITY", "suburb_of": None, "border_area": False,
             "geometry": _multi(_CITY_POLYGON)},
            *(
                {"settlement_id": v.settlement_id, "name_kk": v.name_kk, "name_ru": v.name_ru,
                 "kind": "village", "unit_id": v.unit_id, "suburb_of": v.suburb_of,
                 "border_area": v.border_area,
                 "geometry": _multi(village_polygons[v.settlement_id])}
                for v in VILLAGES
            ),
        ],
        to_lonlat,
    )  # fmt: skip
    names = _city_line_names()
    clinics = _frame(
        [
            {"clinic_id": p.clinic_id, "name_kk": p.name_kk, "name_ru": p.name_ru,
             "kind": p.kind, "settlement_id": p.settlement_id,
             "address": _clinic_address(p, names), "shi_supplier": p.shi_supplier,
             "packages": "gobmp,osms" if p.shi_supplier else "",
             "phone": f"+7 7160 {40 + k:02d}-{(17 * k) % 100:02d}-{(31 * k + 7) % 100:02d}",
             "geometry": shapely.Point(p.xy)}
            for k, p in enumerate(CLINICS, start=1)
        ],
        to_lonlat,
    )  # fmt: skip
    buildings = buildings.drop(columns=["cell_i", "cell_j"])
    buildings.insert(0, "building_id", [f"B-{k:06d}" for k in range(1, len(buildings) + 1)])
    buildings["geometry"] = buildings.pop("footprint_geometry")
    building_frame = _frame(buildings, to_lonlat)
    node_frame = _frame(
        [{"node_id": k, "geometry": shapely.Point(xy)} for k, xy in enumerate(b.node_xy, start=1)],
        to_lonlat,
    )
    for edge in b.edges:
        edge["geometry"] = shapely.LineString(edge["geometry"])  # type: ignore[arg-type]
    edge_frame = _frame(b.edges, to_lonlat)
    return Region(
        path=None,
        config=demo_config(),
        admin_units=_admin_units(to_lonlat),
        settlements=settlements,
        clinics=clinics,
        districts=_frame(district_rows, to_lonlat),
        district_streets=district_streets,
        buildings=building_frame,
        street_nodes=node_frame,
        street_edges=edge_frame,
        warnings=(),
    )


def build_demo(out_dir: str | Path, *, overwrite: bool = True) -> Path:
    """Generate the demo region and write it as a data package to ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder to write ``region.gpkg`` and ``region.toml`` into.
    overwrite
        Replace an existing package there (the default: rebuilding the demo is the point).

    Returns
    -------
    Path
        The package folder.
    """
    return write_region(demo_region(), out_dir, overwrite=overwrite)
