"""How the signed document prints its SOP-AP sheet, as data of the revision (issue 10).

The new fields' defaults are the standard sheet (the regency letterhead, a "Ket" column …). The
two SOPs shipped in procedures/*.toml are printed as their signed documents are: every revision
of an SOP loaded from one of those files (by its code, in any agency) takes the form its file now
gives, frozen here as it was written in this release. Nothing to run by hand.
"""

from django.conf import settings
from django.db import migrations, models

# procedures/*.toml, [sheet], as of this migration.
SHIPPED = {
    "sop-pengukuran-kinerja": {
        "sheet_letterhead": "regency",
        "sheet_remarks_column": True,
        "sheet_number_single_items": True,
        "sheet_table_title": True,
        "sheet_labels": {
            "col_number": "no",
            "col_activity": "Uraian Prosedur",
            "col_requirements": "Persyaratan/Kelengkapan",
        },
    },
    "sop-pengumpulan-data-kinerja": {
        "sheet_letterhead": "work_unit",
        "sheet_remarks_column": False,
        "sheet_number_single_items": False,
        "sheet_table_title": False,
        "sheet_labels": {
            "approved_by": "Disahkan Oleh",
            "title": "Nama SOP",
            "qualifications": "Kualifikasi Pelaksana :",
            "equipment": "Peralatan/perlengkapan",
            "record_keeping": "Pencatatan dan pendataan",
            "blank": "",
            "col_number": "No",
            "col_activity": "Kegiatan",
            "col_requirements": "Kelengkapan",
        },
    },
}


def shipped_sheets(apps, schema_editor):
    SopRevision = apps.get_model("procedures", "SopRevision")
    for code, fields in SHIPPED.items():
        SopRevision.objects.filter(sop__code=code).update(**fields)


class Migration(migrations.Migration):

    dependencies = [
        ('procedures', '0004_remove_soplane_unit_code'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='soprevision',
            name='sheet_labels',
            field=models.JSONField(blank=True, default=dict, verbose_name='label lembar SOP'),
        ),
        migrations.AddField(
            model_name='soprevision',
            name='sheet_letterhead',
            field=models.CharField(choices=[('regency', 'Kop pemerintah daerah dan judul SOP'), ('work_unit', 'Satuan kerja')], default='regency', max_length=20, verbose_name='kop lembar SOP'),
        ),
        migrations.AddField(
            model_name='soprevision',
            name='sheet_number_single_items',
            field=models.BooleanField(default=True, verbose_name='nomori daftar satu butir'),
        ),
        migrations.AddField(
            model_name='soprevision',
            name='sheet_remarks_column',
            field=models.BooleanField(default=True, verbose_name='kolom keterangan'),
        ),
        migrations.AddField(
            model_name='soprevision',
            name='sheet_table_title',
            field=models.BooleanField(default=True, verbose_name='judul di atas tabel prosedur'),
        ),
        migrations.AddConstraint(
            model_name='soprevision',
            constraint=models.CheckConstraint(condition=models.Q(('sheet_letterhead__in', ['regency', 'work_unit'])), name='procedures_revision_letterhead_valid'),
        ),
        migrations.RunPython(shipped_sheets, migrations.RunPython.noop),
    ]
