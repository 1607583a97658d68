"""Shared pieces of the quarterly cycle tests: a small SOP 2 built in the database with the real
action keys and lanes shaped like procedures/sop-pengumpulan-data-kinerja.toml, a Rencana Aksi and
a budget for the conftest plan, and helpers to open a quarter at fixed moments (WITA).

World (conftest organization + plan_data, year 2026):
- IK1 (Bidang IKP, %, latest): quarter targets 85 each quarter.
- IK1.1 (Seksi Publikasi, under Bidang IKP, rilis, incremental): quarter targets 30 each quarter.
- IK2 (Bidang Aptika, indeks, latest): quarter targets 2,5 / 2,7 / 2,9 / 3,1.
- Sub kegiatan 1.01.01 of Bidang IKP with pagu Rp100.000.000 in 2026.
- The Sekretariat reports nothing (no indicator) and still submits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sakip.conftest import PASSWORD
from sakip.monitoring import services
from sakip.monitoring.models import ReportingPeriod, UnitSubmission
from sakip.organization.choices import Role, UnitKind
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus, QuarterTarget
from sakip.planning.models import Activity, Budget, Indicator, Program, SubActivity
from sakip.procedures.choices import (
    DurationUnit,
    FanOut,
    Repeat,
    StepSymbol,
    TaskStatus,
    Workflow,
)
from sakip.procedures.models import SopRevision, Task
from sakip.procedures.tests.factories import lane, make_revision, step, wita

D = Decimal
YEAR = 2026
# Wednesday 1 April 2026, 08:00 WITA: the data request (step 1, the Kasubbag's, 15 working
# minutes) is sent at once; the units' data is due 5 working days later, by the end of Wednesday
# 8 April (16:00), the agency's default (DOMAIN.md §1, decision on SOP 2 step 1).
OPEN_AT = wita(2026, 4, 1, 8, 0)
DEADLINE = wita(2026, 4, 8, 16, 0)
ON_TIME = wita(2026, 4, 1, 8, 10)
LATE = wita(2026, 4, 9, 8, 0)


def make_sop2(agency) -> SopRevision:
    """SOP 2 in the database: steps 1–5 every quarter, 6–8 per semester, 9 yearly. Step 1 is the
    Kasubbag's data request, answered by each unit's head (a request step)."""
    rev = make_revision(
        agency,
        code="sop-pengumpulan-data-kinerja",
        title="SOP Mekanisme Pengumpulan Data Kinerja",
        workflow=Workflow.DATA_COLLECTION,
    )
    sekretaris = lane(rev, 1, "Sekretaris", Role.SECRETARY)
    lane(rev, 2, "Kepala Bidang", Role.DIVISION_HEAD, relative=True)
    kasubbag = lane(rev, 3, "Kasubbag Perencanaan dan Keuangan", Role.KASUBAG_PLANNING)
    staf = lane(rev, 5, "Staf Penyusun Evaluasi Kinerja", Role.PLANNING_STAFF)
    minute = DurationUnit.MINUTE
    rows = [
        (1, kasubbag, "Mengumpulkan data laporan kinerja triwulan", "15", minute, "data.request"),
        (2, staf, "Merekap laporan kinerja triwulan", "30", minute, "data.recap"),
        (3, staf, "Mengolah data laporan kinerja triwulan", "2", minute, "data.process"),
        (4, staf, "Menyusun laporan kinerja triwulan", "30", minute, "data.quarterly_report"),
        (
            5,
            kasubbag,
            "Mensosialisasikan laporan kinerja triwulan",
            "30",
            minute,
            "data.quarterly_socialize",
        ),
        (6, staf, "Merekap 2 (dua) laporan triwulan", "2", DurationUnit.DAY, "data.semester_recap"),
        (7, staf, "Menyusun laporan semester", "120", DurationUnit.DAY, "data.semester_report"),
        (
            8,
            sekretaris,
            "Mensosialisasikan laporan semesteran",
            "60",
            minute,
            "data.semester_socialize",
        ),
        (9, staf, "Menyusun laporan kinerja tahunan", "15", minute, "data.annual_report"),
    ]
    for number, lane_, activity, value, unit, action in rows:
        created = step(
            rev,
            number,
            lane_,
            activity=activity,
            value=value,
            unit=unit,
            per_unit=number == 1,
            symbol=StepSymbol.START
            if number == 1
            else (StepSymbol.END if number == 9 else StepSymbol.PROCESS),
            action=action,
        )
        created.repeat = (
            Repeat.QUARTERLY if number <= 5 else Repeat.SEMESTER if number <= 8 else Repeat.YEARLY
        )
        if number == 1:
            created.fan_out = FanOut.REQUEST
        created.save(update_fields=["repeat", "fan_out"])
    return rev


@dataclass
class Cycle:
    organization: Any
    plan: Any
    revision: SopRevision
    ik1: Indicator
    ik11: Indicator
    ik2: Indicator
    sub_activity: SubActivity

    def __getitem__(self, username):
        return self.organization[username]


def build_cycle(organization, plan_data) -> Cycle:
    o = organization
    actor = o["staf.evaluasi"]
    revision = make_sop2(o.agency)
    ik1, ik2, ik11 = (
        plan_data.indicator_ikp,
        plan_data.indicator_aptika,
        plan_data.indicator_seksi_ikp,
    )
    Indicator.objects.filter(pk__in=[ik1.pk, ik2.pk]).update(aggregation="latest")
    for indicator in (ik1, ik2):
        indicator.refresh_from_db()
    plans = {
        unit.pk: ActionPlan.objects.create(
            agency=o.agency,
            unit=unit,
            year=YEAR,
            status=ActionPlanStatus.ACCEPTED,
            reviewed_by=actor,
        )
        for unit in (o.ikp, o.aptika)
    }
    targets = {
        ik1: ["85", "85", "85", "85"],
        ik11: ["30", "30", "30", "30"],
        ik2: ["2.5", "2.7", "2.9", "3.1"],
    }
    for indicator, values in targets.items():
        plan = plans[o.aptika.pk] if indicator == ik2 else plans[o.ikp.pk]
        for quarter, value in enumerate(values, start=1):
            QuarterTarget.objects.create(
                action_plan=plan, indicator=indicator, quarter=quarter, low=D(value)
            )
    program = Program.objects.create(
        renstra=plan_data.renstra,
        code="1.01",
        name="Program Informasi dan Komunikasi Publik",
        responsible_unit=o.ikp,
    )
    activity = Activity.objects.create(
        program=program, code="1.01.01", name="Pengelolaan Informasi", responsible_unit=o.ikp
    )
    sub = SubActivity.objects.create(
        activity=activity,
        code="1.01.01.001",
        name="Publikasi Informasi Daerah",
        responsible_unit=o.ikp,
    )
    Budget.objects.create(sub_activity=sub, year=YEAR, pagu=D("100000000"))
    return Cycle(o, plan_data, revision, ik1, ik11, ik2, sub)


@pytest.fixture
def cycle(organization, plan_data) -> Cycle:
    return build_cycle(organization, plan_data)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Evidence files go to a temporary media root, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


def open_quarter(cycle: Cycle, quarter: int = 1, *, now=OPEN_AT) -> ReportingPeriod:
    return services.period_open(
        actor=cycle["kasubag.renkeu"],
        agency=cycle.organization.agency,
        year=YEAR,
        quarter=quarter,
        now=now,
    )


def submission_of(period: ReportingPeriod, unit) -> UnitSubmission:
    return UnitSubmission.objects.select_related("period", "unit").get(period=period, unit=unit)


def save(cycle, submission, actor="kabid.ikp", *, values=None, progress=None, version=None):
    return services.submission_save(
        actor=cycle[actor],
        submission=submission,
        expected_version=version,
        values=values or {},
        progress=progress or {},
    )


def open_tasks(period: ReportingPeriod, action: str | None = None):
    tasks = Task.objects.filter(run_id=period.run_id, status=TaskStatus.OPEN).select_related(
        "step", "unit", "assignee"
    )
    if action:
        tasks = tasks.filter(step__action=action)
    return list(tasks.order_by("unit__path", "pk"))


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def pdf_bytes() -> bytes:
    """A real one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "bukti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def fake_pdf_upload(name: str = "palsu.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"ini hanya teks biasa, bukan PDF\n" * 10, "application/pdf")


def extra_division(organization, code: str, name: str, head_username: str):
    """One more Bidang with a head, to show that page queries do not grow with units."""
    from sakip.conftest import _person
    from sakip.organization import services as org

    unit = org.unit_create(
        actor=None, parent=organization.agency, kind=UnitKind.DIVISION, name=name, code=code
    )
    _person(organization.users, head_username, unit, f"Kepala {name}", Role.DIVISION_HEAD, True)
    return unit
