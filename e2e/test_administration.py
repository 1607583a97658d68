"""Administration in the app (issue 10): the administrator adds a person, creates a position for
them and appoints them as Plt for a period, gives them an account; that person logs in and sees
their inbox. A login lockout is lifted from the app. No step needs Django's /admin/."""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "seksi-baru-2026"


def test_the_administrator_staffs_a_position_and_lifts_a_lockout(
    page, live_server, login, organization, settings
):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    questions: list[str] = []

    def answer(dialog) -> None:  # data-confirm questions: noted, then accepted
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)

    # Someone mistypes their password three times: locked out.
    for _ in range(3):
        login("kabid.aptika", "salah")
    login("kabid.aptika")
    expect(page.get_by_role("heading", name="Akun dikunci sementara")).to_be_visible()

    login("admin")
    expect(page).to_have_url(re.compile(r"/administrasi/$"))
    expect(page.locator("#lockout-count")).to_contain_text("1 akun terkunci")

    # A new person, with an invalid NIP first: the message stands next to the field.
    page.locator("#card-people").click()
    page.locator("#person-add").click()
    page.locator("#id_nip").fill("19851312 201001 1 007")
    page.locator("#id_name").fill("Budi Santoso")
    page.locator("#id_back_title").fill("S.Kom.")
    page.locator("#id_rank").fill("Penata (III/c)")
    page.locator("#person-save").click()
    expect(page.locator("#id_nip + .form-text + .invalid-feedback")).to_contain_text(
        "Digit 1–8 NIP harus tanggal lahir yang benar"
    )
    expect(page.locator("#id_name")).to_have_value("Budi Santoso")
    page.locator("#id_nip").fill("19850312 201001 1 007")
    page.locator("#person-save").click()
    expect(page.locator("h1")).to_contain_text("Budi Santoso, S.Kom.")

    # A position in Seksi Infrastruktur, which has none yet.
    page.goto(f"{live_server.url}/administrasi/")
    page.locator("#card-units").click()
    page.locator('[data-unit="seksi-aptika"] a').click()
    page.locator("#position-add").click()
    page.locator("#id_title").fill("Kepala Seksi Infrastruktur")
    page.locator("#id_role").select_option("section_head")
    page.locator("#id_is_unit_head").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("h1")).to_contain_text("Kepala Seksi Infrastruktur")

    # Budi as Plt for a month, from today.
    today = datetime.date.today()
    page.locator("#holding-add").click()
    page.locator("#id_employee").select_option(label="Budi Santoso, S.Kom. — 19850312 201001 1 007")
    page.locator("#id_kind").select_option("plt")
    page.locator("#id_start_date").fill(today.isoformat())
    page.locator("#id_end_date").fill((today + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    holders = page.locator("#holdings")
    expect(holders).to_contain_text("Budi Santoso, S.Kom.")
    expect(holders).to_contain_text("Pelaksana Tugas (Plt)")
    expect(holders).to_contain_text("Menjabat")

    # An account for him.
    holders.get_by_role("link", name="Budi Santoso, S.Kom.").click()
    page.locator("#account-create").click()
    page.locator("#id_username").fill("budi.santoso")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#account-username")).to_have_text("budi.santoso")
    page.locator("#tab-history").click()
    expect(page.locator("#pane-history")).to_contain_text("Akun dibuat")
    expect(page.locator("#pane-history")).to_contain_text("Diangkat")

    # The lockout is lifted from the app.
    page.goto(f"{live_server.url}/administrasi/akun-terkunci/")
    row = page.locator('tr[data-username="kabid.aptika"]')
    row.get_by_role("button", name="Buka kunci").click()
    expect(page.locator("#no-lockouts")).to_be_visible()
    assert any("Buka kunci kabid.aptika" in q for q in questions)
    page.screenshot(path="var/e2e-administration.png")

    # Budi logs in and lands on his inbox.
    page.locator("#user-menu").click()
    page.locator("#logout-button").click()
    login("budi.santoso", NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Kotak Masuk")).to_be_visible()

    # And the person who was locked out gets in again.
    page.locator("#user-menu").click()
    page.locator("#logout-button").click()
    login("kabid.aptika")
    expect(page.locator("#user-menu")).to_be_visible()
