"""The regency reader (Bagian Organisasi, issue 11) sees the agencies' locked data and published
documents, never a unit's drafts (docs/decisions/0002); the agency's own people keep theirs."""

from __future__ import annotations

from decimal import Decimal

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


# --- the holes of issue 11 point 3: work in progress the regency reader no longer opens ----------


def test_the_regency_sees_no_runs_tasks_or_task_files(client, organization, settings, tmp_path):
    from django.core.files.base import ContentFile

    from sakip.procedures import engine
    from sakip.procedures.models import ProcedureRun, Task, TaskFile
    from sakip.procedures.tests.factories import make_rkt_like_sop, open_task, start_run, wita

    settings.MEDIA_ROOT = tmp_path
    o = organization
    now = wita(2026, 3, 2, 8)
    run = start_run(o, make_rkt_like_sop(o.agency), now=now)
    first = open_task(run, 1)
    engine.task_complete(actor=first.assignee, task=first, now=now)
    task = Task.objects.filter(run=run).order_by("pk").last()
    assert task is not None
    stored = TaskFile(task=task, name="formulir.pdf", uploaded_by=task.assignee)
    stored.file.save("formulir.pdf", ContentFile(PDF), save=True)
    bagor = o["bagor"]
    assert seen(Task, bagor) == seen(ProcedureRun, bagor) == seen(TaskFile, bagor) == set()
    # The agency's own people keep them.
    assert first in seen(Task, o["kadis"]) and run in seen(ProcedureRun, o["kadis"])
    assert stored in seen(TaskFile, o["kadis"])
    client.force_login(bagor)
    for url in (
        reverse("procedures:run_detail", args=[run.pk]),
        reverse("procedures:task_detail", args=[first.pk]),
        reverse("procedures:task_file", args=[stored.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # The compliance page lists tasks: the regency reads the figures on the regency view.
    assert client.get(reverse("procedures:compliance")).url == reverse("regency:overview")
    client.force_login(o["kadis"])
    assert client.get(reverse("procedures:task_detail", args=[first.pk])).status_code == 200


def test_the_lkjip_being_written_is_not_the_regencys(client, organization, plan_data):
    from sakip.reports.annual.models import AnnualReport, AnnualReportSection

    o = organization
    report = AnnualReport.objects.create(agency=o.agency, year=2025)
    section = AnnualReportSection.objects.create(report=report, key="bab1", text="Draf bab I")
    assert seen(AnnualReport, o["bagor"]) == seen(AnnualReportSection, o["bagor"]) == set()
    assert seen(AnnualReportSection, o["kadis"]) == {section}
    client.force_login(o["bagor"])
    for url in (
        reverse("reports:annual_report_list"),
        reverse("reports:annual_report", args=[2025]),
        reverse("reports:annual_report", args=[2025]) + f"?agency={o.agency.pk}",
        reverse("reports:annual_section_edit", args=[2025, "bab1"]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(o["kadis"])
    assert client.get(reverse("reports:annual_report", args=[2025])).status_code == 200


def test_a_quarters_report_opens_for_the_regency_once_the_year_to_it_is_locked(
    client, organization, plan_data
):
    o, p = organization, plan_data
    first, _rows = _quarter(o, p, 1, PeriodStatus.OPEN)
    second, _rows = _quarter(o, p, 2, PeriodStatus.LOCKED)
    client.force_login(o["bagor"])
    report = reverse("reports:quarterly_report", args=[second.pk])
    # TW II counts TW I to date, and TW I is still open (reopened): not settled.
    assert client.get(report).status_code == 404
    listed = client.get(reverse("reports:quarterly_report_list")).content.decode()
    assert f'id="period-{second.pk}"' in listed and f'id="period-{first.pk}"' not in listed
    first.status = PeriodStatus.LOCKED
    first.save()
    assert client.get(report).status_code == 200
    # The agency's people read a report while the quarters before it are open.
    first.status = PeriodStatus.OPEN
    first.save()
    client.force_login(o["kadis"])
    assert client.get(report).status_code == 200


def test_a_locked_quarters_recap_links_the_regency_to_no_run(client, organization, plan_data):
    from sakip.procedures.models import ProcedureRun
    from sakip.procedures.tests.factories import make_request_sop, start_run, wita

    o, p = organization, plan_data
    period, _rows = _quarter(o, p, 1, PeriodStatus.LOCKED)
    period.run = start_run(o, make_request_sop(o.agency), now=wita(2025, 4, 7, 8))
    period.save()
    run_url = reverse("procedures:run_detail", args=[period.run.pk])
    client.force_login(o["bagor"])
    page = client.get(reverse("monitoring:period_detail", args=[period.pk])).content.decode()
    assert run_url not in page
    assert reverse("reports:quarterly_report", args=[period.pk]) in page
    client.force_login(o["kadis"])
    page = client.get(reverse("monitoring:period_detail", args=[period.pk])).content.decode()
    assert run_url in page
    assert ProcedureRun.objects.restrict(o["bagor"], "view").count() == 0


def test_an_indicators_page_shows_the_regency_a_locked_quarters_accepted_data_only(
    client, organization, plan_data
):
    o, p = organization, plan_data
    open_period, open_rows = _quarter(o, p, 1, PeriodStatus.OPEN)
    # Bidang IKP's accepted realisasi of the open quarter, 12,34.
    realisasi = open_rows[o.ikp.code][1]
    realisasi.value = Decimal("12.34")
    realisasi.save()
    url = reverse("planning:indicator_detail", args=[p.indicator_ikp.pk])
    client.force_login(o["kadis"])
    assert "12,34" in client.get(url).content.decode()
    client.force_login(o["bagor"])
    assert "12,34" not in client.get(url).content.decode()
    open_period.status = PeriodStatus.LOCKED
    open_period.save()
    assert "12,34" in client.get(url).content.decode()
