"""The RKT and its Perjanjian Kinerja as documents, made in the background once SOP 1 ends.

When the last step of an "rkt" run completes, planning locks the year's RKT inside that
transaction; after the commit this module queues a report job that builds the PK rows (planning's
service) and renders the RKT and every PK as DOCX and PDF into the archive (`rkt_publish`).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Actor
from sakip.planning.models import RktDocument
from sakip.procedures.actions import on_run_completed
from sakip.procedures.choices import Workflow
from sakip.procedures.models import ProcedureRun

from .jobs import ProgressCallback, register_report_job, report_job_start
from .models import DocumentKind, GeneratedDocument, ReportJob
from .services import rkt_publish

RENDERING = _("Membuat dokumen RKT dan Perjanjian Kinerja")


def rkt_documents_start(run: ProcedureRun, actor: Actor) -> None:
    """Queue the documents of the RKT the run has just locked."""
    document = RktDocument.objects.filter(run=run).select_related("agency").first()
    if document is None:
        return
    by = actor or run.started_by
    # A job belongs to someone; an RKT run is started and finished by people, never the system.
    assert by is not None, "An RKT run completed with no one acting and no one who started it."
    report_job_start(
        actor=by,
        kind=DocumentKind.RKT,
        params={"rkt": document.pk},
        agency=document.agency,
        year=document.year,
        return_url=reverse("planning:rkt_detail", args=[document.pk]),
    )


def run_rkt_documents(job: ReportJob, progress: ProgressCallback) -> GeneratedDocument:
    """The job's runner: the RKT document first, then one PK per official."""
    progress(10, str(RENDERING))
    rkt = RktDocument.objects.get(pk=job.params["rkt"])
    documents = rkt_publish(actor=job.created_by, rkt=rkt)
    return documents[0]


register_report_job(
    kind=DocumentKind.RKT,
    runner=run_rkt_documents,
    label=_("Dokumen RKT dan Perjanjian Kinerja"),
)
on_run_completed(Workflow.RKT, rkt_documents_start)
