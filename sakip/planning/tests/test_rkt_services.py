"""The RKT services of SOP 1: pre-filling a unit's form from the Renstra, the unit's edits, the
socialization and its acknowledgement, submission, review, compilation and the lock."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sakip.audit.models import AuditEvent
from sakip.planning import errors as plan_errors
from sakip.planning.models import RktDocument, RktForm
from sakip.planning.rkt import errors, services
from sakip.planning.rkt.selectors import form_problems
from sakip.planning.rkt_models import RktFormStatus, RktStatus
from sakip.procedures.models import ProcedureRun
from sakip.procedures.races import AlreadyDoneError

from . import rkt_factories
from .rkt_factories import YEAR, wita

D = Decimal

rkt_world = rkt_factories.rkt_world  # the fixture, shared by the RKT tests


def events(instance, action=None):
    qs = AuditEvent.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    )
    return qs.filter(action=action) if action else qs


def messages_of(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


@pytest.fixture
def document(rkt_world):
    return RktDocument.objects.create(agency=rkt_world.org.agency, year=YEAR)


def ensure(document, unit):
    return services.rkt_form_ensure(actor=None, document=document, unit=unit)


def lines_by_code(form):
    return {ln.indicator.code: ln for ln in form.indicator_lines.select_related("indicator")}


def activities_by_code(form):
    return {ln.sub_activity.code: ln for ln in form.activity_lines.select_related("sub_activity")}


# --- pre-filling -------------------------------------------------------------------------------


def test_prefill_of_bidang_ikp_takes_its_and_its_seksi_indicators_targets_and_pagu(
    rkt_world, document
):
    o = rkt_world.org
    form = ensure(document, o.ikp)

    lines = lines_by_code(form)
    # IK1 (Bidang IKP), IK1.1 (its Seksi) and the range IK3; never Aptika's IK2.
    assert set(lines) == {"IK1", "IK1.1", "IK3"}
    assert (lines["IK1"].target_low, lines["IK1"].target_high) == (D("85"), None)
    assert lines["IK1.1"].target_low == D("120")
    assert (lines["IK3"].target_low, lines["IK3"].target_high) == (D("80"), D("90"))

    activities = activities_by_code(form)
    # Sub-activities with a pagu this year, the seksi's included; not one budgeted only in 2025.
    assert {code: ln.pagu for code, ln in activities.items()} == {
        rkt_world.sub_ikp.code: D("1004422800"),
        rkt_world.sub_seksi_ikp.code: D("250000000"),
    }
    assert form.status == RktFormStatus.DRAFT
    assert events(form, "create").exists()
    prefill = events(form, "prefill").get()
    assert prefill.changes == {"indicator_lines": [None, 3], "activity_lines": [None, 2]}


def test_prefill_of_bidang_aptika_and_of_the_secretariat(rkt_world, document):
    o = rkt_world.org
    aptika = ensure(document, o.aptika)
    assert {c: ln.target_low for c, ln in lines_by_code(aptika).items()} == {"IK2": D("3.1")}
    assert set(activities_by_code(aptika)) == {rkt_world.sub_aptika.code}
    secretariat = ensure(document, o.secretariat)
    assert not secretariat.indicator_lines.exists()
    assert not secretariat.activity_lines.exists()


def test_prefill_for_a_year_without_targets_is_empty(rkt_world):
    document = RktDocument.objects.create(agency=rkt_world.org.agency, year=2030)
    form = ensure(document, rkt_world.org.ikp)
    assert not form.indicator_lines.exists()
    assert not form.activity_lines.exists()


def test_prefill_again_keeps_the_lines_and_the_units_values(rkt_world, document):
    form = ensure(document, rkt_world.org.ikp)
    line = lines_by_code(form)["IK1"]
    line.target_low = D("90")
    line.save()
    assert services.rkt_form_prefill(form=form) == (0, 0)
    assert ensure(document, rkt_world.org.ikp) == form
    line.refresh_from_db()
    assert line.target_low == D("90")
    assert form.indicator_lines.count() == 3


# --- the unit's edits --------------------------------------------------------------------------


def test_update_saves_targets_pagu_and_notes_audited(rkt_world, document):
    kabid = rkt_world["kabid.ikp"]
    form = ensure(document, rkt_world.org.ikp)
    lines = lines_by_code(form)
    activity = activities_by_code(form)[rkt_world.sub_ikp.code]
    updated = services.rkt_form_update(
        actor=kabid,
        form=form,
        expected_version=form.version,
        lines={
            lines["IK1"].pk: (D("86"), None, "Naik karena kanal baru"),
            lines["IK3"].pk: (D("82"), D("88"), ""),
        },
        activity_lines={activity.pk: (D("1000000000"), "Efisiensi")},
    )
    assert updated.version == form.version + 1
    lines = lines_by_code(form)
    assert (lines["IK1"].target_low, lines["IK1"].note) == (D("86"), "Naik karena kanal baru")
    assert (lines["IK3"].target_low, lines["IK3"].target_high) == (D("82"), D("88"))
    activity.refresh_from_db()
    assert (activity.pagu, activity.note) == (D("1000000000"), "Efisiensi")
    event = events(form, "update").get()
    assert event.actor == kabid
    assert event.changes["IK1"] == [["85.0000", None, ""], ["86", None, "Naik karena kanal baru"]]
    assert rkt_world.sub_ikp.code in event.changes


@pytest.mark.parametrize(
    ("code", "low", "high", "message"),
    [
        ("IK3", "90", "80", plan_errors.RANGE_LOW_ABOVE_HIGH),
        ("IK3", "85", None, plan_errors.RANGE_NEEDS_HIGH),
        ("IK1", "85", "90", plan_errors.SINGLE_HAS_HIGH),
        ("IK3", None, "90", plan_errors.TARGET_REQUIRED),
    ],
)
def test_a_wrong_target_is_refused_next_to_its_row_and_nothing_is_written(
    rkt_world, document, code, low, high, message
):
    form = ensure(document, rkt_world.org.ikp)
    lines = lines_by_code(form)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.rkt_form_update(
            actor=rkt_world["kabid.ikp"],
            form=form,
            expected_version=form.version,
            lines={
                # A correct row beside the wrong one is not saved either.
                lines["IK1.1"].pk: (D("130"), None, "ok"),
                lines[code].pk: (
                    D(low) if low else None,
                    D(high) if high else None,
                    "",
                ),
            },
        )
    assert caught.value.message_dict == {f"low_{lines[code].pk}": [str(message)]}
    assert lines_by_code(form)["IK1.1"].target_low == D("120")
    form.refresh_from_db()
    assert form.version == 1
    assert AuditEvent.objects.count() == audit_before


def test_negative_pagu_and_lines_of_another_form_are_refused(rkt_world, document):
    form = ensure(document, rkt_world.org.ikp)
    other = ensure(document, rkt_world.org.aptika)
    activity = activities_by_code(form)[rkt_world.sub_ikp.code]
    foreign = lines_by_code(other)["IK2"]
    with pytest.raises(ValidationError) as caught:
        services.rkt_form_update(
            actor=rkt_world["kabid.ikp"],
            form=form,
            expected_version=None,
            lines={foreign.pk: (D("1"), None, "")},
            activity_lines={activity.pk: (D("-5"), "")},
        )
    assert caught.value.message_dict == {
        f"pagu_{activity.pk}": [str(plan_errors.NEGATIVE_BUDGET)],
        f"low_{foreign.pk}": [str(errors.FORM_LINE_UNKNOWN)],
    }
    foreign.refresh_from_db()
    assert foreign.target_low == D("3.1")


def test_an_edit_overtaken_by_another_is_refused(rkt_world, document):
    form = ensure(document, rkt_world.org.ikp)
    line = lines_by_code(form)["IK1"]
    loaded = form.version
    services.rkt_form_update(
        actor=rkt_world["kabid.ikp"],
        form=form,
        expected_version=loaded,
        lines={line.pk: (D("87"), None, "")},
    )
    with pytest.raises(services.StaleEditError) as caught:
        services.rkt_form_update(
            actor=rkt_world["admin"],
            form=form,
            expected_version=loaded,
            lines={line.pk: (D("99"), None, "")},
        )
    assert "Kabid Ikp" in messages_of(caught.value)[0]
    line.refresh_from_db()
    assert line.target_low == D("87")


# --- acknowledgement, submission ----------------------------------------------------------------


def fill_and_acknowledge(world, form):
    services.rkt_acknowledge(actor=world["kabid.ikp"], form=form)
    return RktForm.objects.get(pk=form.pk)


def test_submit_needs_the_acknowledgement_and_every_target(rkt_world, document):
    kabid = rkt_world["kabid.ikp"]
    form = ensure(document, rkt_world.org.ikp)
    line = lines_by_code(form)["IK1.1"]
    services.rkt_form_update(
        actor=kabid, form=form, expected_version=None, lines={line.pk: (None, None, "")}
    )
    with pytest.raises(ValidationError) as caught:
        services.rkt_submit(actor=kabid, form=form)
    assert messages_of(caught.value) == [
        str(errors.FORM_NOT_ACKNOWLEDGED),
        str(errors.FORM_MISSING_TARGETS) % {"codes": "IK1.1"},
    ]
    form = fill_and_acknowledge(rkt_world, form)
    assert form.acknowledged_by == kabid
    with pytest.raises(ValidationError, match="IK1.1"):
        services.rkt_submit(actor=kabid, form=form)
    services.rkt_form_update(
        actor=kabid, form=form, expected_version=None, lines={line.pk: (D("125"), None, "")}
    )
    assert form_problems(form) == []
    submitted = services.rkt_submit(actor=rkt_world["pegawai.ikp"], form=form)
    assert submitted.status == RktFormStatus.SUBMITTED
    assert submitted.submitted_by == rkt_world["pegawai.ikp"]
    assert submitted.submitted_at is not None
    assert events(form, "submit").get().changes == {"status": ["draft", "submitted"]}
    assert events(form, "acknowledge").get().actor == kabid


def test_a_submitted_form_cannot_be_edited_or_submitted_again(rkt_world, document):
    kabid = rkt_world["kabid.ikp"]
    form = fill_and_acknowledge(rkt_world, ensure(document, rkt_world.org.ikp))
    services.rkt_submit(actor=kabid, form=form)
    line = lines_by_code(form)["IK1"]
    with pytest.raises(ValidationError) as caught:
        services.rkt_form_update(
            actor=kabid, form=form, expected_version=None, lines={line.pk: (D("1"), None, "")}
        )
    assert messages_of(caught.value) == [str(errors.FORM_NOT_EDITABLE)]
    with pytest.raises(ValidationError, match=str(errors.FORM_ALREADY_SUBMITTED)):
        services.rkt_submit(actor=kabid, form=form)
    with pytest.raises(AlreadyDoneError, match="Sosialisasi sudah dinyatakan diterima oleh"):
        services.rkt_acknowledge(actor=kabid, form=form)
    line.refresh_from_db()
    assert line.target_low == D("85")


# --- review ------------------------------------------------------------------------------------


def submitted_form(world, document, unit=None, head="kabid.ikp"):
    form = ensure(document, unit or world.org.ikp)
    services.rkt_acknowledge(actor=world[head], form=form)
    return services.rkt_submit(actor=world[head], form=form)


def test_review_notes_return_and_resubmission(rkt_world, document):
    kasubag = rkt_world["kasubag.umum"]
    kabid = rkt_world["kabid.ikp"]
    draft = ensure(document, rkt_world.org.aptika)
    with pytest.raises(ValidationError, match=str(errors.FORM_NOT_SUBMITTED)):
        services.rkt_review_save_notes(actor=kasubag, form=draft, line_notes={}, review_note="x")

    form = submitted_form(rkt_world, document)
    line = lines_by_code(form)["IK3"]
    activity = activities_by_code(form)[rkt_world.sub_ikp.code]
    services.rkt_review_save_notes(
        actor=kasubag,
        form=form,
        line_notes={line.pk: "Rentang terlalu lebar"},
        activity_notes={activity.pk: "Pagu melebihi plafon"},
        review_note="Perbaiki IK3 dan pagu.",
    )
    with pytest.raises(ValidationError) as caught:
        services.rkt_return(actor=kasubag, form=form, note="  ")
    assert caught.value.message_dict == {"review_note": [str(errors.RETURN_NOTE_REQUIRED)]}

    returned = services.rkt_return(actor=kasubag, form=form, note="Perbaiki IK3 dan pagu.")
    assert returned.status == RktFormStatus.RETURNED
    assert returned.reviewed_by == kasubag
    assert returned.review_note == "Perbaiki IK3 dan pagu."
    line.refresh_from_db()
    activity.refresh_from_db()
    assert line.review_note == "Rentang terlalu lebar"
    assert activity.review_note == "Pagu melebihi plafon"
    assert events(form, "return").get().note == "Perbaiki IK3 dan pagu."
    assert events(form, "review_notes").get().actor == kasubag

    # Back with the unit: editable again, then handed in again.
    services.rkt_form_update(
        actor=kabid, form=form, expected_version=None, lines={line.pk: (D("84"), D("86"), "")}
    )
    resubmitted = services.rkt_submit(actor=kabid, form=form)
    assert resubmitted.status == RktFormStatus.SUBMITTED
    accepted = services.rkt_accept(actor=kasubag, form=form)
    assert accepted.status == RktFormStatus.ACCEPTED
    with pytest.raises(AlreadyDoneError, match="Formulir ini sudah diterima oleh Kasubag Umum"):
        services.rkt_accept(actor=kasubag, form=form)
    with pytest.raises(ValidationError, match=str(errors.FORM_NOT_EDITABLE)):
        services.rkt_form_update(actor=kabid, form=form, expected_version=None, lines={})
    assert list(events(form).values_list("action", flat=True)) == [
        "accept",
        "submit",
        "update",
        "return",
        "review_notes",
        "submit",
        "acknowledge",
        "prefill",
        "create",
    ]


# --- compilation and lock ----------------------------------------------------------------------


def test_compile_waits_for_every_form(rkt_world, document):
    staf = rkt_world["staf.evaluasi"]
    with pytest.raises(ValidationError, match=str(errors.NO_FORMS)):
        services.rkt_compile(actor=staf, document=document)
    submitted_form(rkt_world, document)
    ensure(document, rkt_world.org.aptika)
    with pytest.raises(ValidationError) as caught:
        services.rkt_compile(actor=staf, document=document)
    assert messages_of(caught.value) == [
        str(errors.FORMS_NOT_SUBMITTED) % {"units": "Bidang Aptika"}
    ]
    submitted_form(rkt_world, document, rkt_world.org.aptika, head="kabid.aptika")
    services.rkt_compile(actor=staf, document=document)
    assert events(document, "compile").get().changes == {
        "forms": [None, ["Bidang IKP", "Bidang Aptika"]]
    }


def test_lock_needs_every_form_accepted_and_numbers_per_agency_and_year(rkt_world, document):
    kasubag = rkt_world["kasubag.umum"]
    form = submitted_form(rkt_world, document)
    with pytest.raises(ValidationError, match="Bidang IKP"):
        services.rkt_lock(actor=kasubag, document=document)
    services.rkt_accept(actor=kasubag, form=form)
    locked = services.rkt_lock(actor=kasubag, document=document, now=wita(2026, 1, 9, 10, 0))
    assert locked.status == RktStatus.LOCKED
    assert locked.number == "050/001/RKT/dkis/2026"
    assert locked.locked_by == kasubag
    assert locked.locked_at == wita(2026, 1, 9, 10, 0)
    assert events(document, "lock").get().changes["number"] == ["", locked.number]
    with pytest.raises(ValidationError, match=str(errors.DOCUMENT_LOCKED)):
        services.rkt_lock(actor=kasubag, document=document)
    with pytest.raises(ValidationError, match=str(errors.DOCUMENT_LOCKED)):
        services.rkt_form_update(actor=kasubag, form=form, expected_version=None, lines={})

    # A second RKT of the same agency and year (a corrected one) gets the next number.
    again = RktDocument.objects.create(agency=rkt_world.org.agency, year=YEAR)
    with pytest.raises(ValidationError, match=str(errors.NO_FORMS)):
        services.rkt_lock(actor=kasubag, document=again)
    form = submitted_form(rkt_world, again, rkt_world.org.aptika, head="kabid.aptika")
    services.rkt_accept(actor=kasubag, form=form)
    assert services.rkt_lock(actor=kasubag, document=again).number == "050/002/RKT/dkis/2026"


def test_rkt_number_uses_the_agency_short_name():
    from sakip.organization.models import Unit

    agency = Unit(name="Dinas Komunikasi", code="diskominfo", short_name="Diskominfo")
    assert services.rkt_number(agency, 2027, 12) == "050/012/RKT/Diskominfo/2027"


# --- socialization ------------------------------------------------------------------------------


@pytest.fixture
def run(rkt_world):
    return ProcedureRun.objects.create(
        revision=rkt_world.revision,
        agency=rkt_world.org.agency,
        title="Penyusunan RKT 2026",
        year=YEAR,
        started_at=wita(2026, 1, 5, 8, 0),
        disposition_to="Kasubag Umum dan Kepegawaian",
        instruction="Susun RKT 2026.",
        disposition_date=wita(2026, 1, 5, 8, 0).date(),
    )


def test_socialization_is_recorded_with_agency_attendees_and_audited(rkt_world, run):
    staf = rkt_world["staf.evaluasi"]
    with pytest.raises(ValidationError) as caught:
        services.socialization_record(
            actor=staf,
            run=run,
            held_at=wita(2026, 1, 6, 9, 0),
            place=" ",
            material="",
            attendees=[],
        )
    assert set(caught.value.message_dict) == {"place", "material", "attendees"}
    with pytest.raises(ValidationError) as caught:
        services.socialization_record(
            actor=staf,
            run=run,
            held_at=wita(2026, 1, 6, 9, 0),
            place="Aula",
            material="Cara mengisi",
            attendees=[rkt_world["kabid.ikp"], rkt_world["kadis.lain"]],
        )
    assert caught.value.message_dict == {"attendees": [str(errors.SOCIALIZATION_ATTENDEE_OUTSIDE)]}
    meeting = services.socialization_record(
        actor=staf,
        run=run,
        held_at=wita(2026, 1, 6, 9, 0),
        place="Aula Diskominfo",
        material="Cara mengisi formulir RKT",
        attendees=[rkt_world["kabid.ikp"], rkt_world["kabid.aptika"]],
        notes="Semua bidang hadir",
    )
    assert set(meeting.attendees.all()) == {rkt_world["kabid.ikp"], rkt_world["kabid.aptika"]}
    assert events(meeting, "create").get().actor == staf
    services.socialization_record(
        actor=staf,
        run=run,
        held_at=wita(2026, 1, 6, 9, 0),
        place="Ruang Rapat",
        material="Cara mengisi formulir RKT",
        attendees=[rkt_world["kabid.ikp"]],
    )
    update = events(meeting, "update").get()
    assert update.changes["place"] == ["Aula Diskominfo", "Ruang Rapat"]
    assert update.changes["attendees"][1] == ["Kabid Ikp"]


def test_acknowledgement_needs_the_meeting_of_the_run(rkt_world, run):
    document = RktDocument.objects.create(agency=rkt_world.org.agency, year=YEAR, run=run)
    form = ensure(document, rkt_world.org.ikp)
    with pytest.raises(ValidationError, match=str(errors.SOCIALIZATION_NOT_RECORDED)):
        services.rkt_acknowledge(actor=rkt_world["kabid.ikp"], form=form)
    services.socialization_record(
        actor=rkt_world["staf.evaluasi"],
        run=run,
        held_at=wita(2026, 1, 6, 9, 0),
        place="Aula",
        material="Cara mengisi",
        attendees=[rkt_world["kabid.ikp"]],
    )
    assert services.rkt_acknowledge(actor=rkt_world["kabid.ikp"], form=form).acknowledged_at
