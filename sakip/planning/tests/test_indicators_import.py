"""services.indicators_import: the many indicators of an Excel import in one action, with the
rules and the audit events of the single-indicator services."""

from decimal import Decimal

import pytest

from sakip.audit.models import AuditEvent
from sakip.planning import errors
from sakip.planning import services as plan
from sakip.planning.models import Indicator, IndicatorTarget

D = Decimal


@pytest.fixture
def planner(organization):
    return organization["staf.evaluasi"]


def new_item(plan_data, organization, ref, code, **extra):
    return plan.IndicatorImport(
        ref=ref,
        objective=plan_data.objective,
        code=code,
        fields={
            "name": f"Indikator {code}",
            "unit_of_measure": "%",
            "responsible_unit": organization.aptika,
        },
        **extra,
    )


def events_after(last_id):
    return [
        (e.action, e.object_repr.split(" ")[0], e.changes, e.actor.username)
        for e in AuditEvent.objects.filter(pk__gt=last_id).order_by("pk")
    ]


def test_every_change_is_written_with_its_audit_event(planner, organization, plan_data):
    newest = AuditEvent.objects.order_by("pk").last()
    assert newest is not None
    last = newest.pk
    ik2_version = plan_data.indicator_aptika.version
    ik1_version = plan_data.indicator_ikp.version
    ik3 = new_item(plan_data, organization, 2, "IK3", targets={2026: plan.TargetValue(D("5"))})
    items = [
        ik3,
        new_item(plan_data, organization, 3, "IK3.1", parent=ik3),
        plan.IndicatorImport(
            ref=4,
            objective=plan_data.objective,
            code="IK2",
            indicator=plan_data.indicator_aptika,
            fields={"data_source": "BPS"},
            targets={2026: plan.TargetValue(D("3.5")), 2027: plan.TargetValue(D("4"))},
        ),
        plan.IndicatorImport(
            ref=5,
            objective=plan_data.objective,
            code="IK1",
            indicator=plan_data.indicator_ikp,
            targets={2025: plan.TargetValue(None)},
        ),
    ]

    assert plan.indicators_import(actor=planner, renstra=plan_data.renstra, items=items) == (2, 2)

    created = Indicator.objects.get(code="IK3")
    child = Indicator.objects.get(code="IK3.1")
    assert child.parent == created
    assert created.targets.get(year=2026).low == 5
    ik2 = Indicator.objects.get(pk=plan_data.indicator_aptika.pk)
    assert (ik2.data_source, ik2.version) == ("BPS", ik2_version + 1)
    assert {t.year: t.low for t in ik2.targets.all()} == {2026: D("3.5"), 2027: D("4")}
    assert ik2.targets.get(year=2026).version == 2
    # Targets alone leave the indicator's version, as targets_set does.
    ik1 = Indicator.objects.get(pk=plan_data.indicator_ikp.pk)
    assert ik1.version == ik1_version
    assert list(ik1.targets.values_list("year", flat=True)) == [2026]

    events = events_after(last)
    assert [(action, code) for action, code, _changes, _actor in events] == [
        ("create", "IK3"),
        ("targets", "IK3"),
        ("create", "IK3.1"),
        ("update", "IK2"),
        ("targets", "IK2"),
        ("targets", "IK1"),
    ]
    assert {actor for *_rest, actor in events} == {"staf.evaluasi"}
    changes = {(action, code): changes for action, code, changes, _actor in events}
    assert changes[("create", "IK3.1")]["parent"] == [None, "IK3 Indikator IK3"]
    assert changes[("create", "IK3")]["responsible_unit"] == [None, organization.aptika.name]
    assert changes[("update", "IK2")] == {"data_source": ["", "BPS"]}
    assert changes[("targets", "IK2")] == {
        "2026": [["3.1000", None], ["3.5", None]],
        "2027": [None, ["4", None]],
    }
    assert changes[("targets", "IK1")] == {"2025": [["80.0000", None], None]}
    assert changes[("targets", "IK3")] == {"2026": [None, ["5", None]]}


def test_one_refused_item_refuses_them_all(planner, organization, plan_data):
    before = (
        Indicator.objects.count(),
        IndicatorTarget.objects.count(),
        AuditEvent.objects.count(),
    )
    items = [
        new_item(plan_data, organization, 2, "IK4", targets={2026: plan.TargetValue(D("1"))}),
        # The code of an indicator that exists under the same objective.
        new_item(plan_data, organization, 3, "IK2"),
        # IK1.1 hangs under IK1: IK1 under IK1.1 would be a loop.
        plan.IndicatorImport(
            ref=4,
            objective=plan_data.objective,
            code="IK1",
            indicator=plan_data.indicator_ikp,
            parent=plan_data.indicator_seksi_ikp,
        ),
        # A target outside the Renstra.
        new_item(plan_data, organization, 5, "IK5", targets={2031: plan.TargetValue(D("1"))}),
    ]

    with pytest.raises(plan.IndicatorsRefused) as refused:
        plan.indicators_import(actor=planner, renstra=plan_data.renstra, items=items)

    found = {ref: exc.message_dict for ref, exc in refused.value.refused.items()}
    assert found == {
        3: {"code": [str(errors.CODE_TAKEN)]},
        4: {"parent": [str(errors.PARENT_LOOP)]},
        5: {
            "target_2031": [
                str(errors.YEAR_OUTSIDE_RENSTRA % {"year": 2031, "start": 2025, "end": 2029})
            ]
        },
    }
    after = (Indicator.objects.count(), IndicatorTarget.objects.count(), AuditEvent.objects.count())
    assert after == before
    assert Indicator.objects.get(pk=plan_data.indicator_ikp.pk).parent is None
