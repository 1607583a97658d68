"""Who may see and act on the RKT of SOP 1 (docs/decisions/0002-access-from-positions.md): the
helpers of the views, on top of the models' `.restrict(user, action)` (planning/querysets.py) and
the one access object (sakip.organization.access).

- A unit sees only its own form: the people of the form's unit and of the units below it (a Kepala
  Seksi works on the form of their Bidang). Another unit's form is a 404.
- The agency-wide roles (Kepala Dinas, Sekretaris, Kasubag, planning staff) see every form and the
  whole compiled RKT; a unit head sees the compiled RKT with their own unit's part only.
- A form is filled by the head of its unit ("Atasan Langsung", SOP 1 step 4) or by whoever holds the
  open fill task of that unit (an acting head); reviewed by the assignee of the open review task, the
  agency's planners or an administrator.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sakip.accounts.types import Viewer
from sakip.organization.access import access_for
from sakip.organization.models import Unit
from sakip.procedures.choices import TaskStatus
from sakip.procedures.models import ProcedureRun, Task

from ..models import RktDocument, RktForm

FILL = "rkt.fill"
SUBMIT = "rkt.submit"
REVIEW = "rkt.review"
SOCIALIZE = "rkt.socialize"


def forms_for(user: Viewer) -> QuerySet[RktForm]:
    """The RKT forms the user may see."""
    return RktForm.objects.restrict(user, "view")


def get_form_for_user(user: Viewer, pk: int) -> RktForm:
    form = (
        forms_for(user)
        .select_related("document__agency", "document__run", "unit")
        .filter(pk=pk)
        .first()
    )
    if form is None:
        raise Http404
    return form


def sees_whole_agency(user: Viewer, agency: Unit) -> bool:
    """Agency-wide roles (and the regency's viewers) see every unit's part of the agency's RKT."""
    return access_for(user).covers(agency, "view")


def documents_for(user: Viewer) -> QuerySet[RktDocument]:
    """RKT documents the user may open: those of the agencies they see or work in."""
    return RktDocument.objects.restrict(user, "view")


def get_document_for_user(user: Viewer, pk: int) -> RktDocument:
    document = documents_for(user).select_related("agency", "run").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def open_task(run: ProcedureRun | None, action: str, unit: Unit | None = None) -> Task | None:
    """The open task of a step (by its action key) in a run, for one unit in a per-unit step."""
    if run is None:
        return None
    tasks = Task.objects.filter(run=run, step__action=action, status=TaskStatus.OPEN)
    if unit is not None:
        tasks = tasks.filter(unit=unit)
    return tasks.select_related("assignee", "step", "unit").order_by("-round", "pk").first()


def last_task(run: ProcedureRun | None, action: str, unit: Unit | None = None) -> Task | None:
    """The newest task of a step for a unit, open or not: what became of a step whose open task
    is gone (completed meanwhile by someone else, or in another tab)."""
    if run is None:
        return None
    tasks = Task.objects.filter(run=run, step__action=action)
    if unit is not None:
        tasks = tasks.filter(unit=unit)
    return tasks.select_related("assignee", "step", "unit").order_by("-round", "-pk").first()


def is_agency_planner(user: Viewer, agency: Unit) -> bool:
    """Administrators and the planners of `agency` act on the documents of all its units."""
    return access_for(user).plans(agency)


def can_fill(user: Viewer, form: RktForm) -> bool:
    """SOP 1 step 4: the head of the form's unit, or the holder of that unit's open fill task."""
    access = access_for(user)
    if access.is_admin or access.heads(form.unit):
        return True
    task = open_task(form.document.run, FILL, form.unit)
    return task is not None and task.assignee_id == user.pk


def can_review(user: Viewer, form: RktForm, task: Task | None) -> bool:
    """SOP 1 step 7: the Kasubag holding the open review task, the agency's planners or an admin."""
    if task is not None and task.assignee_id == user.pk:
        return True
    return is_agency_planner(user, form.document.agency)


def runs_for(user: Viewer) -> QuerySet[ProcedureRun]:
    """Runs whose socialization page the user may open: runs of the agencies they work in (the
    rule of the RKT documents and meetings, not a task's: everyone of the agency is socialized)."""
    query = access_for(user).agency_q("agency")
    runs = ProcedureRun.objects.all()
    return runs if query is None else runs.filter(query)


def get_run_for_user(user: Viewer, pk: int) -> ProcedureRun:
    run = runs_for(user).select_related("agency", "revision__sop").filter(pk=pk).first()
    if run is None:
        raise Http404
    return run
