"""The quarterly data's access rules (monitoring/querysets.py): a quarter is its agency's, a unit's
data goes with the unit's line, a report receipt is its official's, the LKjIP is the agency's."""

from django.utils import timezone

from sakip.monitoring.models import (
    Evidence,
    MonthlyProgress,
    Realisasi,
    ReportingPeriod,
    ReportReceipt,
    UnitSubmission,
)
from sakip.planning.models import Activity, Program, SubActivity
from sakip.reports.models import AnnualReport, AnnualReportSection


def seen(model, user, action="view"):
    return set(model.objects.restrict(user, action))


def test_a_quarter_is_seen_by_its_agency_and_changed_by_its_planners(organization):
    o = organization
    period = ReportingPeriod.objects.create(agency=o.agency, year=2026, quarter=1)
    for username in ("kasi.ikp", "kabid.aptika", "kadis", "admin"):
        assert seen(ReportingPeriod, o[username]) == {period}, username
    # The regency reads locked quarters only (test_regency_reader.py).
    assert seen(ReportingPeriod, o["bagor"]) == set()
    assert seen(ReportingPeriod, o["kadis.lain"]) == set()
    for username in ("staf.evaluasi", "kasubag.renkeu", "admin"):
        assert seen(ReportingPeriod, o[username], "change") == {period}, username
    for username in ("kadis", "sekretaris", "kabid.ikp"):
        assert seen(ReportingPeriod, o[username], "change") == set(), username


def test_a_units_data_goes_with_its_line(organization, plan_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    o, p = organization, plan_data
    period = ReportingPeriod.objects.create(agency=o.agency, year=2026, quarter=1)
    ikp = UnitSubmission.objects.create(period=period, unit=o.ikp)
    aptika = UnitSubmission.objects.create(period=period, unit=o.aptika)
    realisasi = Realisasi.objects.create(submission=ikp, indicator=p.indicator_ikp)
    evidence = Evidence.objects.create(
        realisasi=realisasi, file="bukti.pdf", name="bukti.pdf", content_type="pdf", size=1
    )
    program = Program.objects.create(renstra=p.renstra, code="1", name="P", responsible_unit=o.ikp)
    activity = Activity.objects.create(
        program=program, code="1.1", name="K", responsible_unit=o.ikp
    )
    sub = SubActivity.objects.create(
        activity=activity, code="1.1.1", name="Sub", responsible_unit=o.ikp
    )
    progress = MonthlyProgress.objects.create(submission=ikp, sub_activity=sub, month=1)
    # Seen by the unit's line (a Kepala Seksi supplies their Bidang's data) and agency roles.
    assert seen(UnitSubmission, o["kasi.ikp"]) == {ikp}
    assert seen(UnitSubmission, o["kabid.aptika"]) == {aptika}
    assert seen(UnitSubmission, o["kadis"]) == {ikp, aptika}
    # Changed by the people of the unit and of the units below it, not by the agency's roles.
    assert seen(UnitSubmission, o["kasi.ikp"], "change") == {ikp}
    assert seen(UnitSubmission, o["kabid.ikp"], "change") == {ikp}
    for username in ("kabid.aptika", "kadis", "staf.evaluasi"):
        assert ikp not in seen(UnitSubmission, o[username], "change"), username
    for model, row in ((Realisasi, realisasi), (Evidence, evidence), (MonthlyProgress, progress)):
        assert seen(model, o["kasi.ikp"]) == {row}, model
        assert seen(model, o["kadis"]) == {row}, model
        assert seen(model, o["kabid.aptika"]) == set(), model
        assert seen(model, o["kasi.ikp"], "change") == {row}, model
        assert seen(model, o["kadis"], "change") == set(), model


def test_a_receipt_is_its_officials_and_seen_whole_by_the_agency_readers(organization):
    o = organization
    period = ReportingPeriod.objects.create(agency=o.agency, year=2026, quarter=1)
    now = timezone.now()
    receipts = {
        username: ReportReceipt.objects.create(period=period, user=o[username], sent_at=now)
        for username in ("kabid.ikp", "kabid.aptika", "sekretaris")
    }
    assert seen(ReportReceipt, o["kabid.ikp"]) == {receipts["kabid.ikp"]}
    assert seen(ReportReceipt, o["kadis"]) == set(receipts.values())
    # The regency sees who acknowledged once the quarter is locked (test_regency_reader.py).
    assert seen(ReportReceipt, o["bagor"]) == set()
    assert seen(ReportReceipt, o["kabid.ikp"], "change") == {receipts["kabid.ikp"]}
    # Acknowledging is the official's own act: nobody else's, administrators included.
    assert seen(ReportReceipt, o["admin"], "change") == set()
    assert seen(ReportReceipt, o["kadis"], "change") == set()


def test_the_lkjip_is_read_by_who_sees_the_agency_whole_and_written_by_its_planners(
    organization,
):
    o = organization
    report = AnnualReport.objects.create(agency=o.agency, year=2026)
    section = AnnualReportSection.objects.create(report=report, key="executive_summary")
    for model, row in ((AnnualReport, report), (AnnualReportSection, section)):
        for username in ("kadis", "sekretaris", "staf.evaluasi", "admin"):
            assert seen(model, o[username]) == {row}, (model, username)
        # The regency reader reads the published LKjIP, not the one being written.
        for username in ("kabid.ikp", "kasi.ikp", "kadis.lain", "bagor"):
            assert seen(model, o[username]) == set(), (model, username)
        assert seen(model, o["staf.evaluasi"], "change") == {row}, model
        assert seen(model, o["kadis"], "change") == set(), model
