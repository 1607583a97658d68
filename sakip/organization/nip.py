"""NIP: the 18-digit civil-servant number (DOMAIN.md §2).

Layout: birth date YYYYMMDD (8) · appointment YYYYMM (6) · sex 1/2 (1) · sequence (3),
printed as "19710823 199303 1 005".
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ERR_NIP_DIGITS = "nip_digits"
ERR_NIP_BIRTH_DATE = "nip_birth_date"
ERR_NIP_APPOINTMENT = "nip_appointment"
ERR_NIP_SEX = "nip_sex"
ERR_NIP_SEQUENCE = "nip_sequence"


@dataclass(frozen=True)
class ParsedNip:
    birth_date: datetime.date
    appointment_year: int
    appointment_month: int
    sex: str
    sequence: int


def normalize_nip(raw: str) -> str:
    """Accept the printed form with spaces (or dots/dashes) and keep the digits."""
    return re.sub(r"[\s.\-]", "", raw or "")


def parse_nip(raw: str) -> ParsedNip:
    nip = normalize_nip(raw)
    if not re.fullmatch(r"\d{18}", nip):
        raise ValidationError(
            _("NIP harus tepat 18 digit angka (sekarang %(count)d karakter).")
            % {"count": len(nip)},
            code=ERR_NIP_DIGITS,
        )
    try:
        birth = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _(
                "Digit 1–8 NIP harus tanggal lahir yang benar (TTTTBBHH); %(value)s bukan tanggal yang benar."
            )
            % {"value": nip[0:8]},
            code=ERR_NIP_BIRTH_DATE,
        ) from None
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < birth.year:
        raise ValidationError(
            _("Digit 9–14 NIP harus tahun dan bulan pengangkatan (TTTTBB); %(value)s tidak benar.")
            % {"value": nip[8:14]},
            code=ERR_NIP_APPOINTMENT,
        )
    if nip[14] not in "12":
        raise ValidationError(
            _(
                "Digit ke-15 NIP adalah jenis kelamin: 1 (laki-laki) atau 2 (perempuan); tertulis %(value)s."
            )
            % {"value": nip[14]},
            code=ERR_NIP_SEX,
        )
    if int(nip[15:18]) == 0:
        raise ValidationError(
            _("Tiga digit terakhir NIP adalah nomor urut dan tidak boleh 000."),
            code=ERR_NIP_SEQUENCE,
        )
    return ParsedNip(birth, year, month, nip[14], int(nip[15:18]))


def validate_nip(raw: str) -> None:
    parse_nip(raw)


def format_nip(raw: str) -> str:
    nip = normalize_nip(raw)
    if len(nip) != 18:
        return raw
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"
