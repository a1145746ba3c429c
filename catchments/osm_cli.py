"""The ``emhana import-osm`` sub-command: build a region data package from OpenStreetMap.

``catchments.cli`` registers it with :func:`add_osm_command` and catches :data:`OSM_ERRORS`
like its other typed errors (a message on stderr, exit status 2).

Progress goes to stderr one line a step (``[2/6] streets ...``), the summary of what was found
and what is missing to stdout, so ``emhana import-osm ... > summary.txt`` keeps the summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import unicodedata
from pathlib import Path

from catchments.calendar import KZ_TZ
from geo.osm import OsmImport, OsmImportError, region_from_file, region_from_place
from geo.package import GPKG_NAME, TOML_NAME, write_region

__all__ = ["OSM_ERRORS", "add_osm_command"]

OSM_ERRORS: tuple[type[Exception], ...] = (OsmImportError,)
"""The errors of ``import-osm`` that are bad input, not bugs (``RegionDataError`` aside, which
``catchments.cli`` already catches)."""


def _print_progress(step: int, total: int, what: str) -> None:
    print(f"[{step}/{total}] {what} ...", file=sys.stderr, flush=True)


def _check_name(name: str | None) -> None:
    """Refuse a ``--name`` that is blank or holds a line break or another control character."""
    if name is None:
        return
    if not name.strip():
        raise OsmImportError("--name is empty; give the region's name, e.g. --name 'Қарағанды'")
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise OsmImportError(
            f"--name {name!r} holds a line break or another control character; give the name "
            "on one line"
        )


def _check_out(out: Path, *, overwrite: bool) -> None:
    """Refuse an ``--out`` the package could not be written to, before the import runs.

    The import can take minutes; a folder that cannot be made, or made in, is found here rather
    than by ``write_region`` after it, by making and removing a folder where the package's will
    be made (permissions alone do not tell: root may not write in /proc or a read-only mount).
    """
    if out.exists() and not out.is_dir():
        raise OsmImportError(f"--out {str(out)!r} is a file; give a folder for the package")
    if out.exists() and not overwrite:
        raise OsmImportError(
            f"--out {str(out)!r} already exists; pass --overwrite to replace its {GPKG_NAME} "
            f"and {TOML_NAME} (other files in it are kept)"
        )
    base = out.parent.absolute()
    while not base.exists():
        base = base.parent
    if not base.is_dir():
        raise OsmImportError(f"--out {str(out)!r}: {str(base)!r} is a file, not a folder")
    try:
        Path(tempfile.mkdtemp(prefix=".emhana-probe-", dir=base)).rmdir()
    except OSError as error:
        raise OsmImportError(
            f"--out {str(out)!r}: a folder cannot be made in {str(base)!r} ({error.strerror}); "
            "choose a folder you can write to"
        ) from None


def _import_osm(args: argparse.Namespace) -> int:
    """Import the place or file, write the package, print the summary."""
    out = Path(args.out)
    _check_name(args.name)
    _check_out(out, overwrite=args.overwrite)
    today = dt.datetime.now(KZ_TZ).date()
    result: OsmImport
    if args.place is not None:
        result = region_from_place(
            args.place, data_date=today, name=args.name, progress=_print_progress
        )
    else:
        result = region_from_file(
            args.file, data_date=today, name=args.name, progress=_print_progress
        )
    print(f"writing {out} ...", file=sys.stderr, flush=True)
    try:
        write_region(result.region, out, overwrite=args.overwrite)
    except OSError as error:  # named by --out, not by the temporary folder it failed in
        raise OsmImportError(
            f"the package could not be written to --out {str(out)!r}: {error.strerror}; check "
            "the free space and that the folder can be written to"
        ) from None
    print(f"{result.region.config.name}: {out}")
    print(result.summary)
    return 0


def add_osm_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``import-osm`` on the ``emhana`` command's sub-parsers."""
    command = subparsers.add_parser(
        "import-osm",
        help="build a region data package from OpenStreetMap",
        description="Build a region data package from OpenStreetMap: a place by name (online, "
        "through osmnx) or a local .osm / .osm.pbf extract (offline). Population, districts "
        "and SHI status are not in OSM: they are estimated or left as placeholders, and the "
        "summary lists what to check.",
    )
    source = command.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--place", metavar="NAME", help="a place Nominatim knows, e.g. 'Kosshy, Kazakhstan'"
    )
    source.add_argument("--file", metavar="PATH", help="an .osm or .osm.pbf file")
    command.add_argument("--out", required=True, metavar="DIR", help="package folder to write")
    command.add_argument(
        "--name", help="the region's name in region.toml (default: the place or file name)"
    )
    command.add_argument(
        "--overwrite", action="store_true", help="replace the package in an existing --out"
    )
    command.set_defaults(handler=_import_osm)
