"""Screens of the quarterly cycle (SOP 2 steps 1–2): the quarters, opening TW k, the recap with
review, lock and reopen, a unit's entry page, evidence files and the report receipts.

Objects come through access.py (another unit's submission or evidence is a 404); writes go
through services.py, whose ValidationErrors the forms put next to their fields. Actions are
POST-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core import data_stamp
from sakip.core.kept import kept_under
from sakip.core.years import selected_year
from sakip.organization.selectors import planner_agencies
from sakip.procedures.choices import TaskStatus
from sakip.procedures.models import Task
from sakip.procedures.races import AlreadyDoneError

from . import access, selectors, services
from .entry_page import EntrySource, data_tab
from .forms import EntryVersionForm, PeriodOpenForm, ReopenForm, ReviewForm, SubmissionEntryForm
from .models import PeriodStatus, ReportingPeriod, UnitSubmission

OPENED = _("%(period)s telah dibuka. Permintaan data telah dikirim ke setiap unit.")
SAVED = _("Data telah disimpan.")
SUBMITTED = _("Data telah dikirim untuk diverifikasi.")
ACCEPTED = _("Data %(unit)s diterima.")
RETURNED = _("Data dikembalikan ke %(unit)s untuk diperbaiki.")
LOCKED = _("%(period)s telah dikunci.")
REOPENED = _("%(period)s dibuka kembali.")
EVIDENCE_DELETED = _("Data dukung “%(name)s” telah dihapus.")
ACKNOWLEDGED = _("Terima kasih. Penerimaan laporan telah dicatat.")


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- the quarters ------------------------------------------------------------------------------


def _list_page(
    request: HttpRequest, *, open_form: PeriodOpenForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    year = selected_year(request)
    agencies = planner_agencies(user)
    if open_form is None and agencies:
        open_form = PeriodOpenForm(agencies=agencies, year=year)
    return render(
        request,
        "monitoring/cycle/period_list.html",
        {
            "rows": selectors.period_rows(user),
            "year": year,
            "open_form": open_form,
            "report_list_url": reverse("reports:quarterly_report_list"),
        },
        status=status,
    )


@login_required
def period_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every quarter the user may see, newest first; planners open the next one ("Buka TW k",
    the selected year by default)."""
    return _list_page(request)


@login_required
@require_POST
def period_open(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    agencies = planner_agencies(user)
    if not agencies:
        raise Http404
    form = PeriodOpenForm(request.POST, agencies=agencies, year=selected_year(request))
    if form.is_valid():
        data = form.cleaned_data
        agency = form.agencies.get(data["agency"])
        if agency is None:
            raise Http404
        try:
            period = services.period_open(
                actor=user,
                agency=agency,
                year=data["year"],
                quarter=data["quarter"],
                instruction=data["instruction"],
                due=data["due"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, OPENED % {"period": services.period_label(period)})
            return redirect("monitoring:period_detail", pk=period.pk)
    return _list_page(request, open_form=form)


# --- the recap ---------------------------------------------------------------------------------


def _history(instance: ReportingPeriod | UnitSubmission, *, shown: bool) -> dict[str, Any]:
    """The page's "Riwayat": its entries (counted in the tab) and their table's HTML, kept."""
    if not shown:
        return {"history": [], "history_html": ""}
    history = selectors.history_for(instance)
    return {"history": history, "history_html": selectors.history_html(instance, history)}


def _open_task(period: ReportingPeriod, action: str) -> Task | None:
    if period.run_id is None:
        return None
    found = kept_under(
        (data_stamp.TASKS,),
        f"period-open-task-1:{period.run_id}:{action}",
        list,
        lambda: list(
            Task.objects.filter(run_id=period.run_id, step__action=action, status=TaskStatus.OPEN)
            .select_related("assignee", "step")
            .order_by("pk")[:1]
        ),
    )
    return found[0] if found else None


def _detail_page(
    request: HttpRequest,
    period: ReportingPeriod,
    *,
    reopen_form: ReopenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    recap = selectors.period_recap(period, user)
    is_reviewer = access.is_reviewer(user, period)
    locked = period.status == PeriodStatus.LOCKED
    if reopen_form is None and is_reviewer and locked:
        reopen_form = ReopenForm(units=[r.submission.unit for r in recap.rows])
    recap_task = _open_task(period, access.RECAP)
    return render(
        request,
        "monitoring/cycle/period_detail.html",
        {
            "period": period,
            "recap": recap,
            "receipts": selectors.period_receipts(period, user),
            "is_reviewer": is_reviewer,
            "locked": locked,
            "can_lock": is_reviewer and not locked and recap.all_accepted,
            "reopen_form": reopen_form,
            "recap_task": recap_task,
            "recap_task_url": reverse("procedures:task_detail", args=[recap_task.pk])
            if recap_task is not None and recap_task.assignee_id == user.pk
            else None,
            "run_url": reverse("procedures:run_detail", args=[period.run_id])
            if period.run_id
            and (is_reviewer or access.sees_whole_agency(user, period.agency))
            and not access.reads_settled_only(user, period.agency)
            else None,
            # The report page is for who sees the whole agency: a unit head would get a 404.
            "report_url": reverse("reports:quarterly_report", args=[period.pk])
            if access.reads_period_report(user, period)
            else None,
            **_history(period, shown=is_reviewer),
        },
        status=status,
    )


@login_required
def period_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The recap of a quarter: each unit's status against the deadline and its capaian summary;
    the planners review, lock and reopen here; the officials acknowledge the report."""
    period = access.get_period_for_user(request.user, pk)
    return _detail_page(request, period)


@login_required
@require_POST
def period_lock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = access.get_period_for_user(request.user, pk)
    if not access.is_reviewer(request.user, period):
        raise Http404
    try:
        services.period_lock(actor=request.user, period=period)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, LOCKED % {"period": services.period_label(period)})
    return redirect("monitoring:period_detail", pk=period.pk)


@login_required
@require_POST
def period_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    period = access.get_period_for_user(user, pk)
    if not access.is_reviewer(user, period):
        raise Http404
    units = [s.unit for s in period.submissions.select_related("unit").order_by("unit__path")]
    form = ReopenForm(request.POST, units=units)
    if form.is_valid():
        try:
            services.period_reopen(
                actor=user,
                period=period,
                reason=form.cleaned_data["reason"],
                units=form.cleaned_data["units"] or None,
            )
        except AlreadyDoneError as exc:
            messages.warning(request, exc.message)
            return redirect("monitoring:period_detail", pk=period.pk)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, REOPENED % {"period": services.period_label(period)})
            return redirect("monitoring:period_detail", pk=period.pk)
    return _detail_page(request, period, reopen_form=form)


@login_required
@require_POST
def receipt_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An official states they received the socialized quarterly report (SOP 2 step 5)."""
    period = access.get_period_for_user(request.user, pk)
    try:
        services.receipt_acknowledge(actor=request.user, period=period)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, ACKNOWLEDGED)
    return redirect("monitoring:period_detail", pk=period.pk)


# --- a unit's entry page -----------------------------------------------------------------------


def _submission_page(
    request: HttpRequest,
    submission: UnitSubmission,
    source: EntrySource,
    *,
    entry_form: SubmissionEntryForm | None = None,
    review_form: ReviewForm | None = None,
    unsaved_input: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    period = submission.period
    editable = access.can_edit(user, submission)
    task = access.request_task(submission)
    open_task = task if task is not None and task.status == TaskStatus.OPEN else None
    can_review = access.can_review(user, submission)
    if review_form is None and can_review:
        review_form = ReviewForm(
            rows=source.data.rows, note=submission.review_note, version=submission.version
        )
    tab = data_tab(source, entry_form, editable=editable)
    state = selectors.submission_state(submission, has_values=tab.has_values)
    return render(
        request,
        "monitoring/cycle/submission_detail.html",
        {
            "submission": submission,
            "period": period,
            # The form's version and errors; the inputs are in the data tab.
            "form": entry_form or EntryVersionForm(initial={"version": submission.version}),
            "sections_html": mark_safe(tab.html),  # noqa: S308  (our templates' output)
            "review_form": review_form,
            "editable": editable,
            "can_submit": access.can_submit(user, submission, task),
            "can_review": can_review,
            "task": task,
            "open_task": open_task,
            "state": state,
            "state_label": selectors.STATE_LABELS[state],
            "late": selectors.is_late(submission, period.deadline, selectors.now_or(None)),
            "locked": period.status == PeriodStatus.LOCKED,
            **_history(submission, shown=True),
            "excel_template_url": reverse("monitoring:excel_template", args=[submission.pk])
            if editable
            else None,
            "excel_upload_url": reverse("monitoring:excel_upload", args=[submission.pk])
            if editable
            else None,
            "sees_recap": access.sees_whole_agency(user, period.agency)
            or access.is_reviewer(user, period),
            "unsaved_input": unsaved_input or [],
        },
        status=status,
    )


@login_required
def submission_detail(
    request: AuthenticatedHttpRequest, period_pk: int, unit_pk: int
) -> HttpResponse:
    """A unit's data for TW k: realisasi, kendala, solusi and evidence per indicator, monthly
    progress per sub-activity; capaian and category for the quarter and to date. Save keeps the
    draft; Submit (the unit head) sends it and completes the unit's data request task."""
    user = request.user
    submission = access.get_submission_for_user(user, period_pk=period_pk, unit_pk=unit_pk)
    source = EntrySource(submission, key=selectors.entry_data_key(submission))
    if request.method != "POST":
        return _submission_page(request, submission, source)
    if not access.works_in_unit(user, submission.unit):
        raise Http404
    refusal = services.edit_refusal(submission)
    if refusal is not None:  # locked, or sent meanwhile: by whom and when
        # The page cannot take the values any more; show them, so that nothing typed vanishes.
        _errors(request, refusal)
        typed = SubmissionEntryForm(request.POST, data_=source.data).typed_changes()
        return _submission_page(request, submission, source, unsaved_input=typed, status=409)
    action = request.POST.get("action", "save")
    if action == "submit" and not access.can_submit(user, submission):
        raise Http404
    # Deleting an evidence file is a button of the entry form, so what is typed beside it is
    # saved with the deletion instead of being thrown away by a page reload.
    doomed = _evidence_to_delete(request, submission)
    form = SubmissionEntryForm(request.POST, request.FILES, data_=source.data)
    if form.is_valid():
        try:
            services.submission_entry_apply(
                actor=user,
                submission=submission,
                expected_version=form.expected_version,
                uploads=form.uploads(),
                delete_evidence=doomed,
                submit=action == "submit",
                **form.service_args(),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:  # StaleEditError included: its message goes on top
            form.add_service_error(exc)
        else:
            if doomed is not None:
                messages.success(request, EVIDENCE_DELETED % {"name": doomed.name})
            done = SUBMITTED if action == "submit" else SAVED
            messages.success(request, " ".join(filter(None, [str(done), form.numbers_read()])))
            return redirect("monitoring:submission_detail", period_pk=period_pk, unit_pk=unit_pk)
    # Nothing was saved; a browser cannot show the chosen files again, so say which to re-choose.
    form.note_unsaved_uploads()
    return _submission_page(request, submission, source, entry_form=form)


def _evidence_to_delete(request: HttpRequest, submission: UnitSubmission) -> Any:
    """The evidence file whose delete button sent the entry form, if any (of this submission)."""
    raw = request.POST.get("delete_evidence", "")
    if not raw.isdigit():
        return None
    evidence = access.get_evidence_for_user(request.user, int(raw))
    if evidence.realisasi.submission_id != submission.pk:
        raise Http404
    return evidence


@login_required
@require_POST
def submission_review(
    request: AuthenticatedHttpRequest, period_pk: int, unit_pk: int
) -> HttpResponse:
    """A planner accepts the unit's data, or returns it with a note (line notes optional)."""
    user = request.user
    submission = access.get_submission_for_user(user, period_pk=period_pk, unit_pk=unit_pk)
    if not access.is_reviewer(user, submission.period):
        raise Http404
    data = selectors.entry_data(submission)
    form = ReviewForm(request.POST, rows=data.rows)
    decision = request.POST.get("decision", "")
    if decision not in (ReviewForm.ACCEPT, ReviewForm.RETURN):
        raise Http404
    if form.is_valid():
        args = {
            "actor": user,
            "submission": submission,
            "note": form.cleaned_data["note"],
            "line_notes": form.line_notes(),
            "expected_version": form.expected_version,
        }
        try:
            if decision == ReviewForm.ACCEPT:
                services.submission_accept(**args)
            else:
                services.submission_return(**args)
        except AlreadyDoneError as exc:
            # Another planner decided first (or this one, in another tab): the unit's page says
            # by whom and when, and no longer offers the decision.
            messages.warning(request, exc.message)
            return redirect("monitoring:submission_detail", period_pk=period_pk, unit_pk=unit_pk)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            unit = {"unit": submission.unit.name}
            messages.success(
                request, ACCEPTED % unit if decision == ReviewForm.ACCEPT else RETURNED % unit
            )
            return redirect("monitoring:period_detail", pk=submission.period_id)
    return _submission_page(
        request, submission, EntrySource(submission, data=data), review_form=form
    )


# --- evidence ----------------------------------------------------------------------------------


@login_required
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """An evidence file, only for users who may see its submission (never from a static path)."""
    evidence = access.get_evidence_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )


@login_required
@require_POST
def evidence_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    evidence = access.get_evidence_for_user(user, pk)
    submission = evidence.realisasi.submission
    if not access.works_in_unit(user, submission.unit):
        raise Http404
    try:
        services.evidence_delete(actor=user, evidence=evidence)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, EVIDENCE_DELETED % {"name": evidence.name})
    return redirect(
        "monitoring:submission_detail",
        period_pk=submission.period_id,
        unit_pk=submission.unit_id,
    )
