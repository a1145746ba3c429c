"""The problems of a data file in Kazakh and Russian, for the people who upload it.

A :class:`geo.package.Problem` carries its English wording (``message``, ``hint``) and, where
a planner or an administrator may meet it in the app, a ``text_id`` and the ``params`` to fill
the templates below: every check of a layer's content, references between layers and
coordinates included. English is the problem's own text, so the command line and the logs read
as before; a problem without a ``text_id`` (the syntax and keys of ``region.toml``, a
GeoPackage's text encoding, a package's missing or unreadable files: what the package's author
fixes in its sources, often with the English of a parser or of GDAL) is shown in English in
every language.

Russian avoids agreeing a noun with a count ("строк без значения: 3"); Kazakh nouns do not
change after a numeral ("3 жолда"). Technical names (columns, layers, GDAL's and GEOS's own
messages, commands) stay as they are written.

``geo`` must not import ``catchments`` (``tests/test_architecture.py``), so the digit grouping
of :func:`catchments.messages.format_number` is repeated in :func:`_count` for whole numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["KIND_WORDS", "PROBLEM_TEXT", "SWAP_CODE", "error_head", "problem_line"]

SWAP_CODE: Final = (
    "gdf.geometry = gdf.geometry.map(lambda g: shapely.ops.transform(lambda x, y: (y, x), g))"
)
"""Exchanging x and y in a GeoDataFrame, for the hints on swapped coordinates in every language."""

PROBLEM_TEXT: Final[Mapping[str, Mapping[str, tuple[str, str]]]] = {
    "ru": {
        "file.missing": ("файл {path} не найден", "{fix}"),
        "file.folder": ("{path} — это папка, а не файл", "{fix}"),
        "file.special": ("{path} — не обычный файл", "{fix}"),
        "population.fix": (
            "",
            "нужен файл GeoPackage или GeoJSON с полигонами и столбцами {columns}",
        ),
        "population.unreadable": (
            "GDAL не может прочитать его как векторный файл: {error}",
            "{fix}",
        ),
        "population.unreadable_layer": ("GDAL не может прочитать слой {layer}: {error}", "{fix}"),
        "population.missing_layer": (
            "в файле слои {layers}, и ни один не называется {layer}",
            "назовите слой с полигонами населения {layer}",
        ),
        "no_geometry": (
            "в слое нет столбца геометрии",
            "сохраните его как пространственный слой с геометриями {geometry}",
        ),
        "crs_missing": (
            "у слоя нет системы координат",
            "укажите систему координат, в которой записаны координаты: для градусов долготы и "
            "широты gdf.set_crs('EPSG:4326') (или `ogr2ogr -a_srs EPSG:4326`), затем запишите "
            "файл снова",
        ),
        "crs_missing.span": (
            "у слоя нет системы координат (координаты: x {minx}..{maxx}, y {miny}..{maxy})",
            "",
        ),
        "crs_missing.span_lonlat": (
            "у слоя нет системы координат (координаты: x {minx}..{maxx}, y {miny}..{maxy}, "
            "похоже на долготу и широту)",
            "",
        ),
        "crs_unsupported": (
            "слой в системе {crs} ({crs_name}), которую нельзя перевести в EPSG:4326: {error}",
            "перепроецируйте слой в EPSG:4326 программой, которая знает его систему координат",
        ),
        "crs_reprojected": (
            "слой в системе {crs} ({crs_name}), а не в EPSG:4326; он перепроецирован в памяти, "
            "файл не изменён",
            "храните слой в EPSG:4326 (так его пишет write_region), чтобы обойтись без этого шага",
        ),
        "empty_layer": (
            "в слое нет строк",
            "заполните {layer} данными региона: пустой слой использовать нельзя",
        ),
        "empty_layer.may_be_empty": (
            "в слое нет строк",
            "территории участков тогда берутся только из их полигонов",
        ),
        "missing_column": (
            "столбца нет (в слое есть {columns})",
            "добавьте в {layer} столбец {column} ({kind})",
        ),
        "wrong_kind": (
            "строк со значением другого типа (нужны {kind}, тип столбца {dtype}): {rows}",
            "{kind_fix}",
        ),
        "missing_value": (
            "строк без значения: {rows}",
            "{column} обязателен: заполните его в каждой строке",
        ),
        "not_in_choices": (
            "строк со значением не из списка {choices}: {rows}",
            "используйте одно из значений {choices} (строчными буквами, как написано)",
        ),
        "negative_value": (
            "строк с отрицательным значением: {rows}",
            "{column} — количество или мера и не может быть меньше 0",
        ),
        "duplicate_key": (
            "значений, которые повторяются в нескольких строках: {values} (всего строк: {rows})",
            "каждый {key} должен быть уникальным: перенумеруйте или объедините повторы",
        ),
        "null_geometry": (
            "строк без геометрии: {rows}",
            "дайте каждой строке геометрию или удалите эти строки",
        ),
        "empty_geometry": (
            "строк с пустой геометрией: {rows}",
            "дайте каждой строке непустую геометрию или удалите эти строки",
        ),
        "geometry_type": (
            "строк с геометрией {found}: {rows}; в {layer} допустимы {allowed}",
            "преобразуйте геометрии (например, для слоя точек возьмите центроид контура здания)",
        ),
        "invalid_geometry": (
            "строк с недопустимой геометрией ({kinds}): {rows}",
            "исправьте их функцией shapely.make_valid (gdf.geometry = gdf.geometry.make_valid(), "
            "оставив полигоны) или инструментом QGIS «Исправить геометрии» и запишите файл снова",
        ),
        "dangling_reference": (
            "строк, где {column} не найден среди {target}: {rows}",
            "добавьте недостающие строки в {target_layer} или исправьте {layer}.{column}",
        ),
        "dangling_reference.optional": (
            "строк, где {column} не найден среди {target}: {rows}",
            "добавьте недостающие строки в {target_layer} или исправьте {layer}.{column} "
            "(оставьте пустым, где ссылки нет)",
        ),
        "coordinates_swapped": (
            "строк с широтой за пределами ±90, которая годится как долгота (x и y перепутаны): "
            "{rows}",
            "x должен быть долготой, а y — широтой: поменяйте их местами, например " + SWAP_CODE,
        ),
        "coordinates_swapped.region": (
            "строк с перепутанными долготой и широтой (вне охвата admin_units: долгота "
            "{minx}..{maxx}, широта {miny}..{maxy}, но внутри него, если поменять x и y): {rows}",
            "",
        ),
        "coordinates_out_of_range": (
            "строк с координатами за пределами долготы ±180 / широты ±90: {rows}",
            "значения в тысячах — это метры проекционной системы: укажите настоящую систему "
            "координат слоя (gdf.set_crs(..., allow_override=True)) вместо EPSG:4326",
        ),
        "outside_region": (
            "строк с местом вне охвата admin_units (долгота {minx}..{maxx}, широта "
            "{miny}..{maxy}): {rows}",
            "проверьте эти координаты и систему координат слоя: строки далеко за пределами "
            "региона не обслуживаются его поликлиниками",
        ),
        "coordinates_maybe_swapped": (
            "центр региона (x {x}, y {y}) отстоит на {given}° долготы от меридиана UTC{offset} "
            "({meridian}°), а если поменять x и y — на {exchanged}°: не перепутаны ли долгота и "
            "широта во всех слоях?",
            "если да, x должен быть долготой, а y — широтой: поменяйте их местами, например "
            + SWAP_CODE
            + "; если координаты верны, проверьте utc_offset в region.toml",
        ),
        "house_ranges_syntax": (
            "строк с диапазонами домов, которые не удаётся прочитать: {rows}",
            "перечисляйте через «;»: дом (44, 12а, 24а/1), диапазон (1-35, можно с odd или even "
            "после него) или all для всей улицы",
        ),
    },
    "kk": {
        "file.missing": ("{path} файлы табылмады", "{fix}"),
        "file.folder": ("{path} — файл емес, қалта", "{fix}"),
        "file.special": ("{path} — кәдімгі файл емес", "{fix}"),
        "population.fix": (
            "",
            "{columns} бағандары бар полигондардың GeoPackage немесе GeoJSON файлы қажет",
        ),
        "population.unreadable": ("GDAL оны векторлық файл ретінде оқи алмайды: {error}", "{fix}"),
        "population.unreadable_layer": ("GDAL {layer} қабатын оқи алмайды: {error}", "{fix}"),
        "population.missing_layer": (
            "файлда {layers} қабаттары бар, бірақ ешқайсысы {layer} деп аталмайды",
            "халық полигондары бар қабатты {layer} деп атаңыз",
        ),
        "no_geometry": (
            "қабатта геометрия бағаны жоқ",
            "оны {geometry} геометриялары бар кеңістіктік қабат ретінде сақтаңыз",
        ),
        "crs_missing": (
            "қабаттың координаттар жүйесі жоқ",
            "координаттар жазылған жүйені көрсетіңіз: бойлық пен ендік градустары үшін "
            "gdf.set_crs('EPSG:4326') (немесе `ogr2ogr -a_srs EPSG:4326`), содан кейін файлды "
            "қайта жазыңыз",
        ),
        "crs_missing.span": (
            "қабаттың координаттар жүйесі жоқ (координаттар: x {minx}..{maxx}, y {miny}..{maxy})",
            "",
        ),
        "crs_missing.span_lonlat": (
            "қабаттың координаттар жүйесі жоқ (координаттар: x {minx}..{maxx}, "
            "y {miny}..{maxy}, бойлық пен ендікке ұқсайды)",
            "",
        ),
        "crs_unsupported": (
            "қабат {crs} ({crs_name}) жүйесінде, оны EPSG:4326 жүйесіне ауыстыру мүмкін емес: "
            "{error}",
            "қабатты оның координаттар жүйесін білетін бағдарламамен EPSG:4326 жүйесіне "
            "ауыстырыңыз",
        ),
        "crs_reprojected": (
            "қабат EPSG:4326 емес, {crs} ({crs_name}) жүйесінде; ол жадта қайта "
            "проекцияланды, файл өзгерген жоқ",
            "бұл қадамсыз болу үшін қабатты EPSG:4326 жүйесінде сақтаңыз (write_region солай "
            "жазады)",
        ),
        "empty_layer": (
            "қабатта жол жоқ",
            "{layer} қабатын өңір деректерімен толтырыңыз: бос қабатты пайдалану мүмкін емес",
        ),
        "empty_layer.may_be_empty": (
            "қабатта жол жоқ",
            "онда учаскелердің аумағы тек олардың полигондарынан алынады",
        ),
        "missing_column": (
            "баған жоқ (қабаттағы бағандар: {columns})",
            "{layer} қабатына {column} ({kind}) бағанын қосыңыз",
        ),
        "wrong_kind": (
            "{rows} жолда мәннің түрі басқа (керегі: {kind}, бағанның түрі {dtype})",
            "{kind_fix}",
        ),
        "missing_value": (
            "{rows} жолда мән жоқ",
            "{column} міндетті: оны әр жолда толтырыңыз",
        ),
        "not_in_choices": (
            "{rows} жолдағы мән {choices} тізімінде жоқ",
            "{choices} мәндерінің бірін қолданыңыз (кіші әріптермен, жазылғандай)",
        ),
        "negative_value": (
            "{rows} жолда теріс мән бар",
            "{column} — сан немесе өлшем, ол 0-ден кем бола алмайды",
        ),
        "duplicate_key": (
            "бірнеше жолда қайталанатын мәндер: {values} (барлығы {rows} жол)",
            "әр {key} бірегей болуы керек: қайталанатындарды қайта нөмірлеңіз немесе біріктіріңіз",
        ),
        "null_geometry": (
            "{rows} жолда геометрия жоқ",
            "әр жолға геометрия беріңіз немесе ол жолдарды жойыңыз",
        ),
        "empty_geometry": (
            "{rows} жолдың геометриясы бос",
            "әр жолға бос емес геометрия беріңіз немесе ол жолдарды жойыңыз",
        ),
        "geometry_type": (
            "{rows} жолдың геометриясы {found}; {layer} қабатында тек {allowed} рұқсат етіледі",
            "геометрияларды түрлендіріңіз (мысалы, нүктелер қабаты үшін ғимарат контурының "
            "центроидын алыңыз)",
        ),
        "invalid_geometry": (
            "{rows} жолдың геометриясы жарамсыз ({kinds})",
            "оларды shapely.make_valid арқылы түзетіңіз (gdf.geometry = "
            "gdf.geometry.make_valid(), полигондарды қалдырып) немесе QGIS-тегі «Геометрияларды "
            "түзету» құралымен түзетіп, файлды қайта жазыңыз",
        ),
        "dangling_reference": (
            "{rows} жолдағы {column} мәні {target} ішінде жоқ",
            "{target_layer} қабатына жетіспейтін жолдарды қосыңыз немесе {layer}.{column} мәнін "
            "түзетіңіз",
        ),
        "dangling_reference.optional": (
            "{rows} жолдағы {column} мәні {target} ішінде жоқ",
            "{target_layer} қабатына жетіспейтін жолдарды қосыңыз немесе {layer}.{column} мәнін "
            "түзетіңіз (сілтеме жоқ жерде бос қалдырыңыз)",
        ),
        "coordinates_swapped": (
            "{rows} жолда ендік ±90-нан асады, бірақ бойлық ретінде жарамды (x пен y ауысып "
            "кеткен)",
            "x — бойлық, y — ендік болуы керек: оларды ауыстырыңыз, мысалы " + SWAP_CODE,
        ),
        "coordinates_swapped.region": (
            "{rows} жолда бойлық пен ендік ауысып кеткен (admin_units аясынан тыс: бойлық "
            "{minx}..{maxx}, ендік {miny}..{maxy}, ал x пен y ауыстырылса — ішінде)",
            "",
        ),
        "coordinates_out_of_range": (
            "{rows} жолда координаттар бойлық ±180 / ендік ±90 шегінен тыс",
            "мыңдаған мәндер — проекциялық жүйенің метрлері: EPSG:4326 орнына қабаттың нақты "
            "координаттар жүйесін көрсетіңіз (gdf.set_crs(..., allow_override=True))",
        ),
        "outside_region": (
            "{rows} жолдың орны admin_units аясынан тыс (бойлық {minx}..{maxx}, ендік "
            "{miny}..{maxy})",
            "осы координаттарды және қабаттың координаттар жүйесін тексеріңіз: аймақтан алыс "
            "жолдарға оның емханалары қызмет көрсетпейді",
        ),
        "coordinates_maybe_swapped": (
            "аймақ орталығы (x {x}, y {y}) UTC{offset} меридианынан ({meridian}°) бойлық бойынша "
            "{given}° қашықта, ал x пен y ауыстырылса — {exchanged}°: барлық қабатта бойлық пен "
            "ендік ауысып кетпеді ме?",
            "егер солай болса, x — бойлық, y — ендік болуы керек: оларды ауыстырыңыз, мысалы "
            + SWAP_CODE
            + "; координаттар дұрыс болса, region.toml ішіндегі utc_offset мәнін тексеріңіз",
        ),
        "house_ranges_syntax": (
            "{rows} жолдағы үй ауқымдарын оқу мүмкін емес",
            "элементтерді «;» арқылы жазыңыз: үй (44, 12а, 24а/1), ауқым (1-35, соңынан odd "
            "немесе even болуы мүмкін) немесе бүкіл көше үшін all",
        ),
    },
}
"""Per language, per ``text_id``: the message and the hint, ``{name}`` filled from params."""

KIND_WORDS: Final[Mapping[str, Mapping[str, tuple[str, str]]]] = {
    "ru": {
        "str": ("текст", "храните его как столбец TEXT"),
        "str_or_null": ("текст или пусто", "храните его как столбец TEXT (NULL, где значения нет)"),
        "int": ("целые числа", "храните его как столбец INTEGER"),
        "float": ("числа", "храните его как столбец REAL (или INTEGER)"),
        "bool": ("да или нет", "храните его как логический столбец (true/false или 1/0)"),
    },
    "kk": {
        "str": ("мәтін", "оны TEXT бағаны ретінде сақтаңыз"),
        "str_or_null": (
            "мәтін немесе бос",
            "оны TEXT бағаны ретінде сақтаңыз (мән жоқ жерде NULL)",
        ),
        "int": ("бүтін сандар", "оны INTEGER бағаны ретінде сақтаңыз"),
        "float": ("сандар", "оны REAL (немесе INTEGER) бағаны ретінде сақтаңыз"),
        "bool": ("иә немесе жоқ", "оны логикалық баған ретінде сақтаңыз (true/false немесе 1/0)"),
    },
}
"""Per language, per column kind of :mod:`geo.schema`: its name and how to store it."""

_HEAD: Final[Mapping[str, tuple[str, str, str, str, str]]] = {
    # errors, warnings, "e.g.", a warning's prefix, the source when none is named
    "ru": ("ошибок: {n}", "предупреждений: {n}", "например", "предупреждение", "данные региона"),
    "kk": ("қате: {n}", "ескерту: {n}", "мысалы", "ескерту", "өңір деректері"),
}


def _count(value: object) -> str:
    """A whole number grouped as Kazakh and Russian write it (``1 234``, a no-break space)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", "\u00a0")
    return str(value)


def problem_line(
    lang: str,
    *,
    text_id: str | None,
    params: Mapping[str, object],
    where: str,
    examples: tuple[str, ...],
    check: str,
    warning: bool,
) -> str | None:
    """One problem as a line in ``lang``, or None where there is no wording for it.

    The shape is :class:`geo.package.Problem`'s English one: ``where: message, e.g. …; hint
    [check]``, so the two read alike and the check code stays for a search or a support call.
    """
    templates = PROBLEM_TEXT.get(lang)
    if templates is None or text_id is None or text_id not in templates:
        return None
    values = {name: _count(value) for name, value in params.items()}
    kind = params.get("kind")
    if isinstance(kind, str) and kind in KIND_WORDS[lang]:
        values["kind"], values["kind_fix"] = KIND_WORDS[lang][kind]
    message, hint = templates[text_id]
    if not hint:  # a variant of the message only: the hint is its base check's
        hint = templates[text_id.split(".")[0]][1]
    fix_id = params.get("fix_id")
    try:
        if isinstance(fix_id, str):
            values["fix"] = templates[fix_id][1].format_map(values)
        message, hint = message.format_map(values), hint.format_map(values)
    except (KeyError, IndexError):  # a wording that asks for more than was given: say it as is
        return None
    _, _, for_example, warning_word, _ = _HEAD[lang]
    text = f"{where}: {message}"
    if examples:
        text += f", {for_example} " + ", ".join(examples)
    text += f"; {hint} [{check}]"
    return f"{warning_word}: {text}" if warning else text


def error_head(lang: str, source: str | None, errors: int, warnings: int) -> str | None:
    """The first line of a refused file's problems in ``lang``, or None without its words."""
    if lang not in _HEAD:
        return None
    error_words, warning_words, _, _, no_source = _HEAD[lang]
    counts = error_words.format(n=_count(errors))
    if warnings:
        counts += ", " + warning_words.format(n=_count(warnings))
    return f"{source or no_source}: {counts}"
