"""Login, the demo accounts list, profile, language and throttling."""

import pytest
from django.test import override_settings
from django.urls import reverse

from sakip.conftest import PASSWORD


def test_login_page_is_indonesian_and_lists_demo_accounts_in_demo_mode(client, organization):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Masuk" in page and "Kata sandi" in page
    assert "kabid.ikp" in page and "Kepala Bidang IKP" in page


@override_settings(DEMO_MODE=False)
def test_login_page_hides_demo_accounts_outside_demo_mode(client, organization):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "kabid.ikp" not in page
    assert "Akun demo" not in page


def test_wrong_password_shows_indonesian_error(client, organization):
    response = client.post(
        reverse("accounts:login"), {"username": "kabid.ikp", "password": "salah"}
    )
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


def test_profile_shows_nip_position_and_superior(client, organization):
    client.login(username="kabid.ikp", password=PASSWORD)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Kepala Bidang IKP" in page
    assert "Kepala Dinas" in page  # the direct superior of a Kepala Bidang
    assert "19800101 200501 1" in page


def test_english_can_be_chosen(client, organization):
    client.login(username="kabid.ikp", password=PASSWORD)
    client.post(reverse("set_language"), {"language": "en", "next": "/akun/profil/"})
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'lang="en"' in page


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_username_on_that_address_only(client, organization):
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "kabid.ikp", "password": "salah"})
    locked = client.post(reverse("accounts:login"), {"username": "kabid.ikp", "password": PASSWORD})
    assert "Akun dikunci sementara" in locked.content.decode()
    # A colleague behind the same office NAT address can still log in.
    other = client.post(
        reverse("accounts:login"), {"username": "kabid.aptika", "password": PASSWORD}
    )
    assert other.status_code == 302


def test_browser_set_to_english_still_gets_indonesian(client, organization):
    page = client.get(
        reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert 'lang="id"' in page and "Kata sandi" in page
