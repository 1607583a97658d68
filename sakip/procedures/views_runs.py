"""Screens of SOP runs: the inbox, the run list and start, the run page, the task page, output
files and the compliance report.

Views stay thin: runs and tasks come through the access helpers (404 outside the user's scope;
only the assignee may complete or return a task), reads through selectors, writes through the
engine, whose ValidationErrors the forms put next to their fields.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.years import selected_year, year_from_query
from sakip.organization.access import access_for
from sakip.organization.choices import Role

from . import engine, selectors_runs
from .access import (
    can_act_on_task,
    can_start_runs,
    get_run_for_user,
    get_task_file_for_user,
    get_task_for_user,
    startable_sops,
)
from .actions import handler_for
from .calendar import calendar_for
from .choices import RunStatus, TaskStatus, Workflow
from .compliance import compliance_report
from .compliance_page import compliance_page
from .compliance_xlsx import compliance_workbook
from .forms_runs import RunStartForm, TaskCompleteForm, TaskReturnForm
from .models import ProcedureRun, SopRevision, Task
from .notifications import notifications_mark_read
from .races import AlreadyDoneError
from .selectors_sops import revisions_in_force

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- the inbox -------------------------------------------------------------------------------


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's open tasks with deadlines, recent notifications and recently completed work."""
    return render(
        request,
        "procedures/inbox.html",
        {"inbox": selectors_runs.inbox(request.user), "can_start": can_start_runs(request.user)},
    )


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not notifications_mark_read(user=request.user, pk=pk):
        raise Http404
    return redirect(_next_url(request, "procedures:inbox"))


@login_required
@require_POST
def notifications_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect(_next_url(request, "procedures:inbox"))


# --- runs ------------------------------------------------------------------------------------


@login_required
def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    year = year_from_query(request)
    return render(
        request,
        "procedures/runs/list.html",
        {
            "rows": selectors_runs.run_list(request.user, status=status, year=year),
            "status": status,
            "year": year,
            "statuses": RunStatus.choices,
            "can_start": can_start_runs(request.user),
        },
    )


def _start_initial(revision: SopRevision, request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    first = revision.steps.select_related("lane").order_by("number").first()
    if revision.sop.workflow == Workflow.RKT:
        # The RKT of next year is prepared this year (SOP 1).
        year = today.year + 1
        title = _("Penyusunan RKT %(year)s") % {"year": year}
    else:
        year = selected_year(request)
        title = f"{revision.title} {year}"
    return {
        "title": title,
        "year": year,
        "disposition_to": first.lane.name if first else "",
        "instruction": first.activity if first else "",
        "disposition_date": today,
    }


@login_required
def run_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a run with its disposition: planners, the agency head and the Sekretaris."""
    if not can_start_runs(request.user):
        raise Http404
    sops = startable_sops(request.user)
    today = timezone.localdate()
    if "sop" not in request.GET:
        sop_list = list(sops.order_by("code"))
        in_force = revisions_in_force([sop.pk for sop in sop_list], today)
        choices = [(sop, in_force.get(sop.pk)) for sop in sop_list]
        return render(request, "procedures/runs/start_choose.html", {"choices": choices})
    try:
        sop = sops.get(pk=int(request.GET["sop"]))
    except (ValueError, sops.model.DoesNotExist):
        raise Http404 from None
    revision = revisions_in_force([sop.pk], today).get(sop.pk)
    form = RunStartForm(
        request.POST if request.method == "POST" else None,
        initial=_start_initial(revision, request) if revision else None,
    )
    if revision is None:
        form.add_error(None, _("Belum ada revisi SOP ini yang berlaku hari ini."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = engine.run_start(
                actor=request.user,
                revision=revision,
                agency=sop.agency,
                title=data["title"],
                year=data["year"],
                disposition_to=data["disposition_to"],
                instruction=data["instruction"],
                urgency=data["urgency"],
                disposition_date=data["disposition_date"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Pelaksanaan “%(title)s” dimulai.") % {"title": run.title})
            return redirect("procedures:run_detail", pk=run.pk)
    return render(
        request,
        "procedures/runs/start.html",
        {"form": form, "sop": sop, "revision": revision},
    )


@login_required
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(
        request.user,
        pk,
        ProcedureRun.objects.select_related(
            "agency", "revision__sop", "started_by__employee", "disposition_from__employee"
        ),
    )
    context = selectors_runs.run_detail(run, request.user)
    context["run"] = run
    return render(request, "procedures/runs/detail.html", context)


# --- tasks -----------------------------------------------------------------------------------


_TASK_RELATED = (
    "run__agency",
    "run__revision__sop",
    "step__lane",
    "step__return_to",
    "unit",
    "assignee__employee",
    "completed_by__employee",
)


def _task_page(
    request: HttpRequest,
    task: Task,
    *,
    complete_form: TaskCompleteForm | None = None,
    return_form: TaskReturnForm | None = None,
    status: int = 200,
) -> HttpResponse:
    calendar = calendar_for(task.run.agency)
    handler = handler_for(task.step)
    is_open = task.status == TaskStatus.OPEN
    may_act = is_open and can_act_on_task(request.user, task)
    context = {
        "task": task,
        "run": task.run,
        "step": task.step,
        # A unit's answer to a data request is due on the request's date, not a Mutu Baku.
        "standard_time": _("Sesuai batas dalam permintaan data")
        if task.is_supply
        else selectors_runs.format_standard_time(task.step),
        "timing": selectors_runs.timing_for(
            task, now=selectors_runs.current_time(), calendar=calendar
        )
        if is_open
        else None,
        "outcome": selectors_runs.outcome_for(task, calendar),
        # The step's own page is the assignee's; others may not be allowed there (no dead link).
        "work_url": handler.work_url(task) if can_act_on_task(request.user, task) else None,
        "blockers": handler.blockers(task) if is_open else [],
        "may_act": may_act,
        "is_decision": engine.is_decision(task.step),
        "can_return": engine.is_decision(task.step) and task.step.return_to_id is not None,
        "complete_form": complete_form or TaskCompleteForm(),
        "return_form": return_form or TaskReturnForm(prefix="return"),
        "files": list(task.files.all()),
        "earlier": selectors_runs.earlier_rounds(task),
        "history": selectors_runs.task_history(task),
        "max_file_mb": engine.task_file_max_bytes() // (1024 * 1024),
    }
    return render(request, "procedures/runs/task.html", context, status=status)


def _already_done(request: HttpRequest, task: Task, error: AlreadyDoneError) -> HttpResponse:
    """Someone completed the task first (or this person, in another tab): the task page, which
    no longer offers the action, says by whom and when."""
    messages.warning(request, error.message)
    return redirect("procedures:task_detail", pk=task.pk)


@login_required
def task_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_user(request.user, pk, queryset=Task.objects.select_related(*_TASK_RELATED))
    return _task_page(request, task)


@login_required
@require_POST
def task_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Complete (at a decision step: accept) a task; only its assignee can reach this."""
    task = get_task_for_user(
        request.user, pk, action="change", queryset=Task.objects.select_related(*_TASK_RELATED)
    )
    form = TaskCompleteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            engine.task_complete(
                actor=request.user,
                task=task,
                note=form.cleaned_data["note"],
                files=form.cleaned_data["output_files"],
            )
        except PermissionDenied:
            raise Http404 from None
        except AlreadyDoneError as error:
            return _already_done(request, task, error)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Tugas diterima.") if engine.is_decision(task.step) else _("Tugas selesai."),
            )
            return redirect("procedures:run_detail", pk=task.run_id)
    task.refresh_from_db()
    return _task_page(request, task, complete_form=form)


@login_required
@require_POST
def task_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Return a unit's work from a decision step to its earlier step with a note."""
    task = get_task_for_user(
        request.user, pk, action="change", queryset=Task.objects.select_related(*_TASK_RELATED)
    )
    form = TaskReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            engine.task_return(actor=request.user, task=task, note=form.cleaned_data["note"])
        except PermissionDenied:
            raise Http404 from None
        except AlreadyDoneError as error:
            return _already_done(request, task, error)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Tugas dikembalikan ke unit untuk diperbaiki."))
            return redirect("procedures:run_detail", pk=task.run_id)
    task.refresh_from_db()
    return _task_page(request, task, return_form=form)


@login_required
def task_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """An output file, only for users who may see its task (never from a static path)."""
    stored = get_task_file_for_user(request.user, pk)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=stored.name)


# --- compliance ------------------------------------------------------------------------------


def _reads_regency_only(request: AuthenticatedHttpRequest) -> bool:
    """A regency reader with no position in an agency's lanes: they see no tasks (decision
    0002); the compliance of the agencies is on the regency view."""
    access = access_for(request.user)
    return access.reads_regency and access.roles == {Role.REGENCY_VIEWER}


@login_required
def compliance(request: AuthenticatedHttpRequest) -> HttpResponse:
    if _reads_regency_only(request):
        return redirect("regency:overview")
    year = year_from_query(request)
    page = compliance_page(
        request.user,
        year=year,
        page=request.GET.get("page"),
        unit_page=request.GET.get("unit_page"),
    )
    this_year = timezone.localdate().year
    query = urlencode({"year": year}) if year else ""
    return render(
        request,
        "procedures/runs/compliance.html",
        {
            "report": page.shares,
            "rows_page": page.rows_page,
            "unit_rows_page": page.unit_rows_page,
            "rows_html": page.rows_html,
            "unit_rows_html": page.unit_rows_html,
            "filter_query": query,
            "year": year,
            "years": list(range(this_year + 1, this_year - 6, -1)),
        },
    )


@login_required
def compliance_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    if _reads_regency_only(request):
        return redirect("regency:overview")
    year = year_from_query(request)
    content = compliance_workbook(compliance_report(request.user, year=year))
    response = HttpResponse(content, content_type=XLSX)
    name = f"kepatuhan-sop-{year}.xlsx" if year else "kepatuhan-sop.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
