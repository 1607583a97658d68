"""The upload form of the plan import (the checks are the import framework's)."""

from django.utils.translation import gettext_lazy as _

from sakip.core.imports import ExcelUploadForm


class ImportUploadForm(ExcelUploadForm):
    label = _("Berkas Excel (.xlsx)")
    help_text = _("Gunakan berkas hasil Ekspor Excel (lembar Indikator), lalu ubah isinya.")
