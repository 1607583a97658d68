"""The administrator sees who is locked out of the login and lifts a lock, audited; for anyone
else the administration does not exist."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD

LOGIN = "/akun/masuk/"


def _fail(client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "salah"})


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_administrator_lifts_a_lockout_and_the_person_gets_in(client, organization):
    _fail(client, "kadis", 3)
    assert client.post(LOGIN, {"username": "kadis", "password": PASSWORD}).status_code == 429
    _fail(client, "kabid.ikp", 2)  # not locked yet: not listed

    client.force_login(organization["admin"])
    home = client.get(reverse("administration:home")).content.decode()
    assert "1 akun terkunci" in home
    page = client.get(reverse("administration:lockout_list")).content.decode()
    assert 'data-username="kadis"' in page and "Kadis" in page
    assert 'data-username="kabid.ikp"' not in page

    attempt_id = lift_button_id(page)
    done = client.post(reverse("administration:lockout_lift", args=[attempt_id]), follow=True)
    assert "Kunci sudah dibuka" in done.content.decode()
    assert "Tidak ada akun yang terkunci." in done.content.decode()

    event = AuditEvent.objects.get(action="lockout_lift")
    assert event.actor == organization["admin"]
    assert event.object_id == str(organization["kadis"].pk)
    # Three wrong passwords, and the attempt refused while locked.
    assert event.changes["failures_since_start"] == [4, 0]

    client.logout()
    assert client.post(LOGIN, {"username": "kadis", "password": PASSWORD}).status_code == 302
    # Lifting it again changes nothing and says so.
    client.force_login(organization["admin"])
    again = client.post(reverse("administration:lockout_lift", args=[attempt_id]), follow=True)
    assert "sudah terbuka" in again.content.decode()


def lift_button_id(page: str) -> int:
    found = re.search(r'action="/administrasi/akun-terkunci/(\d+)/buka/"', page)
    assert found, "no lift button on the page"
    return int(found.group(1))


@pytest.mark.parametrize("username", ["kadis", "kasubag.renkeu", "staf.evaluasi", "bagor"])
def test_administration_does_not_exist_for_office_roles(client, organization, username):
    client.force_login(organization[username])
    assert client.get(reverse("administration:home")).status_code == 404
    assert client.get(reverse("administration:lockout_list")).status_code == 404
    assert client.post(reverse("administration:lockout_lift", args=[1])).status_code == 404
