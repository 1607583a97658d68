"""Issue 10 in the browser: a second agency, Dinas Kesehatan, loads the shipped SOP files as they
are and opens a quarter; the request is its own Kasubag's, the data tasks land in its own unit
heads' inboxes, and the first agency's people get nothing (docs/decisions/0012)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from sakip.conftest import build_second_agency
from sakip.monitoring.models import ReportingPeriod
from sakip.procedures.definitions import load_definitions
from sakip.procedures.models import Task

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REQUEST = "Mengumpulkan data laporan kinerja triwulan"
SUPPLY = "Menyampaikan data yang diminta Kasubbag Perencanaan dan Keuangan"


@pytest.fixture
def dinkes(organization):
    world = build_second_agency(organization.regency)
    load_definitions(agency=world.agency, actor=None)
    return world


def test_the_second_agencys_kasubag_opens_a_quarter_for_its_own_units(
    page, live_server, login, dinkes
):
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm questions
    year = timezone.localdate().year

    login("dinkes.kasubag.program")
    page.goto(live_server.url + reverse("monitoring:period_list"))
    form = page.locator("#open-period")
    form.get_by_label("Tahun").fill(str(year))
    form.get_by_label("Triwulan").select_option("1")
    form.locator("#open-period-button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("TW I")
    period = ReportingPeriod.objects.get(agency=dinkes.agency, year=year, quarter=1)

    # The request (step 1) is the Kasubag's own act, done by opening the quarter.
    page.goto(live_server.url + reverse("procedures:inbox"))
    expect(page.locator("#completed-tasks")).to_contain_text(REQUEST)
    expect(page.locator("#completed-tasks")).to_contain_text(f"TW I {year}")

    # Each unit head of Dinas Kesehatan has the quarter's data task in the inbox.
    for username, unit in (
        ("dinkes.kabid.yankes", "Bidang Pelayanan Kesehatan"),
        ("dinkes.sekretaris", "Sekretariat Dinas Kesehatan"),
    ):
        page.context.clear_cookies()
        login(username)
        page.goto(live_server.url + reverse("procedures:inbox"))
        tasks = page.locator("#open-tasks")
        expect(tasks).to_contain_text(SUPPLY)
        expect(tasks).to_contain_text(f"Unit: {unit}")

    # Diskominfo's heads are asked nothing.
    page.context.clear_cookies()
    login("kabid.ikp")
    page.goto(live_server.url + reverse("procedures:inbox"))
    expect(page.locator("#inbox-empty")).to_be_visible()
    assert set(
        Task.objects.filter(run=period.run).values_list("assignee__username", flat=True)
    ) <= set(dinkes.users)
