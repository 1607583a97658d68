"""An installation that loaded the SOP files when lanes named one agency's units (`unit_code`) is
moved over by migrations organization 0006 and procedures 0003–0004 (docs/decisions/0012): each
Kasubag position takes the role its Sub Bagian says, each narrowed Kasubag lane the role of its
unit's Kasubag, and the runs work as before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sakip.organization.choices import Role
from sakip.organization.models import Position
from sakip.procedures.models import SopLane

BEFORE = [
    ("organization", "0004_agency_data_entry_days"),
    ("procedures", "0002_request_steps_unit_tasks_notification_once"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_kasubag_positions_and_narrowed_lanes_take_their_roles(organization):
    old = _migrate(BEFORE)
    try:
        Unit = old.get_model("organization", "Unit")
        OldPosition = old.get_model("organization", "Position")
        Sop = old.get_model("procedures", "Sop")
        Revision = old.get_model("procedures", "SopRevision")
        Lane = old.get_model("procedures", "SopLane")
        agency = Unit.objects.get(pk=organization.agency.pk)
        # Going back, the fixture's Kasubbag Perencanaan dan Keuangan became a plain Kasubag.
        renkeu_head = OldPosition.objects.get(
            unit_id=organization.subbag_renkeu.pk, is_unit_head=True
        )
        assert renkeu_head.role == "kasubag"
        umpeg = Unit.objects.create(
            parent_id=organization.secretariat.pk,
            kind="subdivision",
            name="Sub Bagian Umum dan Kepegawaian",
            code="umpeg",
            path=f"{organization.secretariat.path}99999999/",
        )
        umpeg_head = OldPosition.objects.create(
            unit=umpeg, title="Kepala Sub Bagian", role="kasubag", is_unit_head=True
        )
        other = Unit.objects.create(
            parent_id=organization.secretariat.pk,
            kind="subdivision",
            name="Sub Bagian Hukum",
            code="hukum",
            path=f"{organization.secretariat.path}99999998/",
        )
        other_head = OldPosition.objects.create(
            unit=other, title="Kasubag Hukum", role="kasubag", is_unit_head=True
        )
        sop = Sop.objects.create(agency=agency, code="sop-uji", workflow="generic")
        revision = Revision.objects.create(
            sop=sop,
            revision=1,
            effective_date="2024-01-01",
            number="001/SOP/UJI",
            title="SOP Uji",
            created_date="2024-01-01",
        )

        def lane(order, name, role, unit_code):
            return Lane.objects.create(
                revision=revision, order=order, name=name, role=role, unit_code=unit_code
            ).pk

        lanes = {
            "umpeg": lane(1, "Kasubag Umum dan Kepegawaian", "kasubag", "umpeg"),
            "renkeu": lane(2, "Kasubbag Perencanaan dan Keuangan", "kasubag", "renkeu"),
            # A code this agency lacks (the shipped files' "diskominfo-…"): the lane's name says.
            "named": lane(3, "Kasubag Umum dan Kepegawaian", "kasubag", "diskominfo-umpeg"),
            "plain": lane(4, "Kasubag", "kasubag", ""),
            "kasi": lane(5, "Kepala Seksi Infrastruktur", "section_head", "seksi-aptika"),
        }
    finally:
        _migrate(_latest())

    roles = dict(Position.objects.values_list("pk", "role"))
    assert roles[renkeu_head.pk] == Role.KASUBAG_PLANNING
    assert roles[umpeg_head.pk] == Role.KASUBAG_GENERAL
    assert roles[other_head.pk] == Role.KASUBAG  # its Sub Bagian says neither
    lane_roles = {key: SopLane.objects.get(pk=pk).role for key, pk in lanes.items()}
    assert lane_roles == {
        "umpeg": Role.KASUBAG_GENERAL,
        "renkeu": Role.KASUBAG_PLANNING,
        "named": Role.KASUBAG_GENERAL,
        "plain": Role.KASUBAG,
        "kasi": Role.SECTION_HEAD,
    }
