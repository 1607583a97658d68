"""The plan's write rules: ranges, years of the Renstra, codes, racing edits and the audit trail."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sakip.audit.models import AuditEvent
from sakip.planning import errors, services
from sakip.planning.choices import TargetKind
from sakip.planning.models import Budget, Indicator, IndicatorTarget

T = services.TargetValue


def messages_of(exc: ValidationError, field: str) -> list[str]:
    return [str(message) for message in exc.message_dict[field]]


def new_indicator(plan_data, organization, **overrides):
    fields = {
        "code": "IK9",
        "name": "Indeks kepuasan layanan",
        "unit_of_measure": "indeks",
        "responsible_unit": organization.ikp,
        "target_kind": TargetKind.RANGE,
    }
    fields.update(overrides)
    return services.indicator_create(
        actor=organization["staf.evaluasi"], objective=plan_data.objective, **fields
    )


def test_range_target_is_stored_with_both_values(plan_data, organization):
    indicator = new_indicator(
        plan_data, organization, targets={2026: T(Decimal("80"), Decimal("90"))}
    )
    target = IndicatorTarget.objects.get(indicator=indicator, year=2026)
    assert (target.low, target.high) == (Decimal("80"), Decimal("90"))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (T(Decimal("90"), Decimal("80")), errors.RANGE_LOW_ABOVE_HIGH),
        (T(Decimal("80"), None), errors.RANGE_NEEDS_HIGH),
        (T(None, Decimal("90")), errors.TARGET_REQUIRED),
    ],
)
def test_invalid_range_is_refused_and_nothing_is_written(plan_data, organization, value, message):
    indicators, events = Indicator.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        new_indicator(plan_data, organization, targets={2026: value})
    assert messages_of(caught.value, "target_2026") == [str(message)]
    # The indicator itself was created inside the same transaction: it is gone with the refusal.
    assert Indicator.objects.count() == indicators
    assert AuditEvent.objects.count() == events


def test_a_single_value_target_cannot_have_a_high_value(plan_data, organization):
    with pytest.raises(ValidationError) as caught:
        services.targets_set(
            actor=organization["staf.evaluasi"],
            indicator=plan_data.indicator_ikp,
            targets={2026: T(Decimal("80"), Decimal("90"))},
        )
    assert messages_of(caught.value, "target_2026") == [str(errors.SINGLE_HAS_HIGH)]


def test_end_of_period_range_must_be_ordered(plan_data, organization):
    with pytest.raises(ValidationError) as caught:
        new_indicator(
            plan_data,
            organization,
            end_target_low=Decimal("95"),
            end_target_high=Decimal("90"),
        )
    assert messages_of(caught.value, "end_target_low") == [str(errors.RANGE_LOW_ABOVE_HIGH)]


@pytest.mark.parametrize("year", [2024, 2030])
def test_a_year_outside_the_renstra_is_refused(plan_data, organization, year):
    before = list(IndicatorTarget.objects.order_by("pk").values_list("pk", "low"))
    with pytest.raises(ValidationError) as caught:
        services.targets_set(
            actor=organization["staf.evaluasi"],
            indicator=plan_data.indicator_ikp,
            targets={2026: T(Decimal("99")), year: T(Decimal("90"))},
        )
    expected = errors.YEAR_OUTSIDE_RENSTRA % {"year": year, "start": 2025, "end": 2029}
    assert messages_of(caught.value, f"target_{year}") == [str(expected)]
    # The valid year given together with it was not written either.
    assert list(IndicatorTarget.objects.order_by("pk").values_list("pk", "low")) == before


def test_budget_outside_the_renstra_or_negative_is_refused(plan_data, organization):
    actor = organization["staf.evaluasi"]
    program = services.program_create(
        actor=actor,
        renstra=plan_data.renstra,
        code="2.16.01",
        name="Program Penunjang",
        responsible_unit=organization.subbag_renkeu,
    )
    activity = services.activity_create(
        actor=actor,
        program=program,
        code="2.16.01.1.01",
        name="Perencanaan",
        responsible_unit=organization.subbag_renkeu,
    )
    sub = services.sub_activity_create(
        actor=actor,
        activity=activity,
        code="2.16.01.1.01.01",
        name="Penyusunan Dokumen Perencanaan",
        responsible_unit=organization.subbag_renkeu,
    )
    with pytest.raises(ValidationError) as caught:
        services.budgets_set(actor=actor, sub_activity=sub, budgets={2031: Decimal("1000")})
    assert "pagu_2031" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.budgets_set(actor=actor, sub_activity=sub, budgets={2026: Decimal("-1")})
    assert messages_of(caught.value, "pagu_2026") == [str(errors.NEGATIVE_BUDGET)]
    assert not Budget.objects.exists()


def test_a_code_already_used_in_the_objective_is_refused(plan_data, organization):
    with pytest.raises(ValidationError) as caught:
        new_indicator(plan_data, organization, code="IK1", target_kind=TargetKind.SINGLE)
    assert messages_of(caught.value, "code") == [str(errors.CODE_TAKEN)]


def test_a_stale_edit_is_refused_and_nothing_is_written(plan_data, organization):
    actor = organization["staf.evaluasi"]
    indicator = Indicator.objects.get(pk=plan_data.indicator_ikp.pk)
    loaded_version = indicator.version
    # Someone else saves first.
    services.indicator_update(
        actor=organization["kasubag.renkeu"],
        indicator=indicator,
        expected_version=loaded_version,
        name="Nama dari kasubag",
    )
    events = AuditEvent.objects.count()
    with pytest.raises(services.StaleEditError) as caught:
        services.indicator_update(
            actor=actor,
            indicator=indicator,
            expected_version=loaded_version,
            name="Nama dari staf",
            targets={2026: T(Decimal("99"))},
        )
    assert "Kasubag Renkeu" in str(caught.value.messages[0])
    indicator.refresh_from_db()
    assert indicator.name == "Nama dari kasubag"
    assert IndicatorTarget.objects.get(indicator=indicator, year=2026).low == Decimal("85")
    assert AuditEvent.objects.count() == events


def test_an_update_writes_an_audit_event_with_before_and_after(plan_data, organization):
    actor = organization["staf.evaluasi"]
    indicator = plan_data.indicator_ikp
    old_name = indicator.name
    services.indicator_update(
        actor=actor,
        indicator=indicator,
        expected_version=indicator.version,
        name="Persentase informasi publik yang terpublikasi",
        targets={2026: T(Decimal("87.5"))},
    )
    events = AuditEvent.objects.filter(
        object_type="planning.indicator", object_id=str(indicator.pk)
    )
    update = events.get(action="update")
    assert update.actor == actor
    assert update.changes == {"name": [old_name, "Persentase informasi publik yang terpublikasi"]}
    targets = events.filter(action="targets").first()  # newest first
    assert targets is not None
    before, after = targets.changes["2026"]
    assert Decimal(before[0]) == Decimal("85") and Decimal(after[0]) == Decimal("87.5")


def test_parent_loop_is_refused_and_nothing_changes(plan_data, organization):
    parent = plan_data.indicator_ikp  # IK1.1's parent
    child = plan_data.indicator_seksi_ikp
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(
            actor=organization["staf.evaluasi"],
            indicator=parent,
            expected_version=parent.version,
            parent=child,
        )
    assert caught.value.message_dict["parent"] == [str(errors.PARENT_LOOP)]
    assert Indicator.objects.get(pk=parent.pk).parent_id is None
