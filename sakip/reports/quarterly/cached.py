"""The quarterly report's data for the screen, kept in the cache once the quarter is locked.

A locked quarter's numbers are settled: they change only when the quarter is reopened or its data
corrected, and each of these moves the agency's data version (sakip.monitoring.versions: one
query). The entry is keyed by the period, the data version, the signature date and the language,
so a change shows at once and nothing is invalidated by hand. The signature (the agency head on
that date) is read again on every request: a change of the head is not part of the data version.
An open quarter is computed on every request (its data moves while units work).
"""

from __future__ import annotations

import dataclasses
import datetime

from django.core.cache import cache
from django.utils.translation import get_language

from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.monitoring.versions import data_versions

from .data import QuarterlyReportData, quarterly_report_data, signature_of

SCHEMA = 1  # raise when QuarterlyReportData changes shape


def page_report_data(period: ReportingPeriod, *, on: datetime.date) -> QuarterlyReportData:
    """`quarterly_report_data(period, on=on)`, from the cache when the quarter is locked."""
    if period.status != PeriodStatus.LOCKED:
        return quarterly_report_data(period, on=on)
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
        return data
    return dataclasses.replace(data, signature=signature_of(period.agency, on))
