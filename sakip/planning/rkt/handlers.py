"""The code behind SOP 1's steps (sakip.procedures.actions contract).

The steps stay data (their texts, lanes and times live in the SOP definition); a step's `action`
key picks the behaviour below. Imported by PlanningConfig.ready() so the handlers register.

| key              | SOP 1 step                                   | behaviour                               |
|------------------|----------------------------------------------|-----------------------------------------|
| rkt.disposition  | 1 Disposisi penyusunan RKT (Staf)            | generic completion                      |
| rkt.plan         | 2 Perencanaan kegiatan (Kasubag Umum)        | completion with the schedule as a note  |
| rkt.socialize    | 3 Rapat sosialisasi (Staf)                   | the meeting must be recorded            |
| rkt.fill         | 4 Mengisi form RKT (Atasan Langsung, per unit)| the unit's form, pre-filled             |
| rkt.submit       | 5 Mengumpulkan form (Para Pegawai, per unit) | completing submits the form             |
| rkt.compile      | 6 Mengompilasi form (Staf)                   | waits for every form; compiles          |
| rkt.review       | 7 Koreksi draft RKT (Kasubag Umum, per unit) | accept, or return to step 4             |
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.urls import reverse

from sakip.accounts.types import Actor
from sakip.procedures.actions import (
    StepHandler,
    WorkflowHooks,
    register_step_handler,
    register_workflow_hooks,
)
from sakip.procedures.models import ProcedureRun, Task

from ..models import RktDocument, RktForm, SocializationMeeting
from ..rkt_models import RktFormStatus
from . import errors, services
from .selectors import form_problems, forms_not_submitted


def document_for_run(run: ProcedureRun) -> RktDocument | None:
    return RktDocument.objects.filter(run=run).select_related("agency").first()


def form_for_task(task: Task) -> RktForm | None:
    if task.unit_id is None:
        return None
    return (
        RktForm.objects.filter(document__run_id=task.run_id, unit_id=task.unit_id)
        .select_related("document", "unit")
        .first()
    )


class FormStepHandler(StepHandler):
    """A per-unit step whose work page is the unit's RKT form. The inbox asks for all its tasks at
    once: one query for their forms, whatever the number of tasks."""

    url_name = "planning:rkt_form"

    def work_url(self, task: Task) -> str | None:
        return self.work_urls([task])[task.pk]

    def work_urls(self, tasks: Sequence[Task]) -> dict[int, str | None]:
        forms: dict[tuple[int, int | None], int] = {
            (run_id, unit_id): pk
            for pk, run_id, unit_id in RktForm.objects.filter(
                document__run_id__in={t.run_id for t in tasks},
                unit_id__in={t.unit_id for t in tasks if t.unit_id is not None},
            ).values_list("pk", "document__run_id", "unit_id")
        }
        found = {t.pk: forms.get((t.run_id, t.unit_id)) for t in tasks}
        return {
            pk: reverse(self.url_name, args=[form]) if form else None for pk, form in found.items()
        }


class DispositionHandler(StepHandler):
    """Step 1: the disposition to prepare the RKT is acknowledged; nothing else to do."""

    key = "rkt.disposition"


class PlanHandler(StepHandler):
    """Step 2: the Kasubag plans the preparation; the schedule is written in the completion note."""

    key = "rkt.plan"

    def on_complete(self, task: Task, *, actor: Actor) -> None:
        if not (task.note or "").strip():
            raise ValidationError({"note": errors.PLAN_NOTE_REQUIRED})


class SocializeHandler(StepHandler):
    """Step 3: the staff records the socialization meeting (date, place, attendees, material)."""

    key = "rkt.socialize"

    def blockers(self, task: Task) -> list[str]:
        if not SocializationMeeting.objects.filter(run_id=task.run_id).exists():
            return [str(errors.SOCIALIZATION_NOT_RECORDED)]
        return []

    def work_url(self, task: Task) -> str | None:
        return reverse("planning:rkt_socialization", args=[task.run_id])


class FillHandler(FormStepHandler):
    """Step 4, per unit: the unit head fills the unit's form, pre-filled from the Renstra."""

    key = "rkt.fill"

    def on_open(self, task: Task) -> None:
        document = document_for_run(task.run)
        if document is None or task.unit is None:
            return
        services.rkt_form_ensure(actor=None, document=document, unit=task.unit)

    def blockers(self, task: Task) -> list[str]:
        form = form_for_task(task)
        if form is None:
            return [str(errors.NO_FORMS)]
        return form_problems(form)


class SubmitHandler(FormStepHandler):
    """Step 5, per unit: completing the task hands the unit's form in."""

    key = "rkt.submit"

    def blockers(self, task: Task) -> list[str]:
        form = form_for_task(task)
        if form is None:
            return [str(errors.NO_FORMS)]
        if form.status not in services.EDITABLE:
            return [str(errors.FORM_ALREADY_SUBMITTED)]
        return form_problems(form)

    def on_complete(self, task: Task, *, actor: Actor) -> None:
        form = form_for_task(task)
        if form is None:
            raise ValidationError(errors.NO_FORMS)
        services.rkt_submit(actor=actor, form=form)


class CompileHandler(StepHandler):
    """Step 6: the staff compiles the agency RKT once every unit has sent its form."""

    key = "rkt.compile"

    def blockers(self, task: Task) -> list[str]:
        document = document_for_run(task.run)
        if document is None or not document.forms.exists():
            return [str(errors.NO_FORMS)]
        waiting = forms_not_submitted(document)
        if waiting:
            names = ", ".join(f.unit.name for f in waiting)
            return [str(errors.FORMS_NOT_SUBMITTED) % {"units": names}]
        return []

    def on_complete(self, task: Task, *, actor: Actor) -> None:
        document = document_for_run(task.run)
        if document is None:
            raise ValidationError(errors.NO_FORMS)
        services.rkt_compile(actor=actor, document=document)

    def work_url(self, task: Task) -> str | None:
        return self.work_urls([task])[task.pk]

    def work_urls(self, tasks: Sequence[Task]) -> dict[int, str | None]:
        documents = dict(
            RktDocument.objects.filter(run_id__in={t.run_id for t in tasks}).values_list(
                "run_id", "pk"
            )
        )
        return {
            t.pk: reverse("planning:rkt_detail", args=[documents[t.run_id]])
            if t.run_id in documents
            else None
            for t in tasks
        }


class ReviewHandler(FormStepHandler):
    """Step 7, per unit (decision): accept the form, or return it to step 4 with notes."""

    key = "rkt.review"

    def blockers(self, task: Task) -> list[str]:
        form = form_for_task(task)
        if form is None or form.status != RktFormStatus.SUBMITTED:
            return [str(errors.FORM_NOT_SUBMITTED)]
        return []

    def on_complete(self, task: Task, *, actor: Actor) -> None:
        form = form_for_task(task)
        if form is None:
            raise ValidationError(errors.FORM_NOT_SUBMITTED)
        services.rkt_accept(actor=actor, form=form)

    def on_return(self, task: Task, *, actor: Actor) -> None:
        form = form_for_task(task)
        if form is None:
            raise ValidationError(errors.FORM_NOT_SUBMITTED)
        services.rkt_return(actor=actor, form=form, note=task.note or form.review_note)

    url_name = "planning:rkt_review"


class RktHooks(WorkflowHooks):
    """SOP 1 as a whole: the run owns the year's RKT; its end locks and publishes it."""

    key = "rkt"

    def on_run_start(self, run: ProcedureRun, *, actor: Actor) -> None:
        services.rkt_document_create(actor=actor, run=run)

    def on_run_complete(self, run: ProcedureRun, *, actor: Actor) -> None:
        document = document_for_run(run)
        if document is None:
            return
        # The RKT and each PK as DOCX and PDF follow after the commit, as a background job of the
        # reports app (it listens for the end of "rkt" runs): seconds of rendering stay out of
        # the request that completes the last step.
        services.rkt_lock(actor=actor, document=document)


for _handler in (
    DispositionHandler(),
    PlanHandler(),
    SocializeHandler(),
    FillHandler(),
    SubmitHandler(),
    CompileHandler(),
    ReviewHandler(),
):
    register_step_handler(_handler)
register_workflow_hooks(RktHooks())
