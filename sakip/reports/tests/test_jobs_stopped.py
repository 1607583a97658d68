"""Jobs that die are seen (issue 8, point 7): a job silent for longer than
settings.REPORT_JOB_STALL_SECONDS is shown as stopped ("Terhenti") with "Coba lagi"; retrying
asks again for the same document; the worker, when it starts (`manage.py run_worker`), marks the
jobs a dead worker left behind.

The retry of a real quarterly report runs with the immediate backend (the test settings); the
worker command runs once for real against the database backend (a transactional test, like
test_job_worker.py).
"""

from __future__ import annotations

import datetime
import logging
import signal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from sakip.audit.models import AuditEvent
from sakip.monitoring.tests.capaian_factories import build_budget, build_year
from sakip.organization.models import Unit
from sakip.reports import jobs
from sakip.reports.jobs import (
    NOT_RETRYABLE,
    ORPHANED,
    STOPPED,
    UNEXPECTED_ERROR,
    ReportJobKind,
    report_job_retry,
    report_job_run,
    report_job_start,
    report_jobs_mark_orphans,
)
from sakip.reports.models import DocumentKind, GeneratedDocument, JobStatus, ReportJob
from sakip.reports.selectors import active_jobs
from sakip.reports.tasks import run_report_job

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
RETURN_URL = "/pengumpulan-data/laporan/"
STALL = 600  # the default: ten minutes


def _text(content: bytes | str, element_id: str) -> str:
    tree = lxml_html.fromstring(content if isinstance(content, str) else content.decode())
    return " ".join(tree.get_element_by_id(element_id).text_content().split())


def _silent(job: ReportJob, seconds: int = STALL + 60) -> ReportJob:
    """The job's last sign of life ``seconds`` ago (a worker killed since)."""
    ReportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )
    job.refresh_from_db()
    return job


def _job(organization, status=JobStatus.RUNNING, *, username="staf.evaluasi", **fields):
    defaults = {
        "kind": DocumentKind.SOP,
        "title": "Dokumen uji",
        "params": {"period": 7},
        "progress": 40,
        "message": "Membuat grafik",
        "return_url": RETURN_URL,
    }
    return ReportJob.objects.create(
        agency=organization.agency,
        year=2026,
        status=status,
        created_by=organization[username],
        **{**defaults, **fields},
    )


@pytest.fixture(autouse=True)
def stall_time(settings):
    settings.REPORT_JOB_STALL_SECONDS = STALL


@pytest.fixture
def stub_kind(monkeypatch, organization, settings, tmp_path):
    """A stand-in runner for the "sop" kind; ``behaviour["during"]`` runs between its two steps."""
    settings.MEDIA_ROOT = tmp_path / "media"
    behaviour = {"during": None, "raise": None}

    def runner(job, progress):
        progress(40, "Membuat grafik")
        if behaviour["during"] is not None:
            behaviour["during"](job)
        if behaviour["raise"] is not None:
            raise behaviour["raise"]
        progress(90, "Menyimpan")
        document = GeneratedDocument(
            agency=organization.agency,
            kind=DocumentKind.SOP,
            year=2026,
            number=f"00{GeneratedDocument.objects.count() + 1}/SOP/Uji/2026",
            title="Dokumen uji",
            source_type="tests.stub",
            source_id="1",
        )
        document.pdf.save("uji.pdf", ContentFile(b"isi"), save=False)
        document.save()
        return document

    monkeypatch.setitem(
        jobs._registry, DocumentKind.SOP, ReportJobKind(DocumentKind.SOP, runner, "Dokumen uji")
    )
    return behaviour


# --- a job silent too long is shown stopped -------------------------------------------------------


def test_a_running_job_silent_too_long_is_shown_stopped_with_a_retry(client, organization):
    job = _silent(_job(organization))
    client.force_login(organization["staf.evaluasi"])
    url = reverse("reports:job", args=[job.pk])

    page = client.get(url)
    tree = lxml_html.fromstring(page.content.decode())
    stopped = _text(page.content, "job-stopped")
    assert stopped.startswith("Terhenti. Tidak ada kemajuan selama lebih dari 10 menit")
    assert "Dokumen belum dibuat." in stopped
    assert tree.get_element_by_id("job-status").get("hx-get") is None  # no polling
    assert not tree.xpath('//div[@role="progressbar"]')  # no "40%" any more
    assert b'http-equiv="refresh"' not in page.content  # nor without JavaScript
    form = tree.get_element_by_id("job-retry-form")
    assert form.get("method") == "post"
    assert form.get("action") == reverse("reports:job_retry", args=[job.pk])
    assert _text(page.content, "job-retry") == "Coba lagi"
    assert tree.get_element_by_id("job-back").get("href") == RETURN_URL

    # The partial htmx was polling: HTTP 286 stops it, and it shows the same.
    partial = client.get(url, headers=HX)
    assert partial.status_code == 286
    assert _text(partial.content, "job-stopped").startswith("Terhenti.")
    assert b'id="job-retry"' in partial.content


def test_the_heartbeat_decides_not_the_start_time(client, organization, settings):
    # Started long ago, but its last step was a minute ago: still on its way.
    job = _job(organization, started_at=timezone.now() - datetime.timedelta(hours=1))
    job = _silent(job, seconds=60)
    client.force_login(organization["staf.evaluasi"])
    url = reverse("reports:job", args=[job.pk])
    assert client.get(url, headers=HX).status_code == 200
    assert _text(client.get(url).content, "job-message") == "Membuat grafik… 40%"
    # The stall time is a setting.
    settings.REPORT_JOB_STALL_SECONDS = 60
    page = client.get(url)
    assert _text(page.content, "job-stopped").startswith(
        "Terhenti. Tidak ada kemajuan selama lebih dari 1 menit"
    )


def test_a_queued_job_never_started_is_shown_stopped(client, organization):
    job = _silent(_job(organization, JobStatus.QUEUED, progress=0, message=""))
    client.force_login(organization["staf.evaluasi"])
    page = client.get(reverse("reports:job", args=[job.pk]))
    assert _text(page.content, "job-stopped").startswith(
        "Terhenti. Proses belum dimulai setelah 10 menit: proses latar tampaknya tidak berjalan."
    )
    assert b'id="job-waiting"' not in page.content  # the hint gave way to the verdict


def test_a_silent_job_is_not_listed_as_active(client, organization, plan_data):
    year = build_year(organization, plan_data, quarters=(1,))
    period = year.periods[1]
    fresh = _job(organization, kind=DocumentKind.QUARTERLY, params={"period": period.pk})
    silent = _job(organization, kind=DocumentKind.QUARTERLY, params={"period": period.pk})
    _silent(silent)
    user = organization["staf.evaluasi"]
    assert active_jobs(user, kind=DocumentKind.QUARTERLY, period=period.pk) == [fresh]

    client.force_login(user)
    page = client.get(reverse("reports:quarterly_report", args=[period.pk])).content.decode()
    links = lxml_html.fromstring(page).get_element_by_id("active-jobs").xpath(".//a")
    assert [a.get("href") for a in links] == [reverse("reports:job", args=[fresh.pk])]
    # Once the fresh one is silent too, the report page lists none.
    _silent(fresh)
    page = client.get(reverse("reports:quarterly_report", args=[period.pk])).content.decode()
    assert 'id="active-jobs"' not in page
    # The archive's list of the user's jobs says "Terhenti", not "Sedang dibuat… 40%".
    archive = client.get(reverse("reports:archive")).content.decode()
    assert _text(archive, f"job-{silent.pk}").endswith("Terhenti")
    assert "Sedang dibuat" not in _text(archive, "my-jobs")


def test_a_failed_job_explains_and_offers_a_retry(client, organization):
    job = _job(organization, JobStatus.FAILED, error=str(UNEXPECTED_ERROR))
    client.force_login(organization["staf.evaluasi"])
    partial = client.get(reverse("reports:job", args=[job.pk]), headers=HX)
    assert partial.status_code == 286
    assert _text(partial.content, "job-error") == (
        "Dokumen gagal dibuat. Terjadi kesalahan yang tidak terduga saat membuat dokumen. "
        "Silakan coba lagi; jika terulang, hubungi administrator."
    )
    assert _text(partial.content, "job-retry") == "Coba lagi"


def test_a_worker_stopped_mid_job_leaves_it_stopped_and_retryable(organization, stub_kind):
    stub_kind["raise"] = KeyboardInterrupt()
    job = report_job_start(
        actor=organization["staf.evaluasi"],
        kind=DocumentKind.SOP,
        params={"period": 7},
        agency=organization.agency,
        year=2026,
        return_url=RETURN_URL,
    )
    with pytest.raises(KeyboardInterrupt):
        report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.STOPPED, str(STOPPED))
    assert job.can_retry and not job.is_active
    assert AuditEvent.objects.filter(object_id=str(job.pk), action="stop").exists()


# --- "Coba lagi" -----------------------------------------------------------------------------


def test_retry_makes_the_same_report_again_for_the_same_person(
    client, organization, plan_data, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    Unit.objects.filter(pk=organization.agency.pk).update(short_name="Diskominfo")
    year = build_year(organization, plan_data, quarters=(1,))
    build_budget(organization, plan_data, year)
    period = year.periods[1]
    user = organization["staf.evaluasi"]
    dead = _silent(
        _job(
            organization,
            kind=DocumentKind.QUARTERLY,
            params={"period": period.pk},
            title="Laporan Kinerja Triwulan I Tahun 2026",
            return_url=reverse("reports:quarterly_report", args=[period.pk]),
        )
    )
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job_retry", args=[dead.pk]))
    retried = ReportJob.objects.exclude(pk=dead.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job", args=[retried.pk])
    assert retried.status == JobStatus.DONE, retried.error
    assert (retried.kind, retried.params, retried.title, retried.return_url) == (
        dead.kind,
        dead.params,
        dead.title,
        dead.return_url,
    )
    assert retried.created_by == user
    assert retried.document is not None
    assert retried.document.number == "001/LKT/Diskominfo/2026/TW I"
    page = client.get(response["Location"])
    assert "Dokumen nomor 001/LKT/Diskominfo/2026/TW I telah dibuat" in _text(
        page.content, "job-done"
    )
    # The dead job is stopped for good (a worker coming back does not make it twice), and the
    # new start names the job it retries.
    dead.refresh_from_db()
    assert dead.status == JobStatus.STOPPED
    assert dead.error.startswith("Tidak ada kemajuan selama lebih dari 10 menit")
    assert AuditEvent.objects.filter(object_id=str(dead.pk), action="stop", actor=user).exists()
    start = AuditEvent.objects.get(object_id=str(retried.pk), action="start")
    assert start.changes["retry_of"] == [None, dead.pk]


def test_retry_is_a_post_by_the_person_who_started_the_job(client, organization, stub_kind):
    job = _job(organization, JobStatus.FAILED, error="Gagal.")
    url = reverse("reports:job_retry", args=[job.pk])
    client.force_login(organization["staf.evaluasi"])
    assert client.get(url).status_code == 405
    for username in ("kasubag.renkeu", "kadis", "kabid.ikp", "kadis.lain", "outsider", "admin"):
        client.force_login(organization[username])
        assert client.post(url).status_code == 404, username
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    assert ReportJob.objects.count() == 1
    # And the service refuses anyone else too, whoever calls it.
    with pytest.raises(ValidationError):
        report_job_retry(actor=organization["kasubag.renkeu"], job=job)


def test_only_a_failed_or_stopped_job_is_retried(client, organization, stub_kind):
    running = _job(organization)  # fresh heartbeat: on its way
    done = _job(
        organization, JobStatus.DONE, params={"period": 8}, document=_document(organization)
    )
    user = organization["staf.evaluasi"]
    for job in (running, done):
        with pytest.raises(ValidationError) as refused:
            report_job_retry(actor=user, job=job)
        assert refused.value.messages == [str(NOT_RETRYABLE)]
    client.force_login(user)
    response = client.post(reverse("reports:job_retry", args=[running.pk]), follow=True)
    assert str(NOT_RETRYABLE) in response.content.decode()
    assert ReportJob.objects.count() == 2


def _document(organization) -> GeneratedDocument:
    document = GeneratedDocument(
        agency=organization.agency,
        kind=DocumentKind.SOP,
        year=2026,
        number="009/SOP/Uji/2026",
        title="Dokumen uji",
        source_type="tests.stub",
        source_id="1",
    )
    document.save()
    return document


def test_a_double_click_on_retry_gives_one_new_job(
    client, organization, stub_kind, django_capture_on_commit_callbacks
):
    job = _job(organization, JobStatus.STOPPED, error=str(ORPHANED))
    client.force_login(organization["staf.evaluasi"])
    url = reverse("reports:job_retry", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=False):  # no worker yet: it stays queued
        first = client.post(url)
        second = client.post(url)
    assert first["Location"] == second["Location"]
    assert ReportJob.objects.count() == 2


def test_a_stopped_job_still_running_gives_up_at_its_next_step(organization, stub_kind):
    """A slow job shown as stopped is retried while its runner is still alive: the runner stops
    at its next progress report instead of making a second document."""
    user = organization["staf.evaluasi"]
    job = report_job_start(
        actor=user,
        kind=DocumentKind.SOP,
        params={"period": 7},
        agency=organization.agency,
        year=2026,
        return_url=RETURN_URL,
    )
    retried = []

    def retry_meanwhile(running_job):
        retried.append(report_job_retry(actor=user, job=_silent(running_job)))

    stub_kind["during"] = retry_meanwhile
    report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.STOPPED and job.document is None
    assert job.progress == 40  # it never reported 90
    assert GeneratedDocument.objects.count() == 0
    stub_kind["during"] = None
    report_job_run(job_id=retried[0].pk)  # the worker then runs the retry
    retried[0].refresh_from_db()
    assert retried[0].status == JobStatus.DONE
    assert GeneratedDocument.objects.count() == 1


def test_asking_again_after_a_long_wait_queues_a_new_job(organization, stub_kind):
    def start():
        return report_job_start(
            actor=organization["staf.evaluasi"],
            kind=DocumentKind.SOP,
            params={"period": 7},
            agency=organization.agency,
            year=2026,
            return_url=RETURN_URL,
        )

    waiting = start()  # on_commit never runs here: the job stays queued
    assert start() == waiting  # a double click
    _silent(waiting)
    again = start()
    assert again != waiting and again.status == JobStatus.QUEUED
    waiting.refresh_from_db()
    assert waiting.status == JobStatus.STOPPED  # a worker coming back skips it
    assert report_job_run(job_id=waiting.pk) is None


# --- when the worker starts ---------------------------------------------------------------------


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _enqueued(job: ReportJob) -> ReportJob:
    result = run_report_job.enqueue(job.pk)
    ReportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def test_the_starting_worker_marks_the_jobs_of_a_dead_worker(
    organization, database_backend, caplog
):
    from django_tasks_db.models import DBTaskResult

    running = _job(organization)  # its heartbeat is fresh, but no worker runs it any more
    waiting = _enqueued(_job(organization, JobStatus.QUEUED, params={"period": 2}))
    claimed = _enqueued(_job(organization, JobStatus.QUEUED, params={"period": 3}))
    DBTaskResult.objects.filter(pk=claimed.task_id).update(status="RUNNING")  # by the dead one
    pruned = _job(organization, JobStatus.QUEUED, params={"period": 4}, task_id="9" * 32)
    unsent = _job(organization, JobStatus.QUEUED, params={"period": 5})  # enqueue pending
    lost = _job(organization, JobStatus.QUEUED, params={"period": 6})
    ReportJob.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    done = _job(organization, JobStatus.DONE, progress=100, document=_document(organization))
    failed = _job(organization, JobStatus.FAILED, error="Data TW II belum dikunci.")

    with caplog.at_level(logging.WARNING, logger="sakip.reports.jobs"):
        marked = report_jobs_mark_orphans()

    assert sorted(marked) == sorted([running.pk, claimed.pk, pruned.pk, lost.pk])
    status = dict(ReportJob.objects.values_list("pk", "status"))
    assert {pk: status[pk] for pk in marked} == dict.fromkeys(marked, JobStatus.STOPPED)
    assert status[waiting.pk] == JobStatus.QUEUED  # this worker will run it
    assert status[unsent.pk] == JobStatus.QUEUED
    assert status[done.pk] == JobStatus.DONE
    assert status[failed.pk] == JobStatus.FAILED
    running.refresh_from_db()
    assert running.error == str(ORPHANED)
    assert running.can_retry and running.finished_at is not None
    assert AuditEvent.objects.filter(action="stop", object_type="reports.reportjob").count() == 4
    assert "marked stopped" in caplog.text
    assert report_jobs_mark_orphans() == []  # the second time, nothing is left


@pytest.fixture
def keep_signal_handlers():
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
def test_run_worker_marks_the_orphans_then_runs_the_queue(
    organization, stub_kind, database_backend, keep_signal_handlers
):
    orphan = _job(organization, progress=60)
    waiting = report_job_start(
        actor=organization["staf.evaluasi"],
        kind=DocumentKind.SOP,
        params={"period": 8},
        agency=organization.agency,
        year=2026,
        return_url=RETURN_URL,
    )
    call_command(
        "run_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
    )
    orphan.refresh_from_db()
    waiting.refresh_from_db()
    assert orphan.status == JobStatus.STOPPED
    assert waiting.status == JobStatus.DONE, waiting.error


def test_only_the_users_jobs_for_this_report_are_listed_as_active(organization, plan_data):
    year = build_year(organization, plan_data, quarters=(1, 2))
    first, second = year.periods[1], year.periods[2]
    mine = _job(organization, kind=DocumentKind.QUARTERLY, params={"period": first.pk})
    _job(organization, kind=DocumentKind.QUARTERLY, params={"period": second.pk})
    _job(organization, kind=DocumentKind.SEMESTER, params={"period": first.pk})
    _job(
        organization,
        kind=DocumentKind.QUARTERLY,
        params={"period": first.pk},
        username="kadis",
    )
    user = organization["staf.evaluasi"]
    assert active_jobs(user, kind=DocumentKind.QUARTERLY, period=first.pk) == [mine]
    # A param stored as text is another request, not this period's.
    _job(organization, kind=DocumentKind.QUARTERLY, params={"period": str(second.pk)})
    listed = active_jobs(user, kind=DocumentKind.QUARTERLY, period=second.pk)
    assert [job.params for job in listed] == [{"period": second.pk}]
