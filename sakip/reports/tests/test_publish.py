"""Publishing a locked RKT: the files are opened and read back as a person would read them."""

import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from sakip.audit.models import AuditEvent
from sakip.planning.models import PerformanceAgreement
from sakip.planning.rkt_models import RktStatus
from sakip.reports.models import DocumentKind, GeneratedDocument
from sakip.reports.services import RKT_NOT_LOCKED, rkt_publish

from .conftest import KADIS_NIP_PRINTED, SIGNED_ON, build_rkt


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a DOCX, in order, whitespace squashed."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return _squash(" ".join(parts))


def pdf_text(data: bytes) -> str:
    return _squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


@pytest.fixture
def published(locked_rkt, organization):
    documents = rkt_publish(actor=organization["staf.evaluasi"], rkt=locked_rkt.rkt, on=SIGNED_ON)
    return {(d.kind, d.unit.code if d.unit else None): d for d in documents}


def test_publishing_makes_the_rkt_and_one_pk_per_official(published, media_root):
    assert set(published) == {
        ("rkt", None),
        ("pk", "dkis"),
        ("pk", "sekretariat"),
        ("pk", "ikp"),
        ("pk", "aptika"),
    }
    rkt = published[("rkt", None)]
    assert rkt.number == "050/RKT/Diskominfo/2026"
    assert rkt.title == "Rencana Kinerja Tahunan Dinas Kominfo Uji Tahun 2026"
    assert published[("pk", "dkis")].number == "001/PK/Diskominfo/2026"
    assert published[("pk", "ikp")].number == "003/PK/Diskominfo/2026"
    for document in published.values():
        assert document.year == 2026
        assert document.source_type == "planning.rktdocument"
        assert document.created_by.username == "staf.evaluasi"
        for stored in (document.docx, document.pdf):
            path = Path(stored.path)
            assert path.is_file()
            assert path.is_relative_to(Path(media_root) / "documents")
    assert AuditEvent.objects.filter(object_type="reports.generateddocument").count() == 5
    assert AuditEvent.objects.filter(object_type="planning.rktdocument", action="publish").exists()


RKT_EXPECTED = [
    "PEMERINTAH KABUPATEN UJI",
    "DINAS KOMINFO UJI",
    "Telp. (0526) 2028060",
    "RENCANA KINERJA TAHUNAN",
    "TAHUN 2026",
    "050/RKT/Diskominfo/2026",
    "Sekretariat",
    "Bidang IKP",
    "Bidang Aptika",
    "Meningkatnya kualitas layanan SPBE",
    "Persentase informasi publik yang dipublikasikan",
    "82,5",
    "Jumlah rilis berita",
    "120",
    "Indeks SPBE",
    "3,1",
    "Nilai evaluasi SAKIP",
    "Program Informasi dan Komunikasi Publik",
    "Rp1.254.422.800",
    "Rp500.000.000,50",
    "Paringin, 25 November 2026",
    "Kepala Dinas Kominfo Uji",
    "Muhammad Nor, S.Sos., M.M.",
    f"NIP. {KADIS_NIP_PRINTED}",
]


def test_the_rkt_docx_reads_back_with_objectives_targets_and_signature(published):
    text = docx_text(_read(published[("rkt", None)].docx))
    for expected in RKT_EXPECTED:
        assert expected in text, expected
    doc = Document(io.BytesIO(_read(published[("rkt", None)].docx)))
    section = doc.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    headings = [c.text for c in doc.tables[0].rows[0].cells]
    assert headings == ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Satuan"]
    assert all(run.bold for run in doc.tables[0].rows[0].cells[1].paragraphs[0].runs)


def test_the_rkt_pdf_reads_back_the_same(published):
    data = _read(published[("rkt", None)].pdf)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in RKT_EXPECTED:
        assert expected in text, expected
    assert "Halaman 1 dari" in text  # page numbers in the footer


PK_IKP_EXPECTED = [
    "PERJANJIAN KINERJA TAHUN 2026",
    "BIDANG IKP",
    "kami yang bertanda tangan di bawah ini",
    "Siti Rahmah, S.Kom.",
    "Kepala Bidang IKP Dinas Kominfo Uji",
    "Muhammad Nor, S.Sos., M.M.",
    KADIS_NIP_PRINTED,
    "selanjutnya disebut pihak kedua",
    "Pihak Pertama,",
    "Pihak Kedua,",
    "Persentase informasi publik yang dipublikasikan",
    "82,5 %",
    "Jumlah rilis berita",
    "120 rilis",
    "Program Informasi dan Komunikasi Publik",
    "Pengelolaan Informasi dan Komunikasi Publik",
    "Rp1.254.422.800",
    "Keterangan",
    "Jumlah",
    "Paringin, 25 November 2026",
]
# Lines of Bidang Aptika and of the Sekretariat must not appear in Bidang IKP's agreement.
PK_IKP_ABSENT = [
    "Indeks SPBE",
    "Program Aplikasi Informatika",
    "Nilai evaluasi SAKIP",
    "Budi Santoso",
]


@pytest.mark.parametrize("reader,field", [(docx_text, "docx"), (pdf_text, "pdf")])
def test_the_pk_of_bidang_ikp_holds_only_its_own_lines(published, reader, field):
    text = reader(_read(getattr(published[("pk", "ikp")], field)))
    for expected in PK_IKP_EXPECTED:
        assert expected in text, expected
    for absent in PK_IKP_ABSENT:
        assert absent not in text, absent


@pytest.mark.parametrize("reader,field", [(docx_text, "docx"), (pdf_text, "pdf")])
def test_the_agency_heads_pk_is_signed_with_the_regent(published, reader, field):
    text = reader(_read(getattr(published[("pk", "dkis")], field)))
    for expected in [
        "Bupati Uji",
        "H. Abdul Hadi, S.Ag., M.I.Kom.",
        "Kepala Dinas Kominfo Uji",
        "Indeks kepuasan layanan publik",
        "80–90 indeks",
        "Indeks SPBE",
        "Program Aplikasi Informatika",
        "Rp500.000.000,50",
    ]:
        assert expected in text, expected


def test_documents_are_indonesian_even_when_the_publisher_uses_english(locked_rkt, organization):
    with translation.override("en"):
        documents = rkt_publish(actor=organization["kadis"], rkt=locked_rkt.rkt, on=SIGNED_ON)
    pk = next(d for d in documents if d.kind == DocumentKind.PK)
    text = docx_text(_read(pk.docx))
    assert "PERJANJIAN KINERJA TAHUN 2026" in text
    assert "25 November 2026" in text
    assert "Pihak Pertama," in text


def test_publishing_again_adds_new_versions(published, locked_rkt, organization):
    again = rkt_publish(actor=organization["kadis"], rkt=locked_rkt.rkt, on=SIGNED_ON)
    assert GeneratedDocument.objects.count() == 10
    assert PerformanceAgreement.objects.filter(rkt=locked_rkt.rkt).count() == 4
    old = published[("rkt", None)]
    new = next(d for d in again if d.kind == DocumentKind.RKT)
    assert new.pk != old.pk and new.docx.name != old.docx.name
    assert Path(old.docx.path).is_file()  # the earlier version is kept


def test_an_unlocked_rkt_is_refused_and_nothing_is_written(
    organization, plan_data, agency_profile, media_root
):
    rkt = build_rkt(organization, plan_data, status=RktStatus.DRAFT).rkt
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        rkt_publish(actor=organization["staf.evaluasi"], rkt=rkt, on=SIGNED_ON)
    assert caught.value.message_dict["status"] == [str(RKT_NOT_LOCKED)]
    assert not GeneratedDocument.objects.exists()
    assert not PerformanceAgreement.objects.exists()
    assert AuditEvent.objects.count() == events
    assert not (Path(media_root) / "documents").exists()


def test_a_failure_midway_leaves_no_rows_and_no_files(
    locked_rkt, organization, media_root, monkeypatch
):
    from sakip.reports import pdf_render

    calls = []

    def failing_pk_pdf(data):
        calls.append(data)
        raise RuntimeError("renderer down")

    monkeypatch.setattr(pdf_render, "render_pk_pdf", failing_pk_pdf)
    with pytest.raises(RuntimeError):
        rkt_publish(actor=organization["staf.evaluasi"], rkt=locked_rkt.rkt, on=SIGNED_ON)
    assert calls
    assert not GeneratedDocument.objects.exists()
    assert not PerformanceAgreement.objects.exists()
    leftovers = [p for p in Path(media_root).rglob("*") if p.is_file()]
    assert leftovers == []


def test_the_rkt_opens_with_the_agencys_own_key_indicators(published):
    """IK0 belongs to the agency itself, so no unit form carries it; the RKT must still show it."""
    for reader, field in ((docx_text, "docx"), (pdf_text, "pdf")):
        text = reader(_read(getattr(published[("rkt", None)], field)))
        assert "Tingkat Perangkat Daerah (Indikator Kinerja Utama)" in text
        assert "Indeks kepuasan layanan publik" in text
        assert text.index("Indeks kepuasan layanan publik") < text.index("Nilai evaluasi SAKIP")
