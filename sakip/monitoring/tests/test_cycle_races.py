"""The quarterly cycle when two people act on the same data (or one person in two tabs): the
second is told on the page they were on who acted first and when, never a 404, a 500 or a
silent overwrite of the first person's decision."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.monitoring import services
from sakip.monitoring.models import SubmissionStatus
from sakip.procedures.choices import NotificationKind
from sakip.procedures.models import Notification
from sakip.procedures.notifications import format_moment
from sakip.procedures.races import AlreadyDoneError, last_event

from . import test_cycle_support as support
from .test_cycle_support import ON_TIME, client_for, open_quarter, save, submission_of

pytestmark = pytest.mark.django_db

cycle = support.cycle
_media = support._media
D = Decimal


def page_after(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def submitted(cycle):
    """IKP's TW I data, filled and sent by its head."""
    o = cycle.organization
    period = open_quarter(cycle)
    ikp = submission_of(period, o.ikp)
    save(
        cycle,
        ikp,
        values={cycle.ik11.pk: (D("30"), "Kendala", "Solusi"), cycle.ik1.pk: (D("85"), "", "")},
    )
    services.submission_submit(actor=o["kabid.ikp"], submission=ikp, now=ON_TIME)
    ikp.refresh_from_db()
    return ikp


def review_url(submission):
    return reverse("monitoring:submission_review", args=[submission.period_id, submission.unit_id])


def detail_url(submission):
    return reverse("monitoring:submission_detail", args=[submission.period_id, submission.unit_id])


def test_the_review_form_carries_the_version_it_was_shown_with(cycle, submitted):
    html = page_after(client_for("staf.evaluasi").get(detail_url(submitted)))
    assert f'name="version" value="{submitted.version}"' in html


def test_returning_data_another_planner_accepted_meanwhile_says_who_accepted_it(cycle, submitted):
    o = cycle.organization
    seen = submitted.version  # both planners have the unit's page open
    accepted = client_for("kasubag.renkeu").post(
        review_url(submitted), {"decision": "accept", "note": "", "version": seen}
    )
    assert accepted.status_code == 302

    response = client_for("staf.evaluasi").post(
        review_url(submitted),
        {"decision": "return", "note": "Lampirkan daftar rilis.", "version": seen},
        follow=True,
    )
    html = page_after(response)
    assert response.redirect_chain[-1][0] == detail_url(submitted)
    submitted.refresh_from_db()
    expected = str(services.ACCEPTED_BY) % {
        "name": o["kasubag.renkeu"].display_name,
        "when": format_moment(submitted.reviewed_at),
    }
    assert expected in html
    # The first decision stands: not silently turned into a return.
    assert submitted.status == SubmissionStatus.ACCEPTED
    assert submitted.reviewed_by == o["kasubag.renkeu"]
    assert not Notification.objects.filter(kind=NotificationKind.RETURNED).exists()


def test_accepting_data_returned_meanwhile_says_who_returned_it(cycle, submitted):
    o = cycle.organization
    seen = submitted.version
    client_for("staf.evaluasi").post(
        review_url(submitted), {"decision": "return", "note": "Perbaiki.", "version": seen}
    )
    html = page_after(
        client_for("kasubag.renkeu").post(
            review_url(submitted), {"decision": "accept", "note": "", "version": seen}, follow=True
        )
    )
    submitted.refresh_from_db()
    assert "Data unit ini sudah dikembalikan untuk diperbaiki oleh" in html
    assert o["staf.evaluasi"].display_name in html
    assert format_moment(submitted.reviewed_at) in html
    assert submitted.status == SubmissionStatus.RETURNED


def test_accepting_twice_in_two_tabs_says_it_was_already_accepted(cycle, submitted):
    planner = cycle["staf.evaluasi"]
    services.submission_accept(actor=planner, submission=submitted)
    with pytest.raises(AlreadyDoneError) as error:
        services.submission_accept(actor=planner, submission=submitted)
    submitted.refresh_from_db()
    assert error.value.message == str(services.ACCEPTED_BY) % {
        "name": planner.display_name,
        "when": format_moment(submitted.reviewed_at),
    }


def test_sending_twice_says_who_sent_it_and_when(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    ikp = submission_of(period, o.ikp)
    client = client_for("kabid.ikp")
    data = {
        "version": ikp.version,
        "action": "submit",
        f"value_{cycle.ik11.pk}": "30",
        f"value_{cycle.ik1.pk}": "85",
    }
    assert client.post(detail_url(ikp), data).status_code == 302
    # The second tab, where one value was typed differently: refused, and what was typed is shown.
    response = client.post(detail_url(ikp), {**data, f"value_{cycle.ik11.pk}": "31"})
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="unsaved-input"' in html
    assert f"Realisasi {cycle.ik11.code}</dt><dd" in html and ">31</dd>" in html
    sent = last_event(ikp, "submit")
    assert sent is not None
    expected = str(services.SUBMITTED_BY) % {
        "name": o["kabid.ikp"].display_name,
        "when": format_moment(sent.at),
    }
    assert expected in html
    with pytest.raises(AlreadyDoneError, match="sudah dikirim oleh"):
        services.submission_submit(actor=o["kabid.ikp"], submission=ikp)


def accepted_quarter(cycle):
    """TW I with every unit's data sent and accepted: ready to be locked."""
    o = cycle.organization
    period = open_quarter(cycle)
    values = {
        o.ikp: ("kabid.ikp", {cycle.ik11.pk: (D("30"), "K", "S"), cycle.ik1.pk: (D("85"), "", "")}),
        o.aptika: ("kabid.aptika", {cycle.ik2.pk: (D("2.5"), "K", "S")}),
        o.secretariat: ("sekretaris", {}),
    }
    for unit, (head, unit_values) in values.items():
        submission = submission_of(period, unit)
        if unit_values:
            save(cycle, submission, head, values=unit_values)
        services.submission_submit(actor=o[head], submission=submission)
        services.submission_accept(actor=o["staf.evaluasi"], submission=submission)
    return period


def test_locking_twice_says_who_locked_it(cycle):
    o = cycle.organization
    period = accepted_quarter(cycle)
    url = reverse("monitoring:period_lock", args=[period.pk])
    assert client_for("kasubag.renkeu").post(url).status_code == 302
    html = page_after(client_for("staf.evaluasi").post(url, follow=True))
    period.refresh_from_db()
    expected = str(services.LOCKED_BY) % {
        "name": o["kasubag.renkeu"].display_name,
        "when": format_moment(period.locked_at),
    }
    assert expected in html


def test_reopening_twice_says_who_reopened_it(cycle):
    o = cycle.organization
    period = accepted_quarter(cycle)
    services.period_lock(actor=o["kasubag.renkeu"], period=period)
    url = reverse("monitoring:period_reopen", args=[period.pk])
    data = {"reason": "Koreksi data IKP.", "units": [o.ikp.pk]}
    assert client_for("kasubag.renkeu").post(url, data).status_code == 302
    response = client_for("staf.evaluasi").post(url, data, follow=True)
    html = page_after(response)
    assert response.redirect_chain[-1][0] == reverse("monitoring:period_detail", args=[period.pk])
    reopened = last_event(period, "reopen")
    assert reopened is not None
    expected = str(services.REOPENED_BY) % {
        "name": o["kasubag.renkeu"].display_name,
        "when": format_moment(reopened.at),
    }
    assert expected in html
    reopens = AuditEvent.objects.filter(action="reopen", object_type="monitoring.reportingperiod")
    assert reopens.count() == 1  # the late request changed nothing
