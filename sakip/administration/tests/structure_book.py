"""A filled structure workbook for a new agency, Dinas Kesehatan (code `dinkes`), as an
administrator would fill the downloaded template: its Sekretariat with two Sub Bagian, two bidang
with a seksi each, their heads, the planning staff, and every person's login."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import load_workbook

PASSWORD = "Sehat-Balangan-2026"
# Appointed last year; the acting Kabid until the end of next year, whenever the tests run.
THIS_YEAR = datetime.date.today().year
START = f"02-01-{THIS_YEAR - 1}"
PLT_END = f"31-12-{THIS_YEAR + 1}"

UNITS: list[list[Any]] = [
    # Kode Unit, Nama Unit, Nama Singkat, Jenis Unit, Kode Unit Induk, Urutan
    ["dinkes-sekretariat", "Sekretariat Dinas Kesehatan", "Sekretariat", "Sekretariat", "", 1],
    [
        "dinkes-umpeg",
        "Sub Bagian Umum dan Kepegawaian",
        "Umpeg",
        "Sub Bagian",
        "dinkes-sekretariat",
        1,
    ],
    [
        "dinkes-renkeu",
        "Sub Bagian Perencanaan dan Keuangan",
        "Renkeu",
        "Sub Bagian",
        "dinkes-sekretariat",
        2,
    ],
    ["dinkes-yankes", "Bidang Pelayanan Kesehatan", "Yankes", "Bidang", "", 2],
    ["dinkes-rujukan", "Seksi Pelayanan Rujukan", "", "Seksi", "dinkes-yankes", 1],
    ["dinkes-p2p", "Bidang Pencegahan Penyakit", "P2P", "Bidang", "", 3],
    ["dinkes-surveilans", "Seksi Surveilans", "", "Seksi", "dinkes-p2p", 1],
]
POSITIONS: list[list[Any]] = [
    # Kode Jabatan, Kode Unit, Nama Jabatan, Peran, Kepala Unit, Kode Jabatan Atasan
    ["J1", "dinkes", "Kepala Dinas Kesehatan", "Kepala Dinas", "Ya", ""],
    ["J2", "dinkes-sekretariat", "Sekretaris", "Sekretaris", "Ya", ""],
    [
        "J3",
        "dinkes-umpeg",
        "Kasubag Umum dan Kepegawaian",
        "Kasubag Umum dan Kepegawaian",
        "Ya",
        "",
    ],
    [
        "J4",
        "dinkes-renkeu",
        "Kasubag Perencanaan dan Keuangan",
        "Kasubag Perencanaan dan Keuangan",
        "Ya",
        "",
    ],
    ["J5", "dinkes-renkeu", "Analis Perencanaan", "Staf Penyusun Evaluasi Kinerja", "Tidak", "J4"],
    ["J6", "dinkes-yankes", "Kepala Bidang Pelayanan Kesehatan", "Kepala Bidang", "Ya", ""],
    ["J7", "dinkes-rujukan", "Kepala Seksi Pelayanan Rujukan", "Kepala Seksi", "Ya", ""],
    ["J8", "dinkes-p2p", "Kepala Bidang Pencegahan Penyakit", "Kepala Bidang", "Ya", ""],
    ["J9", "dinkes-surveilans", "Kepala Seksi Surveilans", "Kepala Seksi", "Ya", ""],
]
PEOPLE: list[list[Any]] = [
    # NIP, Nama, Gelar Depan, Gelar Belakang, Pangkat/Golongan, Surel, Kode Jabatan,
    # Jenis Pengangkatan, Mulai, Sampai, Nama Pengguna, Kata Sandi Awal
    [
        "19700512 199503 1 002",
        "Hasanuddin",
        "dr.",
        "M.Kes.",
        "Pembina Utama Muda (IV/c)",
        "",
        "J1",
        "Definitif",
        START,
        "",
        "dinkes.kadis",
        PASSWORD,
    ],
    [
        "19750315 200003 2 004",
        "Siti Rahmah",
        "",
        "S.K.M., M.M.",
        "Pembina (IV/a)",
        "",
        "J2",
        "Definitif",
        START,
        "",
        "dinkes.sekretaris",
        PASSWORD,
    ],
    [
        "19800220 200501 2 006",
        "Nurul Hidayah",
        "",
        "S.E.",
        "Penata Tingkat I (III/d)",
        "",
        "J3",
        "Definitif",
        START,
        "",
        "dinkes.kasubag.umum",
        PASSWORD,
    ],
    [
        "19820707 200801 1 008",
        "Ahmad Fauzan",
        "",
        "S.E., M.Si.",
        "Penata Tingkat I (III/d)",
        "",
        "J4",
        "Definitif",
        START,
        "",
        "dinkes.kasubag.renkeu",
        PASSWORD,
    ],
    [
        "19900101 201501 2 010",
        "Rina Marlina",
        "",
        "S.Kom.",
        "Penata Muda (III/a)",
        "",
        "J5",
        "Definitif",
        START,
        "",
        "dinkes.staf.evaluasi",
        PASSWORD,
    ],
    [
        "19780909 200212 1 012",
        "Muhammad Yusuf",
        "dr.",
        "",
        "Pembina (IV/a)",
        "",
        "J6",
        "Definitif",
        START,
        "",
        "dinkes.kabid.yankes",
        PASSWORD,
    ],
    [
        "19850404 201001 2 014",
        "Dewi Sartika",
        "",
        "S.Kep.",
        "Penata (III/c)",
        "",
        "J7",
        "Definitif",
        START,
        "",
        "dinkes.kasi.rujukan",
        PASSWORD,
    ],
    [
        "19771111 200312 1 016",
        "Rahmadi",
        "",
        "S.K.M.",
        "Pembina (IV/a)",
        "",
        "J8",
        "Plt",
        START,
        PLT_END,
        "dinkes.kabid.p2p",
        PASSWORD,
    ],
    [
        "19881212 201212 1 018",
        "Fajar Ramadhan",
        "",
        "S.K.M.",
        "Penata (III/c)",
        "",
        "J9",
        "Definitif",
        START,
        "",
        "dinkes.kasi.surveilans",
        PASSWORD,
    ],
]


def fill(
    template: bytes,
    *,
    units: Sequence[Sequence[Any]] = UNITS,
    positions: Sequence[Sequence[Any]] = POSITIONS,
    people: Sequence[Sequence[Any]] = PEOPLE,
) -> bytes:
    """The downloaded template with its three sheets filled (as typed, every cell text)."""
    book = load_workbook(io.BytesIO(template))
    for name, rows in (("Unit", units), ("Jabatan", positions), ("Pegawai", people)):
        sheet = book[name]
        for number, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                sheet.cell(number, column, value if value != "" else None)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
