"""Issue 10: the LKjIP as an office submits it. The DOCX and the PDF have a cover and kop surat
with the regency's emblem, a signed Kata Pengantar, a Daftar Isi (page numbers in the PDF, a TOC
field in the DOCX), an Ikhtisar with its key figures, the PK attachment signed by both parties,
and tables whose heading row repeats on every page and whose rows are never split."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from pathlib import Path

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from sakip.core.formats import format_measured_id
from sakip.demo.emblem import demo_emblem_png
from sakip.reports.annual import layout
from sakip.reports.annual.prefill import _foreword
from sakip.reports.annual.render_charts import AnnualChartImages
from sakip.reports.annual.render_docx import render_annual_docx
from sakip.reports.annual.render_pdf import render_annual_pdf

from .annual_sample import annual_sample

KEY_FIGURES = [
    ["1", "Jumlah sasaran strategis", "2"],
    ["2", "Jumlah indikator kinerja", "3"],
    ["3", "Indikator berkategori Sangat Tinggi", "2"],
    ["4", "Indikator berkategori Tinggi", "1"],
    ["8", "Pagu anggaran", "Rp2.004.422.800"],
    ["9", "Realisasi anggaran", "Rp1.955.972.958"],
    ["10", "Serapan anggaran", "97,58%"],
]
PK_SIGNERS = [
    "Pihak Kedua,",
    "Bupati Uji",
    "H. Abdul Hadi",
    "Pihak Pertama,",
    "Kepala Dinas Kominfo Uji",
    "Muhammad Nor, S.Sos., M.M.",
]
ANALYSIS_1_HEADER = "No Indikator Kinerja Satuan Target Realisasi Capaian Kategori"


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def emblem_file(tmp_path_factory):
    """The emblem where the agency profile keeps it: under the media root, which the PDF's
    fetcher reads."""
    from django.conf import settings

    media = tmp_path_factory.mktemp("media")
    path = media / "emblems" / "lambang.png"
    path.parent.mkdir()
    path.write_bytes(demo_emblem_png())
    original = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = media
    yield path
    settings.MEDIA_ROOT = original
    shutil.rmtree(media, ignore_errors=True)


def _sample(emblem: Path | None, *, long_table: bool = False):  # type: ignore[no-untyped-def]
    data = annual_sample()
    data.narratives["foreword"] = _foreword(data)
    if emblem is not None:
        data.letterhead = dataclasses.replace(data.letterhead, emblem_path=str(emblem))
    if long_table:  # an objective with 45 indicators: its tables run over several pages
        block = data.objectives[0]
        many = [
            dataclasses.replace(block.indicators[0], indicator_id=1000 + n, code=f"IK{n}")
            for n in range(1, 46)
        ]
        data.objectives[0] = dataclasses.replace(block, indicators=many)
    return data


@pytest.fixture(scope="module")
def files(emblem_file):
    with translation.override("id"):
        data = _sample(emblem_file)
        images = AnnualChartImages()
        return {
            "docx": Document(io.BytesIO(render_annual_docx(data, images))),
            "pdf": render_annual_pdf(data, images),
            "emblem": emblem_file.read_bytes(),
        }


def _docx_lines(doc) -> list[str]:  # type: ignore[no-untyped-def]
    lines = []
    for paragraph in doc.element.body.iter(qn("w:p")):
        parts = [
            (node.text or "") if node.tag == qn("w:t") else " "
            for node in paragraph.iter(qn("w:t"), qn("w:br"))
        ]
        lines.append(_normal("".join(parts)))
    return lines


def _last(lines: list[str], text: str) -> int:
    """A chapter heading's line: its last occurrence (the Daftar Isi names it before)."""
    return len(lines) - 1 - lines[::-1].index(text)


def _docx_rows(doc) -> list[list[str]]:  # type: ignore[no-untyped-def]
    rows = []
    for table in doc.tables:
        for row in table.rows:
            cells, previous = [], None
            for cell in row.cells:
                if cell._tc is not previous:
                    cells.append(_normal(cell.text))
                previous = cell._tc
            rows.append(cells)
    return rows


def _pdf_pages(pdf: bytes) -> list[str]:
    return [_normal(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


# --- DOCX ------------------------------------------------------------------------------------


def test_docx_opens_with_cover_foreword_and_contents_in_order(files):
    lines = _docx_lines(files["docx"])
    order = [
        "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)",
        "KATA PENGANTAR",
        "DAFTAR ISI",
        "IKHTISAR EKSEKUTIF",
        "BAB I PENDAHULUAN",
    ]
    # The foreword precedes the Daftar Isi, which names it and the chapters after it.
    positions = [lines.index(text) for text in order[:3]] + [_last(lines, t) for t in order[3:]]
    assert positions == sorted(positions)
    # The foreword is signed by the agency head.
    foreword = lines[positions[1] : positions[2]]
    assert "Paringin, 20 Januari 2026" in foreword
    assert "Muhammad Nor, S.Sos., M.M." in foreword


def test_docx_contents_is_a_toc_field_that_word_updates(files):
    doc = files["docx"]
    instructions = [node.text for node in doc.element.body.iter(qn("w:instrText"))]
    assert any(text.strip().startswith("TOC") for text in instructions)
    assert doc.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    # Until Word fills it in, the field shows the chapters.
    lines = _docx_lines(doc)
    start = lines.index("DAFTAR ISI")
    assert "BAB III AKUNTABILITAS KINERJA" in lines[start : _last(lines, "IKHTISAR EKSEKUTIF")]


def test_docx_carries_the_emblem_on_the_kop_and_the_cover(files):
    doc = files["docx"]
    emblems = [
        shape for shape in doc.inline_shapes if shape._inline.graphic.graphicData.pic is not None
    ]
    blobs = [
        doc.part.related_parts[s._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        for s in emblems
    ]
    assert blobs.count(files["emblem"]) == 2  # kop surat and cover
    # The kop: emblem beside the names, in the first table of the document.
    first = doc.tables[0]
    assert "PEMERINTAH KABUPATEN UJI" in first.rows[0].cells[1].text


def test_docx_ikhtisar_has_the_key_figures(files):
    lines = _docx_lines(files["docx"])
    assert "Ikhtisar Capaian Kinerja Tahun 2025" in lines
    rows = _docx_rows(files["docx"])
    for expected in KEY_FIGURES:
        assert expected in rows, expected
    # The indicators' capaian and the main problem with its follow-up.
    assert ["1", "IK1 Indeks SPBE", "Indeks", "3", "3,1", "103,33%", "Sangat Tinggi"] in rows
    assert [
        "1",
        "IK2 Persentase layanan publik yang terintegrasi (90,00%)",
        "TW II: Keterbatasan jaringan di kecamatan terpencil",
        "TW II: Pengadaan VSAT untuk tiga kecamatan",
    ] in rows
    # All of it inside the Ikhtisar, before Bab I.
    summary, bab1 = _last(lines, "IKHTISAR EKSEKUTIF"), _last(lines, "BAB I PENDAHULUAN")
    assert summary < lines.index("Jumlah sasaran strategis") < bab1
    assert summary < lines.index("Permasalahan Utama dan Tindak Lanjut") < bab1


def test_docx_pk_attachment_is_signed_by_both_parties_side_by_side(files):
    doc = files["docx"]
    table = doc.tables[-1]
    texts = [[_normal(cell.text) for cell in row.cells] for row in table.rows]
    assert ["Pihak Kedua,", "Pihak Pertama,"] in texts
    assert ["Bupati Uji", "Kepala Dinas Kominfo Uji"] in texts
    assert ["H. Abdul Hadi", "Muhammad Nor, S.Sos., M.M."] in texts  # names on one line
    lines = _docx_lines(doc)
    attachment = lines.index("LAMPIRAN PERJANJIAN KINERJA TAHUN 2025 DINAS KOMINFO UJI")
    for text in PK_SIGNERS:
        assert text in lines[attachment:], text


def test_docx_heading_rows_repeat_and_rows_are_not_split(files):
    doc = files["docx"]
    grids = [
        table
        for table in doc.tables
        if table.style is not None and table.style.name == "Table Grid"
    ]
    assert len(grids) > 10
    for table in grids:
        heading = table.rows[0]._tr.trPr
        assert heading.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    for row in doc.element.body.iter(qn("w:tr")):
        assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None


def test_documents_lay_out_cleanly_without_an_emblem():
    data = _sample(None)
    doc = Document(io.BytesIO(render_annual_docx(data, AnnualChartImages())))
    assert len(doc.inline_shapes) == 0
    assert "PEMERINTAH KABUPATEN UJI" in _docx_lines(doc)
    pdf = render_annual_pdf(data, AnnualChartImages())
    assert not any(page.images for page in PdfReader(io.BytesIO(pdf)).pages)


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_contents_lists_the_chapters_with_their_page_numbers(files):
    pages = _pdf_pages(files["pdf"])
    contents = next(index for index, text in enumerate(pages) if text.startswith("DAFTAR ISI"))
    assert "KATA PENGANTAR" in pages[contents - 1]
    for title in ("IKHTISAR EKSEKUTIF", "BAB I PENDAHULUAN", "BAB IV PENUTUP"):
        match = re.search(re.escape(title) + r" ?\.+ ?(\d+)", pages[contents])
        assert match is not None, title
        page = int(match.group(1))
        assert pages[page - 1].startswith(title), (title, page)


def test_pdf_has_the_emblem_the_foreword_and_the_key_figures(files):
    pages = _pdf_pages(files["pdf"])
    reader = PdfReader(io.BytesIO(files["pdf"]))
    cover_images = reader.pages[0].images
    assert len(cover_images) >= 1  # kop surat and cover emblem (one image, drawn twice)
    summary = next(text for text in pages if text.startswith("IKHTISAR EKSEKUTIF"))
    for _no, label, value in KEY_FIGURES:
        assert f"{label} {value}" in summary
    assert "Permasalahan Utama dan Tindak Lanjut" in summary
    foreword = next(text for text in pages if text.startswith("KATA PENGANTAR"))
    assert "Puji syukur" in foreword and "Muhammad Nor, S.Sos., M.M." in foreword


def test_pdf_pk_attachment_is_signed_by_both_parties(files):
    last = _pdf_pages(files["pdf"])[-1]
    assert "LAMPIRAN PERJANJIAN KINERJA TAHUN 2025" in last
    assert "Pihak Kedua, Pihak Pertama," in last
    assert "H. Abdul Hadi Muhammad Nor, S.Sos., M.M." in last  # the names on one line


def test_long_tables_repeat_their_heading_row_on_every_page(emblem_file):
    data = _sample(None, long_table=True)
    pages = _pdf_pages(render_annual_pdf(data, AnnualChartImages()))
    with_heading = [index for index, text in enumerate(pages) if text.count(ANALYSIS_1_HEADER) >= 1]
    # Analysis (1) of the long objective runs over two pages at least: both start with the heading.
    spanning = [i for i in with_heading if i + 1 in with_heading]
    assert spanning, with_heading
    assert pages[spanning[0] + 1].count("IK4") >= 1 or "IK4" in pages[spanning[0]]


# --- captions and kendala --------------------------------------------------------------------


def test_the_renstra_period_is_not_said_twice():
    assert layout.renstra_caption("Renstra 2025–2029", "2025–2029") == "Renstra 2025–2029"
    assert layout.renstra_caption("Renstra Diskominfo", "2025–2029") == (
        "Renstra Diskominfo (2025–2029)"
    )


def test_a_kendala_reported_every_quarter_is_printed_once():
    data = _sample(None)
    block = data.objectives[0]
    line = dataclasses.replace(
        block.indicators[1],
        problems=["TW I: Jaringan terbatas.", "TW II: Jaringan terbatas", "TW III: Anggaran"],
        solutions=["TW I: VSAT", "TW II: VSAT"],
    )
    data.objectives[0] = dataclasses.replace(
        block, indicators=[block.indicators[0], line, *block.indicators[2:]]
    )
    doc = Document(io.BytesIO(render_annual_docx(data, AnnualChartImages())))
    rows = _docx_rows(doc)
    expected_problems = "TW I, TW II: Jaringan terbatas TW III: Anggaran"
    assert sum(1 for row in rows if row[-2:] == [expected_problems, "TW I, TW II: VSAT"]) == 2
    pdf_text = " ".join(_pdf_pages(render_annual_pdf(data, AnnualChartImages())))
    assert pdf_text.count("Jaringan terbatas") == 2  # analysis (5) and the Ikhtisar, once each


# --- precision -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,targets,printed",
    [
        ("97.8775", ("95",), "97,88"),  # the average of four quarters, rounded half up
        ("97.8750", ("95",), "97,88"),
        ("3.1000", ("3",), "3,1"),
        ("1350", ("1200",), "1.350"),
        ("0.12345", ("0.125",), "0,123"),  # a target with three decimals keeps three
        ("76.75", ("80", "90"), "76,75"),
    ],
)
def test_a_realisasi_is_printed_with_the_indicators_precision(value, targets, printed):
    from decimal import Decimal

    assert format_measured_id(Decimal(value), *(Decimal(t) for t in targets)) == printed
