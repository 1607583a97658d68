"""The app's own error pages with DEBUG off (UX.md "Errors"): 400, 403, 404, 429 and 500 in the
layout, with the navigation for a signed-in user, in the language the person chose; never Django's
bare "Not Found" / "Server Error"; and a 500 page that does not fail itself."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from sakip.conftest import PASSWORD
from sakip.core import errors
from sakip.monitoring.tests import test_cycle_support as support
from sakip.planning.tests import rkt_factories
from sakip.planning.tests.rkt_factories import form_of, start, walk_to_fill

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("debug_off")]

rkt_world = rkt_factories.rkt_world
cycle = support.cycle
_media = support._media

NAV = 'aria-label="Navigasi utama"'
NAV_EN = 'aria-label="Main navigation"'
BARE = ("<h1>Not Found</h1>", "<h1>Server Error (500)</h1>", "<h1>Bad Request (400)</h1>")


@pytest.fixture
def debug_off():
    with override_settings(DEBUG=False):
        yield


def client_for(username: str | None = None, *, language: str | None = None, **kwargs) -> Client:
    client = Client(**kwargs)
    if username:
        assert client.login(username=username, password=PASSWORD)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def body(response, status: int) -> str:
    assert response.status_code == status, response.status_code
    html = response.content.decode()
    assert not any(bare in html for bare in BARE)
    return html


# --- 404 -----------------------------------------------------------------------------------------


def test_a_missing_page_is_the_indonesian_404_page_with_navigation(organization):
    html = body(client_for("kabid.ikp").get("/tidak-ada-halaman-ini/"), 404)
    assert 'lang="id"' in html
    assert str(errors.NOT_FOUND_TITLE) in html and str(errors.NOT_FOUND) in html
    assert NAV in html and "Kotak Masuk" in html
    assert "Kabid Ikp" in html  # the user menu of the layout


def test_another_units_rkt_form_is_the_404_page_with_navigation(rkt_world):
    run = start(rkt_world)
    walk_to_fill(rkt_world, run)
    ikp_form = form_of(run, rkt_world.org.ikp)
    url = reverse("planning:rkt_form", args=[ikp_form.pk])
    assert client_for("kabid.ikp").get(url).status_code == 200

    html = body(client_for("kabid.aptika").get(url), 404)
    assert str(errors.NOT_FOUND_TITLE) in html
    assert NAV in html and "Kotak Masuk" in html


def test_another_units_quarterly_submission_is_the_404_page_with_navigation(cycle):
    period = support.open_quarter(cycle)
    url = reverse(
        "monitoring:submission_detail",
        kwargs={"period_pk": period.pk, "unit_pk": cycle.organization.ikp.pk},
    )
    html = body(client_for("kabid.aptika").get(url), 404)
    assert str(errors.NOT_FOUND_TITLE) in html and NAV in html


def test_the_404_page_follows_the_chosen_english(organization):
    html = body(client_for("kabid.ikp", language="en").get("/tidak-ada-halaman-ini/"), 404)
    assert 'lang="en"' in html
    assert NAV_EN in html and "Inbox" in html
    assert "Kotak Masuk" not in html


def test_an_anonymous_visitor_gets_the_404_page_without_navigation(organization):
    html = body(client_for().get("/tidak-ada-halaman-ini/"), 404)
    assert str(errors.NOT_FOUND_TITLE) in html
    assert NAV not in html and "Kotak Masuk" not in html
    assert reverse("accounts:login") in html


# --- 500 -----------------------------------------------------------------------------------------


def _inbox_breaks(monkeypatch):
    from sakip.procedures import selectors_runs

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors_runs, "inbox", broken)


def test_a_failing_page_is_the_indonesian_500_page_with_navigation(organization, monkeypatch):
    _inbox_breaks(monkeypatch)
    client = client_for("kabid.ikp", raise_request_exception=False)
    html = body(client.get(reverse("procedures:inbox")), 500)
    assert str(errors.SERVER_ERROR_TITLE) in html and str(errors.SERVER_ERROR) in html
    assert NAV in html


def test_the_500_page_falls_back_to_a_static_page_when_the_layout_fails(organization, monkeypatch):
    _inbox_breaks(monkeypatch)
    from sakip.shell import context_processors

    def database_down(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(context_processors, "access_for", database_down)
    client = client_for("kabid.ikp", raise_request_exception=False)
    html = body(client.get(reverse("procedures:inbox")), 500)
    assert 'lang="id"' in html and "Terjadi kesalahan" in html
    assert NAV not in html


# --- 403 and the CSRF failure ---------------------------------------------------------------------


def test_a_refused_action_is_the_indonesian_403_page_with_navigation(cycle):
    period = support.open_quarter(cycle)
    # The Kepala Dinas reads the quarterly report but does not generate it.
    response = client_for("kadis").post(
        reverse("reports:quarterly_report_create", args=[period.pk])
    )
    html = body(response, 403)
    assert str(errors.FORBIDDEN_TITLE) in html and NAV in html


def test_an_expired_form_says_to_reload_the_page(organization):
    client = client_for("kabid.ikp", enforce_csrf_checks=True)
    inbox = "http://testserver" + reverse("procedures:inbox")
    response = client.post(reverse("shell:choose_year"), {"year": 2026}, HTTP_REFERER=inbox)
    html = body(response, 403)
    assert str(errors.CSRF_TITLE) in html and str(errors.CSRF_FAILED) in html
    assert "muat ulang halaman" in str(errors.CSRF_FAILED).lower()
    assert f'href="{inbox}" id="error-reload"' in html
    assert NAV in html


def test_an_expired_login_form_says_so_to_an_anonymous_visitor(organization):
    client = client_for(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "kabid.ikp", "password": "x"})
    html = body(response, 403)
    assert str(errors.CSRF_TITLE) in html and NAV not in html


# --- 429: the login lockout ------------------------------------------------------------------------


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_the_lockout_is_a_429_page_in_the_layout(organization):
    client = client_for()
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": "kabid.ikp", "password": "salah"})
    response = client.post(reverse("accounts:login"), {"username": "kabid.ikp", "password": "x"})
    html = body(response, 429)
    assert "Akun dikunci sementara" in html
    assert "sakip-topbar" in html and 'id="error-page"' in html  # the app's layout
    assert NAV not in html  # nobody is signed in


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_the_lockout_page_follows_the_chosen_english(organization):
    client = client_for(language="en")
    for _ in range(3):
        response = client.post(
            reverse("accounts:login"), {"username": "kabid.ikp", "password": "salah"}
        )
    html = body(response, 429)
    assert 'lang="en"' in html and "Account temporarily locked" in html


# --- 400 -------------------------------------------------------------------------------------------


def test_a_nul_in_the_query_string_is_the_indonesian_400_page(organization):
    html = body(
        client_for("kabid.ikp").get(reverse("procedures:run_list"), {"status": "a\x00"}), 400
    )
    assert str(errors.NUL_TITLE) in html and str(errors.NUL_REFUSED) in html
    assert NAV in html
