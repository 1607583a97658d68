"""Generated documents made directly for the portal's tests: the portal reads rows, it does not
care how they were generated (reports' own tests cover that)."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from sakip.organization.models import Unit
from sakip.reports.models import DocumentKind, GeneratedDocument

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PUBLISHED_AT = timezone.make_aware(datetime.datetime(2027, 1, 1, 9, 0))


def make_document(
    agency: Unit,
    *,
    kind: str = DocumentKind.ANNUAL,
    year: int = 2026,
    number: str = "001/LKjIP/DKIS/2026",
    title: str = "LKjIP 2026",
    published: bool = True,
    unit: Unit | None = None,
) -> GeneratedDocument:
    document = GeneratedDocument(
        agency=agency,
        kind=kind,
        year=year,
        number=number,
        title=title,
        source_type="tests.portal",
        source_id="1",
        unit=unit,
        published_at=PUBLISHED_AT if published else None,
    )
    document.pdf.save("dokumen.pdf", ContentFile(PDF), save=False)
    document.docx.save("dokumen.docx", ContentFile(b"DOCX"), save=False)
    document.save()
    return document
