"""Who sees which indicators: scoping by positions, per DOMAIN roles."""

from sakip.planning.models import Indicator


def codes(user, action="view"):
    return sorted(Indicator.objects.restrict(user, action).values_list("code", flat=True))


def test_unit_head_sees_own_bidang_and_its_seksi_only(plan_data, organization):
    assert codes(organization["kabid.ikp"]) == ["IK1", "IK1.1"]
    assert codes(organization["kabid.aptika"]) == ["IK2"]
    assert codes(organization["kasi.ikp"]) == ["IK1.1"]


def test_agency_wide_roles_see_everything_of_their_agency(plan_data, organization):
    for username in ("kadis", "sekretaris", "kasubag.renkeu", "staf.evaluasi", "bagor", "admin"):
        assert codes(organization[username]) == ["IK1", "IK1.1", "IK2"], username


def test_other_agency_and_outsider_see_nothing(plan_data, organization):
    assert codes(organization["kadis.lain"]) == []
    assert codes(organization["outsider"]) == []


def test_only_planners_may_change_the_plan(plan_data, organization):
    assert codes(organization["staf.evaluasi"], "change") == ["IK1", "IK1.1", "IK2"]
    assert codes(organization["kasubag.renkeu"], "change") == ["IK1", "IK1.1", "IK2"]
    for username in ("kadis", "kabid.ikp", "kasi.ikp", "bagor", "outsider"):
        assert codes(organization[username], "change") == [], username


def test_unit_paths_sort_in_tree_order_past_nine_siblings():
    from sakip.organization.models import Unit

    parent = Unit(path="/00000001/")
    paths = [Unit.path_for(parent, pk) for pk in (10, 9, 100)]
    assert sorted(paths) == ["/00000001/00000009/", "/00000001/00000010/", "/00000001/00000100/"]
