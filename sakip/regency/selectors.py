"""Reads of the regency view (issue 11): every agency of the regency side by side, and one agency.

What the regency reader reads is settled (decision 0002): capaian of the latest **locked** quarter
from **accepted** data only (`indicator_results_by_agency(..., accepted_only=True,
locked_only=True)`), published documents through `GeneratedDocument.objects.restrict`, the SOP
compliance of completed tasks as a figure (never the tasks). Of the newest quarter still being
filled it reads how many units have sent and had accepted their data, and who is late: counts and
states, no values.

Every read is batched over the agencies of a page: the number of queries is the same for one
agency and for twenty.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sakip.accounts.types import Viewer
from sakip.measurement import CapaianResult, Period, average_capaian, default_scale
from sakip.monitoring.capaian import IndicatorResult, indicator_results_by_agency
from sakip.monitoring.category_style import category_badge
from sakip.monitoring.models import PeriodStatus, ReportingPeriod, SubmissionStatus, UnitSubmission
from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit
from sakip.planning.models import Objective
from sakip.procedures.compliance import Share, compliance_by_agency
from sakip.reports.models import GeneratedDocument
from sakip.reports.publishing import PUBLIC_KINDS

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


def regency_agencies(user: Viewer, query: str = "") -> QuerySet[Unit]:
    """The agencies (OPD) the user reads, by name; `query` keeps those whose name contains it."""
    agencies = Unit.objects.restrict(user, "view").filter(kind=UnitKind.AGENCY)
    if query:
        agencies = agencies.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    return agencies.order_by("name", "pk")


@dataclass
class BandCount:
    key: str
    label: str
    count: int

    @property
    def badge(self) -> str:
        return category_badge(self.key)


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
    results: list[IndicatorResult]
    bands: list[BandCount]
    not_available: int
    average: CapaianResult | None
    submissions: SubmissionCounts
    compliance: Share
    published: int

    @property
    def average_display(self) -> object:
        return self.average.display if self.average is not None else None


def _bands(results: Sequence[IndicatorResult]) -> tuple[list[BandCount], int]:
    """Indicators per category band (highest band first, empty bands left out) and those n/a."""
    counts = Counter(r.category.key for r in results if r.category is not None)
    labels = {r.category.key: r.category.label for r in results if r.category is not None}
    order = [band.key for band in reversed(default_scale(exceeds_target_band=True).bands)]
    keys = sorted(counts, key=lambda k: order.index(k) if k in order else len(order))
    bands = [BandCount(key, labels[key], counts[key]) for key in keys]
    return bands, sum(1 for r in results if r.category is None)


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
    it, as the recap counts), in one grouped query."""
    late = Q(period__deadline__isnull=False) & (
        Q(submitted_at__gt=F("period__deadline"))
        | Q(submitted_at__isnull=True, period__deadline__lt=now)
    )
    rows = (
        UnitSubmission.objects.filter(period_id__in=[p.pk for p in periods])
        .order_by()
        .values("period_id")
        .annotate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(submitted_at__isnull=False)),
            accepted=Count("pk", filter=Q(status=SubmissionStatus.ACCEPTED)),
            late=Count("pk", filter=late),
        )
    )
    return {
        row["period_id"]: SubmissionCounts(row["total"], row["sent"], row["accepted"], row["late"])
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


def agency_rows(
    user: Viewer, agencies: Sequence[Unit], year: int, *, now: datetime.datetime | None = None
) -> list[AgencyRow]:
    """One row per agency, in the given order: a fixed number of queries for all of them."""
    now = now or timezone.now()
    ids = [agency.pk for agency in agencies]
    periods = _periods(ids, year)
    locked = {
        pk: [p for p in rows if p.status == PeriodStatus.LOCKED][-1]
        for pk, rows in periods.items()
        if any(p.status == PeriodStatus.LOCKED for p in rows)
    }
    current = {pk: rows[-1] for pk, rows in periods.items()}
    results = indicator_results_by_agency(
        agencies=agencies,
        year=year,
        period={pk: Period.quarter(p.quarter) for pk, p in locked.items()},
        user=user,
        accepted_only=True,
        locked_only=True,
    )
    counts = _submission_counts(list(current.values()), now)
    compliance = compliance_by_agency(ids, year=year)
    published = _published_counts(user, ids, year)
    rows = []
    for agency in agencies:
        own = results[agency.pk]
        bands, not_available = _bands(own)
        now_period = current.get(agency.pk)
        rows.append(
            AgencyRow(
                agency=agency,
                locked=locked.get(agency.pk),
                current=now_period,
                results=own,
                bands=bands,
                not_available=not_available,
                average=average_capaian(r.capaian for r in own) if own else None,
                submissions=counts.get(now_period.pk, SubmissionCounts())
                if now_period is not None
                else SubmissionCounts(),
                compliance=compliance[agency.pk],
                published=published.get(agency.pk, 0),
            )
        )
    return rows


# --- one agency ----------------------------------------------------------------------------------


@dataclass
class IndicatorLine:
    quarter: IndicatorResult
    to_date: IndicatorResult | None

    @property
    def indicator(self) -> object:
        return self.quarter.indicator

    @property
    def quarter_badge(self) -> str:
        return category_badge(self.quarter.category_key)

    @property
    def to_date_badge(self) -> str:
        return category_badge(self.to_date.category_key) if self.to_date else ""


@dataclass
class ObjectiveBlock:
    objective: Objective
    lines: list[IndicatorLine] = field(default_factory=list)


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
    objectives: list[ObjectiveBlock]
    to_date_label: str
    units: list[UnitState]
    documents: list[GeneratedDocument]


def agency_detail(
    user: Viewer, agency: Unit, year: int, *, now: datetime.datetime | None = None
) -> AgencyDetail:
    """An agency's objectives and indicators (latest locked quarter and the year to it), its
    units' state in the newest quarter, its compliance and its published documents."""
    now = now or timezone.now()
    row = agency_rows(user, [agency], year, now=now)[0]
    to_date: dict[int, IndicatorResult] = {}
    to_date_label = ""
    if row.locked is not None:
        to_date_period = Period.to_date(row.locked.quarter)
        to_date_label = to_date_period.label_id
        to_date = {
            r.indicator.pk: r
            for r in indicator_results_by_agency(
                agencies=[agency],
                year=year,
                period=to_date_period,
                user=user,
                accepted_only=True,
                locked_only=True,
            )[agency.pk]
        }
    blocks: dict[int, ObjectiveBlock] = {}
    for result in row.results:
        block = blocks.setdefault(result.objective.pk, ObjectiveBlock(result.objective))
        block.lines.append(IndicatorLine(result, to_date.get(result.indicator.pk)))
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
    return AgencyDetail(row, list(blocks.values()), to_date_label, units, documents)
