"""Rencana Aksi pages: the list per year, creating, the table with its checks, the workflow
actions, access (another unit's plan is a 404, pages and POSTs), query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD
from sakip.planning import errors as plan_errors
from sakip.planning import services as plan_services
from sakip.planning.action_plan import errors, services
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus, QuarterTarget

from .test_action_plan_services import YEAR, fill, make_plan, submitted_plan

LIST = reverse("planning:action_plan_list")
CREATE = reverse("planning:action_plan_create")


def login(client, username):
    assert client.login(username=username, password=PASSWORD)


def page(response) -> str:
    return response.content.decode()


def url(name: str, plan: ActionPlan) -> str:
    return reverse(f"planning:{name}", args=[plan.pk])


def table_post(plan: ActionPlan, values: dict[str, str], **extra) -> dict[str, str]:
    """The whole table as the page posts it (every input present), with some values changed."""
    data = {"version": str(plan.version)}
    for qt in QuarterTarget.objects.filter(action_plan=plan):
        key = f"{qt.indicator_id}_{qt.quarter}"
        data[f"low_{key}"] = "" if qt.low is None else format(qt.low.normalize(), "f")
        data[f"actions_{key}"] = qt.actions
    for indicator_id in set(
        QuarterTarget.objects.filter(action_plan=plan).values_list("indicator_id", flat=True)
    ):
        data[f"justification_{indicator_id}"] = ""
    data.update(values)
    data.update(extra)
    return data


# --- the list --------------------------------------------------------------------------------


def test_planner_sees_every_unit_and_can_create(client, organization, plan_data):
    login(client, "staf.evaluasi")
    response = client.get(LIST, {"year": YEAR})
    assert response.status_code == 200
    text = page(response)
    for name in ("Sekretariat", "Bidang IKP", "Bidang Aptika"):
        assert name in text
    assert "Belum dibuat" in text
    assert f'name="unit" value="{organization.ikp.pk}"' in text
    assert f'name="unit" value="{organization.aptika.pk}"' in text
    assert "Dinas Lain" not in text


def test_unit_head_sees_only_their_unit(client, organization, plan_data):
    login(client, "kabid.ikp")
    text = page(client.get(LIST, {"year": YEAR}))
    assert "Bidang IKP" in text
    assert "Bidang Aptika" not in text
    assert f'name="unit" value="{organization.ikp.pk}"' in text


def test_seksi_sees_its_bidang_without_create(client, organization, plan_data):
    login(client, "kasi.ikp")
    text = page(client.get(LIST, {"year": YEAR}))
    assert "Bidang IKP" in text
    assert "Bidang Aptika" not in text
    assert 'name="unit"' not in text


def test_list_shows_status(client, organization, plan_data):
    submitted_plan(organization, plan_data)
    login(client, "staf.evaluasi")
    text = page(client.get(LIST, {"year": YEAR}))
    assert "Diajukan" in text


def test_list_query_count_does_not_grow_with_plans(client, organization, plan_data):
    login(client, "staf.evaluasi")
    client.get(LIST, {"year": YEAR})  # warm the session
    make_plan(organization)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST, {"year": YEAR}).status_code == 200
    make_plan(organization, unit=organization.aptika, user="kabid.aptika")
    for code in ("IK4", "IK5", "IK6"):
        plan_services.indicator_create(
            actor=organization["staf.evaluasi"],
            objective=plan_data.objective,
            code=code,
            name=f"Indikator {code}",
            unit_of_measure="dokumen",
            responsible_unit=organization.subbag_renkeu,
            targets={YEAR: plan_services.TargetValue(Decimal("4"))},
        )
    make_plan(organization, unit=organization.secretariat, user="sekretaris")
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST, {"year": YEAR}).status_code == 200
    assert len(many) == len(one)


def test_detail_query_count_does_not_grow_with_indicators(client, organization, plan_data):
    plan = make_plan(organization)
    detail = url("action_plan_detail", plan)
    users = ("kabid.ikp", "staf.evaluasi")

    def count(username: str) -> int:
        login(client, username)
        client.get(detail)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail).status_code == 200
        return len(queries)

    before = {username: count(username) for username in users}
    for code in ("IK4", "IK5", "IK6"):
        plan_services.indicator_create(
            actor=organization["staf.evaluasi"],
            objective=plan_data.objective,
            code=code,
            name=f"Indikator {code}",
            unit_of_measure="dokumen",
            responsible_unit=organization.seksi_ikp,
            targets={YEAR: plan_services.TargetValue(Decimal("4"))},
        )
    # IK1 and IK1.1 of plan_data, then IK4..IK6: 2 + 3 = 5 indicators in the plan.
    assert services.action_plan_sync(actor=organization["kabid.ikp"], plan=plan) == 3
    assert "IK6" in page(client.get(detail))
    assert {username: count(username) for username in users} == before


# --- create ----------------------------------------------------------------------------------


def test_unit_head_creates_their_plan(client, organization, plan_data):
    login(client, "kabid.ikp")
    response = client.post(CREATE, {"unit": organization.ikp.pk, "year": YEAR})
    plan = ActionPlan.objects.get(unit=organization.ikp, year=YEAR)
    assert response.status_code == 302
    assert response["Location"] == url("action_plan_detail", plan)


@pytest.mark.parametrize("username", ["kabid.aptika", "kasi.ikp", "kadis.lain", "outsider"])
def test_others_cannot_create_a_units_plan(client, organization, plan_data, username):
    login(client, username)
    response = client.post(CREATE, {"unit": organization.ikp.pk, "year": YEAR})
    assert response.status_code == 404
    assert not ActionPlan.objects.exists()


def test_create_is_post_only(client, organization, plan_data):
    login(client, "kabid.ikp")
    assert client.get(CREATE, {"unit": organization.ikp.pk, "year": YEAR}).status_code == 405


# --- access ----------------------------------------------------------------------------------


def test_another_units_plan_is_404_for_pages_and_posts(client, organization, plan_data):
    plan = make_plan(organization)
    before = list(QuarterTarget.objects.values_list("pk", "low"))
    login(client, "kabid.aptika")
    for name in ("action_plan_detail", "action_plan_export", "action_plan_import"):
        assert client.get(url(name, plan)).status_code == 404, name
    for name in (
        "action_plan_detail",
        "action_plan_submit",
        "action_plan_accept",
        "action_plan_return",
        "action_plan_sync",
        "action_plan_import",
        "action_plan_import_confirm",
    ):
        data = table_post(plan, {f"low_{plan_data.indicator_ikp.pk}_1": "99"}, note="x")
        assert client.post(url(name, plan), data).status_code == 404, name
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.DRAFT
    assert list(QuarterTarget.objects.values_list("pk", "low")) == before


def test_other_agency_gets_404(client, organization, plan_data):
    plan = make_plan(organization)
    login(client, "kadis.lain")
    assert client.get(url("action_plan_detail", plan)).status_code == 404


def test_seksi_reads_its_bidangs_plan_but_cannot_change_it(client, organization, plan_data):
    plan = make_plan(organization)
    login(client, "kasi.ikp")
    response = client.get(url("action_plan_detail", plan))
    assert response.status_code == 200
    assert 'id="save-button"' not in page(response)
    data = table_post(plan, {f"low_{plan_data.indicator_ikp.pk}_1": "99"})
    assert client.post(url("action_plan_detail", plan), data).status_code == 404
    assert client.post(url("action_plan_submit", plan)).status_code == 404


def test_unit_head_cannot_accept(client, organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    login(client, "kabid.ikp")
    assert client.post(url("action_plan_accept", plan)).status_code == 404
    assert client.post(url("action_plan_return", plan), {"note": "x"}).status_code == 404
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.SUBMITTED


# --- the table -------------------------------------------------------------------------------


def test_detail_shows_the_mismatch_with_its_numbers(client, organization, plan_data):
    plan = make_plan(organization)
    fill(organization, plan, plan_data.indicator_ikp, ["20", "20", "20", "18"])  # 78 ≠ 85
    login(client, "kabid.ikp")
    text = page(client.get(url("action_plan_detail", plan)))
    assert (
        "Jumlah target triwulan 78 tidak sama dengan target tahunan 85 (agregasi inkremental)."
        in text
    )
    assert f'name="justification_{plan_data.indicator_ikp.pk}"' in text


def test_save_from_the_page(client, organization, plan_data):
    plan = make_plan(organization)
    ik1 = plan_data.indicator_ikp.pk
    login(client, "kabid.ikp")
    data = table_post(
        plan,
        {f"low_{ik1}_1": "21,5", f"actions_{ik1}_1": "Sosialisasi ke desa"},
    )
    response = client.post(url("action_plan_detail", plan), data)
    assert response.status_code == 302
    row = QuarterTarget.objects.get(action_plan=plan, indicator_id=ik1, quarter=1)
    assert (row.low, row.actions) == (Decimal("21.5"), "Sosialisasi ke desa")


def test_not_a_number_is_shown_next_to_the_cell_and_nothing_saved(client, organization, plan_data):
    plan = make_plan(organization)
    ik1 = plan_data.indicator_ikp.pk
    login(client, "kabid.ikp")
    data = table_post(plan, {f"low_{ik1}_1": "20", f"low_{ik1}_2": "dua puluh"})
    response = client.post(url("action_plan_detail", plan), data)
    assert response.status_code == 200
    assert f'id="id_low_{ik1}_2_error"' in page(response)
    assert 'value="dua puluh"' in page(response)  # nothing typed is lost
    assert QuarterTarget.objects.get(action_plan=plan, indicator_id=ik1, quarter=1).low is None


def test_stale_save_is_refused(client, organization, plan_data):
    plan = make_plan(organization)
    ik1 = plan_data.indicator_ikp.pk
    login(client, "kabid.ikp")
    data = table_post(plan, {f"low_{ik1}_1": "5"})
    fill(
        organization, plan, plan_data.indicator_ikp, ["20", "20", "20", "25"], user="staf.evaluasi"
    )
    response = client.post(url("action_plan_detail", plan), data)
    assert response.status_code == 200
    assert "telah diubah oleh pengguna lain" in page(response)
    assert QuarterTarget.objects.get(action_plan=plan, indicator_id=ik1, quarter=1).low == 20


# --- submit ----------------------------------------------------------------------------------


def test_submit_refused_shows_the_message_next_to_the_indicator(client, organization, plan_data):
    plan = make_plan(organization)
    ik1, ik11 = plan_data.indicator_ikp.pk, plan_data.indicator_seksi_ikp.pk
    login(client, "kabid.ikp")
    data = table_post(
        plan,
        {
            **{f"low_{ik1}_{q}": "20" for q in (1, 2, 3, 4)},  # 80 ≠ 85
            **{f"low_{ik11}_{q}": "30" for q in (1, 2, 3, 4)},  # 120 = 120
        },
    )
    response = client.post(url("action_plan_submit", plan), data)
    assert response.status_code == 200
    text = page(response)
    assert f'id="justification-error-{ik1}"' in text
    assert str(errors.JUSTIFICATION_REQUIRED) in text
    assert f'id="justification-error-{ik11}"' not in text
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.DRAFT
    # What was typed was saved: only the submit was refused.
    assert QuarterTarget.objects.get(action_plan=plan, indicator_id=ik1, quarter=4).low == 20

    data = table_post(plan, {f"justification_{ik1}": "Sisa target menunggu APBD Perubahan."})
    response = client.post(url("action_plan_submit", plan), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.SUBMITTED
    text = page(client.get(url("action_plan_detail", plan)))
    assert 'id="save-button"' not in text
    assert "Sisa target menunggu APBD Perubahan." in text


def test_submit_without_targets_names_the_indicator(client, organization, plan_data):
    plan = make_plan(organization)
    login(client, "kabid.ikp")
    response = client.post(url("action_plan_submit", plan))
    assert response.status_code == 200
    assert f'id="indicator-error-{plan_data.indicator_ikp.pk}"' in page(response)
    assert str(errors.TARGETS_REQUIRED) in page(response)


def test_submit_is_post_only(client, organization, plan_data):
    plan = make_plan(organization)
    login(client, "kabid.ikp")
    assert client.get(url("action_plan_submit", plan)).status_code == 405


# --- accept and return --------------------------------------------------------------------------


def test_planner_accepts(client, organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    login(client, "staf.evaluasi")
    text = page(client.get(url("action_plan_detail", plan)))
    assert 'id="accept-button"' in text
    assert "tidak dapat diubah lagi" in text  # the confirmation names the consequence
    assert client.post(url("action_plan_accept", plan)).status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.ACCEPTED
    text = page(client.get(url("action_plan_detail", plan)))
    assert 'id="accept-button"' not in text
    assert 'id="save-button"' not in text


def test_return_without_note_is_refused_next_to_the_note(client, organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    login(client, "staf.evaluasi")
    response = client.post(url("action_plan_return", plan), {"note": ""})
    assert response.status_code == 200
    assert str(errors.RETURN_NOTE_REQUIRED) in page(response)
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.SUBMITTED


def test_returning_a_plan_another_planner_accepted_says_who_accepted_it(
    client, organization, plan_data
):
    plan = submitted_plan(organization, plan_data)
    # Both planners have the plan open; the Kasubag accepts first.
    login(client, "kasubag.renkeu")
    assert client.post(url("action_plan_accept", plan)).status_code == 302
    client.logout()
    login(client, "staf.evaluasi")
    response = client.post(url("action_plan_return", plan), {"note": "Perbaiki TW I."}, follow=True)
    text = page(response)  # was the page without the review card and without a word
    plan.refresh_from_db()
    assert "Rencana Aksi ini sudah disetujui oleh" in text
    assert organization["kasubag.renkeu"].display_name in text
    assert plan.status == ActionPlanStatus.ACCEPTED


def test_a_nul_in_the_return_note_is_refused_next_to_the_note(client, organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    login(client, "staf.evaluasi")
    response = client.post(url("action_plan_return", plan), {"note": "Perbaiki\x00 TW I."})
    assert "Karakter null tidak diizinkan." in page(response)
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.SUBMITTED


def test_return_with_note_reaches_the_unit(client, organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    login(client, "staf.evaluasi")
    response = client.post(url("action_plan_return", plan), {"note": "Perbaiki TW I."})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.RETURNED
    client.logout()
    login(client, "kabid.ikp")
    text = page(client.get(url("action_plan_detail", plan)))
    assert "Perbaiki TW I." in text
    assert 'id="save-button"' in text
    assert AuditEvent.objects.filter(object_id=str(plan.pk), action="return").exists()


def test_accepted_plan_refuses_a_posted_save(client, organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    services.action_plan_accept(actor=organization["staf.evaluasi"], plan=plan)
    plan.refresh_from_db()
    ik1 = plan_data.indicator_ikp.pk
    login(client, "kabid.ikp")
    data = table_post(plan, {f"low_{ik1}_1": "1"})
    response = client.post(url("action_plan_detail", plan), data)
    assert response.status_code == 200
    assert QuarterTarget.objects.get(action_plan=plan, indicator_id=ik1, quarter=1).low == 20


def test_range_indicator_shows_two_inputs(client, organization, plan_data):
    from sakip.planning.choices import TargetKind
    from sakip.planning.models import Indicator, IndicatorTarget

    Indicator.objects.filter(pk=plan_data.indicator_ikp.pk).update(target_kind=TargetKind.RANGE)
    IndicatorTarget.objects.filter(indicator=plan_data.indicator_ikp, year=YEAR).update(
        low=80, high=90
    )
    plan = make_plan(organization)
    ik1 = plan_data.indicator_ikp.pk
    login(client, "kabid.ikp")
    text = page(client.get(url("action_plan_detail", plan)))
    assert f'name="high_{ik1}_1"' in text
    assert "80–90" in text
    data = table_post(plan, {f"low_{ik1}_1": "30", f"high_{ik1}_1": "20"})
    response = client.post(url("action_plan_detail", plan), data)
    assert response.status_code == 200
    assert str(plan_errors.RANGE_LOW_ABOVE_HIGH) in page(response)
