"""The working calendar pages as each persona uses them: list, add/edit/delete, access, audit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD
from sakip.procedures import services_calendar as services
from sakip.procedures.models import Holiday

LIST = reverse("procedures:holiday_list")
CREATE = reverse("procedures:holiday_create")
CONSEQUENCE = "Tenggat tugas yang sudah dihitung tidak berubah; tenggat baru akan menghitung tanggal ini sebagai hari kerja."


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def update_url(holiday):
    return reverse("procedures:holiday_update", args=[holiday.pk])


def delete_url(holiday):
    return reverse("procedures:holiday_delete", args=[holiday.pk])


@pytest.fixture
def days(organization):
    """A national holiday, a cuti bersama, a local holiday of the test agency and of another."""
    make = services.holiday_create
    return {
        "natal": make(
            actor=None, date=dt.date(2026, 12, 25), name="Hari Raya Natal", kind="national"
        ),
        "cuti": make(
            actor=None,
            date=dt.date(2026, 12, 24),
            name="Cuti Bersama Hari Raya Natal",
            kind="collective_leave",
        ),
        "local": make(
            actor=None,
            date=dt.date(2026, 12, 8),
            name="Hari Jadi Dinas Uji",
            kind="local",
            agency=organization.agency,
        ),
        "other": make(
            actor=None,
            date=dt.date(2026, 12, 9),
            name="Hari Jadi Dinas Lain",
            kind="local",
            agency=organization.other_agency,
        ),
    }


def form_data(**overrides):
    data = {"date": "2026-11-10", "name": "Hari Jadi Kabupaten", "kind": "local", "agency": ""}
    data.update(overrides)
    return data


# --- the list --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/akun/" in response["Location"]


def test_every_logged_in_user_sees_the_shared_and_own_holidays_with_kinds(client, days):
    html = page(login(client, "kabid.ikp").get(LIST, {"year": 2026}))
    assert "Hari Raya Natal" in html
    assert "25 Desember 2026" in html and "Jumat" in html
    assert "Libur nasional" in html and "Cuti bersama" in html and "Libur daerah" in html
    assert "Hari Jadi Dinas Uji" in html
    assert "Hari Jadi Dinas Lain" not in html  # another agency's local holiday
    # A unit head reads but does not manage.
    assert CREATE not in html
    assert update_url(days["natal"]) not in html


def test_the_other_agency_sees_its_own_local_holiday_not_ours(client, days):
    html = page(login(client, "kadis.lain").get(LIST, {"year": 2026}))
    assert "Hari Jadi Dinas Lain" in html
    assert "Hari Jadi Dinas Uji" not in html


def test_the_year_select_picks_the_year_shown(client, days):
    services.holiday_create(
        actor=None, date=dt.date(2027, 1, 1), name="Tahun Baru Masehi", kind="national"
    )
    client = login(client, "kabid.ikp")
    html_2027 = page(client.get(LIST, {"year": 2027}))
    assert "Tahun Baru Masehi" in html_2027 and "Hari Raya Natal" not in html_2027
    assert '<option value="2027" selected>' in html_2027
    # A nonsense year falls back to the year chosen in the top bar.
    assert page(client.get(LIST, {"year": "abc"}))


def test_the_working_hours_table_shows_the_legal_hours(client, organization):
    html = page(login(client, "kabid.ikp").get(LIST))
    assert "07:30–16:00" in html and "12:00–13:00" in html
    assert "07:30–16:30" in html and "11:30–13:00" in html
    assert "37,5 jam kerja per minggu" in html
    assert "Sabtu" in html and "Libur" in html


def test_the_stored_default_schedule_is_shown_by_name(client, organization):
    services.default_schedule_ensure()
    html = page(login(client, "kabid.ikp").get(LIST))
    assert "Jam kerja standar" in html
    assert "Belum disimpan sebagai data" not in html


def test_planners_get_the_manage_buttons_and_the_delete_confirmation(client, days):
    html = page(login(client, "staf.evaluasi").get(LIST, {"year": 2026}))
    assert CREATE in html
    assert update_url(days["local"]) in html and delete_url(days["local"]) in html
    assert escape(CONSEQUENCE) in html
    # A holiday shared by every agency is the administrator's: no button leading to a 404.
    assert update_url(days["natal"]) not in html and delete_url(days["natal"]) not in html
    html = page(login(client, "admin").get(LIST, {"year": 2026}))
    assert update_url(days["natal"]) in html and delete_url(days["natal"]) in html


def test_the_list_query_count_does_not_grow_with_holidays(
    client, organization, django_assert_max_num_queries
):
    client = login(client, "staf.evaluasi")
    services.holiday_create(actor=None, date=dt.date(2026, 1, 1), name="Satu", kind="national")
    client.get(LIST, {"year": 2026})  # warm the session and access caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        page(client.get(LIST, {"year": 2026}))
    for day in range(2, 30):
        services.holiday_create(
            actor=None,
            date=dt.date(2026, 3, day),
            name=f"Libur {day}",
            kind="local",
            agency=organization.agency,
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page(client.get(LIST, {"year": 2026}))


# --- create ----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["kabid.ikp", "kasi.ikp", "kadis", "bagor", "outsider"])
def test_non_planners_get_404_on_the_write_pages(client, days, username):
    client = login(client, username)
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, form_data()).status_code == 404
    assert client.get(update_url(days["natal"])).status_code == 404
    assert client.post(delete_url(days["natal"])).status_code == 404
    assert Holiday.objects.count() == 4


def test_a_planner_adds_a_local_holiday_for_the_agency(client, organization):
    client = login(client, "staf.evaluasi")
    form = page(client.get(CREATE))
    assert "Dinas Kominfo Uji" in form and "Dinas Lain" not in form
    response = client.post(CREATE, form_data(agency=organization.agency.pk))
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?year=2026"
    holiday = Holiday.objects.get()
    assert (holiday.date, holiday.kind, holiday.agency) == (
        dt.date(2026, 11, 10),
        "local",
        organization.agency,
    )
    event = AuditEvent.objects.get(object_type="procedures.holiday")
    assert (event.actor, event.action) == (organization["staf.evaluasi"], "create")
    assert "Hari libur telah disimpan." in page(client.get(response["Location"]))


def test_a_planner_cannot_bind_a_holiday_to_another_agency(client, organization):
    client = login(client, "staf.evaluasi")
    html = page(client.post(CREATE, form_data(agency=organization.other_agency.pk)))
    assert "is-invalid" in html
    assert not Holiday.objects.exists()


def test_a_duplicate_date_is_refused_next_to_the_date_field(client, days):
    client = login(client, "admin")
    html = page(client.post(CREATE, form_data(date="2026-12-25", name="Natal lagi")))
    assert "Tanggal ini sudah tercatat sebagai hari libur." in html
    assert 'value="Natal lagi"' in html  # nothing typed is lost
    assert Holiday.objects.count() == 4


def test_missing_fields_are_reported_in_indonesian(client, organization):
    html = page(login(client, "staf.evaluasi").post(CREATE, form_data(date="", name="")))
    assert "Perbaiki isian yang ditandai di bawah ini." in html
    assert "Bidang ini tidak boleh kosong." in html
    assert not Holiday.objects.exists()


def test_an_administrator_may_bind_a_holiday_to_any_agency(client, organization):
    client = login(client, "admin")
    response = client.post(CREATE, form_data(agency=organization.other_agency.pk))
    assert response.status_code == 302
    assert Holiday.objects.get().agency == organization.other_agency


# --- update ----------------------------------------------------------------------------------


def test_a_planner_cannot_change_a_holiday_shared_by_all_agencies(client, days):
    client = login(client, "kasubag.renkeu")
    assert client.get(update_url(days["cuti"])).status_code == 404
    assert client.post(delete_url(days["cuti"])).status_code == 404
    assert Holiday.objects.filter(pk=days["cuti"].pk).exists()


def test_the_administrator_edits_a_shared_holiday_and_the_change_is_audited(client, days):
    client = login(client, "admin")
    cuti = days["cuti"]
    assert "Cuti Bersama Hari Raya Natal" in page(client.get(update_url(cuti)))
    response = client.post(
        update_url(cuti),
        form_data(
            date="2026-12-24",
            name="Cuti Bersama Natal (SKB perubahan)",
            kind="collective_leave",
            version=1,
        ),
    )
    assert response.status_code == 302
    cuti.refresh_from_db()
    assert cuti.name == "Cuti Bersama Natal (SKB perubahan)"
    event = AuditEvent.objects.get(action="update")
    assert event.changes == {
        "name": ["Cuti Bersama Hari Raya Natal", "Cuti Bersama Natal (SKB perubahan)"]
    }


def test_a_stale_edit_is_refused_and_keeps_the_typed_values(client, days):
    client = login(client, "admin")
    natal = days["natal"]
    services.holiday_update(
        actor=None, holiday=natal, date=natal.date, name="Natal", kind="national"
    )
    html = page(
        client.post(
            update_url(natal),
            form_data(date="2026-12-25", name="Natal ketikan saya", kind="national", version=1),
        )
    )
    assert "telah diubah oleh pengguna lain" in html
    assert 'value="Natal ketikan saya"' in html
    natal.refresh_from_db()
    assert natal.name == "Natal"


def test_another_agencys_local_holiday_is_404_for_a_planner(client, days):
    client = login(client, "staf.evaluasi")
    assert client.get(update_url(days["other"])).status_code == 404
    assert client.post(delete_url(days["other"])).status_code == 404
    assert Holiday.objects.filter(pk=days["other"].pk).exists()


# --- delete ----------------------------------------------------------------------------------


def test_delete_is_post_only(client, days):
    client = login(client, "staf.evaluasi")
    assert client.get(delete_url(days["local"])).status_code == 405
    assert Holiday.objects.filter(pk=days["local"].pk).exists()


def test_a_planner_deletes_a_holiday_and_the_deletion_is_audited(client, organization, days):
    client = login(client, "staf.evaluasi")
    edit_page = page(client.get(update_url(days["local"])))
    assert escape(CONSEQUENCE) in edit_page
    response = client.post(delete_url(days["local"]))
    assert response.status_code == 302
    assert not Holiday.objects.filter(pk=days["local"].pk).exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.actor == organization["staf.evaluasi"]
    assert event.object_id == str(days["local"].pk)
    assert "Hari libur telah dihapus." in page(client.get(response["Location"]))
