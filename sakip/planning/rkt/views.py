"""Screens of SOP 1: the compiled RKT, a unit's form, the Kasubag's review, the socialization.

Objects come through rkt/access.py (another unit's form is a 404); writes go through rkt/services.py
or, when a step of the SOP is completed or returned, through the procedures engine, which calls the
step handlers of rkt/handlers.py. Actions are POST-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sakip.accounts.types import AuthenticatedHttpRequest, Viewer
from sakip.procedures.access import can_act_on_task
from sakip.procedures.choices import TaskStatus, Workflow
from sakip.procedures.models import Task
from sakip.procedures.races import AlreadyDoneError

from ..models import RktForm
from ..rkt_models import RktFormStatus, RktStatus
from . import access, errors, selectors, services
from .forms import RktFormEditForm, RktReviewForm, SocializationForm

SAVED = _("Perubahan telah disimpan.")
ACKNOWLEDGED = _("Terima kasih. Unit Anda tercatat telah menerima sosialisasi.")
FILL_DONE = _("Langkah pengisian formulir telah diselesaikan.")
SUBMITTED = _("Formulir RKT telah dikirim.")
ACCEPTED = _("Formulir %(unit)s diterima.")
RETURNED = _("Formulir dikembalikan ke %(unit)s untuk diperbaiki.")
NOTES_SAVED = _("Catatan koreksi telah disimpan.")
MEETING_SAVED = _("Rapat sosialisasi telah dicatat.")


def _engine() -> Any:
    # Imported late: the engine belongs to the procedures app and calls back into our handlers.
    from sakip.procedures import engine

    return engine


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _may_act(user: Viewer, task: Task | None) -> bool:
    """Whether the user completes (or returns) this open step: its assignee or an admin."""
    return task is not None and can_act_on_task(user, task)


def task_url(task: Task | None) -> str | None:
    """The generic task page of the procedures app (where a step is completed with a note)."""
    return reverse("procedures:task_detail", args=[task.pk]) if task is not None else None


# --- the compiled RKT --------------------------------------------------------------------------


@login_required
def rkt_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The RKT documents of the agencies the user works in, newest year first."""
    documents = (
        access.documents_for(request.user)
        .select_related("agency", "run")
        .annotate(
            form_count=Count("forms", distinct=True),
            accepted_count=Count(
                "forms", filter=Q(forms__status=RktFormStatus.ACCEPTED), distinct=True
            ),
        )
        .order_by("-year", "agency__name", "-pk")
    )
    return render(request, "planning/rkt/list.html", {"documents": documents})


@login_required
def rkt_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The agency's RKT compiled from the unit forms; a unit head sees their own unit's part."""
    user = request.user
    document = access.get_document_for_user(user, pk)
    whole = access.sees_whole_agency(user, document.agency)
    # Whoever sees the agency whole sees every unit's form; a unit head their own unit's part.
    compiled = selectors.compiled_rkt(document, access.forms_for(user), whole=whole)
    reviews: dict[int, Task] = {}
    compile_task = None
    if document.run_id:
        open_tasks = Task.objects.filter(
            run_id=document.run_id,
            status=TaskStatus.OPEN,
            step__action__in=[access.REVIEW, "rkt.compile"],
        ).select_related("step")
        for task in open_tasks:
            if task.step.action == access.REVIEW and task.unit_id:
                reviews[task.unit_id] = task
            elif task.step.action == "rkt.compile":
                compile_task = task
    may_review_all = access.is_agency_planner(user, document.agency)
    rows = [
        {
            "form": form,
            "review_task": reviews.get(form.unit_id),
            "can_review": form.unit_id in reviews
            and (may_review_all or reviews[form.unit_id].assignee_id == user.pk),
        }
        for form in compiled.forms
    ]
    return render(
        request,
        "planning/rkt/detail.html",
        {
            "document": document,
            "compiled": compiled,
            "rows": rows,
            "compile_task": compile_task,
            "compile_task_url": task_url(compile_task)
            if compile_task and compile_task.assignee_id == user.pk
            else None,
            "compile_blockers": selectors.forms_not_submitted(document) if compile_task else [],
        },
    )


# --- a unit's form -----------------------------------------------------------------------------


def _form_context(request: HttpRequest, form: RktForm) -> dict[str, Any]:
    run = form.document.run
    user = request.user
    fill_task = access.open_task(run, access.FILL, form.unit)
    submit_task = access.open_task(run, access.SUBMIT, form.unit)
    can_fill = access.can_fill(user, form)
    editable = (
        can_fill and form.status in services.EDITABLE and form.document.status != RktStatus.LOCKED
    )
    return {
        "form": form,
        "document": form.document,
        "can_fill": can_fill,
        "editable": editable,
        "problems": selectors.form_problems(form),
        "fill_task": fill_task,
        "submit_task": submit_task,
        "can_complete_fill": _may_act(user, fill_task),
        "can_submit": _may_act(user, submit_task) and form.status in services.EDITABLE,
        "review_task": access.open_task(run, access.REVIEW, form.unit),
        "history": selectors.form_history(form),
        "socialization_url": reverse("planning:rkt_socialization", args=[run.pk]) if run else None,
    }


@login_required
def rkt_form(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """SOP 1 steps 4–5: the unit's form; editable by the unit head while draft or returned."""
    form = access.get_form_for_user(request.user, pk)
    context = _form_context(request, form)
    grouped = selectors.form_lines(form)
    if request.method == "POST":
        if not context["can_fill"]:
            raise Http404
        edit_form = RktFormEditForm(request.POST, form=form, grouped=grouped)
        if _save_typed_form(request, form, edit_form):
            return redirect("planning:rkt_form", pk=form.pk)
    else:
        edit_form = RktFormEditForm(form=form, grouped=grouped)
    context.update(edit_form=edit_form, grouped=grouped)
    return render(request, "planning/rkt/form.html", context)


@login_required
@require_POST
def rkt_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = access.get_form_for_user(request.user, pk)
    if not access.can_fill(request.user, form):
        raise Http404
    try:
        services.rkt_acknowledge(actor=request.user, form=form)
    except AlreadyDoneError as exc:
        messages.info(request, exc.message)
    except ValidationError as exc:
        for message in _messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, ACKNOWLEDGED)
    return redirect("planning:rkt_form", pk=form.pk)


def _save_typed_form(
    request: AuthenticatedHttpRequest, form: RktForm, edit_form: RktFormEditForm
) -> bool:
    """Save what the unit head typed; True when saved, else the errors are on `edit_form`."""
    if not edit_form.is_valid():
        return False
    try:
        services.rkt_form_update(
            actor=request.user,
            form=form,
            expected_version=edit_form.expected_version,
            **edit_form.service_args(),
        )
    except ValidationError as exc:  # StaleEditError included: its message goes on top
        edit_form.add_service_error(exc)
        return False
    messages.success(request, " ".join(filter(None, [str(SAVED), edit_form.numbers_read()])))
    return True


def _step_task(request: HttpRequest, form: RktForm, action: str) -> Task:
    """The unit's task of a step that this user completes: the open one, or the last one when it
    was completed meanwhile (so the page can say by whom and when). Others get 404."""
    run = form.document.run
    task = access.open_task(run, action, form.unit) or access.last_task(run, action, form.unit)
    if task is None or task.status not in (TaskStatus.OPEN, TaskStatus.DONE):
        raise Http404
    if not _may_act(request.user, task):
        raise Http404
    return task


def _finish_step(
    request: AuthenticatedHttpRequest, pk: int, action: str, done: Any
) -> HttpResponse:
    """Complete the unit's fill or submit step. The step's button sends the form typed beside it
    (issue 8: "Selesai" without "Simpan" lost a changed target): what is typed is saved first,
    and a form that cannot be saved is shown again with its errors and the step stays open."""
    form = access.get_form_for_user(request.user, pk)
    task = _step_task(request, form, action)
    if "version" in request.POST:
        context = _form_context(request, form)
        if context["editable"]:
            grouped = selectors.form_lines(form)
            edit_form = RktFormEditForm(request.POST, form=form, grouped=grouped)
            if not _save_typed_form(request, form, edit_form):
                messages.error(request, errors.STEP_NOT_FINISHED_UNSAVED)
                context.update(edit_form=edit_form, grouped=grouped)
                return render(request, "planning/rkt/form.html", context)
    _complete(request, task, done)
    return redirect("planning:rkt_form", pk=form.pk)


def _complete(request: AuthenticatedHttpRequest, task: Task, done: Any) -> None:
    """Complete the unit's task of a step. When it was completed meanwhile (by a colleague, or in
    another tab), the engine says by whom and when, on the form page."""
    try:
        _engine().task_complete(actor=request.user, task=task)
    except AlreadyDoneError as exc:
        messages.warning(request, exc.message)
    except ValidationError as exc:
        for message in _messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, done)


@login_required
@require_POST
def rkt_fill_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """SOP 1 step 4 done: the unit head has filled the form."""
    return _finish_step(request, pk, access.FILL, FILL_DONE)


@login_required
@require_POST
def rkt_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """SOP 1 step 5: the unit's staff hands the form in (the step handler submits it)."""
    return _finish_step(request, pk, access.SUBMIT, SUBMITTED)


# --- the Kasubag's review ----------------------------------------------------------------------


@login_required
def rkt_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """SOP 1 step 7: notes per line, then accept the form or return it to its unit (step 4)."""
    user = request.user
    form = access.get_form_for_user(user, pk)
    task = access.open_task(form.document.run, access.REVIEW, form.unit)
    if not access.can_review(user, form, task):
        raise Http404
    grouped = selectors.form_lines(form)
    reviewable = task is not None and form.status == RktFormStatus.SUBMITTED
    # Planners may write notes; the decision is the step's, taken by its assignee (or an admin).
    can_decide = reviewable and _may_act(user, task)
    if request.method == "POST":
        review_form = RktReviewForm(request.POST, form=form, grouped=grouped)
        decision = request.POST.get("decision", "")
        # A form decided meanwhile (by another reviewer, or in another tab) goes on to the service,
        # which says by whom and when; anything else that is not reviewable does not exist here.
        decided = form.status in (RktFormStatus.ACCEPTED, RktFormStatus.RETURNED)
        if not reviewable and not decided:
            raise Http404
        if (
            reviewable
            and decision in (RktReviewForm.ACCEPT, RktReviewForm.RETURN)
            and not can_decide
        ):
            raise Http404
        if review_form.is_valid():
            try:
                services.rkt_review_decide(
                    actor=user,
                    form=form,
                    task=task,
                    decision=decision,
                    expected_version=review_form.expected_version,
                    **review_form.service_args(),
                )
            except AlreadyDoneError as exc:
                messages.warning(request, exc.message)
                return redirect("planning:rkt_review", pk=form.pk)
            except ValidationError as exc:
                review_form.add_service_error(exc)
            except PermissionDenied as exc:
                review_form.add_error(None, str(exc))
            else:
                unit = {"unit": form.unit.name}
                if decision == RktReviewForm.ACCEPT:
                    messages.success(request, ACCEPTED % unit)
                elif decision == RktReviewForm.RETURN:
                    messages.success(request, RETURNED % unit)
                else:
                    messages.success(request, NOTES_SAVED)
                    return redirect("planning:rkt_review", pk=form.pk)
                return redirect("planning:rkt_detail", pk=form.document_id)
    else:
        review_form = RktReviewForm(form=form, grouped=grouped)
    return render(
        request,
        "planning/rkt/review.html",
        {
            "form": form,
            "document": form.document,
            "review_form": review_form,
            "grouped": grouped,
            "task": task,
            "reviewable": reviewable,
            "can_decide": can_decide,
        },
    )


# --- the socialization meeting -----------------------------------------------------------------


@login_required
def rkt_socialization(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """SOP 1 step 3: the meeting (recorded by the holder of the open step) and who acknowledged."""
    user = request.user
    run = access.get_run_for_user(user, pk)
    if run.revision.sop.workflow != Workflow.RKT:
        raise Http404
    task = access.open_task(run, access.SOCIALIZE)
    can_record = _may_act(user, task)
    meeting = selectors.meeting_for(run)
    users = selectors.agency_users(run.agency)
    if request.method == "POST":
        if not can_record:
            # The step was completed meanwhile (in another tab): say by whom and when.
            done = access.last_task(run, access.SOCIALIZE)
            if done is None or done.status != TaskStatus.DONE or not _may_act(user, done):
                raise Http404
            messages.warning(request, _engine().task_already_done(done).message)
            return redirect("planning:rkt_socialization", pk=run.pk)
        meeting_form = SocializationForm(request.POST, users=users)
        if meeting_form.is_valid():
            data = meeting_form.cleaned_data
            try:
                services.socialization_record(
                    actor=user,
                    run=run,
                    held_at=data["held_at"],
                    place=data["place"],
                    material=data["material"],
                    attendees=data["attendees"],
                    notes=data["notes"],
                )
            except ValidationError as exc:
                meeting_form.add_service_error(exc)
            else:
                messages.success(request, MEETING_SAVED)
                return redirect("planning:rkt_socialization", pk=run.pk)
    else:
        initial = {}
        if meeting is not None:
            initial = {
                "held_at": meeting.held_at,
                "place": meeting.place,
                "material": meeting.material,
                "notes": meeting.notes,
                "attendees": [u.pk for u in meeting.attendees.all()],
            }
        meeting_form = SocializationForm(initial=initial, users=users)
    return render(
        request,
        "planning/rkt/socialization.html",
        {
            "run": run,
            "meeting": meeting,
            "meeting_form": meeting_form,
            "can_record": can_record,
            "task": task,
            "task_url": task_url(task) if can_record else None,
            "forms": selectors.run_forms(run),
            "document": getattr(run, "rkt", None),
        },
    )
