"""The SOP 1 screens as each persona uses them: the unit's form, the Kasubag's review, the
socialization and the compiled RKT — access (another unit gets 404), messages, and the whole run
walked through the pages."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD
from sakip.planning import errors as plan_errors
from sakip.planning import services as plan
from sakip.planning.forms import format_id_input
from sakip.planning.models import RktDocument, RktForm, SocializationMeeting
from sakip.planning.rkt import errors, services
from sakip.planning.rkt_models import RktFormStatus, RktStatus
from sakip.procedures import engine
from sakip.procedures.choices import RunStatus, TaskStatus
from sakip.procedures.models import Task

from . import rkt_factories
from .rkt_factories import (
    YEAR,
    complete,
    fill_and_submit,
    form_of,
    open_tasks,
    start,
    walk_to_fill,
)

rkt_world = rkt_factories.rkt_world  # the fixture, shared by the RKT tests


def login(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    return client


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def form_url(form, name="planning:rkt_form"):
    return reverse(name, args=[form.pk])


@pytest.fixture
def run(rkt_world):
    run = start(rkt_world)
    walk_to_fill(rkt_world, run)
    return run


@pytest.fixture
def ikp_form(rkt_world, run):
    return form_of(run, rkt_world.org.ikp)


def line(form, code):
    return form.indicator_lines.get(indicator__code=code)


def edit_post(form, **overrides):
    """The form page's inputs as loaded, with some changed."""
    data = {"version": str(form.version)}
    for ln in form.indicator_lines.select_related("indicator"):
        data[f"low_{ln.pk}"] = "" if ln.target_low is None else format_id_input(ln.target_low)
        if ln.target_high is not None:
            data[f"high_{ln.pk}"] = format_id_input(ln.target_high)
        data[f"note_{ln.pk}"] = ln.note
    for ln in form.activity_lines.all():
        data[f"pagu_{ln.pk}"] = "" if ln.pagu is None else format_id_input(ln.pagu, money=True)
        data[f"anote_{ln.pk}"] = ln.note
    data.update(overrides)
    return data


# --- access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["kabid.aptika", "kadis.lain", "outsider", "bagor"])
def test_another_units_form_and_review_page_are_404(client, rkt_world, ikp_form, username):
    login(client, username)
    if username != "bagor":
        assert client.get(form_url(ikp_form)).status_code == 404
    assert client.get(form_url(ikp_form, "planning:rkt_review")).status_code == 404
    assert client.post(form_url(ikp_form), edit_post(ikp_form)).status_code == 404
    assert client.post(form_url(ikp_form, "planning:rkt_acknowledge")).status_code == 404
    assert client.post(form_url(ikp_form, "planning:rkt_fill_complete")).status_code == 404


def test_the_unit_head_sees_the_prefilled_form_with_inputs(client, rkt_world, ikp_form):
    html = page(login(client, "kabid.ikp").get(form_url(ikp_form)))
    assert "Persentase informasi publik yang dipublikasikan" in html
    assert "Jumlah rilis berita" in html  # the seksi's indicator
    assert "Indeks SPBE" not in html  # Aptika's
    assert f'name="low_{line(ikp_form, "IK1").pk}" value="85"' in html
    ik3 = line(ikp_form, "IK3")
    assert f'name="low_{ik3.pk}" value="80"' in html
    assert f'name="high_{ik3.pk}" value="90"' in html
    assert 'value="1.004.422.800"' in html
    assert "Unit kami telah menerima sosialisasi" in html


def test_a_seksi_and_the_kasubag_read_the_form_without_inputs(client, rkt_world, ikp_form):
    for username in ("kasi.ikp", "kasubag.umum", "kadis"):
        html = page(login(client, username).get(form_url(ikp_form)))
        assert "Persentase informasi publik" in html
        assert 'name="low_' not in html
        assert "Unit kami telah menerima sosialisasi" not in html
    login(client, "kasi.ikp")
    assert client.post(form_url(ikp_form), edit_post(ikp_form)).status_code == 404


def test_actions_are_post_only(client, rkt_world, ikp_form):
    login(client, "kabid.ikp")
    assert client.get(form_url(ikp_form, "planning:rkt_acknowledge")).status_code == 405
    assert client.get(form_url(ikp_form, "planning:rkt_submit")).status_code == 405


# --- the unit's form ---------------------------------------------------------------------------


def test_acknowledging_the_socialization(client, rkt_world, ikp_form):
    login(client, "kabid.ikp")
    response = client.post(form_url(ikp_form, "planning:rkt_acknowledge"))
    assert response.status_code == 302
    ikp_form.refresh_from_db()
    assert ikp_form.acknowledged_by == rkt_world["kabid.ikp"]
    html = page(client.get(form_url(ikp_form)))
    assert "Unit kami telah menerima sosialisasi" not in html
    assert "Kabid Ikp" in html


def test_saving_the_form(client, rkt_world, ikp_form):
    login(client, "kabid.ikp")
    ik1 = line(ikp_form, "IK1")
    response = client.post(
        form_url(ikp_form), edit_post(ikp_form, **{f"low_{ik1.pk}": "86,5", f"note_{ik1.pk}": "ok"})
    )
    assert response.status_code == 302
    ik1.refresh_from_db()
    assert (ik1.target_low, ik1.note) == (Decimal("86.5"), "ok")
    assert AuditEvent.objects.filter(
        object_type="planning.rktform", object_id=str(ikp_form.pk), action="update"
    ).exists()


def test_an_invalid_range_shows_the_message_next_to_its_row_and_keeps_the_input(
    client, rkt_world, ikp_form
):
    login(client, "kabid.ikp")
    ik1, ik3 = line(ikp_form, "IK1"), line(ikp_form, "IK3")
    data = edit_post(ikp_form, **{f"low_{ik3.pk}": "90", f"high_{ik3.pk}": "80"})
    data[f"low_{ik1.pk}"] = "99"
    html = page(client.post(form_url(ikp_form), data))
    message = str(plan_errors.RANGE_LOW_ABOVE_HIGH)
    assert message in html
    # Next to its row: the error row follows the IK3 row, before the next indicator row.
    row = html.index(f'id="line-{ik3.pk}"')
    assert row < html.index(f'id="error-line-{ik3.pk}"') < html.index(message, row)
    assert f'name="low_{ik3.pk}" value="90"' in html
    assert f'name="high_{ik3.pk}" value="80"' in html
    assert f'name="low_{ik1.pk}" value="99"' in html
    ik1.refresh_from_db()
    ik3.refresh_from_db()
    assert (ik1.target_low, ik3.target_low, ik3.target_high) == (85, 80, 90)
    assert not AuditEvent.objects.filter(
        object_type="planning.rktform", object_id=str(ikp_form.pk), action="update"
    ).exists()


def test_a_concurrent_edit_is_refused_with_the_stale_message(client, rkt_world, ikp_form):
    login(client, "kabid.ikp")
    ik1 = line(ikp_form, "IK1")
    loaded = edit_post(ikp_form, **{f"low_{ik1.pk}": "70"})
    services.rkt_form_update(
        actor=rkt_world["admin"],
        form=ikp_form,
        expected_version=ikp_form.version,
        lines={ik1.pk: (Decimal("88"), None, "")},
    )
    html = page(client.post(form_url(ikp_form), loaded))
    assert str(plan_errors.STALE_EDIT % {"actor": "admin"}) in html
    assert f'name="low_{ik1.pk}" value="70"' in html
    ik1.refresh_from_db()
    assert ik1.target_low == Decimal("88")


def test_completing_the_fill_step_shows_what_is_missing(client, rkt_world, ikp_form):
    login(client, "kabid.ikp")
    response = client.post(form_url(ikp_form, "planning:rkt_fill_complete"), follow=True)
    assert str(errors.FORM_NOT_ACKNOWLEDGED) in page(response)
    (fill,) = [
        t for t in open_tasks(ikp_form.document.run, "rkt.fill") if t.unit_id == ikp_form.unit_id
    ]
    assert fill.status == TaskStatus.OPEN


def test_fill_then_submit_through_the_page_and_a_submitted_form_cannot_be_edited(
    client, rkt_world, run, ikp_form
):
    login(client, "kabid.ikp")
    client.post(form_url(ikp_form, "planning:rkt_acknowledge"))
    html = page(client.get(form_url(ikp_form)))
    assert "Selesai mengisi formulir" in html
    assert client.post(form_url(ikp_form, "planning:rkt_fill_complete")).status_code == 302
    # Step 5 belongs to the unit's staff; the head cannot send it.
    assert client.post(form_url(ikp_form, "planning:rkt_submit")).status_code == 404

    login(client, "pegawai.ikp")
    html = page(client.get(form_url(ikp_form)))
    assert "Kirim formulir" in html
    assert client.post(form_url(ikp_form, "planning:rkt_submit")).status_code == 302
    ikp_form.refresh_from_db()
    assert ikp_form.status == RktFormStatus.SUBMITTED
    assert ikp_form.submitted_by == rkt_world["pegawai.ikp"]

    login(client, "kabid.ikp")
    html = page(client.get(form_url(ikp_form)))
    assert 'name="low_' not in html
    assert "tidak dapat diubah" in html
    ik1 = line(ikp_form, "IK1")
    html = page(client.post(form_url(ikp_form), edit_post(ikp_form, **{f"low_{ik1.pk}": "1"})))
    assert str(errors.FORM_NOT_EDITABLE) in html
    ik1.refresh_from_db()
    assert ik1.target_low == Decimal("85")


# --- review ------------------------------------------------------------------------------------


@pytest.fixture
def in_review(rkt_world, run):
    o = rkt_world.org
    for unit, head in (
        (o.secretariat, "sekretaris"),
        (o.ikp, "kabid.ikp"),
        (o.aptika, "kabid.aptika"),
    ):
        fill_and_submit(rkt_world, run, unit, head)
    complete(open_tasks(run, "rkt.compile")[0])
    return run


def test_the_review_page_is_for_the_kasubag_only(client, rkt_world, in_review, ikp_form):
    for username in ("kabid.ikp", "kabid.aptika", "pegawai.ikp", "kadis"):
        login(client, username)
        assert client.get(form_url(ikp_form, "planning:rkt_review")).status_code == 404
    html = page(login(client, "kasubag.umum").get(form_url(ikp_form, "planning:rkt_review")))
    assert "Terima" in html
    assert "Formulir kembali ke Bidang IKP untuk diperbaiki dengan tenggat baru." in html
    assert f'name="review_line_{line(ikp_form, "IK3").pk}"' in html


def test_a_planner_writes_notes_but_the_decision_is_the_assignees(
    client, rkt_world, in_review, ikp_form
):
    login(client, "staf.evaluasi")
    url = form_url(ikp_form, "planning:rkt_review")
    html = page(client.get(url))
    assert 'value="save"' in html
    assert 'value="accept"' not in html
    ik1 = line(ikp_form, "IK1")
    data = {
        "version": str(ikp_form.version),
        f"review_line_{ik1.pk}": "Cek sumber data",
        "review_note": "",
        "decision": "save",
    }
    assert client.post(url, data).status_code == 302
    ik1.refresh_from_db()
    assert ik1.review_note == "Cek sumber data"
    ikp_form.refresh_from_db()
    data.update(version=str(ikp_form.version), decision="accept")
    assert client.post(url, data).status_code == 404
    ikp_form.refresh_from_db()
    assert ikp_form.status == RktFormStatus.SUBMITTED


def test_returning_needs_a_note_then_sends_the_form_back_with_its_notes(
    client, rkt_world, in_review, ikp_form
):
    login(client, "kasubag.umum")
    ik3 = line(ikp_form, "IK3")
    url = form_url(ikp_form, "planning:rkt_review")
    data = {
        "version": str(ikp_form.version),
        f"review_line_{ik3.pk}": "Rentang terlalu lebar",
        "review_note": "",
        "decision": "return",
    }
    html = page(client.post(url, data))
    assert str(errors.RETURN_NOTE_REQUIRED) in html
    assert 'value="Rentang terlalu lebar"' in html  # typed notes are kept
    ikp_form.refresh_from_db()
    assert ikp_form.status == RktFormStatus.SUBMITTED

    data["review_note"] = "Persempit rentang IK3."
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:rkt_detail", args=[ikp_form.document_id])
    ikp_form.refresh_from_db()
    assert ikp_form.status == RktFormStatus.RETURNED
    (again,) = open_tasks(in_review, "rkt.fill")
    assert (again.unit_id, again.round) == (ikp_form.unit_id, 2)

    # Back with the unit: editable, with the Kasubag's notes on the form and the line.
    html = page(login(client, "kabid.ikp").get(form_url(ikp_form)))
    assert "Persempit rentang IK3." in html
    assert "Rentang terlalu lebar" in html
    assert f'name="low_{ik3.pk}"' in html


def test_the_whole_run_through_the_pages_ends_with_the_locked_rkt(
    client, rkt_world, in_review, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    o = rkt_world.org
    forms = {f.unit_id: f for f in RktForm.objects.filter(document__run=in_review)}
    ikp = forms[o.ikp.pk]
    login(client, "kasubag.umum")

    def decide(form, decision, note=""):
        form.refresh_from_db()
        data = {"version": str(form.version), "review_note": note, "decision": decision}
        return client.post(form_url(form, "planning:rkt_review"), data)

    assert decide(forms[o.secretariat.pk], "accept").status_code == 302
    assert decide(forms[o.aptika.pk], "accept").status_code == 302
    assert decide(ikp, "return", "Persempit rentang IK3.").status_code == 302

    login(client, "kabid.ikp")
    ikp.refresh_from_db()
    ik3 = line(ikp, "IK3")
    data = edit_post(ikp, **{f"low_{ik3.pk}": "84", f"high_{ik3.pk}": "86"})
    assert client.post(form_url(ikp), data).status_code == 302
    assert client.post(form_url(ikp, "planning:rkt_fill_complete")).status_code == 302
    login(client, "pegawai.ikp")
    assert client.post(form_url(ikp, "planning:rkt_submit")).status_code == 302
    login(client, "kasubag.umum")
    assert decide(ikp, "accept").status_code == 302

    in_review.refresh_from_db()
    assert in_review.status == RunStatus.COMPLETED
    document = RktDocument.objects.get(run=in_review)
    assert document.status == RktStatus.LOCKED
    html = page(client.get(reverse("planning:rkt_detail", args=[document.pk])))
    assert document.number in html
    assert "84–86" in html


# --- the compiled RKT --------------------------------------------------------------------------


def test_the_compiled_rkt_whole_for_the_agency_and_in_part_for_a_unit(client, rkt_world, in_review):
    document = RktDocument.objects.get(run=in_review)
    url = reverse("planning:rkt_detail", args=[document.pk])
    html = page(login(client, "kasubag.umum").get(url))
    for text in (
        "Sekretariat",
        "Bidang IKP",
        "Bidang Aptika",
        "Indeks SPBE",
        "Jumlah rilis berita",
    ):
        assert text in html
    # 1.004.422.800 + 250.000.000 + 500.000.000
    assert '<td class="num" id="rkt-total-pagu">1.754.422.800</td>' in html
    assert html.count(">Periksa<") == 3

    html = page(login(client, "kabid.aptika").get(url))
    assert "Anda melihat bagian RKT unit Anda saja." in html
    assert "Indeks SPBE" in html
    assert "Persentase informasi publik" not in html
    assert '<td class="num" id="rkt-total-pagu">500.000.000</td>' in html
    assert ">Periksa<" not in html

    for username in ("kadis.lain", "outsider"):
        assert login(client, username).get(url).status_code == 404


def test_the_rkt_list_shows_the_agencys_documents_only(client, rkt_world, in_review):
    document = RktDocument.objects.get(run=in_review)
    detail = reverse("planning:rkt_detail", args=[document.pk])
    for username in ("kasubag.umum", "kabid.aptika", "kadis"):
        html = page(login(client, username).get(reverse("planning:rkt_list")))
        assert detail in html
        assert "0 dari 3" in html
    for username in ("kadis.lain", "outsider"):
        html = page(login(client, username).get(reverse("planning:rkt_list")))
        assert detail not in html


def test_the_compiled_rkt_reads_a_fixed_number_of_queries(client, rkt_world, in_review):
    document = RktDocument.objects.get(run=in_review)
    url = reverse("planning:rkt_detail", args=[document.pk])
    login(client, "kasubag.umum")
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page(client.get(url))
        return len(ctx.captured_queries)

    before = count()
    ikp = form_of(in_review, rkt_world.org.ikp)
    for n in range(4, 9):
        plan.indicator_create(
            actor=rkt_world["staf.evaluasi"],
            objective=rkt_world.range_indicator.objective,
            code=f"IK{n}",
            name=f"Indikator tambahan {n}",
            unit_of_measure="%",
            responsible_unit=rkt_world.org.ikp,
            targets={YEAR: plan.TargetValue(Decimal(n))},
        )
    services.rkt_form_prefill(form=ikp)
    assert ikp.indicator_lines.count() == 8
    assert count() == before


# --- socialization -----------------------------------------------------------------------------


@pytest.fixture
def at_socialization(rkt_world):
    run = start(rkt_world)
    complete(open_tasks(run, "rkt.disposition")[0])
    complete(open_tasks(run, "rkt.plan")[0], note="Jadwal terlampir")
    return run


def test_recording_the_socialization_meeting(client, rkt_world, at_socialization):
    run = at_socialization
    url = reverse("planning:rkt_socialization", args=[run.pk])
    html = page(login(client, "staf.evaluasi").get(url))
    assert 'name="attendees"' in html
    assert "Kabid Ikp" in html
    assert "Kadis Lain" not in html  # only people of this agency can attend

    data: dict[str, str | list[int]] = {
        "held_at": "2026-01-05T13:00",
        "place": "",
        "material": "Cara mengisi",
        "notes": "",
    }
    html = page(client.post(url, data))
    assert str(errors.FIELD_REQUIRED) in html
    assert str(errors.SOCIALIZATION_ATTENDEES_REQUIRED) in html
    assert "Cara mengisi</textarea>" in html  # typed input is kept
    assert not SocializationMeeting.objects.filter(run=run).exists()

    data.update(
        place="Aula Diskominfo",
        attendees=[rkt_world["kabid.ikp"].pk, rkt_world["kabid.aptika"].pk],
    )
    assert client.post(url, data).status_code == 302
    meeting = SocializationMeeting.objects.get(run=run)
    assert meeting.place == "Aula Diskominfo"
    assert meeting.held_at == rkt_factories.wita(2026, 1, 5, 13, 0)  # typed in WITA
    assert set(meeting.attendees.all()) == {rkt_world["kabid.ikp"], rkt_world["kabid.aptika"]}

    # Others read it; they cannot record it.
    html = page(login(client, "kabid.ikp").get(url))
    assert "Aula Diskominfo" in html
    assert 'name="place"' not in html
    assert client.post(url, data).status_code == 404
    assert login(client, "kadis.lain").get(url).status_code == 404

    # Once recorded, the staff completes step 3 and the acknowledgements show per unit.
    (socialize,) = open_tasks(run, "rkt.socialize")
    complete(socialize)
    services.rkt_acknowledge(actor=rkt_world["kabid.ikp"], form=form_of(run, rkt_world.org.ikp))
    html = page(login(client, "kasubag.umum").get(url))
    assert "Bidang IKP" in html and "Bidang Aptika" in html
    assert html.count("Belum") == 2  # Sekretariat and Aptika


def test_a_generic_run_has_no_socialization_page(client, rkt_world, at_socialization):
    rkt_world.revision.sop.workflow = "generic"
    rkt_world.revision.sop.save()
    url = reverse("planning:rkt_socialization", args=[at_socialization.pk])
    assert login(client, "staf.evaluasi").get(url).status_code == 404


def test_task_pages_of_the_inbox_point_to_these_screens(rkt_world, run):
    from sakip.procedures.actions import handler_for

    task = Task.objects.get(run=run, step__action="rkt.fill", unit=rkt_world.org.ikp)
    assert handler_for(task.step).work_url(task) == form_url(form_of(run, rkt_world.org.ikp))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        page(client.get(url))
    return len(ctx.captured_queries)


def test_the_unit_form_and_its_review_read_a_fixed_number_of_queries(client, rkt_world, in_review):
    ikp = form_of(in_review, rkt_world.org.ikp)
    pages = {
        "kabid.ikp": form_url(ikp),
        "kasubag.umum": form_url(ikp, "planning:rkt_review"),
    }
    before = {}
    for username, url in pages.items():
        login(client, username).get(url)
        before[username] = _queries(client, url)
    actor = rkt_world["staf.evaluasi"]
    for n in range(4, 9):
        plan.indicator_create(
            actor=actor,
            objective=rkt_world.range_indicator.objective,
            code=f"IK{n}",
            name=f"Indikator tambahan {n}",
            unit_of_measure="%",
            responsible_unit=rkt_world.org.seksi_ikp,
            targets={YEAR: plan.TargetValue(Decimal(n))},
        )
        plan.sub_activity_create(
            actor=actor,
            activity=rkt_world.sub_ikp.activity,
            code=f"2.16.02.2.01.1{n}",
            name=f"Sub kegiatan tambahan {n}",
            responsible_unit=rkt_world.org.seksi_ikp,
            budgets={YEAR: Decimal(1000 * n)},
        )
    services.rkt_form_prefill(form=ikp)
    # IK1, IK1.1 (its seksi) and IK3 of the fixtures, plus IK4..IK8: 3 + 5 = 8 lines.
    assert ikp.indicator_lines.count() == 8
    for username, url in pages.items():
        login(client, username).get(url)
        assert _queries(client, url) == before[username], username


def test_the_socialization_page_reads_a_fixed_number_of_queries(client, rkt_world, run):
    url = reverse("planning:rkt_socialization", args=[run.pk])
    login(client, "kasubag.umum").get(url)
    before = _queries(client, url)
    meeting = SocializationMeeting.objects.get(run=run)
    meeting.attendees.add(rkt_world["kadis"], rkt_world["kasi.ikp"], rkt_world["pegawai.ikp"])
    assert meeting.attendees.count() == 6  # the three of record_meeting, three more
    html = page(client.get(url))
    assert "Kasi Ikp" in html
    assert _queries(client, url) == before


# --- finishing a step never discards what is typed (issue 8) ------------------------------------


def _fill_task(form):
    (fill,) = [t for t in open_tasks(form.document.run, "rkt.fill") if t.unit_id == form.unit_id]
    return fill


def test_the_step_buttons_send_the_typed_form(client, rkt_world, ikp_form):
    login(client, "kabid.ikp")
    client.post(form_url(ikp_form, "planning:rkt_acknowledge"))
    html = page(client.get(form_url(ikp_form)))
    found = re.search(r'<button[^>]*id="fill-complete-button"[^>]*>', html)
    assert found is not None
    fill_button = found.group(0)
    assert 'form="rkt-edit-form"' in fill_button
    assert f'formaction="{form_url(ikp_form, "planning:rkt_fill_complete")}"' in fill_button
    assert 'id="rkt-edit-form"' in html


def test_finishing_a_returned_form_without_saving_keeps_the_change(
    client, rkt_world, in_review, ikp_form
):
    """The reported loss: a returned form, a target changed, "Selesai" pressed without "Simpan"."""
    (review,) = [t for t in open_tasks(in_review, "rkt.review") if t.unit_id == ikp_form.unit_id]
    engine.task_return(actor=review.assignee, task=review, note="Target IK1 terlalu rendah")
    ikp_form.refresh_from_db()
    assert ikp_form.status == RktFormStatus.RETURNED
    ik1 = line(ikp_form, "IK1")
    login(client, "kabid.ikp")
    response = client.post(
        form_url(ikp_form, "planning:rkt_fill_complete"),
        edit_post(ikp_form, **{f"low_{ik1.pk}": "92,5"}),
        follow=True,
    )
    html = page(response)
    ik1.refresh_from_db()
    assert ik1.target_low == Decimal("92.5")
    assert "Langkah pengisian formulir telah diselesaikan." in html
    assert not [t for t in open_tasks(in_review, "rkt.fill") if t.unit_id == ikp_form.unit_id]


def test_finishing_with_input_that_cannot_be_saved_is_refused_and_keeps_the_input(
    client, rkt_world, ikp_form
):
    login(client, "kabid.ikp")
    client.post(form_url(ikp_form, "planning:rkt_acknowledge"))
    ikp_form.refresh_from_db()
    ik1 = line(ikp_form, "IK1")
    html = page(
        client.post(
            form_url(ikp_form, "planning:rkt_fill_complete"),
            edit_post(ikp_form, **{f"low_{ik1.pk}": "1.25"}),
        )
    )
    assert str(errors.STEP_NOT_FINISHED_UNSAVED) in html
    assert "“1.25” dapat dibaca dua cara" in html
    assert f'name="low_{ik1.pk}" value="1.25"' in html
    assert _fill_task(ikp_form).status == TaskStatus.OPEN
    ik1.refresh_from_db()
    assert ik1.target_low == Decimal("85")
