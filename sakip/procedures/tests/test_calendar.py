"""The agency's working calendar from the tables, deadlines of SOP steps, holiday services, seeding."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import holidays
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from sakip.audit.models import AuditEvent
from sakip.organization.choices import Role
from sakip.planning.services import StaleEditError
from sakip.procedures import services_calendar as services
from sakip.procedures.calendar import calendar_for
from sakip.procedures.choices import DurationUnit, HolidayKind
from sakip.procedures.models import (
    Holiday,
    ProcedureRun,
    Sop,
    SopLane,
    SopRevision,
    SopStep,
    Task,
    WorkSchedule,
)
from sakip.procedures.selectors_calendar import deadline_for
from sakip.procedures.working_time import LEGAL_DEFAULT_WEEKLY, WITA, DaySchedule

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


def t(hhmm):
    return dt.time.fromisoformat(hhmm)


def make_step(agency, value="2", unit=DurationUnit.HOUR) -> SopStep:
    sop = Sop.objects.create(agency=agency, code="sop-uji")
    revision = SopRevision.objects.create(
        sop=sop,
        revision=1,
        effective_date=dt.date(2026, 1, 1),
        number="001/SOP/UJI/2026",
        title="SOP Uji",
        created_date=dt.date(2026, 1, 1),
    )
    lane = SopLane.objects.create(revision=revision, order=1, name="Staf", role=Role.PLANNING_STAFF)
    return SopStep.objects.create(
        revision=revision,
        number=1,
        activity="Menyusun laporan",
        lane=lane,
        duration_value=Decimal(value),
        duration_unit=unit,
    )


# --- calendar_for ----------------------------------------------------------------------------


def test_without_schedule_rows_the_legal_hours_apply(organization):
    calendar = calendar_for(organization.agency)
    assert dict(calendar.weekly) == dict(LEGAL_DEFAULT_WEEKLY)
    assert calendar.holidays == frozenset()
    assert str(calendar.tz) == "Asia/Makassar"


def test_the_default_schedule_row_is_read(organization):
    schedule, created = services.default_schedule_ensure()
    assert created
    friday = schedule.days.get(weekday=4)
    assert (friday.start, friday.end, friday.break_start, friday.break_end) == (
        t("07:30"),
        t("16:30"),
        t("11:30"),
        t("13:00"),
    )
    assert dict(calendar_for(organization.agency).weekly) == dict(LEGAL_DEFAULT_WEEKLY)


def test_an_agency_schedule_replaces_the_default_for_that_agency_only(organization):
    services.default_schedule_ensure()
    short = DaySchedule(t("08:00"), t("15:00"))
    services.work_schedule_create(
        actor=None, name="Jam kerja Dinas Uji", days={0: short}, agency=organization.agency
    )
    assert dict(calendar_for(organization.agency).weekly) == {0: short}
    assert dict(calendar_for(organization.other_agency).weekly) == dict(LEGAL_DEFAULT_WEEKLY)


def test_a_dated_schedule_is_an_override_and_the_agencys_own_comes_first(organization):
    ramadan = DaySchedule(t("08:00"), t("15:00"), t("12:00"), t("12:30"))
    own = DaySchedule(t("08:00"), t("14:00"))
    start, end = dt.date(2026, 2, 18), dt.date(2026, 3, 19)
    services.work_schedule_create(
        actor=None, name="Ramadan", days={0: ramadan}, valid_from=start, valid_to=end
    )
    services.work_schedule_create(
        actor=None,
        name="Ramadan Dinas",
        days={0: own},
        agency=organization.agency,
        valid_from=start,
        valid_to=end,
    )
    calendar = calendar_for(organization.agency)
    assert calendar.schedule_on(dt.date(2026, 2, 23)) == own  # a Ramadan Monday
    assert calendar.schedule_on(dt.date(2026, 2, 24)) is None  # Tuesday: not in the override
    assert calendar.schedule_on(dt.date(2026, 4, 6)) == LEGAL_DEFAULT_WEEKLY[0]
    assert calendar_for(organization.other_agency).schedule_on(dt.date(2026, 2, 23)) == ramadan


def test_holidays_are_the_shared_ones_and_the_agencys_own(organization):
    services.holiday_create(
        actor=None, date=dt.date(2026, 12, 25), name="Hari Raya Natal", kind=HolidayKind.NATIONAL
    )
    services.holiday_create(
        actor=None,
        date=dt.date(2026, 12, 8),
        name="Hari Jadi Kabupaten",
        kind=HolidayKind.LOCAL,
        agency=organization.agency,
    )
    assert calendar_for(organization.agency).holidays == {
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 8),
    }
    assert calendar_for(organization.other_agency).holidays == {dt.date(2026, 12, 25)}


def test_calendar_for_takes_three_queries(organization, django_assert_num_queries):
    """Three queries when read (the calendar stamp's token besides), none of the calendar's
    tables once kept: until a schedule or a holiday changes (procedures/tests/test_kept.py)."""
    services.default_schedule_ensure()
    with django_assert_num_queries(4):
        read = calendar_for(organization.agency)
    with django_assert_num_queries(1):
        assert calendar_for(organization.agency) == read


# --- deadline_for ----------------------------------------------------------------------------


def test_deadline_for_a_step_counts_its_standard_time_in_working_hours(organization):
    step = make_step(organization.agency, "2", DurationUnit.HOUR)
    start = at(2026, 11, 26, 15)  # Thursday
    assert deadline_for(step, agency=organization.agency, start=start) == at(2026, 11, 27, 8, 30)


def test_a_holiday_added_after_a_task_opened_moves_only_new_deadlines(organization):
    agency = organization.agency
    step = make_step(agency, "2", DurationUnit.HOUR)
    start = at(2026, 12, 23, 15)  # Wednesday
    before = deadline_for(step, agency=agency, start=start)
    assert before == at(2026, 12, 24, 8, 30)
    run = ProcedureRun.objects.create(
        revision=step.revision,
        agency=agency,
        title="Penyusunan laporan 2026",
        year=2026,
        started_at=start,
        disposition_to="Staf",
        instruction="Segera disusun",
        disposition_date=start.date(),
    )
    task = Task.objects.create(
        run=run,
        step=step,
        assignee=organization["staf.evaluasi"],
        started_at=start,
        deadline=before,
    )

    # The cuti bersama of 24 December is decreed after the task opened.
    services.holiday_create(
        actor=organization["staf.evaluasi"],
        date=dt.date(2026, 12, 24),
        name="Cuti Bersama Hari Raya Natal",
        kind=HolidayKind.COLLECTIVE_LEAVE,
    )

    task.refresh_from_db()
    assert task.deadline == before  # stored, never recomputed
    assert deadline_for(step, agency=agency, start=start) == at(2026, 12, 25, 8, 30)


def test_deadline_for_a_day_step(organization):
    step = make_step(organization.agency, "2", DurationUnit.DAY)
    start = at(2026, 11, 23, 10)
    assert deadline_for(step, agency=organization.agency, start=start) == at(2026, 11, 25, 10)


# --- holiday services ------------------------------------------------------------------------


def test_holiday_create_is_audited(organization):
    actor = organization["staf.evaluasi"]
    holiday = services.holiday_create(
        actor=actor, date=dt.date(2026, 8, 17), name=" Hari Kemerdekaan ", kind="national"
    )
    assert holiday.name == "Hari Kemerdekaan"
    event = AuditEvent.objects.get(object_type="procedures.holiday", object_id=str(holiday.pk))
    assert (event.actor, event.action) == (actor, "create")
    assert event.changes["name"] == [None, "Hari Kemerdekaan"]


def test_a_date_already_off_for_everyone_is_refused(organization):
    services.holiday_create(actor=None, date=dt.date(2026, 8, 17), name="HUT RI", kind="national")
    for agency in (None, organization.agency):
        with pytest.raises(ValidationError) as caught:
            services.holiday_create(
                actor=None, date=dt.date(2026, 8, 17), name="Lagi", kind="local", agency=agency
            )
        assert caught.value.message_dict == {"date": [str(services.DUPLICATE_DATE)]}
    assert Holiday.objects.count() == 1


def test_two_agencies_may_have_a_local_holiday_on_the_same_day(organization):
    day = dt.date(2026, 9, 1)
    for agency in (organization.agency, organization.other_agency):
        services.holiday_create(actor=None, date=day, name="Libur", kind="local", agency=agency)
    with pytest.raises(ValidationError):
        services.holiday_create(
            actor=None, date=day, name="Dua kali", kind="local", agency=organization.agency
        )
    assert Holiday.objects.filter(date=day).count() == 2


def test_an_unknown_kind_or_empty_name_is_refused(organization):
    with pytest.raises(ValidationError) as caught:
        services.holiday_create(actor=None, date=dt.date(2026, 9, 1), name=" ", kind="festival")
    assert set(caught.value.message_dict) == {"name", "kind"}


def test_holiday_update_records_the_change_and_refuses_a_stale_version(organization):
    actor = organization["staf.evaluasi"]
    holiday = services.holiday_create(
        actor=actor, date=dt.date(2026, 5, 15), name="Cuti bersama", kind="collective_leave"
    )
    updated = services.holiday_update(
        actor=actor,
        holiday=holiday,
        expected_version=1,
        date=dt.date(2026, 5, 15),
        name="Cuti Bersama Kenaikan Yesus Kristus",
        kind="collective_leave",
    )
    assert updated.version == 2
    event = AuditEvent.objects.filter(action="update").get()
    assert event.changes == {"name": ["Cuti bersama", "Cuti Bersama Kenaikan Yesus Kristus"]}
    with pytest.raises(StaleEditError):
        services.holiday_update(
            actor=actor,
            holiday=holiday,
            expected_version=1,
            date=dt.date(2026, 5, 16),
            name="Lama",
            kind="collective_leave",
        )


def test_holiday_update_cannot_move_onto_a_taken_date(organization):
    services.holiday_create(actor=None, date=dt.date(2026, 8, 17), name="HUT RI", kind="national")
    other = services.holiday_create(
        actor=None, date=dt.date(2026, 8, 18), name="Cuti", kind="collective_leave"
    )
    with pytest.raises(ValidationError) as caught:
        services.holiday_update(
            actor=None, holiday=other, date=dt.date(2026, 8, 17), name="Cuti", kind="national"
        )
    assert "date" in caught.value.message_dict


def test_holiday_delete_is_audited(organization):
    holiday = services.holiday_create(
        actor=None, date=dt.date(2026, 8, 17), name="HUT RI", kind="national"
    )
    pk = holiday.pk
    services.holiday_delete(actor=organization["admin"], holiday=holiday)
    assert not Holiday.objects.exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.object_id == str(pk)
    assert event.changes["name"] == ["HUT RI", None]


# --- seed_calendar ---------------------------------------------------------------------------


def package_dates(year, category):
    return set(holidays.country_holidays("ID", years=[year], categories=(category,)))


def seed(*years) -> str:
    out = StringIO()
    call_command("seed_calendar", "--years", *map(str, years), stdout=out)
    return out.getvalue()


def test_seed_calendar_creates_the_default_hours_and_the_years_holidays(db):
    output = seed(2026)
    schedule = WorkSchedule.objects.get(agency__isnull=True)
    assert schedule.name == "Jam kerja standar"
    assert sorted(schedule.days.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    public, government = package_dates(2026, "public"), package_dates(2026, "government")
    national = set(Holiday.objects.filter(kind="national").values_list("date", flat=True))
    leave = set(Holiday.objects.filter(kind="collective_leave").values_list("date", flat=True))
    assert national == public
    assert leave == government - public
    assert Holiday.objects.get(date=dt.date(2026, 12, 24)).kind == "collective_leave"
    natal = Holiday.objects.get(date=dt.date(2026, 12, 25))
    assert (natal.kind, natal.name, natal.agency) == ("national", "Hari Raya Natal", None)
    assert "Jam kerja “Jam kerja standar” dibuat." in output
    assert (
        f"Tahun 2026: {len(national)} libur nasional dan {len(leave)} cuti bersama ditambahkan; "
        "0 tanggal sudah tercatat." in output
    )
    assert AuditEvent.objects.filter(object_type="procedures.holiday").count() == len(
        national | leave
    )


def test_seed_calendar_is_idempotent_and_keeps_edited_rows(db):
    seed(2026, 2027)
    total = Holiday.objects.count()
    edited = Holiday.objects.get(date=dt.date(2026, 12, 24))
    edited.name = "Cuti bersama (diubah SKB)"
    edited.save()
    output = seed(2026, 2027)
    assert Holiday.objects.count() == total
    assert WorkSchedule.objects.count() == 1
    assert Holiday.objects.get(date=dt.date(2026, 12, 24)).name == "Cuti bersama (diubah SKB)"
    assert "sudah ada" in output
    assert "Tahun 2027: 0 libur nasional dan 0 cuti bersama ditambahkan" in output


def test_seed_calendar_defaults_to_this_year_and_next(db):
    from django.utils import timezone

    seed_years = {timezone.localdate().year, timezone.localdate().year + 1}
    call_command("seed_calendar", stdout=StringIO())
    assert {d.year for d in Holiday.objects.dates("date", "year")} == seed_years
