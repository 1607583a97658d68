"""List pages of runs and tasks ask the database a fixed number of times, however many runs,
tasks and agencies' calendars they show (the run list, the run page and the compliance report
and its workbook, which read only the columns they print: a column left out would be read once
per task)."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.conftest import PASSWORD

from .. import engine
from .factories import make_rkt_like_sop, make_two_step_sop, open_task, start_run, wita


def _count(client, url):
    cache.clear()  # the computed page: what it reads is kept under the data stamps otherwise
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _finished_run(organization, revision, day):
    run = start_run(organization, revision, now=wita(2026, 11, day, 8, 0), title=f"Run {day}")
    for number in (1, 2):
        task = open_task(run, number)
        engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, day, 9, number))
    return run


def test_run_list_and_compliance_do_not_grow_with_runs(client, organization):
    revision = make_two_step_sop(organization.agency)
    _finished_run(organization, revision, 23)
    client.login(username="kadis", password=PASSWORD)
    pages = [
        reverse("procedures:run_list"),
        reverse("procedures:compliance"),
        reverse("procedures:compliance_xlsx"),
    ]
    for url in pages:
        client.get(url)  # warm the session
    before = [_count(client, url) for url in pages]
    for day in (24, 25, 26):
        _finished_run(organization, revision, day)
        start_run(organization, revision, now=wita(2026, 11, day, 10, 0), title=f"Terbuka {day}")
    after = [_count(client, url) for url in pages]
    assert after == before


def test_run_page_does_not_grow_with_units_and_rounds(client, organization):
    run = start_run(
        organization, make_rkt_like_sop(organization.agency), now=wita(2026, 11, 23, 8, 0)
    )
    for number in (1, 2, 3):
        task = open_task(run, number)
        engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 23, 9, number))
    client.login(username="kadis", password=PASSWORD)
    url = reverse("procedures:run_detail", args=[run.pk])
    client.get(url)
    before = _count(client, url)
    # Every unit fills and hands in its form: more tasks, files and history on the page.
    for task in list(run.tasks.filter(step__number=4, status="open")):
        engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 23, 10, 0))
    for task in list(run.tasks.filter(step__number=5, status="open")):
        engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 23, 11, 0))
    assert run.tasks.count() > 6
    assert _count(client, url) == before


def test_sop_history_does_not_grow_with_revisions(client, organization):
    """Each revision row names who saved it; the names come with the revisions."""
    from ..models import SopRevision
    from .factories import make_revision

    first = make_revision(organization.agency, code="riwayat")
    SopRevision.objects.filter(pk=first.pk).update(created_by=organization["staf.evaluasi"])
    client.login(username="kadis", password=PASSWORD)
    url = reverse("procedures:sop_history", args=[first.pk])
    client.get(url)
    before = _count(client, url)
    for number, saver in ((2, "kasubag.renkeu"), (3, "staf.evaluasi"), (4, "kasubag.renkeu")):
        revision = make_revision(organization.agency, code="riwayat", revision=number)
        SopRevision.objects.filter(pk=revision.pk).update(created_by=organization[saver])
    assert _count(client, url) == before
    html = client.get(url).content.decode()
    assert organization["kasubag.renkeu"].display_name in html
