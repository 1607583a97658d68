"""The quarterly Excel round trip of one unit submission: download the pre-filled template, upload
it filled, see the preview (old → new, row errors), confirm.

Only the unit's own people reach these pages (sakip.monitoring.access.works_in_unit: the unit and
the units below it, as in SOP 2 a Kepala Seksi supplies the data of their Bidang, or an
administrator); everyone else gets a 404, existing or not. While the data cannot be changed (its
quarter is locked, or it was sent or accepted, perhaps meanwhile by a colleague) the upload page
says why, by whom and when (services.edit_refusal) instead of taking a file.

The upload, preview and confirmation are the import framework's (sakip.core.imports.flow): the file
is kept under VAR_DIR/imports between preview and confirm, with its token and the fingerprint of
the preview in the session; the confirm POST parses the file again and applies it only if the
preview is still what the user saw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sakip.accounts.types import AuthenticatedHttpRequest, Viewer
from sakip.core.imports import ApplyRefused, ImportFlow, Pending

from .. import access, services
from ..models import UnitSubmission
from . import messages
from .forms import TemplateUploadForm
from .importer import ExcelPreview, apply_preview, parse_upload
from .template import XLSX_CONTENT_TYPE, template_bytes, template_filename

SESSION_PREFIX = "monitoring_excel_upload_"


# --- access ------------------------------------------------------------------------------------


def get_unit_submission(user: Viewer, pk: int) -> UnitSubmission:
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


# --- the import --------------------------------------------------------------------------------


class SubmissionImportFlow(ImportFlow[UnitSubmission, ExcelPreview, AuthenticatedHttpRequest]):
    """The quarterly template on the import framework: one pending upload per submission; data
    saved meanwhile shows the new preview to confirm again."""

    form_class = TemplateUploadForm
    form_template = "monitoring/excel/upload.html"
    preview_template = "monitoring/excel/preview.html"
    element_prefix = "excel"
    session_prefix = SESSION_PREFIX
    expired = messages.UPLOAD_EXPIRED
    has_errors_message = messages.HAS_ERRORS
    nothing_to_apply = messages.NOTHING_TO_APPLY
    changed_since_preview = messages.CHANGED_SINCE_PREVIEW

    def session_key(self, request: AuthenticatedHttpRequest, target: UnitSubmission | None) -> str:
        assert target is not None
        return f"{self.session_prefix}{target.pk}"

    def parse(
        self, request: AuthenticatedHttpRequest, path: Path, target: UnitSubmission
    ) -> ExcelPreview:
        return parse_upload(str(path), submission=target)

    def apply(
        self,
        request: AuthenticatedHttpRequest,
        target: UnitSubmission,
        preview: ExcelPreview,
        pending: Pending,
    ) -> str:
        try:
            # The version read now: the preview just matched it, and a save racing in between
            # is refused by the service instead of overwritten.
            result = apply_preview(preview, actor=request.user, expected_version=target.version)
        except ValidationError as exc:
            reason = " ".join(str(m) for m in exc.messages)
            raise ApplyRefused([messages.APPLY_FAILED % {"reason": reason}]) from None
        return str(
            messages.APPLIED % {"indicators": result.indicators, "progress": result.progress}
        )

    def upload_url(self, target: UnitSubmission | None) -> str:
        assert target is not None
        return reverse("monitoring:excel_upload", args=[target.pk])

    def confirm_url(self, target: UnitSubmission) -> str:
        return reverse("monitoring:excel_confirm", args=[target.pk])

    def done_url(self, target: UnitSubmission) -> str:
        return submission_url(target)

    def confirm_question(self, preview: ExcelPreview) -> str:
        return str(
            messages.CONFIRM_APPLY
            % {
                "indicators": preview.indicator_counts["update"],
                "progress": preview.progress_counts["update"],
            }
        )

    def context(self, request: AuthenticatedHttpRequest, target: UnitSubmission) -> dict[str, Any]:
        return {"submission": target, "back_url": submission_url(target)}


SUBMISSION_IMPORT = SubmissionImportFlow()


# --- pages -------------------------------------------------------------------------------------


def _refused(
    request: AuthenticatedHttpRequest, submission: UnitSubmission, refusal: ValidationError
) -> HttpResponse:
    """The upload page without its form, saying why the data cannot be changed now."""
    SUBMISSION_IMPORT.discard(request, submission)
    return render(
        request,
        "monitoring/excel/upload.html",
        {
            **SUBMISSION_IMPORT.context(request, submission),
            "form": None,
            "refusal": " ".join(str(m) for m in refusal.messages),
        },
        status=409,
    )


@require_GET
@login_required
def template_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = get_unit_submission(request.user, pk)
    refusal = services.edit_refusal(submission)
    if refusal is not None:
        return _refused(request, submission, refusal)
    response = HttpResponse(template_bytes(submission), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(submission)}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def upload_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = get_unit_submission(request.user, pk)
    refusal = services.edit_refusal(submission)
    if refusal is not None:  # e.g. "Data TW I 2026 sudah dikunci. ..."
        return _refused(request, submission, refusal)
    return SUBMISSION_IMPORT.upload(request, submission)


@require_POST
@login_required
def confirm_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = get_unit_submission(request.user, pk)
    refusal = services.edit_refusal(submission)
    if refusal is not None:  # locked or sent between the preview and the confirmation
        return _refused(request, submission, refusal)
    return SUBMISSION_IMPORT.confirm(request, submission)
