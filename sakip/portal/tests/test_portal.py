"""The public portal: published documents of public kinds only, 404 for anything else, public
cache headers, and a query count that does not grow with the number of documents."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import FileResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.reports.models import DocumentKind

from .factories import PDF, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_index_lists_agencies_with_their_published_count(client: Client, organization):
    make_document(organization.agency)
    make_document(organization.agency, published=False, number="002/LKjIP/DKIS/2026")
    make_document(organization.agency, kind=DocumentKind.SOP, number="SOP-1")

    response = client.get(reverse("portal:index"))

    assert response.status_code == 200
    rows = {agency.name: agency.published_count for agency in response.context["page"]}
    assert rows == {"Dinas Kominfo Uji": 1, "Dinas Lain": 0}
    assert "sakip-sidenav" not in response.content.decode()


def test_agency_page_lists_only_published_documents_of_public_kinds(client: Client, organization):
    published = make_document(organization.agency)
    pk_document = make_document(
        organization.agency,
        kind=DocumentKind.PK,
        number="001/PK/IKP/2026",
        title="PK Bidang IKP 2026",
        unit=organization.ikp,
    )
    draft = make_document(organization.agency, published=False, number="002/LKjIP/DKIS/2026")
    sop = make_document(organization.agency, kind=DocumentKind.SOP, number="SOP-UJI-1")
    other = make_document(organization.other_agency, number="009/LKjIP/LAIN/2026")

    response = client.get(reverse("portal:agency", args=[organization.agency.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert published.number in page
    assert pk_document.number in page
    assert "01 Januari 2027" in page
    assert reverse("portal:download", args=[published.pk]) in page
    for hidden in (draft, sop, other):
        assert hidden.number not in page
    kinds = [group.kind for group in response.context["groups"]]
    assert kinds == [DocumentKind.PK, DocumentKind.ANNUAL]
    assert "<script" not in page.split("</head>", 1)[1]


def test_agency_page_shows_one_year_at_a_time(client: Client, organization):
    make_document(organization.agency, year=2025, number="001/LKjIP/DKIS/2025")
    make_document(organization.agency, year=2026, number="001/LKjIP/DKIS/2026")
    url = reverse("portal:agency", args=[organization.agency.pk])

    latest = client.get(url).content.decode()
    earlier = client.get(url, {"tahun": "2025"}).content.decode()

    assert "001/LKjIP/DKIS/2026" in latest and "001/LKjIP/DKIS/2025" not in latest
    assert "001/LKjIP/DKIS/2025" in earlier and "001/LKjIP/DKIS/2026" not in earlier


def test_agency_page_of_a_unit_that_is_no_agency_is_404(client: Client, organization):
    assert client.get(reverse("portal:agency", args=[organization.ikp.pk])).status_code == 404
    assert client.get(reverse("portal:agency", args=[999_999])).status_code == 404


def test_published_document_downloads_as_pdf(client: Client, organization):
    document = make_document(organization.agency)

    response = client.get(reverse("portal:download", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_draft_other_kind_and_unknown_documents_are_404(client: Client, organization):
    draft = make_document(organization.agency, published=False)
    sop = make_document(organization.agency, kind=DocumentKind.SOP)
    compliance = make_document(organization.agency, kind=DocumentKind.COMPLIANCE)

    for pk in (draft.pk, sop.pk, compliance.pk, 999_999):
        assert client.get(reverse("portal:download", args=[pk])).status_code == 404


def test_the_archive_link_of_a_draft_stays_closed_to_an_anonymous_visitor(
    client: Client, organization
):
    draft = make_document(organization.agency, published=False)

    response = client.get(reverse("reports:download_pdf", args=[draft.pk]))

    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("name", ["portal:index", "portal:agency", "portal:download"])
def test_anonymous_pages_are_publicly_cacheable(client: Client, organization, name):
    document = make_document(organization.agency)
    args = {"portal:agency": [organization.agency.pk], "portal:download": [document.pk]}

    response = client.get(reverse(name, args=args.get(name)))

    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=300"}
    # A page a shared cache keeps carries nobody's CSRF token or session.
    assert not response.cookies


def test_signed_in_person_gets_no_store(client: Client, organization):
    client.force_login(organization["kadis"])

    response = client.get(reverse("portal:index"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_post_is_refused(client: Client, organization):
    assert client.post(reverse("portal:index")).status_code == 405


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_documents(client: Client, organization):
    agency_url = reverse("portal:agency", args=[organization.agency.pk])
    index_url = reverse("portal:index")
    make_document(organization.agency)
    small = (_queries(client, agency_url), _queries(client, index_url))

    for n in range(2, 6):
        make_document(
            organization.agency,
            kind=DocumentKind.PK,
            number=f"00{n}/PK/2026",
            unit=organization.ikp,
        )
        make_document(organization.agency, kind=DocumentKind.QUARTERLY, number=f"00{n}/TW/2026")
    large = (_queries(client, agency_url), _queries(client, index_url))

    assert small == large
