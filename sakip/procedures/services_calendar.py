"""Writes of the working calendar: holidays and the default working hours, every change audited.

A holiday changes only deadlines computed after it: the engine stores each task's deadline when the
task opens, so a day off added mid-run leaves running tasks as they are (docs/decisions/0004).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record, diff, snapshot
from sakip.core.locking import lock_fresh
from sakip.organization.models import Unit

from .choices import HolidayKind
from .models import Holiday, WorkSchedule, WorkScheduleDay
from .working_time import LEGAL_DEFAULT_WEEKLY, DaySchedule

DUPLICATE_DATE = _("Tanggal ini sudah tercatat sebagai hari libur.")
HOLIDAY_FIELDS = ("date", "name", "kind", "agency")
SCHEDULE_DAY_FIELDS = ("weekday", "start", "end", "break_start", "break_end")


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


def work_schedule_create(
    *,
    actor: Actor,
    name: str,
    days: Mapping[int, DaySchedule],
    agency: Unit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> WorkSchedule:
    """A schedule with its weekday hours (weekdays without hours are off), audited as one event."""
    with transaction.atomic():
        schedule = WorkSchedule(agency=agency, name=name, valid_from=valid_from, valid_to=valid_to)
        schedule.full_clean()
        schedule.save()
        rows = [
            WorkScheduleDay(
                schedule=schedule,
                weekday=weekday,
                start=hours.start,
                end=hours.end,
                break_start=hours.break_start,
                break_end=hours.break_end,
            )
            for weekday, hours in sorted(days.items())
        ]
        WorkScheduleDay.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            instance=schedule,
            action="create",
            changes={
                "name": [None, name],
                "days": [None, [snapshot(row, SCHEDULE_DAY_FIELDS) for row in rows]],
            },
        )
    return schedule


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
