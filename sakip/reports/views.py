"""The document archive, access-checked downloads, the page of a report job, and publishing.

Files live under MEDIA_ROOT, which is never served directly: every download goes through
`get_document_for_user`, so a document outside the user's scope is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HTMX_STOP_POLLING

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.years import year_from_query

from . import selectors
from .access import get_document_for_user, get_job_for_user, is_publishable, may_publish
from .downloads import document_file
from .jobs import report_job_retry, stop_reason
from .models import DocumentKind, JobStatus
from .publishing import document_publish, with_publication_blocks

# A queued job still waiting after this long probably has no worker to run it: say so.
WORKER_HINT_AFTER_SECONDS = 60

PAGE_SIZE = 25


@login_required
@require_GET
def archive(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = year_from_query(request)
    kind = request.GET.get("kind", "")
    documents = selectors.archive_documents(request.user, year=year, kind=kind)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    shown: list[Any] = list(page.object_list)
    for document in shown:
        document.publishable = is_publishable(document.kind)
        document.may_publish = not document.published_at and may_publish(request.user, document)
    with_publication_blocks(shown)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/archive.html",
        {
            "page": page,
            "jobs": selectors.recent_jobs(request.user),
            "archive_path": request.get_full_path(),
            "years": selectors.archive_years(request.user),
            "kinds": DocumentKind.choices,
            "year": year,
            "kind": kind if kind in DocumentKind.values else "",
            "filter_query": query.urlencode(),
        },
    )


def _download(request: HttpRequest, pk: int, extension: str) -> FileResponse:
    return document_file(get_document_for_user(request.user, pk), extension)


@login_required
@require_GET
def download_docx(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "docx")


@login_required
@require_GET
def download_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "pdf")


@login_required
@require_GET
def download_xlsx(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "xlsx")


# --- report jobs -----------------------------------------------------------------------------


@login_required
@require_GET
def job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The job page, and (for htmx, every second) its status partial. A job no longer on its way
    (finished, or silent for too long and so shown as stopped) answers the partial with HTTP 286,
    which tells htmx to stop polling."""
    report_job = get_job_for_user(request.user, pk)
    waited = (timezone.now() - report_job.created_at).total_seconds()
    context = {
        "job": report_job,
        "document": report_job.document,
        "show_worker_hint": report_job.is_active
        and report_job.status == JobStatus.QUEUED
        and waited > WORKER_HINT_AFTER_SECONDS,
        "stop_reason": stop_reason(report_job),
        "back_url": report_job.return_url or reverse("reports:archive"),
    }
    if getattr(request, "htmx", False):
        status = 200 if report_job.is_active else HTMX_STOP_POLLING
        return render(request, "reports/_job_status.html", context, status=status)
    return render(request, "reports/job.html", context)


@login_required
@require_POST
def job_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Coba lagi" on a failed or stopped job: a new job for the same document, then its page."""
    report_job = get_job_for_user(request.user, pk)
    try:
        retried = report_job_retry(actor=request.user, job=report_job)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reports:job", pk=report_job.pk)
    return redirect("reports:job", pk=retried.pk)


# --- publishing ------------------------------------------------------------------------------


def _next_url(request: HttpRequest, fallback: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Publishing cannot be undone: a GET shows what will happen and asks; the POST publishes."""
    document = get_document_for_user(request.user, pk)
    if not may_publish(request.user, document):
        raise PermissionDenied
    back = _next_url(request, f"{reverse('reports:archive')}#document-{document.pk}")
    if request.method == "POST":
        try:
            document_publish(actor=request.user, document=document)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Dokumen nomor %(number)s telah diterbitkan.")
                % {"number": document.number or document.title},
            )
        return redirect(back)
    with_publication_blocks([document])
    return render(request, "reports/publish_confirm.html", {"document": document, "back": back})
