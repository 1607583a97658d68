"""People, their accounts and holdings in the administration: forms with Indonesian errors next to
the fields, racing edits refused, every change audited and shown in the person's history, and
the Kasubag Umum dan Kepegawaian limited to their own agency."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD
from sakip.organization import services as org
from sakip.organization.choices import HoldingKind, Role
from sakip.organization.models import Employee, PositionHolding

NIP = "19850312 201001 1 007"
TODAY = datetime.date.today()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _person_data(**over):
    data = {
        "nip": NIP,
        "front_title": "",
        "name": "Budi Santoso",
        "back_title": "S.Kom.",
        "rank": "Penata (III/c)",
        "email": "budi@example.id",
    }
    data.update(over)
    return data


@pytest.mark.django_db
def test_the_administrator_adds_a_person_with_errors_next_to_the_fields(organization):
    client = _client(organization["admin"])
    url = reverse("administration:person_create")
    bad = client.post(url, _person_data(nip="19851312 201001 1 007"))
    page = bad.content.decode()
    assert bad.status_code == 200
    assert "Digit 1–8 NIP harus tanggal lahir yang benar" in page
    assert 'class="form-control is-invalid"' in page and 'value="Budi Santoso"' in page

    done = client.post(url, _person_data(), follow=True)
    page = done.content.decode()
    person = Employee.objects.get(nip="198503122010011007")
    assert done.redirect_chain[-1][0] == reverse("administration:person_detail", args=[person.pk])
    assert "Budi Santoso, S.Kom." in page and "19850312 201001 1 007" in page
    assert person.rank == "Penata (III/c)" and person.sex == "1"
    assert "Dibuat" in page  # the history tab

    again = client.post(url, _person_data(name="Orang Lain")).content.decode()
    assert "NIP ini sudah tercatat untuk pegawai lain: Budi Santoso, S.Kom." in again


@pytest.mark.django_db
def test_an_edit_over_someone_elses_is_refused_and_the_change_is_in_the_history(organization):
    person = org.employee_create(actor=None, nip=NIP, name="Budi Santoso")
    client = _client(organization["admin"])
    url = reverse("administration:person_update", args=[person.pk])
    loaded = person.version
    org.employee_update(
        actor=organization["kadis"], employee=person, nip=NIP, name="Budi S.", rank="Penata"
    )
    stale = client.post(url, _person_data(version=loaded)).content.decode()
    assert "telah diubah oleh pengguna lain" in stale

    person.refresh_from_db()
    done = client.post(url, _person_data(version=person.version, rank="Penata Tingkat I (III/d)"))
    assert done.status_code == 302
    page = client.get(reverse("administration:person_detail", args=[person.pk])).content.decode()
    assert "Penata Tingkat I (III/d)" in page
    assert "Pangkat / golongan" in page and "Diubah" in page


@pytest.mark.django_db
def test_people_are_searched_by_name_and_nip_and_paginated(organization):
    org.employee_create(actor=None, nip=NIP, name="Budi Santoso")
    client = _client(organization["admin"])
    url = reverse("administration:people_list")
    assert "Budi Santoso" in client.get(url, {"q": "santo"}).content.decode()
    by_nip = client.get(url, {"q": "19850312 2010"}).content.decode()
    assert "Budi Santoso" in by_nip and "Kabid Ikp" not in by_nip
    assert "Tidak ada pegawai" in client.get(url, {"q": "zzz"}).content.decode()
    for i in range(30):
        org.employee_create(actor=None, nip=f"19900101201501{2}{i + 1:03d}", name=f"Pegawai {i}")
    first = client.get(url).content.decode()
    assert "Halaman 1 dari 2" in first


@pytest.mark.django_db
def test_the_administrator_gives_an_account_and_the_person_logs_in(organization):
    person = org.employee_create(actor=None, nip=NIP, name="Budi Santoso")
    admin = _client(organization["admin"])
    url = reverse("administration:account_create", args=[person.pk])
    weak = admin.post(url, {"username": "budi", "password1": "123", "password2": "123"})
    assert weak.status_code == 200 and "is-invalid" in weak.content.decode()
    differ = admin.post(
        url, {"username": "budi", "password1": "kuat-sekali-99", "password2": "lain-99x"}
    )
    assert "Kedua kata sandi tidak sama." in differ.content.decode()
    taken = admin.post(
        url, {"username": "KADIS", "password1": "kuat-sekali-99", "password2": "kuat-sekali-99"}
    )
    assert "Nama pengguna ini sudah dipakai akun lain." in taken.content.decode()

    done = admin.post(
        url,
        {"username": "budi.santoso", "password1": "kuat-sekali-99", "password2": "kuat-sekali-99"},
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.user is not None and person.user.username == "budi.santoso"
    assert Client().login(username="budi.santoso", password="kuat-sekali-99")

    # Reset the password, deactivate, reactivate: each audited on the account, shown on the page.
    reset = reverse("administration:account_password", args=[person.pk])
    assert (
        admin.post(
            reset, {"password1": "baru-lagi-2026", "password2": "baru-lagi-2026"}
        ).status_code
        == 302
    )
    assert Client().login(username="budi.santoso", password="baru-lagi-2026")
    admin.post(reverse("administration:account_deactivate", args=[person.pk]))
    assert not Client().login(username="budi.santoso", password="baru-lagi-2026")
    page = admin.get(reverse("administration:person_detail", args=[person.pk])).content.decode()
    assert 'id="account-inactive"' in page
    assert "Akun dibuat" in page and "Kata sandi diganti oleh administrator" in page
    assert "Akun dinonaktifkan" in page
    admin.post(reverse("administration:account_activate", args=[person.pk]))
    assert Client().login(username="budi.santoso", password="baru-lagi-2026")
    actions = set(
        AuditEvent.objects.filter(object_id=str(person.user.pk)).values_list("action", flat=True)
    )
    assert {"account_create", "password_reset", "account_deactivate", "account_activate"} <= actions
    assert not any("baru-lagi" in str(e.changes) for e in AuditEvent.objects.all())


@pytest.mark.django_db
def test_a_holding_as_plt_for_a_period_gives_access_for_that_period(organization):
    person = org.employee_create(actor=None, nip=NIP, name="Budi Santoso")
    head = organization.aptika.positions.get(is_unit_head=True)
    client = _client(organization["admin"])
    url = reverse("administration:person_holding_create", args=[person.pk])
    reversed_dates = client.post(
        url,
        {
            "position": head.pk,
            "kind": HoldingKind.PLT,
            "start_date": TODAY.isoformat(),
            "end_date": (TODAY - datetime.timedelta(days=1)).isoformat(),
        },
    ).content.decode()
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai" in reversed_dates
    definitive = client.post(
        url, {"position": head.pk, "kind": HoldingKind.DEFINITIVE, "start_date": TODAY.isoformat()}
    ).content.decode()
    assert "sudah dipangku secara definitif oleh Kabid Aptika" in definitive

    done = client.post(
        url,
        {
            "position": head.pk,
            "kind": HoldingKind.PLT,
            "start_date": TODAY.isoformat(),
            "end_date": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert done.status_code == 302
    holding = PositionHolding.objects.get(employee=person)
    assert holding.kind == HoldingKind.PLT
    page = client.get(reverse("administration:person_detail", args=[person.pk])).content.decode()
    assert "Pelaksana Tugas (Plt)" in page and "Menjabat" in page and "Diangkat" in page

    end = client.post(
        reverse("administration:holding_end", args=[holding.pk]),
        {"end_date": TODAY.isoformat(), "version": holding.version},
    )
    assert end.status_code == 302
    holding.refresh_from_db()
    assert holding.end_date == TODAY
    assert AuditEvent.objects.filter(action="end", object_id=str(holding.pk)).exists()


@pytest.mark.django_db
def test_kasubag_umum_administers_the_people_of_their_agency_only(organization, umpeg):
    kasubag = _client(organization["kasubag.umum"])
    own = Employee.objects.get(user=organization["kabid.ikp"])
    other = Employee.objects.get(user=organization["kadis.lain"])
    listing = kasubag.get(reverse("administration:people_list")).content.decode()
    assert own.display_name in listing and other.display_name not in listing
    assert kasubag.get(reverse("administration:person_detail", args=[own.pk])).status_code == 200
    assert kasubag.get(reverse("administration:person_detail", args=[other.pk])).status_code == 404
    # A person just added, placed nowhere yet, can be given a position of the agency.
    response = kasubag.post(reverse("administration:person_create"), _person_data())
    assert response.status_code == 302
    new = Employee.objects.get(nip="198503122010011007")
    form = kasubag.get(reverse("administration:person_holding_create", args=[new.pk]))
    assert "Kepala Bidang IKP" in form.content.decode()
    assert "Kepala Dinas Lain" not in form.content.decode()
    # Accounts, the unit tree and the profiles are the administrator's.
    for name, args in (
        ("administration:account_create", [new.pk]),
        ("administration:unit_create", []),
        ("administration:profile_list", []),
        ("administration:lockout_list", []),
    ):
        assert kasubag.get(reverse(name, args=args)).status_code == 404, name
    menu = kasubag.get(reverse("administration:home")).content.decode()
    assert "Kelola pegawai" in menu and "Akun terkunci" not in menu


@pytest.mark.django_db
def test_another_kasubag_and_other_roles_get_404(organization, umpeg):
    for username in ("kasubag.renkeu", "kabid.ikp", "kadis", "outsider"):
        client = _client(organization[username])
        assert client.get(reverse("administration:people_list")).status_code == 404, username
        assert client.get(reverse("administration:home")).status_code == 404, username
    # The role is what counts: a Kasubag Umum who is not a Kasubag any more loses the area.
    holding = PositionHolding.objects.get(employee__user=organization["kasubag.umum"])
    holding.position.role = Role.EMPLOYEE
    holding.position.save()
    client = Client()
    client.login(username="kasubag.umum", password=PASSWORD)
    assert client.get(reverse("administration:people_list")).status_code == 404


def _add_people(count: int, start: int) -> None:
    from django.contrib.auth import get_user_model

    for n in range(start, start + count):
        user = get_user_model().objects.create_user(username=f"banyak{n}", password=PASSWORD)
        org.employee_create(
            actor=None, nip=f"198001012005011{n % 999 + 1:03d}", name=f"Pegawai {n}", user=user
        )


def test_the_people_and_unit_pages_ask_the_database_as_often_at_any_size(organization):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(organization["admin"])
    pages = [
        reverse("administration:people_list"),
        reverse("administration:unit_detail", args=[organization.ikp.pk]),
    ]

    def counts() -> list[int]:
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    _add_people(2, 500)
    few = counts()
    _add_people(20, 600)
    for n, person in enumerate(Employee.objects.filter(name__startswith="Pegawai 6")[:10]):
        position = org.position_create(
            actor=None, unit=organization.ikp, title=f"Pranata {n}", role=Role.EMPLOYEE
        )
        org.holding_create(
            actor=None, position=position, employee=person, start_date=datetime.date(2024, 1, 1)
        )
    assert counts() == few
