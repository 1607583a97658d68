"""Messages of the Rencana Aksi, as constants that services and checks raise and tests assert.

The check messages carry the numbers in Indonesian format, e.g. "Jumlah target triwulan 38 tidak
sama dengan target tahunan 40 (agregasi inkremental)."
"""

from django.utils.translation import gettext_lazy as _

# --- checks against the annual target (checks.py) -------------------------------------------
SUM_MISMATCH = _(
    "Jumlah target triwulan %(value)s tidak sama dengan target tahunan %(annual)s "
    "(agregasi inkremental)."
)
AVERAGE_MISMATCH = _(
    "Rata-rata target triwulan %(value)s tidak sama dengan target tahunan %(annual)s "
    "(agregasi rata-rata)."
)
CUMULATIVE_MISMATCH = _(
    "Target TW IV %(value)s tidak sama dengan target tahunan %(annual)s (agregasi kumulatif)."
)
LATEST_MISMATCH = _(
    "Target TW IV %(value)s tidak sama dengan target tahunan %(annual)s (agregasi nilai terakhir)."
)
CUMULATIVE_NO_Q4 = _(
    "Target TW IV belum diisi; pada agregasi kumulatif target TW IV harus sama dengan target "
    "tahunan %(annual)s."
)
LATEST_NO_Q4 = _(
    "Target TW IV belum diisi; pada agregasi nilai terakhir target TW IV harus sama dengan "
    "target tahunan %(annual)s."
)
NO_QUARTER_TARGET = _("Belum ada target triwulan yang diisi.")
CUMULATIVE_DECREASES = _(
    "Target kumulatif menurun dari %(before_label)s (%(before)s) ke %(after_label)s (%(after)s); "
    "pada indikator semakin tinggi semakin baik, target kumulatif biasanya tidak turun."
)
RANGE_SIDE = _("%(side)s: %(message)s")
SIDE_LOW = _("Nilai bawah")
SIDE_HIGH = _("Nilai atas")

# --- the plan and its workflow (services.py) --------------------------------------------------
PLAN_EXISTS = _("Unit ini sudah memiliki Rencana Aksi tahun %(year)s.")
UNIT_NOT_PLAN_UNIT = _(
    "Rencana Aksi disusun oleh perangkat daerah dan unit langsung di bawahnya "
    "(Sekretariat dan Bidang); pilih salah satu unit tersebut."
)
NO_RENSTRA = _("Belum ada Renstra perangkat daerah ini yang mencakup tahun %(year)s.")
NO_INDICATORS = _("Unit ini tidak memiliki indikator yang bertarget pada tahun %(year)s.")
NOT_EDITABLE = _(
    "Rencana Aksi yang sudah diajukan atau disetujui tidak dapat diubah, kecuali dikembalikan "
    "untuk diperbaiki."
)
NOT_SUBMITTED = _("Rencana Aksi ini belum diajukan, sehingga belum dapat diperiksa.")
ALREADY_SUBMITTED = _("Rencana Aksi ini sudah diajukan.")
# The second of two people acting on one plan (or one person in two tabs): by whom and when.
SUBMITTED_BY = _("Rencana Aksi ini sudah diajukan oleh %(name)s pada %(when)s.")
ACCEPTED_BY = _("Rencana Aksi ini sudah disetujui oleh %(name)s pada %(when)s.")
RETURNED_BY = _(
    "Rencana Aksi ini sudah dikembalikan ke unit untuk diperbaiki oleh %(name)s pada %(when)s."
)
ROW_UNKNOWN = _("Indikator ini bukan bagian dari Rencana Aksi ini.")
QUARTER_INVALID = _("Triwulan harus 1 sampai 4.")
JUSTIFICATION_REQUIRED = _(
    "Target triwulan tidak sesuai dengan target tahunan. Tuliskan penjelasannya sebelum mengajukan."
)
TARGETS_REQUIRED = _("Isi target triwulan indikator ini sebelum mengajukan.")
SUBMIT_REFUSED = _(
    "Rencana Aksi belum dapat diajukan. Perbaiki isian yang ditandai pada indikator di bawah."
)
RETURN_NOTE_REQUIRED = _("Catatan wajib diisi saat mengembalikan.")
TOO_LONG = _("Paling banyak %(max)s karakter.")
# Labels of the audited changes ("IK1 TW II (rencana aksi)").
ACTIONS_LABEL = _("rencana aksi")
JUSTIFICATION_LABEL = _("penjelasan selisih")

# --- Excel round trip (excel.py) --------------------------------------------------------------
SHEET_MISSING = _(
    "Lembar “%(sheet)s” tidak ditemukan di berkas. Gunakan templat dari tombol Unduh Excel "
    "pada halaman Rencana Aksi."
)
COLUMNS_MISSING = _(
    "Kolom wajib tidak ditemukan di lembar “%(sheet)s”: %(columns)s. Gunakan templat dari "
    "tombol Unduh Excel; baris pertama harus berisi judul kolom."
)
WRONG_PLAN = _(
    "Berkas ini adalah templat Rencana Aksi %(unit)s tahun %(year)s, bukan Rencana Aksi yang "
    "sedang dibuka. Unduh templat dari halaman Rencana Aksi ini."
)
NO_ROWS = _("Lembar “%(sheet)s” tidak berisi baris indikator.")
INDICATOR_NOT_IN_PLAN = _("indikator “%(code)s” bukan bagian dari Rencana Aksi ini.")
INDICATOR_AMBIGUOUS = _(
    "kode indikator “%(code)s” dipakai di lebih dari satu sasaran; isi juga kolom Kode Sasaran."
)
DUPLICATE_ROW = _("indikator “%(code)s” sudah ada di baris %(row)s.")
HIGH_NOT_ALLOWED = _("indikator ini bukan target rentang; kosongkan kolom ini.")
HIGH_REQUIRED = _("target rentang memerlukan nilai atas.")
LOW_REQUIRED = _("target rentang memerlukan nilai bawah.")
LOW_ABOVE_HIGH = _("nilai bawah rentang tidak boleh lebih besar dari nilai atas.")
TEXT_TOO_LONG = _("paling banyak %(max)s karakter.")
IMPORT_NOT_EDITABLE = _(
    "Rencana Aksi ini sudah diajukan atau disetujui; berkas tidak dapat diimpor."
)
IMPORT_EXPIRED = _("Data unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah berkas lagi.")
IMPORT_HAS_ERRORS = _(
    "Impor tidak dapat diterapkan karena masih ada galat; tidak ada data yang disimpan. "
    "Perbaiki berkas, lalu unggah lagi."
)
IMPORT_STALE = _(
    "Rencana Aksi diubah oleh pengguna lain sejak pratinjau dibuat; tidak ada data yang "
    "disimpan. Unggah berkas lagi untuk melihat pratinjau yang baru."
)
NOTHING_TO_APPLY = _("Tidak ada perubahan untuk diterapkan.")
IMPORT_DONE = _("Impor selesai: %(count)s indikator diubah.")
