"""A person logs in through the browser and sees the Indonesian shell."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_wrong_password_then_login_and_logout(page, live_server, login, organization):
    login("kabid.ikp", "salah")
    expect(page.locator("#login-error")).to_contain_text("Nama pengguna atau kata sandi salah")
    login("kabid.ikp")
    expect(page.locator("#user-menu")).to_be_visible()
    page.locator("#user-menu").click()
    page.locator("#logout-button").click()
    expect(page.locator("#login-submit")).to_be_visible()
