"""Screens of the Rencana Aksi: the list of units and their status, a unit's plan with its checks,
the workflow actions (submit, approve, return) and the Excel round trip.

Plans come through access.py (another unit's plan is a 404, pages and POSTs alike); writes go
through services.py. Actions are POST-only. The Excel import is the import framework's two steps
(sakip.core.imports.flow), like the plan import: the upload is kept under VAR_DIR/imports and
previewed; the confirm POST parses it again and applies everything in one transaction, or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.imports import ApplyRefused, ImportFlow, Pending
from sakip.core.years import selected_year, set_selected_year, year_from_query
from sakip.organization.models import Unit
from sakip.procedures.races import AlreadyDoneError

from ..action_plan_models import ActionPlan, ActionPlanStatus
from . import access, errors, excel, selectors, services
from .forms import ActionPlanEditForm, ActionPlanUploadForm, ReturnForm

SAVED = _("Perubahan telah disimpan.")
CREATED = _("Rencana Aksi %(unit)s tahun %(year)s telah dibuat dengan %(count)s indikator.")
SYNCED = _("%(count)s indikator ditambahkan ke Rencana Aksi.")
NOTHING_TO_SYNC = _("Tidak ada indikator baru untuk ditambahkan.")
SUBMITTED = _("Rencana Aksi telah diajukan ke staf perencanaan untuk diperiksa.")
APPROVED = _("Rencana Aksi %(unit)s disetujui.")
RETURNED = _("Rencana Aksi dikembalikan ke %(unit)s untuk diperbaiki.")

SESSION_PREFIX = "planning_action_plan_import_"


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _year(request: HttpRequest) -> int:
    """The year asked for with ?year= (remembered as the selected year), else the selected one."""
    asked = year_from_query(request)
    if asked is None:
        return selected_year(request)
    set_selected_year(request, asked)
    return asked


# --- the list ----------------------------------------------------------------------------------


@require_GET
@login_required
def action_plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _year(request)
    blocks = selectors.list_blocks(request.user, year)
    return render(
        request,
        "planning/action_plan/list.html",
        {
            "year": year,
            "blocks": blocks,
            "years": list(range(year - 3, year + 4)),
            "statuses": ActionPlanStatus,
        },
    )


@require_POST
@login_required
def action_plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A unit's Rencana Aksi for a year, pre-filled with its PK indicators (planners or the head
    of that unit)."""
    user = request.user
    raw_unit, raw_year = request.POST.get("unit", ""), request.POST.get("year", "")
    if not raw_unit.isdigit() or not raw_year.isdigit():
        raise Http404
    year = int(raw_year)
    unit = Unit.objects.restrict(user, "view").filter(pk=int(raw_unit)).first()
    agency = unit.agency() if unit is not None else None
    if unit is None or agency is None or not access.can_create(user, unit, agency):
        raise Http404
    try:
        plan = services.action_plan_create(actor=user, unit=unit, year=year)
    except ValidationError as exc:
        for message in _messages(exc):
            messages.error(request, message)
        return redirect(f"{reverse('planning:action_plan_list')}?year={year}")
    count = plan.targets.values("indicator_id").distinct().count()
    messages.success(request, CREATED % {"unit": unit.name, "year": year, "count": count})
    return redirect("planning:action_plan_detail", pk=plan.pk)


# --- one plan ----------------------------------------------------------------------------------


def _context(
    request: HttpRequest,
    plan: ActionPlan,
    *,
    edit_form: ActionPlanEditForm | None = None,
    return_form: ReturnForm | None = None,
    extra_errors: dict[str, Any] | None = None,
) -> dict[str, Any]:
    user = request.user
    can_edit = access.can_edit(user, plan)
    editable = can_edit and access.is_editable(plan)
    plan_view = selectors.plan_rows(plan)
    if edit_form is None:
        edit_form = ActionPlanEditForm(
            plan_view=plan_view,
            version=plan.version,
            editable=editable,
            extra_errors=extra_errors,
        )
    return {
        "plan": plan,
        "plan_view": plan_view,
        "edit_form": edit_form,
        "return_form": return_form or ReturnForm(),
        "can_edit": can_edit,
        "editable": editable,
        "can_review": access.can_review(user, plan) and plan.status == ActionPlanStatus.SUBMITTED,
        "missing": selectors.missing_indicators(plan) if editable else [],
        "history": selectors.plan_history(plan),
        "submit_refused": bool(extra_errors),
    }


@require_http_methods(["GET", "POST"])
@login_required
def action_plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan's table with the checks; a POST saves the table (draft or returned only)."""
    plan = access.get_plan_for_user(request.user, pk)
    if request.method == "POST":
        if not access.can_edit(request.user, plan):
            raise Http404
        form, ok = _save(request, plan)
        if ok:
            messages.success(request, SAVED)
            return redirect("planning:action_plan_detail", pk=plan.pk)
        return render(
            request, "planning/action_plan/detail.html", _context(request, plan, edit_form=form)
        )
    return render(request, "planning/action_plan/detail.html", _context(request, plan))


def _save(request: AuthenticatedHttpRequest, plan: ActionPlan) -> tuple[ActionPlanEditForm, bool]:
    """Validate and save the posted table; the form (with errors next to the cells) and success."""
    plan_view = selectors.plan_rows(plan)
    form = ActionPlanEditForm(
        request.POST, plan_view=plan_view, version=plan.version, editable=True
    )
    if not access.is_editable(plan):
        form.is_valid()
        form.add_error(None, errors.NOT_EDITABLE)
        return form, False
    if not form.is_valid():
        return form, False
    try:
        services.action_plan_update(
            actor=request.user,
            plan=plan,
            expected_version=form.expected_version,
            **form.service_args(),
        )
    except ValidationError as exc:  # StaleEditError included: its message goes on top
        form.add_service_error(exc)
        return form, False
    return form, True


@require_POST
@login_required
def action_plan_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save what the page holds (when the table was posted), then submit. A refused submit shows
    the page again with the message next to each indicator that needs it."""
    user = request.user
    plan = access.get_plan_for_user(user, pk)
    if not access.can_edit(user, plan):
        raise Http404
    expected_version = None
    if any(name.startswith(("low_", "justification_")) for name in request.POST):
        form, ok = _save(request, plan)
        if not ok:
            return render(
                request, "planning/action_plan/detail.html", _context(request, plan, edit_form=form)
            )
    else:
        version = request.POST.get("version", "")
        expected_version = int(version) if version.isdigit() else None
    try:
        services.action_plan_submit(actor=user, plan=plan, expected_version=expected_version)
    except ValidationError as exc:
        plan = access.get_plan_for_user(user, pk)
        if hasattr(exc, "error_dict"):
            messages.error(request, errors.SUBMIT_REFUSED)
            return render(
                request,
                "planning/action_plan/detail.html",
                _context(request, plan, extra_errors=exc.message_dict),
            )
        for message in _messages(exc):
            messages.error(request, message)
        return redirect("planning:action_plan_detail", pk=plan.pk)
    messages.success(request, SUBMITTED)
    return redirect("planning:action_plan_detail", pk=plan.pk)


def _reviewable(request: HttpRequest, pk: int) -> ActionPlan:
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_review(request.user, plan):
        raise Http404
    return plan


@require_POST
@login_required
def action_plan_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _reviewable(request, pk)
    try:
        services.action_plan_approve(actor=request.user, plan=plan)
    except AlreadyDoneError as exc:
        messages.warning(request, exc.message)
    except ValidationError as exc:
        for message in _messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, APPROVED % {"unit": plan.unit.name})
    return redirect("planning:action_plan_detail", pk=plan.pk)


@require_POST
@login_required
def action_plan_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _reviewable(request, pk)
    form = ReturnForm(request.POST)
    # The note goes through its field (a NUL or an over-long note is refused next to it); an
    # empty one reaches the service, whose message says it is required.
    if form.is_valid():
        try:
            services.action_plan_return(
                actor=request.user, plan=plan, note=form.cleaned_data["note"]
            )
        except AlreadyDoneError as exc:
            # Another planner decided first: the review card is gone; the page says who and when.
            messages.warning(request, exc.message)
            return redirect("planning:action_plan_detail", pk=plan.pk)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, RETURNED % {"unit": plan.unit.name})
            return redirect("planning:action_plan_detail", pk=plan.pk)
    return render(
        request,
        "planning/action_plan/detail.html",
        _context(request, plan, return_form=form),
    )


@require_POST
@login_required
def action_plan_sync(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add the PK indicators that got a target for the year after the plan was made."""
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_edit(request.user, plan):
        raise Http404
    try:
        count = services.action_plan_sync(actor=request.user, plan=plan)
    except ValidationError as exc:
        for message in _messages(exc):
            messages.error(request, message)
    else:
        if count:
            messages.success(request, SYNCED % {"count": count})
        else:
            messages.info(request, NOTHING_TO_SYNC)
    return redirect("planning:action_plan_detail", pk=plan.pk)


# --- Excel -------------------------------------------------------------------------------------


@require_GET
@login_required
def action_plan_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    content = excel.workbook_bytes(plan, selectors.plan_rows(plan))
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{excel.export_filename(plan)}"'
    return response


def _importable(request: HttpRequest, pk: int) -> ActionPlan:
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_edit(request.user, plan):
        raise Http404
    return plan


class ActionPlanImportFlow(
    ImportFlow[ActionPlan, excel.ActionPlanImport, AuthenticatedHttpRequest]
):
    """The Rencana Aksi import on the import framework: a plan saved by someone else after the
    preview refuses the confirmation (the version is kept with the upload)."""

    form_class = ActionPlanUploadForm
    form_template = "planning/action_plan/import_form.html"
    preview_template = "planning/action_plan/import_preview.html"
    session_prefix = SESSION_PREFIX
    expired = errors.IMPORT_EXPIRED
    has_errors_message = errors.IMPORT_HAS_ERRORS
    nothing_to_apply = errors.NOTHING_TO_APPLY

    def parse(
        self, request: AuthenticatedHttpRequest, path: Path, target: ActionPlan
    ) -> excel.ActionPlanImport:
        return excel.parse_upload(str(path), plan=target, plan_view=selectors.plan_rows(target))

    def state(self, target: ActionPlan) -> dict[str, Any]:
        return {"plan": target.pk, "version": target.version}

    def pending_target(
        self, request: AuthenticatedHttpRequest, target: ActionPlan | None, state: dict[str, Any]
    ) -> ActionPlan | None:
        return target if target is not None and state.get("plan") == target.pk else None

    def before_apply(
        self, request: AuthenticatedHttpRequest, target: ActionPlan, pending: Pending
    ) -> None:
        if not access.is_editable(target):
            raise ApplyRefused(
                [errors.IMPORT_NOT_EDITABLE],
                redirect=reverse("planning:action_plan_detail", args=[target.pk]),
            )
        if target.version != pending.state.get("version"):
            raise ApplyRefused([errors.IMPORT_STALE], redirect=self.upload_url(target))

    def apply(
        self,
        request: AuthenticatedHttpRequest,
        target: ActionPlan,
        preview: excel.ActionPlanImport,
        pending: Pending,
    ) -> str:
        try:
            services.action_plan_update(
                actor=request.user,
                plan=target,
                expected_version=pending.state.get("version"),
                note=str(_("Impor dari berkas Excel %(name)s") % {"name": pending.filename}),
                **preview.service_args(),
            )
        except services.StaleEditError:
            raise ApplyRefused([errors.IMPORT_STALE], redirect=self.upload_url(target)) from None
        except ValidationError as exc:
            raise ApplyRefused(_messages(exc)) from None
        return str(errors.IMPORT_DONE % {"count": preview.counts["update"]})

    def upload_url(self, target: ActionPlan | None) -> str:
        assert target is not None
        return reverse("planning:action_plan_import", args=[target.pk])

    def confirm_url(self, target: ActionPlan) -> str:
        return reverse("planning:action_plan_import_confirm", args=[target.pk])

    def done_url(self, target: ActionPlan) -> str:
        return reverse("planning:action_plan_detail", args=[target.pk])

    def confirm_question(self, preview: excel.ActionPlanImport) -> str:
        count = preview.counts["update"]
        return ngettext(
            "Terapkan perubahan pada %(counter)s indikator ke Rencana Aksi?",
            "Terapkan perubahan pada %(counter)s indikator ke Rencana Aksi?",
            count,
        ) % {"counter": count}

    def context(self, request: AuthenticatedHttpRequest, target: ActionPlan) -> dict[str, Any]:
        return {"plan": target}


ACTION_PLAN_IMPORT = ActionPlanImportFlow()


@require_http_methods(["GET", "POST"])
@login_required
def action_plan_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _importable(request, pk)
    if not access.is_editable(plan):
        messages.error(request, errors.IMPORT_NOT_EDITABLE)
        return redirect("planning:action_plan_detail", pk=plan.pk)
    return ACTION_PLAN_IMPORT.upload(request, plan)


@require_POST
@login_required
def action_plan_import_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _importable(request, pk)
    return ACTION_PLAN_IMPORT.confirm(request, plan)
