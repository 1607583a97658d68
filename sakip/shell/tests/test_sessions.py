"""Sessions as a government system needs them: idle sign-out with a warning, no caching of
signed-in pages, the lockout keyed on the real client behind the reverse proxy."""

from __future__ import annotations

import time

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from sakip.accounts.client_ip import client_ip
from sakip.accounts.middleware import LAST_ACTIVITY
from sakip.conftest import PASSWORD

PROFILE = "/akun/profil/"


def _idle_for(client, seconds: float) -> None:
    session = client.session
    session[LAST_ACTIVITY] = time.time() - seconds
    session.save()


def test_a_session_idle_longer_than_the_limit_is_signed_out_and_told_why(client, organization):
    client.force_login(organization["kabid.ikp"])
    assert client.get(PROFILE).status_code == 200
    _idle_for(client, 31 * 60)

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/?idle=1&next=%2Fakun%2Fprofil%2F"
    login_page = client.get(response["Location"]).content.decode()
    assert "Anda keluar otomatis karena tidak ada aktivitas selama 30 menit" in login_page
    # Signed out for real: the next page asks for the login again, without the idle message.
    again = client.get(PROFILE)
    assert again.status_code == 302 and "idle=1" not in again["Location"]


def test_using_the_app_keeps_the_session(client, organization):
    client.force_login(organization["kabid.ikp"])
    _idle_for(client, 29 * 60)
    assert client.get(PROFILE).status_code == 200
    assert time.time() - client.session[LAST_ACTIVITY] < 5
    _idle_for(client, 29 * 60)
    assert client.get(PROFILE).status_code == 200


def test_asking_how_long_is_left_does_not_extend_the_session(client, organization):
    client.force_login(organization["kabid.ikp"])
    _idle_for(client, 29 * 60)
    url = reverse("accounts:session_status")

    status = client.get(url, HTTP_X_SAKIP_PASSIVE="1").json()

    assert 55 <= status["seconds_left"] <= 60
    assert time.time() - client.session[LAST_ACTIVITY] >= 29 * 60
    # The page reports typing and clicks: that is use, and the full time starts again.
    assert client.post(url).status_code == 204
    assert client.get(url, HTTP_X_SAKIP_PASSIVE="1").json()["seconds_left"] >= 30 * 60 - 5


def test_an_expired_session_answers_the_page_and_htmx_with_the_way_to_the_login(
    client, organization
):
    client.force_login(organization["kabid.ikp"])
    _idle_for(client, 31 * 60)
    status = client.get(reverse("accounts:session_status"), HTTP_X_SAKIP_PASSIVE="1")
    assert status.status_code == 401
    assert status.json()["login_url"] == "/akun/masuk/?idle=1"  # the page adds where it is

    client.force_login(organization["kabid.ikp"])
    _idle_for(client, 31 * 60)
    htmx = client.get(
        reverse("procedures:inbox"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/akun/profil/?tab=1",
    )
    assert htmx["HX-Redirect"] == "/akun/masuk/?idle=1&next=%2Fakun%2Fprofil%2F%3Ftab%3D1"


@override_settings(SESSION_IDLE_TIMEOUT_SECONDS=0)
def test_the_limit_can_be_turned_off(client, organization):
    client.force_login(organization["kabid.ikp"])
    _idle_for(client, 24 * 3600)
    assert client.get(PROFILE).status_code == 200


def test_signed_in_pages_carry_the_idle_warning_and_the_limit(client, organization):
    client.force_login(organization["kabid.ikp"])
    page = client.get(PROFILE).content.decode()
    assert 'data-idle-seconds="1800"' in page and 'data-idle-warning-seconds="120"' in page
    assert 'id="idle-warning"' in page and "Tetap masuk" in page


def test_signed_in_pages_are_not_stored_by_browsers_or_proxies(client, organization):
    client.force_login(organization["kabid.ikp"])
    for url in (PROFILE, reverse("procedures:inbox")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


# --- the client's address behind the reverse proxy ---------------------------------------------


def _request(remote: str, forwarded: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # No trusted proxy configured: the header is anyone's to write, so it is ignored.
        ([], "203.0.113.5", "198.51.100.1", "203.0.113.5"),
        # nginx on the same host names the client.
        (["127.0.0.1"], "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        # A client that writes its own header cannot hide behind it: the proxy's entry is last.
        (["127.0.0.1"], "127.0.0.1", "10.9.9.9, 203.0.113.5", "203.0.113.5"),
        # Two trusted hops (a load balancer in front of nginx).
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "203.0.113.5, 10.1.2.3", "203.0.113.5"),
        # A request that does not come from the proxy speaks only for itself.
        (["127.0.0.1"], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # A malformed chain is not believed.
        (["127.0.0.1"], "127.0.0.1", "203.0.113.5, bukan-alamat", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_the_client_address_is_read_from_trusted_proxies_only(
    settings, trusted, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(_request(remote, forwarded)) == expected


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_proxy_a_lockout_holds_the_guesser_not_everybody(client, organization):
    login = reverse("accounts:login")
    guesser = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    office = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    for _ in range(3):
        client.post(login, {"username": "kadis", "password": "salah"}, **guesser)

    locked = client.post(login, {"username": "kadis", "password": PASSWORD}, **guesser)
    assert locked.status_code == 429

    # The real kadis, from the office, reaches the same server through the same proxy.
    response = client.post(login, {"username": "kadis", "password": PASSWORD}, **office)
    assert response.status_code == 302


def test_a_pages_own_polling_does_not_keep_the_session_alive(client, organization):
    # The report job page polls its status every second (templates/reports/job.html).
    client.force_login(organization["kabid.ikp"])
    _idle_for(client, 29 * 60)
    client.get(PROFILE, HTTP_HX_REQUEST="true", HTTP_X_SAKIP_PASSIVE="1")
    assert time.time() - client.session[LAST_ACTIVITY] >= 29 * 60
    _idle_for(client, 31 * 60)
    polled = client.get(PROFILE, HTTP_HX_REQUEST="true", HTTP_X_SAKIP_PASSIVE="1")
    assert polled["HX-Redirect"].startswith("/akun/masuk/?idle=1")
