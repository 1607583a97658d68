"""Parsing, validating and applying the Indikator sheet (sakip.planning.excel.importer)."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from sakip.audit.models import AuditEvent
from sakip.core.imports import pipeline
from sakip.core.tests.number_cases import CASES as NUMBER_CASES
from sakip.planning import errors
from sakip.planning import services as plan_services
from sakip.planning.excel import messages
from sakip.planning.excel.export import indicator_headers, workbook_bytes
from sakip.planning.excel.importer import (
    CellError,
    RowAction,
    apply_plan,
    parse_number,
    parse_workbook,
)
from sakip.planning.models import Indicator, IndicatorTarget

# --- helpers shared with test_excel_views.py -------------------------------------------------


def xlsx_bytes(headers, rows, *, sheet_title="Indikator") -> bytes:
    """A workbook with one sheet: the header row, then each row (a dict by header label)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def exported_rows(user, renstra) -> tuple[list, list[dict]]:
    """The headers and rows of the exported Indikator sheet, as a planner would edit them."""
    sheet = load_workbook(io.BytesIO(workbook_bytes(user=user, renstra=renstra)))["Indikator"]
    values = list(sheet.iter_rows(values_only=True))
    headers = list(values[0])
    return headers, [dict(zip(headers, row, strict=True)) for row in values[1:]]


def new_row(**overrides) -> dict:
    row = {
        "Kode Tujuan": "T1",
        "Kode Sasaran": "S1",
        "Kode Indikator": "IK3",
        "Indikator": "Jumlah aplikasi yang terintegrasi",
        "Satuan": "aplikasi",
        "Unit Penanggung Jawab": "aptika",
        "IKU": "Tidak",
        "Target 2026": 5,
    }
    row.update(overrides)
    return row


def counts() -> tuple[int, int, int]:
    return (Indicator.objects.count(), IndicatorTarget.objects.count(), AuditEvent.objects.count())


# --- local helpers ---------------------------------------------------------------------------


@pytest.fixture
def planner(organization):
    return organization["staf.evaluasi"]


def parse(planner, renstra, rows, headers=None, **kwargs):
    headers = headers or indicator_headers(renstra)
    return parse_workbook(
        io.BytesIO(xlsx_bytes(headers, rows, **kwargs)), user=planner, renstra=renstra
    )


def only_row(result):
    assert not result.file_errors, result.file_errors
    assert len(result.rows) == 1
    return result.rows[0]


def row_messages(row) -> list[str]:
    return [str(issue) for issue in row.errors]


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (95, Decimal("95")),
        (95.56, Decimal("95.56")),
        (0.1 + 0.2, Decimal("0.3")),  # binary noise of a spreadsheet formula
        (Decimal("3.1415"), Decimal("3.1415")),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_numeric_cells_are_read_as_excel_holds_them(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize(("language", "text", "expected"), NUMBER_CASES)
def test_text_cells_are_read_like_the_forms_read_them(language, text, expected):
    """The same table as the parser and the form field: Excel text follows the active language."""
    with translation.override(language):
        if expected is None:
            with pytest.raises(CellError):
                parse_number(text)
        else:
            assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("abc", "“abc” bukan angka"),
        ("1.25", "Maksud Anda"),
        ("1,004,422.80", "“1,004,422.80”"),
        (True, str(messages.NOT_A_NUMBER)),
        ("1,23456", "Paling banyak 4 angka di belakang koma"),
        (Decimal("1E+17"), "terlalu besar"),
        ("1.234.567.890.123.456", "terlalu besar"),  # 16 digits: SQLite would round the last
    ],
)
def test_numbers_refuse_what_is_not_a_target(cell, fragment):
    with pytest.raises(CellError) as caught:
        parse_number(cell)
    assert fragment in str(caught.value.args[0])


# --- round trip without edits ----------------------------------------------------------------


def test_unedited_export_imports_as_no_change(planner, plan_data):
    headers, rows = exported_rows(planner, plan_data.renstra)
    result = parse(planner, plan_data.renstra, rows, headers)
    assert not result.has_errors
    assert {r.code: r.action for r in result.rows} == {
        "IK1": RowAction.UNCHANGED,
        "IK1.1": RowAction.UNCHANGED,
        "IK2": RowAction.UNCHANGED,
    }
    assert not result.has_changes


def test_edited_target_and_field_are_listed_as_changes(planner, plan_data):
    headers, rows = exported_rows(planner, plan_data.renstra)
    ik1 = next(r for r in rows if r["Kode Indikator"] == "IK1")
    ik1["Target 2026"] = "86,25"
    ik1["Sumber Data"] = "Situs web pemda"
    result = parse(planner, plan_data.renstra, rows, headers)
    row = next(r for r in result.rows if r.code == "IK1")
    assert row.action == RowAction.UPDATE
    shown = {c.label: (c.old, c.new) for c in row.changes}
    assert shown == {"Target 2026": ("85", "86,25"), "Sumber Data": ("", "Situs web pemda")}
    assert row.targets == {2026: plan_services.TargetValue(Decimal("86.25"))}


def test_choice_words_are_case_insensitive_and_accept_model_labels(planner, plan_data):
    result = parse(
        planner,
        plan_data.renstra,
        [
            new_row(
                **{
                    "Kode Indikator": "IK3",
                    "Polaritas": "LEBIH RENDAH LEBIH BAIK",
                    "IKU": "ya",
                    "Agregasi": "  kumulatif ",
                }
            ),
            new_row(**{"Kode Indikator": "IK4", "Polaritas": "lower", "Jenis Target": "tunggal"}),
        ],
    )
    assert not result.has_errors, result.issues
    first, second = result.rows
    assert first.fields["polarity"] == "lower"
    assert first.fields["is_iku"] is True
    assert first.fields["aggregation"] == "cumulative"
    assert second.fields["polarity"] == "lower"


# --- row validation --------------------------------------------------------------------------


def test_goal_and_objective_must_exist_and_are_not_created(planner, plan_data):
    result = parse(
        planner,
        plan_data.renstra,
        [new_row(**{"Kode Tujuan": "T9"}), new_row(**{"Kode Sasaran": "S9"})],
    )
    goal_row, objective_row = result.rows
    assert row_messages(goal_row) == [
        str(messages.ROW_COLUMN_ERROR)
        % {"row": 2, "column": "Kode Tujuan", "message": messages.GOAL_NOT_FOUND % {"code": "T9"}}
    ]
    assert "Impor tidak membuat tujuan atau sasaran baru" in row_messages(objective_row)[0]
    assert "Baris 3, kolom Kode Sasaran" in row_messages(objective_row)[0]


def test_unit_must_belong_to_the_agency(planner, plan_data):
    row = only_row(
        parse(planner, plan_data.renstra, [new_row(**{"Unit Penanggung Jawab": "dinas-lain"})])
    )
    assert row_messages(row) == [
        "Baris 2, kolom Unit Penanggung Jawab: "
        + str(messages.UNIT_NOT_FOUND % {"code": "dinas-lain", "agency": "Dinas Kominfo Uji"})
    ]


def test_unknown_choice_names_the_allowed_words(planner, plan_data):
    row = only_row(parse(planner, plan_data.renstra, [new_row(Polaritas="naik", IKU="mungkin")]))
    text = " ".join(row_messages(row))
    assert "Baris 2, kolom Polaritas: nilai “naik” tidak dikenal" in text
    assert "Lebih tinggi lebih baik, Lebih rendah lebih baik" in text
    assert "Baris 2, kolom IKU: nilai “mungkin” tidak dikenal. Pilihan: Ya, Tidak." in text


def test_non_number_target_names_row_and_column(planner, plan_data):
    row = only_row(parse(planner, plan_data.renstra, [new_row(**{"Target 2026": "banyak"})]))
    assert row_messages(row) == [
        "Baris 2, kolom Target 2026: “banyak” bukan angka. Tulis ribuan dengan titik dan desimal "
        "dengan koma, misalnya 1.250, 1.250,5 atau 12,5."
    ]


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"Target 2026": 9, "Target 2026 (atas)": 8}, "Target 2026", errors.RANGE_LOW_ABOVE_HIGH),
        ({"Target 2026": 8}, "Target 2026 (atas)", errors.RANGE_NEEDS_HIGH),
        ({"Target 2026": None, "Target 2026 (atas)": 8}, "Target 2026", errors.TARGET_REQUIRED),
        (
            {"Target 2026": None, "Target Akhir": 9, "Target Akhir (atas)": 7},
            "Target Akhir",
            errors.RANGE_LOW_ABOVE_HIGH,
        ),
    ],
)
def test_range_targets_are_checked(planner, plan_data, cells, column, message):
    row = only_row(
        parse(planner, plan_data.renstra, [new_row(**{"Jenis Target": "Rentang", **cells})])
    )
    assert row_messages(row) == [f"Baris 2, kolom {column}: {message}"]


def test_single_target_must_not_have_a_high_value(planner, plan_data):
    row = only_row(
        parse(planner, plan_data.renstra, [new_row(**{"Target 2026": 5, "Target 2026 (atas)": 6})])
    )
    assert row_messages(row) == [f"Baris 2, kolom Target 2026 (atas): {errors.SINGLE_HAS_HIGH}"]


def test_range_with_low_and_high_is_accepted(planner, plan_data):
    row = only_row(
        parse(
            planner,
            plan_data.renstra,
            [new_row(**{"Jenis Target": "Rentang", "Target 2026": "7,5", "Target 2026 (atas)": 8})],
        )
    )
    assert row.action == RowAction.NEW
    assert row.targets[2026] == plan_services.TargetValue(Decimal("7.5"), Decimal("8"))


def test_required_cells(planner, plan_data):
    row = only_row(
        parse(
            planner,
            plan_data.renstra,
            [new_row(Indikator=None, Satuan="", **{"Kode Indikator": None})],
        )
    )
    assert row_messages(row) == [
        "Baris 2, kolom Kode Indikator: wajib diisi.",
        "Baris 2, kolom Indikator: wajib diisi.",
        "Baris 2, kolom Satuan: wajib diisi.",
    ]


def test_duplicate_code_in_the_same_objective(planner, plan_data):
    result = parse(planner, plan_data.renstra, [new_row(), new_row(Indikator="Lagi")])
    assert not result.rows[0].errors
    assert row_messages(result.rows[1]) == [
        "Baris 3, kolom Kode Indikator: " + str(messages.DUPLICATE_CODE % {"code": "IK3", "row": 2})
    ]


def test_parent_from_database_or_an_earlier_row(planner, plan_data):
    result = parse(
        planner,
        plan_data.renstra,
        [
            new_row(**{"Kode Indikator": "IK3", "Indikator Induk": "IK2"}),
            new_row(**{"Kode Indikator": "IK3.1", "Indikator Induk": "IK3"}),
            new_row(**{"Kode Indikator": "IK4.1", "Indikator Induk": "IK4"}),
            new_row(**{"Kode Indikator": "IK4"}),
        ],
    )
    first, second, orphan, later = result.rows
    assert not first.errors and not second.errors and not later.errors
    assert second.parent_key == ("T1", "S1", "IK3")
    assert row_messages(orphan) == [
        "Baris 4, kolom Indikator Induk: " + str(messages.PARENT_NOT_FOUND % {"code": "IK4"})
    ]


def test_parent_cycle_is_refused(planner, plan_data):
    headers, rows = exported_rows(planner, plan_data.renstra)
    ik1 = next(r for r in rows if r["Kode Indikator"] == "IK1")
    ik1["Indikator Induk"] = "IK1.1"  # IK1.1 already hangs under IK1
    result = parse(planner, plan_data.renstra, rows, headers)
    row = next(r for r in result.rows if r.code == "IK1")
    assert row_messages(row) == [f"Baris 2, kolom Indikator Induk: {messages.PARENT_CYCLE}"]


# --- file-level validation -------------------------------------------------------------------


def test_year_column_outside_the_renstra_is_an_error(planner, plan_data):
    headers = [*indicator_headers(plan_data.renstra), "Target 2031"]
    result = parse(planner, plan_data.renstra, [new_row(**{"Target 2031": 5})], headers)
    assert result.file_errors == [
        str(messages.COLUMN_ERROR)
        % {
            "column": "Target 2031",
            "message": errors.YEAR_OUTSIDE_RENSTRA % {"year": 2031, "start": 2025, "end": 2029},
        }
    ]
    assert result.rows == []


def test_missing_columns_are_named(planner, plan_data):
    headers = ["Kode Tujuan", "Kode Sasaran", "Indikator", "Target 2026"]
    result = parse(planner, plan_data.renstra, [new_row()], headers)
    assert result.file_errors == [
        str(messages.COLUMNS_MISSING)
        % {"sheet": "Indikator", "columns": "Kode Indikator, Satuan, Unit Penanggung Jawab"}
    ]


def test_headers_are_matched_leniently_and_unknown_columns_ignored(planner, plan_data):
    headers = [
        "kode tujuan",
        " KODE SASARAN ",
        "Kode  Indikator",
        "Indikator",
        "Satuan",
        "Unit Penanggung Jawab",
        "Catatan",
        "target 2026",
    ]
    rows = [
        {
            "kode tujuan": "T1",
            " KODE SASARAN ": "S1",
            "Kode  Indikator": "IK9",
            "Indikator": "Baru",
            "Satuan": "%",
            "Unit Penanggung Jawab": "IKP",
            "Catatan": "bebas",
            "target 2026": 10,
        }
    ]
    row = only_row(parse(planner, plan_data.renstra, rows, headers))
    assert row.action == RowAction.NEW
    assert row.fields["responsible_unit"].code == "ikp"


def test_workbook_without_the_indikator_sheet(planner, plan_data):
    result = parse(planner, plan_data.renstra, [new_row()], sheet_title="Lembar1")
    assert result.file_errors == [str(messages.SHEET_MISSING % {"sheet": "Indikator"})]


def test_not_a_workbook(planner, plan_data):
    result = parse_workbook(
        io.BytesIO(b"Kode;Indikator\n"), user=planner, renstra=plan_data.renstra
    )
    assert result.file_errors == [str(messages.INVALID_FILE)]


def test_a_sheet_past_the_row_limit_is_refused_whole(planner, plan_data, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_ROWS", 2)
    rows = [new_row(**{"Kode Indikator": f"IK{n}"}) for n in (3, 4, 5)]  # 3 rows, limit 2
    result = parse(planner, plan_data.renstra, rows)
    assert result.file_errors == [str(messages.TOO_MANY_ROWS % {"max": 2})]
    assert result.rows == []
    # Blank rows do not count: two filled rows between blank ones pass.
    result = parse(planner, plan_data.renstra, [{}, rows[0], {}, rows[1], {}])
    assert not result.file_errors
    assert [row.row for row in result.rows] == [3, 5]  # Excel numbering: header is row 1


def test_blank_rows_and_objective_only_rows_are_skipped(planner, plan_data):
    rows = [
        {"Kode Tujuan": "T1", "Tujuan": "x", "Kode Sasaran": "S1"},
        {},
        new_row(),
    ]
    result = parse(planner, plan_data.renstra, rows)
    assert [r.row for r in result.rows] == [4]


# --- applying --------------------------------------------------------------------------------


def test_apply_creates_and_updates_through_the_services(planner, plan_data):
    headers, rows = exported_rows(planner, plan_data.renstra)
    ik1 = next(r for r in rows if r["Kode Indikator"] == "IK1")
    ik1["Target 2027"] = 90.1234
    rows.append(new_row(**{"Indikator Induk": "IK2", "Target Akhir": "12"}))
    result = parse(planner, plan_data.renstra, rows, headers)
    outcome = apply_plan(result, actor=planner)
    assert outcome is not None
    assert (outcome.created, outcome.updated) == (1, 1)
    created = Indicator.objects.get(code="IK3")
    assert created.parent == plan_data.indicator_aptika
    assert created.end_target_low == Decimal("12")
    assert created.targets.get(year=2026).low == Decimal("5")
    assert plan_data.indicator_ikp.targets.get(year=2027).low == Decimal("90.1234")
    assert AuditEvent.objects.filter(
        object_type="planning.indicator", object_id=str(created.pk), action="create"
    ).exists()
    assert AuditEvent.objects.filter(
        object_type="planning.indicator",
        object_id=str(plan_data.indicator_ikp.pk),
        action="targets",
        changes__has_key="2027",
    ).exists()


def test_blank_target_cell_removes_that_years_target(planner, plan_data):
    headers, rows = exported_rows(planner, plan_data.renstra)
    next(r for r in rows if r["Kode Indikator"] == "IK1")["Target 2025"] = None
    result = parse(planner, plan_data.renstra, rows, headers)
    apply_plan(result, actor=planner)
    assert list(plan_data.indicator_ikp.targets.values_list("year", flat=True)) == [2026]


def test_a_row_the_services_refuse_rolls_back_every_row(planner, plan_data):
    """A rule only the service checks (end target vs a changed target kind) undoes the whole file."""
    plan_services.indicator_update(
        actor=planner,
        indicator=plan_data.indicator_aptika,
        expected_version=None,
        end_target_low=Decimal("3.5"),
    )
    headers = [h for h in indicator_headers(plan_data.renstra) if not h.startswith("Target Akhir")]
    rows = [
        new_row(),
        {
            "Kode Tujuan": "T1",
            "Kode Sasaran": "S1",
            "Kode Indikator": "IK2",
            "Indikator": "Indeks SPBE",
            "Satuan": "indeks",
            "Unit Penanggung Jawab": "aptika",
            "Jenis Target": "Rentang",
            "Target 2026": 3,
            "Target 2026 (atas)": 3.5,
        },
    ]
    result = parse(planner, plan_data.renstra, rows, headers)
    assert not result.has_errors, result.issues
    before = counts()
    assert apply_plan(result, actor=planner) is None
    assert counts() == before
    assert not Indicator.objects.filter(code="IK3").exists()
    assert Indicator.objects.get(code="IK2").target_kind == "single"
    assert row_messages(result.rows[1]) == [
        f"Baris 3, kolom Target Akhir: {errors.RANGE_NEEDS_HIGH}"
    ]


def test_apply_refuses_a_plan_with_errors(planner, plan_data):
    result = parse(
        planner,
        plan_data.renstra,
        [new_row(), new_row(**{"Kode Indikator": "IK4", "Target 2026": "x"})],
    )
    before = counts()
    assert apply_plan(result, actor=planner) is None
    assert counts() == before


def test_parent_under_another_objective_round_trips_by_full_reference(planner, plan_data):
    goal = plan_data.objective.goal
    other = plan_services.objective_create(
        actor=planner, goal=goal, code="S2", statement="Sasaran kedua"
    )
    # The same indicator code lives in both objectives; the child hangs under S1's IK1.
    plan_services.indicator_create(
        actor=planner,
        objective=other,
        code="IK1",
        name="Indikator lain",
        unit_of_measure="%",
        responsible_unit=plan_data.indicator_ikp.responsible_unit,
    )
    child = plan_services.indicator_create(
        actor=planner,
        objective=other,
        code="IK9",
        name="Anak lintas sasaran",
        unit_of_measure="%",
        responsible_unit=plan_data.indicator_ikp.responsible_unit,
        parent=plan_data.indicator_ikp,
    )
    headers, rows = exported_rows(planner, plan_data.renstra)
    child_row = next(r for r in rows if (r["Kode Sasaran"], r["Kode Indikator"]) == ("S2", "IK9"))
    assert child_row["Indikator Induk"] == "T1/S1/IK1"
    assert next(r for r in rows if r["Kode Indikator"] == "IK1.1")["Indikator Induk"] == "IK1"
    result = parse(planner, plan_data.renstra, rows, headers)
    assert not result.has_errors, result.issues
    assert not result.has_changes

    # A bare code that exists in several other objectives cannot be guessed.
    result = parse(
        planner,
        plan_data.renstra,
        [new_row(**{"Kode Sasaran": "S1", "Kode Indikator": "IK8", "Indikator Induk": "IK9"})],
    )
    assert not result.has_errors  # IK9 is unique in the Renstra
    assert result.rows[0].parent_key == ("T1", "S2", "IK9")
    plan_services.indicator_create(
        actor=planner,
        objective=plan_data.objective,
        code="IK9",
        name="Kembar",
        unit_of_measure="%",
        responsible_unit=child.responsible_unit,
    )
    goal2 = plan_services.goal_create(
        actor=planner, renstra=plan_data.renstra, code="T2", statement="x"
    )
    s3 = plan_services.objective_create(actor=planner, goal=goal2, code="S3", statement="y")
    result = parse(
        planner,
        plan_data.renstra,
        [
            new_row(
                **{
                    "Kode Tujuan": "T2",
                    "Kode Sasaran": "S3",
                    "Kode Indikator": "A1",
                    "Indikator Induk": "IK9",
                }
            )
        ],
    )
    assert s3.pk
    assert row_messages(result.rows[0]) == [
        "Baris 2, kolom Indikator Induk: " + str(messages.PARENT_AMBIGUOUS % {"code": "IK9"})
    ]


def test_openpyxl_parses_uploads_with_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True
