"""Messages of the RKT workflow (SOP 1), as constants that services raise and tests assert."""

from django.utils.translation import gettext_lazy as _

FORM_NOT_EDITABLE = _("Formulir yang sudah dikirim tidak dapat diubah.")
FORM_ALREADY_SUBMITTED = _("Formulir ini sudah dikirim.")
FORM_NOT_SUBMITTED = _("Formulir ini belum dikirim oleh unit, sehingga belum dapat diperiksa.")
# The second of two reviewers (or one reviewer in two tabs) is told who decided, and when.
FORM_ALREADY_ACCEPTED = _("Formulir ini sudah diterima oleh %(name)s pada %(when)s.")
FORM_ALREADY_RETURNED = _(
    "Formulir ini sudah dikembalikan ke unit untuk diperbaiki oleh %(name)s pada %(when)s."
)
FORM_NOT_ACKNOWLEDGED = _(
    "Unit belum menyatakan telah menerima sosialisasi pengisian formulir RKT."
)
FORM_MISSING_TARGETS = _("Masih ada indikator tanpa target: %(codes)s.")
FORM_LINE_UNKNOWN = _("Baris ini bukan bagian dari formulir ini.")
ALREADY_ACKNOWLEDGED = _("Sosialisasi sudah dinyatakan diterima oleh %(name)s pada %(when)s.")
SOCIALIZATION_NOT_RECORDED = _("Rapat sosialisasi pengisian formulir RKT belum dicatat.")
SOCIALIZATION_ATTENDEE_OUTSIDE = _("Peserta harus pegawai perangkat daerah ini.")
SOCIALIZATION_ATTENDEES_REQUIRED = _("Pilih sedikitnya satu peserta rapat.")
FIELD_REQUIRED = _("Bagian ini wajib diisi.")
RETURN_NOTE_REQUIRED = _("Catatan wajib diisi saat mengembalikan.")
PLAN_NOTE_REQUIRED = _(
    "Tuliskan jadwal penyusunan RKT pada catatan sebelum menyelesaikan langkah ini."
)
FORMS_NOT_SUBMITTED = _("Formulir RKT belum dikirim oleh: %(units)s.")
NO_FORMS = _("Belum ada formulir RKT unit untuk dikompilasi.")
FORMS_NOT_ACCEPTED = _("RKT belum dapat dikunci: formulir belum diterima dari %(units)s.")
DOCUMENT_LOCKED = _("RKT ini sudah dikunci dan tidak dapat diubah lagi.")
RUN_NOT_RUNNING = _("Pelaksanaan SOP ini sudah tidak berjalan.")
STEP_NOT_FINISHED_UNSAVED = _(
    "Langkah ini belum diselesaikan karena isian formulir belum dapat disimpan. Perbaiki isian "
    "yang ditandai, lalu tekan tombolnya lagi."
)
