"""Error messages of the planning rules, as constants that services raise and tests assert."""

from django.utils.translation import gettext_lazy as _

from sakip.core import locking

RANGE_NEEDS_HIGH = _("Target rentang memerlukan nilai bawah dan nilai atas.")
RANGE_LOW_ABOVE_HIGH = _("Nilai bawah rentang tidak boleh lebih besar dari nilai atas.")
SINGLE_HAS_HIGH = _(
    "Target nilai tunggal tidak memiliki nilai atas; pilih jenis target rentang untuk rentang."
)
YEAR_OUTSIDE_RENSTRA = _("Tahun %(year)s berada di luar periode Renstra %(start)s–%(end)s.")
TARGET_REQUIRED = _("Isi nilai target.")
NEGATIVE_BUDGET = _("Pagu anggaran tidak boleh negatif.")
UNIT_OUTSIDE_AGENCY = _(
    "Unit penanggung jawab harus unit dari perangkat daerah pemilik Renstra ini."
)
PARENT_OTHER_RENSTRA = _("Indikator induk harus berada dalam Renstra yang sama.")
PARENT_LOOP = _("Indikator induk tidak boleh indikator turunan dari indikator ini sendiri.")
PARENT_IS_SELF = _("Indikator tidak dapat menjadi induk bagi dirinya sendiri.")
CODE_TAKEN = _("Kode ini sudah dipakai di sini; pilih kode lain.")
INDICATOR_GONE = _("Indikator ini tidak ditemukan lagi; mungkin sudah dihapus.")
RENSTRA_YEAR_TAKEN = _("Perangkat daerah ini sudah memiliki Renstra yang dimulai tahun %(year)s.")
STALE_EDIT = locking.STALE_EDIT

# DOMAIN.md §3 rule 4: plausible values of an indicator.
VALUE_NEGATIVE = _(
    "Nilai indikator ini tidak boleh negatif (%(value)s). Bila indikator ini memang dapat "
    "bernilai negatif (misalnya laju pertumbuhan), staf perencanaan dapat mengizinkannya pada "
    "data indikator."
)
VALUE_OUT_OF_RANGE = _("Nilai %(value)s di luar rentang sah indikator ini: %(range)s.")
VALID_RANGE_BETWEEN = _("%(min)s sampai %(max)s")
VALID_RANGE_AT_LEAST = _("paling kecil %(min)s")
VALID_RANGE_AT_MOST = _("paling besar %(max)s")
VALID_RANGE_REVERSED = _("Nilai sah terkecil tidak boleh lebih besar dari nilai sah terbesar.")
VALID_MIN_NEGATIVE = _(
    "Nilai sah terkecil negatif hanya dapat dipakai bila indikator boleh bernilai negatif."
)
