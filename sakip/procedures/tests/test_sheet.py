"""The official SOP-AP sheet: layout of the flowchart, the PDF, and what the PDF renderer may fetch."""

from __future__ import annotations

import io
import urllib.request
from decimal import Decimal

import pytest
from pypdf import PdfReader

from sakip.core.pdf import SITE_BASE_URL, LocalFilesURLFetcher, RefusedURLError
from sakip.procedures import pdf
from sakip.procedures.definitions import DEFINITIONS_DIR, load_definition
from sakip.procedures.models import SopRevision, SopStep
from sakip.procedures.selectors_sops import sheet_revision
from sakip.procedures.sheet import (
    LANE_AREA,
    SheetRow,
    layout_sheet,
    sheet_document,
    signature_title_lines,
    time_label,
)

SOP1 = DEFINITIONS_DIR / "sop-pengukuran-kinerja.toml"
SOP2 = DEFINITIONS_DIR / "sop-pengumpulan-data-kinerja.toml"


def _step(row: SheetRow) -> SopStep:
    """The step of a row that has one (the end terminator after a final decision has none)."""
    assert row.step is not None
    return row.step


@pytest.fixture
def sop1(organization) -> SopRevision:
    return sheet_revision(load_definition(SOP1, agency=organization.agency, actor=None).revision)


@pytest.fixture
def sop2(organization) -> SopRevision:
    return sheet_revision(load_definition(SOP2, agency=organization.agency, actor=None).revision)


# --- texts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("2.00"), "hour", "2 Jam"),
        (Decimal("15"), "minute", "15 Menit"),
        (Decimal("120"), "day", "120 hari"),
        (Decimal("1.50"), "hour", "1,5 Jam"),
    ],
)
def test_time_is_written_as_in_the_signed_sops(value, unit, text):
    assert time_label(value, unit) == text


def test_signature_title_breaks_before_the_regency():
    assert signature_title_lines("Kepala Dinas Diskominfo Kabupaten Balangan") == [
        "Kepala Dinas Diskominfo",
        "Kabupaten Balangan",
    ]
    assert signature_title_lines("Sekretaris") == ["Sekretaris"]


def test_identity_page_data(sop1, sop2):
    doc = sheet_document(sop1)
    assert doc.regency_line == "PEMERINTAH KABUPATEN UJI"
    assert doc.agency_line == "DINAS KOMINFO UJI KABUPATEN UJI"
    assert doc.heading == "STANDAR OPERASIONAL PROSEDUR (SOP) PELAKSANAAN PENGUKURAN KINERJA"
    labels = [label for label, _ in doc.identity_rows]
    assert labels == [
        "Nomor SOP",
        "Tanggal Pembuatan",
        "Tanggal Revisi",
        "Tanggal Pengesahan",
        "Disahkan oleh",
        "Judul SOP",
    ]
    assert doc.signature_nip == "19710823 199303 1 005"
    # SOP 2 has an effective date and no approval date, and its title starts with "SOP".
    doc2 = sheet_document(sop2)
    assert "Tanggal Efektif" in [label for label, _ in doc2.identity_rows]
    assert "Tanggal Pengesahan" not in [label for label, _ in doc2.identity_rows]
    assert doc2.heading == "STANDAR OPERASIONAL PROSEDUR (SOP) MEKANISME PENGUMPULAN DATA KINERJA"


# --- the flowchart layout ---------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["sop1", "sop2"])
def test_each_step_symbol_sits_in_its_lane_column(request, fixture):
    revision = request.getfixturevalue(fixture)
    layout = layout_sheet(revision)
    columns = {column.name: column for column in layout.lanes}
    assert [c.name for c in layout.lanes] == [
        lane.name for lane in revision.lanes.order_by("order")
    ]
    assert layout.lanes[-1].x1 == pytest.approx(LANE_AREA)
    step_rows = [row for row in layout.rows if row.step is not None]
    assert [_step(row).number for row in step_rows] == list(range(1, len(step_rows) + 1))
    for row in step_rows:
        column = columns[_step(row).lane.name]
        assert column.x0 < row.symbol.left < row.symbol.right < column.x1
        assert row.symbol.cx == pytest.approx(column.cx)
        assert 0 < row.symbol.top < row.symbol.bottom < row.height
    # The first step is the start terminator; each symbol is its step's kind.
    assert (step_rows[0].symbol.kind, step_rows[0].symbol.label) == ("terminator", "Mulai")
    for row in step_rows[1:-1]:
        expected = "decision" if _step(row).symbol == "decision" else "process"
        assert row.symbol.kind == expected


def test_consecutive_steps_are_connected(sop1):
    rows = layout_sheet(sop1).rows
    for upper, lower in zip(rows, rows[1:], strict=False):
        # The upper row's flow line leaves at its bottom edge right above the lower symbol …
        leaving = [
            line for line in upper.lines if line.points[-1][1] == pytest.approx(upper.height)
        ]
        assert any(line.points[-1][0] == pytest.approx(lower.symbol.cx) for line in leaving)
        # … and the lower row continues it from its top edge into the symbol, with an arrow.
        entering = [
            line for line in lower.lines if line.points[0] == (lower.symbol.cx, 0.0) and line.arrow
        ]
        assert entering and entering[0].points[-1][1] == pytest.approx(lower.symbol.top)


def test_the_final_decision_returns_to_step_4_and_ends(sop1):
    rows = layout_sheet(sop1).rows
    assert len(rows) == 8  # seven steps and the end terminator
    end = rows[-1]
    assert end.step is None and (end.symbol.kind, end.symbol.label) == ("terminator", "Selesai")
    decision, fill = rows[6], rows[3]
    assert decision.symbol.kind == "decision"
    assert end.symbol.cx == pytest.approx(decision.symbol.cx)
    assert {label.text for label in decision.labels} == {"Ya", "Tidak"}
    # "Tidak": from the diamond's left corner to the return channel, up and out of the row …
    back = [
        line
        for line in decision.lines
        if line.points[0] == (decision.symbol.left, decision.symbol.cy)
    ]
    assert back and back[0].points[-1][1] == 0.0
    channel_x = back[0].points[-1][0]
    assert channel_x < fill.symbol.left  # left of every symbol it passes
    for middle in rows[4:6]:
        assert any(
            line.points == [(channel_x, 0.0), (channel_x, middle.height)] for line in middle.lines
        )
    # … and into step 4's symbol from the left, with an arrow.
    into = [
        line
        for line in fill.lines
        if line.arrow and line.points[-1] == (fill.symbol.left, fill.symbol.cy)
    ]
    assert into and into[0].points[0] == (channel_x, fill.height)


def test_a_page_break_draws_off_page_connectors(sop2):
    layout = layout_sheet(sop2, budget=60)
    assert len(layout.pages) >= 2
    for page, following in zip(layout.pages, layout.pages[1:], strict=False):
        assert page.continues_to and page.continues_to == following.continued_from
        last, first = page.rows[-1], following.rows[0]
        out = [c for c in last.connectors if c.label == page.continues_to]
        into = [c for c in first.connectors if c.label == page.continues_to]
        assert out and into
        assert out[0].kind == into[0].kind == "connector"
        assert out[0].cx == pytest.approx(last.symbol.cx)  # below the last symbol of the page
        assert into[0].cx == pytest.approx(first.symbol.cx)  # above the first symbol of the next
        assert out[0].bottom <= last.height and into[0].top >= 0
        assert sum(row.height for row in page.rows) <= 60
    letters = [page.continues_to for page in layout.pages[:-1]]
    assert letters == sorted(set(letters)) and letters[0] == "A"
    assert not layout.pages[-1].continues_to
    # Without a break there is no connector.
    assert not any(row.connectors for row in layout_sheet(sop2).rows)


def test_a_return_loop_moves_to_a_new_page_rather_than_being_cut(sop1):
    layout = layout_sheet(sop1, budget=70)
    page_of = {
        row.step.number: i for i, page in enumerate(layout.pages) for row in page.rows if row.step
    }
    assert page_of[4] == page_of[7]


def test_long_texts_make_taller_rows(sop1):
    short = layout_sheet(sop1).rows[3]  # "Mengisi Form RKT Kegiatan"
    step = short.step
    assert step is not None
    step.activity = "Mengisi " * 40
    tall = layout_sheet(sop1).rows[3]
    assert tall.height > short.height + 10


# --- the PDF ----------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _squeezed(text: str) -> str:
    """Text without whitespace: a cell's words wrap onto lines wherever the width ends."""
    return "".join(text.split())


@pytest.mark.parametrize("fixture", ["sop1", "sop2"])
def test_both_seed_sops_render_to_pdf_with_their_contents(request, fixture):
    revision = request.getfixturevalue(fixture)
    data = pdf.sop_sheet_pdf(revision)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    text = _pdf_text(data)
    flat = " ".join(text.split())
    squeezed = _squeezed(text)
    assert _squeezed(revision.number) in squeezed
    assert "19710823 199303 1 005" in flat
    assert _squeezed(revision.approver_name) in squeezed
    for lane in revision.lanes.all():
        assert _squeezed(lane.name) in squeezed, lane.name
    for step in revision.steps.all():
        assert _squeezed(step.activity) in squeezed, step.activity
        assert _squeezed(step.output) in squeezed, step.output
        for line in step.requirements.splitlines():
            assert _squeezed(line) in squeezed, line
        assert time_label(step.duration_value, step.duration_unit) in flat
    for item in revision.legal_basis + revision.equipment + revision.record_keeping:
        assert _squeezed(item) in squeezed, item


def test_pdf_shows_the_times_as_written(sop1, sop2):
    flat1 = " ".join(_pdf_text(pdf.sop_sheet_pdf(sop1)).split())
    flat2 = " ".join(_pdf_text(pdf.sop_sheet_pdf(sop2)).split())
    assert "2 Jam" in flat1 and "15 Menit" in flat1
    assert "004/SOP/Diskominfo/BLG/2023" in flat1
    assert "120 hari" in flat2 and "2 Menit" in flat2 and "60 Menit" in flat2
    assert "Caatan pembagian tugas" in flat2


# --- what the renderer may fetch --------------------------------------------------------------


def test_fetcher_serves_only_our_static_files():
    fetcher = LocalFilesURLFetcher()
    response = fetcher.fetch(f"{SITE_BASE_URL}static/sakip/sop-sheet.css")
    assert b"@page" in response.read()
    for url in (
        "http://example.com/logo.png",
        "https://esakip.invalid/media/tasks/1/secret.pdf",
        f"{SITE_BASE_URL}static/../../config/settings/base.py",
        f"{SITE_BASE_URL}static/%2e%2e/%2e%2e/manage.py",
        "file:///etc/passwd",
        "https://esakip.invalid.example.com/static/sakip/sop-sheet.css",
    ):
        with pytest.raises(RefusedURLError):
            fetcher.fetch(url)


def test_an_http_url_in_the_html_is_refused_and_never_fetched(monkeypatch):
    opened: list[str] = []
    refused: list[str] = []

    def no_network(self, url, *args, **kwargs):  # pragma: no cover - must not be called
        opened.append(str(getattr(url, "full_url", url)))
        raise AssertionError("network access")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    original = LocalFilesURLFetcher.fetch

    def spy(self, url, headers=None):
        try:
            return original(self, url, headers)
        except RefusedURLError:
            refused.append(url)
            raise

    monkeypatch.setattr(LocalFilesURLFetcher, "fetch", spy)
    html = (
        '<html><head><link rel="stylesheet" href="http://example.com/evil.css"></head>'
        '<body><p>SOP</p><img src="http://example.com/track.png" alt=""></body></html>'
    )
    data = pdf.render_pdf(html)
    assert data.startswith(b"%PDF")
    assert "http://example.com/track.png" in refused
    assert "http://example.com/evil.css" in refused
    assert opened == []


# --- the sheets reproduce the signed documents (seed: the client's two signed SOPs) -----------

# What the signed documents print, copied from their text (DOMAIN.md §1, the seed documents):
# the identity rows beside the letterhead, the titles of the blocks below them, and the procedure
# table's headers as the seed lists them, row by row (No, the activity, "Pelaksana" over the
# lanes, "Mutu Baku" over its three columns, "Ket" where the document has it; then the lanes and
# the three Mutu Baku columns).
SEED = {
    "sop1": {
        "identity": [
            "Nomor SOP",
            "Tanggal Pembuatan",
            "Tanggal Revisi",
            "Tanggal Pengesahan",
            "Disahkan oleh",
            "Judul SOP",
        ],
        "blocks": [
            "Dasar Hukum",
            "Kualifikasi Pelaksana",
            "Keterkaitan",
            "Peralatan/Perlengkapan",
            "Peringatan",
            "Pencatatan dan Pendataan",
        ],
        "table": [
            "no",
            "Uraian Prosedur",
            "Pelaksana",
            "Mutu Baku",
            "Ket",
            "Atasan Langsung",
            "Sekretaris",
            "Kasubag Umum dan Kepegawaian",
            "Para Pegawai",
            "Staf",
            "Persyaratan/Kelengkapan",
            "Waktu",
            "Output",
        ],
    },
    "sop2": {
        "identity": [
            "Nomor SOP",
            "Tanggal Pembuatan",
            "Tanggal Revisi",
            "Tanggal Efektif",
            "Disahkan Oleh",
            "Nama SOP",
        ],
        "blocks": [
            "Dasar Hukum",
            "Kualifikasi Pelaksana :",
            "Keterkaitan",
            "Peralatan/perlengkapan",
            "Peringatan",
            "Pencatatan dan pendataan",
        ],
        "table": [
            "No",  # the seed's text lost the "N" of the cell
            "Kegiatan",
            "Pelaksana",
            "Mutu Baku",
            "Sekretaris",
            "Kepala Bidang",
            "Kasubbag Perencanaan dan Keuangan",
            "Kepala Seksi",
            "Staf Penyusun Evaluasi Kinerja",
            "Kelengkapan",
            "Waktu",
            "Output",
        ],
    },
}
BALANGAN_DISKOMINFO = "Dinas Komunikasi, Informatika, Statistik dan Persandian"


@pytest.fixture
def balangan(organization):
    """The fixture's agency named and placed as the client is (its profile's regency in capitals,
    as the demo writes it)."""
    from sakip.organization.models import AgencyProfile

    agency = organization.agency
    agency.name = BALANGAN_DISKOMINFO
    agency.save(update_fields=["name"])
    AgencyProfile.objects.create(
        agency=agency,
        regency_name="PEMERINTAH KABUPATEN BALANGAN",
        city="Paringin",
        regent_title="Bupati Balangan",
        regent_name="H. Abdul Hadi",
    )
    return organization


def _html(revision: SopRevision):
    from lxml import html

    return html.fromstring(pdf.sop_sheet_html(sheet_revision(revision)))


def _css(node, selector: str) -> list:
    """The few CSS selectors these tests use ("table.x td:last-child"), as XPath (lxml has no
    cssselect here)."""
    path = "."
    for part in selector.split():
        last = part.endswith(":last-child")
        part = part.removesuffix(":last-child")
        tag, _, cls = part.partition(".")
        path += f"//{tag or '*'}"
        if cls:
            path += f"[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"
        if last:
            path += "[not(following-sibling::*)]"
    return node.xpath(path)


def _texts(nodes) -> list[str]:
    return [" ".join(node.text_content().split()) for node in nodes]


@pytest.mark.parametrize("fixture", ["sop1", "sop2"])
def test_the_html_sheet_prints_the_labels_and_columns_of_its_signed_document(
    request, balangan, fixture
):
    revision = request.getfixturevalue(fixture)
    seed = SEED[fixture]
    page = _html(revision)
    assert _texts(_css(page, ".sop-identity th")) == seed["identity"]
    assert _texts(_css(page, ".sop-blocks th")) == seed["blocks"]
    for table in _css(page, "table.sop-procedure"):  # every page of the procedure table
        assert _texts(_css(table, "thead th")) == seed["table"]
        widths = _css(table, "colgroup col")
        assert len(widths) == len(seed["table"]) - 2  # "Pelaksana" and "Mutu Baku" span
        for row in _css(table, "tbody tr"):
            cells = _css(row, "td")
            # the lanes share one cell, the flowchart
            assert len(cells) == len(seed["table"]) - 2 - revision.lanes.count() + 1
    assert sheet_document(revision).table_headers == seed["table"]


def test_sop1_letterhead_is_the_regency_the_heading_and_the_agency_in_capitals(balangan, sop1):
    page = _html(sop1)
    assert _texts(_css(page, ".sop-letterhead p")) == [
        "PEMERINTAH KABUPATEN BALANGAN",
        "STANDAR OPERASIONAL PROSEDUR (SOP) PELAKSANAAN PENGUKURAN KINERJA",
        # The seed writes "INFORMASI": the name is the running agency's, in the seed's capitals.
        "DINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN KABUPATEN BALANGAN",
    ]
    assert "SATUAN KERJA" not in page.text_content()
    assert _texts(_css(page, ".sop-procedure-title"))[0] == "SOP : PELAKSANAAN PENGUKURAN KINERJA"
    # "Tanggal Revisi -"; one-item lists are numbered.
    rows = dict(
        zip(
            _texts(_css(page, ".sop-identity th")),
            _texts(_css(page, ".sop-identity td:last-child")),
            strict=True,
        )
    )
    assert rows["Tanggal Revisi"] == "-"
    assert rows["Tanggal Pengesahan"] == "01 Januari 2023"
    assert rows["Judul SOP"] == "Pelaksanaan Pengukuran Kinerja"
    warning = _css(_css(page, ".sop-blocks tbody")[2], "td")
    assert [len(_css(cell, "ol li")) for cell in warning] == [1, 1]


def test_sop2_letterhead_is_satuan_kerja_with_the_agency_as_written(balangan, sop2):
    page = _html(sop2)
    letterhead = _css(page, ".sop-letterhead")[0]
    assert _texts(_css(letterhead, ".sop-work-unit-label")) == ["SATUAN KERJA"]
    lines = [" ".join(t.split()) for t in _css(letterhead, ".sop-agency-name")[0].itertext()]
    assert lines == [BALANGAN_DISKOMINFO, "Kabupaten Balangan"]
    text = page.text_content()
    assert "PEMERINTAH KABUPATEN" not in text.upper().replace("\n", " ").split("SATUAN KERJA")[0]
    assert "STANDAR OPERASIONAL PROSEDUR" not in text
    assert not _css(page, ".sop-procedure-title")  # no "SOP : …" above the table
    rows = dict(
        zip(
            _texts(_css(page, ".sop-identity th")),
            _texts(_css(page, ".sop-identity td:last-child")),
            strict=True,
        )
    )
    assert rows["Tanggal Revisi"] == ""  # left blank, as signed
    assert rows["Tanggal Efektif"] == "02 Januari 2023"
    assert rows["Disahkan Oleh"] == "Kepala Dinas Komunikasi dan Informatika Kabupaten Balangan"
    assert rows["Nama SOP"] == "SOP Mekanisme Pengumpulan Data Kinerja"
    # Peringatan and Pencatatan dan pendataan are sentences; the lists of several items numbered.
    blocks = _css(page, ".sop-blocks tbody")
    assert [len(_css(cell, "ol li")) for cell in _css(blocks[0], "td")] == [2, 3]
    warning = _css(blocks[2], "td")
    assert [_css(cell, "ol") for cell in warning] == [[], []]
    assert _texts(warning)[0] == sop2.warning[0]


def test_another_agency_prints_its_own_name_in_the_same_form(organization, sop1, sop2):
    # The fixture's agency "Dinas Kominfo Uji" under "Pemerintah Kabupaten Uji", no profile.
    assert _texts(_css(_html(sop1), ".sop-letterhead p"))[2] == ("DINAS KOMINFO UJI KABUPATEN UJI")
    letterhead = _css(_html(sop2), ".sop-agency-name")[0]
    assert [" ".join(t.split()) for t in letterhead.itertext()] == [
        "Dinas Kominfo Uji",
        "Kabupaten Uji",
    ]


@pytest.mark.parametrize("fixture", ["sop1", "sop2"])
def test_the_pdf_prints_the_labels_and_columns_of_its_signed_document(request, balangan, fixture):
    revision = request.getfixturevalue(fixture)
    seed = SEED[fixture]
    reader = PdfReader(io.BytesIO(pdf.sop_sheet_pdf(sheet_revision(revision))))
    text = "\n".join(page.extract_text() for page in reader.pages)
    squeezed = _squeezed(text)
    table = _squeezed("\n".join(page.extract_text() for page in reader.pages[1:]))
    # The identity rows and the blocks, in the seed's order.
    position = 0
    for label in seed["identity"] + seed["blocks"]:
        found = squeezed.find(_squeezed(label), position)
        assert found >= 0, label
        position = found + 1
    for header in seed["table"]:
        assert _squeezed(header) in table, header
    words = set(text.split())
    if fixture == "sop1":
        assert "PEMERINTAHKABUPATENBALANGAN" in squeezed
        assert _squeezed("SOP : PELAKSANAAN PENGUKURAN KINERJA") in squeezed
        assert "SATUAN" not in words and "Ket" in table
    else:
        assert "SATUANKERJA" + _squeezed(BALANGAN_DISKOMINFO) in squeezed
        assert _squeezed(BALANGAN_DISKOMINFO + " Kabupaten Balangan") in squeezed
        assert "PEMERINTAH" not in words and "STANDAR" not in words
        assert "Ket" not in table and "Uraian" not in table and "Persyaratan" not in table
        assert "Judul" not in words and "SOP:" not in table


# --- the sheet format as data -----------------------------------------------------------------


def test_the_files_give_the_sheet_format_and_a_new_revision_keeps_it(sop2):
    from sakip.procedures.services_sops import sop_revise

    assert sop2.sheet_letterhead == "work_unit"
    assert sop2.sheet_labels["title"] == "Nama SOP"
    assert not sop2.sheet_remarks_column
    revision = sop_revise(
        actor=None,
        sop=sop2.sop,
        effective_date=sop2.effective_date,
        change_note="Perbaikan ketik",
        identity={"title": "SOP Mekanisme Pengumpulan Data Kinerja Instansi"},
        steps=[{} for _ in range(sop2.steps.count())],
    )
    assert (revision.sheet_letterhead, revision.sheet_labels) == (
        sop2.sheet_letterhead,
        sop2.sheet_labels,
    )
    assert (revision.sheet_remarks_column, revision.sheet_table_title) == (False, False)
    assert sheet_document(sheet_revision(revision)).identity_rows[-1] == (
        "Nama SOP",
        "SOP Mekanisme Pengumpulan Data Kinerja Instansi",
    )


def test_a_step_with_remarks_shows_the_ket_column_even_when_the_document_has_none(sop2):
    step = sop2.steps.get(number=3)
    step.remarks = "Perlu diperiksa"
    step.save()
    doc = sheet_document(sheet_revision(sop2))
    assert "Ket" in doc.table_headers


def test_a_file_without_a_sheet_table_gets_the_standard_sheet(tmp_path, organization):
    text = SOP1.read_text(encoding="utf-8")
    start = text.index("[sheet]")
    end = text.index("[[lanes]]")
    path = tmp_path / "sop-tanpa-format.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    revision = load_definition(path, agency=organization.agency, actor=None).revision
    assert (revision.sheet_letterhead, revision.sheet_labels) == ("regency", {})
    doc = sheet_document(sheet_revision(revision))
    assert doc.table_headers[:2] == ["No.", "Kegiatan / Uraian Prosedur"]
    assert "Ket" in doc.table_headers


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ('[sheet]\nletterhead = "kop"\n', "Kop lembar SOP “kop” tidak dikenal"),
        ('[sheet]\nremarks_column = "tidak"\n', "“remarks_column” harus true atau false"),
        ("[sheet]\ncolumns = []\n", "Isian [sheet] “columns” tidak dikenal"),
        ('[sheet.labels]\njudul = "Nama SOP"\n', "Label lembar SOP “judul” tidak dikenal"),
        ("[sheet.labels]\ntitle = 3\n", "[sheet.labels] harus tabel label berupa teks"),
    ],
)
def test_a_bad_sheet_table_is_refused_with_the_file_named(tmp_path, sheet, message):
    from django.core.exceptions import ValidationError

    from sakip.procedures.definitions import parse_definition

    text = SOP1.read_text(encoding="utf-8")
    start = text.index("[sheet]")
    end = text.index("[[lanes]]")
    path = tmp_path / "sop-salah.toml"
    path.write_text(text[:start] + sheet + "\n" + text[end:], encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        parse_definition(path)
    assert any(m.startswith("sop-salah.toml: ") and message in m for m in exc.value.messages)


def test_the_migration_gives_installed_sops_the_form_of_their_signed_document(sop1, sop2):
    import importlib

    from django.apps import apps

    from sakip.procedures.definitions import SHEET_DEFAULTS, SHEET_FIELDS, parse_definition

    # An installation that loaded the files before the sheet format was data has the defaults.
    SopRevision.objects.update(**SHEET_DEFAULTS)
    migration = importlib.import_module("sakip.procedures.migrations.0005_sheet_format")
    migration.shipped_sheets(apps, None)
    # Every revision of a shipped SOP now has the form its file gives.
    for path, revision in ((SOP1, sop1), (SOP2, sop2)):
        revision.refresh_from_db()
        identity = parse_definition(path).identity
        for name in SHEET_FIELDS:
            assert getattr(revision, name) == identity[name], name


@pytest.mark.parametrize("fixture", ["sop1", "sop2"])
def test_the_sheet_page_shows_what_the_pdf_prints(request, balangan, fixture):
    from django.test import Client
    from django.urls import reverse
    from lxml import html

    from sakip.conftest import PASSWORD

    revision = request.getfixturevalue(fixture)
    seed = SEED[fixture]
    client = Client()
    assert client.login(username="kabid.ikp", password=PASSWORD)
    response = client.get(reverse("procedures:sop_sheet", args=[revision.pk]))
    assert response.status_code == 200
    page = _css(html.fromstring(response.content.decode()), ".sop-screen")[0]
    assert _texts(_css(page, ".sop-identity th")) == seed["identity"]
    assert _texts(_css(page, ".sop-blocks th")) == seed["blocks"]
    assert _texts(_css(page, "table.sop-procedure thead th")) == seed["table"]
    assert ("SATUAN KERJA" in page.text_content()) == (fixture == "sop2")


# The Waktu column of each signed document, step by step (shared/seeds).
SEED_TIMES = {
    "sop1": ["2 Jam", "2 jam", "1 Jam", "1 Jam", "1 Jam", "1 jam", "15 Menit"],
    "sop2": [
        "15 Menit",
        "30 Menit",
        "2 Menit",
        "30 Menit",
        "30 Menit",
        "2 hari",
        "120 hari",
        "60 Menit",
        "15 Menit",
    ],
}


def _times(revision: SopRevision) -> list[str]:
    layout = layout_sheet(revision)
    return [row.time for page in layout.pages for row in page.rows if row.step is not None]


@pytest.mark.parametrize("fixture", ["sop1", "sop2"])
def test_each_time_is_printed_as_its_signed_document_writes_it(request, fixture):
    assert _times(request.getfixturevalue(fixture)) == SEED_TIMES[fixture]


def test_a_time_changed_on_the_edit_page_is_printed_in_the_usual_form(sop1):
    from sakip.procedures.services_sops import sop_revise

    steps: list[dict] = [{} for _ in range(sop1.steps.count())]
    steps[1] = {"duration_value": "3", "duration_unit": "hour"}  # step 2 was "2 jam"
    revision = sop_revise(
        actor=None,
        sop=sop1.sop,
        effective_date=sop1.effective_date,
        change_note="Waktu langkah 2 diubah",
        identity={},
        steps=steps,
    )
    times = _times(sheet_revision(revision))
    assert times[1] == "3 Jam"
    assert times[5] == "1 jam"  # unchanged, still as the document writes it


def test_a_time_text_that_says_another_time_is_refused(tmp_path):
    from django.core.exceptions import ValidationError

    from sakip.procedures.definitions import parse_definition

    text = SOP1.read_text(encoding="utf-8").replace('time_text = "2 jam"', 'time_text = "3 jam"')
    bad = tmp_path / "sop.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        parse_definition(bad)
    expected = "Waktu tertulis “3 jam” tidak sama dengan waktu langkah ini (2 Jam)"
    assert any(expected in message for message in refused.value.messages)
