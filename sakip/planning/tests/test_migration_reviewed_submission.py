"""Decision 0011: the Rencana Aksi's "approved" is "accepted". A database migrated across the
rename keeps its accepted plans, who accepted them and when, and the history of each
(planning/migrations/0006_reviewed_submission.py)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sakip.audit.models import AuditEvent
from sakip.planning.action_plan.selectors import plan_history
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus

BEFORE = [("planning", "0005_indicator_valid_range"), ("audit", "0002_alter_auditevent_at")]
AT = datetime.datetime(2026, 1, 22, 1, 0, tzinfo=datetime.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_approved_plans_become_accepted_with_their_history(organization):
    old = _migrate(BEFORE)
    try:
        OldPlan = old.get_model("planning", "ActionPlan")
        OldEvent = old.get_model("audit", "AuditEvent")
        planner = organization["staf.evaluasi"]
        plan = OldPlan.objects.create(
            agency_id=organization.agency.pk,
            unit_id=organization.ikp.pk,
            year=2026,
            status="approved",
            approved_at=AT,
            approved_by_id=planner.pk,
        )
        OldEvent.objects.create(
            at=AT,
            actor_id=planner.pk,
            object_type="planning.actionplan",
            object_id=str(plan.pk),
            object_repr="Rencana Aksi",
            action="approve",
            changes={"status": ["submitted", "approved"]},
        )
    finally:
        _migrate(_latest())

    plan = ActionPlan.objects.get(pk=plan.pk)
    assert plan.status == ActionPlanStatus.ACCEPTED
    assert (plan.reviewed_at, plan.reviewed_by) == (AT, planner)
    event = AuditEvent.objects.get(object_type="planning.actionplan", object_id=str(plan.pk))
    assert (event.action, event.changes) == ("accept", {"status": ["submitted", "accepted"]})
    [entry] = plan_history(plan)
    assert entry.action == "Disetujui"
    assert [(c.before, c.after) for c in entry.changes] == [("Diajukan", "Disetujui")]
