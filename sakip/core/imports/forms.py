"""The upload form of every Excel import: one file, size-capped, checked by content."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import messages
from .workbook import ImportFileError, check_upload

if TYPE_CHECKING:
    # Dev-only (django-stubs): the annotations name it, nothing runs it.
    from django_stubs_ext import StrOrPromise

XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExcelUploadForm(forms.Form):
    """A subclass names the file its import expects (``label``, ``help_text``)."""

    label: StrOrPromise = _("Berkas Excel (.xlsx)")
    help_text: StrOrPromise = ""

    file = forms.FileField(
        error_messages={"required": messages.FILE_REQUIRED, "empty": messages.INVALID_FILE},
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": XLSX_ACCEPT}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = self.label
        self.fields["file"].help_text = self.help_text

    @staticmethod
    def max_bytes() -> int:
        # One cap for every import: all are small, text-only workbooks.
        return int(settings.PLAN_IMPORT_MAX_BYTES)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = self.max_bytes()
        if upload.size is not None and upload.size > limit:
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
