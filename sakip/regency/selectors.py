"""Reads of the regency view (issue 11): every agency of the regency side by side, and one agency.

What the regency reader reads is settled (decision 0002): capaian of the latest **locked** quarter
from **accepted** data only (`indicator_results_by_agency(..., accepted_only=True,
locked_only=True)`), published documents through `GeneratedDocument.objects.restrict`, the SOP
compliance of completed tasks as a figure (never the tasks). Of the newest quarter still being
filled it reads how many units have sent and had accepted their data, and who is late: counts and
states, no values.

Every read is batched over the agencies of a page: the number of queries is the same for one
agency and for twenty. The capaian figures are kept per agency in the cache under the agency's
data version (figures.py); the rest is read live on every request.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sakip.accounts.types import Viewer
from sakip.core import data_stamp
from sakip.core.kept import digest, kept_under
from sakip.monitoring.category_style import BandCount
from sakip.monitoring.models import PeriodStatus, ReportingPeriod, SubmissionStatus, UnitSubmission
from sakip.monitoring.versions import data_versions
from sakip.organization.access import access_for
from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit
from sakip.procedures.compliance import Share, compliance_by_agency
from sakip.reports.models import GeneratedDocument
from sakip.reports.publishing import PUBLIC_KINDS

from .figures import ObjectiveBlock, RowFigures, agency_table, row_figures

PAGE_SIZE = 20

# A unit's state in the newest quarter as the regency reads it: never a draft's content.
UNIT_STATE_LABELS: dict[str, StrOrPromise] = {
    SubmissionStatus.DRAFT.value: _("Belum dikirim"),
    SubmissionStatus.SUBMITTED.value: _("Menunggu pemeriksaan"),
    SubmissionStatus.RETURNED.value: _("Dikembalikan untuk diperbaiki"),
    SubmissionStatus.ACCEPTED.value: _("Diterima"),
}
UNIT_STATE_BADGES = {
    SubmissionStatus.DRAFT.value: "text-bg-light border",
    SubmissionStatus.SUBMITTED.value: "text-bg-info",
    SubmissionStatus.RETURNED.value: "text-bg-warning",
    SubmissionStatus.ACCEPTED.value: "text-bg-success",
}


def kept_regency_agencies(user: Viewer, query: str = "") -> list[Unit]:
    """`regency_agencies`, kept until a unit or a position changes (per viewer and query)."""
    return kept_under(
        (data_stamp.PEOPLE,),
        f"regency-agencies-1:{access_for(user).signature()}:{digest([query])}",
        list,
        lambda: list(regency_agencies(user, query)),
    )


def regency_agencies(user: Viewer, query: str = "") -> QuerySet[Unit]:
    """The agencies (OPD) the user reads, by name; `query` keeps those whose name contains it."""
    agencies = Unit.objects.restrict(user, "view").filter(kind=UnitKind.AGENCY)
    if query:
        agencies = agencies.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    return agencies.order_by("name", "pk")


@dataclass
class SubmissionCounts:
    """The units of a quarter: how many, how many sent their data, had it accepted, are late."""

    total: int = 0
    sent: int = 0
    accepted: int = 0
    late: int = 0


@dataclass
class AgencyRow:
    agency: Unit
    # The latest locked quarter of the year (the one the capaian is of) and the newest quarter.
    locked: ReportingPeriod | None
    current: ReportingPeriod | None
    # The capaian of the locked quarter (cached, figures.py); None without a locked quarter.
    figures: RowFigures | None
    submissions: SubmissionCounts
    compliance: Share
    published: int

    @property
    def bands(self) -> tuple[BandCount, ...]:
        return self.figures.bands if self.figures is not None else ()

    @property
    def not_available(self) -> int:
        return self.figures.not_available if self.figures is not None else 0

    @property
    def average_display(self) -> Decimal | None:
        return self.figures.average if self.figures is not None else None


def _periods(agency_ids: list[int], year: int) -> dict[int, list[ReportingPeriod]]:
    by_agency: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in ReportingPeriod.objects.filter(agency_id__in=agency_ids, year=year).order_by(
        "quarter"
    ):
        by_agency[period.agency_id].append(period)
    return by_agency


def _submission_counts(
    periods: Sequence[ReportingPeriod], now: datetime.datetime
) -> dict[int, SubmissionCounts]:
    """Per period: units, sent, accepted and late (not sent by the deadline, or first sent after
    it, as the recap counts). The counts are read in one grouped query and kept until the
    figures' data changes; which unsent units are late is judged against the clock."""
    ids = sorted(p.pk for p in periods)
    counted = kept_under(
        (data_stamp.FIGURES,),
        f"regency-submission-counts-1:{digest(ids)}",
        dict,
        lambda: _counted_submissions(ids),
    )
    counts = {}
    for period in periods:
        if period.pk not in counted:
            continue
        total, sent, accepted, sent_late, unsent = counted[period.pk]
        overdue = period.deadline is not None and period.deadline < now
        counts[period.pk] = SubmissionCounts(
            total, sent, accepted, sent_late + (unsent if overdue else 0)
        )
    return counts


def _counted_submissions(period_ids: list[int]) -> dict[int, tuple[int, int, int, int, int]]:
    """Per period: units, sent, accepted, sent after the deadline, not sent."""
    rows = (
        UnitSubmission.objects.filter(period_id__in=period_ids)
        .order_by()
        .values("period_id")
        .annotate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(submitted_at__isnull=False)),
            accepted=Count("pk", filter=Q(status=SubmissionStatus.ACCEPTED)),
            sent_late=Count(
                "pk",
                filter=Q(period__deadline__isnull=False, submitted_at__gt=F("period__deadline")),
            ),
            unsent=Count("pk", filter=Q(submitted_at__isnull=True)),
        )
    )
    return {
        row["period_id"]: (
            row["total"],
            row["sent"],
            row["accepted"],
            row["sent_late"],
            row["unsent"],
        )
        for row in rows
    }


def _published_counts(user: Viewer, agency_ids: list[int], year: int) -> dict[int, int]:
    rows = (
        published_documents(user)
        .filter(agency_id__in=agency_ids, year=year)
        .order_by()
        .values("agency_id")
        .annotate(n=Count("pk"))
    )
    return {row["agency_id"]: row["n"] for row in rows}


def published_documents(user: Viewer) -> QuerySet[GeneratedDocument]:
    """The published documents of the public kinds the user may open."""
    return GeneratedDocument.objects.restrict(user, "view").filter(
        published_at__isnull=False, kind__in=PUBLIC_KINDS
    )


@dataclass
class _Live:
    """What the rows read live: the periods, the units' counts (late depends on the time), the
    SOP compliance and the published documents, and the agencies' data versions."""

    locked: dict[int, ReportingPeriod]
    current: dict[int, ReportingPeriod]
    counts: dict[int, SubmissionCounts]
    compliance: dict[int, Share]
    published: dict[int, int]
    versions: dict[int, str]


def _live(user: Viewer, ids: list[int], year: int, now: datetime.datetime) -> _Live:
    # The versions first: figures computed after a change are at worst stored under the older
    # version, never older figures under the newer one.
    versions = data_versions(ids, year)
    agencies = digest(ids)
    periods = kept_under(
        (data_stamp.FIGURES,),
        f"regency-periods-1:{year}:{agencies}",
        dict,
        lambda: dict(_periods(ids, year)),
    )
    locked = {
        pk: [p for p in rows if p.status == PeriodStatus.LOCKED][-1]
        for pk, rows in periods.items()
        if any(p.status == PeriodStatus.LOCKED for p in rows)
    }
    current = {pk: rows[-1] for pk, rows in periods.items()}
    return _Live(
        locked=locked,
        current=current,
        counts=_submission_counts(list(current.values()), now),
        compliance=kept_under(
            (data_stamp.TASKS,),
            f"regency-compliance-1:{year}:{agencies}",
            dict,
            lambda: compliance_by_agency(ids, year=year),
        ),
        published=kept_under(
            (data_stamp.FIGURES, data_stamp.PEOPLE),
            f"regency-published-1:{year}:{agencies}:{access_for(user).signature()}",
            dict,
            lambda: _published_counts(user, ids, year),
        ),
        versions=versions,
    )


def _row(agency: Unit, live: _Live, figures: RowFigures | None) -> AgencyRow:
    now_period = live.current.get(agency.pk)
    return AgencyRow(
        agency=agency,
        locked=live.locked.get(agency.pk),
        current=now_period,
        figures=figures,
        submissions=live.counts.get(now_period.pk, SubmissionCounts())
        if now_period is not None
        else SubmissionCounts(),
        compliance=live.compliance[agency.pk],
        published=live.published.get(agency.pk, 0),
    )


def agency_rows(
    user: Viewer, agencies: Sequence[Unit], year: int, *, now: datetime.datetime | None = None
) -> list[AgencyRow]:
    """One row per agency, in the given order: a fixed number of queries for all of them (and
    none for the capaian of the agencies whose figures are cached)."""
    ids = [agency.pk for agency in agencies]
    live = _live(user, ids, year, now or timezone.now())
    figures = row_figures(
        user,
        agencies,
        year,
        {pk: period.quarter for pk, period in live.locked.items()},
        live.versions,
    )
    return [_row(agency, live, figures.get(agency.pk)) for agency in agencies]


# --- one agency ----------------------------------------------------------------------------------


@dataclass
class UnitState:
    submission: UnitSubmission
    late: bool

    @property
    def label(self) -> StrOrPromise:
        return UNIT_STATE_LABELS.get(self.submission.status, "")

    @property
    def badge(self) -> str:
        return UNIT_STATE_BADGES.get(self.submission.status, "text-bg-secondary")


@dataclass
class AgencyDetail:
    row: AgencyRow
    objectives: tuple[ObjectiveBlock, ...]
    to_date_label: str
    units: list[UnitState]
    documents: list[GeneratedDocument]


def agency_detail(
    user: Viewer, agency: Unit, year: int, *, now: datetime.datetime | None = None
) -> AgencyDetail:
    """An agency's objectives and indicators (latest locked quarter and the year to it), its
    units' state in the newest quarter, its compliance and its published documents."""
    now = now or timezone.now()
    live = _live(user, [agency.pk], year, now)
    locked = live.locked.get(agency.pk)
    table = (
        agency_table(user, agency, year, locked.quarter, live.versions.get(agency.pk))
        if locked is not None
        else None
    )
    row = _row(agency, live, table.row if table is not None else None)
    units = []
    if row.current is not None:
        deadline = row.current.deadline
        for submission in (
            UnitSubmission.objects.filter(period=row.current)
            .select_related("unit")
            .only("status", "submitted_at", "unit__name", "unit__path", "period_id")
            .order_by("unit__path")
        ):
            late = deadline is not None and (
                submission.submitted_at > deadline
                if submission.submitted_at is not None
                else now > deadline
            )
            units.append(UnitState(submission, late))
    documents = list(
        published_documents(user).filter(agency=agency).order_by("-year", "kind", "-published_at")
    )
    return AgencyDetail(
        row,
        table.objectives if table is not None else (),
        table.to_date_label if table is not None else "",
        units,
        documents,
    )
