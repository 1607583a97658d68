"""Excel that cannot attack its reader (issue 8, point 4).

Hostile text (a kendala ``=HYPERLINK(...)``, a data source ``=cmd|' /C calc'!A0``, and one text
for each character Excel reads as the start of a formula) is entered where each writer shows it;
then every XLSX the system produces is opened: no cell is a formula (openpyxl's data type and the
raw sheet XML), the hostile text is there as text, with Excel's quotePrefix style. Each of the
three importers refuses an uploaded formula with its row and column and writes nothing; text that
merely starts with "=" (as the templates now write it) comes back unchanged.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

import sakip
from sakip.conftest import PASSWORD
from sakip.core.xlsx import (
    FORMULA_GUIDE,
    FORMULA_REFUSED,
    SafeWorkbook,
    load_upload,
    read_rows,
    workbook_bytes,
)
from sakip.monitoring.excel import template
from sakip.monitoring.models import MonthlyProgress, Realisasi
from sakip.monitoring.tests.capaian_factories import build_budget, build_year
from sakip.monitoring.tests.test_excel_template import build_quarter
from sakip.planning.action_plan_models import ActionPlanJustification, QuarterTarget
from sakip.planning.models import Goal, Indicator, IndicatorTarget, Objective, Program
from sakip.planning.tests.test_action_plan_services import fill, make_plan
from sakip.procedures.tests.factories import (
    lane,
    make_revision,
    open_task,
    start_run,
    step,
    wita,
)
from sakip.reports.annual.data import annual_report_data
from sakip.reports.annual.render_xlsx import render_annual_xlsx
from sakip.reports.quarterly.data import quarterly_report_data
from sakip.reports.quarterly.render import render_quarterly_xlsx
from sakip.reports.quarterly.semester import semester_for, semester_report_data

pytestmark = pytest.mark.django_db
D = Decimal

HYPERLINK = '=HYPERLINK("http://x","klik")'
DDE = "=cmd|' /C calc'!A0"
# One text for each character that makes Excel read a typed text as a formula.
EQUALS, PLUS, MINUS, AT, TAB, CR = "=1+1", "+1+1", "-1+1", "@SUM(1+1)", "\t=1+1", "\r=1+1"
# A <f> element (with or without a namespace prefix) in a sheet's XML is a formula cell.
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def login(client, username, year=2026):
    assert client.login(username=username, password=PASSWORD)
    client.post(reverse("shell:choose_year"), {"year": year, "next": "/"})


def page(response) -> str:
    return response.content.decode()


def text_cells(content: bytes) -> dict[str, list[bool]]:
    """Open an XLSX the system wrote; fail on any formula cell. Every text -> the quotePrefix of
    each cell holding it."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        ]
        assert sheets
        for name in sheets:
            assert not FORMULA_ELEMENT.search(archive.read(name)), name
    book = load_workbook(io.BytesIO(content))  # data_only=False: a formula would show as "f"
    texts: dict[str, list[bool]] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    texts.setdefault(cell.value, []).append(bool(cell.quotePrefix))
    return texts


def assert_safe(content: bytes, expected: list[str], *, template: bool = False) -> None:
    texts = text_cells(content)
    for text in expected:
        assert text in texts, (text, sorted(texts))
        # quotePrefix: the cell stays text when a user edits it in Excel.
        assert all(texts[text]), text
    if template:
        # A file meant to come back tells, on its Petunjuk sheet, that formulas are refused.
        assert str(FORMULA_GUIDE) in texts


# --- the writers -------------------------------------------------------------------------------


def test_plan_export(client, organization, plan_data):
    Goal.objects.filter(pk=plan_data.objective.goal_id).update(statement=MINUS)
    Objective.objects.filter(pk=plan_data.objective.pk).update(statement=PLUS)
    Indicator.objects.filter(pk=plan_data.indicator_ikp.pk).update(
        name=HYPERLINK, data_source=DDE, definition=AT, unit_of_measure=TAB
    )
    Indicator.objects.filter(pk=plan_data.indicator_aptika.pk).update(name=CR)
    Indicator.objects.filter(pk=plan_data.indicator_seksi_ikp.pk).update(name=EQUALS)
    Program.objects.create(
        renstra=plan_data.renstra, code="2.16.02", name=DDE, responsible_unit=organization.ikp
    )
    login(client, "staf.evaluasi")
    response = client.get(reverse("planning:export"))
    assert response.status_code == 200
    assert_safe(response.content, [HYPERLINK, DDE, EQUALS, PLUS, MINUS, AT, TAB, CR], template=True)


def test_quarterly_template(client, organization, plan_data):
    quarter = build_quarter(organization, plan_data)
    Realisasi.objects.filter(submission=quarter.ikp, indicator=quarter.ik1).update(
        problems=HYPERLINK, solutions=DDE
    )
    Realisasi.objects.create(
        submission=quarter.ikp, indicator=quarter.ik11, problems=PLUS, solutions=MINUS
    )
    Indicator.objects.filter(pk=quarter.ik1.pk).update(name=AT, unit_of_measure=TAB)
    Indicator.objects.filter(pk=quarter.ik11.pk).update(name=CR)
    quarter.sub1.name = EQUALS
    quarter.sub1.save()
    login(client, "kabid.ikp")
    response = client.get(reverse("monitoring:excel_template", args=[quarter.ikp.pk]))
    assert response.status_code == 200
    assert_safe(response.content, [HYPERLINK, DDE, EQUALS, PLUS, MINUS, AT, TAB, CR], template=True)


def hostile_action_plan(organization, plan_data):
    plan = make_plan(organization)
    fill(organization, plan, plan_data.indicator_ikp, ["20", "20", "20", "25"])
    actions = {1: HYPERLINK, 2: DDE, 3: PLUS, 4: AT}
    for quarter, text in actions.items():
        QuarterTarget.objects.filter(
            action_plan=plan, indicator=plan_data.indicator_ikp, quarter=quarter
        ).update(actions=text)
    ActionPlanJustification.objects.create(
        action_plan=plan, indicator=plan_data.indicator_ikp, text=MINUS
    )
    Indicator.objects.filter(pk=plan_data.indicator_ikp.pk).update(name=EQUALS, unit_of_measure=TAB)
    Indicator.objects.filter(pk=plan_data.indicator_seksi_ikp.pk).update(name=CR)
    plan.refresh_from_db()
    return plan


def test_action_plan_template(client, organization, plan_data):
    plan = hostile_action_plan(organization, plan_data)
    login(client, "kabid.ikp")
    response = client.get(reverse("planning:action_plan_export", args=[plan.pk]))
    assert response.status_code == 200
    assert_safe(response.content, [HYPERLINK, DDE, EQUALS, PLUS, MINUS, AT, TAB, CR], template=True)


@pytest.fixture
def hostile_year(organization, plan_data):
    """A year of accepted quarters whose names and explanations are hostile."""
    year = build_year(organization, plan_data)
    build_budget(organization, plan_data, year)
    Objective.objects.filter(pk=plan_data.objective.pk).update(statement=PLUS)
    Indicator.objects.filter(pk=year.indicators["C1"].pk).update(name=HYPERLINK)
    Indicator.objects.filter(pk=year.indicators["C2"].pk).update(name=DDE)
    Indicator.objects.filter(pk=year.indicators["C3"].pk).update(name=AT, unit_of_measure=TAB)
    Indicator.objects.filter(pk=year.indicators["C4"].pk).update(name=CR)
    Realisasi.objects.filter(
        submission=year.submissions[(1, "ikp")], indicator=year.indicators["C1"]
    ).update(problems=HYPERLINK, solutions=DDE)
    for key, name in (("s1", MINUS), ("s2", EQUALS)):
        sub = year.sub_activities[key]
        sub.name = name
        sub.save()
    year.programs["p1"].name = MINUS
    year.programs["p1"].save()
    return year


def test_quarterly_report_xlsx(organization, hostile_year):
    data = quarterly_report_data(hostile_year.periods[1], on=datetime.date(2026, 4, 10))
    assert_safe(render_quarterly_xlsx(data), [HYPERLINK, DDE, PLUS, MINUS, EQUALS, AT, TAB, CR])


def test_semester_report_xlsx(organization, hostile_year):
    semester = semester_for(hostile_year.periods[2])
    data = semester_report_data(semester, on=datetime.date(2026, 7, 10))
    assert_safe(render_quarterly_xlsx(data), [HYPERLINK, DDE, PLUS, MINUS, EQUALS, AT, TAB, CR])


def test_lkjip_xlsx(organization, plan_data, hostile_year):
    for indicator in hostile_year.indicators.values():
        IndicatorTarget.objects.get_or_create(indicator=indicator, year=2026, defaults={"low": 40})
    data = annual_report_data(organization.agency, 2026, on=datetime.date(2027, 1, 20))
    assert_safe(render_annual_xlsx(data), [HYPERLINK, DDE, PLUS, MINUS, AT, TAB, CR])


def test_compliance_xlsx(client, organization):
    revision = make_revision(organization.agency, title=PLUS)
    staf = lane(revision, 1, MINUS, "planning_staff")
    kasubag = lane(revision, 2, TAB, "kasubag_planning")
    step(revision, 1, staf, activity=HYPERLINK, symbol="start")
    step(revision, 2, kasubag, activity=DDE, symbol="end")
    run = start_run(organization, revision, now=wita(2026, 11, 23, 8, 0), title=EQUALS)
    task = open_task(run, 1)
    from sakip.procedures import engine

    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 23, 9, 0))
    login(client, "kasubag.renkeu")
    response = client.get(reverse("procedures:compliance_xlsx"), {"year": 2027})
    assert response.status_code == 200
    assert_safe(response.content, [HYPERLINK, DDE, EQUALS, PLUS, MINUS, TAB])


def test_a_formula_set_by_hand_is_saved_as_text():
    """The sweep catches any way of filling a cell, and both ways of saving."""
    book = SafeWorkbook()
    sheet = book.active
    sheet["A1"] = HYPERLINK
    sheet.append([DDE, 5, None, "teks biasa"])
    sheet.cell(row=3, column=1, value=EQUALS)
    saved = io.BytesIO()
    book.save(saved)
    for content in (saved.getvalue(), workbook_bytes(book)):
        texts = text_cells(content)
        assert texts[HYPERLINK] == [True] and texts[DDE] == [True] and texts[EQUALS] == [True]
        assert texts["teks biasa"] == [False]


def test_no_module_builds_or_opens_a_workbook_of_its_own():
    """Every XLSX goes through sakip.core.xlsx: SafeWorkbook to write, load_upload to read."""
    root = Path(sakip.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or path.name == "conftest.py" or path == root / "core" / "xlsx.py":
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"\bWorkbook\(|load_workbook|write_only", source):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


# --- the importers: a formula is refused, text starting with "=" comes back -----------------


def edited(content: bytes, sheet_name: str, edits: dict[tuple[int, int], object]) -> bytes:
    """The file as a user saves it after typing into some cells (openpyxl makes "=..." a
    formula, as Excel does)."""
    book = load_workbook(io.BytesIO(content))
    sheet = book[sheet_name]
    for (row, column), value in edits.items():
        sheet.cell(row=row, column=column).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(row: int, column: int, title: str, formula: str) -> str:
    message = FORMULA_REFUSED % {"formula": formula}
    return escape(f"Baris {row}, kolom {get_column_letter(column)} ({title}): {message}")


def header_columns(content: bytes, sheet_name: str, header_row: int) -> dict[str, int]:
    sheet = load_workbook(io.BytesIO(content))[sheet_name]
    return {c.value: c.column for c in sheet[header_row] if c.value}


def row_with(content: bytes, sheet_name: str, column: int, value: str) -> int:
    sheet = load_workbook(io.BytesIO(content))[sheet_name]
    for (cell,) in sheet.iter_rows(min_col=column, max_col=column):
        if cell.value == value:
            return cell.row
    raise AssertionError(value)


def plan_state():
    return (
        sorted(Indicator.objects.values_list("pk", "name", "data_source", "definition")),
        sorted(IndicatorTarget.objects.values_list("indicator_id", "year", "low", "high")),
    )


def upload_plan(client, content: bytes):
    return client.post(
        reverse("planning:import"), {"file": SimpleUploadedFile("rencana.xlsx", content)}
    )


def test_plan_import_refuses_a_formula(client, organization, plan_data):
    login(client, "staf.evaluasi")
    content = client.get(reverse("planning:export")).content
    cols = header_columns(content, "Indikator", 1)
    row = row_with(content, "Indikator", cols["Kode Indikator"], "IK1")
    content = edited(
        content,
        "Indikator",
        {(row, cols["Target 2026"]): "=40*2", (row, cols["Sumber Data"]): "=A1"},
    )
    before = plan_state()
    response = upload_plan(client, content)
    html = page(response)
    assert refused(row, cols["Target 2026"], "Target 2026", "=40*2") in html
    assert refused(row, cols["Sumber Data"], "Sumber Data", "=A1") in html
    assert response.context["counts"]["error"] == 1
    assert 'id="import-apply"' not in html
    assert plan_state() == before
    assert IndicatorTarget.objects.get(indicator=plan_data.indicator_ikp, year=2026).low == 85


def test_plan_text_starting_with_equals_round_trips(client, organization, plan_data):
    Indicator.objects.filter(pk=plan_data.indicator_ikp.pk).update(
        name=HYPERLINK, data_source=DDE, definition=PLUS
    )
    login(client, "staf.evaluasi")
    content = client.get(reverse("planning:export")).content
    before = plan_state()
    response = upload_plan(client, content)
    assert response.status_code == 200
    assert response.context["counts"] == {"new": 0, "update": 0, "unchanged": 3, "error": 0}
    assert plan_state() == before


def action_plan_state():
    return (
        sorted(QuarterTarget.objects.values_list("pk", "low", "high", "actions")),
        sorted(ActionPlanJustification.objects.values_list("pk", "text")),
    )


def upload_action_plan(client, plan, content: bytes):
    return client.post(
        reverse("planning:action_plan_import", args=[plan.pk]),
        {"file": SimpleUploadedFile("rencana-aksi.xlsx", content)},
    )


def test_action_plan_import_refuses_a_formula(client, organization, plan_data):
    plan = make_plan(organization)
    fill(organization, plan, plan_data.indicator_ikp, ["20", "20", "20", "25"])
    login(client, "kabid.ikp")
    content = client.get(reverse("planning:action_plan_export", args=[plan.pk])).content
    cols = header_columns(content, "Rencana Aksi", 1)
    row = row_with(content, "Rencana Aksi", cols["Kode Indikator"], "IK1")
    content = edited(
        content,
        "Rencana Aksi",
        {(row, cols["Target TW II"]): "=20+1", (row, cols["Rencana Aksi TW II"]): "=B2"},
    )
    before = action_plan_state()
    html = page(upload_action_plan(client, plan, content))
    assert refused(row, cols["Target TW II"], "Target TW II", "=20+1") in html
    assert refused(row, cols["Rencana Aksi TW II"], "Rencana Aksi TW II", "=B2") in html
    assert 'id="import-apply"' not in html
    assert action_plan_state() == before


def test_action_plan_text_starting_with_equals_round_trips(client, organization, plan_data):
    plan = hostile_action_plan(organization, plan_data)
    login(client, "kabid.ikp")
    content = client.get(reverse("planning:action_plan_export", args=[plan.pk])).content
    before = action_plan_state()
    html = page(upload_action_plan(client, plan, content))
    assert "Tidak ada perubahan untuk diterapkan." in html
    assert 'id="import-apply"' not in html
    assert action_plan_state() == before


def monitoring_state():
    return (
        sorted(
            Realisasi.objects.values_list(
                "submission_id", "indicator_id", "value", "problems", "solutions"
            )
        ),
        sorted(
            MonthlyProgress.objects.values_list(
                "submission_id", "sub_activity_id", "month", "physical_percent", "budget_spent"
            )
        ),
    )


def upload_realisasi(client, submission, content: bytes):
    return client.post(
        reverse("monitoring:excel_upload", args=[submission.pk]),
        {"file": SimpleUploadedFile("realisasi.xlsx", content)},
    )


def test_quarterly_import_refuses_a_formula(client, organization, plan_data):
    quarter = build_quarter(organization, plan_data)
    login(client, "kabid.ikp")
    content = client.get(reverse("monitoring:excel_template", args=[quarter.ikp.pk])).content
    first = template.HEADER_ROW + 1  # IK1 on Realisasi, April of the first sub on Progres
    cols = header_columns(content, "Realisasi", template.HEADER_ROW)
    content = edited(
        content,
        "Realisasi",
        {(first, cols["Realisasi"]): "=10+5", (first, cols["Kendala"]): "=C3"},
    )
    progress_cols = header_columns(content, "Progres Bulanan", template.HEADER_ROW)
    content = edited(
        content, "Progres Bulanan", {(first, progress_cols["Progres Fisik (%)"]): "=SUM(1,2)"}
    )
    before = monitoring_state()
    response = upload_realisasi(client, quarter.ikp, content)
    html = page(response)
    assert refused(first, cols["Realisasi"], "Realisasi", "=10+5") in html
    assert refused(first, cols["Kendala"], "Kendala", "=C3") in html
    assert refused(first, progress_cols["Progres Fisik (%)"], "Progres Fisik (%)", "=SUM(1,2)") in (
        html
    )
    assert 'id="excel-apply"' not in html
    assert monitoring_state() == before
    ik1 = Realisasi.objects.get(submission=quarter.ikp, indicator=quarter.ik1)
    assert (ik1.value, ik1.problems) == (D("15"), "Anggaran terlambat")


def test_quarterly_kendala_starting_with_equals_round_trips(client, organization, plan_data):
    quarter = build_quarter(organization, plan_data)
    Realisasi.objects.filter(submission=quarter.ikp, indicator=quarter.ik1).update(
        problems=HYPERLINK, solutions=DDE
    )
    login(client, "kabid.ikp")
    content = client.get(reverse("monitoring:excel_template", args=[quarter.ikp.pk])).content
    # The user changes the realisasi and leaves the kendala as downloaded.
    first = template.HEADER_ROW + 1
    cols = header_columns(content, "Realisasi", template.HEADER_ROW)
    content = edited(content, "Realisasi", {(first, cols["Realisasi"]): 16})
    preview = upload_realisasi(client, quarter.ikp, content)
    assert preview.context["preview"].indicator_counts == {"update": 1, "unchanged": 1, "error": 0}
    (row,) = preview.context["preview"].changed_indicator_rows
    assert [change.key for change in row.changes] == ["value"]
    response = client.post(
        reverse("monitoring:excel_confirm", args=[quarter.ikp.pk]),
        {"token": preview.context["token"]},
    )
    assert response.status_code == 302
    ik1 = Realisasi.objects.get(submission=quarter.ikp, indicator=quarter.ik1)
    assert (ik1.value, ik1.problems, ik1.solutions) == (D("16"), HYPERLINK, DDE)


def test_read_rows_keeps_formulas_apart_from_text():
    """A text cell that starts with "=" is a value; a formula cell is reported, never read."""
    book = SafeWorkbook()
    book.active.append([HYPERLINK, "biasa", 7])
    plain = workbook_bytes(book)
    edited_content = edited(plain, book.active.title, {(1, 2): "=SUM(1,2)"})
    (row,) = read_rows(load_upload(io.BytesIO(edited_content)).active)
    assert row.values == (HYPERLINK, None, 7)
    assert row.formulas == {1: "=SUM(1,2)"}
