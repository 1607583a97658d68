"""Excel export of the plan (anyone, scoped to what they may see) and the import (planners only).

The import is two steps: the upload is parsed into a preview and kept under VAR_DIR/imports;
the confirm POST parses it again and applies everything in one transaction, or nothing.
"""

from __future__ import annotations

import contextlib
from typing import Any, cast

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sakip.core.uploads import remove_stale_uploads, store_upload, upload_path
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
def export_view(request: HttpRequest) -> HttpResponse:
    renstra = _resolve_renstra(request, "view", request.GET.get("renstra"))
    if renstra is None:
        return _no_renstra(request)
    response = HttpResponse(
        workbook_bytes(user=request.user, renstra=renstra), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(renstra)}"'
    return response


# --- import ----------------------------------------------------------------------------------


def _require_planner(request: HttpRequest) -> None:
    if not access_for(request.user).is_planner:
        raise Http404


def _session_key(request: HttpRequest) -> str:
    return f"{SESSION_PREFIX}{request.user.pk}"


def _discard(request: HttpRequest) -> None:
    """Forget the pending upload of this user and delete its file."""
    state = request.session.pop(_session_key(request), None)
    if state:
        with contextlib.suppress(ValueError, OSError):
            upload_path(state["token"]).unlink(missing_ok=True)


def _preview(
    request: HttpRequest, plan: ImportPlan, *, token: str | None, filename: str
) -> HttpResponse:
    return render(
        request,
        "planning/excel/import_preview.html",
        {
            "plan": plan,
            "renstra": plan.renstra,
            "counts": plan.counts,
            "token": token,
            "filename": filename,
            "can_apply": token is not None and not plan.has_errors and plan.has_changes,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    _require_planner(request)
    data = request.POST if request.method == "POST" else request.GET
    renstra = _resolve_renstra(request, "change", data.get("renstra"))
    if renstra is None:
        return _no_renstra(request)
    if request.method == "GET":
        form = ImportUploadForm()
        return render(
            request, "planning/excel/import_form.html", {"form": form, "renstra": renstra}
        )

    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "planning/excel/import_form.html", {"form": form, "renstra": renstra}
        )
    _discard(request)
    remove_stale_uploads()
    upload = form.cleaned_data["file"]
    token = store_upload(upload)
    plan = parse_workbook(str(upload_path(token)), user=request.user, renstra=renstra)
    if plan.has_errors:
        # Nothing to confirm: the file is of no further use.
        upload_path(token).unlink(missing_ok=True)
        return _preview(request, plan, token=None, filename=upload.name)
    request.session[_session_key(request)] = {
        "token": token,
        "renstra": renstra.pk,
        "filename": upload.name,
        "digest": plan.digest(),
    }
    return _preview(request, plan, token=token, filename=upload.name)


@require_POST
@login_required
def import_confirm_view(request: HttpRequest) -> HttpResponse:
    _require_planner(request)
    state: dict[str, Any] = request.session.get(_session_key(request)) or {}
    token = request.POST.get("token", "")
    path = None
    if token and token == state.get("token"):
        with contextlib.suppress(ValueError):
            path = upload_path(token)
    if path is None or not path.exists():
        flash.error(request, messages.IMPORT_EXPIRED)
        return redirect("planning:import")
    renstra = cast(
        Renstra,
        get_object_for_user(
            Renstra.objects.select_related("agency"), request.user, "change", pk=state["renstra"]
        ),
    )
    filename = state.get("filename", "")

    # Parse and validate again: the plan may have changed since the preview.
    plan = parse_workbook(str(path), user=request.user, renstra=renstra)
    if plan.has_errors:
        _discard(request)
        flash.error(request, messages.IMPORT_HAS_ERRORS)
        return _preview(request, plan, token=None, filename=filename)
    if plan.digest() != state.get("digest"):
        state["digest"] = plan.digest()
        request.session[_session_key(request)] = state
        flash.warning(request, messages.CHANGED_SINCE_PREVIEW)
        return _preview(request, plan, token=token, filename=filename)
    if not plan.has_changes:
        _discard(request)
        flash.info(request, messages.NOTHING_TO_APPLY)
        return redirect("planning:tree")

    result = apply_plan(plan, actor=request.user)
    _discard(request)
    if result is None:
        flash.error(request, messages.IMPORT_FAILED)
        return _preview(request, plan, token=None, filename=filename)
    flash.success(
        request, messages.IMPORT_DONE % {"created": result.created, "updated": result.updated}
    )
    return redirect("planning:tree")
