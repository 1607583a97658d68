"""SOP lanes name roles only (docs/decisions/0012): `SopLane.unit_code` goes (in 0004).

A Kasubag lane narrowed to a unit (the shipped files named "diskominfo-umpeg" and
"diskominfo-renkeu") takes the role of that unit's Kasubag (organization 0005 gave it one), or
else the role its own name says ("Kasubag Umum dan Kepegawaian"). Any other lane narrowed to a
unit (only an office's own revision could do that) keeps its role and now takes every holder of
it in the agency. Revisions already running keep working: their lanes are the same rows.
"""

import importlib

from django.db import migrations, models

_KASUBAG_ROLES = ("kasubag_general", "kasubag_planning")


def forward(apps, schema_editor):
    kasubag_role_for = importlib.import_module(
        "sakip.organization.migrations.0006_kasubag_roles"
    ).kasubag_role_for
    SopLane = apps.get_model("procedures", "SopLane")
    Position = apps.get_model("organization", "Position")
    Unit = apps.get_model("organization", "Unit")
    lanes = SopLane.objects.filter(role="kasubag").exclude(unit_code="")
    for lane in lanes.select_related("revision__sop__agency"):
        agency = lane.revision.sop.agency
        unit = Unit.objects.filter(code=lane.unit_code, path__startswith=agency.path).first()
        role = None
        if unit is not None:
            head = Position.objects.filter(
                unit=unit, is_unit_head=True, role__in=_KASUBAG_ROLES
            ).first()
            role = head.role if head is not None else kasubag_role_for(f"{unit.name} {unit.code}")
        role = role or kasubag_role_for(f"{lane.name} {lane.unit_code}")
        if role is not None:
            SopLane.objects.filter(pk=lane.pk).update(role=role)


def backward(apps, schema_editor):
    SopLane = apps.get_model("procedures", "SopLane")
    Position = apps.get_model("organization", "Position")
    for lane in SopLane.objects.filter(role__in=_KASUBAG_ROLES).select_related(
        "revision__sop__agency"
    ):
        head = (
            Position.objects.filter(
                role=lane.role, is_unit_head=True, unit__path__startswith=lane.revision.sop.agency.path
            )
            .select_related("unit")
            .first()
        )
        SopLane.objects.filter(pk=lane.pk).update(
            role="kasubag", unit_code=head.unit.code if head is not None else ""
        )


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0006_kasubag_roles'),
        ('procedures', '0002_request_steps_unit_tasks_notification_once'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='soplane',
            name='procedures_lane_role_valid',
        ),
        migrations.AlterField(
            model_name='soplane',
            name='role',
            field=models.CharField(choices=[('agency_head', 'Kepala Dinas'), ('secretary', 'Sekretaris'), ('kasubag', 'Kepala Sub Bagian (Kasubag)'), ('kasubag_general', 'Kasubag Umum dan Kepegawaian'), ('kasubag_planning', 'Kasubag Perencanaan dan Keuangan'), ('division_head', 'Kepala Bidang'), ('section_head', 'Kepala Seksi'), ('planning_staff', 'Staf Penyusun Evaluasi Kinerja'), ('employee', 'Pegawai'), ('regency_viewer', 'Pengguna Kabupaten (Bagian Organisasi)')], max_length=30, verbose_name='peran'),
        ),
        migrations.AddConstraint(
            model_name='soplane',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['agency_head', 'secretary', 'kasubag', 'kasubag_general', 'kasubag_planning', 'division_head', 'section_head', 'planning_staff', 'employee', 'regency_viewer'])), name='procedures_lane_role_valid'),
        ),
        migrations.RunPython(forward, backward),
    ]
