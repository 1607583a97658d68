"""The LKjIP's narrative models come from the monitoring app (issue 9) with their tables, their
constraints and every row unchanged: the models name the old tables (Meta.db_table) and this
migration only tells Django they are here now (monitoring/0004 forgot them on its side).

The app label of the two models changes from "monitoring" to "reports", and the label is stored in
three places: the audit trail (AuditEvent.object_type, how a section's history is found), the
archive (GeneratedDocument.source_type of every LKjIP version) and the content types (which the
admin's permissions hang on). All three are rewritten, so the history of a section edited before
the move and the LKjIP versions generated before it stay where the pages look for them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# old label -> new label (Model._meta.label_lower)
LABELS = {
    "monitoring.annualreport": "reports.annualreport",
    "monitoring.annualreportsection": "reports.annualreportsection",
}


def relabel(apps, mapping):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    GeneratedDocument = apps.get_model("reports", "GeneratedDocument")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in mapping.items():
        AuditEvent.objects.filter(object_type=old).update(object_type=new)
        GeneratedDocument.objects.filter(source_type=old).update(source_type=new)
        old_app, model = old.split(".")
        new_app = new.split(".")[0]
        # A content type made for the new label already (a database migrated with the models in
        # their new place before this ran) keeps its own; the old one is then merely stale.
        if not ContentType.objects.filter(app_label=new_app, model=model).exists():
            ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)


def forwards(apps, schema_editor):
    relabel(apps, LABELS)


def backwards(apps, schema_editor):
    relabel(apps, {new: old for old, new in LABELS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_alter_auditevent_at"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("monitoring", "0004_annual_report_moved_to_reports"),
        ("organization", "0004_agency_data_entry_days"),
        ("reports", "0005_report_job_heartbeat_and_stopped"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AnnualReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="dibuat pada"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="diubah pada"),
                        ),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="versi")),
                        ("year", models.PositiveSmallIntegerField(verbose_name="tahun")),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="annual_reports",
                                to="organization.unit",
                                verbose_name="perangkat daerah",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "laporan kinerja tahunan (LKjIP)",
                        "verbose_name_plural": "laporan kinerja tahunan (LKjIP)",
                        "db_table": "monitoring_annualreport",
                        "ordering": ["agency", "-year"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("agency", "year"), name="monitoring_annual_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="AnnualReportSection",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="dibuat pada"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="diubah pada"),
                        ),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="versi")),
                        ("key", models.CharField(max_length=40, verbose_name="bagian")),
                        ("text", models.TextField(blank=True, verbose_name="teks")),
                        (
                            "report",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sections",
                                to="reports.annualreport",
                                verbose_name="LKjIP",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="diubah oleh",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bagian naratif LKjIP",
                        "verbose_name_plural": "bagian naratif LKjIP",
                        "db_table": "monitoring_annualreportsection",
                        "ordering": ["report", "key"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("report", "key"), name="monitoring_annual_section_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
