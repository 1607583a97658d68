"""The quarterly Excel round trip of one unit submission: download the pre-filled template, upload
it filled, see the preview (old → new, row errors), confirm.

Only the unit's own people reach these pages (sakip.monitoring.access.works_in_unit: the unit and
the units below it, as in SOP 2 a Kepala Seksi supplies the data of their Bidang, or an
administrator); everyone else gets a 404, existing or not. While the data cannot be changed (its
quarter is locked, or it was sent or accepted, perhaps meanwhile by a colleague) the upload page
says why, by whom and when (services.edit_refusal) instead of taking a file.

The upload is kept as a file under VAR_DIR/imports between preview and confirm (the plan import's
helpers), with its token and the fingerprint of the preview in the session; the confirm POST
parses the file again and applies it only if the preview is still what the user saw.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sakip.core.uploads import remove_stale_uploads, store_upload, upload_path

from .. import access, services
from ..models import UnitSubmission
from . import messages
from .forms import TemplateUploadForm
from .importer import ExcelPreview, apply_preview, parse_upload
from .template import XLSX_CONTENT_TYPE, template_bytes, template_filename

SESSION_PREFIX = "monitoring_excel_upload_"


# --- access ------------------------------------------------------------------------------------


def get_unit_submission(user: Any, pk: int) -> UnitSubmission:
    """The submission, if the user is one of its unit's people (the cycle's access rules); else
    a 404. Whether it can be changed now is `services.edit_refusal`'s answer."""
    submission = (
        access.submissions_for(user)
        .select_related("period__agency", "unit", "reviewed_by__employee")
        .filter(pk=pk)
        .first()
    )
    if submission is None or not access.works_in_unit(user, submission.unit):
        raise Http404
    return submission


def submission_url(submission: UnitSubmission) -> str:
    """The submission's entry page of the quarterly cycle (where the Excel links are)."""
    return reverse(
        "monitoring:submission_detail",
        kwargs={"period_pk": submission.period_id, "unit_pk": submission.unit_id},
    )


# --- the pending upload ------------------------------------------------------------------------


def _session_key(submission: UnitSubmission) -> str:
    return f"{SESSION_PREFIX}{submission.pk}"


def _discard(request: HttpRequest, submission: UnitSubmission) -> None:
    """Forget the pending upload of this submission and delete its file."""
    state = request.session.pop(_session_key(submission), None)
    if state:
        with contextlib.suppress(ValueError, OSError):
            upload_path(state["token"]).unlink(missing_ok=True)


# --- pages -------------------------------------------------------------------------------------


def _refused(
    request: HttpRequest, submission: UnitSubmission, refusal: ValidationError
) -> HttpResponse:
    """The upload page without its form, saying why the data cannot be changed now."""
    _discard(request, submission)
    return render(
        request,
        "monitoring/excel/upload.html",
        {
            "submission": submission,
            "form": None,
            "refusal": " ".join(str(m) for m in refusal.messages),
            "back_url": submission_url(submission),
        },
        status=409,
    )


@require_GET
@login_required
def template_view(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_unit_submission(request.user, pk)
    refusal = services.edit_refusal(submission)
    if refusal is not None:
        return _refused(request, submission, refusal)
    response = HttpResponse(template_bytes(submission), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(submission)}"'
    return response


def _upload_form(
    request: HttpRequest, submission: UnitSubmission, form: TemplateUploadForm
) -> HttpResponse:
    return render(
        request,
        "monitoring/excel/upload.html",
        {"submission": submission, "form": form, "back_url": submission_url(submission)},
    )


def _preview(
    request: HttpRequest,
    submission: UnitSubmission,
    preview: ExcelPreview,
    *,
    token: str | None,
    filename: str,
) -> HttpResponse:
    return render(
        request,
        "monitoring/excel/preview.html",
        {
            "submission": submission,
            "preview": preview,
            "token": token,
            "filename": filename,
            "back_url": submission_url(submission),
            "can_apply": token is not None and not preview.has_errors and preview.has_changes,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_unit_submission(request.user, pk)
    refusal = services.edit_refusal(submission)
    if refusal is not None:  # e.g. "Data TW I 2026 sudah dikunci. ..."
        return _refused(request, submission, refusal)
    if request.method == "GET":
        return _upload_form(request, submission, TemplateUploadForm())

    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_form(request, submission, form)
    _discard(request, submission)
    remove_stale_uploads()
    upload = form.cleaned_data["file"]
    token = store_upload(upload)
    path = upload_path(token)
    preview = parse_upload(str(path), submission=submission)
    if preview.has_errors or not preview.has_changes:
        # Nothing to confirm: the file is of no further use.
        path.unlink(missing_ok=True)
        return _preview(request, submission, preview, token=None, filename=upload.name)
    request.session[_session_key(submission)] = {
        "token": token,
        "filename": upload.name,
        "digest": preview.digest(),
    }
    return _preview(request, submission, preview, token=token, filename=upload.name)


@require_POST
@login_required
def confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_unit_submission(request.user, pk)
    refusal = services.edit_refusal(submission)
    if refusal is not None:  # locked or sent between the preview and the confirmation
        return _refused(request, submission, refusal)
    state: dict[str, Any] = request.session.get(_session_key(submission)) or {}
    token = request.POST.get("token", "")
    path = None
    if token and token == state.get("token"):
        with contextlib.suppress(ValueError):
            path = upload_path(token)
    if path is None or not path.exists():
        flash.error(request, messages.UPLOAD_EXPIRED)
        return redirect("monitoring:excel_upload", pk=submission.pk)
    filename = state.get("filename", "")

    # Parse and validate again: the submission may have changed since the preview.
    preview = parse_upload(str(path), submission=submission)
    if preview.has_errors:
        _discard(request, submission)
        flash.error(request, messages.HAS_ERRORS)
        return _preview(request, submission, preview, token=None, filename=filename)
    if preview.digest() != state.get("digest"):
        state["digest"] = preview.digest()
        request.session[_session_key(submission)] = state
        flash.warning(request, messages.CHANGED_SINCE_PREVIEW)
        return _preview(request, submission, preview, token=token, filename=filename)
    if not preview.has_changes:
        _discard(request, submission)
        flash.info(request, messages.NOTHING_TO_APPLY)
        return redirect(submission_url(submission))

    try:
        # The version read now: the preview just matched it, and a save racing in between is
        # refused by the service instead of overwritten.
        result = apply_preview(preview, actor=request.user, expected_version=submission.version)
    except ValidationError as exc:
        _discard(request, submission)
        reason = " ".join(str(m) for m in exc.messages)
        flash.error(request, messages.APPLY_FAILED % {"reason": reason})
        return _preview(request, submission, preview, token=None, filename=filename)
    _discard(request, submission)
    flash.success(
        request,
        messages.APPLIED % {"indicators": result.indicators, "progress": result.progress},
    )
    return redirect(submission_url(submission))
