"""The plan as an XLSX workbook: sheet Indikator (the import template), Anggaran, Petunjuk.

Every read is scoped with restrict(user, "view"), so a unit head's file holds their line's
indicators only. Queries are a fixed number whatever the size of the plan (select/prefetch).
Numbers go to openpyxl as Decimal, which it stores as numeric cells (not text).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sakip.accounts.types import Viewer
from sakip.core.xlsx import FORMULA_GUIDE, SafeWorkbook
from sakip.core.xlsx import workbook_bytes as safe_bytes
from sakip.organization.models import Unit

from ..models import Activity, Indicator, Objective, Program, Renstra, SubActivity
from . import layout

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
# Drop-down lists reach this many rows below the data, so added rows get them too.
VALIDATION_SPARE_ROWS = 500


def export_filename(renstra: Renstra) -> str:
    return f"rencana-kinerja-{renstra.start_year}-{renstra.end_year}.xlsx"


def workbook_bytes(*, user: Viewer, renstra: Renstra) -> bytes:
    return safe_bytes(build_workbook(user=user, renstra=renstra))


def build_workbook(*, user: Viewer, renstra: Renstra) -> SafeWorkbook:
    workbook = SafeWorkbook()
    sheet = workbook.active
    sheet.title = str(layout.INDICATOR_SHEET)
    _indicator_sheet(sheet, user, renstra)
    _budget_sheet(workbook.create_sheet(str(layout.BUDGET_SHEET)), user, renstra)
    _guide_sheet(workbook.create_sheet(str(layout.GUIDE_SHEET)), renstra)
    return workbook


def indicator_headers(renstra: Renstra) -> list[str]:
    headers = [str(c.label) for c in layout.INDICATOR_COLUMNS]
    for year in renstra.years:
        headers.append(str(layout.TARGET_LABEL) % {"year": year})
        headers.append(str(layout.TARGET_HIGH_LABEL) % {"year": year})
    headers += [str(layout.END_TARGET.label), str(layout.END_TARGET_HIGH.label)]
    return headers


def _write_header(sheet: Worksheet, headers: list[str], widths: list[int]) -> None:
    sheet.append(headers)
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _parent_reference(indicator: Indicator) -> str | None:
    parent = indicator.parent
    if parent is None:
        return None
    child_key = (indicator.objective.goal.code, indicator.objective.code, indicator.code)
    return layout.parent_reference(
        child_key, (parent.objective.goal.code, parent.objective.code, parent.code)
    )


def _indicator_sheet(sheet: Worksheet, user: Viewer, renstra: Renstra) -> None:
    indicators = list(
        Indicator.objects.restrict(user, "view")
        .filter(objective__goal__renstra=renstra)
        .select_related("objective__goal", "responsible_unit", "parent__objective__goal")
        .prefetch_related("targets")
        .order_by("objective__goal__code", "objective__code", "code")
    )
    objectives = list(
        Objective.objects.restrict(user, "view")
        .filter(goal__renstra=renstra)
        .select_related("goal")
        .order_by("goal__code", "code")
    )
    by_objective: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_objective[indicator.objective_id].append(indicator)
    known = {o.pk for o in objectives}
    # An indicator in view whose objective is not (cannot happen today) still gets its row.
    for indicator in indicators:
        if indicator.objective_id not in known:
            objectives.append(indicator.objective)
            known.add(indicator.objective_id)
    objectives.sort(key=lambda o: (o.goal.code, o.code))

    fixed = layout.INDICATOR_COLUMNS
    widths = [c.width for c in fixed] + [layout.TARGET_WIDTH] * (2 * len(renstra.years) + 2)
    _write_header(sheet, indicator_headers(renstra), widths)

    for objective in objectives:
        lead = [objective.goal.code, objective.goal.statement, objective.code, objective.statement]
        rows = by_objective.get(objective.pk)
        if not rows:
            # An objective without indicators still shows, so a planner sees where to add one.
            sheet.append(lead)
            continue
        for indicator in rows:
            targets = {t.year: t for t in indicator.targets.all()}
            values: list[Any] = [
                *lead,
                indicator.code,
                indicator.name,
                indicator.unit_of_measure,
                indicator.definition,
                indicator.data_source,
                indicator.responsible_unit.code,
                str(layout.YES if indicator.is_iku else layout.NO),
                str(layout.POLARITY_LABELS[indicator.polarity]),
                str(layout.TARGET_KIND_LABELS[indicator.target_kind]),
                str(layout.AGGREGATION_LABELS[indicator.aggregation]),
                _parent_reference(indicator),
            ]
            for year in renstra.years:
                target = targets.get(year)
                values.append(target.low if target else None)
                values.append(target.high if target else None)
            values += [indicator.end_target_low, indicator.end_target_high]
            sheet.append(values)

    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP if isinstance(cell.value, str) else TOP
    _choice_lists(sheet, start_row=2, end_row=sheet.max_row + VALIDATION_SPARE_ROWS)


def _choice_lists(sheet: Worksheet, *, start_row: int, end_row: int) -> None:
    """Drop-down lists on the choice columns, with the words the importer accepts."""
    keys = [c.key for c in layout.INDICATOR_COLUMNS]
    lists: dict[str, list[Any]] = {
        "is_iku": [layout.YES, layout.NO],
        "polarity": list(layout.POLARITY_LABELS.values()),
        "target_kind": list(layout.TARGET_KIND_LABELS.values()),
        "aggregation": list(layout.AGGREGATION_LABELS.values()),
    }
    for key, words in lists.items():
        letter = get_column_letter(keys.index(key) + 1)
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(str(w) for w in words) + '"',
            allow_blank=True,
            showErrorMessage=False,  # a typed variant (other case, stored value) is fine too
        )
        validation.add(f"{letter}{start_row}:{letter}{end_row}")
        sheet.add_data_validation(validation)


def _budget_sheet(sheet: Worksheet, user: Viewer, renstra: Renstra) -> None:
    subs = list(
        SubActivity.objects.restrict(user, "view")
        .filter(activity__program__renstra=renstra)
        .select_related("activity__program", "responsible_unit")
        .prefetch_related("budgets")
    )
    activities = {
        a.pk: a
        for a in Activity.objects.restrict(user, "view")
        .filter(program__renstra=renstra)
        .select_related("program", "responsible_unit")
    }
    programs = {
        p.pk: p
        for p in Program.objects.restrict(user, "view")
        .filter(renstra=renstra)
        .select_related("responsible_unit")
    }
    # A visible sub-activity shows its activity and program as context, even when those belong
    # to another unit (their code and name only).
    subs_by_activity: dict[int, list[SubActivity]] = defaultdict(list)
    for sub in subs:
        activities.setdefault(sub.activity_id, sub.activity)
        subs_by_activity[sub.activity_id].append(sub)
    activities_by_program: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities.values():
        programs.setdefault(activity.program_id, activity.program)
        activities_by_program[activity.program_id].append(activity)

    years = renstra.years
    fixed = layout.BUDGET_COLUMNS
    headers = [str(c.label) for c in fixed] + [str(layout.PAGU_LABEL) % {"year": y} for y in years]
    _write_header(sheet, headers, [c.width for c in fixed] + [layout.PAGU_WIDTH] * len(years))

    totals = dict.fromkeys(years, Decimal(0))
    for program in sorted(programs.values(), key=lambda p: p.code):
        program_cells = [program.code, program.name]
        program_activities = sorted(activities_by_program.get(program.pk, []), key=lambda a: a.code)
        if not program_activities:
            sheet.append([*program_cells, None, None, None, None, program.responsible_unit.code])
            continue
        for activity in program_activities:
            activity_cells = [activity.code, activity.name]
            activity_subs = sorted(subs_by_activity.get(activity.pk, []), key=lambda s: s.code)
            if not activity_subs:
                sheet.append(
                    [*program_cells, *activity_cells, None, None, activity.responsible_unit.code]
                )
                continue
            for sub in activity_subs:
                pagu = {b.year: b.pagu for b in sub.budgets.all()}
                for year, amount in pagu.items():
                    if year in totals:
                        totals[year] += amount
                sheet.append(
                    [
                        *program_cells,
                        *activity_cells,
                        sub.code,
                        sub.name,
                        sub.responsible_unit.code,
                        *(pagu.get(year) for year in years),
                    ]
                )
    sheet.append([str(_("Jumlah")), None, None, None, None, None, None, *totals.values()])
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
    first_pagu = len(fixed) + 1
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row):
        for cell in row:
            if cell.column >= first_pagu:
                cell.number_format = layout.RUPIAH_FORMAT
                cell.alignment = TOP
            else:
                cell.alignment = WRAP


def _guide_sheet(sheet: Worksheet, renstra: Renstra) -> None:
    """How to fill the Indikator sheet, in the user's language (Indonesian by default)."""
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 45
    sheet.column_dimensions["D"].width = 10
    title = sheet.cell(row=1, column=1, value=str(_("Petunjuk pengisian lembar Indikator")))
    title.font = Font(bold=True, size=13)
    notes = [
        _("Renstra %(start)s–%(end)s, %(agency)s.")
        % {"start": renstra.start_year, "end": renstra.end_year, "agency": renstra.agency.name},
        _(
            "Impor hanya membaca lembar Indikator. Baris pertama adalah judul kolom; jangan ubah "
            "judulnya. Lembar Anggaran hanya untuk dibaca."
        ),
        _(
            "Indikator dikenali dari Kode Tujuan, Kode Sasaran dan Kode Indikator. Kode yang sudah "
            "ada mengubah indikator itu; kode baru menambah indikator. Indikator tidak dihapus "
            "lewat impor."
        ),
        _(
            "Angka ditulis sebagai angka, atau sebagai teks dengan koma desimal (95,56). Paling "
            "banyak 4 angka di belakang koma."
        ),
        _(
            "Kosongkan target suatu tahun untuk menghapus target tahun itu. Kolom tahun yang tidak "
            "ada di berkas tidak diubah. Kolom tahun di luar periode Renstra ditolak."
        ),
        _(
            "Untuk jenis target Rentang, isi nilai bawah di kolom Target dan nilai atas di kolom "
            "(atas); nilai bawah tidak boleh lebih besar dari nilai atas. Jenis Tunggal tidak "
            "memakai kolom (atas)."
        ),
        _(
            "Kolom pilihan yang dikosongkan memakai nilai bawaan untuk indikator baru dan tidak "
            "mengubah indikator yang sudah ada."
        ),
        _(
            "Setelah diunggah, sistem menampilkan pratinjau. Tidak ada data yang disimpan sebelum "
            "Anda menekan Terapkan; bila satu baris salah, tidak ada yang disimpan."
        ),
        FORMULA_GUIDE,
    ]
    row = 3
    for note in notes:
        cell = sheet.cell(row=row, column=1, value=str(note))
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 32
        row += 1

    row += 1
    header = [_("Kolom"), _("Keterangan"), _("Nilai yang diizinkan"), _("Wajib")]
    for index, heading in enumerate(header, start=1):
        cell = sheet.cell(row=row, column=index, value=str(heading))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    row += 1

    def words(labels: dict) -> str:
        return " / ".join(str(v) for v in labels.values())

    allowed = {
        "is_iku": f"{layout.YES} / {layout.NO}",
        "polarity": words(layout.POLARITY_LABELS),
        "target_kind": words(layout.TARGET_KIND_LABELS),
        "aggregation": words(layout.AGGREGATION_LABELS),
        "responsible_unit": str(_("Kode unit dari daftar di bawah")),
    }
    defaults = {
        "is_iku": layout.NO,
        "polarity": layout.POLARITY_LABELS["higher"],
        "target_kind": layout.TARGET_KIND_LABELS["single"],
        "aggregation": layout.AGGREGATION_LABELS["incremental"],
    }
    lines: list[tuple[str, str, str, bool]] = []
    for column in layout.INDICATOR_COLUMNS:
        text = str(column.help)
        if column.key in defaults:
            text += " " + str(_("Bawaan: %(value)s.") % {"value": defaults[column.key]})
        if column.max_length:
            text += " " + str(_("Paling banyak %(max)s karakter.") % {"max": column.max_length})
        lines.append((str(column.label), text, allowed.get(column.key, ""), column.required))
    lines.append(
        (
            str(layout.TARGET_LABEL) % {"year": renstra.start_year},
            str(_("Target tahun itu; untuk rentang, nilai bawah.")),
            str(_("Angka")),
            False,
        )
    )
    lines.append(
        (
            str(layout.TARGET_HIGH_LABEL) % {"year": renstra.start_year},
            str(_("Nilai atas rentang tahun itu.")),
            str(_("Angka")),
            False,
        )
    )
    for column in (layout.END_TARGET, layout.END_TARGET_HIGH):
        lines.append((str(column.label), str(column.help), str(_("Angka")), False))
    for label, text, allowed_text, required in lines:
        values = [label, text, allowed_text, str(layout.YES if required else layout.NO)]
        for index, value in enumerate(values, start=1):
            sheet.cell(row=row, column=index, value=value).alignment = WRAP
        row += 1

    row += 1
    for index, heading in enumerate([_("Kode Unit"), _("Nama Unit")], start=1):
        cell = sheet.cell(row=row, column=index, value=str(heading))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    row += 1
    for unit in Unit.objects.filter(path__startswith=renstra.agency.path).order_by("path", "order"):
        sheet.cell(row=row, column=1, value=unit.code)
        sheet.cell(row=row, column=2, value=unit.name)
        row += 1
