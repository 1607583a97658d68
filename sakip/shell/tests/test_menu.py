"""Menus that fit the role: each persona sees only the areas it works in, in the navigation's
order, and every one of them opens (no 404, no detour); no office role is pointed at Django's
admin."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from .url_world import UrlWorld, build_world

EVERY_LANE = ["Kotak Masuk", "Rencana Kinerja"]
UNIT_HEAD = [
    "Dasbor",
    "Kotak Masuk",
    "Rencana Kinerja",
    "RKT",
    "Rencana Aksi",
    "Pengumpulan Data",
    "Laporan Triwulan",
    "Arsip Dokumen",
    "Struktur Organisasi",
    "Kalender Kerja",
]
PLANNER = [
    "Kotak Masuk",
    "Rencana Kinerja",
    "RKT",
    "Rencana Aksi",
    "Pengumpulan Data",
    "Laporan Triwulan",
    "LKjIP",
    "Pelaksanaan SOP",
    "SOP",
    "Kepatuhan SOP",
    "Arsip Dokumen",
    "Struktur Organisasi",
    "Kalender Kerja",
]

# The dashboard: the agency head, the Sekretaris and the planners (their agency), the unit heads
# (their unit); not the Kasubag Umum, the employees or the regency reader.
DASHBOARD_PLANNER = ["Dasbor", *PLANNER]

EXPECTED_MENUS = {
    "pegawai.rina": ["Kotak Masuk", "Rencana Kinerja", "Struktur Organisasi", "Kalender Kerja"],
    "kasi.infopublik": UNIT_HEAD,
    "kabid.ikp": UNIT_HEAD,
    "staf.evaluasi": DASHBOARD_PLANNER,
    "kasubag.renkeu": DASHBOARD_PLANNER,
    # The Kasubag Umum dan Kepegawaian also administers the agency's people (issue 10).
    "kasubag.umum": [*PLANNER, "Administrasi"],
    "sekretaris": DASHBOARD_PLANNER,
    "kadis": [
        "Dasbor",
        "Kotak Masuk",
        "Rencana Kinerja",
        "RKT",
        "Rencana Aksi",
        "Pengumpulan Data",
        "Laporan Triwulan",
        "LKjIP",
        "Kepatuhan SOP",
        "Arsip Dokumen",
        "Struktur Organisasi",
    ],
    # The regency view holds the agencies' compliance; the LKjIP is read published, in the archive.
    "bagor": ["Kabupaten", "Rencana Kinerja", "Laporan Triwulan", "Arsip Dokumen"],
    "admin": [
        "Pelaksanaan SOP",
        "SOP",
        "Arsip Dokumen",
        "Struktur Organisasi",
        "Kalender Kerja",
        "Administrasi",
    ],
}

LINK = re.compile(
    r'<a class="nav-link[^"]*" href="(?P<href>[^"]+)" data-area="[a-z_]+"[^>]*>'
    r'<i class="bi [^"]+" aria-hidden="true"></i> (?P<label>[^<]+)</a>'
)


@pytest.fixture
def world(db, settings, tmp_path) -> UrlWorld:
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def _menu(client: Client) -> list[tuple[str, str]]:
    home = client.get("/", follow=True)
    assert home.status_code == 200
    page = home.content.decode()
    nav = page[page.index('id="sidenav"') : page.index("</ul>", page.index('id="sidenav"'))]
    return [(m["label"].strip(), m["href"]) for m in LINK.finditer(nav)]


def test_each_role_sees_its_areas_and_every_one_opens(world):
    for username, expected in EXPECTED_MENUS.items():
        client = Client()
        client.force_login(world.users[username])
        menu = _menu(client)
        assert [label for label, _href in menu] == expected, username
        for label, href in menu:
            response = client.get(href)
            assert response.status_code == 200, (username, label, href, response.status_code)
            assert not href.startswith("/admin/"), (username, href)
