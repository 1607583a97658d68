"""A step's standard time as its signed document writes it (issue 10): SOP 1 writes "2 jam" and
"1 jam" in steps 2 and 6 beside "2 Jam" elsewhere. Installed revisions of that SOP take the
document's text where the step's time is still the one the file gives; nothing to run by hand."""

from decimal import Decimal

from django.db import migrations, models

# procedures/sop-pengukuran-kinerja.toml, steps with time_text, as of this migration.
SHIPPED = {"sop-pengukuran-kinerja": {2: (Decimal(2), "hour", "2 jam"), 6: (Decimal(1), "hour", "1 jam")}}


def shipped_time_texts(apps, schema_editor):
    SopStep = apps.get_model("procedures", "SopStep")
    for code, steps in SHIPPED.items():
        for number, (value, unit, text) in steps.items():
            SopStep.objects.filter(
                revision__sop__code=code,
                number=number,
                duration_value=value,
                duration_unit=unit,
            ).update(time_text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0005_sheet_format"),
    ]

    operations = [
        migrations.AddField(
            model_name="sopstep",
            name="time_text",
            field=models.CharField(blank=True, max_length=40, verbose_name="waktu seperti tertulis"),
        ),
        migrations.RunPython(shipped_time_texts, migrations.RunPython.noop),
    ]
