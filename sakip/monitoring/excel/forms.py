"""The upload form of the quarterly template."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from sakip.planning.excel.importer import ImportFileError, check_upload

from . import messages


def max_upload_bytes() -> int:
    # The same cap as the plan import: both are small, text-only workbooks.
    return int(settings.PLAN_IMPORT_MAX_BYTES)


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas templat yang sudah diisi (.xlsx)"),
        help_text=_("Gunakan templat yang diunduh dari halaman ini untuk kiriman ini."),
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
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                messages.FILE_TOO_LARGE
                % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
                code="too_large",
            )
        try:
            # By content, not by name: a PDF or a text file named .xlsx is refused here.
            check_upload(upload)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        return upload
