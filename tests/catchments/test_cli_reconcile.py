"""``emhana reconcile``: the demo's street lists against its polygons (issue 4's report)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from catchments import cli

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
FOUND = ("B-000605", "B-001968", "B-003569")  # the demo's three deliberate disagreements


def test_the_three_deliberate_disagreements_are_listed_in_the_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["reconcile", "--region", str(DEMO), "--lang", "ru"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # Digits grouped as Russian writes them (a no-break space).
    assert lines[0].replace("\N{NO-BREAK SPACE}", " ").replace(
        "\N{NARROW NO-BREAK SPACE}", " "
    ) == ("сравнено 15 892 здания: совпадают 15 889, расходятся 3")
    assert lines[1] == "здание | адрес | по списку | по полигону | что не так"
    assert lines[2] == (
        "B-000605 | улица Арай 21 | D-01P1; D-01T1 | D-01P1; D-01T3 | "
        "список и полигон называют разные участки"
    )
    assert [line.split(" | ")[0] for line in lines[2:]] == list(FOUND)


def test_the_findings_or_every_building_are_written_for_a_spreadsheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "findings.csv"
    assert cli.main(["reconcile", "--region", str(DEMO), "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"3 rows written to {out}"
    with out.open(encoding="utf-8-sig", newline="") as file:  # Excel's UTF-8, with a BOM
        rows = list(csv.DictReader(file))
    assert [row["building_id"] for row in rows] == list(FOUND)
    assert {row["status"] for row in rows} == {"disagree"}
    assert cli.main(["reconcile", "--region", str(DEMO), "--out", str(out), "--all"]) == 0
    assert "15,892 rows written" in capsys.readouterr().out
    folder = tmp_path / "missing" / "x.csv"
    assert cli.main(["reconcile", "--region", str(DEMO), "--out", str(folder)]) == 2


def test_districts_drawn_only_as_polygons_are_compared_on_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["reconcile", "--region", str(DEMO), "--every-district"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "14,156 only by polygon" in out[0]
    assert out[-1] == "… and 14,139 more; write them all with --out FILE.csv"


def test_a_reader_that_stops_early_gets_no_error_message() -> None:
    # "emhana reconcile ... | head" printed "[Errno 32] Broken pipe" once head had its lines.
    command = [sys.executable, "-m", "catchments.cli", "reconcile", "--region", str(DEMO)]
    command += ["--all", "--out", "/dev/stdout"]  # 15,892 rows: more than a pipe holds
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline().startswith(b"15,892 buildings compared")
        process.stdout.close()  # as head does once it has its lines
        assert process.wait(timeout=120) == cli.EXIT_BROKEN_PIPE
        assert process.stderr.read() == b""
