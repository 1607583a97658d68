"""After login each person lands where their work is (UX.md "First minutes")."""

import pytest
from django.urls import reverse

from sakip.conftest import PASSWORD


@pytest.mark.parametrize(
    ("username", "lands_on"),
    [
        ("kabid.ikp", "procedures:inbox"),
        ("staf.evaluasi", "procedures:inbox"),
        ("sekretaris", "procedures:inbox"),
        ("kadis", "planning:tree"),
        ("bagor", "planning:tree"),
        ("admin", "administration:home"),
    ],
)
def test_each_person_lands_where_their_work_is(client, organization, username, lands_on):
    client.login(username=username, password=PASSWORD)
    assert client.get("/").url == reverse(lands_on)


def test_a_user_without_position_is_told_why_the_page_is_empty(client, organization):
    client.login(username="outsider", password=PASSWORD)
    assert "Belum ada jabatan" in client.get("/").content.decode()


def test_side_navigation_shows_every_area_and_administration_only_to_admins(client, organization):
    client.login(username="kabid.ikp", password=PASSWORD)
    page = client.get(reverse("procedures:inbox")).content.decode()
    for label in (
        "Kotak Masuk",
        "Rencana Kinerja",
        "Rencana Aksi",
        "Pengumpulan Data",
        "Laporan Triwulan",
        "SOP",
        "Kepatuhan SOP",
        "Arsip Dokumen",
    ):
        assert label in page
    assert "Administrasi" not in page
