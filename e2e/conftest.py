"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

`playwright install` cannot download browsers here, so the launch points at the system Chromium.
"""

import os
import shutil

import pytest

from sakip.conftest import (  # noqa: F401  (fixtures)
    PASSWORD,
    _empty_cache,
    organization,
    plan_data,
)

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def login(page, live_server):
    """Log a persona in through the real login form."""

    def _login(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(password)
        page.locator("#login-submit").click()
        page.wait_for_load_state()
        return page

    return _login
