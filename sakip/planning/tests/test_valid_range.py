"""Plausible values of an indicator (DOMAIN.md §3 rule 4, issue 8): the valid range is declared on
the indicator form, and targets outside it are refused on the form, in the RKT, in the Rencana
Aksi and in the Excel import, with the range named."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from sakip.planning import errors, services
from sakip.planning.models import Indicator

from .test_views import field_errors, indicator_post, login, page

pytestmark = pytest.mark.django_db


def _create_url(plan_data):
    return f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}"


def test_a_planner_declares_an_index_range_and_targets_outside_it_are_refused(
    client, plan_data, organization
):
    login(client, "staf.evaluasi")
    url = _create_url(plan_data)
    form_page = page(client.get(url))
    assert 'name="valid_min"' in form_page and 'name="allows_negative"' in form_page
    data = indicator_post(
        responsible_unit=organization.ikp.pk,
        target_kind="single",
        baseline="3",
        end_target_low="4,5",
        end_target_high="",
        valid_min="0",
        valid_max="5",
        target_2026="7",
    )
    html = page(client.post(url, data))
    assert "Nilai 7 di luar rentang sah indikator ini: 0 sampai 5." in field_errors(
        html, "id_target_2026"
    )
    assert not Indicator.objects.filter(code="IK3").exists()

    data["target_2026"] = "4,2"
    assert client.post(url, data).status_code == 302
    indicator = Indicator.objects.get(code="IK3")
    assert (indicator.valid_min, indicator.valid_max) == (Decimal("0"), Decimal("5"))
    assert indicator.targets.get(year=2026).low == Decimal("4.2")


def test_negative_targets_need_the_indicator_to_allow_them(client, plan_data, organization):
    login(client, "staf.evaluasi")
    url = _create_url(plan_data)
    data = indicator_post(
        responsible_unit=organization.ikp.pk,
        target_kind="single",
        end_target_high="",
        target_2026="-1,5",
    )
    html = page(client.post(url, data))
    assert "tidak boleh negatif (-1,5)" in field_errors(html, "id_target_2026")
    data["allows_negative"] = "on"
    assert client.post(url, data).status_code == 302
    assert Indicator.objects.get(code="IK3").targets.get(year=2026).low == Decimal("-1.5")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"valid_min": "10", "valid_max": "5"}, errors.VALID_RANGE_REVERSED),
        ({"valid_min": "-5"}, errors.VALID_MIN_NEGATIVE),
    ],
)
def test_a_range_that_makes_no_sense_is_refused(
    client, plan_data, organization, overrides, message
):
    login(client, "staf.evaluasi")
    data = indicator_post(responsible_unit=organization.ikp.pk, **overrides)
    html = page(client.post(_create_url(plan_data), data))
    assert escape(str(message)) in html
    assert not Indicator.objects.filter(code="IK3").exists()


def test_the_services_refuse_targets_outside_the_range_whatever_the_entry_path(
    plan_data, organization
):
    indicator = plan_data.indicator_ikp
    Indicator.objects.filter(pk=indicator.pk).update(valid_min=0, valid_max=100)
    indicator.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.targets_set(
            actor=organization["staf.evaluasi"],
            indicator=indicator,
            targets={2026: services.TargetValue(Decimal("120"))},
        )
    assert refused.value.message_dict["target_2026"] == [
        "Nilai 120 di luar rentang sah indikator ini: 0 sampai 100."
    ]
