"""The indicator page (issue 11): targets per year and quarter, realisasi with capaian and
category, kendala/solusi, evidence, the cascade and the history; who sees what; query count."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sakip.conftest import PASSWORD
from sakip.core.templatetags.sakip_format import id_number
from sakip.measurement import Period, Polarity, Target, compute_capaian
from sakip.monitoring.capaian import agency_settings, indicator_results
from sakip.monitoring.category_style import category_badge
from sakip.monitoring.models import (
    Evidence,
    Realisasi,
    ReportingPeriod,
    SubmissionStatus,
    UnitSubmission,
)
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus, QuarterTarget
from sakip.planning.models import Indicator

D = Decimal
pytestmark = pytest.mark.django_db

# 2026: quarter targets 70/75/80/85, realisasi 63/75/88 accepted, TW IV a draft of 90.
TARGETS = {1: "70", 2: "75", 3: "80", 4: "85"}
VALUES = {1: "63", 2: "75", 3: "88"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def _url(indicator) -> str:
    return reverse("planning:indicator_detail", args=[indicator.pk])


def _evidence(realisasi, name, user) -> Evidence:
    return Evidence.objects.create(
        realisasi=realisasi,
        file=ContentFile(b"%PDF-1.4\n", name=name),
        name=name,
        content_type="application/pdf",
        size=9,
        uploaded_by=user,
    )


def _year(o, indicator, year, targets, values, *, draft=None):
    """Accepted quarter targets and accepted realisasi (with an evidence file) for ``year``; a
    draft realisasi for ``draft`` = (quarter, value)."""
    plan = ActionPlan.objects.create(
        agency=o.agency,
        unit=indicator.responsible_unit,
        year=year,
        status=ActionPlanStatus.ACCEPTED,
    )
    for quarter, low in targets.items():
        QuarterTarget.objects.create(
            action_plan=plan, indicator=indicator, quarter=quarter, low=D(low)
        )
    rows = {}
    entries = {q: (v, SubmissionStatus.ACCEPTED) for q, v in values.items()}
    if draft:
        entries[draft[0]] = (draft[1], SubmissionStatus.DRAFT)
    for quarter, (value, status) in entries.items():
        period, _ = ReportingPeriod.objects.get_or_create(
            agency=o.agency, year=year, quarter=quarter
        )
        submission = UnitSubmission.objects.create(
            period=period, unit=indicator.responsible_unit, status=status
        )
        label = "draf" if status == SubmissionStatus.DRAFT else f"{year} TW {quarter}"
        rows[quarter] = Realisasi.objects.create(
            submission=submission,
            indicator=indicator,
            value=D(value),
            problems=f"Kendala {label}",
            solutions=f"Solusi {label}",
        )
        _evidence(rows[quarter], f"bukti-{year}-{quarter}.pdf", o["kabid.ikp"])
    return rows


@pytest.fixture
def world(organization, plan_data):
    o = organization
    indicator = plan_data.indicator_ikp
    Indicator.objects.filter(pk=indicator.pk).update(aggregation="latest")
    indicator.refresh_from_db()
    rows = _year(o, indicator, 2026, TARGETS, VALUES, draft=(4, "90"))
    # A child of another bidang: only those who see Bidang Aptika see it.
    aptika_child = Indicator.objects.create(
        objective=plan_data.objective,
        code="IK1.2",
        name="Indikator turunan Aptika",
        unit_of_measure="%",
        responsible_unit=o.aptika,
        parent=indicator,
    )
    return indicator, rows, aptika_child


def _cell(html: str, text: str) -> bool:
    """``text`` alone between two tags (whitespace aside)."""
    return re.search(r">\s*" + re.escape(text) + r"\s*<", html) is not None


def _row(html: str, key: str) -> str:
    return html.split(f'data-quarter="{key}"')[1].split("</tr>")[0]


def _expected_capaian(organization, target: str, value: str):
    result = compute_capaian(polarity=Polarity.HIGHER, target=Target(D(target)), realisasi=D(value))
    band = agency_settings(organization.agency).scale.categorize(result)
    return f"{id_number(result.display, 2)}%", band


def test_page_shows_targets_realisasi_capaian_category_explanations_and_files(
    client, organization, plan_data, world
):
    indicator, rows, aptika_child = world
    html = _client(client, "staf.evaluasi").get(_url(indicator)).content.decode()

    # Definition, polarity, annual targets per year (2025: 80, 2026: 85) as before.
    assert indicator.get_polarity_display() in html
    assert _cell(html.split('data-annual-target="2026"')[1][:40], "85")
    for quarter, value in VALUES.items():
        row = _row(html, f"2026-{quarter}")
        capaian, band = _expected_capaian(organization, TARGETS[quarter], value)
        assert _cell(row, TARGETS[quarter])  # the quarter's target
        assert _cell(row, value)  # the realisasi
        assert capaian in row
        assert band is not None and band.label in row and category_badge(band.key) in row
        assert f"Kendala 2026 TW {quarter}" in row and f"Solusi 2026 TW {quarter}" in row
        link = reverse("monitoring:evidence_download", args=[rows[quarter].evidence.get().pk])
        assert f'href="{link}"' in row
    # The year's figure is the recap's and the reports' (accepted data only).
    year = indicator_results(
        agency=organization.agency, year=2026, period=Period.year(), accepted_only=True
    )
    result = next(r for r in year if r.indicator.pk == indicator.pk)
    assert f"{id_number(result.capaian_display, 2)}%" in _row(html, "2026-year")
    # Cascade: the child of Bidang IKP's seksi and that of Bidang Aptika, no parent.
    assert reverse("planning:indicator_detail", args=[plan_data.indicator_seksi_ikp.pk]) in html
    assert reverse("planning:indicator_detail", args=[aptika_child.pk]) in html
    # History: the creation by the planning staff.
    assert "Dibuat" in html
    # The files tab lists every file (three accepted quarters and the draft the staff may see).
    assert html.count("bukti-2026-4.pdf") == 2  # in the table and in the files tab


def test_child_page_links_its_parent(client, plan_data, world):
    html = _client(client, "kabid.ikp").get(_url(plan_data.indicator_seksi_ikp)).content.decode()
    assert f'href="{_url(plan_data.indicator_ikp)}"' in html


def test_the_units_draft_shows_to_its_people_marked_and_outside_the_year(
    client, organization, world
):
    indicator, rows, _child = world
    html = _client(client, "kabid.ikp").get(_url(indicator)).content.decode()
    row = _row(html, "2026-4")
    assert "Kendala draf" in row and _cell(row, "90") and "Draf" in row
    capaian, _band = _expected_capaian(organization, "85", "90")
    assert capaian in row
    assert "bukti-2026-4.pdf" in html


def test_another_units_draft_and_its_files_are_hidden_from_who_may_not_see_that_unit(
    client, organization, world
):
    """Bidang Aptika's draft of IK1 (Bidang IKP's indicator) for 2027: the planning staff see it,
    the head of Bidang IKP (who sees the indicator but not Aptika's submission) does not."""
    o = organization
    indicator, _rows, _child = world
    period = ReportingPeriod.objects.create(agency=o.agency, year=2027, quarter=1)
    submission = UnitSubmission.objects.create(
        period=period, unit=o.aptika, status=SubmissionStatus.DRAFT
    )
    draft = Realisasi.objects.create(
        submission=submission, indicator=indicator, value=D("55"), problems="Kendala draf Aptika"
    )
    _evidence(draft, "bukti-aptika.pdf", o["kabid.aptika"])
    assert not Realisasi.objects.restrict(o["kabid.ikp"], "view").filter(pk=draft.pk).exists()

    html = _client(client, "kabid.ikp").get(_url(indicator)).content.decode()
    assert "Kendala draf Aptika" not in html and "bukti-aptika.pdf" not in html
    assert not _cell(_row(html, "2027-1"), "55") if 'data-quarter="2027-1"' in html else True
    assert "Kendala 2026 TW 1" in html  # the accepted data stays

    client.logout()
    html = _client(client, "staf.evaluasi").get(_url(indicator)).content.decode()
    row = _row(html, "2027-1")
    assert "Kendala draf Aptika" in row and _cell(row, "55") and "Draf" in row
    assert "bukti-aptika.pdf" in html


def test_another_bidangs_head_gets_404_and_sees_no_hidden_child(client, organization, world):
    indicator, _rows, aptika_child = world
    assert _client(client, "kabid.aptika").get(_url(indicator)).status_code == 404
    client.logout()
    html = _client(client, "kabid.ikp").get(_url(indicator)).content.decode()
    assert _url(aptika_child) not in html and "Indikator turunan Aptika" not in html


def test_query_count_does_not_grow_with_years_quarters_files_or_children(
    client, organization, plan_data, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    o = organization
    indicator = plan_data.indicator_ikp
    _year(o, indicator, 2026, {1: "70"}, {1: "63"})
    client = _client(client, "kabid.ikp")
    url = _url(indicator)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    for year in (2025, 2027, 2028):
        _year(o, indicator, year, TARGETS, VALUES, draft=(4, "90"))
    for quarter in (2, 3, 4):
        QuarterTarget.objects.create(
            action_plan=ActionPlan.objects.get(unit=o.ikp, year=2026),
            indicator=indicator,
            quarter=quarter,
            low=D("80"),
        )
    for i in range(4):
        Indicator.objects.create(
            objective=plan_data.objective,
            code=f"IK1.{i + 5}",
            name=f"Turunan {i}",
            unit_of_measure="%",
            responsible_unit=o.seksi_ikp,
            parent=indicator,
        )
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert len(re.findall(r"bukti-\d{4}-\d\.pdf", html)) >= 2 * 13


def test_what_one_viewer_was_shown_is_not_shown_to_another(client, organization, world):
    """The page's data is kept per viewer's access: the planning staff's view (with Bidang
    Aptika's draft) kept first must not reach the head of Bidang IKP."""
    o = organization
    indicator, _rows, _child = world
    period = ReportingPeriod.objects.create(agency=o.agency, year=2027, quarter=1)
    submission = UnitSubmission.objects.create(
        period=period, unit=o.aptika, status=SubmissionStatus.DRAFT
    )
    Realisasi.objects.create(
        submission=submission, indicator=indicator, value=D("55"), problems="Kendala draf Aptika"
    )
    assert "Kendala draf Aptika" in _client(client, "staf.evaluasi").get(_url(indicator)).text
    client.logout()
    html = _client(client, "kabid.ikp").get(_url(indicator)).content.decode()
    assert "Kendala draf Aptika" not in html
    assert "Kendala 2026 TW 1" in html


def test_a_new_value_and_a_new_file_show_at_once(client, organization, world):
    o = organization
    indicator, rows, _child = world
    client = _client(client, "kabid.ikp")
    before = client.get(_url(indicator)).content.decode()
    assert _cell(_row(before, "2026-4"), "90")

    draft = rows[4]
    draft.value = D("91")
    draft.save()
    _evidence(draft, "bukti-baru.pdf", o["kabid.ikp"])
    html = client.get(_url(indicator)).content.decode()
    assert _cell(_row(html, "2026-4"), "91")
    assert "bukti-baru.pdf" in html

    Evidence.objects.get(name="bukti-baru.pdf").delete()
    assert "bukti-baru.pdf" not in client.get(_url(indicator)).content.decode()
