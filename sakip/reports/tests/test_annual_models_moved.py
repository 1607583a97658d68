"""The LKjIP's narrative models moved from monitoring to reports (issue 9): a database migrated
across the move keeps every row, the history of each section, its generated LKjIP versions and the
admin permissions (reports/migrations/0006_annual_report_from_monitoring.py)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sakip.reports.annual.selectors import annual_versions, section_history
from sakip.reports.models import AnnualReport, AnnualReportSection, DocumentKind

BEFORE = [
    ("monitoring", "0003_submission_last_sent_and_period_reopened"),
    ("reports", "0005_report_job_heartbeat_and_stopped"),
]
YEAR = 2025


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_across_the_move_keeps_the_lkjip_and_its_history(organization):
    old = _migrate(BEFORE)
    try:
        # The database as the monitoring app left it: a report, an edited section with two
        # audited edits, a generated version, and the admin permissions on the old content type.
        OldReport = old.get_model("monitoring", "AnnualReport")
        OldSection = old.get_model("monitoring", "AnnualReportSection")
        AuditEvent = old.get_model("audit", "AuditEvent")
        Document = old.get_model("reports", "GeneratedDocument")
        OldContentType = old.get_model("contenttypes", "ContentType")
        report = OldReport.objects.create(agency_id=organization.agency.pk, year=YEAR)
        section = OldSection.objects.create(
            report=report, key="bab4_conclusion", text="Kesimpulan kedua.", version=2
        )
        edits = [("create", None, "Kesimpulan pertama."), ("update", "Kesimpulan pertama.", None)]
        for day, (action, before, after) in enumerate(edits, start=10):
            AuditEvent.objects.create(
                at=datetime.datetime(2026, 1, day, tzinfo=datetime.UTC),
                object_type="monitoring.annualreportsection",
                object_id=str(section.pk),
                object_repr="bab4_conclusion",
                action=action,
                changes={"text": [before, after or "Kesimpulan kedua."]},
                note="bab4_conclusion",
            )
        document = Document.objects.create(
            agency_id=organization.agency.pk,
            kind=DocumentKind.ANNUAL,
            year=YEAR,
            number=f"001/LKjIP/Uji/{YEAR}",
            title=f"LKjIP {YEAR}",
            source_type="monitoring.annualreport",
            source_id=str(report.pk),
        )
        # The test database was made with the models in their new place; give the content type
        # its old label, as a database made before the move has it.
        OldContentType.objects.filter(app_label="reports", model="annualreport").update(
            app_label="monitoring"
        )
        permission_ids = set(
            Permission.objects.filter(codename__endswith="_annualreport").values_list(
                "pk", flat=True
            )
        )
    finally:
        _migrate(_latest())
    ContentType.objects.clear_cache()

    moved = AnnualReportSection.objects.select_related("report").get(pk=section.pk)
    assert moved.text == "Kesimpulan kedua." and moved.version == 2
    assert moved.report == AnnualReport.objects.get(agency=organization.agency, year=YEAR)
    # The section page's "Riwayat" still lists both edits made before the move, newest first.
    assert [[c.after for c in e.changes] for e in section_history(moved)] == [
        ["Kesimpulan kedua."],
        ["Kesimpulan pertama."],
    ]
    # The LKjIP page still lists the version generated before the move.
    assert [d.pk for d in annual_versions(organization.agency, YEAR)] == [document.pk]
    # The admin permissions hang on the same content type, now under the new label.
    content_type = ContentType.objects.get_for_model(AnnualReport)
    assert (
        set(Permission.objects.filter(content_type=content_type).values_list("pk", flat=True))
        == permission_ids
    )
    assert not ContentType.objects.filter(app_label="monitoring", model="annualreport").exists()
