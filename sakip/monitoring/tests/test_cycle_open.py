"""Opening TW k (SOP 2 step 1): the run, each unit's data request task with its deadline, each
unit's submission; who may open it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sakip.monitoring import services
from sakip.monitoring.models import ReportingPeriod, SubmissionStatus, UnitSubmission
from sakip.procedures import engine
from sakip.procedures.choices import NotificationKind, RunStatus
from sakip.procedures.models import Notification, ProcedureRun

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


def test_opening_a_quarter_starts_the_run_and_requests_data_from_every_unit(cycle):
    o = cycle.organization
    period = open_quarter(cycle, quarter=2)
    run = period.run
    assert (run.year, run.quarter, run.status) == (YEAR, 2, RunStatus.RUNNING)
    assert run.revision == cycle.revision
    assert run.disposition_from == o["kasubag.renkeu"]
    assert "Mohon sampaikan data kinerja TW II 2026 paling lambat" in run.instruction
    assert "08:15" in run.instruction
    tasks = open_tasks(period)
    assert [(t.step.number, t.unit, t.assignee.username) for t in tasks] == [
        (1, o.secretariat, "sekretaris"),
        (1, o.ikp, "kabid.ikp"),
        (1, o.aptika, "kabid.aptika"),
    ]
    assert {t.deadline for t in tasks} == {DEADLINE}
    assert period.deadline == DEADLINE
    submissions = UnitSubmission.objects.filter(period=period).order_by("unit__path")
    assert [(s.unit, s.status) for s in submissions] == [
        (o.secretariat, SubmissionStatus.DRAFT),
        (o.ikp, SubmissionStatus.DRAFT),
        (o.aptika, SubmissionStatus.DRAFT),
    ]
    heads = Notification.objects.filter(kind=NotificationKind.ASSIGNED, task__in=tasks)
    assert {n.user.username for n in heads} == {"sekretaris", "kabid.ikp", "kabid.aptika"}


def test_the_unit_task_opens_the_units_entry_page(cycle):
    from sakip.procedures.actions import handler_for

    period = open_quarter(cycle)
    task = next(t for t in open_tasks(period) if t.unit == cycle.organization.ikp)
    url = reverse("monitoring:submission_detail", args=[period.pk, cycle.organization.ikp.pk])
    assert handler_for(task.step).work_url(task) == url
    assert handler_for(task.step).blockers(task)  # not submitted yet


def test_a_quarter_opens_once(cycle):
    open_quarter(cycle, quarter=1)
    with pytest.raises(ValidationError) as error:
        open_quarter(cycle, quarter=1)
    assert error.value.message_dict["quarter"] == [
        str(services.PERIOD_EXISTS % {"period": "TW I 2026"})
    ]
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
    client = client_for("kasubag.renkeu")
    page = client.get(reverse("monitoring:period_list"))
    assert page.status_code == 200
    assert 'id="open-period-button"' in page.content.decode()
    response = client.post(
        reverse("monitoring:period_open"),
        {"agency": cycle.organization.agency.pk, "year": YEAR, "quarter": 3, "instruction": ""},
    )
    period = ReportingPeriod.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:period_detail", args=[period.pk])
    assert period.quarter == 3
    again = client.post(
        reverse("monitoring:period_open"),
        {"agency": cycle.organization.agency.pk, "year": YEAR, "quarter": 3},
    )
    assert again.status_code == 200
    assert "TW III 2026 sudah dibuka" in again.content.decode()


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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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
