"""Verification, the recap, lock and reopen, and the quarter's later steps (SOP 2 steps 2–5)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.monitoring import selectors, services
from sakip.monitoring.models import (
    PeriodStatus,
    Realisasi,
    ReportReceipt,
    SubmissionStatus,
    UnitSubmission,
)
from sakip.planning.models import Indicator, IndicatorTarget
from sakip.procedures import engine
from sakip.procedures.choices import NotificationKind, RunStatus, TaskKind, TaskStatus
from sakip.procedures.models import Notification, Task
from sakip.procedures.tests.factories import wita

from . import test_cycle_support as support
from .test_cycle_support import (
    LATE,
    ON_TIME,
    client_for,
    extra_division,
    open_quarter,
    open_tasks,
    save,
    submission_of,
)

D = Decimal
pytestmark = pytest.mark.django_db

# Fixtures of the shared module.
cycle = support.cycle
_media = support._media


def fill_ikp(cycle, submission, ik11="30"):
    save(
        cycle,
        submission,
        values={cycle.ik11.pk: (D(ik11), "Kendala", "Solusi"), cycle.ik1.pk: (D("85"), "", "")},
    )


def fill_aptika(cycle, submission):
    save(cycle, submission, "kabid.aptika", values={cycle.ik2.pk: (D("2.5"), "Kendala", "Solusi")})


def submit(cycle, submission, username, at=ON_TIME):
    return services.submission_submit(actor=cycle[username], submission=submission, now=at)


def submit_all(cycle, period, at=ON_TIME):
    o = cycle.organization
    ikp, aptika, sec = (submission_of(period, u) for u in (o.ikp, o.aptika, o.secretariat))
    fill_ikp(cycle, ikp)
    fill_aptika(cycle, aptika)
    submit(cycle, ikp, "kabid.ikp", at)
    submit(cycle, aptika, "kabid.aptika", at)
    submit(cycle, sec, "sekretaris", at)
    return ikp, aptika, sec


def accept(cycle, submission, username="staf.evaluasi"):
    return services.submission_accept(actor=cycle[username], submission=submission)


# --- return, fix, accept -----------------------------------------------------------------------


def test_planner_returns_one_unit_fixes_and_planner_accepts_both(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    ikp, aptika, sec = submit_all(cycle, period)
    (recap_task,) = open_tasks(period, "data.recap")  # every unit submitted: the join opened
    assert recap_task.assignee == o["staf.evaluasi"]
    assert engine.handler_for(recap_task.step).blockers(recap_task)

    with pytest.raises(ValidationError) as error:
        services.submission_return(actor=o["staf.evaluasi"], submission=ikp, note="  ")
    assert error.value.message_dict == {"note": [str(services.RETURN_NOTE_REQUIRED)]}
    services.submission_return(
        actor=o["staf.evaluasi"],
        submission=ikp,
        note="Lampirkan daftar rilis berita",
        line_notes={cycle.ik11.pk: "Angka 30 tidak sesuai daftar rilis"},
    )
    ikp.refresh_from_db()
    assert ikp.status == SubmissionStatus.RETURNED
    assert Realisasi.objects.get(submission=ikp, indicator=cycle.ik11).review_note == (
        "Angka 30 tidak sesuai daftar rilis"
    )
    # The returned data is a task again in the unit head's inbox (the engine's return path):
    # round 2 of the unit's task, with the note and a fresh deadline; the notification is about it.
    first, again = Task.objects.filter(run=period.run, unit=o.ikp).order_by("round")
    assert (first.status, again.status) == (TaskStatus.DONE, TaskStatus.OPEN)
    assert (again.kind, again.round, again.assignee) == (TaskKind.SUPPLY, 2, o["kabid.ikp"])
    assert again.return_note == "Lampirkan daftar rilis berita"
    assert again.deadline > again.started_at
    notice = Notification.objects.get(kind=NotificationKind.RETURNED)
    assert (notice.user, notice.task) == (o["kabid.ikp"], again)
    assert "Lampirkan daftar rilis berita" in notice.message
    assert "Tenggat baru" in notice.message

    # Editable again: the unit fixes and submits, which completes the task; the first
    # submission time stays.
    fill_ikp(cycle, ikp, ik11="28")
    submit(cycle, ikp, "kabid.ikp", at=LATE)
    ikp.refresh_from_db()
    assert (ikp.status, ikp.submitted_at) == (SubmissionStatus.SUBMITTED, ON_TIME)
    again.refresh_from_db()
    assert (again.status, again.completed_at) == (TaskStatus.DONE, LATE)
    assert not open_tasks(period, "data.request")

    for submission in (ikp, aptika, sec):
        accept(cycle, submission)
    assert engine.handler_for(recap_task.step).blockers(recap_task) == []
    html = (
        client_for("staf.evaluasi")
        .get(reverse("monitoring:period_detail", args=[period.pk]))
        .content.decode()
    )
    assert html.count('data-state="accepted"') == 3
    assert 'data-late="1"' not in html


def test_review_is_for_planners_and_submitted_data_only(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    ikp = submission_of(period, o.ikp)
    with pytest.raises(ValidationError):
        accept(cycle, ikp)  # still a draft
    fill_ikp(cycle, ikp)
    submit(cycle, ikp, "kabid.ikp")
    with pytest.raises(PermissionDenied):
        accept(cycle, ikp, "kabid.aptika")
    url = reverse("monitoring:submission_review", args=[period.pk, o.ikp.pk])
    assert client_for("kabid.ikp").post(url, {"decision": "accept"}).status_code == 404
    assert client_for("kadis").post(url, {"decision": "accept"}).status_code == 404


def test_review_page_returns_with_a_note_and_accepts(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    ikp = submission_of(period, o.ikp)
    fill_ikp(cycle, ikp)
    submit(cycle, ikp, "kabid.ikp")
    client = client_for("staf.evaluasi")
    page = client.get(reverse("monitoring:submission_detail", args=[period.pk, o.ikp.pk]))
    assert 'id="return-button"' in page.content.decode()
    url = reverse("monitoring:submission_review", args=[period.pk, o.ikp.pk])
    refused = client.post(url, {"decision": "return", "note": ""})
    assert refused.status_code == 200
    assert str(services.RETURN_NOTE_REQUIRED) in refused.content.decode()
    response = client.post(
        url, {"decision": "return", "note": "Perbaiki", f"line_note_{cycle.ik1.pk}": "Cek lagi"}
    )
    assert response.status_code == 302
    ikp.refresh_from_db()
    assert (ikp.status, ikp.review_note) == (SubmissionStatus.RETURNED, "Perbaiki")
    unit_page = (
        client_for("kabid.ikp")
        .get(reverse("monitoring:submission_detail", args=[period.pk, o.ikp.pk]))
        .content.decode()
    )
    assert "Perbaiki" in unit_page and "Cek lagi" in unit_page
    submit(cycle, ikp, "kabid.ikp")
    assert client.post(url, {"decision": "accept", "note": ""}).status_code == 302
    ikp.refresh_from_db()
    assert ikp.status == SubmissionStatus.ACCEPTED


def test_a_returned_submission_is_a_task_in_the_unit_heads_inbox(cycle):
    """Issue 8 point 6: the return is a task in the unit head's inbox, with the note, a link to
    the unit's data and a deadline, not only a line among the notifications; sending the data
    again completes it, and its notifications stop counting as unread."""
    from sakip.procedures import selectors_runs

    o = cycle.organization
    period = open_quarter(cycle)
    ikp = submission_of(period, o.ikp)
    fill_ikp(cycle, ikp)
    submit(cycle, ikp, "kabid.ikp")
    services.submission_return(
        actor=o["staf.evaluasi"],
        submission=ikp,
        note="Lampirkan daftar rilis berita",
        now=wita(2026, 4, 2, 9, 0),
    )
    entry = reverse("monitoring:submission_detail", args=[period.pk, o.ikp.pk])
    inbox = selectors_runs.inbox(o["kabid.ikp"], now=wita(2026, 4, 2, 9, 30))
    (row,) = inbox.rows
    assert row.url == entry
    # A fresh deadline: the agency's 5 working days from the return, by the end of that day.
    assert row.task.deadline == wita(2026, 4, 9, 16, 0)
    assert row.timing.status == "on_time"
    assert inbox.unread == 1  # the return; the first request's notice is about a done task
    html = client_for("kabid.ikp").get(reverse("procedures:inbox")).content.decode()
    task_html = html[html.index(f'id="task-{row.task.pk}"') :]
    assert "Dikembalikan untuk diperbaiki: Lampirkan daftar rilis berita" in task_html
    assert f'href="{entry}"' in task_html
    assert "Kamis, 09 April 2026 16:00" in task_html
    # Another unit head's inbox has only their own unit's request.
    other = selectors_runs.inbox(o["kabid.aptika"], now=wita(2026, 4, 2, 9, 30))
    assert [(r.task.unit, r.task.return_note) for r in other.rows] == [(o.aptika, "")]

    fill_ikp(cycle, ikp, ik11="28")
    submit(cycle, ikp, "kabid.ikp", at=wita(2026, 4, 3, 10, 0))
    done = selectors_runs.inbox(o["kabid.ikp"], now=wita(2026, 4, 3, 10, 30))
    assert done.rows == []
    assert done.unread == 0


# --- the recap ---------------------------------------------------------------------------------


def test_recap_shows_every_status_and_late_units(cycle):
    o = cycle.organization
    extra = extra_division(o, "statistik", "Bidang Statistik", "kabid.statistik")
    period = open_quarter(cycle)
    ikp, aptika, sec, stat = (
        submission_of(period, u) for u in (o.ikp, o.aptika, o.secretariat, extra)
    )
    # Bidang IKP: submitted on time, then returned. Aptika: submitted after the deadline and
    # accepted. Sekretariat: nothing entered. Statistik: a draft, past the deadline.
    fill_ikp(cycle, ikp)
    submit(cycle, ikp, "kabid.ikp", ON_TIME)
    services.submission_return(actor=o["staf.evaluasi"], submission=ikp, note="Perbaiki")
    fill_aptika(cycle, aptika)
    submit(cycle, aptika, "kabid.aptika", LATE)
    accept(cycle, aptika)
    Realisasi.objects.create(submission=stat, indicator=cycle.ik2, problems="catatan")

    before = selectors.period_recap(period, o["staf.evaluasi"], now=ON_TIME)
    assert {r.submission.unit.name: (r.state, r.late) for r in before.rows} == {
        "Sekretariat": ("not_started", False),
        "Bidang IKP": ("returned", False),
        "Bidang Aptika": ("accepted", True),
        "Bidang Statistik": ("draft", False),
    }
    after = selectors.period_recap(period, o["staf.evaluasi"], now=LATE)
    assert {r.submission.unit.name: r.late for r in after.rows} == {
        "Sekretariat": True,
        "Bidang IKP": False,
        "Bidang Aptika": True,
        "Bidang Statistik": True,
    }
    aptika_row = next(r for r in after.rows if r.submission.unit == o.aptika)
    # IK2 TW I: 2,5 against 2,5 -> 100,00, Sangat Tinggi.
    assert (aptika_row.indicator_count, aptika_row.reported_count) == (1, 1)
    assert aptika_row.average_display == D("100.00")
    assert [(c.band.label, c.count) for c in aptika_row.categories] == [("Sangat Tinggi", 1)]
    html = (
        client_for("staf.evaluasi")
        .get(reverse("monitoring:period_detail", args=[period.pk]))
        .content.decode()
    )
    assert "terlambat" in html
    assert "Belum mulai" in html and "Dikembalikan" in html and "Draf" in html
    assert "08 April 2026 16:00" in html  # the request's due date
    # The units' timeliness against it, apart from the SOP steps' compliance: Bidang IKP sent on
    # time, Bidang Aptika late; the others are late only once the due date has passed.
    assert (before.on_time_count, before.late_count, before.timeliness_display) == (1, 1, "50,00%")
    assert (after.on_time_count, after.late_count, after.timeliness_display) == (1, 3, "25,00%")
    assert 'id="unit-timeliness"' in html and "Ketepatan unit:" in html


def test_a_unit_head_sees_only_their_own_row(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    html = (
        client_for("kabid.ikp")
        .get(reverse("monitoring:period_detail", args=[period.pk]))
        .content.decode()
    )
    assert f'id="unit-{o.ikp.pk}"' in html
    assert f'id="unit-{o.aptika.pk}"' not in html


def _recap_queries(client, period):
    url = reverse("monitoring:period_detail", args=[period.pk])
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_recap_query_count_does_not_grow_with_units_and_indicators(cycle):
    o = cycle.organization
    small = open_quarter(cycle, 1)
    for submission in submit_all(cycle, small):
        accept(cycle, submission)
    client = client_for("staf.evaluasi")
    _recap_queries(client, small)  # warm up (session, caches)
    few = _recap_queries(client, small)
    extra: dict[int, list[Indicator]] = {}
    for i in range(3):
        unit = extra_division(o, f"bidang-{i}", f"Bidang Tambahan {i}", f"kabid.tambahan{i}")
        for j in range(2):
            indicator = Indicator.objects.create(
                objective=cycle.plan.objective,
                code=f"IX{i}.{j}",
                name=f"Indikator {i}.{j}",
                unit_of_measure="dokumen",
                responsible_unit=unit,
            )
            IndicatorTarget.objects.create(indicator=indicator, year=2026, low=D("10"))
            extra.setdefault(unit.pk, []).append(indicator)
    large = open_quarter(cycle, 2)
    for i, sub in enumerate(
        UnitSubmission.objects.filter(period=large, unit_id__in=extra).order_by("unit__path")
    ):
        head = f"kabid.tambahan{i}"
        values = {ind.pk: (D("9"), "Kendala", "Solusi") for ind in extra[sub.unit_id]}
        save(cycle, sub, head, values=values)
        submit(cycle, sub, head)
    submit_all(cycle, large)
    for submission in UnitSubmission.objects.filter(period=large):
        accept(cycle, submission)
    assert UnitSubmission.objects.filter(period=large).count() == 6
    _recap_queries(client, large)
    many = _recap_queries(client, large)
    assert many == few


# --- lock and reopen ---------------------------------------------------------------------------


def _accepted_quarter(cycle):
    period = open_quarter(cycle)
    for submission in submit_all(cycle, period):
        accept(cycle, submission)
    return period


def test_lock_needs_every_unit_accepted_and_then_refuses_every_edit(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    ikp, aptika, sec = submit_all(cycle, period)
    accept(cycle, ikp)
    with pytest.raises(ValidationError) as error:
        services.period_lock(actor=o["staf.evaluasi"], period=period)
    assert error.value.messages == [
        str(services.LOCK_NOT_READY % {"units": "Sekretariat, Bidang Aptika"})
    ]
    accept(cycle, aptika)
    accept(cycle, sec)
    with pytest.raises(PermissionDenied):
        services.period_lock(actor=o["kabid.ikp"], period=period)
    response = client_for("kasubag.renkeu").post(
        reverse("monitoring:period_lock", args=[period.pk])
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.status, period.locked_by) == (PeriodStatus.LOCKED, o["kasubag.renkeu"])

    locked = str(services.PERIOD_LOCKED % {"period": "TW I 2026"})
    ikp.refresh_from_db()
    for attempt in (
        lambda: save(cycle, ikp, values={cycle.ik11.pk: (D("1"), "", "")}),
        lambda: services.submission_return(actor=o["staf.evaluasi"], submission=ikp, note="x"),
        lambda: services.submission_submit(actor=o["kabid.ikp"], submission=ikp),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.messages == [locked]
    page = client_for("kabid.ikp").get(
        reverse("monitoring:submission_detail", args=[period.pk, o.ikp.pk])
    )
    assert 'id="save-button"' not in page.content.decode()
    post = client_for("kabid.ikp").post(
        reverse("monitoring:submission_detail", args=[period.pk, o.ikp.pk]),
        {"action": "save", f"value_{cycle.ik11.pk}": "1"},
    )
    assert post.status_code == 409  # refused on the page, with what was typed kept in view
    assert locked in post.content.decode()
    assert 'id="unsaved-input"' in post.content.decode()
    assert Realisasi.objects.get(submission=ikp, indicator=cycle.ik11).value == D("30")


def test_reopening_needs_a_reason_is_audited_and_returns_the_chosen_units(cycle):
    o = cycle.organization
    period = _accepted_quarter(cycle)
    services.period_lock(actor=o["staf.evaluasi"], period=period)
    client = client_for("staf.evaluasi")
    url = reverse("monitoring:period_reopen", args=[period.pk])
    refused = client.post(url, {"reason": "", "units": [o.ikp.pk]})
    assert refused.status_code == 200
    period.refresh_from_db()
    assert period.status == PeriodStatus.LOCKED
    with pytest.raises(ValidationError) as error:
        services.period_reopen(actor=o["staf.evaluasi"], period=period, reason=" ")
    assert error.value.message_dict == {"reason": [str(services.REOPEN_REASON_REQUIRED)]}

    response = client.post(url, {"reason": "Realisasi IK1.1 salah ketik", "units": [o.ikp.pk]})
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.status, period.locked_at) == (PeriodStatus.OPEN, None)
    statuses = {
        s.unit.name: s.status
        for s in UnitSubmission.objects.filter(period=period).select_related("unit")
    }
    assert statuses == {
        "Sekretariat": SubmissionStatus.ACCEPTED,
        "Bidang IKP": SubmissionStatus.RETURNED,
        "Bidang Aptika": SubmissionStatus.ACCEPTED,
    }
    event = AuditEvent.objects.get(object_id=str(period.pk), action="reopen")
    assert (event.actor, event.note) == (o["staf.evaluasi"], "Realisasi IK1.1 salah ketik")
    assert event.changes["returned_units"] == [None, ["Bidang IKP"]]
    ikp = submission_of(period, o.ikp)
    assert ikp.review_note == "Realisasi IK1.1 salah ketik"
    save(cycle, ikp, values={cycle.ik11.pk: (D("29"), "Kendala", "Solusi")})  # editable again
    # Bidang IKP's head has the correction as a task with the reason; the others have none.
    (again,) = open_tasks(period, "data.request")
    assert (again.unit, again.assignee, again.round, again.return_note) == (
        o.ikp,
        o["kabid.ikp"],
        2,
        "Realisasi IK1.1 salah ketik",
    )
    notice = Notification.objects.get(kind=NotificationKind.RETURNED, user=o["kabid.ikp"])
    assert notice.task == again
    submit(cycle, ikp, "kabid.ikp")
    again.refresh_from_db()
    assert again.status == TaskStatus.DONE


def test_reopening_without_units_returns_every_unit(cycle):
    o = cycle.organization
    period = _accepted_quarter(cycle)
    services.period_lock(actor=o["staf.evaluasi"], period=period)
    services.period_reopen(actor=o["kasubag.renkeu"], period=period, reason="Koreksi menyeluruh")
    assert set(UnitSubmission.objects.filter(period=period).values_list("status", flat=True)) == {
        SubmissionStatus.RETURNED
    }


# --- the quarter's later steps -----------------------------------------------------------------


def test_the_quarter_runs_to_the_socialized_report_and_its_receipts(cycle):
    o = cycle.organization
    period = _accepted_quarter(cycle)
    staf = o["staf.evaluasi"]
    (recap,) = open_tasks(period, "data.recap")
    assert engine.handler_for(recap.step).work_url(recap) == reverse(
        "monitoring:period_detail", args=[period.pk]
    )
    engine.task_complete(actor=staf, task=recap)
    period.refresh_from_db()
    assert period.status == PeriodStatus.LOCKED  # completing the recap locks the quarter
    (process,) = open_tasks(period, "data.process")
    engine.task_complete(actor=staf, task=process, note="Data diolah")
    (report,) = open_tasks(period, "data.quarterly_report")
    assert engine.handler_for(report.step).work_url(report)
    engine.task_complete(actor=staf, task=report)
    (socialize,) = open_tasks(period, "data.quarterly_socialize")
    assert socialize.assignee == o["kasubag.renkeu"]
    receipts = ReportReceipt.objects.filter(period=period, kind="quarterly")
    assert {r.user.username for r in receipts} == {
        "kadis",
        "sekretaris",
        "kabid.ikp",
        "kabid.aptika",
    }
    notice = Notification.objects.get(user=o["kadis"], task=None)
    assert "TW I 2026" in notice.message

    url = reverse("monitoring:period_detail", args=[period.pk])
    kabid = client_for("kabid.ikp")
    page = kabid.get(url).content.decode()
    assert 'id="acknowledge-button"' in page
    assert f'id="receipt-{o["kabid.aptika"].pk}"' not in page  # own receipt only
    assert (
        kabid.post(reverse("monitoring:receipt_acknowledge", args=[period.pk])).status_code == 302
    )
    assert receipts.get(user=o["kabid.ikp"]).acknowledged_at is not None
    again = kabid.post(reverse("monitoring:receipt_acknowledge", args=[period.pk]), follow=True)
    assert str(services.ALREADY_ACKNOWLEDGED) in again.content.decode()
    assert (
        client_for("staf.evaluasi")
        .post(reverse("monitoring:receipt_acknowledge", args=[period.pk]))
        .status_code
        == 302
    )  # no receipt: a message, nothing recorded
    planner_page = client_for("kasubag.renkeu").get(url).content.decode()
    assert planner_page.count('id="receipt-') == 4
    assert planner_page.count("Belum") >= 3

    engine.task_complete(actor=o["kasubag.renkeu"], task=socialize)  # acknowledgements not required
    period.run.refresh_from_db()
    assert period.run.status == RunStatus.COMPLETED  # TW I: steps 6–9 do not apply
