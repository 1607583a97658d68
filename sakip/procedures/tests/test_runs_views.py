"""Run list, run start, run page, task page, output files: what people see and who may act."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD
from sakip.organization.choices import Role

from .. import engine, selectors_runs
from ..choices import RunStatus, TaskOutcome, TaskStatus, Workflow
from ..models import ProcedureRun, Task, TaskFile
from .factories import (
    lane,
    make_revision,
    make_rkt_like_sop,
    make_two_step_sop,
    open_task,
    start_run,
    step,
    wita,
)

MONDAY_8 = wita(2026, 11, 23, 8, 0)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def clock(monkeypatch):
    now = wita(2026, 11, 23, 9, 0)
    monkeypatch.setattr(selectors_runs, "current_time", lambda: now)
    return now


@pytest.fixture
def rkt_run(organization):
    """SOP-1-shaped run at step 4: every unit has its own fill task."""
    run = start_run(organization, make_rkt_like_sop(organization.agency), now=MONDAY_8)
    for number in (1, 2, 3):
        task = open_task(run, number)
        engine.task_complete(actor=task.assignee, task=task, now=MONDAY_8)
    return run


# --- starting a run --------------------------------------------------------------------------


def test_start_page_lists_startable_sops_and_prefills_an_rkt_run(client, organization):
    revision = make_rkt_like_sop(organization.agency, workflow=Workflow.RKT)
    login(client, "kasubag.renkeu")
    response = client.get(reverse("procedures:run_start"))
    assert response.status_code == 200
    assert f"?sop={revision.sop_id}" in response.content.decode()
    response = client.get(reverse("procedures:run_start"), {"sop": revision.sop_id})
    assert response.status_code == 200
    form = response.context["form"]
    year = timezone.localdate().year + 1
    assert form.initial["title"] == f"Penyusunan RKT {year}"
    assert form.initial["year"] == year
    assert response.context["revision"] == revision


def test_start_uses_the_latest_revision_in_force(client, organization):
    old = make_two_step_sop(organization.agency)
    future = make_revision(
        organization.agency,
        revision=2,
        effective_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    login(client, "kasubag.renkeu")
    response = client.get(reverse("procedures:run_start"), {"sop": old.sop_id})
    assert response.context["revision"] == old
    assert future.pk != old.pk


def post_start(client, revision, **overrides):
    data = {
        "title": "Penyusunan RKT 2027",
        "year": 2027,
        "disposition_to": "Kasubag Perencanaan dan Keuangan",
        "instruction": "Segera susun RKT 2027.",
        "urgency": "urgent",
        "disposition_date": "2026-11-23",
        **overrides,
    }
    return client.post(f"{reverse('procedures:run_start')}?sop={revision.sop_id}", data)


def test_start_a_run(client, organization):
    revision = make_two_step_sop(organization.agency)
    login(client, "kasubag.renkeu")
    response = post_start(client, revision)
    run = ProcedureRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("procedures:run_detail", args=[run.pk])
    assert run.revision == revision
    assert run.disposition_from == organization["kasubag.renkeu"]
    assert run.disposition_date == datetime.date(2026, 11, 23)
    (task,) = Task.objects.filter(run=run)
    assert task.assignee == organization["staf.evaluasi"]


def test_start_refused_names_the_lane_at_the_top_and_writes_nothing(client, organization):
    rev = make_revision(organization.agency)
    staf = lane(rev, 1, "Staf", Role.PLANNING_STAFF)
    kasubag = lane(rev, 2, "Kasubag Umum dan Kepegawaian", Role.KASUBAG_GENERAL)
    step(rev, 1, staf)
    step(rev, 2, kasubag)
    login(client, "kasubag.renkeu")
    response = post_start(client, rev)
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index('id="form-error-summary"') :]
    assert "Pelaksana “Kasubag Umum dan Kepegawaian” tidak terisi" in summary
    assert "belum ada jabatan Kasubag Umum dan Kepegawaian di Dinas Kominfo Uji" in summary
    assert ProcedureRun.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="procedures.procedurerun").exists()
    # What was typed stays.
    assert "Segera susun RKT 2027." in html


@pytest.mark.parametrize("username", ["kabid.ikp", "kasi.ikp", "outsider", "bagor"])
def test_only_planners_and_disposing_officials_start_runs(client, organization, username):
    revision = make_two_step_sop(organization.agency)
    login(client, username)
    assert client.get(reverse("procedures:run_start")).status_code == 404
    assert client.get(reverse("procedures:run_start"), {"sop": revision.sop_id}).status_code == 404
    assert post_start(client, revision).status_code == 404
    assert ProcedureRun.objects.count() == 0


def test_the_head_of_another_agency_cannot_start_this_agencys_sop(client, organization):
    revision = make_two_step_sop(organization.agency)
    login(client, "kadis.lain")
    response = client.get(reverse("procedures:run_start"))
    assert f"?sop={revision.sop_id}" not in response.content.decode()
    assert client.get(reverse("procedures:run_start"), {"sop": revision.sop_id}).status_code == 404
    assert post_start(client, revision).status_code == 404
    assert ProcedureRun.objects.count() == 0


@pytest.mark.parametrize("username", ["kadis", "sekretaris", "staf.evaluasi", "admin"])
def test_agency_head_secretary_and_planners_may_start(client, organization, username):
    revision = make_two_step_sop(organization.agency)
    login(client, username)
    assert client.get(reverse("procedures:run_start"), {"sop": revision.sop_id}).status_code == 200


# --- run list and run page -------------------------------------------------------------------


def test_run_list_is_scoped(client, organization, rkt_run):
    login(client, "kabid.ikp")  # has a task in the run
    assert rkt_run.title in client.get(reverse("procedures:run_list")).content.decode()
    other = start_run(
        organization,
        make_two_step_sop(organization.agency, code="lain"),
        now=MONDAY_8,
        title="Run tanpa IKP",
    )
    html = client.get(reverse("procedures:run_list")).content.decode()
    assert "Run tanpa IKP" not in html
    assert client.get(reverse("procedures:run_detail", args=[other.pk])).status_code == 404
    login(client, "kadis.lain")
    assert client.get(reverse("procedures:run_detail", args=[rkt_run.pk])).status_code == 404
    assert rkt_run.title not in client.get(reverse("procedures:run_list")).content.decode()


def test_run_page_shows_disposition_steps_tasks_history_and_compliance(
    client, organization, rkt_run, clock
):
    login(client, "kadis")
    response = client.get(reverse("procedures:run_detail", args=[rkt_run.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Penyusunan RKT 2027" in html
    assert "Segera susun RKT 2027." in html and "Segera" in html  # instruction, urgency
    assert "Kasubag Perencanaan dan Keuangan" in html
    assert "Waktu baku: 2 jam" in html and "Waktu baku: 15 menit" in html
    assert "Atasan Langsung" in html
    steps = response.context["steps"]
    fill = steps[3]
    assert [tv.task.unit.name for tv in fill.tasks] == [
        "Sekretariat",
        "Bidang IKP",
        "Bidang Aptika",
    ]
    done = steps[0].tasks[0]
    assert done.outcome.on_time is True and done.outcome.actual == "0 menit"
    history = [row["label"] for row in response.context["history"]]
    assert history[0] == "Pelaksanaan dimulai"
    assert history.count("Tugas diselesaikan") == 3
    assert response.context["summary"].share_display == "100,00%"


def test_run_page_of_a_unit_head_shows_only_their_tasks(client, organization, rkt_run):
    login(client, "kabid.ikp")
    response = client.get(reverse("procedures:run_detail", args=[rkt_run.pk]))
    fill = response.context["steps"][3]
    assert [tv.task.unit.name for tv in fill.tasks] == ["Bidang IKP"]
    assert "Bidang Aptika" not in response.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_run_page_query_count_does_not_grow_with_tasks(client, organization, clock):
    small = start_run(organization, make_rkt_like_sop(organization.agency), now=MONDAY_8)
    big = start_run(
        organization, make_rkt_like_sop(organization.agency, code="besar"), now=MONDAY_8
    )
    for number in (1, 2, 3):
        task = open_task(big, number)
        engine.task_complete(actor=task.assignee, task=task, note="ok", now=MONDAY_8)
    for number in (4, 5):
        for task in Task.objects.filter(run=big, step__number=number, status=TaskStatus.OPEN):
            engine.task_complete(actor=task.assignee, task=task, now=MONDAY_8)
    task = open_task(big, 1 + 5)
    engine.task_complete(actor=task.assignee, task=task, now=MONDAY_8)
    assert Task.objects.filter(run=big).count() == 13
    login(client, "kadis")
    few = _count(client, reverse("procedures:run_detail", args=[small.pk]))
    many = _count(client, reverse("procedures:run_detail", args=[big.pk]))
    assert many == few


# --- the task page ---------------------------------------------------------------------------


def test_task_page_for_the_assignee(client, organization, rkt_run, clock):
    task = open_task(rkt_run, 4, organization.ikp)
    login(client, "kabid.ikp")
    response = client.get(reverse("procedures:task_detail", args=[task.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mengisi form RKT kegiatan" in html
    assert "Formulir kinerja" in html
    assert "Senin, 23 November 2026 09:00" in html  # deadline: 1 jam from 08:00
    assert response.context["may_act"] is True
    assert 'id="complete-form"' in html
    assert "Langkah berikutnya akan dimulai dan tenggatnya dihitung sejak sekarang." in html


@pytest.mark.parametrize("username", ["kabid.aptika", "kasi.ikp", "kadis.lain", "outsider"])
def test_another_units_task_is_404(client, organization, rkt_run, username):
    task = open_task(rkt_run, 4, organization.ikp)
    login(client, username)
    assert client.get(reverse("procedures:task_detail", args=[task.pk])).status_code == 404


def test_agency_wide_roles_see_but_cannot_act(client, organization, rkt_run):
    task = open_task(rkt_run, 4, organization.ikp)
    login(client, "sekretaris")
    response = client.get(reverse("procedures:task_detail", args=[task.pk]))
    assert response.status_code == 200
    assert response.context["may_act"] is False
    assert 'id="complete-form"' not in response.content.decode()
    response = client.post(reverse("procedures:task_complete", args=[task.pk]), {"note": "x"})
    assert response.status_code == 404


def test_kabid_aptika_cannot_complete_kabid_ikps_task(client, organization, rkt_run):
    task = open_task(rkt_run, 4, organization.ikp)
    login(client, "kabid.aptika")
    response = client.post(reverse("procedures:task_complete", args=[task.pk]), {"note": "x"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_complete_with_files_then_download_only_where_visible(
    client, organization, rkt_run, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    task = open_task(rkt_run, 4, organization.ikp)
    login(client, "kabid.ikp")
    upload = SimpleUploadedFile("form-rkt-ikp.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("procedures:task_complete", args=[task.pk]),
        {"note": "Form terisi.", "output_files": [upload]},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.note) == (TaskStatus.DONE, "Form terisi.")
    stored = TaskFile.objects.get(task=task)
    url = reverse("procedures:task_file", args=[stored.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "form-rkt-ikp.pdf" in response["Content-Disposition"]
    login(client, "kadis")
    assert client.get(url).status_code == 200
    login(client, "kabid.aptika")
    assert client.get(url).status_code == 404
    # The next step for IKP opened.
    assert open_task(rkt_run, 5, organization.ikp).assignee == organization["kabid.ikp"]


def test_a_refused_file_is_explained_in_indonesian(
    client, organization, rkt_run, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    task = open_task(rkt_run, 4, organization.ikp)
    login(client, "kabid.ikp")
    upload = SimpleUploadedFile("laporan.pdf", b"MZ executable", content_type="application/pdf")
    response = client.post(
        reverse("procedures:task_complete", args=[task.pk]), {"note": "x", "output_files": [upload]}
    )
    assert response.status_code == 200
    assert "Berkas “laporan.pdf” tidak dapat diterima" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert TaskFile.objects.count() == 0


def test_task_actions_are_post_only(client, organization, rkt_run):
    task = open_task(rkt_run, 4, organization.ikp)
    login(client, "kabid.ikp")
    assert client.get(reverse("procedures:task_complete", args=[task.pk])).status_code == 405


def walk_to_reviews(organization, run):
    for number in (4, 5):
        for task in Task.objects.filter(run=run, step__number=number, status=TaskStatus.OPEN):
            engine.task_complete(actor=task.assignee, task=task, now=MONDAY_8)
    task = open_task(run, 6)
    engine.task_complete(actor=task.assignee, task=task, now=MONDAY_8)


def test_decision_accept_and_return(client, organization, rkt_run):
    walk_to_reviews(organization, rkt_run)
    review_ikp = open_task(rkt_run, 7, organization.ikp)
    review_sec = open_task(rkt_run, 7, organization.secretariat)
    login(client, "kasubag.renkeu")
    response = client.get(reverse("procedures:task_detail", args=[review_ikp.pk]))
    html = response.content.decode()
    assert 'id="accept-form"' in html and 'id="return-form"' in html
    assert "Kembalikan ke langkah 4" in html

    response = client.post(
        reverse("procedures:task_return", args=[review_ikp.pk]), {"return-note": ""}
    )
    assert response.status_code == 200
    assert "Catatan wajib diisi saat mengembalikan." in response.content.decode()
    review_ikp.refresh_from_db()
    assert review_ikp.status == TaskStatus.OPEN

    response = client.post(
        reverse("procedures:task_return", args=[review_ikp.pk]),
        {"return-note": "Target IK1 belum sesuai Renstra."},
    )
    assert response.status_code == 302
    refill = open_task(rkt_run, 4, organization.ikp)
    assert refill.round == 2

    response = client.post(reverse("procedures:task_complete", args=[review_sec.pk]), {"note": ""})
    assert response.status_code == 302
    review_sec.refresh_from_db()
    assert review_sec.outcome == TaskOutcome.ACCEPTED

    # The unit head sees the correction note on their new task.
    login(client, "kabid.ikp")
    html = client.get(reverse("procedures:task_detail", args=[refill.pk])).content.decode()
    assert "Target IK1 belum sesuai Renstra." in html
    rkt_run.refresh_from_db()
    assert rkt_run.status == RunStatus.RUNNING


def test_decision_task_page_labels_each_note_field_once(client, organization, rkt_run):
    """Accept and return each have their own note field, so every label points at its own box."""
    walk_to_reviews(organization, rkt_run)
    task = open_task(rkt_run, 7, organization.ikp)
    client.force_login(task.assignee)
    page = client.get(reverse("procedures:task_detail", args=[task.pk])).content.decode()
    assert page.count('id="id_note"') == 1
    assert page.count('id="id_return-note"') == 1
