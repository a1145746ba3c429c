"""The rebalancing report's words in Kazakh, Russian and English.

The report (:func:`~catchments.planning.export.write_report`), the command line's lines and the
planner page all say the same things: what stayed impossible, within which bounds, and the
fewest people who must move. Each is kept here as a template per language, filled from the
report's figures, so a Kazakh planner's PDF and an English one's JSON cannot disagree. The
command line's own lines are here too (``log.*``, ``option.*``, ``out.*``, ``cli.*``), so
``--lang`` leaves no English line. Numbers get the language's digit grouping
(:func:`catchments.messages.format_number`), a number that counts a noun agrees with it
(``{hops:квартал|квартала|кварталов}``, filled by :func:`catchments.messages.fill`), and
district models get their names from :data:`catchments.messages.NAMES`, as the attachment
decisions do.

Kazakh follows the terms of the attachment rules (учаске "district", бекіту "attachment",
норматив "norm"); "FTE" is мөлшерлеме / ставка, as on the planner page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

from catchments.messages import NAMES, Language, fill, format_decimal, format_number

if TYPE_CHECKING:
    from .solver import RebalanceOptions

__all__ = [
    "LOAD_COLUMNS",
    "MOVES_COLUMNS",
    "REPORT_TEXT",
    "SHORTFALL_COLUMNS",
    "SUMMARY_FIGURES",
    "bounds_text",
    "model_name",
    "percent",
    "posts",
    "problem_text",
    "report_text",
    "shortfall_line",
    "summary_rows",
    "summary_value",
]

SUMMARY_FIGURES: Final = (
    "status",
    "buildings_moved",
    "people_moved",
    "people_served",
    "moved_share",
    "newly_covered",
    "travel_before_min",
    "travel_after_min",
    "over_before",
    "over_after",
    "max_load_pct_before",
    "max_load_pct_after",
    "moves_allowed",
    "least_moves_to_meet_norms",
    "norms_unreachable",
    "tiles",
    "variables",
    "seconds",
)
"""The report summary's figures, in the order the report lists them."""

LOAD_COLUMNS: Final = (
    "district_id",
    "clinic_id",
    "model",
    "doctors",
    "norm",
    "attached",
    "capacity",
    "expected_before",
    "expected_after",
    "per_doctor_before",
    "per_doctor_after",
    "load_pct_before",
    "load_pct_after",
    "remaining_after",
    "over_after",
)
"""The load table's columns (``RebalanceReport.load`` with its index as the first)."""

MOVES_COLUMNS: Final = (
    "building_id",
    "street",
    "housenumber",
    "residents",
    "moved_people",
    "adult_before",
    "adult_after",
    "pediatric_before",
    "pediatric_after",
    "clinic_before",
    "clinic_after",
    "travel_before_min",
    "travel_after_min",
)
"""The moves table's columns (``RebalanceReport.moves``)."""

SHORTFALL_COLUMNS: Final = (
    "clinic_id",
    "model",
    "districts",
    "over_people",
    "doctors_needed",
    "doctors_needed_as_drawn",
)
"""What stays impossible as figures (``RebalanceReport.impossible`` but its ``message``)."""

_EN: Final[Mapping[str, str]] = {
    "title": "Rebalancing report",
    "heading.summary": "Summary",
    "heading.impossible": "What stays impossible",
    "heading.maps": "Maps",
    "heading.changed": "Districts whose load changed",
    "heading.moves": "Buildings that move ({total}; first {shown})",
    "map.before": "Adult districts before: % of the norm",
    "map.after": "Adult districts after: % of the norm",
    "map.by_clinic": "Adult districts after, by clinic",
    "map.legend": "% of the norm",
    "map.alt": "map",
    "column.figure": "Figure",
    "column.value": "Value",
    "all_met": "every district meets its norm",
    "percent": "{value}%",
    "yes": "yes",
    "no": "no",
    "none": "—",
    "status.optimal": "optimal (proven)",
    "status.feasible": "feasible (the time limit ended the search)",
    "status.unsolved": "no plan found in time; the current districts are kept",
    "status.optimal.short": "proven optimal",
    "status.feasible.short": "time limit reached",
    "status.unsolved.short": "no plan found in time",
    "status.stopped": "stopped on request; the best plan found by then",
    "status.stopped.short": "stopped on request",
    "log.reading": "reading {region} ...",
    "log.travel": "travel times ({mode}) ...",
    "log.least_moves": "the fewest moves (LP bound) ...",
    "log.rebalancing": "rebalancing (up to {limit} s; Ctrl-C stops it with the best plan so far) "
    "...",
    "log.progress": "  {spent} of {limit} s: {over:person|people} over a norm, {moved} moved",
    "log.stopping": "stopping the search; the best plan so far follows (Ctrl-C again to quit "
    "without it) ...",
    "log.wrote": "wrote {path}",
    "status.settled": "finished early (the search ended before its time limit; more time would "
    "not change the plan)",
    "status.settled.short": "the search ended before its time limit",
    "summary.status": "Solver",
    "summary.buildings_moved": "Buildings that change district",
    "summary.people_moved": "People who change district",
    "summary.people_served": "People served",
    "summary.moved_share": "Share of those served who change district",
    "summary.newly_covered": "People newly inside a territory",
    "summary.travel_before_min": "Travel to the clinic before, person-minutes",
    "summary.travel_after_min": "Travel to the clinic after, person-minutes",
    "summary.over_before": "Expected attached over the norm before",
    "summary.over_after": "Expected attached over the norm after",
    "summary.max_load_pct_before": "Highest load before, % of the norm",
    "summary.max_load_pct_after": "Highest load after, % of the norm",
    "summary.moves_allowed": "Most people the moves bound allows to change district",
    "summary.least_moves_to_meet_norms": "Fewest who must change district for every norm "
    "(LP bound)",
    "summary.norms_unreachable": "No plan within the bounds meets every norm",
    "summary.tiles": "Planning blocks",
    "summary.variables": "Solver variables",
    "summary.seconds": "Seconds",
    "column.district_id": "District",
    "column.clinic_id": "Clinic",
    "column.model": "Doctor",
    "column.doctors": "Doctors (FTE)",
    "column.norm": "Norm per doctor",
    "column.attached": "Attached (register)",
    "column.capacity": "Places the norm allows",
    "column.expected_before": "Expected attached before",
    "column.expected_after": "Expected attached after",
    "column.per_doctor_before": "Per doctor before",
    "column.per_doctor_after": "Per doctor after",
    "column.load_pct_before": "% of norm before",
    "column.load_pct_after": "% of norm after",
    "column.remaining_after": "Places left after",
    "column.over_after": "Over the norm after",
    "column.districts": "Districts",
    "column.over_people": "Over the norm",
    "column.doctors_needed": "More doctors needed (FTE)",
    "column.doctors_needed_as_drawn": "Without re-cutting the districts (FTE)",
    "column.building_id": "Building",
    "column.street": "Street",
    "column.housenumber": "House",
    "column.residents": "Residents",
    "column.moved_people": "People who change district",
    "column.adult_before": "Adult district before",
    "column.adult_after": "Adult district after",
    "column.pediatric_before": "Pediatric district before",
    "column.pediatric_after": "Pediatric district after",
    "column.clinic_before": "Clinic before",
    "column.clinic_after": "Clinic after",
    "column.travel_before_min": "Minutes to the clinic before",
    "column.travel_after_min": "Minutes to the clinic after",
    "bounds.share": "at most {share} of people moved",
    "bounds.travel": "at most {minutes} min to a new clinic",
    "bounds.reach": "at most {hops:block|blocks} outwards",
    "bounds.none": "no bounds",
    "doctors.gp": "GPs",
    "doctors.therapist": "therapists",
    "doctors.pediatric_0_6": "pediatricians for children aged 0–6",
    "doctors.pediatric_0_14": "pediatricians for children aged 0–14",
    # Posts come in quarters, so "FTE of" counts them: "1 more FTE of GPs", "0.25 more ...".
    "shortfall": "{clinic} needs {needed} more FTE of {doctors} if it re-cuts these districts "
    "around the new posts, {as_drawn} as they are drawn: {people:person|people} expected "
    "attached over the norm in {districts} that the rebalanced plan could not place within "
    "reach ({status}; {bounds})",
    "floor.unreachable": "No plan within these bounds ({bounds}) meets every norm, however many "
    "people move: even the LP relaxation leaves people over a norm",
    "floor.least": "Meeting every norm within these bounds ({bounds}) needs at least "
    "{least:person|people} ({share} of those served) to change district (LP bound)",
    "floor.moved": "; this plan moves {moved}",
    "floor.short": ", so no plan within the moves bound ({allowed}) meets every norm",
    "floor.of_allowed": " of the {allowed} the moves bound allows",
    "floor.allows": "; the moves bound allows {allowed}",
    "problem.no_doctors": "no district has a doctor (FTE), so there is no norm to balance "
    "against; set each district's doctors in the districts layer (an OSM import leaves them at "
    "0), or try posts with --doctors DISTRICT=FTE",
    "problem.doctors_implausible": "{district} would have {doctors:doctor|doctors} (FTE); a "
    "district has a few posts at most: check the number",
    "problem.no_clinic_left": "the scenario closes every clinic of the region ({clinics}), so "
    "no clinic would remain to take their {people:resident|residents}; keep a clinic open or "
    "open a new one in the same scenario",
    "problem.district_closed": "{district} belongs to clinic {clinic}, which this scenario "
    "closes; change its doctors in a scenario that keeps {clinic} open",
    "problem.doctors_negative": "{district} would be left with {doctors:doctor|doctors} (FTE); "
    "remove at most the {current} it has",
    "problem.point_outside": "the new clinic's point ({lon}, {lat}) is {km} km outside the "
    "region's buildings; check it (longitude first, then latitude)",
    "problem.no_district": "there is no district {district} in this region",
    "problem.no_clinic": "there is no clinic {clinic} in this region",
    "problem.population_outside": "no population polygon ({polygons:polygon|polygons} in all) "
    "overlaps a district of the region: are they another region's, or are longitude and "
    "latitude swapped?",
    "problem.population_zero": "the population polygons over the region's districts "
    "({polygons:polygon|polygons}) count nobody: every age band ({bands}) is 0 there; fill in "
    "the counts",
    # The command line's own lines (catchments/planning_cli.py).
    "mode.walk": "walk",
    "mode.drive": "drive",
    "cli.interrupted": "interrupted",
    "cli.all_met": "every district meets its norm: nobody needs to move",
    "cli.lp_unsolved": "the LP was not solved within --time-limit {limit} s; allow more",
    "option.max_move_share": "--max-move-share must be in [0, 1], got {got}",
    "option.max_travel_min": "--max-travel-min must be positive, got {got}",
    "option.time_limit": "--time-limit must be a positive number of seconds, got {got}",
    "option.max_reach": "--max-reach must be from 1 to {max:block|blocks} (default {default}), "
    "got {got}",
    "option.cell_m": "--cell-m must be a size in metres from {min} to {max} (a block or two; "
    "default {default}), got {got}",
    "option.workers": "--workers must be from 1 to {max:thread|threads} (this machine has "
    "{cores:core|cores}), got {got}",
    "option.show": "--show must be 0 or more moves, got {got}",
    "option.doctors_format": "--doctors must be DISTRICT=FTE, e.g. D-04M3=1.25; got {value!r}",
    "option.doctors_no_district": "--doctors must name a district before '=': got {value!r}",
    "option.doctors_twice": "--doctors names {district} twice ({first!r} and {second!r}); give "
    "each district once",
    "option.doctors_range": "--doctors {value!r}: a district's doctors must be from 0 to {max} FTE",
    "option.population_rebalance": "--population gives the current districts' load; a "
    "rebalancing moves buildings, so it counts their residents: drop --population or "
    "--rebalance",
    "out.not_folder": "--out {out} is a file, not a folder; pass a folder to write into",
    "out.create": "--out {out}: cannot create that folder ({reason}); pass a folder you can "
    "write to (it is created if missing)",
    "out.write": "--out {out}: writing {file} failed ({reason}); free some space or pass "
    "another folder",
    "out.a_file": "a file",
    "out.empty": "--out is empty; pass a folder to write into",
    "out.not_writable": "--out {out}: cannot write into that folder ({reason}); pass a folder "
    "you can write to",
    "out.name_taken": "--out {out}: {name} there is a folder, and the command writes a file of "
    "that name; move it away or pass another folder",
    "option.doctors_unknown": "--doctors {value}: no district {district} in this region; did you "
    "mean {suggestion}?",
    "option.doctors_unknown_none": "--doctors {value}: no district {district} in this region; "
    "name a district of its districts layer, e.g. {example}",
    "problem.too_many_tiles": "cells of {cell_m} m would cut this region into about "
    "{tiles:block|blocks}, more than the {most} a rebalancing can take in reasonable time and "
    "memory; use --cell-m {suggested} or more",
    "problem.districts_overlap": "districts of the same kind overlap by more than {share} of "
    "the smaller one ({pairs:pair|pairs}): {named}; a building belongs to one district of each "
    "kind, so fix their polygons before rebalancing",
    "problem.grid_too_large": "the districts and buildings span {size} km: {cells:cell|cells} of "
    "{cell_m} m, more than the {most} a region is cut into; use a larger --cell-m, or look for "
    "buildings far from the others",
    "problem.grid_too_large_far": "the districts and buildings span {size} km: "
    "{cells:cell|cells} of {cell_m} m, more than the {most} a region is cut into; "
    "{far:district lies|districts lie} far from the region's buildings ({shown}): check their "
    "geometry (swapped longitude and latitude, or another CRS)",
    # The report of the current districts (``emhana export --report`` without --rebalance).
    "title.load": "District load report",
    "heading.load": "Load of every district",
    "map.now": "Adult districts now: % of the norm",
    "map.by_clinic_now": "Adult districts now, by clinic",
    "load.districts": "Districts",
    "load.doctors": "Doctors (FTE)",
    "load.served": "People served",
    "load.attached": "Attached (register)",
    "load.over_districts": "Districts over their norm",
    "load.over_people": "Attached over the norm",
    "load.max_load_pct": "Highest load, % of the norm",
    "load.without_doctor": "Districts with people attached and no doctor",
    "column.served": "People served",
    "column.expected_attached": "Expected attached",
    "column.people_per_doctor": "Per doctor",
    "column.pct_of_norm": "% of norm",
    "column.remaining": "Places left",
}

_RU: Final[Mapping[str, str]] = {
    "title": "Отчёт о перераспределении участков",
    "heading.summary": "Итоги",
    "heading.impossible": "Что остаётся невозможным",
    "heading.maps": "Карты",
    "heading.changed": "Участки, нагрузка которых изменилась",
    "heading.moves": "Здания, которые меняют участок ({total}; первые {shown})",
    "map.before": "Взрослые участки до: % норматива",
    "map.after": "Взрослые участки после: % норматива",
    "map.by_clinic": "Взрослые участки после, по поликлиникам",
    "map.legend": "% норматива",
    "map.alt": "карта",
    "column.figure": "Показатель",
    "column.value": "Значение",
    "all_met": "каждый участок укладывается в норматив",
    "percent": "{value}\u00a0%",
    "yes": "да",
    "no": "нет",
    "none": "—",
    "status.optimal": "оптимальный (доказано)",
    "status.feasible": "допустимый (поиск остановлен по времени)",
    "status.unsolved": "план за отведённое время не найден; участки оставлены как есть",
    "status.optimal.short": "оптимум доказан",
    "status.feasible.short": "достигнут предел времени",
    "status.unsolved.short": "план не найден за отведённое время",
    "status.stopped": "остановлен по запросу; лучший план, найденный к этому моменту",
    "status.stopped.short": "остановлен по запросу",
    "log.reading": "чтение {region} ...",
    "log.travel": "время в пути ({mode}) ...",
    "log.least_moves": "наименьшее число перемещений (оценка ЛП) ...",
    "log.rebalancing": "перераспределение (до {limit} с; Ctrl-C останавливает его с лучшим "
    "найденным планом) ...",
    "log.progress": "  {spent} из {limit} с: сверх норматива {over:человек|человека|человек}, "
    "перемещено {moved}",
    "log.stopping": "поиск останавливается; далее лучший найденный план (повторный Ctrl-C — "
    "выйти без него) ...",
    "log.wrote": "записан {path}",
    "status.settled": "завершён досрочно (поиск закончился до предела времени; больше времени "
    "план не изменит)",
    "status.settled.short": "поиск закончился до предела времени",
    "summary.status": "Решатель",
    "summary.buildings_moved": "Здания, которые меняют участок",
    "summary.people_moved": "Люди, которые меняют участок",
    "summary.people_served": "Обслуживаемое население",
    "summary.moved_share": "Доля обслуживаемых, которые меняют участок",
    "summary.newly_covered": "Впервые вошли в территорию обслуживания",
    "summary.travel_before_min": "Путь до поликлиники до, человеко-минут",
    "summary.travel_after_min": "Путь до поликлиники после, человеко-минут",
    "summary.over_before": "Ожидаемо прикреплённых сверх норматива до",
    "summary.over_after": "Ожидаемо прикреплённых сверх норматива после",
    "summary.max_load_pct_before": "Наибольшая нагрузка до, % норматива",
    "summary.max_load_pct_after": "Наибольшая нагрузка после, % норматива",
    "summary.moves_allowed": "Предел перемещений: сколько людей может сменить участок",
    "summary.least_moves_to_meet_norms": "Наименьшее число людей, которые должны сменить "
    "участок, чтобы выполнить все нормативы (оценка ЛП)",
    "summary.norms_unreachable": "Ни один план в этих пределах не выполняет все нормативы",
    "summary.tiles": "Расчётные кварталы",
    "summary.variables": "Переменные решателя",
    "summary.seconds": "Секунды",
    "column.district_id": "Участок",
    "column.clinic_id": "Медорганизация",
    "column.model": "Врач",
    "column.doctors": "Врачей (ставок)",
    "column.norm": "Норматив на врача",
    "column.attached": "Прикреплено (регистр)",
    "column.capacity": "Мест по нормативу",
    "column.expected_before": "Ожидаемо прикреплённых до",
    "column.expected_after": "Ожидаемо прикреплённых после",
    "column.per_doctor_before": "На одного врача до",
    "column.per_doctor_after": "На одного врача после",
    "column.load_pct_before": "% норматива до",
    "column.load_pct_after": "% норматива после",
    "column.remaining_after": "Свободных мест после",
    "column.over_after": "Сверх норматива после",
    "column.districts": "Участки",
    "column.over_people": "Сверх норматива",
    "column.doctors_needed": "Нужно ещё врачей (ставок)",
    "column.doctors_needed_as_drawn": "Без перекройки участков (ставок)",
    "column.building_id": "Здание",
    "column.street": "Улица",
    "column.housenumber": "Дом",
    "column.residents": "Жителей",
    "column.moved_people": "Меняют участок, человек",
    "column.adult_before": "Взрослый участок до",
    "column.adult_after": "Взрослый участок после",
    "column.pediatric_before": "Педиатрический участок до",
    "column.pediatric_after": "Педиатрический участок после",
    "column.clinic_before": "Поликлиника до",
    "column.clinic_after": "Поликлиника после",
    "column.travel_before_min": "Минут до поликлиники до",
    "column.travel_after_min": "Минут до поликлиники после",
    "bounds.share": "участок меняют не более {share} людей",
    "bounds.travel": "не более {minutes} мин до новой поликлиники",
    "bounds.reach": "участок растёт наружу не более чем на {hops:квартал|квартала|кварталов}",
    "bounds.none": "без ограничений",
    "doctors.gp": "врача общей практики",
    "doctors.therapist": "участкового терапевта",
    "doctors.pediatric_0_6": "участкового педиатра (дети 0–6 лет)",
    "doctors.pediatric_0_14": "участкового педиатра (дети 0–14 лет)",
    "shortfall": "{clinic}: дополнительных ставок {doctors} нужно {needed}, если перекроить эти "
    "участки под новые ставки, и {as_drawn} при нынешних границах: на участках {districts} "
    "сверх норматива остаются ожидаемо прикреплённые ({people:человек|человека|человек}), "
    "перераспределение не смогло разместить их в пределах досягаемости ({status}; {bounds})",
    "floor.unreachable": "Ни один план в этих пределах ({bounds}) не выполняет все нормативы, "
    "сколько бы людей ни сменило участок: даже ЛП-релаксация оставляет людей сверх норматива",
    "floor.least": "Чтобы выполнить все нормативы в этих пределах ({bounds}), участок должны "
    "сменить не менее {least:человека|человек|человек} ({share} обслуживаемых; оценка ЛП)",
    "floor.moved": "; этот план перемещает {moved}",
    "floor.short": ", поэтому ни один план в пределе перемещений ({allowed}) не выполняет все "
    "нормативы",
    "floor.of_allowed": " из {allowed:допустимого|допустимых|допустимых} пределом перемещений",
    "floor.allows": "; предел перемещений допускает {allowed}",
    "problem.no_doctors": "ни на одном участке нет врачей (ставок), поэтому балансировать не с "
    "чем; укажите врачей каждого участка в слое districts (импорт из OSM оставляет 0) или "
    "попробуйте ставки через --doctors УЧАСТОК=СТАВКИ",
    "problem.doctors_implausible": "на участке {district} было бы "
    "{doctors:врач|врача|врачей} (ставок); у участка не больше нескольких ставок: проверьте число",
    "problem.no_clinic_left": "сценарий закрывает все медорганизации региона ({clinics}), и не "
    "останется ни одной, чтобы принять их {people:жителя|жителей|жителей}; оставьте одну "
    "открытой или откройте новую в том же сценарии",
    "problem.district_closed": "участок {district} относится к медорганизации {clinic}, которую "
    "этот сценарий закрывает; меняйте его врачей в сценарии, где {clinic} остаётся открытой",
    "problem.doctors_negative": "на участке {district} осталось бы "
    "{doctors:врач|врача|врачей} (ставок); снять можно не больше имеющихся {current}",
    "problem.point_outside": "точка новой поликлиники ({lon}, {lat}) лежит в {km} км от зданий "
    "региона; проверьте её (сначала долгота, затем широта)",
    "problem.no_district": "в этом регионе нет участка {district}",
    "problem.no_clinic": "в этом регионе нет медорганизации {clinic}",
    "problem.population_outside": "ни один полигон населения (всего "
    "{polygons:полигон|полигона|полигонов}) не пересекается с участками региона: не другого ли "
    "они региона, не перепутаны ли долгота и широта?",
    "problem.population_zero": "в полигонах населения над участками региона (всего "
    "{polygons:полигон|полигона|полигонов}) никто не учтён: все возрастные группы ({bands}) "
    "равны 0; заполните численность",
    "mode.walk": "пешком",
    "mode.drive": "на машине",
    "cli.interrupted": "прервано",
    "cli.all_met": "каждый участок укладывается в норматив: никому не нужно менять участок",
    "cli.lp_unsolved": "ЛП не решена за --time-limit {limit} с; дайте больше времени",
    "option.max_move_share": "--max-move-share должен быть в пределах [0, 1], задано {got}",
    "option.max_travel_min": "--max-travel-min должен быть положительным, задано {got}",
    "option.time_limit": "--time-limit — положительное число секунд, задано {got}",
    # genitive after "до": до 1 квартала, до 2 и 20 кварталов
    "option.max_reach": "--max-reach — от 1 до {max:квартала|кварталов|кварталов} (по умолчанию "
    "{default}), задано {got}",
    "option.cell_m": "--cell-m — размер в метрах от {min} до {max} (квартал-другой; по "
    "умолчанию {default}), задано {got}",
    "option.workers": "--workers — от 1 до {max:потока|потоков|потоков} (у этой машины "
    "{cores:ядро|ядра|ядер}), задано {got}",
    "option.show": "--show — число перемещений, не меньше 0; задано {got}",
    "option.doctors_format": "--doctors задаётся как УЧАСТОК=СТАВКИ, например D-04M3=1.25 "
    "(дробь через точку); задано {value!r}",
    "option.doctors_no_district": "--doctors: перед '=' нужен участок; задано {value!r}",
    "option.doctors_twice": "--doctors называет участок {district} дважды ({first!r} и "
    "{second!r}); укажите каждый участок один раз",
    "option.doctors_range": "--doctors {value!r}: врачей на участке должно быть от 0 до "
    "{max:ставки|ставок|ставок}",
    "option.population_rebalance": "--population даёт нагрузку нынешних участков, а "
    "перераспределение перемещает здания и считает их жителей: уберите --population или "
    "--rebalance",
    "out.not_folder": "--out {out} — это файл, а не папка; укажите папку для записи",
    "out.create": "--out {out}: не удаётся создать эту папку ({reason}); укажите папку, в "
    "которую можно писать (если её нет, она будет создана)",
    "out.write": "--out {out}: не удалось записать {file} ({reason}); освободите место или "
    "укажите другую папку",
    "out.a_file": "файл",
    "out.empty": "--out пуст; укажите папку для записи",
    "out.not_writable": "--out {out}: в эту папку нельзя писать ({reason}); укажите папку, в "
    "которую можно писать",
    "out.name_taken": "--out {out}: {name} там — папка, а команда записывает файл с таким "
    "именем; уберите её или укажите другую папку",
    "option.doctors_unknown": "--doctors {value}: в этом регионе нет участка {district}; может "
    "быть, {suggestion}?",
    "option.doctors_unknown_none": "--doctors {value}: в этом регионе нет участка {district}; "
    "укажите участок из слоя districts, например {example}",
    "problem.too_many_tiles": "ячейки по {cell_m} м разрезали бы этот регион примерно на "
    "{tiles:квартал|квартала|кварталов}, а перераспределение за разумное время и в разумной "
    "памяти справляется не более чем с {most}; укажите --cell-m {suggested} или больше",
    "problem.districts_overlap": "участки одного вида перекрываются более чем на {share} "
    "площади меньшего ({pairs:пара|пары|пар}): {named}; здание относится к одному участку "
    "каждого вида, поэтому исправьте их полигоны перед перераспределением",
    "problem.grid_too_large": "участки и здания занимают {size} км: "
    "{cells:ячейка|ячейки|ячеек} по {cell_m} м, больше {most}, на которые делится регион; "
    "укажите --cell-m побольше или поищите здания вдали от остальных",
    "problem.grid_too_large_far": "участки и здания занимают {size} км: "
    "{cells:ячейка|ячейки|ячеек} по {cell_m} м, больше {most}, на которые делится регион; "
    "{far:участок лежит|участка лежат|участков лежат} далеко от зданий региона ({shown}): "
    "проверьте их геометрию (перепутаны долгота и широта или указана другая CRS)",
    "title.load": "Отчёт о нагрузке участков",
    "heading.load": "Нагрузка каждого участка",
    "map.now": "Взрослые участки сейчас: % норматива",
    "map.by_clinic_now": "Взрослые участки сейчас, по поликлиникам",
    "load.districts": "Участки",
    "load.doctors": "Врачей (ставок)",
    "load.served": "Обслуживаемое население",
    "load.attached": "Прикреплено (регистр)",
    "load.over_districts": "Участки сверх норматива",
    "load.over_people": "Прикреплённых сверх норматива",
    "load.max_load_pct": "Наибольшая нагрузка, % норматива",
    "load.without_doctor": "Участки с прикреплёнными, но без врача",
    "column.served": "Обслуживаемых жителей",
    "column.expected_attached": "Ожидаемо прикреплённых",
    "column.people_per_doctor": "На одного врача",
    "column.pct_of_norm": "% норматива",
    "column.remaining": "Свободных мест",
}

_KK: Final[Mapping[str, str]] = {
    "title": "Учаскелерді қайта бөлу туралы есеп",
    "heading.summary": "Қорытынды",
    "heading.impossible": "Не мүмкін емес болып қалады",
    "heading.maps": "Карталар",
    "heading.changed": "Жүктемесі өзгерген учаскелер",
    "heading.moves": "Учаскесі өзгеретін ғимараттар ({total}; алғашқы {shown})",
    "map.before": "Ересектер учаскелері бұрын: нормативтің %-ы",
    "map.after": "Ересектер учаскелері кейін: нормативтің %-ы",
    "map.by_clinic": "Ересектер учаскелері кейін, емханалар бойынша",
    "map.legend": "нормативтің %-ы",
    "map.alt": "карта",
    "column.figure": "Көрсеткіш",
    "column.value": "Мәні",
    "all_met": "әр учаске нормативке сай",
    "percent": "{value}\u00a0%",
    "yes": "иә",
    "no": "жоқ",
    "none": "—",
    "status.optimal": "оңтайлы (дәлелденген)",
    "status.feasible": "жарамды (іздеу уақыт шегінде тоқтады)",
    "status.unsolved": "уақытында жоспар табылмады; учаскелер бұрынғысынша қалды",
    "status.optimal.short": "оңтайлылығы дәлелденген",
    "status.feasible.short": "уақыт шегіне жетті",
    "status.unsolved.short": "уақытында жоспар табылмады",
    "status.stopped": "сұрау бойынша тоқтатылды; осы сәтке дейін табылған ең жақсы жоспар",
    "status.stopped.short": "сұрау бойынша тоқтатылды",
    "log.reading": "{region} оқылуда ...",
    "log.travel": "жол уақыты ({mode}) ...",
    "log.least_moves": "ең аз ауыстыру саны (СБ бағасы) ...",
    "log.rebalancing": "қайта бөлу ({limit} с дейін; Ctrl-C оны табылған ең жақсы жоспармен "
    "тоқтатады) ...",
    "log.progress": "  {spent} / {limit} с: нормативтен тыс {over}, ауыстырылды {moved}",
    "log.stopping": "іздеу тоқтатылуда; төменде табылған ең жақсы жоспар (Ctrl-C қайта басылса — "
    "онсыз шығу) ...",
    "log.wrote": "жазылды: {path}",
    "status.settled": "мерзімінен бұрын аяқталды (іздеу уақыт шегіне дейін аяқталды; қосымша "
    "уақыт жоспарды өзгертпейді)",
    "status.settled.short": "іздеу уақыт шегіне дейін аяқталды",
    "summary.status": "Шешуші",
    "summary.buildings_moved": "Учаскесі өзгеретін ғимараттар",
    "summary.people_moved": "Учаскесі өзгеретін адамдар",
    "summary.people_served": "Қызмет көрсетілетін адамдар",
    "summary.moved_share": "Қызмет көрсетілетіндердің учаскесі өзгеретін үлесі",
    "summary.newly_covered": "Қызмет көрсету аумағына жаңадан кіргендер",
    "summary.travel_before_min": "Емханаға дейінгі жол бұрын, адам-минут",
    "summary.travel_after_min": "Емханаға дейінгі жол кейін, адам-минут",
    "summary.over_before": "Нормативтен тыс күтілетін бекітілгендер бұрын",
    "summary.over_after": "Нормативтен тыс күтілетін бекітілгендер кейін",
    "summary.max_load_pct_before": "Ең жоғары жүктеме бұрын, нормативтің %-ы",
    "summary.max_load_pct_after": "Ең жоғары жүктеме кейін, нормативтің %-ы",
    "summary.moves_allowed": "Ауыстыру шегі: учаскесін ауыстыра алатын адамдар",
    "summary.least_moves_to_meet_norms": "Барлық норматив орындалуы үшін учаскесін ауыстыруы "
    "тиіс ең аз адам саны (СБ бағасы)",
    "summary.norms_unreachable": "Бұл шектерде ешбір жоспар барлық нормативті орындамайды",
    "summary.tiles": "Есептік кварталдар",
    "summary.variables": "Шешуші айнымалылары",
    "summary.seconds": "Секунд",
    "column.district_id": "Учаске",
    "column.clinic_id": "Медициналық ұйым",
    "column.model": "Дәрігер",
    "column.doctors": "Дәрігерлер (мөлшерлеме)",
    "column.norm": "Бір дәрігерге норматив",
    "column.attached": "Бекітілген (тіркелім)",
    "column.capacity": "Норматив бойынша орын",
    "column.expected_before": "Күтілетін бекітілгендер бұрын",
    "column.expected_after": "Күтілетін бекітілгендер кейін",
    "column.per_doctor_before": "Бір дәрігерге бұрын",
    "column.per_doctor_after": "Бір дәрігерге кейін",
    "column.load_pct_before": "Нормативтің %-ы бұрын",
    "column.load_pct_after": "Нормативтің %-ы кейін",
    "column.remaining_after": "Бос орын кейін",
    "column.over_after": "Нормативтен тыс кейін",
    "column.districts": "Учаскелер",
    "column.over_people": "Нормативтен тыс",
    "column.doctors_needed": "Қосымша дәрігерлер керек (мөлшерлеме)",
    "column.doctors_needed_as_drawn": "Учаскелерді қайта бөлмей (мөлшерлеме)",
    "column.building_id": "Ғимарат",
    "column.street": "Көше",
    "column.housenumber": "Үй",
    "column.residents": "Тұрғындар",
    "column.moved_people": "Учаскесі өзгеретін адамдар",
    "column.adult_before": "Ересектер учаскесі бұрын",
    "column.adult_after": "Ересектер учаскесі кейін",
    "column.pediatric_before": "Педиатриялық учаске бұрын",
    "column.pediatric_after": "Педиатриялық учаске кейін",
    "column.clinic_before": "Емхана бұрын",
    "column.clinic_after": "Емхана кейін",
    "column.travel_before_min": "Емханаға дейін минут, бұрын",
    "column.travel_after_min": "Емханаға дейін минут, кейін",
    "bounds.share": "адамдардың ең көбі {share} учаскесін ауыстырады",
    "bounds.travel": "жаңа емханаға дейін ең көбі {minutes} мин",
    "bounds.reach": "учаске сыртқа қарай ең көбі {hops} кварталға өседі",
    "bounds.none": "шектеусіз",
    "doctors.gp": "жалпы практика дәрігерінің",
    "doctors.therapist": "учаскелік терапевтің",
    "doctors.pediatric_0_6": "учаскелік педиатрдың (0–6 жастағы балалар)",
    "doctors.pediatric_0_14": "учаскелік педиатрдың (0–14 жастағы балалар)",
    "shortfall": "{clinic}: осы учаскелер жаңа штаттарға қарай қайта бөлінсе, {doctors} "
    "қосымша {needed} мөлшерлеме, қазіргі шекаралармен {as_drawn} қажет: {districts} "
    "учаскелерінде нормативтен тыс {people} күтілетін бекітілген адамды қайта бөлу жетімділік "
    "шегінде орналастыра алмады ({status}; {bounds})",
    "floor.unreachable": "Бұл шектерде ({bounds}) қанша адам учаскесін ауыстырса да, ешбір "
    "жоспар барлық нормативті орындамайды: тіпті СБ релаксациясы нормативтен тыс адамдарды "
    "қалдырады",
    "floor.least": "Бұл шектерде ({bounds}) барлық нормативті орындау үшін кемінде {least} адам "
    "(қызмет көрсетілетіндердің {share}) учаскесін ауыстыруы керек (СБ бағасы)",
    "floor.moved": "; бұл жоспар {moved} адамды ауыстырады",
    "floor.short": ", сондықтан ауыстыру шегіндегі ({allowed}) ешбір жоспар барлық нормативті "
    "орындамайды",
    "floor.of_allowed": ", ауыстыру шегі {allowed} адамға рұқсат береді",
    "floor.allows": "; ауыстыру шегі {allowed} адамға рұқсат береді",
    "problem.no_doctors": "бірде-бір учаскеде дәрігер (мөлшерлеме) жоқ, сондықтан теңгеретін "
    "норма жоқ; әр учаскенің дәрігерлерін districts қабатында көрсетіңіз (OSM импорты 0 "
    "қалдырады) немесе мөлшерлемелерді --doctors УЧАСКЕ=МӨЛШЕРЛЕМЕ арқылы байқап көріңіз",
    "problem.doctors_implausible": "{district} учаскесінде {doctors} дәрігер (мөлшерлеме) болар "
    "еді; учаскеде бірнеше мөлшерлемеден артық болмайды: санды тексеріңіз",
    "problem.no_clinic_left": "сценарий өңірдің барлық медициналық ұйымын жабады ({clinics}), "
    "сондықтан олардың {people} тұрғынын қабылдайтын бірде-бір ұйым қалмайды; біреуін ашық "
    "қалдырыңыз немесе сол сценарийде жаңасын ашыңыз",
    "problem.district_closed": "{district} учаскесі {clinic} медициналық ұйымына тиесілі, ал бұл "
    "сценарий оны жабады; оның дәрігерлерін {clinic} ашық қалатын сценарийде өзгертіңіз",
    "problem.doctors_negative": "{district} учаскесінде {doctors} дәрігер (мөлшерлеме) қалар "
    "еді; бар {current} мөлшерлемеден артық алып тастауға болмайды",
    "problem.point_outside": "жаңа емхананың нүктесі ({lon}, {lat}) өңір ғимараттарынан {km} км "
    "тыс жатыр; оны тексеріңіз (алдымен бойлық, содан кейін ендік)",
    "problem.no_district": "бұл өңірде {district} учаскесі жоқ",
    "problem.no_clinic": "бұл өңірде {clinic} медициналық ұйымы жоқ",
    "problem.population_outside": "халық полигондарының ({polygons}) ешқайсысы өңір "
    "учаскелерімен қиылыспайды: олар басқа өңірдікі емес пе, бойлық пен ендік ауысып кетпеген бе?",
    "problem.population_zero": "өңір учаскелерінің үстіндегі халық полигондарында ({polygons}) "
    "ешкім есептелмеген: барлық жас топтары ({bands}) 0; халық санын толтырыңыз",
    "mode.walk": "жаяу",
    "mode.drive": "көлікпен",
    "cli.interrupted": "тоқтатылды",
    "cli.all_met": "әр учаске нормативке сай: ешкімге учаскесін ауыстырудың қажеті жоқ",
    "cli.lp_unsolved": "СБ --time-limit {limit} с ішінде шешілмеді; көбірек уақыт беріңіз",
    "option.max_move_share": "--max-move-share [0, 1] аралығында болуы керек, берілгені {got}",
    "option.max_travel_min": "--max-travel-min оң сан болуы керек, берілгені {got}",
    "option.time_limit": "--time-limit оң секунд саны болуы керек, берілгені {got}",
    "option.max_reach": "--max-reach 1 мен {max} квартал аралығында болуы керек (әдепкі "
    "{default}), берілгені {got}",
    "option.cell_m": "--cell-m метрмен берілетін өлшем, {min} мен {max} аралығында болуы керек "
    "(бір-екі квартал; әдепкі {default}), берілгені {got}",
    "option.workers": "--workers 1 мен {max} ағын аралығында болуы керек (бұл машинада {cores} "
    "ядро), берілгені {got}",
    "option.show": "--show ауыстырулар саны 0 немесе одан көп болуы керек, берілгені {got}",
    "option.doctors_format": "--doctors УЧАСКЕ=МӨЛШЕРЛЕМЕ түрінде беріледі, мысалы "
    "D-04M3=1.25 (бөлшек нүктемен); берілгені {value!r}",
    "option.doctors_no_district": "--doctors: '=' алдында учаске аталуы керек; берілгені {value!r}",
    "option.doctors_twice": "--doctors {district} учаскесін екі рет атайды ({first!r} және "
    "{second!r}); әр учаскені бір рет көрсетіңіз",
    "option.doctors_range": "--doctors {value!r}: учаске дәрігерлері 0 мен {max} мөлшерлеме "
    "аралығында болуы керек",
    "option.population_rebalance": "--population қазіргі учаскелердің жүктемесін береді, ал "
    "қайта бөлу ғимараттарды ауыстырып, олардың тұрғындарын санайды: --population немесе "
    "--rebalance алып тастаңыз",
    "out.not_folder": "--out {out} — қалта емес, файл; жазатын қалтаны көрсетіңіз",
    "out.create": "--out {out}: бұл қалтаны жасау мүмкін емес ({reason}); жазуға болатын "
    "қалтаны көрсетіңіз (жоқ болса, ол жасалады)",
    "out.write": "--out {out}: {file} жазылмады ({reason}); орын босатыңыз немесе басқа қалта "
    "көрсетіңіз",
    "out.a_file": "файл",
    "out.empty": "--out бос; жазатын қалтаны көрсетіңіз",
    "out.not_writable": "--out {out}: бұл қалтаға жазу мүмкін емес ({reason}); жазуға болатын "
    "қалтаны көрсетіңіз",
    "out.name_taken": "--out {out}: ондағы {name} — қалта, ал команда осы атаумен файл жазады; "
    "оны алып тастаңыз немесе басқа қалта көрсетіңіз",
    "option.doctors_unknown": "--doctors {value}: бұл өңірде {district} учаскесі жоқ; "
    "{suggestion} болуы мүмкін бе?",
    "option.doctors_unknown_none": "--doctors {value}: бұл өңірде {district} учаскесі жоқ; "
    "districts қабатындағы учаскені көрсетіңіз, мысалы {example}",
    "problem.too_many_tiles": "{cell_m} м ұяшықтар бұл өңірді шамамен {tiles} кварталға бөлер "
    "еді, ал қайта бөлу ақылға қонымды уақыт пен жадта ең көбі {most} кварталды өңдей алады; "
    "--cell-m {suggested} немесе одан үлкен мән беріңіз",
    "problem.districts_overlap": "бір түрдегі учаскелер кішісінің ауданының {share} астамында "
    "қабаттасады ({pairs} жұп): {named}; ғимарат әр түрдің бір ғана учаскесіне жатады, сондықтан "
    "қайта бөлу алдында олардың полигондарын түзетіңіз",
    "problem.grid_too_large": "учаскелер мен ғимараттар {size} км аумақты алады: {cell_m} "
    "м-лік {cells} ұяшық, бұл өңір бөлінетін {most} ұяшықтан көп; --cell-m мәнін үлкейтіңіз "
    "немесе басқалардан алыс тұрған ғимараттарды іздеңіз",
    "problem.grid_too_large_far": "учаскелер мен ғимараттар {size} км аумақты алады: {cell_m} "
    "м-лік {cells} ұяшық, бұл өңір бөлінетін {most} ұяшықтан көп; {far} учаске өңірдің "
    "ғимараттарынан алыс жатыр ({shown}): олардың геометриясын тексеріңіз (бойлық пен ендік "
    "ауысып кеткен немесе басқа CRS берілген)",
    "title.load": "Учаскелер жүктемесі туралы есеп",
    "heading.load": "Әр учаскенің жүктемесі",
    "map.now": "Ересектер учаскелері қазір: нормативтің %-ы",
    "map.by_clinic_now": "Ересектер учаскелері қазір, емханалар бойынша",
    "load.districts": "Учаскелер",
    "load.doctors": "Дәрігерлер (мөлшерлеме)",
    "load.served": "Қызмет көрсетілетін адамдар",
    "load.attached": "Бекітілген (тіркелім)",
    "load.over_districts": "Нормативтен асқан учаскелер",
    "load.over_people": "Нормативтен тыс бекітілгендер",
    "load.max_load_pct": "Ең жоғары жүктеме, нормативтің %-ы",
    "load.without_doctor": "Бекітілгендері бар, бірақ дәрігері жоқ учаскелер",
    "column.served": "Қызмет көрсетілетін тұрғындар",
    "column.expected_attached": "Күтілетін бекітілгендер",
    "column.people_per_doctor": "Бір дәрігерге",
    "column.pct_of_norm": "Нормативтің %-ы",
    "column.remaining": "Бос орын",
}

REPORT_TEXT: Final[Mapping[Language, Mapping[str, str]]] = {
    Language.EN: _EN,
    Language.RU: _RU,
    Language.KK: _KK,
}
"""One template per key and language; a test keeps the three on the same keys and fields."""


def report_text(key: str, lang: Language | str, **values: object) -> str:
    """The template ``key`` in ``lang``, filled by :func:`catchments.messages.fill`."""
    return fill(REPORT_TEXT[Language(lang)][key], values, lang)


def percent(share: float, lang: Language | str, *, digits: int = 1, trim: bool = False) -> str:
    """A share as a percentage with ``digits`` decimals: ``8.4%`` (en), ``8,4 %`` (ru, kk).

    ``trim`` drops trailing zeros (a bound of 10 % prints as ``10%``, one of 9.37 % as is).
    """
    value = format_decimal(100.0 * share, Language(lang), digits, trim=trim)
    return report_text("percent", lang, value=value)


def posts(value: float, lang: Language | str) -> str:
    """Doctor posts (FTE, in quarters) as written: ``0.25``, ``0.5``, ``2`` (``0,25`` in ru)."""
    return format_decimal(value, Language(lang), 2, trim=True)


def model_name(model: str, lang: Language | str) -> str:
    """A district model's name (``district therapist``) from the decisions' own table."""
    return NAMES["models"][Language(lang)].get(model, model)


def bounds_text(options: RebalanceOptions, lang: Language | str = Language.EN) -> str:
    """The bounds a plan was made within, as the report names them."""
    parts = []
    if options.max_move_share is not None:
        # Named as given: a bound of 9.37 % is not "9%", nor one of 0.01 % "0%".
        share = percent(options.max_move_share, lang, digits=4, trim=True)
        parts.append(report_text("bounds.share", lang, share=share))
    if options.max_travel_s is not None:
        # To the digits given (--max-travel-min 0.01 is not "at most 0 min"); float noise of
        # the seconds' round trip (0.01 * 60 / 60) stays below the sixth decimal.
        minutes = format_decimal(options.max_travel_s / 60.0, Language(lang), 6, trim=True)
        parts.append(report_text("bounds.travel", lang, minutes=minutes))
    if options.max_hops is not None:
        parts.append(report_text("bounds.reach", lang, hops=options.max_hops))
    return ", ".join(parts) or report_text("bounds.none", lang)


def shortfall_line(
    row: Mapping[str, object], status: str, options: RebalanceOptions, lang: Language | str
) -> str:
    """One "what stayed impossible" line from a row of ``RebalanceReport.impossible``."""
    language = Language(lang)
    model = str(row["model"])
    doctors = f"doctors.{model}"
    return report_text(
        "shortfall",
        language,
        clinic=row["clinic_id"],
        needed=posts(float(str(row["doctors_needed"])), language),
        as_drawn=posts(float(str(row["doctors_needed_as_drawn"])), language),
        doctors=report_text(doctors, language) if doctors in _EN else model,
        people=format_number(int(str(row["over_people"])), language),
        districts=row["districts"],
        status=report_text(f"status.{status}.short", language),
        bounds=bounds_text(options, language),
    )


def problem_text(code: str, params: Mapping[str, object], lang: Language | str) -> str:
    """A planning problem a planner can cause (``PlanningError.code``) worded in ``lang``.

    Numbers are written as the language writes them (``-0,5``), up to 5 decimals for
    coordinates; text values are used as they are.
    """
    language = Language(lang)
    values = {
        name: format_decimal(float(value), language, 5, trim=True)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else value
        for name, value in params.items()
    }
    return report_text(f"problem.{code}", language, **values)


def summary_rows(
    summary: Mapping[str, object], lang: Language | str, names: Iterable[str] = SUMMARY_FIGURES
) -> list[tuple[str, str]]:
    """``(label, value)`` of the summary figures ``names`` (default: all), as text in ``lang``."""
    return [
        (report_text(f"summary.{name}", lang), summary_value(name, summary[name], lang))
        for name in names
    ]


def summary_value(name: str, value: object, lang: Language | str) -> str:
    """A summary figure as people read it: grouped digits, a share in %, yes/no, a status."""
    language = Language(lang)
    if value is None:
        return report_text("none", language)
    if isinstance(value, bool):
        return report_text("yes" if value else "no", language)
    if name == "status":
        return report_text(f"status.{value}", language)
    if name == "moved_share" and isinstance(value, int | float):
        return percent(float(value), language)
    if isinstance(value, int | float):
        return format_number(value, language)
    return str(value)
