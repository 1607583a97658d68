"""Messages of the Excel export and import, as constants that the importer shows and tests assert.

Row-level messages are short fragments: the import framework prefixes them with the row and the
column, e.g. "Baris 7, kolom Target 2026: bukan angka." (ROW_COLUMN_ERROR). The messages every
import shares (the file, a required cell) are the framework's, re-exported here.
"""

from django.utils.translation import gettext_lazy as _

from sakip.core.imports.messages import (  # noqa: F401 - re-exported for the views and tests
    FILE_CONTENT_TOO_LARGE,
    FILE_REQUIRED,
    FILE_TOO_LARGE,
    INVALID_FILE,
    NOT_A_NUMBER,
    REQUIRED,
    ROW_COLUMN_ERROR,
    ROW_ERROR,
    TOO_LONG,
)

# --- the uploaded file -----------------------------------------------------------------------
SHEET_MISSING = _(
    "Lembar “%(sheet)s” tidak ditemukan di berkas. Gunakan templat dari tombol Ekspor Excel."
)
COLUMNS_MISSING = _(
    "Kolom wajib tidak ditemukan di lembar “%(sheet)s”: %(columns)s. "
    "Gunakan templat dari tombol Ekspor Excel; baris pertama harus berisi judul kolom."
)
COLUMN_DUPLICATE = _("Kolom “%(column)s” muncul lebih dari sekali.")
COLUMN_ERROR = _("Kolom “%(column)s”: %(message)s")
HIGH_COLUMN_WITHOUT_BASE = _("Kolom “%(column)s” memerlukan kolom “%(base)s” di lembar yang sama.")
TOO_MANY_ROWS = _("Lembar berisi lebih dari %(max)s baris. Bagi impor menjadi beberapa berkas.")
NO_ROWS = _("Lembar “%(sheet)s” tidak berisi baris indikator.")

# --- one row ---------------------------------------------------------------------------------
CHOICE_INVALID = _("nilai “%(value)s” tidak dikenal. Pilihan: %(choices)s.")
GOAL_NOT_FOUND = _(
    "tujuan dengan kode “%(code)s” tidak ada di Renstra ini. Impor tidak membuat tujuan "
    "atau sasaran baru; tambahkan dulu di halaman Rencana Kinerja."
)
OBJECTIVE_NOT_FOUND = _(
    "sasaran dengan kode “%(code)s” tidak ada di bawah tujuan “%(goal)s” pada "
    "Renstra ini. Impor tidak membuat tujuan atau sasaran baru; tambahkan dulu di halaman "
    "Rencana Kinerja."
)
UNIT_NOT_FOUND = _("unit dengan kode “%(code)s” bukan unit di %(agency)s.")
PARENT_NOT_FOUND = _(
    "indikator induk “%(code)s” tidak ditemukan di Renstra ini atau di baris sebelumnya."
)
PARENT_AMBIGUOUS = _(
    "kode indikator induk “%(code)s” dipakai di lebih dari satu sasaran; tulis "
    "sebagai Kode Tujuan/Kode Sasaran/Kode Indikator, misalnya T1/S2/%(code)s."
)
PARENT_CYCLE = _("indikator induk membentuk lingkaran: indikator ini menjadi induk bagi dirinya.")
DUPLICATE_CODE = _(
    "kode indikator “%(code)s” sudah dipakai di baris %(row)s untuk sasaran yang sama."
)

# --- preview and apply -----------------------------------------------------------------------
NO_RENSTRA = _("Belum ada Renstra yang mencakup tahun %(year)s.")
IMPORT_EXPIRED = _("Data unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah berkas lagi.")
CHANGED_SINCE_PREVIEW = _(
    "Data rencana berubah sejak pratinjau dibuat. Periksa pratinjau yang baru, lalu terapkan lagi."
)
IMPORT_HAS_ERRORS = _(
    "Impor tidak dapat diterapkan karena masih ada galat; tidak ada data yang disimpan. "
    "Perbaiki berkas, lalu unggah lagi."
)
IMPORT_FAILED = _(
    "Impor dibatalkan dan tidak ada data yang disimpan. Perbaiki galat di bawah, lalu unggah lagi."
)
NOTHING_TO_APPLY = _("Tidak ada perubahan untuk diterapkan.")
IMPORT_DONE = _("%(created)s indikator ditambahkan, %(updated)s diubah.")
SAVE_CONFLICT = _(
    "Data rencana diubah oleh pengguna lain saat impor diterapkan; tidak ada data yang disimpan. "
    "Unggah berkas lagi."
)
# The Terapkan button asks before it applies.
CONFIRM_APPLY = _("Terapkan ke rencana: %(new)s indikator baru dan %(changed)s indikator diubah?")
