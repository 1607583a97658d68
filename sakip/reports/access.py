"""Who may see which generated document: the helpers of the views, on top of the models'
`.restrict(user, action)` (querysets.py and ReportJobQuerySet), which read the one access object.

Agency-wide roles (agency head, Sekretaris, Kasubag, planning staff) see every document of their
agency; a regency viewer sees every agency of the regency; a unit head sees the documents made for a
unit in their scope (their own PK), and every official of the agency the performance reports
socialized to them. Anything else is a 404, never a 403: the file's existence is not
disclosed (docs/decisions/0002).

A report job (the background generation of a document) is seen by the person who started it only.
Who may publish a document is decided by the app that registered its kind (`jobs.py`).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sakip.accounts.types import Viewer

from .jobs import report_job_kind
from .models import GeneratedDocument, ReportJob


def documents_for(user: Viewer) -> QuerySet[GeneratedDocument]:
    """The documents the user may see (`GeneratedDocument.objects.restrict`, querysets.py)."""
    return GeneratedDocument.objects.restrict(user, "view")


def get_document_for_user(user: Viewer, pk: int) -> GeneratedDocument:
    document = documents_for(user).select_related("agency", "unit").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def is_publishable(kind: str) -> bool:
    """Documents of this kind are published with the "Terbitkan" action (drafts until then)."""
    spec = report_job_kind(kind)
    return spec is not None and spec.can_publish is not None


def may_publish(user: Viewer, document: GeneratedDocument) -> bool:
    """Whether ``user`` may publish ``document`` (the rule of its kind; no query when the
    document's agency is loaded)."""
    spec = report_job_kind(document.kind)
    if spec is None or spec.can_publish is None or not getattr(user, "is_authenticated", False):
        return False
    return spec.can_publish(user, document)


def get_job_for_user(user: Viewer, pk: int) -> ReportJob:
    """The user's own report job; anyone else's is a 404."""
    job = (
        ReportJob.objects.restrict(user, "view")
        .select_related("document", "agency")
        .filter(pk=pk)
        .first()
    )
    if job is None:
        raise Http404
    return job
