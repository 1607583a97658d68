"""The unit tree (add, rename, move, close), positions with their direct superiors, and the agency
profile, in the administration; every change audited and shown in a history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.organization import services as org
from sakip.organization.choices import Role, UnitKind
from sakip.organization.models import AgencyProfile, Position, Unit

TODAY = datetime.date.today()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_add_rename_and_see_the_history_of_a_unit(organization):
    client = _client(organization["admin"])
    url = reverse("administration:unit_create") + f"?parent={organization.ikp.pk}"
    taken = client.post(url, {"name": "Seksi Baru", "code": "ikp", "kind": UnitKind.SECTION})
    assert "Kode ini sudah dipakai unit lain" in taken.content.decode()
    done = client.post(
        url, {"name": "Seksi Baru", "code": "seksi-baru", "kind": UnitKind.SECTION, "order": 2}
    )
    assert done.status_code == 302
    unit = Unit.objects.get(code="seksi-baru")
    assert unit.parent == organization.ikp and unit.path.startswith(organization.ikp.path)

    rename = reverse("administration:unit_update", args=[unit.pk])
    client.post(
        rename,
        {
            "name": "Seksi Kemitraan Media",
            "code": "seksi-baru",
            "kind": UnitKind.SECTION,
            "order": 2,
            "version": unit.version,
        },
    )
    page = client.get(reverse("administration:unit_detail", args=[unit.pk])).content.decode()
    assert "Seksi Kemitraan Media" in page and "Seksi Baru" in page  # before → after
    assert "Diubah" in page


@pytest.mark.django_db
def test_moving_a_unit_moves_everything_below_it_and_never_under_itself(organization):
    client = _client(organization["admin"])
    ikp, seksi = organization.ikp, organization.seksi_ikp
    url = reverse("administration:unit_move", args=[ikp.pk])
    with pytest.raises(ValidationError):
        org.unit_move(actor=None, unit=ikp, parent=seksi)
    assert str(seksi.pk) not in [
        o
        for o in client.get(url).content.decode().split('value="')[1:]
        if o.startswith(str(seksi.pk) + '"')
    ]
    done = client.post(url, {"parent": organization.secretariat.pk, "version": ikp.version})
    assert done.status_code == 302
    ikp.refresh_from_db()
    seksi.refresh_from_db()
    assert ikp.parent == organization.secretariat
    assert ikp.path == f"{organization.secretariat.path}{ikp.pk:08d}/"
    assert seksi.path == f"{ikp.path}{seksi.pk:08d}/"
    assert AuditEvent.objects.filter(action="move", object_id=str(ikp.pk)).exists()
    # Access follows the tree: the Kepala Bidang still sees their seksi.
    from sakip.organization.access import access_for

    kabid = organization["kabid.ikp"]
    assert access_for(kabid).covers(seksi, "view")


@pytest.mark.django_db
def test_a_unit_closes_only_without_holders_and_is_then_not_offered(organization):
    client = _client(organization["admin"])
    seksi = organization.seksi_ikp  # Kasi IKP holds its head position
    url = reverse("administration:unit_close", args=[seksi.pk])
    refused = client.post(url, {"end_date": TODAY.isoformat(), "version": seksi.version})
    assert "Masih ada pemangku jabatan sesudah tanggal itu" in refused.content.decode()

    empty = org.unit_create(
        actor=None,
        parent=organization.aptika,
        kind=UnitKind.SECTION,
        name="Seksi Lama",
        code="seksi-lama",
    )
    done = client.post(
        reverse("administration:unit_close", args=[empty.pk]),
        {"end_date": TODAY.isoformat(), "version": empty.version},
    )
    assert done.status_code == 302
    empty.refresh_from_db()
    assert empty.end_date == TODAY
    page = client.get(reverse("administration:unit_detail", args=[empty.pk])).content.decode()
    assert 'id="unit-closed"' in page and 'id="position-add"' not in page
    with pytest.raises(ValidationError) as refused_position:
        org.position_create(
            actor=None, unit=empty, title="Kepala Seksi Lama", role=Role.SECTION_HEAD
        )
    assert "sudah ditutup" in str(refused_position.value)
    tree = client.get(reverse("administration:unit_list")).content.decode()
    assert "Ditutup sejak" in tree


@pytest.mark.django_db
def test_positions_with_their_direct_superior(organization):
    client = _client(organization["admin"])
    url = reverse("administration:position_create", args=[organization.seksi_ikp.pk])
    head_taken = client.post(
        url, {"title": "Kepala Seksi Dua", "role": Role.SECTION_HEAD, "is_unit_head": "on"}
    )
    assert "Unit ini sudah mempunyai jabatan kepala unit" in head_taken.content.decode()
    done = client.post(url, {"title": "Pranata Humas", "role": Role.EMPLOYEE})
    assert done.status_code == 302
    position = Position.objects.get(title="Pranata Humas")
    # The default superior: the head of the unit.
    assert position.superior == organization.seksi_ikp.positions.get(is_unit_head=True)

    kabid = organization.ikp.positions.get(is_unit_head=True)
    update = reverse("administration:position_update", args=[position.pk])
    client.post(
        update,
        {
            "title": "Pranata Humas Ahli Muda",
            "role": Role.EMPLOYEE,
            "superior": kabid.pk,
            "version": position.version,
        },
    )
    position.refresh_from_db()
    assert position.superior == kabid and position.title == "Pranata Humas Ahli Muda"
    # A loop of superiors is refused.
    loop = client.post(
        reverse("administration:position_update", args=[kabid.pk]),
        {
            "title": kabid.title,
            "role": kabid.role,
            "is_unit_head": "on",
            "superior": position.pk,
            "version": kabid.version,
        },
    )
    assert "Atasan langsung tidak boleh jabatan itu sendiri" in loop.content.decode()
    page = client.get(reverse("administration:position_detail", args=[position.pk]))
    assert "Pranata Humas Ahli Muda" in page.content.decode()


@pytest.mark.django_db
def test_the_agency_profile_is_edited_and_audited(organization):
    client = _client(organization["admin"])
    url = reverse("administration:profile_edit", args=[organization.agency.pk])
    data = {
        "regency_name": "PEMERINTAH KABUPATEN UJI",
        "address": "Jl. Uji No. 1",
        "city": "Paringin",
        "regent_title": "Bupati Uji",
        "regent_name": "H. Uji",
        "explanation_threshold": "1.25",
        "data_entry_days": "5",
    }
    ambiguous = client.post(url, data).content.decode()
    assert "is-invalid" in ambiguous
    data["explanation_threshold"] = "90,5"
    assert client.post(url, data).status_code == 302
    profile = AgencyProfile.objects.get(agency=organization.agency)
    assert str(profile.explanation_threshold) == "90.50"
    data.update(explanation_threshold="85", version=str(profile.version), exceeds_target_band="on")
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "Ambang capaian wajib penjelasan (%)" in page and "Diubah" in page
    assert client.get(reverse("administration:profile_list")).status_code == 200
    # A unit that is not an agency has no profile page.
    other = reverse("administration:profile_edit", args=[organization.ikp.pk])
    assert client.get(other).status_code == 404


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_the_regency_emblem_is_uploaded_checked_and_removed(organization, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path / "media"
    client = _client(organization["admin"])
    url = reverse("administration:profile_edit", args=[organization.agency.pk])
    data = {
        "regency_name": "PEMERINTAH KABUPATEN UJI",
        "city": "Paringin",
        "regent_title": "Bupati Uji",
        "regent_name": "H. Uji",
        "explanation_threshold": "100",
        "data_entry_days": "5",
    }
    assert client.post(url, data).status_code == 302  # the profile, no emblem yet
    profile = AgencyProfile.objects.get(agency=organization.agency)

    # A file that only calls itself .png is refused next to the field; nothing is stored.
    fake = SimpleUploadedFile("lambang.png", b"GIF89a not a png", content_type="image/png")
    refused = client.post(url, {**data, "version": profile.version, "emblem": fake})
    assert "Lambang harus berupa gambar PNG atau JPEG." in refused.content.decode()
    profile.refresh_from_db()
    assert not profile.emblem

    emblem = SimpleUploadedFile("lambang.png", _png(), content_type="image/png")
    assert (
        client.post(url, {**data, "version": profile.version, "emblem": emblem}).status_code == 302
    )
    profile.refresh_from_db()
    assert profile.emblem.name.endswith(".png")
    preview = client.get(reverse("administration:profile_emblem", args=[organization.agency.pk]))
    assert preview.status_code == 200 and preview.getvalue() == _png()
    event = AuditEvent.objects.filter(object_type="organization.agencyprofile").first()
    assert event is not None and event.changes["emblem"][0] == ""

    removed = client.post(url, {**data, "version": profile.version, "emblem_remove": "on"})
    assert removed.status_code == 302
    profile.refresh_from_db()
    assert not profile.emblem
