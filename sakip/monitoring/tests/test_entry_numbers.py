"""Issue 8: what a unit types on the entry page is read as it meant, plausible, storable, and never
lost: Indonesian numbers, valid ranges, the database's exact digits, evidence that cannot be stored,
and deleting an evidence file beside typed values."""

import html as html_lib
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sakip.monitoring.models import Evidence, MonthlyProgress, Realisasi
from sakip.planning.models import Indicator

from . import test_cycle_support as support
from .test_cycle_support import client_for, open_quarter, pdf_upload, save, submission_of

D = Decimal
pytestmark = pytest.mark.django_db

cycle = support.cycle
_media = support._media


def _url(period, unit):
    return reverse("monitoring:submission_detail", args=[period.pk, unit.pk])


def _post(cycle, period, submission, **fields):
    data = {"version": submission.version, "action": "save", **fields}
    return client_for("kabid.ikp").post(_url(period, cycle.organization.ikp), data, follow=True)


def _text(response) -> str:
    return html_lib.unescape(response.content.decode())


def _input_value(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def test_indonesian_thousands_are_read_as_thousands_in_value_and_budget(cycle):
    """The reported bug: `1.250` became 1.25 as a realisasi but 1250 as a budget."""
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    sub = cycle.sub_activity.pk
    response = _post(
        cycle,
        period,
        submission,
        **{f"value_{cycle.ik11.pk}": "1.250", f"budget_spent_{sub}_1": "1.250.000"},
    )
    assert response.status_code == 200
    assert Realisasi.objects.get(submission=submission, indicator=cycle.ik11).value == D("1250")
    assert MonthlyProgress.objects.get(
        submission=submission, sub_activity=cycle.sub_activity, month=1
    ).budget_spent == D("1250000")
    page = _text(response)
    # The page says what was read, in Indonesian format, and the inputs show the stored values.
    assert f"Realisasi {cycle.ik11.code} = 1.250" in page
    assert "= Rp1.250.000" in page
    assert _input_value(page, f"value_{cycle.ik11.pk}") == "1.250"
    assert _input_value(page, f"budget_spent_{sub}_1") == "1.250.000"


def test_an_ambiguous_number_is_refused_with_how_to_write_it(cycle):
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    response = _post(cycle, period, submission, **{f"value_{cycle.ik11.pk}": "1.25"})
    page = _text(response)
    assert "“1.25” dapat dibaca dua cara" in page
    assert "misalnya 1.250, 1.250,5 atau 12,5" in page
    assert _input_value(page, f"value_{cycle.ik11.pk}") == "1.25"  # what was typed stays
    assert not Realisasi.objects.filter(submission=submission).exists()


def test_english_numbers_follow_the_english_interface(cycle):
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    client = client_for("kabid.ikp")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(
        _url(period, cycle.organization.ikp),
        {"version": submission.version, "action": "save", f"value_{cycle.ik11.pk}": "1,250.5"},
        follow=True,
    )
    assert response.status_code == 200
    assert Realisasi.objects.get(submission=submission, indicator=cycle.ik11).value == D("1250.5")
    page = _text(response)
    assert _input_value(page, f"value_{cycle.ik11.pk}") == "1,250.5"
    assert "= 1,250.5" in page  # read back the English way, never "1.250,5" to an English reader


def test_a_value_the_database_would_round_is_refused_at_entry(cycle):
    """A 16-digit realisasi loses its last digit in SQLite (and broke the report page)."""
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    response = _post(
        cycle, period, submission, **{f"value_{cycle.ik11.pk}": "1.234.567.890.123.456"}
    )
    assert "terlalu besar atau terlalu panjang" in _text(response)
    assert not Realisasi.objects.filter(submission=submission).exists()
    with pytest.raises(ValidationError):
        save(cycle, submission, values={cycle.ik11.pk: (D("1234567890123456"), "", "")})


# --- plausible values (DOMAIN.md §3 rule 4) -----------------------------------------------------


def test_a_value_outside_the_indicators_range_is_refused_with_the_range(cycle):
    Indicator.objects.filter(pk=cycle.ik11.pk).update(valid_min=D("0"), valid_max=D("5"))
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    response = _post(cycle, period, submission, **{f"value_{cycle.ik11.pk}": "7,5"})
    assert "Nilai 7,5 di luar rentang sah indikator ini: 0 sampai 5." in _text(response)
    assert not Realisasi.objects.filter(submission=submission).exists()
    save(cycle, submission, values={cycle.ik11.pk: (D("4.5"), "", "")})  # inside: accepted


def test_negative_values_are_refused_unless_the_indicator_allows_them(cycle):
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    with pytest.raises(ValidationError) as refused:
        save(cycle, submission, values={cycle.ik11.pk: (D("-2"), "", "")})
    assert "tidak boleh negatif (-2)" in refused.value.message_dict[f"value_{cycle.ik11.pk}"][0]
    Indicator.objects.filter(pk=cycle.ik11.pk).update(allows_negative=True)
    save(cycle, submission, values={cycle.ik11.pk: (D("-2"), "", "")})
    assert Realisasi.objects.get(submission=submission, indicator=cycle.ik11).value == D("-2")


# --- nothing typed is lost ----------------------------------------------------------------------


def test_an_evidence_file_that_cannot_be_stored_keeps_the_typed_values(cycle, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    def disk_full(self, name, content, max_length=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    response = _post(
        cycle,
        period,
        submission,
        **{
            f"value_{cycle.ik11.pk}": "24",
            f"problems_{cycle.ik11.pk}": "Kendala yang diketik",
            f"evidence_{cycle.ik11.pk}": pdf_upload("foto-kegiatan.pdf"),
        },
    )
    page = _text(response)
    assert response.status_code == 200
    assert "Berkas “foto-kegiatan.pdf” tidak dapat disimpan karena gangguan penyimpanan" in page
    assert _input_value(page, f"value_{cycle.ik11.pk}") == "24"
    assert "Kendala yang diketik" in page
    assert not Evidence.objects.exists()
    assert not Realisasi.objects.filter(submission=submission).exists()  # nothing half-written


def test_deleting_an_evidence_file_saves_what_is_typed_beside_it(cycle):
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    first = _post(
        cycle,
        period,
        submission,
        **{f"value_{cycle.ik11.pk}": "10", f"evidence_{cycle.ik11.pk}": pdf_upload()},
    )
    assert first.status_code == 200
    evidence = Evidence.objects.get()
    submission.refresh_from_db()
    page = _text(first)
    assert f'name="delete_evidence" value="{evidence.pk}"' in page
    response = _post(
        cycle,
        period,
        submission,
        delete_evidence=str(evidence.pk),
        **{f"value_{cycle.ik11.pk}": "12", f"solutions_{cycle.ik11.pk}": "Diketik lalu hapus"},
    )
    assert response.status_code == 200
    assert not Evidence.objects.exists()
    stored = Realisasi.objects.get(submission=submission, indicator=cycle.ik11)
    assert (stored.value, stored.solutions) == (D("12"), "Diketik lalu hapus")


def test_another_units_evidence_cannot_be_deleted_through_the_entry_form(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    ikp = submission_of(period, o.ikp)
    save(cycle, ikp, values={cycle.ik11.pk: (D("3"), "", "")})
    from sakip.monitoring import services

    evidence = services.evidence_add(
        actor=o["kabid.ikp"], upload=pdf_upload(), submission=ikp, indicator=cycle.ik11.pk
    )
    aptika = submission_of(period, o.aptika)
    response = client_for("kabid.aptika").post(
        _url(period, o.aptika),
        {"version": aptika.version, "action": "save", "delete_evidence": str(evidence.pk)},
    )
    assert response.status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()
