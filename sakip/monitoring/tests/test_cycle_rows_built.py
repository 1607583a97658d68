"""The model rows a page of the quarterly cycle builds (issue 12): Django builds one instance per
row and per joined table, and that work, not the queries, is where the time of a page went.
Counted with `post_init` for one request at two sizes: the rows of the earlier quarters, their
submissions and periods are read as plain values, so what grows with the indicators is the
indicators themselves and what the page shows of each."""

from collections import Counter
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db.models.signals import post_init
from django.urls import reverse
from django.utils import translation

from sakip.monitoring import selectors
from sakip.monitoring.models import SubmissionStatus, UnitSubmission
from sakip.planning.models import Indicator

from . import test_cycle_support as support
from .test_cycle_queries import _grow_ikp
from .test_cycle_support import client_for, open_quarter, save, submission_of

D = Decimal
pytestmark = pytest.mark.django_db

cycle = support.cycle
_media = support._media


@contextmanager
def instances_built():
    """Counts the model instances built while active, by model name."""
    counts: Counter[str] = Counter()

    def seen(sender, **kwargs):
        counts[sender._meta.model_name] += 1

    post_init.connect(seen, weak=False)
    try:
        yield counts
    finally:
        post_init.disconnect(seen)


def page_instances(client, url, *, kept: bool = False) -> Counter[str]:
    """The instances one view builds: computed (the kept data dropped first) or, with `kept`,
    read from what the view before it kept."""
    client.get(url)  # warm up (session, caches)
    if not kept:
        cache.clear()
    with instances_built() as counts:
        assert client.get(url).status_code == 200
    return counts


# The history tab lists one audit event (with its author) per write: it grows with the writes the
# test makes, not with the indicators.
HISTORY = {"auditevent", "user", "employee"}


def grown_per_model(few: Counter[str], many: Counter[str]) -> Counter[str]:
    grown = many - few
    for name in HISTORY:
        del grown[name]
    return grown


@pytest.mark.parametrize("username", ["kabid.ikp", "staf.evaluasi"])
def test_entry_page_builds_no_rows_per_indicator_beyond_what_it_shows(cycle, username):
    o = cycle.organization
    # TW II: the page counts TW I's submitted values to date, read as plain values.
    first = submission_of(open_quarter(cycle), o.ikp)
    period = open_quarter(cycle, 2)
    submission = submission_of(period, o.ikp)
    save(cycle, submission, values={cycle.ik11.pk: (D("30"), "K", "S")})
    client = client_for(username)
    url = reverse("monitoring:submission_detail", args=[period.pk, o.ikp.pk])

    def earlier_quarter_values():
        save(cycle, first, values={i.pk: (D("5"), "K", "S") for i in ikp_indicators()})
        UnitSubmission.objects.filter(pk=first.pk).update(status=SubmissionStatus.SUBMITTED)

    def ikp_indicators():
        return Indicator.objects.filter(responsible_unit=o.ikp)

    earlier_quarter_values()
    few = page_instances(client, url)
    added = 4
    _grow_ikp(cycle, submission, added)  # each with a value, an evidence file, a sub-activity
    first.refresh_from_db()
    UnitSubmission.objects.filter(pk=first.pk).update(status=SubmissionStatus.DRAFT)
    first.refresh_from_db()
    earlier_quarter_values()
    many = page_instances(client, url)
    grown = grown_per_model(few, many)
    # One instance per row shown: the indicator (with its objective, goal, Renstra and unit
    # joined), its own realisasi and evidence file, the sub-activity (with activity, program).
    assert set(grown) <= {
        "indicator",
        "objective",
        "goal",
        "renstra",
        "unit",
        "realisasi",
        "evidence",
        "subactivity",
        "activity",
        "program",
    }, grown
    assert max(grown.values()) == added, grown
    # The earlier quarter's realisasi, their submissions and periods: none built.
    assert grown["realisasi"] == added
    assert grown["unitsubmission"] == grown["reportingperiod"] == 0
    # Viewed again with nothing changed, the page builds none of them: its data and rows were
    # kept under the agency's data version.
    kept = page_instances(client, url, kept=True)
    assert kept["indicator"] == kept["realisasi"] == kept["evidence"] == 0, kept


def test_a_kept_entry_page_needs_neither_its_data_nor_its_form(cycle):
    """A page as stored is served from its kept data tab: with the page's kept data dropped from
    the cache, the next view still builds none of its indicators, realisasi or files."""
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    save(cycle, submission, values={cycle.ik11.pk: (D("30"), "K", "S")})
    client = client_for("kabid.ikp")
    url = reverse("monitoring:submission_detail", args=[period.pk, o.ikp.pk])
    first = client.get(url).content.decode()
    submission.refresh_from_db()
    with translation.override("id"):
        assert cache.get(selectors.entry_data_key(submission)) is not None
        cache.delete(selectors.entry_data_key(submission))
    with instances_built() as counts:
        again = client.get(url).content.decode()
    assert counts["indicator"] == counts["realisasi"] == counts["evidence"] == 0, counts
    assert 'value="30"' in again and again.count("<tr") == first.count("<tr")
