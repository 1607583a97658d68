"""Rencana Aksi services: pre-fill from the PK indicators, saving, the submit rule (a mismatch is
explained), approve/return, read-only once approved, racing edits, audit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sakip.audit.models import AuditEvent
from sakip.planning import services as plan_services
from sakip.planning.action_plan import errors, selectors, services
from sakip.planning.action_plan_models import (
    ActionPlan,
    ActionPlanJustification,
    ActionPlanStatus,
    QuarterTarget,
)
from sakip.planning.choices import TargetKind
from sakip.planning.models import Indicator, RktDocument, RktForm, RktIndicatorLine
from sakip.planning.rkt_models import RktStatus
from sakip.planning.services import StaleEditError
from sakip.procedures.notifications import format_moment
from sakip.procedures.races import AlreadyDoneError

YEAR = 2026


def D(text: str) -> Decimal:
    return Decimal(text)


def make_plan(organization, unit=None, user="kabid.ikp", year=YEAR) -> ActionPlan:
    return services.action_plan_create(
        actor=organization[user], unit=unit or organization.ikp, year=year
    )


def quarters(plan: ActionPlan, indicator: Indicator) -> list[tuple]:
    return [
        (qt.quarter, qt.low, qt.high, qt.actions)
        for qt in QuarterTarget.objects.filter(action_plan=plan, indicator=indicator).order_by(
            "quarter"
        )
    ]


def fill(organization, plan: ActionPlan, indicator: Indicator, values, *, user="kabid.ikp", **kw):
    """Set TW I–IV of one indicator: values are low strings, or (low, high) pairs, or None."""
    targets = {}
    for quarter, value in enumerate(values, 1):
        low: Decimal | None
        high: Decimal | None
        if isinstance(value, tuple):
            low, high = D(value[0]), D(value[1])
        else:
            low, high = (D(value) if value is not None else None), None
        targets[(indicator.pk, quarter)] = (low, high, f"Aksi TW {quarter}")
    plan.refresh_from_db()
    return services.action_plan_update(
        actor=organization[user],
        plan=plan,
        expected_version=plan.version,
        targets=targets,
        **kw,
    )


def error_dict(exc: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- creation and pre-fill -----------------------------------------------------------------------


def test_create_prefills_the_units_indicators_of_the_year(organization, plan_data):
    plan = make_plan(organization)
    assert plan.status == ActionPlanStatus.DRAFT
    assert plan.agency == organization.agency
    # Bidang IKP holds its own IK1 and its seksi's IK1.1, not Aptika's IK2.
    codes = set(
        QuarterTarget.objects.filter(action_plan=plan).values_list("indicator__code", flat=True)
    )
    assert codes == {"IK1", "IK1.1"}
    assert QuarterTarget.objects.filter(action_plan=plan).count() == 8
    event = AuditEvent.objects.get(object_type="planning.actionplan", object_id=str(plan.pk))
    assert event.action == "create"
    assert event.actor == organization["kabid.ikp"]
    assert event.changes["indicators"] == [None, 2]


def test_prefill_follows_the_aggregation(organization, plan_data):
    Indicator.objects.filter(pk=plan_data.indicator_ikp.pk).update(aggregation="cumulative")
    Indicator.objects.filter(pk=plan_data.indicator_seksi_ikp.pk).update(aggregation="average")
    plan = make_plan(organization)
    # Cumulative ends the year at the annual target (85) in TW IV; the rest is the unit's split.
    assert [(q, low) for q, low, _h, _a in quarters(plan, plan_data.indicator_ikp)] == [
        (1, None),
        (2, None),
        (3, None),
        (4, D("85")),
    ]
    # Average keeps the annual target (120) every quarter.
    assert [low for _q, low, _h, _a in quarters(plan, plan_data.indicator_seksi_ikp)] == [
        D("120")
    ] * 4


def test_incremental_prefill_is_empty(organization, plan_data):
    plan = make_plan(organization)
    assert [low for _q, low, _h, _a in quarters(plan, plan_data.indicator_ikp)] == [None] * 4


def test_locked_rkt_target_is_preferred(organization, plan_data):
    document = RktDocument.objects.create(
        agency=organization.agency,
        year=YEAR,
        status=RktStatus.LOCKED,
        locked_at=datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC),
    )
    form = RktForm.objects.create(document=document, unit=organization.ikp)
    RktIndicatorLine.objects.create(form=form, indicator=plan_data.indicator_ikp, target_low=90)
    plan = make_plan(organization)
    rows = {r.indicator.code: r for r in selectors.plan_rows(plan).rows}
    assert rows["IK1"].annual is not None and rows["IK1.1"].annual is not None
    assert rows["IK1"].annual.low == D("90")  # the RKT's, not the Renstra's 85
    assert rows["IK1.1"].annual.low == D("120")


def test_draft_rkt_target_is_not_used(organization, plan_data):
    document = RktDocument.objects.create(agency=organization.agency, year=YEAR)
    form = RktForm.objects.create(document=document, unit=organization.ikp)
    RktIndicatorLine.objects.create(form=form, indicator=plan_data.indicator_ikp, target_low=90)
    plan = make_plan(organization)
    rows = {r.indicator.code: r for r in selectors.plan_rows(plan).rows}
    assert rows["IK1"].annual is not None
    assert rows["IK1"].annual.low == D("85")


def test_agency_plan_holds_only_the_agencys_own_indicators(organization, plan_data):
    own = plan_services.indicator_create(
        actor=organization["staf.evaluasi"],
        objective=plan_data.objective,
        code="IKU1",
        name="Indeks kepuasan layanan",
        unit_of_measure="indeks",
        responsible_unit=organization.agency,
        targets={YEAR: plan_services.TargetValue(D("3.5"))},
    )
    plan = make_plan(organization, unit=organization.agency, user="staf.evaluasi")
    ids = set(QuarterTarget.objects.filter(action_plan=plan).values_list("indicator", flat=True))
    assert ids == {own.pk}


def test_a_seksi_has_no_plan_of_its_own(organization, plan_data):
    with pytest.raises(ValidationError) as exc:
        make_plan(organization, unit=organization.seksi_ikp, user="kasi.ikp")
    assert error_dict(exc)["unit"] == [str(errors.UNIT_NOT_PLAN_UNIT)]
    assert not ActionPlan.objects.exists()


def test_one_plan_per_unit_and_year(organization, plan_data):
    make_plan(organization)
    with pytest.raises(ValidationError) as exc:
        make_plan(organization)
    assert error_dict(exc)["unit"] == [str(errors.PLAN_EXISTS % {"year": YEAR})]


def test_no_plan_without_indicators_in_the_year(organization, plan_data):
    with pytest.raises(ValidationError) as exc:
        make_plan(organization, unit=organization.aptika, user="kabid.aptika", year=2025)
    assert error_dict(exc)["unit"] == [str(errors.NO_INDICATORS % {"year": 2025})]


def test_sync_adds_indicators_targeted_later(organization, plan_data):
    plan = make_plan(organization)
    late = plan_services.indicator_create(
        actor=organization["staf.evaluasi"],
        objective=plan_data.objective,
        code="IK3",
        name="Jumlah konten",
        unit_of_measure="konten",
        responsible_unit=organization.seksi_ikp,
        targets={YEAR: plan_services.TargetValue(D("12"))},
    )
    assert [m.indicator for m in selectors.missing_indicators(plan)] == [late]
    assert services.action_plan_sync(actor=organization["kabid.ikp"], plan=plan) == 1
    assert QuarterTarget.objects.filter(action_plan=plan, indicator=late).count() == 4
    assert services.action_plan_sync(actor=organization["kabid.ikp"], plan=plan) == 0


# --- saving --------------------------------------------------------------------------------------


def test_update_saves_targets_actions_and_audits(organization, plan_data):
    plan = make_plan(organization)
    updated = fill(organization, plan, plan_data.indicator_ikp, ["20", "20", "20", "25"])
    assert updated.version == plan.version + 1
    assert quarters(plan, plan_data.indicator_ikp)[1] == (2, D("20"), None, "Aksi TW 2")
    event = AuditEvent.objects.filter(
        object_type="planning.actionplan", object_id=str(plan.pk), action="update"
    ).get()
    assert event.changes["IK1 TW II"] == [None, "20"]
    assert event.changes["IK1 TW II (rencana aksi)"] == [None, "Aksi TW 2"]


def test_update_refuses_a_high_value_on_a_single_indicator_and_saves_nothing(
    organization, plan_data
):
    plan = make_plan(organization)
    ik1 = plan_data.indicator_ikp.pk
    with pytest.raises(ValidationError) as exc:
        services.action_plan_update(
            actor=organization["kabid.ikp"],
            plan=plan,
            expected_version=plan.version,
            targets={
                (ik1, 1): (D("20"), None, ""),
                (ik1, 2): (D("20"), D("30"), ""),
            },
        )
    assert f"high_{ik1}_2" in error_dict(exc)
    assert [low for _q, low, _h, _a in quarters(plan, plan_data.indicator_ikp)] == [None] * 4


def test_update_checks_range_order(organization, plan_data):
    Indicator.objects.filter(pk=plan_data.indicator_ikp.pk).update(target_kind=TargetKind.RANGE)
    plan = make_plan(organization)
    ik1 = plan_data.indicator_ikp.pk
    with pytest.raises(ValidationError) as exc:
        services.action_plan_update(
            actor=organization["kabid.ikp"],
            plan=plan,
            expected_version=plan.version,
            targets={(ik1, 1): (D("30"), D("20"), ""), (ik1, 2): (D("30"), None, "")},
        )
    problems = error_dict(exc)
    assert problems[f"low_{ik1}_1"] == [str(plan_services.errors.RANGE_LOW_ABOVE_HIGH)]
    assert problems[f"high_{ik1}_2"] == [str(plan_services.errors.RANGE_NEEDS_HIGH)]


def test_racing_edit_is_refused(organization, plan_data):
    plan = make_plan(organization)
    loaded_version = plan.version
    fill(organization, plan, plan_data.indicator_ikp, ["20", "20", "20", "25"])
    with pytest.raises(StaleEditError):
        services.action_plan_update(
            actor=organization["staf.evaluasi"],
            plan=plan,
            expected_version=loaded_version,
            targets={(plan_data.indicator_ikp.pk, 1): (D("1"), None, "")},
        )
    assert quarters(plan, plan_data.indicator_ikp)[0][1] == D("20")


# --- submit, approve, return ----------------------------------------------------------------------


def test_submit_refused_without_justification_accepted_with_it(organization, plan_data):
    plan = make_plan(organization)
    ik1, ik11 = plan_data.indicator_ikp, plan_data.indicator_seksi_ikp
    fill(organization, plan, ik1, ["20", "20", "20", "20"])  # 80 ≠ 85
    fill(organization, plan, ik11, ["30", "30", "30", "30"])  # 120 = 120
    with pytest.raises(ValidationError) as exc:
        services.action_plan_submit(actor=organization["kabid.ikp"], plan=plan)
    assert error_dict(exc) == {f"justification_{ik1.pk}": [str(errors.JUSTIFICATION_REQUIRED)]}
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.DRAFT

    fill(
        organization,
        plan,
        ik1,
        ["20", "20", "20", "20"],
        justifications={ik1.pk: "Target TW IV menunggu perubahan anggaran."},
    )
    submitted = services.action_plan_submit(actor=organization["kabid.ikp"], plan=plan)
    assert submitted.status == ActionPlanStatus.SUBMITTED
    assert submitted.submitted_by == organization["kabid.ikp"]
    assert ActionPlanJustification.objects.get(action_plan=plan, indicator=ik1).text.startswith(
        "Target TW IV"
    )
    assert AuditEvent.objects.filter(
        object_type="planning.actionplan", object_id=str(plan.pk), action="submit"
    ).exists()


def test_submit_needs_quarterly_targets(organization, plan_data):
    plan = make_plan(organization)
    fill(organization, plan, plan_data.indicator_ikp, ["20", "20", "20", "25"])
    with pytest.raises(ValidationError) as exc:
        services.action_plan_submit(actor=organization["kabid.ikp"], plan=plan)
    assert error_dict(exc) == {
        f"indicator_{plan_data.indicator_seksi_ikp.pk}": [str(errors.TARGETS_REQUIRED)]
    }


def submitted_plan(organization, plan_data) -> ActionPlan:
    plan = make_plan(organization)
    fill(organization, plan, plan_data.indicator_ikp, ["20", "20", "20", "25"])
    fill(organization, plan, plan_data.indicator_seksi_ikp, ["30", "30", "30", "30"])
    return services.action_plan_submit(actor=organization["kabid.ikp"], plan=plan)


def test_submitted_plan_cannot_be_edited_or_submitted_again(organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    with pytest.raises(ValidationError) as exc:
        fill(organization, plan, plan_data.indicator_ikp, ["1", "1", "1", "1"])
    assert exc.value.messages == [str(errors.NOT_EDITABLE)]
    # Sent twice (two tabs): by whom and when, not only that it was sent.
    with pytest.raises(AlreadyDoneError) as exc:
        services.action_plan_submit(actor=organization["kabid.ikp"], plan=plan)
    assert exc.value.messages == [
        str(errors.SUBMITTED_BY)
        % {
            "name": organization["kabid.ikp"].display_name,
            "when": format_moment(plan.submitted_at),
        }
    ]


def test_approve_makes_the_plan_read_only(organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    approved = services.action_plan_approve(actor=organization["staf.evaluasi"], plan=plan)
    assert approved.status == ActionPlanStatus.APPROVED
    assert approved.approved_by == organization["staf.evaluasi"]
    with pytest.raises(ValidationError):
        fill(organization, plan, plan_data.indicator_ikp, ["1", "1", "1", "1"])
    # A second planner returning it afterwards is told who approved it, and when.
    with pytest.raises(AlreadyDoneError) as exc:
        services.action_plan_return(actor=organization["kasubag.renkeu"], plan=plan, note="x")
    assert exc.value.messages == [
        str(errors.APPROVED_BY)
        % {
            "name": organization["staf.evaluasi"].display_name,
            "when": format_moment(approved.approved_at),
        }
    ]
    # The approved targets are what the quarterly data collection measures against.
    targets = selectors.approved_quarter_targets(agency=organization.agency, year=YEAR)
    assert targets[plan_data.indicator_ikp.pk][4].low == D("25")


def test_approve_needs_a_submitted_plan(organization, plan_data):
    plan = make_plan(organization)
    with pytest.raises(ValidationError) as exc:
        services.action_plan_approve(actor=organization["staf.evaluasi"], plan=plan)
    assert exc.value.messages == [str(errors.NOT_SUBMITTED)]


def test_return_requires_a_note(organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    with pytest.raises(ValidationError) as exc:
        services.action_plan_return(actor=organization["staf.evaluasi"], plan=plan, note="  ")
    assert error_dict(exc) == {"note": [str(errors.RETURN_NOTE_REQUIRED)]}
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.SUBMITTED


def test_returned_plan_is_editable_again(organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    returned = services.action_plan_return(
        actor=organization["staf.evaluasi"], plan=plan, note="TW I terlalu rendah."
    )
    assert returned.status == ActionPlanStatus.RETURNED
    assert returned.review_note == "TW I terlalu rendah."
    event = AuditEvent.objects.get(
        object_type="planning.actionplan", object_id=str(plan.pk), action="return"
    )
    assert event.note == "TW I terlalu rendah."
    fill(organization, plan, plan_data.indicator_ikp, ["25", "20", "20", "20"])
    again = services.action_plan_submit(actor=organization["kabid.ikp"], plan=plan)
    assert again.status == ActionPlanStatus.SUBMITTED
