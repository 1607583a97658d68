"""Issue 10: the shipped SOP files serve any agency without editing. A second agency, Dinas
Kesehatan (its own Sekretariat, two Sub Bagian, two bidang with a seksi each), loads both files
as they are and runs them with its own people; an agency without a position a lane's role needs
is told which position to fill, and nothing is created (docs/decisions/0012)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD, build_second_agency
from sakip.monitoring import services as monitoring
from sakip.monitoring.models import ReportingPeriod, UnitSubmission
from sakip.planning.rkt_models import RktDocument
from sakip.procedures import engine
from sakip.procedures.choices import TaskKind, TaskStatus
from sakip.procedures.definitions import load_definitions
from sakip.procedures.models import Notification, ProcedureRun, SopRevision, Task

from .factories import wita

pytestmark = pytest.mark.django_db

MONDAY = wita(2026, 4, 6, 8, 0)
NO_KASUBAG_UMUM = (
    "Pelaksana “Kasubag Umum dan Kepegawaian” tidak terisi: belum ada jabatan Kasubag Umum dan "
    "Kepegawaian di Dinas Kesehatan. Isi jabatan itu di Administrasi sebelum memulai."
)
NO_KASUBAG_PLANNING = (
    "Pelaksana “Kasubbag Perencanaan dan Keuangan” tidak terisi: belum ada jabatan Kasubag "
    "Perencanaan dan Keuangan di Dinas Kesehatan. Isi jabatan itu di Administrasi sebelum memulai."
)


def _load(agency) -> dict[str, SopRevision]:
    """Both shipped files, loaded for the agency exactly as they are."""
    return {r.sop.workflow: r.revision for r in load_definitions(agency=agency, actor=None)}


def _start_sop1(world, revision: SopRevision, actor: str = "dinkes.kadis") -> ProcedureRun:
    return engine.run_start(
        actor=world[actor],
        revision=revision,
        agency=world.agency,
        title="Penyusunan RKT 2027",
        year=2027,
        disposition_to="Staf",
        instruction="Segera susun RKT 2027.",
        urgency="normal",
        disposition_date=MONDAY.date(),
        now=MONDAY,
    )


def _open_quarter(world, actor: str = "dinkes.staf.evaluasi") -> ReportingPeriod:
    return monitoring.period_open(
        actor=world[actor], agency=world.agency, year=2026, quarter=1, now=MONDAY
    )


def _open(run: ProcedureRun) -> list[Task]:
    return list(
        Task.objects.filter(run=run, status=TaskStatus.OPEN)
        .select_related("unit", "step", "assignee")
        .order_by("step__number", "unit__path")
    )


def _nothing_written_for(agency) -> None:
    assert not ProcedureRun.objects.filter(agency=agency).exists()
    assert not Task.objects.filter(run__agency=agency).exists()
    assert not ReportingPeriod.objects.filter(agency=agency).exists()
    assert not RktDocument.objects.filter(agency=agency).exists()
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(
        object_type__in=["procedures.procedurerun", "procedures.task"]
    ).exists()


def test_opening_a_quarter_gives_the_second_agencys_people_their_tasks(second_agency):
    world = second_agency
    revision = _load(world.agency)["data_collection"]
    period = _open_quarter(world)
    run = period.run
    assert run is not None and run.revision == revision
    # Step 1, the data request, is the Kasubag of this agency's planning Sub Bagian (whatever
    # the Sub Bagian is called here), done at once by opening the quarter.
    request = Task.objects.get(run=run, step__number=1, unit=None)
    assert (request.assignee, request.status) == (world["dinkes.kasubag.program"], TaskStatus.DONE)
    # Each unit's head of this agency sends its unit's data.
    assert [(t.unit, t.assignee.username, t.kind) for t in _open(run)] == [
        (world.secretariat, "dinkes.sekretaris", TaskKind.SUPPLY),
        (world.yankes, "dinkes.kabid.yankes", TaskKind.SUPPLY),
        (world.p2p, "dinkes.kabid.p2p", TaskKind.SUPPLY),
    ]
    assert set(UnitSubmission.objects.filter(period=period).values_list("unit", flat=True)) == {
        world.secretariat.pk,
        world.yankes.pk,
        world.p2p.pk,
    }
    # Nobody of the first agency is asked anything.
    assert set(Task.objects.values_list("assignee__username", flat=True)) <= set(world.users)
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "dinkes.sekretaris",
        "dinkes.kabid.yankes",
        "dinkes.kabid.p2p",
    }


def test_the_first_agency_opens_its_own_quarter_with_the_same_files(organization, second_agency):
    mine = _load(organization.agency)["data_collection"]
    theirs = _load(second_agency.agency)["data_collection"]
    _open_quarter(second_agency)
    period = monitoring.period_open(
        actor=organization["kasubag.renkeu"],
        agency=organization.agency,
        year=2026,
        quarter=1,
        now=MONDAY,
    )
    assert period.run is not None and period.run.revision == mine != theirs
    request = Task.objects.get(run=period.run, step__number=1, unit=None)
    assert request.assignee == organization["kasubag.renkeu"]
    assert {t.assignee.username for t in _open(period.run)} == {
        "sekretaris",
        "kabid.ikp",
        "kabid.aptika",
    }


def test_sop1_starts_with_the_second_agencys_people(second_agency):
    world = second_agency
    revision = _load(world.agency)["rkt"]
    run = _start_sop1(world, revision)
    (first,) = _open(run)
    assert (first.step.number, first.assignee) == (1, world["dinkes.staf.evaluasi"])
    assert RktDocument.objects.filter(run=run, agency=world.agency).exists()
    # Step 2 goes to this agency's Kasubag Umum dan Kepegawaian.
    engine.task_complete(actor=first.assignee, task=first, now=wita(2026, 4, 6, 9, 0))
    (second,) = _open(run)
    assert (second.step.number, second.assignee) == (2, world["dinkes.kasubag.umum"])


def test_an_agency_without_a_kasubag_umum_is_told_which_position_to_fill(organization):
    world = build_second_agency(organization.regency, kasubag_umum=False)
    revisions = _load(world.agency)
    with pytest.raises(ValidationError) as caught:
        _start_sop1(world, revisions["rkt"])
    assert caught.value.messages == [NO_KASUBAG_UMUM]
    _nothing_written_for(world.agency)
    # SOP 2 does not need the Kasubag Umum: the quarter opens.
    assert _open_quarter(world).run is not None


def test_an_agency_without_a_kasubag_perencanaan_cannot_open_a_quarter(organization):
    world = build_second_agency(organization.regency, kasubag_renkeu=False)
    _load(world.agency)
    with pytest.raises(ValidationError) as caught:
        _open_quarter(world)
    assert caught.value.messages == [NO_KASUBAG_PLANNING]
    _nothing_written_for(world.agency)


def test_a_position_without_a_holder_asks_for_a_holder(organization):
    from sakip.organization.models import PositionHolding

    world = build_second_agency(organization.regency)
    revisions = _load(world.agency)
    PositionHolding.objects.filter(employee__user=world["dinkes.kasubag.umum"]).delete()
    with pytest.raises(ValidationError) as caught:
        _start_sop1(world, revisions["rkt"])
    assert caught.value.messages == [
        "Pelaksana “Kasubag Umum dan Kepegawaian” tidak terisi: belum ada pemangku jabatan "
        "Kasubag Umum dan Kepegawaian di Dinas Kesehatan yang memiliki akun. Isi jabatan itu "
        "(definitif atau Plt/Plh) lalu mulai lagi."
    ]
    _nothing_written_for(world.agency)


# --- the pages ---------------------------------------------------------------------------------


def _client(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_start_page_names_the_missing_position_next_to_the_button(client, organization):
    world = build_second_agency(organization.regency, kasubag_umum=False)
    revision = _load(world.agency)["rkt"]
    _client(client, "dinkes.kadis")
    url = f"{reverse('procedures:run_start')}?sop={revision.sop_id}"
    response = client.post(
        url,
        {
            "title": "Penyusunan RKT 2027",
            "year": "2027",
            "disposition_to": "Staf",
            "instruction": "Segera susun RKT 2027.",
            "urgency": "normal",
            "disposition_date": "2026-04-06",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index('id="form-error-summary"') : html.index("Mulai pelaksanaan</button>")]
    assert NO_KASUBAG_UMUM in summary
    # Nothing to correct in a field: the summary does not ask for one.
    assert "Belum dapat dilanjutkan:" in summary
    assert "Perbaiki isian yang ditandai" not in summary
    _nothing_written_for(world.agency)


def test_the_periods_page_names_the_missing_position_next_to_the_button(client, organization):
    world = build_second_agency(organization.regency, kasubag_renkeu=False)
    _load(world.agency)
    _client(client, "dinkes.staf.evaluasi")
    response = client.post(
        reverse("monitoring:period_open"),
        {"agency": str(world.agency.pk), "year": "2026", "quarter": "1", "instruction": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    form = html[html.index('id="open-period"') : html.index('id="open-period-button"')]
    assert "form-error-summary" in form
    assert NO_KASUBAG_PLANNING in form
    assert not ReportingPeriod.objects.filter(agency=world.agency).exists()
