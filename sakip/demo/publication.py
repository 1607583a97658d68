"""The demo publishes its documents, through the services of sakip.reports as a planner would:
last year's four quarterly reports and its LKjIP are generated (DOCX, PDF, XLSX) and published,
so the public portal (/publik/) has the agency's documents to show.

Rendering takes seconds, so only `manage.py load_demo` (what `make run` uses) publishes; tests
that need the documents ask for them (`load_demo(with_publication=True)`).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sakip.accounts.models import User
from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.organization.models import Unit
from sakip.reports.annual.services import annual_report_generate
from sakip.reports.models import GeneratedDocument
from sakip.reports.publishing import document_publish
from sakip.reports.quarterly.services import quarterly_report_generate

PUBLISHER = "staf.evaluasi"


def load_publications(*, agency: Unit, year: int, now: dt.datetime) -> list[GeneratedDocument]:
    """The quarterly reports of `year`'s locked quarters and, when all four are locked, the year's
    LKjIP: generated and published by the planning staff. Each quarterly report is signed on the
    day its quarter was locked; the LKjIP on the day the demo is loaded."""
    planner = User.objects.get(username=PUBLISHER)
    documents: list[GeneratedDocument] = []
    periods = ReportingPeriod.objects.filter(
        agency=agency, year=year, status=PeriodStatus.LOCKED
    ).order_by("quarter")
    for period in periods:
        assert period.locked_at is not None  # locked
        documents.append(
            quarterly_report_generate(
                actor=planner, period=period, on=timezone.localdate(period.locked_at)
            )
        )
    if len(documents) == 4:
        documents.append(
            annual_report_generate(
                actor=planner, agency=agency, year=year, on=timezone.localdate(now)
            )
        )
    return [document_publish(actor=planner, document=document) for document in documents]
