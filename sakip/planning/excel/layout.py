"""The layout of the plan workbook, shared by the export and the import so that they round-trip.

Headers, sheet names and the words in choice columns are translated; the importer accepts them in
every language of settings.LANGUAGES (and the stored values), case-insensitively, so that a file
exported in one language imports in another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sakip.core import imports, xlsx
from sakip.core.imports import normalize, variants

from ..choices import Aggregation, Polarity, TargetKind

INDICATOR_SHEET = _("Indikator")
BUDGET_SHEET = _("Anggaran")
GUIDE_SHEET = _("Petunjuk")

YES = imports.YES
NO = imports.NO

# Short words for the choice columns: easy to type in a spreadsheet (no dashes or parentheses).
POLARITY_LABELS: dict[str, Promise] = {
    Polarity.HIGHER: _("Lebih tinggi lebih baik"),
    Polarity.LOWER: _("Lebih rendah lebih baik"),
}
TARGET_KIND_LABELS: dict[str, Promise] = {
    TargetKind.SINGLE: _("Tunggal"),
    TargetKind.RANGE: _("Rentang"),
}
AGGREGATION_LABELS: dict[str, Promise] = {
    Aggregation.INCREMENTAL: _("Inkremental"),
    Aggregation.CUMULATIVE: _("Kumulatif"),
    Aggregation.AVERAGE: _("Rata-rata"),
    Aggregation.LATEST: _("Terakhir"),
}


@dataclass(frozen=True)
class Column:
    """One fixed column of a sheet: its key, header, width, and the guide text for it."""

    key: str
    label: Promise
    width: int
    help: Promise | str
    required: bool = False
    max_length: int | None = None


INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column(
        "goal_code",
        _("Kode Tujuan"),
        12,
        _("Kode tujuan yang sudah ada di Renstra. Impor tidak membuat tujuan baru."),
        required=True,
    ),
    Column("goal", _("Tujuan"), 40, _("Hanya keterangan; perubahan di kolom ini tidak disimpan.")),
    Column(
        "objective_code",
        _("Kode Sasaran"),
        12,
        _(
            "Kode sasaran strategis yang sudah ada di bawah tujuan itu. Impor tidak membuat sasaran baru."
        ),
        required=True,
    ),
    Column(
        "objective",
        _("Sasaran Strategis"),
        40,
        _("Hanya keterangan; perubahan di kolom ini tidak disimpan."),
    ),
    Column(
        "code",
        _("Kode Indikator"),
        14,
        _(
            "Kode indikator, unik di dalam satu sasaran. Kode yang sudah ada mengubah indikator "
            "itu; kode baru menambah indikator."
        ),
        required=True,
        max_length=20,
    ),
    Column("name", _("Indikator"), 50, _("Nama indikator kinerja."), required=True, max_length=400),
    Column(
        "unit_of_measure",
        _("Satuan"),
        12,
        _("Satuan ukuran, misalnya %, dokumen, indeks."),
        required=True,
        max_length=60,
    ),
    Column("definition", _("Definisi/Formula"), 40, _("Definisi atau rumus perhitungan.")),
    Column("data_source", _("Sumber Data"), 25, _("Asal data realisasi."), max_length=250),
    Column(
        "responsible_unit",
        _("Unit Penanggung Jawab"),
        22,
        _("Kode unit kerja penanggung jawab (lihat daftar kode unit di bawah)."),
        required=True,
    ),
    Column("is_iku", _("IKU"), 8, _("Indikator Kinerja Utama.")),
    Column("polarity", _("Polaritas"), 24, _("Arah kinerja yang baik.")),
    Column(
        "target_kind", _("Jenis Target"), 14, _("Target berupa satu nilai atau rentang bawah–atas.")
    ),
    Column("aggregation", _("Agregasi"), 14, _("Cara nilai triwulan dijumlahkan menjadi periode.")),
    Column(
        "parent",
        _("Indikator Induk"),
        16,
        _(
            "Indikator induk (cascading): kodenya bila induk ada di sasaran yang sama, atau "
            "Kode Tujuan/Kode Sasaran/Kode Indikator bila di sasaran lain (misalnya T1/S2/IK1). "
            "Induk baru harus ada di baris sebelumnya. Kosongkan bila tidak ada."
        ),
    ),
)

# Year columns: "Target 2026" and "Target 2026 (atas)" (the high end of a range).
TARGET_LABEL = _("Target %(year)s")
TARGET_HIGH_LABEL = _("Target %(year)s (atas)")
END_TARGET = Column(
    "end_target_low", _("Target Akhir"), 14, _("Target akhir periode Renstra (nilai bawah).")
)
END_TARGET_HIGH = Column(
    "end_target_high",
    _("Target Akhir (atas)"),
    14,
    _("Nilai atas target akhir, hanya untuk jenis target rentang."),
)
TARGET_WIDTH = 13

BUDGET_COLUMNS: tuple[Column, ...] = (
    Column("program_code", _("Kode Program"), 16, ""),
    Column("program", _("Program"), 40, ""),
    Column("activity_code", _("Kode Kegiatan"), 16, ""),
    Column("activity", _("Kegiatan"), 40, ""),
    Column("sub_activity_code", _("Kode Sub Kegiatan"), 18, ""),
    Column("sub_activity", _("Sub Kegiatan"), 40, ""),
    Column("responsible_unit", _("Unit Penanggung Jawab"), 22, ""),
)
PAGU_LABEL = _("Pagu %(year)s")
PAGU_WIDTH = 18
RUPIAH_FORMAT = xlsx.RUPIAH_FORMAT


PARENT_SEPARATOR = "/"


def parent_reference(child: tuple[str, str, str], parent: tuple[str, str, str]) -> str:
    """How the Indikator Induk column names a parent: its code within the same objective,
    else goal/objective/indicator codes, because indicator codes are unique per objective only."""
    if child[:2] == parent[:2]:
        return parent[2]
    return PARENT_SEPARATOR.join(parent)


# --- matching what people typed ---------------------------------------------------------------
# Headers and words are compared as the import framework compares them (re-exported here).


def choice_lookup(
    labels: dict[str, Promise], model_choices: Iterable[tuple[str, Any]]
) -> dict[str, str]:
    """Everything a person may type for a choice: our short words, the model's labels, the values."""
    lookup: dict[str, str] = {}
    for value, label in model_choices:
        lookup[normalize(value)] = value
        for form in variants(label):
            lookup[form] = value
    for value, label in labels.items():
        for form in variants(label):
            lookup[form] = value
    return lookup


def year_pattern(template: Promise) -> list[re.Pattern[str]]:
    """Regexes that read the year out of a translated "Target %(year)s" header."""
    patterns = []
    for code, _name in [(None, None), *settings.LANGUAGES]:
        if code is None:
            text = str(template)
        else:
            with translation.override(code):
                text = str(template)
        prefix, _sep, suffix = normalize(text).partition("%(year)s")
        patterns.append(re.compile(rf"^{re.escape(prefix)}(\d{{4}}){re.escape(suffix)}$"))
    return patterns
