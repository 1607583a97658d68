"""Pages of the quarterly report (SOP 2 steps 3–4): the report of a quarter on screen, its charts,
the "Buat laporan" action and the generated versions.

"Buat laporan" checks permission and readiness at once, then starts a background job
(sakip.reports.jobs) and sends the user to its page; the report page lists the user's jobs still
being made, so someone who left can come back to them.

The page, the DOCX, the PDF and the XLSX are all laid out from `quarterly_report_data`, so they
show the same numbers. The report covers the whole agency: it is shown to the agency-wide roles
(and the regency's viewers); anyone else gets a 404. Generating is for the agency's planners.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.monitoring.access import get_period_for_user, is_reviewer, reads_period_report
from sakip.monitoring.capaian import ROMAN
from sakip.monitoring.models import ReportingPeriod
from sakip.organization.access import restrict
from sakip.reports import charts
from sakip.reports.jobs import report_job_start
from sakip.reports.models import DocumentKind, GeneratedDocument
from sakip.reports.selectors import active_jobs

from .cached import kept_page_report, page_report_data, report_tables_html
from .semester import (
    semester_check,
    semester_for,
    semester_report_data,
    semester_versions,
)
from .services import quarterly_versions


def _chart_urls(name: str, period: ReportingPeriod) -> tuple[str, str]:
    return reverse(name, args=[period.pk, "capaian"]), reverse(name, args=[period.pk, "serapan"])


def _report_period(request: HttpRequest, pk: int) -> ReportingPeriod:
    period = get_period_for_user(request.user, pk)
    if not reads_period_report(request.user, period):
        raise Http404
    return period


@login_required
@require_GET
def quarterly_report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The quarters whose report the user may see, newest first, with their number of versions
    (two queries whatever the number of quarters)."""
    # The agencies the user sees whole: `_report_period` answers 404 for any other period.
    # The periods' own rule too: the regency reader lists the locked quarters only.
    periods = list(
        restrict(
            ReportingPeriod.objects.restrict(request.user, "view").select_related("agency"),
            request.user,
            "view",
            "agency",
        ).order_by("agency__name", "-year", "-quarter")
    )
    counts = dict(
        GeneratedDocument.objects.filter(
            kind=DocumentKind.QUARTERLY,
            source_type=ReportingPeriod._meta.label_lower,
            source_id__in=[str(p.pk) for p in periods],
        )
        .order_by()
        .values("source_id")
        .annotate(n=Count("pk"))
        .values_list("source_id", "n")
    )
    for period in periods:
        period.version_count = counts.get(str(period.pk), 0)  # type: ignore[attr-defined]
    return render(request, "reports/quarterly/quarterly_list.html", {"periods": periods})


@login_required
@require_GET
def quarterly_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _report_period(request, pk)
    data, key = kept_page_report(period, on=timezone.localdate())
    return render(
        request,
        "reports/quarterly/quarterly.html",
        {
            "period": period,
            "doc": data,
            "h": data.headers,
            "tables_html": report_tables_html(
                data,
                chart_urls=_chart_urls("reports:quarterly_report_chart", period),
                data_key=key,
            ),
            "versions": quarterly_versions(period),
            "can_generate": is_reviewer(request.user, period),
            "can_publish": is_reviewer(request.user, period),
            "active_jobs": active_jobs(request.user, kind=DocumentKind.QUARTERLY, period=period.pk),
        },
    )


@login_required
@require_GET
def quarterly_report_chart(request: AuthenticatedHttpRequest, pk: int, name: str) -> HttpResponse:
    """The report's chart as a PNG, the same image the DOCX and PDF embed."""
    period = _report_period(request, pk)
    data = page_report_data(period, on=timezone.localdate())
    spec = {"capaian": data.capaian_chart, "serapan": data.absorption_chart}.get(name)
    if spec is None or not spec.bars:
        raise Http404
    response = HttpResponse(charts.cached_png(spec), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def quarterly_report_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _report_period(request, pk)
    if not is_reviewer(request.user, period):
        raise PermissionDenied
    job = report_job_start(
        actor=request.user,
        kind=DocumentKind.QUARTERLY,
        params={"period": period.pk},
        agency=period.agency,
        year=period.year,
        return_url=reverse("reports:quarterly_report", args=[period.pk]),
        title=_("Laporan Kinerja Triwulan %(roman)s Tahun %(year)s")
        % {"roman": ROMAN[period.quarter], "year": period.year},
    )
    return redirect("reports:job", pk=job.pk)


# --- semester report (SOP 2 steps 6–8) -------------------------------------------------------


@login_required
@require_GET
def semester_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The report of the semester containing the period ``pk`` (TW I/II → Semester I)."""
    period = _report_period(request, pk)
    semester = semester_for(period)
    data = semester_report_data(semester, on=timezone.localdate())
    return render(
        request,
        "reports/quarterly/semester.html",
        {
            "period": period,
            "semester": semester,
            "doc": data,
            "h": data.headers,
            "tables_html": report_tables_html(
                data, chart_urls=_chart_urls("reports:semester_report_chart", period)
            ),
            "versions": semester_versions(semester),
            "can_generate": is_reviewer(request.user, period) and semester.is_ready,
            "can_publish": is_reviewer(request.user, period),
            "not_ready": "" if semester.is_ready else semester.not_ready_message(),
            "active_jobs": (
                active_jobs(request.user, kind=DocumentKind.SEMESTER, period=semester.closing.pk)
                if semester.closing
                else []
            ),
        },
    )


@login_required
@require_GET
def semester_report_chart(request: AuthenticatedHttpRequest, pk: int, name: str) -> HttpResponse:
    period = _report_period(request, pk)
    data = semester_report_data(semester_for(period), on=timezone.localdate())
    spec = {"capaian": data.capaian_chart, "serapan": data.absorption_chart}.get(name)
    if spec is None or not spec.bars:
        raise Http404
    response = HttpResponse(charts.cached_png(spec), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def semester_report_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _report_period(request, pk)
    if not is_reviewer(request.user, period):
        raise PermissionDenied
    try:
        semester = semester_check(request.user, period)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reports:semester_report", pk=period.pk)
    closing = semester.closing
    assert closing is not None  # a ready semester has both quarters
    job = report_job_start(
        actor=request.user,
        kind=DocumentKind.SEMESTER,
        # The closing quarter names the semester, whichever quarter's page the user came from.
        params={"period": closing.pk},
        agency=semester.agency,
        year=semester.year,
        return_url=reverse("reports:semester_report", args=[period.pk]),
        title=_("Laporan Kinerja Semester %(roman)s Tahun %(year)s")
        % {"roman": semester.roman, "year": semester.year},
    )
    return redirect("reports:job", pk=job.pk)
