"""Writes of the working calendar: holidays and working schedules, every change audited.

A holiday or a schedule changes only deadlines computed after it: the engine stores each task's deadline when the
task opens, so a day off added mid-run leaves running tasks as they are (docs/decisions/0004).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record, diff, snapshot
from sakip.core.locking import lock_fresh
from sakip.core.signals import rows_written
from sakip.organization.models import Unit

from .choices import HolidayKind
from .models import Holiday, WorkSchedule, WorkScheduleDay
from .working_time import LEGAL_DEFAULT_WEEKLY, DaySchedule

DUPLICATE_DATE = _("Tanggal ini sudah tercatat sebagai hari libur.")
HOLIDAY_FIELDS = ("date", "name", "kind", "agency")


def _check_free_date(holiday: Holiday) -> None:
    """One row per day for an agency: a day already off for everyone, or for it, is taken."""
    same_day = Holiday.objects.filter(date=holiday.date).exclude(pk=holiday.pk)
    if holiday.agency_id is None:
        taken = same_day.filter(agency__isnull=True)
    else:
        taken = same_day.filter(Q(agency__isnull=True) | Q(agency_id=holiday.agency_id))
    if taken.exists():
        raise ValidationError({"date": DUPLICATE_DATE}, code="duplicate")


def _validate(holiday: Holiday) -> None:
    holiday.full_clean(validate_constraints=False)
    _check_free_date(holiday)


def holiday_create(
    *, actor: Actor, date: dt.date, name: str, kind: str, agency: Unit | None = None
) -> Holiday:
    """Record a day off (national holiday, cuti bersama, or a local holiday of one agency)."""
    holiday = Holiday(date=date, name=name.strip(), kind=kind, agency=agency)
    with transaction.atomic():
        _validate(holiday)
        holiday.save()
        audit_record(
            actor=actor,
            instance=holiday,
            action="create",
            changes={k: [None, v] for k, v in snapshot(holiday, HOLIDAY_FIELDS).items() if v},
        )
    return holiday


def holiday_update(
    *,
    actor: Actor,
    holiday: Holiday,
    expected_version: int | None = None,
    date: dt.date,
    name: str,
    kind: str,
    agency: Unit | None = None,
) -> Holiday:
    with transaction.atomic():
        # Refuses a save over someone else's (StaleEditError naming who saved last; 0003).
        current: Holiday = lock_fresh(holiday, expected_version)
        before = snapshot(current, HOLIDAY_FIELDS)
        current.date, current.name, current.kind = date, name.strip(), kind
        current.agency = agency
        _validate(current)
        current.version += 1
        current.save()
        changes = diff(before, snapshot(current, HOLIDAY_FIELDS))
        if changes:
            audit_record(actor=actor, instance=current, action="update", changes=changes)
    return current


def holiday_delete(*, actor: Actor, holiday: Holiday) -> None:
    """Remove a day off; deadlines already stored on tasks stay as they are."""
    with transaction.atomic():
        current = Holiday.objects.select_for_update().get(pk=holiday.pk)
        audit_record(
            actor=actor,
            instance=current,
            action="delete",
            changes={k: [v, None] for k, v in snapshot(current, HOLIDAY_FIELDS).items() if v},
        )
        current.delete()


# --- working hours ---------------------------------------------------------------------------

SCHEDULE_FIELDS = ("name", "agency", "valid_from", "valid_to")
END_BEFORE_START = _("Jam selesai harus sesudah jam mulai.")
BREAK_HALF = _("Isi jam mulai dan selesai istirahat, atau kosongkan keduanya.")
BREAK_OUTSIDE = _("Istirahat harus berada di dalam jam kerja dan selesai sesudah mulai.")
HOURS_HALF = _("Isi jam mulai dan jam selesai, atau kosongkan keduanya untuk hari libur.")
NO_WORKING_DAY = _("Isi jam kerja sedikitnya untuk satu hari.")
DATES_NEEDED = _("Isi tanggal berlaku mulai dan sampai.")
DATES_REVERSED = _("Tanggal berlaku sampai tidak boleh sebelum tanggal berlaku mulai.")
DATES_OVERLAP = _(
    "Tanggal ini bertumpang tindih dengan jam kerja “%(name)s” (%(start)s – %(end)s) yang "
    "berlaku untuk perangkat daerah yang sama."
)


def day_field(weekday: int, part: str) -> str:
    """The name under which a weekday's time (start, end, break_start, break_end) is refused; the
    schedule form names its inputs the same way, so a refusal stands next to the input."""
    return f"day{weekday}_{part}"


@dataclass(frozen=True)
class DayHours:
    """One weekday's hours as typed: any of them may be missing until checked."""

    start: dt.time | None = None
    end: dt.time | None = None
    break_start: dt.time | None = None
    break_end: dt.time | None = None

    @property
    def empty(self) -> bool:
        return all(v is None for v in (self.start, self.end, self.break_start, self.break_end))


def _day_errors(weekday: int, day: DayHours) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if day.start is None or day.end is None:
        missing = "start" if day.start is None else "end"
        errors[day_field(weekday, missing)] = HOURS_HALF
        return errors
    if not day.start < day.end:
        errors[day_field(weekday, "end")] = END_BEFORE_START
        return errors
    if (day.break_start is None) != (day.break_end is None):
        missing = "break_start" if day.break_start is None else "break_end"
        errors[day_field(weekday, missing)] = BREAK_HALF
    elif (
        day.break_start is not None
        and day.break_end is not None
        and not day.start <= day.break_start < day.break_end <= day.end
    ):
        errors[day_field(weekday, "break_end")] = BREAK_OUTSIDE
    return errors


def checked_days(days: Mapping[int, DayHours | DaySchedule]) -> dict[int, DaySchedule]:
    """The working days of a schedule (weekdays without hours are off); a ValidationError naming
    each wrong time otherwise."""
    errors: dict[str, Any] = {}
    result: dict[int, DaySchedule] = {}
    for weekday, typed in sorted(days.items()):
        hours = DayHours(typed.start, typed.end, typed.break_start, typed.break_end)
        if hours.empty:
            continue
        found = _day_errors(weekday, hours)
        if found:
            errors.update(found)
            continue
        assert hours.start is not None and hours.end is not None
        result[weekday] = DaySchedule(hours.start, hours.end, hours.break_start, hours.break_end)
    if not errors and not result:
        errors[day_field(0, "start")] = NO_WORKING_DAY
    if errors:
        raise ValidationError(errors, code="invalid")
    return result


def _check_dates(schedule: WorkSchedule, *, dated: bool) -> None:
    """A dated schedule has both dates in order and overlaps no other dated schedule of the same
    agency (the installation-wide ones count as one agency): the calendar would otherwise have
    to guess which hours a day has. An agency's own schedule may lie over a shared one: it wins."""
    if not dated:
        return
    if schedule.valid_from is None or schedule.valid_to is None:
        field_name = "valid_from" if schedule.valid_from is None else "valid_to"
        raise ValidationError({field_name: DATES_NEEDED}, code="required")
    if schedule.valid_to < schedule.valid_from:
        raise ValidationError({"valid_to": DATES_REVERSED}, code="reversed")
    others = WorkSchedule.objects.exclude(pk=schedule.pk).filter(
        valid_from__isnull=False,
        valid_to__isnull=False,
        valid_from__lte=schedule.valid_to,
        valid_to__gte=schedule.valid_from,
    )
    if schedule.agency_id is None:
        others = others.filter(agency__isnull=True)
    else:
        others = others.filter(agency_id=schedule.agency_id)
    other = others.order_by("valid_from").first()
    if other is not None:
        assert other.valid_from is not None and other.valid_to is not None
        message = DATES_OVERLAP % {
            "name": other.name,
            "start": formats.date_format(other.valid_from, "DATE_FORMAT"),
            "end": formats.date_format(other.valid_to, "DATE_FORMAT"),
        }
        raise ValidationError({"valid_from": message}, code="overlap")


def _hours_text(hours: DaySchedule | None) -> str | None:
    """A weekday's hours as recorded in the audit trail: "07:30–15:00 (12:00–12:30)"."""
    if hours is None:
        return None
    text = f"{hours.start:%H:%M}–{hours.end:%H:%M}"
    if hours.break_start is not None and hours.break_end is not None:
        text += f" ({hours.break_start:%H:%M}–{hours.break_end:%H:%M})"
    return text


def _days_snapshot(days: Mapping[int, DaySchedule]) -> dict[str, str | None]:
    return {f"day{weekday}": _hours_text(days.get(weekday)) for weekday in range(7)}


def _stored_days(schedule: WorkSchedule) -> dict[int, DaySchedule]:
    return {
        row.weekday: DaySchedule(row.start, row.end, row.break_start, row.break_end)
        for row in WorkScheduleDay.objects.filter(schedule=schedule)
    }


def _write_days(schedule: WorkSchedule, days: Mapping[int, DaySchedule]) -> None:
    WorkScheduleDay.objects.filter(schedule=schedule).delete()
    WorkScheduleDay.objects.bulk_create(
        WorkScheduleDay(
            schedule=schedule,
            weekday=weekday,
            start=hours.start,
            end=hours.end,
            break_start=hours.break_start,
            break_end=hours.break_end,
        )
        for weekday, hours in sorted(days.items())
    )
    rows_written.send(sender=WorkScheduleDay)  # bulk_create sends no post_save (data stamps)


def work_schedule_create(
    *,
    actor: Actor,
    name: str,
    days: Mapping[int, DayHours | DaySchedule],
    agency: Unit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> WorkSchedule:
    """A schedule with its weekday hours (weekdays without hours are off), audited as one event.

    A dated one (Ramadan hours) replaces the weekly hours on its dates, for deadlines computed
    after it is saved; deadlines already stored on tasks stay (docs/decisions/0004)."""
    dated = valid_from is not None or valid_to is not None
    with transaction.atomic():
        schedule = WorkSchedule(
            agency=agency, name=name.strip(), valid_from=valid_from, valid_to=valid_to
        )
        errors: dict[str, Any] = {}
        for check in (
            lambda: schedule.full_clean(),
            lambda: _check_dates(schedule, dated=dated),
        ):
            try:
                check()
            except ValidationError as exc:
                errors.update(exc.update_error_dict({}))
        try:
            hours = checked_days(days)
        except ValidationError as exc:
            errors.update(exc.update_error_dict({}))
        if errors:
            raise ValidationError(errors)
        schedule.save()
        _write_days(schedule, hours)
        created = {k: v for k, v in snapshot(schedule, SCHEDULE_FIELDS).items() if v}
        created.update({k: v for k, v in _days_snapshot(hours).items() if v})
        audit_record(
            actor=actor,
            instance=schedule,
            action="create",
            changes={k: [None, v] for k, v in created.items()},
        )
    return schedule


def work_schedule_update(
    *,
    actor: Actor,
    schedule: WorkSchedule,
    expected_version: int | None = None,
    name: str,
    days: Mapping[int, DayHours | DaySchedule],
    agency: Unit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> WorkSchedule:
    """Change a schedule's name, scope, dates and hours; deadlines already stored stay."""
    with transaction.atomic():
        # Refuses a save over someone else's (StaleEditError naming who saved last; 0003).
        current: WorkSchedule = lock_fresh(schedule, expected_version)
        dated = current.valid_from is not None or current.valid_to is not None
        before = {**snapshot(current, SCHEDULE_FIELDS), **_days_snapshot(_stored_days(current))}
        current.name, current.agency = name.strip(), agency
        current.valid_from, current.valid_to = valid_from, valid_to
        errors: dict[str, Any] = {}
        for check in (
            lambda: current.full_clean(),
            lambda: _check_dates(current, dated=dated),
        ):
            try:
                check()
            except ValidationError as exc:
                errors.update(exc.update_error_dict({}))
        try:
            hours = checked_days(days)
        except ValidationError as exc:
            errors.update(exc.update_error_dict({}))
        if errors:
            raise ValidationError(errors)
        current.version += 1
        current.save()
        _write_days(current, hours)
        changes = diff(before, {**snapshot(current, SCHEDULE_FIELDS), **_days_snapshot(hours)})
        if changes:
            audit_record(actor=actor, instance=current, action="update", changes=changes)
    return current


def work_schedule_delete(*, actor: Actor, schedule: WorkSchedule) -> None:
    """Remove a schedule and its days; deadlines already stored on tasks stay as they are."""
    with transaction.atomic():
        current = WorkSchedule.objects.select_for_update().get(pk=schedule.pk)
        gone = {**snapshot(current, SCHEDULE_FIELDS), **_days_snapshot(_stored_days(current))}
        audit_record(
            actor=actor,
            instance=current,
            action="delete",
            changes={k: [v, None] for k, v in gone.items() if v},
        )
        current.delete()


DEFAULT_SCHEDULE_NAME = "Jam kerja standar"


def default_schedule_ensure(*, actor: Actor = None) -> tuple[WorkSchedule, bool]:
    """The installation-wide weekly hours (Perpres 21/2023; Keppres 68/1995), created if missing.

    Returns the schedule and whether it was created.
    """
    existing = WorkSchedule.objects.filter(
        agency__isnull=True, valid_from__isnull=True, valid_to__isnull=True
    ).first()
    if existing is not None:
        return existing, False
    schedule = work_schedule_create(
        actor=actor, name=DEFAULT_SCHEDULE_NAME, days=LEGAL_DEFAULT_WEEKLY
    )
    return schedule, True


# --- seeding holidays from the `holidays` package --------------------------------------------


@dataclass
class SeedCount:
    """What seeding one year did: rows added per kind, and dates already in the table."""

    year: int
    added: dict[str, int] = field(default_factory=dict)
    skipped: int = 0


def _package_holidays(year: int) -> list[tuple[dt.date, str, str]]:
    """(date, name, kind) of one year: PUBLIC → national holiday, GOVERNMENT → cuti bersama.

    The package tells the category only per call, so each category is asked separately; a date in
    both counts as a national holiday. Names in Indonesian when the package has them.
    """
    import holidays  # imported here: only seeding needs the package, deadline maths never does

    language = "id" if "id" in holidays.ID.supported_languages else None
    rows: dict[dt.date, tuple[str, str]] = {}
    for category, kind in (
        ("public", HolidayKind.NATIONAL),
        ("government", HolidayKind.COLLECTIVE_LEAVE),
    ):
        found = holidays.country_holidays(
            "ID", years=[year], categories=(category,), language=language
        )
        for day, name in sorted(found.items()):
            rows.setdefault(day, (name[:200], kind.value))
    return [(day, name, kind) for day, (name, kind) in sorted(rows.items())]


def holidays_seed(*, actor: Actor = None, years: Iterable[int]) -> list[SeedCount]:
    """Add the national holidays and cuti bersama of the years as installation-wide rows.

    Idempotent: a date already in the table (for everyone) is skipped, so an administrator's edit
    of a seeded day, e.g. a cuti bersama moved by an amended decree, is never overwritten.
    """
    counts = []
    for year in sorted(set(years)):
        count = SeedCount(year=year)
        taken = set(
            Holiday.objects.filter(agency__isnull=True, date__year=year).values_list(
                "date", flat=True
            )
        )
        for day, name, kind in _package_holidays(year):
            if day in taken:
                count.skipped += 1
                continue
            holiday_create(actor=actor, date=day, name=name, kind=kind)
            count.added[kind] = count.added.get(kind, 0) + 1
        counts.append(count)
    return counts
