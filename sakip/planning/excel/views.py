"""Excel export of the plan (anyone, scoped to what they may see) and the import (planners only).

The import is the import framework's two steps (sakip.core.imports.flow): the upload is parsed
into a preview and kept under VAR_DIR/imports; the confirm POST parses it again and applies
everything in one transaction, or nothing. PlanImportFlow says what is particular to the plan. A
confirmation of many rows is applied by the background worker (``apply_plan_import``, decision
0014) and followed on its job page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tasks import task

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.imports import ApplyRefused, ImportFlow, Pending
from sakip.core.imports.models import ImportJob
from sakip.core.imports.rowcache import cache_path
from sakip.core.years import selected_year
from sakip.organization.access import access_for, get_object_for_user

from ..models import Renstra
from . import messages
from .export import XLSX_CONTENT_TYPE, export_filename, workbook_bytes
from .forms import ImportUploadForm
from .importer import ImportPlan, apply_plan, parse_workbook

SESSION_PREFIX = "planning_excel_import_"


def _resolve_renstra(request: HttpRequest, action: Any, raw_id: str | None) -> Renstra | None:
    """The Renstra asked for by id, else the one of the user's agency covering the selected year."""
    queryset = Renstra.objects.select_related("agency")
    if raw_id:
        try:
            pk = int(raw_id)
        except ValueError:
            raise Http404 from None
        return cast(Renstra, get_object_for_user(queryset, request.user, action, pk=pk))
    year = selected_year(request)
    candidates = list(
        queryset.restrict(request.user, action)
        .filter(start_year__lte=year, end_year__gte=year)
        .order_by("agency__path")
    )
    own_agencies = access_for(request.user).agency_ids
    for renstra in candidates:
        if renstra.agency_id in own_agencies:
            return renstra
    return candidates[0] if candidates else None


def _no_renstra(request: HttpRequest) -> HttpResponse:
    flash.warning(request, messages.NO_RENSTRA % {"year": selected_year(request)})
    return redirect("planning:tree")


@require_GET
@login_required
def export_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    renstra = _resolve_renstra(request, "view", request.GET.get("renstra"))
    if renstra is None:
        return _no_renstra(request)
    response = HttpResponse(
        workbook_bytes(user=request.user, renstra=renstra), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(renstra)}"'
    return response


# --- import ----------------------------------------------------------------------------------


class PlanImportFlow(ImportFlow[Renstra, ImportPlan, AuthenticatedHttpRequest]):
    form_class = ImportUploadForm
    form_template = "planning/excel/import_form.html"
    preview_template = "planning/excel/import_preview.html"
    session_prefix = SESSION_PREFIX
    expired = messages.IMPORT_EXPIRED
    has_errors_message = messages.IMPORT_HAS_ERRORS
    nothing_to_apply = messages.NOTHING_TO_APPLY
    changed_since_preview = messages.CHANGED_SINCE_PREVIEW
    job_kind = "planning.plan"
    job_template = "planning/excel/import_job.html"

    def parse(self, request: AuthenticatedHttpRequest, path: Path, target: Renstra) -> ImportPlan:
        # The confirmation reads the rows the preview kept instead of the workbook (rowcache).
        return parse_workbook(
            str(path), user=request.user, renstra=target, rows_cache=cache_path(path)
        )

    def state(self, target: Renstra) -> dict[str, Any]:
        return {"renstra": target.pk}

    def pending_target(
        self, request: AuthenticatedHttpRequest, target: Renstra | None, state: dict[str, Any]
    ) -> Renstra | None:
        # The confirmation names only the upload: the Renstra is the one it was previewed for.
        return cast(
            Renstra,
            get_object_for_user(
                Renstra.objects.select_related("agency"),
                request.user,
                "change",
                pk=state["renstra"],
            ),
        )

    def apply(
        self,
        request: AuthenticatedHttpRequest,
        target: Renstra,
        preview: ImportPlan,
        pending: Pending,
    ) -> str:
        result = apply_plan(preview, actor=request.user)
        if result is None:
            raise ApplyRefused([messages.IMPORT_FAILED])
        return str(messages.IMPORT_DONE % {"created": result.created, "updated": result.updated})

    def upload_url(self, target: Renstra | None) -> str:
        url = reverse("planning:import")
        return f"{url}?renstra={target.pk}" if target is not None else url

    def form_url(self, target: Renstra) -> str:
        return reverse("planning:import")  # the Renstra travels in a hidden field

    def confirm_url(self, target: Renstra) -> str:
        return reverse("planning:import_confirm")

    def done_url(self, target: Renstra) -> str:
        return reverse("planning:tree")

    def job_url(self, job: ImportJob) -> str:
        return reverse("planning:import_job", args=[job.pk])

    def enqueue(self, job_id: int) -> Any:
        return apply_plan_import.enqueue(job_id)

    def confirm_question(self, preview: ImportPlan) -> str:
        counts = preview.counts
        return str(messages.CONFIRM_APPLY % {"new": counts["new"], "changed": counts["update"]})

    def context(self, request: AuthenticatedHttpRequest, target: Renstra) -> dict[str, Any]:
        return {"renstra": target}


PLAN_IMPORT = PlanImportFlow()


@task()
def apply_plan_import(job_id: int) -> None:
    """The worker's half of a large plan import: checks again, applies all or nothing."""
    PLAN_IMPORT.run_job(job_id)


def _require_planner(request: HttpRequest) -> None:
    if not access_for(request.user).is_planner:
        raise Http404


@require_http_methods(["GET", "POST"])
@login_required
def import_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_planner(request)
    data = request.POST if request.method == "POST" else request.GET
    renstra = _resolve_renstra(request, "change", data.get("renstra"))
    if renstra is None:
        return _no_renstra(request)
    return PLAN_IMPORT.upload(request, renstra)


@require_POST
@login_required
def import_confirm_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_planner(request)
    return PLAN_IMPORT.confirm(request, None)


@require_GET
@login_required
def import_job_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress and result of a plan import applied in the background: its owner's only."""
    _require_planner(request)
    return PLAN_IMPORT.job_page(request, pk)
