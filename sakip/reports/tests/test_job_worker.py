"""The real thing once: "Buat laporan" queues the job in the database (django-tasks-db), the
`db_worker` command runs it (batch mode: until the queue is empty), and the job ends done with a
quarterly report whose PDF opens.

The rows must be committed for the worker to see them as a worker in production would, hence a
transactional test (it works on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import io
import signal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from sakip.monitoring.tests.capaian_factories import build_budget, build_year
from sakip.organization.models import Unit
from sakip.reports.models import JobStatus, ReportJob

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_backend(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def keep_signal_handlers():
    """The worker installs its own SIGINT/SIGTERM handlers; give the test run its own back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def test_the_worker_runs_a_queued_report_to_completion(
    client, organization, plan_data, database_backend, keep_signal_handlers
):
    Unit.objects.filter(pk=organization.agency.pk).update(short_name="Diskominfo")
    year = build_year(organization, plan_data, quarters=(1,))
    build_budget(organization, plan_data, year)
    period = year.periods[1]

    client.force_login(organization["staf.evaluasi"])
    response = client.post(reverse("reports:quarterly_report_create", args=[period.pk]))
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    # Queued, not run: nothing happens in the request with the database backend.
    assert job.status == JobStatus.QUEUED
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert job.task_id == str(task.id)
    page = client.get(reverse("reports:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert page.status_code == 200  # still polling

    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
    )

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.progress, job.message) == (100, "Selesai")
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    document = job.document
    assert document is not None
    assert document.number == "001/LKT/Diskominfo/2026/TW I"
    with document.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "LAPORAN KINERJA TRIWULAN I TAHUN 2026" in text
    assert "001/LKT/Diskominfo/2026/TW I" in text
    page = client.get(reverse("reports:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert page.status_code == 286
    assert reverse("reports:download_pdf", args=[document.pk]) in page.content.decode()
