"""`emhana decide` and `emhana check` speak --lang in every line: answers, summaries, errors.

The commands run through ``catchments.cli.main`` on the demo region, read once for the module
(``RegionServices.load`` is replaced by the loaded region, so each run costs its decisions only).
A line is "in the language" when no English word is left in it once identifiers (codes, flags,
paths, ids with digits) are set aside.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from string import Formatter
from types import SimpleNamespace

import pytest

from catchments import cli
from catchments.cli_wording import CLI_TEXT, cli_text, os_reason
from catchments.messages import JSON_PARSER_PROBLEMS, Language, json_parser_problem
from catchments.service import RegionServices
from tests.applications import application

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
NOW = "2026-09-21T10:00:00"
HEADER = (
    "application_id;clinic_id;residence_address;residence_lon;residence_lat;birth_date;"
    "categories;documents;channel;submitted_at;home_visit_acknowledged"
)
# From one address (Акбулак, ул. Абая 59, in C-02's territory): C-02 approves, C-07 refuses
# (its GP districts are over the norm), C-01 needs the acknowledgement of a place outside its
# territory; a month 13 keeps a row from being decided.
ROW = "A-{n};{clinic};Акбулак, ул. Абая 59;;;{birth};;id_card;psc;2026-09-21T10:00:00+05:00;"
CLINICS = {"approved": "C-02", "refused": "C-07", "needs_acknowledgement": "C-01"}

# Identifiers are not words of a language: flags, codes in capitals, and anything with a digit,
# an underscore, a dot, a slash or '=' (ids, rule codes, paths, file names).
IDENTIFIER = re.compile(r"--[\w-]+|\S*[\d_./=]\S*|\b[A-Z]{2,}\b")


def english_words(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The Latin words of ``text`` that are neither identifiers nor ``allowed``."""
    words = re.findall(r"[A-Za-z]{2,}", IDENTIFIER.sub(" ", text))
    return [word for word in words if word not in allowed]


@pytest.fixture(scope="module")
def services() -> RegionServices:
    return RegionServices.load(DEMO)


@pytest.fixture
def demo(services: RegionServices, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands use the module's region instead of reading it again."""
    monkeypatch.setattr(cli, "RegionServices", SimpleNamespace(load=lambda _path: services))


def test_the_wording_has_every_key_in_every_language_with_the_same_fields() -> None:
    english = CLI_TEXT[Language.EN]
    for lang in (Language.RU, Language.KK):
        assert set(CLI_TEXT[lang]) == set(english), lang
        for key, template in english.items():
            fields = {name for _, name, _, _ in Formatter().parse(template) if name}
            theirs = {name for _, name, _, _ in Formatter().parse(CLI_TEXT[lang][key]) if name}
            assert theirs == fields, (lang, key)
    # Every outcome, severity and clinic kind the answers hold has its words.
    for key in (
        *(f"outcome.{o}" for o in ("approved", "refused", "needs_acknowledgement")),
        *(f"batch.{o}" for o in ("approved", "refused", "needs_acknowledgement")),
        "severity.refuse",
        "severity.warn",
        *(
            f"kind.{k}"
            for k in ("polyclinic", "outpatient", "paramedic_post", "family_health_centre")
        ),
    ):
        assert key in english, key


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ru",
            [
                "Решение: прикрепление одобрено",
                "Место жительства: улица Абая 59, Акбулак",
                "Принято: 21 сентября 2026 г., 10:00   срок ответа: 22 сентября 2026 г., 10:00",
                "Талон: медорганизация C-02, участок D-02T1",
            ],
        ),
        (
            "kk",
            [
                "Шешім: бекіту мақұлданды",
                "Тұрғылықты жері: улица Абая 59, Акбулак",
                "Қабылданды: 2026 жылғы 21 қыркүйек, 10:00   "
                "жауап мерзімі: 2026 жылғы 22 қыркүйек, 10:00",
                "Талон: медициналық ұйым C-02, учаске D-02T1",
            ],
        ),
    ],
)
def test_a_decision_reads_in_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: list[str]
) -> None:
    path = tmp_path / "app.json"
    path.write_text(_application("C-02"), encoding="utf-8")
    assert cli.main(["decide", str(path), "--lang", lang, "--now", NOW]) == 0
    printed = capsys.readouterr()
    assert printed.out.splitlines() == expected
    assert printed.err == ""


@pytest.mark.usefixtures("demo")
def test_a_refusal_names_its_severity_in_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.json"
    path.write_text(_application("C-07"), encoding="utf-8")
    assert cli.main(["decide", str(path), "--lang", "ru", "--now", NOW]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Решение: отказ"
    assert any(line.startswith("  [отказ] CAPACITY_EXCEEDED (R-CAP-1): ") for line in lines)
    assert any(line.startswith("  [предупреждение] HOME_VISIT_RISK (") for line in lines)
    for line in lines:
        assert not english_words(line), line


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", ("Адрес: ", "пешком ", " мин, на машине ", "свободных мест: ", "ваш адрес на её")),
        ("kk", ("Мекенжай: ", "жаяу ", " мин, көлікпен ", "бос орындар: ", "мекенжайыңыз оның")),
    ],
)
def test_check_reads_in_the_language(
    capsys: pytest.CaptureFixture[str], lang: str, words: tuple[str, ...]
) -> None:
    argv = ["check", "Акбулак, ул. Абая 59", "--lang", lang, "--now", NOW]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    for word in words:
        assert word in out, word
    # Kinds, models and outcomes by name; minutes with the language's decimal comma.
    first = out.splitlines()[2:5]
    kind, model = {
        "ru": ("(городская поликлиника)", "участковый терапевт +"),
        "kk": ("(қалалық емхана)", "учаскелік терапевт +"),
    }[lang]
    assert first[0].startswith("C-02  ")
    assert first[0].endswith(kind)
    assert model in first[1]
    assert re.search(r"\d+,\d мин", first[1])
    assert first[2].strip() == cli_text("outcome.approved", lang)
    for line in out.splitlines():
        assert not english_words(line), line


def test_the_batch_summary_counts_in_russian(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Counts of 1, 2 and 5 (and 13: many, not "few") for the rows, each outcome and the rows
    # not decided.
    for counts, expected in (
        (
            {"approved": 1, "refused": 2, "needs_acknowledgement": 5, "error": 1},
            "9 строк: 1 одобрение, 2 отказа, 5 ждут согласия заявителя, "
            "1 строка не рассмотрена (см. столбец error)",
        ),
        (
            {"approved": 2, "refused": 5, "needs_acknowledgement": 1, "error": 5},
            "13 строк: 2 одобрения, 5 отказов, 1 ждёт согласия заявителя, "
            "5 строк не рассмотрено (см. столбец error)",
        ),
        (
            {"approved": 5, "refused": 1, "needs_acknowledgement": 2, "error": 2},
            "10 строк: 5 одобрений, 1 отказ, 2 ждут согласия заявителя, "
            "2 строки не рассмотрены (см. столбец error)",
        ),
        ({"approved": 1}, "1 строка: 1 одобрение"),
        (
            {"error": 2},
            "2 строки: ни одно заявление не рассмотрено, 2 строки не рассмотрены (см. столбец "
            "error)",
        ),
        ({"refused": 5}, "5 строк: 5 отказов"),
    ):
        source = _batch(tmp_path, counts)
        argv = ["decide", "--batch", str(source), "--out", str(tmp_path / "out.csv")]
        assert cli.main([*argv, "--lang", "ru", "--now", NOW]) == 0
        assert capsys.readouterr().err == f"{expected}\n"


def test_the_batch_summary_in_kazakh_and_english(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _batch(tmp_path, {"approved": 1, "refused": 2, "error": 1})
    argv = ["decide", "--batch", str(source), "--out", str(tmp_path / "out.csv"), "--now", NOW]
    assert cli.main([*argv, "--lang", "kk"]) == 0
    assert capsys.readouterr().err == (
        "4 жол: 1 мақұлданды, 2 бас тарту, 1 жол қаралмады (error бағанын қараңыз)\n"
    )
    assert cli.main(argv) == 0
    assert (
        capsys.readouterr().err
        == "4 rows: 1 approved, 2 refused, 1 not decided (see the error column)\n"
    )
    source = _batch(tmp_path, {"needs_acknowledgement": 1})
    assert cli.main(["decide", "--batch", str(source), "--out", str(tmp_path / "out.csv")]) == 0
    assert capsys.readouterr().err == "1 row: 1 needs the applicant's acknowledgement\n"


def test_a_file_read_as_windows_1251_is_noticed_in_the_language(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _batch(tmp_path, {"approved": 1})
    source.write_bytes(source.read_text(encoding="utf-8").encode("cp1251"))
    argv = ["decide", "--batch", str(source), "--out", str(tmp_path / "out.csv"), "--now", NOW]
    assert cli.main([*argv, "--lang", "kk"]) == 0
    notice, summary = capsys.readouterr().err.splitlines()
    assert notice.startswith(f"{source}: файл Windows-1251 мәтіні ретінде оқылды")
    assert summary == "1 жол: 1 мақұлданды"


@pytest.mark.usefixtures("demo")
def test_the_command_s_own_errors_are_in_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    application = tmp_path / "app.json"
    application.write_text(_application("C-02"), encoding="utf-8")
    batch = _batch(tmp_path, {"approved": 1})
    cases: list[tuple[list[str], str, str]] = [
        (["decide"], "укажите либо ЗАЯВЛЕНИЕ.json, либо --batch ФАЙЛ.csv", "не ӨТІНІШ.json, не"),
        (
            ["decide", "--batch", str(batch), "--record"],
            "--record вносит по одному заявлению",
            "--record бір уақытта бір өтінішті енгізеді",
        ),
        (
            ["decide", str(application), "--out", "x.csv"],
            "--out записывает решения по файлу заявлений",
            "--out өтініштер файлы бойынша шешімдерді жазады",
        ),
        (
            ["decide", "--batch", str(batch), "--out", str(batch)],
            f"--out {batch} — это сам файл заявлений",
            f"--out {batch} — өтініштер файлының өзі",
        ),
        (
            ["decide", "--batch", str(batch), "--out", str(tmp_path)],
            f"--out {tmp_path} — это папка; укажите файл в ней",
            f"--out {tmp_path} — қалта; оның ішіндегі файлды көрсетіңіз",
        ),
        (
            ["decide", "--batch", str(batch), "--out", str(tmp_path / "no" / "x.csv")],
            f"папки {tmp_path / 'no'} не существует; сначала создайте её",
            f"{tmp_path / 'no'} қалтасы жоқ; алдымен оны жасаңыз",
        ),
        (
            ["decide", str(tmp_path / "missing.json")],
            f"файл заявления '{tmp_path / 'missing.json'}' не существует",
            f"өтініш файлы '{tmp_path / 'missing.json'}' жоқ",
        ),
        (
            ["decide", "--batch", str(tmp_path)],
            f"файл заявлений '{tmp_path}' — это папка; укажите файл",
            f"өтініштер файлы '{tmp_path}' — қалта; файлды көрсетіңіз",
        ),
        (
            ["decide", str(application), "--now", "вчера"],
            "--now 'вчера' — не дата и время в формате ISO",
            "--now 'вчера' ISO пішіміндегі күн мен уақыт емес",
        ),
        (
            ["check", "ул. Абая 59", "--now", "1985-01-01T10:00"],
            "вне лет, которые охватывает календарь праздников (1991–2100); проверьте год",
            "мерекелер күнтізбесі қамтитын жылдардан тыс (1991–2100); жылын тексеріңіз",
        ),
        (["check"], "укажите либо АДРЕС, либо --point ДОЛГОТА ШИРОТА", "не МЕКЕНЖАЙ, не"),
    ]
    for content, russian, kazakh in (
        (b'{"clinic_id": "C-02",}', "некорректный JSON: ожидается имя в двойных", "дұрыс емес"),
        (b"[1, 2]", "должен содержать один объект JSON (заявление)", "бір JSON объектісі"),
        ("{}".encode("utf-16"), "— не текст в UTF-8", "UTF-8 мәтіні емес"),
        (b"[" * 100_000, "вложенность JSON слишком глубока", "JSON ұясы оқуға тым терең"),
        (b'{"a": ' + b"9" * 5000 + b"}", "число длиннее 4\u00a0300 цифр", "сан 4\u00a0300 цифрдан"),
    ):
        bad = tmp_path / f"bad{len(cases)}.json"
        bad.write_bytes(content)
        cases.append((["decide", str(bad)], russian, kazakh))
    for argv, russian, kazakh in cases:
        command = argv[0]
        for lang, said in (("ru", russian), ("kk", kazakh)):
            assert cli.main([*argv, "--lang", lang]) == cli.EXIT_BAD_INPUT, argv
            err = capsys.readouterr().err
            assert err.startswith(f"emhana {command}: "), err
            assert said in err, (lang, err)
            message = err.removeprefix(f"emhana {command}: ")
            assert not english_words(message, frozenset({"Applications"})), err


def test_main_words_interruptions_and_refused_files_in_the_language(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _batch(tmp_path, {"approved": 1})
    argv = ["decide", "--batch", str(source), "--now", NOW]

    def refused(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied", "/srv/decisions.csv")

    monkeypatch.setattr(cli, "decide_rows", refused)
    assert cli.main([*argv, "--lang", "ru"]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "emhana decide: /srv/decisions.csv: нет прав доступа; проверьте путь, права доступа и "
        "свободное место\n"
    )
    assert cli.main([*argv, "--lang", "en"]) == cli.EXIT_BAD_INPUT
    assert "/srv/decisions.csv: Permission denied; check the path" in capsys.readouterr().err

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "decide_rows", interrupted)
    assert cli.main([*argv, "--lang", "kk"]) == cli.EXIT_INTERRUPTED
    assert capsys.readouterr().err == "emhana decide: тоқтатылды\n"
    assert cli.main([*argv, "--lang", "ru"]) == cli.EXIT_INTERRUPTED
    assert capsys.readouterr().err == "emhana decide: прервано\n"


def test_what_the_system_and_the_json_parser_say_is_worded() -> None:
    full = OSError(28, "No space left on device", "out.csv")
    assert os_reason(full, "ru") == "на диске не осталось места"
    assert os_reason(full, "kk") == "дискіде орын қалмады"
    assert os_reason(full, "en") == "No space left on device"  # the system's own words
    odd = OSError(1234, "Something new")
    assert os_reason(odd, "ru") == "Something new"  # a cause the table lacks: as given
    comma = "Expecting ',' delimiter"
    assert json_parser_problem(comma, "kk") == JSON_PARSER_PROBLEMS[Language.KK]["expecting_comma"]
    assert json_parser_problem(comma, "en") == "a comma ',' is expected between two items"
    assert json_parser_problem("Something new", "ru") == "Something new"


def test_an_annotated_example_and_a_notepad_file_are_told_apart_from_broken_json(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # DESIGN.md's example with its // comments was told "a name in double quotes is expected";
    # a file saved by Notepad (a UTF-8 byte-order mark) got Python's "Unexpected UTF-8 BOM".
    text = json.dumps(application(clinic_id="C-02"), ensure_ascii=False, indent=1)
    annotated = tmp_path / "annotated.json"
    annotated.write_text(text.replace('"C-02",', '"C-02",   // the chosen clinic', 1), "utf-8")
    for lang, said in [
        ("en", "a comment (// or /* */): JSON has none; remove it"),
        ("ru", "комментарий (// или /* */): в JSON их нет; удалите его"),
        ("kk", "түсініктеме (// не /* */): JSON-да олар болмайды"),
    ]:
        argv = ["decide", str(annotated), "--now", NOW, "--lang", lang]
        assert cli.main(argv) == cli.EXIT_BAD_INPUT
        assert said in capsys.readouterr().err
    notepad = tmp_path / "notepad.json"
    notepad.write_text(text, encoding="utf-8-sig")
    assert cli.main(["decide", str(notepad), "--now", NOW, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outcome"] == "approved"


def test_decide_json_answers_an_undecidable_application_with_its_codes(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # With --json a program got plain text on stderr only, though the errors carry codes.
    unknown = tmp_path / "unknown.json"
    unknown.write_text(_application("C-99"), "utf-8")
    argv = ["decide", str(unknown), "--now", NOW, "--json", "--lang", "ru"]
    assert cli.main(argv) == cli.EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    error = json.loads(out)["error"]
    assert (error["code"], error["field"]) == ("unknown_clinic", "clinic_id")
    assert error["message"] in err  # the same words, in Russian, on stderr
    assert error["message"].startswith("Медорганизация: медорганизации C-99 в этом регионе нет")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(application(channel="post", clinic_id="C-02")), "utf-8")
    assert cli.main(["decide", str(broken), "--now", NOW, "--json"]) == cli.EXIT_BAD_INPUT
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "invalid_application"
    assert [(p["field"], p["code"]) for p in error["problems"]] == [("channel", "unknown_choice")]


def _application(clinic: str) -> str:
    return json.dumps(application(clinic_id=clinic), ensure_ascii=False)


def _batch(folder: Path, counts: dict[str, int]) -> Path:
    """A batch file with ``counts`` rows of each outcome (``error``: rows not decided)."""
    rows = [HEADER]
    for outcome, count in counts.items():
        clinic = CLINICS.get(outcome, "C-02")
        birth = "1980-13-02" if outcome == "error" else "1980-03-02"
        for _ in range(count):
            rows.append(ROW.format(n=len(rows), clinic=clinic, birth=birth))
    path = folder / "applications.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
