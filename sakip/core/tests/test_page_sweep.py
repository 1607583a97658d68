"""A sweep of the pages a person reaches from the side navigation and the detail pages, after a
quarter went through sending, a return, acceptance, locking, the report and a reopening: no page
shows an ISO timestamp, a code key as a label (`returned_units:`), a template comment, a
doubled full stop ("S.E.."), Python's "None" or a quarter in digits (UX.md "Numbers, dates and names people type and
read").

Links are followed breadth-first within the site; URLs differing only in their ids are visited
twice at most, which keeps the sweep to a few seconds per person."""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from lxml import html as lxml_html

from sakip.monitoring import services
from sakip.monitoring.tests import test_cycle_support as support
from sakip.monitoring.tests.test_cycle_support import open_quarter, save, submission_of
from sakip.organization.models import Employee
from sakip.procedures.tests.factories import wita
from sakip.reports.models import DocumentKind, GeneratedDocument
from sakip.reports.publishing import document_publish

pytestmark = pytest.mark.django_db

cycle = support.cycle
_media = support._media

# Not pages: files, charts, the admin (Django's own), leaving, switching the language.
SKIP = re.compile(
    r"^/(admin|static|media|i18n)/|/keluar/|/(docx|pdf|xlsx|grafik|templat|ekspor)/|/unduh"
    r"|\.(pdf|docx|xlsx|png)$"
)
MAX_PAGES = 120
PER_PATTERN = 2

CHECKS = {
    "an ISO timestamp": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),
    "a template comment": re.compile(r"\{#|#\}|\{%|%\}"),
    "a doubled full stop": re.compile(r"\w\.\.(?!\.)"),
    "Python's None": re.compile(r"\bNone\b"),
    "a quarter in digits": re.compile(r"\bTW [1-4]\b"),  # "TW IV", as the reports write it
}
# A history change labelled by its code key instead of words.
RAW_LABEL = re.compile(r'class="fw-semibold">\s*[a-z][a-z0-9]*(?:_[a-z0-9]+)*:')


@pytest.fixture
def quarter(cycle):
    """TW I 2026 sent (IKP twice, after a return), accepted, locked, reported, reopened for IKP,
    sent again and locked again."""
    o = cycle.organization
    for username, title in (("staf.evaluasi", "S.E."), ("kabid.ikp", "S.AP.")):
        Employee.objects.filter(user=o[username]).update(back_title=title)
    period = open_quarter(cycle)
    ikp, aptika, sec = (submission_of(period, u) for u in (o.ikp, o.aptika, o.secretariat))
    save(cycle, ikp, values={cycle.ik11.pk: (30, "Kendala", "Solusi"), cycle.ik1.pk: (85, "", "")})
    save(cycle, aptika, "kabid.aptika", values={cycle.ik2.pk: (2, "Kendala", "Solusi")})
    at = wita(2026, 4, 1, 8, 10)
    for submission, username in ((ikp, "kabid.ikp"), (aptika, "kabid.aptika"), (sec, "sekretaris")):
        services.submission_submit(actor=o[username], submission=submission, now=at)
    services.submission_return(actor=o["staf.evaluasi"], submission=ikp, note="Periksa lagi.")
    services.submission_submit(
        actor=o["kabid.ikp"], submission=submission_of(period, o.ikp), now=wita(2026, 4, 2, 9)
    )
    for unit in (o.ikp, o.aptika, o.secretariat):
        services.submission_accept(actor=o["staf.evaluasi"], submission=submission_of(period, unit))
    services.period_lock(actor=o["staf.evaluasi"], period=period)
    services.receipts_send(period=period)
    for sequence in (1, 2):
        document = GeneratedDocument(
            agency=o.agency,
            kind=DocumentKind.QUARTERLY,
            year=period.year,
            number=f"00{sequence}/LKT/dkis/2026/TW I",
            title="Laporan Kinerja Triwulan I Tahun 2026",
            source_type="monitoring.reportingperiod",
            source_id=str(period.pk),
            created_by=o["staf.evaluasi"],
        )
        document.pdf.save(f"LKT-{sequence}.pdf", ContentFile(b"isi"), save=False)
        document.save()
    document_publish(actor=o["kasubag.renkeu"], document=document)
    services.period_reopen(
        actor=o["staf.evaluasi"], period=period, reason="Koreksi IK1.1.", units=[o.ikp]
    )
    services.submission_submit(
        actor=o["kabid.ikp"], submission=submission_of(period, o.ikp), now=wita(2026, 4, 3, 9)
    )
    services.submission_accept(actor=o["staf.evaluasi"], submission=submission_of(period, o.ikp))
    services.period_lock(actor=o["staf.evaluasi"], period=period)
    return period


def _pattern(path):
    return re.sub(r"\d+", "N", path)


def _sweep(client, start):
    """Visit ``start`` and the pages reachable from it; answer {path: problems} and the paths
    visited."""
    seen: set[str] = set()
    per_pattern: dict[str, int] = {}
    problems: dict[str, list[str]] = {}
    queue = deque(start)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        assert response.status_code < 500, path
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        tree = lxml_html.fromstring(page)
        for node in tree.xpath("//script|//style"):
            node.drop_tree()
        text = " ".join(tree.text_content().split())
        found = [name for name, check in CHECKS.items() if check.search(text)]
        if RAW_LABEL.search(page):
            found.append("a code key as a label")
        if found:
            problems[path] = found
        for href in tree.xpath("//a/@href"):
            link = urlsplit(href)
            if link.netloc or not link.path.startswith("/") or SKIP.search(link.path):
                continue
            target = link.path + (f"?{link.query}" if link.query else "")
            pattern = _pattern(link.path)
            if target in seen or per_pattern.get(pattern, 0) >= PER_PATTERN:
                continue
            per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
            queue.append(target)
    return problems, seen


@pytest.mark.parametrize(
    ("username", "reached"),
    [
        ("staf.evaluasi", ["/pengumpulan-data/{pk}/", "/pengumpulan-data/laporan/{pk}/"]),
        ("kabid.ikp", ["/pengumpulan-data/{pk}/"]),
        ("kadis", ["/pengumpulan-data/{pk}/", "/dokumen/"]),
    ],
)
def test_pages_show_no_code_keys_timestamps_or_doubled_stops(
    client, cycle, quarter, username, reached
):
    client.force_login(cycle[username])
    # The IKP unit's page holds the longest history (sent, returned, sent again, reopened).
    ikp_page = f"/pengumpulan-data/{quarter.pk}/unit/{cycle.organization.ikp.pk}/"
    problems, seen = _sweep(client, ["/", ikp_page])
    for path in reached:
        assert path.format(pk=quarter.pk) in seen, path
    assert len(seen) > 20
    assert problems == {}
