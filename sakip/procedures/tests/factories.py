"""A tiny SOP built in the database for the engine's tests (the real SOP files load elsewhere).

`make_rkt_like_sop` mirrors the shape of SOP 1 (DOMAIN.md §1): three single steps, a fan-out per
unit (step 4, relative "Atasan Langsung"), a per-unit continuation (step 5, relative employees), a
join (step 6) and a per-unit decision that returns to step 4 (step 7).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sakip.organization.choices import Role, UnitKind
from sakip.organization.models import Unit

from ..choices import DurationUnit, FanOut, StepSymbol, Workflow
from ..models import Sop, SopLane, SopRevision, SopStep

WITA = ZoneInfo("Asia/Makassar")


def wita(*args: int) -> datetime.datetime:
    """A fixed aware datetime in WITA: wita(2026, 11, 23, 8, 0)."""
    return datetime.datetime(*args, tzinfo=WITA)  # type: ignore[misc, arg-type]


def make_revision(
    agency: Unit,
    *,
    code: str = "sop-uji",
    title: str = "Pelaksanaan Pengukuran Kinerja",
    workflow: str = Workflow.GENERIC,
    revision: int = 1,
    effective_date: datetime.date = datetime.date(2024, 1, 1),
) -> SopRevision:
    sop, _ = Sop.objects.get_or_create(agency=agency, code=code, defaults={"workflow": workflow})
    return SopRevision.objects.create(
        sop=sop,
        revision=revision,
        effective_date=effective_date,
        number=f"00{revision}/SOP/UJI/2024",
        title=title,
        created_date=effective_date,
    )


def lane(revision: SopRevision, order: int, name: str, role: str, *, relative=False) -> SopLane:
    return SopLane.objects.create(
        revision=revision, order=order, name=name, role=role, relative=relative
    )


def step(
    revision: SopRevision,
    number: int,
    lane: SopLane,
    *,
    activity: str = "",
    value: str = "1",
    unit: str = DurationUnit.HOUR,
    per_unit: bool = False,
    symbol: str = StepSymbol.PROCESS,
    return_to: SopStep | None = None,
    action: str = "",
    requirements: str = "Formulir kinerja",
    output: str = "Formulir kinerja",
) -> SopStep:
    return SopStep.objects.create(
        revision=revision,
        number=number,
        activity=activity or f"Kegiatan langkah {number}",
        lane=lane,
        requirements=requirements,
        duration_value=Decimal(value),
        duration_unit=unit,
        output=output,
        symbol=symbol,
        fan_out=FanOut.PER_UNIT if per_unit else FanOut.NONE,
        fan_out_unit_kinds=[UnitKind.SECRETARIAT, UnitKind.DIVISION] if per_unit else [],
        return_to=return_to,
        action=action,
    )


def make_rkt_like_sop(agency: Unit, **kwargs) -> SopRevision:  # type: ignore[no-untyped-def]
    """Seven steps shaped like SOP 1; units: Sekretariat, Bidang IKP, Bidang Aptika."""
    rev = make_revision(agency, **kwargs)
    head = lane(rev, 1, "Atasan Langsung", Role.DIVISION_HEAD, relative=True)
    kasubag = lane(rev, 2, "Kasubag Perencanaan", Role.KASUBAG_PLANNING)
    staff = lane(rev, 3, "Para Pegawai", Role.EMPLOYEE, relative=True)
    staf = lane(rev, 4, "Staf", Role.PLANNING_STAFF)
    step(rev, 1, staf, activity="Disposisi penyusunan RKT", value="2", symbol=StepSymbol.START)
    step(rev, 2, kasubag, activity="Perencanaan kegiatan penyusunan RKT", value="2")
    step(rev, 3, staf, activity="Rapat sosialisasi pengisian form RKT", value="1")
    fill = step(rev, 4, head, activity="Mengisi form RKT kegiatan", per_unit=True)
    step(rev, 5, staff, activity="Mengumpulkan form RKT", per_unit=True)
    step(rev, 6, staf, activity="Mengompilasi form RKT")
    step(
        rev,
        7,
        kasubag,
        activity="Koreksi draft RKT",
        value="15",
        unit=DurationUnit.MINUTE,
        per_unit=True,
        symbol=StepSymbol.DECISION,
        return_to=fill,
    )
    return rev


def make_two_step_sop(agency: Unit, *, first_lane_role: str = Role.PLANNING_STAFF, **kwargs):  # type: ignore[no-untyped-def]
    """Two single steps: staff (2 jam), then the Kasubag (1 jam)."""
    rev = make_revision(agency, **kwargs)
    staf = lane(rev, 1, "Staf", first_lane_role)
    kasubag = lane(rev, 2, "Kasubag Perencanaan", Role.KASUBAG_PLANNING)
    step(rev, 1, staf, activity="Menyiapkan bahan", value="2", symbol=StepSymbol.START)
    step(rev, 2, kasubag, activity="Memeriksa bahan", value="1", symbol=StepSymbol.END)
    return rev


def start_run(organization, revision, *, now, actor=None, title="Penyusunan RKT 2027"):  # type: ignore[no-untyped-def]
    """Start a run through the engine as the Kasubag, at a fixed moment."""
    from .. import engine

    return engine.run_start(
        actor=actor or organization["kasubag.renkeu"],
        revision=revision,
        agency=organization.agency,
        title=title,
        year=2027,
        disposition_to="Kasubag Perencanaan dan Keuangan",
        instruction="Segera susun RKT 2027.",
        urgency="urgent",
        disposition_date=now.date(),
        now=now,
    )


def open_task(run, number, unit=None):  # type: ignore[no-untyped-def]
    """The one open task of a step (of a unit)."""
    from ..choices import TaskStatus
    from ..models import Task

    tasks = Task.objects.filter(run=run, step__number=number, status=TaskStatus.OPEN)
    if unit is not None:
        tasks = tasks.filter(unit=unit)
    (task,) = tasks
    return task


def make_request_sop(agency: Unit, **kwargs):  # type: ignore[no-untyped-def]
    """Two steps shaped like SOP 2's first two: the Kasubag's data request (15 menit, a request
    step to the Sekretariat and each Bidang), then the staff's recap (30 menit), a join."""
    rev = make_revision(agency, **kwargs)
    kasubag = lane(rev, 1, "Kasubag Perencanaan", Role.KASUBAG_PLANNING)
    staf = lane(rev, 2, "Staf", Role.PLANNING_STAFF)
    request = step(
        rev,
        1,
        kasubag,
        activity="Mengumpulkan data laporan kinerja triwulan",
        value="15",
        unit=DurationUnit.MINUTE,
        symbol=StepSymbol.START,
        output="Disposisi",
    )
    request.fan_out = FanOut.REQUEST
    request.fan_out_unit_kinds = [UnitKind.SECRETARIAT, UnitKind.DIVISION]
    request.save(update_fields=["fan_out", "fan_out_unit_kinds"])
    step(rev, 2, staf, activity="Merekap laporan kinerja triwulan", value="30", unit="minute")
    return rev
