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

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Viewer
from sakip.audit.history import HistoryEntry, history_entries, plain_value
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
    pk: int | None = None
    agency: Unit | None = None
    # Whether the viewer may change it (the schedule's agency is theirs, or shared and admin).
    can_change: bool = False

    @property
    def dated(self) -> bool:
        return self.valid_from is not None or self.valid_to is not None


def _view(
    name: str,
    weekly: dict[int, DaySchedule],
    schedule: WorkSchedule | None,
    *,
    can_change: bool = False,
) -> ScheduleView:
    rows = [HoursRow(day, WEEKDAY_NAMES[day], weekly.get(day)) for day in range(7)]
    minutes = sum((hours.minutes for hours in weekly.values()), Decimal(0))
    return ScheduleView(
        name=name,
        valid_from=schedule.valid_from if schedule else None,
        valid_to=schedule.valid_to if schedule else None,
        rows=rows,
        weekly_hours=minutes / 60,
        stored=schedule is not None,
        pk=schedule.pk if schedule else None,
        agency=schedule.agency if schedule else None,
        can_change=can_change,
    )


def schedule_view(schedule: WorkSchedule, *, can_change: bool = False) -> ScheduleView:
    return _view(schedule.name, weekly_of(schedule), schedule, can_change=can_change)


def _is_dated(schedule: WorkSchedule) -> bool:
    return schedule.valid_from is not None or schedule.valid_to is not None


def visible_schedules(user: Viewer) -> QuerySet[WorkSchedule]:
    """Installation-wide schedules and those of the user's agencies (administrators: all)."""
    return WorkSchedule.objects.restrict(user, "view").select_related("agency")


def schedules_for_list(user: Viewer, year: int) -> list[ScheduleView]:
    """The working hours deadlines are counted in: the weekly hours first (the installation's,
    then an agency's own), then the dated schedules (Ramadan hours) that touch the year.

    Without a stored weekly schedule, the legal hours that deadlines fall back to (Perpres
    21/2023)."""
    changeable = set(
        WorkSchedule.objects.restrict(user, "change").values_list("pk", flat=True)
        if can_manage_holidays(user)
        else []
    )
    schedules = list(
        visible_schedules(user)
        .prefetch_related("days")
        .order_by("valid_from", "agency__name", "pk")
    )
    weekly = [s for s in schedules if not _is_dated(s)]
    shared = [s for s in weekly if s.agency_id is None][:1]
    own = [s for s in weekly if s.agency_id is not None]
    views = [schedule_view(s) for s in shared]
    if not views:
        views = [_view(str(_("Jam kerja standar")), dict(LEGAL_DEFAULT_WEEKLY), None)]
    views += [schedule_view(s) for s in own]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    dated = [
        s
        for s in schedules
        if _is_dated(s)
        and (s.valid_from or dt.date.min) <= last
        and (s.valid_to or dt.date.max) >= first
    ]
    return views + [schedule_view(s, can_change=s.pk in changeable) for s in dated]


def schedule_for_view(user: Viewer, pk: int) -> WorkSchedule:
    """A schedule the user may read (shared, or of their agency); anything else is a 404."""
    schedule = visible_schedules(user).prefetch_related("days").filter(pk=pk).first()
    if schedule is None:
        raise Http404
    return schedule


def can_change_schedule(user: Viewer, schedule: WorkSchedule) -> bool:
    return (
        can_manage_holidays(user)
        and _is_dated(schedule)
        and WorkSchedule.objects.restrict(user, "change").filter(pk=schedule.pk).exists()
    )


def schedule_for_change(user: Viewer, pk: int) -> WorkSchedule:
    """A dated schedule the user may edit or delete; anything else, existing or not, is a 404.

    Like holidays: the schedules shared by every agency are the administrator's, an agency's its
    planners'. The weekly hours are set by `seed_calendar` and stay as they are here."""
    if not can_manage_holidays(user):
        raise Http404
    schedule = (
        WorkSchedule.objects.restrict(user, "change")
        .filter(pk=pk)
        .filter(Q(valid_from__isnull=False) | Q(valid_to__isnull=False))
        .select_related("agency")
        .prefetch_related("days")
        .first()
    )
    if schedule is None:
        raise Http404
    return schedule


SCHEDULE_ACTIONS = {"create": _("Dibuat"), "update": _("Diubah"), "delete": _("Dihapus")}


def schedule_history(schedule: WorkSchedule) -> list[HistoryEntry]:
    """The schedule's audit events, newest first: the dates, the scope and each weekday's hours."""
    labels: dict[str, Any] = {
        "name": _("Nama"),
        "agency": _("Berlaku untuk"),
        "valid_from": _("Berlaku mulai"),
        "valid_to": _("Berlaku sampai"),
    }
    labels.update({f"day{day}": WEEKDAY_NAMES[day] for day in range(7)})

    def display(name: str, value: Any) -> str:
        if name.startswith("day") and value in (None, ""):
            return str(_("Libur"))
        if name == "days" and isinstance(value, list):  # schedules created before the page
            return (
                " · ".join(
                    f"{WEEKDAY_NAMES[int(row['weekday'])]} {row['start'][:5]}–{row['end'][:5]}"
                    for row in value
                    if isinstance(row, dict)
                )
                or "—"
            )
        return plain_value(value)

    return history_entries(
        schedule,
        action_labels=SCHEDULE_ACTIONS,
        field_labels={**labels, "days": _("Hari kerja")},
        display=display,
    )
