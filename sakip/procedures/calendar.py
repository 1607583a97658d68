"""The working calendar of an agency, read from the WorkSchedule and Holiday tables.

Deadline maths reads only these tables (ARCHITECTURE.md "Calendar"): the `holidays` package merely
seeds them (`manage.py seed_calendar`), because the cuti bersama decree is amended mid-year and
local holidays exist. Without any schedule row the legal hours apply (Perpres 21/2023; Keppres
68/1995). See docs/decisions/0004-working-time.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from sakip.core.data_stamp import CALENDAR, current_token
from sakip.core.kept import kept
from sakip.organization.models import Unit

from .models import Holiday, WorkSchedule
from .working_time import LEGAL_DEFAULT_WEEKLY, DaySchedule, Override, WorkingCalendar


def weekly_of(schedule: WorkSchedule) -> dict[int, DaySchedule]:
    """The weekday → hours map of a schedule (its days must be prefetched or are queried)."""
    return {
        day.weekday: DaySchedule(day.start, day.end, day.break_start, day.break_end)
        for day in schedule.days.all()
    }


def _is_dated(schedule: WorkSchedule) -> bool:
    return schedule.valid_from is not None or schedule.valid_to is not None


def _schedules(agency: Unit | None) -> list[WorkSchedule]:
    """The agency's own schedules first, then the installation-wide ones (agency NULL)."""
    scope = Q(agency__isnull=True) | Q(agency=agency) if agency is not None else Q(agency=None)
    rows = WorkSchedule.objects.filter(scope).prefetch_related("days").order_by("valid_from", "pk")
    return sorted(rows, key=lambda s: s.agency_id is None)


def _overrides(schedules: Iterable[WorkSchedule]) -> list[Override]:
    """Dated schedules (e.g. Ramadan hours); an open bound reaches to the end of time."""
    return [
        (s.valid_from or dt.date.min, s.valid_to or dt.date.max, weekly_of(s))
        for s in schedules
        if _is_dated(s)
    ]


def _weekly(schedules: Iterable[WorkSchedule]) -> Mapping[int, DaySchedule]:
    base = next((s for s in schedules if not _is_dated(s)), None)
    return weekly_of(base) if base is not None else dict(LEGAL_DEFAULT_WEEKLY)


def holiday_dates(agency: Unit | None) -> frozenset[dt.date]:
    """Days off of an agency: the installation-wide holidays and its own local ones."""
    scope = Q(agency__isnull=True) | Q(agency=agency) if agency is not None else Q(agency=None)
    return frozenset(Holiday.objects.filter(scope).values_list("date", flat=True))


# Raise when WorkingCalendar or what is read into it changes.
CALENDAR_SCHEMA = 1


def _kept_key(token: str, agency_id: int | None) -> str:
    """Where an agency's calendar is kept: under the calendar stamp, which every write to
    schedules, their days and holidays rewrites (core/data_stamp.py)."""
    return f"calendar-{CALENDAR_SCHEMA}:{token}:{agency_id or 0}"


def calendar_for(agency: Unit | None) -> WorkingCalendar:
    """The working calendar of an agency as it stands now: kept until a schedule or a holiday
    changes, else read (three queries).

    Pass the agency (OPD) unit; None gives the installation-wide calendar.
    """
    token = current_token(CALENDAR)
    if token is None:
        return _read_calendar(agency)
    return kept(
        _kept_key(token, agency.pk if agency is not None else None),
        WorkingCalendar,
        lambda: _read_calendar(agency),
    )


def _read_calendar(agency: Unit | None) -> WorkingCalendar:
    schedules = _schedules(agency)
    return WorkingCalendar(
        weekly=_weekly(schedules),
        holidays=holiday_dates(agency),
        overrides=tuple(_overrides(schedules)),
        # The installation's zone: Asia/Makassar (WITA) for Balangan.
        tz=ZoneInfo(settings.TIME_ZONE),
    )


def calendars_for(agency_ids: Iterable[int]) -> dict[int, WorkingCalendar]:
    """The working calendars of many agencies at once: those kept, and the others read together
    (three queries whatever their number); the same calendar as `calendar_for` gives each."""
    ids = sorted(set(agency_ids))
    if not ids:
        return {}
    token = current_token(CALENDAR)
    if token is None:
        return _read_calendars(ids)
    keys = {pk: _kept_key(token, pk) for pk in ids}
    found = cache.get_many(keys.values())
    calendars = {
        pk: found[key] for pk, key in keys.items() if isinstance(found.get(key), WorkingCalendar)
    }
    missing = [pk for pk in ids if pk not in calendars]
    if missing:
        read = _read_calendars(missing)
        cache.set_many({keys[pk]: calendar for pk, calendar in read.items()})
        calendars.update(read)
    return calendars


def _read_calendars(ids: list[int]) -> dict[int, WorkingCalendar]:
    scope = Q(agency__isnull=True) | Q(agency_id__in=ids)
    schedules = list(
        WorkSchedule.objects.filter(scope).prefetch_related("days").order_by("valid_from", "pk")
    )
    holidays = list(Holiday.objects.filter(scope).values_list("agency_id", "date"))
    calendars = {}
    for pk in ids:
        own = sorted(
            (s for s in schedules if s.agency_id in (None, pk)), key=lambda s: s.agency_id is None
        )
        calendars[pk] = WorkingCalendar(
            weekly=_weekly(own),
            holidays=frozenset(day for agency_id, day in holidays if agency_id in (None, pk)),
            overrides=tuple(_overrides(own)),
            tz=ZoneInfo(settings.TIME_ZONE),
        )
    return calendars


class Calendars:
    """One working calendar per agency, read once (a page or a reminder pass over many runs)."""

    def __init__(self) -> None:
        self._by_agency: dict[int, WorkingCalendar] = {}

    def preload(self, agency_ids: Iterable[int]) -> None:
        """Read the calendars of these agencies together (three queries for all of them)."""
        wanted = set(agency_ids) - set(self._by_agency)
        self._by_agency.update(calendars_for(wanted))

    def for_agency(self, agency: Unit) -> WorkingCalendar:
        if agency.pk not in self._by_agency:
            self._by_agency[agency.pk] = calendar_for(agency)
        return self._by_agency[agency.pk]
