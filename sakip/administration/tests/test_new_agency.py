"""Issue 10: a new agency in minutes. The administrator creates Dinas Kesehatan from the app (its
profile and both shipped SOPs with it), fills the structure template and uploads it: the preview
shows what will be created and the errors next to their rows; the confirmation creates
everything or nothing, audited."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sakip.accounts.models import User
from sakip.administration.agencies import NO_SOP_FILES, agency_create
from sakip.audit.models import AuditEvent
from sakip.organization.choices import HoldingKind, Role, UnitKind
from sakip.organization.models import AgencyProfile, Employee, Position, PositionHolding, Unit
from sakip.procedures.models import Sop

from . import structure_book
from .structure_book import PEOPLE, POSITIONS, UNITS, fill

pytestmark = pytest.mark.django_db

PROFILE = {
    "regency_name": "PEMERINTAH KABUPATEN UJI",
    "city": "Paringin",
    "regent_title": "Bupati Uji",
    "regent_name": "H. Abdul Hadi",
    "address": "",
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _dinkes(organization) -> Unit:
    agency, _results = agency_create(
        actor=organization["admin"],
        regency=organization.regency,
        name="Dinas Kesehatan",
        code="dinkes",
        profile=PROFILE,
    )
    return agency


def _upload(client: Client, agency: Unit, content: bytes):
    url = reverse("administration:structure_import", args=[agency.pk])
    upload = io.BytesIO(content)
    upload.name = "struktur.xlsx"
    return client.post(url, {"file": upload})


def test_the_administrator_creates_an_agency_with_its_profile_and_both_sops(organization):
    client = _client(organization["admin"])
    url = reverse("administration:agency_create")
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["regency"] == organization.regency.pk
    response = client.post(
        url,
        {
            "regency": organization.regency.pk,
            "name": "Dinas Kesehatan",
            "short_name": "Dinkes",
            "code": "dinkes",
            **PROFILE,
        },
    )
    agency = Unit.objects.get(code="dinkes")
    assert response.status_code == 302
    assert response["Location"] == reverse("administration:unit_detail", args=[agency.pk])
    assert (agency.kind, agency.parent) == (UnitKind.AGENCY, organization.regency)
    assert AgencyProfile.objects.get(agency=agency).city == "Paringin"
    assert set(Sop.objects.filter(agency=agency).values_list("workflow", flat=True)) == {
        "rkt",
        "data_collection",
    }
    audited = set(AuditEvent.objects.values_list("object_type", "action"))
    assert {
        ("organization.unit", "create"),
        ("organization.agencyprofile", "create"),
        ("procedures.sop", "create"),
    } <= audited
    detail = client.get(response["Location"])
    assert "Impor struktur dari Excel" in detail.content.decode()


def test_only_the_administrator_creates_agencies(organization):
    for username in ("kadis", "staf.evaluasi"):
        assert (
            _client(organization[username]).get(reverse("administration:agency_create")).status_code
            == 404
        )


def test_a_taken_code_or_missing_sop_files_create_nothing(organization, settings, tmp_path):
    client = _client(organization["admin"])
    data = {"regency": organization.regency.pk, "name": "Dinas Baru", "code": "dkis", **PROFILE}
    response = client.post(reverse("administration:agency_create"), data)
    assert "Kode ini sudah dipakai unit lain" in response.content.decode()

    from sakip.procedures import definitions

    empty = tmp_path / "procedures"
    empty.mkdir()
    original = definitions.DEFINITIONS_DIR
    definitions.DEFINITIONS_DIR = empty
    try:
        with pytest.raises(ValidationError) as caught:
            agency_create(
                actor=organization["admin"],
                regency=organization.regency,
                name="Dinas Baru",
                code="dinas-baru",
                profile=PROFILE,
            )
    finally:
        definitions.DEFINITIONS_DIR = original
    assert caught.value.messages == [str(NO_SOP_FILES)]
    assert not Unit.objects.filter(code="dinas-baru").exists()


def test_the_template_has_indonesian_headers_lists_and_an_example_of_every_sheet(organization):
    agency = _dinkes(organization)
    response = _client(organization["admin"]).get(
        reverse("administration:structure_template", args=[agency.pk])
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Petunjuk", "Unit", "Jabatan", "Pegawai"]
    assert [c.value for c in book["Unit"][1]] == [
        "Kode Unit",
        "Nama Unit",
        "Nama Singkat",
        "Jenis Unit",
        "Kode Unit Induk",
        "Urutan",
    ]
    assert [c.value for c in book["Pegawai"][1]][:2] == ["NIP", "Nama"]
    lists = [v.formula1 for v in book["Jabatan"].data_validations.dataValidation]
    assert any("Kasubag Perencanaan dan Keuangan" in f for f in lists)
    assert book["Pegawai"]["A2"].number_format == "@"
    guide = [row[3] for row in book["Petunjuk"].iter_rows(values_only=True) if len(row) > 3]
    assert "dinkes-sekretariat" in guide and "19800101 200501 1 001" in guide


def test_the_structure_is_previewed_then_created_all_at_once(organization):
    agency = _dinkes(organization)
    admin = organization["admin"]
    client = _client(admin)
    template = client.get(reverse("administration:structure_template", args=[agency.pk]))
    response = _upload(client, agency, fill(template.content))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert not preview.has_errors, preview.issues
    assert preview.new_counts == {"unit": 7, "position": 9, "person": 9}
    page = response.content.decode()
    assert "Sekretariat Dinas Kesehatan" in page
    assert structure_book.PASSWORD not in page
    assert not Unit.objects.filter(code="dinkes-umpeg").exists()

    done = client.post(
        reverse("administration:structure_confirm", args=[agency.pk]),
        {"token": response.context["token"]},
    )
    assert done.status_code == 302
    assert Unit.objects.filter(path__startswith=agency.path).count() == 8
    umum = Position.objects.get(unit__code="dinkes-umpeg")
    assert (umum.role, umum.is_unit_head) == (Role.KASUBAG_GENERAL, True)
    staff = Position.objects.get(title="Analis Perencanaan")
    assert staff.superior == Position.objects.get(unit__code="dinkes-renkeu", is_unit_head=True)
    plt = PositionHolding.objects.get(employee__user__username="dinkes.kabid.p2p")
    assert plt.kind == HoldingKind.PLT and plt.end_date is not None
    kadis = Employee.objects.get(user__username="dinkes.kadis")
    assert kadis.display_name == "dr. Hasanuddin, M.Kes."
    assert User.objects.get(username="dinkes.kadis").check_password(structure_book.PASSWORD)
    event = AuditEvent.objects.get(action="structure_import")
    assert event.changes["people"] == [None, 9] and event.actor == admin
    assert AuditEvent.objects.filter(action="account_create").count() == 9

    # The same file again: everything is there already, nothing to apply.
    again = _upload(client, agency, fill(template.content))
    assert again.context["preview"].counts == {"new": 0, "update": 0, "unchanged": 25, "error": 0}
    assert not again.context["can_apply"]


def test_row_errors_are_shown_next_to_their_rows_and_nothing_is_written(organization):
    agency = _dinkes(organization)
    client = _client(organization["admin"])
    template = client.get(reverse("administration:structure_template", args=[agency.pk])).content
    units = [
        *UNITS,
        ["dinkes-umpeg", "Dobel", "", "Sub Bagian", "", 3],
        ["dinkes-x", "X", "", "Seksi", "tidak-ada", 1],
    ]
    positions = [*POSITIONS, ["J10", "dinkes-yankes", "Staf", "Ketua", "Tidak", ""]]
    people = [list(p) for p in PEOPLE]
    people[0][0] = "19701312 199503 1 002"  # month 13
    people[1][9] = f"01-01-{structure_book.THIS_YEAR - 2}"  # ends before it starts
    response = _upload(
        client, agency, fill(template, units=units, positions=positions, people=people)
    )
    preview = response.context["preview"]
    issues = preview.issues
    assert "Baris 9, kolom Kode Unit: kode “dinkes-umpeg” sudah dipakai di baris 3." in issues
    assert (
        "Baris 10, kolom Kode Unit Induk: unit induk “tidak-ada” tidak ada di perangkat daerah "
        "ini atau di baris sebelumnya." in issues
    )
    assert any(i.startswith("Baris 11, kolom Peran: “Ketua” tidak dikenal.") for i in issues)
    assert any(i.startswith("Baris 2, kolom NIP: Digit 1–8 NIP") for i in issues)
    assert (
        "Baris 3, kolom Sampai: tanggal selesai tidak boleh sebelum tanggal mulai "
        f"(02 Januari {structure_book.THIS_YEAR - 1})." in issues
    )
    assert not response.context["can_apply"]
    assert "table-danger" in response.content.decode()
    assert not Unit.objects.filter(code="dinkes-sekretariat").exists()


def test_a_refusal_while_applying_writes_nothing(organization):
    agency = _dinkes(organization)
    client = _client(organization["admin"])
    template = client.get(reverse("administration:structure_template", args=[agency.pk])).content
    response = _upload(client, agency, fill(template))
    # Meanwhile somebody takes a unit code of the file: the confirmation refuses it all.
    Unit.objects.create(
        parent=organization.regency,
        kind=UnitKind.AGENCY,
        name="Lain",
        code="dinkes-p2p",
        path="/x/",
    )
    done = client.post(
        reverse("administration:structure_confirm", args=[agency.pk]),
        {"token": response.context["token"]},
    )
    assert done.status_code == 200
    assert not Unit.objects.filter(code="dinkes-sekretariat").exists()
    assert not Employee.objects.filter(nip="197005121995031002").exists()
    assert "sudah dipakai unit Lain" in done.content.decode()


def test_nobody_else_may_import_a_structure(organization):
    agency = _dinkes(organization)
    for username in ("kadis", "kasubag.renkeu"):
        client = _client(organization[username])
        url = reverse("administration:structure_import", args=[agency.pk])
        assert client.get(url).status_code == 404
    admin = _client(organization["admin"])
    not_agency = reverse("administration:structure_import", args=[organization.ikp.pk])
    assert admin.get(not_agency).status_code == 404


def test_an_agency_is_not_made_as_a_bare_unit(organization):
    client = _client(organization["admin"])
    response = client.post(
        reverse("administration:unit_create") + f"?parent={organization.regency.pk}",
        {"name": "Dinas Kesehatan", "code": "dinkes", "kind": UnitKind.AGENCY},
    )
    assert "Perangkat daerah dibuat lewat “Tambah perangkat daerah”" in response.content.decode()
    assert not Unit.objects.filter(code="dinkes").exists()
