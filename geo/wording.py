"""The problems of a data file in Kazakh and Russian, for the people who upload it.

A :class:`geo.package.Problem` carries its English wording (``message``, ``hint``) and a
``text_id`` with the ``params`` to fill the templates below: every check of a package, from
its files, ``region.toml`` and the GeoPackage's encoding to each layer's content, references
between layers and coordinates. English is the problem's own text, so the command line and the
logs read as before; a problem without a ``text_id`` (one a caller makes by hand) is shown in
English in every language. What a parser or GDAL says (``{error}``) stays in its own words.

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
        "population.unreadable.empty": (
            "файл пуст: он не был сохранён или загружен полностью",
            "{fix}",
        ),
        "population.unreadable.gpkg_damaged": (
            "файл — повреждённый или неполный GeoPackage (оборвался при копировании или "
            "загрузке?), GDAL не может его открыть",
            "{fix}",
        ),
        "population.unreadable.zip": (
            "файл — ZIP-архив без слоя карты, который читает GDAL",
            "распакуйте его и дайте лежащий внутри файл GeoPackage или GeoJSON",
        ),
        "population.unreadable.shapefile_parts": (
            "файл — часть .shp шейп-файла (Shapefile) без лежащих рядом .shx и .dbf",
            "Shapefile состоит из нескольких файлов (.shp, .shx, .dbf, .prj): сконвертируйте его "
            "в GeoPackage (ogr2ogr -f GPKG out.gpkg in.shp) или положите их все рядом",
        ),
        "population.unreadable.json_truncated": (
            "файл — JSON, который обрывается в строке {line}, не дойдя до конца: он был обрезан "
            "при сохранении, скачивании или загрузке",
            "{fix}",
        ),
        "population.unreadable.json_broken": (
            "файл — некорректный JSON: ошибка в строке {line}, столбце {column}",
            "{fix}",
        ),
        "population.unreadable.json_not_geojson": (
            'файл — JSON, но не GeoJSON: GeoJSON — это объект с "type": "FeatureCollection" и '
            'его "features"',
            "{fix}",
        ),
        "population.unreadable.geojson": ("GDAL не может прочитать этот GeoJSON: {error}", "{fix}"),
        "population.unreadable.text": (
            "файл — текст, а не формат карт, который читает GDAL; начало: {start}",
            "{fix}",
        ),
        "population.unreadable.binary": (
            "файл не в формате карт, который читает GDAL (GeoPackage, GeoJSON или Shapefile)",
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
        "wrong_kind.text": (
            "строк со значениями, которые не читаются как {kind} (столбец хранится как текст): "
            "{rows}",
            "исправьте их; {kind_fix}",
        ),
        "wrong_kind.stored_as_text": (
            "столбец хранится как текст, хотя его значения читаются как {kind}",
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
        "not_in_choices.packages": (
            "строк со значением, в котором есть элементы, не являющиеся пакетами ({choices}); "
            "приложение пропускает их, как если бы поликлиника этих пакетов не оказывала: "
            "{rows}",
            "запишите пакеты, которые оказывает поликлиника, {choices}, через «,» или «;» "
            "(например, «gobmp,osms»); оставьте пустым, если она не оказывает ни одного",
        ),
        "implausible_value": (
            "строк со значением больше {most}: {rows}",
            "столько не бывает ни в одном регионе; проверьте {column}: нет ли опечатки или "
            "путаницы в единицах",
        ),
        "negative_value": (
            "строк с отрицательным значением: {rows}",
            "{column} — количество или мера и не может быть меньше 0",
        ),
        "zero_value": (
            "строк со скоростью 0 на улице для машин (drive = true), время в пути по которой "
            "бесконечно: {rows}",
            "укажите {column} в км/ч больше 0 (например, 40 на городской улице) или "
            "drive = false, где машины не ездят",
        ),
        "no_drive_edges": (
            "ни одна улица не доступна для машин (drive = false у всех рёбер; рёбер: {edges}), "
            "поэтому поездкам на машине (режим drive планировщика) не по чему ехать",
            "укажите drive = true у улиц, по которым ездят машины, или планируйте только пешком",
        ),
        "no_walk_edges": (
            "ни одна улица не доступна пешком (walk = false у всех рёбер; рёбер: {edges}), "
            "поэтому время пешком не вычисляется, а ближайшие поликлиники для жителя, "
            "расстояния вызовов на дом и доступность для планировщика по умолчанию считаются "
            "пешком",
            "укажите walk = true у улиц, по которым можно пройти пешком (у всех, кроме "
            "автомагистралей и съездов, как делает импорт OpenStreetMap); если в источнике они "
            "пешеходные, столбец записан наоборот или потерян при выгрузке",
        ),
        "districts_overlap": (
            "пар участков одного семейства (взрослые: gp, therapist; детские: pediatric_0_6, "
            "pediatric_0_14), перекрывающихся больше чем на {most} меньшего из них: {pairs}",
            "дом относится к одному участку каждого семейства: отдайте общую часть одному из "
            "двух (перебалансировка при планировании не принимает больших перекрытий); "
            "взрослый и детский участки могут покрывать одни и те же дома",
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
        "geometry_type.areas": (
            "строк с геометрией {found}: {rows}; в {layer} допустимы {allowed}",
            "нарисуйте их как области (полигоны): у точки или линии нет площади, по которой "
            "считать жителей",
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
        "coordinates_swapped.kazakhstan": (
            "строк с перепутанными долготой и широтой (они лежат вне Казахстана, а если "
            "поменять x и y — в нём): {rows}",
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
        "toml.missing": (
            "файл {path} не найден",
            "в каждой папке пакета региона рядом с region.gpkg нужен region.toml (его устройство "
            "описано в README.md, раздел «Load your own region»)",
        ),
        "toml.syntax": (
            "это не корректный TOML: {error}",
            "исправьте названную строку (текст пишется в двойных кавычках, даты — как 2026-09-01)",
        ),
        "toml.encoding": (
            "файл не в кодировке UTF-8: байт {byte} в строке {line} не читается",
            "сохраните region.toml в UTF-8",
        ),
        "toml.encoding.cp1251": (
            "файл не в кодировке UTF-8: байт {byte} в строке {line} не читается",
            "сохраните region.toml в UTF-8 (в Windows-1251 строка {line} читается как {guess})",
        ),
        "toml.unknown_key": ("неизвестный ключ {key}", "известные ключи: {known}"),
        "toml.unknown_key.close": (
            "неизвестный ключ {key}",
            "может быть, {close}? Известные ключи: {known}",
        ),
        "toml.missing_table": ("нет таблицы {table}", "добавьте {table} с ключами {keys}"),
        "toml.missing_key": ("в {table} нет ключа {key}", "добавьте {key} = ..."),
        "toml.missing_key.campaign": (
            "в {table} нет ключа {key}",
            "укажите и start, и end или уберите [campaign], чтобы действовали сроки с 15 сентября "
            "по 15 ноября",
        ),
        "toml.missing_key.source": (
            "в {table} нет ключа {key}",
            "у каждого источника должны быть название (name) и лицензия (licence), по которой "
            "используются его данные",
        ),
        "toml.not_table": ("{table} должно быть таблицей", "запишите так: {example}"),
        "toml.text": ("{key} должен быть непустым текстом, а не {value}", 'запишите {key} = "..."'),
        "toml.utc_offset": (
            "utc_offset {value} записан не в виде +ЧЧ:ММ",
            'запишите, например, utc_offset = "+05:00"',
        ),
        "toml.languages": (
            "languages должен быть непустым списком разных кодов языков, а не {value}",
            'запишите languages = ["kk", "ru", "en"]',
        ),
        "toml.data_date": (
            "data_date должна быть датой, а не {value}",
            "запишите её как дату TOML без кавычек: data_date = 2026-09-01",
        ),
        "toml.walk_speed": (
            "walk_speed_kph должна быть скоростью в км/ч больше 0 и не больше 10, а не {value}",
            "уберите её, чтобы взять {default} по умолчанию, или запишите, например, 4.5",
        ),
        "toml.month_day": (
            "{key} должен быть днём года в виде ММ-ДД, а не {value}",
            'запишите, например, {key} = "09-15"',
        ),
        "toml.norm": (
            "{key} должен быть целым числом людей на одного врача больше 0, а не {value}",
            "запишите, например, {key} = 1700 или уберите его, чтобы действовал национальный "
            "норматив",
        ),
        "toml.calendar_days": (
            "{key} должен быть списком дат, а не {value}",
            "запишите их как даты TOML без кавычек: {key} = [2026-01-05, 2026-01-06]",
        ),
        "toml.calendar_weekday": (
            "{day} — будний день, рабочий и так",
            "перечислите только субботы и воскресенья, которые постановление делает рабочими",
        ),
        "toml.calendar_both": (
            "{day} есть и в days_off, и в working_days",
            "оставьте её в том списке, куда её относит постановление",
        ),
        "toml.calendar_twice": (
            "{day} указана в {key} больше одного раза",
            "оставьте её один раз; не имелась ли в виду другая дата?",
        ),
        "toml.calendar_year": (
            "{day} лежит вне {first}–{last} годов, которыми можно датировать заявление, и "
            "ничего не меняет",
            "проверьте год",
        ),
        "toml.calendar_weekend": (
            "{day} — суббота или воскресенье, выходной и так",
            "постановление переносит выходной на будний день: проверьте дату",
        ),
        "toml.language": (
            "{value}: такого языка нет в приложении ({known})",
            "используйте только {known} (казахский, русский, английский)",
        ),
        "toml.language.close": (
            "{value}: такого языка нет в приложении ({known})",
            "исправьте {close}; используйте только {known} (казахский, русский, английский)",
        ),
        "toml.campaign_reversed": (
            "конец {end} раньше начала {start}: как кампания через Новый год она длилась бы "
            "{days} дн., с {start} по {end} следующего года",
            'поменяйте их местами (start = "{end}", end = "{start}"); раньше начала может '
            'кончаться только кампания через Новый год короче полугода (start = "12-01", '
            'end = "01-31")',
        ),
        "toml.utc_offset_mismatch": (
            "utc_offset {offset} ставит полдень региона на долготу {meridian}°, в {given}° от "
            "центра admin_units (долгота {x}); больше {most}° — это два часа по солнцу",
            'проверьте знак и часы: по долготе подходит примерно "{suggested}", а весь '
            'Казахстан с 2024 года живёт по utc_offset = "+05:00"',
        ),
        "package.missing": (
            "папка пакета {path} не найдена",
            "укажите папку, в которой лежат region.gpkg и region.toml",
        ),
        "gpkg.fix": ("", "в каждой папке пакета региона нужен region.gpkg (OGC GeoPackage)"),
        "not_geopackage": (
            "это не GeoPackage",
            "пакету региона нужен OGC GeoPackage; сконвертируйте данные: "
            "`ogr2ogr -f GPKG region.gpkg SOURCE` или GeoDataFrame.to_file(path, layer=..., "
            "driver='GPKG')",
        ),
        "not_geopackage.folder": ("это не GeoPackage, а папка", ""),
        "not_geopackage.empty": ("это не GeoPackage, а пустой файл", ""),
        "not_geopackage.zip": ("это не GeoPackage, а ZIP-архив (сначала распакуйте его)", ""),
        "not_geopackage.text": ("это не GeoPackage, а текстовый файл, начало: {start}", ""),
        "not_geopackage.text_table": (
            "это не GeoPackage, а текстовый файл вроде CSV, начало: {start}",
            "",
        ),
        "not_geopackage.text_legacy": (
            "это не GeoPackage, а текстовый файл (и даже не в UTF-8), начало: {start}",
            "",
        ),
        "not_geopackage.text_legacy_table": (
            "это не GeoPackage, а текстовый файл вроде CSV (и даже не в UTF-8), начало: {start}",
            "",
        ),
        "not_geopackage.binary": ("это не GeoPackage и не текст", ""),
        "not_geopackage.unopenable": (
            "это не GeoPackage: база SQLite, которую GDAL не может открыть как GeoPackage "
            "({error})",
            "",
        ),
        "not_geopackage.driver": (
            "это не GeoPackage: база SQLite, которую GDAL читает как {driver}",
            "",
        ),
        "missing_layer": (
            "слоя нет в region.gpkg",
            "добавьте слой {layer} со столбцами {columns}",
        ),
        "missing_layer.close": (
            "слоя нет в region.gpkg",
            "добавьте слой {layer} со столбцами {columns}; в файле есть слой {close}: "
            "переименуйте его",
        ),
        "unreadable_layer": (
            "GDAL не может прочитать слой: {error}",
            "откройте файл в QGIS или выполните `ogrinfo -al region.gpkg`, чтобы найти "
            "повреждение; выгрузите слой из источника заново",
        ),
        "encoding": (
            "значений не в UTF-8: {rows}",
            "текст в GeoPackage должен быть в UTF-8; выгрузите слой из источника заново, указав "
            "верную исходную кодировку",
        ),
        "encoding.cp1251": (
            "значений не в UTF-8: {rows}",
            "текст в GeoPackage должен быть в UTF-8; выгрузите слой из источника заново, указав "
            "верную исходную кодировку (похоже на Windows-1251)",
        ),
        "encoding.names": (
            "в слое есть текст не в UTF-8 (в имени столбца или в метаданных)",
            "текст в GeoPackage должен быть в UTF-8; выгрузите слой заново с именами в UTF-8",
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
        "population.unreadable.empty": (
            "файл бос: ол толық сақталмаған немесе жүктелмеген",
            "{fix}",
        ),
        "population.unreadable.gpkg_damaged": (
            "файл — зақымдалған немесе толық емес GeoPackage (көшіру не жүктеу кезінде үзілді "
            "ме?), GDAL оны аша алмайды",
            "{fix}",
        ),
        "population.unreadable.zip": (
            "файл — GDAL оқитын карта қабаты жоқ ZIP мұрағаты",
            "оны ашып, ішіндегі GeoPackage немесе GeoJSON файлын беріңіз",
        ),
        "population.unreadable.shapefile_parts": (
            "файл — Shapefile-дың .shp бөлігі, жанында .shx және .dbf жоқ",
            "Shapefile бірнеше файлдан тұрады (.shp, .shx, .dbf, .prj): оны GeoPackage-ке "
            "түрлендіріңіз (ogr2ogr -f GPKG out.gpkg in.shp) немесе бәрін қатар қойыңыз",
        ),
        "population.unreadable.json_truncated": (
            "файл — {line}-жолда соңына жетпей үзілетін JSON: ол сақтау, жүктеп алу не жүктеу "
            "кезінде қысқарып қалған",
            "{fix}",
        ),
        "population.unreadable.json_broken": (
            "файл — қате JSON: {line}-жолдың {column}-бағанында қате бар",
            "{fix}",
        ),
        "population.unreadable.json_not_geojson": (
            'файл — JSON, бірақ GeoJSON емес: GeoJSON — "type": "FeatureCollection" және оның '
            '"features" өрісі бар нысан',
            "{fix}",
        ),
        "population.unreadable.geojson": ("GDAL бұл GeoJSON файлын оқи алмайды: {error}", "{fix}"),
        "population.unreadable.text": (
            "файл — GDAL оқитын карта форматы емес, мәтін; басы: {start}",
            "{fix}",
        ),
        "population.unreadable.binary": (
            "файл GDAL оқитын карта форматында емес (GeoPackage, GeoJSON немесе Shapefile)",
            "{fix}",
        ),
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
        "wrong_kind.text": (
            "{rows} жолдағы мән {kind} ретінде оқылмайды (баған мәтін ретінде сақталған)",
            "оларды түзетіңіз; {kind_fix}",
        ),
        "wrong_kind.stored_as_text": (
            "баған мәтін ретінде сақталған, бірақ оның мәндері {kind} ретінде оқылады",
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
        "not_in_choices.packages": (
            "{rows} жолдағы мәнде пакет ({choices}) емес элементтер бар; қолданба оларды "
            "емхана бұл пакеттерді көрсетпейтіндей елемейді",
            "емхана көрсететін пакеттерді, {choices}, «,» немесе «;» арқылы жазыңыз (мысалы, "
            "«gobmp,osms»); ешқайсысын көрсетпесе, бос қалдырыңыз",
        ),
        "implausible_value": (
            "{rows} жолда {most} мәнінен асатын мән бар",
            "ешбір өңірде мұнша болмайды; {column} бағанында қате не өлшем бірлігінің шатасуы "
            "жоқ па, тексеріңіз",
        ),
        "negative_value": (
            "{rows} жолда теріс мән бар",
            "{column} — сан немесе өлшем, ол 0-ден кем бола алмайды",
        ),
        "zero_value": (
            "{rows} жолда көлік жүретін көшеде (drive = true) жылдамдық 0, сондықтан ол көшемен "
            "жүру уақыты шексіз",
            "{column} мәнін 0-ден жоғары км/сағ түрінде беріңіз (мысалы, қала көшесінде 40) "
            "немесе көлік жүрмейтін жерде drive = false қойыңыз",
        ),
        "no_drive_edges": (
            "бірде-бір көшеде көлік жүрмейді (барлық қабырғада drive = false; қабырға саны: "
            "{edges}), сондықтан көлікпен жүруге (жоспарлаушының drive режимі) көше жоқ",
            "көлік жүретін көшелерге drive = true қойыңыз немесе тек жаяу жоспарлаңыз",
        ),
        "no_walk_edges": (
            "бірде-бір көшеде жаяу жүруге болмайды (барлық қабырғада walk = false; қабырға "
            "саны: {edges}), сондықтан жаяу жүру уақыты есептелмейді, ал тұрғынға ең жақын "
            "емханалар, үйге шақыру қашықтығы және жоспарлаушының қолжетімділігі әдепкі бойынша "
            "жаяу есептеледі",
            "жаяу жүруге болатын көшелерге walk = true қойыңыз (автомагистральдар мен олардың "
            "кіреберістерінен басқаның бәріне, OpenStreetMap импорты солай істейді); егер "
            "дереккөзде олар жаяу жүретін болса, баған керісінше жазылған немесе экспорт кезінде "
            "жоғалған",
        ),
        "districts_overlap": (
            "бір топтағы (ересектер: gp, therapist; балалар: pediatric_0_6, pediatric_0_14) "
            "{pairs} жұп учаске кішісінің {most} бөлігінен артық қабаттасады",
            "үй әр топтың бір ғана учаскесіне тиесілі: ортақ бөлікті екеуінің біріне беріңіз "
            "(жоспарлаудағы қайта теңгерім үлкен қабаттасуды қабылдамайды); ересектер мен "
            "балалар учаскелері бір үйлерді қамтуы мүмкін",
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
        "geometry_type.areas": (
            "{rows} жолдың геометриясы {found}; {layer} қабатында тек {allowed} рұқсат етіледі",
            "оларды аудан (полигон) ретінде салыңыз: нүктенің не сызықтың тұрғындарды санайтын "
            "ауданы жоқ",
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
        "coordinates_swapped.kazakhstan": (
            "{rows} жолда бойлық пен ендік ауысып кеткен (олар Қазақстаннан тыс, ал x пен y "
            "ауыстырылса — оның ішінде)",
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
        "toml.missing": (
            "{path} файлы табылмады",
            "өңір пакетінің әр қалтасында region.gpkg жанында region.toml болуы керек (құрылымы "
            "README.md ішіндегі «Load your own region» бөлімінде сипатталған)",
        ),
        "toml.syntax": (
            "бұл дұрыс TOML емес: {error}",
            "аталған жолды түзетіңіз (мәтін қос тырнақшаға алынады, күндер 2026-09-01 түрінде "
            "жазылады)",
        ),
        "toml.encoding": (
            "файл UTF-8 кодтауында емес: {line}-жолдағы {byte} байты оқылмайды",
            "region.toml файлын UTF-8 кодтауында сақтаңыз",
        ),
        "toml.encoding.cp1251": (
            "файл UTF-8 кодтауында емес: {line}-жолдағы {byte} байты оқылмайды",
            "region.toml файлын UTF-8 кодтауында сақтаңыз (Windows-1251 бойынша {line}-жол былай "
            "оқылады: {guess})",
        ),
        "toml.unknown_key": ("белгісіз кілт {key}", "белгілі кілттер: {known}"),
        "toml.unknown_key.close": (
            "белгісіз кілт {key}",
            "{close} болуы мүмкін бе? Белгілі кілттер: {known}",
        ),
        "toml.missing_table": (
            "{table} кестесі жоқ",
            "{keys} кілттерімен {table} кестесін қосыңыз",
        ),
        "toml.missing_key": ("{table} ішінде {key} кілті жоқ", "{key} = ... қосыңыз"),
        "toml.missing_key.campaign": (
            "{table} ішінде {key} кілті жоқ",
            "start пен end екеуін де көрсетіңіз немесе 15 қыркүйек – 15 қараша мерзімі қолданылуы "
            "үшін [campaign] кестесін алып тастаңыз",
        ),
        "toml.missing_key.source": (
            "{table} ішінде {key} кілті жоқ",
            "әр дереккөздің атауы (name) және деректері пайдаланылатын лицензиясы (licence) "
            "болуы керек",
        ),
        "toml.not_table": ("{table} кесте болуы керек", "былай жазыңыз: {example}"),
        "toml.text": (
            "{key} бос емес мәтін болуы керек, {value} емес",
            '{key} = "..." деп жазыңыз',
        ),
        "toml.utc_offset": (
            "utc_offset {value} +СС:ММ түрінде жазылмаған",
            'мысалы, utc_offset = "+05:00" деп жазыңыз',
        ),
        "toml.languages": (
            "languages тіл кодтарының қайталанбайтын бос емес тізімі болуы керек, {value} емес",
            'languages = ["kk", "ru", "en"] деп жазыңыз',
        ),
        "toml.data_date": (
            "data_date күн болуы керек, {value} емес",
            "оны тырнақшасыз TOML күні ретінде жазыңыз: data_date = 2026-09-01",
        ),
        "toml.walk_speed": (
            "walk_speed_kph 0-ден жоғары және 10-нан аспайтын км/сағ жылдамдығы болуы керек, "
            "{value} емес",
            "әдепкі {default} мәні үшін оны алып тастаңыз немесе, мысалы, 4.5 деп жазыңыз",
        ),
        "toml.month_day": (
            "{key} АА-КК түріндегі жыл күні болуы керек, {value} емес",
            'мысалы, {key} = "09-15" деп жазыңыз',
        ),
        "toml.norm": (
            "{key} бір дәрігерге келетін адамдардың 0-ден жоғары бүтін саны болуы керек, {value} "
            "емес",
            "мысалы, {key} = 1700 деп жазыңыз немесе ұлттық норматив қолданылуы үшін оны алып "
            "тастаңыз",
        ),
        "toml.calendar_days": (
            "{key} күндер тізімі болуы керек, {value} емес",
            "оларды тырнақшасыз TOML күндері ретінде жазыңыз: {key} = [2026-01-05, 2026-01-06]",
        ),
        "toml.calendar_weekday": (
            "{day} — жұмыс күні, ол онсыз да жұмыс күні",
            "қаулы жұмыс күні етіп белгілеген сенбі мен жексенбілерді ғана жазыңыз",
        ),
        "toml.calendar_both": (
            "{day} days_off тізімінде де, working_days тізімінде де бар",
            "оны қаулы жатқызған бір тізімде ғана қалдырыңыз",
        ),
        "toml.calendar_twice": (
            "{day} {key} тізімінде бірнеше рет жазылған",
            "оны бір рет қалдырыңыз; басқа күн меңзелген жоқ па?",
        ),
        "toml.calendar_year": (
            "{day} өтінішті күндеуге болатын {first}–{last} жылдарынан тыс, сондықтан ештеңе "
            "өзгертпейді",
            "жылын тексеріңіз",
        ),
        "toml.calendar_weekend": (
            "{day} — сенбі не жексенбі, ол онсыз да демалыс күні",
            "қаулы демалыс күнін жұмыс күніне ауыстырады: күнді тексеріңіз",
        ),
        "toml.language": (
            "{value}: қолданбада мұндай тіл жоқ ({known})",
            "тек {known} тілдерін қолданыңыз (қазақ, орыс, ағылшын)",
        ),
        "toml.language.close": (
            "{value}: қолданбада мұндай тіл жоқ ({known})",
            "{close} деп түзетіңіз; тек {known} тілдерін қолданыңыз (қазақ, орыс, ағылшын)",
        ),
        "toml.campaign_reversed": (
            "end {end} мәні start {start} мәнінен ерте: жаңа жыл арқылы өтетін науқан ретінде ол "
            "{days} күнге, {start} бастап келесі жылдың {end} дейін созылар еді",
            'оларды орындарымен ауыстырыңыз (start = "{end}", end = "{start}"); басталуынан '
            "ерте тек жаңа жыл арқылы өтетін, жарты жылдан қысқа науқан ғана аяқтала алады "
            '(start = "12-01", end = "01-31")',
        ),
        "toml.utc_offset_mismatch": (
            "utc_offset {offset} өңірдің түс мезгілін {meridian}° бойлыққа қояды, бұл "
            "admin_units орталығынан (бойлық {x}) {given}° қашық; {most}°-тан артығы — күн "
            "бойынша екі сағат",
            'таңба мен сағатты тексеріңіз: бойлыққа шамамен "{suggested}" сәйкес келеді, ал '
            '2024 жылдан бері бүкіл Қазақстан utc_offset = "+05:00" бойынша өмір сүреді',
        ),
        "package.missing": (
            "{path} пакет қалтасы табылмады",
            "region.gpkg пен region.toml жатқан қалтаны көрсетіңіз",
        ),
        "gpkg.fix": ("", "өңір пакетінің әр қалтасында region.gpkg (OGC GeoPackage) болуы керек"),
        "not_geopackage": (
            "бұл GeoPackage емес",
            "өңір пакетіне OGC GeoPackage керек; деректерді түрлендіріңіз: "
            "`ogr2ogr -f GPKG region.gpkg SOURCE` немесе GeoDataFrame.to_file(path, layer=..., "
            "driver='GPKG')",
        ),
        "not_geopackage.folder": ("бұл GeoPackage емес, қалта", ""),
        "not_geopackage.empty": ("бұл GeoPackage емес, бос файл", ""),
        "not_geopackage.zip": ("бұл GeoPackage емес, ZIP мұрағаты (алдымен оны ашыңыз)", ""),
        "not_geopackage.text": ("бұл GeoPackage емес, мәтіндік файл, басы: {start}", ""),
        "not_geopackage.text_table": (
            "бұл GeoPackage емес, CSV сияқты мәтіндік файл, басы: {start}",
            "",
        ),
        "not_geopackage.text_legacy": (
            "бұл GeoPackage емес, мәтіндік файл (оның үстіне UTF-8 емес), басы: {start}",
            "",
        ),
        "not_geopackage.text_legacy_table": (
            "бұл GeoPackage емес, CSV сияқты мәтіндік файл (оның үстіне UTF-8 емес), басы: {start}",
            "",
        ),
        "not_geopackage.binary": ("бұл GeoPackage те, мәтін де емес", ""),
        "not_geopackage.unopenable": (
            "бұл GeoPackage емес: GDAL GeoPackage ретінде аша алмайтын SQLite дерекқоры ({error})",
            "",
        ),
        "not_geopackage.driver": (
            "бұл GeoPackage емес: GDAL {driver} ретінде оқитын SQLite дерекқоры",
            "",
        ),
        "missing_layer": (
            "region.gpkg ішінде қабат жоқ",
            "{columns} бағандары бар {layer} қабатын қосыңыз",
        ),
        "missing_layer.close": (
            "region.gpkg ішінде қабат жоқ",
            "{columns} бағандары бар {layer} қабатын қосыңыз; файлда {close} қабаты бар: оның "
            "атын өзгертіңіз",
        ),
        "unreadable_layer": (
            "GDAL қабатты оқи алмайды: {error}",
            "зақымды табу үшін файлды QGIS-те ашыңыз немесе `ogrinfo -al region.gpkg` "
            "орындаңыз; қабатты бастапқы көзден қайта экспорттаңыз",
        ),
        "encoding": (
            "{rows} мән UTF-8 емес",
            "GeoPackage мәтіні UTF-8 болуы керек; қабатты бастапқы көзден дұрыс кодтауды "
            "көрсетіп қайта экспорттаңыз",
        ),
        "encoding.cp1251": (
            "{rows} мән UTF-8 емес",
            "GeoPackage мәтіні UTF-8 болуы керек; қабатты бастапқы көзден дұрыс кодтауды "
            "көрсетіп қайта экспорттаңыз (Windows-1251 сияқты)",
        ),
        "encoding.names": (
            "қабатта UTF-8 емес мәтін бар (баған атауында немесе метадеректерде)",
            "GeoPackage мәтіні UTF-8 болуы керек; қабатты UTF-8 атауларымен қайта экспорттаңыз",
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
