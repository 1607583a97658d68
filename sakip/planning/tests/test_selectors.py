"""Reading the plan: which Renstra is shown, the tree each persona sees, filters, totals, history."""

from decimal import Decimal

from sakip.planning import selectors, services
from sakip.planning.choices import TargetKind
from sakip.planning.models import Renstra
from sakip.planning.selectors import TreeFilter

T = services.TargetValue


def shape(tree):
    """The indicator tree as nested (code, [children]) tuples, per objective."""

    def node(n):
        return (n.indicator.code, [node(c) for c in n.children])

    return [[node(n) for n in o.indicators] for g in tree.goals for o in g.objectives]


def tree_for(plan_data, user, year=2026, **flt):
    return selectors.plan_tree(
        user=user, renstra=plan_data.renstra, year=year, tree_filter=TreeFilter(**flt)
    )


def test_planner_sees_children_nested_under_their_parent(plan_data, organization):
    tree = tree_for(plan_data, organization["staf.evaluasi"])
    assert shape(tree) == [[("IK1", [("IK1.1", [])]), ("IK2", [])]]
    ik1 = tree.goals[0].objectives[0].indicators[0]
    assert ik1.target.low == Decimal("85")  # the 2026 target


def test_unit_head_sees_own_unit_and_its_seksi_only(plan_data, organization):
    tree = tree_for(plan_data, organization["kabid.ikp"])
    assert shape(tree) == [[("IK1", [("IK1.1", [])])]]


def test_seksi_head_sees_own_indicator_at_the_root_with_its_origin(plan_data, organization):
    tree = tree_for(plan_data, organization["kasi.ikp"])
    assert shape(tree) == [[("IK1.1", [])]]
    node = tree.goals[0].objectives[0].indicators[0]
    assert node.cascades_from.code == "IK1"


def test_other_agency_sees_no_renstra(plan_data, organization):
    assert selectors.visible_renstras(organization["kadis.lain"]) == []
    assert selectors.visible_renstras(organization["outsider"]) == []


def test_filters_iku_unit_and_search(plan_data, organization):
    planner = organization["staf.evaluasi"]
    assert shape(tree_for(plan_data, planner, iku_only=True)) == [[("IK1", []), ("IK2", [])]]
    assert shape(tree_for(plan_data, planner, unit=organization.aptika)) == [[("IK2", [])]]
    # A bidang filter includes its seksi.
    assert shape(tree_for(plan_data, planner, unit=organization.ikp)) == [
        [("IK1", [("IK1.1", [])])]
    ]
    found = tree_for(plan_data, planner, search="RILIS")
    assert shape(found) == [[("IK1.1", [])]]
    assert found.indicator_count == 1
    assert tree_for(plan_data, planner, search="tidak ada").goals == []


def test_codes_sort_naturally(plan_data, organization):
    actor = organization["staf.evaluasi"]
    for code in ("IK10", "IK3"):
        services.indicator_create(
            actor=actor,
            objective=plan_data.objective,
            code=code,
            name=f"Indikator {code}",
            unit_of_measure="%",
            responsible_unit=organization.aptika,
        )
    tree = tree_for(plan_data, actor)
    codes = [n.indicator.code for n in tree.goals[0].objectives[0].indicators]
    assert codes == ["IK1", "IK2", "IK3", "IK10"]


def test_pick_renstra_prefers_the_one_holding_the_year(plan_data, organization):
    planner = organization["staf.evaluasi"]
    newer = services.renstra_create(
        actor=planner, agency=organization.agency, start_year=2030, title="Renstra 2030–2034"
    )
    renstras = selectors.visible_renstras(planner)
    assert selectors.pick_renstra(renstras, user=planner, year=2026) == plan_data.renstra
    assert selectors.pick_renstra(renstras, user=planner, year=2031) == newer
    assert selectors.pick_renstra(renstras, user=planner, year=2040) == newer  # the latest
    assert selectors.pick_renstra([], user=planner, year=2026) is None


def _budget_plan(plan_data, organization):
    actor = organization["staf.evaluasi"]
    program = services.program_create(
        actor=actor,
        renstra=plan_data.renstra,
        code="2.16.02",
        name="Program Informasi dan Komunikasi Publik",
        responsible_unit=organization.subbag_renkeu,
        objectives=[plan_data.objective],
    )
    activity = services.activity_create(
        actor=actor,
        program=program,
        code="2.16.02.2.01",
        name="Pengelolaan Informasi dan Komunikasi Publik",
        responsible_unit=organization.ikp,
    )
    for code, pagu in (("01", "1004422800"), ("02", "250000000.50")):
        services.sub_activity_create(
            actor=actor,
            activity=activity,
            code=f"2.16.02.2.01.{code}",
            name=f"Sub kegiatan {code}",
            responsible_unit=organization.seksi_ikp,
            budgets={2026: Decimal(pagu), 2027: Decimal("1")},
        )
    return program


def test_pagu_of_the_year_and_totals(plan_data, organization):
    _budget_plan(plan_data, organization)
    tree = tree_for(plan_data, organization["staf.evaluasi"])
    (program,) = tree.programs
    assert program.objective_codes == ["S1"]
    (activity,) = program.activities
    assert [row.pagu for row in activity.sub_activities] == [
        Decimal("1004422800"),
        Decimal("250000000.50"),
    ]
    assert activity.total == program.total == tree.total_pagu == Decimal("1254422800.50")


def test_year_outside_the_renstra_shows_no_targets_or_pagu(plan_data, organization):
    _budget_plan(plan_data, organization)
    tree = tree_for(plan_data, organization["staf.evaluasi"], year=2031)
    assert not tree.year_in_period
    assert all(n.target is None for n in tree.goals[0].objectives[0].indicators)
    assert tree.total_pagu is None


def test_unit_head_sees_own_activity_under_another_units_program(plan_data, organization):
    _budget_plan(plan_data, organization)
    tree = tree_for(plan_data, organization["kabid.ikp"])
    assert [p.program.code for p in tree.programs] == ["2.16.02"]
    assert len(tree.programs[0].activities[0].sub_activities) == 2
    assert tree_for(plan_data, organization["kabid.aptika"]).programs == []


def test_history_shows_before_and_after_in_indonesian_numbers(plan_data, organization):
    actor = organization["staf.evaluasi"]
    indicator = plan_data.indicator_ikp
    services.indicator_update(
        actor=actor,
        indicator=indicator,
        expected_version=indicator.version,
        target_kind=TargetKind.RANGE,
        targets={2026: T(Decimal("95.56"), Decimal("99"))},
    )
    rows = selectors.history(indicator)
    latest = rows[0]
    assert latest.actor == "Staf Evaluasi"
    assert [(c.before, c.after) for c in latest.changes] == [("85", "95,56–99")]
    update = next(r for r in rows if r.action == str(selectors.ACTION_LABELS["update"]))
    assert [(c.before, c.after) for c in update.changes] == [
        (str(TargetKind.SINGLE.label), str(TargetKind.RANGE.label))
    ]


def test_parent_choices_exclude_the_indicator_and_its_descendants(plan_data, organization):
    planner = organization["staf.evaluasi"]
    renstra = Renstra.objects.get()
    choices = selectors.parent_choices(planner, renstra, exclude=plan_data.indicator_ikp)
    assert [i.code for i in choices] == ["IK2"]
    assert selectors.parent_choices(organization["kabid.ikp"], renstra).count() == 0
