"""The entry page's indicator rows are written in Python (monitoring/entry_rows_html.py, issue 12):
what people type and name is escaped, and every part of a row still shows where the template
showed it, for the unit that edits and for the planner who reads."""

import html as html_lib
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.monitoring import services
from sakip.monitoring.models import Realisasi

from . import test_cycle_support as support
from .test_cycle_support import ON_TIME, client_for, open_quarter, pdf_upload, save, submission_of

D = Decimal
pytestmark = pytest.mark.django_db

cycle = support.cycle
_media = support._media


def _page(username, period, unit) -> str:
    url = reverse("monitoring:submission_detail", args=[period.pk, unit.pk])
    response = client_for(username).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _row(page: str, indicator_pk: int) -> str:
    """Both table rows of one indicator."""
    match = re.search(
        rf'<tr id="indicator-{indicator_pk}".*?<tr id="explanation-{indicator_pk}">.*?</tr>',
        page,
        re.S,
    )
    assert match, indicator_pk
    return match.group(0)


def test_names_and_typed_text_are_escaped(cycle):
    cycle.ik11.name = 'Berita <script>alert("x")</script> & rilis'
    cycle.ik11.save()
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    save(cycle, submission, values={cycle.ik11.pk: (D("12.5"), "<b>Sinyal</b>\nlemah", "")})
    row = _row(_page("kabid.ikp", period, cycle.organization.ikp), cycle.ik11.pk)
    assert "<script>" not in row and "<b>" not in row
    assert "Berita &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; rilis" in row
    # The unit edits: the kendala is in its textarea as typed, the value in Indonesian format.
    assert f'name="problems_{cycle.ik11.pk}"' in row
    assert "&lt;b&gt;Sinyal&lt;/b&gt;\nlemah</textarea>" in row
    assert re.search(rf'name="value_{cycle.ik11.pk}" value="12,5"', row)


def test_the_planner_reads_the_sent_rows_with_their_evidence_and_line_breaks(cycle):
    period = open_quarter(cycle)
    unit = cycle.organization.ikp
    submission = submission_of(period, unit)
    save(
        cycle,
        submission,
        values={
            cycle.ik11.pk: (D("1250"), "Baris satu\nbaris <dua>", "Solusi"),
            cycle.ik1.pk: (D("85"), "", ""),
        },
    )
    services.evidence_add(
        actor=cycle["kabid.ikp"],
        upload=pdf_upload("rilis <1>.pdf"),
        submission=submission,
        indicator=cycle.ik11.pk,
    )
    services.submission_submit(
        actor=cycle["kabid.ikp"], submission=submission_of(period, unit), now=ON_TIME
    )
    row = _row(_page("staf.evaluasi", period, unit), cycle.ik11.pk)
    assert "<textarea" not in row and "<input" not in row  # sent: read only
    assert '<td class="num" data-field="realisasi">1.250</td>' in row
    assert "Baris satu<br>baris &lt;dua&gt;" in row
    evidence = Realisasi.objects.get(submission=submission, indicator=cycle.ik11).evidence.get()
    download = reverse("monitoring:evidence_download", args=[evidence.pk])
    assert f'<a href="{download}">' in row
    assert "rilis &lt;1&gt;.pdf" in row
    assert "delete_evidence" not in row  # nothing to delete on a sent page


def test_a_returned_row_shows_its_line_note_and_the_unit_may_delete_its_evidence(cycle):
    period = open_quarter(cycle)
    unit = cycle.organization.ikp
    submission = submission_of(period, unit)
    save(
        cycle,
        submission,
        values={cycle.ik11.pk: (D("30"), "Kendala", "Solusi"), cycle.ik1.pk: (D("85"), "", "")},
    )
    services.evidence_add(
        actor=cycle["kabid.ikp"],
        upload=pdf_upload(),
        submission=submission,
        indicator=cycle.ik11.pk,
    )
    services.submission_submit(
        actor=cycle["kabid.ikp"], submission=submission_of(period, unit), now=ON_TIME
    )
    services.submission_return(
        actor=cycle["staf.evaluasi"],
        submission=submission_of(period, unit),
        note="Perbaiki",
        line_notes={cycle.ik11.pk: "Angka <30> tidak sesuai"},
    )
    row = _row(_page("kabid.ikp", period, unit), cycle.ik11.pk)
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", row))
    assert "Catatan verifikasi: Angka <30> tidak sesuai" in text
    assert 'name="delete_evidence"' in row
    assert "Hapus data dukung “bukti.pdf”? Isian lain di halaman ini ikut disimpan." in (
        html_lib.unescape(row)
    )


def test_an_input_refused_shows_its_message_under_that_row(cycle):
    period = open_quarter(cycle)
    unit = cycle.organization.ikp
    submission = submission_of(period, unit)
    url = reverse("monitoring:submission_detail", args=[period.pk, unit.pk])
    response = client_for("kabid.ikp").post(
        url,
        {"version": submission.version, "action": "save", f"value_{cycle.ik11.pk}": "1.25"},
    )
    row = _row(response.content.decode(), cycle.ik11.pk)
    name = f"value_{cycle.ik11.pk}"
    assert re.search(rf'name="{name}" value="1.25"[^>]*aria-invalid="true"', row)
    assert f'id="id_{name}_error"' in row
    assert "dapat dibaca dua cara" in html_lib.unescape(row)
    # The inputs of one kind share their widget (forms.SubmissionEntryForm): the mark stays on
    # the refused one.
    other = _row(response.content.decode(), cycle.ik1.pk)
    assert re.search(rf'name="value_{cycle.ik1.pk}"[^>]*class="form-control form-control-sm', other)
    assert "aria-invalid" not in other and "is-invalid" not in other


def test_the_rows_follow_the_language(cycle, client):
    period = open_quarter(cycle)
    unit = cycle.organization.ikp
    page_client = client_for("kabid.ikp")
    page_client.post(reverse("set_language"), {"language": "en"})
    url = reverse("monitoring:submission_detail", args=[period.pk, unit.pk])
    row = _row(page_client.get(url).content.decode(), cycle.ik11.pk)
    assert "Target tahunan" not in row and "Kendala" not in row


def test_the_kept_targets_and_earlier_quarters_follow_a_change_at_once(cycle):
    """The entry page keeps its indicators, targets and earlier quarters in the cache under the
    agency's data version: a changed target or a planner's acceptance shows on the next view."""
    period = open_quarter(cycle)
    unit = cycle.organization.ikp
    _page("kabid.ikp", period, unit)  # computed and kept
    kept = _row(_page("kabid.ikp", period, unit), cycle.ik11.pk)
    target = cycle.ik11.targets.get(year=period.year)
    assert f"Target tahunan: {target.low.normalize():f}" in kept
    target.low = D("77")
    target.save()
    assert "Target tahunan: 77" in _row(_page("kabid.ikp", period, unit), cycle.ik11.pk)
    cycle.ik11.name = "Rilis berita yang diganti"
    cycle.ik11.save()
    assert "Rilis berita yang diganti" in _row(_page("kabid.ikp", period, unit), cycle.ik11.pk)


def _without_tokens(page: str) -> str:
    """The page without its CSRF tokens (new on every request)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", page)


def _inputs(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, name
    return match.group(0)


def test_the_kept_page_shows_a_saved_value_a_months_progress_and_a_file_at_once(cycle):
    """The entry page's data and rows are kept under the agency's data version: each thing the
    unit saves shows on the next view, without waiting for anything to expire."""
    period = open_quarter(cycle)
    unit = cycle.organization.ikp
    sub = cycle.sub_activity.pk
    first = _without_tokens(_page("kabid.ikp", period, unit))
    assert _without_tokens(_page("kabid.ikp", period, unit)) == first  # kept, and the same

    save(cycle, submission_of(period, unit), values={cycle.ik11.pk: (D("24"), "Cuaca", "")})
    page = _page("kabid.ikp", period, unit)
    assert re.search(rf'name="value_{cycle.ik11.pk}" value="24"', page)
    assert "Cuaca</textarea>" in _row(page, cycle.ik11.pk)

    month = period.quarter * 3 - 2
    save(cycle, submission_of(period, unit), progress={(sub, month): (D("30.5"), None)})
    assert 'value="30,5"' in _inputs(_page("kabid.ikp", period, unit), f"physical_{sub}_{month}")

    services.evidence_add(
        actor=cycle["kabid.ikp"],
        upload=pdf_upload("bukti-baru.pdf"),
        submission=submission_of(period, unit),
        indicator=cycle.ik11.pk,
    )
    assert "bukti-baru.pdf" in _row(_page("kabid.ikp", period, unit), cycle.ik11.pk)


def test_the_rows_the_unit_edits_are_not_the_rows_the_planner_reads(cycle):
    period = open_quarter(cycle)
    unit = cycle.organization.ikp
    save(cycle, submission_of(period, unit), values={cycle.ik11.pk: (D("24"), "", "")})
    assert "<input" in _row(_page("kabid.ikp", period, unit), cycle.ik11.pk)
    planner = _row(_page("staf.evaluasi", period, unit), cycle.ik11.pk)
    assert "<input" not in planner and "<textarea" not in planner
    assert "<input" in _row(_page("kabid.ikp", period, unit), cycle.ik11.pk)


def test_the_kept_rows_follow_each_language(cycle):
    period = open_quarter(cycle)
    unit = cycle.organization.ikp
    url = reverse("monitoring:submission_detail", args=[period.pk, unit.pk])
    page_client = client_for("kabid.ikp")
    assert "Kendala" in _row(page_client.get(url).content.decode(), cycle.ik11.pk)
    page_client.post(reverse("set_language"), {"language": "en"})
    assert "Kendala" not in _row(page_client.get(url).content.decode(), cycle.ik11.pk)
    page_client.post(reverse("set_language"), {"language": "id"})
    assert "Kendala" in _row(page_client.get(url).content.decode(), cycle.ik11.pk)


def test_the_kept_page_states_the_size_limit_in_force(cycle, settings):
    period = open_quarter(cycle)
    unit = cycle.organization.ikp
    assert "Ukuran paling besar 10 MB per berkas." in _page("kabid.ikp", period, unit)
    settings.EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
    assert "Ukuran paling besar 5 MB per berkas." in _page("kabid.ikp", period, unit)
