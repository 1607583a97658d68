"""The LKjIP's narrative models (AnnualReport, AnnualReportSection) belong to the document and move
to the reports app (issue 9). Only Django's picture of the models changes here: the tables
(monitoring_annualreport, monitoring_annualreportsection) and their rows stay where they are, and
reports/migrations/0006_annual_report_from_monitoring.py takes them over under the same names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_submission_last_sent_and_period_reopened"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AnnualReportSection"),
                migrations.DeleteModel(name="AnnualReport"),
            ],
            database_operations=[],
        ),
    ]
