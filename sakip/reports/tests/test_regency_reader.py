"""The regency reader (Bagian Organisasi, issue 11) sees the agencies' locked data and published
documents, never a unit's drafts (docs/decisions/0002); the agency's own people keep theirs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sakip.core.models import ReviewStatus
from sakip.monitoring.models import (
    Evidence,
    PeriodStatus,
    Realisasi,
    ReportingPeriod,
    ReportReceipt,
    UnitSubmission,
)
from sakip.planning.action_plan_models import ActionPlan
from sakip.planning.rkt_models import RktDocument, RktForm, RktStatus
from sakip.reports.models import DocumentKind, GeneratedDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def seen(model, user, action="view"):
    return set(model.objects.restrict(user, action))


def _report(o, number, *, published, pdf=False):
    document = GeneratedDocument(
        agency=o.agency,
        kind=DocumentKind.QUARTERLY,
        year=2025,
        number=number,
        title="Laporan Kinerja Triwulan I",
        source_type="monitoring.reportingperiod",
        source_id="1",
        published_at=timezone.now() if published else None,
    )
    if pdf:
        from django.core.files.base import ContentFile

        document.pdf.save(f"{number}.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


@pytest.fixture
def reports(organization, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    o = organization
    return {
        "published": _report(o, "001", published=True, pdf=True),
        "draft": _report(o, "002", published=False, pdf=True),
    }


def test_the_regency_lists_only_published_documents(client, organization, reports):
    o = organization
    assert seen(GeneratedDocument, o["bagor"]) == {reports["published"]}
    # The agency's own people keep every version.
    for username in ("kadis", "staf.evaluasi", "admin"):
        assert seen(GeneratedDocument, o[username]) == set(reports.values()), username
    client.force_login(o["bagor"])
    page = client.get(reverse("reports:archive")).content.decode()
    assert reverse("reports:download_pdf", args=[reports["published"].pk]) in page
    assert reverse("reports:download_pdf", args=[reports["draft"].pk]) not in page


def test_the_regency_gets_404_for_a_draft_documents_download_and_publish_page(
    client, organization, reports
):
    o = organization
    client.force_login(o["bagor"])
    draft, published = reports["draft"].pk, reports["published"].pk
    assert client.get(reverse("reports:download_pdf", args=[draft])).status_code == 404
    assert client.get(reverse("reports:publish", args=[draft])).status_code == 404
    assert client.get(reverse("reports:download_pdf", args=[published])).status_code == 200
    client.force_login(o["staf.evaluasi"])
    assert client.get(reverse("reports:download_pdf", args=[draft])).status_code == 200


def _quarter(o, p, quarter, status):
    period = ReportingPeriod.objects.create(
        agency=o.agency, year=2025, quarter=quarter, status=status
    )
    rows = {}
    for unit, state in ((o.ikp, ReviewStatus.ACCEPTED), (o.aptika, ReviewStatus.RETURNED)):
        submission = UnitSubmission.objects.create(period=period, unit=unit, status=state)
        realisasi = Realisasi.objects.create(submission=submission, indicator=p.indicator_ikp)
        evidence = Evidence.objects.create(
            realisasi=realisasi, file="bukti.pdf", name="bukti.pdf", content_type="pdf", size=1
        )
        rows[unit.code] = (submission, realisasi, evidence)
    return period, rows


def test_the_regency_sees_a_locked_quarters_accepted_data_only(organization, plan_data):
    o, p = organization, plan_data
    open_period, open_rows = _quarter(o, p, 1, PeriodStatus.OPEN)
    locked_period, locked_rows = _quarter(o, p, 2, PeriodStatus.LOCKED)
    bagor = o["bagor"]
    assert seen(ReportingPeriod, bagor) == {locked_period}
    accepted = locked_rows[o.ikp.code]
    assert seen(UnitSubmission, bagor) == {accepted[0]}
    assert seen(Realisasi, bagor) == {accepted[1]}
    assert seen(Evidence, bagor) == {accepted[2]}
    # The agency's own people see both quarters, returned data included.
    assert seen(ReportingPeriod, o["kadis"]) == {open_period, locked_period}
    every = {rows[0] for rows in (*open_rows.values(), *locked_rows.values())}
    assert seen(UnitSubmission, o["kadis"]) == every
    assert seen(UnitSubmission, o["admin"]) == every
    # Receipts: the regency sees who acknowledged a locked quarter's report.
    now = timezone.now()
    open_receipt = ReportReceipt.objects.create(period=open_period, user=o["kadis"], sent_at=now)
    locked_receipt = ReportReceipt.objects.create(
        period=locked_period, user=o["kadis"], sent_at=now
    )
    assert seen(ReportReceipt, bagor) == {locked_receipt}
    assert seen(ReportReceipt, o["kadis"]) == {open_receipt, locked_receipt}


def test_the_regency_sees_accepted_forms_and_plans_and_a_locked_rkt(organization):
    o = organization
    draft_rkt = RktDocument.objects.create(agency=o.agency, year=2026)
    locked_rkt = RktDocument.objects.create(agency=o.agency, year=2025, status=RktStatus.LOCKED)
    forms = {
        state: RktForm.objects.create(document=draft_rkt, unit=unit, status=state)
        for unit, state in ((o.ikp, ReviewStatus.ACCEPTED), (o.aptika, ReviewStatus.DRAFT))
    }
    plans = {
        state: ActionPlan.objects.create(agency=o.agency, unit=unit, year=2026, status=state)
        for unit, state in ((o.ikp, ReviewStatus.ACCEPTED), (o.aptika, ReviewStatus.RETURNED))
    }
    bagor = o["bagor"]
    assert seen(RktDocument, bagor) == {locked_rkt}
    assert seen(RktForm, bagor) == {forms[ReviewStatus.ACCEPTED]}
    assert seen(ActionPlan, bagor) == {plans[ReviewStatus.ACCEPTED]}
    # The agency's own people keep their drafts and returned plans.
    assert seen(RktDocument, o["kadis"]) == {draft_rkt, locked_rkt}
    assert seen(RktForm, o["kadis"]) == set(forms.values())
    assert seen(ActionPlan, o["kadis"]) == set(plans.values())
    assert seen(ActionPlan, o["kabid.aptika"]) == {plans[ReviewStatus.RETURNED]}


def test_the_plan_stays_readable_by_the_regency(organization, plan_data):
    from sakip.planning.models import Indicator, Renstra

    o, p = organization, plan_data
    assert p.renstra in seen(Renstra, o["bagor"])
    assert p.indicator_ikp in seen(Indicator, o["bagor"])
