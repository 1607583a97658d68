"""An idle session in the browser: a warning with a countdown, "stay signed in" keeps the session,
and when nobody answers the page goes to the login page, which says why."""

import re

from playwright.sync_api import expect

from sakip.conftest import PASSWORD


def test_an_idle_page_warns_then_signs_out(login, live_server, settings, organization):
    # Short limits for the test; the product default is 30 minutes with a 2-minute warning.
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 8
    settings.SESSION_IDLE_WARNING_SECONDS = 5
    page = login("kabid.ikp")
    page.goto(f"{live_server.url}/akun/profil/")
    warning = page.locator("#idle-warning")
    expect(warning).to_be_hidden()

    expect(warning).to_be_visible(timeout=8000)
    expect(warning).to_contain_text("Sesi Anda akan berakhir dalam 0:0")
    page.screenshot(path="var/e2e-idle-warning.png")

    # "Tetap masuk" counts as use: the warning goes and the session goes on.
    page.get_by_role("button", name="Tetap masuk").click()
    expect(warning).to_be_hidden()
    page.wait_for_timeout(2500)
    expect(page).to_have_url(re.compile(r"/akun/profil/$"))

    # Nobody answers the next warning: the page ends on the login page, which says why.
    expect(page).to_have_url(re.compile(r"/akun/masuk/\?idle=1"), timeout=15000)
    expect(page.locator("#signed-out-idle")).to_contain_text(
        "Anda keluar otomatis karena tidak ada aktivitas"
    )
    # Signing in again leads back to the page the person was on.
    page.get_by_label("Nama pengguna").fill("kabid.ikp")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.locator("#login-submit").click()
    expect(page).to_have_url(re.compile(r"/akun/profil/$"))
