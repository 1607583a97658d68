"""After login each person lands where their work is (UX.md "First minutes")."""

import pytest
from django.urls import reverse

from sakip.conftest import PASSWORD


@pytest.mark.parametrize(
    ("username", "lands_on"),
    [
        # A unit head starts in the inbox; their unit's dashboard is in the menu.
        ("kabid.ikp", "procedures:inbox"),
        ("kasi.ikp", "procedures:inbox"),
        # The agency head, the Sekretaris and the planners start on the dashboard (issue 11).
        ("staf.evaluasi", "dashboard:home"),
        ("kasubag.renkeu", "dashboard:home"),
        ("sekretaris", "dashboard:home"),
        ("kadis", "dashboard:home"),
        ("bagor", "regency:overview"),
        ("admin", "administration:home"),
    ],
)
def test_each_person_lands_where_their_work_is(client, organization, username, lands_on):
    client.login(username=username, password=PASSWORD)
    assert client.get("/").url == reverse(lands_on)


def test_a_user_without_position_is_told_why_the_page_is_empty(client, organization):
    client.login(username="outsider", password=PASSWORD)
    assert "Belum ada jabatan" in client.get("/").content.decode()


def test_side_navigation_is_the_roles_own_and_administration_is_for_admins(client, organization):
    # Every role's menu is walked in test_menu.py; here the two ends of the scale.
    client.login(username="kabid.ikp", password=PASSWORD)
    page = client.get(reverse("procedures:inbox")).content.decode()
    for area in (
        "dashboard",
        "inbox",
        "plan",
        "rkt",
        "action_plan",
        "data",
        "quarterly",
        "archive",
    ):
        assert f'data-area="{area}"' in page, area
    for area in ("annual", "runs", "sops", "compliance", "administration"):
        assert f'data-area="{area}"' not in page, area
    assert "/admin/" not in page

    client.login(username="admin", password=PASSWORD)
    page = client.get(reverse("administration:home")).content.decode()
    assert 'data-area="administration"' in page and 'data-area="inbox"' not in page


def test_djangos_admin_is_for_superusers_only(client, organization):
    staff = organization["kasubag.renkeu"]
    staff.is_staff = True  # a staff flag alone opens nothing
    staff.save()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")

    client.force_login(organization["admin"])
    assert client.get("/admin/").status_code == 200
