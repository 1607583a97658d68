"""Forms of runs and tasks: parsing and showing only; the rules live in engine.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Urgency
from .engine import validate_task_file


class ServiceErrorsMixin:
    """Put a service's ValidationError onto the fields it names, the rest on top."""

    # The engine's error keys that are called differently in the form.
    service_field_names: dict[str, str] = {"files": "output_files"}

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                name = self.service_field_names.get(name, name)
                field = name if name in self.fields else None  # type: ignore[attr-defined]
                for message in errors:
                    self.add_error(field, message)  # type: ignore[attr-defined]
        else:
            for message in error.messages:
                self.add_error(None, message)  # type: ignore[attr-defined]


class RunStartForm(ServiceErrorsMixin, forms.Form):
    """The disposition that starts a run (DOMAIN.md §2 "Disposisi")."""

    title = forms.CharField(
        label=_("Judul pelaksanaan"),
        max_length=250,
        help_text=_("mis. Penyusunan RKT 2027"),
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    disposition_to = forms.CharField(
        label=_("Diteruskan kepada"),
        max_length=250,
        help_text=_("Kepada siapa disposisi ditujukan, mis. Kasubag Umum dan Kepegawaian."),
    )
    instruction = forms.CharField(
        label=_("Isi disposisi"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgency = forms.ChoiceField(label=_("Sifat"), choices=Urgency.choices)
    disposition_date = forms.DateField(
        label=_("Tanggal disposisi"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.fields["disposition_date"].initial = timezone.localdate()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several output files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class TaskCompleteForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    output_files = MultipleFileField(
        label=_("Berkas keluaran"),
        required=False,
        help_text=_(
            "PDF, gambar, atau berkas Office (Word, Excel, PowerPoint); boleh lebih dari satu."
        ),
        widget=MultipleFileInput(
            attrs={
                "class": "form-control",
                "accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,"
                ".odt,.ods,.odp",
            }
        ),
    )

    def clean_output_files(self) -> list[Any]:
        files = self.cleaned_data.get("output_files") or []
        errors = []
        for upload in files:
            try:
                validate_task_file(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


class TaskReturnForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("Catatan perbaikan"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Tuliskan apa yang harus diperbaiki; catatan ini dikirim ke unit."),
        error_messages={"required": _("Catatan wajib diisi saat mengembalikan.")},
    )
