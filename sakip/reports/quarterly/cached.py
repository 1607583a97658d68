"""The quarterly report's data for the screen, and its tables' HTML, kept in the cache.

The report counts accepted data only, and every change it shows (a value, a decision, a reopened
or locked quarter, a correction) moves the agency's data version (sakip.monitoring.versions: one
query, itself kept under the figures' stamp). The entry is keyed by the period, the data version,
the signature date and the language, so a change shows at once and nothing is invalidated by
hand; an open quarter is kept too, until its next change. The signature (the agency head on that
date) is kept under the people's stamp: a change of the head is not part of the data version.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from sakip.core import data_stamp
from sakip.core.kept import kept_under
from sakip.monitoring.models import ReportingPeriod
from sakip.monitoring.versions import data_versions
from sakip.organization.models import Unit
from sakip.reports.selectors import Signature

from .data import QuarterlyReportData, quarterly_report_data, signature_of

SCHEMA = 2  # raise when QuarterlyReportData or the tables' template changes shape


def page_report_data(period: ReportingPeriod, *, on: datetime.date) -> QuarterlyReportData:
    """`quarterly_report_data(period, on=on)`, from the cache while the data has not changed."""
    return kept_page_report(period, on=on)[0]


def kept_page_report(
    period: ReportingPeriod, *, on: datetime.date
) -> tuple[QuarterlyReportData, str]:
    """The page's report data and the key it is kept under (the tables' HTML is kept beside)."""
    version = data_versions([period.agency_id], period.year)[period.agency_id]
    key = ":".join(
        [
            f"quarterly-report-{SCHEMA}",
            str(period.pk),
            version,
            on.isoformat(),
            get_language() or "",
        ]
    )
    data = cache.get(key)
    if not isinstance(data, QuarterlyReportData):
        data = quarterly_report_data(period, on=on)
        cache.set(key, data)
        return data, key
    return dataclasses.replace(data, signature=kept_signature(period.agency, on)), key


def kept_signature(agency: Unit, on: datetime.date) -> Signature:
    """Who signs on that date, kept until a position, a holding or an employee changes."""
    return kept_under(
        (data_stamp.PEOPLE,),
        f"report-signature-1:{agency.pk}:{on.isoformat()}",
        Signature,
        lambda: signature_of(agency, on),
    )


def report_tables_html(
    doc: QuarterlyReportData, *, chart_urls: tuple[str, str], data_key: str = ""
) -> SafeString:
    """The report's tables and charts (`_report_tables.html`), kept beside the data when a key
    is given (what they show is the data's alone: no form, no viewer, no clock)."""
    key = f"{data_key}:tables" if data_key else ""
    html = cache.get(key) if key else None
    if not isinstance(html, str):
        html = render_to_string(
            "reports/quarterly/_report_tables.html",
            {
                "doc": doc,
                "h": doc.headers,
                "chart_capaian_url": chart_urls[0],
                "chart_serapan_url": chart_urls[1],
            },
        )
        if key:
            cache.set(key, str(html))
    return mark_safe(html)  # noqa: S308  (our template's output)
