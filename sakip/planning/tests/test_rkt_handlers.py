"""SOP 1 driven through the procedures engine: the step handlers and workflow hooks of
sakip/planning/rkt/handlers.py, from the disposition to the locked, published RKT — with one form
returned for correction and fixed on the way."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.planning.models import RktDocument, RktForm
from sakip.planning.rkt import errors, handlers, services
from sakip.planning.rkt_models import RktFormStatus, RktStatus
from sakip.procedures import engine
from sakip.procedures.actions import handler_for, hooks_for
from sakip.procedures.choices import RunStatus, TaskOutcome, TaskStatus
from sakip.procedures.models import Task
from sakip.reports.models import GeneratedDocument

from . import rkt_factories
from .rkt_factories import (
    YEAR,
    complete,
    fill_and_submit,
    form_of,
    open_tasks,
    record_meeting,
    start,
    walk_to_fill,
)

rkt_world = rkt_factories.rkt_world  # the fixture, shared by the RKT tests


@pytest.fixture
def run(rkt_world):
    return start(rkt_world)


def test_every_action_key_and_the_workflow_have_their_code():
    keys = ["rkt.disposition", "rkt.plan", "rkt.socialize", "rkt.fill"]
    keys += ["rkt.submit", "rkt.compile", "rkt.review"]
    for key in keys:
        assert handler_for(type("S", (), {"action": key})()).key == key
    assert isinstance(hooks_for("rkt"), handlers.RktHooks)


def test_starting_the_run_creates_the_years_rkt(rkt_world, run):
    document = RktDocument.objects.get(run=run)
    assert (document.agency, document.year, document.status) == (
        rkt_world.org.agency,
        YEAR,
        RktStatus.DRAFT,
    )
    assert AuditEvent.objects.filter(
        object_type="planning.rktdocument", object_id=str(document.pk), action="create"
    ).exists()
    (task,) = open_tasks(run)
    assert task.step.action == "rkt.disposition"
    assert task.assignee == rkt_world["staf.evaluasi"]


def test_the_planning_step_needs_the_schedule_in_its_note(rkt_world, run):
    complete(open_tasks(run, "rkt.disposition")[0])
    (plan,) = open_tasks(run, "rkt.plan")
    assert plan.assignee == rkt_world["kasubag.umum"]
    with pytest.raises(ValidationError) as caught:
        complete(plan, note="  ")
    assert caught.value.message_dict == {"note": [str(errors.PLAN_NOTE_REQUIRED)]}
    plan.refresh_from_db()
    assert plan.status == TaskStatus.OPEN  # the refusal rolled the completion back
    complete(plan, note="Jadwal: sosialisasi Senin, pengisian Selasa–Rabu.")
    plan.refresh_from_db()
    assert plan.status == TaskStatus.DONE


def test_socialization_blocks_until_recorded_then_every_unit_gets_its_prefilled_form(
    rkt_world, run
):
    o = rkt_world.org
    complete(open_tasks(run, "rkt.disposition")[0])
    complete(open_tasks(run, "rkt.plan")[0], note="Jadwal terlampir")
    (socialize,) = open_tasks(run, "rkt.socialize")
    handler = handler_for(socialize.step)
    assert handler.work_url(socialize) == reverse("planning:rkt_socialization", args=[run.pk])
    assert handler.blockers(socialize) == [str(errors.SOCIALIZATION_NOT_RECORDED)]
    with pytest.raises(ValidationError, match=str(errors.SOCIALIZATION_NOT_RECORDED)):
        complete(socialize)
    record_meeting(rkt_world, run)
    complete(socialize)

    fills = open_tasks(run, "rkt.fill")
    assert [(t.unit, t.assignee.username) for t in fills] == [
        (o.secretariat, "sekretaris"),
        (o.ikp, "kabid.ikp"),
        (o.aptika, "kabid.aptika"),
    ]
    ikp_form = form_of(run, o.ikp)
    assert set(ikp_form.indicator_lines.values_list("indicator__code", flat=True)) == {
        "IK1",
        "IK1.1",
        "IK3",
    }
    assert ikp_form.activity_lines.count() == 2
    ikp_fill = fills[1]
    assert handler_for(ikp_fill.step).work_url(ikp_fill) == reverse(
        "planning:rkt_form", args=[ikp_form.pk]
    )
    # The unit must acknowledge the socialization, and every line needs a target.
    assert handler_for(ikp_fill.step).blockers(ikp_fill) == [str(errors.FORM_NOT_ACKNOWLEDGED)]
    services.rkt_acknowledge(actor=rkt_world["kabid.ikp"], form=ikp_form)
    line = ikp_form.indicator_lines.get(indicator__code="IK1")
    services.rkt_form_update(
        actor=rkt_world["kabid.ikp"],
        form=ikp_form,
        expected_version=None,
        lines={line.pk: (None, None, "")},
    )
    with pytest.raises(ValidationError) as caught:
        complete(ikp_fill)
    assert caught.value.messages == [str(errors.FORM_MISSING_TARGETS) % {"codes": "IK1"}]


def test_completing_the_submit_step_submits_the_form(rkt_world, run):
    o = rkt_world.org
    walk_to_fill(rkt_world, run)
    form = form_of(run, o.ikp)
    services.rkt_acknowledge(actor=rkt_world["kabid.ikp"], form=form)
    (fill,) = [t for t in open_tasks(run, "rkt.fill") if t.unit == o.ikp]
    complete(fill)
    (submit,) = open_tasks(run, "rkt.submit")
    # Para Pegawai of Bidang IKP: the employee of its seksi.
    assert submit.assignee == rkt_world["pegawai.ikp"]
    assert handler_for(submit.step).work_url(submit) == reverse("planning:rkt_form", args=[form.pk])
    complete(submit)
    form.refresh_from_db()
    assert form.status == RktFormStatus.SUBMITTED
    assert form.submitted_by == rkt_world["pegawai.ikp"]
    # Units not yet done keep the compilation closed.
    assert open_tasks(run, "rkt.compile") == []


def test_compilation_is_blocked_while_a_form_is_not_submitted(rkt_world, run):
    o = rkt_world.org
    walk_to_fill(rkt_world, run)
    fill_and_submit(rkt_world, run, o.secretariat, "sekretaris")
    fill_and_submit(rkt_world, run, o.ikp, "kabid.ikp")
    fill_and_submit(rkt_world, run, o.aptika, "kabid.aptika")
    (compile_task,) = open_tasks(run, "rkt.compile")
    document = RktDocument.objects.get(run=run)
    handler = handler_for(compile_task.step)
    assert handler.work_url(compile_task) == reverse("planning:rkt_detail", args=[document.pk])
    assert handler.blockers(compile_task) == []
    # Should a form slip back to the unit, the compilation waits for it.
    RktForm.objects.filter(document=document, unit=o.aptika).update(status=RktFormStatus.DRAFT)
    with pytest.raises(ValidationError) as caught:
        complete(compile_task)
    assert caught.value.messages == [str(errors.FORMS_NOT_SUBMITTED) % {"units": "Bidang Aptika"}]
    RktForm.objects.filter(document=document, unit=o.aptika).update(status=RktFormStatus.SUBMITTED)
    complete(compile_task)
    assert AuditEvent.objects.filter(
        object_type="planning.rktdocument", object_id=str(document.pk), action="compile"
    ).exists()
    reviews = open_tasks(run, "rkt.review")
    assert [(t.unit, t.assignee.username) for t in reviews] == [
        (o.secretariat, "kasubag.umum"),
        (o.ikp, "kasubag.umum"),
        (o.aptika, "kasubag.umum"),
    ]
    form = form_of(run, o.ikp)
    assert handler_for(reviews[1].step).work_url(reviews[1]) == reverse(
        "planning:rkt_review", args=[form.pk]
    )


def test_sop1_end_to_end_with_a_form_returned_and_fixed(
    rkt_world, run, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    o = rkt_world.org
    kasubag = rkt_world["kasubag.umum"]
    walk_to_fill(rkt_world, run)
    for unit, head in (
        (o.secretariat, "sekretaris"),
        (o.ikp, "kabid.ikp"),
        (o.aptika, "kabid.aptika"),
    ):
        fill_and_submit(rkt_world, run, unit, head)
    complete(open_tasks(run, "rkt.compile")[0])
    reviews = {t.unit: t for t in open_tasks(run, "rkt.review")}

    engine.task_complete(actor=kasubag, task=reviews[o.secretariat])
    engine.task_complete(actor=kasubag, task=reviews[o.aptika])
    # Bidang IKP's range is too wide: notes per line, then back to step 4.
    ikp_form = form_of(run, o.ikp)
    line = ikp_form.indicator_lines.get(indicator__code="IK3")
    services.rkt_review_save_notes(
        actor=kasubag,
        form=ikp_form,
        line_notes={line.pk: "Rentang 80–90 terlalu lebar"},
        review_note="Persempit rentang IK3.",
    )
    engine.task_return(actor=kasubag, task=reviews[o.ikp], note="Persempit rentang IK3.")

    ikp_form.refresh_from_db()
    assert ikp_form.status == RktFormStatus.RETURNED
    assert ikp_form.review_note == "Persempit rentang IK3."
    (again,) = open_tasks(run, "rkt.fill")
    assert (again.unit, again.round, again.assignee) == (o.ikp, 2, rkt_world["kabid.ikp"])
    assert again.deadline > reviews[o.ikp].deadline
    services.rkt_form_update(
        actor=rkt_world["kabid.ikp"],
        form=ikp_form,
        expected_version=ikp_form.version,
        lines={line.pk: (Decimal("84"), Decimal("86"), "Dipersempit")},
    )
    complete(again)
    (resubmit,) = open_tasks(run, "rkt.submit")
    complete(resubmit)
    # The compilation (a join already done) is not repeated; the form goes straight to review.
    (review2,) = open_tasks(run, "rkt.review")
    assert (review2.unit, review2.round) == (o.ikp, 2)
    # The documents are made after the commit (a background job; immediate in the tests).
    with django_capture_on_commit_callbacks(execute=True):
        engine.task_complete(actor=kasubag, task=review2)

    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETED
    document = RktDocument.objects.get(run=run)
    assert document.status == RktStatus.LOCKED
    assert document.number == "050/001/RKT/dkis/2026"
    assert document.locked_by == kasubag
    assert set(document.forms.values_list("status", flat=True)) == {RktFormStatus.ACCEPTED}
    line.refresh_from_db()
    assert (line.target_low, line.target_high) == (Decimal("84"), Decimal("86"))
    returned = Task.objects.get(pk=reviews[o.ikp].pk)
    assert returned.outcome == TaskOutcome.RETURNED

    # Published: the RKT and the PKs, stored as the run's output.
    published = GeneratedDocument.objects.filter(
        source_type="planning.rktdocument", source_id=str(document.pk)
    )
    assert published.filter(kind="rkt").exists()

    # Every change of the forms and the document is in the audit trail.
    form_actions = set(
        AuditEvent.objects.filter(
            object_type="planning.rktform", object_id=str(ikp_form.pk)
        ).values_list("action", flat=True)
    )
    assert {"create", "prefill", "acknowledge", "update", "submit", "review_notes"} <= form_actions
    assert {"return", "accept"} <= form_actions
    document_actions = set(
        AuditEvent.objects.filter(
            object_type="planning.rktdocument", object_id=str(document.pk)
        ).values_list("action", flat=True)
    )
    assert {"create", "compile", "lock"} <= document_actions


def test_the_documents_are_rendered_after_the_commit_not_inside_the_last_step(
    rkt_world, run, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Issue 9: seconds of WeasyPrint never run inside `task_complete`'s transaction. The last
    review locks the RKT at once; the RKT and PK documents come from a report job queued once the
    transaction has committed."""
    from sakip.reports.models import DocumentKind, JobStatus, ReportJob

    settings.MEDIA_ROOT = tmp_path
    o = rkt_world.org
    kasubag = rkt_world["kasubag.umum"]
    walk_to_fill(rkt_world, run)
    for unit, head in (
        (o.secretariat, "sekretaris"),
        (o.ikp, "kabid.ikp"),
        (o.aptika, "kabid.aptika"),
    ):
        fill_and_submit(rkt_world, run, unit, head)
    complete(open_tasks(run, "rkt.compile")[0])
    reviews = open_tasks(run, "rkt.review")
    for review in reviews[:-1]:
        engine.task_complete(actor=kasubag, task=review)
    document = RktDocument.objects.get(run=run)
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        engine.task_complete(actor=kasubag, task=reviews[-1])
        document.refresh_from_db()
        # Inside the transaction: locked, but nothing rendered and no job yet.
        assert document.status == RktStatus.LOCKED
        assert not GeneratedDocument.objects.exists()
        assert not ReportJob.objects.exists()
    assert after_commit  # something waits for the commit
    with django_capture_on_commit_callbacks(execute=True):  # the job's own enqueue
        for callback in after_commit:
            callback()
    job = ReportJob.objects.get(kind=DocumentKind.RKT)
    assert (job.status, job.created_by) == (JobStatus.DONE, kasubag)
    kinds = sorted(
        GeneratedDocument.objects.filter(
            source_type="planning.rktdocument", source_id=str(document.pk)
        ).values_list("kind", flat=True)
    )
    assert kinds.count("rkt") == 1 and kinds.count("pk") >= 1
