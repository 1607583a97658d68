"""Messages of the quarterly Excel template and its upload, as constants that tests assert.

Row-level messages are fragments: the import framework prefixes them with the row and the column
through its ROW_COLUMN_ERROR ("Baris 4, kolom Realisasi: “dua belas” bukan angka.").
The messages about the file itself (not an xlsx, too large) are the framework's, imported here
so that every import speaks with one voice.
"""

from django.utils.translation import gettext_lazy as _

from sakip.core.imports.messages import (  # noqa: F401 - re-exported for views and tests
    FILE_REQUIRED,
    FILE_TOO_LARGE,
    INVALID_FILE,
    TOO_LONG,
)

# --- recognising the template ------------------------------------------------------------------
NOT_A_TEMPLATE = _(
    "Berkas ini bukan templat realisasi triwulan e-SAKIP. Unduh templat dari halaman ini, isi, "
    "lalu unggah berkas itu."
)
OLD_TEMPLATE = _(
    "Templat ini dibuat dengan versi lama (versi %(found)s; versi sekarang %(current)s). "
    "Unduh templat baru dari halaman ini dan salin isian Anda ke templat itu."
)
WRONG_TEMPLATE = _(
    "Templat ini untuk %(found)s, bukan untuk %(expected)s. Unduh templat dari halaman kiriman "
    "yang benar."
)
TEMPLATE_SUBJECT = _("%(unit)s, TW %(quarter)s %(year)s (%(agency)s)")
DATA_CHANGED_SINCE_DOWNLOAD = _(
    "Data kiriman ini sudah diubah sejak templat diunduh. Pratinjau dibandingkan dengan data "
    "saat ini: periksa setiap perubahan sebelum menerapkan."
)
SHEET_MISSING = _(
    "Lembar “%(sheet)s” tidak ditemukan di berkas. Gunakan templat yang diunduh dari halaman ini "
    "tanpa mengganti nama lembarnya."
)
COLUMNS_MISSING = _(
    "Kolom wajib tidak ditemukan di lembar “%(sheet)s”: %(columns)s. Jangan ubah judul kolom "
    "templat."
)
COLUMN_DUPLICATE = _("Kolom “%(column)s” muncul lebih dari sekali di lembar “%(sheet)s”.")
TOO_MANY_ROWS = _("Lembar “%(sheet)s” berisi lebih dari %(max)s baris.")

# --- one row -----------------------------------------------------------------------------------
NOT_A_NUMBER = _("“%(value)s” bukan angka.")
REQUIRED = _("wajib diisi.")
UNKNOWN_INDICATOR = _(
    "indikator dengan kode “%(code)s” bukan indikator kiriman ini. Jangan menambah baris atau "
    "mengubah kode."
)
UNKNOWN_SUB_ACTIVITY = _(
    "sub kegiatan dengan kode “%(code)s” bukan sub kegiatan kiriman ini. Jangan menambah baris "
    "atau mengubah kode."
)
DUPLICATE_INDICATOR = _("indikator “%(code)s” sudah diisi di baris %(row)s.")
DUPLICATE_PROGRESS = _("sub kegiatan “%(code)s” bulan %(month)s sudah diisi di baris %(row)s.")
MONTH_UNKNOWN = _("“%(value)s” bukan nama bulan.")
MONTH_OUTSIDE_QUARTER = _("bulan %(month)s bukan bulan TW %(quarter)s (%(months)s).")
PERCENT_RANGE = _("progres fisik harus antara 0 dan 100 persen, bukan %(value)s.")
NEGATIVE_BUDGET = _("realisasi anggaran tidak boleh negatif (%(value)s).")
SPENT_ABOVE_PAGU = _(
    "Lembar Progres Bulanan, baris %(row)s: realisasi anggaran %(spent)s melebihi pagu "
    "%(pagu)s. Periksa kembali angkanya."
)

# --- preview and apply -------------------------------------------------------------------------
UPLOAD_EXPIRED = _("Data unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah berkas lagi.")
CHANGED_SINCE_PREVIEW = _(
    "Data kiriman berubah sejak pratinjau dibuat. Periksa pratinjau yang baru, lalu terapkan lagi."
)
HAS_ERRORS = _(
    "Unggahan tidak dapat diterapkan karena masih ada galat; tidak ada data yang disimpan. "
    "Perbaiki berkas, lalu unggah lagi."
)
APPLY_FAILED = _(
    "Unggahan dibatalkan dan tidak ada data yang disimpan: %(reason)s Perbaiki berkas, lalu "
    "unggah lagi."
)
NOTHING_TO_APPLY = _("Tidak ada perubahan untuk diterapkan.")
# The Terapkan button asks before it applies.
CONFIRM_APPLY = _(
    "Simpan perubahan ke kiriman: %(indicators)s indikator dan %(progress)s baris progres bulanan?"
)
APPLIED = _("Data dari Excel disimpan: %(indicators)s indikator dan %(progress)s baris progres.")
ROWS_NOT_IN_FILE = _("%(count)s indikator kiriman ini tidak ada di berkas; nilainya tidak diubah.")
