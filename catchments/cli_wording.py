"""The words of ``emhana decide`` and ``emhana check`` in Kazakh, Russian and English.

Reasons, application problems, batch-file problems and the register's errors (a district it
lacks, a missing IIN key, a database it cannot open) are worded by :mod:`catchments.messages`;
this module has what the two commands say around them: the readable answer's labels, the
batch's summary line, the errors the command itself raises about its files and options, and
what ``decide --record`` says around the register (the IIN prompt, what was recorded, or why
nothing was); the ``register`` commands themselves speak English.
``--lang`` decides all of them, so a registrar who asked for Russian reads no English line.

Like :data:`catchments.planning.wording.REPORT_TEXT`, a table per language holds one template
per key, filled by :func:`catchments.messages.fill`: a count agrees with its noun
(``{rows:строка|строки|строк}``) and prints the language's digit grouping. The terms are the
rules' and the app's (прикрепление, медорганизация, участок; бекіту, медициналық ұйым, учаске).
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from typing import Final

from catchments.messages import Language, fill

__all__ = ["CLI_TEXT", "cli_text", "os_reason"]

_EN: Final[Mapping[str, str]] = {
    # Errors of the command's own input, after argparse (cli.UsageError).
    "usage.decide_one_of": "give either an APPLICATION.json or --batch FILE.csv",
    "usage.record_batch": "--record takes one application at a time (its IIN is asked for); "
    "the batch file has no IIN column",
    "usage.out_without_batch": "--out writes a batch's decisions; give --batch FILE.csv with it",
    "usage.out_is_batch": "--out {path} is the batch file itself; writing the decisions there "
    "would lose the applications: name another file",
    "usage.check_one_of": "give either an ADDRESS or --point LON LAT",
    "usage.now_not_iso": "--now {value!r} is not an ISO date-time",
    "usage.now_out_of_years": "--now {value!r} is outside the years the holiday calendar covers "
    "({first}–{last}); check the year",
    "usage.problems": "{problems}",
    "file.batch": "batch file",
    "file.application": "application",
    "file.missing": "{what} {path!r} does not exist",
    "file.folder": "{what} {path!r} is a folder; give a file",
    "file.unreadable": "{what} {path!r} cannot be read: {reason}",
    "file.not_utf8": "{what} {path!r} is not UTF-8 text (byte {byte}); save it as UTF-8",
    "out.folder": "{option} {path} is a folder; name a file in it",
    "out.no_folder": "{option} {path}: the folder {folder} does not exist; create it first",
    "out.denied": "{option} {path} cannot be written (permission denied)",
    "json.invalid": "{path} is not valid JSON: {error} at line {line}, column {column}",
    "json.long_number": "{path} is not an application: a number in it has more than "
    "{limit:digit|digits}; an application is one JSON object (see README.md, 'Applications')",
    "json.too_deep": "{path} is not an application: its JSON nests too deep to be read; an "
    "application is one JSON object (see README.md, 'Applications')",
    "json.not_object": "{path} must hold one JSON object (an application)",
    # What main() says of a file the system refused, and of Ctrl-C.
    "os.problem": "{path}: {reason}; check the path, its permissions and the free space",
    "os.ENOENT": "no such file or folder",
    "os.EACCES": "permission denied",
    "os.EPERM": "operation not permitted",
    "os.ENOSPC": "no space left on the device",
    "os.EDQUOT": "the disk quota is used up",
    "os.EISDIR": "it is a folder",
    "os.ENOTDIR": "a part of the path is not a folder",
    "os.EROFS": "the file system is read-only",
    "os.EEXIST": "it exists already",
    "os.ENAMETOOLONG": "the name is too long",
    "os.EIO": "an input/output error",
    "interrupted": "interrupted",
    # emhana reconcile (its summary, columns and findings: catchments.messages.RECONCILE_TEXT).
    "reconcile.more": "… and {count} more; write them all with --out FILE.csv",
    "reconcile.written": "{count:row|rows} written to {path}",
    # decide --batch: the line on stderr after the decisions.
    "batch.summary": "{rows:row|rows}: {outcomes}",
    "batch.approved": "{count} approved",
    "batch.refused": "{count} refused",
    "batch.needs_acknowledgement": "{count:needs|need} the applicant's acknowledgement",
    "batch.none": "none decided",
    "batch.errors": ", {count} not decided (see the error column)",
    # decide: one decision as a registrar reads it.
    "decide.outcome": "Outcome: {outcome}",
    "decide.residence": "Residence: {address}",
    "decide.timing": "Taken at: {taken}   answer due by: {due}",
    "decide.coupon": "Coupon: clinic {clinic}, district {district}",
    "outcome.approved": "approved",
    "outcome.refused": "refused",
    "outcome.needs_acknowledgement": "needs the applicant's acknowledgement",
    "severity.refuse": "refuse",
    "severity.warn": "warn",
    "moment": "{date}, {time}",
    # check: the candidate clinics as a citizen reads them.
    "check.address": "Address: {address}",
    "check.in_territory": "in your territory",
    "check.out_territory": "outside your territory",
    "check.travel": "walk {walk} min, drive {drive} min",
    "check.remaining": "remaining places: {places}",
    "check.remaining_item": "{model} {count}",
    "kind.polyclinic": "city polyclinic",
    "kind.outpatient": "outpatient clinic",
    "kind.paramedic_post": "paramedic and midwifery post",
    "kind.family_health_centre": "family health centre",
    # decide --record: the IIN prompt, what the register stored, and its problems.
    "record.iin_prompt": "applicant's IIN",
    "secret.again": "{prompt} (again)",
    "record.recorded": "Recorded: application {application}, decision {decision} ({outcome})",
    "record.capacity_refused": "  The district filled up before this approval was recorded: "
    "refused with CAPACITY_EXCEEDED (R-CAP-1).",
    "record.free_choice_refused": "  The register holds the applicant's earlier use of the "
    "right of free choice, which this ground does not allow: refused with "
    "OUTSIDE_CAMPAIGN_NO_GROUND (R-TIME-2).",
    "record.coupon": "  Coupon No. {number}",
    "record.closed": "  Previous attachment {attachment} (clinic {clinic}) closed (R-ORG-3)",
    "record.remaining": "  Places remaining in the district: {places}",
    "record.already": "Already attached: the applicant has been attached to clinic {clinic}, "
    "district {district} since {since} (application {application}); nothing new was recorded",
    "record.not_recorded": "Not recorded: {reason}",
    "register.created": "created a new register at {path}",
    "register.created_one": "; {folder} also holds {others}: if you meant that one, check the path",
    "register.created_several": "; {folder} also holds {others}: if you meant one of those, "
    "check the path",
}

_RU: Final[Mapping[str, str]] = {
    "usage.decide_one_of": "укажите либо ЗАЯВЛЕНИЕ.json, либо --batch ФАЙЛ.csv",
    "usage.record_batch": "--record вносит по одному заявлению (у заявителя спрашивается ИИН); "
    "в файле заявлений нет столбца ИИН",
    "usage.out_without_batch": "--out записывает решения по файлу заявлений; укажите с ним "
    "--batch ФАЙЛ.csv",
    "usage.out_is_batch": "--out {path} — это сам файл заявлений; решения, записанные туда, "
    "затрут заявления: укажите другой файл",
    "usage.check_one_of": "укажите либо АДРЕС, либо --point ДОЛГОТА ШИРОТА",
    "usage.now_not_iso": "--now {value!r} — не дата и время в формате ISO",
    "usage.now_out_of_years": "--now {value!r} вне лет, которые охватывает календарь "
    "праздников ({first}–{last}); проверьте год",
    "usage.problems": "{problems}",
    "file.batch": "файл заявлений",
    "file.application": "файл заявления",
    "file.missing": "{what} {path!r} не существует",
    "file.folder": "{what} {path!r} — это папка; укажите файл",
    "file.unreadable": "{what} {path!r} не удаётся прочитать: {reason}",
    "file.not_utf8": "{what} {path!r} — не текст в UTF-8 (байт {byte}); сохраните его в UTF-8",
    "out.folder": "{option} {path} — это папка; укажите файл в ней",
    "out.no_folder": "{option} {path}: папки {folder} не существует; сначала создайте её",
    "out.denied": "{option} {path}: запись запрещена (нет прав доступа)",
    "json.invalid": "{path} — некорректный JSON: {error}; строка {line}, позиция {column}",
    "json.long_number": "{path} — не заявление: в нём есть число длиннее {limit:цифры|цифр|цифр}; "
    "заявление — один объект JSON (см. README.md, раздел «Applications»)",
    "json.too_deep": "{path} — не заявление: вложенность JSON слишком глубока для чтения; "
    "заявление — один объект JSON (см. README.md, раздел «Applications»)",
    "json.not_object": "{path} должен содержать один объект JSON (заявление)",
    "os.problem": "{path}: {reason}; проверьте путь, права доступа и свободное место",
    "os.ENOENT": "нет такого файла или папки",
    "os.EACCES": "нет прав доступа",
    "os.EPERM": "операция не разрешена",
    "os.ENOSPC": "на диске не осталось места",
    "os.EDQUOT": "дисковая квота исчерпана",
    "os.EISDIR": "это папка",
    "os.ENOTDIR": "часть пути — не папка",
    "os.EROFS": "файловая система доступна только для чтения",
    "os.EEXIST": "он уже существует",
    "os.ENAMETOOLONG": "слишком длинное имя",
    "os.EIO": "ошибка ввода-вывода",
    "interrupted": "прервано",
    "reconcile.more": "… и ещё {count}; запишите все с --out FILE.csv",
    "reconcile.written": "{count:строка записана|строки записаны|строк записано} в {path}",
    "batch.summary": "{rows:строка|строки|строк}: {outcomes}",
    "batch.approved": "{count:одобрение|одобрения|одобрений}",
    "batch.refused": "{count:отказ|отказа|отказов}",
    "batch.needs_acknowledgement": "{count:ждёт|ждут|ждут} согласия заявителя",
    "batch.none": "ни одно заявление не рассмотрено",
    "batch.errors": ", {count:строка не рассмотрена|строки не рассмотрены|строк не рассмотрено} "
    "(см. столбец error)",
    "decide.outcome": "Решение: {outcome}",
    "decide.residence": "Место жительства: {address}",
    "decide.timing": "Принято: {taken}   срок ответа: {due}",
    "decide.coupon": "Талон: медорганизация {clinic}, участок {district}",
    "outcome.approved": "прикрепление одобрено",
    "outcome.refused": "отказ",
    "outcome.needs_acknowledgement": "нужно согласие заявителя",
    "severity.refuse": "отказ",
    "severity.warn": "предупреждение",
    "moment": "{date}, {time}",
    "check.address": "Адрес: {address}",
    "check.in_territory": "ваш адрес на её территории",
    "check.out_territory": "ваш адрес вне её территории",
    "check.travel": "пешком {walk} мин, на машине {drive} мин",
    "check.remaining": "свободных мест: {places}",
    "check.remaining_item": "{model} {count}",
    "kind.polyclinic": "городская поликлиника",
    "kind.outpatient": "врачебная амбулатория",
    "kind.paramedic_post": "фельдшерско-акушерский пункт",
    "kind.family_health_centre": "центр семейного здоровья",
    "record.iin_prompt": "ИИН заявителя",
    "secret.again": "{prompt} (ещё раз)",
    "record.recorded": "Внесено в регистр: заявление {application}, решение {decision} ({outcome})",
    "record.capacity_refused": "  Участок заполнился до того, как одобрение было внесено: "
    "отказ с кодом CAPACITY_EXCEEDED (R-CAP-1).",
    "record.free_choice_refused": "  В регистре есть прежнее использование заявителем права "
    "свободного выбора, которое это основание не допускает: отказ с кодом "
    "OUTSIDE_CAMPAIGN_NO_GROUND (R-TIME-2).",
    "record.coupon": "  Талон № {number}",
    "record.closed": "  Прежнее прикрепление {attachment} (медорганизация {clinic}) закрыто "
    "(R-ORG-3)",
    "record.remaining": "  Свободных мест на участке: {places}",
    "record.already": "Уже прикреплён: заявитель прикреплён к медорганизации {clinic}, участок "
    "{district}, с {since} (заявление {application}); ничего нового не внесено",
    "record.not_recorded": "Не внесено в регистр: {reason}",
    "register.created": "создан новый регистр: {path}",
    "register.created_one": "; в папке {folder} есть также {others}: если имелся в виду он, "
    "проверьте путь",
    "register.created_several": "; в папке {folder} есть также {others}: если имелся в виду "
    "один из них, проверьте путь",
}

_KK: Final[Mapping[str, str]] = {
    "usage.decide_one_of": "не ӨТІНІШ.json, не --batch ФАЙЛ.csv көрсетіңіз",
    "usage.record_batch": "--record бір уақытта бір өтінішті енгізеді (өтініш берушінің ЖСН-і "
    "сұралады); өтініштер файлында ЖСН бағаны жоқ",
    "usage.out_without_batch": "--out өтініштер файлы бойынша шешімдерді жазады; онымен бірге "
    "--batch ФАЙЛ.csv көрсетіңіз",
    "usage.out_is_batch": "--out {path} — өтініштер файлының өзі; шешімдерді оған жазса, "
    "өтініштер өшеді: басқа файл көрсетіңіз",
    "usage.check_one_of": "не МЕКЕНЖАЙ, не --point БОЙЛЫҚ ЕНДІК көрсетіңіз",
    "usage.now_not_iso": "--now {value!r} ISO пішіміндегі күн мен уақыт емес",
    "usage.now_out_of_years": "--now {value!r} мерекелер күнтізбесі қамтитын жылдардан тыс "
    "({first}–{last}); жылын тексеріңіз",
    "usage.problems": "{problems}",
    "file.batch": "өтініштер файлы",
    "file.application": "өтініш файлы",
    "file.missing": "{what} {path!r} жоқ",
    "file.folder": "{what} {path!r} — қалта; файлды көрсетіңіз",
    "file.unreadable": "{what} {path!r} оқылмайды: {reason}",
    "file.not_utf8": "{what} {path!r} UTF-8 мәтіні емес (байт {byte}); оны UTF-8 ретінде сақтаңыз",
    "out.folder": "{option} {path} — қалта; оның ішіндегі файлды көрсетіңіз",
    "out.no_folder": "{option} {path}: {folder} қалтасы жоқ; алдымен оны жасаңыз",
    "out.denied": "{option} {path}: жазуға болмайды (қол жеткізу құқығы жоқ)",
    "json.invalid": "{path} — дұрыс емес JSON: {error}; {line}-жол, {column}-позиция",
    "json.long_number": "{path} өтініш емес: ішіндегі сан {limit} цифрдан ұзын; өтініш — бір "
    "JSON объектісі (README.md, «Applications» бөлімін қараңыз)",
    "json.too_deep": "{path} өтініш емес: JSON ұясы оқуға тым терең; өтініш — бір JSON "
    "объектісі (README.md, «Applications» бөлімін қараңыз)",
    "json.not_object": "{path} ішінде бір JSON объектісі (өтініш) болуы керек",
    "os.problem": "{path}: {reason}; жолды, қол жеткізу құқығын және бос орынды тексеріңіз",
    "os.ENOENT": "мұндай файл немесе қалта жоқ",
    "os.EACCES": "қол жеткізу құқығы жоқ",
    "os.EPERM": "әрекетке рұқсат жоқ",
    "os.ENOSPC": "дискіде орын қалмады",
    "os.EDQUOT": "диск квотасы таусылды",
    "os.EISDIR": "бұл қалта",
    "os.ENOTDIR": "жолдың бір бөлігі қалта емес",
    "os.EROFS": "файл жүйесі тек оқуға арналған",
    "os.EEXIST": "ол бұрыннан бар",
    "os.ENAMETOOLONG": "атауы тым ұзын",
    "os.EIO": "енгізу-шығару қатесі",
    "interrupted": "тоқтатылды",
    "reconcile.more": "… және тағы {count}; барлығын --out FILE.csv арқылы жазыңыз",
    "reconcile.written": "{count} жол {path} файлына жазылды",
    "batch.summary": "{rows} жол: {outcomes}",
    "batch.approved": "{count} мақұлданды",
    "batch.refused": "{count} бас тарту",
    "batch.needs_acknowledgement": "{count} өтініш берушінің келісімін күтеді",
    "batch.none": "ешбір өтініш қаралмады",
    "batch.errors": ", {count} жол қаралмады (error бағанын қараңыз)",
    "decide.outcome": "Шешім: {outcome}",
    "decide.residence": "Тұрғылықты жері: {address}",
    "decide.timing": "Қабылданды: {taken}   жауап мерзімі: {due}",
    "decide.coupon": "Талон: медициналық ұйым {clinic}, учаске {district}",
    "outcome.approved": "бекіту мақұлданды",
    "outcome.refused": "бас тарту",
    "outcome.needs_acknowledgement": "өтініш берушінің келісімі қажет",
    "severity.refuse": "бас тарту",
    "severity.warn": "ескерту",
    "moment": "{date}, {time}",
    "check.address": "Мекенжай: {address}",
    "check.in_territory": "мекенжайыңыз оның аумағында",
    "check.out_territory": "мекенжайыңыз оның аумағынан тыс",
    "check.travel": "жаяу {walk} мин, көлікпен {drive} мин",
    "check.remaining": "бос орындар: {places}",
    "check.remaining_item": "{model} {count}",
    "kind.polyclinic": "қалалық емхана",
    "kind.outpatient": "дәрігерлік амбулатория",
    "kind.paramedic_post": "фельдшерлік-акушерлік пункт",
    "kind.family_health_centre": "отбасылық денсаулық орталығы",
    "record.iin_prompt": "өтініш берушінің ЖСН-і",
    "secret.again": "{prompt} (қайтадан)",
    "record.recorded": "Тіркелімге енгізілді: өтініш {application}, шешім {decision} ({outcome})",
    "record.capacity_refused": "  Бекіту енгізілгенше учаске толып қалды: CAPACITY_EXCEEDED "
    "кодымен бас тарту (R-CAP-1).",
    "record.free_choice_refused": "  Тіркелімде өтініш берушінің еркін таңдау құқығын бұрын "
    "пайдаланғаны бар, бұл негіз оған жол бермейді: OUTSIDE_CAMPAIGN_NO_GROUND кодымен бас "
    "тарту (R-TIME-2).",
    "record.coupon": "  Талон № {number}",
    "record.closed": "  Бұрынғы бекіту {attachment} (медициналық ұйым {clinic}) жабылды (R-ORG-3)",
    "record.remaining": "  Учаскедегі бос орындар: {places}",
    "record.already": "Бекітілген: өтініш беруші {since} бастап {clinic} медициналық ұйымына, "
    "{district} учаскесіне бекітілген (өтініш {application}); жаңа ештеңе енгізілмеді",
    "record.not_recorded": "Тіркелімге енгізілмеді: {reason}",
    "register.created": "жаңа тіркелім жасалды: {path}",
    "register.created_one": "; {folder} қалтасында {others} да бар: соны меңзесеңіз, жолды "
    "тексеріңіз",
    "register.created_several": "; {folder} қалтасында {others} да бар: солардың бірін "
    "меңзесеңіз, жолды тексеріңіз",
}

CLI_TEXT: Final[Mapping[Language, Mapping[str, str]]] = {
    Language.EN: _EN,
    Language.RU: _RU,
    Language.KK: _KK,
}
"""One template per key and language; a test keeps the three on the same keys and fields."""


def cli_text(key: str, lang: Language | str, **values: object) -> str:
    """The template ``key`` in ``lang``, filled by :func:`catchments.messages.fill`.

    Numbers given for a counted field (``{rows:row|rows}``) are grouped and agreed there;
    other numbers print as :func:`str` does, so a caller formats a decimal or a signed figure
    with :func:`catchments.messages.format_decimal` first.
    """
    return fill(CLI_TEXT[Language(lang)][key], values, lang)


def os_reason(error: OSError, lang: Language | str) -> str:
    """Why the system refused a file, in ``lang``: ``нет прав доступа`` for ``EACCES``.

    The system's own text (``strerror``) is English whatever ``--lang`` says, so Kazakh and
    Russian name the common causes from the table; English, and a cause the table lacks, keep
    the system's words.
    """
    language = Language(lang)
    name = errno.errorcode.get(error.errno or 0, "")
    key = f"os.{name}"
    if key in CLI_TEXT[language] and (language is not Language.EN or not error.strerror):
        return cli_text(key, language)
    return error.strerror or str(error)
