"""The dashboard's cached figures are never stale and never shown to the wrong reader: a change made
through the services shows on the next request, each scope (a unit head's units, the whole agency)
and each language has its own entry, and a warm page is the page a cold cache gives.

The demo year's numbers are hand-derived from its data (sakip/demo/data_year.py): APT.1.1 is
cumulative with a TW IV target of 10 and a realisasi of 4 (40,00%, Sangat Rendah)."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sakip.accounts.models import User
from sakip.monitoring import services as monitoring
from sakip.monitoring.models import Realisasi, ReportingPeriod, SubmissionStatus, UnitSubmission
from sakip.planning.models import Indicator
from sakip.procedures import compliance_page
from sakip.procedures.compliance import compliance_report
from sakip.procedures.tests.compliance_checks import assert_page_matches_report

from ..figures import PERIOD_KEYS, Figures, dashboard_figures
from ..selectors import dashboard_data, dashboard_scope
from .conftest import NOW, YEAR
from .test_dashboard import URL, _client, _codes, _indicator_cells

pytestmark = pytest.mark.django_db


def _get(client: Client, query: str = "") -> tuple[str, int]:
    """The page and its number of queries."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{URL}?year={YEAR}{'&' + query if query else ''}")
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def _capaian_of(page: str, code: str) -> str:
    return _indicator_cells(page)[Indicator.objects.get(code=code).pk]


# --- a change shows on the next request ----------------------------------------------------------


def test_a_reopened_quarter_changed_and_accepted_again_shows_on_the_next_request(demo):
    kadis = _client("kadis")
    first, cold = _get(kadis)
    again, warm = _get(kadis)
    assert warm < cold  # the second request reads the cached figures
    assert _capaian_of(again, "APT.1.1") == "40,00%"
    assert 'id="period-label">TW IV 2025' in again

    # The planner reopens TW IV for the unit that reports APT.1.1 ...
    planner = User.objects.get(username="kasubag.renkeu")
    apt11 = Indicator.objects.get(code="APT.1.1")
    row = Realisasi.objects.select_related("submission__unit").get(
        indicator=apt11, submission__period__year=YEAR, submission__period__quarter=4
    )
    submission = row.submission
    period = ReportingPeriod.objects.get(pk=submission.period_id)
    monitoring.period_reopen(
        actor=planner,
        period=period,
        reason="Data aplikasi terintegrasi diperbaiki",
        units=[submission.unit],
        now=NOW,
    )
    # ... its data is no longer accepted: TW IV of APT.1.1 has no accepted realisasi.
    page, _n = _get(kadis)
    assert _capaian_of(page, "APT.1.1") == "n/a"

    # The unit corrects the realisasi to 8 and sends it; the planner accepts it and locks TW IV.
    head = User.objects.get(username="kabid.aptika")
    submission = UnitSubmission.objects.get(pk=submission.pk)
    monitoring.submission_save(
        actor=head,
        submission=submission,
        expected_version=submission.version,
        values={apt11.pk: (Decimal("8"), row.problems, row.solutions)},
        now=NOW,
    )
    monitoring.submission_submit(actor=head, submission=submission, now=NOW)
    page, _n = _get(kadis)
    assert _capaian_of(page, "APT.1.1") == "n/a"  # sent, not yet accepted
    monitoring.submission_accept(actor=planner, submission=submission, now=NOW)
    monitoring.period_lock(actor=planner, period=period, now=NOW)
    assert UnitSubmission.objects.get(pk=submission.pk).status == SubmissionStatus.ACCEPTED

    # 8 against the TW IV target 10: 80,00%, on the next request, in every view of the figure.
    page, _n = _get(kadis)
    assert _capaian_of(page, "APT.1.1") == "80,00%"
    risk = re.search(rf'<tr id="risk-{apt11.pk}">(.*?)</tr>', page, re.S)
    # Cumulative: 8 after TW IV projects 8 for the year, against the year's 10: 80,00%.
    assert risk is not None and 'data-field="projected">80,00%<' in risk.group(1)
    # The whole page is the one a cold cache gives.
    cache.clear()
    assert _main(_get(kadis)[0]) == _main(page)


def test_a_saved_realisasi_value_shows_on_the_next_request(demo):
    """The smallest change: one realisasi value saved (its row's updated_at moves the version)."""
    kadis = _client("kadis")
    assert _capaian_of(_get(kadis)[0], "APT.1.1") == "40,00%"
    row = Realisasi.objects.get(
        indicator__code="APT.1.1", submission__period__year=YEAR, submission__period__quarter=4
    )
    row.value = Decimal("5")
    row.save()
    assert _capaian_of(_get(kadis)[0], "APT.1.1") == "50,00%"


def _renstra_rows(page: str) -> list[str]:
    table = page[page.index('id="renstra-table"') :]
    table = table[: table.index("</table>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in table.split("<tr>")[2:]]


def test_a_change_of_an_earlier_renstra_year_shows_in_the_renstra_trend(demo):
    """Next year's page reads this year's figures in its Renstra trend: a change of this year
    shows there too (the entry is keyed by the version of every Renstra year up to the year)."""
    kadis = _client("kadis")
    query = f"year={YEAR + 1}"
    before = _renstra_rows(kadis.get(f"{URL}?{query}").content.decode())
    assert [row.split()[0] for row in before] == [str(YEAR)]
    row = Realisasi.objects.get(
        indicator__code="APT.1.1", submission__period__year=YEAR, submission__period__quarter=4
    )
    row.value = Decimal("5")
    row.save()
    after = _renstra_rows(kadis.get(f"{URL}?{query}").content.decode())
    assert after != before
    cache.clear()
    assert _renstra_rows(kadis.get(f"{URL}?{query}").content.decode()) == after


# --- each scope and language its own entry -------------------------------------------------------


def _main(page: str) -> str:
    """The page without what differs between two identical requests (the CSRF tokens)."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", page)


READERS = ("kabid.ikp", "kabid.aptika", "kadis")


def test_a_unit_heads_figures_never_leak_into_another_scope(demo):
    clients = {name: _client(name) for name in READERS}
    # Each page with the cache empty before it: what each reader must see.
    alone = {}
    for name in READERS:
        cache.clear()
        alone[name] = _main(_get(clients[name])[0])
    assert _codes(alone["kabid.ikp"]) == {"IKP.1", "IKP.1.1", "IKP.2", "IKP.3"}
    assert _codes(alone["kabid.aptika"]) >= {"APT.1", "APT.1.1"}
    assert not _codes(alone["kabid.aptika"]) & _codes(alone["kabid.ikp"])
    assert len(_codes(alone["kadis"])) == 22

    # One after the other on one cache: first each filling its entry, then each reading it.
    cache.clear()
    for name in READERS:
        assert _main(_get(clients[name])[0]) == alone[name], f"{name}, cold"
    for name in (*READERS, *reversed(READERS)):
        assert _main(_get(clients[name])[0]) == alone[name], f"{name}, warm"


def test_indonesian_and_english_do_not_share_an_entry(demo):
    """A year without accepted data: every indicator's category is "no capaian yet", a label of
    the cached figures."""
    english = _client("kadis")
    english.cookies["django_language"] = "en"
    indonesian = _client("kadis")
    query = f"year={YEAR + 1}"

    def badges(page: str) -> set[str]:
        table = page[page.index('id="indicators-table"') :]
        table = table[: table.index("</table>")]
        return set(re.findall(r'<span class="badge[^"]*">([^<]*)</span>', table))

    readers = [(english, "No achievement yet"), (indonesian, "Belum ada capaian")]
    for order in (readers, readers[::-1]):
        cache.clear()
        for _round in ("cold", "warm"):
            for client, label in order:
                assert badges(client.get(f"{URL}?{query}").content.decode()) == {label}


# --- what is cached ------------------------------------------------------------------------------


def _model_instances(value: object, seen: set[int]) -> list[object]:
    """Model instances anywhere inside `value` (dataclasses, lists, tuples, dicts)."""
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, Model):
        return [value]
    found: list[object] = []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for each in dataclasses.fields(value):
            found += _model_instances(getattr(value, each.name), seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            found += _model_instances(item, seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            found += _model_instances(key, seen) + _model_instances(item, seen)
    return found


@pytest.mark.parametrize("username", ["kadis", "kabid.ikp"])
def test_the_cache_holds_plain_data_of_the_scope(demo, username):
    user = User.objects.get(username=username)
    scope = dashboard_scope(user)
    assert scope is not None
    for key in PERIOD_KEYS:
        data = dashboard_data(user=user, scope=scope, year=YEAR, period_key=key)
        figures, figures_key = dashboard_figures(
            user=user,
            agency=scope.agency,
            units=scope.units,
            year=YEAR,
            period_key=key,
            renstra=data.renstra,
        )
        assert figures_key == data.figures_key
        assert isinstance(figures, Figures)
        assert _model_instances(figures, set()) == []
        assert [row.code for row in figures.indicators] == [row.code for row in data.indicators]


# --- the SOP compliance card ---------------------------------------------------------------------


@pytest.mark.parametrize("username", ["kadis", "kabid.ikp"])
def test_the_compliance_card_is_the_compliance_reports_total(demo, username):
    """The card counts in the database what the compliance page counts task by task."""
    user = User.objects.get(username=username)
    scope = dashboard_scope(user)
    assert scope is not None
    data = dashboard_data(user=user, scope=scope, year=YEAR)
    report = compliance_report(user, year=YEAR, now=NOW)
    # What the counting must get right is there: late SOP steps, a unit's corrected answer (a
    # second round, not counted) and, for the unit head, only what they may see.
    assert any(r.task.round > 1 for r in report.unit_rows)
    if username == "kadis":
        assert report.total.late and report.units_total.late
    assert (data.compliance.completed, data.compliance.on_time) == (
        report.total.completed,
        report.total.on_time,
    )
    assert (data.unit_timeliness.completed, data.unit_timeliness.on_time) == (
        report.units_total.completed,
        report.units_total.on_time,
    )


@pytest.mark.parametrize("username", ["kadis", "kabid.ikp", "staf.evaluasi"])
def test_the_compliance_page_shows_the_reports_numbers_on_the_demo_year(
    demo, username, monkeypatch
):
    """The page counts in the database and reads a page of rows; the demo year has late steps,
    corrected answers (second rounds) and several scopes. Pages of four rows: several pages."""
    monkeypatch.setattr(compliance_page, "PAGE_SIZE", 4)
    user = User.objects.get(username=username)
    report = compliance_report(user, year=YEAR, now=NOW)
    assert max(len(report.rows), len(report.unit_rows)) > 4
    assert_page_matches_report(user, year=YEAR, now=NOW)


def test_the_compliance_card_of_the_demo_year(demo):
    # The demo year's units answer 20 data requests (5 units x 4 quarters), 3 of them late
    # (sakip/demo/tests/test_demo_year.py): 17 of 20 on time, 85,00%.
    page, _n = _get(_client("kadis"))
    card = page[page.index('data-field="share"') :]
    assert 'data-field="units">85,00%<' in card


def test_the_sections_html_is_kept_per_drill_down(demo, monkeypatch):
    """The sections made from the figures are rendered once and kept beside them (under the
    figures' key: the tests above show a change at once): a second view renders no section
    template, and a drill-down has its own entry."""
    from django.template import loader

    kadis = _client("kadis")
    rendered: list[str] = []
    original = loader.render_to_string

    def counting(name, *args, **kwargs):
        rendered.append(name)
        return original(name, *args, **kwargs)

    monkeypatch.setattr("sakip.dashboard.views.render_to_string", counting)
    all_rows, _n = _get(kadis)
    _get(kadis)
    assert rendered == ["dashboard/_figures.html"]  # kept after the first view
    apt11 = Indicator.objects.get(code="APT.1.1")
    filtered, _n = _get(kadis, f"unit={apt11.responsible_unit_id}")
    assert len(rendered) == 2
    assert 'id="indicator-filter"' in filtered and 'id="indicator-filter"' not in all_rows
