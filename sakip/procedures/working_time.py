"""Working time: Mutu Baku deadlines counted in the agency's working hours (pure Python, no Django).

Semantics (docs/decisions/0004-working-time.md):

- Time zone: the calendar's (Asia/Makassar, WITA, for Balangan). Inputs must be aware datetimes;
  results are in the calendar's time zone. Arithmetic runs in UTC, so a zone with daylight saving
  would still count real minutes.
- Working minutes are those within a day's start–end minus its break, on weekdays that have a
  schedule, and not on holidays. Intervals are half-open: 07:30 is a working moment, 16:00 is not.
- A dated override (Ramadan hours, 32.5 h/week) replaces the weekly schedule on its dates; a weekday
  missing from the override is a day off. The first override whose dates contain a day wins.
- "N menit" / "N jam": add N (×60) working minutes. A start outside working time begins counting at
  the next working moment. When the amount runs out exactly at a break start or at the end of the
  day, the deadline is that moment (a 1-hour step started Monday 11:00 is due 12:00, not 13:00).
- "N hari" means N working days (DOMAIN.md §1): the deadline is the same working-clock position
  (working minutes elapsed since the day's start) N working days later; Monday 10:00 + 2 hari is
  Wednesday 10:00. A start outside working time first moves to the next working moment. A position
  beyond the end of a shorter day (Ramadan) is that day's end. A fraction of a day is that fraction
  of the landing day's working minutes, never beyond the next whole day's deadline.
- Amounts are Decimals (0.5 jam = 30 working minutes); sub-minute precision is kept.

The default hours are the legal ones: 37.5 hours a week (Perpres 21/2023; Keppres 68/1995).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")
UNITS = ("minute", "hour", "day")
# A calendar without working time would loop for ever; no real calendar has a year off.
_MAX_IDLE_DAYS = 800
_MICROSECONDS_PER_MINUTE = 60_000_000


@dataclass(frozen=True)
class DaySchedule:
    """Working hours of one day: start–end with an optional break."""

    start: dt.time
    end: dt.time
    break_start: dt.time | None = None
    break_end: dt.time | None = None

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError("a working day must start before it ends")
        if (self.break_start is None) != (self.break_end is None):
            raise ValueError("a break needs both a start and an end")
        breaks = (self.break_start, self.break_end)
        if breaks[0] is not None and breaks[1] is not None:
            inside = self.start <= breaks[0] < breaks[1] <= self.end
            if not inside:
                raise ValueError("the break must lie within the working day")

    def periods(self) -> list[tuple[dt.time, dt.time]]:
        """The working periods of the day, in order (one, or two around the break)."""
        if self.break_start is None or self.break_end is None:
            return [(self.start, self.end)]
        periods = [(self.start, self.break_start), (self.break_end, self.end)]
        return [(a, b) for a, b in periods if a < b]

    @property
    def minutes(self) -> Decimal:
        """Working minutes of the day, e.g. 450 for Mon–Thu 07:30–16:00 minus a 1-hour break."""
        return sum((_minutes(a, b) for a, b in self.periods()), Decimal(0))


def _minutes(a: dt.time, b: dt.time) -> Decimal:
    day = dt.date(2000, 1, 1)
    delta = dt.datetime.combine(day, b) - dt.datetime.combine(day, a)
    return Decimal(delta // dt.timedelta(microseconds=1)) / _MICROSECONDS_PER_MINUTE


def _t(hhmm: str) -> dt.time:
    return dt.time.fromisoformat(hhmm)


# Perpres 21/2023 and Keppres 68/1995: 37.5 working hours a week, five days.
_MON_THU = DaySchedule(_t("07:30"), _t("16:00"), _t("12:00"), _t("13:00"))
_FRIDAY = DaySchedule(_t("07:30"), _t("16:30"), _t("11:30"), _t("13:00"))
LEGAL_DEFAULT_WEEKLY: Mapping[int, DaySchedule] = {
    0: _MON_THU,
    1: _MON_THU,
    2: _MON_THU,
    3: _MON_THU,
    4: _FRIDAY,
}

Override = tuple[dt.date, dt.date, Mapping[int, DaySchedule]]


@dataclass(frozen=True)
class WorkingCalendar:
    """Weekly hours (0 = Monday), days off, dated overrides (date_from, date_to inclusive)."""

    weekly: Mapping[int, DaySchedule] = field(default_factory=lambda: dict(LEGAL_DEFAULT_WEEKLY))
    holidays: frozenset[dt.date] = frozenset()
    overrides: Sequence[Override] = ()
    tz: ZoneInfo = WITA

    def schedule_on(self, day: dt.date) -> DaySchedule | None:
        """The hours of a day, or None when it is not a working day."""
        if day in self.holidays:
            return None
        for date_from, date_to, weekly in self.overrides:
            if date_from <= day <= date_to:
                return weekly.get(day.weekday())
        return self.weekly.get(day.weekday())

    def periods_on(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The working periods of a day as UTC datetimes (empty on a day off)."""
        schedule = self.schedule_on(day)
        if schedule is None:
            return []
        return [(self._utc(day, a), self._utc(day, b)) for a, b in schedule.periods()]

    def _utc(self, day: dt.date, moment: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, moment, tzinfo=self.tz).astimezone(dt.UTC)

    def local_date(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.tz).date()


# --- helpers ---------------------------------------------------------------------------------


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("working time needs an aware datetime")
    return moment.astimezone(dt.UTC)


def _periods_from(
    day: dt.date, calendar: WorkingCalendar
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Working periods from `day` on, for ever; refuses a calendar without working time."""
    idle = 0
    while True:
        periods = calendar.periods_on(day)
        idle = 0 if periods else idle + 1
        if idle > _MAX_IDLE_DAYS:
            raise ValueError("the working calendar has no working time")
        yield from periods
        day += dt.timedelta(days=1)


def _as_delta(minutes: Decimal) -> dt.timedelta:
    return dt.timedelta(microseconds=int(minutes * _MICROSECONDS_PER_MINUTE))


def _add_span(start_utc: dt.datetime, span: dt.timedelta, calendar: WorkingCalendar) -> dt.datetime:
    """Walk forward through working periods until `span` of working time is used up."""
    for begin, end in _periods_from(calendar.local_date(start_utc), calendar):
        if end <= start_utc:
            continue
        begin = max(begin, start_utc)
        available = end - begin
        # `<=`: ending exactly at a break start or the day's end is due at that moment.
        if span <= available:
            return begin + span
        span -= available
    raise AssertionError("unreachable")  # pragma: no cover - _periods_from never ends


def next_working_moment(moment: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """The moment itself when it is working time, otherwise the start of the next period."""
    return _add_span(_aware(moment), dt.timedelta(0), calendar).astimezone(calendar.tz)


def is_working_moment(moment: dt.datetime, calendar: WorkingCalendar) -> bool:
    utc = _aware(moment)
    periods = calendar.periods_on(calendar.local_date(utc))
    return any(begin <= utc < end for begin, end in periods)


# --- working days ----------------------------------------------------------------------------


def _position(moment_utc: dt.datetime, day: dt.date, calendar: WorkingCalendar) -> dt.timedelta:
    """Working time elapsed on `day` before the moment (its working-clock position)."""
    elapsed = dt.timedelta(0)
    for begin, end in calendar.periods_on(day):
        if moment_utc > begin:
            elapsed += min(end, moment_utc) - begin
    return elapsed


def _at_position(day: dt.date, position: dt.timedelta, calendar: WorkingCalendar) -> dt.datetime:
    """The earliest moment of `day` with this position; the day's end if the day is shorter."""
    periods = calendar.periods_on(day)
    for begin, end in periods:
        if position <= end - begin:
            return begin + position
        position -= end - begin
    return periods[-1][1]


def _working_day_after(day: dt.date, count: int, calendar: WorkingCalendar) -> dt.date:
    idle = 0
    while count > 0:
        day += dt.timedelta(days=1)
        if calendar.schedule_on(day) is not None:
            count -= 1
            idle = 0
        else:
            idle += 1
            if idle > _MAX_IDLE_DAYS:
                raise ValueError("the working calendar has no working time")
    return day


def _add_days(start_utc: dt.datetime, days: Decimal, calendar: WorkingCalendar) -> dt.datetime:
    """N working days: the same working-clock position N working days later."""
    begin = _add_span(start_utc, dt.timedelta(0), calendar)
    first_day = calendar.local_date(begin)
    position = _position(begin, first_day, calendar)
    whole = int(days)
    fraction = days - whole

    def landing(count: int) -> tuple[dt.date, dt.datetime]:
        if count == 0:
            return first_day, begin
        day = _working_day_after(first_day, count, calendar)
        return day, _at_position(day, position, calendar)

    day, deadline = landing(whole)
    if not fraction:
        return deadline
    schedule = calendar.schedule_on(day)
    assert schedule is not None  # a landing day is a working day
    partial = _add_span(deadline, _as_delta(fraction * schedule.minutes), calendar)
    # Never beyond the next whole day's deadline, so that more time never means an earlier one.
    return min(partial, landing(whole + 1)[1])


# --- the contract ----------------------------------------------------------------------------


def add_working_time(
    start: dt.datetime, amount: Decimal | int | str, unit: str, calendar: WorkingCalendar
) -> dt.datetime:
    """The deadline of a Mutu Baku standard time `amount` `unit` ("minute", "hour", "day")."""
    amount = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    if amount < 0:
        raise ValueError("a standard time cannot be negative")
    if unit not in UNITS:
        raise ValueError(f"unknown time unit: {unit!r}")
    start_utc = _aware(start)
    if unit == "day":
        deadline = _add_days(start_utc, amount, calendar)
    else:
        minutes = amount * 60 if unit == "hour" else amount
        deadline = _add_span(start_utc, _as_delta(minutes), calendar)
    return deadline.astimezone(calendar.tz)


def working_time_between(
    start: dt.datetime, end: dt.datetime, calendar: WorkingCalendar
) -> dt.timedelta:
    """Working time from start to end; zero when end is not after start."""
    start_utc, end_utc = _aware(start), _aware(end)
    total = dt.timedelta(0)
    if end_utc <= start_utc:
        return total
    day, last = calendar.local_date(start_utc), calendar.local_date(end_utc)
    while day <= last:
        for begin, finish in calendar.periods_on(day):
            overlap = min(finish, end_utc) - max(begin, start_utc)
            if overlap > dt.timedelta(0):
                total += overlap
        day += dt.timedelta(days=1)
    return total


def working_minutes_between(start: dt.datetime, end: dt.datetime, calendar: WorkingCalendar) -> int:
    """Whole working minutes from start to end (actual working time, lateness); 0 if end <= start."""
    return working_time_between(start, end, calendar) // dt.timedelta(minutes=1)
