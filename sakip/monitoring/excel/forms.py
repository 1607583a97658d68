"""The upload form of the quarterly template (the checks are the import framework's)."""

from django.utils.translation import gettext_lazy as _

from sakip.core.imports import ExcelUploadForm


class TemplateUploadForm(ExcelUploadForm):
    label = _("Berkas templat yang sudah diisi (.xlsx)")
    help_text = _("Gunakan templat yang diunduh dari halaman ini untuk kiriman ini.")
