"""The dashboard's live cards keep what they read under the tasks' stamp: a task started or
completed shows at once, and lateness moves with the clock while nothing is written."""

from __future__ import annotations

import pytest

from sakip.procedures import engine
from sakip.procedures.tests.factories import make_two_step_sop, open_task, start_run, wita

from .. import selectors
from ..selectors import compliance_shares, my_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def now(monkeypatch):
    moment = {"now": wita(2026, 11, 27, 8, 0)}
    monkeypatch.setattr(selectors, "current_time", lambda: moment["now"])
    return moment


def test_my_tasks_show_a_new_task_at_once_and_lateness_by_the_clock(organization, now):
    staff = organization["staf.evaluasi"]
    assert (my_tasks(staff).open, my_tasks(staff).late) == (0, 0)
    revision = make_two_step_sop(organization.agency)
    run = start_run(organization, revision, now=wita(2026, 11, 27, 7, 30))  # due 09:30
    assert (my_tasks(staff).open, my_tasks(staff).late) == (1, 0)
    now["now"] = wita(2026, 11, 27, 10, 0)  # nothing written: the deadline passed
    assert (my_tasks(staff).open, my_tasks(staff).late) == (1, 1)
    task = open_task(run, 1)
    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 27, 10, 0))
    assert my_tasks(staff).open == 0


def test_a_completed_step_counts_in_the_compliance_card_at_once(organization, now):
    head = organization["kadis"]
    revision = make_two_step_sop(organization.agency)
    on_time = start_run(organization, revision, now=wita(2026, 11, 27, 7, 30))
    late = start_run(organization, revision, now=wita(2026, 11, 27, 7, 30))
    steps, _answers = compliance_shares(head, year=2027)
    assert (steps.completed, steps.on_time) == (0, 0)
    task = open_task(on_time, 1)
    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 27, 9, 0))
    steps, _answers = compliance_shares(head, year=2027)
    assert (steps.completed, steps.on_time) == (1, 1)
    task = open_task(late, 1)
    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 27, 11, 0))
    steps, _answers = compliance_shares(head, year=2027)
    assert (steps.completed, steps.on_time) == (2, 1)
