"""The planning screens as each persona uses them: tree, forms, indicator page, access, queries."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD
from sakip.core.templatetags.sakip_format import id_number, id_plain, rupiah
from sakip.core.tests.number_cases import CASES as NUMBER_CASES
from sakip.planning import errors, services
from sakip.planning.forms import IdDecimalField
from sakip.planning.models import Budget, Goal, Indicator, IndicatorTarget, Renstra

T = services.TargetValue
TREE = reverse("planning:tree")


def login(client, username, year=2026):
    assert client.login(username=username, password=PASSWORD)
    client.post(reverse("shell:choose_year"), {"year": year, "next": "/"})
    return client


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def indicator_post(**overrides):
    data = {
        "code": "IK3",
        "name": "Indeks kepuasan masyarakat",
        "unit_of_measure": "indeks",
        "definition": "Rata-rata nilai survei",
        "data_source": "Survei IKM",
        "responsible_unit": "",
        "polarity": "higher",
        "target_kind": "range",
        "aggregation": "average",
        "parent": "",
        "baseline": "75,5",
        "end_target_low": "85",
        "end_target_high": "95",
    }
    for year in range(2025, 2030):
        data[f"target_{year}"] = ""
        data[f"target_{year}_high"] = ""
    data.update(overrides)
    return data


def field_errors(html: str, field_id: str) -> str:
    """The markup from a field's input to the next table cell or field: where its errors sit."""
    start = html.index(f'id="{field_id}"')
    end = min(i for i in (html.find("</td>", start), html.find('class="mb-3"', start)) if i > 0)
    return html[start:end]


# --- the tree --------------------------------------------------------------------------------


def test_planner_sees_the_whole_tree_with_edit_buttons(client, plan_data, organization):
    html = page(login(client, "staf.evaluasi").get(TREE))
    for code in ("IK1", "IK1.1", "IK2", "T1", "S1"):
        assert f">{code}<" in html
    assert "Renstra 2025–2029" in html
    assert reverse("planning:indicator_update", args=[plan_data.indicator_aptika.pk]) in html
    assert f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}" in html
    # Export for everyone, by path until the Excel screens name it; import for planners.
    assert "/rencana/excel/ekspor/?renstra=" in html
    assert "/rencana/excel/impor/?renstra=" in html


def test_unit_head_sees_own_indicators_without_edit_buttons(client, plan_data, organization):
    html = page(login(client, "kabid.ikp").get(TREE))
    assert ">IK1<" in html and ">IK1.1<" in html
    assert ">IK2<" not in html and "Indeks SPBE" not in html
    assert "/ubah/" not in html and "/baru/" not in html
    assert "/rencana/excel/impor/" not in html


def test_outsider_sees_an_empty_state(client, plan_data, organization):
    html = page(login(client, "outsider").get(TREE))
    assert 'id="plan-empty"' in html
    assert "Belum ada Renstra yang dapat Anda lihat." in html
    assert "IK1" not in html


def test_other_agency_cannot_open_this_renstra(client, plan_data, organization):
    login(client, "kadis.lain")
    assert client.get(TREE, {"renstra": plan_data.renstra.pk}).status_code == 404
    assert 'id="plan-empty"' in page(client.get(TREE))


def test_tree_shows_target_of_the_selected_year_and_filters(client, plan_data, organization):
    login(client, "staf.evaluasi", year=2025)
    row = page(client.get(TREE)).split(f'id="indicator-{plan_data.indicator_ikp.pk}"')[1]
    assert re.search(r'class="num text-nowrap">80<', row)
    html = page(client.get(TREE, {"renstra": plan_data.renstra.pk, "iku": "on"}))
    assert ">IK1<" in html and ">IK2<" in html and ">IK1.1<" not in html
    html = page(client.get(TREE, {"renstra": plan_data.renstra.pk, "unit": organization.aptika.pk}))
    assert ">IK2<" in html and ">IK1<" not in html


def test_tree_warns_when_the_year_is_outside_the_renstra(client, plan_data, organization):
    html = page(login(client, "staf.evaluasi", year=2031).get(TREE))
    assert "di luar periode Renstra" in html


def test_htmx_filter_returns_only_the_tree_body(client, plan_data, organization):
    login(client, "staf.evaluasi")
    response = client.get(
        TREE, {"q": "SPBE"}, headers={"HX-Request": "true", "HX-Target": "plan-tree-body"}
    )
    html = page(response)
    assert "<html" not in html and ">IK2<" in html and ">IK1<" not in html


def test_tree_shows_pagu_in_rupiah_with_totals(client, plan_data, organization):
    actor = organization["staf.evaluasi"]
    program = services.program_create(
        actor=actor,
        renstra=plan_data.renstra,
        code="2.16.02",
        name="Program Informasi",
        responsible_unit=organization.ikp,
    )
    activity = services.activity_create(
        actor=actor,
        program=program,
        code="2.16.02.2.01",
        name="Kegiatan",
        responsible_unit=organization.ikp,
    )
    services.sub_activity_create(
        actor=actor,
        activity=activity,
        code="2.16.02.2.01.01",
        name="Sub kegiatan",
        responsible_unit=organization.ikp,
        budgets={2026: Decimal("1004422800")},
    )
    html = page(login(client, "kabid.ikp").get(TREE))
    assert html.count("Rp1.004.422.800") == 4  # sub-activity, activity, program, grand total


def _add_plan_items(plan_data, organization, numbers):
    """Per number: a goal, an objective, three cascading indicators in three units (one IKU),
    a program, an activity and a sub-activity with pagu, owned by different units."""
    actor = organization["staf.evaluasi"]
    units = [organization.ikp, organization.seksi_ikp, organization.aptika]
    for i in numbers:
        goal = services.goal_create(
            actor=actor, renstra=plan_data.renstra, code=f"T{i + 2}", statement=f"Tujuan {i}"
        )
        objective = services.objective_create(
            actor=actor, goal=goal, code=f"S{i + 2}", statement=f"Sasaran {i}"
        )
        for j, unit in enumerate(units):
            services.indicator_create(
                actor=actor,
                objective=objective,
                code=f"IK{i}.{j}",
                name=f"Indikator {i}.{j}",
                unit_of_measure="%",
                responsible_unit=unit,
                parent=plan_data.indicator_ikp,
                is_iku=j == 0,
                targets={2026: T(Decimal(j + 1))},
            )
        program = services.program_create(
            actor=actor,
            renstra=plan_data.renstra,
            code=f"P{i}",
            name=f"Program {i}",
            responsible_unit=units[i % 3],
            objectives=[objective],
        )
        activity = services.activity_create(
            actor=actor,
            program=program,
            code=f"K{i}",
            name=f"Kegiatan {i}",
            responsible_unit=units[(i + 1) % 3],
        )
        services.sub_activity_create(
            actor=actor,
            activity=activity,
            code=f"SK{i}",
            name=f"Sub kegiatan {i}",
            responsible_unit=units[(i + 2) % 3],
            budgets={2026: Decimal(1000 * (i + 1))},
        )


def _count_queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        page(client.get(TREE, params or {}))
    return len(queries)


@pytest.mark.parametrize("username", ["staf.evaluasi", "kabid.ikp", "kasi.ikp", "admin"])
def test_tree_query_count_does_not_grow_with_the_plan(client, plan_data, organization, username):
    login(client, username)
    _add_plan_items(plan_data, organization, range(1))
    few = _count_queries(client)
    few_filtered = _count_queries(client, {"q": "Indikator", "iku": "on"})
    _add_plan_items(plan_data, organization, range(1, 21))
    assert Indicator.objects.count() == 3 + 21 * 3
    assert _count_queries(client) == few
    assert _count_queries(client, {"q": "Indikator", "iku": "on"}) == few_filtered


# --- forms: creating and editing -------------------------------------------------------------


def test_planner_creates_a_range_indicator_and_sees_it_in_the_tree(client, plan_data, organization):
    login(client, "staf.evaluasi")
    url = f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}"
    assert "Indikator baru" in page(client.get(url))
    response = client.post(
        url,
        indicator_post(
            responsible_unit=organization.ikp.pk,
            parent=plan_data.indicator_ikp.pk,
            target_2026="80",
            target_2026_high="90",
            target_2027="82,5",
            target_2027_high="92,75",
        ),
    )
    indicator = Indicator.objects.get(code="IK3")
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:indicator_detail", args=[indicator.pk])
    assert indicator.parent == plan_data.indicator_ikp
    assert indicator.baseline == Decimal("75.5")
    assert (indicator.end_target_low, indicator.end_target_high) == (85, 95)
    targets = {t.year: (t.low, t.high) for t in IndicatorTarget.objects.filter(indicator=indicator)}
    assert targets == {2026: (80, 90), 2027: (Decimal("82.5"), Decimal("92.75"))}
    html = page(client.get(TREE))
    row = html.split(f'id="indicator-{indicator.pk}"')[1].split("</tr>")[0]
    assert "Indeks kepuasan masyarakat" in row and "80–90" in row


def test_invalid_range_shows_the_error_next_to_the_field_and_writes_nothing(
    client, plan_data, organization
):
    login(client, "staf.evaluasi")
    url = f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}"
    indicators, targets = Indicator.objects.count(), IndicatorTarget.objects.count()
    html = page(
        client.post(
            url,
            indicator_post(
                responsible_unit=organization.ikp.pk, target_2026="90", target_2026_high="80"
            ),
        )
    )
    message = escape(str(errors.RANGE_LOW_ABOVE_HIGH))
    assert message in field_errors(html, "id_target_2026")
    assert 'id="form-error-summary"' in html  # the summary at the top
    assert Indicator.objects.count() == indicators
    assert IndicatorTarget.objects.count() == targets
    # Nothing typed is lost.
    assert 'value="Indeks kepuasan masyarakat"' in html
    assert 'name="target_2026" value="90"' in html and 'value="80"' in html
    assert 'value="75,5"' in html


def test_range_without_high_and_a_used_code_are_shown_next_to_their_fields(
    client, plan_data, organization
):
    login(client, "staf.evaluasi")
    url = f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}"
    html = page(
        client.post(url, indicator_post(responsible_unit=organization.ikp.pk, target_2028="80"))
    )
    assert escape(str(errors.RANGE_NEEDS_HIGH)) in field_errors(html, "id_target_2028")
    html = page(
        client.post(
            url,
            indicator_post(code="IK1", target_kind="single", responsible_unit=organization.ikp.pk),
        )
    )
    assert escape(str(errors.CODE_TAKEN)) in field_errors(html, "id_code")


def test_every_mistake_shows_at_once(client, plan_data, organization):
    login(client, "staf.evaluasi")
    url = f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}"
    data = indicator_post(
        name="",
        responsible_unit=organization.ikp.pk,
        target_2025="90",
        target_2025_high="80",
        target_2029="70",
        end_target_high="",
    )
    html = page(client.post(url, data))
    assert escape(str(errors.RANGE_LOW_ABOVE_HIGH)) in field_errors(html, "id_target_2025")
    assert escape(str(errors.RANGE_NEEDS_HIGH)) in field_errors(html, "id_target_2029")
    assert escape(str(errors.RANGE_NEEDS_HIGH)) in field_errors(html, "id_end_target_low")
    assert re.search(r'<input[^>]*name="name"[^>]*class="form-control is-invalid"', html)
    assert not Indicator.objects.filter(code="IK3").exists()


def test_decimal_inputs_that_are_not_numbers_are_refused_in_indonesian(
    client, plan_data, organization
):
    login(client, "staf.evaluasi")
    url = f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}"
    html = page(
        client.post(url, indicator_post(responsible_unit=organization.ikp.pk, baseline="dua"))
    )
    assert "“dua” bukan angka. Tulis ribuan dengan titik" in field_errors(html, "id_baseline")
    assert not Indicator.objects.filter(code="IK3").exists()


def test_responsible_unit_and_parent_are_limited_to_the_renstra(client, plan_data, organization):
    login(client, "staf.evaluasi")
    url = f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}"
    html = page(client.get(url))
    assert "Bidang Aptika" in html and "Dinas Lain" not in html
    response = client.post(url, indicator_post(responsible_unit=organization.other_agency.pk))
    assert response.status_code == 200
    assert not Indicator.objects.filter(code="IK3").exists()


def test_edit_keeps_typed_values_and_reports_a_stale_edit_on_top(client, plan_data, organization):
    indicator = plan_data.indicator_ikp
    login(client, "staf.evaluasi")
    url = reverse("planning:indicator_update", args=[indicator.pk])
    html = page(client.get(url))
    assert f'name="version" value="{indicator.version}"' in html
    assert 'name="target_2026" value="85"' in html
    # Someone else saves after the form was loaded.
    services.indicator_update(
        actor=organization["kasubag.renkeu"],
        indicator=indicator,
        expected_version=indicator.version,
        name="Diubah lebih dulu",
    )
    data = indicator_post(
        code="IK1",
        name="Nama yang saya ketik",
        target_kind="single",
        responsible_unit=organization.ikp.pk,
        version=indicator.version,
        target_2026="88",
    )
    html = page(client.post(url, data))
    summary = html.split('id="form-error-summary"')[1].split("</div>")[0]
    assert "Kasubag Renkeu" in summary
    assert 'value="Nama yang saya ketik"' in html
    indicator.refresh_from_db()
    assert indicator.name == "Diubah lebih dulu"
    assert IndicatorTarget.objects.get(indicator=indicator, year=2026).low == 85


def test_edit_saves_targets_and_the_history_shows_before_and_after(client, plan_data, organization):
    indicator = plan_data.indicator_ikp
    login(client, "staf.evaluasi")
    data = indicator_post(
        code="IK1",
        name=indicator.name,
        unit_of_measure="%",
        target_kind="single",
        responsible_unit=organization.ikp.pk,
        version=indicator.version,
        target_2025="80",
        target_2026="95,56",
        target_2026_high="99",  # ignored: a single-value target has no high value
    )
    response = client.post(reverse("planning:indicator_update", args=[indicator.pk]), data)
    assert response.status_code == 302
    target = IndicatorTarget.objects.get(indicator=indicator, year=2026)
    assert (target.low, target.high) == (Decimal("95.56"), None)
    html = page(client.get(reverse("planning:indicator_detail", args=[indicator.pk])))
    assert "Staf Evaluasi" in html
    assert re.search(r"\d{2} [A-Z][a-z]+ \d{4} \d{2}:\d{2}", html)  # "25 November 2026 14:13"
    assert '85 <span aria-hidden="true">→</span>' in html and "95,56" in html
    assert "Target tahunan diubah" in html


def test_history_time_is_written_in_wita_and_indonesian(client, plan_data, organization):
    import datetime
    from zoneinfo import ZoneInfo

    event = AuditEvent.objects.filter(object_id=str(plan_data.indicator_ikp.pk)).first()
    assert event is not None
    AuditEvent.objects.filter(pk=event.pk).update(
        at=datetime.datetime(2026, 1, 1, 0, 30, tzinfo=ZoneInfo("UTC"))
    )
    html = page(
        login(client, "kabid.ikp").get(
            reverse("planning:indicator_detail", args=[plan_data.indicator_ikp.pk])
        )
    )
    assert "01 Januari 2026 08:30" in html


def test_sub_activity_pagu_accepts_rupiah_with_thousands_separators(
    client, plan_data, organization
):
    actor = organization["staf.evaluasi"]
    program = services.program_create(
        actor=actor,
        renstra=plan_data.renstra,
        code="P",
        name="Program",
        responsible_unit=organization.ikp,
    )
    activity = services.activity_create(
        actor=actor, program=program, code="K", name="Kegiatan", responsible_unit=organization.ikp
    )
    login(client, "staf.evaluasi")
    url = f"{reverse('planning:sub_activity_create')}?activity={activity.pk}"
    assert 'name="pagu_2029"' in page(client.get(url))
    data = {"code": "SK1", "name": "Sub", "responsible_unit": organization.seksi_ikp.pk}
    data |= {f"pagu_{y}": "" for y in range(2025, 2030)}
    data |= {"pagu_2026": "1.004.422.800", "pagu_2027": "Rp 2.500.000,50"}
    assert client.post(url, data).status_code == 302
    budgets = dict(Budget.objects.values_list("year", "pagu"))
    assert budgets == {2026: Decimal("1004422800"), 2027: Decimal("2500000.50")}
    budget = Budget.objects.first()
    assert budget is not None
    sub = budget.sub_activity
    html = page(client.get(reverse("planning:sub_activity_update", args=[sub.pk])))
    assert 'value="1.004.422.800"' in html and 'value="2.500.000,50"' in html
    data |= {"pagu_2026": "-5", "version": sub.version}
    html = page(client.post(reverse("planning:sub_activity_update", args=[sub.pk]), data))
    assert escape(str(errors.NEGATIVE_BUDGET)) in field_errors(html, "id_pagu_2026")


def test_planner_builds_a_renstra_goal_objective_and_program(client, organization):
    login(client, "kasubag.renkeu")
    html = page(client.get(reverse("planning:renstra_create")))
    assert "Dinas Kominfo Uji" in html and "Dinas Lain" not in html
    response = client.post(
        reverse("planning:renstra_create"),
        {"agency": organization.agency.pk, "start_year": 2025, "title": "Renstra 2025–2029"},
    )
    renstra = Renstra.objects.get()
    assert response.status_code == 302
    assert (renstra.agency, renstra.end_year) == (organization.agency, 2029)
    client.post(
        f"{reverse('planning:goal_create')}?renstra={renstra.pk}",
        {"code": "T1", "statement": "Tujuan"},
    )
    goal = Goal.objects.get()
    client.post(
        f"{reverse('planning:objective_create')}?goal={goal.pk}",
        {"code": "S1", "statement": "Sasaran"},
    )
    objective = goal.objectives.get()
    response = client.post(
        f"{reverse('planning:program_create')}?renstra={renstra.pk}",
        {
            "code": "2.16.01",
            "name": "Program Penunjang",
            "responsible_unit": organization.subbag_renkeu.pk,
            "objectives": [objective.pk],
        },
    )
    assert response.status_code == 302
    assert list(renstra.programs.get().objectives.all()) == [objective]
    # The same start year twice is refused next to the field.
    html = page(
        client.post(
            reverse("planning:renstra_create"),
            {"agency": organization.agency.pk, "start_year": 2025, "title": "Lagi"},
        )
    )
    message = escape(str(errors.RENSTRA_YEAR_TAKEN % {"year": 2025}))
    assert message in field_errors(html, "id_start_year")
    html = page(client.get(TREE))
    assert ">T1<" in html and ">S1<" in html and "Program Penunjang" in html


def test_goal_edit_refuses_a_used_code(client, plan_data, organization):
    actor = organization["staf.evaluasi"]
    goal2 = services.goal_create(actor=actor, renstra=plan_data.renstra, code="T2", statement="x")
    login(client, "staf.evaluasi")
    url = reverse("planning:goal_update", args=[goal2.pk])
    html = page(client.post(url, {"code": "T1", "statement": "x", "version": goal2.version}))
    assert escape(str(errors.CODE_TAKEN)) in field_errors(html, "id_code")
    goal2.refresh_from_db()
    assert goal2.code == "T2"


# --- access ----------------------------------------------------------------------------------


def test_unit_head_opens_own_indicators_but_not_another_units(client, plan_data, organization):
    login(client, "kabid.ikp")
    html = page(client.get(reverse("planning:indicator_detail", args=[plan_data.indicator_ikp.pk])))
    assert "Persentase informasi publik" in html
    assert reverse("planning:indicator_update", args=[plan_data.indicator_ikp.pk]) not in html
    assert "IK1.1" in html  # its cascading child
    url = reverse("planning:indicator_detail", args=[plan_data.indicator_aptika.pk])
    assert client.get(url).status_code == 404


def _edit_urls(plan_data, organization):
    actor = organization["staf.evaluasi"]
    program = services.program_create(
        actor=actor,
        renstra=plan_data.renstra,
        code="P",
        name="P",
        responsible_unit=organization.ikp,
    )
    activity = services.activity_create(
        actor=actor, program=program, code="K", name="K", responsible_unit=organization.ikp
    )
    sub = services.sub_activity_create(
        actor=actor, activity=activity, code="S", name="S", responsible_unit=organization.ikp
    )
    goal = plan_data.objective.goal
    return [
        reverse("planning:renstra_create"),
        reverse("planning:renstra_update", args=[plan_data.renstra.pk]),
        f"{reverse('planning:goal_create')}?renstra={plan_data.renstra.pk}",
        reverse("planning:goal_update", args=[goal.pk]),
        f"{reverse('planning:objective_create')}?goal={goal.pk}",
        reverse("planning:objective_update", args=[plan_data.objective.pk]),
        f"{reverse('planning:indicator_create')}?objective={plan_data.objective.pk}",
        reverse("planning:indicator_update", args=[plan_data.indicator_ikp.pk]),
        reverse("planning:indicator_update", args=[plan_data.indicator_aptika.pk]),
        f"{reverse('planning:program_create')}?renstra={plan_data.renstra.pk}",
        reverse("planning:program_update", args=[program.pk]),
        f"{reverse('planning:activity_create')}?program={program.pk}",
        reverse("planning:activity_update", args=[activity.pk]),
        f"{reverse('planning:sub_activity_create')}?activity={activity.pk}",
        reverse("planning:sub_activity_update", args=[sub.pk]),
    ]


@pytest.mark.parametrize("username", ["kabid.ikp", "kadis", "kadis.lain", "outsider"])
def test_non_planners_get_404_on_every_create_and_edit_url(
    client, plan_data, organization, username
):
    urls = _edit_urls(plan_data, organization)
    login(client, username)
    events = AuditEvent.objects.count()
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"code": "X", "name": "X", "title": "X"}).status_code == 404, url
    assert AuditEvent.objects.count() == events


def test_planner_can_open_every_create_and_edit_url(client, plan_data, organization):
    urls = _edit_urls(plan_data, organization)
    login(client, "staf.evaluasi")
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_create_pages_without_a_valid_parent_are_404(client, plan_data, organization):
    login(client, "staf.evaluasi")
    assert client.get(reverse("planning:indicator_create")).status_code == 404
    assert client.get(reverse("planning:goal_create"), {"renstra": "x"}).status_code == 404
    assert client.get(reverse("planning:goal_create"), {"renstra": 99999}).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, plan_data):
    response = client.get(TREE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_sidenav_is_indonesian_and_shows_administration_to_admins_only(
    client, plan_data, organization
):
    html = page(login(client, "kabid.ikp").get(TREE))
    assert "Rencana Kinerja" in html and "Administrasi" not in html
    client.logout()
    assert "Administrasi" in page(login(client, "admin").get(TREE))


# --- parsing and formatting ------------------------------------------------------------------


@pytest.mark.parametrize(("language", "text", "expected"), NUMBER_CASES)
def test_number_fields_read_the_table(language, text, expected):
    """The form field reads typed numbers exactly as the one parser's table says."""
    field = IdDecimalField()
    with translation.override(language):
        if expected is None:
            with pytest.raises(ValidationError):
                field.clean(text)
        else:
            assert field.clean(text) == expected


def test_money_fields_accept_rupiah():
    assert IdDecimalField(money=True).clean("Rp1.004.422.800") == Decimal("1004422800")
    assert IdDecimalField(money=True).clean("Rp. 1.500") == Decimal("1500")


def test_a_number_the_database_would_round_is_refused():
    with pytest.raises(ValidationError) as caught:
        IdDecimalField().clean("1.234.567.890.123.456")
    assert "terlalu besar" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("value", "money", "shown"),
    [
        ("1500", False, "1.500"),
        ("95.56", False, "95,56"),
        ("0.0001", False, "0,0001"),
        ("1004422800", True, "1.004.422.800"),
        ("7.50", True, "7,50"),
    ],
)
def test_numbers_written_into_inputs_show_the_stored_value_and_read_back(value, money, shown):
    field = IdDecimalField(money=money)
    assert field.prepare_value(Decimal(value)) == shown
    assert field.clean(shown) == Decimal(value)


def test_template_filters():
    assert id_number(Decimal("99.656"), 2) == "99,66"
    assert id_number(Decimal("1004422800"), 0) == "1.004.422.800"
    assert id_plain(Decimal("80.0000")) == "80"
    assert id_plain(Decimal("1500.5000")) == "1.500,5"
    assert rupiah(Decimal("1004422800.00")) == "Rp1.004.422.800"
    assert rupiah(Decimal("2500000.5")) == "Rp2.500.000,50"
    assert id_number(None) == id_plain("") == rupiah(None) == ""
