"""What the quarterly cycle's pages show: the period's history in words (no `run:` or
`returned_units:`), the latest sending as "Dikirim" after a return (the history keeps both), and a
name whose title ends in a period followed by the sentence's period once ("S.E.", never "S.E..")."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from sakip.monitoring import services
from sakip.organization.models import Employee
from sakip.procedures.tests.factories import wita

from . import test_cycle_support as support
from .test_cycle_support import client_for, open_quarter, save, submission_of

D = Decimal
pytestmark = pytest.mark.django_db

cycle = support.cycle
_media = support._media

FIRST_SENT = wita(2026, 4, 1, 8, 10)
SENT_AGAIN = wita(2026, 4, 2, 10, 30)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _text(node):
    """The text as read aloud: "before → after" reads "before menjadi after"."""
    return " ".join(node.text_content().replace("→", " ").split())


def _tree(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def _send_everything(cycle, period, at=FIRST_SENT):
    o = cycle.organization
    ikp, aptika, sec = (submission_of(period, u) for u in (o.ikp, o.aptika, o.secretariat))
    save(cycle, ikp, values={cycle.ik11.pk: (D("30"), "K", "S"), cycle.ik1.pk: (D("85"), "", "")})
    save(cycle, aptika, "kabid.aptika", values={cycle.ik2.pk: (D("2.5"), "K", "S")})
    for submission, username in ((ikp, "kabid.ikp"), (aptika, "kabid.aptika"), (sec, "sekretaris")):
        services.submission_submit(actor=cycle[username], submission=submission, now=at)
    return ikp, aptika, sec


def test_the_period_history_speaks_indonesian(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    for submission in _send_everything(cycle, period):
        services.submission_accept(actor=o["staf.evaluasi"], submission=submission)
    services.period_lock(actor=o["staf.evaluasi"], period=period)
    services.receipts_send(period=period)
    services.period_reopen(
        actor=o["staf.evaluasi"], period=period, reason="Koreksi IK1.1", units=[o.ikp]
    )

    tree = _tree(client_for("staf.evaluasi"), reverse("monitoring:period_detail", args=[period.pk]))
    history = tree.xpath('//section[@aria-labelledby="history-heading"]//tbody/tr')
    rows = [_text(row) for row in history]
    # Each change is labelled in words ("Unit yang dikembalikan"), never by its code key
    # ("returned_units", "run", "kind").
    labels = {_text(label) for row in history for label in row.xpath(".//li/span[1]")}
    assert labels == {
        "Status:",
        "Pelaksanaan SOP:",
        "Penerima laporan:",
        "Jenis laporan:",
        "Unit yang dikembalikan:",
    }
    assert ISO.findall(" ".join(rows)) == []
    reopened, sent, locked, created = rows[0], rows[1], rows[2], rows[-1]
    assert "Dibuka kembali" in reopened
    assert "Unit yang dikembalikan: — menjadi Bidang IKP" in reopened
    assert "Status: Dikunci menjadi Dibuka" in reopened
    assert "Laporan disosialisasikan" in sent
    assert "Jenis laporan: — menjadi Laporan kinerja triwulan" in sent
    assert "Penerima laporan:" in sent
    assert "Dikunci" in locked
    assert "Pelaksanaan SOP: — menjadi" in created


def test_dikirim_shows_the_latest_sending_and_the_history_keeps_both(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    ikp, _aptika, _sec = _send_everything(cycle, period)
    services.submission_return(
        actor=o["staf.evaluasi"], submission=ikp, note="Lampirkan daftar rilis"
    )
    save(cycle, submission_of(period, o.ikp), values={cycle.ik11.pk: (D("28"), "K", "S")})
    services.submission_submit(
        actor=o["kabid.ikp"], submission=submission_of(period, o.ikp), now=SENT_AGAIN
    )
    ikp = submission_of(period, o.ikp)
    # Lateness is still judged on the first sending.
    assert (ikp.submitted_at, ikp.last_submitted_at) == (FIRST_SENT, SENT_AGAIN)

    planner = client_for("staf.evaluasi")
    tree = _tree(planner, reverse("monitoring:period_detail", args=[period.pk]))
    sent = tree.xpath(f'//tr[@id="unit-{o.ikp.pk}"]/td[@data-field="sent"]')[0]
    assert _text(sent) == "02 April 2026 10:30 WITA"

    page = _tree(
        client_for("kabid.ikp"), reverse("monitoring:submission_detail", args=[period.pk, o.ikp.pk])
    )
    assert "Data telah dikirim pada 02 April 2026 10:30 WITA" in _text(page)
    rows = page.xpath('//div[@id="pane-history"]//tbody/tr')
    history = [_text(row) for row in rows]
    sendings = [_text(row) for row in rows if _text(row.xpath("td")[2]) == "Dikirim"]
    assert len(sendings) == 2
    assert "Dikirim pada: Rabu, 01 April 2026 08:10 WITA" in sendings[0]
    assert "Kamis, 02 April 2026 10:30 WITA" in sendings[0]
    assert "Dikirim pada: — menjadi Rabu, 01 April 2026 08:10 WITA" in sendings[1]
    assert ISO.findall(" ".join(history)) == []


def test_a_title_ending_in_a_period_is_not_followed_by_another(cycle):
    o = cycle.organization
    Employee.objects.filter(user=o["staf.evaluasi"]).update(name="Fitriani", back_title="S.E.")
    period = open_quarter(cycle)
    for submission in _send_everything(cycle, period):
        services.submission_accept(actor=o["staf.evaluasi"], submission=submission)
    services.period_lock(actor=o["staf.evaluasi"], period=period)
    tree = _tree(client_for("kadis"), reverse("monitoring:period_detail", args=[period.pk]))
    text = _text(tree)
    assert "oleh Fitriani, S.E. Data tidak dapat diubah" in text
    assert ".." not in text


def test_a_unit_head_is_not_offered_the_report_page_they_may_not_open(cycle):
    """The quarterly report page is for who sees the whole agency: a link to it would be a 404."""
    period = open_quarter(cycle)
    report = reverse("reports:quarterly_report", args=[period.pk])
    detail = reverse("monitoring:period_detail", args=[period.pk])
    kabid = client_for("kabid.ikp")
    assert kabid.get(report).status_code == 404
    assert _tree(kabid, detail).xpath(f'//a[@href="{report}"]') == []
    assert _tree(client_for("kadis"), detail).xpath(f'//a[@href="{report}"]')
