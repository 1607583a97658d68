"""The dated working schedules (Ramadan hours) on the Kalender Kerja page: list, detail with
history, add/edit/delete, the rules shown next to the field, access, and deadlines that follow."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD
from sakip.organization.choices import Role
from sakip.procedures import services_calendar as services
from sakip.procedures.choices import DurationUnit
from sakip.procedures.models import (
    ProcedureRun,
    Sop,
    SopLane,
    SopRevision,
    SopStep,
    Task,
    WorkSchedule,
)
from sakip.procedures.selectors_calendar import deadline_for
from sakip.procedures.services_calendar import DayHours
from sakip.procedures.working_time import WITA

LIST = reverse("procedures:holiday_list")
CREATE = reverse("procedures:schedule_create")
SAVE_CONSEQUENCE = "Tenggat tugas yang sudah dihitung tidak berubah; hanya tenggat yang dihitung sesudah ini memakai jam kerja ini."
DELETE_CONSEQUENCE = "Tenggat tugas yang sudah dihitung tidak berubah; tenggat baru pada tanggal-tanggal ini akan dihitung dengan jam kerja biasa."


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def detail_url(schedule):
    return reverse("procedures:schedule_detail", args=[schedule.pk])


def update_url(schedule):
    return reverse("procedures:schedule_update", args=[schedule.pk])


def delete_url(schedule):
    return reverse("procedures:schedule_delete", args=[schedule.pk])


def at(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


def t(hhmm):
    return dt.time.fromisoformat(hhmm)


# Ramadan hours (32.5 h a week): Mon–Thu 08:00–15:00, break 12:00–12:30; Fri 08:00–15:30, break
# 11:30–12:30.
RAMADAN_DAYS = {
    **{
        f"day{d}_{part}": value
        for d in range(4)
        for part, value in (
            ("start", "08:00"),
            ("end", "15:00"),
            ("break_start", "12:00"),
            ("break_end", "12:30"),
        )
    },
    "day4_start": "08:00",
    "day4_end": "15:30",
    "day4_break_start": "11:30",
    "day4_break_end": "12:30",
}


def form_data(**overrides):
    data = {
        "name": "Jam kerja Ramadan 1448 H",
        "agency": "",
        "valid_from": "2027-02-08",
        "valid_to": "2027-03-09",
        **RAMADAN_DAYS,
    }
    data.update(overrides)
    return data


def ramadan(agency=None, *, name="Jam kerja Ramadan 1448 H", start=(2027, 2, 8), end=(2027, 3, 9)):
    return services.work_schedule_create(
        actor=None,
        name=name,
        days={d: DayHours(t("08:00"), t("15:00"), t("12:00"), t("12:30")) for d in range(4)},
        agency=agency,
        valid_from=dt.date(*start),
        valid_to=dt.date(*end),
    )


@pytest.fixture
def schedules(organization):
    """A shared Ramadan schedule, one of the test agency and one of another agency."""
    return {
        "shared": ramadan(),
        "local": ramadan(organization.agency, name="Ramadan Dinas Uji"),
        "other": ramadan(organization.other_agency, name="Ramadan Dinas Lain"),
    }


def make_step(agency, value="2", unit=DurationUnit.HOUR) -> SopStep:
    sop = Sop.objects.create(agency=agency, code=f"sop-uji-{Sop.objects.count()}")
    revision = SopRevision.objects.create(
        sop=sop,
        revision=1,
        effective_date=dt.date(2027, 1, 1),
        number="001/SOP/UJI/2027",
        title="SOP Uji",
        created_date=dt.date(2027, 1, 1),
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


# --- the list and the detail -----------------------------------------------------------------


def test_the_list_shows_the_dated_schedules_of_the_year_with_their_scope(client, schedules):
    html = page(login(client, "kabid.ikp").get(LIST, {"year": 2027}))
    assert "Jam kerja Ramadan 1448 H" in html and "Ramadan Dinas Uji" in html
    assert "08 Februari 2027" in html and "09 Maret 2027" in html
    assert "Ramadan Dinas Lain" not in html  # another agency's schedule
    assert "Semua perangkat daerah" in html and "Dinas Kominfo Uji" in html
    assert "26 jam kerja per minggu" in html  # Monday–Thursday, 6.5 hours each
    assert detail_url(schedules["local"]) in html
    # A unit head reads but does not manage.
    assert CREATE not in html and update_url(schedules["local"]) not in html
    # Another year does not list them.
    assert "Ramadan Dinas Uji" not in page(client.get(LIST, {"year": 2026}))


def test_planners_get_the_buttons_for_their_agencys_schedules_only(client, schedules):
    html = page(login(client, "staf.evaluasi").get(LIST, {"year": 2027}))
    assert CREATE in html
    assert update_url(schedules["local"]) in html and delete_url(schedules["local"]) in html
    assert escape(DELETE_CONSEQUENCE) in html
    assert update_url(schedules["shared"]) not in html  # the administrator's
    html = page(login(client, "admin").get(LIST, {"year": 2027}))
    assert update_url(schedules["shared"]) in html


def test_everyone_reads_a_schedule_and_its_history(client, organization, schedules):
    html = page(login(client, "kasi.ikp").get(detail_url(schedules["local"])))
    assert "Ramadan Dinas Uji" in html
    assert "08:00–15:00" in html and "12:00–12:30" in html
    assert "Riwayat" in html and "Dibuat" in html
    assert update_url(schedules["local"]) not in html


def test_another_agencys_schedule_is_404_to_read_and_to_change(client, schedules):
    client = login(client, "staf.evaluasi")
    other = schedules["other"]
    assert client.get(detail_url(other)).status_code == 404
    assert client.get(update_url(other)).status_code == 404
    assert client.post(delete_url(other)).status_code == 404
    assert WorkSchedule.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("username", ["kabid.ikp", "kasi.ikp", "kadis", "bagor", "outsider"])
def test_non_planners_get_404_on_the_write_pages(client, schedules, username):
    client = login(client, username)
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, form_data(name="Lain")).status_code == 404
    assert client.get(update_url(schedules["local"])).status_code == 404
    assert client.post(update_url(schedules["local"]), form_data()).status_code == 404
    assert client.post(delete_url(schedules["local"])).status_code == 404
    assert WorkSchedule.objects.count() == 3


def test_a_planner_cannot_change_a_shared_schedule_nor_the_weekly_hours(client, schedules):
    client = login(client, "kasubag.renkeu")
    assert client.get(update_url(schedules["shared"])).status_code == 404
    assert client.post(delete_url(schedules["shared"])).status_code == 404
    weekly, _created = services.default_schedule_ensure()
    admin = login(client, "admin")
    assert admin.get(update_url(weekly)).status_code == 404  # set by seed_calendar
    assert admin.get(detail_url(weekly)).status_code == 200


# --- create ----------------------------------------------------------------------------------


def test_a_planner_adds_a_ramadan_schedule_for_the_agency_and_it_is_audited(client, organization):
    client = login(client, "staf.evaluasi")
    form = page(client.get(CREATE))
    assert "Dinas Kominfo Uji" in form and "Dinas Lain" not in form
    assert escape(SAVE_CONSEQUENCE) in form
    response = client.post(CREATE, form_data(agency=organization.agency.pk))
    assert response.status_code == 302
    schedule = WorkSchedule.objects.get()
    assert response["Location"] == detail_url(schedule)
    assert (schedule.agency, schedule.valid_from, schedule.valid_to) == (
        organization.agency,
        dt.date(2027, 2, 8),
        dt.date(2027, 3, 9),
    )
    assert sorted(schedule.days.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    event = AuditEvent.objects.get(object_type="procedures.workschedule")
    assert (event.actor, event.action) == (organization["staf.evaluasi"], "create")
    assert event.changes["day4"] == [None, "08:00–15:30 (11:30–12:30)"]
    html = page(client.get(response["Location"]))
    assert "Jam kerja telah disimpan." in html
    assert "Jumat" in html and "08:00–15:30" in html


def test_a_planner_cannot_add_a_schedule_for_another_agency(client, organization):
    client = login(client, "staf.evaluasi")
    html = page(client.post(CREATE, form_data(agency=organization.other_agency.pk)))
    assert "is-invalid" in html
    assert not WorkSchedule.objects.exists()


def test_an_administrator_adds_a_shared_schedule(client, organization):
    response = login(client, "admin").post(CREATE, form_data())
    assert response.status_code == 302
    assert WorkSchedule.objects.get().agency is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"day0_end": "07:00"}, "day0_end", "Jam selesai harus sesudah jam mulai."),
        (
            {"day1_break_start": "07:00"},
            "day1_break_end",
            "Istirahat harus berada di dalam jam kerja dan selesai sesudah mulai.",
        ),
        (
            {"day2_break_end": "16:00"},
            "day2_break_end",
            "Istirahat harus berada di dalam jam kerja dan selesai sesudah mulai.",
        ),
        (
            {"day3_break_end": ""},
            "day3_break_end",
            "Isi jam mulai dan selesai istirahat, atau kosongkan keduanya.",
        ),
        (
            {"day4_start": ""},
            "day4_start",
            "Isi jam mulai dan jam selesai, atau kosongkan keduanya untuk hari libur.",
        ),
        (
            {"valid_to": "2027-02-01"},
            "valid_to",
            "Tanggal berlaku sampai tidak boleh sebelum tanggal berlaku mulai.",
        ),
    ],
)
def test_wrong_hours_and_dates_are_refused_next_to_the_field(
    client, organization, overrides, field, message
):
    client = login(client, "staf.evaluasi")
    data = form_data(agency=organization.agency.pk, name="Ramadan ketikan saya", **overrides)
    html = page(client.post(CREATE, data))
    assert "Perbaiki isian yang ditandai di bawah ini." in html
    assert message in html
    # The message stands right after the input it concerns.
    after_input = html.split(f'name="{field}"', 1)[1].split("</td>", 1)[0]
    if field.startswith("day"):
        assert message in after_input
    assert 'value="Ramadan ketikan saya"' in html  # nothing typed is lost
    assert not WorkSchedule.objects.exists()


def test_a_schedule_without_working_days_is_refused(client, organization):
    data = {k: v for k, v in form_data(agency=organization.agency.pk).items()}
    data.update({key: "" for key in RAMADAN_DAYS})
    html = page(login(client, "staf.evaluasi").post(CREATE, data))
    assert "Isi jam kerja sedikitnya untuk satu hari." in html
    assert not WorkSchedule.objects.exists()


def test_missing_fields_are_reported_in_indonesian(client, organization):
    html = page(login(client, "staf.evaluasi").post(CREATE, form_data(name="", valid_from="")))
    assert "Bidang ini tidak boleh kosong." in html
    assert not WorkSchedule.objects.exists()


def test_overlapping_dated_schedules_of_the_same_agency_are_refused(client, schedules):
    client = login(client, "staf.evaluasi")
    agency = schedules["local"].agency
    html = page(
        client.post(
            CREATE,
            form_data(agency=agency.pk, valid_from="2027-03-01", valid_to="2027-03-31"),
        )
    )
    assert "bertumpang tindih dengan jam kerja “Ramadan Dinas Uji”" in html
    assert "08 Februari 2027" in html
    assert WorkSchedule.objects.count() == 3
    # Outside its dates it is fine; a local schedule may lie over a shared one (its own wins).
    response = client.post(
        CREATE, form_data(agency=agency.pk, valid_from="2027-03-10", valid_to="2027-03-31")
    )
    assert response.status_code == 302


# --- update and delete -----------------------------------------------------------------------


def test_a_planner_edits_the_hours_and_the_history_shows_before_and_after(
    client, organization, schedules
):
    client = login(client, "staf.evaluasi")
    local = schedules["local"]
    form = page(client.get(update_url(local)))
    assert 'value="Ramadan Dinas Uji"' in form and 'value="08:00"' in form
    data = form_data(
        agency=organization.agency.pk, name="Ramadan Dinas Uji", day0_end="14:30", version=1
    )
    # Friday was not in the schedule: left empty it stays off.
    data.update({f"day4_{part}": "" for part in ("start", "end", "break_start", "break_end")})
    response = client.post(update_url(local), data)
    assert response.status_code == 302
    local.refresh_from_db()
    assert local.version == 2
    assert local.days.get(weekday=0).end == t("14:30")
    event = AuditEvent.objects.get(action="update")
    assert event.changes == {"day0": ["08:00–15:00 (12:00–12:30)", "08:00–14:30 (12:00–12:30)"]}
    html = page(client.get(detail_url(local)))
    assert "Diubah" in html and "Senin" in html
    assert "08:00–15:00 (12:00–12:30)" in html and "08:00–14:30 (12:00–12:30)" in html


def test_a_stale_edit_is_refused_and_keeps_the_typed_values(client, organization, schedules):
    local = schedules["local"]
    services.work_schedule_update(
        actor=organization["kasubag.renkeu"],
        schedule=local,
        name="Ramadan (versi Kasubbag)",
        days={0: DayHours(t("08:00"), t("15:00"))},
        agency=local.agency,
        valid_from=local.valid_from,
        valid_to=local.valid_to,
    )
    client = login(client, "staf.evaluasi")
    html = page(
        client.post(
            update_url(local),
            form_data(agency=organization.agency.pk, name="Ramadan ketikan saya", version=1),
        )
    )
    assert "telah diubah oleh pengguna lain" in html
    assert 'value="Ramadan ketikan saya"' in html
    local.refresh_from_db()
    assert local.name == "Ramadan (versi Kasubbag)"


def test_delete_is_post_only_confirmed_and_audited(client, organization, schedules):
    client = login(client, "staf.evaluasi")
    local = schedules["local"]
    assert client.get(delete_url(local)).status_code == 405
    assert escape(DELETE_CONSEQUENCE) in page(client.get(detail_url(local)))
    response = client.post(delete_url(local))
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?year=2027"
    assert not WorkSchedule.objects.filter(pk=local.pk).exists()
    event = AuditEvent.objects.get(action="delete", object_type="procedures.workschedule")
    assert event.actor == organization["staf.evaluasi"]
    assert event.changes["valid_from"] == ["2027-02-08", None]
    assert "Jam kerja telah dihapus." in page(client.get(response["Location"]))


# --- deadlines -------------------------------------------------------------------------------


def test_a_task_started_in_a_ramadan_schedule_made_on_the_page_follows_its_hours(
    client, organization
):
    agency = organization.agency
    step = make_step(agency, "2", DurationUnit.HOUR)
    start = at(2027, 2, 10, 14)  # Wednesday of Ramadan 1448 H
    # Before the schedule: the weekly hours, 14:00–16:00 the same day.
    before = deadline_for(step, agency=agency, start=start)
    assert before == at(2027, 2, 10, 16)
    run = ProcedureRun.objects.create(
        revision=step.revision,
        agency=agency,
        title="Penyusunan laporan 2027",
        year=2027,
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

    response = login(client, "staf.evaluasi").post(CREATE, form_data(agency=agency.pk))
    assert response.status_code == 302

    # Ramadan: 14:00–15:00 on Wednesday, then 08:00–09:00 on Thursday.
    assert deadline_for(step, agency=agency, start=start) == at(2027, 2, 11, 9)
    # Friday's Ramadan break is 11:30–12:30: 1 jam from 11:00 ends 12:30+0:30 = 13:00.
    one_hour = make_step(agency, "1", DurationUnit.HOUR)
    assert deadline_for(one_hour, agency=agency, start=at(2027, 2, 12, 11)) == at(2027, 2, 12, 13)
    # After the schedule's last day the weekly hours are back.
    assert deadline_for(step, agency=agency, start=at(2027, 3, 10, 14)) == at(2027, 3, 10, 16)
    # The task opened before keeps its stored deadline.
    task.refresh_from_db()
    assert task.deadline == before
    # Another agency keeps the weekly hours.
    other_step = make_step(organization.other_agency, "2", DurationUnit.HOUR)
    assert deadline_for(other_step, agency=organization.other_agency, start=start) == before
