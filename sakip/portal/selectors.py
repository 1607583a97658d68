"""Reads of the public portal: what an anonymous visitor may see.

The portal has its own rule instead of `.restrict(user, action)` (which gives an anonymous
visitor nothing, docs/decisions/0002): a document is public when it is published (`published_at`
set) and of a kind an evaluator looks for on an agency's site (`PUBLIC_KINDS`). Drafts, other
kinds (SOP sheets, compliance reports) and unknown ids are not found: a 404, as in the archive.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit
from sakip.reports.models import GeneratedDocument
from sakip.reports.publishing import PUBLIC_KINDS


def public_documents() -> QuerySet[GeneratedDocument]:
    """Every published document of a public kind."""
    return GeneratedDocument.objects.filter(published_at__isnull=False, kind__in=PUBLIC_KINDS)


def agencies() -> QuerySet[Unit]:
    """The agencies (OPD), each with the number of its public documents."""
    return (
        Unit.objects.filter(kind=UnitKind.AGENCY)
        .annotate(
            published_count=Count(
                "documents",
                filter=Q(
                    documents__published_at__isnull=False,
                    documents__kind__in=PUBLIC_KINDS,
                ),
            )
        )
        .order_by("name", "pk")
    )


def get_agency(pk: int) -> Unit:
    agency = Unit.objects.filter(kind=UnitKind.AGENCY, pk=pk).first()
    if agency is None:
        raise Http404
    return agency


def get_public_document(pk: int) -> GeneratedDocument:
    document = public_documents().select_related("agency", "unit").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def document_years(agency: Unit) -> list[int]:
    """The years in which the agency has public documents, latest first."""
    years = public_documents().filter(agency=agency).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


@dataclass(frozen=True)
class KindGroup:
    kind: str
    label: str
    documents: list[GeneratedDocument]


def documents_by_kind(agency: Unit, year: int) -> list[KindGroup]:
    """The agency's public documents of one year, grouped by kind in `PUBLIC_KINDS` order (kinds
    without a document left out); the latest publication first within a kind."""
    documents = list(
        public_documents()
        .filter(agency=agency, year=year)
        .select_related("unit")
        .order_by("-published_at", "-pk")
    )
    groups = []
    for kind in PUBLIC_KINDS:
        shown = [d for d in documents if d.kind == kind]
        if shown:
            groups.append(KindGroup(kind=kind.value, label=str(kind.label), documents=shown))
    return groups
