"""Query counts of the quarterly cycle's pages: fixed whatever the number of indicators, evidence
files, sub-activities and units (common.md: list pages must not ask the database per row)."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.monitoring import services
from sakip.planning.models import Budget, Indicator, IndicatorTarget, SubActivity

from . import test_cycle_support as support
from .test_cycle_support import YEAR, client_for, open_quarter, pdf_upload, save, submission_of

D = Decimal
pytestmark = pytest.mark.django_db

cycle = support.cycle
_media = support._media


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries), [q["sql"] for q in context.captured_queries]


def _grow_ikp(cycle, submission, count):
    """More indicators (each with a value and an evidence file) and more sub-activities for
    Bidang IKP."""
    o = cycle.organization
    values = {}
    for i in range(count):
        indicator = Indicator.objects.create(
            objective=cycle.plan.objective,
            code=f"IKX.{i}",
            name=f"Indikator tambahan {i}",
            unit_of_measure="dokumen",
            responsible_unit=o.ikp,
        )
        IndicatorTarget.objects.create(indicator=indicator, year=YEAR, low=D("10"))
        values[indicator.pk] = (D("9"), "Kendala", "Solusi")
        sub = SubActivity.objects.create(
            activity=cycle.sub_activity.activity,
            code=f"1.01.01.{100 + i}",
            name=f"Sub kegiatan tambahan {i}",
            responsible_unit=o.ikp,
        )
        Budget.objects.create(sub_activity=sub, year=YEAR, pagu=D("1000000"))
    submission.refresh_from_db()
    save(cycle, submission, values=values)
    for indicator_id in values:
        services.evidence_add(
            actor=o["kabid.ikp"], upload=pdf_upload(), submission=submission, indicator=indicator_id
        )


@pytest.mark.parametrize("username", ["kabid.ikp", "staf.evaluasi"])
def test_entry_page_query_count_does_not_grow_with_rows(cycle, username):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    save(cycle, submission, values={cycle.ik11.pk: (D("24"), "K", "S")})
    services.evidence_add(
        actor=o["kabid.ikp"], upload=pdf_upload(), submission=submission, indicator=cycle.ik11
    )
    client = client_for(username)
    url = reverse("monitoring:submission_detail", args=[period.pk, o.ikp.pk])
    _queries(client, url)  # warm up (session, caches)
    # Computed (the first view after a change: a new data version) and kept in the cache.
    cache.clear()
    few_computed, _sql = _queries(client, url)
    few_kept, _sql = _queries(client, url)
    _grow_ikp(cycle, submission, 4)
    cache.clear()  # computed again, the viewer's holdings included
    many_computed, sql = _queries(client, url)
    assert many_computed == few_computed, "\n".join(sql)
    many_kept, sql = _queries(client, url)
    assert many_kept == few_kept, "\n".join(sql)


@pytest.mark.parametrize(
    "model", ["evidence", "unitsubmission", "monthlyprogress", "reportingperiod", "reportreceipt"]
)
def test_admin_lists_do_not_read_per_row(cycle, model):
    """The read-only admin lists name related rows (__str__ of the period, unit, indicator):
    joined once, not read again for each row."""
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    save(
        cycle,
        submission,
        values={cycle.ik11.pk: (D("24"), "K", "S")},
        progress={(cycle.sub_activity.pk, 1): (D("10"), D("1000"))},
    )
    services.evidence_add(
        actor=o["kabid.ikp"], upload=pdf_upload(), submission=submission, indicator=cycle.ik11
    )
    services.receipts_send(period=period)
    client = client_for("admin")
    url = reverse(f"admin:monitoring_{model}_changelist")
    _queries(client, url)
    few, _sql = _queries(client, url)
    services.receipts_send(period=open_quarter(cycle, 2))
    third = open_quarter(cycle, 3)
    services.receipts_send(period=third)
    later = submission_of(third, o.ikp)
    _grow_ikp(cycle, later, 3)
    save(cycle, later, progress={(cycle.sub_activity.pk, 7): (D("20"), D("2000"))})
    many, sql = _queries(client, url)
    assert many == few, "\n".join(sql)
