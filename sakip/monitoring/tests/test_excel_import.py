"""Parsing a filled quarterly template into a preview: recognition of the template, row errors in
Indonesian with row and column, old → new changes. Nothing here writes."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from sakip.monitoring.excel import messages, template
from sakip.monitoring.excel.importer import parse_upload
from sakip.monitoring.models import MonthlyProgress, Realisasi, UnitSubmission
from sakip.planning.excel.export import workbook_bytes

from .test_excel_template import build_quarter

D = Decimal
FIRST = template.HEADER_ROW + 1  # the first data row: IK1 on Realisasi, April of sub 1 on Progres


@pytest.fixture
def quarter(organization, plan_data):
    return build_quarter(organization, plan_data)


def filled(submission, edit=None) -> bytes:
    """The submission's template, changed by ``edit(workbook, columns)`` as a person would."""
    workbook = load_workbook(io.BytesIO(template.template_bytes(submission)))
    if edit is not None:
        edit(workbook, columns(workbook))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def columns(workbook) -> dict[str, dict[str, int]]:
    """Per sheet: header label -> 1-based column number."""
    found = {}
    for name in ("Realisasi", "Progres Bulanan"):
        if name in workbook.sheetnames:
            row = workbook[name][template.HEADER_ROW]
            found[name] = {c.value: c.column for c in row if c.value}
    return found


def setter(sheet_name, row, column, value):
    def edit(workbook, cols):
        workbook[sheet_name].cell(row, cols[sheet_name][column]).value = value

    return edit


def parse(submission, content):
    return parse_upload(io.BytesIO(content), submission=submission)


def issues(preview) -> list[str]:
    return preview.issues


# --- an untouched template -------------------------------------------------------------------------


def test_untouched_template_has_no_changes_and_no_errors(quarter):
    preview = parse(quarter.ikp, filled(quarter.ikp))
    assert preview.file_errors == []
    assert not preview.has_errors
    assert not preview.has_changes
    assert [r.code for r in preview.indicator_rows] == ["IK1", "IK1.1"]
    assert len(preview.progress_rows) == 6
    assert preview.indicator_counts == {"update": 0, "unchanged": 2, "error": 0}


def test_changes_are_shown_old_to_new(quarter):
    def edit(workbook, cols):
        sheet = workbook["Realisasi"]
        sheet.cell(FIRST, cols["Realisasi"]["Realisasi"]).value = "17,5"  # Indonesian text
        sheet.cell(FIRST, cols["Realisasi"]["Solusi"]).value = "Percepat pencairan"
        sheet.cell(FIRST + 1, cols["Realisasi"]["Realisasi"]).value = 27
        progress = workbook["Progres Bulanan"]
        progress.cell(FIRST, cols["Progres Bulanan"]["Progres Fisik (%)"]).value = 12.5
        progress.cell(FIRST + 1, cols["Progres Bulanan"]["Realisasi Anggaran"]).value = 250000000

    preview = parse(quarter.ikp, filled(quarter.ikp, edit))
    assert not preview.has_errors
    ik1, ik11 = preview.indicator_rows
    assert [(c.label, c.old, c.new) for c in ik1.changes] == [
        ("Realisasi", "15", "17,5"),
        ("Solusi", "", "Percepat pencairan"),
    ]
    assert [(c.label, c.old, c.new) for c in ik11.changes] == [("Realisasi", "", "27")]
    april, may = preview.progress_rows[:2]
    assert [(c.label, c.old, c.new) for c in april.changes] == [("Progres Fisik (%)", "10", "12,5")]
    assert [(c.label, c.old, c.new) for c in may.changes] == [
        ("Realisasi Anggaran", "", "250.000.000")
    ]
    assert preview.values() == {
        quarter.ik1.pk: (D("17.5"), "Anggaran terlambat", "Percepat pencairan"),
        quarter.ik11.pk: (D("27"), "", ""),
    }
    assert preview.progress() == {
        (quarter.sub1.pk, 4): (D("12.5"), D("100000000")),
        (quarter.sub1.pk, 5): (None, D("250000000")),
    }
    # Parsing wrote nothing.
    assert Realisasi.objects.get(submission=quarter.ikp, indicator=quarter.ik1).value == D("15")
    assert MonthlyProgress.objects.filter(submission=quarter.ikp).count() == 1


def test_a_cleared_cell_clears_the_value(quarter):
    preview = parse(quarter.ikp, filled(quarter.ikp, setter("Realisasi", FIRST, "Realisasi", None)))
    change = preview.indicator_rows[0].changes[0]
    assert (change.old, change.new) == ("15", "")
    assert preview.values()[quarter.ik1.pk][0] is None


def test_month_may_be_a_number_or_another_spelling(quarter):
    def edit(workbook, cols):
        sheet = workbook["Progres Bulanan"]
        sheet.cell(FIRST, cols["Progres Bulanan"]["Bulan"]).value = 4
        sheet.cell(FIRST + 1, cols["Progres Bulanan"]["Bulan"]).value = "MEI"
        sheet.cell(FIRST + 2, cols["Progres Bulanan"]["Bulan"]).value = "June"

    preview = parse(quarter.ikp, filled(quarter.ikp, edit))
    assert not preview.has_errors
    assert [r.month for r in preview.progress_rows[:3]] == [4, 5, 6]


def test_rows_removed_from_the_file_change_nothing(quarter):
    def edit(workbook, cols):
        workbook["Realisasi"].delete_rows(FIRST + 1)

    preview = parse(quarter.ikp, filled(quarter.ikp, edit))
    assert not preview.has_errors
    assert str(messages.ROWS_NOT_IN_FILE % {"count": 1}) in preview.warnings


# --- row errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "expected"),
    [
        (
            "Realisasi",
            FIRST,
            "Realisasi",
            "dua belas",
            f"Baris {FIRST}, kolom Realisasi: “dua belas” bukan angka."
            " Tulis ribuan dengan titik dan desimal dengan koma, misalnya 1.250, 1.250,5 atau 12,5.",
        ),
        (
            "Realisasi",
            FIRST,
            "Realisasi",
            "-3",
            f"Baris {FIRST}, kolom Realisasi: Nilai indikator ini tidak boleh negatif (-3). Bila "
            "indikator ini memang dapat bernilai negatif (misalnya laju pertumbuhan), staf "
            "perencanaan dapat mengizinkannya pada data indikator.",
        ),
        (
            "Realisasi",
            FIRST,
            "Realisasi",
            "1.234.567.890.123.456",
            f"Baris {FIRST}, kolom Realisasi: Angka ini terlalu besar atau terlalu panjang untuk "
            "disimpan dengan tepat: paling banyak 15 angka.",
        ),
        (
            "Realisasi",
            FIRST + 1,
            "Realisasi",
            "1,23456",
            f"Baris {FIRST + 1}, kolom Realisasi: Paling banyak 4 angka di belakang koma.",
        ),
        (
            "Realisasi",
            FIRST,
            "Kode",
            "IK7",
            f"Baris {FIRST}, kolom Kode: indikator dengan kode “IK7” bukan indikator kiriman "
            "ini. Jangan menambah baris atau mengubah kode.",
        ),
        (
            "Realisasi",
            FIRST,
            "Kode",
            "IK1.1",
            f"Baris {FIRST + 1}, kolom Kode: indikator “IK1.1” sudah diisi di baris {FIRST}.",
        ),
        (
            "Progres Bulanan",
            FIRST,
            "Progres Fisik (%)",
            120,
            f"Baris {FIRST}, kolom Progres Fisik (%): progres fisik harus antara 0 dan 100 "
            "persen, bukan 120.",
        ),
        (
            "Progres Bulanan",
            FIRST,
            "Progres Fisik (%)",
            "-1",
            f"Baris {FIRST}, kolom Progres Fisik (%): progres fisik harus antara 0 dan 100 "
            "persen, bukan -1.",
        ),
        (
            "Progres Bulanan",
            FIRST + 1,
            "Realisasi Anggaran",
            -5000,
            f"Baris {FIRST + 1}, kolom Realisasi Anggaran: realisasi anggaran tidak boleh "
            "negatif (-5.000).",
        ),
        (
            "Progres Bulanan",
            FIRST + 1,
            "Realisasi Anggaran",
            "seratus juta",
            f"Baris {FIRST + 1}, kolom Realisasi Anggaran: “seratus juta” bukan angka."
            " Tulis ribuan dengan titik dan desimal dengan koma, misalnya 1.250, 1.250,5 atau 12,5.",
        ),
        (
            "Progres Bulanan",
            FIRST + 1,
            "Realisasi Anggaran",
            "100,125",
            f"Baris {FIRST + 1}, kolom Realisasi Anggaran: Paling banyak 2 angka di belakang koma.",
        ),
        (
            "Progres Bulanan",
            FIRST,
            "Bulan",
            "Juli",
            f"Baris {FIRST}, kolom Bulan: bulan Juli bukan bulan TW II (April–Juni).",
        ),
        (
            "Progres Bulanan",
            FIRST,
            "Bulan",
            "Aprel",
            f"Baris {FIRST}, kolom Bulan: “Aprel” bukan nama bulan.",
        ),
        (
            "Progres Bulanan",
            FIRST,
            "Kode",
            "9.99",
            f"Baris {FIRST}, kolom Kode: sub kegiatan dengan kode “9.99” bukan sub kegiatan "
            "kiriman ini. Jangan menambah baris atau mengubah kode.",
        ),
    ],
)
def test_row_errors_name_row_and_column(quarter, sheet, row, column, value, expected):
    preview = parse(quarter.ikp, filled(quarter.ikp, setter(sheet, row, column, value)))
    assert preview.has_errors
    assert expected in issues(preview)


def test_all_row_errors_are_reported_at_once(quarter):
    def edit(workbook, cols):
        sheet = workbook["Realisasi"]
        sheet.cell(FIRST, cols["Realisasi"]["Realisasi"]).value = "dua belas"
        sheet.cell(FIRST + 1, cols["Realisasi"]["Realisasi"]).value = "banyak"
        progress = workbook["Progres Bulanan"]
        progress.cell(FIRST + 2, cols["Progres Bulanan"]["Progres Fisik (%)"]).value = 101

    preview = parse(quarter.ikp, filled(quarter.ikp, edit))
    assert preview.error_count == 3
    assert len(issues(preview)) == 3


def test_spent_above_pagu_is_a_warning_not_an_error(quarter):
    preview = parse(
        quarter.ikp,
        filled(
            quarter.ikp,
            setter("Progres Bulanan", FIRST + 3, "Realisasi Anggaran", 300000000),
        ),
    )
    assert not preview.has_errors
    assert any("melebihi pagu 250.000.000" in w for w in preview.warnings)


def test_text_too_long(quarter):
    preview = parse(
        quarter.ikp, filled(quarter.ikp, setter("Realisasi", FIRST, "Kendala", "x" * 5001))
    )
    assert f"Baris {FIRST}, kolom Kendala: paling banyak 5000 karakter." in issues(preview)


# --- which file is this ----------------------------------------------------------------------------


def test_another_units_template_is_refused(quarter):
    preview = parse(quarter.ikp, filled(quarter.aptika))
    expected = str(messages.WRONG_TEMPLATE) % {
        "found": "Bidang Aptika, TW II 2026 (Dinas Kominfo Uji)",
        "expected": "Bidang IKP, TW II 2026 (Dinas Kominfo Uji)",
    }
    assert preview.file_errors == [expected]
    assert preview.rows == []


def test_another_quarters_template_is_refused(quarter):
    preview = parse(quarter.ikp, filled(quarter.ikp_q1))
    assert len(preview.file_errors) == 1
    assert "Bidang IKP, TW I 2026" in preview.file_errors[0]
    assert "bukan untuk Bidang IKP, TW II 2026" in preview.file_errors[0]


def test_an_old_template_version_is_refused(quarter, monkeypatch):
    monkeypatch.setattr(template, "TEMPLATE_VERSION", 0)
    content = filled(quarter.ikp)
    monkeypatch.undo()
    preview = parse(quarter.ikp, content)
    assert preview.file_errors == [
        str(messages.OLD_TEMPLATE % {"found": 0, "current": template.TEMPLATE_VERSION})
    ]


def test_a_foreign_workbook_is_refused(quarter, organization, plan_data):
    # The plan export: a real workbook of this application, but not this template.
    content = workbook_bytes(user=organization["staf.evaluasi"], renstra=plan_data.renstra)
    assert parse(quarter.ikp, content).file_errors == [str(messages.NOT_A_TEMPLATE)]
    empty = io.BytesIO()
    Workbook().save(empty)
    assert parse(quarter.ikp, empty.getvalue()).file_errors == [str(messages.NOT_A_TEMPLATE)]


def test_an_edited_meta_sheet_is_refused(quarter):
    def edit(workbook, cols):
        meta = workbook["Meta"]
        for row in meta.iter_rows():
            if row[0].value == "kiriman":
                row[1].value = quarter.aptika.pk
            if row[0].value == "tanda":
                row[1].value = row[1].value[:-3] + "abc"

    assert parse(quarter.ikp, filled(quarter.ikp, edit)).file_errors == [
        str(messages.NOT_A_TEMPLATE)
    ]


def test_the_download_is_recognised_after_the_data_changed(quarter):
    content = filled(quarter.ikp)
    UnitSubmission.objects.filter(pk=quarter.ikp.pk).update(version=5)
    quarter.ikp.refresh_from_db()
    preview = parse(quarter.ikp, content)
    assert preview.file_errors == []
    assert str(messages.DATA_CHANGED_SINCE_DOWNLOAD) in preview.warnings


def test_missing_sheet_is_refused(quarter):
    def edit(workbook, cols):
        del workbook["Progres Bulanan"]

    preview = parse(quarter.ikp, filled(quarter.ikp, edit))
    assert preview.file_errors == [str(messages.SHEET_MISSING % {"sheet": "Progres Bulanan"})]


def test_renamed_header_is_refused(quarter):
    def edit(workbook, cols):
        workbook["Realisasi"].cell(
            template.HEADER_ROW, cols["Realisasi"]["Kendala"]
        ).value = "Masalah"

    preview = parse(quarter.ikp, filled(quarter.ikp, edit))
    assert preview.file_errors == [
        str(messages.COLUMNS_MISSING % {"sheet": "Realisasi", "columns": "Kendala"})
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n",
        b"Kode;Realisasi\nIK1;12\n",
        b"PK\x03\x04" + b"\x00rusak" * 50,
    ],
    ids=["pdf", "text", "broken zip"],
)
def test_not_a_workbook(quarter, content):
    assert parse(quarter.ikp, content).file_errors == [str(messages.INVALID_FILE)]
