"""Who may see which generated document.

Agency-wide roles (agency head, Sekretaris, Kasubag, planning staff) see every document of their
agency; a regency viewer sees every agency of the regency; a unit head sees the documents made for a
unit in their scope (their own PK), and every official of the agency the performance reports
socialized to them. Anything else is a 404, never a 403: the file's existence is not
disclosed (docs/decisions/0002).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from sakip.organization.access import access_for

from .models import DocumentKind, GeneratedDocument

AGENCY_REPORT_KINDS = [DocumentKind.QUARTERLY, DocumentKind.SEMESTER]


def documents_for(user: Any) -> QuerySet[GeneratedDocument]:
    access = access_for(user)
    if access.is_admin:
        return GeneratedDocument.objects.all()
    query = Q(pk__in=[])
    for prefix in sorted(access.paths("view")):
        # The agency inside the scope: agency-wide and regency roles. The unit inside it: unit heads.
        query |= Q(agency__path__startswith=prefix) | Q(unit__path__startswith=prefix)
    # Performance reports are socialized to every official of the agency (SOP 2 steps 5 and 8).
    query |= Q(kind__in=AGENCY_REPORT_KINDS, agency_id__in=access.agency_ids)
    return GeneratedDocument.objects.filter(query)


def get_document_for_user(user: Any, pk: int) -> GeneratedDocument:
    document = documents_for(user).select_related("agency", "unit").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document
