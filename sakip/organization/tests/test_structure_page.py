"""The organization structure page: scoped, shows acting holders and superiors, constant queries."""

import datetime

from django.core.cache import cache
from django.urls import reverse

from sakip.conftest import PASSWORD
from sakip.organization import services as org
from sakip.organization.choices import HoldingKind, Role, UnitKind


def page_for(client, username):
    client.login(username=username, password=PASSWORD)
    return client.get(reverse("organization:structure")).content.decode()


def test_kabid_sees_own_bidang_and_seksi_not_the_other_bidang(client, organization):
    page = page_for(client, "kabid.ikp")
    assert "Bidang IKP" in page and "Seksi Publikasi" in page
    assert "Bidang Aptika" not in page and "Dinas Lain" not in page


def test_agency_head_sees_whole_agency_with_superiors(client, organization):
    page = page_for(client, "kadis")
    assert "Bidang Aptika" in page and "Sub Bagian Perencanaan dan Keuangan" in page
    assert "Dinas Lain" not in page


def test_acting_holder_is_marked_plt(client, organization):
    unit = organization.aptika
    seksi = org.unit_create(
        actor=None, parent=unit, kind=UnitKind.SECTION, name="Seksi Aplikasi", code="seksi-apl"
    )
    position = org.position_create(
        actor=None,
        unit=seksi,
        title="Kepala Seksi Aplikasi",
        role=Role.SECTION_HEAD,
        is_unit_head=True,
    )
    employee = org.employee_create(actor=None, nip="198502142010012003", name="Rina Wati")
    org.holding_create(
        actor=None,
        position=position,
        employee=employee,
        kind=HoldingKind.PLT,
        start_date=datetime.date(2025, 1, 1),
    )
    page = page_for(client, "kabid.aptika")
    assert "Plt. Rina Wati" in page
    assert position.superior is not None
    assert position.superior.title == "Kepala Bidang Aptika"


def test_query_count_does_not_grow_with_units(client, organization, django_assert_max_num_queries):
    client.login(username="admin", password=PASSWORD)
    url = reverse("organization:structure")
    cache.clear()  # both views computed, the viewer's holdings included
    with django_assert_max_num_queries(12) as before:
        client.get(url)
    for i in range(15):
        unit = org.unit_create(
            actor=None,
            parent=organization.ikp,
            kind=UnitKind.SECTION,
            name=f"Seksi {i}",
            code=f"s{i}",
        )
        org.position_create(
            actor=None, unit=unit, title=f"Kasi {i}", role=Role.SECTION_HEAD, is_unit_head=True
        )
    cache.clear()
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)
