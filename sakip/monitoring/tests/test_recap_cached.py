"""The recap's capaian summary is kept in the cache under the agency's data version (issue 12):
a second view reads no capaian again, and a value sent meanwhile shows at once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.monitoring import selectors, services

from . import test_cycle_support as support
from .test_cycle_support import ON_TIME, open_quarter, save, submission_of

D = Decimal
pytestmark = pytest.mark.django_db

cycle = support.cycle
_media = support._media


def _recap(period, user):
    with CaptureQueriesContext(connection) as context:
        recap = selectors.period_recap(period, user, now=ON_TIME)
    row = next(r for r in recap.rows if r.submission.unit.code == "aptika")
    return row, len(context.captured_queries)


def test_the_recap_is_kept_and_a_value_sent_meanwhile_shows_at_once(cycle):
    o = cycle.organization
    planner = o["staf.evaluasi"]
    period = open_quarter(cycle)
    aptika = submission_of(period, o.aptika)
    save(cycle, aptika, "kabid.aptika", values={cycle.ik2.pk: (D("2.5"), "K", "S")})
    services.submission_submit(actor=o["kabid.aptika"], submission=aptika, now=ON_TIME)

    row, first = _recap(period, planner)
    # IK2 TW I: 2,5 against a target of 2,5 -> 100,00.
    assert (row.reported_count, row.average_display) == (1, D("100.00"))
    row, kept = _recap(period, planner)
    assert row.average_display == D("100.00")
    assert kept < first

    services.submission_return(actor=planner, submission=aptika, note="Perbaiki")
    aptika.refresh_from_db()
    save(cycle, aptika, "kabid.aptika", values={cycle.ik2.pk: (D("2"), "K", "S")})
    services.submission_submit(actor=o["kabid.aptika"], submission=aptika, now=ON_TIME)
    row, _queries = _recap(period, planner)
    # 2 against 2,5 -> 80,00.
    assert (row.reported_count, row.average_display) == (1, D("80.00"))
