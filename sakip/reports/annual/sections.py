"""The narrative sections of the LKjIP, in the order of PermenPAN-RB 53/2014's outline.

The staff write these (pre-filled from the data, annual.prefill); everything else of the report is
tables and charts from the data. One section per strategic objective of the year sits in Bab III.A,
beside that objective's seven analyses; its key is "objective:<objective id>". The foreword (Kata
Pengantar) is pre-filled with the usual opening words and signed in the document by the agency
head; a report whose foreword was emptied prints none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .types import AnnualReportData

FOREWORD = "foreword"  # pre-filled; left out of the document only when emptied
EXECUTIVE_SUMMARY = "executive_summary"
BAB1_BACKGROUND = "bab1_background"
BAB1_DUTIES = "bab1_duties"
BAB1_ISSUES = "bab1_issues"
BAB2_PLAN = "bab2_plan"
BAB2_AGREEMENT = "bab2_agreement"
BAB3_BUDGET = "bab3_budget"
BAB4_CONCLUSION = "bab4_conclusion"
BAB4_IMPROVEMENT = "bab4_improvement"
OBJECTIVE_PREFIX = "objective:"

# Chapter key -> heading. Bab III.A holds the per-objective sections, Bab III.B the budget.
CHAPTERS: dict[str, Promise] = {
    "foreword": _("Kata Pengantar"),
    "summary": _("Ikhtisar Eksekutif"),
    "bab1": _("Bab I Pendahuluan"),
    "bab2": _("Bab II Perencanaan Kinerja"),
    "bab3": _("Bab III Akuntabilitas Kinerja"),
    "bab4": _("Bab IV Penutup"),
}

# (key, chapter, title) of the sections every LKjIP has, in document order; the objectives'
# sections go between BAB2_AGREEMENT and BAB3_BUDGET.
_STATIC: tuple[tuple[str, str, Promise], ...] = (
    (FOREWORD, "foreword", _("Kata Pengantar")),
    (EXECUTIVE_SUMMARY, "summary", _("Ikhtisar Eksekutif")),
    (BAB1_BACKGROUND, "bab1", _("Latar Belakang")),
    (BAB1_DUTIES, "bab1", _("Tugas, Fungsi dan Struktur Organisasi")),
    (BAB1_ISSUES, "bab1", _("Isu Strategis")),
    (BAB2_PLAN, "bab2", _("Rencana Strategis")),
    (BAB2_AGREEMENT, "bab2", _("Perjanjian Kinerja")),
    (BAB3_BUDGET, "bab3", _("Realisasi Anggaran")),
    (BAB4_CONCLUSION, "bab4", _("Kesimpulan")),
    (BAB4_IMPROVEMENT, "bab4", _("Langkah Perbaikan")),
)
SECTION_KEYS: tuple[str, ...] = tuple(key for key, _chapter, _title in _STATIC)
# Sections the data cannot pre-fill: empty until the staff write them, and left out of the
# document while empty (none since the foreword has a default text).
OPTIONAL_KEYS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Section:
    key: str
    chapter: str  # a key of CHAPTERS
    title: str
    objective_id: int | None = None  # set on the Bab III.A sections


@dataclass(frozen=True)
class Chapter:
    key: str
    title: str
    sections: list[Section]


def objective_key(objective_id: int) -> str:
    return f"{OBJECTIVE_PREFIX}{objective_id}"


def objective_id_of(key: str) -> int | None:
    """The objective id of an "objective:<id>" key; None for any other key."""
    if not key.startswith(OBJECTIVE_PREFIX):
        return None
    digits = key[len(OBJECTIVE_PREFIX) :]
    return int(digits) if digits.isdigit() else None


def _static(key: str, chapter: str, title: Promise) -> Section:
    return Section(key=key, chapter=chapter, title=str(title))


def sections_for(data: AnnualReportData) -> list[Section]:
    """Every narrative section of this LKjIP in document order: the static ones and one per
    objective of the year."""
    sections: list[Section] = []
    for key, chapter, title in _STATIC:
        if key == BAB3_BUDGET:
            sections.extend(
                Section(
                    key=objective_key(block.objective_id),
                    chapter="bab3",
                    title=gettext("Analisis capaian sasaran %(no)s: %(statement)s")
                    % {"no": block.no, "statement": block.statement},
                    objective_id=block.objective_id,
                )
                for block in data.objectives
            )
        sections.append(_static(key, chapter, title))
    return sections


def section_keys_for(data: AnnualReportData) -> list[str]:
    return [section.key for section in sections_for(data)]


def section_for(data: AnnualReportData, key: str) -> Section | None:
    """The section ``key`` of this LKjIP, or None when the report has no such section (a typed
    URL, or an objective of another year)."""
    return next((section for section in sections_for(data) if section.key == key), None)


def chapters_for(data: AnnualReportData) -> list[Chapter]:
    """The sections grouped by chapter, in document order."""
    sections = sections_for(data)
    return [
        Chapter(
            key=chapter,
            title=str(title),
            sections=[section for section in sections if section.chapter == chapter],
        )
        for chapter, title in CHAPTERS.items()
    ]
