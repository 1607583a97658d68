"""NIP rules of DOMAIN.md §2: 18 digits, real birth date, real appointment month, sex 1/2."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sakip.organization.nip import format_nip, parse_nip


def test_valid_nip_is_parsed_and_printed_in_groups():
    parsed = parse_nip("19710823 199303 1 005")
    assert parsed.birth_date.isoformat() == "1971-08-23"
    assert (parsed.appointment_year, parsed.appointment_month) == (1993, 3)
    assert parsed.sex == "1" and parsed.sequence == 5
    assert format_nip("197108231993031005") == "19710823 199303 1 005"


@pytest.mark.parametrize(
    ("nip", "code", "indonesian"),
    [
        (
            "1971082319930310",
            "nip_digits",
            "NIP harus tepat 18 digit angka (sekarang 16 karakter).",
        ),
        ("19710823199303100A", "nip_digits", "NIP harus tepat 18 digit angka"),
        ("197102301993031005", "nip_birth_date", "Digit 1–8 NIP harus tanggal lahir yang benar"),
        (
            "197108231993131005",
            "nip_appointment",
            "Digit 9–14 NIP harus tahun dan bulan pengangkatan",
        ),
        (
            "197108231993033005",
            "nip_sex",
            "Digit ke-15 NIP adalah jenis kelamin: 1 (laki-laki) atau 2 (perempuan); tertulis 3.",
        ),
        ("197108231993031000", "nip_sequence", "Tiga digit terakhir NIP adalah nomor urut"),
    ],
)
def test_invalid_nip_gets_a_clear_indonesian_message(nip, code, indonesian):
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        parse_nip(nip)
    assert caught.value.code == code
    assert indonesian in caught.value.messages[0]


def test_appointment_before_birth_is_refused():
    with pytest.raises(ValidationError) as caught:
        parse_nip("198001011970011001")
    assert caught.value.code == "nip_appointment"
