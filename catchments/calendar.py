"""Kazakhstan's working calendar for attachment requests (R-TIME-1, R-TIME-3, R-TIME-4, R-NOTE-1).

Every function takes the moments it works on; none reads a clock.

Public holidays come from the ``holidays`` package's Kazakhstan calendar -- the one third-party
import the rules engine allows, because the calendar is law that changes every year (holidays
moved to a Monday when they fall on a weekend, days off substituted by government decree, working
Saturdays and Sundays that pay for them) and that package follows it. It knows decreed
substitutions up to the last year its maintainers recorded (2025 for the installed 0.109); a
later decree is unknown to it until the package is updated, so a region enters it meanwhile in
``region.toml``'s ``[calendar]`` (``days_off``, ``working_days``: :class:`RuleSettings`), which
every function here takes as ``settings``.

Kazakhstan keeps one time zone, UTC+5, everywhere: :data:`KZ_TZ` is a fixed offset.

Interpretations, from R-TIME-3 and the seed article's wording:

* **Clinic days.** Clinics work Monday to Friday 08:00–20:00 and Saturday 09:00–14:00, closed on
  Sundays and on every day the calendar lists (public holidays, the Monday a holiday moved to,
  decreed days off). A Saturday or Sunday that a decree makes a working day follows the weekday
  schedule.
* **When a request is taken** (:func:`taken_at`). Requests are taken from opening until two hours
  before closing (18:00 on weekdays, 12:00 on Saturday; 18:00:00 itself is still in,
  18:00:01 is not). One window serves all three channels: egov is open around the clock, but a
  request made outside the window, on a Sunday or a holiday is taken when the clinic's registrar
  next can -- at the opening of the next clinic day; a registry or PSC request handed in outside
  the window (e.g. in a queue that ran past the cut-off) is handled the same way.
* **When the answer is due** (:func:`due_by`). "Within one business day" is measured as one
  business day of working time: the 12 hours from 08:00 to 20:00 on business days (Monday to
  Friday and decreed working weekend days, never holidays). A request taken at 17:30 on a
  Monday is due at 17:30 on Tuesday; one taken at opening after an after-hours egov submission is
  due the same evening -- matching "taken, and its result issued, on the next working day".
  Saturday is a clinic day but not a business day, so a request handed in on a Saturday is due
  one business day later, at 20:00 on the following business day at the latest; but one made out
  of hours and taken at Saturday's opening has its result issued that Saturday, by 14:00, as
  the seed article says ("the acceptance of applications and the issuance of results is the
  next working day"; clinics "are open from Monday to Saturday").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final

import holidays

from .models import DEFAULT_SETTINGS, KZ_TZ, RuleSettings

__all__ = [
    "BUSINESS_DAY",
    "KZ_TZ",
    "MAX_WAIT",
    "SATURDAY_HOURS",
    "WEEKDAY_HOURS",
    "CalendarError",
    "NoticeEvent",
    "OpeningHours",
    "campaign_window",
    "clinic_hours",
    "due_by",
    "in_campaign",
    "is_public_holiday",
    "is_working_day",
    "local",
    "notice_deadline",
    "taken_at",
    "within_max_wait",
]

MAX_WAIT: Final = timedelta(minutes=30)
"""R-TIME-4: the longest allowed wait to hand in documents, and to be served."""


class CalendarError(ValueError):
    """A moment the calendar cannot place: naive, or in a year the holiday calendar lacks."""


@dataclass(frozen=True)
class OpeningHours:
    """A clinic day's schedule.

    Parameters
    ----------
    opens, closes
        Working hours, without a break.
    last_request
        The cut-off: requests are taken up to and including this minute, two hours before
        closing (R-TIME-3).
    """

    opens: time
    closes: time
    last_request: time


WEEKDAY_HOURS: Final = OpeningHours(opens=time(8), closes=time(20), last_request=time(18))
SATURDAY_HOURS: Final = OpeningHours(opens=time(9), closes=time(14), last_request=time(12))
BUSINESS_DAY: Final = (time(8), time(20))
"""The working time one business day is measured in (see :func:`due_by`)."""

_SATURDAY, _SUNDAY = 5, 6
_MAX_SCAN_DAYS: Final = 60  # far longer than any run of days off in the calendar


@functools.lru_cache(maxsize=32)
def _year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Return the days off and the decreed working weekend days of ``year``.

    Neighbouring years are loaded too, because a decree may move a working day across New Year
    (2014's 3 January was paid for by Saturday 28 December 2013).
    """
    calendar = holidays.country_holidays("KZ", years=range(year - 1, year + 2))
    if not calendar.start_year <= year <= calendar.end_year:
        raise CalendarError(
            f"the Kazakhstan holiday calendar covers {calendar.start_year}–{calendar.end_year}; "
            f"{year} is outside it"
        )
    days_off = frozenset(day for day in calendar if day.year == year)
    working_weekend_days = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return days_off, working_weekend_days


def is_public_holiday(day: date, settings: RuleSettings = DEFAULT_SETTINGS) -> bool:
    """Whether ``day`` is a day off by the calendar (holiday, moved holiday, decreed day off).

    ``settings``: the region's decreed days (``region.toml``'s ``[calendar]``), which add days
    off and make days working days beyond those the ``holidays`` package knows.
    """
    if day in settings.days_off:
        return True
    return day in _year(day.year)[0] and day not in settings.working_days


def _is_working_weekend_day(day: date, settings: RuleSettings) -> bool:
    return day in settings.working_days or day in _year(day.year)[1]


def is_working_day(day: date, settings: RuleSettings = DEFAULT_SETTINGS) -> bool:
    """Tell whether ``day`` is a business day.

    Business days are Monday to Friday and decreed working weekend days, but never a day off.
    Saturdays are clinic days (:func:`clinic_hours`) but not business days. ``settings``: as
    for :func:`is_public_holiday`.
    """
    if is_public_holiday(day, settings):
        return False
    return day.weekday() < _SATURDAY or _is_working_weekend_day(day, settings)


def clinic_hours(day: date, settings: RuleSettings = DEFAULT_SETTINGS) -> OpeningHours | None:
    """Return the clinic schedule of ``day``, or None when clinics are closed (R-TIME-3)."""
    if is_public_holiday(day, settings):
        return None
    if day.weekday() < _SATURDAY or _is_working_weekend_day(day, settings):
        return WEEKDAY_HOURS
    if day.weekday() == _SATURDAY:
        return SATURDAY_HOURS
    return None


def local(moment: datetime) -> datetime:
    """``moment`` in Kazakhstan's time (UTC+5).

    Raises
    ------
    CalendarError
        If ``moment`` is naive: a time without an offset cannot be placed.
    """
    if moment.utcoffset() is None:
        raise CalendarError(
            f"{moment.isoformat()} has no UTC offset; give an aware datetime, e.g. with "
            "tzinfo=catchments.calendar.KZ_TZ"
        )
    return moment.astimezone(KZ_TZ)


def taken_at(submitted_at: datetime, settings: RuleSettings = DEFAULT_SETTINGS) -> datetime:
    """When a request made at ``submitted_at`` counts as taken (R-TIME-3), in UTC+5.

    Within the window of a clinic day (opening to the cut-off, both included) it is taken at
    once; before opening, at that day's opening; after the cut-off, on a Sunday or a day off, at
    the opening of the next clinic day. The same for every channel; see the module docstring.
    ``settings``: the region's decreed days (:func:`is_public_holiday`).

    Examples
    --------
    >>> taken_at(datetime(2026, 9, 18, 18, 0, 0, tzinfo=KZ_TZ)).isoformat()  # Friday, cut-off
    '2026-09-18T18:00:00+05:00'
    >>> taken_at(datetime(2026, 9, 18, 18, 0, 1, tzinfo=KZ_TZ)).isoformat()  # one second late
    '2026-09-19T09:00:00+05:00'
    """
    moment = local(submitted_at)
    day = moment.date()
    for _ in range(_MAX_SCAN_DAYS):
        hours = clinic_hours(day, settings)
        if hours is not None:
            opening = datetime.combine(day, hours.opens, KZ_TZ)
            cut_off = datetime.combine(day, hours.last_request, KZ_TZ)
            if moment <= cut_off:
                return max(moment, opening)
        day += timedelta(days=1)
    raise CalendarError(f"no clinic day within {_MAX_SCAN_DAYS} days after {moment.isoformat()}")


def due_by(
    taken: datetime, settings: RuleSettings = DEFAULT_SETTINGS, *, made: datetime | None = None
) -> datetime:
    """Return when the answer to a request taken at ``taken`` is due (R-TIME-3, R-CHAN-2/3).

    It is due one business day later: after the 12 hours of :data:`BUSINESS_DAY` (08:00–20:00),
    counted only on business days (:func:`is_working_day`, with the region's decreed days of
    ``settings``). A request ``made`` before it was taken (after hours, on a Sunday or a
    holiday, before opening) is taken, and its result issued, on that next clinic day
    (R-TIME-3), so it is due by that day's closing at the latest: the same 20:00 on a weekday,
    but 14:00 on a Saturday rather than the following business day.

    Examples
    --------
    >>> due_by(datetime(2026, 9, 21, 17, 30, tzinfo=KZ_TZ)).isoformat()  # Monday
    '2026-09-22T17:30:00+05:00'
    >>> friday_evening = datetime(2026, 9, 18, 19, 0, tzinfo=KZ_TZ)  # on egov
    >>> due_by(taken_at(friday_evening), made=friday_evening).isoformat()  # taken Saturday 09:00
    '2026-09-19T14:00:00+05:00'
    """
    due = _one_business_day_after(taken, settings)
    if made is None or local(made) >= local(taken):
        return due
    day = local(taken).date()
    hours = clinic_hours(day, settings)
    if hours is None:  # not a clinic day: taken_at never gives one, so the rule does not apply
        return due
    return min(due, datetime.combine(day, hours.closes, KZ_TZ))


def _one_business_day_after(taken: datetime, settings: RuleSettings) -> datetime:
    """The 12 hours of :data:`BUSINESS_DAY` after ``taken``, counted on business days only."""
    start, end = BUSINESS_DAY
    left = datetime.combine(date.min, end) - datetime.combine(date.min, start)
    cursor = local(taken)
    for _ in range(_MAX_SCAN_DAYS):
        day = cursor.date()
        if is_working_day(day, settings):
            opening = datetime.combine(day, start, KZ_TZ)
            closing = datetime.combine(day, end, KZ_TZ)
            cursor = max(cursor, opening)
            if cursor < closing:
                available = closing - cursor
                if left <= available:
                    return cursor + left
                left -= available
        cursor = datetime.combine(day + timedelta(days=1), time(0), KZ_TZ)
    raise CalendarError(f"no business day within {_MAX_SCAN_DAYS} days after {taken.isoformat()}")


def campaign_window(year: int, settings: RuleSettings) -> tuple[date, date]:
    """Return the free-choice campaign that starts in ``year`` (R-TIME-1).

    A campaign over the new year (end before start) ends in the following year.
    """
    start = settings.campaign_start.on(year)
    end_year = year if settings.campaign_end >= settings.campaign_start else year + 1
    return start, settings.campaign_end.on(end_year)


def in_campaign(day: date, settings: RuleSettings) -> bool:
    """Tell whether ``day`` is within the campaign (R-TIME-1).

    Both ends are included: 15 September and 15 November are campaign days with RULES.md's dates.
    """
    start, end = settings.campaign_start.on(day.year), settings.campaign_end.on(day.year)
    if settings.campaign_end >= settings.campaign_start:
        return start <= day <= end
    return day >= start or day <= end  # a campaign over the new year


class NoticeEvent(StrEnum):
    """Why a clinic stops serving its attached patients (R-NOTE-1)."""

    CONTRACT_CHANGED = "contract_changed"
    REORGANIZED = "reorganized"
    LIQUIDATED = "liquidated"
    NO_VOLUME_ALLOCATED = "no_volume_allocated"


_NOTICE_BEFORE: Final = timedelta(days=30)
_NOTICE_WITHIN: Final = timedelta(days=2)


def notice_deadline(event: NoticeEvent | str, day: date) -> date:
    """Return the last day a clinic may send its written notice to its patients (R-NOTE-1).

    Parameters
    ----------
    event
        ``contract_changed``: ``day`` is the date service stops; the notice is due at least 30
        calendar days before it. ``reorganized``, ``liquidated``, ``no_volume_allocated``: ``day``
        is when the clinic learned of it; the notice is due within 2 calendar days, counted from
        the next day (a period runs from the day after the event), so learned on 1 March means
        by 3 March.
    day
        As above.

    Raises
    ------
    ValueError
        For an unknown event, naming the known ones.
    """
    try:
        kind = NoticeEvent(event)
    except ValueError:
        known = ", ".join(member.value for member in NoticeEvent)
        raise ValueError(
            f"notice_deadline: unknown event {event!r}; expected one of {known}"
        ) from None
    if kind is NoticeEvent.CONTRACT_CHANGED:
        return day - _NOTICE_BEFORE
    return day + _NOTICE_WITHIN


def within_max_wait(arrived_at: datetime, served_at: datetime) -> bool:
    """Tell whether a visitor was served within :data:`MAX_WAIT` of arriving (R-TIME-4).

    Thirty minutes exactly is still within.
    """
    wait = local(served_at) - local(arrived_at)
    if wait < timedelta(0):
        raise ValueError(
            f"within_max_wait: served_at {served_at.isoformat()} is before arrived_at "
            f"{arrived_at.isoformat()}"
        )
    return wait <= MAX_WAIT
