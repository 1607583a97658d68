"""Issue 8 in the browser: what a person types is read as they meant it and never lost.

1. Bidang IKP's head types `1.250` as the realisasi of a count indicator and `1.250.000` as a
   month's budget spent, saves, and sees what was stored: 1.250 and Rp1.250.000. Typing `1.25`
   is refused with a message that shows how to write numbers.
2. Bidang Aptika's head opens the RKT form the Kasubag returned (the demo's SOP 1 run), changes a
   target and presses "Selesai mengisi formulir" without pressing "Simpan": the change is kept and
   the step is done.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sakip.conftest import PASSWORD
from sakip.demo.loader import load_demo
from sakip.monitoring import services as monitoring
from sakip.monitoring.models import MonthlyProgress, Realisasi, UnitSubmission
from sakip.monitoring.selectors import entry_data
from sakip.organization.models import Unit
from sakip.planning.models import RktForm
from sakip.procedures.choices import TaskStatus
from sakip.procedures.models import Task

from .test_quarter import IKP_CODE, Walk, demo  # noqa: F401  (the demo fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_indonesian_numbers_are_read_as_typed_and_shown_as_stored(
    page,
    live_server,
    login,
    demo,  # noqa: F811
    tmp_path,
):
    agency, year = demo
    page.on("dialog", lambda dialog: dialog.accept())
    walk = Walk(page, live_server.url, login)
    ikp = Unit.objects.get(code=IKP_CODE)
    from sakip.accounts.models import User

    period = monitoring.period_open(
        actor=User.objects.get(username="staf.evaluasi"), agency=agency, year=year, quarter=1
    )
    submission = UnitSubmission.objects.get(period=period, unit=ikp)
    rows = entry_data(submission)
    count_row = next(r for r in rows.rows if "%" not in r.indicator.unit_of_measure)
    indicator = count_row.indicator
    sub_activity = rows.sub_activities[0].sub_activity
    month = rows.sub_activities[0].months[0].month

    walk.as_user("kabid.ikp")
    walk.go("monitoring:submission_detail", period.pk, ikp.pk)
    entry = page.locator("#entry-form")
    value_input = entry.locator(f"input[name=value_{indicator.pk}]")
    budget_spent_input = entry.locator(f"input[name=budget_spent_{sub_activity.pk}_{month}]")
    value_input.fill("1.250")
    budget_spent_input.fill("1.250.000")
    entry.locator("#save-button").click()

    expect(page.get_by_text("Data telah disimpan.")).to_be_visible()
    expect(page.get_by_text(f"Realisasi {indicator.code} = 1.250", exact=False)).to_be_visible()
    expect(page.get_by_text("= Rp1.250.000", exact=False)).to_be_visible()
    expect(value_input).to_have_value("1.250")
    expect(budget_spent_input).to_have_value("1.250.000")
    page.screenshot(path=str(tmp_path / "entry-saved.png"), full_page=True)
    assert Realisasi.objects.get(submission=submission, indicator=indicator).value == Decimal(
        "1250"
    )
    assert MonthlyProgress.objects.get(
        submission=submission, sub_activity=sub_activity, month=month
    ).budget_spent == Decimal("1250000")

    value_input.fill("1.25")
    entry.locator("#save-button").click()
    error = page.locator(f"#id_value_{indicator.pk}_error")
    expect(error).to_contain_text("“1.25” dapat dibaca dua cara")
    expect(error).to_contain_text("misalnya 1.250, 1.250,5 atau 12,5")
    expect(page.locator(f"input[name=value_{indicator.pk}]")).to_have_value("1.25")
    page.screenshot(path=str(tmp_path / "entry-refused.png"), full_page=True)
    assert Realisasi.objects.get(submission=submission, indicator=indicator).value == Decimal(
        "1250"
    )


def test_finishing_a_returned_rkt_form_without_saving_keeps_the_change(
    page, live_server, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert load_demo(password=PASSWORD) is not None  # with the SOP 1 run: Aptika's form returned
    form = RktForm.objects.get(unit__code="diskominfo-aptika", status="returned")
    # A count (not a percentage, whose valid range 0–100 would refuse 1.234).
    line = (
        form.indicator_lines.select_related("indicator")
        .exclude(target_low=None)
        .exclude(indicator__unit_of_measure="%")
        .first()
    )
    assert line is not None
    page.on("dialog", lambda dialog: dialog.accept())
    walk = Walk(page, live_server.url, login)
    walk.as_user("kabid.aptika")
    page.goto(live_server.url + reverse("planning:rkt_form", args=[form.pk]))
    expect(page.locator("#returned-note")).to_be_visible()
    page.locator(f"input[name=low_{line.pk}]").fill("1.234")
    page.locator("#fill-complete-button").click()  # "Selesai mengisi formulir", no "Simpan"
    expect(page.get_by_text("Langkah pengisian formulir telah diselesaikan.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "rkt-finished.png"), full_page=True)
    line.refresh_from_db()
    assert line.target_low == Decimal("1234")
    assert not Task.objects.filter(
        run=form.document.run, unit=form.unit, step__action="rkt.fill", status=TaskStatus.OPEN
    ).exists()
