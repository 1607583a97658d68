"""The reviewed-submission lifecycle (decision 0011): sakip.core.review.ReviewFlow on a Rencana
Aksi (any ReviewedSubmission would do): the stamps, the version, the audit hook, the checks."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sakip.core.locking import StaleEditError
from sakip.core.models import ReviewStatus
from sakip.core.review import RETURN_NOTE_REQUIRED, ReviewFlow
from sakip.planning.action_plan import services as action_plan
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus
from sakip.planning.rkt_models import RktFormStatus

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 1, 20, 9, 0, tzinfo=datetime.UTC)


class Recorder:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def __call__(self, **event: Any) -> None:
        self.events.append(event)


@pytest.fixture
def plan(organization, plan_data) -> ActionPlan:
    return action_plan.action_plan_create(
        actor=organization["kabid.ikp"], unit=organization.ikp, year=2026
    )


def test_the_features_share_the_states():
    assert RktFormStatus is ReviewStatus
    assert ActionPlanStatus.values == ReviewStatus.values
    assert ActionPlan.EDITABLE == (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


def test_submit_then_accept(organization, plan):
    audit = Recorder()
    flow: ReviewFlow[ActionPlan] = ReviewFlow(audit=audit)
    head, planner = organization["kabid.ikp"], organization["staf.evaluasi"]
    version = plan.version

    flow.submit(flow.lock(plan), actor=head, now=AT)
    plan.refresh_from_db()
    assert (plan.status, plan.submitted_by, plan.submitted_at) == ("submitted", head, AT)
    assert plan.version == version + 1

    flow.check_submitted(plan, "belum diajukan")
    flow.accept(flow.lock(plan), actor=planner, now=AT, changes={"x": [1, 2]})
    plan.refresh_from_db()
    assert (plan.status, plan.reviewed_by, plan.reviewed_at) == ("accepted", planner, AT)
    assert plan.review_note == ""  # an acceptance without a note keeps the note
    assert [(e["action"], e["changes"], e["at"]) for e in audit.events] == [
        ("submit", {"status": ["draft", "submitted"]}, AT),
        ("accept", {"status": ["submitted", "accepted"], "x": [1, 2]}, AT),
    ]


def test_return_needs_a_note_keyed_by_its_input(organization, plan):
    flow: ReviewFlow[ActionPlan] = ReviewFlow(audit=Recorder(), note_key="note")
    with pytest.raises(ValidationError) as exc:
        flow.require_note("  ")
    assert exc.value.message_dict == {"note": [str(RETURN_NOTE_REQUIRED)]}
    assert flow.require_note("  Perbaiki TW II. ") == "Perbaiki TW II."

    flow.submit(plan, actor=None)
    flow.return_(plan, actor=organization["staf.evaluasi"], note="Perbaiki TW II.")
    plan.refresh_from_db()
    assert plan.status == ReviewStatus.RETURNED
    assert plan.review_note == "Perbaiki TW II."
    assert plan.reviewed_by == organization["staf.evaluasi"]
    assert plan.submitted_by is None  # the system stamps nobody


def test_state_checks_name_the_decision_or_refuse(plan):
    flow: ReviewFlow[ActionPlan] = ReviewFlow(audit=Recorder())
    with pytest.raises(ValidationError) as exc:
        flow.check_submitted(plan, "belum diajukan")
    assert exc.value.messages == ["belum diajukan"]
    decided = ValidationError("sudah diputuskan")
    with pytest.raises(ValidationError) as exc:
        flow.check_state(plan, ("submitted",), "belum diajukan", lambda p: decided)
    assert exc.value is decided
    flow.check_state(plan, ActionPlan.EDITABLE, "tidak dapat diubah")


def test_keep_first_submission_and_stale_versions(plan):
    flow: ReviewFlow[ActionPlan] = ReviewFlow(audit=Recorder(), keep_first_submission=True)
    flow.submit(plan, actor=None, now=AT)
    flow.return_(plan, actor=None, note="x")
    flow.submit(plan, actor=None, now=AT + datetime.timedelta(days=3))
    plan.refresh_from_db()
    assert plan.submitted_at == AT
    with pytest.raises(StaleEditError):
        flow.lock(plan, expected_version=plan.version - 1)
