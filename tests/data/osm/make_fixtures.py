"""Regenerate the fixtures of ``tests/geo/test_osm.py``: ``village.osm`` and ``village.osm.pbf``.

Run ``.venv/bin/python tests/data/osm/make_fixtures.py``; the output is byte-for-byte the same
every time (no clock, no randomness), so ``git diff`` shows any change.

The village of Жаңаауыл (Жанаауыл), laid out in local metres (x east, y north) around
71.40 E 51.10 N and written as OSM XML and as OSM PBF (the same elements in both):

Streets (a 3 x 3 grid, 150 m apart, plus two extras):

- east-west at y = 0, 150, 300: ``улица Абая`` (residential, one way of three nodes with a
  straight shape vertex at x = 225), ``Құрманғазы көшесі`` (tertiary), ``проспект Достық``
  (primary, maxspeed=60);
- north-south at x = 0, 150, 300: ``улица Жамбыла``, ``Әуезов көшесі`` (residential) and
  ``переулок Тихий`` (residential, ``oneway=yes``, drawn south to north);
- an unnamed residential road from (0, 0) to (150, 0) that bends through (75, -40): 170 m long,
  parallel to the 150 m stretch of ``улица Абая`` between the same two crossings;
- an unnamed footway from (300, 300) north to a dead end at (300, 420): 120 m, walk only.

After osmnx's simplification: 10 street nodes (9 crossings and the footway's dead end) and 13
undirected edges (6 + 6 street stretches and the footway; the bent road is the longer of a
parallel pair and is dropped).

Buildings (21, rectangles given as width x depth in metres):

- 8 addressed houses 12 x 10 (120 m², one level: 4 residents at 30 m² a person): ``улица Абая``
  1, 3, 5, 7 and ``Құрманғазы көшесі`` 2, 4, 6, 8;
- 3 addressed houses on ``Әуезов көшесі`` 9, 11, 13;
- 4 houses without any address along ``улица Абая`` in the south-east block;
- a house with ``addr:housenumber=21`` but no street (not an address);
- ``Құрманғазы көшесі 15``: apartments 60 x 15 with ``building:levels=9`` (900 m² x 9 / 30 =
  270 residents);
- ``улица Жамбыла 4``: apartments 20 x 12 without levels (5 by default: 240 x 5 / 30 = 40);
- a ``building=yes`` 20 x 20 without address (400 / 30 = 13.3, so 13 residents);
- a garage 6 x 4 without address (not residential: 0);
- the polyclinic's building, ``Әуезов көшесі 7``, 30 x 20, ``amenity=hospital`` named
  ``№1 қалалық емхана`` (not residential: 0).

So 21 buildings, 14 with an address, 387 estimated residents (354 of them in addressed ones).

Health care: the polyclinic above; ``Врачебная амбулатория`` (amenity=clinic node, no address);
``Отбасылық денсаулық орталығы`` (healthcare=centre node); ``Областная больница`` (amenity=hospital
node: not PHC, skipped); ``Стоматология «Дент»`` (amenity=clinic node: not PHC, skipped).

Places and boundaries: a ``place=village`` node ``Жаңаауыл`` (name:ru ``Жанаауыл``) at (150, 150);
``Абай ауданы`` / ``Абайский район`` (admin_level=6) as a boundary relation of two ways around
±2 km; ``Қарағанды облысы`` / ``Карагандинская область`` (admin_level=4) as a closed way around
±3 km.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyproj import Transformer

HERE = Path(__file__).resolve().parent
CENTRE_LON, CENTRE_LAT = 71.40, 51.10
_TO_LONLAT = Transformer.from_crs(
    f"+proj=aeqd +lat_0={CENTRE_LAT} +lon_0={CENTRE_LON} +datum=WGS84 +units=m +no_defs",
    "EPSG:4326",
    always_xy=True,
)
Tags = dict[str, str]


@dataclass
class Osm:
    """The elements of one OSM file, in the order they are written."""

    nodes: dict[int, tuple[float, float, Tags]] = field(default_factory=dict)
    ways: list[tuple[int, list[int], Tags]] = field(default_factory=list)
    relations: list[tuple[int, list[tuple[str, int, str]], Tags]] = field(default_factory=list)
    _by_xy: dict[tuple[float, float], int] = field(default_factory=dict)
    _next_way: int = 100

    def node(self, x: float, y: float, tags: Tags | None = None) -> int:
        """The node at local (x, y) metres; untagged nodes at one spot are shared (a crossing)."""
        if tags is None and (x, y) in self._by_xy:
            return self._by_xy[(x, y)]
        lon, lat = _TO_LONLAT.transform(x, y)
        node_id = 1 + len(self.nodes)
        self.nodes[node_id] = (round(lon, 7), round(lat, 7), dict(tags or {}))
        if tags is None:
            self._by_xy[(x, y)] = node_id
        return node_id

    def way(
        self, points: Sequence[tuple[float, float]], tags: Tags, *, closed: bool = False
    ) -> int:
        """A way through the points (closed back to the first one when ``closed``)."""
        refs = [self.node(x, y) for x, y in points]
        if closed:
            refs.append(refs[0])
        self._next_way += 1
        self.ways.append((self._next_way, refs, dict(tags)))
        return self._next_way

    def rectangle(self, cx: float, cy: float, width: float, depth: float, tags: Tags) -> int:
        """A closed way: an axis-aligned rectangle centred on (cx, cy)."""
        w, d = width / 2, depth / 2
        corners = [(cx - w, cy - d), (cx + w, cy - d), (cx + w, cy + d), (cx - w, cy + d)]
        return self.way(corners, tags, closed=True)


def village() -> Osm:
    """Build the village described in the module docstring."""
    osm = Osm()
    for y, name, highway, extra in (
        (0, "улица Абая", "residential", {}),
        (150, "Құрманғазы көшесі", "tertiary", {}),
        (300, "проспект Достық", "primary", {"maxspeed": "60"}),
    ):
        points = [(0, y), (150, y), (225, y), (300, y)] if y == 0 else [(0, y), (150, y), (300, y)]
        osm.way(points, {"highway": highway, "name": name, **extra})
    for x, name, extra in (
        (0, "улица Жамбыла", {}),
        (150, "Әуезов көшесі", {}),
        (300, "переулок Тихий", {"oneway": "yes"}),
    ):
        osm.way([(x, 0), (x, 150), (x, 300)], {"highway": "residential", "name": name, **extra})
    osm.way([(0, 0), (75, -40), (150, 0)], {"highway": "residential"})
    osm.way([(300, 300), (300, 420)], {"highway": "footway"})

    house = {"building": "house"}
    for number, cx in zip((1, 3, 5, 7), (25, 55, 85, 115), strict=True):
        osm.rectangle(cx, 20, 12, 10, {**house, **_address("улица Абая", number)})
    for number, cx in zip((2, 4, 6, 8), (25, 55, 85, 115), strict=True):
        osm.rectangle(cx, 130, 12, 10, {**house, **_address("Құрманғазы көшесі", number)})
    for number, cy in zip((9, 11, 13), (175, 205, 235), strict=True):
        osm.rectangle(165 + 6, cy, 12, 10, {**house, **_address("Әуезов көшесі", number)})
    for cx in (175, 205, 245, 275):
        osm.rectangle(cx, 20, 12, 10, house)
    osm.rectangle(45, 175, 12, 10, {**house, "addr:housenumber": "21"})
    osm.rectangle(
        75,
        225,
        60,
        15,
        {"building": "apartments", "building:levels": "9", **_address("Құрманғазы көшесі", 15)},
    )
    osm.rectangle(25, 265, 20, 12, {"building": "apartments", **_address("улица Жамбыла", 4)})
    osm.rectangle(225, 225, 20, 20, {"building": "yes"})
    osm.rectangle(275, 130, 6, 4, {"building": "garage"})
    osm.rectangle(
        225,
        100,
        30,
        20,
        {
            "building": "yes",
            "amenity": "hospital",
            "name": "№1 қалалық емхана",
            "name:ru": "Городская поликлиника №1",
            "phone": "+7 7212 41-00-01",
            **_address("Әуезов көшесі", 7),
        },
    )

    osm.node(75, 75, {"amenity": "clinic", "name": "Врачебная амбулатория"})
    osm.node(
        225,
        270,
        {
            "healthcare": "centre",
            "name": "Отбасылық денсаулық орталығы",
            "name:ru": "Центр семейного здоровья",
        },
    )
    osm.node(260, 60, {"amenity": "hospital", "name": "Областная больница"})
    osm.node(100, 270, {"amenity": "clinic", "name": "Стоматология «Дент»"})
    osm.node(
        150,
        150,
        {"place": "village", "name": "Жаңаауыл", "name:ru": "Жанаауыл", "name:kk": "Жаңаауыл"},
    )

    north = osm.way([(2000, -2000), (2000, 2000), (-2000, 2000)], {})
    south = osm.way([(-2000, 2000), (-2000, -2000), (2000, -2000)], {})
    osm.relations.append(
        (
            9001,
            [("way", north, "outer"), ("way", south, "outer")],
            {
                "type": "boundary",
                "boundary": "administrative",
                "admin_level": "6",
                "name": "Абай ауданы",
                "name:ru": "Абайский район",
            },
        )
    )
    osm.way(
        [(-3000, -3000), (3000, -3000), (3000, 3000), (-3000, 3000)],
        {
            "boundary": "administrative",
            "admin_level": "4",
            "name": "Қарағанды облысы",
            "name:ru": "Карагандинская область",
        },
        closed=True,
    )
    return osm


def _address(street: str, number: int) -> Tags:
    return {"addr:street": street, "addr:housenumber": str(number)}


# ------------------------------------------------------------------------------------------------
# OSM XML
# ------------------------------------------------------------------------------------------------


def write_xml(osm: Osm, path: Path) -> None:
    """Write ``osm`` as OSM XML 0.6."""
    root = ET.Element("osm", {"version": "0.6", "generator": "emhana tests/data/osm"})
    meta = {"version": "1", "visible": "true"}
    for node_id, (lon, lat, tags) in osm.nodes.items():
        element = ET.SubElement(
            root, "node", {"id": str(node_id), **meta, "lat": f"{lat:.7f}", "lon": f"{lon:.7f}"}
        )
        _xml_tags(element, tags)
    for way_id, refs, tags in osm.ways:
        element = ET.SubElement(root, "way", {"id": str(way_id), **meta})
        for ref in refs:
            ET.SubElement(element, "nd", {"ref": str(ref)})
        _xml_tags(element, tags)
    for relation_id, members, tags in osm.relations:
        element = ET.SubElement(root, "relation", {"id": str(relation_id), **meta})
        for kind, ref, role in members:
            ET.SubElement(element, "member", {"type": kind, "ref": str(ref), "role": role})
        _xml_tags(element, tags)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n")


def _xml_tags(element: ET.Element, tags: Tags) -> None:
    for key, value in tags.items():
        ET.SubElement(element, "tag", {"k": key, "v": value})


# ------------------------------------------------------------------------------------------------
# OSM PBF (https://wiki.openstreetmap.org/wiki/PBF_Format), hand-encoded: the only protobuf
# messages needed are a dozen fields, so a 40-line encoder beats a dependency on generated code.
# ------------------------------------------------------------------------------------------------


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _zigzag(value: int) -> int:
    return (value << 1) ^ (value >> 63)


def _field_varint(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def _field_bytes(number: int, value: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def _packed(number: int, values: Iterable[int], *, signed: bool = False) -> bytes:
    body = b"".join(_varint(_zigzag(value) if signed else value) for value in values)
    return _field_bytes(number, body)


def _deltas(values: Sequence[int]) -> list[int]:
    return [value - (values[index - 1] if index else 0) for index, value in enumerate(values)]


def _blob(kind: str, payload: bytes) -> bytes:
    blob = _field_varint(2, len(payload)) + _field_bytes(3, zlib.compress(payload, 9))
    header = _field_bytes(1, kind.encode()) + _field_varint(3, len(blob))
    return struct.pack(">I", len(header)) + header + blob


def write_pbf(osm: Osm, path: Path) -> None:
    """Write ``osm`` as an OSM PBF file: a header block and one primitive block."""
    header_block = (
        _field_bytes(4, b"OsmSchema-V0.6")
        + _field_bytes(4, b"DenseNodes")
        + _field_bytes(16, b"emhana tests/data/osm")
    )
    strings: dict[str, int] = {"": 0}

    def sid(text: str) -> int:
        return strings.setdefault(text, len(strings))

    ids = list(osm.nodes)
    lats = [round(osm.nodes[node_id][1] * 1e7) for node_id in ids]
    lons = [round(osm.nodes[node_id][0] * 1e7) for node_id in ids]
    keys_vals: list[int] = []
    for node_id in ids:
        for key, value in osm.nodes[node_id][2].items():
            keys_vals += [sid(key), sid(value)]
        keys_vals.append(0)
    dense = (
        _packed(1, _deltas(ids), signed=True)
        + _packed(8, _deltas(lats), signed=True)
        + _packed(9, _deltas(lons), signed=True)
        + _packed(10, keys_vals)
    )
    ways = b""
    for way_id, refs, tags in osm.ways:
        body = _field_varint(1, way_id)
        if tags:
            body += _packed(2, [sid(key) for key in tags]) + _packed(
                3, [sid(v) for v in tags.values()]
            )
        ways += _field_bytes(3, body + _packed(8, _deltas(refs), signed=True))
    relations = b""
    member_types = {"node": 0, "way": 1, "relation": 2}
    for relation_id, members, tags in osm.relations:
        body = (
            _field_varint(1, relation_id)
            + _packed(2, [sid(key) for key in tags])
            + _packed(3, [sid(value) for value in tags.values()])
            + _packed(8, [sid(role) for _, _, role in members])
            + _packed(9, _deltas([ref for _, ref, _ in members]), signed=True)
            + _packed(10, [member_types[kind] for kind, _, _ in members])
        )
        relations += _field_bytes(4, body)
    # One element kind per primitive group, as the format asks.
    groups = _field_bytes(2, _field_bytes(2, dense)) + _field_bytes(2, ways)
    groups += _field_bytes(2, relations)
    table = b"".join(_field_bytes(1, text.encode()) for text in strings)
    block = _field_bytes(1, table) + groups
    path.write_bytes(_blob("OSMHeader", header_block) + _blob("OSMData", block))


def main() -> None:
    """Write both fixtures next to this script."""
    osm = village()
    write_xml(osm, HERE / "village.osm")
    write_pbf(osm, HERE / "village.osm.pbf")


if __name__ == "__main__":
    main()
