"""The LKjIP files (DOCX, PDF) laid out from a hand-built AnnualReportData (annual_sample): every
chapter, the seven analyses per objective, the numbers, the staff's texts, the draft marking, the
charts, and a PDF that reads nothing but our own files."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import io
import re
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from sakip.reports.annual.data import annual_report_data, headers_for
from sakip.reports.annual.render_charts import AnnualChartImages, render_annual_charts
from sakip.reports.annual.render_docx import render_annual_docx
from sakip.reports.annual.render_pdf import render_annual_pdf
from sakip.reports.pdf_render import RefusedURLError
from sakip.reports.quarterly.render import ChartURLFetcher

from .annual_sample import NARRATIVES, annual_sample

PNG = b"\x89PNG\r\n\x1a\n"
CHAPTERS = [
    "IKHTISAR EKSEKUTIF",
    "BAB I PENDAHULUAN",
    "A. Latar Belakang",
    "B. Tugas, Fungsi dan Struktur Organisasi",
    "C. Isu Strategis",
    "BAB II PERENCANAAN KINERJA",
    "A. Rencana Strategis",
    "B. Perjanjian Kinerja Tahun 2025",
    "BAB III AKUNTABILITAS KINERJA",
    "A. Capaian Kinerja Organisasi",
    "B. Realisasi Anggaran",
    "BAB IV PENUTUP",
    "A. Kesimpulan",
    "B. Langkah Perbaikan",
    "LAMPIRAN PERJANJIAN KINERJA TAHUN 2025 DINAS KOMINFO UJI",
]
OBJECTIVES = [
    "Sasaran Strategis 1: Meningkatnya kualitas layanan SPBE",
    "Sasaran Strategis 2: Meningkatnya keterbukaan informasi publik",
]
# The data builder words the analyses and the empty-table sentences (data.headers_for); the
# documents print its words, the analyses numbered 1–7.
HEADERS = headers_for(2025, [])
ANALYSES = [f"{number}. {HEADERS[f'analysis_{number}']}" for number in range(1, 8)]
NO_STANDARD = HEADERS["no_national_standard"]
NO_PROGRAMS = HEADERS["no_programs"]
# The renderers' own words where the data has none.
OWN_ANALYSES = [
    "1. Perbandingan Target dan Realisasi Kinerja Tahun 2025",
    "2. Perbandingan Realisasi dan Capaian Kinerja dengan Tahun Sebelumnya",
    "3. Perbandingan Realisasi Kinerja dengan Target Akhir Renstra",
    "4. Perbandingan Realisasi Kinerja dengan Standar Nasional",
    "5. Analisis Penyebab Keberhasilan/Kegagalan dan Solusi",
    "6. Analisis Efisiensi Penggunaan Sumber Daya",
    "7. Program dan Kegiatan Pendukung Pencapaian Kinerja",
]
OWN_NO_STANDARD = (
    "Indikator sasaran ini tidak memiliki standar nasional, sehingga perbandingan dengan "
    "standar nasional tidak dilakukan."
)
DRAFT = "DRAF — data TW III, TW IV belum dikunci"
# Rows as printed (indicator, then the row's values), worked out in annual_sample's comments.
YEAR_ROWS = [
    ["IK1 Indeks SPBE", "Indeks", "3", "3,1", "103,33%", "Sangat Tinggi"],
    ["IK2 Persentase layanan publik yang terintegrasi", "%", "80", "72", "90,00%", "Tinggi"],
    [
        "IK3 Jumlah konten informasi publik yang dipublikasikan",
        "konten",
        "1.200",
        "1.350",
        "112,50%",
        "Sangat Tinggi",
    ],
]
HISTORY_ROWS = [  # Tahun, Target, Realisasi, Capaian
    ["Kondisi Awal", "-", "2,4", "-"],
    ["2023", "2,6", "2,5", "96,15%"],
    ["2024", "2,8", "2,9", "103,57%"],
    ["2025", "3", "3,1", "103,33%"],
    ["Kondisi Awal", "-", "55", "-"],
    ["2023", "60", "58", "96,67%"],
    ["2024", "-", "-", "-"],  # IK2 has no 2024 value
    ["2025", "80", "72", "90,00%"],
]
END_TARGET_ROWS = [  # target akhir, realisasi 2025, capaian terhadap target akhir
    ["3,5", "3,1", "88,57%"],
    ["100", "72", "72,00%"],
    ["1.500", "1.350", "90,00%"],
]
BUDGET_ROWS = [  # pagu, realisasi, serapan
    ["Rp1.000.000.000", "Rp955.000.000", "95,50%"],
    ["Rp400.000.000", "Rp390.000.000", "97,50%"],
    ["Rp600.000.000", "Rp565.000.000", "94,17%"],
    ["Rp1.004.422.800", "Rp1.000.972.958", "99,66%"],
    ["Rp2.004.422.800", "Rp1.955.972.958", "97,58%"],
]


def _normal(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(narrative: str) -> list[str]:
    return [_normal(part) for part in re.split(r"\n\s*\n", narrative)]


# --- files -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files():
    """The sample rendered once (a PDF takes a second or two): a draft and a final version."""
    with translation.override("id"):
        final = annual_sample()
        draft = annual_sample(unlocked_quarters=["TW III", "TW IV"])
        images = render_annual_charts(final)
        return {
            "images": images,
            "docx": Document(io.BytesIO(render_annual_docx(final, images))),
            "pdf": render_annual_pdf(final, images),
            "draft_docx": Document(io.BytesIO(render_annual_docx(draft, images))),
            "draft_pdf": render_annual_pdf(draft, images),
        }


def _docx_lines(doc) -> list[str]:  # type: ignore[no-untyped-def]
    """Every paragraph of the body (tables included) in order; a line break reads as a space."""
    lines = []
    for paragraph in doc.element.body.iter(qn("w:p")):
        parts = []
        for node in paragraph.iter(qn("w:t"), qn("w:br")):
            parts.append(node.text or "" if node.tag == qn("w:t") else " ")
        lines.append(_normal("".join(parts)))
    return lines


def _docx_text(doc) -> str:  # type: ignore[no-untyped-def]
    return " ".join(_docx_lines(doc))


def _docx_rows(doc) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Every table row's cell texts; a cell merged across columns counts once."""
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


@functools.lru_cache(maxsize=4)
def _pdf_text(pdf: bytes) -> str:
    """The text of a PDF; the module's shared PDF is read once, not by every test that reads it."""
    reader = PdfReader(io.BytesIO(pdf))
    return _normal(" ".join(page.extract_text() for page in reader.pages))


def _pdf_image_count(pdf: bytes) -> int:
    """Distinct embedded images (WeasyPrint shares one resource list between the pages)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return len({image.data for page in pages for image in page.images})


def _headings(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        _normal(p.text) for p in doc.paragraphs if p.style.name.startswith("Heading") and p.text
    ]


# --- structure -------------------------------------------------------------------------------


def test_docx_has_every_chapter_in_order(files):
    headings = _headings(files["docx"])
    positions = [headings.index(title) for title in CHAPTERS]
    assert positions == sorted(positions)


def test_docx_has_the_seven_analyses_under_each_objective(files):
    headings = _headings(files["docx"])
    for objective in OBJECTIVES:
        start = headings.index(objective)
        assert headings[start + 1 : start + 8] == ANALYSES, objective


def test_pdf_has_every_chapter_and_the_seven_analyses_per_objective(files):
    text = _pdf_text(files["pdf"])
    position = 0
    for title in CHAPTERS[:10]:  # up to Bab III.A, in order
        position = text.index(title, position)
    for objective in OBJECTIVES:
        position = text.index(objective, position)
        for analysis in ANALYSES:
            position = text.index(analysis, position)
    for title in CHAPTERS[10:]:
        position = text.index(title, position)


# --- numbers ---------------------------------------------------------------------------------


def test_docx_tables_hold_the_sample_numbers(files):
    rows = _docx_rows(files["docx"])
    for expected in YEAR_ROWS:
        assert any(row[1:] == expected for row in rows), expected
    # Analysis (2): S1's indicators, their years in order, then S2's single indicator.
    history = [row[-4:] for row in rows if len(row) >= 7 and row[-4:] in HISTORY_ROWS]
    assert history[:8] == HISTORY_ROWS
    assert [row[-4:] for row in rows if row[-4:][:1] == ["Kondisi Awal"]][2] == [
        "Kondisi Awal",
        "-",
        "800",
        "-",
    ]
    for expected in END_TARGET_ROWS:
        assert any(row[-3:] == expected for row in rows), expected
    # Analysis (4): IK1 against the national standard 2,6 (3,1 / 2,6 = 119,23%).
    assert [
        "1",
        "IK1 Indeks SPBE",
        "Indeks",
        "2,6",
        "PermenPAN-RB 59/2020",
        "3,1",
        "119,23%",
    ] in rows
    # Analysis (6): capaian beside serapan, efficiency or why not.
    assert ["1", "IK1 Indeks SPBE", "103,33%", "95,50%", "4,50%", "-"] in rows
    assert [
        "2",
        "IK2 Persentase layanan publik yang terintegrasi",
        "90,00%",
        "95,50%",
        "Tidak efisien",
        "Target kinerja tidak tercapai",
    ] in rows
    for expected in BUDGET_ROWS:
        assert any(row[-3:] == expected for row in rows), expected
    # The kendala/solusi of the units (analysis 5).
    assert [
        "2",
        "IK2 Persentase layanan publik yang terintegrasi (90,00%)",
        "TW II: Keterbatasan jaringan di kecamatan terpencil",
        "TW II: Pengadaan VSAT untuk tiga kecamatan",
    ] in rows


def test_pdf_holds_the_sample_numbers(files):
    text = _pdf_text(files["pdf"])
    for expected in YEAR_ROWS:
        assert " ".join(expected[-4:]) in text, expected
    for year, target, realisasi, capaian in HISTORY_ROWS[1:4]:
        assert f"{year} {target} {realisasi} {capaian}" in text
    assert "2024 - - -" in text  # IK2's missing year
    for expected in END_TARGET_ROWS:
        assert " ".join(expected) in text, expected
    assert "2,6 PermenPAN-RB 59/2020 3,1 119,23%" in text
    assert "103,33% 95,50% 4,50%" in text
    assert "90,00% 95,50% Tidak efisien" in text
    for expected in BUDGET_ROWS:
        assert " ".join(expected) in text, expected
    assert "TW II: Keterbatasan jaringan di kecamatan terpencil" in text
    assert "TW II: Pengadaan VSAT untuk tiga kecamatan" in text


def test_categories_and_agreement_are_printed(files):
    rows = _docx_rows(files["docx"])
    assert ["1", "Sangat Tinggi", "2"] in rows
    assert ["2", "Tinggi", "1"] in rows
    assert ["Jumlah", "3"] in rows  # 2 + 1 + 0 + 0 + 0
    # The PK (Bab II.B and the attachment): objective, indicator, target with its unit.
    pk_row = [
        "2",
        "Meningkatnya keterbukaan informasi publik",
        "IK3 Jumlah konten informasi publik yang dipublikasikan",
        "1.200 konten",
    ]
    assert rows.count(pk_row) == 2
    assert ["Jumlah", "Rp2.004.422.800"] in rows  # the attachment's budget total
    text = _pdf_text(files["pdf"])
    assert "IK3 Jumlah konten informasi publik yang dipublikasikan 1.200 konten" in text
    assert "Program Informasi dan Komunikasi Publik Rp1.004.422.800" in text


# --- texts -----------------------------------------------------------------------------------


def test_every_narrative_is_printed_in_both(files):
    docx_text = _docx_text(files["docx"])
    pdf_text = _pdf_text(files["pdf"])
    for key, narrative in NARRATIVES.items():
        for paragraph in _paragraphs(narrative):
            assert paragraph in docx_text, key
            assert paragraph in pdf_text, key


def test_narrative_paragraphs_split_on_blank_lines(files):
    lines = _docx_lines(files["docx"])
    # The executive summary: two paragraphs; the single line break stays inside the first.
    assert (
        "Ikhtisar: Dinas Kominfo Uji mencapai sebagian besar target kinerja tahun 2025. "
        "Dua dari tiga indikator berkategori Sangat Tinggi."
    ) in lines
    assert "Paragraf kedua ikhtisar menjelaskan serapan anggaran yang tinggi." in lines


def test_objective_without_national_standard_says_so(files):
    lines = _docx_lines(files["docx"])
    assert lines.count(NO_STANDARD) == 1
    second = lines.index(OBJECTIVES[1])
    assert lines.index(NO_STANDARD) > second  # under S2, not under S1 which has a standard
    assert _pdf_text(files["pdf"]).count(NO_STANDARD) == 1


def test_objective_without_programs_says_so(files):
    sentence = NO_PROGRAMS
    lines = _docx_lines(files["docx"])
    assert lines.count(sentence) == 1
    assert lines.index(sentence) > lines.index(OBJECTIVES[1])
    assert sentence in _pdf_text(files["pdf"])


def test_signature_block(files):
    lines = _docx_lines(files["docx"])
    for text in (
        "Paringin, 20 Januari 2026",
        "Kepala Dinas Kominfo Uji",
        "Muhammad Nor, S.Sos., M.M.",
        "NIP. 19710823 199303 1 005",
    ):
        assert text in lines
        assert text in _pdf_text(files["pdf"])


def test_cover_shows_letterhead_title_and_number(files):
    first_page = _normal(PdfReader(io.BytesIO(files["pdf"])).pages[0].extract_text())
    for text in (
        "PEMERINTAH KABUPATEN UJI",
        "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)",
        "TAHUN 2025",
        "Nomor: 050/012/LKjIP/Diskominfo/2026",
    ):
        assert text in first_page
    assert "Halaman" not in first_page  # the cover has no page number
    assert "Halaman 2 dari" in _normal(PdfReader(io.BytesIO(files["pdf"])).pages[1].extract_text())


# --- draft -----------------------------------------------------------------------------------


def test_draft_note_while_quarters_are_unlocked(files):
    cover = _normal(PdfReader(io.BytesIO(files["draft_pdf"])).pages[0].extract_text())
    assert DRAFT in cover
    assert DRAFT in _docx_lines(files["draft_docx"])
    # Every later page carries the marking in its header.
    assert DRAFT in files["draft_docx"].sections[0].header.paragraphs[0].text
    later = PdfReader(io.BytesIO(files["draft_pdf"])).pages[3].extract_text()
    assert DRAFT in _normal(later)


def test_no_draft_note_once_every_quarter_is_locked(files):
    assert "DRAF" not in _pdf_text(files["pdf"])
    assert "DRAF" not in _docx_text(files["docx"])
    assert not files["docx"].sections[0].header.paragraphs[0].text


# --- charts ----------------------------------------------------------------------------------


def test_charts_one_per_objective_and_the_budget(files):
    images = files["images"]
    assert set(images.objectives) == {101, 202}
    assert all(png.startswith(PNG) for png in images.objectives.values())
    assert images.budget is not None and images.budget.startswith(PNG)
    assert len(files["docx"].inline_shapes) == 3
    assert _pdf_image_count(files["pdf"]) == 3


def test_no_chart_without_bars():
    data = annual_sample()
    empty = dataclasses.replace(data.objectives[1], indicators=[])
    empty.chart.bars.clear()
    data.objectives[1] = empty
    data.budget_chart.bars.clear()
    images = render_annual_charts(data)
    assert set(images.objectives) == {101}
    assert images.budget is None
    pdf = render_annual_pdf(data, images)
    assert _pdf_image_count(pdf) == 1


# --- missing and optional texts ---------------------------------------------------------------


def test_missing_narratives_print_nothing():
    data = annual_sample()
    data.narratives = {}
    data.objectives = [dataclasses.replace(block, narrative="") for block in data.objectives]
    images = AnnualChartImages()
    doc = Document(io.BytesIO(render_annual_docx(data, images)))
    pdf_text = _pdf_text(render_annual_pdf(data, images))
    docx_text = _docx_text(doc)
    for narrative in NARRATIVES.values():
        for paragraph in _paragraphs(narrative):
            assert paragraph not in docx_text
            assert paragraph not in pdf_text
    assert "BAB IV PENUTUP" in pdf_text
    assert "KATA PENGANTAR" not in pdf_text


def test_objective_narrative_falls_back_to_the_analysis():
    data = annual_sample()
    del data.narratives["objective:101"]
    data.narratives["foreword"] = "Puji syukur atas tersusunnya LKjIP tahun 2025."
    images = AnnualChartImages()
    docx_text = _docx_text(Document(io.BytesIO(render_annual_docx(data, images))))
    pdf_text = _pdf_text(render_annual_pdf(data, images))
    for text in (NARRATIVES["objective:101"], "KATA PENGANTAR", "Puji syukur atas tersusunnya"):
        assert text in docx_text
        assert text in pdf_text


def test_headings_from_the_data_win():
    data = annual_sample()
    data.headers = {"analysis_6": "Efisiensi Sumber Daya"}
    docx = Document(io.BytesIO(render_annual_docx(data, AnnualChartImages())))
    assert "6. Efisiensi Sumber Daya" in _headings(docx)


# --- safety ----------------------------------------------------------------------------------


def test_pdf_reads_only_our_static_files_and_its_charts(files, monkeypatch):
    fetched: list[str] = []
    original = ChartURLFetcher.fetch

    def recording(self, url, headers=None):  # type: ignore[no-untyped-def]
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(ChartURLFetcher, "fetch", recording)
    render_annual_pdf(annual_sample(), files["images"])
    static = (Path(settings.BASE_DIR) / "static").resolve().as_uri()
    assert fetched  # the stylesheet and the charts
    assert all(url.startswith((static, "sakip-chart:")) for url in fetched), fetched
    assert sum(url.startswith("sakip-chart:") for url in fetched) == 3


def test_markup_in_a_narrative_is_text_and_fetches_nothing(files, monkeypatch):
    attempts = []

    def no_network(self, address, *args, **kwargs):  # type: ignore[no-untyped-def]
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    data = annual_sample()
    data.narratives["bab1_issues"] = '<img src="http://127.0.0.1:9/x.png"> Isu <b>tebal</b>'
    pdf = render_annual_pdf(data, files["images"])
    assert '<img src="http://127.0.0.1:9/x.png"> Isu <b>tebal</b>' in _pdf_text(pdf)
    assert attempts == []
    with pytest.raises(RefusedURLError):
        ChartURLFetcher({}).fetch("http://169.254.169.254/latest/meta-data/")


def test_own_headings_when_the_data_has_none():
    data = annual_sample(data_headers=False)
    images = AnnualChartImages()
    docx = Document(io.BytesIO(render_annual_docx(data, images)))
    headings = _headings(docx)
    positions = [headings.index(title) for title in CHAPTERS]
    assert positions == sorted(positions)
    for objective in OBJECTIVES:
        start = headings.index(objective)
        assert headings[start + 1 : start + 8] == OWN_ANALYSES, objective
    pdf_text = _pdf_text(render_annual_pdf(data, images))
    for text in [*OWN_ANALYSES, OWN_NO_STANDARD, "Tidak ada program yang mendukung sasaran ini."]:
        assert text in pdf_text
        assert text in _docx_text(docx)


# --- with the data builder ------------------------------------------------------------------


@pytest.mark.django_db
def test_files_from_the_builder_on_a_fresh_plan(organization, plan_data):
    """A Renstra's first year with no accepted data yet: nothing to compare, quarters open; both
    files still come out whole."""
    data = annual_report_data(organization.agency, 2025, on=datetime.date(2026, 1, 20))
    assert [block.history_years for block in data.objectives] == [[]]  # the Renstra's 1st year
    images = render_annual_charts(data)
    docx = Document(io.BytesIO(render_annual_docx(data, images)))
    pdf_text = _pdf_text(render_annual_pdf(data, images))
    for text in ("BAB I PENDAHULUAN", "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP"):
        assert text in _headings(docx)
        assert text in pdf_text
    for block in data.objectives:
        heading = f"Sasaran Strategis {block.no}: {block.statement}"
        assert heading in _headings(docx)
        assert heading in pdf_text
    assert "Tidak ada tahun sebelumnya dalam periode Renstra ini." in pdf_text
    assert "DRAF — data TW I, TW II, TW III, TW IV belum dikunci" in pdf_text  # nothing locked
    assert images.budget is None  # no pagu yet: no budget chart
