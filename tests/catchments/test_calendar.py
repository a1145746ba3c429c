"""Kazakhstan's working calendar: when requests are taken and answered (R-TIME-1, R-TIME-3,
R-TIME-4, R-CHAN-2, R-CHAN-3, R-NOTE-1).

Dates a reader can check against a 2026 calendar: Friday 18 September, Saturday 19, Sunday 20,
Monday 21. Holidays are Kazakhstan's as the ``holidays`` package lists them (printed in the ids).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
import pytest

from catchments.calendar import (
    KZ_TZ,
    SATURDAY_HOURS,
    WEEKDAY_HOURS,
    CalendarError,
    NoticeEvent,
    campaign_window,
    clinic_hours,
    due_by,
    in_campaign,
    is_public_holiday,
    is_working_day,
    local,
    notice_deadline,
    taken_at,
    within_max_wait,
)
from catchments.models import CALENDAR_YEARS, MonthDay, RuleSettings, SettingsError


def kz(moment: str) -> datetime:
    """``"2026-09-18 18:00:01"`` in Kazakhstan's time."""
    return datetime.fromisoformat(moment).replace(tzinfo=KZ_TZ)


@pytest.mark.parametrize(
    ("submitted", "taken"),
    [
        pytest.param(
            kz("2026-09-18 10:00:00"),
            kz("2026-09-18 10:00:00"),
            id="R-TIME-3/friday-morning-at-once",
        ),
        pytest.param(
            kz("2026-09-18 18:00:00"),
            kz("2026-09-18 18:00:00"),
            id="R-TIME-3/friday-18-00-00-still-taken",
        ),
        pytest.param(
            kz("2026-09-18 18:00:01"),
            kz("2026-09-19 09:00:00"),
            id="R-TIME-3/friday-18-00-01-next-day-saturday-opening",
        ),
        pytest.param(
            kz("2026-09-18 07:30:00"),
            kz("2026-09-18 08:00:00"),
            id="R-TIME-3/before-opening-taken-at-08-00",
        ),
        pytest.param(
            kz("2026-09-19 08:30:00"),
            kz("2026-09-19 09:00:00"),
            id="R-TIME-3/saturday-before-09-00",
        ),
        pytest.param(
            kz("2026-09-19 12:00:00"),
            kz("2026-09-19 12:00:00"),
            id="R-TIME-3/saturday-12-00-still-taken",
        ),
        pytest.param(
            kz("2026-09-19 12:00:01"),
            kz("2026-09-21 08:00:00"),
            id="R-TIME-3/saturday-after-12-00-monday",
        ),
        pytest.param(
            kz("2026-09-20 11:00:00"),
            kz("2026-09-21 08:00:00"),
            id="R-TIME-3/sunday-monday-opening",
        ),
        pytest.param(
            kz("2026-09-21 03:00:00"), kz("2026-09-21 08:00:00"), id="R-CHAN-3/egov-at-night"
        ),
        # Friday 8 March 2024 (Women's Day) is a holiday; Saturday 9 March is an ordinary Saturday.
        pytest.param(
            kz("2024-03-07 19:00:00"),
            kz("2024-03-09 09:00:00"),
            id="R-TIME-3/holiday-friday-then-saturday",
        ),
        # Friday 21 March 2025 (Nowruz) starts a holiday followed by a weekend (22, 23 March,
        # also Nowruz) and two observed days (24, 25 March): next clinic day is Wednesday 26.
        pytest.param(
            kz("2025-03-20 19:00:00"),
            kz("2025-03-26 08:00:00"),
            id="R-TIME-3/holiday-then-weekend-then-observed-days",
        ),
        # Wednesday 8 May 2024 is a day off substituted from Saturday 4 May, a working Saturday
        # with a weekday schedule: taken at 15:00, when a usual Saturday is closed.
        pytest.param(
            kz("2024-05-04 15:00:00"),
            kz("2024-05-04 15:00:00"),
            id="R-TIME-3/working-saturday-weekday-hours",
        ),
        pytest.param(
            kz("2024-05-07 19:00:00"),
            kz("2024-05-10 08:00:00"),
            id="R-TIME-3/substituted-day-off-skipped",
        ),
        # Sunday 5 January 2025 was a working day (paying for Friday 3 January).
        pytest.param(
            kz("2025-01-04 13:00:00"),
            kz("2025-01-05 08:00:00"),
            id="R-TIME-3/working-sunday-opens-08-00",
        ),
    ],
)
def test_taken_at(submitted: datetime, taken: datetime) -> None:
    assert taken_at(submitted) == taken


def test_r_time_3_taken_at_converts_other_offsets() -> None:
    # 13:00 UTC is 18:00 in Kazakhstan; a second later it is past the cut-off.
    assert taken_at(datetime(2026, 9, 18, 13, 0, 0, tzinfo=UTC)) == kz("2026-09-18 18:00:00")
    assert taken_at(datetime(2026, 9, 18, 13, 0, 1, tzinfo=UTC)) == kz("2026-09-19 09:00:00")
    assert taken_at(datetime(2026, 9, 18, 13, 0, 0, tzinfo=UTC)).utcoffset() == timedelta(hours=5)


@pytest.mark.parametrize(
    ("taken", "due"),
    [
        pytest.param(
            kz("2026-09-21 17:30:00"),
            kz("2026-09-22 17:30:00"),
            id="R-TIME-3/monday-17-30-tuesday-17-30",
        ),
        pytest.param(
            kz("2026-09-21 08:00:00"),
            kz("2026-09-21 20:00:00"),
            id="R-TIME-3/at-opening-due-same-evening",
        ),
        pytest.param(
            kz("2026-09-18 17:00:00"),
            kz("2026-09-21 17:00:00"),
            id="R-CHAN-2/friday-17-00-due-monday",
        ),
        pytest.param(
            kz("2026-09-19 10:00:00"),
            kz("2026-09-21 20:00:00"),
            id="R-CHAN-2/saturday-is-not-a-business-day",
        ),
        # Wednesday 16 December 2026 is Independence Day.
        pytest.param(
            kz("2026-12-15 10:00:00"), kz("2026-12-17 10:00:00"), id="R-CHAN-3/holiday-skipped"
        ),
        # Taken Monday 6 May 2024; Tue 7 is Defender's Day, Wed 8 substituted, Thu 9 Victory Day.
        pytest.param(
            kz("2024-05-06 12:00:00"),
            kz("2024-05-10 12:00:00"),
            id="R-TIME-3/three-days-off-skipped",
        ),
        # Saturday 4 May 2024 is a working day: it counts as a business day.
        pytest.param(
            kz("2024-05-03 15:00:00"),
            kz("2024-05-04 15:00:00"),
            id="R-TIME-3/working-saturday-counts",
        ),
    ],
)
def test_due_by(taken: datetime, due: datetime) -> None:
    assert due_by(taken) == due


@pytest.mark.parametrize(
    ("made", "due"),
    [
        # Friday evening on egov: taken at Saturday's opening, and its result issued that
        # Saturday, before closing; it was due Monday 20:00.
        pytest.param(
            kz("2026-09-18 19:00:00"), kz("2026-09-19 14:00:00"), id="R-TIME-3/friday-evening"
        ),
        pytest.param(
            kz("2026-09-19 08:30:00"),
            kz("2026-09-19 14:00:00"),
            id="R-TIME-3/saturday-before-opening",
        ),
        # Saturday after the 12:00 cut-off and Sunday: taken Monday 08:00, due Monday 20:00.
        pytest.param(
            kz("2026-09-19 12:30:00"), kz("2026-09-21 20:00:00"), id="R-TIME-3/saturday-late"
        ),
        pytest.param(kz("2026-09-20 10:00:00"), kz("2026-09-21 20:00:00"), id="R-TIME-3/sunday"),
        # Made in the window: one business day, as before.
        pytest.param(
            kz("2026-09-19 10:00:00"),
            kz("2026-09-21 20:00:00"),
            id="R-CHAN-2/saturday-in-hours-due-next-business-day",
        ),
        pytest.param(
            kz("2026-09-21 17:30:00"), kz("2026-09-22 17:30:00"), id="R-TIME-3/monday-in-hours"
        ),
    ],
)
def test_a_request_made_out_of_hours_has_its_result_issued_the_day_it_is_taken(
    made: datetime, due: datetime
) -> None:
    assert due_by(taken_at(made), made=made) == due


@pytest.mark.parametrize(
    ("day", "holiday", "working", "hours"),
    [
        pytest.param(date(2026, 9, 21), False, True, WEEKDAY_HOURS, id="R-TIME-3/monday"),
        pytest.param(date(2026, 9, 19), False, False, SATURDAY_HOURS, id="R-TIME-3/saturday"),
        pytest.param(date(2026, 9, 20), False, False, None, id="R-TIME-3/sunday"),
        pytest.param(date(2026, 1, 1), True, False, None, id="R-TIME-3/new-year"),
        pytest.param(date(2026, 1, 7), True, False, None, id="R-TIME-3/orthodox-christmas"),
        pytest.param(
            date(2026, 10, 26), True, False, None, id="R-TIME-3/republic-day-moved-to-monday"
        ),
        pytest.param(date(2024, 5, 8), True, False, None, id="R-TIME-3/substituted-day-off"),
        pytest.param(
            date(2024, 5, 4), False, True, WEEKDAY_HOURS, id="R-TIME-3/decreed-working-saturday"
        ),
        pytest.param(
            date(2025, 1, 5), False, True, WEEKDAY_HOURS, id="R-TIME-3/decreed-working-sunday"
        ),
        pytest.param(
            date(2014, 1, 3), True, False, None, id="R-TIME-3/day-off-paid-by-previous-year"
        ),
        pytest.param(
            date(2013, 12, 28),
            False,
            True,
            WEEKDAY_HOURS,
            id="R-TIME-3/working-saturday-across-new-year",
        ),
    ],
)
def test_calendar_days(day: date, holiday: bool, working: bool, hours: object) -> None:
    assert is_public_holiday(day) is holiday
    assert is_working_day(day) is working
    assert clinic_hours(day) == hours


def test_r_time_3_naive_datetimes_are_refused() -> None:
    with pytest.raises(CalendarError, match="no UTC offset"):
        taken_at(datetime(2026, 9, 21, 10, 0))
    with pytest.raises(CalendarError, match="no UTC offset"):
        local(datetime(2026, 9, 21, 10, 0))


def test_r_time_3_years_outside_the_calendar() -> None:
    with pytest.raises(CalendarError, match="covers 1991–2100; 1985 is outside it"):
        is_working_day(date(1985, 6, 3))


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        pytest.param(date(2026, 9, 14), False, id="R-TIME-1/14-september"),
        pytest.param(date(2026, 9, 15), True, id="R-TIME-1/15-september"),
        pytest.param(date(2026, 11, 15), True, id="R-TIME-1/15-november"),
        pytest.param(date(2026, 11, 16), False, id="R-TIME-1/16-november"),
        pytest.param(date(2026, 3, 1), False, id="R-TIME-1/march"),
    ],
)
def test_in_campaign_default(day: date, inside: bool) -> None:
    assert in_campaign(day, RuleSettings()) is inside


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        pytest.param(date(2026, 11, 30), False, id="R-TIME-1/wrapping-before-start"),
        pytest.param(date(2026, 12, 1), True, id="R-TIME-1/wrapping-start"),
        pytest.param(date(2027, 1, 31), True, id="R-TIME-1/wrapping-end"),
        pytest.param(date(2027, 2, 1), False, id="R-TIME-1/wrapping-after-end"),
    ],
)
def test_in_campaign_over_new_year(day: date, inside: bool) -> None:
    settings = RuleSettings.from_mapping({"campaign": {"start": "12-01", "end": "01-31"}})
    assert in_campaign(day, settings) is inside


def test_r_time_1_campaign_window() -> None:
    assert campaign_window(2026, RuleSettings()) == (date(2026, 9, 15), date(2026, 11, 15))
    wrapping = RuleSettings(campaign_start=MonthDay(12, 1), campaign_end=MonthDay(1, 31))
    assert campaign_window(2026, wrapping) == (date(2026, 12, 1), date(2027, 1, 31))


def test_r_time_1_region_toml_override_and_defaults() -> None:
    settings = RuleSettings.from_mapping(
        {"name": "Demo", "campaign": {"start": "10-01"}, "sources": [{"name": "OSM"}]}
    )
    assert (str(settings.campaign_start), str(settings.campaign_end)) == ("10-01", "11-15")
    assert RuleSettings.from_mapping({}) == RuleSettings()


def test_r_time_1_bad_campaign_settings_all_reported() -> None:
    with pytest.raises(SettingsError) as info:
        RuleSettings.from_mapping({"campaign": {"start": "9-15", "end": "02-30", "stop": "x"}})
    message = str(info.value)
    assert "[campaign].start: '9-15' is not a day of the year; expected 'MM-DD'" in message
    assert "[campaign].end: 2-30 is not a day of the year" in message
    assert "[campaign].stop: unknown key" in message
    with pytest.raises(SettingsError, match=r"\[campaign\]: expected a table, got string"):
        RuleSettings.from_mapping({"campaign": "09-15"})


def test_r_time_1_leap_day_bound() -> None:
    assert MonthDay.parse("02-29").on(2027) == date(2027, 2, 28)
    assert MonthDay.parse("02-29").on(2028) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("event", "day", "deadline"),
    [
        pytest.param(
            "contract_changed",
            date(2026, 12, 31),
            date(2026, 12, 1),
            id="R-NOTE-1/contract-30-days-before",
        ),
        pytest.param(
            NoticeEvent.REORGANIZED,
            date(2026, 3, 1),
            date(2026, 3, 3),
            id="R-NOTE-1/reorganized-within-2-days",
        ),
        pytest.param(
            "liquidated",
            date(2026, 12, 31),
            date(2027, 1, 2),
            id="R-NOTE-1/liquidated-across-new-year",
        ),
        pytest.param(
            "no_volume_allocated",
            date(2028, 2, 28),
            date(2028, 3, 1),
            id="R-NOTE-1/no-volume-leap-year",
        ),
    ],
)
def test_notice_deadline(event: str, day: date, deadline: date) -> None:
    assert notice_deadline(event, day) == deadline


def test_r_note_1_unknown_event() -> None:
    with pytest.raises(
        ValueError, match="unknown event 'bankrupt'; expected one of contract_changed"
    ):
        notice_deadline("bankrupt", date(2026, 1, 1))


@pytest.mark.parametrize(
    ("minutes", "seconds", "ok"),
    [
        pytest.param(29, 59, True, id="R-TIME-4/under-30-minutes"),
        pytest.param(30, 0, True, id="R-TIME-4/exactly-30-minutes"),
        pytest.param(30, 1, False, id="R-TIME-4/over-30-minutes"),
    ],
)
def test_within_max_wait(minutes: int, seconds: int, ok: bool) -> None:
    arrived = kz("2026-09-21 09:00:00")
    assert within_max_wait(arrived, arrived + timedelta(minutes=minutes, seconds=seconds)) is ok


def test_r_time_4_served_before_arrival_is_an_error() -> None:
    with pytest.raises(ValueError, match="is before arrived_at"):
        within_max_wait(kz("2026-09-21 09:00:00"), kz("2026-09-21 08:00:00"))


def test_the_years_applications_may_be_dated_in_are_the_holiday_calendar_s() -> None:
    kazakhstan = holidays.country_holidays("KZ")
    assert (kazakhstan.start_year, kazakhstan.end_year) == CALENDAR_YEARS


# --- a decree the holidays package does not know yet (region.toml's [calendar]) --------------

# A decree moving Saturday 19 September 2026's work to Monday 21 (invented for the test): the
# Monday becomes a day off, the Saturday a working day with a weekday's hours.
DECREE = RuleSettings(
    days_off=frozenset({date(2026, 9, 21)}), working_days=frozenset({date(2026, 9, 19)})
)


def test_a_region_s_decreed_days_move_when_requests_are_taken_and_answered() -> None:
    friday_late = kz("2026-09-18 19:00")
    # By the package alone: taken at Saturday's opening (09:00), due Monday 20:00 (the Saturday
    # is not a business day, so one business day is Monday's whole 12 hours).
    assert taken_at(friday_late) == kz("2026-09-19 09:00")
    assert due_by(taken_at(friday_late)) == kz("2026-09-21 20:00")
    # With the decree: the Saturday opens at 08:00 as a weekday and counts as a business day,
    # and the Monday is off, so the answer is due Saturday 20:00.
    assert clinic_hours(date(2026, 9, 19), DECREE) == WEEKDAY_HOURS
    assert is_working_day(date(2026, 9, 19), DECREE)
    assert not is_working_day(date(2026, 9, 21), DECREE)
    assert clinic_hours(date(2026, 9, 21), DECREE) is None
    assert taken_at(friday_late, DECREE) == kz("2026-09-19 08:00")
    assert due_by(taken_at(friday_late, DECREE), DECREE) == kz("2026-09-19 20:00")
    # Taken on Sunday night, due Tuesday: the decreed Monday off is skipped.
    assert due_by(kz("2026-09-20 21:00"), DECREE) == kz("2026-09-22 20:00")


def test_a_decreed_working_day_overrides_the_package_s_day_off() -> None:
    # Saturday 21 March 2026 is a Nowruz holiday by the package; the region's decree, newer
    # than the package, is what the clinics follow.
    nowruz = date(2026, 3, 21)
    assert is_public_holiday(nowruz)
    assert clinic_hours(nowruz) is None
    decree = RuleSettings(working_days=frozenset({nowruz}))
    assert not is_public_holiday(nowruz, decree)
    assert clinic_hours(nowruz, decree) == WEEKDAY_HOURS


def test_region_toml_s_calendar_table_is_read_and_its_mistakes_all_reported() -> None:
    settings = RuleSettings.from_mapping(
        {"calendar": {"days_off": [date(2026, 9, 21)], "working_days": ["2026-09-19"]}}
    )
    assert settings.days_off == DECREE.days_off
    assert settings.working_days == DECREE.working_days
    with pytest.raises(SettingsError) as error:
        RuleSettings.from_mapping(
            {
                "calendar": {
                    "days_of": [date(2026, 9, 21)],
                    "working_days": [date(2026, 9, 21), "21.09.2026", date(2026, 9, 19)],
                    "days_off": [date(2026, 9, 19)],
                }
            }
        )
    message = str(error.value)
    assert "[calendar].days_of: unknown key (did you mean 'days_off'?)" in message
    assert "got '21.09.2026'" in message
    assert "2026-09-21 is a Monday, a working day already" in message
    assert "2026-09-19 is both a day off and a working day" in message
