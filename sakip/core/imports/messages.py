"""Messages every Excel import shows, as constants that the imports use and tests assert.

Row-level messages are short fragments: the framework prefixes them with the row and the column,
e.g. "Baris 7, kolom Target 2026: bukan angka." (ROW_COLUMN_ERROR). What differs between the
imports (the name of their template, where to download it) stays in each import's messages.
"""

from django.utils.translation import gettext_lazy as _

# --- the uploaded file -----------------------------------------------------------------------
FILE_REQUIRED = _("Pilih berkas Excel (.xlsx) yang akan diimpor.")
INVALID_FILE = _("Berkas bukan file Excel (.xlsx) yang valid.")
FILE_TOO_LARGE = _("Berkas terlalu besar (%(size)s). Ukuran maksimum %(max)s.")
FILE_CONTENT_TOO_LARGE = _(
    "Isi berkas terlalu besar untuk diimpor. Simpan ulang berkas tanpa gambar atau lembar tambahan."
)

# --- one row ---------------------------------------------------------------------------------
ROW_COLUMN_ERROR = _("Baris %(row)s, kolom %(column)s: %(message)s")
ROW_ERROR = _("Baris %(row)s: %(message)s")
REQUIRED = _("wajib diisi.")
TOO_LONG = _("paling banyak %(max)s karakter.")
NOT_A_NUMBER = _("bukan angka.")

# --- the background apply (decision 0014) ----------------------------------------------------
CHANGED_BEFORE_JOB = _(
    "Data berubah sejak pratinjau dibuat; tidak ada data yang disimpan. Unggah berkas lagi untuk "
    "melihat pratinjau terbaru, lalu terapkan."
)
