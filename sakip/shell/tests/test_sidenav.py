"""The side navigation's markup: the area being visited is marked for the eye and for screen
readers, an exact area only on its own page, and labels are escaped."""

from __future__ import annotations

from django.utils import translation

from sakip.shell.menu import AREAS, Area, MenuLink
from sakip.shell.templatetags.shell_nav import sidenav

INBOX = MenuLink(next(a for a in AREAS if a.key == "inbox"), "/prosedur/")
COMPLIANCE = MenuLink(next(a for a in AREAS if a.key == "compliance"), "/prosedur/kepatuhan/")
DATA = MenuLink(next(a for a in AREAS if a.key == "quarterly"), "/pengumpulan-data/laporan/")


def _active(html: str) -> list[str]:
    items = html.split("\n")
    return [item for item in items if "active" in item]


def test_the_page_visited_is_active_and_current():
    html = sidenav([INBOX, COMPLIANCE], "/prosedur/kepatuhan/")
    inbox, compliance = html.split("\n")
    assert 'class="nav-link active"' in compliance
    assert 'aria-current="page"' in compliance
    # The inbox is exact: a page below its path is not the inbox.
    assert 'class="nav-link"' in inbox
    assert "aria-current" not in inbox


def test_an_area_is_active_below_its_path_unless_exact():
    assert _active(sidenav([INBOX, DATA], "/pengumpulan-data/laporan/7/")) == [
        sidenav([DATA], "/pengumpulan-data/laporan/7/")
    ]
    assert _active(sidenav([INBOX], "/prosedur/")) != []


def test_links_and_labels_as_written():
    with translation.override("id"):
        html = sidenav([INBOX], "/")
    assert html == (
        '<li class="nav-item"><a class="nav-link" href="/prosedur/" data-area="inbox">'
        '<i class="bi bi-inbox" aria-hidden="true"></i> Kotak Masuk</a></li>'
    )
    with translation.override("en"):
        assert "> Inbox</a>" in sidenav([INBOX], "/")


def test_labels_are_escaped():
    odd = MenuLink(Area("x", "dashboard:home", "gear", "Data & <b>"), "/x/?a=1&b=2")
    html = sidenav([odd], "/")
    assert "Data &amp; &lt;b&gt;" in html
    assert 'href="/x/?a=1&amp;b=2"' in html
