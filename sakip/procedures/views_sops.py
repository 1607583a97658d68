"""Screens of the SOP definitions: the list, the official sheet (page and PDF), the revision history
and the administrators' edit page, which saves a new revision.

Objects come through selectors_sops (404 outside the user's agency); the edit page is a 404 for
anyone but an administrator.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sakip.accounts.types import AuthenticatedHttpRequest

from . import pdf
from . import selectors_sops as selectors
from . import services_sops as services
from .forms_sops import LaneForm, SopRevisionForm, StepForm, lane_formset, step_formset
from .sheet import sheet_document


@login_required
def sop_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = selectors.sop_rows(request.user)
    agencies = {row.sop.agency_id for row in rows}
    return render(
        request,
        "procedures/sops/list.html",
        {
            "rows": rows,
            "show_agency": len(agencies) > 1,
            "can_edit": selectors.can_edit_sops(request.user),
        },
    )


@login_required
def sop_sheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    revision = selectors.sheet_revision(selectors.revision_for_user(request.user, pk))
    latest = selectors.latest_of(revision)
    return render(
        request,
        "procedures/sops/sheet.html",
        {
            "doc": sheet_document(revision),
            "revision": revision,
            "latest": latest,
            "can_edit": selectors.can_edit_sops(request.user),
        },
    )


@login_required
def sop_sheet_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    revision = selectors.sheet_revision(selectors.revision_for_user(request.user, pk))
    response = HttpResponse(pdf.sop_sheet_pdf(revision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.pdf_filename(revision)}"'
    return response


@login_required
def sop_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    revision = selectors.revision_for_user(request.user, pk)
    return render(
        request,
        "procedures/sops/history.html",
        {
            "revision": revision,
            "revisions": selectors.revision_history(revision),
            "latest": selectors.latest_of(revision),
            "can_edit": selectors.can_edit_sops(request.user),
        },
    )


def _apply_row_errors(formset: Any, exc: ValidationError, prefix: str) -> list[str]:
    """Put "<prefix>.<index>.<field>" errors on the formset's row; return those without a row."""
    leftover: list[str] = []
    if not hasattr(exc, "error_dict"):
        return leftover
    for key, errors in exc.error_dict.items():
        if not key.startswith(f"{prefix}."):
            continue
        _, index, name = key.split(".", 2)
        if not index.isdigit() or int(index) >= len(formset.forms):
            leftover.extend(str(m) for e in errors for m in e.messages)
            continue
        form = formset.forms[int(index)]
        form.add_error(name if name in form.fields else None, errors)
    return leftover


def _has_errors(formset: Any, leftover: list[str]) -> bool:
    return bool(leftover or formset.non_form_errors()) or any(f.errors for f in formset.forms)


@login_required
def sop_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit the latest revision's texts; saving creates the next revision (admin only)."""
    if not selectors.can_edit_sops(request.user):
        raise Http404
    revision = selectors.revision_for_user(request.user, pk)
    latest = selectors.latest_of(revision)
    if latest.pk != revision.pk:
        messages.info(request, _("Perubahan selalu dibuat dari revisi terbaru."))
        return redirect("procedures:sop_edit", pk=latest.pk)
    lanes = list(latest.lanes.order_by("order"))
    steps = list(latest.steps.select_related("lane").order_by("number"))
    lane_formset_class = lane_formset(len(lanes))
    step_formset_class = step_formset(len(steps))
    lane_errors: list[str] = []
    step_errors: list[str] = []
    if request.method == "POST":
        form = SopRevisionForm(request.POST)
        lane_forms = lane_formset_class(request.POST, prefix="lanes")
        formset = step_formset_class(request.POST, prefix="steps", form_kwargs={"lanes": lanes})
        if form.is_valid() and lane_forms.is_valid() and formset.is_valid():
            try:
                new = services.sop_revise(
                    actor=request.user,
                    sop=latest.sop,
                    effective_date=form.cleaned_data["effective_date"],
                    change_note=form.cleaned_data["change_note"],
                    identity=form.identity(),
                    lanes=[lane_form.cleaned_data for lane_form in lane_forms.forms],
                    steps=[step_form.cleaned_data for step_form in formset.forms],
                    expected_revision=form.cleaned_data.get("expected_revision"),
                )
            except ValidationError as exc:
                form.add_service_error(exc)
                lane_errors = _apply_row_errors(lane_forms, exc, "lanes")
                step_errors = _apply_row_errors(formset, exc, "steps")
            else:
                messages.success(
                    request,
                    _("Revisi %(number)s “%(title)s” telah disimpan.")
                    % {"number": new.revision, "title": new.title},
                )
                return redirect("procedures:sop_sheet", pk=new.pk)
    else:
        form = SopRevisionForm(initial=SopRevisionForm.initial_for(latest))
        lane_forms = lane_formset_class(
            prefix="lanes", initial=[LaneForm.initial_for(lane) for lane in lanes]
        )
        formset = step_formset_class(
            prefix="steps",
            form_kwargs={"lanes": lanes},
            initial=[StepForm.initial_for(step) for step in steps],
        )
    return render(
        request,
        "procedures/sops/edit.html",
        {
            "form": form,
            "formset": formset,
            # zip stops at the shorter list: a tampered form count is refused by the formset.
            "rows": list(zip(steps, formset.forms, strict=False)),
            "lane_forms": lane_forms,
            "lane_rows": list(zip(lanes, lane_forms.forms, strict=False)),
            "revision": latest,
            "row_errors": lane_errors + step_errors,
            "has_row_errors": _has_errors(lane_forms, lane_errors)
            or _has_errors(formset, step_errors),
        },
    )
