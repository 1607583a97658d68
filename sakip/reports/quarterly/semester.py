"""The semester performance report (laporan kinerja semester, DOMAIN.md §4; SOP 2 steps 6–8): the
recap of TW I + TW II (Semester I) or TW III + TW IV (Semester II), with the same tables as the
quarterly report over the semester.

The data is the quarterly report's (`report_data.period_report_data`) with the semester as the
period: each indicator's aggregation decides how the two quarters combine. It is generated only
when both quarters of the semester are locked, as one numbered GeneratedDocument (DOCX, PDF, XLSX)
whose source is the ReportingPeriod closing the semester (TW II or TW IV).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sakip.accounts.models import User
from sakip.measurement import Period
from sakip.monitoring.access import can_verify
from sakip.monitoring.capaian import ROMAN
from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.organization.models import Unit
from sakip.reports.models import DocumentKind, GeneratedDocument
from sakip.reports.selectors import agency_short, document_versions, slug

from .data import QuarterlyReportData, period_report_data
from .services import (
    ProgressCallback,
    ReportRecipe,
    generate_versioned_report,
    period_report_renderer,
)

NOT_ALLOWED = _(
    "Hanya Kasubbag Perencanaan dan Keuangan atau Staf Penyusun Evaluasi Kinerja perangkat daerah "
    "ini yang dapat membuat laporan kinerja semester."
)
NOT_LOCKED = _(
    "Laporan semester %(semester)s baru dapat dibuat setelah data TW %(first)s dan TW %(second)s "
    "dikunci. "
    "Belum dikunci: %(missing)s."
)


def semester_of(quarter: int) -> int:
    return 1 if quarter <= 2 else 2


@dataclass(frozen=True)
class Semester:
    """One semester of one agency: its two quarters' ReportingPeriods (missing ones are None)."""

    agency: Unit
    year: int
    number: int
    periods: dict[int, ReportingPeriod | None]

    @property
    def period(self) -> Period:
        return Period.semester(self.number)

    @property
    def roman(self) -> str:
        return ROMAN[self.number]

    @property
    def label(self) -> str:
        return f"Semester {self.roman} {self.year}"

    @property
    def closing(self) -> ReportingPeriod | None:
        """The period closing the semester (TW II or TW IV): the documents' source."""
        return self.periods[max(self.periods)]

    @property
    def quarter_rows(self) -> list[tuple[str, ReportingPeriod | None]]:
        return [(f"TW {ROMAN[q]}", p) for q, p in sorted(self.periods.items())]

    @property
    def existing(self) -> list[ReportingPeriod]:
        return [p for p in self.periods.values() if p is not None]

    @property
    def unlocked_quarters(self) -> list[int]:
        return [
            q
            for q, p in sorted(self.periods.items())
            if p is None or p.status != PeriodStatus.LOCKED
        ]

    @property
    def is_ready(self) -> bool:
        return not self.unlocked_quarters

    def not_ready_message(self) -> str:
        first, second = sorted(self.periods)
        return str(
            NOT_LOCKED
            % {
                "semester": self.roman,
                "first": ROMAN[first],
                "second": ROMAN[second],
                "missing": ", ".join(f"TW {ROMAN[q]}" for q in self.unlocked_quarters),
            }
        )


def semester_for(period: ReportingPeriod) -> Semester:
    """The semester containing ``period`` (one query for the sibling quarter)."""
    number = semester_of(period.quarter)
    quarters = Period.semester(number).quarters
    found = {
        p.quarter: p
        for p in ReportingPeriod.objects.filter(
            agency=period.agency, year=period.year, quarter__in=quarters
        ).select_related("agency")
    }
    return Semester(
        agency=period.agency,
        year=period.year,
        number=number,
        periods={q: found.get(q) for q in quarters},
    )


def title_lines(agency: Unit, year: int, semester: int) -> list[str]:
    return [
        gettext("LAPORAN KINERJA SEMESTER %(roman)s TAHUN %(year)s")
        % {"roman": ROMAN[semester], "year": year},
        agency.name.upper(),
    ]


def semester_report_data(
    semester: Semester, *, number: str = "", on: datetime.date
) -> QuarterlyReportData:
    """Everything the semester report shows; ``on`` is the signature date."""
    return period_report_data(
        agency=semester.agency,
        year=semester.year,
        period=semester.period,
        reporting_periods=semester.existing,
        title=title_lines(semester.agency, semester.year, semester.number),
        number=number,
        on=on,
    )


# --- generation ------------------------------------------------------------------------------


def semester_number(*, semester: Semester, sequence: int) -> str:
    """ "001/LKS/Diskominfo/2026/Semester I": numbered per agency and year, one per version."""
    return (
        f"{sequence:03d}/LKS/{agency_short(semester.agency)}/{semester.year}/"
        f"Semester {semester.roman}"
    )


def semester_versions(semester: Semester) -> list[GeneratedDocument]:
    """The generated versions of the semester's report, newest first."""
    closing = semester.closing
    if closing is None:
        return []
    return document_versions(DocumentKind.SEMESTER, closing)


def semester_check(actor: User, period: ReportingPeriod) -> Semester:
    """The semester of ``period`` if ``actor`` may generate its report now; ValidationError with
    the reason otherwise (the view shows it before starting a job, the job checks it again)."""
    semester = semester_for(period)
    if not can_verify(actor, period):
        raise ValidationError({"period": NOT_ALLOWED})
    if not semester.is_ready:
        raise ValidationError({"period": semester.not_ready_message()})
    return semester


def semester_report_generate(
    *,
    actor: User,
    period: ReportingPeriod,
    on: datetime.date | None = None,
    progress: ProgressCallback | None = None,
) -> GeneratedDocument:
    """Generate the report of the semester containing ``period`` as DOCX, PDF and XLSX on one new
    row. Refused unless both quarters of the semester are locked. ``progress(percent, message)``
    hears of each step (call it outside a transaction)."""
    day = on or timezone.localdate()
    semester = semester_check(actor, period)
    closing = semester.closing
    assert closing is not None  # a ready semester has both quarters
    agency = semester.agency

    def check() -> None:
        semester_check(actor, period)

    def stem(sequence: int) -> str:
        return f"LKS-{semester.year}-S{semester.number}-{slug(agency_short(agency))}-{sequence:03d}"

    def title() -> str:
        return str(
            _("Laporan Kinerja Semester %(roman)s Tahun %(year)s — %(agency)s")
            % {"roman": semester.roman, "year": semester.year, "agency": agency.name}
        )

    recipe = ReportRecipe(
        kind=DocumentKind.SEMESTER,
        agency=agency,
        year=semester.year,
        source=closing,
        check=check,
        number=lambda sequence: semester_number(semester=semester, sequence=sequence),
        stem=stem,
        render=period_report_renderer(
            lambda number: semester_report_data(semester, number=number, on=day)
        ),
        title=title,
    )
    return generate_versioned_report(actor=actor, recipe=recipe, progress=progress)
