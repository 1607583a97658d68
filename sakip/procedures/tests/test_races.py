"""Two people acting on one task (or one person in two tabs): the second is told who completed it
and when, on the task page, in Indonesian with the WITA time; never a 404, a 500 or silence."""

import pytest
from django.test import Client
from django.urls import reverse

from sakip.conftest import PASSWORD

from .. import engine
from ..choices import TaskOutcome, TaskStatus
from ..notifications import format_moment
from ..races import AlreadyDoneError
from .factories import make_rkt_like_sop, make_two_step_sop, open_task, start_run, wita

MONDAY_8 = wita(2026, 11, 23, 8, 0)
# Friday 4 December 2026, 15:45 WITA: the moment the first person acted.
FIRST = wita(2026, 12, 4, 15, 45)
WHEN = "Jumat, 04 Desember 2026 15:45 WITA"


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def task(organization):
    run = start_run(organization, make_two_step_sop(organization.agency), now=MONDAY_8)
    return open_task(run, 1)  # the planning staff's task


def test_completing_a_task_twice_says_who_completed_it_and_when(organization, task):
    staff = organization["staf.evaluasi"]
    engine.task_complete(actor=staff, task=task, now=FIRST)
    with pytest.raises(AlreadyDoneError) as error:
        engine.task_complete(actor=staff, task=task)
    assert error.value.message == (
        f"Tugas ini sudah diselesaikan oleh {staff.display_name} pada {WHEN}."
    )
    assert (error.value.by, error.value.at) == (staff, FIRST)


def test_the_second_click_on_the_task_page_shows_who_completed_it(organization, task):
    staff = client_for("staf.evaluasi")
    # Two tabs of the same task page; the first one completes it.
    url = reverse("procedures:task_complete", args=[task.pk])
    assert staff.post(url, {"note": "Bahan siap."}).status_code == 302
    task.refresh_from_db()
    done_at = format_moment(task.completed_at)

    response = staff.post(url, {"note": "Bahan siap (tab kedua)."}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("procedures:task_detail", args=[task.pk])
    html = response.content.decode()
    name = organization["staf.evaluasi"].display_name
    assert f"Tugas ini sudah diselesaikan oleh {name} pada {done_at}." in html
    task.refresh_from_db()
    assert task.note == "Bahan siap."  # the first completion stands


def test_assignee_losing_to_an_administrator_is_told_on_the_task_page(organization, task):
    staff, admin = client_for("staf.evaluasi"), client_for("admin")
    url = reverse("procedures:task_complete", args=[task.pk])
    assert admin.post(url, {"note": "Diselesaikan administrator."}).status_code == 302

    response = staff.post(url, {"note": "Bahan siap."}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tugas ini sudah diselesaikan oleh" in html
    assert organization["admin"].display_name in html
    assert 'id="complete-form"' not in html


def test_returning_a_review_already_accepted_says_who_accepted_it(organization):
    run = start_run(organization, make_rkt_like_sop(organization.agency), now=MONDAY_8)
    for number in (1, 2, 3, 4, 5):
        for open_ in run.tasks.filter(step__number=number, status=TaskStatus.OPEN):
            engine.task_complete(actor=open_.assignee, task=open_, now=MONDAY_8)
    compile_task = open_task(run, 6)
    engine.task_complete(actor=compile_task.assignee, task=compile_task, now=MONDAY_8)
    review = open_task(run, 7, organization.ikp)
    kasubag = organization["kasubag.renkeu"]
    # The Kasubag accepts in one tab, then returns from another tab still showing the form.
    engine.task_complete(actor=kasubag, task=review, now=FIRST)
    response = client_for("kasubag.renkeu").post(
        reverse("procedures:task_return", args=[review.pk]),
        {"return-note": "Target belum sesuai."},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Tugas ini sudah diterima oleh {kasubag.display_name} pada {WHEN}." in html
    review.refresh_from_db()
    assert review.outcome == TaskOutcome.ACCEPTED
    assert not run.tasks.filter(step__number=4, round=2).exists()  # nothing went back


def test_the_error_survives_the_copies_forms_make(organization, task):
    import copy
    import pickle

    staff = organization["staf.evaluasi"]
    engine.task_complete(actor=staff, task=task, now=FIRST)
    task.refresh_from_db()
    error = engine.task_already_done(task)
    for twin in (copy.deepcopy(error), pickle.loads(pickle.dumps(error))):
        assert twin.message == error.message
        assert (twin.by, twin.at) == (staff, FIRST)
