"""What the LKjIP's DOCX and PDF share besides the data: the headings, the narrative paragraphs,
the draft note and the rows of the tables that need regrouping, so that both files say the same.

Headings come from ``data.headers`` where the data builder sets them, from here otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sakip.core.formats import EMPTY
from sakip.reports.quarterly.data import BudgetLine
from sakip.reports.selectors import BudgetRow, IndicatorRow, ObjectiveGroup, Signature

from . import sections
from .prefill import summarize_explanations
from .types import AnnualReportData, IndicatorAnalysis, ObjectiveAnalysis, PlanLine

FOREWORD_KEY = sections.FOREWORD  # optional: printed only when the staff wrote one
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def default_headings(year: int) -> dict[str, str]:
    """The renderers' headings under the keys of ``data.HEADER_KEYS`` (the data's own wording wins,
    see ``headings``), plus the few only the documents print (Bab I and IV's sections, the cover's
    draft word, the Renstra captions)."""
    return {
        # table columns
        "no": pgettext("nomor urut pada kolom tabel", "No"),
        "goal": _("Tujuan"),
        "objective": _("Sasaran Strategis"),
        "indicator": _("Indikator Kinerja"),
        "code": _("Kode"),
        "unit_of_measure": _("Satuan"),
        "target": _("Target"),
        "realisasi": _("Realisasi"),
        "capaian": _("Capaian"),
        "category": _("Kategori"),
        "count": _("Jumlah Indikator"),
        "year": _("Tahun"),
        "baseline": _("Kondisi Awal"),
        "end_target": _("Target Akhir Renstra"),
        "end_capaian": _("Capaian terhadap Target Akhir"),
        "national_standard": _("Standar Nasional"),
        "national_standard_source": _("Sumber Standar"),
        "national_capaian": _("Capaian terhadap Standar Nasional"),
        "problems": _("Kendala / Penyebab"),
        "solutions": _("Solusi / Tindak Lanjut"),
        "program": _("Program/Kegiatan"),
        "pagu": _("Pagu"),
        "budget": _("Anggaran"),
        "budget_spent": _("Realisasi Anggaran"),
        "absorption": _("Serapan"),
        "performance_capaian": _("Capaian Kinerja"),
        "efficiency": _("Efisiensi"),
        "note": _("Keterangan"),
        "total": _("Jumlah"),
        "number": _("Nomor"),
        "page": _("Halaman"),
        "page_of": _("dari"),
        # cover, chapters and sections
        "draft": _("DRAF"),
        "contents": _("Daftar Isi"),
        "contents_update": _(
            "Nomor halaman daftar isi diisi oleh pengolah kata: pilih daftar isi lalu "
            "perbarui bidang (F9)."
        ),
        # Ikhtisar Eksekutif: the key figures
        "key_figures": _("Ikhtisar Capaian Kinerja Tahun %(year)s") % {"year": year},
        "figure": _("Uraian"),
        "figure_value": _("Nilai"),
        "figure_objectives": _("Jumlah sasaran strategis"),
        "figure_indicators": _("Jumlah indikator kinerja"),
        "figure_category": _("Indikator berkategori %(label)s"),
        "figure_na": _("Indikator yang capaiannya belum dapat dihitung"),
        "figure_pagu": _("Pagu anggaran"),
        "figure_budget_spent": _("Realisasi anggaran"),
        "figure_absorption": _("Serapan anggaran"),
        "iku_table": _("Capaian Indikator Kinerja Utama (IKU) Tahun %(year)s") % {"year": year},
        "indicator_table": _("Capaian Indikator Kinerja Tahun %(year)s") % {"year": year},
        "main_problems": _("Permasalahan Utama dan Tindak Lanjut"),
        "no_main_problems": _("Unit kerja tidak melaporkan kendala pada tahun ini."),
        "foreword": _("Kata Pengantar"),
        "executive_summary": _("Ikhtisar Eksekutif"),
        "chapter_1": _("Bab I Pendahuluan"),
        "chapter_2": _("Bab II Perencanaan Kinerja"),
        "chapter_3": _("Bab III Akuntabilitas Kinerja"),
        "chapter_4": _("Bab IV Penutup"),
        "section_background": _("A. Latar Belakang"),
        "section_duties": _("B. Tugas, Fungsi dan Struktur Organisasi"),
        "section_issues": _("C. Isu Strategis"),
        "section_renstra": _("A. Rencana Strategis"),
        "section_agreement": _("B. Perjanjian Kinerja Tahun %(year)s") % {"year": year},
        "section_performance": _("A. Capaian Kinerja Organisasi"),
        "section_budget": _("B. Realisasi Anggaran"),
        "section_conclusion": _("A. Kesimpulan"),
        "section_improvement": _("B. Langkah Perbaikan"),
        "attachment_agreement": _("Lampiran Perjanjian Kinerja Tahun %(year)s") % {"year": year},
        "attachment_budget": _("Anggaran Program dan Kegiatan"),
        # Bab II
        "renstra_goals": _("Tujuan"),
        "renstra_objectives": _("Sasaran Strategis"),
        "renstra_indicator_count": _("Jumlah indikator kinerja sasaran: %(count)s"),
        "no_renstra": _("Belum ada Renstra yang mencakup tahun ini."),
        "no_agreement": _("Belum ada indikator Perjanjian Kinerja untuk tahun ini."),
        # Bab III.A; the analyses without their number ("1. " is layout)
        "categories": _("Sebaran kategori capaian indikator tahun %(year)s") % {"year": year},
        "objective_heading": _("Sasaran Strategis %(no)s: %(statement)s"),
        "analysis_1": _("Perbandingan Target dan Realisasi Kinerja Tahun %(year)s")
        % {"year": year},
        "analysis_2": _("Perbandingan Realisasi dan Capaian Kinerja dengan Tahun Sebelumnya"),
        "analysis_3": _("Perbandingan Realisasi Kinerja dengan Target Akhir Renstra"),
        "analysis_4": _("Perbandingan Realisasi Kinerja dengan Standar Nasional"),
        "analysis_5": _("Analisis Penyebab Keberhasilan/Kegagalan dan Solusi"),
        "analysis_6": _("Analisis Efisiensi Penggunaan Sumber Daya"),
        "analysis_7": _("Program dan Kegiatan Pendukung Pencapaian Kinerja"),
        "history_note": "",
        "end_note": "",
        "national_note": "",
        "no_indicators": _("Belum ada indikator dengan target pada tahun ini."),
        "no_history": _("Tidak ada tahun sebelumnya dalam periode Renstra ini."),
        "no_national_standard": _(
            "Indikator sasaran ini tidak memiliki standar nasional, sehingga perbandingan "
            "dengan standar nasional tidak dilakukan."
        ),
        "no_explanations": _("Unit kerja tidak melaporkan kendala untuk indikator sasaran ini."),
        "no_efficiency": _("Tidak ada data anggaran untuk menilai efisiensi sasaran ini."),
        "efficiency_note": _(
            "Efisiensi = (pagu − realisasi anggaran) / pagu × 100, dihitung untuk indikator "
            "yang mencapai target; serapan = realisasi anggaran / pagu × 100."
        ),
        "no_programs": _("Tidak ada program yang mendukung sasaran ini."),
        "chart_capaian": _("Capaian kinerja per indikator"),
        # Bab III.B
        "no_budget": _("Belum ada pagu anggaran untuk tahun ini."),
        "budget_note": _("Serapan = realisasi anggaran / pagu × 100."),
        "chart_absorption": _("Serapan anggaran per program"),
    }


# Narrative key -> heading key of the sections of Bab I and Bab IV (one text each).
BAB1_SECTIONS = (
    (sections.BAB1_BACKGROUND, "section_background"),
    (sections.BAB1_DUTIES, "section_duties"),
    (sections.BAB1_ISSUES, "section_issues"),
)
BAB4_SECTIONS = (
    (sections.BAB4_CONCLUSION, "section_conclusion"),
    (sections.BAB4_IMPROVEMENT, "section_improvement"),
)


def headings(data: AnnualReportData) -> dict[str, str]:
    """The renderers' headings: the data's own where it has them."""
    return {**default_headings(data.year), **data.headers}


def heading_lines(text: str) -> list[str]:
    """A chapter's heading in capitals on two lines, as printed reports set it: "Bab I
    Pendahuluan" -> ["BAB I", "PENDAHULUAN"]; a heading of one or two words stays one line."""
    words = text.upper().split()
    if len(words) < 3:
        return [" ".join(words)]
    return [" ".join(words[:2]), " ".join(words[2:])]


def paragraphs(text: str | None) -> list[str]:
    """A narrative split on blank lines; single line breaks stay inside their paragraph."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip() for part in _BLANK_LINE.split(text) if part.strip()]


def narrative(data: AnnualReportData, key: str) -> list[str]:
    """The paragraphs of a narrative section; nothing when the section has no text."""
    return paragraphs(data.narratives.get(key))


def objective_narrative(data: AnnualReportData, block: ObjectiveAnalysis) -> list[str]:
    key = f"objective:{block.objective_id}"
    return paragraphs(data.narratives.get(key, block.narrative))


def draft_note(data: AnnualReportData, h: dict[str, str]) -> str:
    """ "DRAF — data TW III, TW IV belum dikunci" while quarters of the year are open."""
    if not data.unlocked_quarters:
        return ""
    return _("%(draft)s — data %(quarters)s belum dikunci") % {
        "draft": h["draft"],
        "quarters": ", ".join(data.unlocked_quarters),
    }


def indicator_label(indicator: IndicatorAnalysis) -> str:
    """The indicator as the tables name it: its code (the chart's bar label) and its name."""
    return f"{indicator.code} {indicator.name}" if indicator.code else indicator.name


def objective_heading(block: ObjectiveAnalysis, h: dict[str, str]) -> str:
    return h["objective_heading"] % {"no": block.no, "statement": block.statement}


@dataclass(frozen=True)
class HistoryRow:
    """Analysis (2): one row of an indicator's years (the baseline, earlier years, this year)."""

    label: str
    target_text: str
    realisasi_text: str
    capaian_text: str


def history_rows(
    block: ObjectiveAnalysis, indicator: IndicatorAnalysis, year: int, h: dict[str, str]
) -> list[HistoryRow]:
    """Baseline first, then every year of ``block.history_years`` ("-" where the indicator has no
    value that year), then the report's year."""
    by_year = {value.year: value for value in indicator.history}
    rows = [HistoryRow(h["baseline"], EMPTY, indicator.baseline_text or EMPTY, EMPTY)]
    for past in block.history_years:
        value = by_year.get(past)
        if value is None:
            rows.append(HistoryRow(str(past), EMPTY, EMPTY, EMPTY))
        else:
            rows.append(
                HistoryRow(str(past), value.target_text, value.realisasi_text, value.capaian_text)
            )
    measure = indicator.year
    rows.append(
        HistoryRow(str(year), measure.target_text, measure.realisasi_text, measure.capaian_text)
    )
    return rows


def national_indicators(block: ObjectiveAnalysis) -> list[IndicatorAnalysis]:
    return [line for line in block.indicators if line.national_standard_text]


def plan_groups(lines: list[PlanLine]) -> list[ObjectiveGroup]:
    """The PK lines grouped under their objective, as the PK document prints them."""
    groups: list[ObjectiveGroup] = []
    for line in lines:
        if not groups or groups[-1].objective != line.objective:
            groups.append(
                ObjectiveGroup(no=len(groups) + 1, objective=line.objective, indicators=[])
            )
        name = f"{line.code} {line.indicator}" if line.code else line.indicator
        groups[-1].indicators.append(
            IndicatorRow(name=name, target="", unit_of_measure="", target_text=line.target_text)
        )
    return groups


def budget_rows(lines: list[BudgetLine]) -> list[BudgetRow]:
    """The PK attachment's budget: the pagu per program and activity."""
    return [
        BudgetRow(
            no=line.no, name=line.name, budget_text=line.pagu_text, is_program=line.is_program
        )
        for line in lines
    ]


# --- front matter ----------------------------------------------------------------------------


def renstra_caption(title: str, period_text: str) -> str:
    """ "Renstra 2025–2029" and "2025–2029" -> "Renstra 2025–2029" (the period is not said
    twice); a title without its period gets it in brackets."""
    if period_text and period_text not in title:
        return f"{title} ({period_text})"
    return title


def explanations(items: list[str]) -> list[str]:
    """A unit's kendala or solusi of the year, the same text reported in several quarters said
    once ("TW I, TW II: …")."""
    return summarize_explanations(items)


def key_figures(data: AnnualReportData, h: dict[str, str]) -> list[tuple[str, str]]:
    """The Ikhtisar's key figures: how much was measured, the count per category, the budget."""
    lines = data.indicator_analyses
    rows = [
        (h["figure_objectives"], str(len(data.objectives))),
        (h["figure_indicators"], str(len(lines))),
    ]
    rows += [
        (h["figure_category"] % {"label": category.label}, str(category.count))
        for category in data.categories
    ]
    unmeasured = sum(1 for line in lines if line.year.capaian is None)
    if unmeasured:
        rows.append((h["figure_na"], str(unmeasured)))
    total = data.budget_total
    if total is not None:
        rows += [
            (h["figure_pagu"], total.pagu_text),
            (h["figure_budget_spent"], total.budget_spent_text),
            (h["figure_absorption"], total.absorption_text),
        ]
    return rows


def key_indicators(
    data: AnnualReportData, h: dict[str, str]
) -> tuple[str, list[IndicatorAnalysis]]:
    """The Ikhtisar's indicator table: the IKU, or every indicator when none is marked IKU."""
    lines = data.indicator_analyses
    iku = [line for line in lines if line.is_iku]
    if iku:
        return h["iku_table"], iku
    return h["indicator_table"], lines


@dataclass(frozen=True)
class ProblemRow:
    label: str  # the indicator and its capaian
    problems: list[str]
    solutions: list[str]


def main_problems(data: AnnualReportData) -> list[ProblemRow]:
    """The kendala and tindak lanjut the units reported, per indicator, each text once."""
    return [
        ProblemRow(
            f"{indicator_label(line)} ({line.year.capaian_text})",
            explanations(line.problems),
            explanations(line.solutions),
        )
        for line in data.indicator_analyses
        if line.problems or line.solutions
    ]


def agreement_signatures(data: AnnualReportData) -> tuple[Signature, Signature]:
    """The PK attachment's two signers: the agency's PK of the year, or else the regent of the
    letterhead (pihak kedua) and the agency head who signs the report (pihak pertama)."""
    if data.agreement_signatures is not None:
        return data.agreement_signatures
    letterhead = data.letterhead
    return (
        Signature(_("Pihak Kedua,"), letterhead.regent_title, letterhead.regent_name, ""),
        Signature(
            _("Pihak Pertama,"), data.signature.title, data.signature.name, data.signature.nip
        ),
    )


@dataclass(frozen=True)
class ContentsEntry:
    level: int  # 1 chapter, 2 section
    text: str
    anchor: str  # the PDF's link target


def contents(data: AnnualReportData, h: dict[str, str], *, foreword: bool) -> list[ContentsEntry]:
    """The Daftar Isi: the chapters and their sections, in document order."""
    entries: list[ContentsEntry] = []

    def chapter(key: str, title: str) -> None:
        entries.append(ContentsEntry(1, title, f"chapter-{key}"))

    def section(key: str, title: str) -> None:
        entries.append(ContentsEntry(2, title, f"section-{key}"))

    if foreword:
        chapter("foreword", h["foreword"].upper())
    chapter("summary", h["executive_summary"].upper())
    chapter("bab1", h["chapter_1"].upper())
    for key, heading in BAB1_SECTIONS:
        section(key, h[heading])
    chapter("bab2", h["chapter_2"].upper())
    section("renstra", h["section_renstra"])
    section("agreement", h["section_agreement"])
    chapter("bab3", h["chapter_3"].upper())
    section("performance", h["section_performance"])
    section("budget", h["section_budget"])
    chapter("bab4", h["chapter_4"].upper())
    for key, heading in BAB4_SECTIONS:
        section(key, h[heading])
    chapter("attachment", h["attachment_agreement"].upper())
    return entries
