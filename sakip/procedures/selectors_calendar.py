"""Reads of the working calendar: task deadlines, the holiday list and who may change it.

Holidays have no unit of their own: a row with agency NULL applies to every agency of the
installation, a row with an agency only to that agency. A user sees the installation-wide rows and
those of the agencies they work in; planners (Kasubag, planning staff) and administrators manage
them (docs/decisions/0004-working-time.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Viewer
from sakip.organization.access import access_for
from sakip.organization.models import DEFAULT_DATA_ENTRY_DAYS, AgencyProfile, Unit
from sakip.organization.selectors import planner_agencies

from .calendar import calendar_for, weekly_of
from .models import Holiday, SopStep, WorkSchedule
from .working_time import (
    LEGAL_DEFAULT_WEEKLY,
    DaySchedule,
    WorkingCalendar,
    add_working_time,
)

WEEKDAY_NAMES = (
    _("Senin"),
    _("Selasa"),
    _("Rabu"),
    _("Kamis"),
    _("Jumat"),
    _("Sabtu"),
    _("Minggu"),
)


def deadline_for(step: SopStep, *, agency: Unit, start: dt.datetime) -> dt.datetime:
    """Start + the step's Mutu Baku standard time, in the agency's working time as it stands now.

    The engine stores the result on the task; a holiday added later does not move it.
    """
    calendar = calendar_for(agency)
    return add_working_time(start, step.duration_value, step.duration_unit, calendar)


# --- the units' due date (a request step, SOP 2 step 1) ---------------------------------------


def data_entry_days(agency: Unit) -> int:
    """The agency's setting "units' data-entry time in working days" (default 5, DOMAIN.md §1)."""
    days = (
        AgencyProfile.objects.filter(agency=agency)
        .values_list("data_entry_days", flat=True)
        .first()
    )
    return int(days or DEFAULT_DATA_ENTRY_DAYS)


def end_of_working_day(day: dt.date, calendar: WorkingCalendar) -> dt.datetime | None:
    """The last working moment of a day (16:00 WITA Monday–Thursday), None on a day off: a due
    date chosen as a day means "by the end of that working day"."""
    periods = calendar.periods_on(day)
    return periods[-1][1].astimezone(calendar.tz) if periods else None


def response_due_default(
    agency: Unit, *, start: dt.datetime, calendar: WorkingCalendar | None = None
) -> dt.datetime:
    """The default due date of the units' answers to a request sent at `start`: the end of the
    working day that lies the agency's data-entry days (working days) after it."""
    calendar = calendar or calendar_for(agency)
    landing = add_working_time(start, data_entry_days(agency), "day", calendar)
    due = end_of_working_day(calendar.local_date(landing), calendar)
    assert due is not None  # adding working days always lands on a working day
    return due


# --- holidays --------------------------------------------------------------------------------


def visible_holidays(user: Viewer) -> QuerySet[Holiday]:
    """Installation-wide holidays and those of the user's agencies (administrators: all)."""
    return Holiday.objects.restrict(user, "view").select_related("agency")


def holidays_of_year(user: Viewer, year: int) -> QuerySet[Holiday]:
    return visible_holidays(user).filter(date__year=year).order_by("date", "agency__name")


def holiday_years(user: Viewer, around: int) -> list[int]:
    """Years offered by the list's year select: those with holidays and a window around `around`."""
    stored = {d.year for d in visible_holidays(user).dates("date", "year")}
    return sorted(stored | set(range(around - 2, around + 3)))


def can_manage_holidays(user: Viewer) -> bool:
    return access_for(user).is_planner


def holiday_agencies(user: Viewer) -> list[Unit]:
    """Agencies the user may bind a local holiday to: the planner's own; administrators: all."""
    return planner_agencies(user)


def holiday_for_change(user: Viewer, pk: int) -> Holiday:
    """A holiday the user may edit or delete; anything else, existing or not, is a 404.

    Holidays shared by every agency of the installation are the administrator's to change, an
    agency's holidays its planners' (`Holiday.objects.restrict(user, "change")`)."""
    if not can_manage_holidays(user):
        raise Http404
    holiday = (
        Holiday.objects.restrict(user, "change").select_related("agency").filter(pk=pk).first()
    )
    if holiday is None:
        raise Http404
    return holiday


# --- working hours ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    """One weekday of a schedule as shown in the working hours table."""

    weekday: int
    name: Any
    hours: DaySchedule | None


@dataclass(frozen=True)
class ScheduleView:
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    rows: list[HoursRow]
    weekly_hours: Decimal
    stored: bool


def _view(name: str, weekly: dict[int, DaySchedule], schedule: WorkSchedule | None) -> ScheduleView:
    rows = [HoursRow(day, WEEKDAY_NAMES[day], weekly.get(day)) for day in range(7)]
    minutes = sum((hours.minutes for hours in weekly.values()), Decimal(0))
    return ScheduleView(
        name=name,
        valid_from=schedule.valid_from if schedule else None,
        valid_to=schedule.valid_to if schedule else None,
        rows=rows,
        weekly_hours=minutes / 60,
        stored=schedule is not None,
    )


def default_schedules() -> list[ScheduleView]:
    """The installation-wide working hours: the weekly schedule first, then dated ones (Ramadan).

    Without a stored schedule, the legal hours that deadlines fall back to (Perpres 21/2023).
    """
    schedules = list(
        WorkSchedule.objects.filter(agency__isnull=True)
        .prefetch_related("days")
        .order_by("valid_from", "pk")
    )
    weekly = [s for s in schedules if s.valid_from is None and s.valid_to is None]
    dated = [s for s in schedules if s not in weekly]
    views = [_view(s.name, weekly_of(s), s) for s in weekly[:1]]
    if not views:
        views = [_view(str(_("Jam kerja standar")), dict(LEGAL_DEFAULT_WEEKLY), None)]
    return views + [_view(s.name, weekly_of(s), s) for s in dated]
