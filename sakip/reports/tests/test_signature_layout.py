"""Issue 10: the PK's two signers stand side by side with their names on one line, and a
signature block never stands alone on the last page of a PK (it takes the lines before it)."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from sakip.reports import selectors as s
from sakip.reports.docx_render import render_pk_docx
from sakip.reports.pdf_render import render_pk_pdf

from .annual_sample import annual_sample

LONG_TITLE = "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Uji"


def _pk(objectives: int) -> s.PkData:
    groups = [
        s.ObjectiveGroup(
            no,
            f"Sasaran strategis nomor {no} yang cukup panjang",
            [s.IndicatorRow(f"Indikator {no}.{i}", "80", "%", "80 %") for i in range(2)],
        )
        for no in range(1, objectives + 1)
    ]
    return s.PkData(
        letterhead=annual_sample().letterhead,
        title_lines=["PERJANJIAN KINERJA TAHUN 2026", "DINAS KOMINFO UJI"],
        number="",
        opening="Kami yang bertanda tangan di bawah ini:",
        first_party=s.PartyRow("Muhammad Nor, S.Sos., M.M.", "19710823 199303 1 005", LONG_TITLE),
        first_party_role="Selanjutnya disebut pihak pertama.",
        second_party=s.PartyRow("H. Abdul Hadi", "", "Bupati Uji"),
        second_party_role="Selaku atasan pihak pertama, selanjutnya disebut pihak kedua.",
        commitments=["Pihak pertama berjanji mewujudkan target kinerja dalam lampiran ini."],
        place_date="Paringin, 02 Januari 2026",
        left_signature=s.Signature("Pihak Kedua,", "Bupati Uji", "H. Abdul Hadi", ""),
        right_signature=s.Signature(
            "Pihak Pertama,", LONG_TITLE, "Muhammad Nor, S.Sos., M.M.", "NIP. 19710823 199303 1 005"
        ),
        attachment_title_lines=["LAMPIRAN PERJANJIAN KINERJA TAHUN 2026", "DINAS KOMINFO UJI"],
        objectives=groups,
        budget=[s.BudgetRow("1", "Program 1", "Rp1.000.000", True)],
        total_text="Rp1.000.000",
        headers=s._headers(),
    )


def test_pk_docx_signers_side_by_side_names_on_one_line():
    with translation.override("id"):
        doc = Document(io.BytesIO(render_pk_docx(_pk(2))))
    for table in (doc.tables[2], doc.tables[-1]):  # the agreement page and the attachment
        rows = [[" ".join(c.text.split()) for c in row.cells] for row in table.rows]
        assert ["Pihak Kedua,", "Pihak Pertama,"] in rows
        assert ["Bupati Uji", LONG_TITLE] in rows
        assert ["H. Abdul Hadi", "Muhammad Nor, S.Sos., M.M."] in rows


@pytest.mark.parametrize("objectives", [10, 11, 12, 13])
def test_pk_pdf_signature_never_alone_on_the_last_page(objectives):
    with translation.override("id"):
        pdf = render_pk_pdf(_pk(objectives))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    last = pages[-1]
    assert "H. Abdul Hadi Muhammad Nor, S.Sos., M.M." in last  # the names on one line
    before = last[: last.index("Paringin, 02 Januari 2026")]
    assert before.strip().removeprefix("Halaman") != "", last  # something precedes the block
    assert "Jumlah" in before or "LAMPIRAN" in before
