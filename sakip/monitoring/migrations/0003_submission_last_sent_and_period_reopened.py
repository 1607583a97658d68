from django.db import migrations, models
from django.db.models import Max


def from_the_audit_trail(apps, schema_editor):
    """Existing rows: the latest sending and the last reopening are in the audit trail."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    UnitSubmission = apps.get_model("monitoring", "UnitSubmission")
    ReportingPeriod = apps.get_model("monitoring", "ReportingPeriod")

    def latest(object_type, action):
        return dict(
            AuditEvent.objects.filter(object_type=object_type, action=action)
            .values("object_id")
            .annotate(last=Max("at"))
            .values_list("object_id", "last")
        )

    sent = latest("monitoring.unitsubmission", "submit")
    for submission in UnitSubmission.objects.filter(submitted_at__isnull=False).only(
        "pk", "submitted_at"
    ):
        last = sent.get(str(submission.pk))
        submission.last_submitted_at = max(last, submission.submitted_at) if last else (
            submission.submitted_at
        )
        submission.save(update_fields=["last_submitted_at"])
    for object_id, last in latest("monitoring.reportingperiod", "reopen").items():
        ReportingPeriod.objects.filter(pk=int(object_id)).update(reopened_at=last)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_alter_auditevent_at"),
        ("monitoring", "0002_annual_report"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportingperiod",
            name="reopened_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="dibuka kembali pada"
            ),
        ),
        migrations.AddField(
            model_name="unitsubmission",
            name="last_submitted_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="terakhir dikirim pada"
            ),
        ),
        migrations.RunPython(from_the_audit_trail, migrations.RunPython.noop),
    ]
