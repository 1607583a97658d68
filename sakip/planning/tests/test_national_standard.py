"""The national standard of an indicator (LKjIP analysis 4): typed on the indicator form, kept,
shown on the indicator page and recorded in the history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.planning.models import Indicator

from .test_views import indicator_post, login, page

pytestmark = pytest.mark.django_db


def test_planner_enters_a_national_standard_and_sees_it_on_the_indicator_page(
    client, plan_data, organization
):
    login(client, "staf.evaluasi")
    url = f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}"
    assert 'name="national_standard"' in page(client.get(url))
    response = client.post(
        url,
        indicator_post(
            responsible_unit=organization.ikp.pk,
            national_standard="87,5",
            national_standard_source="Permendagri 59/2021",
        ),
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="IK3")
    assert indicator.national_standard == Decimal("87.5")
    assert indicator.national_standard_source == "Permendagri 59/2021"
    html = page(client.get(response["Location"]))
    assert "Standar nasional" in html
    assert "87,5 indeks" in html and "Permendagri 59/2021" in html


def test_the_edit_form_shows_the_standard_and_an_empty_input_removes_it(
    client, plan_data, organization
):
    indicator = plan_data.indicator_aptika
    Indicator.objects.filter(pk=indicator.pk).update(
        national_standard=Decimal("2.6"), national_standard_source="PermenPANRB 59/2020"
    )
    indicator.refresh_from_db()
    login(client, "staf.evaluasi")
    url = reverse("planning:indicator_update", args=[indicator.pk])
    html = page(client.get(url))
    assert 'name="national_standard" value="2,6"' in html
    assert 'value="PermenPANRB 59/2020"' in html
    data = indicator_post(
        code="IK2",
        name=indicator.name,
        unit_of_measure=indicator.unit_of_measure,
        responsible_unit=organization.aptika.pk,
        target_kind="single",
        end_target_low="",
        end_target_high="",
        baseline="",
        national_standard="",
        national_standard_source="",
        target_2026="3,1",
        version=indicator.version,
    )
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.national_standard is None and indicator.national_standard_source == ""
    change = AuditEvent.objects.filter(action="update").latest("pk").changes
    assert change["national_standard"][1] is None
    assert change["national_standard_source"] == ["PermenPANRB 59/2020", ""]


def test_a_standard_that_is_not_a_number_is_refused_next_to_the_field(
    client, plan_data, organization
):
    login(client, "staf.evaluasi")
    url = f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}"
    html = page(
        client.post(
            url, indicator_post(responsible_unit=organization.ikp.pk, national_standard="tinggi")
        )
    )
    start = html.index('id="id_national_standard"')
    assert "“tinggi” bukan angka. Tulis ribuan dengan titik" in html[start : start + 600]
    assert not Indicator.objects.filter(code="IK3").exists()
