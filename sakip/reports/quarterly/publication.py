"""Which report versions may no longer be published: those generated before one of their quarters
was reopened (`ReportingPeriod.reopened_at`). A reopened quarter's data may change, so a version
made from the earlier locked data is not the report of the quarter any more; a new version is
generated once the quarter is locked again. Versions already published stay published.

The quarterly report covers its quarter, the semester report its two quarters (its source is the
quarter closing the semester), the LKjIP the four quarters of its year. Registered with
`sakip.reports.publishing` when the app is ready.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from sakip.core.templatetags.sakip_format import format_moment
from sakip.monitoring.capaian import ROMAN
from sakip.monitoring.models import ReportingPeriod
from sakip.reports.models import DocumentKind, GeneratedDocument
from sakip.reports.publishing import register_publication_block

SOURCE_TYPE = ReportingPeriod._meta.label_lower


def reopened_message(periods: list[ReportingPeriod]) -> str:
    """ "TW II dibuka kembali pada Jumat, 04 Desember 2026 15:45 WITA, sesudah versi ini dibuat…" """
    last = max(periods, key=lambda p: p.reopened_at)  # type: ignore[arg-type, return-value]
    return _(
        "%(quarters)s dibuka kembali pada %(when)s, sesudah versi ini dibuat, sehingga datanya "
        "dapat berubah. Versi ini tidak dapat diterbitkan; buat versi baru setelah triwulan "
        "dikunci kembali."
    ) % {
        "quarters": ", ".join(f"TW {ROMAN[p.quarter]}" for p in sorted(periods, key=_quarter)),
        "when": format_moment(last.reopened_at),
    }


def _quarter(period: ReportingPeriod) -> int:
    return period.quarter


def _covered(document: GeneratedDocument, sources: dict[str, ReportingPeriod]) -> set[int]:
    """The quarters of its year the document's data comes from."""
    if document.kind == DocumentKind.ANNUAL:
        return {1, 2, 3, 4}
    source = sources.get(document.source_id) if document.source_type == SOURCE_TYPE else None
    if source is None:
        return set()
    if document.kind == DocumentKind.SEMESTER:
        return {source.quarter - 1, source.quarter}
    return {source.quarter}


def stale_versions(documents: Sequence[GeneratedDocument]) -> dict[int, str]:
    """The reason each version generated before one of its quarters was reopened may not be
    published, by pk (two queries for any number of documents)."""
    source_ids = [int(d.source_id) for d in documents if d.source_type == SOURCE_TYPE]
    sources = {
        str(p.pk): p for p in ReportingPeriod.objects.filter(pk__in=source_ids).only("quarter")
    }
    reopened: dict[tuple[int, int], list[ReportingPeriod]] = {}
    for period in ReportingPeriod.objects.filter(
        agency_id__in={d.agency_id for d in documents},
        year__in={d.year for d in documents},
        reopened_at__isnull=False,
    ).only("agency_id", "year", "quarter", "reopened_at"):
        reopened.setdefault((period.agency_id, period.year), []).append(period)
    reasons = {}
    for document in documents:
        quarters = _covered(document, sources)
        later = [
            p
            for p in reopened.get((document.agency_id, document.year), [])
            if p.quarter in quarters and p.reopened_at > document.created_at  # type: ignore[operator]
        ]
        if later:
            reasons[document.pk] = reopened_message(later)
    return reasons


for _kind in (DocumentKind.QUARTERLY, DocumentKind.SEMESTER, DocumentKind.ANNUAL):
    register_publication_block(_kind, stale_versions)
