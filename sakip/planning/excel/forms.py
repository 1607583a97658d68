"""The upload form of the plan import."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import messages
from .importer import ImportFileError, check_upload


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel (.xlsx)"),
        help_text=_("Gunakan berkas hasil Ekspor Excel (lembar Indikator), lalu ubah isinya."),
        error_messages={"required": messages.FILE_REQUIRED, "empty": messages.INVALID_FILE},
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        limit = settings.PLAN_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                messages.FILE_TOO_LARGE
                % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
                code="too_large",
            )
        try:
            check_upload(upload)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        return upload
