"""A user's holdings are kept under the people stamp (access._kept_holding_rows): a change to
their positions applies on the very next request, and while nothing changes a request reads the
stamp instead of the holdings."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sakip.organization import services as org
from sakip.organization.access import access_for
from sakip.organization.choices import HoldingKind
from sakip.organization.models import PositionHolding
from sakip.planning.models import Indicator

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as the next request loads it (the access cached on the object is per request)."""
    return get_user_model().objects.get(pk=user.pk)


def _codes(user) -> list[str]:
    return sorted(Indicator.objects.restrict(user, "view").values_list("code", flat=True))


def test_an_ended_holding_applies_on_the_next_request(plan_data, organization):
    head = organization["kabid.ikp"]
    assert _codes(_fresh(head)) == ["IK1", "IK1.1"]  # read and kept

    holding = PositionHolding.objects.get(employee__user=head)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    org.holding_end(actor=organization["admin"], holding=holding, end_date=yesterday)

    assert _codes(_fresh(head)) == []


def test_a_new_acting_holding_applies_on_the_next_request(plan_data, organization):
    head = organization["kabid.ikp"]
    assert _codes(_fresh(head)) == ["IK1", "IK1.1"]
    aptika_head = PositionHolding.objects.get(employee__user=organization["kabid.aptika"])
    org.holding_create(
        actor=organization["admin"],
        position=aptika_head.position,
        employee=head.employee,
        start_date=timezone.localdate(),
        kind=HoldingKind.PLT,
    )
    assert _codes(_fresh(head)) == ["IK1", "IK1.1", "IK2"]


def test_while_nothing_changes_the_holdings_are_not_read_again(plan_data, organization):
    head = organization["kabid.ikp"]
    first = access_for(_fresh(head))
    with CaptureQueriesContext(connection) as queries:
        again = access_for(_fresh(head))
    assert again == first
    read = [q["sql"] for q in queries]
    assert not any("organization_positionholding" in sql for sql in read), read
    assert sum("core_datastamp" in sql for sql in read) == 1
