"""A small SOP 1 and the plan data its RKT forms are filled from, for the RKT tests.

The SOP is built in the database here (the real SOP files load elsewhere): seven steps with the
action keys of sakip/planning/rkt/handlers.py, steps 4, 5 and 7 per unit (Sekretariat and each
Bidang), step 7 a decision returning to step 4.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from sakip.accounts.models import User
from sakip.conftest import _person
from sakip.organization import services as org
from sakip.organization.choices import Role, UnitKind
from sakip.organization.models import Unit
from sakip.planning import services as plan
from sakip.planning.choices import TargetKind
from sakip.planning.models import Indicator, RktForm, SubActivity
from sakip.planning.rkt import services as rkt_services
from sakip.procedures import engine
from sakip.procedures.choices import DurationUnit, FanOut, StepSymbol, TaskStatus, Workflow
from sakip.procedures.models import Sop, SopLane, SopRevision, SopStep, Task

WITA = ZoneInfo("Asia/Makassar")
YEAR = 2026


def wita(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WITA)  # type: ignore[misc, arg-type]


@dataclass
class RktWorld:
    """The personas and plan objects of the RKT tests, on top of conftest's `organization`."""

    org: object
    umpeg: Unit
    range_indicator: Indicator
    sub_ikp: SubActivity
    sub_seksi_ikp: SubActivity
    sub_aptika: SubActivity
    sub_ikp_other_year: SubActivity
    revision: SopRevision

    def __getitem__(self, username: str) -> User:
        return self.org[username]  # type: ignore[index]


def make_sop1(agency: Unit) -> SopRevision:
    sop = Sop.objects.create(agency=agency, code="sop-pengukuran-kinerja", workflow=Workflow.RKT)
    rev = SopRevision.objects.create(
        sop=sop,
        revision=1,
        effective_date=datetime.date(2023, 1, 1),
        number="004/SOP/Diskominfo/BLG/2023",
        title="Pelaksanaan Pengukuran Kinerja",
        created_date=datetime.date(2023, 1, 1),
    )

    def lane(order: int, name: str, role: str, **kw: object) -> SopLane:
        return SopLane.objects.create(revision=rev, order=order, name=name, role=role, **kw)

    atasan = lane(1, "Atasan Langsung", Role.DIVISION_HEAD, relative=True)
    kasubag = lane(2, "Kasubag Umum dan Kepegawaian", Role.KASUBAG_GENERAL)
    pegawai = lane(3, "Para Pegawai", Role.EMPLOYEE, relative=True)
    staf = lane(4, "Staf", Role.PLANNING_STAFF)

    def step(number: int, lane: SopLane, action: str, **kw: object) -> SopStep:
        per_unit = kw.pop("per_unit", False)
        defaults = {
            "activity": f"Langkah {number}",
            "duration_value": Decimal("1"),
            "duration_unit": DurationUnit.HOUR,
            "requirements": "Formulir kinerja",
            "output": "Formulir kinerja",
            "fan_out": FanOut.PER_UNIT if per_unit else FanOut.NONE,
            "fan_out_unit_kinds": [UnitKind.SECRETARIAT, UnitKind.DIVISION] if per_unit else [],
        }
        defaults.update(kw)
        return SopStep.objects.create(
            revision=rev, number=number, lane=lane, action=action, **defaults
        )

    step(1, staf, "rkt.disposition", symbol=StepSymbol.START, duration_value=Decimal("2"))
    step(2, kasubag, "rkt.plan", duration_value=Decimal("2"))
    step(3, staf, "rkt.socialize")
    fill = step(4, atasan, "rkt.fill", per_unit=True)
    step(5, pegawai, "rkt.submit", per_unit=True)
    step(6, staf, "rkt.compile")
    step(
        7,
        kasubag,
        "rkt.review",
        per_unit=True,
        symbol=StepSymbol.DECISION,
        duration_value=Decimal("15"),
        duration_unit=DurationUnit.MINUTE,
        return_to=fill,
    )
    return rev


@pytest.fixture
def rkt_world(organization, plan_data) -> RktWorld:
    o = organization
    actor = o["staf.evaluasi"]
    umpeg = org.unit_create(
        actor=None,
        parent=o.secretariat,
        kind=UnitKind.SUBDIVISION,
        name="Sub Bagian Umum dan Kepegawaian",
        code="umpeg",
    )
    _person(
        o.users, "kasubag.umum", umpeg, "Kasubag Umum dan Kepegawaian", Role.KASUBAG_GENERAL, True
    )
    _person(o.users, "pegawai.ikp", o.seksi_ikp, "Pranata Humas", Role.EMPLOYEE)

    range_indicator = plan.indicator_create(
        actor=actor,
        objective=plan_data.objective,
        code="IK3",
        name="Indeks kepuasan layanan informasi",
        unit_of_measure="indeks",
        responsible_unit=o.ikp,
        target_kind=TargetKind.RANGE,
        targets={YEAR: plan.TargetValue(Decimal("80"), Decimal("90"))},
    )
    program = plan.program_create(
        actor=actor,
        renstra=plan_data.renstra,
        code="2.16.02",
        name="Program Informasi dan Komunikasi Publik",
        responsible_unit=o.ikp,
        objectives=[plan_data.objective],
    )
    activity = plan.activity_create(
        actor=actor,
        program=program,
        code="2.16.02.2.01",
        name="Pengelolaan Informasi dan Komunikasi Publik",
        responsible_unit=o.ikp,
    )
    sub_ikp = plan.sub_activity_create(
        actor=actor,
        activity=activity,
        code="2.16.02.2.01.01",
        name="Perumusan Kebijakan Teknis Informasi Publik",
        responsible_unit=o.ikp,
        budgets={YEAR: Decimal("1004422800")},
    )
    sub_seksi = plan.sub_activity_create(
        actor=actor,
        activity=activity,
        code="2.16.02.2.01.02",
        name="Layanan Publikasi Kegiatan Pemerintah",
        responsible_unit=o.seksi_ikp,
        budgets={YEAR: Decimal("250000000")},
    )
    other_year = plan.sub_activity_create(
        actor=actor,
        activity=activity,
        code="2.16.02.2.01.03",
        name="Monitoring Opini Publik",
        responsible_unit=o.ikp,
        budgets={2025: Decimal("75000000")},
    )
    aptika_program = plan.program_create(
        actor=actor,
        renstra=plan_data.renstra,
        code="2.16.03",
        name="Program Aplikasi Informatika",
        responsible_unit=o.aptika,
    )
    aptika_activity = plan.activity_create(
        actor=actor,
        program=aptika_program,
        code="2.16.03.2.01",
        name="Pengelolaan Nama Domain",
        responsible_unit=o.aptika,
    )
    sub_aptika = plan.sub_activity_create(
        actor=actor,
        activity=aptika_activity,
        code="2.16.03.2.01.01",
        name="Pengelolaan Nama Domain Pemerintah Daerah",
        responsible_unit=o.aptika,
        budgets={YEAR: Decimal("500000000")},
    )
    return RktWorld(
        org=o,
        umpeg=umpeg,
        range_indicator=range_indicator,
        sub_ikp=sub_ikp,
        sub_seksi_ikp=sub_seksi,
        sub_aptika=sub_aptika,
        sub_ikp_other_year=other_year,
        revision=make_sop1(o.agency),
    )


# --- driving SOP 1 through the engine ------------------------------------------------------

MONDAY = wita(2026, 1, 5, 8, 0)


def start(world, now=MONDAY):
    return engine.run_start(
        actor=world["kadis"],
        revision=world.revision,
        agency=world.org.agency,
        title="Penyusunan RKT 2026",
        year=YEAR,
        disposition_to="Kasubag Umum dan Kepegawaian",
        instruction="Segera susun RKT 2026.",
        urgency="urgent",
        disposition_date=now.date(),
        now=now,
    )


def open_tasks(run, action=None):
    tasks = Task.objects.filter(run=run, status=TaskStatus.OPEN).select_related(
        "unit", "step", "assignee"
    )
    if action:
        tasks = tasks.filter(step__action=action)
    return list(tasks.order_by("unit__path"))


def complete(task, note=""):
    return engine.task_complete(actor=task.assignee, task=task, note=note)


def form_of(run, unit):
    return RktForm.objects.get(document__run=run, unit=unit)


def record_meeting(world, run):
    return rkt_services.socialization_record(
        actor=world["staf.evaluasi"],
        run=run,
        held_at=wita(2026, 1, 5, 13, 0),
        place="Aula Diskominfo",
        material="Cara mengisi formulir RKT 2026",
        attendees=[world["kabid.ikp"], world["kabid.aptika"], world["sekretaris"]],
    )


def walk_to_fill(world, run):
    (disposition,) = open_tasks(run, "rkt.disposition")
    complete(disposition)
    (plan,) = open_tasks(run, "rkt.plan")
    complete(plan, note="Sosialisasi Senin 13.00, pengisian sampai Rabu.")
    (socialize,) = open_tasks(run, "rkt.socialize")
    record_meeting(world, run)
    complete(socialize)


def fill_and_submit(world, run, unit, head):
    form = form_of(run, unit)
    if form.acknowledged_at is None:
        rkt_services.rkt_acknowledge(actor=world[head], form=form)
    (fill,) = [t for t in open_tasks(run, "rkt.fill") if t.unit == unit]
    complete(fill)
    (submit,) = [t for t in open_tasks(run, "rkt.submit") if t.unit == unit]
    complete(submit)
