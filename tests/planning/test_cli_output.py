"""What `emhana rebalance` and `emhana export` write, and what they refuse before writing it.

A failed write is a worded message and leaves no part of a plan; a bad ``--out``, a cell size
that would make too many tiles and a district the region lacks are refused before anything is
solved; ``--json`` is standard JSON; ``export --report`` describes the current districts. The
demo region is prepared once for the module (``planning_cli.prepare`` returns it), as in
``test_cli_language``.
"""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyogrio.errors import DataSourceError, FeatureError

from catchments import cli, planning_cli
from catchments.planning import PlanningError, PlanningRegion, RebalanceOptions
from catchments.planning.tiles import MAX_TILES, build_tiles, check_cell_size, estimate_tiles
from catchments.planning.wording import bounds_text, report_text

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"
pytestmark = pytest.mark.slow


def no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the command starts solving."""

    def searched(*_: object, **__: object) -> None:
        raise AssertionError("the command solved before refusing")

    monkeypatch.setattr(planning_cli, "_search", searched)
    monkeypatch.setattr(planning_cli, "moves_floor", searched)


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err.splitlines()[-1]


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- 1. a failed write ---------------------------------------------------------------------


@pytest.mark.usefixtures("prepared")
def test_gdal_s_write_errors_are_worded_and_leave_no_part_of_a_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    (out / "load.csv").write_text("an earlier plan's load", encoding="utf-8")

    def disk_full(_frame: object, path: Path) -> None:
        # What GDAL does on a full disk: half a file, then pyogrio's error (not an OSError).
        Path(path).write_bytes(b"SQLite format 3\x00half")
        raise DataSourceError("sqlite3_exec(CREATE TABLE ...) failed: database or disk is full")

    monkeypatch.setattr(planning_cli, "write_districts", disk_full)
    for lang, said in (
        ("en", "writing {file} failed (No space left on device); free some space or pass"),
        ("ru", "не удалось записать {file} (на диске не осталось места); освободите место"),
        ("kk", "{file} жазылмады (дискіде орын қалмады); орын босатыңыз"),
    ):
        argv = ["export", "--out", str(out), "--lang", lang, "--report", "html"]
        assert cli.main(argv) == cli.EXIT_BAD_INPUT
        line = error_line(capsys)
        assert line.startswith(f"emhana export: --out {out}: "), line
        assert said.format(file=out / "districts.gpkg") in line, line
        # No half file, no hidden folder; the earlier plan's file as it was.
        assert leftovers(out) == ["load.csv"]
        assert (out / "load.csv").read_text(encoding="utf-8") == "an earlier plan's load"

    def refused(_frame: object, _path: Path) -> None:
        raise FeatureError("Failed to write feature 7: a cause GDAL alone knows")

    monkeypatch.setattr(planning_cli, "write_districts", refused)
    assert cli.main(["export", "--out", str(out)]) == cli.EXIT_BAD_INPUT
    assert "(Failed to write feature 7: a cause GDAL alone knows)" in error_line(capsys)
    assert leftovers(out) == ["load.csv"]


@pytest.mark.usefixtures("prepared")
def test_a_write_failing_late_takes_the_files_written_before_it_away(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(planning_cli, "write_load_report", full)
    out = tmp_path / "plan"
    argv = ["export", "--out", str(out), "--report", "pdf"]
    assert cli.main(argv) == cli.EXIT_BAD_INPUT
    assert "writing a file failed (No space left on device)" in error_line(capsys)
    # The districts, street lists and load were written first: none is left, nor the folder
    # the command made for them.
    assert not out.exists()


def test_an_out_folder_that_cannot_be_written_is_refused_before_the_region_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, whom chmod does not stop: the check is os.access, so it is told no.
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: Path(path) != locked and real_access(path, mode)
    )
    for command in ("rebalance", "export"):
        for lang, said in (
            ("en", f"--out {locked}: cannot write into that folder (Permission denied); pass"),
            ("ru", f"--out {locked}: в эту папку нельзя писать (нет прав доступа); укажите"),
            ("kk", f"--out {locked}: бұл қалтаға жазу мүмкін емес (қол жеткізу құқығы жоқ)"),
        ):
            argv = [command, "--out", str(locked), "--region", "nowhere", "--lang", lang]
            assert cli.main(argv) == cli.EXIT_BAD_INPUT
            assert error_line(capsys).startswith(f"emhana {command}: {said}")
    # A folder where a file of the plan goes is found before the solve, not at its end.
    out = tmp_path / "plan"
    (out / "report.html").mkdir(parents=True)
    assert cli.main(["rebalance", "--out", str(out), "--region", "nowhere"]) == 2
    assert error_line(capsys) == (
        f"emhana rebalance: --out {out}: report.html there is a folder, and the command writes "
        "a file of that name; move it away or pass another folder"
    )


# --- 2. a cell size that would make too many tiles -------------------------------------------


@pytest.mark.usefixtures("prepared")
def test_a_tiny_cell_size_is_refused_with_one_that_works_before_any_tile_is_made(
    planning: PlanningRegion, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 10 m cells passed the old check (the region's rectangle is 2.5 million cells, under its
    # 4 million) and then cut half a million tiles for minutes and gigabytes.
    no_search(monkeypatch)
    named = set()
    for flags in ([], ["--least-moves"]):
        assert cli.main(["rebalance", "--cell-m", "10", *flags]) == cli.EXIT_BAD_INPUT
        line = error_line(capsys)
        said = re.fullmatch(
            r"emhana rebalance: cells of 10 m would cut this region into about [\d,]+ blocks, "
            r"more than the 60,000 a rebalancing can take in reasonable time and memory; "
            r"use --cell-m (\d+) or more",
            line,
        )
        assert said is not None, line
        named.add(said.group(1))
    (size,) = named
    suggested = float(size)
    # The size named works, and is the smallest step of 5 m that does.
    assert (
        estimate_tiles(planning, suggested) <= MAX_TILES < estimate_tiles(planning, suggested - 5)
    )
    check_cell_size(planning, suggested)
    assert cli.main(["rebalance", "--cell-m", "10", "--lang", "ru"]) == cli.EXIT_BAD_INPUT
    assert error_line(capsys).endswith(f"; укажите --cell-m {size} или больше")
    with pytest.raises(PlanningError) as refused:
        build_tiles(planning, cell_m=12.5)
    assert refused.value.code == "too_many_tiles"
    assert refused.value.text("kk").startswith("12,5 м ұяшықтар бұл өңірді шамамен ")


def test_the_tile_estimate_is_near_the_tiles_built_and_never_below(
    planning: PlanningRegion,
) -> None:
    tiles = build_tiles(planning, cell_m=200.0)
    assert len(tiles) == 2326  # the cells made only where districts and buildings are
    assert len(tiles) <= estimate_tiles(planning, 200.0) < 2 * len(tiles)


# --- 3. --json is standard JSON --------------------------------------------------------------


def _no_constant(name: str) -> object:
    raise AssertionError(f"not JSON: {name}")


@pytest.mark.usefixtures("prepared")
def test_the_json_answer_has_null_where_a_figure_is_missing_or_infinite(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # D-01T1 without doctors: its load is infinite; buildings without a pediatric district
    # move with none before or after (NaN in the table).
    flags = ["--time-limit", "1", "--deterministic", "--workers", "1", "--show", "0"]
    assert cli.main(["rebalance", *flags, "--json", "--doctors", "D-01T1=0"]) == 0
    answer = json.loads(capsys.readouterr().out, parse_constant=_no_constant)
    assert answer["summary"]["max_load_pct_before"] is None
    assert any(move["pediatric_after"] is None for move in answer["moves"])
    # NumPy's and pandas' missing values too, wherever they sit.
    data = {"a": np.float64("nan"), "b": [float("-inf"), np.int64(3)], "c": {"d": pd.NA}}
    assert json.loads(planning_cli._json(data), parse_constant=_no_constant) == {
        "a": None,
        "b": [None, 3],
        "c": {"d": None},
    }


# --- 4. export --report without --rebalance ---------------------------------------------------


@pytest.mark.usefixtures("prepared")
def test_export_writes_the_report_of_the_current_districts_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The README's example, in Kazakh.
    out = tmp_path / "districts"
    argv = ["export", "--out", str(out), "--format", "geojson", "--report", "html"]
    assert cli.main([*argv, "--lang", "kk"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        str(out / name)
        for name in ("districts.geojson", "district_streets.csv", "load.csv", "report.html")
    ]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html><html lang='kk'>")
    for key in ("title.load", "load.over_districts", "heading.load", "column.pct_of_norm"):
        assert report_text(key, "kk") in page, key
    assert report_text("heading.impossible", "kk") not in page  # no plan, nothing impossible
    assert page.count("<img alt=") == 2
    assert cli.main(["export", "--out", str(tmp_path / "pdf"), "--report", "pdf"]) == 0
    assert (tmp_path / "pdf" / "report.pdf").read_bytes().startswith(b"%PDF")
    # Without --report, as before: no report.
    assert cli.main(["export", "--out", str(tmp_path / "bare")]) == 0
    assert leftovers(tmp_path / "bare") == ["district_streets.csv", "districts.gpkg", "load.csv"]


# --- 5. a district the region lacks -----------------------------------------------------------


@pytest.mark.usefixtures("prepared")
def test_a_mistyped_district_is_named_with_the_one_meant(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    no_search(monkeypatch)
    for lang, said in (
        ("en", "--doctors d-04m3=1: no district d-04m3 in this region; did you mean D-04M3?"),
        ("ru", "--doctors d-04m3=1: в этом регионе нет участка d-04m3; может быть, D-04M3?"),
        ("kk", "--doctors d-04m3=1: бұл өңірде d-04m3 учаскесі жоқ; D-04M3 болуы мүмкін бе?"),
    ):
        argv = ["rebalance", "--doctors", "D-01T1=2", "--doctors", "d-04m3=1", "--lang", lang]
        assert cli.main(argv) == cli.EXIT_BAD_INPUT
        assert error_line(capsys) == f"emhana rebalance: {said}"
    assert cli.main(["rebalance", "--doctors", "D-4M3=1"]) == cli.EXIT_BAD_INPUT
    assert error_line(capsys).endswith("no district D-4M3 in this region; did you mean D-04M3?")
    assert cli.main(["rebalance", "--doctors", "поликлиника=1"]) == cli.EXIT_BAD_INPUT
    assert error_line(capsys).endswith(
        "no district поликлиника in this region; name a district of its districts layer, "
        "e.g. D-01T1"
    )


# --- 6. the rest ------------------------------------------------------------------------------


def test_a_travel_bound_is_named_as_given() -> None:
    tiny = RebalanceOptions(max_travel_s=0.01 * 60)
    assert "at most 0.01 min to a new clinic" in bounds_text(tiny)
    assert "не более 0,01 мин до новой поликлиники" in bounds_text(tiny, "ru")
    assert "at most 12.5 min" in bounds_text(RebalanceOptions(max_travel_s=12.5 * 60))
    assert "at most 30 min" in bounds_text(RebalanceOptions())


def test_an_empty_out_is_refused_not_taken_for_the_current_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for command in ("export", "rebalance"):
        for out in ("", "  "):
            assert cli.main([command, "--out", out, "--region", "nowhere"]) == 2
            assert error_line(capsys) == (
                f"emhana {command}: --out is empty; pass a folder to write into"
            )
        assert cli.main([command, "--out", "", "--lang", "ru"]) == cli.EXIT_BAD_INPUT
        assert error_line(capsys).endswith("--out пуст; укажите папку для записи")
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("prepared")
def test_a_failed_export_takes_away_the_folders_it_made_and_keeps_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new" / "plan"
    argv = ["export", "--out", str(out), "--doctors", "nowhere=1"]
    assert cli.main(argv) == cli.EXIT_BAD_INPUT
    assert "no district nowhere" in error_line(capsys)
    assert leftovers(tmp_path) == []
    # A folder that was there stays, empty or not.
    out.mkdir(parents=True)
    assert cli.main(argv) == cli.EXIT_BAD_INPUT
    assert out.is_dir()


def test_the_readme_quotes_the_report_s_words() -> None:
    # "C-03 needs 0.75 more therapists (FTE)" was an older wording: "1 more therapists".
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    line = report_text(
        "shortfall",
        "en",
        clinic="C-03",
        needed="0.75",
        as_drawn="1.5",
        doctors=report_text("doctors.therapist", "en"),
        people=1,
        districts="",
        status="",
        bounds="",
    )
    quoted = line.split(":")[0]
    assert f'"{quoted} …"' in readme
