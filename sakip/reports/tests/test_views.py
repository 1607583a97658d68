"""The archive and the downloads, as each persona uses them; other units get 404."""

import io

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from sakip.conftest import PASSWORD, rows_built_once
from sakip.reports.models import GeneratedDocument
from sakip.reports.services import rkt_publish

from .conftest import SIGNED_ON, build_published

ARCHIVE = reverse("reports:archive")


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def _stub_pdfs(monkeypatch):
    """These tests are about who sees what; the PDF layout has its own tests (test_publish)."""
    from sakip.reports import pdf_render

    stub = b"%PDF-1.7\n% stand-in for a rendered document\n%%EOF\n"
    monkeypatch.setattr(pdf_render, "render_rkt_pdf", lambda data: stub)
    monkeypatch.setattr(pdf_render, "render_pk_pdf", lambda data: stub)


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):
    _stub_pdfs(monkeypatch)


@pytest.fixture
def published(locked_rkt, organization):
    documents = rkt_publish(actor=organization["staf.evaluasi"], rkt=locked_rkt.rkt, on=SIGNED_ON)
    return {(d.kind, d.unit.code if d.unit else None): d for d in documents}


@pytest.fixture(scope="class")
def published_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """`published` built once for a class: the documents' keys."""
    media = tmp_path_factory.mktemp("media")
    with pytest.MonkeyPatch.context() as patch, override_settings(MEDIA_ROOT=media):
        _stub_pdfs(patch)
        with rows_built_once(django_db_blocker, build_published) as keys:
            yield keys


def _rows(response) -> set[int]:
    assert response.status_code == 200
    return {d.pk for d in response.context["page"].object_list}


def _pks(published, *keys):
    return {published[key].pk for key in keys}


def test_newest_version_first_and_older_ones_marked(client, published, locked_rkt, organization):
    again = rkt_publish(actor=organization["kadis"], rkt=locked_rkt.rkt, on=SIGNED_ON)
    response = login(client, "staf.evaluasi").get(ARCHIVE, {"kind": "rkt"})
    listed = list(response.context["page"].object_list)
    new_rkt = next(d for d in again if d.kind == "rkt")
    assert [d.pk for d in listed] == [new_rkt.pk, published[("rkt", None)].pk]
    assert [d.superseded for d in listed] == [False, True]
    assert "Versi lama" in response.content.decode()


def test_archive_queries_do_not_grow_with_the_number_of_documents(
    client, published, locked_rkt, organization
):
    login(client, "staf.evaluasi")
    client.get(ARCHIVE)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(ARCHIVE)
    rkt_publish(actor=organization["kadis"], rkt=locked_rkt.rkt, on=SIGNED_ON)
    rkt_publish(actor=organization["sekretaris"], rkt=locked_rkt.rkt, on=SIGNED_ON)
    assert GeneratedDocument.objects.count() == 15
    with CaptureQueriesContext(connection) as many:
        client.get(ARCHIVE)
    assert len(many) == len(few)


def test_download_is_get_only_and_a_missing_file_is_a_404(client, published):
    rkt = published[("rkt", None)]
    login(client, "staf.evaluasi")
    assert client.post(reverse("reports:download_docx", args=[rkt.pk])).status_code == 405
    rkt.docx.storage.delete(rkt.docx.name)
    assert client.get(reverse("reports:download_docx", args=[rkt.pk])).status_code == 404


def test_the_admin_lists_documents_read_only(client, published):
    login(client, "admin")
    assert client.get(reverse("admin:reports_generateddocument_changelist")).status_code == 200
    rkt = published[("rkt", None)]
    page = client.get(reverse("admin:reports_generateddocument_change", args=[rkt.pk]))
    assert page.status_code == 200
    assert client.get(reverse("admin:reports_generateddocument_add")).status_code == 403


def test_quarterly_reports_reach_every_official_of_the_agency_only(client, organization):
    """SOP 2 step 5 socializes the quarterly report to the officials: a Kepala Bidang may read it,
    another agency may not."""
    from sakip.reports.access import documents_for
    from sakip.reports.models import DocumentKind, GeneratedDocument
    from sakip.reports.selectors import download_filename

    document = GeneratedDocument.objects.create(
        agency=organization.agency,
        kind=DocumentKind.QUARTERLY,
        year=2026,
        number="003/LKT/Diskominfo/2026/TW II",
        title="Laporan Kinerja Triwulan II Tahun 2026",
        source_type="monitoring.reportingperiod",
        source_id="1",
    )
    assert document in documents_for(organization["kabid.aptika"])
    assert document in documents_for(organization["kasi.ikp"])
    assert document not in documents_for(organization["kadis.lain"])
    assert document not in documents_for(organization["outsider"])
    assert download_filename(document, "pdf") == "LKT-2026-TW-II-dkis-003.pdf"


def test_each_report_period_and_version_has_its_own_file_name(organization):
    """Semester I and II, and two versions of one, must not download under one name."""
    from sakip.reports.models import DocumentKind, GeneratedDocument
    from sakip.reports.selectors import download_filename

    def report(kind, number):
        return GeneratedDocument(
            agency=organization.agency, kind=kind, year=2026, number=number, title="Laporan"
        )

    names = [
        download_filename(report(DocumentKind.SEMESTER, number), "pdf")
        for number in (
            "001/LKS/Diskominfo/2026/Semester I",
            "002/LKS/Diskominfo/2026/Semester I",
            "003/LKS/Diskominfo/2026/Semester II",
        )
    ]
    # The fixture agency's short name is "dkis" (as in the quarterly name above).
    assert names == [
        "LKS-2026-Semester-I-dkis-001.pdf",
        "LKS-2026-Semester-I-dkis-002.pdf",
        "LKS-2026-Semester-II-dkis-003.pdf",
    ]
    annual = report(DocumentKind.ANNUAL, "002/LKjIP/Diskominfo/2026")
    assert download_filename(annual, "docx") == "LKjIP-2026-dkis-002.docx"


def test_the_admin_list_queries_do_not_grow_with_documents(
    client, published, locked_rkt, organization
):
    login(client, "admin")
    url = reverse("admin:reports_generateddocument_changelist")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    rkt_publish(actor=organization["kadis"], rkt=locked_rkt.rkt, on=SIGNED_ON)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


class TestOnePublication:
    """Tests that only read what one publication made share it (`published_once`); those that
    publish again or delete a file keep their own."""

    @pytest.fixture
    def published(self, db, published_once):
        return {key: GeneratedDocument.objects.get(pk=pk) for key, pk in published_once.items()}

    def test_agency_wide_roles_and_the_regency_see_every_document(self, client, published):
        everything = {d.pk for d in published.values()}
        for username in (
            "staf.evaluasi",
            "kasubag.renkeu",
            "sekretaris",
            "kadis",
            "bagor",
            "admin",
        ):
            client.logout()
            assert _rows(login(client, username).get(ARCHIVE)) == everything, username

    def test_a_unit_head_sees_only_the_documents_of_their_unit(self, client, published):
        assert _rows(login(client, "kabid.ikp").get(ARCHIVE)) == _pks(published, ("pk", "ikp"))
        client.logout()
        assert _rows(login(client, "kabid.aptika").get(ARCHIVE)) == _pks(
            published, ("pk", "aptika")
        )

    def test_other_agencies_and_people_without_a_position_see_nothing(self, client, published):
        page = login(client, "kadis.lain").get(ARCHIVE)
        assert _rows(page) == set()
        assert "Belum ada dokumen yang dapat Anda lihat." in page.content.decode()
        client.logout()
        assert _rows(login(client, "outsider").get(ARCHIVE)) == set()

    def test_the_archive_needs_a_login(self, client, published):
        response = client.get(ARCHIVE)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_the_archive_lists_title_number_publisher_and_downloads(self, client, published):
        html = login(client, "staf.evaluasi").get(ARCHIVE).content.decode()
        rkt = published[("rkt", None)]
        assert "Rencana Kinerja Tahunan Dinas Kominfo Uji Tahun 2026" in html
        assert "050/RKT/Diskominfo/2026" in html
        assert "Staf Evaluasi" in html  # who published
        assert reverse("reports:download_docx", args=[rkt.pk]) in html
        assert reverse("reports:download_pdf", args=[rkt.pk]) in html

    def test_filters_by_kind_and_year(self, client, published):
        login(client, "staf.evaluasi")
        assert _rows(client.get(ARCHIVE, {"kind": "rkt"})) == _pks(published, ("rkt", None))
        assert len(_rows(client.get(ARCHIVE, {"kind": "pk", "year": "2026"}))) == 4
        assert _rows(client.get(ARCHIVE, {"year": "2025"})) == set()
        assert len(_rows(client.get(ARCHIVE, {"year": "bukan-angka", "kind": "x"}))) == 5

    def test_download_names_the_file_and_streams_it(self, client, published):
        login(client, "staf.evaluasi")
        rkt = published[("rkt", None)]
        response = client.get(reverse("reports:download_docx", args=[rkt.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="RKT-2026-Diskominfo.docx"'
        Document(io.BytesIO(b"".join(response.streaming_content)))  # a real DOCX
        response = client.get(reverse("reports:download_pdf", args=[rkt.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="RKT-2026-Diskominfo.pdf"'
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_a_unit_head_downloads_their_own_pk(self, client, published):
        pk = published[("pk", "ikp")]
        response = login(client, "kabid.ikp").get(reverse("reports:download_pdf", args=[pk.pk]))
        assert response.status_code == 200
        assert (
            response["Content-Disposition"]
            == 'attachment; filename="PK-2026-Diskominfo-Bidang-IKP.pdf"'
        )

    @pytest.mark.parametrize("name", ["reports:download_docx", "reports:download_pdf"])
    def test_another_units_pk_is_a_404(self, client, published, name):
        ikp_pk = published[("pk", "ikp")]
        login(client, "kabid.aptika")
        assert client.get(reverse(name, args=[ikp_pk.pk])).status_code == 404
        assert client.get(reverse(name, args=[published[("rkt", None)].pk])).status_code == 404
        client.logout()
        login(client, "kadis.lain")
        assert client.get(reverse(name, args=[ikp_pk.pk])).status_code == 404
        assert client.get(reverse(name, args=[999999])).status_code == 404
