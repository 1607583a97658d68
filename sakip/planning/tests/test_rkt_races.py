"""SOP 1 when two people (or one person in two tabs) act on the same step or review: the second
sees on the page they were on who acted first and when, never a 404."""

import pytest
from django.test import Client
from django.urls import reverse

from sakip.conftest import PASSWORD
from sakip.planning.rkt import errors, services
from sakip.planning.rkt_models import RktFormStatus
from sakip.procedures.choices import TaskOutcome, TaskStatus
from sakip.procedures.models import Task
from sakip.procedures.notifications import format_moment
from sakip.procedures.races import AlreadyDoneError

from . import rkt_factories
from .rkt_factories import complete, fill_and_submit, form_of, open_tasks, start, walk_to_fill

rkt_world = rkt_factories.rkt_world


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def follow_page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def run(rkt_world):
    run = start(rkt_world)
    walk_to_fill(rkt_world, run)
    return run


@pytest.fixture
def ikp_form(rkt_world, run):
    return form_of(run, rkt_world.org.ikp)


@pytest.fixture
def in_review(rkt_world, run):
    o = rkt_world.org
    for unit, head in (
        (o.secretariat, "sekretaris"),
        (o.ikp, "kabid.ikp"),
        (o.aptika, "kabid.aptika"),
    ):
        fill_and_submit(rkt_world, run, unit, head)
    complete(open_tasks(run, "rkt.compile")[0])
    return run


def done_task(run, action, unit):
    return Task.objects.get(run=run, step__action=action, unit=unit, status=TaskStatus.DONE)


def test_finishing_the_fill_step_twice_says_who_finished_it_and_when(rkt_world, run, ikp_form):
    head = client_for("kabid.ikp")
    head.post(reverse("planning:rkt_acknowledge", args=[ikp_form.pk]))
    url = reverse("planning:rkt_fill_complete", args=[ikp_form.pk])
    assert head.post(url).status_code == 302  # the first tab

    response = head.post(url, follow=True)  # the second tab: was a 404
    html = follow_page(response)
    assert response.redirect_chain[-1][0] == reverse("planning:rkt_form", args=[ikp_form.pk])
    fill = done_task(run, "rkt.fill", ikp_form.unit)
    name = rkt_world["kabid.ikp"].display_name
    when = format_moment(fill.completed_at)
    assert f"Tugas ini sudah diselesaikan oleh {name} pada {when}." in html


def test_sending_the_form_twice_says_who_sent_it(rkt_world, run, ikp_form):
    head = client_for("kabid.ikp")
    head.post(reverse("planning:rkt_acknowledge", args=[ikp_form.pk]))
    head.post(reverse("planning:rkt_fill_complete", args=[ikp_form.pk]))
    staff = client_for("pegawai.ikp")
    url = reverse("planning:rkt_submit", args=[ikp_form.pk])
    assert staff.post(url).status_code == 302

    html = follow_page(staff.post(url, follow=True))
    submit = done_task(run, "rkt.submit", ikp_form.unit)
    name = rkt_world["pegawai.ikp"].display_name
    assert f"sudah diselesaikan oleh {name} pada {format_moment(submit.completed_at)}" in html


def test_acknowledging_twice_says_who_acknowledged_it(rkt_world, run, ikp_form):
    services.rkt_acknowledge(actor=rkt_world["kabid.ikp"], form=ikp_form)
    ikp_form.refresh_from_db()
    with pytest.raises(AlreadyDoneError) as error:
        services.rkt_acknowledge(actor=rkt_world["kasi.ikp"], form=ikp_form)
    name = rkt_world["kabid.ikp"].display_name
    assert error.value.message == str(errors.ALREADY_ACKNOWLEDGED) % {
        "name": name,
        "when": format_moment(ikp_form.acknowledged_at),
    }


def test_recording_the_meeting_after_the_step_was_completed_says_who_completed_it(rkt_world):
    run = start(rkt_world)
    for action in ("rkt.disposition", "rkt.plan"):
        (task,) = open_tasks(run, action)
        complete(task, note="Jadwal: Senin.")
    rkt_factories.record_meeting(rkt_world, run)
    (socialize,) = open_tasks(run, "rkt.socialize")
    staff = client_for("staf.evaluasi")
    url = reverse("planning:rkt_socialization", args=[run.pk])
    meeting = {
        "held_at": "2026-01-05T13:00",
        "place": "Aula",
        "material": "Cara mengisi formulir",
        "attendees": [rkt_world["kabid.ikp"].pk],
    }
    complete(socialize)  # the other tab completed the step

    response = staff.post(url, meeting, follow=True)  # was a 404
    html = follow_page(response)
    socialize.refresh_from_db()
    name = rkt_world["staf.evaluasi"].display_name
    when = format_moment(socialize.completed_at)
    assert f"Tugas ini sudah diselesaikan oleh {name} pada {when}." in html


def review_post(form, decision, note=""):
    return {"version": str(form.version), "review_note": note, "decision": decision}


def test_a_planners_notes_after_the_kasubag_accepted_say_who_accepted_it(
    rkt_world, in_review, ikp_form
):
    ikp_form.refresh_from_db()
    url = reverse("planning:rkt_review", args=[ikp_form.pk])
    planner, kasubag = client_for("staf.evaluasi"), client_for("kasubag.umum")
    stale = review_post(ikp_form, "save", "Cek sumber data IK1.")  # the planner's open page
    assert kasubag.post(url, review_post(ikp_form, "accept")).status_code == 302

    response = planner.post(url, stale, follow=True)  # was a 404
    html = follow_page(response)
    assert response.redirect_chain[-1][0] == url
    ikp_form.refresh_from_db()
    expected = str(errors.FORM_ALREADY_ACCEPTED) % {
        "name": rkt_world["kasubag.umum"].display_name,
        "when": format_moment(ikp_form.reviewed_at),
    }
    assert expected in html
    assert ikp_form.status == RktFormStatus.ACCEPTED
    assert ikp_form.review_note == ""  # the late notes were not written over the decision


def test_accepting_in_a_second_tab_after_returning_says_it_was_returned(
    rkt_world, in_review, ikp_form
):
    ikp_form.refresh_from_db()
    url = reverse("planning:rkt_review", args=[ikp_form.pk])
    kasubag = client_for("kasubag.umum")
    other_tab = review_post(ikp_form, "accept")
    assert kasubag.post(url, review_post(ikp_form, "return", "Persempit IK3.")).status_code == 302

    html = follow_page(kasubag.post(url, other_tab, follow=True))  # was a 404
    ikp_form.refresh_from_db()
    assert "Formulir ini sudah dikembalikan ke unit untuk diperbaiki oleh" in html
    assert format_moment(ikp_form.reviewed_at) in html
    assert ikp_form.status == RktFormStatus.RETURNED
    review = Task.objects.get(run=in_review, step__action="rkt.review", unit=ikp_form.unit)
    assert review.outcome == TaskOutcome.RETURNED
