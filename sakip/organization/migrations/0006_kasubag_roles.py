"""Two Kasubag roles of their own (docs/decisions/0012): the Kasubag Umum dan Kepegawaian and the
Kasubag Perencanaan dan Keuangan, so that SOP lanes name roles rather than one agency's units.

Existing Kasubag positions take the role their Sub Bagian's name (or the position's title) says;
a Kasubag whose Sub Bagian says neither keeps the plain role. Reversed, both go back to the plain
role.
"""

from django.db import migrations, models

# Words that name a Sub Bagian's work, checked in this order: "Perencanaan dan Keuangan" is
# planning; "Umum dan Keuangan" is general affairs (its Kasubag keeps personnel documents).
_PLANNING = ("perencanaan", "program", "renkeu", "renprog")
_GENERAL = ("umum", "kepegawaian", "umpeg")
_FINANCE = ("keuangan",)


def kasubag_role_for(text: str) -> str | None:
    words = text.casefold()
    if any(w in words for w in _PLANNING):
        return "kasubag_planning"
    if any(w in words for w in _GENERAL):
        return "kasubag_general"
    if any(w in words for w in _FINANCE):
        return "kasubag_planning"
    return None


def forward(apps, schema_editor):
    Position = apps.get_model("organization", "Position")
    for position in Position.objects.filter(role="kasubag").select_related("unit"):
        text = f"{position.unit.name} {position.unit.short_name} {position.unit.code} {position.title}"
        role = kasubag_role_for(text)
        if role is not None:
            Position.objects.filter(pk=position.pk).update(role=role)


def backward(apps, schema_editor):
    Position = apps.get_model("organization", "Position")
    Position.objects.filter(role__in=["kasubag_general", "kasubag_planning"]).update(
        role="kasubag"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0005_agencyprofile_emblem'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='position',
            name='organization_position_role_valid',
        ),
        migrations.AlterField(
            model_name='position',
            name='role',
            field=models.CharField(choices=[('agency_head', 'Kepala Dinas'), ('secretary', 'Sekretaris'), ('kasubag', 'Kepala Sub Bagian (Kasubag)'), ('kasubag_general', 'Kasubag Umum dan Kepegawaian'), ('kasubag_planning', 'Kasubag Perencanaan dan Keuangan'), ('division_head', 'Kepala Bidang'), ('section_head', 'Kepala Seksi'), ('planning_staff', 'Staf Penyusun Evaluasi Kinerja'), ('employee', 'Pegawai'), ('regency_viewer', 'Pengguna Kabupaten (Bagian Organisasi)')], max_length=30, verbose_name='peran'),
        ),
        migrations.AddConstraint(
            model_name='position',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['agency_head', 'secretary', 'kasubag', 'kasubag_general', 'kasubag_planning', 'division_head', 'section_head', 'planning_staff', 'employee', 'regency_viewer'])), name='organization_position_role_valid'),
        ),
        migrations.RunPython(forward, backward),
    ]
