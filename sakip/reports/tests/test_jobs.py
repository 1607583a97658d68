"""Report jobs: starting one, running it (done, refused, broken, twice), its progress, and the job
page with its htmx partial, as the person who started it and as anyone else.

The runners here are stand-ins registered for the "sop" kind (no real SOP document is made in the
background): they exercise the job machinery without rendering a report. The real quarterly and
semester runners are exercised by the monitoring tests and by test_job_worker.py.
"""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from lxml import html as lxml_html

from sakip.audit.models import AuditEvent
from sakip.reports import jobs, tasks
from sakip.reports.jobs import (
    UNEXPECTED_ERROR,
    ReportJobKind,
    register_report_job,
    report_job_run,
    report_job_start,
)
from sakip.reports.models import DocumentKind, GeneratedDocument, JobStatus, ReportJob

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
RETURN_URL = "/pengumpulan-data/laporan/"


def _text(content: bytes, element_id: str) -> str:
    tree = lxml_html.fromstring(content.decode())
    return " ".join(tree.get_element_by_id(element_id).text_content().split())


def _document(organization, number="001/SOP/Uji/2026") -> GeneratedDocument:
    document = GeneratedDocument(
        agency=organization.agency,
        kind=DocumentKind.SOP,
        year=2026,
        number=number,
        title="Dokumen uji",
        source_type="tests.stub",
        source_id="1",
    )
    for extension in ("docx", "pdf", "xlsx"):
        getattr(document, extension).save(
            f"uji.{extension}", ContentFile(b"isi berkas"), save=False
        )
    document.save()
    return document


@pytest.fixture
def stub_kind(monkeypatch, organization, settings, tmp_path):
    """Register a stand-in runner for the "sop" kind; `calls` records what it saw."""
    settings.MEDIA_ROOT = tmp_path / "media"
    calls = []
    behaviour = {"raise": None}

    def runner(job, progress):
        calls.append({"params": job.params, "actor": job.created_by})
        progress(40, "Membuat grafik")
        # Written to the row at once, not only to the object in memory.
        calls[-1]["stored"] = ReportJob.objects.values_list("progress", "message").get(pk=job.pk)
        if behaviour["raise"] is not None:
            raise behaviour["raise"]
        return _document(organization)

    monkeypatch.setitem(
        jobs._registry, DocumentKind.SOP, ReportJobKind(DocumentKind.SOP, runner, "Dokumen uji")
    )
    return calls, behaviour


def _start(organization, username="staf.evaluasi", **params):
    return report_job_start(
        actor=organization[username],
        kind=DocumentKind.SOP,
        params=params or {"period": 7},
        agency=organization.agency,
        year=2026,
        return_url=RETURN_URL,
    )


# --- the registry and starting -----------------------------------------------------------------


def _never_run(job: ReportJob, progress: jobs.ProgressCallback) -> GeneratedDocument:
    raise AssertionError("a refused registration never runs")


def test_only_document_kinds_can_be_registered():
    with pytest.raises(ImproperlyConfigured):
        register_report_job("lain", _never_run, "Lain")


def test_quarterly_and_semester_are_registered_by_the_monitoring_app():
    assert jobs.report_job_kind(DocumentKind.QUARTERLY) is not None
    assert jobs.report_job_kind(DocumentKind.SEMESTER) is not None


def test_start_saves_the_job_audits_it_and_enqueues_after_the_commit(
    organization, stub_kind, django_capture_on_commit_callbacks
):
    calls, _ = stub_kind
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = _start(organization)
    assert len(callbacks) == 1
    assert job.status == JobStatus.QUEUED
    assert job.params == {"period": 7}
    assert job.title == "Dokumen uji"  # the registered label when the view gives no title
    assert calls == []  # nothing runs before the commit
    assert AuditEvent.objects.filter(
        object_type="reports.reportjob", object_id=str(job.pk), action="start"
    ).exists()
    callbacks[0]()  # the commit: the immediate backend runs the job
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.task_id  # the django-tasks result, to find it when diagnosing


def test_params_are_ids_and_the_return_url_is_local(organization, stub_kind):
    with pytest.raises(ValueError):
        _start(organization, period=[1, 2])
    with pytest.raises(ValueError):
        report_job_start(
            actor=organization["staf.evaluasi"],
            kind=DocumentKind.SOP,
            params={"period": 7},
            agency=organization.agency,
            year=2026,
            return_url="https://contoh.invalid/laporan/",
        )
    with pytest.raises(ImproperlyConfigured):
        report_job_start(
            actor=organization["staf.evaluasi"],
            kind=DocumentKind.PK,  # nobody registered a runner for it
            params={},
            agency=organization.agency,
            year=2026,
            return_url=RETURN_URL,
        )


def test_asking_again_while_queued_gives_the_same_job(organization, stub_kind):
    first = _start(organization)  # on_commit never runs here: the job stays queued
    assert _start(organization) == first
    assert _start(organization, period=8) != first  # another report
    assert _start(organization, "kasubag.renkeu") != first  # another person
    assert ReportJob.objects.count() == 3


def test_a_job_that_cannot_be_enqueued_fails_with_a_message(
    organization, stub_kind, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    class Broken:
        def enqueue(self, job_id):
            raise RuntimeError("no table")

    monkeypatch.setattr(tasks, "run_report_job", Broken())
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        job = _start(organization)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Proses tidak dapat dijadwalkan.")
    assert "could not be enqueued" in caplog.text


# --- running -----------------------------------------------------------------------------------


def test_a_run_stores_the_document_and_the_progress(organization, stub_kind):
    calls, _ = stub_kind
    job = _start(organization)
    report_job_run(job_id=job.pk)
    assert calls[0]["stored"] == (40, "Membuat grafik")
    assert calls[0]["actor"] == organization["staf.evaluasi"]
    job.refresh_from_db()
    assert (job.status, job.progress, job.message, job.error) == (
        JobStatus.DONE,
        100,
        "Selesai",
        "",
    )
    assert job.document.number == "001/SOP/Uji/2026"
    assert job.started_at <= job.finished_at
    assert AuditEvent.objects.filter(object_id=str(job.pk), action="finish").exists()


def test_running_again_does_nothing(organization, stub_kind):
    calls, _ = stub_kind
    job = _start(organization)
    report_job_run(job_id=job.pk)
    assert report_job_run(job_id=job.pk) is None
    assert report_job_run(job_id=999_999) is None
    assert len(calls) == 1
    assert GeneratedDocument.objects.count() == 1


def test_a_refusal_is_shown_to_the_user(organization, stub_kind):
    _, behaviour = stub_kind
    behaviour["raise"] = ValidationError({"period": "Data TW II belum dikunci."})
    job = _start(organization)
    report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Data TW II belum dikunci."
    assert job.progress == 40  # where it stopped
    assert job.document is None
    assert AuditEvent.objects.filter(object_id=str(job.pk), action="fail").exists()


def test_an_unexpected_error_is_logged_and_the_user_reads_a_plain_message(
    organization, stub_kind, caplog
):
    _, behaviour = stub_kind
    behaviour["raise"] = ZeroDivisionError("division by zero")
    job = _start(organization)
    with caplog.at_level(logging.ERROR, logger="sakip.reports.jobs"):
        report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == str(UNEXPECTED_ERROR)
    assert "division by zero" not in job.error
    assert "ZeroDivisionError" in caplog.text  # the traceback is in the log


# --- the job page ------------------------------------------------------------------------------


def _job(organization, status, progress=0, message="", **fields) -> ReportJob:
    return ReportJob.objects.create(
        kind=DocumentKind.QUARTERLY,
        title="Laporan Kinerja Triwulan I Tahun 2026",
        params={"period": 1},
        agency=organization.agency,
        year=2026,
        status=status,
        progress=progress,
        message=message,
        created_by=organization["staf.evaluasi"],
        return_url=RETURN_URL,
        **fields,
    )


def test_the_page_shows_the_progress_and_polls(client, organization):
    job = _job(organization, JobStatus.RUNNING, 40, "Membuat grafik")
    client.force_login(organization["staf.evaluasi"])
    url = reverse("reports:job", args=[job.pk])
    page = client.get(url)
    assert page.status_code == 200
    tree = lxml_html.fromstring(page.content)
    status = tree.get_element_by_id("job-status")
    assert status.get("hx-get") == url and status.get("hx-trigger") == "every 1s"
    bar = tree.xpath('//div[@role="progressbar"]')[0]
    assert bar.get("aria-valuenow") == "40"
    assert "sakip-progress-40" in bar.xpath("div")[0].get("class")
    assert _text(page.content, "job-message") == "Membuat grafik… 40%"
    assert tree.get_element_by_id("job-reload").get("href") == url  # without JavaScript
    # The partial, while running: 200, so htmx asks again.
    partial = client.get(url, headers=HX)
    assert partial.status_code == 200
    assert b"<html" not in partial.content
    assert _text(partial.content, "job-message") == "Membuat grafik… 40%"


def test_a_finished_job_answers_286_with_the_downloads(client, organization, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = _document(organization)
    job = _job(organization, JobStatus.DONE, 100, "Selesai", document=document)
    client.force_login(organization["staf.evaluasi"])
    url = reverse("reports:job", args=[job.pk])
    partial = client.get(url, headers=HX)
    assert partial.status_code == 286  # htmx stops polling
    assert "Dokumen nomor 001/SOP/Uji/2026 telah dibuat" in _text(partial.content, "job-done")
    links = lxml_html.fromstring(partial.content).get_element_by_id("job-downloads")
    assert [a.get("href") for a in links.xpath(".//a")] == [
        reverse(f"reports:download_{ext}", args=[document.pk]) for ext in ("docx", "pdf", "xlsx")
    ]
    page = client.get(url)
    assert page.status_code == 200
    tree = lxml_html.fromstring(page.content)
    assert tree.get_element_by_id("job-status").get("hx-get") is None  # nothing to poll
    assert tree.get_element_by_id("job-back").get("href") == RETURN_URL


def test_a_failed_job_shows_the_reason(client, organization):
    job = _job(organization, JobStatus.FAILED, 10, error="Data TW II belum dikunci.")
    client.force_login(organization["staf.evaluasi"])
    partial = client.get(reverse("reports:job", args=[job.pk]), headers=HX)
    assert partial.status_code == 286
    assert "Data TW II belum dikunci." in _text(partial.content, "job-error")


def test_a_job_waiting_long_hints_at_the_worker(client, organization):
    job = _job(organization, JobStatus.QUEUED)
    client.force_login(organization["staf.evaluasi"])
    url = reverse("reports:job", args=[job.pk])
    assert b'id="job-waiting"' not in client.get(url).content
    ReportJob.objects.filter(pk=job.pk).update(
        created_at=job.created_at - datetime.timedelta(minutes=5)
    )
    assert "worker" in _text(client.get(url).content, "job-waiting")


def test_only_the_person_who_started_it_sees_a_job(client, organization):
    job = _job(organization, JobStatus.RUNNING, 40, "Membuat grafik")
    url = reverse("reports:job", args=[job.pk])
    for username in ("kasubag.renkeu", "kadis", "kabid.ikp", "kadis.lain", "outsider", "admin"):
        client.force_login(organization[username])
        assert client.get(url).status_code == 404, username
        assert client.get(url, headers=HX).status_code == 404, username
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_the_archive_lists_the_users_recent_jobs(client, organization):
    running = _job(organization, JobStatus.RUNNING, 60, "Membuat DOCX")
    failed = _job(organization, JobStatus.FAILED, error="Gagal.")
    client.force_login(organization["staf.evaluasi"])
    page = client.get(reverse("reports:archive"))
    text = _text(page.content, "my-jobs")
    assert "Sedang dibuat… 60%" in text and "Gagal" in text
    assert reverse("reports:job", args=[running.pk]) in page.content.decode()
    assert reverse("reports:job", args=[failed.pk]) in page.content.decode()
    client.force_login(organization["kasubag.renkeu"])
    assert b'id="my-jobs"' not in client.get(reverse("reports:archive")).content


def test_the_admin_lists_jobs_read_only(client, organization):
    job = _job(organization, JobStatus.FAILED, error="Gagal.")
    client.force_login(organization["admin"])
    assert client.get(reverse("admin:reports_reportjob_changelist")).status_code == 200
    assert client.get(reverse("admin:reports_reportjob_change", args=[job.pk])).status_code == 200
    assert client.get(reverse("admin:reports_reportjob_add")).status_code == 403
