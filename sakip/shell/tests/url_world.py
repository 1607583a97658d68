"""The world of the URL × persona test: the demo agency, with one object of every kind that a URL
names, each belonging to Bidang IKP ("bidang A") where the kind belongs to a unit at all.

The demo (sakip/demo) already holds the plan, a running SOP 1 (RKT forms, tasks, notifications),
last year's four locked quarters with their Rencana Aksi; added here: this year's first quarter,
open (so Bidang IKP's data is a draft), a draft Rencana Aksi of Bidang IKP for this year, an
evidence file, a task output file, a local holiday, a dated working schedule, a PK document of
Bidang IKP, last year's first quarterly report published and a later draft version of it (never
published), and a report job.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sakip.accounts.models import User
from sakip.core.imports.models import ImportJob
from sakip.demo.loader import load_demo
from sakip.monitoring import services as monitoring
from sakip.monitoring.models import ReportingPeriod, UnitSubmission
from sakip.organization.models import PositionHolding, Unit
from sakip.planning.action_plan import services as action_plans
from sakip.planning.models import (
    Activity,
    Indicator,
    Program,
    Renstra,
    RktDocument,
    RktForm,
    SubActivity,
)
from sakip.procedures.choices import HolidayKind
from sakip.procedures.models import (
    Holiday,
    Notification,
    SopRevision,
    Task,
    TaskFile,
    WorkSchedule,
    WorkScheduleDay,
)
from sakip.reports.annual import sections
from sakip.reports.models import DocumentKind, GeneratedDocument, ReportJob

PASSWORD = "rahasia-demo-123"
BIDANG_A = "diskominfo-ikp"
AGENCY = "diskominfo"
# PDF bytes enough for a download: the test asks who may fetch a file, not what it holds.
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class UrlWorld:
    """Ids (and query strings) to fill the URL patterns with."""

    ids: dict[str, Any] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def _first(queryset: Any) -> Any:
    found = queryset.order_by("pk").first()
    assert found is not None, f"the URL world lacks a {queryset.model.__name__}"
    return found


def build_world() -> UrlWorld:
    now = timezone.now()
    this_year = timezone.localdate().year
    last_year = this_year - 1
    load_demo(password=PASSWORD)
    users = {u.username: u for u in User.objects.all()}
    agency = Unit.objects.get(code=AGENCY)
    ikp = Unit.objects.get(code=BIDANG_A)

    renstra = _first(Renstra.objects.filter(agency=agency))
    indicator = _first(Indicator.objects.filter(responsible_unit=ikp))
    objective = indicator.objective
    line = {"responsible_unit__path__startswith": ikp.path}
    program = _first(Program.objects.filter(**line))
    activity = _first(Activity.objects.filter(**line))
    sub_activity = _first(SubActivity.objects.filter(**line))
    rkt = _first(RktDocument.objects.filter(agency=agency))
    rkt_form = _first(RktForm.objects.filter(document=rkt, unit=ikp))

    # Bidang IKP's Rencana Aksi of this year, a draft.
    plan = action_plans.action_plan_create(actor=users["kabid.ikp"], unit=ikp, year=this_year)

    # Last year's quarters are locked; this year's first is opened now: the units' data is a draft.
    locked = _first(ReportingPeriod.objects.filter(agency=agency, year=last_year, quarter=1))
    semester_end = _first(ReportingPeriod.objects.filter(agency=agency, year=last_year, quarter=2))
    period = monitoring.period_open(
        actor=users["kasubag.renkeu"], agency=agency, year=this_year, quarter=1, now=now
    )
    submission = UnitSubmission.objects.get(period=period, unit=ikp)
    evidence = monitoring.evidence_add(
        actor=users["kabid.ikp"],
        upload=SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"),
        submission=submission,
        indicator=indicator,
    )

    # SOP 1: Bidang IKP's fill task (its head's), with an output file.
    task = _first(Task.objects.filter(run=rkt.run, unit=ikp, step__action="rkt.fill"))
    task_file = TaskFile(task=task, name="formulir.pdf", uploaded_by=task.assignee)
    task_file.file.save("formulir.pdf", ContentFile(PDF), save=True)
    notification = _first(Notification.objects.filter(user=users["kabid.ikp"]))
    revision = _first(SopRevision.objects.filter(sop__agency=agency))

    holiday = Holiday.objects.create(
        date=datetime.date(this_year, 12, 30),
        name="Hari Jadi Kabupaten",
        kind=HolidayKind.LOCAL,
        agency=agency,
    )
    # A dated working schedule of the agency (Ramadan hours), changed by its planners.
    schedule = WorkSchedule.objects.create(
        name="Jam kerja Ramadan",
        agency=agency,
        valid_from=datetime.date(this_year, 11, 2),
        valid_to=datetime.date(this_year, 11, 27),
    )
    WorkScheduleDay.objects.create(
        schedule=schedule, weekday=0, start=datetime.time(8), end=datetime.time(15)
    )

    # Bidang IKP's PK (a unit's document) and a report job of the planning staff.
    document = GeneratedDocument(
        agency=agency,
        kind=DocumentKind.PK,
        year=this_year,
        number="001/PK/IKP",
        title="Perjanjian Kinerja Bidang IKP",
        source_type="planning.rktdocument",
        source_id=str(rkt.pk),
        unit=ikp,
        created_by=users["staf.evaluasi"],
    )
    document.docx.save("pk.docx", ContentFile(b"PK"), save=False)
    document.pdf.save("pk.pdf", ContentFile(PDF), save=False)
    document.xlsx.save("pk.xlsx", ContentFile(b"PK"), save=False)
    document.save()
    # Last year's first quarterly report, published: what the regency reader may download.
    published = GeneratedDocument(
        agency=agency,
        kind=DocumentKind.QUARTERLY,
        year=last_year,
        number="001/LAP-TW/I",
        title="Laporan Kinerja Triwulan I",
        source_type="monitoring.reportingperiod",
        source_id=str(locked.pk),
        created_by=users["staf.evaluasi"],
        published_at=now,
        published_by=users["staf.evaluasi"],
    )
    published.docx.save("tw1.docx", ContentFile(b"TW"), save=False)
    published.pdf.save("tw1.pdf", ContentFile(PDF), save=False)
    published.xlsx.save("tw1.xlsx", ContentFile(b"TW"), save=False)
    published.save()
    # A later version of that report, not published: a draft the regency reader never sees.
    draft = GeneratedDocument(
        agency=agency,
        kind=DocumentKind.QUARTERLY,
        year=last_year,
        number="002/LAP-TW/I",
        title="Laporan Kinerja Triwulan I",
        source_type="monitoring.reportingperiod",
        source_id=str(locked.pk),
        created_by=users["staf.evaluasi"],
    )
    draft.docx.save("tw1-2.docx", ContentFile(b"TW"), save=False)
    draft.pdf.save("tw1-2.pdf", ContentFile(PDF), save=False)
    draft.xlsx.save("tw1-2.xlsx", ContentFile(b"TW"), save=False)
    draft.save()
    job = ReportJob.objects.create(
        kind=DocumentKind.QUARTERLY,
        agency=agency,
        year=last_year,
        params={"period": locked.pk},
        created_by=users["staf.evaluasi"],
    )

    import_job = ImportJob.objects.create(
        kind="planning.plan",
        target_id=renstra.pk,
        state={"filename": "rencana.xlsx"},
        created_by=users["staf.evaluasi"],
    )

    rina_holding = _first(PositionHolding.objects.filter(employee__user=users["pegawai.rina"]))
    ids: dict[str, Any] = {
        "renstra": renstra.pk,
        "goal": objective.goal_id,
        "objective": objective.pk,
        "indicator": indicator.pk,
        "program": program.pk,
        "activity": activity.pk,
        "sub_activity": sub_activity.pk,
        "rkt": rkt.pk,
        "rkt_form": rkt_form.pk,
        "rkt_run": rkt.run_id,
        "action_plan": plan.pk,
        "notification": notification.pk,
        "task": task.pk,
        "task_file": task_file.pk,
        "sop_revision": revision.pk,
        "holiday": holiday.pk,
        "schedule": schedule.pk,
        "period": period.pk,
        "locked_period": locked.pk,
        "semester_period": semester_end.pk,
        "unit": ikp.pk,
        "submission": submission.pk,
        "evidence": evidence.pk,
        "document": document.pk,
        "published_document": published.pk,
        "draft_document": draft.pk,
        "job": job.pk,
        "import_job": import_job.pk,
        "last_year": last_year,
        "this_year": this_year,
        "section": sections.EXECUTIVE_SUMMARY,
        "sop": revision.sop_id,
        # The administration: Pegawai Rina (Seksi Informasi Publik, below Bidang IKP), her
        # position and holding, and the agency.
        "person": rina_holding.employee_id,
        "position": rina_holding.position_id,
        "holding": rina_holding.pk,
        "account": users["pegawai.rina"].pk,
        "agency": agency.pk,
    }
    return UrlWorld(ids=ids, users=users)
