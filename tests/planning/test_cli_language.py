"""`emhana rebalance` and `emhana export` speak --lang in every line they print.

The commands run through ``catchments.cli.main``. The demo region is prepared once for the
module (``planning_cli.prepare`` returns it), one short search runs in Russian, and the fewest
moves are replaced by given floors, so what the lines say is checked without solving. A line is
"in the language" when no English word is left once identifiers (flags, codes in capitals,
ids, paths) are set aside.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from catchments import cli, planning_cli
from catchments.planning import MovesFloor
from catchments.planning.wording import report_text

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
pytestmark = pytest.mark.slow

IDENTIFIER = re.compile(r"--[\w-]+|\S*[\d_./=]\S*|\b[A-Z]{2,}\b")


def english_words(text: str, allowed: frozenset[str] = frozenset({"Ctrl"})) -> list[str]:
    """The Latin words of ``text`` that are neither identifiers nor ``allowed``."""
    words = re.findall(r"[A-Za-z]{2,}", IDENTIFIER.sub(" ", text))
    return [word for word in words if word not in allowed]


def floor(monkeypatch: pytest.MonkeyPatch, found: MovesFloor) -> None:
    """``--least-moves`` finds ``found`` instead of solving its LP."""
    monkeypatch.setattr(planning_cli, "moves_floor", lambda *_, **__: found)


@pytest.mark.usefixtures("prepared")
def test_a_rebalancing_prints_its_figures_progress_and_moves_in_russian(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Two deterministic seconds: moves to show however busy the machine is.
    argv = ["rebalance", "--lang", "ru", "--time-limit", "2", "--deterministic", "--workers", "1"]
    assert cli.main([*argv, "--show", "3"]) == 0
    printed = capsys.readouterr()
    out = printed.out.splitlines()
    for name in planning_cli.SUMMARY_PRINTED:
        assert any(line.startswith(f"{report_text(f'summary.{name}', 'ru')}: ") for line in out)
    # The moves, under the report's column names, with decimal commas.
    header = next(line for line in out if "Здание" in line)
    for column in ("Улица", "Дом", "Жителей", "Взрослый участок до", "Минут до поликлиники после"):
        assert column in header
    assert re.search(r" \d+,\d$", out[-1])
    for line in out:
        assert not english_words(line), line
    err = printed.err.splitlines()
    assert err[0] == f"чтение {DEMO} ..."
    assert err[1] == "время в пути (пешком) ..."
    assert err[2].startswith("перераспределение (до 2 с; Ctrl-C останавливает его")
    assert re.fullmatch(
        r"  \d+ из 2 с: сверх норматива [\d\u00a0]+ человек\w*, перемещено \d+", err[3]
    )
    for line in err:
        assert not english_words(line), line


@pytest.mark.usefixtures("prepared")
def test_the_fewest_moves_are_told_in_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    least = ["rebalance", "--least-moves", "--time-limit", "2.5"]
    floor(monkeypatch, MovesFloor(0, False, 100, 1000))
    for lang, said in (
        ("ru", "каждый участок укладывается в норматив: никому не нужно менять участок"),
        ("kk", "әр учаске нормативке сай: ешкімге учаскесін ауыстырудың қажеті жоқ"),
        ("en", "every district meets its norm: nobody needs to move"),
    ):
        assert cli.main([*least, "--lang", lang]) == 0
        printed = capsys.readouterr()
        assert printed.out == f"{said}\n"
        assert printed.err.splitlines()[-1] == report_text("log.least_moves", lang)
    floor(monkeypatch, MovesFloor(None, False, 100, 1000))  # the LP ran out of time
    for lang, said in (
        ("ru", "ЛП не решена за --time-limit 2,5 с; дайте больше времени"),
        ("kk", "СБ --time-limit 2,5 с ішінде шешілмеді; көбірек уақыт беріңіз"),
        ("en", "the LP was not solved within --time-limit 2.5 s; allow more"),
    ):
        assert cli.main([*least, "--lang", lang]) == 0
        assert capsys.readouterr().out == f"{said}\n"
    # Counted words: people after "не менее" (genitive), blocks after "на" (accusative).
    for count, people in (
        (1, "1 человека"),
        (2, "2 человек"),
        (5, "5 человек"),
        (21, "21 человека"),
    ):
        floor(monkeypatch, MovesFloor(count, False, 1000, 10_000))
        assert cli.main([*least, "--lang", "ru"]) == 0
        out = capsys.readouterr().out
        assert f"участок должны сменить не менее {people} (" in out, out
        assert "предел перемещений допускает 1\u00a0000" in out
    floor(monkeypatch, MovesFloor(None, True, 100, 1000))  # no plan meets every norm
    for reach, blocks in ((1, "1 квартал"), (2, "2 квартала"), (5, "5 кварталов")):
        assert cli.main([*least, "--max-reach", str(reach), "--lang", "ru"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Ни один план в этих пределах (не более 30 мин до новой")
        assert f"участок растёт наружу не более чем на {blocks})" in out
        assert not english_words(out)
    for reach, blocks in ((1, "1 block"), (2, "2 blocks")):
        assert cli.main([*least, "--max-reach", str(reach)]) == 0
        assert f"at most {blocks} outwards" in capsys.readouterr().out


def test_the_options_are_refused_in_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Checked before the region is read (which is nowhere) and before --out is made.
    cases = [
        (["--max-move-share", "2"], "должен быть в пределах [0, 1], задано 2", "[0, 1] аралығында"),
        (
            ["--max-travel-min", "0"],
            "--max-travel-min должен быть положительным, задано 0",
            "--max-travel-min оң сан болуы керек, берілгені 0",
        ),
        (["--time-limit", "-1.5"], "положительное число секунд, задано -1,5", "берілгені -1,5"),
        (
            ["--max-reach", "0"],
            "--max-reach — от 1 до 20 кварталов (по умолчанию 3), задано 0",
            "--max-reach 1 мен 20 квартал аралығында болуы керек (әдепкі 3), берілгені 0",
        ),
        (
            ["--cell-m", "0.5"],
            "--cell-m — размер в метрах от 10 до 5\u00a0000 (квартал-другой; по умолчанию 200), "
            "задано 0,5",
            "--cell-m метрмен берілетін өлшем, 10 мен 5\u00a0000 аралығында",
        ),
        (["--show", "-1"], "--show — число перемещений, не меньше 0; задано -1", "берілгені -1"),
        (
            ["--doctors", "D-04M3"],
            "--doctors задаётся как УЧАСТОК=СТАВКИ, например D-04M3=1.25",
            "--doctors УЧАСКЕ=МӨЛШЕРЛЕМЕ түрінде беріледі",
        ),
        (["--doctors", "=1"], "--doctors: перед '=' нужен участок; задано '=1'", "'=' алдында"),
        (
            ["--doctors", "D-04M3=1", "--doctors", "D-04M3=2"],
            "--doctors называет участок D-04M3 дважды ('D-04M3=1' и 'D-04M3=2')",
            "--doctors D-04M3 учаскесін екі рет атайды ('D-04M3=1' және 'D-04M3=2')",
        ),
        (
            ["--doctors", "D-04M3=-1"],
            "--doctors 'D-04M3=-1': врачей на участке должно быть от 0 до 100 ставок",
            "учаске дәрігерлері 0 мен 100 мөлшерлеме аралығында болуы керек",
        ),
    ]
    for flags, russian, kazakh in cases:
        for lang, said in (("ru", russian), ("kk", kazakh)):
            argv = ["rebalance", *flags, "--lang", lang, "--region", "nowhere"]
            assert cli.main(argv) == cli.EXIT_BAD_INPUT, argv
            err = capsys.readouterr().err
            assert err.startswith("emhana rebalance: "), err
            assert said in err, (lang, err)
            assert not english_words(err.removeprefix("emhana rebalance: ")), err
    # The machine's cores, counted: 1 ядро, 2 ядра, 5 ядер.
    for cores, said in ((1, "1 ядро"), (2, "2 ядра"), (5, "5 ядер")):
        monkeypatch.setattr(os, "cpu_count", lambda cores=cores: cores)
        assert cli.main(["rebalance", "--workers", "0", "--lang", "ru"]) == cli.EXIT_BAD_INPUT
        assert capsys.readouterr().err == (
            f"emhana rebalance: --workers — от 1 до 64 потоков (у этой машины {said}), задано 0\n"
        )
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert cli.main(["rebalance", "--workers", "0"]) == cli.EXIT_BAD_INPUT
    assert "(this machine has 1 core), got 0" in capsys.readouterr().err


def test_the_out_folder_and_the_population_are_refused_in_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me", encoding="utf-8")
    for argv, russian, kazakh in (
        (
            ["export", "--out", str(a_file)],
            f"--out {a_file} — это файл, а не папка; укажите папку для записи",
            f"--out {a_file} — қалта емес, файл; жазатын қалтаны көрсетіңіз",
        ),
        (
            ["export", "--out", str(a_file / "plan")],
            f"--out {a_file / 'plan'}: не удаётся создать эту папку (часть пути — не папка)",
            f"--out {a_file / 'plan'}: бұл қалтаны жасау мүмкін емес (жолдың бір бөлігі қалта",
        ),
        (
            ["export", "--out", str(tmp_path), "--rebalance", "--population", "people.gpkg"],
            "--population даёт нагрузку нынешних участков",
            "--population қазіргі учаскелердің жүктемесін береді",
        ),
    ):
        for lang, said in (("ru", russian), ("kk", kazakh)):
            assert cli.main([*argv, "--lang", lang]) == cli.EXIT_BAD_INPUT
            err = capsys.readouterr().err
            assert err.startswith(f"emhana export: {said}"), err
            assert not english_words(err.removeprefix("emhana export: ")), err
    assert a_file.read_text(encoding="utf-8") == "keep me"


@pytest.mark.usefixtures("prepared")
def test_an_export_logs_in_kazakh_and_a_failed_write_is_worded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan"
    assert cli.main(["export", "--out", str(out), "--lang", "kk", "--mode", "drive"]) == 0
    printed = capsys.readouterr()
    assert printed.err.splitlines() == [f"{DEMO} оқылуда ...", "жол уақыты (көлікпен) ..."]
    assert printed.out.splitlines() == [
        str(out / name) for name in ("districts.gpkg", "district_streets.csv", "load.csv")
    ]

    def full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device", str(out / "districts.gpkg"))

    monkeypatch.setattr(planning_cli, "write_districts", full)
    assert cli.main(["export", "--out", str(out), "--lang", "ru"]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"emhana export: --out {out}: не удалось записать {out / 'districts.gpkg'} (на диске не "
        "осталось места); освободите место или укажите другую папку"
    )

    def unnamed(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(planning_cli, "write_districts", unnamed)
    assert cli.main(["export", "--out", str(out), "--lang", "kk"]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"emhana export: --out {out}: файл жазылмады (дискіде орын қалмады); орын босатыңыз "
        "немесе басқа қалта көрсетіңіз"
    )
    assert cli.main(["export", "--out", str(out)]) == cli.EXIT_BAD_INPUT
    assert "writing a file failed (No space left on device)" in capsys.readouterr().err


def test_an_interruption_is_said_in_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(planning_cli, "read_region", interrupted)
    for lang, said in (("ru", "прервано"), ("kk", "тоқтатылды"), ("en", "interrupted")):
        assert cli.main(["rebalance", "--lang", lang]) == cli.EXIT_INTERRUPTED
        assert capsys.readouterr().err.splitlines()[-1] == f"emhana rebalance: {said}"


def test_counted_words_of_the_report_agree_in_russian_and_english() -> None:
    def ru(key: str, **values: object) -> str:
        return report_text(key, "ru", **values)

    for count, people in ((1, "1 человек"), (2, "2 человека"), (5, "5 человек")):
        line = ru("log.progress", spent="3", limit="30", over=count, moved="0")
        assert f"сверх норматива {people}, " in line
        shortfall = ru(
            "shortfall",
            clinic="C-04",
            doctors="участкового педиатра",
            needed="0,25",
            as_drawn="1",
            people=count,
            districts="D-04M3",
            status="…",
            bounds="…",
        )
        assert f"ожидаемо прикреплённые ({people})" in shortfall
    for count, allowed in ((1, "1 допустимого"), (2, "2 допустимых"), (5, "5 допустимых")):
        assert ru("floor.of_allowed", allowed=count) == f" из {allowed} пределом перемещений"
    for doctors, said in (
        ("1", "1 врач"),
        ("2", "2 врача"),
        ("-0,5", "-0,5 врача"),
        ("5", "5 врачей"),
    ):
        line = ru("problem.doctors_negative", district="D-01T1", doctors=doctors, current="1,5")
        assert line.startswith(f"на участке D-01T1 осталось бы {said} (ставок)")
    for polygons, said in ((1, "1 полигон"), (2, "2 полигона"), (5, "5 полигонов")):
        assert f"(всего {said})" in ru("problem.population_outside", polygons=polygons)
        assert f"(всего {said})" in ru("problem.population_zero", polygons=polygons, bands="…")
    assert "(1 polygon in all)" in report_text("problem.population_outside", "en", polygons=1)
    assert "(2 polygons)" in report_text("problem.population_zero", "en", polygons=2, bands="")
    assert "at least 1 person (" in report_text("floor.least", "en", bounds="…", least=1, share="")
    assert " 1,234 people over a norm" in report_text(
        "log.progress", "en", spent="1", limit="2", over=1234, moved="0"
    )
    # A number grouped as the language writes it counts the same as the number.
    assert "131\u00a0071 человека (" in ru(
        "floor.least", bounds="…", least="131\u00a0071", share=""
    )
    assert "131\u00a0072 человек (" in ru("floor.least", bounds="…", least=131_072, share="")
