"""The plan tree's table is one loop over the indicators depth first (issue 12: no recursive
include per indicator): each indicator right after its parent, with its depth."""

from sakip.planning.models import Indicator, Objective
from sakip.planning.selectors import IndicatorNode, ObjectiveNode


def _node(code, *children):
    return IndicatorNode(indicator=Indicator(code=code), target=None, children=list(children))


def test_rows_are_depth_first_with_depth():
    tree = ObjectiveNode(
        objective=Objective(code="S1"),
        indicators=[
            _node("1", _node("1.1", _node("1.1.1")), _node("1.2")),
            _node("2"),
        ],
    )
    assert [(node.indicator.code, depth) for node, depth in tree.rows] == [
        ("1", 0),
        ("1.1", 1),
        ("1.1.1", 2),
        ("1.2", 1),
        ("2", 0),
    ]
