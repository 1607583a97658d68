"""Opening TW k (SOP 2 step 1): the run and its data request with the units' due date, each
unit's task and submission; who may open it; two openings at once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sakip.monitoring import services
from sakip.monitoring.models import ReportingPeriod, SubmissionStatus, UnitSubmission
from sakip.organization.models import AgencyProfile
from sakip.procedures import engine
from sakip.procedures.choices import (
    HolidayKind,
    NotificationKind,
    RunStatus,
    TaskKind,
    TaskStatus,
)
from sakip.procedures.models import Holiday, Notification, ProcedureRun, Task
from sakip.procedures.tests.factories import wita

from . import test_cycle_support as support
from .test_cycle_support import (
    DEADLINE,
    OPEN_AT,
    YEAR,
    client_for,
    open_quarter,
    open_tasks,
)

pytestmark = pytest.mark.django_db

# Fixtures of the shared module.
cycle = support.cycle
_media = support._media


def test_opening_a_quarter_sends_the_request_and_gives_every_unit_its_task(cycle):
    """DOMAIN.md §1, decision on SOP 2 step 1: step 1 (15 menit, output "Disposisi") is the
    Kasubbag's act of sending the data request, done when the quarter is opened; each unit's head
    gets a task to send the unit's data by the request's due date (default: 5 working days)."""
    o = cycle.organization
    period = open_quarter(cycle, quarter=2)
    run = period.run
    assert run is not None
    assert (run.year, run.quarter, run.status) == (YEAR, 2, RunStatus.RUNNING)
    assert run.revision == cycle.revision
    assert run.disposition_from == o["kasubag.renkeu"]
    assert run.instruction.startswith(
        "Mohon sampaikan data kinerja TW II 2026 paling lambat Rabu, 08 April 2026 16:00 WITA"
    )
    assert run.response_due == DEADLINE == period.deadline

    # Step 1 is done at once by the Kasubbag, within its Mutu Baku; nobody is told of a task
    # that is already done.
    request = Task.objects.get(run=run, step__number=1, unit=None)
    assert (request.kind, request.status, request.assignee, request.completed_by) == (
        TaskKind.STEP,
        TaskStatus.DONE,
        o["kasubag.renkeu"],
        o["kasubag.renkeu"],
    )
    assert (request.started_at, request.completed_at) == (OPEN_AT, OPEN_AT)
    assert request.deadline == wita(2026, 4, 1, 8, 15)  # 15 working minutes
    assert not Notification.objects.filter(task=request).exists()

    # Each unit's head answers by the due date, not within the step's 15 minutes.
    tasks = open_tasks(period)
    assert [(t.step.number, t.unit, t.assignee.username, t.kind) for t in tasks] == [
        (1, o.secretariat, "sekretaris", TaskKind.SUPPLY),
        (1, o.ikp, "kabid.ikp", TaskKind.SUPPLY),
        (1, o.aptika, "kabid.aptika", TaskKind.SUPPLY),
    ]
    assert {t.deadline for t in tasks} == {DEADLINE}
    submissions = UnitSubmission.objects.filter(period=period).order_by("unit__path")
    assert [(s.unit, s.status) for s in submissions] == [
        (o.secretariat, SubmissionStatus.DRAFT),
        (o.ikp, SubmissionStatus.DRAFT),
        (o.aptika, SubmissionStatus.DRAFT),
    ]
    heads = Notification.objects.filter(kind=NotificationKind.ASSIGNED, task__in=tasks)
    assert {n.user.username for n in heads} == {"sekretaris", "kabid.ikp", "kabid.aptika"}
    assert all("Tenggat: Rabu, 08 April 2026 16:00 WITA" in n.message for n in heads)
    # The recap (step 2) waits for the units' data.
    assert not open_tasks(period, "data.recap")


def test_the_opener_chooses_the_units_due_date(cycle):
    period = services.period_open(
        actor=cycle["kasubag.renkeu"],
        agency=cycle.organization.agency,
        year=YEAR,
        quarter=1,
        now=OPEN_AT,
        due=datetime.date(2026, 4, 17),  # a Friday: its working day ends at 16:30
    )
    due = wita(2026, 4, 17, 16, 30)
    assert period.run is not None
    assert period.deadline == due == period.run.response_due
    assert {t.deadline for t in open_tasks(period)} == {due}
    assert "paling lambat Jumat, 17 April 2026 16:30 WITA" in period.run.instruction


def test_the_default_due_date_follows_the_agency_setting_and_the_working_calendar(cycle):
    """The agency's setting counts working days in its calendar: from Wednesday 1 April 2026,
    3 working days with Good Friday off land on Tuesday 7 April."""
    agency = cycle.organization.agency
    AgencyProfile.objects.create(
        agency=agency,
        regency_name="PEMERINTAH KABUPATEN UJI",
        city="Paringin",
        regent_title="Bupati Uji",
        regent_name="Bupati",
        data_entry_days=3,
    )
    Holiday.objects.create(
        date=datetime.date(2026, 4, 3), name="Wafat Yesus Kristus", kind=HolidayKind.NATIONAL
    )
    period = open_quarter(cycle)
    assert period.deadline == wita(2026, 4, 7, 16, 0)
    assert {t.deadline for t in open_tasks(period)} == {wita(2026, 4, 7, 16, 0)}


@pytest.mark.parametrize(
    ("due", "message"),
    [
        (datetime.date(2026, 4, 4), "Sabtu, 04 April 2026 bukan hari kerja."),
        (datetime.date(2026, 3, 31), str(services.DUE_PASSED)),
    ],
)
def test_a_due_date_on_a_day_off_or_already_past_is_refused(cycle, due, message):
    with pytest.raises(ValidationError) as error:
        services.period_open(
            actor=cycle["kasubag.renkeu"],
            agency=cycle.organization.agency,
            year=YEAR,
            quarter=1,
            now=OPEN_AT,
            due=due,
        )
    assert error.value.message_dict["due"][0].startswith(message)
    assert not ReportingPeriod.objects.exists()
    assert not ProcedureRun.objects.exists()


def test_the_unit_task_opens_the_units_entry_page(cycle):
    from sakip.procedures.actions import handler_for

    period = open_quarter(cycle)
    task = next(t for t in open_tasks(period) if t.unit == cycle.organization.ikp)
    url = reverse("monitoring:submission_detail", args=[period.pk, cycle.organization.ikp.pk])
    assert handler_for(task.step).work_url(task) == url
    assert handler_for(task.step).blockers(task)  # not submitted yet


def test_a_quarter_opens_once_and_the_second_opener_is_told_who_opened_it(cycle):
    open_quarter(cycle, quarter=1)
    with pytest.raises(ValidationError) as error:
        services.period_open(
            actor=cycle["staf.evaluasi"],
            agency=cycle.organization.agency,
            year=YEAR,
            quarter=1,
            now=wita(2026, 4, 1, 8, 5),
        )
    assert error.value.message_dict["quarter"] == [
        "TW I 2026 sudah dibuka oleh Kasubag Renkeu pada Rabu, 01 April 2026 08:00 WITA."
    ]
    assert ReportingPeriod.objects.count() == 1
    assert ProcedureRun.objects.count() == 1


def test_a_concurrent_opening_that_loses_at_the_insert_gets_the_message(cycle, monkeypatch):
    """The last line of defence: the other opening committed the quarter between this one's
    checks and its insert (PostgreSQL, READ COMMITTED): the unique constraint refuses the row, and
    the opener is told who opened it instead of a server error."""
    from django.db import IntegrityError

    from sakip.procedures import engine as engine_module

    open_quarter(cycle, quarter=1)
    seen = iter([None, None])  # this opening's two checks ran before the other one committed
    real = services._opened
    monkeypatch.setattr(services, "_opened", lambda *args: next(seen, real(*args)))

    def insert_refused(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(engine_module, "run_start", insert_refused)
    with pytest.raises(ValidationError) as error:
        services.period_open(
            actor=cycle["staf.evaluasi"],
            agency=cycle.organization.agency,
            year=YEAR,
            quarter=1,
            now=wita(2026, 4, 1, 8, 5),
        )
    assert error.value.message_dict["quarter"] == [
        "TW I 2026 sudah dibuka oleh Kasubag Renkeu pada Rabu, 01 April 2026 08:00 WITA."
    ]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_openings_give_one_quarter_and_a_message_to_the_others(
    organization, plan_data, monkeypatch
):
    """Twenty planners pressing "Buka TW" at once (PostgreSQL: real row locks). One opens the
    quarter; every other one is told who did, none fails with an IntegrityError."""
    import threading
    import time

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks are only concurrent on PostgreSQL; SQLite serializes writers")
    cycle = support.build_cycle(organization, plan_data)
    real_for_run = services.period_for_run

    def slow_for_run(**kwargs):
        time.sleep(0.2)  # without the agency lock, every opening would be in here at once
        return real_for_run(**kwargs)

    monkeypatch.setattr(services, "period_for_run", slow_for_run)
    count = 20
    barrier = threading.Barrier(count)
    outcomes: list[object] = []

    def press():
        try:
            barrier.wait(timeout=30)
            outcomes.append(open_quarter(cycle, quarter=1))
        except Exception as error:  # reported below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    opened = [o for o in outcomes if isinstance(o, ReportingPeriod)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(opened) == 1
    assert len(refused) == count - 1, [
        o for o in outcomes if not isinstance(o, (ReportingPeriod, ValidationError))
    ]
    assert all("TW I 2026 sudah dibuka oleh Kasubag Renkeu" in e.messages[0] for e in refused)
    assert ReportingPeriod.objects.count() == 1
    assert ProcedureRun.objects.count() == 1


def test_only_planners_open_a_quarter(cycle):
    with pytest.raises(PermissionDenied):
        services.period_open(
            actor=cycle["kabid.ikp"], agency=cycle.organization.agency, year=YEAR, quarter=1
        )
    assert not ReportingPeriod.objects.exists()


def test_without_an_sop_2_nothing_opens(organization, plan_data):
    with pytest.raises(ValidationError) as error:
        services.period_open(
            actor=organization["kasubag.renkeu"],
            agency=organization.agency,
            year=YEAR,
            quarter=1,
            now=OPEN_AT,
        )
    assert error.value.messages == [str(services.NO_SOP)]


def test_a_run_started_without_a_quarter_is_refused(cycle):
    with pytest.raises(ValidationError) as error:
        engine.run_start(
            actor=cycle["kasubag.renkeu"],
            revision=cycle.revision,
            agency=cycle.organization.agency,
            title="Pengumpulan data",
            year=YEAR,
            disposition_to="Kepala Bidang",
            instruction="Kumpulkan data.",
            urgency="normal",
            disposition_date=OPEN_AT.date(),
            now=OPEN_AT,
        )
    assert str(services.QUARTER_REQUIRED) in error.value.messages
    assert not ProcedureRun.objects.exists()


def test_planner_opens_a_quarter_from_the_periods_page(cycle):
    from django.utils import timezone

    client = client_for("kasubag.renkeu")
    page = client.get(reverse("monitoring:period_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="open-period-button"' in html
    # The units' due date is offered, 5 working days ahead by default (the agency's setting).
    assert 'name="due"' in html and "5 hari kerja" in html
    due = timezone.localdate() + datetime.timedelta(days=14)
    while due.weekday() > 4:
        due += datetime.timedelta(days=1)
    response = client.post(
        reverse("monitoring:period_open"),
        {
            "agency": cycle.organization.agency.pk,
            "year": YEAR,
            "quarter": 3,
            "instruction": "",
            "due": due.isoformat(),
        },
    )
    period = ReportingPeriod.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:period_detail", args=[period.pk])
    assert period.quarter == 3
    assert timezone.localtime(period.deadline).date() == due
    again = client.post(
        reverse("monitoring:period_open"),
        {"agency": cycle.organization.agency.pk, "year": YEAR, "quarter": 3},
    )
    assert again.status_code == 200
    assert "TW III 2026 sudah dibuka oleh Kasubag Renkeu pada" in again.content.decode()


def test_a_due_date_on_a_day_off_is_shown_next_to_the_field(cycle):
    from django.utils import timezone

    saturday = timezone.localdate() + datetime.timedelta(days=7)
    while saturday.weekday() != 5:
        saturday += datetime.timedelta(days=1)
    response = client_for("kasubag.renkeu").post(
        reverse("monitoring:period_open"),
        {
            "agency": cycle.organization.agency.pk,
            "year": YEAR,
            "quarter": 1,
            "due": saturday.isoformat(),
        },
    )
    assert response.status_code == 200
    assert (
        response.context["open_form"]
        .errors["due"][0]
        .endswith("bukan hari kerja. Pilih hari kerja sebagai batas pengiriman data unit.")
    )
    assert not ReportingPeriod.objects.exists()


def test_unit_heads_do_not_get_the_open_form(cycle):
    client = client_for("kabid.ikp")
    page = client.get(reverse("monitoring:period_list"))
    assert page.status_code == 200
    assert 'id="open-period-button"' not in page.content.decode()
    response = client.post(
        reverse("monitoring:period_open"),
        {"agency": cycle.organization.agency.pk, "year": YEAR, "quarter": 1},
    )
    assert response.status_code == 404
    assert not ReportingPeriod.objects.exists()


def test_periods_page_lists_a_units_own_data_link(cycle):
    period = open_quarter(cycle)
    html = client_for("kabid.ikp").get(reverse("monitoring:period_list") + "").content.decode()
    own = reverse("monitoring:submission_detail", args=[period.pk, cycle.organization.ikp.pk])
    other = reverse("monitoring:submission_detail", args=[period.pk, cycle.organization.aptika.pk])
    assert own in html
    assert other not in html


def test_another_agency_does_not_see_the_quarter(cycle):
    period = open_quarter(cycle)
    client = client_for("kadis.lain")
    assert client.get(reverse("monitoring:period_detail", args=[period.pk])).status_code == 404
    assert "TW I 2026" not in client.get(reverse("monitoring:period_list")).content.decode()


def _list_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("monitoring:period_list")).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("username", ["kasubag.renkeu", "kabid.ikp"])
def test_periods_page_query_count_does_not_grow_with_quarters(cycle, username):
    open_quarter(cycle, 1)
    client = client_for(username)
    _list_queries(client)
    one = _list_queries(client)
    open_quarter(cycle, 2)
    open_quarter(cycle, 3)
    assert _list_queries(client) == one


def _inbox_queries(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the computed inbox: its lists are kept under the data stamps otherwise
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("procedures:inbox"))
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def test_inbox_query_count_does_not_grow_with_data_requests(cycle):
    """Each open quarter puts a data request in the unit head's inbox, linking to the unit's entry
    page; the links are found for all tasks at once."""
    first = open_quarter(cycle, 1)
    client = client_for("kabid.ikp")
    _inbox_queries(client)
    one, _page = _inbox_queries(client)
    second = open_quarter(cycle, 2)
    open_quarter(cycle, 3)
    three, page = _inbox_queries(client)
    assert three == one
    ikp = cycle.organization.ikp
    for period in (first, second):
        assert reverse("monitoring:submission_detail", args=[period.pk, ikp.pk]) in page
