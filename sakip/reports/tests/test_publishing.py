"""Publishing (menerbitkan) a version of a performance report: who may, once only, audited, and a
published document cannot be changed or deleted any more. Several versions may be published."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from sakip.audit.models import AuditEvent
from sakip.core.formats import format_date_id
from sakip.organization.models import Employee
from sakip.reports.models import DocumentKind, GeneratedDocument, PublishedDocumentError
from sakip.reports.publishing import NOT_ALLOWED, document_publish

pytestmark = pytest.mark.django_db
ARCHIVE = reverse("reports:archive")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _report(organization, sequence: int, *, kind=DocumentKind.QUARTERLY, agency=None):
    """A generated quarterly report version (files are stand-ins; rendering is tested elsewhere)."""
    document = GeneratedDocument(
        agency=agency or organization.agency,
        kind=kind,
        year=2026,
        number=f"{sequence:03d}/LKT/Diskominfo/2026/TW I",
        title="Laporan Kinerja Triwulan I Tahun 2026 — Dinas Kominfo Uji",
        source_type="monitoring.reportingperiod",
        source_id="1",
        created_by=organization["staf.evaluasi"],
    )
    for extension in ("docx", "pdf", "xlsx"):
        getattr(document, extension).save(
            f"LKT-{sequence:03d}.{extension}", ContentFile(b"isi"), save=False
        )
    document.save()
    return document


def _text(content: bytes, element_id: str) -> str:
    tree = lxml_html.fromstring(content.decode())
    return " ".join(tree.get_element_by_id(element_id).text_content().split())


def test_a_planner_publishes_once_and_it_is_audited(organization, media_root):
    document = _report(organization, 1)
    before = timezone.now()
    published = document_publish(actor=organization["kasubag.renkeu"], document=document)
    assert published.published_by == organization["kasubag.renkeu"]
    assert published.published_at is not None
    assert before <= published.published_at <= timezone.now()
    event = AuditEvent.objects.get(
        object_type="reports.generateddocument", object_id=str(document.pk), action="publish"
    )
    assert event.actor == organization["kasubag.renkeu"]
    # The second time is refused, saying when and by whom it was published.
    Employee.objects.filter(user=organization["kasubag.renkeu"]).update(name="Siti Aminah")
    with pytest.raises(ValidationError) as refused:
        document_publish(actor=organization["staf.evaluasi"], document=document)
    message = refused.value.messages[0]
    assert message.startswith("Dokumen nomor 001/LKT/Diskominfo/2026/TW I telah diterbitkan pada")
    assert format_date_id(timezone.localdate(published.published_at)) in message
    assert "oleh Siti Aminah" in message
    document.refresh_from_db()
    assert document.published_by == organization["kasubag.renkeu"]  # unchanged
    assert AuditEvent.objects.filter(action="publish").count() == 1


def test_several_versions_may_be_published_each_with_its_number(organization, media_root):
    first, second = _report(organization, 1), _report(organization, 2)
    document_publish(actor=organization["staf.evaluasi"], document=first)
    document_publish(actor=organization["staf.evaluasi"], document=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_published and second.is_published
    assert (first.number, second.number) == (
        "001/LKT/Diskominfo/2026/TW I",
        "002/LKT/Diskominfo/2026/TW I",
    )


def test_only_the_agencys_planners_may_publish(organization, media_root):
    document = _report(organization, 1)
    for username in ("kadis", "sekretaris", "kabid.ikp", "kadis.lain", "outsider"):
        with pytest.raises(ValidationError) as refused:
            document_publish(actor=organization[username], document=document)
        assert refused.value.messages == [str(NOT_ALLOWED)], username
    document.refresh_from_db()
    assert not document.is_published


def test_a_published_document_cannot_be_changed_or_deleted(organization, media_root):
    document = _report(organization, 1)
    document_publish(actor=organization["staf.evaluasi"], document=document)
    document.refresh_from_db()
    document.number = "999/LKT/Diskominfo/2026/TW I"
    with pytest.raises(PublishedDocumentError):
        document.save()
    with pytest.raises(PublishedDocumentError):
        document.pdf.save("lain.pdf", ContentFile(b"lain"))
    with pytest.raises(PublishedDocumentError):
        GeneratedDocument.objects.get(pk=document.pk).delete()
    stored = GeneratedDocument.objects.get(pk=document.pk)
    assert stored.number == "001/LKT/Diskominfo/2026/TW I"
    assert stored.pdf.name.endswith("LKT-001.pdf")
    # A draft is not bound yet (e.g. removing a broken generation).
    draft = _report(organization, 2)
    draft.delete()


def test_rkt_and_pk_documents_are_not_published_from_the_archive(organization, media_root):
    document = _report(organization, 1, kind=DocumentKind.RKT)
    with pytest.raises(ValidationError):
        document_publish(actor=organization["staf.evaluasi"], document=document)


# --- the pages ---------------------------------------------------------------------------------


def test_the_archive_shows_drafts_and_publications(client, organization, media_root):
    draft, published = _report(organization, 1), _report(organization, 2)
    rkt = _report(organization, 3, kind=DocumentKind.RKT)
    Employee.objects.filter(user=organization["kasubag.renkeu"]).update(name="Siti Aminah")
    document_publish(actor=organization["kasubag.renkeu"], document=published)
    published.refresh_from_db()
    client.force_login(organization["staf.evaluasi"])
    page = client.get(ARCHIVE)
    tree = lxml_html.fromstring(page.content.decode())

    def cell(document):
        return tree.xpath(f'//tr[@id="document-{document.pk}"]/td[@data-field="publication"]')[0]

    date = published.published_at.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    published_text = " ".join(cell(published).text_content().split())
    assert published_text == f"Terbit {date.day:02d} {_month(date.month)} {date.year} · Siti Aminah"
    draft_cell = cell(draft)
    assert "Draf" in draft_cell.text_content()
    link = draft_cell.xpath(".//a")[0]
    assert link.get("href").startswith(reverse("reports:publish", args=[draft.pk]))
    assert cell(published).xpath(".//a") == []  # nothing more to do
    assert " ".join(cell(rkt).text_content().split()) == "—"  # published by SOP 1, not here
    # The agency head sees the states but has no button.
    client.force_login(organization["kadis"])
    tree = lxml_html.fromstring(client.get(ARCHIVE).content.decode())
    assert tree.xpath(f'//tr[@id="document-{draft.pk}"]//a[starts-with(@id, "publish-")]') == []


def _month(number: int) -> str:
    return [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ][number - 1]


def test_publishing_asks_first_then_publishes(client, organization, media_root):
    document = _report(organization, 1)
    client.force_login(organization["staf.evaluasi"])
    back = f"{ARCHIVE}?kind=quarterly"
    url = reverse("reports:publish", args=[document.pk])
    confirm = client.get(url, {"next": back})
    assert confirm.status_code == 200
    assert "tidak dapat diubah" in _text(confirm.content, "publish-consequence")
    document.refresh_from_db()
    assert not document.is_published  # the GET changes nothing
    response = client.post(url, {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert "Dokumen nomor 001/LKT/Diskominfo/2026/TW I telah diterbitkan." in (
        response.content.decode()
    )
    document.refresh_from_db()
    assert document.published_by == organization["staf.evaluasi"]
    # Publishing again is refused with the reason; the confirmation page says it is done.
    again = client.post(url, {"next": back}, follow=True)
    assert "tidak dapat diterbitkan ulang" in again.content.decode()
    assert b'id="already-published"' in client.get(url).content


def test_publishing_is_for_planners_and_an_outside_next_is_ignored(
    client, organization, media_root
):
    document = _report(organization, 1)
    url = reverse("reports:publish", args=[document.pk])
    client.force_login(organization["kadis"])  # sees the document, may not publish it
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    for username in ("kadis.lain", "outsider"):
        client.force_login(organization[username])
        assert client.post(url).status_code == 404, username
    client.force_login(organization["staf.evaluasi"])
    response = client.post(url, {"next": "https://contoh.invalid/"})
    assert response["Location"] == f"{ARCHIVE}#document-{document.pk}"
    document.refresh_from_db()
    assert document.is_published


def test_archive_queries_do_not_grow_with_published_documents(client, organization, media_root):
    client.force_login(organization["staf.evaluasi"])
    document_publish(actor=organization["kasubag.renkeu"], document=_report(organization, 1))
    client.get(ARCHIVE)
    with CaptureQueriesContext(connection) as few:
        client.get(ARCHIVE)
    for sequence in range(2, 7):
        document = _report(organization, sequence)
        document_publish(actor=organization["staf.evaluasi"], document=document)
    with CaptureQueriesContext(connection) as many:
        client.get(ARCHIVE)
    assert len(many) == len(few)
